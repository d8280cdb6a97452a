//! The development loop (`cargo xtask dev`, which runs `trunk serve`):
//! what `trunk build` writes into `target/trunk` is a working portal, the
//! form unsplit and in debug, loaded by the same element loader as the
//! release.

use crate::harness::{built, Portal};

#[tokio::test]
async fn the_trunk_build_is_a_portal_where_a_requester_signs_in_and_sends_a_request() {
    let portal = Portal::open_bundle(
        built(
            "SRF_TRUNK_DIST",
            "target/trunk",
            "support-request-form-wasm_bg.wasm",
            "`trunk build`",
        ),
        sandbox::Options::default(),
        "/",
    )
    .await;
    portal.watch().await;
    portal.sign_in("demo@example.com", "demo").await;
    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    portal
        .fill("Subject", "Sent from the development build")
        .await;
    portal.fill("Description", "trunk build works.").await;
    portal
        .field("Priority")
        .await
        .select_by_label("High")
        .await
        .unwrap();
    portal.click("Submit request").await;
    assert!(portal.ticket_number().await.starts_with("INC-"));
    assert_eq!(
        portal.sandbox.received(),
        [
            serde_json::json!({"subject": "Sent from the development build",
            "requesterEmail": "demo@example.com", "description": "trunk build works.", "priorityName": "High",
            "source": "Support Portal"})
        ]
    );
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}
