//! The Custom Elements Manifest against the running element: every
//! attribute it observes, every event it fires, every part in its shadow
//! root and every `--srf-*` variable of its CSS is in the manifest, and
//! nothing else.

use std::collections::BTreeSet;

use sandbox::Fault;
use serde_json::Value;

use crate::harness::{dist, Portal};

/// The names listed under `key` in the element's declaration.
fn listed(element: &Value, key: &str) -> BTreeSet<String> {
    element[key]
        .as_array()
        .unwrap_or_else(|| panic!("the manifest lists {key}"))
        .iter()
        .map(|entry| entry["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The part names in the element's shadow root now.
async fn parts_now(page: &Portal) -> BTreeSet<String> {
    let parts = page
        .browser
        .execute(
            "return [...document.getElementById('help-form').shadowRoot.querySelectorAll('[part]')]
                .flatMap(e => e.getAttribute('part').split(/\\s+/)).filter(Boolean)",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(parts).unwrap()
}

#[tokio::test]
async fn the_manifest_lists_exactly_what_the_element_observes_fires_shows_and_styles() {
    let text = std::fs::read_to_string(dist().join("custom-elements.json")).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    assert!(manifest["schemaVersion"]
        .as_str()
        .unwrap()
        .starts_with("2."));
    let element = manifest["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|module| module["declarations"].as_array().unwrap())
        .find(|declaration| declaration["customElement"] == true)
        .unwrap()
        .clone();
    assert_eq!(element["tagName"], "support-request-form");

    let page = Portal::open_at(sandbox::Options::default(), "/pages/intranet.html").await;
    // Every custom event the element dispatches, as the page sees it.
    page.page_script(
        "window.__fired = new Set();
         const dispatch = EventTarget.prototype.dispatchEvent;
         EventTarget.prototype.dispatchEvent = function (event) {
           if (event instanceof CustomEvent && this.localName === 'support-request-form') window.__fired.add(event.type);
           return dispatch.call(this, event);
         };",
    )
    .await;
    let observed = page
        .run(
            "await customElements.whenDefined('support-request-form');
             return [...customElements.get('support-request-form').observedAttributes];",
            vec![],
        )
        .await;
    let observed: BTreeSet<String> = serde_json::from_value(observed).unwrap();
    assert_eq!(observed, listed(&element, "attributes"));

    // Every state the element can be in: sign-in, the form, its errors, a
    // failure, the ticket with My recent requests, a comment, a bad config.
    let form = page.shadow_form("#help-form").await;
    form.field("Email").await;
    let mut parts = parts_now(&page).await;
    form.fill("Email", "demo@example.com").await;
    form.fill("Password", "demo").await;
    form.click("Sign in").await;
    form.click("Submit request").await;
    form.wait_for_text(".srf-summary", |text| !text.is_empty())
        .await;
    parts.extend(parts_now(&page).await);
    page.sandbox.script(
        "create",
        [Fault {
            status: Some(500),
            ..Fault::default()
        }],
    );
    form.fill("Subject", "Manifest check").await;
    form.click("Submit request").await;
    form.wait_for_text(".srf-server-error", |text| text.contains("500"))
        .await;
    form.click("Submit request").await;
    form.ticket_number().await;
    form.wait_for_text(".srf-request-open", |text| text.contains("Manifest check"))
        .await;
    parts.extend(parts_now(&page).await);
    form.fill("Comment", "And one more thing").await;
    form.click("Add to the request").await;
    form.wait_for_text(".srf-comment-text", |text| text == "And one more thing")
        .await;
    page.browser
        .execute(
            "document.getElementById('help-form').config = {theme: 'blue'}",
            vec![],
        )
        .await
        .unwrap();
    page.wait_until(
        "return window.__fired.has('config-invalid')",
        "config-invalid",
    )
    .await;
    assert_eq!(parts, listed(&element, "cssParts"));

    let fired = page
        .browser
        .execute("return [...window.__fired]", vec![])
        .await
        .unwrap();
    let fired: BTreeSet<String> = serde_json::from_value(fired).unwrap();
    assert_eq!(fired, listed(&element, "events"));

    let css = std::fs::read_to_string(dist().join("support-request-form.css")).unwrap();
    let variables: BTreeSet<String> = css
        .match_indices("--srf-")
        .map(|(start, _)| {
            css[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        // Comments speak of `--srf-*` and `--srf-dark-*` as families.
        .filter(|name| !name.ends_with('-'))
        .collect();
    assert_eq!(variables, listed(&element, "cssProperties"));
    page.close().await;
}

/// The texts of the playground's problem list.
async fn problems(page: &Portal) -> Vec<String> {
    let items = page
        .browser
        .execute(
            "return [...document.querySelectorAll('#problems li')].map(e => e.textContent)",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(items).unwrap()
}

async fn wait_problems(
    page: &Portal,
    what: &str,
    check: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    for _ in 0..100 {
        let now = problems(page).await;
        if check(&now) {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "the playground never listed {what}: {:?}",
        problems(page).await
    );
}

#[tokio::test]
async fn the_playground_follows_the_config_as_typed_lists_every_problem_and_copies_it() {
    let page = Portal::open_at(sandbox::Options::default(), "/pages/playground.html").await;
    page.wait_until(
        "return document.getElementById('config').value.includes('clientId')",
        "the deployment's config.json in the editor",
    )
    .await;
    let form = page.shadow_form("#preview").await;
    form.field("Email").await;

    page.fill(
        "Configuration (JSON)",
        r#"{"theme": "blue", "attachments": {"maxFiles": 0}}"#,
    )
    .await;
    let listed = wait_problems(&page, "both problems", |list| list.len() == 2).await;
    assert!(
        listed.iter().any(|problem| problem.starts_with("theme: ")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|problem| problem.starts_with("attachments.maxFiles: ")),
        "{listed:?}"
    );
    // The form itself says so too, every problem.
    form.wait_for_text(".srf-config-problems", |text| {
        text.contains("theme") && text.contains("attachments.maxFiles")
    })
    .await;

    page.fill("Configuration (JSON)", r#"{"theme": "#).await;
    wait_problems(&page, "a JSON error", |list| {
        list.len() == 1 && list[0].starts_with("Not valid JSON")
    })
    .await;

    page.fill(
        "Configuration (JSON)",
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "fields": {"subject": {"label": "What is wrong?"}}}"#,
    )
    .await;
    wait_problems(&page, "nothing", <[String]>::is_empty).await;
    form.fill("Email", "demo@example.com").await;
    form.fill("Password", "demo").await;
    form.click("Sign in").await;
    form.field("What is wrong?").await;

    // Copied for real: cleared, then pasted back from the clipboard.
    let typed = page.value("Configuration (JSON)").await;
    page.click("Copy config").await;
    page.wait_for_text("#copied", |text| text == "Copied").await;
    let editor = page.field("Configuration (JSON)").await;
    editor.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap();
    assert_eq!(page.value("Configuration (JSON)").await, "");
    editor.send_keys("\u{E009}v\u{E000}").await.unwrap();
    assert_eq!(page.value("Configuration (JSON)").await, typed);
    let violations = page
        .browser
        .execute("return window.cspViolations", vec![])
        .await
        .unwrap();
    assert_eq!(violations, serde_json::json!([]), "under its strict CSP");

    // The tailored example: a good configuration, its conditions live.
    page.click("Try the tailored example").await;
    page.wait_until(
        "return document.getElementById('config').value.includes('visibleWhen')",
        "the tailored example in the editor",
    )
    .await;
    wait_problems(&page, "nothing", <[String]>::is_empty).await;
    // Its services first; "Something else" is the whole form.
    form.wait_for_text(".srf-service-label", |text| text == "Something else")
        .await;
    page.browser
        .execute(
            "[...document.getElementById('preview').shadowRoot.querySelectorAll('.srf-service')]
                .find(button => button.textContent.startsWith('Something else')).click()",
            vec![],
        )
        .await
        .unwrap();
    form.field("Category").await;
    // The services example.
    page.click("Try the services example").await;
    wait_problems(&page, "nothing", <[String]>::is_empty).await;
    form.wait_for_text(".srf-service-label", |text| text == "Printer or toner")
        .await;
    page.close().await;
}
