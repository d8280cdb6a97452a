use std::collections::HashMap;

use super::*;
use crate::model::config::FormConfig;
use crate::model::fields::{FieldId, Label};

fn field(widget: Widget) -> FieldSpec {
    FieldSpec {
        id: FieldId::Custom(3),
        key: "Thing".into(),
        label: Label::Worded("title"),
        help: None,
        option_labels: Vec::new(),
        required: false,
        widget,
        default: FieldValue::Text(String::new()),
        rules: Default::default(),
        locked: false,
    }
}

fn options() -> Vec<String> {
    vec!["A".into(), "B".into(), "C".into()]
}

/// Controls as a map from id to (text, checked, chosen).
#[derive(Default)]
struct Fake(HashMap<String, (String, bool, Vec<String>)>);

impl Fake {
    fn text(mut self, id: &str, text: &str) -> Self {
        self.0.entry(id.into()).or_default().0 = text.into();
        self
    }
    fn checked(mut self, id: &str) -> Self {
        self.0.entry(id.into()).or_default().1 = true;
        self
    }
    fn chosen(mut self, id: &str, values: &[&str]) -> Self {
        self.0.entry(id.into()).or_default().2 = values.iter().map(|v| v.to_string()).collect();
        self
    }
}

impl Controls for Fake {
    fn text(&self, id: &str) -> Option<String> {
        self.0.get(id).map(|(text, _, _)| text.clone())
    }
    fn checked(&self, id: &str) -> bool {
        self.0.get(id).is_some_and(|(_, checked, _)| *checked)
    }
    fn chosen(&self, id: &str) -> Vec<String> {
        self.0
            .get(id)
            .map(|(_, _, chosen)| chosen.clone())
            .unwrap_or_default()
    }
    fn instant(&self, id: &str) -> Option<f64> {
        self.0.get(id).and_then(|(text, _, _)| text.parse().ok())
    }
}

#[test]
fn ids_follow_one_scheme() {
    let spec = field(Widget::Text);
    assert_eq!(field_id("srf-1", &spec), "srf-1-custom-3");
    assert_eq!(help_id("f"), "f-help");
    assert_eq!(error_id("f"), "f-error");
    assert_eq!(hint_id("f"), "f-hint");
    assert_eq!(option_id("f", 0), "f");
    assert_eq!(option_id("f", 2), "f-2");
    assert_eq!(asset_model_id("f", 0), "f");
    assert_eq!(asset_model_id("f", 1), "f-model-1");
    assert_eq!(asset_id("f", 0), "f-id-0");
}

#[test]
fn described_by_names_help_hint_and_error_in_that_order() {
    let mut tags = field(Widget::TagList);
    assert_eq!(described_by(&tags, "f", false).as_deref(), Some("f-hint"));
    tags.help = Some(crate::model::texts::Localized::plain("h"));
    assert_eq!(
        described_by(&tags, "f", true).as_deref(),
        Some("f-help f-hint f-error")
    );
    let text = field(Widget::Text);
    assert_eq!(described_by(&text, "f", false), None);
    assert_eq!(described_by(&text, "f", true).as_deref(), Some("f-error"));
    assert_eq!(invalid(true), "true");
    assert_eq!(invalid(false), "false");
}

#[test]
fn each_widget_gets_its_element_type_and_direction() {
    let cases = [
        (Widget::Text, "input", Some("text"), None),
        (Widget::Email, "input", Some("email"), Some("ltr")),
        (
            Widget::Number {
                min: None,
                max: None,
            },
            "input",
            Some("text"),
            Some("ltr"),
        ),
        (Widget::LongText, "textarea", None, None),
        (Widget::Select(options()), "select", None, None),
        (Widget::MultiSelect(options()), "select", None, None),
        (Widget::Checkbox, "input", Some("checkbox"), None),
        (Widget::DateTime, "input", Some("datetime-local"), None),
        (Widget::EmailList, "input", Some("text"), None),
        (Widget::TagList, "input", Some("text"), None),
        (Widget::Files, "input", Some("file"), None),
    ];
    for (widget, element, kind, dir) in cases {
        let tag = control(&field(widget.clone()), "f", &[]);
        assert_eq!(tag.name, element, "{widget:?}");
        assert_eq!(tag.attribute("type"), kind, "{widget:?}");
        assert_eq!(tag.attribute("dir"), dir, "{widget:?}");
        assert_eq!(tag.attribute("id"), Some("f"), "{widget:?}");
        assert_eq!(tag.attribute("name"), Some("f"), "{widget:?}");
    }
    let multi = control(&field(Widget::MultiSelect(options())), "f", &[]);
    assert_eq!(multi.attribute("multiple"), Some(""));
    assert_eq!(
        control(&field(Widget::Select(options())), "f", &[]).attribute("multiple"),
        None
    );
}

#[test]
fn required_is_said_on_every_control_but_the_file_picker() {
    for widget in [
        Widget::Text,
        Widget::Checkbox,
        Widget::TagList,
        Widget::DateTime,
    ] {
        let spec = field(widget);
        assert_eq!(aria_required(&spec, false), None);
        assert_eq!(aria_required(&spec, true), Some("true"));
    }
    assert_eq!(aria_required(&field(Widget::Files), true), None);
}

#[test]
fn the_file_picker_accepts_the_configured_types() {
    let files = field(Widget::Files);
    assert_eq!(control(&files, "f", &[]).attribute("accept"), None);
    let accept = ["image/*".to_string(), ".log".to_string()];
    assert_eq!(
        control(&files, "f", &accept).attribute("accept"),
        Some("image/*,.log")
    );
}

#[test]
fn a_single_choice_list_starts_with_choose_and_a_multiple_one_does_not() {
    let single = options_of(&field(Widget::Select(options())));
    assert_eq!(single, ["", "A", "B", "C"]);
    let multiple = options_of(&field(Widget::MultiSelect(options())));
    assert_eq!(multiple, ["A", "B", "C"]);
    let words = Words::english();
    assert_eq!(
        Choice::Placeholder.label(&field(Widget::Text), &words),
        words.text("choose")
    );
}

fn options_of(spec: &FieldSpec) -> Vec<String> {
    super::options(spec)
        .iter()
        .map(|choice| choice.value().to_owned())
        .collect()
}

#[test]
fn option_inputs_share_the_name_and_carry_their_value() {
    let radio = field(Widget::Radio(options()));
    let second = choice(&radio, "f", 1, "B");
    assert_eq!(second.attribute("id"), Some("f-1"));
    assert_eq!(second.attribute("name"), Some("f"));
    assert_eq!(second.attribute("type"), Some("radio"));
    assert_eq!(second.attribute("value"), Some("B"));
    assert_eq!(choice_label("f", 1).attribute("for"), Some("f-1"));
    let group = field(Widget::CheckboxGroup(options()));
    assert_eq!(
        choice(&group, "f", 0, "A").attribute("type"),
        Some("checkbox")
    );
    assert!(is_group(&group) && !is_group(&field(Widget::Select(options()))));
    assert_eq!(frame(&group, "f").name, "fieldset");
    assert_eq!(label(&group, "f").name, "legend");
    assert_eq!(label(&field(Widget::Text), "f").attribute("for"), Some("f"));
}

#[test]
fn each_widget_reads_back_what_its_controls_hold() {
    let empty = FieldValue::Text(String::new());
    let read_as = |widget: Widget, controls: &Fake, current: &FieldValue| {
        read(&field(widget), "f", current, controls)
    };
    let controls = Fake::default()
        .text("f", "typed")
        .checked("f-2")
        .chosen("f", &["B", "C"]);
    assert_eq!(
        read_as(Widget::Text, &controls, &empty),
        FieldValue::Text("typed".into())
    );
    assert_eq!(
        read_as(Widget::Radio(options()), &controls, &empty),
        FieldValue::Text("C".into())
    );
    assert_eq!(
        read_as(Widget::Radio(options()), &Fake::default(), &empty),
        FieldValue::Text(String::new())
    );
    let boxes = Fake::default().checked("f").checked("f-2");
    assert_eq!(
        read_as(Widget::CheckboxGroup(options()), &boxes, &empty),
        FieldValue::List(vec!["A".into(), "C".into()])
    );
    assert_eq!(
        read_as(Widget::MultiSelect(options()), &controls, &empty),
        FieldValue::List(vec!["B".into(), "C".into()])
    );
    assert_eq!(
        read_as(Widget::Checkbox, &boxes, &empty),
        FieldValue::Flag(true)
    );
    assert_eq!(
        read_as(
            Widget::DateTime,
            &Fake::default().text("f", "1700000000000"),
            &empty
        ),
        FieldValue::Instant(Some(1_700_000_000_000.0))
    );
    let current = FieldValue::Files(Vec::new());
    assert_eq!(read_as(Widget::Files, &controls, &current), current);
}

#[test]
fn a_list_keeps_its_chips_and_adds_what_was_typed() {
    let current = FieldValue::List(vec!["a@x.org".into()]);
    let typed = Fake::default().text("f", "b@x.org, a@x.org; c@x.org");
    assert_eq!(
        read(&field(Widget::EmailList), "f", &current, &typed),
        FieldValue::List(vec!["a@x.org".into(), "b@x.org".into(), "c@x.org".into()])
    );
}

#[test]
fn asset_rows_are_read_until_the_first_missing_row() {
    let rows = Fake::default()
        .text("f", "asset_hardware")
        .text("f-id-0", "12")
        .text("f-model-1", "asset_software")
        .text("f-id-1", "")
        .text("f-model-3", "never read");
    assert_eq!(
        read(
            &field(Widget::Assets),
            "f",
            &FieldValue::Assets(Vec::new()),
            &rows
        ),
        FieldValue::Assets(vec![
            AssetRow {
                model: "asset_hardware".into(),
                id: "12".into()
            },
            AssetRow {
                model: "asset_software".into(),
                id: String::new()
            },
        ])
    );
}

#[test]
fn every_configured_field_has_a_painted_control_with_its_own_id() {
    let config = FormConfig::parse(include_str!("../../examples/config-technician.json"))
        .expect("the technician example parses");
    let spec = config.spec;
    let mut ids = std::collections::HashSet::new();
    for field in &spec.fields {
        let id = field_id("p", field);
        assert!(ids.insert(id.clone()), "{id} twice");
        if !is_group(field) && field.widget != Widget::Assets {
            assert_eq!(control(field, &id, &[]).attribute("id"), Some(id.as_str()));
        }
    }
}

#[test]
fn a_value_holds_the_option_chosen_or_listed() {
    assert!(holds(&FieldValue::Text("B".into()), "B"));
    assert!(!holds(&FieldValue::Text("B".into()), "C"));
    let list = FieldValue::List(vec!["A".into(), "C".into()]);
    assert!(holds(&list, "C") && !holds(&list, "B"));
    assert!(!holds(&FieldValue::Flag(true), "true"));
}

#[test]
fn a_locked_field_is_one_read_only_input_that_reads_back_its_own_value() {
    let mut radio = field(Widget::Radio(options()));
    radio.locked = true;
    radio.option_labels = vec![("B".into(), crate::model::texts::Localized::plain("Bee"))];
    let tag = control(&radio, "f", &[]);
    assert_eq!(tag.name, "input");
    assert_eq!(tag.attribute("readonly"), Some(""));
    assert!(!is_group(&radio));
    assert_eq!(frame(&radio, "f").name, "div");
    let value = FieldValue::Text("B".into());
    let typed = Fake::default().text("f", "changed");
    assert_eq!(read(&radio, "f", &value, &typed), value);
    let words = Words::english();
    assert_eq!(locked_text(&radio, &value, &words), "Bee");
    assert_eq!(
        locked_text(&field(Widget::Checkbox), &FieldValue::Flag(true), &words),
        "Yes"
    );
}
