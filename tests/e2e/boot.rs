//! Boot: whatever the host sets, whenever it sets it (before the module
//! loads, right after `customElements.whenDefined`, while the app is still
//! loading, after a problem, while the app runs), the form ends up with
//! the latest value, without a reload; a configuration that cannot be
//! fetched is tried again.

use std::time::{Duration, Instant};

use sandbox::Fault;
use serde_json::{json, Value};

use crate::harness::{token_for, Portal, ShadowForm};

/// A host page whose inline scripts set the element up before the module
/// has loaded, from the query: `token`, `config`, `prefill` and `context`
/// (JSON, the properties), `src` (the `config-src` attribute), `locale`;
/// and right after `customElements.whenDefined`: `late` (JSON, the
/// `config` property), `lateLocale` (the `locale` attribute),
/// `latePrefill` and `lateContext`. It records every `config-invalid`,
/// with whether the app's chunk had arrived by then, and every console
/// warning.
const BOOT_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Boot</title>
<script>
window.__warnings = [];
const warn = console.warn.bind(console);
console.warn = (...args) => { window.__warnings.push(args.join(' ')); warn(...args); };
window.__events = [];
document.addEventListener('config-invalid', (event) => window.__events.push({
  detail: event.detail,
  appLoaded: performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('split_app.wasm')),
}));
window.__created = [];
document.addEventListener('request-created', (event) => window.__created.push(event.detail));
</script>
<script type="module" src="../support-request-form.js"></script>
</head><body><main>
<support-request-form id="boot"></support-request-form>
<script>
const params = new URLSearchParams(location.search);
const form = document.getElementById('boot');
form.setAttribute('server-url', location.origin);
if (params.has('token')) form.setAttribute('token', params.get('token'));
if (params.has('config')) form.config = JSON.parse(params.get('config'));
if (params.has('src')) form.setAttribute('config-src', params.get('src'));
if (params.has('locale')) form.setAttribute('locale', params.get('locale'));
if (params.has('prefill')) form.prefill = JSON.parse(params.get('prefill'));
if (params.has('context')) form.context = JSON.parse(params.get('context'));
if (params.has('service')) form.service = params.get('service');
customElements.whenDefined('support-request-form').then(() => {
  if (params.has('late')) form.config = JSON.parse(params.get('late'));
  if (params.has('lateLocale')) form.setAttribute('locale', params.get('lateLocale'));
  if (params.has('latePrefill')) form.prefill = JSON.parse(params.get('latePrefill'));
  if (params.has('lateContext')) form.context = JSON.parse(params.get('lateContext'));
  if (params.has('lateService')) form.setAttribute('service', params.get('lateService'));
});
</script></main></body></html>"#;

/// The configuration the bundle ships (custom fields "Operating system"
/// and "Asset tag", Priority shown): what the default form lacks.
pub fn shipped_config() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A sandbox with the boot page, the browser on a neutral page of it.
pub async fn boot_site() -> Portal {
    Portal::open_at(
        sandbox::Options {
            pages: vec![("/pages/boot.html".into(), BOOT_PAGE.into())],
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await
}

/// Opens the boot page with these query parameters and starts watching
/// it for errors.
pub async fn open_boot(page: &Portal, query: &[(&str, &str)]) -> ShadowForm {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    page.browser
        .goto(&format!("{}/pages/boot.html?{query}", page.base))
        .await
        .unwrap();
    page.watch().await;
    page.shadow_form("#boot").await
}

fn answers(status: u16, times: usize) -> Vec<Fault> {
    vec![
        Fault {
            status: Some(status),
            ..Fault::default()
        };
        times
    ]
}

async fn set_config(page: &Portal, config: Value) {
    page.browser
        .execute(
            "document.getElementById('boot').config = arguments[0]",
            vec![config],
        )
        .await
        .unwrap();
}

/// The `config-invalid` events so far: each one's key paths, and whether
/// the app had arrived when it fired.
async fn config_invalid_events(page: &Portal) -> Vec<(Vec<String>, bool)> {
    let events = page
        .browser
        .execute("return window.__events", vec![])
        .await
        .unwrap();
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            let paths = event["detail"]["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|problem| problem["path"].as_str().unwrap().to_owned())
                .collect();
            (paths, event["appLoaded"].as_bool().unwrap())
        })
        .collect()
}

/// Fills in what the shipped configuration needs and sends it; returns
/// what the server received.
async fn send_with_asset_tag(page: &Portal, form: &ShadowForm, subject: &str) -> Value {
    form.fill("Subject", subject).await;
    form.fill("Requester email", "demo@example.com").await;
    form.fill("Asset tag", "AT-10432").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    page.sandbox.received().last().cloned().unwrap()
}

#[tokio::test]
async fn a_bad_config_given_before_the_module_loads_is_reported_before_the_app_and_a_good_one_starts_the_form_without_a_reload(
) {
    let page = boot_site().await;
    page.slow_app(4000);
    let token = token_for(&page.base).await;
    let form = open_boot(
        &page,
        &[
            ("token", &token),
            (
                "config",
                r#"{"theme": "blue", "attachments": {"maxFiles": 0}}"#,
            ),
        ],
    )
    .await;
    form.wait_for_text(".srf-config-problems", |text| {
        text.contains("theme") && text.contains("attachments.maxFiles")
    })
    .await;
    page.wait_until("return window.__events.length", "config-invalid")
        .await;
    assert_eq!(
        config_invalid_events(&page).await,
        vec![(vec!["attachments.maxFiles".into(), "theme".into()], false)],
        "every problem with its key path, from the main module before the app arrived"
    );
    page.browser
        .execute("window.__sameDocument = true", vec![])
        .await
        .unwrap();
    set_config(&page, shipped_config()).await;
    let sent = send_with_asset_tag(&page, &form, "After a bad config").await;
    assert_eq!(sent["customField"]["Asset tag"], "AT-10432");
    assert_eq!(
        page.browser
            .execute("return window.__sameDocument === true", vec![])
            .await
            .unwrap(),
        json!(true),
        "no reload"
    );
    page.close().await;
}

#[tokio::test]
async fn config_invalid_fires_for_a_bad_config_given_to_the_running_app_and_a_good_one_brings_the_form_back(
) {
    let page = boot_site().await;
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token)]).await;
    form.fill("Subject", "Before").await;
    page.app_took_over("boot").await;
    set_config(&page, json!({"preset": "nobody"})).await;
    form.wait_for_text(".srf-config-error", |text| text.contains("preset"))
        .await;
    page.wait_until("return window.__events.length", "config-invalid")
        .await;
    assert_eq!(
        config_invalid_events(&page).await,
        vec![(vec!["preset".into()], true)]
    );
    set_config(&page, shipped_config()).await;
    let sent = send_with_asset_tag(&page, &form, "After a bad config at run time").await;
    assert_eq!(sent["customField"]["Asset tag"], "AT-10432");
    // The console says why, for the admin; nothing else went wrong.
    let errors = page.page_errors().await;
    assert!(
        errors.len() == 1 && errors[0].contains("preset"),
        "{errors:?}"
    );
    page.close().await;
}

#[tokio::test]
async fn a_config_set_right_after_when_defined_while_the_app_loads_is_the_one_the_form_uses() {
    let page = boot_site().await;
    page.slow_app(3000);
    let token = token_for(&page.base).await;
    let late = shipped_config().to_string();
    let form = open_boot(&page, &[("token", &token), ("late", &late)]).await;
    form.fill("Asset tag", "AT-1").await;
    assert!(
        page.first_screen_shows("boot").await,
        "the custom field was on the first screen, before the app arrived"
    );
    page.app_took_over("boot").await;
    assert_eq!(form.value("Asset tag").await, "AT-1");
    form.field("Priority").await;
    let sent = send_with_asset_tag(&page, &form, "Configured late").await;
    assert_eq!(sent["customField"]["Asset tag"], "AT-10432");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn a_locale_set_while_the_app_loads_is_the_forms_language_and_keeps_what_was_typed() {
    let page = boot_site().await;
    page.slow_app(3000);
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("lateLocale", "de")]).await;
    form.fill("Betreff", "Drucker").await;
    assert!(page.first_screen_shows("boot").await);
    page.app_took_over("boot").await;
    assert_eq!(form.value("Betreff").await, "Drucker");
    form.wait_for_text("button", |text| text == "Anfrage senden")
        .await;
    page.close().await;
}

#[tokio::test]
async fn typing_on_the_first_screen_survives_a_language_change_and_reaches_the_request() {
    let page = boot_site().await;
    page.slow_app(3500);
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token)]).await;
    form.fill("Subject", "Kept through German").await;
    form.fill("Requester email", "demo@example.com").await;
    page.browser
        .execute(
            "document.getElementById('boot').setAttribute('locale', 'de')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(form.value("Betreff").await, "Kept through German");
    assert!(
        page.first_screen_shows("boot").await,
        "repainted on the first screen"
    );
    form.click("Anfrage senden").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Kept through German");
    page.close().await;
}

/// When the page fetched `name`, in ms since it started, as the browser
/// saw each fetch start.
async fn fetch_starts(page: &Portal, name: &str) -> Vec<f64> {
    let starts = page
        .browser
        .execute(
            "return performance.getEntriesByType('resource')
                 .filter((entry) => new URL(entry.name).pathname.endsWith(arguments[0]))
                 .map((entry) => entry.startTime)",
            vec![json!(name)],
        )
        .await
        .unwrap();
    serde_json::from_value(starts).unwrap()
}

#[tokio::test]
async fn a_config_src_answering_503_once_is_said_retried_with_backoff_and_the_form_starts() {
    let page = boot_site().await;
    page.sandbox.script("file:config.json", answers(503, 1));
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("src", "../config.json")]).await;
    let said = form
        .wait_for_text(".srf-config-error", |text| text.contains("503"))
        .await;
    assert!(said.contains("/config.json"), "the URL is named: {said}");
    // No one presses anything: it is tried again by itself.
    form.field("Asset tag").await;
    assert_eq!(page.sandbox.calls("file:config.json"), 2);
    let starts = fetch_starts(&page, "/config.json").await;
    let [first, second] = starts[..] else {
        panic!("two fetches: {starts:?}");
    };
    let waited = second - first;
    assert!(
        (500.0..5_000.0).contains(&waited),
        "the first retry waits a second (with jitter), waited {waited} ms"
    );
    page.close().await;
}

#[tokio::test]
async fn a_config_src_answering_404_names_its_url_and_is_fetched_again_only_on_try_again() {
    let page = boot_site().await;
    page.sandbox.script("file:config.json", answers(404, 1));
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("src", "../config.json")]).await;
    let said = form
        .wait_for_text(".srf-config-error", |text| text.contains("404"))
        .await;
    assert!(said.contains("/config.json"), "{said}");
    // Longer than the first backoff: nothing is fetched by itself.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(page.sandbox.calls("file:config.json"), 1);
    form.click("Try again").await;
    form.field("Asset tag").await;
    assert_eq!(page.sandbox.calls("file:config.json"), 2);
    page.close().await;
}

#[tokio::test]
async fn coming_back_online_fetches_a_failed_config_src_at_once() {
    let page = boot_site().await;
    page.sandbox.script("file:config.json", answers(503, 2));
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("src", "../config.json")]).await;
    // The second failure has been seen: the next try is 1 to 2 s away.
    page.wait_until(
        "return performance.getEntriesByType('resource')
             .filter((entry) => entry.name.endsWith('/config.json')).length === 2",
        "the retry to fail",
    )
    .await;
    form.wait_for_text(".srf-config-error", |text| text.contains("503"))
        .await;
    let online = Instant::now();
    page.page_script("window.dispatchEvent(new Event('online'))")
        .await;
    page.wait_until(
        "return performance.getEntriesByType('resource')
             .filter((entry) => entry.name.endsWith('/config.json')).length === 3",
        "a fetch when back online",
    )
    .await;
    assert!(
        online.elapsed() < Duration::from_millis(900),
        "at once, not after the backoff: {:?}",
        online.elapsed()
    );
    form.field("Asset tag").await;
    page.close().await;
}

#[tokio::test]
async fn sign_out_on_the_first_screen_shows_the_sign_in_and_forgets_the_session() {
    // Signed in earlier in this tab (the session the portal keeps).
    let portal = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    let token = token_for(&portal.base).await;
    portal.signed_in_earlier(&token, "demo@example.com").await;
    portal.slow_app(3000);
    portal
        .browser
        .goto(&format!("{}/", portal.base))
        .await
        .unwrap();
    portal
        .wait_for_text(".srf-first .srf-account-email", |text| {
            text == "demo@example.com"
        })
        .await;
    portal.click("Sign out").await;
    portal.field("Password").await;
    let stored = portal
        .browser
        .execute(
            "return Object.keys(sessionStorage).filter((key) => key.startsWith('srf.session:')).length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stored, json!(0), "the session is gone");
    portal
        .wait_until(
            "return !document.querySelector('.srf-first') && !!document.querySelector('.srf-sign-in')",
            "the app's sign-in",
        )
        .await;
    portal.close().await;
}

#[tokio::test]
async fn a_config_property_given_with_the_element_wins_and_its_config_src_is_never_fetched() {
    let page = boot_site().await;
    let token = token_for(&page.base).await;
    let config = shipped_config().to_string();
    let form = open_boot(
        &page,
        &[
            ("token", &token),
            ("config", &config),
            ("src", "../config.json"),
        ],
    )
    .await;
    form.field("Asset tag").await;
    assert_eq!(page.sandbox.calls("file:config.json"), 0);
    page.close().await;
}

#[tokio::test]
async fn a_config_src_whose_file_cannot_be_used_reports_every_problem_and_try_again_fetches_it_again(
) {
    let page = boot_site().await;
    page.sandbox.script(
        "file:config.json",
        [Fault {
            status: Some(200),
            body: Some(r#"{"theme": "blue", "attachments": {"maxFiles": 0}}"#.into()),
            ..Fault::default()
        }],
    );
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("src", "../config.json")]).await;
    let said = form
        .wait_for_text(".srf-config-error", |text| {
            text.contains("theme") && text.contains("attachments.maxFiles")
        })
        .await;
    assert!(said.contains("/config.json"), "the URL is named: {said}");
    page.wait_until("return window.__events.length", "config-invalid")
        .await;
    let events = config_invalid_events(&page).await;
    assert_eq!(
        events
            .iter()
            .map(|(paths, _)| paths.clone())
            .collect::<Vec<_>>(),
        vec![vec!["attachments.maxFiles".to_owned(), "theme".to_owned()]]
    );
    // The admin fixes the file; Try again reads it.
    form.click("Try again").await;
    form.field("Asset tag").await;
    assert_eq!(page.sandbox.calls("file:config.json"), 2);
    page.close().await;
}

#[tokio::test]
async fn a_catalog_that_cannot_be_fetched_is_said_tried_again_and_the_form_then_speaks_its_language(
) {
    let page = boot_site().await;
    page.sandbox.script("file:de.json", answers(503, 1));
    let token = token_for(&page.base).await;
    let form = open_boot(&page, &[("token", &token), ("locale", "de")]).await;
    form.wait_for_text(".srf-config-error", |text| {
        text.contains("locales/de.json") && text.contains("503")
    })
    .await;
    form.fill("Betreff", "Auf Deutsch").await;
    assert_eq!(page.sandbox.calls("file:de.json"), 2);
    page.close().await;
}

#[tokio::test]
async fn a_token_and_a_theme_set_while_the_first_screen_shows_take_effect_there_and_in_the_app() {
    let page = boot_site().await;
    page.slow_app(3000);
    let form = open_boot(&page, &[]).await;
    // No token yet: the first screen asks for a sign-in.
    form.field("Password").await;
    assert!(page.first_screen_shows("boot").await);
    let token = token_for(&page.base).await;
    page.browser
        .execute(
            "const form = document.getElementById('boot');
             form.setAttribute('token', arguments[0]);
             form.setAttribute('theme', 'dark');",
            vec![json!(token)],
        )
        .await
        .unwrap();
    form.fill("Subject", "Token came late").await;
    let theme = "return document.getElementById('boot').shadowRoot
                     .querySelector('.srf-root:not([hidden])').dataset.theme";
    assert_eq!(
        page.browser.execute(theme, vec![]).await.unwrap(),
        json!("dark")
    );
    assert!(
        page.first_screen_shows("boot").await,
        "still the first screen"
    );
    page.app_took_over("boot").await;
    assert_eq!(form.value("Subject").await, "Token came late");
    assert_eq!(
        page.browser.execute(theme, vec![]).await.unwrap(),
        json!("dark")
    );
    page.close().await;
}

#[tokio::test]
async fn a_bad_config_is_still_reported_by_its_key_when_the_rules_chunk_cannot_be_loaded() {
    let page = boot_site().await;
    page.sandbox
        .script("file:split_rules.wasm", answers(404, 10));
    let token = token_for(&page.base).await;
    let form = open_boot(
        &page,
        &[("token", &token), ("config", r#"{"theme": "blue"}"#)],
    )
    .await;
    form.wait_for_text(".srf-config-error", |text| text.contains("theme"))
        .await;
    page.wait_until("return window.__events.length", "config-invalid")
        .await;
    let events = config_invalid_events(&page).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, ["theme"]);
    set_config(&page, shipped_config()).await;
    let sent = send_with_asset_tag(&page, &form, "After a bad config without the rules").await;
    assert_eq!(sent["customField"]["Asset tag"], "AT-10432");
    page.close().await;
}
