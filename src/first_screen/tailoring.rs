//! The configuration's conditions on the first screen: as the person types,
//! fields show and hide, become required or not, and offer only the options
//! that apply, exactly as in the app (the same engine decides, from the
//! values read back the same way).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

use crate::browser::dom::ControlsIn;
use crate::i18n::Words;
use crate::markup;
use crate::model::conditions::{self, Tailored};
use crate::model::fields::{FieldId, FieldSpec, FieldValue, Widget};

/// Applies the conditions to what the controls hold now: [`apply`], given
/// by the rules' chunk ([`crate::rules_chunk`]) with the configuration.
pub type Apply = fn(&Tailoring, Option<&Element>, &Words);

/// The first screen's fields and where they are painted.
pub struct Tailoring {
    pub controls: ControlsIn,
    pub prefix: String,
    pub fields: Vec<FieldSpec>,
    /// The values painted (a list's chips are read on top of them).
    pub painted: Vec<FieldValue>,
    pub apply: Apply,
}

/// Applies the conditions to what the controls hold now: a choice no
/// longer offered is cleared (and said in `status`), then every field
/// shows, hides, is required or not and offers its options as they say.
pub fn apply(tailoring: &Tailoring, status: Option<&Element>, words: &Words) {
    let mut cleared = Vec::new();
    for _ in 0..=tailoring.fields.len() {
        let values = tailoring.values();
        let tailored = tailoring.evaluate(&values);
        let mut withdrawn = false;
        for (field, (_, value)) in tailoring.fields.iter().zip(&values) {
            if !tailored.shows(field.id) {
                continue;
            }
            if let Some(kept) = conditions::without_withdrawn(field, value, &tailored) {
                tailoring.show_choice(field, &kept);
                cleared.push(words.label(&field.label));
                withdrawn = true;
            }
        }
        if !withdrawn {
            tailoring.show(&tailored);
            break;
        }
    }
    if let (Some(status), false) = (status, cleared.is_empty()) {
        let said = words.fill("conditions.cleared", &[("fields", &cleared.join(", "))]);
        status.set_text_content(Some(&said));
    }
}

impl Tailoring {
    fn id(&self, field: &FieldSpec) -> String {
        markup::field_id(&self.prefix, field)
    }

    fn values(&self) -> Vec<(FieldId, FieldValue)> {
        self.fields
            .iter()
            .zip(&self.painted)
            .map(|(field, painted)| {
                let value = markup::read(field, &self.id(field), painted, &self.controls);
                (field.id, value)
            })
            .collect()
    }

    fn evaluate(&self, values: &[(FieldId, FieldValue)]) -> Tailored {
        conditions::evaluate(&self.fields, &|id| {
            values
                .iter()
                .find(|(field, _)| *field == id)
                .map(|(_, value)| value)
        })
    }

    /// Applies the conditions (see [`apply`]).
    pub fn apply(&self, status: Option<&Element>, words: &Words) {
        (self.apply)(self, status, words)
    }

    /// Puts `value` in a choice field's controls.
    fn show_choice(&self, field: &FieldSpec, value: &FieldValue) {
        let id = self.id(field);
        match &field.widget {
            Widget::Radio(options) | Widget::CheckboxGroup(options) => {
                for (index, option) in options.iter().enumerate() {
                    let input = self.controls.find(&markup::option_id(&id, index));
                    if let Some(input) =
                        input.and_then(|found| found.dyn_into::<HtmlInputElement>().ok())
                    {
                        input.set_checked(markup::holds(value, option));
                    }
                }
            }
            Widget::Select(_) | Widget::MultiSelect(_) => {
                for option in self.options_of(&id) {
                    option.set_selected(markup::holds(value, &option.value()));
                }
            }
            _ => {}
        }
    }

    fn options_of(&self, id: &str) -> Vec<HtmlOptionElement> {
        let Some(select) = self
            .controls
            .find(id)
            .and_then(|found| found.dyn_into::<HtmlSelectElement>().ok())
        else {
            return Vec::new();
        };
        let options = select.options();
        (0..options.length())
            .filter_map(|index| options.item(index))
            .filter_map(|option| option.dyn_into::<HtmlOptionElement>().ok())
            .collect()
    }

    /// Shows, hides, requires and offers as `tailored` says.
    fn show(&self, tailored: &Tailored) {
        for field in &self.fields {
            let id = self.id(field);
            let Some(control) = self.controls.find(&id) else {
                continue;
            };
            let frame = control.closest(".srf-field").ok().flatten();
            if let Some(frame) = &frame {
                toggle(frame, "hidden", !tailored.shows(field.id));
                if let Some(mark) = frame.query_selector(".srf-required").ok().flatten() {
                    toggle(&mark, "hidden", !tailored.requires(field.id));
                }
            }
            match markup::aria_required(field, tailored.requires(field.id)) {
                Some(value) if !markup::is_group(field) => {
                    let _ = control.set_attribute("aria-required", value);
                }
                _ => {
                    let _ = control.remove_attribute("aria-required");
                }
            }
            if field.rules.option_when.is_empty() || field.locked {
                continue;
            }
            for option in self.options_of(&id) {
                let withdrawn =
                    !option.value().is_empty() && !tailored.offers(field.id, &option.value());
                toggle(&option, "hidden", withdrawn);
                toggle(&option, "disabled", withdrawn);
            }
            if !markup::is_group(field) {
                continue;
            }
            for (index, option) in field.widget.options().iter().enumerate() {
                let option_id = markup::option_id(&id, index);
                let withdrawn = !tailored.offers(field.id, option);
                if let Some(input) = self.controls.find(&option_id) {
                    toggle(&input, "disabled", withdrawn);
                    if let Some(label) = input.closest("label").ok().flatten() {
                        toggle(&label, "hidden", withdrawn);
                    }
                }
            }
        }
    }
}

fn toggle(element: &Element, attribute: &str, on: bool) {
    let _ = if on {
        element.set_attribute(attribute, "")
    } else {
        element.remove_attribute(attribute)
    };
}
