//! Presentational inputs: a visible label, the control, help text and the
//! message under it, wired with `aria-invalid` and `aria-describedby`.
//! `FieldControl` picks the control that fits a configured field.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::assets::AssetsEditor;
use super::chips::ChipInput;
use super::words::{t, FormWords};
use crate::browser::dom::{event_origin, input_checked, input_value};
use crate::browser::time::{datetime_local_to_ms, ms_to_datetime_local};
use crate::model::fields::{FieldSpec, FieldValue, Widget};

fn error_id(id: &str) -> String {
    format!("{id}-error")
}

fn help_id(id: &str) -> String {
    format!("{id}-help")
}

/// `aria-describedby` for a control: its help text, its hint, its error.
fn described_by(
    id: &str,
    has_help: bool,
    hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> {
    let (help, hint_id, message) = (help_id(id), format!("{id}-hint"), error_id(id));
    move || {
        let mut ids = Vec::new();
        if has_help {
            ids.push(help.clone());
        }
        if hint {
            ids.push(hint_id.clone());
        }
        if error.with(Option::is_some) {
            ids.push(message.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

fn invalid(error: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    }
}

/// Label, help and error around a control. Groups of options use a
/// `fieldset` and `legend` instead of a label.
#[component]
pub(crate) fn FieldShell(
    id: String,
    label: Signal<String>,
    required: bool,
    help: Option<Signal<String>>,
    #[prop(optional)] group: bool,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let required_mark =
        required.then(|| view! { <span class="srf-required">" " {t("requiredMark")}</span> });
    let help = help.map(|text| view! { <p class="srf-help" id=help_id(&id)>{text}</p> });
    let message = view! {
        <p class="srf-field-error" part="error" id=error_id(&id) hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    };
    let invalid_class = move || error.with(Option::is_some);
    if group {
        view! {
            <fieldset class="srf-field srf-group" part="field" class:srf-field--invalid=invalid_class id=format!("{id}-group")>
                <legend class="srf-label" part="label">{label} {required_mark}</legend>
                {help}
                {children()}
                {message}
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div class="srf-field" part="field" class:srf-field--invalid=invalid_class>
                <label class="srf-label" part="label" for=id>{label} {required_mark}</label>
                {help}
                {children()}
                {message}
            </div>
        }
        .into_any()
    }
}

/// A one-line text input (`kind` is the HTML input type), for forms that
/// are not configured (sign-in).
#[component]
pub fn TextInput(
    id: String,
    /// The catalog key of the label.
    label: &'static str,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <FieldShell id=id.clone() label=Signal::derive(t(label)) required help=None error>
            <input
                class="srf-input"
                id=id.clone()
                name=id.clone()
                type=kind
                dir=(kind == "email" || kind == "password").then_some("ltr")
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, false, false, error)
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(input_value(&ev))
            />
        </FieldShell>
    }
}

fn as_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => text.clone(),
        _ => String::new(),
    }
}

fn as_list(value: &FieldValue) -> Vec<String> {
    match value {
        FieldValue::List(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn selected_options(ev: &leptos::ev::Event) -> Vec<String> {
    let Some(select) = event_origin::<web_sys::HtmlSelectElement>(ev) else {
        return Vec::new();
    };
    let chosen = select.selected_options();
    (0..chosen.length())
        .filter_map(|index| chosen.item(index))
        .filter_map(|element| element.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .map(|option| option.value())
        .collect()
}

/// The control for one configured field, with its label, help and error.
#[component]
pub fn FieldControl(
    id: String,
    spec: FieldSpec,
    value: Signal<FieldValue>,
    on_change: Callback<FieldValue>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let words = FormWords::get();
    let spec = StoredValue::new(spec);
    let label =
        Signal::derive(move || spec.with_value(|spec| words.with(|w| w.label(&spec.label))));
    let help = spec.with_value(|spec| spec.help.clone()).map(|help| {
        let help = StoredValue::new(help);
        Signal::derive(move || help.with_value(|help| words.with(|w| w.localized(help))))
    });
    let option_name =
        move |value: String| move || spec.with_value(|spec| words.with(|w| w.option(spec, &value)));
    let (required, widget) = spec.with_value(|spec| (spec.required, spec.widget.clone()));
    let has_help = help.is_some();
    let text = move || value.with(as_text);
    let set_text = move |ev: leptos::ev::Event| on_change.run(FieldValue::Text(input_value(&ev)));
    let aria_required = required.then_some("true");
    let group = matches!(widget, Widget::Radio(_) | Widget::CheckboxGroup(_));
    let radio = matches!(widget, Widget::Radio(_));
    let emails = matches!(widget, Widget::EmailList);
    let describe = described_by(&id, has_help, false, error);

    let control = match widget {
        Widget::Text | Widget::Email | Widget::Number { .. } => {
            // Addresses and numbers stay left to right in a right-to-left form.
            let (kind, mode, autocomplete, dir) = match widget {
                Widget::Email => ("email", None, Some("email"), Some("ltr")),
                Widget::Number { .. } => ("text", Some("decimal"), None, Some("ltr")),
                _ => ("text", None, None, None),
            };
            view! {
                <input class="srf-input" id=id.clone() name=id.clone() type=kind inputmode=mode dir=dir
                    autocomplete=autocomplete aria-required=aria_required aria-invalid=invalid(error)
                    aria-describedby=describe prop:value=text on:input=set_text />
            }
            .into_any()
        }
        Widget::LongText => view! {
            <textarea class="srf-input srf-textarea" id=id.clone() name=id.clone() rows="5"
                aria-required=aria_required aria-invalid=invalid(error) aria-describedby=describe
                prop:value=text on:input=set_text></textarea>
        }
        .into_any(),
        Widget::Select(options) => view! {
            <select class="srf-input srf-select" id=id.clone() name=id.clone() aria-required=aria_required
                aria-invalid=invalid(error) aria-describedby=describe prop:value=text on:change=set_text>
                <option value="">{t("choose")}</option>
                {options.into_iter().map(|option| {
                    let (current, attribute) = (option.clone(), option.clone());
                    view! { <option value=attribute prop:selected=move || text() == current>{option_name(option)}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Widget::MultiSelect(options) => view! {
            <select class="srf-input srf-select" multiple=true id=id.clone() name=id.clone()
                aria-required=aria_required aria-invalid=invalid(error) aria-describedby=describe
                on:change=move |ev| on_change.run(FieldValue::List(selected_options(&ev)))>
                {options.into_iter().map(|option| {
                    let (current, attribute) = (option.clone(), option.clone());
                    let chosen = move || value.with(|value| as_list(value).contains(&current));
                    view! { <option value=attribute prop:selected=chosen>{option_name(option)}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Widget::Radio(options) | Widget::CheckboxGroup(options) => view! {
            <ChoiceGroup id=id.clone() spec options radio value on_change error has_help />
        }
        .into_any(),
        Widget::Checkbox => view! {
            <input class="srf-checkbox" type="checkbox" id=id.clone() name=id.clone() aria-invalid=invalid(error)
                aria-describedby=describe
                prop:checked=move || value.with(|value| matches!(value, FieldValue::Flag(true)))
                on:change=move |ev| on_change.run(FieldValue::Flag(input_checked(&ev))) />
        }
        .into_any(),
        Widget::DateTime => view! {
            <input class="srf-input" type="datetime-local" id=id.clone() name=id.clone()
                aria-required=aria_required aria-invalid=invalid(error) aria-describedby=describe
                prop:value=move || value.with(|value| match value {
                    FieldValue::Instant(Some(ms)) => ms_to_datetime_local(*ms),
                    _ => String::new(),
                })
                on:change=move |ev| on_change.run(FieldValue::Instant(datetime_local_to_ms(&input_value(&ev)))) />
        }
        .into_any(),
        Widget::EmailList | Widget::TagList => {
            view! {
                <ChipInput id=id.clone() emails items=Signal::derive(move || value.with(as_list))
                    on_change=Callback::new(move |items| on_change.run(FieldValue::List(items)))
                    invalid=Signal::derive(invalid(error))
                    described_by=Signal::derive(described_by(&id, has_help, true, error)) />
            }
            .into_any()
        }
        // Attachments need the form's upload state: the form renders them
        // with `AttachmentsField` instead.
        Widget::Files => ().into_any(),
        Widget::Assets => view! {
            <AssetsEditor id=id.clone() rows=Signal::derive(move || value.with(|value| match value {
                    FieldValue::Assets(rows) => rows.clone(),
                    _ => Vec::new(),
                }))
                on_change=Callback::new(move |rows| on_change.run(FieldValue::Assets(rows)))
                invalid=Signal::derive(invalid(error)) />
        }
        .into_any(),
    };
    view! {
        <FieldShell id=id.clone() label required help=help group error>
            {control}
        </FieldShell>
    }
}

/// Radio buttons or a checkbox group: one input per option, each described
/// like a single input (help, error). The first carries the field's id, so
/// focusing the field (error summary, failed submit) lands on it.
#[component]
fn ChoiceGroup(
    id: String,
    options: Vec<String>,
    radio: bool,
    value: Signal<FieldValue>,
    on_change: Callback<FieldValue>,
    error: Signal<Option<String>>,
    spec: StoredValue<FieldSpec>,
    has_help: bool,
) -> impl IntoView {
    let words = FormWords::get();
    let describe = StoredValue::new(described_by(&id, has_help, false, error));
    options
        .into_iter()
        .enumerate()
        .map(|(index, option)| {
            let option_id = if index == 0 { id.clone() } else { format!("{id}-{index}") };
            let (current, toggled, attribute) = (option.clone(), option.clone(), option.clone());
            let label_for = option_id.clone();
            let checked = move || {
                value.with(|value| match value {
                    FieldValue::Text(text) => *text == current,
                    FieldValue::List(items) => items.contains(&current),
                    _ => false,
                })
            };
            let on_toggle = move |ev: leptos::ev::Event| {
                let on = input_checked(&ev);
                if radio {
                    on_change.run(FieldValue::Text(toggled.clone()));
                    return;
                }
                let mut items = value.with_untracked(as_list);
                items.retain(|item| *item != toggled);
                if on {
                    items.push(toggled.clone());
                }
                on_change.run(FieldValue::List(items));
            };
            view! {
                <label class="srf-option" for=label_for>
                    <input id=option_id type=if radio { "radio" } else { "checkbox" } name=id.clone()
                        value=attribute aria-invalid=invalid(error) prop:checked=checked
                        aria-describedby=move || describe.with_value(|describe| describe())
                        on:change=on_toggle />
                    <span>{move || spec.with_value(|spec| words.with(|w| w.option(spec, &option)))}</span>
                </label>
            }
        })
        .collect_view()
}
