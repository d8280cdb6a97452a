use serde_json::{json, Value};

use super::*;
use crate::model::config::FormConfig;
use crate::model::config_check::problems;
use crate::model::draft::Draft;
use crate::model::fields::Standard;

fn text(value: &str) -> FieldValue {
    FieldValue::Text(value.into())
}

fn list(items: &[&str]) -> FieldValue {
    FieldValue::List(items.iter().map(|item| item.to_string()).collect())
}

#[test]
fn every_operator_tests_the_value_it_is_given() {
    let t = |test: Test, value: Option<FieldValue>| test.holds(value.as_ref());
    let s = |value: &str| Scalar::Text(value.into());
    assert!(t(Test::Equals(s("Hardware")), Some(text(" Hardware "))));
    assert!(!t(Test::Equals(s("Hardware")), Some(text("Software"))));
    assert!(t(Test::NotEquals(s("Hardware")), Some(text("Software"))));
    assert!(t(Test::NotEquals(s("Hardware")), None));
    assert!(t(Test::Equals(Scalar::Number(3.0)), Some(text("3,0"))));
    assert!(t(
        Test::Equals(Scalar::Flag(true)),
        Some(FieldValue::Flag(true))
    ));
    assert!(t(Test::Equals(Scalar::Flag(false)), None));
    assert!(t(Test::In(vec![s("A"), s("B")]), Some(text("B"))));
    assert!(!t(Test::In(vec![s("A"), s("B")]), Some(text("C"))));
    assert!(t(Test::NotIn(vec![s("A"), s("B")]), Some(text("C"))));
    assert!(t(
        Test::Contains("VPN".into()),
        Some(list(&["Mail", "VPN"]))
    ));
    assert!(!t(Test::Contains("VPN".into()), Some(list(&["Mail"]))));
    assert!(t(Test::Contains("vpn".into()), Some(text("The VPN drops"))));
    assert!(t(Test::GreaterThan(5.0), Some(text("6"))));
    assert!(!t(Test::GreaterThan(5.0), Some(text("5"))));
    assert!(!t(Test::GreaterThan(5.0), Some(text("many"))));
    assert!(t(
        Test::LessThan(1000.0),
        Some(FieldValue::Instant(Some(999.0)))
    ));
    assert!(!t(Test::LessThan(1000.0), Some(FieldValue::Instant(None))));
    assert!(t(Test::Empty(true), Some(text("  "))));
    assert!(t(Test::Empty(true), None));
    assert!(t(Test::Empty(true), Some(FieldValue::Flag(false))));
    assert!(t(Test::Empty(false), Some(list(&["x"]))));
    assert!(t(
        Test::Empty(true),
        Some(FieldValue::Assets(vec![Default::default()]))
    ));
}

#[test]
fn all_any_and_not_combine_conditions() {
    let a = FieldId::Custom(0);
    let yes = Cond::Test {
        field: a,
        test: Test::Empty(false),
    };
    let no = Cond::Test {
        field: a,
        test: Test::Empty(true),
    };
    let value = text("x");
    let seen = |_| Some(&value);
    assert!(Cond::All(vec![yes.clone(), yes.clone()]).holds(&seen));
    assert!(!Cond::All(vec![yes.clone(), no.clone()]).holds(&seen));
    assert!(Cond::Any(vec![no.clone(), yes.clone()]).holds(&seen));
    assert!(!Cond::Any(vec![no.clone()]).holds(&seen));
    assert!(Cond::Not(Box::new(no)).holds(&seen));
}

/// Category → Subcategory → Item, a field shown only for Hardware, one
/// required only when urgent, and one shown when a hidden one has a value.
fn tailored() -> FormConfig {
    FormConfig::parse(
        &json!({
            "fields": {
                "categoryName": {"options": ["Hardware", "Software"]},
                "urgencyName": {"options": ["Low", "Urgent"]}
            },
            "customFields": [
                {"name": "Subcategory", "type": "dropdown", "options": [
                    {"value": "Laptop", "when": {"field": "categoryName", "equals": "Hardware"}},
                    {"value": "Printer", "when": {"field": "categoryName", "equals": "Hardware"}},
                    {"value": "Mail", "when": {"field": "categoryName", "equals": "Software"}}
                ]},
                {"name": "Item", "type": "dropdown", "options": [
                    {"value": "Battery", "when": {"field": "Subcategory", "equals": "Laptop"}},
                    {"value": "Toner", "when": {"field": "Subcategory", "equals": "Printer"}},
                    {"value": "Other"}
                ]},
                {"name": "Asset tag", "type": "text",
                 "visibleWhen": {"field": "categoryName", "equals": "Hardware"}},
                {"name": "Tag photo", "type": "text",
                 "visibleWhen": {"field": "Asset tag", "empty": false}},
                {"name": "Impact", "type": "textarea",
                 "requiredWhen": {"field": "urgencyName", "equals": "Urgent"}}
            ]
        })
        .to_string(),
    )
    .expect("the tailored configuration parses")
}

fn custom(config: &FormConfig, name: &str) -> FieldId {
    let key = format!("customField.{name}");
    config.spec.field_for_key(&key).expect("the field").id
}

const CATEGORY: FieldId = FieldId::Standard(Standard::Category);

#[test]
fn a_field_shows_only_while_its_condition_holds_and_a_field_hidden_by_a_hidden_field_is_hidden_too()
{
    let config = tailored();
    let spec = &config.spec;
    let (tag, photo) = (custom(&config, "Asset tag"), custom(&config, "Tag photo"));
    let mut draft = Draft::new(spec);
    assert!(!draft.tailored(spec).shows(tag));
    draft.set(CATEGORY, text("Hardware"));
    assert!(draft.tailored(spec).shows(tag));
    assert!(!draft.tailored(spec).shows(photo), "the asset tag is empty");
    draft.set(tag, text("A-1"));
    assert!(draft.tailored(spec).shows(photo));
    // Software hides the asset tag; the photo, which depends on it, goes
    // with it although the tag still holds "A-1".
    draft.set(CATEGORY, text("Software"));
    let tailored = draft.tailored(spec);
    assert!(!tailored.shows(tag) && !tailored.shows(photo));
    assert_eq!(
        draft.get(tag),
        Some(&text("A-1")),
        "kept for when it shows again"
    );
}

#[test]
fn hidden_fields_are_never_sent_nor_checked_and_come_back_with_their_value() {
    let config = tailored();
    let spec = &config.spec;
    let tag = custom(&config, "Asset tag");
    let mut draft = Draft::new(spec);
    draft.set(FieldId::Standard(Standard::Subject), text("Laptop"));
    draft.set(
        FieldId::Standard(Standard::RequesterEmail),
        text("pat@example.com"),
    );
    draft.set(CATEGORY, text("Hardware"));
    draft.set(tag, text("A-1"));
    let sent: Value = serde_json::from_str(&draft.to_request(spec, None).to_json()).expect("JSON");
    assert_eq!(sent["customField"]["Asset tag"], "A-1");
    draft.set(CATEGORY, text("Software"));
    let sent: Value = serde_json::from_str(&draft.to_request(spec, None).to_json()).expect("JSON");
    let custom = &sent["customField"];
    assert!(custom.get("Asset tag").is_none(), "{sent}");
    assert!(custom.get("Tag photo").is_none(), "{sent}");
    draft.set(CATEGORY, text("Hardware"));
    let sent: Value = serde_json::from_str(&draft.to_request(spec, None).to_json()).expect("JSON");
    assert_eq!(sent["customField"]["Asset tag"], "A-1");
}

#[test]
fn required_when_requires_the_field_only_while_it_holds() {
    let config = tailored();
    let spec = &config.spec;
    let impact = custom(&config, "Impact");
    let mut draft = Draft::new(spec);
    assert!(!draft.tailored(spec).requires(impact));
    draft.set(FieldId::Standard(Standard::Urgency), text("Urgent"));
    assert!(draft.tailored(spec).requires(impact));
    let errors = crate::model::validate::validate(spec, &draft);
    assert!(
        errors.iter().any(|error| error.field == impact),
        "{errors:?}"
    );
    draft.set(impact, text("The whole floor"));
    let errors = crate::model::validate::validate(spec, &draft);
    assert!(
        !errors.iter().any(|error| error.field == impact),
        "{errors:?}"
    );
}

#[test]
fn dependent_options_follow_their_parents_and_a_withdrawn_choice_is_cleared_down_the_chain() {
    let config = tailored();
    let spec = &config.spec;
    let (sub, item) = (custom(&config, "Subcategory"), custom(&config, "Item"));
    let mut draft = Draft::new(spec);
    let tailored = draft.tailored(spec);
    assert!(!tailored.offers(sub, "Laptop") && !tailored.offers(sub, "Mail"));
    assert!(tailored.offers(item, "Other") && !tailored.offers(item, "Battery"));
    draft.set(CATEGORY, text("Hardware"));
    draft.set(sub, text("Laptop"));
    draft.set(item, text("Battery"));
    assert!(
        draft.settle(spec).is_empty(),
        "every choice is still offered"
    );
    draft.set(CATEGORY, text("Software"));
    assert_eq!(draft.settle(spec), [sub, item]);
    assert_eq!(draft.get(sub), Some(&text("")));
    assert_eq!(draft.get(item), Some(&text("")));
    let tailored = draft.tailored(spec);
    assert!(tailored.offers(sub, "Mail") && !tailored.offers(sub, "Laptop"));
}

fn error_of(config: Value) -> ConfigError {
    FormConfig::from_value(&config).expect_err("a configuration error")
}

#[test]
fn a_condition_naming_an_unknown_field_is_an_error_at_its_path() {
    let error = error_of(json!({"customFields": [
        {"name": "A", "type": "text", "visibleWhen": {"field": "Nope", "empty": false}}
    ]}));
    assert_eq!(error.path, "customFields[0].visibleWhen.field");
    assert!(
        matches!(error.problem, ConfigProblem::UnknownField { ref name, .. } if name == "Nope")
    );
}

#[test]
fn an_operator_that_does_not_fit_the_field_is_an_error() {
    let error = error_of(json!({"fields": {
        "subject": {"requiredWhen": {"field": "categoryName", "greaterThan": 3}}
    }}));
    assert_eq!(error.path, "fields.subject.requiredWhen.greaterThan");
    assert!(matches!(
        error.problem,
        ConfigProblem::OperatorDoesNotFit { .. }
    ));
    let error = error_of(json!({"customFields": [
        {"name": "Apps", "type": "multiselect", "options": ["Mail"]},
        {"name": "B", "type": "text", "visibleWhen": {"field": "Apps", "equals": "Mail"}}
    ]}));
    assert_eq!(error.path, "customFields[1].visibleWhen.equals");
}

#[test]
fn an_option_condition_that_can_never_hold_is_an_error() {
    let error = error_of(json!({
        "fields": {"categoryName": {"options": ["Hardware", "Software"]}},
        "customFields": [{"name": "Sub", "type": "dropdown", "options": [
            "Other",
            {"value": "Laptop", "when": {"field": "categoryName", "equals": "Hardwre"}}
        ]}]
    }));
    assert_eq!(error.path, "customFields[0].options[1].when.equals");
    assert!(
        matches!(error.problem, ConfigProblem::NeverHolds { ref value, .. } if value == "Hardwre")
    );
}

#[test]
fn conditions_that_go_round_in_a_circle_are_an_error() {
    let error = error_of(json!({"customFields": [
        {"name": "A", "type": "text", "visibleWhen": {"field": "B", "empty": false}},
        {"name": "B", "type": "text", "visibleWhen": {"not": {"field": "A", "empty": true}}}
    ]}));
    assert_eq!(error.path, "customFields[0].visibleWhen");
    assert_eq!(
        error.problem,
        ConfigProblem::Cycle(vec!["A".into(), "B".into(), "A".into()])
    );
    // A field required when another is filled, and the other way round,
    // is no circle: requiredness decides nothing else.
    assert!(FormConfig::from_value(&json!({"customFields": [
        {"name": "A", "type": "text", "requiredWhen": {"field": "B", "empty": false}},
        {"name": "B", "type": "text", "requiredWhen": {"field": "A", "empty": false}}
    ]}))
    .is_ok());
}

#[test]
fn malformed_conditions_and_conditions_on_presets_are_errors() {
    let bad = [
        (
            json!({"field": "subject"}),
            "fields.description.visibleWhen",
        ),
        (
            json!({"field": "subject", "equals": "a", "empty": true}),
            "fields.description.visibleWhen",
        ),
        (json!({"all": []}), "fields.description.visibleWhen.all"),
        (
            json!({"any": [{"field": "subject", "empty": 1}]}),
            "fields.description.visibleWhen.any[0].empty",
        ),
        (
            json!({"field": "subject", "like": "a"}),
            "fields.description.visibleWhen.like",
        ),
        (json!("subject"), "fields.description.visibleWhen"),
    ];
    for (cond, path) in bad {
        let error = error_of(json!({"fields": {"description": {"visibleWhen": cond}}}));
        assert_eq!(error.path, path, "{cond}");
    }
    let error = error_of(json!({"fields": {"impactName": {
        "preset": "Low", "visibleWhen": {"field": "subject", "empty": false}
    }}}));
    assert_eq!(error.path, "fields.impactName.visibleWhen");
    assert_eq!(error.problem, ConfigProblem::PresetTakesNoConditions);
}

#[test]
fn check_config_reports_every_condition_problem_and_none_for_a_good_tailored_form() {
    let config = json!({"customFields": [
        {"name": "A", "type": "text", "visibleWhen": {"field": "B", "empty": false}},
        {"name": "B", "type": "text", "visibleWhen": {"field": "Nope", "empty": false}},
        {"name": "C", "type": "number", "requiredWhen": {"field": "A", "greaterThan": 1}},
        {"name": "D", "type": "rainbow"}
    ]});
    let paths: Vec<String> = problems(&config)
        .into_iter()
        .map(|error| error.path)
        .collect();
    assert_eq!(
        paths,
        [
            "customFields[3].type",
            "customFields[1].visibleWhen.field",
            "customFields[2].requiredWhen.greaterThan",
        ]
    );
    let good: Value = serde_json::from_str(include_str!("../../../examples/config-tailored.json"))
        .expect("the example is JSON");
    assert_eq!(problems(&good), []);
}

#[test]
fn the_tailored_example_keeps_a_printers_toner() {
    let config = FormConfig::parse(include_str!("../../../examples/config-tailored.json")).unwrap();
    let spec = &config.spec;
    let (sub, item) = (custom(&config, "Subcategory"), custom(&config, "Item"));
    let mut draft = Draft::new(spec);
    draft.set(CATEGORY, text("Hardware"));
    draft.set(sub, text("Printer"));
    draft.set(item, text("Toner"));
    assert_eq!(draft.settle(spec), []);
    assert!(draft.tailored(spec).offers(item, "Toner"));
}

#[test]
fn a_configuration_read_in_two_steps_is_the_one_read_at_once_and_only_conditions_ask_for_the_second(
) {
    let tailored: Value =
        serde_json::from_str(include_str!("../../../examples/config-tailored.json")).unwrap();
    let portal: Value = serde_json::from_str(include_str!("../../../config.json")).unwrap();
    assert!(FormConfig::has_rules(&tailored));
    assert!(!FormConfig::has_rules(&portal));
    let option_only = serde_json::json!({"customFields": [{"name": "A", "type": "dropdown",
        "options": ["x", {"value": "y", "when": {"field": "subject", "empty": false}}]}]});
    assert!(FormConfig::has_rules(&option_only));
    for value in [&tailored, &portal, &option_only] {
        let before = FormConfig::before_rules(value).unwrap();
        let two_steps = before.with_rules(value).unwrap();
        assert_eq!(two_steps, FormConfig::from_value(value).unwrap());
    }
    let bare = FormConfig::before_rules(&tailored).unwrap();
    assert!(bare
        .spec
        .fields
        .iter()
        .all(|field| field.rules == Rules::default()));
    let cycle = serde_json::json!({"customFields": [
        {"name": "A", "type": "text", "visibleWhen": {"field": "B", "empty": false}},
        {"name": "B", "type": "text", "visibleWhen": {"field": "A", "empty": false}}]});
    let read = FormConfig::before_rules(&cycle).unwrap();
    assert!(read.with_rules(&cycle).is_err());
}
