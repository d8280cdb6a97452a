//! Shared computers: people who use the same browser one after the other
//! never see or send each other's requests. Signing out clears the form,
//! its uploads and the person's saved draft; the next person starts empty,
//! as the requester; drafts are kept per person (in host-token mode, per
//! the `user` the host names).

use fantoccini::Locator;
use serde_json::json;

use crate::harness::{png_file, token_for, Portal};

const INTRANET: &str = "/pages/intranet.html";

async fn stored_drafts(portal: &Portal) -> String {
    portal
        .browser
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('srf.')).map(k => k + '=' + localStorage.getItem(k)).join('\\n')",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn no_restore_offer(portal: &Portal) -> bool {
    portal
        .browser
        .find(Locator::Css(".srf-restore"))
        .await
        .is_err()
}

#[tokio::test]
async fn after_sign_out_the_next_person_starts_empty_as_the_requester() {
    let portal = Portal::open().await;
    portal.watch().await;
    portal.sign_in("demo@example.com", "demo").await;
    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    portal.fill("Subject", "My private problem").await;
    portal.fill("Description", "Salary slip attached").await;
    // Saved once typing pauses.
    portal
        .wait_until(
            "return Object.values(localStorage).some(v => v.includes('Salary slip attached'))",
            "the draft saved",
        )
        .await;

    portal.click("Sign out").await;
    let stored = stored_drafts(&portal).await;
    assert!(
        !stored.contains("My private problem"),
        "the draft left with its person: {stored}"
    );
    portal.sign_in("pat@example.com", "pat").await;
    assert_eq!(portal.value("Subject").await, "");
    assert_eq!(portal.value("Description").await, "");
    assert_eq!(portal.value("Requester email").await, "pat@example.com");
    assert!(no_restore_offer(&portal).await);

    portal.fill("Subject", "Pat's own").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["requesterEmail"],
        "pat@example.com"
    );
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

#[tokio::test]
async fn signing_out_mid_upload_stops_the_upload() {
    let portal = Portal::open_with(sandbox::Options {
        upload_bytes_per_sec: Some(40_000),
        ..sandbox::Options::default()
    })
    .await;
    portal.watch().await;
    portal.sign_in("demo@example.com", "demo").await;
    let file = png_file("payslip.png", 400_000);
    portal.pick("Attachments", &[&file]).await;
    portal
        .wait_for_files("the upload under way", |rows| {
            rows.len() == 1 && rows[0].contains('%')
        })
        .await;
    portal.click("Sign out").await;
    let held = portal.wait_until_nothing_held("signing out").await;
    assert_eq!(held.aborted, 1, "the upload was aborted");
    portal.sign_in("pat@example.com", "pat").await;
    assert!(portal.file_rows().await.is_empty(), "no file of demo's");
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

#[tokio::test]
async fn when_someone_else_signs_in_after_an_expired_session_the_form_is_theirs() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Demo's request").await;
    // The session ends while demo is away; pat sits down and signs in.
    portal.sandbox.fail_next("create", &[401]);
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-notice", |t| t.contains("sign-in has expired"))
        .await;
    portal.sign_in("pat@example.com", "pat").await;
    assert_eq!(portal.value("Subject").await, "");
    assert_eq!(portal.value("Requester email").await, "pat@example.com");
    assert!(
        no_restore_offer(&portal).await,
        "demo's draft is not offered"
    );
    assert!(
        portal.sandbox.tickets().is_empty(),
        "nothing was sent as pat"
    );

    // Demo comes back later: their draft is still theirs.
    portal.click("Sign out").await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text(".srf-restore-text", |t| t.starts_with("Restore your draft"))
        .await;
    portal.click("Restore").await;
    assert_eq!(portal.value("Subject").await, "Demo's request");
    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    portal.close().await;
}

#[tokio::test]
async fn the_same_person_signing_in_again_keeps_their_form() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Still mine").await;
    portal.sandbox.fail_next("create", &[401]);
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-notice", |t| t.contains("sign-in has expired"))
        .await;
    portal.sign_in("demo@example.com", "demo").await;
    // The paused submit resumes by itself.
    portal.ticket_number().await;
    assert_eq!(portal.sandbox.received()[0]["subject"], "Still mine");
    portal.close().await;
}

#[tokio::test]
async fn in_host_token_mode_drafts_are_kept_per_user_the_host_names() {
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    page.watch().await;
    let token = token_for(&page.base).await;
    let attributes = json!({"server-url": page.base, "token": token, "user": "demo@example.com"});
    let form = page.add_element("desk", attributes, None).await;
    assert_eq!(form.value("Requester email").await, "demo@example.com");
    form.fill("Subject", "Demo typed this").await;

    // The host says someone else is using the page now.
    page.browser
        .execute(
            "document.getElementById('desk').setAttribute('user', 'pat@example.com')",
            vec![],
        )
        .await
        .unwrap();
    page.wait_until(
        "const input = document.getElementById('desk').shadowRoot.querySelector('input[type=email]');
         return input && input.value === 'pat@example.com'",
        "the requester to follow the user",
    )
    .await;
    assert_eq!(form.value("Subject").await, "");
    assert!(form.texts(".srf-restore").await.is_empty());

    // Back to demo (through the property this time): their draft is offered.
    page.browser
        .execute(
            "document.getElementById('desk').user = 'demo@example.com'",
            vec![],
        )
        .await
        .unwrap();
    form.wait_for_text(".srf-restore-text", |t| t.starts_with("Restore your draft"))
        .await;
    form.click("Restore").await;
    assert_eq!(form.value("Subject").await, "Demo typed this");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}
