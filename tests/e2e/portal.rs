//! The static portal: sign in, fill in, submit, see the ticket; and the
//! failure paths, where nothing typed may be lost.

use fantoccini::Locator;
use serde_json::Value;

use crate::harness::Portal;

#[tokio::test]
async fn requester_signs_in_submits_and_sees_the_ticket_the_server_stored() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;

    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    portal.fill("Subject", "Laptop will not start").await;
    portal
        .fill(
            "Description",
            "Black screen after the update.\nCharger is plugged in.",
        )
        .await;
    portal
        .field("Priority")
        .await
        .select_by_label("High")
        .await
        .unwrap();
    portal.click("Submit request").await;

    let number = portal.ticket_number().await;
    let card = portal
        .browser
        .find(Locator::Css(".srf-ticket"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card.contains("Laptop will not start"), "{card}");
    assert!(card.contains("Open"), "{card}");
    assert!(card.contains("High"), "{card}");
    let year = portal
        .browser
        .execute("return String(new Date().getFullYear())", vec![])
        .await
        .unwrap();
    assert!(
        card.contains(year.as_str().unwrap()),
        "created time in local time: {card}"
    );

    let stored = portal.stored_ticket(1).await;
    assert_eq!(
        portal.sandbox.received(),
        [
            serde_json::json!({"subject": "Laptop will not start", "requesterEmail": "demo@example.com",
            "description": "Black screen after the update.\nCharger is plugged in.", "priorityName": "High",
            "source": "Support Portal"})
        ]
    );
    assert_eq!(stored["name"], number.as_str());
    assert_eq!(stored["subject"], "Laptop will not start");
    assert_eq!(
        stored["description"],
        "Black screen after the update.\nCharger is plugged in."
    );
    assert_eq!(stored["requesterEmail"], "demo@example.com");
    assert_eq!(stored["priorityName"], "High");
    for untouched in ["categoryName", "urgencyName", "impactName"] {
        assert_eq!(
            stored.get(untouched),
            None::<&Value>,
            "{untouched} was not typed"
        );
    }

    portal.click("Submit another request").await;
    assert_eq!(portal.value("Subject").await, "");
    assert_eq!(portal.value("Requester email").await, "demo@example.com");
    let focused = portal.browser.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap(),
        portal.field("Subject").await.attr("id").await.unwrap()
    );
    portal.close().await;
}

#[tokio::test]
async fn empty_submit_marks_required_fields_and_focuses_the_first() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    portal.fill("Requester email", "").await;
    portal.click("Submit request").await;

    portal
        .wait_for_text(".srf-field-error", |t| t == "Subject is required.")
        .await;
    portal
        .wait_for_text(".srf-field-error", |t| t == "Requester email is required.")
        .await;
    let subject = portal.field("Subject").await;
    assert_eq!(
        subject.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let described_by = subject.attr("aria-describedby").await.unwrap().unwrap();
    let message = portal
        .browser
        .find(Locator::Id(&described_by))
        .await
        .unwrap();
    assert_eq!(message.text().await.unwrap(), "Subject is required.");
    let focused = portal.browser.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap(),
        subject.attr("id").await.unwrap()
    );

    portal.fill("Requester email", "not-an-address").await;
    portal
        .wait_for_text(".srf-field-error", |t| {
            t.starts_with("Requester email must be an email address")
        })
        .await;
    portal.close().await;
}

#[tokio::test]
async fn wrong_password_is_explained_and_the_email_is_kept() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "not-the-password").await;
    portal
        .wait_for_text(".srf-server-error", |t| {
            t == "The email or password is not correct."
        })
        .await;
    assert_eq!(portal.value("Email").await, "demo@example.com");
    assert!(portal
        .browser
        .find(Locator::Css(".srf-ticket"))
        .await
        .is_err());
    portal.close().await;
}

#[tokio::test]
async fn a_400_from_the_server_is_shown_and_everything_typed_is_kept() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "VPN drops every hour").await;
    portal.fill("Description", "Since Monday.").await;
    portal.fill("Requester email", "ghost@example.com").await;
    portal
        .field("Priority")
        .await
        .select_by_label("Urgent")
        .await
        .unwrap();
    portal.click("Submit request").await;

    // The server's message names the key, so it is shown on that field.
    let shown = portal
        .wait_for_text(".srf-field-error", |t| t.contains("ghost@example.com"))
        .await;
    assert!(shown.starts_with("requesterEmail:"), "{shown}");
    assert_eq!(
        portal.field_error("Requester email").await.as_deref(),
        Some(shown.as_str())
    );
    assert_eq!(portal.value("Subject").await, "VPN drops every hour");
    assert_eq!(portal.value("Description").await, "Since Monday.");
    assert_eq!(portal.value("Requester email").await, "ghost@example.com");
    assert_eq!(portal.value("Priority").await, "Urgent");
    assert!(portal
        .button("Submit request")
        .await
        .is_enabled()
        .await
        .unwrap());

    // Correcting the field and sending again works without retyping.
    portal.fill("Requester email", "a@b.com").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.stored_ticket(1).await["subject"],
        "VPN drops every hour"
    );
    portal.close().await;
}
