//! The context of the page (`config.context`) and the host's own
//! (`context` property): shown before Submit under "Sent with your
//! request", and sent word for word, with the page's query (where the
//! token is) removed.

use serde_json::{json, Value};

use crate::boot::boot_site;
use crate::harness::{Portal, ShadowForm};
use crate::prefill::open_page;

/// Opens "Sent with your request" and returns what it lists, as the text
/// the request should carry.
async fn shown_context(page: &Portal) -> String {
    let script = "const root = document.getElementById('boot').shadowRoot;
        if (!root) return null;
        const details = [...root.querySelectorAll('details')]
            .find(d => d.querySelector('summary')?.textContent.trim() === 'Sent with your request');
        if (!details) return null;
        details.open = true;
        const names = [...details.querySelectorAll('dt')].map(e => e.textContent);
        const values = [...details.querySelectorAll('dd')].map(e => e.textContent);
        return ['Sent with your request:', ...names.map((n, i) => n + ': ' + values[i])].join('\\n');";
    page.wait_until(script, "Sent with your request")
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

async fn send(page: &Portal, form: &ShadowForm) -> Value {
    form.fill("Subject", "Context please").await;
    form.fill("Requester email", "demo@example.com").await;
    form.click("Submit request").await;
    form.ticket_number().await;
    page.sandbox.received().last().cloned().unwrap()
}

#[tokio::test]
async fn what_is_shown_before_submit_is_sent_word_for_word_without_the_token_in_the_address() {
    let page = boot_site().await;
    page.slow_app(2000);
    let config = json!({"context": {"include":
        ["pageUrl", "userAgent", "language", "timeZone", "viewport"]}})
    .to_string();
    let context = json!({"App version": "4.2.1"}).to_string();
    // Given before the module loads; the page's address has the token in
    // its query.
    let form = open_page(&page, &[("config", &config), ("context", &context)]).await;
    form.field("Subject").await;
    page.app_took_over("boot").await;
    let shown = shown_context(&page).await;
    let page_url = format!("Page: {}/pages/boot.html\n", page.base);
    assert!(shown.contains(&page_url), "{shown}");
    assert!(shown.contains("\nApp version: 4.2.1"), "{shown}");
    for fact in ["Browser: ", "Language: ", "Time zone: ", "Window size: "] {
        assert!(shown.contains(fact), "{fact} in {shown}");
    }
    assert!(!shown.contains("token"), "{shown}");
    // Set again while the form runs.
    page.browser
        .execute(
            "document.getElementById('boot').context = {'App version': '4.2.1', 'Error id': 'E-52'}",
            vec![],
        )
        .await
        .unwrap();
    page.wait_until(
        "return document.getElementById('boot').shadowRoot.textContent.includes('E-52')",
        "the new context",
    )
    .await;
    let shown = shown_context(&page).await;
    let sent = send(&page, &form).await;
    let description = sent["description"].as_str().unwrap();
    assert_eq!(description, shown, "sent exactly as shown");
    assert!(description.ends_with("\nError id: E-52"), "{description}");
    assert!(!description.contains('?') && !description.contains("token"));
    page.close().await;
}

#[tokio::test]
async fn without_context_nothing_is_shown_or_added_and_a_late_host_context_goes_into_its_custom_field(
) {
    let page = boot_site().await;
    let form = open_page(&page, &[]).await;
    page.app_took_over("boot").await;
    let script =
        "return document.getElementById('boot').shadowRoot.querySelectorAll('details').length";
    assert_eq!(
        page.browser.execute(script, vec![]).await.unwrap(),
        json!(0)
    );
    let sent = send(&page, &form).await;
    assert!(sent.get("description").is_none_or(|d| d == ""), "{sent}");

    let config = json!({"context": {"into": {"customField": "Context"}}}).to_string();
    let late = json!({"Error id": "E-7"}).to_string();
    let form = open_page(&page, &[("config", &config), ("lateContext", &late)]).await;
    page.app_took_over("boot").await;
    assert_eq!(
        shown_context(&page).await,
        "Sent with your request:\nError id: E-7"
    );
    let sent = send(&page, &form).await;
    assert_eq!(
        sent["customField"]["Context"],
        "Sent with your request:\nError id: E-7"
    );
    page.close().await;
}
