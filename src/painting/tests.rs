use std::rc::Rc;

use serde_json::json;

use super::prerender::{prerender, SnippetOptions, Source, Which};
use super::stamp::stamp;
use crate::i18n::{Catalog, Plain, Words};

fn words(lang: &str, catalog: Option<&str>) -> Words {
    let catalog = catalog
        .and_then(|text| Catalog::parse(text).ok())
        .map(Rc::new);
    Words::configured(lang, catalog, &[], Rc::new(Plain))
}

#[test]
fn the_stamp_changes_with_any_change_of_the_configuration() {
    let english = words("en", None);
    let config = json!({"locale": "en", "fields": {"subject": {"label": "Title"}}, "attachments": {"maxFiles": 3}});
    let base = stamp(Some(&config), &english);
    for changed in [
        json!({"locale": "en", "fields": {"subject": {"label": "Titles"}}, "attachments": {"maxFiles": 3}}),
        json!({"locale": "en", "fields": {"subject": {"label": "Title"}}, "attachments": {"maxFiles": 4}}),
        json!({"locale": "en", "fields": {"subject": {"label": "Title", "help": ""}}, "attachments": {"maxFiles": 3}}),
        json!({"locale": "en", "fields": {"subject": {"label": "Title"}}}),
        json!({"locale": "de", "fields": {"subject": {"label": "Title"}}, "attachments": {"maxFiles": 3}}),
        json!({"locale": "en", "fields": {"subject": {"label": "Title"}}, "attachments": {"maxFiles": 3}, "theme": "dark"}),
    ] {
        assert_ne!(stamp(Some(&changed), &english), base, "{changed}");
    }
    assert_ne!(stamp(None, &english), base);
}

#[test]
fn the_stamp_changes_with_any_change_of_the_words() {
    let config = json!({"locale": "de"});
    let german = r#"{"title": "Anfrage", "submit": "Senden"}"#;
    let base = stamp(Some(&config), &words("de", Some(german)));
    for (lang, catalog) in [
        ("de", Some(r#"{"title": "Anfrage!", "submit": "Senden"}"#)),
        (
            "de",
            Some(r#"{"title": "Anfrage", "submit": "Senden", "signOut": "Abmelden"}"#),
        ),
        (
            "de",
            Some(r#"{"title": "Anfrage", "submit": {"one": "Senden", "other": "Senden"}}"#),
        ),
        ("de", None),
        ("de-AT", Some(german)),
        ("en", Some(german)),
    ] {
        assert_ne!(
            stamp(Some(&config), &words(lang, catalog)),
            base,
            "{lang} {catalog:?}"
        );
    }
    // The deployment's own texts are words too.
    let own = vec![(
        "de".to_owned(),
        Catalog::parse(r#"{"title": "Hilfe"}"#).unwrap_or_default(),
    )];
    let overridden = Words::configured(
        "de",
        Catalog::parse(german).ok().map(Rc::new),
        &own,
        Rc::new(Plain),
    );
    assert_ne!(stamp(Some(&config), &overridden), base);
}

#[test]
fn the_stamp_changes_with_nothing_else() {
    let english = words("en", None);
    let one = json!({"theme": "dark", "fields": {"subject": {"label": "Title", "help": "Short"}}});
    // The same configuration written in another order and spacing.
    let other: serde_json::Value = serde_json::from_str(
        r#"{ "fields" : { "subject": { "help": "Short", "label": "Title" } },
            "theme": "dark" }"#,
    )
    .unwrap_or_default();
    assert_eq!(stamp(Some(&one), &english), stamp(Some(&other), &english));
    // The same words made again, and a number written another way.
    assert_eq!(
        stamp(Some(&one), &english),
        stamp(Some(&one), &words("en", None))
    );
    let whole: serde_json::Value =
        serde_json::from_str(r#"{"attachments": {"maxFiles": 3}}"#).unwrap_or_default();
    assert_eq!(
        stamp(Some(&whole), &english),
        stamp(Some(&json!({"attachments": {"maxFiles": 3}})), &english)
    );
}

fn catalog(tag: &str) -> Option<String> {
    std::fs::read_to_string(format!("{}/locales/{tag}.json", env!("CARGO_MANIFEST_DIR"))).ok()
}

#[test]
fn a_prerendered_sign_in_carries_its_stamp_the_words_of_its_language_and_submit_disabled_until_a_script_holds_it(
) {
    let config = r#"{"locale": "de"}"#;
    let first = prerender(&Source {
        config: Some(config),
        locale: None,
        theme: None,
        which: Which::SignIn,
        catalog: &catalog,
    });
    let Ok(first) = first else {
        panic!("{first:?}");
    };
    assert_eq!(first.lang, "de");
    let german = Catalog::parse(&catalog("de").unwrap_or_default())
        .ok()
        .map(Rc::new);
    let words = Words::configured("de", german, &[], Rc::new(Plain));
    let config: serde_json::Value = serde_json::from_str(config).unwrap_or_default();
    assert_eq!(first.stamp, stamp(Some(&config), &words));
    assert!(first
        .html
        .contains(&format!("data-stamp=\"{}\"", first.stamp)));
    assert!(first.html.contains(r#"data-screen="sign-in""#));
    assert!(first.html.contains(
        r#"<form class="srf-form srf-sign-in" part="sign-in" method="dialog" novalidate>"#
    ));
    assert!(first.html.contains(&format!(
        r#"<button class="srf-button srf-submit" part="submit" type="submit" disabled>{}</button>"#,
        words.text("signIn.submit")
    )));
    assert!(first.html.contains(&format!(
        "<noscript><p class=\"srf-noscript\" lang=\"de\" dir=\"ltr\">{}</p></noscript>",
        words.text("needsJavaScript")
    )));
}

#[test]
fn a_prerendered_form_writes_the_configurations_texts_as_text_never_as_markup() {
    let config = r#"{"fields": {"subject": {"label": "<b>Title</b> & \"more\"", "default": "a\"b"},
        "description": {"default": "\nline"}}}"#;
    let first = prerender(&Source {
        config: Some(config),
        locale: None,
        theme: Some("dark"),
        which: Which::Form,
        catalog: &catalog,
    });
    let Ok(first) = first else {
        panic!("{first:?}");
    };
    assert!(first
        .html
        .contains("&lt;b&gt;Title&lt;/b&gt; &amp; \"more\""));
    assert!(first.html.contains(r#"value="a&quot;b""#));
    // A text area's first newline survives the parser.
    assert!(first.html.contains(">\n\nline</textarea>"));
    assert!(first.html.contains(r#"data-theme="dark""#));
    assert!(first.html.contains(r#"data-screen="form""#));
    assert!(!first.html.contains("<b>"));
}

#[test]
fn a_configuration_with_services_or_problems_is_not_prerendered_as_a_form() {
    let source = |config| Source {
        config: Some(config),
        locale: None,
        theme: None,
        which: Which::Form,
        catalog: &catalog,
    };
    let services = r#"{"services": [{"id": "a", "label": "A"}]}"#;
    assert!(prerender(&source(services)).is_err());
    assert!(prerender(&source(r#"{"preset": "nobody"}"#)).is_err());
    assert!(prerender(&source("{")).is_err());
}

#[test]
fn a_snippets_form_comes_before_its_stylesheet_in_a_holder_hidden_until_the_stylesheet_shows_it() {
    let options = SnippetOptions {
        base: "https://cdn.example/srf/".into(),
        ..SnippetOptions::default()
    };
    let html = options.write("{}", "config.json", &catalog);
    let Ok(html) = html else {
        panic!("{html:?}");
    };
    let link = r#"<link rel="stylesheet" href="https://cdn.example/srf/support-request-form.css"></template>"#;
    let holder = r#"<template shadowrootmode="open"><div class="srf-holder" hidden><noscript>"#;
    let (Some(held), Some(linked)) = (html.find(holder), html.find(link)) else {
        panic!("{html}");
    };
    assert!(held < linked);
    assert!(html[held..linked].contains("Submit request</button></div></form>"));
    let stylesheet = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/style/support-request-form.css"
    ))
    .unwrap_or_default();
    assert!(stylesheet.contains(".srf-holder[hidden] {\n  display: block !important;\n}"));
}
