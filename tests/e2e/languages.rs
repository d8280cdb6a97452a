//! Languages: German and Arabic end to end (labels, messages, the button,
//! plurals, dates and numbers from the browser's Intl, right to left), a
//! deployment's own texts from config.json, fallback from de-AT to de and
//! from an unknown language to English, switching a live form's language
//! without losing what was typed, and a catalog an admin drops in.

use serde_json::{json, Value};

use crate::harness::{config_file, temp_file, token_for, Portal, ShadowForm};

const INTRANET: &str = "/pages/intranet.html";

/// A shipped catalog, as the tests expect to see its texts.
pub fn catalog(tag: &str) -> Value {
    let read = |path: String| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut words = read(format!("{}/locales/{tag}.json", env!("CARGO_MANIFEST_DIR")));
    // English words only the chunks say live beside their code.
    if tag == "en" {
        for chunk in ["en-app", "en-config"] {
            let chunk = read(format!(
                "{}/src/i18n/{chunk}.json",
                env!("CARGO_MANIFEST_DIR")
            ));
            for (key, text) in chunk.as_object().unwrap() {
                words[key] = text.clone();
            }
        }
    }
    words
}

/// A text of `catalog` with its placeholders filled.
pub fn text(catalog: &Value, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = catalog[key].as_str().unwrap_or_default().to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

fn file(name: &str) -> String {
    temp_file(name, b"some bytes").display().to_string()
}

#[tokio::test]
async fn in_german_the_form_its_messages_dates_numbers_and_plurals_speak_german() {
    let de = catalog("de");
    let portal = Portal::open_with_config(
        r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "locale": "de",
            "messages": {"de": {"submit": "Jetzt absenden"}},
            "customFields": [{"name": "Floor", "type": "number", "label": {"en": "Floor", "de": "Stockwerk"}}]}"#,
    )
    .await;
    portal
        .fill(&text(&de, "signIn.email", &[]), "demo@example.com")
        .await;
    portal
        .fill(&text(&de, "signIn.password", &[]), "demo")
        .await;
    portal.click(&text(&de, "signIn.submit", &[])).await;
    let subject = text(&de, "field.subject", &[]);
    portal.field(&subject).await;
    let lang = portal
        .browser
        .execute("return document.querySelector('.srf-root').lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, json!("de"));

    // The deployment's own text wins over the catalog.
    portal.click("Jetzt absenden").await;
    assert_eq!(
        portal.field_error(&subject).await,
        Some(text(&de, "problem.required", &[("label", &subject)]))
    );

    let attachments = text(&de, "field.fileAttachments", &[]);
    portal
        .field(&attachments)
        .await
        .send_keys(&format!("{}\n{}", file("a.txt"), file("b.txt")))
        .await
        .unwrap();
    let two = text(&de["files.count"], "other", &[("count", "2")]);
    portal.wait_for_text(".srf-files-count", |t| t == two).await;

    portal.fill(&subject, "Drucker im 3. Stock").await;
    portal.fill("Stockwerk", "3,5").await;
    portal.click("Jetzt absenden").await;
    portal
        .wait_for_text(".srf-ticket-number", |t| t.starts_with("INC-"))
        .await;
    let card = portal
        .wait_for_text(".srf-ticket", |t| t.contains(&text(&de, "card.title", &[])))
        .await;
    assert!(
        card.contains("3,5"),
        "the number as German writes it: {card}"
    );
    let month = portal
        .browser
        .execute(
            "return new Intl.DateTimeFormat('de', {month: 'short'}).format(new Date())",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        card.contains(month.as_str().unwrap()),
        "the date in German ({month}): {card}"
    );
    assert_eq!(
        portal.sandbox.received()[0]["customField"]["Floor"],
        json!(3.5)
    );
    portal.close().await;
}

async fn arabic_element(page: &Portal) -> ShadowForm {
    let token = token_for(&page.base).await;
    page.add_element(
        "ar",
        json!({"server-url": page.base, "token": token, "locale": "ar", "user": "demo@example.com"}),
        None,
    )
    .await
}

#[tokio::test]
async fn in_arabic_the_form_is_right_to_left_and_addresses_stay_left_to_right() {
    let ar = catalog("ar");
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let form = arabic_element(&page).await;
    let subject = text(&ar, "field.subject", &[]);
    form.field(&subject).await;
    let root = page
        .browser
        .execute(
            "const root = document.getElementById('ar').shadowRoot.querySelector('.srf-root');
             const email = root.querySelector('input[type=email]');
             return [root.dir, root.lang, email.dir, getComputedStyle(root).direction]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(root, json!(["rtl", "ar", "ltr", "rtl"]));

    form.click(&text(&ar, "submit", &[])).await;
    let required = text(&ar, "problem.required", &[("label", &subject)]);
    form.wait_for_text(".srf-field-error", |t| t == required)
        .await;

    form.field(&text(&ar, "field.fileAttachments", &[]))
        .await
        .send_keys(&format!("{}\n{}", file("one.txt"), file("two.txt")))
        .await
        .unwrap();
    let two = text(&ar["files.count"], "two", &[("count", "٢")]);
    form.wait_for_text(".srf-files-count", |t| {
        t == two || t == text(&ar["files.count"], "two", &[("count", "2")])
    })
    .await;

    form.fill(&subject, "الطابعة لا تعمل").await;
    form.click(&text(&ar, "submit", &[])).await;
    form.ticket_number().await;
    form.wait_for_text("h2", |t| t == text(&ar, "card.title", &[]))
        .await;
    page.close().await;
}

#[tokio::test]
async fn changing_the_language_of_a_live_form_keeps_what_was_typed() {
    let fr = catalog("fr");
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let form = page.add_with_token("live").await;
    form.fill("Subject", "Écran noir").await;
    form.fill("Description", "Depuis ce matin").await;
    page.browser
        .execute(
            "document.getElementById('live').setAttribute('locale', 'fr')",
            vec![],
        )
        .await
        .unwrap();
    let subject = text(&fr, "field.subject", &[]);
    assert_eq!(form.value(&subject).await, "Écran noir");
    assert_eq!(
        form.value(&text(&fr, "field.description", &[])).await,
        "Depuis ce matin"
    );
    form.wait_for_text("button", |t| t == text(&fr, "submit", &[]))
        .await;
    page.close().await;
}

#[tokio::test]
async fn de_at_falls_back_to_german_and_an_unknown_language_to_english() {
    let de = catalog("de");
    let page = Portal::open_at(sandbox::Options::default(), INTRANET).await;
    let token = token_for(&page.base).await;
    let austrian = page
        .add_element(
            "at",
            json!({"server-url": page.base, "token": token, "locale": "de-AT"}),
            None,
        )
        .await;
    austrian.field(&text(&de, "field.subject", &[])).await;
    let unknown = page
        .add_element(
            "tlh",
            json!({"server-url": page.base, "token": token, "locale": "tlh"}),
            None,
        )
        .await;
    unknown.field("Subject").await;
    page.close().await;
}

#[tokio::test]
async fn a_language_an_admin_drops_in_is_used_and_a_broken_catalog_is_reported() {
    let page = Portal::open_at(
        sandbox::Options {
            pages: vec![
                (
                    "/locales/sv.json".into(),
                    r#"{"field.subject": "Ämne", "submit": "Skicka ärendet"}"#.into(),
                ),
                ("/locales/xx.json".into(), "{ not json".into()),
            ],
            ..sandbox::Options::default()
        },
        INTRANET,
    )
    .await;
    let token = token_for(&page.base).await;
    let swedish = page
        .add_element(
            "sv",
            json!({"server-url": page.base, "token": token, "locale": "sv-SE"}),
            None,
        )
        .await;
    swedish.field("Ämne").await;
    swedish
        .wait_for_text("button", |t| t == "Skicka ärendet")
        .await;
    // What the catalog lacks is in English, never a key's name.
    swedish
        .wait_for_text("h2", |t| t == "Create a support request")
        .await;
    let broken = page
        .add_element(
            "xx",
            json!({"server-url": page.base, "token": token, "locale": "xx"}),
            None,
        )
        .await;
    let said = broken
        .wait_for_text(".srf-config-error", |t| t.contains("locales/xx.json"))
        .await;
    assert!(said.contains("not valid JSON"), "{said}");
    page.close().await;
}

#[tokio::test]
async fn the_config_files_own_texts_are_checked_and_unknown_keys_reported() {
    let portal = Portal::open_with(sandbox::Options {
        form_config: Some(config_file(
            r#"{"clientId": "support-portal", "messages": {"de": {"sumbit": "Senden"}}}"#,
        )),
        ..sandbox::Options::default()
    })
    .await;
    let said = portal
        .wait_for_text(".srf-config-error", |t| !t.is_empty())
        .await;
    assert!(said.contains("messages.de.sumbit"), "{said}");
    portal.close().await;
}
