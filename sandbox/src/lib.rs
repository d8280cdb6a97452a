//! A ServiceOps-compatible server for the demo and the tests: the token
//! grant, create and read requests, and the static portal from one origin.
//! It validates like a strict real server and answers errors the way the
//! real one does (`shared/spec/serviceops-api.md`).

// Handlers return the error answer itself (`Result<_, Response>`); boxing it
// would only add noise to a test server.
#![allow(clippy::result_large_err)]

mod answer;
mod auth;
mod catalog;
mod conversations;
mod faults;
mod files;
mod requests;
mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

pub use catalog::{file as catalog_file, Catalog, CustomField, User};
pub use faults::Fault;
pub use store::{Store, StoreError};

/// Where the sandbox keeps its data.
#[derive(Clone, Debug)]
pub enum DataLocation {
    /// A SQLite file that survives restarts.
    File(PathBuf),
    /// Gone when the process ends (tests).
    Memory,
}

/// How a sandbox is set up.
#[derive(Clone, Debug)]
pub struct Options {
    pub data: DataLocation,
    /// A directory served at `/` (the built portal), if any.
    pub dist: Option<PathBuf>,
    /// Serve `dist` under this path (e.g. `/support`) instead of at `/`.
    pub dist_prefix: Option<String>,
    /// Lifetime of granted access tokens, in seconds (real servers: 2 h–48 h).
    pub token_ttl_secs: i64,
    /// Names that exist on this "instance": categories, users, ...
    pub catalog: Catalog,
    /// A file served at `/config.json` instead of the one in `dist`.
    pub form_config: Option<PathBuf>,
    /// Largest accepted upload; larger ones get a 413.
    pub max_upload_bytes: u64,
    /// Read uploads no faster than this (a slow link), if set.
    pub upload_bytes_per_sec: Option<u64>,
    /// Origins allowed to call the API from a browser (CORS); `*` for any.
    pub allowed_origins: Vec<String>,
    /// Enables `POST /__sandbox/faults` (loopback callers only).
    pub fault_control: bool,
    /// Extra pages served as HTML: `(path, content)` (tests' host pages).
    pub pages: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            data: DataLocation::Memory,
            dist: None,
            dist_prefix: None,
            token_ttl_secs: 43_199,
            catalog: Catalog::demo(),
            form_config: None,
            max_upload_bytes: 25 * 1024 * 1024,
            upload_bytes_per_sec: None,
            allowed_origins: Vec::new(),
            fault_control: false,
            pages: Vec::new(),
        }
    }
}

/// Shared by every handler.
pub(crate) struct AppState {
    pub store: Store,
    pub catalog: Catalog,
    pub token_ttl_secs: i64,
    pub files_dir: PathBuf,
    pub max_upload_bytes: u64,
    pub upload_bytes_per_sec: Option<u64>,
    /// Scripted answers for the next calls of each route.
    pub faults: faults::Faults,
}

/// `POST /__sandbox/faults` `{"route": "create", "answers": [{"status": 503}, …]}`:
/// scripts the next answers of a route. Loopback callers only.
async fn script_faults(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    axum::Json(script): axum::Json<faults::Script>,
) -> axum::http::StatusCode {
    if !peer.ip().is_loopback() {
        return axum::http::StatusCode::FORBIDDEN;
    }
    state.faults.push(&script.route, script.answers);
    axum::http::StatusCode::NO_CONTENT
}

/// Scripted answers for files of the bundle: route `file:<name>` (e.g.
/// `file:split_app.wasm`), so tests can make a part load slowly or fail.
async fn file_faults(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let name = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    match state.faults.take(&format!("file:{name}")).await {
        Some(fault) => faults::answer(fault).await,
        None => next.run(request).await,
    }
}

/// Where uploaded files go: beside the data file, or a fresh temporary
/// directory for in-memory data.
fn files_dir(data: &DataLocation) -> std::io::Result<PathBuf> {
    static INSTANCE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = match data {
        DataLocation::File(path) => path.with_extension("files"),
        DataLocation::Memory => std::env::temp_dir().join(format!(
            "sandbox-files-{}-{}",
            std::process::id(),
            INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        )),
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| origin.parse::<HeaderValue>().ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::PATCH])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
    )
}

/// The sandbox's routes, ready to serve.
pub fn router(options: Options) -> Result<Router, StoreError> {
    build(options).map(|(router, _)| router)
}

fn build(options: Options) -> Result<(Router, Arc<AppState>), StoreError> {
    let store = match &options.data {
        DataLocation::File(path) => Store::open(path)?,
        DataLocation::Memory => Store::in_memory()?,
    };
    store.seed()?;
    let state = Arc::new(AppState {
        store,
        catalog: options.catalog,
        token_ttl_secs: options.token_ttl_secs,
        files_dir: files_dir(&options.data).map_err(|error| StoreError::from_io(&error))?,
        max_upload_bytes: options.max_upload_bytes,
        upload_bytes_per_sec: options.upload_bytes_per_sec,
        faults: faults::Faults::default(),
    });
    let api = Router::new()
        .route("/api/oauth/token", post(auth::token))
        .route("/api/v1/request", post(requests::create))
        .route("/api/v1/request/{id}", get(requests::read))
        .route("/api/v1/request/search/byqual", post(requests::search))
        .route(
            "/api/v1/request/{id}/conversation",
            post(conversations::create),
        )
        .route(
            "/api/v1/request/{id}/conversation/search/byqual",
            post(conversations::search),
        )
        .route(
            "/api/oprfile",
            post(files::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/oprfile/{reference}", get(files::download));
    let api = if options.fault_control {
        api.route("/__sandbox/faults", post(script_faults))
    } else {
        api
    };
    let api = api.with_state(state.clone());
    let api = match options.form_config {
        Some(file) => api.route_service("/config.json", ServeFile::new(file)),
        None => api,
    };
    let api = options.pages.into_iter().fold(api, |api, (path, html)| {
        api.route(
            &path,
            get(move || async move { axum::response::Html(html) }),
        )
    });
    // Files compressed ahead of time (`x.wasm.br` beside `x.wasm`) are
    // served to browsers that accept them, as a CDN or a tuned static host
    // would; without them the files go out as they are.
    let files = |dist| ServeDir::new(dist).precompressed_br().precompressed_gzip();
    let router = match (options.dist, options.dist_prefix) {
        (Some(dist), Some(prefix)) => api.nest_service(&prefix, files(dist)),
        (Some(dist), None) => api.fallback_service(files(dist)),
        (None, _) => api,
    };
    let router = router.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        file_faults,
    ));
    // CORS for the API and the bundle alike: a page may load the form from
    // another origin (a CDN) as well as talk to a desk on another origin.
    let router = match cors(&options.allowed_origins) {
        Some(layer) => router.layer(layer),
        None => router,
    };
    Ok((router, state))
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: Options,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(options).map_err(std::io::Error::other)?;
    if let Ok(address) = listener.local_addr() {
        println!("sandbox: listening on http://{address}");
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// A sandbox running in the background of a test.
pub struct Running {
    /// `http://127.0.0.1:<port>`
    pub base: String,
    state: Arc<AppState>,
}

impl Running {
    /// Makes the next calls of `route` ("upload" or "create") answer with
    /// these statuses, one call each, before behaving normally again.
    pub fn fail_next(&self, route: &str, statuses: &[u16]) {
        self.script(
            route,
            statuses.iter().map(|status| Fault {
                status: Some(*status),
                ..Fault::default()
            }),
        );
    }

    /// Scripts the next answers of `route` (`token`, `create`, `read`,
    /// `upload`), one call each.
    pub fn script(&self, route: &str, faults: impl IntoIterator<Item = Fault>) {
        self.state.faults.push(route, faults);
    }

    /// How many calls `route` has had so far, answered or not yet (a
    /// create call that is on the wire counts).
    pub fn calls(&self, route: &str) -> usize {
        self.state.faults.calls(route)
    }

    /// Every stored ticket, oldest first.
    pub fn tickets(&self) -> Vec<serde_json::Value> {
        self.state.store.tickets().unwrap_or_default()
    }

    /// The conversations of ticket `id` as stored, oldest first.
    pub fn comments(&self, id: i64) -> Vec<serde_json::Value> {
        self.state
            .store
            .conversations(id, false)
            .unwrap_or_default()
    }

    /// The bodies of the conversation calls on ticket `id` the server
    /// accepted, oldest first, exactly as they arrived.
    pub fn received_comments(&self, id: i64) -> Vec<serde_json::Value> {
        self.state.store.conversations(id, true).unwrap_or_default()
    }

    /// Stores a ticket as if `requester` had sent `{"subject": subject}`
    /// (tests that need many tickets, or someone else's).
    pub fn add_ticket(&self, requester: &str, subject: &str) -> serde_json::Value {
        let body = serde_json::json!({"subject": subject, "requesterEmail": requester});
        let fields = match &body {
            serde_json::Value::Object(fields) => fields.clone(),
            _ => serde_json::Map::new(),
        };
        let fields = requests::with_server_defaults(fields, &self.state.catalog);
        self.state
            .store
            .create_ticket(body.to_string().as_bytes(), fields, requester)
            .unwrap_or_default()
    }

    /// Moves ticket `id` to another requester (who then alone may see it,
    /// with technicians).
    pub fn reassign(&self, id: i64, email: &str) {
        let _ = self.state.store.reassign(id, email);
    }

    /// The bodies of the create calls the server accepted, oldest first,
    /// exactly as they arrived.
    pub fn received(&self) -> Vec<serde_json::Value> {
        self.state.store.received().unwrap_or_default()
    }
}

/// A listener on a port no sandbox of this process has served from: a
/// browser kept from one test for the next keeps each origin's storage
/// (drafts, sessions), which a sandbox on a port used before would inherit.
async fn fresh_listener() -> std::io::Result<tokio::net::TcpListener> {
    static USED: std::sync::Mutex<std::collections::BTreeSet<u16>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    // Ports found used stay bound until a fresh one is found, so the
    // system hands out another each time.
    let mut taken = Vec::new();
    loop {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let fresh = USED.lock().map_or(true, |mut used| used.insert(port));
        if fresh {
            return Ok(listener);
        }
        taken.push(listener);
    }
}

/// Starts a sandbox on a free loopback port in the background (for tests).
pub async fn spawn(options: Options) -> std::io::Result<Running> {
    let listener = fresh_listener().await?;
    let address = listener.local_addr()?;
    let (app, state) = build(options).map_err(std::io::Error::other)?;
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Ok(Running {
        base: format!("http://{address}"),
        state,
    })
}
