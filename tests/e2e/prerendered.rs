//! Prerendered first screens: the portal's page holds its sign-in and an
//! embedder's snippet holds the form (in a declarative shadow root), so
//! both are usable before any script. The main module adopts them as they
//! are when they were made from the configuration and words it has, and
//! paints them again (keeping what was typed) when not; Submit or Enter
//! pressed before the script arrives is sent once it has, and the page
//! never navigates.

use serde_json::{json, Value};

use crate::harness::{config_file, dist, snippet, token_for, Portal};

const MAIN_MODULE: &str = "file:support-request-form-wasm_bg.wasm";
const APP: &str = "file:split_app.wasm";
const HOLD_SCRIPT: &str = "file:support-request-form-hold.js";
const STYLESHEET: &str = "file:support-request-form.css";

/// The prerendered screen's root in the page, or in `#host`'s shadow root.
const ROOT: &str = "const host = arguments[0] && document.getElementById(arguments[0]);
    const root = (host ? host.shadowRoot : document).querySelector('.srf-first');";

/// Runs `script` (after [`ROOT`]) until it returns something, and returns it.
async fn wait_for(page: &Portal, host: Option<&str>, script: &str) -> Value {
    let script = format!("{ROOT} {script}");
    for _ in 0..600 {
        let value = page
            .browser
            .execute(&script, vec![json!(host)])
            .await
            .unwrap_or(Value::Null);
        if !value.is_null() {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("never true: {script}");
}

/// Waits for the prerendered screen, still untouched by the form's script
/// but with its Submit held by the page's hold script (which enables it),
/// and marks its root (a screen painted again has no mark).
async fn prerendered(page: &Portal, host: Option<&str>) {
    wait_for(
        page,
        host,
        "if (!root || !root.hasAttribute('data-stamp')) return null;
         if (root.querySelector('button[type=submit][disabled]')) return null;
         root.setAttribute('data-test-mark', ''); return true;",
    )
    .await;
}

/// Types demo's email and password into the sign-in and presses Enter in
/// the password field.
async fn type_sign_in_and_press_enter(page: &Portal) {
    page.fill("Email", "demo@example.com").await;
    page.fill("Password", "demo").await;
    page.press("\u{E007}").await;
}

/// Whether the prerendered Submit is disabled.
async fn submit_disabled(page: &Portal, host: Option<&str>) -> bool {
    prerender_is(
        page,
        host,
        "!!root.querySelector('button[type=submit][disabled]')",
    )
    .await
}

/// What `check` (after [`ROOT`], on `root`) says of the prerendered screen now.
async fn prerender_is(page: &Portal, host: Option<&str>, check: &str) -> bool {
    let script = format!("{ROOT} return !!root && {check}");
    page.browser
        .execute(&script, vec![json!(host)])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

/// Whether Submit was noted as pressed on the prerendered form.
async fn noted_as_pressed(page: &Portal, host: Option<&str>) -> bool {
    prerender_is(page, host, "!!root.querySelector('form[data-pressed]')").await
}

/// Whether the script has not taken the prerendered screen over yet.
async fn still_waiting_for_the_script(page: &Portal, host: Option<&str>) -> bool {
    prerender_is(page, host, "root.hasAttribute('data-stamp')").await
}

/// Waits until the main module has taken the screen over; whether it kept
/// the prerendered root (adopted) or painted a new one.
async fn taken_over_as_it_was(page: &Portal, host: Option<&str>) -> bool {
    wait_for(
        page,
        host,
        "if (!root || root.hasAttribute('data-stamp')) return null;
         return root.hasAttribute('data-test-mark');",
    )
    .await
    .as_bool()
    .unwrap()
}

/// Once the form's script is here: signed in exactly once, and the page
/// never left `url`.
async fn signed_in_once(page: &Portal, url: &str) {
    page.field("Subject").await;
    assert_eq!(page.sandbox.calls("token"), 1, "signed in exactly once");
    assert_eq!(page.browser.current_url().await.unwrap().as_str(), url);
}

#[tokio::test]
async fn the_prerendered_portal_is_adopted_as_it_is_then_signs_in_and_creates_a_ticket() {
    let sandbox = Portal::holding(sandbox::Options::default(), &[MAIN_MODULE, APP], 3000).await;
    let url = format!("{}/", sandbox.base);
    let page = Portal::before_the_script(sandbox, &url).await;
    prerendered(&page, None).await;
    page.fill("Email", "demo@example.com").await;
    page.fill("Password", "demo").await;
    assert!(
        still_waiting_for_the_script(&page, None).await,
        "typed before the script"
    );
    assert!(
        taken_over_as_it_was(&page, None).await,
        "the same configuration and words: the page's own sign-in is kept, not painted again"
    );
    assert_eq!(page.value("Email").await, "demo@example.com");
    let focused = page
        .browser
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "srf0-password", "focus stayed where it was");
    page.click("Sign in").await;
    page.fill("Subject", "From the prerendered portal").await;
    page.click("Submit request").await;
    page.ticket_number().await;
    assert_eq!(
        page.sandbox.received()[0]["subject"],
        "From the prerendered portal"
    );
    page.quit().await;
}

#[tokio::test]
async fn a_stale_prerender_is_painted_again_in_the_configurations_language_keeping_what_was_typed()
{
    // The admin changed config.json after the build: German now.
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.json"));
    let mut config: Value = serde_json::from_str(&shipped.unwrap()).unwrap();
    config["locale"] = json!("de");
    let sandbox = Portal::holding(
        sandbox::Options {
            form_config: Some(config_file(&config.to_string())),
            ..sandbox::Options::default()
        },
        &[MAIN_MODULE, APP],
        3000,
    )
    .await;
    let url = format!("{}/", sandbox.base);
    let page = Portal::before_the_script(sandbox, &url).await;
    prerendered(&page, None).await;
    page.fill("Email", "demo@example.com").await;
    assert!(
        still_waiting_for_the_script(&page, None).await,
        "typed before the script"
    );
    assert!(
        !taken_over_as_it_was(&page, None).await,
        "another configuration and language: painted again"
    );
    // In German, with the email typed on the English prerender.
    assert_eq!(page.value("E-Mail").await, "demo@example.com");
    page.fill("Passwort", "demo").await;
    page.click("Anmelden").await;
    page.field("Betreff").await;
    page.quit().await;
}

#[tokio::test]
async fn enter_and_sign_in_pressed_before_the_script_sign_in_once_it_arrives_and_the_url_stays() {
    let sandbox = Portal::holding(sandbox::Options::default(), &[MAIN_MODULE], 4000).await;
    let url = format!("{}/", sandbox.base);
    let page = Portal::before_the_script(sandbox, &url).await;
    prerendered(&page, None).await;
    type_sign_in_and_press_enter(&page).await;
    page.click("Sign in").await;
    assert!(
        still_waiting_for_the_script(&page, None).await,
        "pressed before the script arrived"
    );
    assert!(noted_as_pressed(&page, None).await, "the press was held");
    assert_eq!(page.browser.current_url().await.unwrap().as_str(), url);
    assert_eq!(
        page.sandbox.calls("token"),
        0,
        "nothing is sent before the script"
    );
    signed_in_once(&page, &url).await;
    page.quit().await;
}

#[tokio::test]
async fn before_the_hold_script_submit_is_disabled_then_held_once_it_arrives_and_the_url_stays() {
    let sandbox = Portal::holding(sandbox::Options::default(), &[HOLD_SCRIPT], 4000).await;
    // The form's script comes well after the hold script.
    sandbox.script(MAIN_MODULE, [sandbox::Fault::late(10000)]);
    let url = format!("{}/", sandbox.base);
    let page = Portal::before_the_script(sandbox, &url).await;
    wait_for(
        &page,
        None,
        "return root && root.hasAttribute('data-stamp') ? true : null",
    )
    .await;
    assert!(
        submit_disabled(&page, None).await,
        "no press can come before the hold script"
    );
    type_sign_in_and_press_enter(&page).await;
    assert!(
        !noted_as_pressed(&page, None).await && submit_disabled(&page, None).await,
        "Enter with Submit disabled does nothing"
    );
    assert_eq!(page.browser.current_url().await.unwrap().as_str(), url);
    // The hold script arrives: Submit is enabled and a press is held.
    prerendered(&page, None).await;
    assert!(still_waiting_for_the_script(&page, None).await);
    page.click("Sign in").await;
    assert!(noted_as_pressed(&page, None).await, "the press was held");
    assert_eq!(page.sandbox.calls("token"), 0);
    signed_in_once(&page, &url).await;
    page.quit().await;
}

#[tokio::test]
async fn without_the_hold_script_the_main_module_enables_submit_as_it_adopts_the_prerender() {
    // The app comes late: what enables Submit is the main module's first
    // screen, adopting the prerender.
    let sandbox = Portal::holding(sandbox::Options::default(), &[APP], 6000).await;
    sandbox.script(
        HOLD_SCRIPT,
        [sandbox::Fault {
            status: Some(404),
            ..sandbox::Fault::default()
        }],
    );
    let url = format!("{}/", sandbox.base);
    let page = Portal::before_the_script(sandbox, &url).await;
    page.fill("Email", "demo@example.com").await;
    page.fill("Password", "demo").await;
    wait_for(
        &page,
        None,
        "return root && !root.hasAttribute('data-stamp') && !root.querySelector('button[type=submit][disabled]') ? true : null",
    )
    .await;
    assert!(
        page.portal_first_screen_shows().await,
        "still the first screen: the app has not arrived"
    );
    page.click("Sign in").await;
    signed_in_once(&page, &url).await;
    page.quit().await;
}

/// A page on another origin, under a strict CSP that allows only the
/// desk (`desk`), holding the snippet for the desk with a host token.
async fn snippet_page(desk: &str, token: &str) -> sandbox::Running {
    let html = snippet(&["--base", desk, "--server-url", desk]).replacen(
        "<support-request-form ",
        &format!("<support-request-form id=\"snip\" token=\"{token}\" "),
        1,
    );
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Intranet</title>\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
         script-src {desk} 'wasm-unsafe-eval'; style-src {desk}; connect-src {desk}; img-src 'self' {desk} blob: data:\">\
         <script src=\"{desk}/pages/csp-watch.js\"></script></head><body><h1>Help</h1>{html}</body></html>"
    );
    sandbox::spawn(sandbox::Options {
        pages: vec![("/help.html".into(), page)],
        ..sandbox::Options::default()
    })
    .await
    .unwrap()
}

/// A desk (the bundle, `held` files answered `hold_ms` late, and the API)
/// and the snippet's page on another origin, with a browser on it that
/// acts before the script, once the form is shown: the page's server is
/// returned to keep it up.
async fn snippet_before_the_script(
    held: &[&str],
    hold_ms: u64,
) -> (Portal, sandbox::Running, String) {
    let faults: Vec<_> = held
        .iter()
        .map(|file| (*file, sandbox::Fault::late(hold_ms)))
        .collect();
    let (page, host, url) = snippet_with(&faults).await;
    shown(&page, "the snippet's form shown by its stylesheet").await;
    (page, host, url)
}

/// [`snippet_before_the_script`], with each file's fault given (answered
/// late, failing), as soon as the prerendered form is in the page, shown
/// or not.
async fn snippet_with(faults: &[(&str, sandbox::Fault)]) -> (Portal, sandbox::Running, String) {
    let desk = sandbox::spawn(sandbox::Options {
        dist: Some(dist()),
        allowed_origins: vec!["*".into()],
        ..sandbox::Options::default()
    })
    .await
    .unwrap();
    for (file, fault) in faults {
        // Every request for it: a failing stylesheet fails each time.
        desk.script(file, vec![fault.clone(); 5]);
    }
    let token = token_for(&desk.base).await;
    let host = snippet_page(&desk.base, &token).await;
    let url = format!("{}/help.html", host.base);
    let page = Portal::before_the_script(desk, &url).await;
    prerendered(&page, Some("snip")).await;
    (page, host, url)
}

#[tokio::test]
async fn the_snippets_element_creates_a_ticket_from_another_origin_under_a_strict_csp() {
    let (page, host, _) = snippet_before_the_script(&[MAIN_MODULE, APP], 2000).await;
    let form = page.shadow_form("#snip").await;
    form.fill("Subject", "From the snippet").await;
    assert!(still_waiting_for_the_script(&page, Some("snip")).await);
    assert!(
        taken_over_as_it_was(&page, Some("snip")).await,
        "the snippet's shadow root is adopted as it is"
    );
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "From the snippet");
    let violations = page
        .browser
        .execute("return window.cspViolations", vec![])
        .await
        .unwrap();
    assert_eq!(
        violations,
        json!([]),
        "no Content-Security-Policy violation"
    );
    drop(host);
    page.quit().await;
}

/// Whether the snippet's form is all there, whether its Subject is on
/// screen, and whether its stylesheet applies (it sets `--_text`).
const SEEN: &str = "const root = document.getElementById('snip').shadowRoot;
    const label = [...root.querySelectorAll('label')].find((label) => label.textContent.trim().startsWith('Subject'));
    const subject = label && root.getElementById(label.htmlFor);
    return {shown: !!subject && subject.checkVisibility(),
            styled: getComputedStyle(root.querySelector('.srf-root')).getPropertyValue('--_text') !== '',
            built: !!root.querySelector('.srf-first button[type=submit]')};";

/// Waits until the snippet's Subject is on screen (`what`, if it never is).
async fn shown(page: &Portal, what: &str) {
    page.wait_until(&format!("return (() => {{ {SEEN} }})().shown"), what)
        .await;
}

/// The snippet's prerendered form, then the main module's adoption, then
/// the app's take-over: nothing the HTML drew moves (the app only adds
/// "Take a screenshot", in the row the stylesheet keeps for it).
#[tokio::test]
async fn the_snippets_form_stays_where_the_html_drew_it_through_the_apps_take_over() {
    let (page, host, _) = snippet_before_the_script(&[MAIN_MODULE, APP], 1500).await;
    let before = page.places("snip").await;
    assert!(still_waiting_for_the_script(&page, Some("snip")).await);
    page.app_took_over("snip").await;
    Portal::drawn_where_they_were(&before, &page.places("snip").await);
    drop(host);
    page.quit().await;
}

/// The snippet's stylesheet comes after its form: the browser builds the
/// whole form while the stylesheet is on its way (a stylesheet loading in
/// the body stops the parser where it stands), and shows it only once the
/// stylesheet is there; no frame draws it unstyled.
#[tokio::test]
async fn the_snippets_form_is_built_while_its_stylesheet_loads_and_drawn_only_once_styled() {
    let held = sandbox::Fault::late(3000);
    let (page, host, _) = snippet_with(&[(STYLESHEET, held.clone()), (MAIN_MODULE, held)]).await;
    let seen = page.browser.execute(SEEN, vec![]).await.unwrap();
    assert_eq!(
        seen,
        json!({"shown": false, "styled": false, "built": true}),
        "built, out of sight, while the stylesheet is on its way"
    );
    page.browser
        .execute(
            &format!(
                "window.frames_ = {{unstyled: 0, waiting: 0, styled: 0}};
                 const frame = () => {{
                     const seen = (() => {{ {SEEN} }})();
                     window.frames_[!seen.shown ? 'waiting' : seen.styled ? 'styled' : 'unstyled'] += 1;
                     if (window.frames_.styled < 3) requestAnimationFrame(frame);
                 }};
                 requestAnimationFrame(frame);"
            ),
            vec![],
        )
        .await
        .unwrap();
    page.wait_until(
        "return window.frames_.styled >= 3",
        "the form drawn with its stylesheet",
    )
    .await;
    let frames = page
        .browser
        .execute("return window.frames_", vec![])
        .await
        .unwrap();
    assert_eq!(frames["unstyled"], 0, "no frame drew it unstyled: {frames}");
    assert!(
        frames["waiting"].as_u64().unwrap() > 0,
        "it waited out of sight for the stylesheet: {frames}"
    );
    drop(host);
    page.quit().await;
}

/// A snippet whose stylesheet cannot be loaded still shows its form, once
/// the script is there (unstyled), and it sends.
#[tokio::test]
async fn a_snippets_form_whose_stylesheet_fails_shows_once_the_script_is_there_and_sends() {
    let missing = sandbox::Fault {
        status: Some(404),
        ..sandbox::Fault::default()
    };
    let (page, host, _) = snippet_with(&[
        (STYLESHEET, missing),
        (MAIN_MODULE, sandbox::Fault::late(1000)),
    ])
    .await;
    shown(&page, "the form shown without its stylesheet").await;
    let seen = page.browser.execute(SEEN, vec![]).await.unwrap();
    assert_eq!(seen["styled"], false, "{seen}");
    let form = page.shadow_form("#snip").await;
    form.fill("Subject", "Unstyled snippet").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Unstyled snippet");
    drop(host);
    page.quit().await;
}

/// The page's links (not its shadow roots') name the stylesheet once (its
/// own, no second from the loader), and the server was asked for it once.
async fn asked_for_the_stylesheet_once(page: &Portal, what: &str) {
    let links = page
        .browser
        .execute(
            "return [...document.querySelectorAll('link')]
                .filter((link) => new URL(link.href).pathname.endsWith('/support-request-form.css')).length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(links, json!(1), "{what}: the page's own link only");
    assert_eq!(page.sandbox.calls(STYLESHEET), 1, "{what}: asked once");
}

/// The loader preloads the stylesheet unless the page already asks for it,
/// as the portal's link and a snippet's preload do, by a URL relative to
/// the page.
#[tokio::test]
async fn the_portal_and_a_snippets_page_each_ask_for_the_stylesheet_once() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    asked_for_the_stylesheet_once(&portal, "the portal").await;
    portal.close().await;
    let (page, host, _) = snippet_with(&[]).await;
    page.app_took_over("snip").await;
    asked_for_the_stylesheet_once(&page, "the snippet's page").await;
    drop(host);
    page.quit().await;
}

#[tokio::test]
async fn enter_and_submit_pressed_in_the_snippet_before_the_script_send_once_it_arrives() {
    let (page, host, url) = snippet_before_the_script(&[MAIN_MODULE], 4000).await;
    let form = page.shadow_form("#snip").await;
    form.fill("Subject", "Pressed early").await;
    form.fill("Requester email", "demo@example.com").await;
    form.field("Subject")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    form.click("Submit request").await;
    assert!(
        still_waiting_for_the_script(&page, Some("snip")).await,
        "pressed before the script arrived"
    );
    assert!(
        noted_as_pressed(&page, Some("snip")).await,
        "the press was held"
    );
    assert_eq!(page.browser.current_url().await.unwrap().as_str(), url);
    page.wait_for_a_request().await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received().len(), 1, "sent exactly once");
    assert_eq!(page.sandbox.received()[0]["subject"], "Pressed early");
    assert_eq!(
        page.browser.current_url().await.unwrap().as_str(),
        url,
        "the page never navigated, nothing typed went into its address"
    );
    drop(host);
    page.quit().await;
}

#[tokio::test]
async fn the_playgrounds_copy_snippet_is_the_snippet_cargo_xtask_writes_for_the_config_being_edited(
) {
    let page = Portal::open_at(sandbox::Options::default(), "/pages/playground.html").await;
    page.wait_until(
        "return document.getElementById('config').value.includes('clientId')",
        "the deployment's config.json in the editor",
    )
    .await;
    let config =
        r#"{"serverUrl": "", "locale": "de", "fields": {"subject": {"label": "Worum geht es?"}}}"#;
    page.fill("Configuration (JSON)", config).await;
    page.click("Copy snippet").await;
    page.wait_for_text("#copied", |text| text == "Snippet copied")
        .await;
    let copied = page.value("Snippet for your page").await;
    let written = snippet(&[
        "--config",
        config_file(config).to_str().unwrap(),
        "--base",
        &format!("{}/", page.base),
    ]);
    assert_eq!(copied, written, "the same painter, words and stamp");
    assert!(copied.contains("<template shadowrootmode=\"open\">"));
    assert!(
        copied.contains("Worum geht es?"),
        "in German, as configured"
    );

    // Services open on their list, which comes with the script.
    page.click("Try the services example").await;
    page.wait_until(
        "return document.getElementById('config').value.includes('\"services\"')",
        "the services example in the editor",
    )
    .await;
    page.click("Copy snippet").await;
    page.wait_until(
        "return document.getElementById('snippet').value.includes('the list of services')",
        "a snippet without a first screen",
    )
    .await;
    let copied = page.value("Snippet for your page").await;
    assert!(!copied.contains("<template"), "{copied}");
    assert!(copied.contains(&format!(
        "<support-request-form config-src=\"{}/config.json\"></support-request-form>",
        page.base
    )));

    page.fill("Configuration (JSON)", r#"{"theme": "#).await;
    page.click("Copy snippet").await;
    page.wait_for_text("#copied", |text| {
        text == "No snippet: the configuration is not valid JSON"
    })
    .await;
    page.close().await;
}
