//! Bad answers from a server: each gives a clear message and leaves the
//! form as the user filled it, and nothing a server says is run as markup.

use fantoccini::Locator;
use sandbox::Fault;
use serde_json::json;

use crate::harness::Portal;

fn fault(status: u16, body: &str) -> Fault {
    Fault {
        status: Some(status),
        body: Some(body.to_owned()),
        ..Fault::default()
    }
}

#[tokio::test]
async fn garbage_answers_give_a_clear_message_and_keep_the_form() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Survives garbage").await;
    portal.fill("Description", "Every character kept").await;
    const UNREADABLE: &str = "The service desk sent an answer the form cannot read.";
    let cases: Vec<(Fault, &[&str])> = vec![
        (
            fault(502, "html"),
            &["The service desk answered with error 502 (Bad Gateway)."],
        ),
        (fault(200, "truncated"), &[UNREADABLE]),
        (fault(200, "wrong-types"), &[UNREADABLE]),
        (fault(200, "huge"), &[UNREADABLE]),
        (
            fault(500, "garbage"),
            &["The service desk answered with error 500 (Internal Server Error)."],
        ),
    ];
    for (fault, expected) in cases {
        let kind = format!("{fault:?}");
        portal.sandbox.script("create", [fault]);
        portal.click("Submit request").await;
        let shown = portal
            .wait_for_text(".srf-server-error", |t| {
                expected.iter().any(|e| t.contains(e))
            })
            .await;
        assert!(!shown.is_empty(), "{kind}");
        assert_eq!(portal.value("Subject").await, "Survives garbage", "{kind}");
        assert_eq!(
            portal.value("Description").await,
            "Every character kept",
            "{kind}"
        );
        assert!(
            portal
                .button("Submit request")
                .await
                .is_enabled()
                .await
                .unwrap(),
            "{kind}"
        );
    }
    // The form is still alive: the next try goes through.
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(portal.sandbox.received().len(), 1);
    portal.close().await;
}

#[tokio::test]
async fn server_strings_with_markup_render_as_text() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    let markup = r#"<img src=x onerror="window.__xss=1"> refused"#;
    portal.sandbox.script(
        "create",
        [fault(400, &json!({"userMessage": markup}).to_string())],
    );
    portal
        .fill("Subject", r#"<img src=x onerror="window.__xss=2">"#)
        .await;
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-server-error", |t| t == markup)
        .await;

    portal.click("Submit request").await;
    portal.ticket_number().await;
    let card = portal
        .browser
        .find(Locator::Css(".srf-ticket"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        card.contains(r#"<img src=x onerror="window.__xss=2">"#),
        "{card}"
    );
    assert!(
        portal
            .browser
            .find(Locator::Css("#srf-portal img"))
            .await
            .is_err(),
        "no element made from server text"
    );
    let ran = portal
        .browser
        .execute("return window.__xss === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(ran, json!(true), "no script from server text ran");
    portal.close().await;
}
