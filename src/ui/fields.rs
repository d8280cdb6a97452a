//! Presentational inputs: a visible label, the control, help text and the
//! message under it, as [`crate::markup`] describes them, with the value,
//! `aria-invalid` and `aria-describedby` kept up to date. `FieldControl`
//! picks the control that fits a configured field.

use leptos::attr::any_attribute::{AnyAttribute, IntoAnyAttribute};
use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;

use super::assets::AssetsEditor;
use super::chips::ChipInput;
use super::control_text::ControlText;
use super::words::{t, FormWords};
use crate::browser::dom::{input_value, ControlsIn};
use crate::browser::time::ms_to_datetime_local;
use crate::markup::{self, holds, Tag};
use crate::model::conditions::Tailored;
use crate::model::fields::{FieldId, FieldSpec, FieldValue, Widget};

/// A tag's fixed attributes, to spread onto the element that paints it.
pub(crate) fn fixed(tag: &Tag) -> Vec<AnyAttribute> {
    tag.attributes
        .iter()
        .map(|(name, value)| custom_attribute(*name, value.clone()).into_any_attr())
        .collect()
}

fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || markup::invalid(error.with(Option::is_some))
}

/// What the configuration's conditions say of a field now: whether it
/// shows, whether it is required, which options it offers.
#[derive(Clone, Copy)]
pub struct Conditions {
    tailored: Option<Memo<Tailored>>,
    field: FieldId,
    required: bool,
    /// Required, or required when a condition holds.
    may_require: bool,
}

impl Conditions {
    pub fn of(spec: &FieldSpec, tailored: Option<Memo<Tailored>>) -> Self {
        Self {
            tailored,
            field: spec.id,
            required: spec.required,
            may_require: spec.required || spec.rules.required_when.is_some(),
        }
    }

    /// A field that is always there and always required (the sign-in's).
    pub fn always_required() -> Self {
        Self {
            tailored: None,
            field: FieldId::Custom(0),
            required: true,
            may_require: true,
        }
    }

    fn shown(self) -> bool {
        self.tailored
            .is_none_or(|tailored| tailored.with(|tailored| tailored.shows(self.field)))
    }

    fn required(self) -> bool {
        match self.tailored {
            Some(tailored) => tailored.with(|tailored| tailored.requires(self.field)),
            None => self.required,
        }
    }

    fn offers(self, option: &str) -> bool {
        self.tailored
            .is_none_or(|tailored| tailored.with(|tailored| tailored.offers(self.field, option)))
    }
}

/// Label, help and error around a control. Groups of options use a
/// `fieldset` and `legend` instead of a label.
#[component]
pub(crate) fn FieldShell(
    id: String,
    label: Signal<String>,
    rules: Conditions,
    help: Option<Signal<String>>,
    #[prop(optional)] group: bool,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let required_mark = rules.may_require.then(|| {
        view! {
            <span class="srf-required" hidden=move || !rules.required()>" " {t(markup::REQUIRED_MARK)}</span>
        }
    });
    let hidden = move || !rules.shown();
    let help = help.map(|text| view! { <p {..fixed(&markup::help(&id))}>{text}</p> });
    let message = view! {
        <p {..fixed(&markup::error_line(&id))} hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    };
    let invalid_class = move || error.with(Option::is_some);
    let (frame, name) = (markup::frame_of(group, &id), markup::label_of(group, &id));
    if group {
        view! {
            <fieldset {..fixed(&frame)} class:srf-field--invalid=invalid_class hidden=hidden>
                <legend {..fixed(&name)}>{label} {required_mark}</legend>
                {help}
                {children()}
                {message}
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div {..fixed(&frame)} class:srf-field--invalid=invalid_class hidden=hidden>
                <label {..fixed(&name)}>{label} {required_mark}</label>
                {help}
                {children()}
                {message}
            </div>
        }
        .into_any()
    }
}

/// An input of the sign-in.
#[component]
pub fn SignInInput(
    prefix: String,
    field: markup::SignInField,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field.id(&prefix);
    let message = markup::error_id(&id);
    view! {
        <FieldShell id label=Signal::derive(t(field.label)) rules=Conditions::always_required() help=None error>
            <input {..fixed(&field.input(&prefix))} aria-invalid=invalid(error)
                aria-describedby=move || error.with(Option::is_some).then(|| message.clone())
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(input_value(&ev)) />
        </FieldShell>
    }
}

fn as_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => text.clone(),
        _ => String::new(),
    }
}

/// The control for one configured field, with its label, help and error.
#[component]
pub fn FieldControl(
    id: String,
    spec: FieldSpec,
    value: Signal<FieldValue>,
    on_change: Callback<FieldValue>,
    error: Signal<Option<String>>,
    /// What the configuration's conditions make of the form now.
    #[prop(optional)]
    tailored: Option<Memo<Tailored>>,
) -> impl IntoView {
    let words = FormWords::get();
    let rules = Conditions::of(&spec, tailored);
    let group = markup::is_group(&spec);
    // A locked field of any kind is one read-only input.
    let widget = if spec.locked {
        Widget::Text
    } else {
        spec.widget.clone()
    };
    let tag = markup::control(&spec, &id, &[]);
    let spec = StoredValue::new(spec);
    let label =
        Signal::derive(move || spec.with_value(|spec| words.with(|w| markup::label_text(spec, w))));
    let help = spec.with_value(|spec| spec.help.clone()).map(|help| {
        let help = StoredValue::new(help);
        Signal::derive(move || help.with_value(|help| words.with(|w| w.localized(help))))
    });
    let field_id = StoredValue::new(id.clone());
    let typed = ControlText::default();
    // Every control is read back the one way the first screen reads it.
    let read = move |ev: leptos::ev::Event| {
        let Some(controls) = ControlsIn::of_event(&ev) else {
            return;
        };
        let current = value.get_untracked();
        let read = spec.with_value(|spec| {
            field_id.with_value(|id| markup::read(spec, id, &current, &controls))
        });
        if let FieldValue::Text(text) = &read {
            typed.read(text);
        }
        on_change.run(read);
    };
    let describe = Signal::derive(move || {
        let has_error = error.with(Option::is_some);
        spec.with_value(|spec| field_id.with_value(|id| markup::described_by(spec, id, has_error)))
    });
    let locked = spec.with_value(|spec| spec.locked);
    let text = move || {
        typed.shown(value.with(|value| match locked {
            true => spec.with_value(|spec| words.with(|w| markup::locked_text(spec, value, w))),
            false => as_text(value),
        }))
    };
    let aria_required =
        move || spec.with_value(|spec| markup::aria_required(spec, rules.required()));
    let attributes = fixed(&tag);

    let control = match widget {
        Widget::Radio(options) | Widget::CheckboxGroup(options) => {
            view! { <ChoiceGroup id=id.clone() spec options value on_change=Callback::new(read) error describe rules /> }.into_any()
        }
        Widget::EmailList | Widget::TagList => view! {
            <ChipInput input=tag emails=widget == Widget::EmailList
                items=Signal::derive(move || value.with(|value| match value {
                    FieldValue::List(items) => items.clone(),
                    _ => Vec::new(),
                }))
                on_change=Callback::new(move |items| on_change.run(FieldValue::List(items)))
                invalid=Signal::derive(invalid(error)) described_by=describe
                required=Signal::derive(aria_required) />
        }
        .into_any(),
        // Attachments need the form's upload state: the form renders them
        // with `AttachmentsField` instead.
        Widget::Files => ().into_any(),
        Widget::Assets => view! {
            <AssetsEditor id=id.clone() rows=Signal::derive(move || value.with(|value| match value {
                    FieldValue::Assets(rows) => rows.clone(),
                    _ => Vec::new(),
                }))
                on_change=Callback::new(move |rows| on_change.run(FieldValue::Assets(rows)))
                on_input=Callback::new(read) invalid=Signal::derive(invalid(error)) />
        }
        .into_any(),
        Widget::LongText => view! {
            <textarea {..attributes} aria-invalid=invalid(error) aria-describedby=describe aria-required=aria_required
                prop:value=text on:input=read></textarea>
        }
        .into_any(),
        Widget::Select(_) | Widget::MultiSelect(_) => view! {
            <select {..attributes} aria-invalid=invalid(error) aria-describedby=describe
                aria-required=aria_required on:change=read>
                {spec.with_value(markup::options).into_iter().map(|choice| {
                    let (chosen, option_value) = (choice.clone(), choice.value().to_owned());
                    let offered = StoredValue::new(choice.value().to_owned());
                    // "Choose…" is always there.
                    let withdrawn = move || {
                        offered.with_value(|option| !option.is_empty() && !rules.offers(option))
                    };
                    let selected = move || value.with(|value| holds(value, chosen.value()));
                    view! {
                        <option value=option_value prop:selected=selected hidden=withdrawn disabled=withdrawn>
                            {move || spec.with_value(|spec| words.with(|w| choice.label(spec, w)))}
                        </option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Widget::Checkbox => view! {
            <input {..attributes} aria-invalid=invalid(error) aria-describedby=describe
                aria-required=aria_required prop:checked=move || value.with(|value| matches!(value, FieldValue::Flag(true)))
                on:change=read />
        }
        .into_any(),
        // A date is read when complete (`change`): reading it while its
        // parts are typed would clear them.
        Widget::DateTime => view! {
            <input {..attributes} aria-invalid=invalid(error) aria-describedby=describe
                aria-required=aria_required prop:value=move || value.with(|value| match value {
                    FieldValue::Instant(Some(ms)) => ms_to_datetime_local(*ms),
                    _ => String::new(),
                })
                on:change=read />
        }
        .into_any(),
        Widget::Text | Widget::Email | Widget::Number { .. } => view! {
            <input {..attributes} aria-invalid=invalid(error) aria-describedby=describe
                aria-required=aria_required prop:value=text on:input=read />
        }
        .into_any(),
    };
    view! {
        <FieldShell id label rules help group error>
            {control}
        </FieldShell>
    }
}

/// Radio buttons or a checkbox group: one input per option, each described
/// like a single input (help, error).
#[component]
fn ChoiceGroup(
    id: String,
    options: Vec<String>,
    spec: StoredValue<FieldSpec>,
    value: Signal<FieldValue>,
    on_change: Callback<leptos::ev::Event>,
    error: Signal<Option<String>>,
    describe: Signal<Option<String>>,
    rules: Conditions,
) -> impl IntoView {
    let words = FormWords::get();
    options
        .into_iter()
        .enumerate()
        .map(|(index, option)| {
            let input = spec.with_value(|spec| markup::choice(spec, &id, index, &option));
            let current = option.clone();
            let offered = StoredValue::new(option.clone());
            let withdrawn = move || offered.with_value(|option| !rules.offers(option));
            view! {
                <label {..fixed(&markup::choice_label(&id, index))} hidden=withdrawn>
                    <input {..fixed(&input)} aria-invalid=invalid(error) disabled=withdrawn
                        prop:checked=move || value.with(|value| holds(value, &current))
                        aria-describedby=describe on:change=move |ev| on_change.run(ev) />
                    <span>{move || spec.with_value(|spec| words.with(|w| w.option(spec, &option)))}</span>
                </label>
            }
        })
        .collect_view()
}
