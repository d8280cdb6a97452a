//! Attachments: picker, drag-and-drop, paste, progress, cancel, remove,
//! every limit, a 413, a failure then a retry, a 401 in the middle of an
//! upload, and the bytes the sandbox ends up with.

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{config_file, temp_file, Portal};

const MB: usize = 1024 * 1024;

fn bytes(size: usize, seed: u8) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8 ^ seed).collect()
}

async fn signed_in(options: sandbox::Options) -> Portal {
    let portal = Portal::open_with(options).await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    portal
}

/// Creates a file inside the page (as a drop or a paste would carry it).
const MAKE_FILE: &str = "const [name, type, size] = arguments;
    const data = new Uint8Array(size); for (let i = 0; i < size; i++) data[i] = i % 251;
    window.__file = new File([data], name, {type});";

#[tokio::test]
async fn picked_files_upload_with_progress_and_the_ticket_has_their_exact_bytes() {
    let portal = signed_in(sandbox::Options {
        upload_bytes_per_sec: Some(4 * MB as u64),
        ..sandbox::Options::default()
    })
    .await;
    // Record the highest progress value the page ever shows.
    portal
        .browser
        .execute(
            "window.__maxProgress = 0; new MutationObserver(() => {
                for (const bar of document.querySelectorAll('progress.srf-progress'))
                    window.__maxProgress = Math.max(window.__maxProgress, Number(bar.value));
             }).observe(document.body, {subtree: true, childList: true, attributes: true});",
            vec![],
        )
        .await
        .unwrap();
    let big = bytes(6 * MB, 7);
    let small = bytes(2000, 3);
    let big_path = temp_file("site <img src=x onerror=alert(1)> survey.bin", &big);
    let small_path = temp_file("notes.txt", &small);
    portal.fill("Subject", "Survey results").await;
    portal.pick("Attachments", &[&big_path, &small_path]).await;

    let progress = portal
        .browser
        .wait()
        .for_element(Locator::Css("progress.srf-progress"))
        .await
        .unwrap();
    assert_eq!(
        progress.attr("aria-label").await.unwrap().as_deref(),
        Some("Uploading site <img src=x onerror=alert(1)> survey.bin")
    );
    portal
        .wait_for_files("both uploaded", |rows| {
            rows.len() == 2 && rows.iter().all(|row| row.contains("Uploaded"))
        })
        .await;
    let max_progress = portal
        .browser
        .execute("return window.__maxProgress", vec![])
        .await
        .unwrap();
    assert_eq!(max_progress, json!(100), "progress reached 100%");
    // The name is text: no element was made from it.
    assert!(portal
        .browser
        .find(Locator::Css(".srf-file img"))
        .await
        .is_err());

    portal.click("Submit request").await;
    portal.ticket_number().await;
    let received = portal.sandbox.received();
    let attachments = received[0]["fileAttachments"].as_array().unwrap().clone();
    assert_eq!(attachments.len(), 2);
    for (name, original) in [
        ("site <img src=x onerror=alert(1)> survey.bin", &big),
        ("notes.txt", &small),
    ] {
        let attachment = attachments
            .iter()
            .find(|a| a["realName"] == name)
            .expect(name);
        let stored = portal
            .download(attachment["refFileName"].as_str().unwrap())
            .await;
        assert!(
            stored == *original,
            "{name}: the sandbox has the same bytes"
        );
    }
    let card = portal
        .browser
        .find(Locator::Css(".srf-ticket"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        card.contains("site <img src=x onerror=alert(1)> survey.bin") && card.contains("notes.txt"),
        "{card}"
    );
    assert!(portal
        .browser
        .find(Locator::Css(".srf-ticket img"))
        .await
        .is_err());
    portal.close().await;
}

#[tokio::test]
async fn files_dropped_on_the_drop_zone_are_uploaded() {
    let portal = signed_in(sandbox::Options::default()).await;
    portal
        .browser
        .execute(
            MAKE_FILE,
            vec![json!("dropped log.txt"), json!("text/plain"), json!(5000)],
        )
        .await
        .unwrap();
    let over = portal
        .run(
            "const zone = document.querySelector('.srf-dropzone');
             const data = new DataTransfer(); data.items.add(window.__file);
             zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: data, bubbles: true, cancelable: true}));
             zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
             await new Promise(r => setTimeout(r, 50));
             const over = zone.classList.contains('srf-dropzone--over');
             zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
             return over;",
            vec![],
        )
        .await;
    assert_eq!(over, json!(true), "the drop zone shows the drag-over state");
    portal
        .wait_for_files("the dropped file uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("dropped log.txt") && rows[0].contains("Uploaded")
        })
        .await;
    portal.close().await;
}

#[tokio::test]
async fn a_pasted_screenshot_is_named_by_local_time_and_uploaded_once_attached() {
    let portal = signed_in(sandbox::Options::default()).await;
    crate::redaction::paste_image(&portal).await;
    crate::redaction::editor_open(&portal).await;
    portal.click("Attach").await;
    let expected_prefix = portal
        .browser
        .execute(
            "const d = new Date(), p = n => String(n).padStart(2, '0');
             return `screenshot-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-`;",
            vec![],
        )
        .await
        .unwrap();
    let rows = portal
        .wait_for_files("the screenshot uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    let name = rows[0].split_whitespace().next().unwrap().to_owned();
    assert!(
        name.starts_with(expected_prefix.as_str().unwrap()),
        "{name}"
    );
    assert!(
        name.ends_with(".png") && name.len() == "screenshot-2026-11-28-104233.png".len(),
        "{name}"
    );
    assert!(
        portal
            .browser
            .find(Locator::Css(".srf-file img.srf-thumbnail"))
            .await
            .is_ok(),
        "images get a thumbnail"
    );
    assert_eq!(
        portal.value("Subject").await,
        "",
        "pasting a file typed nothing"
    );
    portal.close().await;
}

#[tokio::test]
async fn an_upload_can_be_cancelled_and_a_finished_one_removed() {
    let portal = signed_in(sandbox::Options {
        upload_bytes_per_sec: Some(256 * 1024),
        ..sandbox::Options::default()
    })
    .await;
    let slow = temp_file("slow.bin", bytes(8 * MB, 1));
    let quick = temp_file("quick.txt", b"hello");
    portal.pick("Attachments", &[&slow]).await;
    portal
        .wait_for_files("slow.bin uploading", |rows| {
            rows.iter()
                .any(|r| r.contains("slow.bin") && r.contains('%'))
        })
        .await;
    portal.click("Cancel upload of slow.bin").await;
    portal
        .wait_for_files("nothing", |rows| rows.is_empty())
        .await;

    portal.pick("Attachments", &[&quick]).await;
    portal
        .wait_for_files("quick.txt uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    portal.click("Remove quick.txt").await;
    portal
        .wait_for_files("nothing", |rows| rows.is_empty())
        .await;

    portal.fill("Subject", "No files after all").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0].get("fileAttachments"),
        None::<&Value>
    );
    portal.close().await;
}

#[tokio::test]
async fn every_limit_is_checked_before_sending_and_states_the_limit() {
    let config = r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
        "attachments": {"maxFiles": 2, "maxFileBytes": 1048576, "maxTotalBytes": 1572864,
                        "accept": [".txt", "image/*"]}}"#;
    let portal = signed_in(sandbox::Options {
        form_config: Some(config_file(config)),
        ..sandbox::Options::default()
    })
    .await;
    let rejections = || async {
        portal
            .browser
            .find(Locator::Css(".srf-rejections"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };

    portal
        .pick("Attachments", &[&temp_file("huge.txt", bytes(2 * MB, 0))])
        .await;
    assert_eq!(
        rejections().await,
        "huge.txt is 2 MB; the limit is 1 MB per file."
    );
    portal
        .pick("Attachments", &[&temp_file("setup.exe", b"MZ")])
        .await;
    assert_eq!(
        rejections().await,
        "setup.exe is not an accepted type; accepted: .txt, image/*."
    );
    portal
        .pick(
            "Attachments",
            &[
                &temp_file("a.txt", bytes(800 * 1024, 0)),
                &temp_file("b.txt", bytes(800 * 1024, 1)),
            ],
        )
        .await;
    assert_eq!(
        rejections().await,
        "Adding b.txt would make 1.6 MB in total; the limit is 1.5 MB for all files."
    );
    portal
        .pick(
            "Attachments",
            &[&temp_file("c.txt", b"c"), &temp_file("d.txt", b"d")],
        )
        .await;
    assert_eq!(rejections().await, "You can attach at most 2 files.");
    let rows = portal
        .wait_for_files("a and c uploaded", |rows| {
            rows.len() == 2 && rows.iter().all(|r| r.contains("Uploaded"))
        })
        .await;
    assert!(
        rows[0].contains("a.txt") && rows[1].contains("c.txt"),
        "{rows:?}"
    );
    portal.close().await;
}

#[tokio::test]
async fn a_413_from_the_server_is_shown_on_the_file_in_the_same_words() {
    let portal = signed_in(sandbox::Options {
        max_upload_bytes: MB as u64,
        ..sandbox::Options::default()
    })
    .await;
    portal
        .pick("Attachments", &[&temp_file("report.zip", bytes(3 * MB, 2))])
        .await;
    let rows = portal
        .wait_for_files("the 413", |rows| {
            rows.len() == 1 && rows[0].contains("limit")
        })
        .await;
    assert!(
        rows[0].contains("report.zip is 3 MB; the limit is 1 MB per file."),
        "{rows:?}"
    );
    portal.close().await;
}

#[tokio::test]
async fn a_failed_upload_blocks_submit_until_it_is_retried() {
    let portal = signed_in(sandbox::Options::default()).await;
    // Three failures: the two automatic retries fail too.
    portal.sandbox.fail_next("upload", &[500, 500, 500]);
    portal.fill("Subject", "Flaky network").await;
    portal
        .pick("Attachments", &[&temp_file("trace.txt", b"trace")])
        .await;
    portal
        .wait_for_files("the failure after the automatic retries", |rows| {
            rows.len() == 1 && rows[0].contains("Injected failure") && rows[0].contains("Retry")
        })
        .await;

    portal.click("Submit request").await;
    assert_eq!(
        portal.field_error("Attachments").await.as_deref(),
        Some("trace.txt could not be uploaded: retry it or remove it before sending.")
    );
    assert!(portal.sandbox.received().is_empty(), "nothing was sent");

    portal.click("Retry upload of trace.txt").await;
    portal
        .wait_for_files("the retry", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["fileAttachments"][0]["realName"],
        "trace.txt"
    );
    portal.close().await;
}

#[tokio::test]
async fn submit_waits_for_uploads_in_flight_then_sends_them() {
    let portal = signed_in(sandbox::Options {
        upload_bytes_per_sec: Some(MB as u64),
        ..sandbox::Options::default()
    })
    .await;
    portal.fill("Subject", "Logs attached").await;
    portal
        .pick("Attachments", &[&temp_file("logs.bin", bytes(3 * MB, 9))])
        .await;
    portal.click("Submit request").await;
    portal
        .wait_for_text("button.srf-submit", |t| t == "Waiting for uploads…")
        .await;
    assert!(!portal
        .browser
        .find(Locator::Css("button.srf-submit"))
        .await
        .unwrap()
        .is_enabled()
        .await
        .unwrap());
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["fileAttachments"][0]["realName"],
        "logs.bin"
    );
    portal.close().await;
}

#[tokio::test]
async fn a_401_during_an_upload_asks_to_sign_in_and_the_upload_restarts() {
    let portal = signed_in(sandbox::Options::default()).await;
    portal.fill("Subject", "Expired token").await;
    portal.sandbox.fail_next("upload", &[401]);
    portal
        .pick("Attachments", &[&temp_file("evidence.txt", b"evidence")])
        .await;
    portal
        .wait_for_text(".srf-notice", |t| t.contains("sign-in has expired"))
        .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_files("the restarted upload", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    assert_eq!(
        portal.value("Subject").await,
        "Expired token",
        "the draft is kept"
    );
    portal.click("Submit request").await;
    portal.ticket_number().await;
    portal.close().await;
}

#[tokio::test]
async fn a_passing_upload_failure_is_retried_by_itself() {
    let portal = signed_in(sandbox::Options::default()).await;
    portal.sandbox.fail_next("upload", &[503]);
    portal.fill("Subject", "Sent with its file").await;
    portal
        .pick("Attachments", &[&temp_file("second-try.txt", b"again")])
        .await;
    portal
        .wait_for_files("the automatic retry", |rows| {
            rows.len() == 1 && rows[0].contains("Trying again")
        })
        .await;
    // Submitting meanwhile waits for the retried upload, then sends it.
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["fileAttachments"][0]["realName"],
        "second-try.txt"
    );
    portal.close().await;
}

#[tokio::test]
async fn an_upload_that_stalls_is_abandoned_and_sent_again() {
    let config = r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
        "attachments": {"stallSeconds": 1}}"#;
    let portal = signed_in(sandbox::Options {
        form_config: Some(crate::harness::config_file(config)),
        ..sandbox::Options::default()
    })
    .await;
    portal.watch().await;
    // The server takes the request and then says nothing for 20 s.
    portal
        .sandbox
        .script("upload", [sandbox::Fault::late(20_000)]);
    let path = temp_file("stalled.txt", bytes(3000, 1));
    portal.pick("Attachments", &[&path]).await;
    portal
        .wait_for_files("the upload sent again and done", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    let held = portal.held().await;
    assert_eq!(held.sent, 2, "sent twice: the stalled one and again");
    assert_eq!(held.aborted, 1, "the stalled one was aborted");
    portal.close().await;
}

#[tokio::test]
async fn a_download_keeps_its_object_url_until_the_card_goes() {
    let portal = signed_in(sandbox::Options::default()).await;
    let path = temp_file("report.txt", b"quarterly numbers");
    portal.pick("Attachments", &[&path]).await;
    portal
        .wait_for_files("the upload", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;
    portal.fill("Subject", "With a report").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    portal.watch().await;
    portal.click("report.txt").await;
    portal
        .wait_until(
            "return window.__watch.urls.size === 1",
            "the download's object URL",
        )
        .await;
    // Revoking at once would cancel the download in some browsers.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await; // ok: proves the URL outlives the click
    assert_eq!(portal.held().await.urls.len(), 1, "still there after 1.5 s");
    portal.click("Submit another request").await;
    portal
        .wait_until(
            "return window.__watch.urls.size === 0",
            "the URL revoked with the card",
        )
        .await;
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}
