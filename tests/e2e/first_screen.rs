//! The first screen: on a slow connection the form is usable before the
//! app (the Leptos form, a chunk of its own) has arrived; the app then
//! takes over everything typed, picked or pressed there. A part that fails
//! to load says so, keeps what was typed, and can be tried again.

use sandbox::Fault;
use serde_json::json;

use crate::harness::{png_file, token_for, Portal, ShadowForm};

const INTRANET: &str = "/pages/intranet.html";
const APP: &str = "file:split_app.wasm";

/// The main module arrives slowly (the mark of a slow connection: the
/// first screen is painted) and the app later still.
fn slow_connection(portal: &Portal, app_delay_ms: u64) {
    portal.sandbox.script(
        "file:support-request-form-wasm_bg.wasm",
        [Fault {
            delay_ms: 400,
            delay_only: true,
            ..Fault::default()
        }],
    );
    portal.sandbox.script(
        APP,
        [Fault {
            delay_ms: app_delay_ms,
            delay_only: true,
            ..Fault::default()
        }],
    );
}

/// The element, added to a page whose main module and app load slowly.
async fn slow_element(app_delay_ms: u64) -> (Portal, ShadowForm) {
    let page = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    slow_connection(&page, app_delay_ms);
    page.browser
        .goto(&format!("{}{INTRANET}", page.base))
        .await
        .unwrap();
    page.watch().await;
    let token = token_for(&page.base).await;
    let form = page
        .add_element(
            "slow",
            json!({"server-url": page.base, "token": token}),
            None,
        )
        .await;
    (page, form)
}

async fn first_screen_shown(page: &Portal) -> bool {
    page.browser
        .execute(
            "return !!document.getElementById('slow').shadowRoot.querySelector('.srf-first')",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

async fn app_took_over(page: &Portal) {
    page.wait_until(
        "const root = document.getElementById('slow').shadowRoot;
         return !root.querySelector('.srf-first') && !!root.querySelector('.srf-form-root')",
        "the app to take over",
    )
    .await;
}

#[tokio::test]
async fn typing_starts_on_the_first_screen_and_the_app_keeps_it_with_the_focus() {
    let (page, form) = slow_element(3000).await;
    form.fill("Subject", "Printer").await;
    form.fill("Requester email", "demo@example.com").await;
    let picked = png_file("before-the-app.png", 2000);
    form.field("Attachments")
        .await
        .send_keys(&picked.display().to_string())
        .await
        .unwrap();
    form.field("Subject").await.click().await.unwrap();
    assert!(
        first_screen_shown(&page).await,
        "typed on the first screen, before the app arrived"
    );
    app_took_over(&page).await;
    assert_eq!(form.value("Subject").await, "Printer");
    assert_eq!(form.value("Requester email").await, "demo@example.com");
    let focused = page
        .browser
        .execute(
            "const root = document.getElementById('slow').shadowRoot;
             return root.activeElement && root.activeElement.id",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        focused.as_str().unwrap().ends_with("-subject"),
        "focus stayed in Subject: {focused}"
    );
    form.wait_for_text(".srf-file", |t| t.contains("Uploaded"))
        .await;
    // Keys go on where they were.
    page.browser
        .execute(
            "const input = document.getElementById('slow').shadowRoot.activeElement;
             input.setSelectionRange(input.value.length, input.value.length);",
            vec![],
        )
        .await
        .unwrap();
    form.field("Subject").await.send_keys(" jam").await.unwrap();
    assert_eq!(form.value("Subject").await, "Printer jam");
    form.click("Submit request").await;
    form.ticket_number().await;
    let sent = &page.sandbox.received()[0];
    assert_eq!(sent["subject"], "Printer jam");
    assert_eq!(sent["fileAttachments"][0]["realName"], "before-the-app.png");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn a_submit_pressed_before_the_app_arrives_is_sent_once_it_does() {
    let (page, form) = slow_element(2500).await;
    form.fill("Subject", "Sent from the first screen").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    assert!(page.sandbox.received().is_empty(), "nothing sent yet");
    form.ticket_number().await;
    assert_eq!(page.sandbox.received().len(), 1);
    assert_eq!(
        page.sandbox.received()[0]["subject"],
        "Sent from the first screen"
    );
    page.close().await;
}

/// A host page with the module and nothing else: the only form on it is
/// the one a test adds (a form that fails to load the app tells no one
/// else; the next one to ask loads it again).
const EMPTY_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Empty</title>
<script type="module" src="../support-request-form.js"></script></head><body><main></main></body></html>"#;

#[tokio::test]
async fn a_failed_load_says_so_keeps_what_was_typed_and_can_be_tried_again() {
    let page = Portal::open_at(
        sandbox::Options {
            pages: vec![("/pages/empty.html".into(), EMPTY_PAGE.into())],
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await;
    page.sandbox.script(
        "file:support-request-form-wasm_bg.wasm",
        [Fault {
            delay_ms: 400,
            delay_only: true,
            ..Fault::default()
        }],
    );
    page.sandbox.script(
        APP,
        [Fault {
            status: Some(404),
            ..Fault::default()
        }],
    );
    page.browser
        .goto(&format!("{}/pages/empty.html", page.base))
        .await
        .unwrap();
    let token = token_for(&page.base).await;
    let form = page
        .add_element(
            "slow",
            json!({"server-url": page.base, "token": token}),
            None,
        )
        .await;
    form.fill("Subject", "Kept through a failed load").await;
    form.wait_for_text(".srf-load-error", |t| {
        t.contains("Part of the form could not be loaded")
    })
    .await;
    assert_eq!(form.value("Subject").await, "Kept through a failed load");
    form.click("Try again").await;
    app_took_over(&page).await;
    assert_eq!(form.value("Subject").await, "Kept through a failed load");
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    page.close().await;
}

#[tokio::test]
async fn the_portal_sign_in_works_before_the_app_arrives() {
    let portal = Portal::open_at(sandbox::Options::default(), "/favicon.svg").await;
    slow_connection(&portal, 2500);
    portal
        .browser
        .goto(&format!("{}/", portal.base))
        .await
        .unwrap();
    portal.sign_in("demo@example.com", "demo").await;
    assert!(
        portal
            .browser
            .execute("return !!document.querySelector('.srf-first')", vec![])
            .await
            .unwrap()
            .as_bool()
            .unwrap(),
        "signed in on the first screen"
    );
    portal.fill("Subject", "After a slow start").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    portal.close().await;
}
