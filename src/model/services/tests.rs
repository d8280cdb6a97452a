use serde_json::json;

use super::*;
use crate::model::fields::{FieldId, FieldValue, Standard};

fn base() -> Map<String, Value> {
    json!({
        "clientId": "support-portal",
        "fields": {
            "categoryName": {"options": ["Hardware", "Software", "Access"]},
            "subject": {"label": "Summary"}
        },
        "customFields": [
            {"name": "Asset tag", "type": "text"},
            {"name": "Operating system", "type": "dropdown", "options": ["Windows", "macOS"]}
        ]
    })
    .as_object()
    .cloned()
    .unwrap()
}

fn services(value: Value) -> Result<Vec<Service>, ConfigError> {
    read(&base(), &value)
}

#[test]
fn a_services_overlay_merges_field_settings_and_custom_fields_by_name() {
    let overlay_item = json!({
        "id": "laptop", "label": "Laptop repair",
        "fields": {"categoryName": {"preset": "Hardware"}, "subject": {"help": "Which laptop?"}},
        "customFields": [
            {"name": "Asset tag", "required": true},
            {"name": "Warranty", "type": "text"}
        ]
    });
    let (merged, origin) = overlay(&base(), overlay_item.as_object().unwrap());
    assert_eq!(
        merged["fields"],
        json!({
            "categoryName": {"options": ["Hardware", "Software", "Access"], "preset": "Hardware"},
            "subject": {"label": "Summary", "help": "Which laptop?"}
        })
    );
    assert_eq!(
        merged["customFields"],
        json!([
            {"name": "Asset tag", "type": "text", "required": true},
            {"name": "Operating system", "type": "dropdown", "options": ["Windows", "macOS"]},
            {"name": "Warranty", "type": "text"}
        ])
    );
    assert_eq!(origin, [Some(0), None, Some(1)]);
    assert_eq!(merged["clientId"], "support-portal");
    assert!(merged.get("id").is_none() && merged.get("label").is_none());
}

#[test]
fn each_service_is_a_whole_form_read_by_the_same_parser() {
    let read = services(json!([
        {"id": "laptop", "label": {"en": "Laptop repair", "de": "Laptop-Reparatur"},
         "group": "Hardware", "description": "Broken screen, battery, keyboard",
         "fields": {"categoryName": {"preset": "Hardware"}}},
        {"id": "access", "label": "Access request",
         "customFields": [{"name": "System", "type": "text", "required": true}]}
    ]))
    .unwrap();
    assert_eq!(read.len(), 2);
    let laptop = &read[0];
    assert_eq!(laptop.id, "laptop");
    assert!(laptop.group.is_some() && laptop.description.is_some());
    let category = FieldId::Standard(Standard::Category);
    assert!(
        laptop.config.spec.field(category).is_none(),
        "a preset is not shown"
    );
    assert!(laptop.config.spec.presets.iter().any(
        |(field, value)| field.id == category && *value == FieldValue::Text("Hardware".into())
    ));
    let access = &read[1];
    assert!(access
        .config
        .spec
        .field_for_key("customField.System")
        .is_some_and(|field| field.required));
}

#[test]
fn a_services_problem_is_said_at_the_services_own_key() {
    let path = |value: Value| services(value).unwrap_err().path;
    assert_eq!(path(json!({"id": "x"})), "services");
    assert_eq!(path(json!([{"label": "No id"}])), "services[0].id");
    assert_eq!(
        path(json!([{"id": " ", "label": "Blank"}])),
        "services[0].id"
    );
    assert_eq!(path(json!([{"id": "a"}])), "services[0].label");
    assert_eq!(
        path(json!([{"id": "a", "label": "A"}, {"id": "a", "label": "Again"}])),
        "services[1].id"
    );
    assert_eq!(
        path(json!([{"id": "a", "label": "A", "serverUrl": "https://elsewhere"}])),
        "services[0].serverUrl"
    );
    assert_eq!(
        path(json!([{"id": "a", "label": "A", "customFields": [
            {"name": "Fine", "type": "text"}, {"name": "Bad", "type": "rainbow"}]}])),
        "services[0].customFields[1].type"
    );
    assert_eq!(
        path(json!([{"id": "a", "label": "A",
            "fields": {"categoryName": {"preset": "Plumbing"}}}])),
        "services[0].fields.categoryName.preset"
    );
    // A base's own problem stays at the base's key.
    let broken = json!({"fields": {"subject": {"label": 5}}});
    let error = read(
        broken.as_object().unwrap(),
        &json!([{"id": "a", "label": "A"}]),
    );
    assert_eq!(error.unwrap_err().path, "fields.subject.label");
}

#[test]
fn the_configuration_reads_its_services_and_check_config_finds_their_problems_with_the_rest() {
    let config = FormConfig::parse(
        r#"{"customFields": [{"name": "Asset tag", "type": "text"}],
            "services": [{"id": "laptop", "label": "Laptop repair",
                          "customFields": [{"name": "Asset tag", "required": true}]}]}"#,
    )
    .unwrap();
    assert_eq!(config.services.len(), 1);
    assert!(config.services[0]
        .config
        .spec
        .field_for_key("customField.Asset tag")
        .is_some_and(|field| field.required));
    assert!(config.services[0].config.services.is_empty());
    let broken = json!({
        "theme": "pink",
        "customFields": [{"name": "Asset tag", "type": "text"}],
        "services": [{"id": "a", "label": "A", "customFields": [{"name": "X", "type": "?"}]}]
    });
    let mut found: Vec<String> = crate::model::config_check::problems(&broken)
        .into_iter()
        .map(|error| error.path)
        .collect();
    found.sort();
    assert_eq!(found, ["services[0].customFields[0].type", "theme"]);
}

fn catalog() -> Vec<Service> {
    services(json!([
        {"id": "laptop", "label": {"en": "Laptop repair", "de": "Laptop-Reparatur"},
         "group": "Hardware", "description": "Broken screen, battery or keyboard",
         "fields": {"categoryName": {"preset": "Hardware"}},
         "customFields": [{"name": "Asset tag", "required": true}]},
        {"id": "password", "label": "Password reset", "group": "Access"},
        {"id": "printer", "label": "Printer", "group": "Hardware"},
        {"id": "other", "label": "Something else",
         "customFields": [{"name": "Operating system", "locked": true, "default": "Windows"}]}
    ]))
    .unwrap()
}

fn english(text: &Localized) -> String {
    text.pick("en").to_owned()
}

#[test]
fn the_list_groups_services_in_config_order_with_the_ungrouped_last() {
    let groups = listed(&catalog(), "", english, str::to_lowercase);
    let shown: Vec<(Option<&str>, &[usize])> = groups
        .iter()
        .map(|group| (group.name.as_deref(), group.members.as_slice()))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("Hardware"), &[0, 2][..]),
            (Some("Access"), &[1][..]),
            (None, &[3][..])
        ]
    );
}

#[test]
fn a_search_matches_every_word_in_label_description_or_group_ignoring_case() {
    let ids = |query: &str| -> Vec<usize> {
        listed(&catalog(), query, english, str::to_lowercase)
            .into_iter()
            .flat_map(|group| group.members)
            .collect()
    };
    assert_eq!(ids("BATTERY"), [0]);
    assert_eq!(ids("hardware"), [0, 2]);
    assert_eq!(ids("  hardware   print "), [2]);
    assert_eq!(ids("reset access"), [1]);
    assert!(ids("plumbing").is_empty());
    // In the form's language.
    let german = listed(
        &catalog(),
        "reparatur",
        |text| text.pick("de").to_owned(),
        str::to_lowercase,
    );
    assert_eq!(german[0].members, [0]);
}

#[test]
fn the_form_opens_the_hosts_service_else_the_links_else_the_last_saved_draft() {
    let all = catalog();
    let saved = [("printer".to_owned(), 10.0), ("password".to_owned(), 20.0)];
    assert_eq!(
        opening(&all, Some("laptop"), Some("printer"), &saved).as_deref(),
        Some("laptop")
    );
    assert_eq!(
        opening(&all, Some("nope"), Some(" printer "), &saved).as_deref(),
        Some("printer")
    );
    assert_eq!(
        opening(&all, None, None, &saved).as_deref(),
        Some("password")
    );
    assert_eq!(opening(&all, None, Some("nope"), &[]), None);
}

#[test]
fn changing_service_carries_what_was_typed_into_the_fields_both_forms_share() {
    let all = catalog();
    let (laptop, other) = (&all[0].config.spec, &all[3].config.spec);
    let subject = FieldId::Standard(Standard::Subject);
    let tag_in = |spec: &FormSpec| spec.field_for_key("customField.Asset tag").unwrap().id;
    let os_in = |spec: &FormSpec| {
        spec.field_for_key("customField.Operating system")
            .unwrap()
            .id
    };
    let mut typed = Draft::new(laptop);
    typed.reference = Some("draft-1".into());
    typed.set(subject, FieldValue::Text("Screen cracked".into()));
    typed.set(tag_in(laptop), FieldValue::Text("A-7".into()));
    typed.set(os_in(laptop), FieldValue::Text("macOS".into()));
    let carried = carry(laptop, &typed, other, Draft::new(other));
    assert_eq!(carried.text(subject), "Screen cracked");
    assert_eq!(carried.text(tag_in(other)), "A-7");
    assert_eq!(
        carried.text(os_in(other)),
        "Windows",
        "a locked field keeps its value"
    );
    assert_eq!(carried.reference.as_deref(), Some("draft-1"));
    let by_id = carry_between(&all, "laptop", &typed, "other", Draft::new(other));
    assert_eq!(by_id, carried, "the same, by the services' ids");
    let unknown = carry_between(&all, "laptop", &typed, "nope", Draft::new(other));
    assert_eq!(
        unknown,
        Draft::new(other),
        "an unknown service: the fresh draft"
    );
    // A choice the other form does not offer is not carried.
    let base =
        FormConfig::parse(r#"{"fields": {"categoryName": {"options": ["Hardware", "Access"]}}}"#)
            .unwrap()
            .spec;
    let narrow = FormConfig::parse(r#"{"fields": {"categoryName": {"options": ["Access"]}}}"#)
        .unwrap()
        .spec;
    let category = FieldId::Standard(Standard::Category);
    let mut chose = Draft::new(&base);
    chose.set(category, FieldValue::Text("Hardware".into()));
    assert_eq!(
        carry(&base, &chose, &narrow, Draft::new(&narrow)).text(category),
        ""
    );
    // What the person left alone takes the new form's starting value.
    let with_default = FormConfig::parse(r#"{"fields": {"subject": {"default": "Laptop: "}}}"#)
        .unwrap()
        .spec;
    let carried = carry(
        &base,
        &Draft::new(&base),
        &with_default,
        Draft::new(&with_default),
    );
    assert_eq!(carried.text(subject), "Laptop: ");
}
