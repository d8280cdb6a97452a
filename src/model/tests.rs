//! The model end to end: configuration → draft → validation → request JSON.

use serde_json::{json, Value};

use super::config::FormConfig;
use super::draft::{parse_number, Draft};
use super::fields::{AssetRow, FieldId, FieldValue, Label, Standard, Widget};
use super::request::Attachment;
use super::texts::Localized;
use super::validate::validate;

const SEED_CUSTOM_FIELDS: &str = r#"[
    {"name": "New Dropdown", "type": "dropdown", "options": ["1", "2", "3"]},
    {"name": "New Number", "type": "number"},
    {"name": "New Text Area", "type": "textarea"},
    {"name": "New Text Input", "type": "text"}
]"#;

fn config(json: &str) -> FormConfig {
    FormConfig::parse(json).unwrap()
}

fn technician() -> FormConfig {
    config(&format!(
        r#"{{"preset": "technician", "customFields": {SEED_CUSTOM_FIELDS}}}"#
    ))
}

fn text(value: &str) -> FieldValue {
    FieldValue::Text(value.into())
}

fn list(items: &[&str]) -> FieldValue {
    FieldValue::List(items.iter().map(|item| (*item).to_owned()).collect())
}

fn std_id(field: Standard) -> FieldId {
    FieldId::Standard(field)
}

fn json_of(config: &FormConfig, draft: &Draft) -> Value {
    serde_json::from_str(&draft.to_request(&config.spec, None).to_json()).unwrap()
}

#[test]
fn the_seed_example_request_is_built_exactly() {
    let config = technician();
    let mut draft = Draft::new(&config.spec);
    draft.set(std_id(Standard::RequesterEmail), text("a@b.com"));
    draft.set(std_id(Standard::Subject), text("asdasd"));
    draft.set(std_id(Standard::Impact), text("Low"));
    draft.set(std_id(Standard::Priority), text("Low"));
    draft.set(std_id(Standard::Status), text("Open"));
    draft.set(std_id(Standard::Urgency), text("Low"));
    draft.set(FieldId::Custom(0), text("1"));
    draft.set(FieldId::Custom(1), text("110,1"));
    draft.set(FieldId::Custom(2), text("a11"));
    draft.set(FieldId::Custom(3), text("111"));
    draft.set(std_id(Standard::Tags), list(&["asdasd"]));
    assert!(validate(&config.spec, &draft).is_empty());
    assert_eq!(
        json_of(&config, &draft),
        json!({"requesterEmail":"a@b.com","subject":"asdasd","impactName":"Low",
               "priorityName":"Low","statusName":"Open","urgencyName":"Low",
               "customField":{"New Dropdown":"1","New Number":110.1,"New Text Area":"a11","New Text Input":"111"},
               "tags":["asdasd"]})
    );
}

#[test]
fn every_key_at_once_has_its_wire_name_and_type() {
    let config = config(
        r#"{"preset": "technician",
            "fields": {"categoryName": {"options": ["Request", "Incident"]}},
            "customFields": [
              {"name": "Text", "type": "text"}, {"name": "Area", "type": "textarea"},
              {"name": "Count", "type": "number", "min": 0, "max": 10},
              {"name": "Pick", "type": "dropdown", "options": ["a", "b"]},
              {"name": "Many", "type": "multiselect", "options": ["x", "y", "z"]},
              {"name": "Boxes", "type": "checkbox", "options": ["p", "q"]},
              {"name": "One", "type": "radio", "options": ["r", "s"]},
              {"name": "When", "type": "datetime"}]}"#,
    );
    let mut draft = Draft::new(&config.spec);
    let values = [
        (Standard::Subject, text("Everything")),
        (Standard::Description, text("All keys")),
        (Standard::RequesterEmail, text("a@b.com")),
        (Standard::CcEmails, list(&["c@d.com", "e@f.org"])),
        (Standard::Category, text("Incident")),
        (Standard::Impact, text("On Business")),
        (Standard::Priority, text("High")),
        (Standard::Urgency, text("Urgent")),
        (Standard::Department, text("IT")),
        (Standard::Location, text("Berlin")),
        (Standard::Tags, list(&["vpn", "laptop"])),
        (Standard::SupportLevel, text("tier2")),
        (Standard::Spam, FieldValue::Flag(true)),
        (Standard::AssigneeEmail, text("tech@example.com")),
        (Standard::TechnicianGroup, text("Network Team")),
        (Standard::Source, text("Technician Portal")),
        (Standard::Status, text("In Progress")),
        (
            Standard::LinkedAssets,
            FieldValue::Assets(vec![AssetRow {
                model: "asset_hardware".into(),
                id: "42".into(),
            }]),
        ),
        (
            Standard::Attachments,
            FieldValue::Files(vec![Attachment {
                ref_file_name: "9f2c".into(),
                real_name: "photo.png".into(),
            }]),
        ),
    ];
    for (field, value) in values {
        draft.set(std_id(field), value);
    }
    let custom = [
        text("t"),
        text("multi\nline"),
        text("7"),
        text("b"),
        list(&["x", "z"]),
        list(&["q"]),
        text("s"),
        FieldValue::Instant(Some(1_767_225_600_000.0)),
    ];
    for (index, value) in custom.into_iter().enumerate() {
        draft.set(FieldId::Custom(index), value);
    }
    assert_eq!(validate(&config.spec, &draft), vec![]);
    assert_eq!(
        json_of(&config, &draft),
        json!({
            "subject": "Everything", "description": "All keys", "requesterEmail": "a@b.com",
            "ccEmailSet": ["c@d.com", "e@f.org"], "categoryName": "Incident",
            "impactName": "On Business", "priorityName": "High", "urgencyName": "Urgent",
            "departmentName": "IT", "locationName": "Berlin", "tags": ["vpn", "laptop"],
            "supportLevel": "tier2", "spam": true, "assigneeEmail": "tech@example.com",
            "groupName": "Network Team", "source": "Technician Portal", "statusName": "In Progress",
            "linkAssetIds": [{"assetModel": "asset_hardware", "assetId": 42}],
            "fileAttachments": [{"refFileName": "9f2c", "realName": "photo.png"}],
            "customField": {"Text": "t", "Area": "multi\nline", "Count": 7, "Pick": "b",
                            "Many": ["x", "z"], "Boxes": ["q"], "One": "s", "When": 1_767_225_600_000_i64}
        })
    );
}

#[test]
fn empty_optional_fields_are_omitted_and_presets_always_sent() {
    let config = config(
        r#"{"fields": {"source": {"preset": "Support Portal"}, "tags": {"preset": ["intranet"], "shown": true},
                       "technicianGroup": {"preset": "Service Desk"}},
            "technicianGroupKey": "supportGroup"}"#,
    );
    let mut draft = Draft::new(&config.spec);
    draft.set(std_id(Standard::Subject), text("  Printer jam "));
    draft.set(std_id(Standard::RequesterEmail), text("a@b.com"));
    draft.set(std_id(Standard::Description), text("   "));
    draft.set(std_id(Standard::Tags), list(&["printer", "intranet"]));
    assert_eq!(
        json_of(&config, &draft),
        json!({"subject": "Printer jam", "requesterEmail": "a@b.com", "source": "Support Portal",
               "tags": ["printer", "intranet"], "supportGroup": "Service Desk"})
    );
    assert!(
        config.spec.field(std_id(Standard::Source)).is_none(),
        "a preset is not shown"
    );
    let shown_preset =
        FormConfig::parse(r#"{"fields": {"source": {"preset": "External", "shown": true}}}"#);
    assert!(shown_preset
        .unwrap_err()
        .to_string()
        .starts_with("fields.source.shown:"));
}

#[test]
fn the_requester_preset_shows_its_fields_in_order() {
    let config = config(&format!(r#"{{"customFields": {SEED_CUSTOM_FIELDS}}}"#));
    let words = crate::i18n::Words::english();
    let labels: Vec<String> = config
        .spec
        .fields
        .iter()
        .map(|field| words.label(&field.label))
        .collect();
    assert_eq!(
        labels,
        [
            "Subject",
            "Description",
            "Requester email",
            "CC emails",
            "Category",
            "Impact",
            "Urgency",
            "Department",
            "Location",
            "Tags",
            "Attachments",
            "New Dropdown",
            "New Number",
            "New Text Area",
            "New Text Input"
        ]
    );
    assert_eq!(technician().spec.fields.len(), 19 + 4);
}

#[test]
fn fields_can_be_relabelled_hidden_required_and_given_options_and_defaults() {
    let config = config(
        r#"{"fields": {
              "impactName": {"label": "Who is affected?", "help": "Pick the widest", "required": true,
                             "options": ["Just me", "My team", "Everyone"], "default": "Just me"},
              "tags": {"shown": false},
              "priorityName": {"shown": true}}}"#,
    );
    let impact = config.spec.field(std_id(Standard::Impact)).unwrap();
    assert_eq!(
        impact.label,
        Label::Given(Localized::plain("Who is affected?"))
    );
    assert_eq!(impact.help, Some(Localized::plain("Pick the widest")));
    assert!(impact.required);
    assert_eq!(
        impact.widget,
        Widget::Select(vec!["Just me".into(), "My team".into(), "Everyone".into()])
    );
    assert_eq!(
        Draft::new(&config.spec).text(std_id(Standard::Impact)),
        "Just me"
    );
    assert!(config.spec.field(std_id(Standard::Tags)).is_none());
    assert!(config.spec.field(std_id(Standard::Priority)).is_some());
}

#[test]
fn bad_configurations_name_the_key() {
    let cases = [
        (r#"{"serverURL": "x"}"#, "serverURL: unknown key"),
        (r#"{"clientId": 5}"#, "clientId: must be a string"),
        (
            r#"{"preset": "admin"}"#,
            "preset: “admin” is not one of requester, technician",
        ),
        (
            r#"{"fields": {"colour": {}}}"#,
            "fields.colour: unknown key",
        ),
        (
            r#"{"fields": {"tags": {"shwon": true}}}"#,
            "fields.tags.shwon: unknown key",
        ),
        (
            r#"{"fields": {"priorityName": {"default": "Whenever"}}}"#,
            "fields.priorityName.default: “Whenever” is not one of its options",
        ),
        (
            r#"{"fields": {"spam": {"default": "yes"}}}"#,
            "fields.spam.default: must be true or false",
        ),
        (
            r#"{"fields": {"subject": {"shown": false}}}"#,
            "fields.subject.shown: the server requires this field",
        ),
        (
            r#"{"fields": {"subject": {"required": false}}}"#,
            "fields.subject.required:",
        ),
        (
            r#"{"fields": {"tags": {"options": ["a"]}}}"#,
            "fields.tags.options: only fields with a list",
        ),
        (
            r#"{"customFields": [{"name": "X", "type": "colour"}]}"#,
            "customFields[0].type: “colour” is not one of",
        ),
        (
            r#"{"customFields": [{"name": "X", "type": "dropdown"}]}"#,
            "customFields[0].options: a dropdown field needs options",
        ),
        (
            r#"{"customFields": [{"name": "X", "type": "dropdown", "options": ["a"], "default": "b"}]}"#,
            "customFields[0].default: “b” is not one of its options",
        ),
        (
            r#"{"customFields": [{"name": "X", "type": "text"}, {"name": "X", "type": "text"}]}"#,
            "customFields[1].name: “X” is used twice",
        ),
        (
            r#"{"customFields": [{"type": "text"}]}"#,
            "customFields[0].name: every custom field needs a name",
        ),
        (
            r#"{"customFields": [{"name": "N", "type": "number", "min": 5, "max": 1}]}"#,
            "customFields[0].min:",
        ),
        (
            r#"{"customFields": {"name": "X"}}"#,
            "customFields: must be an array",
        ),
        ("[1]", "must be an object"),
        (
            r#"{"authScheme": "basic"}"#,
            "authScheme: “basic” is not one of bearer, apikey",
        ),
        (
            r#"{"attachments": {"maxFiles": 0}}"#,
            "attachments.maxFiles: must be a whole number above 0",
        ),
        (
            r#"{"attachments": {"uploadPath": "api/x"}}"#,
            "attachments.uploadPath: must be a path",
        ),
        (
            r#"{"messages": {"de": {"review.title": 5}}}"#,
            "messages.de.review.title: must be a string",
        ),
        (
            r#"{"attachments": {"reviewImages": "yes"}}"#,
            "attachments.reviewImages: must be true or false",
        ),
        (
            r#"{"attachments": {"maxSize": 5}}"#,
            "attachments.maxSize: unknown key",
        ),
        (
            r#"{"fields": {"fileAttachments": {"default": []}}}"#,
            "fields.fileAttachments.default: attachments are uploaded",
        ),
        ("{", "not valid JSON"),
        (
            r#"{"locale": "german"}"#,
            "locale: “german” is not a language tag",
        ),
        (
            r#"{"theme": "blue"}"#,
            "theme: “blue” is not one of auto, light, dark",
        ),
        (
            r#"{"messages": {"de": {"sumbit": "Senden"}}}"#,
            "messages.de.sumbit: no such text",
        ),
        (
            r#"{"messages": {"de": {"submit": 5}}}"#,
            "messages.de.submit: must be a string",
        ),
        (
            r#"{"fields": {"subject": {"label": {"Deutsch": "Betreff"}}}}"#,
            "fields.subject.label.Deutsch: “Deutsch” is not a language tag",
        ),
        (
            r#"{"fields": {"subject": {"label": 7}}}"#,
            "fields.subject.label: must be a string or an object of texts by language",
        ),
    ];
    for (json, expected) in cases {
        let error = FormConfig::parse(json).unwrap_err().to_string();
        assert!(error.starts_with(expected), "{json}: {error}");
    }
}

#[test]
fn server_url_defaults_to_the_page_origin() {
    assert_eq!(
        config("{}").server_base("http://127.0.0.1:8080/"),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        config(r#"{"serverUrl": "https://desk.example.com/"}"#).server_base("http://x"),
        "https://desk.example.com"
    );
}

fn messages_for(config: &FormConfig, draft: &Draft) -> Vec<String> {
    let words = crate::i18n::Words::english();
    validate(&config.spec, draft)
        .into_iter()
        .map(|error| {
            let label = config
                .spec
                .field(error.field)
                .map(|field| words.label(&field.label))
                .unwrap_or_default();
            words.problem(&label, &error.problem)
        })
        .collect()
}

#[test]
fn required_fields_including_custom_ones() {
    let config =
        config(r#"{"customFields": [{"name": "Asset tag", "type": "text", "required": true}]}"#);
    assert_eq!(
        messages_for(&config, &Draft::new(&config.spec)),
        [
            "Subject is required.",
            "Requester email is required.",
            "Asset tag is required."
        ]
    );
    let mut draft = Draft::new(&config.spec);
    draft.set(std_id(Standard::Subject), text("   "));
    draft.set(std_id(Standard::RequesterEmail), text("a@b.com"));
    draft.set(FieldId::Custom(0), text("AT-1"));
    assert_eq!(messages_for(&config, &draft), ["Subject is required."]);
}

fn valid_technician_draft(config: &FormConfig) -> Draft {
    let mut draft = Draft::new(&config.spec);
    draft.set(std_id(Standard::Subject), text("x"));
    draft.set(std_id(Standard::RequesterEmail), text("a@b.com"));
    draft
}

#[test]
fn email_syntax_for_requester_cc_and_assignee() {
    let config = technician();
    let mut draft = valid_technician_draft(&config);
    draft.set(std_id(Standard::RequesterEmail), text("a@b"));
    draft.set(
        std_id(Standard::CcEmails),
        list(&["ok@example.com", "not an email"]),
    );
    draft.set(std_id(Standard::AssigneeEmail), text("tech@"));
    assert_eq!(
        messages_for(&config, &draft),
        [
            "Requester email must be an email address, like name@example.com.",
            "CC emails: “not an email” is not an email address.",
            "Assignee email must be an email address, like name@example.com.",
        ]
    );
}

#[test]
fn number_ranges_and_decimal_commas() {
    let config = config(
        r#"{"customFields": [{"name": "Floor", "type": "number", "min": -2, "max": 40.5}]}"#,
    );
    let mut draft = valid_technician_draft(&config);
    for (typed, expected) in [
        ("12,5", None),
        ("-2", None),
        ("40.5", None),
        ("41", Some("Floor must be at most 40.5.")),
        ("-3", Some("Floor must be at least -2.")),
        ("1,000.5", Some("Floor must be a number.")),
        ("twelve", Some("Floor must be a number.")),
    ] {
        draft.set(FieldId::Custom(0), text(typed));
        let messages = messages_for(&config, &draft);
        assert_eq!(messages.first().map(String::as_str), expected, "{typed}");
    }
    assert_eq!(parse_number("110,1"), Some(110.1));
    assert_eq!(parse_number(" 7 "), Some(7.0));
    assert_eq!(parse_number("NaN"), None);
    assert_eq!(parse_number("inf"), None);
    // Read as a person writes numbers, the same as Rust's own parser would.
    for typed in [
        "0",
        "-0",
        "+5",
        ".5",
        "5.",
        "-.5",
        "007",
        "0.25",
        "-12,75",
        "1e3",
        "2.5E-2",
        "5.e1",
        "123456789.123456789",
        "0.1",
        "3.3",
        "1e308",
    ] {
        let rust = typed.trim().replace(',', ".").parse::<f64>().ok();
        assert_eq!(parse_number(typed), rust, "{typed}");
    }
    for garbage in [
        "", "-", "+", ".", "e5", "1e", "--1", "1-", "0x10", "1 000", "1e999", "abc",
    ] {
        assert_eq!(parse_number(garbage), None, "{garbage}");
    }
}

#[test]
fn options_must_be_members() {
    let config = config(
        r#"{"preset": "technician", "customFields": [
            {"name": "Many", "type": "multiselect", "options": ["x", "y"]},
            {"name": "One", "type": "radio", "options": ["r", "s"]}]}"#,
    );
    let mut draft = valid_technician_draft(&config);
    draft.set(std_id(Standard::Priority), text("Whenever"));
    draft.set(FieldId::Custom(0), list(&["x", "q"]));
    draft.set(FieldId::Custom(1), text("t"));
    assert_eq!(
        messages_for(&config, &draft),
        [
            "Priority: choose one of the listed options.",
            "Many: choose one of the listed options.",
            "One: choose one of the listed options.",
        ]
    );
}

#[test]
fn linked_asset_rows_need_model_and_numeric_id() {
    let config = technician();
    let mut draft = valid_technician_draft(&config);
    let row = |model: &str, id: &str| AssetRow {
        model: model.into(),
        id: id.into(),
    };
    draft.set(
        std_id(Standard::LinkedAssets),
        FieldValue::Assets(vec![
            row("asset_hardware", "1"),
            row("", ""),
            row("asset_software", "x"),
        ]),
    );
    assert_eq!(
        messages_for(&config, &draft),
        ["Linked assets: row 3 needs an asset model and a whole-number asset id."]
    );
}

#[test]
fn server_messages_map_to_fields_by_key() {
    let config = technician();
    let spec = &config.spec;
    assert_eq!(
        spec.field_for_key("priorityName").map(|f| f.id),
        Some(std_id(Standard::Priority))
    );
    assert_eq!(
        spec.field_for_key("groupName").map(|f| f.id),
        Some(std_id(Standard::TechnicianGroup))
    );
    assert_eq!(
        spec.field_for_key("customField.New Number").map(|f| f.id),
        Some(FieldId::Custom(1))
    );
    assert_eq!(spec.field_for_key("New Number"), None);
    assert_eq!(spec.field_for_key("nonsense"), None);
}

#[test]
fn the_shipped_configurations_are_valid() {
    let portal = FormConfig::parse(include_str!("../../config.json")).unwrap();
    assert_eq!(portal.spec.fields.len(), 14);
    let technician =
        FormConfig::parse(include_str!("../../examples/config-technician.json")).unwrap();
    assert_eq!(technician.spec.fields.len(), 19 + 8);
}

#[test]
fn refused_files_read_like_people_write_them() {
    use super::attachments::Rejection;
    use crate::i18n::{Intl, Plain, Words};
    assert_eq!(Plain.bytes(14), "14 byte");
    assert_eq!(Plain.bytes(1536), "1.5 KB");
    assert_eq!(Plain.bytes(25 * 1024 * 1024), "25 MB");
    assert_eq!(Plain.bytes(31 * 1024 * 1024 + 200_000), "31 MB");
    assert_eq!(Plain.bytes(3 * 1024 * 1024 * 1024), "3 GB");
    let words = Words::english();
    assert_eq!(
        words.rejection(&Rejection::FileTooLarge {
            name: "report.zip".into(),
            size: 31 * 1024 * 1024,
            limit: 25 * 1024 * 1024
        }),
        "report.zip is 31 MB; the limit is 25 MB per file."
    );
    assert_eq!(
        words.rejection(&Rejection::TooManyFiles { limit: 1 }),
        "You can attach at most 1 file."
    );
    assert_eq!(
        words.rejection(&Rejection::TooManyFiles { limit: 2 }),
        "You can attach at most 2 files."
    );
}

#[test]
fn labels_help_and_option_names_may_differ_by_language() {
    let config = config(
        r#"{"customFields": [{"name": "Floor", "type": "dropdown",
              "label": {"en": "Floor", "de": "Etage"},
              "help": {"en": "Where you sit", "de": "Wo Sie sitzen"},
              "options": [{"value": "G", "label": {"en": "Ground", "de": "Erdgeschoss"}}, "1"]}],
            "locale": "de", "theme": "dark",
            "messages": {"de": {"submit": "Anfrage senden"}}}"#,
    );
    let floor = config.spec.fields.last().unwrap();
    let words = crate::i18n::Words::english();
    let label = match &floor.label {
        Label::Given(label) => label,
        other => panic!("{other:?}"),
    };
    assert_eq!(label.pick("de"), "Etage");
    assert_eq!(label.pick("en"), "Floor");
    assert_eq!(words.option(floor, "G"), "Ground");
    assert_eq!(words.option(floor, "1"), "1");
    assert_eq!(
        floor.widget.options(),
        ["G", "1"],
        "values are sent as they are"
    );
    assert_eq!(config.locale.as_deref(), Some("de"));
    assert_eq!(config.theme, super::config::Theme::Dark);
    assert_eq!(config.messages.len(), 1);
    let priority = super::fields::FieldSpec {
        option_labels: Vec::new(),
        ..floor.clone()
    };
    assert_eq!(
        words.option(&priority, "tier1"),
        "Tier 1",
        "seed values from the catalog"
    );
}

#[test]
fn host_tokens_are_sent_with_the_configured_scheme() {
    use super::config::AuthScheme;
    assert_eq!(config("{}").auth_scheme.header("t0k"), "Bearer t0k");
    let apikey = config(r#"{"authScheme": "apikey"}"#);
    assert_eq!(apikey.auth_scheme, AuthScheme::Apikey);
    assert_eq!(apikey.auth_scheme.header(" k3y "), "Apikey k3y");
}

#[test]
fn the_client_reference_goes_where_the_deployment_says() {
    for (json, expected) in [
        (
            r#"{"clientReference": {"tag": true}}"#,
            json!({"tags": ["printer", "srf-1a2b"]}),
        ),
        (
            r#"{"clientReference": {"customField": "Client reference"}}"#,
            json!({"tags": ["printer"], "customField": {"Client reference": "srf-1a2b"}}),
        ),
        ("{}", json!({"tags": ["printer"]})),
    ] {
        let config = config(json);
        let mut draft = Draft::new(&config.spec);
        draft.set(std_id(Standard::Subject), text("x"));
        draft.set(std_id(Standard::RequesterEmail), text("a@b.com"));
        draft.set(std_id(Standard::Tags), list(&["printer"]));
        draft.reference = Some("srf-1a2b".into());
        let mut sent = json_of(&config, &draft);
        let sent = sent.as_object_mut().unwrap();
        sent.remove("subject");
        sent.remove("requesterEmail");
        assert_eq!(Value::Object(sent.clone()), expected, "{json}");
    }
    let search = config(r#"{"clientReference": {"tag": true}}"#)
        .spec
        .client_reference
        .search("srf-1a2b")
        .unwrap();
    assert_eq!(
        search["qualDetails"]["quals"][0]["leftOperand"]["key"],
        "request.tags"
    );
    assert_eq!(
        search["qualDetails"]["quals"][0]["rightOperand"]["value"]["value"],
        "srf-1a2b"
    );
    assert!(
        FormConfig::parse(r#"{"clientReference": {"tag": true, "customField": "x"}}"#).is_err()
    );
}

#[test]
fn a_person_starts_as_the_requester_and_the_next_draft_keeps_them() {
    let config = config("{}");
    let requester = std_id(Standard::RequesterEmail);
    let mut draft = Draft::starting(&config.spec, Some("pat@example.com"), &[]);
    assert_eq!(draft.text(requester), "pat@example.com");
    draft.set(std_id(Standard::Subject), text("Monitor flickers"));
    draft.reference = Some("srf-1".into());
    let next = draft.next(&config.spec, &[]);
    assert_eq!(next.text(requester), "pat@example.com");
    assert_eq!(next.text(std_id(Standard::Subject)), "");
    assert_eq!(next.reference, None, "a new request gets a new reference");
    // Someone they typed is kept: prefilling fills only an empty field.
    let mut typed = Draft::new(&config.spec);
    typed.set(requester, text("boss@example.com"));
    typed.prefill_requester("pat@example.com");
    assert_eq!(typed.text(requester), "boss@example.com");
    // A form without the requester field is not given one.
    let hidden = super::config::FormConfig::parse(
        r#"{"fields": {"requesterEmail": {"preset": "desk@example.com"}}}"#,
    )
    .unwrap();
    assert_eq!(
        Draft::starting(&hidden.spec, Some("pat@example.com"), &[]).get(requester),
        None
    );
}

#[test]
fn errors_shown_after_a_failed_submit_include_a_failed_upload_and_the_servers_word() {
    use super::validate::{shown_errors, FieldError};
    let config = config("{}");
    let draft = Draft::new(&config.spec);
    let subject = std_id(Standard::Subject);
    let attachments = std_id(Standard::Attachments);
    assert!(shown_errors(&config.spec, &draft, false, None, Some("a.png")).is_empty());
    let server = FieldError {
        field: std_id(Standard::Category),
        problem: super::validate::Problem::Server("categoryName: no such category".into()),
    };
    let shown = shown_errors(&config.spec, &draft, true, Some(&server), Some("a.png"));
    let fields: Vec<FieldId> = shown.iter().map(|error| error.field).collect();
    assert_eq!(
        fields,
        [
            subject,
            std_id(Standard::RequesterEmail),
            server.field,
            attachments
        ]
    );
    assert_eq!(
        shown[3].problem,
        super::validate::Problem::UploadFailed {
            name: "a.png".into()
        }
    );
    // Before any submit, the server's message stands alone.
    assert_eq!(
        shown_errors(&config.spec, &draft, false, Some(&server), None),
        vec![server]
    );
}

#[test]
fn configured_numbers_read_as_people_write_them() {
    use super::config::plain_number;
    assert_eq!(plain_number(5.0), "5");
    assert_eq!(plain_number(-12.0), "-12");
    assert_eq!(plain_number(110.1), "110.1");
    assert_eq!(plain_number(0.5), "0.5");
    let config = config(r#"{"customFields": [{"name": "Floor", "type": "number", "default": 3}]}"#);
    assert_eq!(config.spec.fields.last().unwrap().default, text("3"));
}

#[test]
fn my_recent_requests_follow_the_mode_unless_the_configuration_says() {
    let unset = FormConfig::default();
    assert!(unset.lists_my_requests(false) && !unset.lists_my_requests(true));
    let on = FormConfig::parse(r#"{"myRequests": true}"#).unwrap();
    assert!(on.lists_my_requests(true));
    let off = FormConfig::parse(r#"{"myRequests": false}"#).unwrap();
    assert!(!off.lists_my_requests(false));
}

#[test]
fn picked_images_wait_for_review_only_where_the_configuration_asks() {
    assert!(!config("{}").attachments.review_images);
    let reviewing = config(r#"{"attachments": {"reviewImages": true}}"#);
    assert!(reviewing.attachments.review_images);
    assert_eq!(
        reviewing.attachments.max_files, 10,
        "the other limits keep their defaults"
    );
}

#[test]
fn the_apps_own_words_can_be_given_by_the_deployment_like_any_other() {
    let given = config(
        r#"{"messages": {"de": {"review.title": "Teile verdecken", "files.count": {"one": "{count} Datei", "other": "{count} Dateien"}}}}"#,
    );
    assert_eq!(given.messages.len(), 1);
}

#[test]
fn texts_for_words_only_the_chunks_say_are_checked_by_the_rules_chunk() {
    let first_screen = json!({"messages": {"de": {"submit": "Senden"}}});
    let app_word = json!({"messages": {"de": {"card.title": "Erstellt"}}});
    let unknown = json!({"messages": {"de": {"sumbit": "Senden"}}});
    assert!(!FormConfig::has_rules(&first_screen));
    assert!(FormConfig::has_rules(&app_word));
    assert!(FormConfig::has_rules(&unknown));
    // The main module's step leaves the key to the chunk, which knows it.
    assert!(FormConfig::before_rules(&unknown).is_ok());
    let error = FormConfig::from_value(&unknown).unwrap_err();
    assert_eq!(error.path, "messages.de.sumbit");
    assert_eq!(error.problem, super::config::ConfigProblem::UnknownMessage);
    assert_eq!(FormConfig::from_value(&app_word).unwrap().messages.len(), 1);
}
