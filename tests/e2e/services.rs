//! Services (`examples/config-services.json`): the form first asks "What do
//! you need help with?" — a searchable list grouped by `group` — and the
//! chosen service's form is sent with its presets and its own fields;
//! *Change* keeps what was typed in the fields both forms share; the host
//! (`service` attribute, property) and a link (`?service=ID`) open one
//! directly; the chosen service is kept with the draft and told in
//! `request-created`.

use serde_json::{json, Value};

use crate::boot::boot_site;
use crate::harness::{config_file, png_file, Portal};
use crate::prefill::open_page;

pub const SERVICES: &str = "examples/config-services.json";

fn services_config() -> String {
    std::fs::read_to_string(config_file(SERVICES)).unwrap()
}

/// The services listed now: each group's heading with its services'
/// labels.
async fn listed(portal: &Portal) -> Value {
    let script = "return [...document.querySelectorAll('.srf-service-set')].map(set =>
        [set.querySelector('h3')?.textContent ?? '',
         [...set.querySelectorAll('.srf-service-label')].map(label => label.textContent)])";
    portal.browser.execute(script, vec![]).await.unwrap()
}

async fn wait_for_listed(portal: &Portal, expected: Value) {
    for _ in 0..100 {
        if listed(portal).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("listed {} instead of {expected}", listed(portal).await);
}

/// Clicks the service labelled `label`.
pub async fn pick(portal: &Portal, label: &str) {
    let xpath = format!(
        "//button[contains(@class, 'srf-service')][span[@class='srf-service-label'][normalize-space(.)='{label}']]"
    );
    let Ok(service) = portal
        .browser
        .wait()
        .for_element(fantoccini::Locator::XPath(&xpath))
        .await
    else {
        // What the page shows instead, to tell a lost sign-in from a slow one.
        let shown = portal
            .browser
            .execute("return document.body.innerText", vec![])
            .await;
        panic!("no service {label} to pick; the page shows {shown:?}");
    };
    service.click().await.unwrap();
}

/// Waits until the form of the service labelled `label` shows.
pub async fn wait_for_service(portal: &Portal, label: &str) {
    portal
        .wait_for_text(".srf-service-chosen", |text| text == label)
        .await;
    portal.field("Subject").await;
}

/// Whether a field labelled `label` shows in the form.
async fn shows(portal: &Portal, label: &str) -> bool {
    let script = "return [...document.querySelectorAll('form.srf-form .srf-field:not([hidden])')]
        .some(f => f.querySelector('label, legend').firstChild.textContent.trim() === arguments[0])";
    portal
        .browser
        .execute(script, vec![json!(label)])
        .await
        .unwrap()
        == json!(true)
}

/// The focused element's text (its label's, for a control).
pub async fn focused(portal: &Portal) -> String {
    let script = "const a = document.activeElement;
        return (a.labels?.[0] ?? a).textContent.trim().replace(/\\s+/g, ' ')";
    portal
        .browser
        .execute(script, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_form_asks_what_you_need_help_with_filters_by_search_and_sends_the_chosen_services_form(
) {
    let portal = Portal::open_with_config(SERVICES).await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text("h2", |text| text == "What do you need help with?")
        .await;
    wait_for_listed(
        &portal,
        json!([
            ["Hardware", ["Laptop repair", "Printer or toner"]],
            ["Software", ["Software problem"]],
            ["Access", ["Password reset"]],
            ["Other", ["Something else"]]
        ]),
    )
    .await;
    portal.fill("Search services", "TONER").await;
    wait_for_listed(&portal, json!([["Hardware", ["Printer or toner"]]])).await;
    portal.fill("Search services", "plumbing").await;
    portal
        .wait_for_text(".srf-service-none", |text| {
            text == "No service matches “plumbing”."
        })
        .await;
    wait_for_listed(&portal, json!([])).await;
    // A description matches too.
    portal.fill("Search services", "battery").await;
    wait_for_listed(&portal, json!([["Hardware", ["Laptop repair"]]])).await;
    portal.watch().await;
    pick(&portal, "Laptop repair").await;
    wait_for_service(&portal, "Laptop repair").await;
    assert!(shows(&portal, "Asset tag").await && shows(&portal, "Item").await);
    assert!(!shows(&portal, "Category").await, "preset by the service");
    assert!(!shows(&portal, "Location").await, "hidden by the service");
    portal.fill("Subject", "Screen flickers").await;
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-summary", |text| text.contains("Asset tag"))
        .await;
    portal.fill("Asset tag", "AT-10432").await;
    portal
        .field("Item")
        .await
        .select_by_label("Screen")
        .await
        .unwrap();
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let sent = portal.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["subject"], "Screen flickers");
    assert_eq!(sent["categoryName"], "Hardware");
    assert_eq!(sent["source"], "Support Portal");
    assert_eq!(
        sent["customField"],
        json!({"Asset tag": "AT-10432", "Item": "Screen"})
    );
    assert!(sent.get("locationName").is_none(), "{sent}");
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

#[tokio::test]
async fn change_goes_back_to_the_list_and_another_service_keeps_what_was_typed_in_shared_fields() {
    let portal = Portal::open_with_config(SERVICES).await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.watch().await;
    pick(&portal, "Laptop repair").await;
    wait_for_service(&portal, "Laptop repair").await;
    assert_eq!(focused(&portal).await, "Subject (required)");
    portal.fill("Subject", "It will not start").await;
    portal.fill("Description", "Since this morning").await;
    portal.fill("Asset tag", "AT-1").await;
    let photo = png_file("broken-screen.png", 2000);
    portal.pick("Attachments", &[&photo]).await;
    portal
        .wait_for_files("the photo uploaded", |rows| {
            rows.len() == 1 && rows[0].contains("broken-screen.png") && rows[0].contains("Uploaded")
        })
        .await;
    // Change, then back: everything is where it was.
    portal.click("Change service").await;
    portal
        .wait_for_text("h2", |text| text == "What do you need help with?")
        .await;
    assert_eq!(focused(&portal).await, "Search services");
    portal.click("Back to Laptop repair").await;
    wait_for_service(&portal, "Laptop repair").await;
    assert_eq!(portal.value("Asset tag").await, "AT-1");
    // Change to another service: the fields both share keep their text.
    portal.click("Change service").await;
    pick(&portal, "Software problem").await;
    wait_for_service(&portal, "Software problem").await;
    assert_eq!(portal.value("Subject").await, "It will not start");
    assert_eq!(portal.value("Description").await, "Since this morning");
    assert!(!shows(&portal, "Asset tag").await);
    portal
        .wait_for_files("the finished upload carried over", |rows| {
            rows.len() == 1 && rows[0].contains("broken-screen.png")
        })
        .await;
    portal
        .browser
        .find(fantoccini::Locator::XPath(
            "//label[span[normalize-space(.)='Linux']]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let sent = portal.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["subject"], "It will not start");
    assert_eq!(sent["categoryName"], "Software");
    assert_eq!(sent["customField"], json!({"Operating system": "Linux"}));
    let files = sent["fileAttachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(files.len(), 1, "{sent}");
    assert_eq!(files[0]["realName"], "broken-screen.png");
    assert_eq!(portal.page_errors().await, Vec::<String>::new());
    portal.close().await;
}

#[tokio::test]
async fn a_link_with_a_service_opens_its_form_and_an_unknown_one_shows_the_list() {
    let portal = Portal::open_at(
        sandbox::Options {
            form_config: Some(config_file(SERVICES)),
            ..sandbox::Options::default()
        },
        "/?service=nope",
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text("h2", |text| text == "What do you need help with?")
        .await;
    portal
        .browser
        .goto(&format!("{}/?service=password", portal.base))
        .await
        .unwrap();
    wait_for_service(&portal, "Password reset").await;
    assert_eq!(portal.value("Subject").await, "Password reset");
    assert!(shows(&portal, "System").await);
    assert!(!shows(&portal, "Attachments").await);
    portal.fill("System", "Payroll").await;
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let sent = portal.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["categoryName"], "Access");
    assert_eq!(sent["customField"], json!({"Portal": "Payroll"}));
    portal.close().await;
}

#[tokio::test]
async fn the_chosen_service_is_kept_with_the_draft_and_opens_again_after_a_reload() {
    let portal = Portal::open_with_config(SERVICES).await;
    portal.sign_in("demo@example.com", "demo").await;
    pick(&portal, "Printer or toner").await;
    wait_for_service(&portal, "Printer or toner").await;
    portal.fill("Subject", "Toner is empty").await;
    portal
        .wait_until(
            "return Object.entries(localStorage).some(([k, v]) => k.includes('/service/printer') && v.includes('Toner is empty'))",
            "the printer's draft saved",
        )
        .await;
    portal.browser.refresh().await.unwrap();
    wait_for_service(&portal, "Printer or toner").await;
    portal.click("Restore").await;
    assert_eq!(portal.value("Subject").await, "Toner is empty");
    portal.close().await;
}

#[tokio::test]
async fn the_host_opens_a_service_before_load_and_while_running_and_request_created_carries_its_id()
{
    let page = boot_site().await;
    page.slow_app(3000);
    let config = services_config();
    let form = open_page(&page, &[("config", &config), ("service", "printer")]).await;
    // The first screen is the printer's form already.
    form.field("Item").await;
    assert!(page.first_screen_shows("boot").await, "on the first screen");
    form.fill("Subject", "Paper jam").await;
    page.app_took_over("boot").await;
    form.wait_for_text(".srf-service-chosen", |text| text == "Printer or toner")
        .await;
    assert_eq!(form.value("Subject").await, "Paper jam");
    // The host opens another while it runs: shared fields keep their text.
    page.browser
        .execute(
            "document.getElementById('boot').setAttribute('service', 'software')",
            vec![],
        )
        .await
        .unwrap();
    form.wait_for_text(".srf-service-chosen", |text| text == "Software problem")
        .await;
    assert_eq!(form.value("Subject").await, "Paper jam");
    page.browser
        .execute(
            "[...document.getElementById('boot').shadowRoot.querySelectorAll('label')]
                .find(label => label.textContent.trim() === 'Linux').click()",
            vec![],
        )
        .await
        .unwrap();
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let created = page
        .wait_until("return window.__created[0]", "request-created")
        .await;
    assert_eq!(created["service"], "software");
    assert!(created["name"].as_str().unwrap().starts_with("INC-"));
    assert_eq!(
        page.sandbox.received().last().unwrap()["categoryName"],
        "Software"
    );
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn a_service_set_right_after_when_defined_opens_it_and_without_one_the_list_shows() {
    let page = boot_site().await;
    let config = services_config();
    let form = open_page(&page, &[("config", &config), ("lateService", "laptop")]).await;
    form.wait_for_text(".srf-service-chosen", |text| text == "Laptop repair")
        .await;
    form.field("Asset tag").await;
    let form = open_page(&page, &[("config", &config)]).await;
    form.wait_for_text("h2", |text| text == "What do you need help with?")
        .await;
    assert_eq!(
        form.texts(".srf-service-label").await,
        [
            "Laptop repair",
            "Printer or toner",
            "Software problem",
            "Password reset",
            "Something else"
        ]
    );
    page.close().await;
}

#[tokio::test]
async fn mount_takes_a_service_option_and_set_service_switches_keeping_shared_fields() {
    let page = boot_site().await;
    let token = crate::harness::token_for(&page.base).await;
    open_page(&page, &[]).await;
    page.page_mount().await;
    let config: Value = serde_json::from_str(&services_config()).unwrap();
    page.run(
        "const [token, config] = arguments;
         const target = document.createElement('div'); target.id = 'mounted'; document.body.append(target);
         target.setAttribute('server-url', location.origin);
         window.handle = window.__mount(target, config, {service: 'password'});
         window.handle.setToken(token);",
        vec![json!(token), config],
    )
    .await;
    let form = page.shadow_form("#mounted").await;
    form.wait_for_text(".srf-service-chosen", |text| text == "Password reset")
        .await;
    assert_eq!(form.value("Subject").await, "Password reset");
    form.fill("Description", "Locked out since Monday").await;
    page.run("window.handle.setService('laptop');", vec![])
        .await;
    form.wait_for_text(".srf-service-chosen", |text| text == "Laptop repair")
        .await;
    form.field("Asset tag").await;
    assert_eq!(form.value("Description").await, "Locked out since Monday");
    page.close().await;
}

#[tokio::test]
async fn a_service_set_while_the_first_screen_shows_or_during_a_problem_takes_effect() {
    let page = boot_site().await;
    page.slow_app(4000);
    let config = services_config();
    let form = open_page(&page, &[("config", &config), ("service", "printer")]).await;
    form.field("Item").await;
    form.fill("Subject", "Typed on the first screen").await;
    page.browser
        .execute(
            "document.getElementById('boot').service = 'software'",
            vec![],
        )
        .await
        .unwrap();
    // The first screen is painted again for the software form.
    form.field("Windows").await;
    assert!(
        page.first_screen_shows("boot").await,
        "still the first screen"
    );
    assert_eq!(form.value("Subject").await, "Typed on the first screen");
    page.app_took_over("boot").await;
    form.wait_for_text(".srf-service-chosen", |text| text == "Software problem")
        .await;
    assert_eq!(form.value("Subject").await, "Typed on the first screen");

    // A bad configuration, a service set meanwhile, then a good one.
    let form = open_page(&page, &[("config", r#"{"theme": "pink"}"#)]).await;
    form.wait_for_text(".srf-config-error", |text| text.contains("theme"))
        .await;
    page.browser
        .execute(
            "const form = document.getElementById('boot');
             form.setAttribute('service', 'laptop');
             form.config = JSON.parse(arguments[0]);",
            vec![json!(config)],
        )
        .await
        .unwrap();
    form.wait_for_text(".srf-service-chosen", |text| text == "Laptop repair")
        .await;
    form.field("Asset tag").await;
    page.close().await;
}
