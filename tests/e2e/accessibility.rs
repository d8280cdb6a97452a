//! An accessibility scan (axe-core, run in the page over WebDriver) of the
//! sign-in, the form with its errors, and the ticket card; and the form used
//! with the keyboard alone.

use serde_json::Value;

use crate::harness::Portal;

const AXE: &str = include_str!("../../node_modules/axe-core/axe.min.js");

/// The axe violations on the page (WCAG 2.1 A and AA rules).
async fn violations(portal: &Portal) -> Vec<Value> {
    portal.browser.execute(AXE, vec![]).await.unwrap();
    let found = portal
        .browser
        .execute(
            "const results = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
             return results.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test]
async fn sign_in_form_errors_and_ticket_have_no_axe_violations() {
    let portal = Portal::open_with_config("examples/config-technician.json").await;
    portal.field("Email").await;
    assert_eq!(violations(&portal).await, Vec::<Value>::new(), "sign-in");

    portal.sign_in("tech@example.com", "tech").await;
    portal.fill("Requester email", "").await;
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-field-error", |t| t == "Subject is required.")
        .await;
    assert_eq!(
        violations(&portal).await,
        Vec::<Value>::new(),
        "form with errors"
    );

    portal.fill("Subject", "Accessible").await;
    portal.fill("Requester email", "a@b.com").await;
    portal.choose("Business impact", "Low").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        violations(&portal).await,
        Vec::<Value>::new(),
        "ticket card"
    );
    portal.close().await;
}

#[tokio::test]
async fn the_form_works_with_the_keyboard_alone() {
    let portal = Portal::open().await;
    // Type the email, Tab to the password, type it, Enter.
    portal
        .field("Email")
        .await
        .send_keys("demo@example.com\u{E004}demo\u{E007}")
        .await
        .unwrap();
    let subject = portal.field("Subject").await;
    subject.send_keys("Typed with keys only").await.unwrap();
    // Enter in a one-line field submits the form.
    subject.send_keys("\u{E007}").await.unwrap();
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["subject"],
        "Typed with keys only"
    );
    portal.close().await;
}
