//! Every request field: the technician preset filled in completely, each
//! validation rule, a server rejection placed on its field, the requester
//! preset's field set, and the chip inputs.

use fantoccini::Locator;
use serde_json::json;

use crate::harness::Portal;

const TECHNICIAN: &str = "examples/config-technician.json";

async fn technician_portal() -> Portal {
    let portal = Portal::open_with_config(TECHNICIAN).await;
    portal.sign_in("tech@example.com", "tech").await;
    portal.field("Subject").await;
    portal
}

async fn select(portal: &Portal, label: &str, option: &str) {
    portal
        .field(label)
        .await
        .select_by_label(option)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_technician_fills_every_field_and_the_server_receives_exactly_that() {
    let portal = technician_portal().await;
    portal.fill("Subject", "Laptop dock broken").await;
    portal.fill("Description", "Both monitors stay dark.").await;
    portal.fill("Requester email", "a@b.com").await;
    portal
        .type_keys("CC emails", "pat@example.com\u{E007}")
        .await;
    portal.type_keys("CC emails", "demo@example.com,").await;
    select(&portal, "Category", "Hardware").await;
    select(&portal, "Impact", "On User").await;
    select(&portal, "Priority", "High").await;
    select(&portal, "Urgency", "Medium").await;
    select(&portal, "Department", "IT").await;
    select(&portal, "Location", "Berlin").await;
    portal.type_keys("Tags", "dock\u{E007}").await;
    portal.paste("Tags", "monitor, usb-c; dock").await;
    select(&portal, "Support level", "Tier 2").await;
    portal.field("Spam").await.click().await.unwrap();
    portal.fill("Assignee email", "tech@example.com").await;
    select(&portal, "Technician group", "Network Team").await;
    select(&portal, "Status", "In Progress").await;
    portal.fill("Asset model", "asset_hardware").await;
    portal.fill("Asset id", "42").await;
    portal.click("Add asset").await;
    let second_model = portal
        .browser
        .find_all(Locator::Css(".srf-asset-row input"))
        .await
        .unwrap();
    second_model[2].send_keys("asset_software").await.unwrap();
    second_model[3].send_keys("7").await.unwrap();
    portal.fill("Asset tag", "AT-10432").await;
    portal
        .fill("Steps to reproduce", "Plug in the dock\nNothing happens")
        .await;
    portal.fill("Floor", "3,5").await;
    select(&portal, "Operating system", "macOS").await;
    let apps = portal.field("Affected apps").await;
    for app in ["VPN", "Intranet"] {
        apps.find(Locator::XPath(&format!("option[.='{app}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    portal.choose("Contact by", "Email").await;
    portal.choose("Contact by", "Chat").await;
    portal.choose("Business impact", "High").await;
    // The date-time picker is the browser's own; set it as the picker does.
    let needed_by = portal.field("Needed by").await;
    let expected_time = portal
        .browser
        .execute(
            "const [input] = arguments; input.value = '2026-12-01T10:30';
             input.dispatchEvent(new Event('change', {bubbles: true}));
             return new Date('2026-12-01T10:30').getTime();",
            vec![serde_json::to_value(&needed_by).unwrap()],
        )
        .await
        .unwrap();

    portal.click("Submit request").await;
    portal.ticket_number().await;

    assert_eq!(
        portal.sandbox.received(),
        [json!({
            "subject": "Laptop dock broken", "description": "Both monitors stay dark.",
            "requesterEmail": "a@b.com", "ccEmailSet": ["pat@example.com", "demo@example.com"],
            "categoryName": "Hardware", "impactName": "On User", "priorityName": "High",
            "urgencyName": "Medium", "departmentName": "IT", "locationName": "Berlin",
            "tags": ["dock", "monitor", "usb-c"], "supportLevel": "tier2", "spam": true,
            "assigneeEmail": "tech@example.com", "groupName": "Network Team",
            "source": "Technician Portal", "statusName": "In Progress",
            "linkAssetIds": [{"assetModel": "asset_hardware", "assetId": 42},
                             {"assetModel": "asset_software", "assetId": 7}],
            "customField": {
                "Asset tag": "AT-10432", "Steps to reproduce": "Plug in the dock\nNothing happens",
                "Floor": 3.5, "Operating system": "macOS", "Affected apps": ["VPN", "Intranet"],
                "Contact by": ["Email", "Chat"], "Business impact": "High", "Needed by": expected_time
            }
        })]
    );
    let card = portal
        .browser
        .find(Locator::Css(".srf-ticket"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for shown in [
        "Laptop dock broken",
        "usb-c",
        "Network Team",
        "asset_hardware #42",
        "Affected apps",
        "Intranet",
        "2026",
    ] {
        assert!(card.contains(shown), "card shows {shown}: {card}");
    }
    portal.close().await;
}

#[tokio::test]
async fn required_fields_including_custom_ones_are_listed_and_linked() {
    let portal = technician_portal().await;
    portal.fill("Requester email", "").await;
    portal.click("Submit request").await;
    assert_eq!(
        portal.field_error("Subject").await.as_deref(),
        Some("Subject is required.")
    );
    assert_eq!(
        portal.field_error("Requester email").await.as_deref(),
        Some("Requester email is required.")
    );
    let summary = portal
        .browser
        .find(Locator::Css(".srf-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("Business impact is required."),
        "{summary}"
    );
    portal
        .browser
        .find(Locator::LinkText("Business impact is required."))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let focused = portal.browser.active_element().await.unwrap();
    assert_eq!(
        focused.attr("type").await.unwrap().as_deref(),
        Some("radio")
    );
    assert!(portal.sandbox.received().is_empty());
    portal.close().await;
}

#[tokio::test]
async fn email_syntax_is_checked_for_requester_cc_and_assignee() {
    let portal = technician_portal().await;
    portal.fill("Subject", "x").await;
    portal.fill("Requester email", "a@b").await;
    portal.type_keys("CC emails", "not-an-email\u{E007}").await;
    portal.fill("Assignee email", "tech@").await;
    portal.choose("Business impact", "Low").await;
    portal.click("Submit request").await;
    assert_eq!(
        portal.field_error("Requester email").await.as_deref(),
        Some("Requester email must be an email address, like name@example.com.")
    );
    assert_eq!(
        portal.field_error("CC emails").await.as_deref(),
        Some("CC emails: “not-an-email” is not an email address.")
    );
    assert_eq!(
        portal.field_error("Assignee email").await.as_deref(),
        Some("Assignee email must be an email address, like name@example.com.")
    );
    portal.close().await;
}

#[tokio::test]
async fn number_ranges_are_checked_and_a_decimal_comma_is_accepted() {
    let portal = technician_portal().await;
    portal.click("Submit request").await;
    for (typed, expected) in [
        ("41", Some("Floor must be at most 40.")),
        ("-1", Some("Floor must be at least 0.")),
        ("three", Some("Floor must be a number.")),
        ("12,5", None),
    ] {
        portal.fill("Floor", typed).await;
        assert_eq!(
            portal.field_error("Floor").await.as_deref(),
            expected,
            "{typed}"
        );
    }
    portal.close().await;
}

#[tokio::test]
async fn linked_assets_need_a_model_and_a_whole_number_id() {
    let portal = technician_portal().await;
    portal.fill("Asset model", "asset_hardware").await;
    portal.fill("Asset id", "4x").await;
    portal.click("Submit request").await;
    assert_eq!(
        portal.field_error("Linked assets").await.as_deref(),
        Some("Linked assets: row 1 needs an asset model and a whole-number asset id.")
    );
    portal.close().await;
}

#[tokio::test]
async fn a_server_rejection_is_shown_on_the_field_it_names() {
    let portal = technician_portal().await;
    portal.fill("Subject", "Reassign").await;
    portal.fill("Assignee email", "pat@example.com").await;
    portal.choose("Business impact", "Medium").await;
    portal.click("Submit request").await;
    let message = "assigneeEmail: no technician with email 'pat@example.com'.";
    portal
        .wait_for_text(".srf-field-error", |t| t == message)
        .await;
    assert_eq!(
        portal.field_error("Assignee email").await.as_deref(),
        Some(message)
    );
    let field = portal.field("Assignee email").await;
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let summary = portal
        .browser
        .find(Locator::Css(".srf-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.contains(message), "{summary}");
    assert_eq!(portal.value("Subject").await, "Reassign", "input is kept");

    portal.fill("Assignee email", "tech@example.com").await;
    assert_eq!(
        portal.field_error("Assignee email").await,
        None,
        "editing the field clears it"
    );
    portal.click("Submit request").await;
    portal.ticket_number().await;
    portal.close().await;
}

#[tokio::test]
async fn the_requester_preset_shows_only_its_fields() {
    let portal = Portal::open_with_config(
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
            "customFields": [{"name": "Asset tag", "type": "text"}]}"#,
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    assert_eq!(
        portal.form_labels().await,
        [
            "Subject",
            "Description",
            "Requester email",
            "CC emails",
            "Category",
            "Impact",
            "Urgency",
            "Department",
            "Location",
            "Tags",
            "Attachments",
            "Asset tag"
        ]
    );
    portal.close().await;
}

#[tokio::test]
async fn chip_inputs_add_remove_paste_and_dedupe() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.type_keys("Tags", "printer\u{E007}").await;
    portal.type_keys("Tags", "floor-3,").await;
    portal.type_keys("Tags", "printer\u{E007}").await;
    assert_eq!(portal.chips("Tags").await, ["printer", "floor-3"]);
    portal.paste("Tags", "a, b; c").await;
    assert_eq!(
        portal.chips("Tags").await,
        ["printer", "floor-3", "a", "b", "c"]
    );
    portal
        .field("Tags")
        .await
        .send_keys("\u{E003}")
        .await
        .unwrap();
    assert_eq!(portal.chips("Tags").await, ["printer", "floor-3", "a", "b"]);
    portal.click("Remove printer").await;
    assert_eq!(portal.chips("Tags").await, ["floor-3", "a", "b"]);

    // Text typed but not yet turned into a chip is kept when leaving the field.
    portal.type_keys("CC emails", "pat@example.com").await;
    portal.field("Subject").await.click().await.unwrap();
    assert_eq!(portal.chips("CC emails").await, ["pat@example.com"]);
    portal.close().await;
}

#[tokio::test]
async fn a_bad_configuration_is_reported_with_its_key_and_nothing_breaks() {
    let portal = Portal::open_with_config(
        r#"{"clientId": "support-portal", "fields": {"priorityName": {"default": "Whenever"}}}"#,
    )
    .await;
    let shown = portal
        .wait_for_text(".srf-config-error", |t| !t.is_empty())
        .await;
    assert!(
        shown.contains("fields.priorityName.default: “Whenever” is not one of its options"),
        "{shown}"
    );
    portal.close().await;
}
