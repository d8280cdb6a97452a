//! An accessibility scan (axe-core, run in the page over WebDriver) of the
//! sign-in, the form with its errors, and the ticket card; and the form used
//! with the keyboard alone.

use fantoccini::Locator;
use sandbox::Fault;
use serde_json::{json, Value};

use crate::harness::{config_file, Portal};
use crate::languages::{catalog, text};

const AXE: &str = include_str!("../../node_modules/axe-core/axe.min.js");

/// The axe violations on the page (WCAG 2.1 A and AA rules).
async fn violations(portal: &Portal) -> Vec<Value> {
    portal.browser.execute(AXE, vec![]).await.unwrap();
    let found = portal
        .run(
            "const results = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']});
             return results.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));",
            vec![],
        )
        .await;
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
    // Type the email, Tab to the password, type it, Enter. Tab and Enter
    // go to whatever has focus: the app may take over from the first screen
    // between two keys, and keeps the focus where it was.
    portal.fill("Email", "demo@example.com").await;
    portal.press("\u{E004}demo\u{E007}").await;
    portal.fill("Subject", "Typed with keys only").await;
    // Enter in a one-line field submits the form.
    portal.press("\u{E007}").await;
    portal.ticket_number().await;
    assert_eq!(
        portal.sandbox.received()[0]["subject"],
        "Typed with keys only"
    );
    portal.close().await;
}

/// The portal in `language` and `theme`, signed in, showing the form with
/// its errors after an empty submit.
async fn form_with_errors(language: &str, theme: &str) -> Portal {
    let words = catalog(language);
    let portal = Portal::open_with_config(&format!(
        r#"{{"clientId": "support-portal", "clientSecret": "portal-secret", "locale": "{language}", "theme": "{theme}"}}"#
    ))
    .await;
    portal
        .fill(&text(&words, "signIn.email", &[]), "demo@example.com")
        .await;
    portal
        .fill(&text(&words, "signIn.password", &[]), "demo")
        .await;
    portal.click(&text(&words, "signIn.submit", &[])).await;
    let subject = text(&words, "field.subject", &[]);
    portal.field(&subject).await;
    portal.click(&text(&words, "submit", &[])).await;
    portal
        .wait_for_text(".srf-field-error", |t| !t.is_empty())
        .await;
    portal
}

#[tokio::test]
async fn no_axe_violations_in_english_and_arabic_light_and_dark() {
    for (language, theme) in [
        ("en", "light"),
        ("en", "dark"),
        ("ar", "light"),
        ("ar", "dark"),
    ] {
        let portal = form_with_errors(language, theme).await;
        let shown = portal
            .browser
            .execute(
                "const root = document.querySelector('.srf-root');
                 return [root.dataset.theme, getComputedStyle(root).colorScheme, root.dir]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(shown[0], json!(theme));
        assert_eq!(shown[1], json!(theme), "{language}");
        assert_eq!(
            violations(&portal).await,
            Vec::<Value>::new(),
            "{language} {theme}"
        );
        portal.close().await;
    }
}

#[tokio::test]
async fn after_sending_focus_is_on_the_ticket_heading_and_another_request_starts_at_the_first_field(
) {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Where does focus go").await;
    portal.click("Submit request").await;
    let number = portal.ticket_number().await;
    let focused = portal
        .browser
        .execute(
            "const el = document.activeElement;
             return [el.tagName, el.textContent.trim(), document.getElementById(el.getAttribute('aria-describedby')).textContent]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused, json!(["H2", "Request created", number]));
    let announced = portal
        .wait_for_text(".srf-ticket [role=status]", |t| t.contains(&number))
        .await;
    assert_eq!(announced, format!("Request {number} was created."));
    portal.click("Submit another request").await;
    portal
        .wait_until(
            "return document.activeElement && document.activeElement.id.endsWith('-subject')",
            "focus on the first field",
        )
        .await;
    portal.close().await;
}

#[tokio::test]
async fn two_forms_on_one_page_never_share_an_id() {
    let portal = Portal::open_at(sandbox::Options::default(), "/pages/intranet.html").await;
    let token = crate::harness::token_for(&portal.base).await;
    for id in ["one", "two"] {
        let form = portal
            .add_element(id, json!({"server-url": portal.base, "token": token}), None)
            .await;
        form.fill("Subject", id).await;
        form.fill("Requester email", "demo@example.com").await;
        form.click("Submit request").await;
        form.ticket_number().await;
    }
    let ids = portal
        .browser
        .execute(
            "return ['one', 'two'].flatMap(id => [...document.getElementById(id).shadowRoot.querySelectorAll('[id]')].map(e => e.id))",
            vec![],
        )
        .await
        .unwrap();
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        ids.iter()
            .filter(|id| id.ends_with("-ticket-title"))
            .count()
            == 2
    );
    portal.close().await;
}

#[tokio::test]
async fn the_retry_countdown_speaks_at_most_every_five_seconds() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.fill("Subject", "Counting down").await;
    portal.sandbox.script(
        "create",
        [Fault {
            status: Some(503),
            retry_after: Some(8),
            ..Fault::default()
        }],
    );
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-delivery", |t| t.contains("trying again in 8 seconds"))
        .await;
    portal
        .browser
        .execute(
            "window.__spoken = [];
             const region = document.querySelector('.srf-delivery [role=status]');
             new MutationObserver(() => window.__spoken.push(region.textContent))
                 .observe(region, {subtree: true, childList: true, characterData: true});",
            vec![],
        )
        .await
        .unwrap();
    portal.ticket_number().await;
    let spoken: Vec<String> = serde_json::from_value(
        portal
            .browser
            .execute("return window.__spoken", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    // 8 s: "8 seconds", "5 seconds", then the end; never each second.
    let distinct: Vec<&String> = spoken.iter().filter(|said| !said.is_empty()).collect();
    assert!(
        distinct.len() <= 3,
        "spoke {} times: {spoken:?}",
        distinct.len()
    );
    portal.close().await;
}

#[tokio::test]
async fn radio_and_checkbox_choices_are_described_like_single_inputs() {
    let portal = Portal::open_with_config(
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret",
            "customFields": [{"name": "Reach me by", "type": "radio", "required": true,
                              "options": ["Phone", "Email"], "help": "How we get back to you"}]}"#,
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-field-error", |t| t == "Reach me by is required.")
        .await;
    let described = portal
        .browser
        .execute(
            "return [...document.querySelectorAll('input[type=radio]')].map(input =>
                 input.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        described,
        json!([
            ["How we get back to you", "Reach me by is required."],
            ["How we get back to you", "Reach me by is required."]
        ])
    );
    portal.close().await;
}

#[tokio::test]
async fn enter_while_an_input_method_composes_does_not_add_a_chip() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    let tags = portal.field("Tags").await;
    portal
        .browser
        .execute(
            "const input = arguments[0]; input.focus();
             input.value = 'かな';
             input.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true, data: 'かな', isComposing: true}));
             input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true, composed: true, cancelable: true}));",
            vec![serde_json::to_value(&tags).unwrap()],
        )
        .await
        .unwrap();
    assert!(
        portal.chips("Tags").await.is_empty(),
        "no chip while composing"
    );
    tags.send_keys("\u{E007}").await.unwrap();
    assert_eq!(
        portal.chips("Tags").await,
        ["かな"],
        "Enter after composing adds it"
    );
    portal.close().await;
}

#[tokio::test]
async fn focus_shows_as_an_outline() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    let subject = portal.field("Subject").await;
    subject.click().await.unwrap();
    let outline = portal
        .browser
        .execute(
            "const style = getComputedStyle(document.activeElement); return [style.outlineStyle, style.outlineWidth]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(outline, json!(["solid", "3px"]));
    portal.close().await;
}

#[tokio::test]
async fn at_320_pixels_nothing_scrolls_sideways_in_english_or_arabic() {
    for language in ["en", "ar"] {
        let portal = Portal::open_with(sandbox::Options {
            form_config: Some(config_file(&format!(
                r#"{{"clientId": "support-portal", "clientSecret": "portal-secret", "locale": "{language}",
                    "preset": "technician", "customFields": [{{"name": "When", "type": "datetime"}}]}}"#
            ))),
            ..sandbox::Options::default()
        })
        .await;
        let words = catalog(language);
        portal.browser.set_window_size(320, 800).await.unwrap();
        portal
            .fill(&text(&words, "signIn.email", &[]), "tech@example.com")
            .await;
        portal
            .fill(&text(&words, "signIn.password", &[]), "tech")
            .await;
        portal.click(&text(&words, "signIn.submit", &[])).await;
        portal.field(&text(&words, "field.subject", &[])).await;
        let widths = portal
            .browser
            .execute(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            widths[0].as_f64() <= widths[1].as_f64(),
            "{language}: {widths} (scroll width, window width)"
        );
        portal.close().await;
    }
}

#[tokio::test]
async fn the_description_keeps_its_line_breaks_and_the_drop_zone_speaks_a_sentence() {
    let portal = Portal::open().await;
    portal.sign_in("demo@example.com", "demo").await;
    let hint = portal
        .browser
        .wait()
        .for_element(Locator::Css(".srf-dropzone .srf-hint"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(hint.ends_with('.'), "a whole sentence: {hint}");
    portal.fill("Subject", "Two lines").await;
    portal
        .field("Description")
        .await
        .send_keys("first line\u{E007}second line")
        .await
        .unwrap();
    portal.click("Submit request").await;
    portal.ticket_number().await;
    let kept = portal
        .browser
        .execute(
            "const row = [...document.querySelectorAll('.srf-ticket-row')].find(r => r.querySelector('dt').textContent === 'Description');
             const value = row.querySelector('dd span');
             return [value.textContent, getComputedStyle(value).whiteSpace]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, json!(["first line\nsecond line", "pre-wrap"]));
    portal.close().await;
}

#[tokio::test]
async fn a_tailored_form_with_its_conditional_fields_and_its_context_open_has_no_axe_violations() {
    let portal = Portal::open_at(
        sandbox::Options {
            form_config: Some(config_file("examples/config-tailored.json")),
            ..sandbox::Options::default()
        },
        "/?service=anything",
    )
    .await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .field("Category")
        .await
        .select_by_label("Hardware")
        .await
        .unwrap();
    portal.field("Asset tag").await;
    portal
        .field("Subcategory")
        .await
        .select_by_label("Printer")
        .await
        .unwrap();
    portal
        .field("Urgency")
        .await
        .select_by_label("Urgent")
        .await
        .unwrap();
    portal.field("Impact details").await;
    portal
        .run(
            "const details = document.querySelector('details.srf-context');
             details.open = true; return true;",
            vec![],
        )
        .await;
    portal.click("Submit request").await;
    portal
        .wait_for_text(".srf-summary", |text| text.contains("Impact details"))
        .await;
    assert_eq!(
        violations(&portal).await,
        Vec::<Value>::new(),
        "conditional fields shown, required when, with errors, context open"
    );
    portal.close().await;
}

#[tokio::test]
async fn the_service_list_has_no_axe_violations_and_is_used_with_the_keyboard_alone() {
    const DOWN: &str = "\u{E015}";
    const ENTER: &str = "\u{E007}";
    let portal = Portal::open_with_config(crate::services::SERVICES).await;
    portal.sign_in("demo@example.com", "demo").await;
    portal
        .wait_for_text(".srf-service-label", |text| text == "Something else")
        .await;
    assert_eq!(violations(&portal).await, Vec::<Value>::new(), "the list");
    portal.fill("Search services", "hardware").await;
    portal
        .wait_for_text("[role=status]", |text| text == "2 services match.")
        .await;
    // Down from the search box into the list, down again, Enter.
    portal.type_keys("Search services", DOWN).await;
    assert!(crate::services::focused(&portal)
        .await
        .starts_with("Laptop repair"));
    portal.press(DOWN).await;
    assert!(crate::services::focused(&portal)
        .await
        .starts_with("Printer or toner"));
    portal.press(ENTER).await;
    crate::services::wait_for_service(&portal, "Printer or toner").await;
    portal
        .wait_until(
            "return document.activeElement?.labels?.[0]?.textContent.startsWith('Subject')",
            "focus on Subject",
        )
        .await;
    assert_eq!(
        violations(&portal).await,
        Vec::<Value>::new(),
        "the service's form"
    );
    // Enter in the search box picks the only service left.
    portal.click("Change service").await;
    portal
        .wait_until(
            "return document.activeElement?.classList.contains('srf-service-search')",
            "focus on the search box",
        )
        .await;
    portal.type_keys("Search services", "password").await;
    portal
        .wait_for_text("[role=status]", |text| text == "1 service matches.")
        .await;
    portal.type_keys("Search services", ENTER).await;
    crate::services::wait_for_service(&portal, "Password reset").await;
    portal.close().await;
}

#[tokio::test]
async fn no_axe_violations_with_the_image_editor_open_in_english_light_and_arabic_dark() {
    for (language, theme) in [("en", "light"), ("ar", "dark")] {
        let words = catalog(language);
        let portal = form_with_errors(language, theme).await;
        crate::redaction::paste_image_into(&portal, &text(&words, "field.subject", &[])).await;
        crate::redaction::editor_open(&portal).await;
        // A box, selected, with its handles shown.
        portal.click(&text(&words, "review.addBox", &[])).await;
        portal
            .wait_until(
                "return document.querySelector('.srf-review-box--selected');",
                "a selected box",
            )
            .await;
        let title = portal
            .wait_for_text("dialog.srf-review h2", |title| !title.is_empty())
            .await;
        assert_eq!(title, text(&words, "review.title", &[]), "{language}");
        assert_eq!(
            violations(&portal).await,
            Vec::<Value>::new(),
            "{language} {theme}"
        );
        portal.close().await;
    }
}
