//! Lifecycle: a form can be removed, unmounted or moved at any moment —
//! idle, typing, uploading, waiting to retry, checking by client reference,
//! with a create call on the wire — without a page error or console error,
//! and a removed form lets go of every XHR, timer, lock and object URL.
//! A create call already on the wire still finishes and clears the draft.

use sandbox::Fault;
use serde_json::{json, Value};

use crate::harness::{png_file, token_for, Portal, ShadowForm};

const INTRANET: &str = "/pages/intranet.html";

/// A page with the module loaded and a watch on errors and held resources.
async fn page() -> Portal {
    let page = Portal::open_at(
        sandbox::Options {
            upload_bytes_per_sec: Some(40_000),
            ..sandbox::Options::default()
        },
        INTRANET,
    )
    .await;
    page.watch().await;
    page
}

fn attributes(page: &Portal, token: &str) -> Value {
    json!({"server-url": page.base, "token": token})
}

/// A config with a client reference (so a submit looks up first) and its
/// own form id (so each state keeps its own draft and lock).
fn config(form_id: &str) -> Value {
    json!({"formId": form_id, "clientReference": {"tag": true}})
}

async fn fill_required(form: &ShadowForm, subject: &str) {
    form.fill("Subject", subject).await;
    form.fill("Requester email", "demo@example.com").await;
}

/// Puts `form` in `state`; returns once it is there.
async fn bring_to(page: &Portal, form: &ShadowForm, state: &str) {
    match state {
        "idle" => {
            form.field("Subject").await;
        }
        "typing" => form.fill("Subject", "Half a sentence").await,
        "uploading" => {
            let file = png_file("slow-screenshot.png", 400_000);
            form.pick("Attachments", &[&file]).await;
            form.wait_for_text(".srf-file", |t| t.contains('%')).await;
        }
        "waiting to retry" => {
            page.sandbox.script(
                "create",
                [Fault {
                    status: Some(503),
                    retry_after: Some(60),
                    ..Fault::default()
                }],
            );
            fill_required(form, "Retry me later").await;
            form.click("Submit request").await;
            form.wait_for_text(".srf-delivery", |t| t.contains("trying again in"))
                .await;
        }
        "checking" => {
            page.sandbox.script("search", [Fault::late(20_000)]);
            fill_required(form, "Look me up").await;
            form.click("Submit request").await;
            form.wait_for_text(".srf-delivery", |t| t.contains("checking"))
                .await;
        }
        "sending" => {
            page.sandbox.script("create", [Fault::late(1500)]);
            fill_required(form, "On the wire").await;
            let before = page.sandbox.calls("create");
            form.click("Submit request").await;
            for _ in 0..100 {
                if page.sandbox.calls("create") > before {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            panic!("the create call never reached the server");
        }
        other => panic!("no state {other}"),
    }
}

const STATES: [&str; 6] = [
    "idle",
    "typing",
    "uploading",
    "waiting to retry",
    "checking",
    "sending",
];

#[tokio::test]
async fn removing_a_form_in_any_state_raises_no_error_and_lets_go_of_everything() {
    let page = page().await;
    let token = token_for(&page.base).await;
    for state in STATES {
        let form = page
            .add_element("lifecycle", attributes(&page, &token), Some(config(state)))
            .await;
        bring_to(&page, &form, state).await;
        let aborted_before = page.held().await.aborted;
        page.remove_element("lifecycle").await;
        let held = page.wait_until_nothing_held(state).await;
        if state == "uploading" {
            assert_eq!(held.aborted, aborted_before + 1, "the upload was aborted");
        }
        assert_eq!(page.page_errors().await, Vec::<String>::new(), "{state}");
    }
    page.close().await;
}

#[tokio::test]
async fn a_create_call_on_the_wire_finishes_after_removal_and_clears_the_draft() {
    let page = page().await;
    let token = token_for(&page.base).await;
    let form = page
        .add_element("lifecycle", attributes(&page, &token), Some(config("wire")))
        .await;
    bring_to(&page, &form, "sending").await;
    page.remove_element("lifecycle").await;
    page.wait_until_nothing_held("the create call").await;
    let tickets = page.sandbox.tickets();
    assert_eq!(
        tickets.len(),
        1,
        "the call on the wire was allowed to finish"
    );
    assert_eq!(tickets[0]["subject"], "On the wire");
    let drafts = page
        .browser
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('srf.draft:'))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(drafts, json!([]), "the draft that became a ticket is gone");

    // A later form for the same place does not offer it again.
    let later = page
        .add_element("later", attributes(&page, &token), Some(config("wire")))
        .await;
    later.field("Subject").await;
    assert!(later.texts(".srf-restore").await.is_empty());
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn unmounting_a_mounted_form_in_any_state_raises_no_error_and_lets_go_of_everything() {
    let page = page().await;
    let token = token_for(&page.base).await;
    for state in STATES {
        page.page_mount().await;
        page.run(
            "const [config, token] = arguments;
             const host = document.createElement('div');
             host.id = 'lifecycle';
             document.querySelector('main').append(host);
             window.__handle = window.__mount(host, config);
             window.__handle.setToken(token);",
            vec![
                json!({"serverUrl": page.base, "formId": state, "clientReference": {"tag": true}}),
                json!(token),
            ],
        )
        .await;
        let form = page.shadow_form("#lifecycle").await;
        bring_to(&page, &form, state).await;
        page.browser
            .execute(
                "window.__handle.unmount(); document.getElementById('lifecycle').remove();",
                vec![],
            )
            .await
            .unwrap();
        page.wait_until_nothing_held(state).await;
        assert_eq!(page.page_errors().await, Vec::<String>::new(), "{state}");
    }
    page.close().await;
}

#[tokio::test]
async fn moving_a_form_keeps_what_was_typed_and_its_upload() {
    let page = page().await;
    let token = token_for(&page.base).await;
    let form = page
        .add_element("lifecycle", attributes(&page, &token), Some(config("move")))
        .await;
    bring_to(&page, &form, "uploading").await;
    form.fill("Subject", "Moved along").await;
    page.browser
        .execute(
            "const element = document.getElementById('lifecycle');
             const aside = document.createElement('aside');
             document.body.append(aside);
             aside.append(element);",
            vec![],
        )
        .await
        .unwrap();
    let form = page.shadow_form("aside #lifecycle").await;
    form.wait_for_text(".srf-file", |t| t.contains("Uploaded"))
        .await;
    assert_eq!(form.value("Subject").await, "Moved along");
    assert_eq!(page.held().await.aborted, 0, "nothing was aborted");
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let attached = &page.sandbox.received()[0]["fileAttachments"];
    assert_eq!(attached[0]["realName"], "slow-screenshot.png");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn the_second_form_keeps_working_when_the_first_is_removed_mid_send() {
    let page = page().await;
    let token = token_for(&page.base).await;
    let first = page
        .add_element(
            "lifecycle",
            attributes(&page, &token),
            Some(config("first")),
        )
        .await;
    let second = page
        .add_element("second", attributes(&page, &token), Some(config("second")))
        .await;
    bring_to(&page, &first, "sending").await;
    page.remove_element("lifecycle").await;
    fill_required(&second, "Still here").await;
    second.click("Submit request").await;
    second.ticket_number().await;
    // The first form's call was on the wire: it finishes too.
    page.wait_until_nothing_held("the first form's create call")
        .await;
    let mut subjects: Vec<String> = page
        .sandbox
        .tickets()
        .iter()
        .map(|ticket| ticket["subject"].as_str().unwrap_or_default().to_owned())
        .collect();
    subjects.sort();
    assert_eq!(subjects, ["On the wire", "Still here"]);
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}
