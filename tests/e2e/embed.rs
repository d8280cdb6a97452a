//! The four shells: the static portal under a sub-path, the element on a
//! page of another origin (allowed and refused), `mount()`/`unmount()`, two
//! forms on one page, events to the host, `tokenProvider` after a 401, and
//! a strict Content-Security-Policy.

use serde_json::{json, Value};

use crate::harness::{token_for, Portal, ShadowForm};

const INTRANET: &str = "/pages/intranet.html";

/// Records the events the host page hears (listening on `document` proves
/// they bubble out of the element).
const LISTEN: &str = "window.heard = [];
    for (const name of ['request-created', 'request-failed'])
        document.addEventListener(name, e => window.heard.push({name, target: e.target.id, detail: e.detail}));";

async fn heard(portal: &Portal) -> Vec<Value> {
    let events = portal
        .browser
        .execute("return window.heard", vec![])
        .await
        .unwrap();
    serde_json::from_value(events).unwrap()
}

async fn wait_heard(portal: &Portal, count: usize) -> Vec<Value> {
    for _ in 0..100 {
        let events = heard(portal).await;
        if events.len() >= count {
            return events;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page heard {:?}", heard(portal).await);
}

/// Sets attributes on the element `#id` from the host page.
async fn set_attributes(portal: &Portal, id: &str, attributes: Value) {
    portal
        .browser
        .execute(
            "const [id, attributes] = arguments; const element = document.getElementById(id);
             for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);",
            vec![json!(id), attributes],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_static_portal_works_under_a_sub_path() {
    let portal = Portal::open_at(
        sandbox::Options {
            dist_prefix: Some("/support".into()),
            ..sandbox::Options::default()
        },
        "/support/",
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "From a sub-path").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(portal.sandbox.received()[0]["subject"], "From a sub-path");
    portal.close().await;
}

#[tokio::test]
async fn the_element_on_another_origin_creates_a_ticket_and_tells_the_host() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let desk = sandbox::spawn(sandbox::Options {
        allowed_origins: vec![page.base.clone()],
        ..sandbox::Options::default()
    })
    .await
    .unwrap();
    page.browser.execute(LISTEN, vec![]).await.unwrap();
    let form = page.shadow_form("#help-form").await;
    // Attributes set after mount take effect: the server and the token.
    set_attributes(
        &page,
        "help-form",
        json!({"server-url": desk.base, "token": token_for(&desk.base).await}),
    )
    .await;
    form.fill("Subject", "Printer on floor 3").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    let number = form.ticket_number().await;

    let events = wait_heard(&page, 1).await;
    assert_eq!(events[0]["name"], "request-created");
    assert_eq!(events[0]["target"], "help-form");
    assert_eq!(events[0]["detail"]["name"], number.as_str());
    assert_eq!(events[0]["detail"]["subject"], "Printer on floor 3");
    assert_eq!(
        desk.received().len(),
        1,
        "the ticket went to the configured desk"
    );
    assert!(page.sandbox.received().is_empty());

    // The host page's styles do not reach inside (its `*` rule sets Georgia).
    let font = page
        .browser
        .execute(
            "const number = document.getElementById('help-form').shadowRoot.querySelector('.srf-ticket-number');
             return getComputedStyle(number).fontFamily",
            vec![],
        )
        .await
        .unwrap();
    assert!(!font.as_str().unwrap().contains("Georgia"), "{font}");
    page.close().await;
}

#[tokio::test]
async fn a_desk_that_does_not_allow_the_site_is_named_in_the_message() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let desk = sandbox::spawn(sandbox::Options::default()).await.unwrap();
    page.browser.execute(LISTEN, vec![]).await.unwrap();
    let form = page.shadow_form("#help-form").await;
    set_attributes(
        &page,
        "help-form",
        json!({"server-url": desk.base, "token": "any"}),
    )
    .await;
    form.fill("Subject", "Blocked").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    let message = form
        .wait_for_text(".srf-server-error", |t| t.contains("refused this site"))
        .await;
    assert!(
        message.contains(&desk.base) && message.contains(&page.base),
        "{message}"
    );
    let events = wait_heard(&page, 1).await;
    assert_eq!(events[0]["name"], "request-failed");
    assert_eq!(events[0]["detail"]["status"], Value::Null);
    assert!(desk.received().is_empty());
    page.close().await;
}

/// `mount()` called by the page's own script into a new `#mounted` div
/// with `config`, its handle in `window.handle`, given `token`.
async fn mount_in_page(page: &Portal, token: &str, config: Value) -> ShadowForm {
    page.page_mount().await;
    page.run(
        "const [token, config] = arguments;
         const target = document.createElement('div'); target.id = 'mounted'; document.body.append(target);
         window.handle = window.__mount(target, config);
         window.handle.setToken(token);",
        vec![json!(token), config],
    )
    .await;
    page.shadow_form("#mounted").await
}

#[tokio::test]
async fn a_mounted_forms_language_and_config_follow_set_locale_and_set_config() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let token = token_for(&page.base).await;
    let form = mount_in_page(&page, &token, json!({"clientId": "support-portal"})).await;
    page.run("window.handle.setLocale('de');", vec![]).await;
    form.fill("Betreff", "Eingebettet").await;
    page.run(
        "window.handle.setConfig({clientId: 'support-portal',
             customFields: [{name: 'Asset tag', type: 'text'}]});",
        vec![],
    )
    .await;
    form.field("Asset tag").await;
    page.close().await;
}

#[tokio::test]
async fn mount_renders_a_form_and_unmount_removes_it() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let token = token_for(&page.base).await;
    let form = mount_in_page(
        &page,
        &token,
        json!({"clientId": "support-portal", "preset": "requester"}),
    )
    .await;
    form.fill("Subject", "Mounted by script").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Mounted by script");

    let left = page
        .browser
        .execute(
            "window.handle.unmount();
             return document.getElementById('mounted').shadowRoot.querySelectorAll('.srf-root, form').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(left, json!(0));
    page.close().await;
}

#[tokio::test]
async fn two_forms_on_one_page_work_independently() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let token = token_for(&page.base).await;
    page.browser.execute(LISTEN, vec![]).await.unwrap();
    page.browser
        .execute(
            "const [token] = arguments;
             const second = document.createElement('support-request-form');
             second.id = 'second-form'; second.setAttribute('config-src', '../config.json');
             document.querySelector('main').append(second);
             document.getElementById('help-form').token = token; second.token = token;",
            vec![json!(token)],
        )
        .await
        .unwrap();
    let first = page.shadow_form("#help-form").await;
    let second = page.shadow_form("#second-form").await;
    first.fill("Subject", "First form").await;
    second.fill("Subject", "Second form").await;
    first.fill("Requester email", "demo@example.com").await;
    second.fill("Requester email", "a@b.com").await;
    first.click("Submit request").await;
    let first_number = first.ticket_number().await;
    // The second form is untouched by the first one's submit.
    second.click("Submit request").await;
    let second_number = second.ticket_number().await;
    assert_ne!(first_number, second_number);

    let subjects: Vec<Value> = page
        .sandbox
        .received()
        .iter()
        .map(|body| body["subject"].clone())
        .collect();
    assert_eq!(subjects, [json!("First form"), json!("Second form")]);
    let events = wait_heard(&page, 2).await;
    let targets: Vec<&Value> = events.iter().map(|event| &event["target"]).collect();
    assert_eq!(targets, [&json!("help-form"), &json!("second-form")]);
    page.close().await;
}

#[tokio::test]
async fn a_refused_token_is_refreshed_through_token_provider_and_the_submit_resumes() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    page.browser.execute(LISTEN, vec![]).await.unwrap();
    page.give_token_provider("help-form").await;
    set_attributes(&page, "help-form", json!({"token": "stale-token"})).await;
    let form = page.shadow_form("#help-form").await;
    form.fill("Subject", "Needs a fresh token").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let calls = page
        .browser
        .execute("return window.providerCalls", vec![])
        .await
        .unwrap();
    assert_eq!(calls, json!(1));
    let events = wait_heard(&page, 1).await;
    assert_eq!(
        events.len(),
        1,
        "no request-failed before the retry: {events:?}"
    );
    assert_eq!(events[0]["name"], "request-created");
    assert_eq!(page.sandbox.received().len(), 1);
    page.close().await;
}

#[tokio::test]
async fn without_a_provider_a_401_is_reported_and_a_new_token_resumes_the_submit() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    page.browser.execute(LISTEN, vec![]).await.unwrap();
    set_attributes(&page, "help-form", json!({"token": "stale-token"})).await;
    let form = page.shadow_form("#help-form").await;
    form.fill("Subject", "Kept across a 401").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    let events = wait_heard(&page, 1).await;
    assert_eq!(events[0]["name"], "request-failed");
    assert_eq!(events[0]["detail"]["status"], 401);
    assert!(page.sandbox.received().is_empty());

    set_attributes(
        &page,
        "help-form",
        json!({"token": token_for(&page.base).await}),
    )
    .await;
    form.ticket_number().await;
    assert_eq!(page.sandbox.received()[0]["subject"], "Kept across a 401");
    page.close().await;
}

#[tokio::test]
async fn the_form_runs_under_a_strict_csp_without_violations() {
    let page = Portal::open_at(sandbox::Options::default(), "/pages/strict-csp.html").await;
    let form = page.shadow_form("support-request-form").await;
    form.fill("Email", "demo@example.com").await;
    form.fill("Password", "demo").await;
    form.click("Sign in").await;
    form.fill("Subject", "Under a strict CSP").await;
    form.click("Submit request").await;
    form.ticket_number().await;
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
    page.close().await;
}

#[tokio::test]
async fn properties_set_before_the_module_loads_are_kept() {
    let page = Portal::open_at(sandbox::Options::default(), "/pages/intranet.html").await;
    let token = token_for(&page.base).await;
    // A fresh element, not yet upgraded when its properties are set: define
    // it under a page that has not loaded the module (an iframe would too;
    // here the element is created in a template, outside the registry).
    page.browser
        .execute(
            "const [token] = arguments;
             const template = document.createElement('template');
             template.innerHTML = '<support-request-form id=\"early\" config-src=\"../config.json\"></support-request-form>';
             const early = template.content.firstElementChild;
             early.token = token;
             document.querySelector('main').append(document.adoptNode(early));",
            vec![json!(token)],
        )
        .await
        .unwrap();
    let form = page.shadow_form("#early").await;
    form.fill("Subject", "Token set before upgrade").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(
        page.sandbox.received()[0]["subject"],
        "Token set before upgrade"
    );
    page.close().await;
}

#[tokio::test]
async fn on_another_origin_a_create_that_never_answers_is_looked_up_not_called_refused() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    page.watch().await;
    let desk = sandbox::spawn(sandbox::Options {
        allowed_origins: vec![page.base.clone()],
        ..sandbox::Options::default()
    })
    .await
    .unwrap();
    // The first create call is never answered in time; the second loses
    // its connection; the third goes through.
    desk.script(
        "create",
        [
            sandbox::Fault::late(60_000),
            sandbox::Fault {
                drop: true,
                ..sandbox::Fault::default()
            },
        ],
    );
    let form = page
        .add_element(
            "desk",
            json!({"server-url": desk.base, "token": token_for(&desk.base).await}),
            Some(json!({"clientReference": {"tag": true}, "requestTimeoutSeconds": 1})),
        )
        .await;
    form.fill("Subject", "Over the VPN").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    assert_eq!(desk.tickets().len(), 1, "one ticket");
    let said = form.texts(".srf-server-error").await.join(" ");
    assert!(!said.contains("refused"), "{said}");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn the_bundle_loaded_from_another_origin_finds_all_its_parts() {
    // The bundle and the desk on one origin (a CDN in front of the desk),
    // the page on another.
    let desk = Portal::open_at(
        sandbox::Options {
            allowed_origins: vec!["*".into()],
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await;
    let token = token_for(&desk.base).await;
    let page = sandbox::spawn(sandbox::Options {
        pages: vec![(
            "/help.html".into(),
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Help</title>\
                 <script type=\"module\" src=\"{base}/support-request-form.js\"></script></head>\
                 <body><main><support-request-form id=\"far\" server-url=\"{base}\" token=\"{token}\">\
                 </support-request-form></main></body></html>",
                base = desk.base
            ),
        )],
        ..sandbox::Options::default()
    })
    .await
    .unwrap();
    desk.browser
        .goto(&format!("{}/help.html", page.base))
        .await
        .unwrap();
    desk.watch().await;
    let form = desk.shadow_form("#far").await;
    form.fill("Subject", "From a page elsewhere").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let parts = desk
        .browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .await
        .unwrap();
    for part in [
        "/support-request-form.js",
        "/support-request-form-wasm_bg.wasm",
        "/split_app.wasm",
    ] {
        assert!(
            parts.as_array().unwrap().iter().any(|p| p == part),
            "{part} came from the other origin: {parts}"
        );
    }
    assert_eq!(desk.page_errors().await, Vec::<String>::new());
    desk.close().await;
}
