use serde_json::{json, Value};

use super::*;
use crate::model::config::FormConfig;
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, Standard};

fn facts() -> PageFacts {
    PageFacts {
        page_url: "https://intranet.example.com/app/orders?token=s3cret&id=4#row-7".into(),
        user_agent: "Mozilla/5.0 Test".into(),
        language: "de-DE".into(),
        time_zone: "Europe/Berlin".into(),
        viewport: "1280×720".into(),
    }
}

fn every_fact(keep_query: bool) -> ContextSettings {
    ContextSettings {
        include: Fact::ALL.to_vec(),
        into: Target::Description,
        keep_query,
    }
}

#[test]
fn a_page_address_loses_its_query_and_fragment_unless_kept() {
    let url = "https://a.example/p/q?token=abc#frag";
    assert_eq!(scrub_url(url, false), "https://a.example/p/q");
    assert_eq!(
        scrub_url("https://a.example/p#only", false),
        "https://a.example/p"
    );
    assert_eq!(
        scrub_url("https://a.example/p", false),
        "https://a.example/p"
    );
    assert_eq!(scrub_url(url, true), url);
}

#[test]
fn the_lines_are_the_chosen_facts_then_the_hosts_pairs_without_empty_ones() {
    let host = vec![
        ("App version".to_owned(), "4.2.1".to_owned()),
        ("Error id".to_owned(), " E-52 ".to_owned()),
        ("Empty".to_owned(), " ".to_owned()),
    ];
    let settings = ContextSettings {
        include: vec![Fact::PageUrl, Fact::TimeZone],
        ..ContextSettings::default()
    };
    assert_eq!(
        lines(&settings, &facts(), &host),
        [
            (
                Label::Fact(Fact::PageUrl),
                "https://intranet.example.com/app/orders".to_owned()
            ),
            (Label::Fact(Fact::TimeZone), "Europe/Berlin".to_owned()),
            (Label::Host("App version".into()), "4.2.1".to_owned()),
            (Label::Host("Error id".into()), "E-52".to_owned()),
        ]
    );
    let kept = lines(&every_fact(true), &facts(), &[]);
    assert_eq!(kept.len(), 5);
    assert!(kept[0].1.contains("token=s3cret"));
}

#[test]
fn the_text_has_a_title_and_a_line_each_and_nothing_without_lines() {
    let lines = lines(
        &every_fact(false),
        &facts(),
        &[("Error id".into(), "E-52".into())],
    );
    let sent = text("Sent with your request", &lines, |fact| {
        fact.name().to_owned()
    })
    .unwrap();
    assert_eq!(
        sent,
        "Sent with your request:\npageUrl: https://intranet.example.com/app/orders\n\
         userAgent: Mozilla/5.0 Test\nlanguage: de-DE\ntimeZone: Europe/Berlin\n\
         viewport: 1280×720\nError id: E-52"
    );
    assert_eq!(text("T", &[], |fact: Fact| fact.name().to_owned()), None);
}

#[test]
fn the_hosts_context_keeps_strings_numbers_and_flags() {
    let pairs = host_pairs(&json!({"App version": "4.2.1", "Build": 77, "Beta": true,
        "Nested": {"x": 1}, "List": [1]}));
    assert_eq!(
        pairs,
        [
            ("App version".to_owned(), "4.2.1".to_owned()),
            ("Beta".to_owned(), "true".to_owned()),
            ("Build".to_owned(), "77".to_owned()),
        ]
    );
    assert_eq!(host_pairs(&json!("x")), []);
}

#[test]
fn the_context_is_read_from_the_configuration_with_its_key_paths() {
    let config = FormConfig::parse(
        r#"{"context": {"include": ["pageUrl", "viewport"], "into": {"customField": "Context"},
            "keepQuery": true}}"#,
    )
    .unwrap();
    assert_eq!(
        config.spec.context,
        ContextSettings {
            include: vec![Fact::PageUrl, Fact::Viewport],
            into: Target::CustomField("Context".into()),
            keep_query: true,
        }
    );
    let path = |json: &str| FormConfig::parse(json).unwrap_err().path;
    assert_eq!(
        path(r#"{"context": {"include": ["pageUrl", "cookies"]}}"#),
        "context.include[1]"
    );
    assert_eq!(path(r#"{"context": {"into": "subject"}}"#), "context.into");
    assert_eq!(
        path(r#"{"context": {"into": {"customField": ""}}}"#),
        "context.into.customField"
    );
    assert_eq!(path(r#"{"context": {"also": 1}}"#), "context.also");
    assert_eq!(
        FormConfig::parse("{}").unwrap().spec.context,
        ContextSettings::default()
    );
}

#[test]
fn the_context_goes_below_the_description_or_into_its_custom_field() {
    let spec = FormConfig::parse(r#"{"context": {"include": ["language"]}}"#)
        .unwrap()
        .spec;
    let mut draft = Draft::new(&spec);
    let sent = |draft: &Draft, spec, context| -> Value {
        serde_json::from_str(&draft.to_request(spec, context).to_json()).unwrap()
    };
    assert_eq!(
        sent(&draft, &spec, Some("Ctx: de"))["description"],
        "Ctx: de"
    );
    draft.set(
        FieldId::Standard(Standard::Description),
        FieldValue::Text("It broke.".into()),
    );
    assert_eq!(
        sent(&draft, &spec, Some("Ctx: de"))["description"],
        "It broke.\n\nCtx: de"
    );
    assert_eq!(sent(&draft, &spec, None)["description"], "It broke.");
    let into_field = FormConfig::parse(r#"{"context": {"into": {"customField": "Context"}}}"#)
        .unwrap()
        .spec;
    let sent = sent(&Draft::new(&into_field), &into_field, Some("Ctx: de"));
    assert_eq!(sent["customField"]["Context"], "Ctx: de");
}
