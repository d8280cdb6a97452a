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
mod requests;
mod store;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

pub use catalog::{file as catalog_file, Catalog, CustomField, User};
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
    /// Lifetime of granted access tokens, in seconds (real servers: 2 h–48 h).
    pub token_ttl_secs: i64,
    /// Names that exist on this "instance": categories, users, ...
    pub catalog: Catalog,
    /// A file served at `/config.json` instead of the one in `dist`.
    pub form_config: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            data: DataLocation::Memory,
            dist: None,
            token_ttl_secs: 43_199,
            catalog: Catalog::demo(),
            form_config: None,
        }
    }
}

/// Shared by every handler.
pub(crate) struct AppState {
    pub store: Store,
    pub catalog: Catalog,
    pub token_ttl_secs: i64,
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
    });
    let api = Router::new()
        .route("/api/oauth/token", post(auth::token))
        .route("/api/v1/request", post(requests::create))
        .route("/api/v1/request/{id}", get(requests::read))
        .with_state(state.clone());
    let api = match options.form_config {
        Some(file) => api.route_service("/config.json", ServeFile::new(file)),
        None => api,
    };
    let router = match options.dist {
        Some(dist) => api.fallback_service(ServeDir::new(dist)),
        None => api,
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
    axum::serve(listener, app)
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
    /// The bodies of the create calls the server accepted, oldest first,
    /// exactly as they arrived.
    pub fn received(&self) -> Vec<serde_json::Value> {
        self.state.store.received().unwrap_or_default()
    }
}

/// Starts a sandbox on a free loopback port in the background (for tests).
pub async fn spawn(options: Options) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (app, state) = build(options).map_err(std::io::Error::other)?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Running {
        base: format!("http://{address}"),
        state,
    })
}
