//! Soak: 200 submissions with an attachment each, through the real form in
//! headless Chromium, while the sandbox answers with seeded random faults.
//! Passes only with exactly one ticket per intended request, no draft lost
//! and no panic. Run by `cargo xtask soak` (a few minutes; not part of
//! `cargo xtask test`). `SOAK_COUNT` and `SOAK_SEED` override 200 and 42.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// The soak uses part of the end-to-end harness it shares.
#![allow(dead_code)]

#[path = "../e2e/harness.rs"]
mod harness;

use std::collections::BTreeMap;

use fantoccini::Locator;
use harness::{config_file, temp_path, Portal};
use sandbox::Fault;
use serde_json::Value;

/// A small deterministic generator, so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn fault(status: u16) -> Fault {
    Fault {
        status: Some(status),
        ..Fault::default()
    }
}

/// The faults the create call meets for one submission.
fn create_faults(rng: &mut Rng) -> (Vec<Fault>, &'static str) {
    match rng.below(10) {
        0 => (
            vec![Fault {
                retry_after: Some(1),
                ..fault(429)
            }],
            "429",
        ),
        1 => (vec![fault(503)], "503"),
        2 => (
            vec![Fault {
                after_handling: true,
                ..fault(504)
            }],
            "504 after creating",
        ),
        3 => (
            vec![
                Fault {
                    after_handling: true,
                    ..fault(502)
                },
                fault(503),
            ],
            "502 after creating, then 503",
        ),
        4 => (
            vec![Fault {
                after_handling: true,
                status: Some(200),
                body: Some("truncated".into()),
                ..Fault::default()
            }],
            "truncated answer after creating",
        ),
        5 => (
            vec![Fault {
                after_handling: true,
                delay_ms: 1500,
                status: Some(200),
                body: Some("{}".into()),
                ..Fault::default()
            }],
            "timeout after creating",
        ),
        6 => (
            vec![Fault {
                drop: true,
                ..Fault::default()
            }],
            "dropped before creating",
        ),
        _ => (Vec::new(), "none"),
    }
}

fn upload_faults(rng: &mut Rng) -> Vec<Fault> {
    match rng.below(6) {
        0 => vec![fault(503)],
        1 => vec![fault(500), fault(502)],
        _ => Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak() {
    let count: usize = std::env::var("SOAK_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(42);
    let config = r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
        "clientReference": {"tag": true}, "requestTimeoutSeconds": 1}"#;
    let portal = Portal::open_with(sandbox::Options {
        form_config: Some(config_file(config)),
        ..sandbox::Options::default()
    })
    .await;
    portal
        .browser
        .execute(
            "window.__errors = [];
             window.addEventListener('error', e => window.__errors.push(String(e.message)));
             window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));",
            vec![],
        )
        .await
        .unwrap();
    portal.sign_in("demo@example.com", "demo").await;

    let mut rng = Rng(seed.max(1));
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut resent_by_user = 0;
    let mut lost_drafts = 0;
    let started = std::time::Instant::now();
    for i in 0..count {
        let subject = format!("soak {i:03}");
        let attachment = temp_path(&format!("soak-{i:03}.txt"));
        std::fs::write(&attachment, format!("attachment of {subject}")).unwrap();

        portal.sandbox.script("upload", upload_faults(&mut rng));
        let (faults, kind) = create_faults(&mut rng);
        *kinds.entry(kind).or_default() += 1;
        portal.sandbox.script("create", faults);

        portal.fill("Subject", &subject).await;
        portal
            .field("Attachments")
            .await
            .send_keys(&attachment.display().to_string())
            .await
            .unwrap();
        portal
            .wait_for_files("the upload", |rows| {
                rows.len() == 1 && rows[0].contains("Uploaded")
            })
            .await;
        portal.click("Submit request").await;
        // A failure the form leaves to the user keeps the draft; the user
        // then sends again, as a person would.
        loop {
            let done = portal
                .browser
                .find(Locator::Css(".srf-ticket-number"))
                .await
                .is_ok();
            if done {
                break;
            }
            let error = portal.browser.find(Locator::Css(".srf-server-error")).await;
            let text = match error {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            let idle = match portal.browser.find(Locator::Css("button.srf-submit")).await {
                Ok(button) => button.text().await.unwrap_or_default() == "Submit request",
                Err(_) => false,
            };
            if !text.is_empty() && idle {
                if portal.value("Subject").await != subject {
                    lost_drafts += 1;
                }
                resent_by_user += 1;
                portal.click("Submit request").await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        portal.click("Submit another request").await;
    }

    let tickets = portal.sandbox.tickets();
    let mut per_subject: BTreeMap<String, usize> = BTreeMap::new();
    for ticket in &tickets {
        *per_subject
            .entry(ticket["subject"].as_str().unwrap_or_default().to_owned())
            .or_default() += 1;
        assert_eq!(
            ticket["fileAttachments"].as_array().map(Vec::len),
            Some(1),
            "{ticket}"
        );
    }
    let duplicates = per_subject.values().filter(|n| **n > 1).count();
    let missing = (0..count)
        .filter(|i| !per_subject.contains_key(&format!("soak {i:03}")))
        .count();
    let errors: Vec<Value> = serde_json::from_value(
        portal
            .browser
            .execute("return window.__errors", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    let panics = errors
        .iter()
        .filter(|e| e.to_string().contains("unreachable") || e.to_string().contains("panicked"))
        .count();

    println!(
        "soak: {count} submissions in {:.0} s, seed {seed}",
        started.elapsed().as_secs_f64()
    );
    println!("soak: create faults met: {kinds:?}");
    println!(
        "soak: tickets {} (one per request: {}), duplicates {duplicates}, missing {missing}",
        tickets.len(),
        per_subject.len()
    );
    println!("soak: resent by the user after a failure the form left to them: {resent_by_user}");
    println!(
        "soak: lost drafts {lost_drafts}, panics {panics}, page errors {}",
        errors.len()
    );
    assert_eq!(
        tickets.len(),
        count,
        "exactly one ticket per intended request"
    );
    assert_eq!((duplicates, missing, lost_drafts, panics), (0, 0, 0, 0));
    portal.close().await;
}
