//! Prefill: starting values from the host (the `prefill` property, set at
//! any moment, and `mount()`'s option) and from a link (`?srf-<name>=…`,
//! only for the fields `prefillFromUrl` lists); what does not fit is left
//! out, said in the console, and never sent.

use serde_json::{json, Value};

use crate::boot::{boot_site, open_boot, shipped_config};
use crate::harness::{token_for, Portal, ShadowForm};

/// The boot page (see `boot::open_boot`) with these query pairs and a
/// token for demo@example.com (in its address, as some hosts put it).
pub async fn open_page(page: &Portal, query: &[(&str, &str)]) -> ShadowForm {
    let token = token_for(&page.base).await;
    let mut query = query.to_vec();
    query.insert(0, ("token", &token));
    open_boot(page, &query).await
}

async fn set_prefill(page: &Portal, prefill: Value) {
    page.browser
        .execute(
            "document.getElementById('boot').prefill = arguments[0]",
            vec![prefill],
        )
        .await
        .unwrap();
}

/// Waits until `label` holds `value`.
pub async fn wait_for_value(page: &Portal, form: &ShadowForm, label: &str, value: &str) {
    for _ in 0..100 {
        if form.value(label).await == value {
            return;
        }
        page.browser
            .execute("return new Promise(r => requestAnimationFrame(r))", vec![])
            .await
            .unwrap();
    }
    panic!(
        "{label} never held {value:?}: {:?}",
        form.value(label).await
    );
}

#[tokio::test]
async fn a_prefill_set_before_the_module_loads_fills_the_first_screen_and_reaches_the_request() {
    let page = boot_site().await;
    page.slow_app(3000);
    let config = shipped_config().to_string();
    let prefill = json!({"subject": "From the host page",
        "customFields": {"Asset tag": "AT-7"}})
    .to_string();
    let form = open_page(&page, &[("config", &config), ("prefill", &prefill)]).await;
    wait_for_value(&page, &form, "Subject", "From the host page").await;
    assert!(page.first_screen_shows("boot").await, "on the first screen");
    assert_eq!(form.value("Asset tag").await, "AT-7");
    page.app_took_over("boot").await;
    assert_eq!(form.value("Subject").await, "From the host page");
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let sent = page.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["subject"], "From the host page");
    assert_eq!(sent["customField"]["Asset tag"], "AT-7");
    assert_eq!(page.page_errors().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn a_prefill_set_later_fills_only_the_fields_the_person_has_not_changed_on_the_first_screen_and_in_the_app(
) {
    let page = boot_site().await;
    page.slow_app(4000);
    let late = json!({"subject": "Late", "description": "Late text"}).to_string();
    let form = open_page(&page, &[("latePrefill", &late)]).await;
    // Set right after `whenDefined`, while the app loads.
    wait_for_value(&page, &form, "Subject", "Late").await;
    assert_eq!(form.value("Description").await, "Late text");
    assert!(page.first_screen_shows("boot").await);
    form.fill("Subject", "Mine").await;
    // Set again while the first screen shows: what was typed stays.
    set_prefill(
        &page,
        json!({"subject": "Newer", "description": "Newer text"}),
    )
    .await;
    wait_for_value(&page, &form, "Description", "Newer text").await;
    assert_eq!(form.value("Subject").await, "Mine");
    page.app_took_over("boot").await;
    assert_eq!(form.value("Subject").await, "Mine");
    assert_eq!(form.value("Description").await, "Newer text");
    // And while the app runs.
    set_prefill(
        &page,
        json!({"subject": "Newest", "description": "Newest text"}),
    )
    .await;
    wait_for_value(&page, &form, "Description", "Newest text").await;
    assert_eq!(form.value("Subject").await, "Mine");
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let sent = page.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["subject"], "Mine");
    assert_eq!(sent["description"], "Newest text");
    page.close().await;
}

#[tokio::test]
async fn mounts_prefill_option_sets_starting_values() {
    let page = boot_site().await;
    let form = open_page(&page, &[]).await;
    page.app_took_over("boot").await;
    drop(form);
    let token = token_for(&page.base).await;
    page.page_mount().await;
    page.run(
        "const target = document.createElement('div'); target.id = 'mounted';
         document.querySelector('main').append(target);
         window.handle = window.__mount(target, null, { prefill: { subject: 'From mount()' } });
         window.handle.setToken(arguments[0]);",
        vec![json!(token)],
    )
    .await;
    let mounted = page.shadow_form("#mounted").await;
    wait_for_value(&page, &mounted, "Subject", "From mount()").await;
    page.run(
        "window.handle.setPrefill({ subject: 'From setPrefill()' });",
        vec![],
    )
    .await;
    wait_for_value(&page, &mounted, "Subject", "From setPrefill()").await;
    page.close().await;
}

#[tokio::test]
async fn a_link_fills_only_the_fields_the_configuration_lists_and_a_value_that_does_not_fit_is_said_and_never_sent(
) {
    let page = boot_site().await;
    let config = json!({
        "fields": {"categoryName": {"options": ["Hardware", "Software"]}},
        "customFields": [{"name": "Asset tag", "type": "text"}],
        "prefillFromUrl": ["subject", "categoryName", "Asset tag"]
    })
    .to_string();
    let form = open_page(
        &page,
        &[
            ("config", &config),
            ("srf-subject", "From a link"),
            ("srf-categoryName", "Plumbing"),
            ("srf-Asset tag", "AT-9"),
            ("srf-description", "not listed, never read"),
        ],
    )
    .await;
    wait_for_value(&page, &form, "Subject", "From a link").await;
    assert_eq!(form.value("Asset tag").await, "AT-9");
    assert_eq!(form.value("Description").await, "");
    assert_eq!(form.value("Category").await, "");
    page.app_took_over("boot").await;
    let warnings = page
        .wait_until(
            "return window.__warnings.filter(w => w.includes('srf-categoryName')).join('\\n')",
            "the console to say why Plumbing was left out",
        )
        .await;
    assert!(
        warnings.as_str().unwrap().contains("Plumbing"),
        "{warnings}"
    );
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    let sent = page.sandbox.received().last().cloned().unwrap();
    assert_eq!(sent["subject"], "From a link");
    assert_eq!(sent["customField"]["Asset tag"], "AT-9");
    assert_ne!(sent["categoryName"], "Plumbing");
    assert_ne!(sent["description"], "not listed, never read");
    page.close().await;
}
