//! Tailored forms (`examples/config-tailored.json`): a field shown only for
//! Hardware, a two-level dependent dropdown (Category → Subcategory →
//! Item), a field required only when the urgency is Urgent, and a locked
//! field; on the app and on the first screen. The sandbox receives exactly
//! the fields that show.

use serde_json::json;

use crate::harness::{config_file, token_as, Portal};

const TAILORED: &str = "examples/config-tailored.json";
/// The example's service without an overlay: its whole form.
const WHOLE_FORM: &str = "/?service=anything";

async fn select(portal: &Portal, label: &str, option: &str) {
    portal
        .field(label)
        .await
        .select_by_label(option)
        .await
        .unwrap();
}

/// The labels of the fields that show, in order.
async fn shown_labels(portal: &Portal) -> Vec<String> {
    let script = "return [...document.querySelectorAll('form.srf-form .srf-fields > .srf-field:not([hidden])')]
        .map(f => f.querySelector('label, legend').firstChild.textContent.trim())";
    serde_json::from_value(portal.browser.execute(script, vec![]).await.unwrap()).unwrap()
}

/// The options a select list offers (hidden ones left out), placeholder
/// included.
async fn offered(portal: &Portal, label: &str) -> Vec<String> {
    let select = portal.field(label).await;
    let options = portal
        .browser
        .execute(
            "return [...arguments[0].options].filter(o => !o.hidden && !o.disabled).map(o => o.value)",
            vec![serde_json::to_value(&select).unwrap()],
        )
        .await
        .unwrap();
    serde_json::from_value(options).unwrap()
}

/// Whether the label of `label`'s field shows the required mark.
async fn marked_required(portal: &Portal, label: &str) -> bool {
    let control = portal.field(label).await;
    let shown = portal
        .browser
        .execute(
            "const mark = arguments[0].closest('.srf-field').querySelector('.srf-required');
             return !!mark && !mark.hidden && arguments[0].getAttribute('aria-required') === 'true'",
            vec![serde_json::to_value(&control).unwrap()],
        )
        .await
        .unwrap();
    shown == json!(true)
}

/// What the sandbox received, each request's description (the page's
/// context, which the example sends) checked and taken out.
fn received_without_context(portal: &Portal) -> Vec<serde_json::Value> {
    let mut received = portal.sandbox.received();
    for request in &mut received {
        let context = request
            .as_object_mut()
            .and_then(|request| request.remove("description"))
            .unwrap_or_default();
        let page = format!("Sent with your request:\nPage: {}/\nBrowser: ", portal.base);
        assert!(
            context.as_str().unwrap_or_default().starts_with(&page),
            "{context}"
        );
    }
    received
}

/// The tailored portal, signed in earlier, the browser not on it yet.
async fn signed_in_earlier_on_the_tailored_portal() -> Portal {
    let portal = Portal::open_at(
        sandbox::Options {
            form_config: Some(config_file(TAILORED)),
            ..sandbox::Options::default()
        },
        "/favicon.svg",
    )
    .await;
    let token = token_as(&portal.base, "demo@example.com", "demo").await;
    portal.signed_in_earlier(&token, "demo@example.com").await;
    portal
}

async fn wait_for(portal: &Portal, what: &str, check: impl Fn(&[String]) -> bool) -> Vec<String> {
    for _ in 0..100 {
        let labels = shown_labels(portal).await;
        if check(&labels) {
            return labels;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{what}: {:?}", shown_labels(portal).await);
}

const START: [&str; 10] = [
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
];

#[tokio::test]
async fn fields_options_and_requirements_follow_the_answers_and_only_what_shows_is_sent() {
    let portal = Portal::open_at(
        sandbox::Options {
            form_config: Some(config_file(TAILORED)),
            ..sandbox::Options::default()
        },
        WHOLE_FORM,
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.field("Subject").await;
    let labels = shown_labels(&portal).await;
    assert!(labels.starts_with(&START.map(String::from)), "{labels:?}");
    for hidden in ["Subcategory", "Item", "Asset tag", "Operating system"] {
        assert!(
            !labels.iter().any(|label| label == hidden),
            "{hidden} waits: {labels:?}"
        );
    }
    assert!(labels.iter().any(|label| label == "Impact details"));
    assert!(!marked_required(&portal, "Impact details").await);
    // The locked field shows its value and cannot be changed.
    let locked = portal.field("Portal").await;
    assert_eq!(
        locked.attr("readonly").await.unwrap().as_deref(),
        Some("true")
    );
    locked.send_keys("x").await.unwrap();
    assert_eq!(portal.value("Portal").await, "Intranet");

    portal.fill("Subject", "Laptop battery").await;
    select(&portal, "Category", "Hardware").await;
    wait_for(
        &portal,
        "Hardware shows the subcategory and the asset tag",
        |labels| {
            labels.iter().any(|l| l == "Asset tag") && labels.iter().any(|l| l == "Subcategory")
        },
    )
    .await;
    assert_eq!(
        offered(&portal, "Subcategory").await,
        ["", "Laptop", "Printer"]
    );
    select(&portal, "Subcategory", "Laptop").await;
    wait_for(
        &portal,
        "a laptop shows the item and the system",
        |labels| {
            labels.iter().any(|l| l == "Item") && labels.iter().any(|l| l == "Operating system")
        },
    )
    .await;
    assert_eq!(
        offered(&portal, "Item").await,
        ["", "Battery", "Screen", "Something else"]
    );
    select(&portal, "Item", "Battery").await;
    portal.fill("Asset tag", "AT-1").await;
    portal.choose("Operating system", "macOS").await;

    // Software: the laptop no longer applies. The subcategory is cleared
    // (and said), the item goes with it, the asset tag hides.
    select(&portal, "Category", "Software").await;
    wait_for(
        &portal,
        "software hides the asset tag and the item",
        |labels| !labels.iter().any(|l| l == "Asset tag") && !labels.iter().any(|l| l == "Item"),
    )
    .await;
    assert_eq!(portal.value("Subcategory").await, "");
    portal
        .wait_for_text(".srf-withdrawn", |text| text.contains("Subcategory"))
        .await;
    assert_eq!(offered(&portal, "Subcategory").await, ["", "Mail", "VPN"]);
    // Back to Hardware: the asset tag comes back with what was typed.
    select(&portal, "Category", "Hardware").await;
    wait_for(&portal, "the asset tag is back", |labels| {
        labels.iter().any(|l| l == "Asset tag")
    })
    .await;
    assert_eq!(portal.value("Asset tag").await, "AT-1");
    select(&portal, "Category", "Software").await;
    select(&portal, "Subcategory", "VPN").await;
    wait_for(&portal, "a VPN shows the item", |labels| {
        labels.iter().any(|l| l == "Item")
    })
    .await;
    assert_eq!(offered(&portal, "Item").await, ["", "Something else"]);
    select(&portal, "Item", "Something else").await;

    // Urgent makes the business impact required, as the person chooses.
    select(&portal, "Urgency", "Urgent").await;
    assert!(marked_required(&portal, "Impact details").await);
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-summary", |text| text.contains("Impact details"))
        .await;
    assert!(portal.sandbox.received().is_empty());
    portal
        .fill("Impact details", "Nobody can reach the VPN")
        .await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    assert_eq!(
        received_without_context(&portal),
        [json!({
            "subject": "Laptop battery", "requesterEmail": "demo@example.com",
            "categoryName": "Software", "urgencyName": "Urgent", "source": "Support Portal",
            "customField": {
                "Subcategory": "VPN", "Item": "Something else",
                "Impact details": "Nobody can reach the VPN",
                "Operating system": "macOS", "Portal": "Intranet"
            }
        })]
    );
    portal.close().await;
}

#[tokio::test]
async fn conditions_hold_on_the_first_screen_and_the_app_keeps_what_was_chosen() {
    let portal = signed_in_earlier_on_the_tailored_portal().await;
    portal.slow_app(15_000);
    portal
        .browser
        .goto(&format!("{}{WHOLE_FORM}", portal.base))
        .await
        .unwrap();
    portal.fill("Subject", "Printer out of toner").await;
    assert!(!shown_labels(&portal).await.iter().any(|l| l == "Asset tag"));
    select(&portal, "Category", "Hardware").await;
    wait_for(&portal, "the first screen shows the asset tag", |labels| {
        labels.iter().any(|l| l == "Asset tag")
    })
    .await;
    assert_eq!(
        offered(&portal, "Subcategory").await,
        ["", "Laptop", "Printer"]
    );
    select(&portal, "Subcategory", "Printer").await;
    assert_eq!(
        offered(&portal, "Item").await,
        ["", "Toner", "Something else"]
    );
    select(&portal, "Item", "Toner").await;
    assert_eq!(portal.value("Item").await, "Toner");
    portal.fill("Asset tag", "PR-7").await;
    assert!(
        portal.portal_first_screen_shows().await,
        "chosen on the first screen"
    );
    portal.click("Submit request").await;
    portal.wait_for_a_request().await;
    portal.ticket_number().await;
    assert_eq!(
        received_without_context(&portal),
        [json!({
            "subject": "Printer out of toner", "requesterEmail": "demo@example.com",
            "categoryName": "Hardware", "source": "Support Portal",
            "customField": {
                "Subcategory": "Printer", "Item": "Toner", "Asset tag": "PR-7",
                "Portal": "Intranet"
            }
        })]
    );
    portal.close().await;
}

#[tokio::test]
async fn a_rules_chunk_that_fails_to_load_is_said_tried_again_by_itself_and_the_conditions_hold() {
    let portal = signed_in_earlier_on_the_tailored_portal().await;
    // Twice: the problem then shows for two backoffs (at least 1.5 s), long
    // enough to be seen on a loaded machine before the third try succeeds.
    let unavailable = sandbox::Fault {
        status: Some(503),
        ..sandbox::Fault::default()
    };
    portal
        .sandbox
        .script("file:split_rules.wasm", [unavailable.clone(), unavailable]);
    portal
        .browser
        .goto(&format!("{}{WHOLE_FORM}", portal.base))
        .await
        .unwrap();
    let said = portal
        .wait_for_text(".srf-config-error", |text| {
            text.contains("split_rules.wasm")
        })
        .await;
    assert!(!said.is_empty());
    // No one presses anything: the chunk is fetched again by itself.
    portal.fill("Subject", "Printer out of toner").await;
    assert!(!shown_labels(&portal).await.iter().any(|l| l == "Asset tag"));
    select(&portal, "Category", "Hardware").await;
    wait_for(&portal, "the asset tag shows for Hardware", |labels| {
        labels.iter().any(|l| l == "Asset tag")
    })
    .await;
    assert_eq!(portal.sandbox.calls("file:split_rules.wasm"), 3);
    portal.close().await;
}

#[tokio::test]
async fn a_service_of_the_tailored_example_starts_its_conditions_from_its_own_default() {
    let portal = Portal::open_with_config(TAILORED).await;
    portal.sign_in("demo@example.com", "demo").await;
    crate::services::pick(&portal, "Something is broken").await;
    crate::services::wait_for_service(&portal, "Something is broken").await;
    assert_eq!(portal.value("Category").await, "Hardware");
    wait_for(&portal, "the hardware fields", |labels| {
        labels.contains(&"Asset tag".to_owned()) && labels.contains(&"Subcategory".to_owned())
    })
    .await;
    let subcategories = offered(&portal, "Subcategory").await;
    assert!(
        subcategories.contains(&"Laptop".to_owned()) && !subcategories.contains(&"Mail".to_owned()),
        "{subcategories:?}"
    );
    portal.close().await;
}
