use serde_json::json;

use super::*;
use crate::model::config::FormConfig;
use crate::model::draft::{starting_values, Draft};
use crate::model::fields::Standard;

const SUBJECT: FieldId = FieldId::Standard(Standard::Subject);
const CATEGORY: FieldId = FieldId::Standard(Standard::Category);

fn config() -> FormConfig {
    FormConfig::parse(
        r#"{"fields": {"categoryName": {"options": ["Hardware", "Software"]}},
            "customFields": [
              {"name": "Asset tag", "type": "text"},
              {"name": "Floor", "type": "number"},
              {"name": "Remote", "type": "radio", "options": ["Yes", "No"]},
              {"name": "Systems", "type": "multiselect", "options": ["Mail", "VPN", "Wiki"]}
            ]}"#,
    )
    .unwrap()
}

fn custom(config: &FormConfig, name: &str) -> FieldId {
    let key = format!("customField.{name}");
    config.spec.field_for_key(&key).expect("the field").id
}

fn paths(prefill: &Prefill) -> Vec<&str> {
    prefill
        .ignored
        .iter()
        .map(|error| error.path.as_str())
        .collect()
}

#[test]
fn the_hosts_prefill_sets_standard_and_custom_fields_checked_like_defaults() {
    let config = config();
    let prefill = from_host(
        &config.spec,
        &json!({
            "subject": "VPN drops",
            "categoryName": "Hardware",
            "customFields": {"Asset tag": "AT-1", "Floor": 3, "Remote": "Yes",
                             "Systems": ["VPN", "Mail"]}
        }),
    );
    assert_eq!(prefill.ignored, []);
    let value = |id| {
        prefill
            .values
            .iter()
            .find(|(other, _)| *other == id)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(value(SUBJECT), Some(FieldValue::Text("VPN drops".into())));
    assert_eq!(value(CATEGORY), Some(FieldValue::Text("Hardware".into())));
    assert_eq!(
        value(custom(&config, "Asset tag")),
        Some(FieldValue::Text("AT-1".into()))
    );
    assert_eq!(
        value(custom(&config, "Floor")),
        Some(FieldValue::Text("3".into()))
    );
    assert_eq!(
        value(custom(&config, "Remote")),
        Some(FieldValue::Text("Yes".into()))
    );
    assert_eq!(
        value(custom(&config, "Systems")),
        Some(FieldValue::List(vec!["VPN".into(), "Mail".into()]))
    );
}

#[test]
fn what_does_not_fit_is_left_out_and_said_with_its_key() {
    let config = config();
    let prefill = from_host(
        &config.spec,
        &json!({
            "categoryName": "Plumbing",
            "nonsense": "x",
            "Asset tag": "custom fields go under customFields",
            "customFields": {"Floor": "third", "Nope": "y", "Systems": ["Mail", "Fax"]}
        }),
    );
    assert_eq!(prefill.values, []);
    let mut found = paths(&prefill);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "Asset tag",
            "categoryName",
            "customFields.Floor",
            "customFields.Nope",
            "customFields.Systems",
            "nonsense",
        ]
    );
    assert!(from_host(&config.spec, &json!("subject")).values.is_empty());
    assert_eq!(from_host(&config.spec, &Value::Null), Prefill::default());
}

#[test]
fn a_link_fills_only_the_fields_the_configuration_allows_and_checks_them() {
    let config = config();
    let allowed = [
        "subject".to_owned(),
        "categoryName".to_owned(),
        "Systems".to_owned(),
        "Floor".to_owned(),
        "Remote".to_owned(),
    ];
    let pairs: Vec<(String, String)> = [
        ("srf-subject", "Printer jam"),
        ("srf-categoryName", "Plumbing"),
        ("srf-description", "not allowed"),
        ("srf-Systems", "VPN"),
        ("srf-Systems", "Wiki"),
        ("srf-Floor", "2,5"),
        ("srf-Remote", "No"),
        ("token", "secret"),
    ]
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .to_vec();
    let prefill = from_url(&config.spec, &allowed, &pairs);
    assert_eq!(
        prefill.values,
        [
            (SUBJECT, FieldValue::Text("Printer jam".into())),
            (
                custom(&config, "Systems"),
                FieldValue::List(vec!["VPN".into(), "Wiki".into()])
            ),
            (custom(&config, "Floor"), FieldValue::Text("2.5".into())),
            (custom(&config, "Remote"), FieldValue::Text("No".into())),
        ]
    );
    assert_eq!(paths(&prefill), ["srf-categoryName"]);
}

#[test]
fn a_later_prefill_wins_field_by_field() {
    let config = config();
    let host = from_host(
        &config.spec,
        &json!({"subject": "host", "categoryName": "Software"}),
    );
    let link = from_url(
        &config.spec,
        &["subject".to_owned()],
        &[("srf-subject".to_owned(), "link".to_owned())],
    );
    let both = host.and(link);
    assert_eq!(
        both.values,
        [
            (CATEGORY, FieldValue::Text("Software".into())),
            (SUBJECT, FieldValue::Text("link".into())),
        ]
    );
}

#[test]
fn prefill_from_url_names_fields_of_the_form_or_is_an_error_at_its_index() {
    let config = FormConfig::parse(r#"{"prefillFromUrl": ["subject", "categoryName"]}"#).unwrap();
    assert_eq!(config.prefill_from_url, ["subject", "categoryName"]);
    let error = FormConfig::parse(r#"{"prefillFromUrl": ["subject", "token"]}"#).unwrap_err();
    assert_eq!(error.path, "prefillFromUrl[1]");
    assert!(
        matches!(error.problem, ConfigProblem::UnknownField { ref name, .. } if name == "token")
    );
    let error = FormConfig::parse(r#"{"prefillFromUrl": "subject"}"#).unwrap_err();
    assert_eq!(error.path, "prefillFromUrl");
}

#[test]
fn a_new_prefill_changes_only_the_fields_the_person_has_not_touched() {
    let config = config();
    let spec = &config.spec;
    let before = from_host(spec, &json!({"subject": "old", "categoryName": "Software"})).values;
    let mut draft = Draft::starting(spec, None, &before);
    draft.set(SUBJECT, FieldValue::Text("typed".into()));
    let after = from_host(spec, &json!({"subject": "new", "categoryName": "Hardware"})).values;
    let before_all: Vec<_> = starting_values(spec, None, &before).collect();
    draft.restart(&before_all, starting_values(spec, None, &after));
    assert_eq!(draft.get(SUBJECT), Some(&FieldValue::Text("typed".into())));
    assert_eq!(
        draft.get(CATEGORY),
        Some(&FieldValue::Text("Hardware".into()))
    );
}

#[test]
fn check_config_finds_a_bad_prefill_name_beside_the_other_problems() {
    let config = json!({
        "prefillFromUrl": ["subject", "Asset tag", "nope"],
        "customFields": [{"name": "Asset tag", "type": "text"}, {"name": "Bad", "type": "?"}],
        "theme": "pink"
    });
    let mut found: Vec<String> = crate::model::config_check::problems(&config)
        .into_iter()
        .map(|error| error.path)
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["customFields[1].type", "prefillFromUrl[2]", "theme"]
    );
}
