//! Drafts: what was typed (and the files already uploaded) survives a
//! reload, is offered back with its time, and is cleared on success and on
//! Discard; the token never goes into local storage.

use fantoccini::Locator;
use serde_json::json;

use crate::harness::{config_file, Portal};

async fn reload(portal: &Portal) {
    portal.browser.refresh().await.unwrap();
}

/// Waits until the form is the app (not the first screen), which decides
/// at once whether to offer a draft: after this, no offer means none.
async fn form_decided(portal: &Portal) {
    portal.field("Subject").await;
    portal
        .wait_until(
            "return !document.querySelector('.srf-first') && !!document.querySelector('.srf-form-root')",
            "the form",
        )
        .await;
}

async fn offer_text(portal: &Portal) -> String {
    portal
        .wait_for_text(".srf-restore-text", |t| {
            t.starts_with("Restore your draft from")
        })
        .await
}

#[tokio::test]
async fn a_draft_with_an_upload_survives_a_reload_and_is_cleared_on_success() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Half-written request").await;
    portal.type_keys("Tags", "draft\u{E007}").await;
    let file = crate::harness::temp_file("before-reload.txt", b"kept across reloads");
    portal.pick("Attachments", &[&file]).await;
    portal
        .wait_for_files("the upload", |rows| {
            rows.len() == 1 && rows[0].contains("Uploaded")
        })
        .await;

    // Saved once typing pauses.
    let stored = portal
        .wait_until(
            "const all = JSON.stringify(localStorage);
             return all.includes('before-reload.txt') && all.includes('Half-written request') && all;",
            "the draft with its upload saved",
        )
        .await;
    let session = portal
        .browser
        .execute("return JSON.stringify(sessionStorage)", vec![])
        .await
        .unwrap();
    let token = serde_json::from_str::<serde_json::Value>(session.as_str().unwrap()).unwrap();
    let token = token
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    let token = serde_json::from_str::<serde_json::Value>(&token).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(stored.as_str().unwrap().contains("Half-written request"));
    assert!(
        !stored.as_str().unwrap().contains(&token),
        "the token is never in local storage"
    );

    reload(&portal).await;
    let offer = offer_text(&portal).await;
    // The time as the browser's language writes it (10:42, or 10:42 AM).
    let time = portal
        .browser
        .execute(
            "return new Intl.DateTimeFormat(navigator.language, {hour: 'numeric', minute: '2-digit'})
                .formatToParts(new Date()).find(p => p.type === 'hour').value + ':'",
            vec![],
        )
        .await
        .unwrap();
    assert!(offer.contains(time.as_str().unwrap()), "{offer}");
    assert_eq!(
        portal.value("Subject").await,
        "",
        "nothing is restored before the user says so"
    );
    portal.click("Restore").await;
    assert_eq!(portal.value("Subject").await, "Half-written request");
    assert_eq!(portal.chips("Tags").await, ["draft"]);
    portal
        .wait_for_files("the restored upload", |rows| {
            rows.len() == 1 && rows[0].contains("before-reload.txt")
        })
        .await;

    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["fileAttachments"][0]["realName"],
        json!("before-reload.txt")
    );
    reload(&portal).await;
    form_decided(&portal).await;
    assert!(
        portal
            .browser
            .find(Locator::Css(".srf-restore"))
            .await
            .is_err(),
        "cleared on success"
    );
    portal.close().await;
}

#[tokio::test]
async fn discard_forgets_the_draft() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Never mind").await;
    reload(&portal).await;
    offer_text(&portal).await;
    portal.click("Discard").await;
    assert_eq!(portal.value("Subject").await, "");
    reload(&portal).await;
    form_decided(&portal).await;
    assert!(portal
        .browser
        .find(Locator::Css(".srf-restore"))
        .await
        .is_err());
    portal.close().await;
}

#[tokio::test]
async fn drafts_expire_after_the_configured_age() {
    let config =
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "draftMaxAgeDays": 1}"#;
    let portal = Portal::open_with(sandbox::Options {
        form_config: Some(config_file(config)),
        ..sandbox::Options::default()
    })
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Too old to offer").await;
    // Two days pass: the saved draft's time is set back.
    portal
        .wait_until(
            "const key = Object.keys(localStorage).find(k => k.startsWith('srf.draft:'));
             if (!key) return false;
             const saved = JSON.parse(localStorage.getItem(key));
             saved.savedAt -= 2 * 86400000;
             localStorage.setItem(key, JSON.stringify(saved));
             return true;",
            "the draft saved",
        )
        .await;
    reload(&portal).await;
    form_decided(&portal).await;
    assert!(portal
        .browser
        .find(Locator::Css(".srf-restore"))
        .await
        .is_err());
    portal.close().await;
}
