//! The development loop (`cargo xtask dev`, which runs `trunk serve`):
//! what `trunk build` writes into `target/trunk` is a working portal, the
//! form unsplit and in debug, loaded by the same element loader as the
//! release.

use std::path::PathBuf;

use crate::harness::Portal;

fn trunk_build() -> PathBuf {
    let dir = std::env::var_os("SRF_TRUNK_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/trunk"));
    assert!(
        dir.join("support-request-form-wasm_bg.wasm").exists(),
        "no development build in {}: run `trunk build` (cargo xtask test does)",
        dir.display()
    );
    dir
}

#[tokio::test]
async fn the_trunk_build_is_a_portal_where_a_requester_signs_in_and_sends_a_request() {
    let portal = Portal::open_bundle(trunk_build(), sandbox::Options::default(), "/").await;
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
