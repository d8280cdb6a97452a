//! A real browser (headless Chromium through chromedriver) on the release
//! bundle, served with the API by an in-process sandbox on 127.0.0.1.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// The WebDriver server and the browser it starts, in a process group of
/// their own so that a test that fails half-way still leaves no browser
/// behind. A small shell leads the group: it ends the group when its stdin
/// (held here) closes, so a browser kept for the next test (see `IDLE`)
/// goes too when the test binary exits.
pub struct Driver {
    _group: ProcessGroup,
    port: u16,
    /// The browser window's size when it was new.
    size: Option<(u32, u32)>,
    _lifeline: Option<std::process::ChildStdin>,
}

/// A child started with `process_group(0)`: it and everything it started
/// are killed when this is dropped, however the test ends.
pub struct ProcessGroup(pub std::process::Child);

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &group])
            .status();
        let _ = self.0.wait();
    }
}

/// A browser a finished test left, reset, for the next test: starting
/// Chromium or Firefox is most of a test's time on two cores. Each test
/// still starts in a new tab on its own sandbox, on a port (an origin) of
/// its own, so nothing stored, cached or locked is shared.
struct Idle {
    driver: Driver,
    session: String,
}

static IDLE: std::sync::Mutex<Vec<Idle>> = std::sync::Mutex::new(Vec::new());

/// One test's world: a sandbox with the portal, and a browser on it.
pub struct Portal {
    pub browser: Client,
    pub base: String,
    pub sandbox: sandbox::Running,
    _driver: Driver,
}

static FILES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A fresh temporary path whose file name ends with `name`.
pub fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "srf-e2e-{}-{}",
        std::process::id(),
        FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Select all, then delete: what a person does to replace a field's text.
const SELECT_ALL_AND_DELETE: &str = "\u{E009}a\u{E000}\u{E003}";

/// `act` on the control `field` finds (labelled `label`); again on the one
/// it finds next if the app's take-over from the first screen made the
/// first go stale under our hands.
async fn on_field<F, A, T>(field: impl Fn() -> F, label: &str, act: impl Fn(Element) -> A) -> T
where
    F: Future<Output = Element>,
    A: Future<Output = Result<T, fantoccini::error::CmdError>>,
{
    for _ in 0..5 {
        if let Ok(done) = act(field().await).await {
            return done;
        }
    }
    panic!("could not use the field labelled {label}");
}

/// Picks `paths` in the file input `field` finds, as the file picker would.
async fn pick_files<F: Future<Output = Element>>(
    field: impl Fn() -> F,
    label: &str,
    paths: &[impl AsRef<Path>],
) {
    let list: Vec<String> = paths
        .iter()
        .map(|path| path.as_ref().display().to_string())
        .collect();
    let list = list.join("\n");
    on_field(field, label, |input| {
        let list = list.clone();
        async move { input.send_keys(&list).await }
    })
    .await;
}

/// Replaces the text of the control `field` finds by typing, as a person
/// does, so the page sees real input events.
async fn fill_field<F: Future<Output = Element>>(field: impl Fn() -> F, label: &str, text: &str) {
    on_field(field, label, |control| async move {
        control.send_keys(SELECT_ALL_AND_DELETE).await?;
        control.send_keys(text).await
    })
    .await;
}

/// The value of the control `field` finds.
async fn field_value<F: Future<Output = Element>>(field: impl Fn() -> F, label: &str) -> String {
    on_field(field, label, |control| async move {
        control.prop("value").await
    })
    .await
    .unwrap_or_default()
}

/// A fresh temporary file named `name` holding `contents`.
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = temp_path(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// A config file: `config` is a path relative to the project, or JSON text.
pub fn config_file(config: &str) -> PathBuf {
    if config.trim_start().starts_with('{') {
        temp_file("config.json", config)
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(config)
    }
}

pub fn dist() -> PathBuf {
    built("SRF_DIST", "dist", "index.html", "`cargo xtask dist`")
}

/// The folder `variable` names (else `default` in the project) once it
/// holds `file`: what `how` builds, which `cargo xtask test` runs first.
pub fn built(variable: &str, default: &str, file: &str, how: &str) -> PathBuf {
    let dir = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default));
    assert!(
        dir.join(file).exists(),
        "no {file} in {}: run {how} (cargo xtask test does)",
        dir.display()
    );
    dir
}

/// The browser engine the tests drive: `SRF_BROWSER=firefox` for Firefox
/// (geckodriver), Chromium (chromedriver) otherwise. The tests are the
/// same; where WebDriver differs between them, this harness hides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
}

pub fn engine() -> Engine {
    match std::env::var("SRF_BROWSER").as_deref() {
        Ok("firefox") => Engine::Firefox,
        _ => Engine::Chromium,
    }
}

/// The first program of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Starts the engine's WebDriver server on a port the system picks (no
/// race with another test for a free port) and returns it with the port
/// it reports. A driver that exits before reporting a port (chromedriver
/// does, now and then, on a loaded 2-core machine) is started again, up
/// to three times; the third failure fails the test.
fn start_driver() -> (Driver, u16) {
    let mut attempt = 1;
    loop {
        match try_start_driver() {
            Ok(started) => return started,
            Err(why) if attempt < 3 => {
                eprintln!("WebDriver server start {attempt} failed ({why}); starting it again");
                attempt += 1;
            }
            Err(why) => panic!("the WebDriver server reports its port: {why}"),
        }
    }
}

fn try_start_driver() -> Result<(Driver, u16), String> {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    let driver: &[&str] = match engine() {
        Engine::Chromium => &["chromedriver", "--port=0"],
        Engine::Firefox => &["geckodriver", "--port", "0", "--websocket-port", "0"],
    };
    let mut child = std::process::Command::new("sh")
        .args(["-c", "\"$0\" \"$@\" & read _; kill -KILL 0"])
        .args(driver)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .expect("the WebDriver server is on PATH (cargo xtask setup installs it)");
    let stdout = child.stdout.take().expect("piped");
    let (found, port) = std::sync::mpsc::channel();
    // Keeps reading the driver's log, so it never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut found = Some(found);
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            // "...started successfully on port 41235." / "Listening on 127.0.0.1:36851"
            let reported = line
                .split_once("on port ")
                .map(|(_, rest)| rest.trim_end_matches('.'))
                .or_else(|| {
                    line.split_once("Listening on 127.0.0.1:")
                        .map(|(_, rest)| rest)
                })
                .and_then(|port| port.trim().parse::<u16>().ok())
                // "Starting ChromeDriver ... on port 0" comes first.
                .filter(|port| *port != 0);
            if let (Some(port), Some(sender)) = (reported, found.as_ref()) {
                let _ = sender.send(port);
                found = None;
            }
        }
    });
    let lifeline = child.stdin.take();
    let mut driver = Driver {
        _group: ProcessGroup(child),
        port: 0,
        size: None,
        _lifeline: lifeline,
    };
    match port.recv_timeout(Duration::from_secs(30)) {
        Ok(port) => {
            driver.port = port;
            Ok((driver, port))
        }
        Err(why) => Err(format!("{why}")),
    }
}

/// A fresh headless browser (a new profile: nothing cached or stored).
pub async fn start_browser() -> (Client, Driver) {
    start_browser_with(json!({})).await
}

/// A fresh headless browser with these capabilities too (for instance
/// `pageLoadStrategy`).
pub async fn start_browser_with(extra: Value) -> (Client, Driver) {
    let (driver, port) = start_driver();
    let mut capabilities = match engine() {
        Engine::Chromium => json!({
            "goog:chromeOptions": {
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update",
                         "--no-first-run", "--disable-sync", "--window-size=1200,1000",
                         // Take a screenshot: the tab is shared without a prompt.
                         "--auto-accept-this-tab-capture", "--use-fake-ui-for-media-stream",
                         "--use-fake-device-for-media-stream"]
            }
        }),
        Engine::Firefox => {
            let binary = on_path(&["firefox-esr", "firefox"])
                .expect("Firefox is on PATH (cargo xtask setup installs it)");
            json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": binary,
                    "args": ["-headless", "--width=1200", "--height=1000"],
                    "prefs": {
                        "app.update.auto": false,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "network.captive-portal-service.enabled": false,
                        "network.connectivity-service.enabled": false,
                        // One content process, none started ahead: on two
                        // cores, each extra process is CPU the tests wait for.
                        "fission.autostart": false,
                        "dom.ipc.processCount": 1,
                        "dom.ipc.processPrelaunch.enabled": false
                    }
                }
            })
        }
    };
    if let (Some(all), Value::Object(extra)) = (capabilities.as_object_mut(), extra) {
        all.extend(extra);
    }
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut last_error = String::new();
    for _ in 0..100 {
        match ClientBuilder::new(connector.clone())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return (client, driver),
            Err(error) => last_error = error.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the browser did not start: {last_error}");
}

/// A browser a previous test left, or a new one.
async fn browser_for_a_test() -> (Client, Driver) {
    loop {
        let idle = IDLE.lock().ok().and_then(|mut idle| idle.pop());
        let Some(Idle { driver, session }) = idle else {
            let (browser, mut driver) = start_browser().await;
            if let Ok((_, _, width, height)) = browser.get_window_rect().await {
                driver.size = Some((width as u32, height as u32));
            }
            return (browser, driver);
        };
        let Some(size) = driver.size else {
            continue;
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{}", driver.port);
        let Ok(browser) = Client::with_existing_session(&url, &session, connector).await else {
            continue;
        };
        if fresh_tab(&browser, size).await.is_ok() {
            return (browser, driver);
        }
    }
}

/// A new tab of `size`, every other tab closed: no page, history, timers
/// or emulation of the last test is left.
async fn fresh_tab(browser: &Client, size: (u32, u32)) -> Result<(), fantoccini::error::CmdError> {
    let fresh = browser.new_window(true).await?.handle;
    for handle in browser.windows().await? {
        if handle != fresh {
            browser.switch_to_window(handle).await?;
            browser.close_window().await?;
        }
    }
    browser.switch_to_window(fresh).await?;
    browser.set_window_size(size.0, size.1).await
}

async fn keep_for_the_next_test(browser: Client, driver: Driver) {
    let kept = async {
        let session = browser.session_id().await.ok()??;
        // The finished test's page stops (its timers and requests) while
        // the browser waits.
        browser.goto("about:blank").await.ok()?;
        Some(session)
    };
    let Some(session) = kept.await else {
        return;
    };
    // The session outlives this client; the next test connects to it.
    browser.persist().await.ok();
    drop(browser);
    if let Ok(mut idle) = IDLE.lock() {
        idle.push(Idle { driver, session });
    }
}

impl Portal {
    /// A fresh sandbox (in memory) serving the portal, with the browser on it.
    pub async fn open() -> Self {
        Self::open_with(sandbox::Options::default()).await
    }

    /// The portal with `config` (a path relative to the project, or JSON
    /// text) served as its `config.json`.
    pub async fn open_with_config(config: &str) -> Self {
        Self::open_with(sandbox::Options {
            form_config: Some(config_file(config)),
            ..sandbox::Options::default()
        })
        .await
    }

    pub async fn open_with(options: sandbox::Options) -> Self {
        Self::open_at(options, "/").await
    }

    /// A sandbox serving the bundle, with the browser on `path`.
    pub async fn open_at(options: sandbox::Options, path: &str) -> Self {
        Self::open_bundle(dist(), options, path).await
    }

    /// A sandbox serving the bundle whose `held` files (`file:…` routes)
    /// answer `hold_ms` late.
    pub async fn holding(
        options: sandbox::Options,
        held: &[&str],
        hold_ms: u64,
    ) -> sandbox::Running {
        let sandbox = sandbox::spawn(sandbox::Options {
            dist: Some(dist()),
            ..options
        })
        .await
        .unwrap();
        for file in held {
            sandbox.script(file, [sandbox::Fault::late(hold_ms)]);
        }
        sandbox
    }

    /// A fresh browser on `url` that does not wait for the page to load:
    /// the test acts on the page before its script has arrived. End the
    /// test with [`Portal::quit`] (the browser is not kept for the next).
    pub async fn before_the_script(sandbox: sandbox::Running, url: &str) -> Self {
        let (browser, driver) = start_browser_with(json!({"pageLoadStrategy": "none"})).await;
        browser.goto(url).await.unwrap();
        Portal {
            browser,
            base: sandbox.base.clone(),
            sandbox,
            _driver: driver,
        }
    }

    /// Ends a test whose browser is not kept.
    pub async fn quit(self) {
        let _ = self.browser.close().await;
    }

    /// The browser on `url`, served by something else, with `sandbox` for
    /// the API.
    pub async fn open_url(sandbox: sandbox::Running, url: &str) -> Self {
        let (browser, driver) = browser_for_a_test().await;
        browser.goto(url).await.unwrap();
        Portal {
            browser,
            base: sandbox.base.clone(),
            sandbox,
            _driver: driver,
        }
    }

    /// A sandbox serving the pages in `bundle`, with the browser on `path`.
    pub async fn open_bundle(bundle: PathBuf, options: sandbox::Options, path: &str) -> Self {
        let sandbox = sandbox::spawn(sandbox::Options {
            dist: Some(bundle),
            ..options
        })
        .await
        .unwrap();
        let base = sandbox.base.clone();
        let (browser, driver) = browser_for_a_test().await;
        browser.goto(&format!("{base}{path}")).await.unwrap();
        Portal {
            browser,
            base,
            sandbox,
            _driver: driver,
        }
    }

    /// Picks `paths` in the file input labelled `label`.
    pub async fn pick(&self, label: &str, paths: &[impl AsRef<Path>]) {
        pick_files(|| self.field(label), label, paths).await;
    }

    /// The control whose visible label starts with `label`. Forms are
    /// replaced at times (the app taking over from the first screen, another
    /// person signing in): a label that goes stale under our hands is
    /// looked up again.
    pub async fn field(&self, label: &str) -> Element {
        let xpath = format!(
            "//label[starts-with(normalize-space(.), '{label}')][not(ancestor-or-self::*[@hidden])]"
        );
        for _ in 0..50 {
            let Ok(label_element) = self
                .browser
                .wait()
                .for_element(Locator::XPath(&xpath))
                .await
            else {
                continue;
            };
            let Ok(Some(id)) = label_element.attr("for").await else {
                continue;
            };
            if let Ok(control) = self.browser.find(Locator::Id(&id)).await {
                return control;
            }
        }
        panic!("no field labelled {label}");
    }

    /// Replaces the field's text by typing, as a person does (select all,
    /// delete, type), so the page sees real input events.
    pub async fn fill(&self, label: &str, text: &str) {
        fill_field(|| self.field(label), label, text).await;
    }

    /// Types into a field without clearing it first (chip inputs, where
    /// Backspace in the empty input removes the last chip).
    pub async fn type_keys(&self, label: &str, keys: &str) {
        self.field(label).await.send_keys(keys).await.unwrap();
    }

    pub async fn value(&self, label: &str) -> String {
        field_value(|| self.field(label), label).await
    }

    pub async fn button(&self, text: &str) -> Element {
        let xpath = format!(
            "//button[normalize-space(.)='{text}' or @aria-label='{text}'][not(ancestor-or-self::*[@hidden])]"
        );
        self.browser
            .wait()
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap()
    }

    pub async fn click(&self, text: &str) {
        for _ in 0..5 {
            if self.button(text).await.click().await.is_ok() {
                return;
            }
        }
        panic!("could not click {text}");
    }

    /// Presses `keys` on whatever has focus, as a keyboard does: no element
    /// is named, so keys reach a control the app put in place of the one
    /// focused. Shift, Control, Alt and Meta stay held to the end of `keys`,
    /// as in WebDriver's typing.
    pub async fn press(&self, keys: &str) {
        let modifiers = [Key::Shift, Key::Control, Key::Alt, Key::Meta].map(char::from);
        let mut actions = KeyActions::new("keyboard".into());
        let mut held = Vec::new();
        for key in keys.chars() {
            actions = actions.then(KeyAction::Down { value: key });
            if modifiers.contains(&key) {
                held.push(key);
            } else {
                actions = actions.then(KeyAction::Up { value: key });
            }
        }
        for key in held.into_iter().rev() {
            actions = actions.then(KeyAction::Up { value: key });
        }
        self.browser.perform_actions(actions).await.unwrap();
    }

    /// Waits until some element matching `css` has text satisfying `check`,
    /// and returns that text. Up to 30 s: a send that is retried after an
    /// ambiguous failure waits out its backoff, longer on a busy machine.
    pub async fn wait_for_text(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        for _ in 0..300 {
            if let Ok(elements) = self.browser.find_all(Locator::Css(css)).await {
                for element in elements {
                    if let Ok(text) = element.text().await {
                        if check(&text) {
                            return text;
                        }
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {css} with the expected text appeared");
    }

    /// Waits for the ticket card and returns its number (`INC-…`).
    pub async fn ticket_number(&self) -> String {
        self.wait_for_text(".srf-ticket-number", |t| t.starts_with("INC-"))
            .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) {
        self.fill("Email", email).await;
        self.fill("Password", password).await;
        self.click("Sign in").await;
    }

    /// An access token for direct API checks.
    pub async fn api_token(&self) -> String {
        token_for(&self.base).await
    }

    /// The form rendered by the `n`-th element matching `css` (inside its
    /// shadow root).
    pub async fn shadow_form(&self, css: &str) -> ShadowForm {
        let host = self
            .browser
            .wait()
            .for_element(Locator::Css(css))
            .await
            .unwrap();
        ShadowForm { host }
    }
}

/// What `cargo xtask snippet` prints for `args`.
pub fn snippet(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--locked",
            "--package",
            "xtask",
            "--",
            "snippet",
        ])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo xtask snippet: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A token from the sandbox at `base` for demo@example.com.
pub async fn token_for(base: &str) -> String {
    token_as(base, "demo@example.com", "demo").await
}

/// A token from the sandbox at `base` for `user`.
pub async fn token_as(base: &str, user: &str, password: &str) -> String {
    let answer: Value = reqwest::Client::new()
        .post(format!("{base}/api/oauth/token"))
        .basic_auth("support-portal", Some("portal-secret"))
        .form(&[
            ("grant_type", "password"),
            ("username", user),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

/// A form inside a `<support-request-form>` (or `mount()`) shadow root,
/// driven by its visible labels like the light-DOM portal.
pub struct ShadowForm {
    pub host: Element,
}

impl ShadowForm {
    /// The shadow root, once the module has defined the element.
    async fn root(&self) -> Option<fantoccini::elements::ShadowRoot> {
        self.host.shadow_root().await.ok()
    }

    /// Picks `paths` in the file input labelled `label`.
    pub async fn pick(&self, label: &str, paths: &[impl AsRef<Path>]) {
        pick_files(|| self.field(label), label, paths).await;
    }

    /// The control whose visible label starts with `label`. The app takes
    /// over from the first screen with the same markup: a label that goes
    /// stale under our hands is looked up again.
    pub async fn field(&self, label: &str) -> Element {
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let Some(root) = self.root().await else {
                continue;
            };
            for candidate in root
                .find_all(Locator::Css("label"))
                .await
                .unwrap_or_default()
            {
                let text = candidate.text().await.unwrap_or_default();
                if !text.trim().starts_with(label) {
                    continue;
                }
                let Ok(Some(id)) = candidate.attr("for").await else {
                    break;
                };
                if let Ok(control) = root.find(Locator::Css(&format!("[id='{id}']"))).await {
                    return control;
                }
            }
        }
        panic!("no field labelled {label} in the shadow root");
    }

    /// Replaces the field's text by typing, as a person does.
    pub async fn fill(&self, label: &str, text: &str) {
        fill_field(|| self.field(label), label, text).await;
    }

    pub async fn click(&self, text: &str) {
        for _ in 0..200 {
            let Some(root) = self.root().await else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            for button in root
                .find_all(Locator::Css("button"))
                .await
                .unwrap_or_default()
            {
                if button.text().await.unwrap_or_default().trim() == text
                    && button.click().await.is_ok()
                {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no button {text} in the shadow root");
    }

    /// Waits for the ticket card and returns its number (`INC-…`).
    pub async fn ticket_number(&self) -> String {
        self.wait_for_text(".srf-ticket-number", |t| t.starts_with("INC-"))
            .await
    }

    /// The current value of the field labelled `label`.
    pub async fn value(&self, label: &str) -> String {
        field_value(|| self.field(label), label).await
    }

    /// The texts of the elements matching `css` in the shadow root now.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let Some(root) = self.root().await else {
            return Vec::new();
        };
        let mut texts = Vec::new();
        for element in root.find_all(Locator::Css(css)).await.unwrap_or_default() {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    /// Waits for an element matching `css` whose text satisfies `check`.
    pub async fn wait_for_text(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        for _ in 0..200 {
            let Some(root) = self.root().await else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            for element in root.find_all(Locator::Css(css)).await.unwrap_or_default() {
                let text = element.text().await.unwrap_or_default();
                if check(&text) {
                    return text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {css} with the expected text appeared in the shadow root");
    }
}

impl Portal {
    /// The bytes of an uploaded file, as the sandbox serves them back.
    pub async fn download(&self, reference: &str) -> Vec<u8> {
        let response = reqwest::Client::new()
            .get(format!("{}/api/oprfile/{reference}", self.base))
            .bearer_auth(self.api_token().await)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "download {reference}: {}",
            response.status()
        );
        response.bytes().await.unwrap().to_vec()
    }

    /// The text of each row of the attachments list.
    pub async fn file_rows(&self) -> Vec<String> {
        let rows = self
            .browser
            .find_all(Locator::Css(".srf-file"))
            .await
            .unwrap();
        let mut texts = Vec::new();
        for row in rows {
            texts.push(row.text().await.unwrap_or_default());
        }
        texts
    }

    /// Waits until the attachments list satisfies `check`.
    pub async fn wait_for_files(
        &self,
        what: &str,
        check: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        for _ in 0..150 {
            let rows = self.file_rows().await;
            if check(&rows) {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "attachments never showed {what}: {:?}",
            self.file_rows().await
        );
    }

    /// The ticket as the sandbox stored it.
    pub async fn stored_ticket(&self, id: i64) -> Value {
        reqwest::Client::new()
            .get(format!("{}/api/v1/request/{id}", self.base))
            .bearer_auth(self.api_token().await)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Ticks the option labelled `option` in the group whose legend is
    /// `legend` (radio buttons and checkbox groups).
    pub async fn choose(&self, legend: &str, option: &str) {
        let xpath = format!(
            "//fieldset[legend[starts-with(normalize-space(.), '{legend}')]]//label[normalize-space(.)='{option}']"
        );
        self.browser
            .find(Locator::XPath(&xpath))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Pastes `text` into a field, as the clipboard would (a synthetic
    /// `paste` event carrying a `DataTransfer`).
    pub async fn paste(&self, label: &str, text: &str) {
        let field = self.field(label).await;
        self.in_page(&field, "target.focus();").await;
        self.dispatch_paste(
            &field,
            &format!("data.setData('text/plain', {});", json!(text)),
        )
        .await;
    }

    /// Dispatches a paste on `element` whose clipboard `fill` fills
    /// (`data`, a DataTransfer). Firefox ignores the `clipboardData` given
    /// to the constructor but gives the event its own writable one, while
    /// Chromium uses the given one: filling `event.clipboardData` works in
    /// both.
    pub async fn dispatch_paste(&self, element: &Element, fill: &str) {
        self.in_page(
            element,
            &format!(
                "const event = new ClipboardEvent('paste', {{clipboardData: new DataTransfer(), bubbles: true, cancelable: true}});
                 const data = event.clipboardData;
                 {fill}
                 target.dispatchEvent(event);"
            ),
        )
        .await;
    }

    /// Runs `code` in the page's realm with `target` bound to `element`:
    /// events made there carry what a real one would (in Firefox an event
    /// made by a WebDriver script keeps its data in the script's sandbox).
    pub async fn in_page(&self, element: &Element, code: &str) {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let mark = NEXT
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .to_string();
        self.browser
            .execute(
                "arguments[0].setAttribute('data-srf-target', arguments[1])",
                vec![serde_json::to_value(element).unwrap(), json!(mark)],
            )
            .await
            .unwrap();
        self.page_script(&format!(
            "(() => {{
                const find = root => root.querySelector('[data-srf-target=\"{mark}\"]')
                    || [...root.querySelectorAll('*')].map(e => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
                const target = find(document);
                target.removeAttribute('data-srf-target');
                {code}
            }})();"
        ))
        .await;
    }

    /// The visible labels (and group legends) of the form, in order.
    pub async fn form_labels(&self) -> Vec<String> {
        let script = "return [...document.querySelectorAll('form.srf-form .srf-fields > .srf-field > label, form.srf-form .srf-fields > fieldset > legend')]
            .map(e => e.firstChild.textContent.trim())";
        let labels = self.browser.execute(script, vec![]).await.unwrap();
        serde_json::from_value(labels).unwrap()
    }

    /// The texts of the chips of a chip field.
    pub async fn chips(&self, label: &str) -> Vec<String> {
        let field = self.field(label).await;
        let script = "return [...arguments[0].closest('.srf-chips').querySelectorAll('.srf-chip-text')].map(e => e.textContent)";
        let chips = self
            .browser
            .execute(script, vec![serde_json::to_value(&field).unwrap()])
            .await
            .unwrap();
        serde_json::from_value(chips).unwrap()
    }

    /// The message shown under a field, if any.
    pub async fn field_error(&self, label: &str) -> Option<String> {
        let field = self.field(label).await;
        let script = "const box = arguments[0].closest('.srf-field');
            const message = box && box.querySelector('.srf-field-error');
            return message && !message.hidden ? message.textContent : null";
        let message = self
            .browser
            .execute(script, vec![serde_json::to_value(&field).unwrap()])
            .await
            .unwrap();
        message.as_str().map(str::to_owned)
    }

    /// Ends the test's use of the browser: reset, it waits for the next test
    /// (a test that panics before this drops its browser instead).
    pub async fn close(self) {
        let Portal {
            browser, _driver, ..
        } = self;
        keep_for_the_next_test(browser, _driver).await;
    }
}

/// Installed in a page: records page errors, unhandled rejections and
/// console errors, and keeps count of what a form may hold on to — live
/// XHRs, object URLs, pending timers and intervals — so a test can prove a
/// removed form let go of everything.
const WATCH: &str = "if (!window.__watch) {
    const watch = window.__watch = {errors: [], xhrs: new Set(), urls: new Set(), timers: new Map(), aborted: 0, sent: 0};
    addEventListener('error', e => watch.errors.push('error: ' + (e.message || e.error)));
    addEventListener('unhandledrejection', e => watch.errors.push('unhandled rejection: ' + e.reason));
    const consoleError = console.error;
    console.error = (...args) => { watch.errors.push('console: ' + args.join(' ')); consoleError.apply(console, args); };
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
        watch.sent++; watch.xhrs.add(this);
        this.addEventListener('loadend', () => watch.xhrs.delete(this));
        return send.apply(this, args);
    };
    const abort = XMLHttpRequest.prototype.abort;
    XMLHttpRequest.prototype.abort = function () { if (watch.xhrs.has(this)) watch.aborted++; return abort.call(this); };
    const createUrl = URL.createObjectURL, revokeUrl = URL.revokeObjectURL;
    URL.createObjectURL = (object) => { const url = createUrl.call(URL, object); watch.urls.add(url); return url; };
    URL.revokeObjectURL = (url) => { watch.urls.delete(url); return revokeUrl.call(URL, url); };
    const [setT, clearT, setI, clearI] = [setTimeout, clearTimeout, setInterval, clearInterval];
    window.setTimeout = function (callback, ms, ...rest) {
        let id;
        const once = typeof callback === 'function' ? function (...args) { watch.timers.delete(id); return callback.apply(this, args); } : callback;
        id = setT.call(window, once, ms, ...rest);
        watch.timers.set(id, 'timeout ' + ms);
        return id;
    };
    window.clearTimeout = (id) => { watch.timers.delete(id); return clearT.call(window, id); };
    window.setInterval = function (callback, ms, ...rest) {
        const id = setI.call(window, callback, ms, ...rest);
        watch.timers.set(id, 'interval ' + ms);
        return id;
    };
    window.clearInterval = (id) => { watch.timers.delete(id); return clearI.call(window, id); };
}";

/// What the page's watch saw (see `WATCH`).
#[derive(Debug, serde::Deserialize)]
pub struct Held {
    pub xhrs: usize,
    pub urls: Vec<String>,
    pub timers: Vec<String>,
    pub locks: usize,
    pub aborted: usize,
    pub sent: usize,
}

impl Held {
    pub fn nothing(&self) -> bool {
        self.xhrs == 0 && self.urls.is_empty() && self.timers.is_empty() && self.locks == 0
    }
}

impl Portal {
    /// Starts watching the page for errors and for what forms hold.
    pub async fn watch(&self) {
        self.browser.execute(WATCH, vec![]).await.unwrap();
    }

    /// Page errors, unhandled rejections and console errors seen so far.
    pub async fn page_errors(&self) -> Vec<String> {
        let errors = self
            .browser
            .execute("return window.__watch.errors", vec![])
            .await
            .unwrap();
        serde_json::from_value(errors).unwrap()
    }

    /// What the page holds now: live XHRs, object URLs, pending timers and
    /// held Web Locks.
    pub async fn held(&self) -> Held {
        let script = "const done = arguments[arguments.length - 1]; const watch = window.__watch;
            navigator.locks.query().then(state => done({xhrs: watch.xhrs.size, urls: [...watch.urls],
                timers: [...watch.timers.values()], locks: state.held.length, aborted: watch.aborted, sent: watch.sent}));";
        let held = self.browser.execute_async(script, vec![]).await.unwrap();
        serde_json::from_value(held).unwrap()
    }

    /// Waits until the page holds nothing, and returns the last reading.
    pub async fn wait_until_nothing_held(&self, what: &str) -> Held {
        for _ in 0..150 {
            let held = self.held().await;
            if held.nothing() {
                return held;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{what}: still held {:?}", self.held().await);
    }

    /// Waits until `script` (the body of a function) returns something
    /// truthy, and returns it.
    pub async fn wait_until(&self, script: &str, what: &str) -> Value {
        for _ in 0..150 {
            let value = self.browser.execute(script, vec![]).await.unwrap();
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited in vain for {what}");
    }

    /// Adds `<support-request-form id=…>` for this sandbox, with a token
    /// its server gives, as an intranet page that signs its users in does.
    pub async fn add_with_token(&self, id: &str) -> ShadowForm {
        let token = token_for(&self.base).await;
        let attributes = json!({"server-url": self.base, "token": token});
        self.add_element(id, attributes, None).await
    }

    /// Adds a `<support-request-form id=…>` to the page's `main` with these
    /// attributes and, if given, the `config` property.
    pub async fn add_element(
        &self,
        id: &str,
        attributes: Value,
        config: Option<Value>,
    ) -> ShadowForm {
        self.browser
            .execute(
                "const [id, attributes, config] = arguments;
                 const element = document.createElement('support-request-form');
                 element.id = id;
                 for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
                 if (config) element.config = config;
                 document.querySelector('main').append(element);",
                vec![json!(id), attributes, config.unwrap_or(Value::Null)],
            )
            .await
            .unwrap();
        self.shadow_form(&format!("#{id}")).await
    }

    /// Removes the element `#id` from the page.
    pub async fn remove_element(&self, id: &str) {
        self.browser
            .execute(
                "document.getElementById(arguments[0]).remove()",
                vec![json!(id)],
            )
            .await
            .unwrap();
    }
}

/// A PNG image of about `size` bytes (a valid 1×1 picture, padded).
pub fn png_file(name: &str, size: usize) -> PathBuf {
    const PIXEL: [u8; 67] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let mut bytes = PIXEL.to_vec();
    bytes.resize(size.max(PIXEL.len()), 0);
    temp_file(name, bytes)
}

/// A Chrome DevTools Protocol command sent through chromedriver
/// (`goog/cdp/execute`): CPU and network throttling, input events.
#[derive(Debug)]
#[allow(dead_code)] // used by the benchmark, which shares this harness
struct Cdp {
    command: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.command, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a CDP command in `browser` (Chromium only).
#[allow(dead_code)] // used by the benchmark, which shares this harness
pub async fn cdp(browser: &Client, command: &str, params: Value) -> Value {
    browser
        .issue_cmd(Cdp {
            command: command.to_owned(),
            params,
        })
        .await
        .unwrap_or_else(|error| panic!("CDP {command}: {error}"))
}

/// Runs `script` (a function body that may `await` and `return`) in the
/// page and gives back what it returns. Chromedriver lets a plain script
/// `await`; geckodriver does not: an async script with a callback works in
/// both.
pub async fn run(browser: &Client, script: &str, args: Vec<Value>) -> Value {
    let wrapped = format!(
        "const __done = arguments[arguments.length - 1];
         (async () => {{ {script} }}).apply(null, Array.prototype.slice.call(arguments, 0, -1))
             .then(value => __done({{ok: value === undefined ? null : value}}),
                   error => __done({{error: String(error && error.stack || error)}}));"
    );
    let answer = browser.execute_async(&wrapped, args).await.unwrap();
    match answer.get("error") {
        Some(error) => panic!("the page script failed: {error}"),
        None => answer.get("ok").cloned().unwrap_or(Value::Null),
    }
}

impl Portal {
    /// Gives the element `#id` a `tokenProvider` that signs in as
    /// demo@example.com through the page's own origin, counting its calls
    /// in `window.providerCalls`.
    pub async fn give_token_provider(&self, id: &str) {
        self.page_script(&format!(
            "const form = document.getElementById('{id}');
             window.providerCalls = 0;
             form.tokenProvider = async () => {{
               window.providerCalls++;
               const answer = await fetch('/api/oauth/token', {{method: 'POST',
                 headers: {{Authorization: 'Basic ' + btoa('support-portal:portal-secret')}},
                 body: new URLSearchParams({{grant_type: 'password', username: 'demo@example.com', password: 'demo'}})}});
               return (await answer.json()).access_token;
             }};"
        ))
        .await;
    }

    /// [`run`] in this page.
    pub async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        run(&self.browser, script, args).await
    }
}

impl Portal {
    /// The module's `mount`, as the page's own scripts see it: imported by
    /// a module script of the page. (A WebDriver script's own `import()`
    /// gets a second copy of the module in Firefox, whose scripts run in a
    /// sandbox with a module map of its own.)
    pub async fn page_mount(&self) {
        self.run(
            "if (window.__mount) return;
             await new Promise((resolve, reject) => {
                 const script = document.createElement('script');
                 script.type = 'module';
                 script.textContent = \"import { mount } from '../support-request-form.js'; window.__mount = mount;\";
                 script.onerror = reject;
                 document.head.append(script);
                 const check = () => window.__mount ? resolve() : setTimeout(check, 10);
                 check();
             });",
            vec![],
        )
        .await;
    }
}

impl Portal {
    /// Runs `code` as one of the page's own scripts (a `<script>` element),
    /// in the page's realm: functions it hands to the form behave as a host
    /// page's do. (WebDriver scripts run in a sandbox in Firefox.)
    pub async fn page_script(&self, code: &str) {
        self.run(
            "const script = document.createElement('script');
             script.textContent = arguments[0];
             document.head.append(script);",
            vec![Value::String(code.to_owned())],
        )
        .await;
    }
}

impl Portal {
    /// `email` signed in to the portal earlier in this tab with `token`
    /// (the session the portal keeps in `sessionStorage`), set up without
    /// loading the form, so its next load is a first one.
    pub async fn signed_in_earlier(&self, token: &str, email: &str) {
        let session = json!({"token": token, "email": email, "expiresAt": null});
        self.browser
            .execute(
                "sessionStorage.setItem(arguments[0], arguments[1])",
                vec![
                    json!(format!("srf.session:{}", self.base)),
                    json!(session.to_string()),
                ],
            )
            .await
            .unwrap();
    }

    /// Whether the portal page shows its first screen (plain DOM, before
    /// the app).
    pub async fn portal_first_screen_shows(&self) -> bool {
        self.browser
            .execute(
                "return !!document.querySelector('.srf-first:not([hidden])')",
                vec![],
            )
            .await
            .unwrap()
            == json!(true)
    }

    /// Waits until the sandbox has received a request (one pressed before
    /// the app arrived is sent once it has).
    pub async fn wait_for_a_request(&self) {
        for _ in 0..400 {
            if !self.sandbox.received().is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no request reached the sandbox");
    }

    /// The main module arrives slowly (the mark of a slow connection: the
    /// first screen is painted) and the app's chunk `app_delay_ms` later.
    pub fn slow_app(&self, app_delay_ms: u64) {
        self.sandbox.script(
            "file:support-request-form-wasm_bg.wasm",
            [sandbox::Fault::late(400)],
        );
        self.sandbox
            .script("file:split_app.wasm", [sandbox::Fault::late(app_delay_ms)]);
    }
}

impl Portal {
    /// Whether the element `#host` shows its first screen (plain DOM, before
    /// the app), not hidden by a problem.
    pub async fn first_screen_shows(&self, host: &str) -> bool {
        self.browser
            .execute(
                "return !!document.getElementById(arguments[0]).shadowRoot
                     .querySelector('.srf-first:not([hidden])')",
                vec![json!(host)],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap()
    }

    /// Where each label, control, heading and button of `#host`'s form is
    /// drawn, within the element.
    pub async fn places(&self, host: &str) -> Vec<Value> {
        let places = self
            .browser
            .execute(PLACES, vec![json!(host)])
            .await
            .unwrap();
        serde_json::from_value(places).unwrap()
    }

    /// Everything `before` measured (a first screen, a prerender) is drawn
    /// in the same place `after` (the app): the app may add, never move.
    pub fn drawn_where_they_were(before: &[Value], after: &[Value]) {
        assert!(before.len() > 20, "the form was measured: {before:?}");
        for place in before {
            let same = after.iter().find(|drawn| drawn[0] == place[0]);
            assert_eq!(same, Some(place), "{} stays where it was drawn", place[0]);
        }
    }

    /// Waits until the app has taken over from the first screen in the
    /// element `#host`.
    pub async fn app_took_over(&self, host: &str) {
        self.wait_until(
            &format!(
                "const root = document.getElementById('{host}')?.shadowRoot;
                 return !!root && !root.querySelector('.srf-first') && !!root.querySelector('.srf-form-root')"
            ),
            "the app to take over",
        )
        .await;
    }
}

/// Where each label, control, heading and button of `#host`'s shadow
/// root is drawn within the element (whatever the page above it does or
/// the scroll), by tag, id (or label target) and text: `[key, x, y, w, h]`.
const PLACES: &str = "const host = document.getElementById(arguments[0]);
    const root = host.shadowRoot, at = host.getBoundingClientRect();
    const key = (e) => [e.tagName, e.id || e.htmlFor, e.textContent.trim().slice(0, 40)].join(':');
    return [...root.querySelectorAll('h2, label, input, textarea, select, button')]
        .filter((e) => e.checkVisibility())
        .map((e) => { const r = e.getBoundingClientRect();
                      return [key(e), Math.round(r.x - at.x), Math.round(r.y - at.y), Math.round(r.width), Math.round(r.height)]; });";
