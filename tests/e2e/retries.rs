//! Delivery: what the server refused before processing is sent again by
//! itself; after an ambiguous failure the ticket is looked up first, so a
//! request never becomes two tickets; offline submits wait for the network;
//! the user can stop retrying; double clicks send once.

use sandbox::Fault;
use serde_json::json;

use crate::harness::{config_file, Portal};

const WITH_REFERENCE: &str = r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
    "clientReference": {"tag": true}, "requestTimeoutSeconds": 1}"#;

async fn ready(config: &str) -> Portal {
    let portal = Portal::open_with(sandbox::Options {
        form_config: Some(config_file(config)),
        ..sandbox::Options::default()
    })
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Deliver me once").await;
    portal
}

fn status(status: u16) -> Fault {
    Fault {
        status: Some(status),
        ..Fault::default()
    }
}

async fn created_once(portal: &Portal) {
    portal.ticket_number().await;
    let tickets = portal.sandbox.tickets();
    assert_eq!(tickets.len(), 1, "exactly one ticket: {tickets:?}");
    let tags = tickets[0]["tags"].as_array().unwrap();
    assert!(
        tags.iter()
            .any(|tag| tag.as_str().unwrap().starts_with("srf-")),
        "{tags:?}"
    );
}

#[tokio::test]
async fn a_429_is_sent_again_after_retry_after() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script(
        "create",
        [Fault {
            retry_after: Some(2),
            ..status(429)
        }],
    );
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| t.contains("trying again in 2 s"))
        .await;
    created_once(&portal).await;
    portal.close().await;
}

/// When each create call started, in ms since the page started, as the
/// browser saw it.
async fn create_starts(portal: &Portal) -> Vec<f64> {
    let starts = portal
        .browser
        .execute(
            "return performance.getEntriesByType('resource')
                 .filter((entry) => new URL(entry.name).pathname === '/api/v1/request')
                 .map((entry) => entry.startTime)",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(starts).unwrap()
}

#[tokio::test]
async fn a_503_is_retried_with_backoff() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script("create", [status(503), status(503)]);
    portal.click("Submit request").await;
    created_once(&portal).await;
    assert_eq!(portal.sandbox.calls("create"), 3);
    let starts = create_starts(&portal).await;
    let [first, second, third] = starts[..] else {
        panic!("three create calls: {starts:?}");
    };
    // Waits of 1 s then 2 s, each with jitter down to half (plus the
    // answer's own time on the wire).
    let waits = [second - first, third - second];
    assert!((500.0..1_500.0).contains(&waits[0]), "{waits:?}");
    assert!((1_000.0..2_500.0).contains(&waits[1]), "{waits:?}");
    portal.close().await;
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_instead_of_sending_twice() {
    let portal = ready(WITH_REFERENCE).await;
    // The ticket is created, then the gateway times out.
    portal.sandbox.script(
        "create",
        [Fault {
            after_handling: true,
            ..status(504)
        }],
    );
    portal.click("Submit request").await;
    created_once(&portal).await;
    assert_eq!(portal.sandbox.received().len(), 1, "sent once");
    portal.close().await;
}

#[tokio::test]
async fn a_timeout_is_looked_up_instead_of_sending_twice() {
    let portal = ready(WITH_REFERENCE).await;
    // Created at once, answered after 3 s; the form gives up after 1 s.
    portal.sandbox.script(
        "create",
        [Fault {
            after_handling: true,
            delay_ms: 3000,
            status: Some(200),
            body: Some("{}".into()),
            ..Fault::default()
        }],
    );
    portal.click("Submit request").await;
    created_once(&portal).await;
    portal.close().await;
}

#[tokio::test]
async fn without_a_client_reference_an_ambiguous_failure_is_left_to_the_user() {
    let portal = ready(r#"{"clientId": "support-portal", "clientSecret": "portal-secret"}"#).await;
    portal.sandbox.script(
        "create",
        [Fault {
            after_handling: true,
            ..status(504)
        }],
    );
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-server-error", |t| t.contains("504"))
        .await;
    assert_eq!(
        portal.value("Subject").await,
        "Deliver me once",
        "the form is kept"
    );
    assert_eq!(portal.sandbox.received().len(), 1, "not sent again blindly");
    portal.close().await;
}

#[tokio::test]
async fn an_offline_submit_waits_and_is_sent_when_back_online() {
    let portal = ready(WITH_REFERENCE).await;
    portal
        .browser
        .execute(
            "window.__online = false; window.__onlineChecks = 0;
             Object.defineProperty(Navigator.prototype, 'onLine', {configurable: true,
               get: () => { window.__onlineChecks++; return window.__online; }});",
            vec![],
        )
        .await
        .unwrap();
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| t.contains("You are offline"))
        .await;
    // The form looks again and again while offline, and sends nothing.
    let checks = portal
        .browser
        .execute("return window.__onlineChecks", vec![])
        .await
        .unwrap();
    portal
        .wait_until(
            &format!("return window.__onlineChecks >= {} + 2", checks),
            "two more looks at the network",
        )
        .await;
    assert!(
        portal.sandbox.received().is_empty(),
        "nothing is sent while offline"
    );
    portal
        .browser
        .execute("window.__online = true", vec![])
        .await
        .unwrap();
    created_once(&portal).await;
    portal.close().await;
}

#[tokio::test]
async fn stop_sending_cancels_the_retries_and_keeps_the_request() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script(
        "create",
        [Fault {
            retry_after: Some(30),
            ..status(503)
        }],
    );
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| t.contains("trying again in"))
        .await;
    portal.click("Stop sending").await;
    portal
        .wait_for_text(".srf-server-error", |t| t.starts_with("Sending stopped"))
        .await;
    assert_eq!(portal.value("Subject").await, "Deliver me once");
    assert!(portal.sandbox.tickets().is_empty());
    portal.click("Submit request").await;
    created_once(&portal).await;
    portal.close().await;
}

#[tokio::test]
async fn double_clicks_and_repeated_enter_send_once() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script(
        "create",
        [Fault {
            after_handling: true,
            delay_ms: 600,
            status: Some(502),
            ..Fault::default()
        }],
    );
    portal
        .browser
        .execute(
            "const button = document.querySelector('button.srf-submit');
             button.click(); button.click();
             const form = document.querySelector('form.srf-form');
             form.requestSubmit(); form.requestSubmit();",
            vec![],
        )
        .await
        .unwrap();
    created_once(&portal).await;
    assert_eq!(
        portal.sandbox.received().len(),
        1,
        "{:?}",
        json!(portal.sandbox.received())
    );
    portal.close().await;
}

#[tokio::test]
async fn the_same_draft_in_a_second_tab_never_becomes_a_second_ticket() {
    let portal = ready(WITH_REFERENCE).await;
    let first_tab = portal.browser.window().await.unwrap();
    let second_tab = portal.browser.new_window(true).await.unwrap().handle;
    portal.browser.switch_to_window(second_tab).await.unwrap();
    portal
        .browser
        .goto(&format!("{}/", portal.base))
        .await
        .unwrap();
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text(".srf-restore-text", |t| t.starts_with("Restore your draft"))
        .await;
    portal.click("Restore").await;
    assert_eq!(portal.value("Subject").await, "Deliver me once");
    portal.click("Submit request").await;
    let number = portal.ticket_number().await;

    // The first tab still shows the draft; sending it finds the ticket.
    portal.browser.switch_to_window(first_tab).await.unwrap();
    portal.click("Submit request").await;
    let again = portal.ticket_number().await;
    assert_eq!(
        again, number,
        "the first tab shows the ticket the second one created"
    );
    assert_eq!(portal.sandbox.tickets().len(), 1);
    assert_eq!(portal.sandbox.received().len(), 1, "sent once");
    portal.close().await;
}

#[tokio::test]
async fn a_look_up_the_server_refuses_asks_to_send_anyway_or_stop() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script("search", [status(403), status(404)]);
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| {
            t.contains("does not let this form check whether your request already arrived")
        })
        .await;
    assert!(portal.sandbox.received().is_empty(), "nothing sent blind");
    portal.click("Stop sending").await;
    portal
        .wait_for_text(".srf-server-error", |t| t.starts_with("Sending stopped"))
        .await;
    assert_eq!(portal.value("Subject").await, "Deliver me once");

    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| {
            t.contains("does not let this form check")
        })
        .await;
    portal.click("Send anyway").await;
    created_once(&portal).await;
    portal.close().await;
}

#[tokio::test]
async fn a_look_up_that_gets_no_answer_times_out_and_is_tried_again() {
    let portal = ready(WITH_REFERENCE).await;
    // The first look-up would hang for a minute; the timeout is 1 s.
    portal.sandbox.script("search", [Fault::late(60_000)]);
    // The create call is held a moment (under the 1 s timeout), so the
    // look-ups can be counted
    // before the card's own searches (My recent requests) start.
    portal.sandbox.script("create", [Fault::late(700)]);
    let before = portal.sandbox.calls("search");
    portal.click("Submit request").await;
    for _ in 0..100 {
        if portal.sandbox.calls("create") > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        portal.sandbox.calls("search") - before,
        2,
        "the hung look-up, then one that answered"
    );
    created_once(&portal).await;
    portal.close().await;
}

#[tokio::test]
async fn the_form_is_read_only_while_sending_and_stop_returns_to_editing() {
    let portal = ready(WITH_REFERENCE).await;
    portal.sandbox.script(
        "create",
        [Fault {
            retry_after: Some(30),
            ..status(503)
        }],
    );
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| t.contains("trying again in"))
        .await;
    let fieldset = portal
        .browser
        .find(fantoccini::Locator::Css("fieldset.srf-fields"))
        .await
        .unwrap();
    assert!(fieldset.attr("disabled").await.unwrap().is_some());
    assert_eq!(
        fieldset.attr("aria-busy").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(!portal.field("Subject").await.is_enabled().await.unwrap());
    portal.click("Stop sending").await;
    portal
        .wait_for_text(".srf-server-error", |t| t.starts_with("Sending stopped"))
        .await;
    assert_eq!(fieldset.attr("disabled").await.unwrap(), None);
    assert_eq!(fieldset.attr("aria-busy").await.unwrap(), None);
    portal.fill("Subject", "Edited after stopping").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["subject"],
        "Edited after stopping"
    );
    portal.close().await;
}

/// Opens a second tab of the portal from the first (same origin: the test
/// drives both from one script), restores the shared draft there, then
/// presses Submit in both tabs in the same task.
async fn submit_in_two_tabs_at_once(portal: &Portal, before: &str) -> (String, String) {
    portal
        .browser
        .execute("window.__other = window.open('/', 'second')", vec![])
        .await
        .unwrap();
    portal
        .wait_until(
            "const doc = window.__other.document;
             return doc.querySelector('.srf-restore button') !== null",
            "the second tab to offer the draft",
        )
        .await;
    portal
        .browser
        .execute(
            &format!(
                "{before}
                 window.__other.document.querySelector('.srf-restore button').click();"
            ),
            vec![],
        )
        .await
        .unwrap();
    portal
        .wait_until(
            "return window.__other.document.querySelector('input[name$=subject]').value === 'Deliver me once'",
            "the draft restored in the second tab",
        )
        .await;
    portal
        .browser
        .execute(
            "document.querySelector('button.srf-submit').click();
             window.__other.document.querySelector('button.srf-submit').click();",
            vec![],
        )
        .await
        .unwrap();
    let numbers = portal
        .wait_until(
            "const number = doc => (doc.querySelector('.srf-ticket-number') || {}).textContent;
             const both = [number(document), number(window.__other.document)];
             return both.every(Boolean) && both",
            "both tabs to show a ticket",
        )
        .await;
    (
        numbers[0].as_str().unwrap().to_owned(),
        numbers[1].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn two_tabs_pressing_submit_at_once_make_one_ticket() {
    let portal = ready(r#"{"clientId": "support-portal", "clientSecret": "portal-secret"}"#).await;
    let (first, second) = submit_in_two_tabs_at_once(&portal, "").await;
    assert_eq!(first, second, "both tabs show the one ticket");
    assert_eq!(portal.sandbox.tickets().len(), 1);
    assert_eq!(portal.sandbox.received().len(), 1, "sent once");
    portal.close().await;
}

#[tokio::test]
async fn without_web_locks_the_storage_mark_still_lets_one_tab_send() {
    let portal = ready(r#"{"clientId": "support-portal", "clientSecret": "portal-secret"}"#).await;
    let no_locks = "for (const win of [window, window.__other])
        Object.defineProperty(win.Navigator.prototype, 'locks', {get: () => undefined, configurable: true});";
    let (first, second) = submit_in_two_tabs_at_once(&portal, no_locks).await;
    assert_eq!(first, second);
    assert_eq!(portal.sandbox.received().len(), 1, "sent once");
    portal.close().await;
}
