//! The development loop (`cargo xtask dev`, which runs `trunk serve`):
//! what `trunk build` writes into `target/trunk` is a working portal, the
//! form unsplit and in debug, loaded by the same element loader as the
//! release.

use std::os::unix::process::CommandExt;
use std::time::Duration;

use crate::harness::{built, temp_path, Portal, ProcessGroup};

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
    sends_a_request(&portal, "Sent from the development build").await;
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

/// `trunk serve` (what `cargo xtask dev` runs) with the project's
/// Trunk.toml, its API backend pointed at this test's sandbox instead of
/// port 8081: the page it serves carries trunk's reload script and sends
/// the request through trunk's proxy.
#[tokio::test]
async fn trunk_serve_serves_the_portal_and_passes_api_calls_to_the_sandbox() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sandbox = sandbox::spawn(sandbox::Options::default()).await.unwrap();
    let config = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
    assert!(config.contains("backend = \"http://127.0.0.1:8081/api/\""));
    let served = temp_path("trunk-serve");
    let config = config
        .replace(
            "http://127.0.0.1:8081/api/",
            &format!("{}/api/", sandbox.base),
        )
        .replace(
            "target = \"index.html\"",
            &format!("target = {:?}", root.join("index.html")),
        )
        .replace("dist = \"target/trunk\"", &format!("dist = {served:?}"));
    // What trunk watches: a folder of this test's (the project's sources
    // must not change under the other tests).
    let watched = temp_path("watched");
    std::fs::create_dir_all(&watched).unwrap();
    let config = format!("{config}\n[watch]\nwatch = [{watched:?}]\n");
    let config_file = temp_path("Trunk.toml");
    std::fs::write(&config_file, config).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let _trunk = ProcessGroup(
        std::process::Command::new("trunk")
            .arg("--config")
            .arg(&config_file)
            .args(["serve", "--port", &port.to_string()])
            .current_dir(&root)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .expect("trunk is on PATH (cargo xtask setup --all installs it)"),
    );
    let page = format!("http://127.0.0.1:{port}/");
    let wasm = format!("{page}support-request-form-wasm_bg.wasm");
    let mut ready = false;
    // Bounded: trunk builds the form first (seconds when cargo is warm).
    for _ in 0..600 {
        if reqwest::get(&wasm)
            .await
            .is_ok_and(|answer| answer.status().is_success())
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await; // ok: polling a server that is building
    }
    assert!(ready, "trunk serve never served the form at {page}");
    let portal = Portal::open_url(sandbox, &page).await;
    // Saving a watched file rebuilds and reloads the page.
    portal
        .wait_until(
            "return !!document.querySelector('#srf-portal input')",
            "the sign-in",
        )
        .await;
    portal
        .browser
        .execute("window.__before_save = true", vec![])
        .await
        .unwrap();
    std::fs::write(watched.join("saved.txt"), "saved").unwrap();
    // Bounded, and a script that meets the page mid-reload is tried again:
    // trunk rebuilds first (seconds, more while other tests load the CPU).
    let mut reloaded = false;
    for _ in 0..600 {
        let fresh = portal
            .browser
            .execute("return window.__before_save === undefined", vec![])
            .await;
        if matches!(fresh, Ok(serde_json::Value::Bool(true))) {
            reloaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await; // ok: polling for the reload
    }
    assert!(reloaded, "saving a watched file did not reload the page");
    sends_a_request(&portal, "Sent through trunk serve").await;
    portal.close().await;
}

/// A requester signs in and sends a request; the sandbox receives exactly
/// what was filled in.
async fn sends_a_request(portal: &Portal, subject: &str) {
    portal.sign_in("demo@example.com", "demo").await;
    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    portal.fill("Subject", subject).await;
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
            serde_json::json!({"subject": subject, "requesterEmail": "demo@example.com",
            "description": "trunk build works.", "priorityName": "High", "source": "Support Portal"})
        ]
    );
}
