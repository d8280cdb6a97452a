//! What each control of the form is, written once for every painter (the
//! first screen paints it as plain DOM, the app with Leptos): its element,
//! its ids (`-help`, `-error`, `-hint`, `-group`, `-{index}`, …), its fixed
//! attributes (`name`, `type`, `aria-required`, `accept`, `dir`, …), its
//! options and their labels, and how its value is read back from the
//! controls. What changes while the person types (the value shown,
//! `aria-invalid`, an error in `aria-describedby`) is given here as a
//! function of the state; the painters only apply it.

use crate::i18n::Words;
use crate::model::chips;
use crate::model::fields::{AssetRow, FieldSpec, FieldValue, Widget};

/// An element: its tag and its fixed attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub name: &'static str,
    pub attributes: Vec<(&'static str, String)>,
}

impl Tag {
    fn new(name: &'static str, attributes: &[(&'static str, &str)]) -> Self {
        Self {
            name,
            attributes: attributes
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect(),
        }
    }

    fn with(mut self, name: &'static str, value: &str) -> Self {
        self.attributes.push((name, value.to_owned()));
        self
    }

    fn with_if(self, condition: bool, name: &'static str, value: &str) -> Self {
        if condition {
            self.with(name, value)
        } else {
            self
        }
    }

    /// The value of attribute `name`, if it has one.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The id of a field's control: `{prefix}-{subject}` and the like.
pub fn field_id(prefix: &str, field: &FieldSpec) -> String {
    format!("{prefix}-{}", field.dom_name())
}

pub fn help_id(id: &str) -> String {
    format!("{id}-help")
}

pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// A hint under a control (how to add chips, where to drop files).
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

/// The n-th option of a group: the first carries the field's own id, so
/// focusing the field (error summary, failed submit) lands on it.
pub fn option_id(id: &str, index: usize) -> String {
    if index == 0 {
        id.to_owned()
    } else {
        format!("{id}-{index}")
    }
}

/// The asset model input of row `row` (row 0's carries the field's id).
pub fn asset_model_id(id: &str, row: usize) -> String {
    if row == 0 {
        id.to_owned()
    } else {
        format!("{id}-model-{row}")
    }
}

/// The asset id input of row `row`.
pub fn asset_id(id: &str, row: usize) -> String {
    format!("{id}-id-{row}")
}

/// Radio buttons and checkbox groups sit in a `fieldset` with a `legend`
/// (unless the field is locked: then it is one read-only input).
pub fn is_group(field: &FieldSpec) -> bool {
    !field.locked && matches!(field.widget, Widget::Radio(_) | Widget::CheckboxGroup(_))
}

/// Which controls have a hint of their own under them.
fn has_hint(field: &FieldSpec) -> bool {
    !field.locked
        && matches!(
            field.widget,
            Widget::EmailList | Widget::TagList | Widget::Files
        )
}

/// `aria-describedby` of a field's control(s): its help, its hint, its
/// error while there is one.
pub fn described_by(field: &FieldSpec, id: &str, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [
        field.help.is_some().then(|| help_id(id)),
        has_hint(field).then(|| hint_id(id)),
        has_error.then(|| error_id(id)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// `aria-invalid` of a control.
pub fn invalid(has_error: bool) -> &'static str {
    if has_error {
        "true"
    } else {
        "false"
    }
}

/// The field's frame: a `div`, or a `fieldset` for a group of options.
pub fn frame(field: &FieldSpec, id: &str) -> Tag {
    frame_of(is_group(field), id)
}

/// The frame of any labelled control, a group or not (the sign-in's too).
pub fn frame_of(group: bool, id: &str) -> Tag {
    if group {
        Tag::new(
            "fieldset",
            &[
                ("class", "srf-field srf-group"),
                ("part", "field"),
                ("id", &format!("{id}-group")),
            ],
        )
    } else {
        Tag::new("div", &[("class", "srf-field"), ("part", "field")])
    }
}

/// The field's visible name: a `label` for the control, or the group's
/// `legend`. Its text is [`label_text`], then [`REQUIRED_MARK`] when the
/// field is required.
pub fn label(field: &FieldSpec, id: &str) -> Tag {
    label_of(is_group(field), id)
}

pub fn label_of(group: bool, id: &str) -> Tag {
    if group {
        Tag::new("legend", &[("class", "srf-label"), ("part", "label")])
    } else {
        Tag::new(
            "label",
            &[("class", "srf-label"), ("part", "label"), ("for", id)],
        )
    }
}

pub fn label_text(field: &FieldSpec, words: &Words) -> String {
    words.label(&field.label)
}

/// The mark after a required field's name: `<span class="srf-required">`
/// with a space and this catalog text.
pub const REQUIRED_MARK: &str = "requiredMark";

/// The help under the name (the text is the field's `help`).
pub fn help(id: &str) -> Tag {
    Tag::new("p", &[("class", "srf-help"), ("id", &help_id(id))])
}

/// The line under the control that says what is wrong (hidden while
/// nothing is).
pub fn error_line(id: &str) -> Tag {
    Tag::new(
        "p",
        &[
            ("class", "srf-field-error"),
            ("part", "error"),
            ("id", &error_id(id)),
        ],
    )
}

/// The hint under a list or a drop zone, with its catalog text.
pub fn hint(field: &FieldSpec, id: &str) -> (Tag, &'static str) {
    hint_of(id, field.widget == Widget::Files)
}

pub fn hint_of(id: &str, files: bool) -> (Tag, &'static str) {
    let key = if files {
        "files.dropZone"
    } else {
        "chips.hint"
    };
    (
        Tag::new("p", &[("class", "srf-hint"), ("id", &hint_id(id))]),
        key,
    )
}

/// The file picker's button in the form's words (the browser's own says
/// "Choose Files" in the browser's language): a label of the hidden file
/// input, which stays the control keyboards and assistive technology reach,
/// so the label itself is hidden from the accessibility tree.
pub fn choose_files(id: &str) -> (Tag, &'static str) {
    let class = "srf-button srf-button--secondary srf-file-choose";
    let attributes = [("class", class), ("for", id), ("aria-hidden", "true")];
    (Tag::new("label", &attributes), "files.choose")
}

/// The button that takes a screenshot of the tab, shown by the app where
/// the browser can share one. The first screen (and the prerender, made
/// without knowing the browser) leaves it out: only the app can take the
/// screenshot. The drop zone keeps a row for it, so adding it moves
/// nothing.
pub fn capture_screenshot() -> (Tag, &'static str) {
    let class = "srf-button srf-button--secondary srf-capture";
    let attributes = [("type", "button"), ("class", class)];
    (Tag::new("button", &attributes), "files.capture")
}

/// The one control of a field (every widget but the groups of options and
/// the asset rows, which have [`choice`] and [`asset_inputs`]).
/// `accept` is the attachments' file types.
pub fn control(field: &FieldSpec, id: &str, accept: &[String]) -> Tag {
    let input = |class: &str, kind: &str| {
        Tag::new("input", &[("class", class), ("id", id), ("name", id)]).with("type", kind)
    };
    let tag = match &field.widget {
        Widget::Email => input("srf-input", "email")
            .with("autocomplete", "email")
            .with("dir", "ltr"),
        // Numbers stay left to right in a right-to-left form.
        Widget::Number { .. } => input("srf-input", "text")
            .with("inputmode", "decimal")
            .with("dir", "ltr"),
        Widget::LongText => Tag::new(
            "textarea",
            &[
                ("class", "srf-input srf-textarea"),
                ("id", id),
                ("name", id),
            ],
        )
        .with("rows", "5"),
        Widget::Select(_) | Widget::MultiSelect(_) => Tag::new(
            "select",
            &[("class", "srf-input srf-select"), ("id", id), ("name", id)],
        )
        .with_if(
            matches!(field.widget, Widget::MultiSelect(_)),
            "multiple",
            "",
        ),
        Widget::Checkbox => input("srf-checkbox", "checkbox"),
        Widget::DateTime => input("srf-input", "datetime-local"),
        Widget::EmailList | Widget::TagList => {
            input("srf-input srf-chip-input", "text").with("autocomplete", "off")
        }
        Widget::Files => input("srf-file-input srf-visually-hidden", "file")
            .with("multiple", "")
            .with_if(!accept.is_empty(), "accept", &accept.join(",")),
        Widget::Text | Widget::Radio(_) | Widget::CheckboxGroup(_) | Widget::Assets => {
            input("srf-input", "text")
        }
    };
    if field.locked {
        // Shown as text the person can read and select, not change.
        return input("srf-input srf-locked", "text").with("readonly", "");
    }
    tag
}

/// `aria-required` of a field's control while the field is `required`
/// (or its `requiredWhen` holds). A file input has no role that takes it;
/// the drop zone's label says it.
pub fn aria_required(field: &FieldSpec, required: bool) -> Option<&'static str> {
    let single = !is_group(field) && !matches!(field.widget, Widget::Files | Widget::Assets);
    (required && single && !field.locked).then_some("true")
}

/// What a locked field shows: its value as the person would read it.
pub fn locked_text(field: &FieldSpec, value: &FieldValue, words: &Words) -> String {
    match value {
        FieldValue::Text(text) if field.widget.options().contains(text) => {
            words.option(field, text)
        }
        FieldValue::Text(text) => text.clone(),
        FieldValue::List(items) => items
            .iter()
            .map(|item| words.option(field, item))
            .collect::<Vec<_>>()
            .join(", "),
        FieldValue::Flag(on) => words.text(if *on { "yes" } else { "no" }),
        FieldValue::Instant(Some(ms)) => words.intl().date_time(*ms),
        FieldValue::Instant(None) => String::new(),
        FieldValue::Assets(rows) => rows
            .iter()
            .map(|row| format!("{} {}", row.model, row.id))
            .collect::<Vec<_>>()
            .join(", "),
        FieldValue::Files(_) => String::new(),
    }
}

/// The input of the `index`-th option of a radio group or checkbox group.
pub fn choice(field: &FieldSpec, id: &str, index: usize, option: &str) -> Tag {
    let kind = if matches!(field.widget, Widget::Radio(_)) {
        "radio"
    } else {
        "checkbox"
    };
    Tag::new(
        "input",
        &[
            ("id", &option_id(id, index)),
            ("type", kind),
            ("name", id),
            ("value", option),
        ],
    )
}

/// The label around an option's input.
pub fn choice_label(id: &str, index: usize) -> Tag {
    Tag::new(
        "label",
        &[("class", "srf-option"), ("for", &option_id(id, index))],
    )
}

/// An entry of a select list.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// "Choose…", the empty choice of a single-choice list.
    Placeholder,
    Value(String),
}

impl Choice {
    pub fn value(&self) -> &str {
        match self {
            Choice::Placeholder => "",
            Choice::Value(value) => value,
        }
    }

    /// How the entry reads.
    pub fn label(&self, field: &FieldSpec, words: &Words) -> String {
        match self {
            Choice::Placeholder => words.text("choose"),
            Choice::Value(value) => words.option(field, value),
        }
    }
}

/// Whether `value` holds `option` (the one chosen, or chosen in a list).
pub fn holds(value: &FieldValue, option: &str) -> bool {
    match value {
        FieldValue::Text(text) => text == option,
        FieldValue::List(items) => items.iter().any(|item| item == option),
        _ => false,
    }
}

/// The entries of a select list, in order.
pub fn options(field: &FieldSpec) -> Vec<Choice> {
    let placeholder = matches!(field.widget, Widget::Select(_)).then_some(Choice::Placeholder);
    placeholder
        .into_iter()
        .chain(field.widget.options().iter().cloned().map(Choice::Value))
        .collect()
}

/// The two inputs of asset row `row`, each with its label's tag and
/// catalog text.
pub fn asset_inputs(id: &str, row: usize) -> [(Tag, &'static str, Tag); 2] {
    let sublabel = |target: &str| Tag::new("label", &[("class", "srf-sublabel"), ("for", target)]);
    let model = asset_model_id(id, row);
    let number = asset_id(id, row);
    [
        (
            sublabel(&model),
            "assets.model",
            Tag::new(
                "input",
                &[
                    ("class", "srf-input"),
                    ("id", &model),
                    ("type", "text"),
                    ("placeholder", "asset_hardware"),
                ],
            ),
        ),
        (
            sublabel(&number),
            "assets.id",
            Tag::new(
                "input",
                &[
                    ("class", "srf-input"),
                    ("id", &number),
                    ("type", "text"),
                    ("inputmode", "numeric"),
                    ("dir", "ltr"),
                ],
            ),
        ),
    ]
}

/// What a painter can tell about the controls it painted, by id.
pub trait Controls {
    /// The control's text (`None` when there is no such control).
    fn text(&self, id: &str) -> Option<String>;
    fn checked(&self, id: &str) -> bool;
    /// The values of a select list's chosen options.
    fn chosen(&self, id: &str) -> Vec<String>;
    /// A `datetime-local` input's instant (epoch milliseconds).
    fn instant(&self, id: &str) -> Option<f64>;
}

/// The field's value as its controls hold it. `current` is the value
/// before: a list's chips (what was typed in its input is added to them,
/// as leaving the input does) and the attachments (read by the uploads,
/// not here).
pub fn read(
    field: &FieldSpec,
    id: &str,
    current: &FieldValue,
    controls: &impl Controls,
) -> FieldValue {
    if field.locked {
        return current.clone();
    }
    let text = |id: &str| controls.text(id).unwrap_or_default();
    let checked_options = || {
        field
            .widget
            .options()
            .iter()
            .enumerate()
            .filter(|(index, _)| controls.checked(&option_id(id, *index)))
            .map(|(_, option)| option.clone())
    };
    match &field.widget {
        Widget::Radio(_) => FieldValue::Text(checked_options().next().unwrap_or_default()),
        Widget::CheckboxGroup(_) => FieldValue::List(checked_options().collect()),
        Widget::MultiSelect(_) => FieldValue::List(controls.chosen(id)),
        Widget::Checkbox => FieldValue::Flag(controls.checked(id)),
        Widget::DateTime => FieldValue::Instant(controls.instant(id)),
        Widget::EmailList | Widget::TagList => {
            let emails = field.widget == Widget::EmailList;
            let items = match current {
                FieldValue::List(items) => items.as_slice(),
                _ => &[],
            };
            FieldValue::List(chips::merged(
                items,
                chips::entries(&text(id), emails),
                emails,
            ))
        }
        Widget::Assets => FieldValue::Assets(
            (0..)
                .map_while(|row| {
                    let number = controls.text(&asset_id(id, row))?;
                    Some(AssetRow {
                        model: text(&asset_model_id(id, row)),
                        id: number,
                    })
                })
                .collect(),
        ),
        Widget::Files => current.clone(),
        Widget::Text
        | Widget::LongText
        | Widget::Email
        | Widget::Select(_)
        | Widget::Number { .. } => FieldValue::Text(text(id)),
    }
}

/// An input of the sign-in: required, left to right.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SignInField {
    /// The id's suffix after the form's prefix.
    pub name: &'static str,
    /// The catalog key of its label.
    pub label: &'static str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
}

pub const SIGN_IN_EMAIL: SignInField = SignInField {
    name: "email",
    label: "signIn.email",
    kind: "email",
    autocomplete: "username",
};

pub const SIGN_IN_PASSWORD: SignInField = SignInField {
    name: "password",
    label: "signIn.password",
    kind: "password",
    autocomplete: "current-password",
};

impl SignInField {
    pub fn id(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.name)
    }

    pub fn input(&self, prefix: &str) -> Tag {
        let id = self.id(prefix);
        Tag::new(
            "input",
            &[
                ("class", "srf-input"),
                ("id", &id),
                ("name", &id),
                ("type", self.kind),
                ("autocomplete", self.autocomplete),
                ("aria-required", "true"),
                ("dir", "ltr"),
            ],
        )
    }
}

#[cfg(test)]
mod tests;
