//! Presentational inputs: a visible label, the control, and the message
//! under it, wired with `aria-invalid` and `aria-describedby`.

use leptos::prelude::*;

use crate::messages;

/// What every input shares: ids, label, value and error.
fn error_id(id: &str) -> String {
    format!("{id}-error")
}

#[component]
fn FieldShell(
    id: String,
    label: &'static str,
    required: bool,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let message_id = error_id(&id);
    view! {
        <div class="srf-field" class:srf-field--invalid=move || error.with(Option::is_some)>
            <label class="srf-label" for=id>
                {label}
                {required.then(|| view! { <span class="srf-required">" " {messages::REQUIRED_MARK}</span> })}
            </label>
            {children()}
            <p class="srf-field-error" id=message_id hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
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

fn described_by(id: &str, error: Signal<Option<String>>) -> impl Fn() -> Option<String> {
    let message_id = error_id(id);
    move || error.with(Option::is_some).then(|| message_id.clone())
}

/// A one-line text input (`kind` is the HTML input type).
#[component]
pub fn TextInput(
    id: String,
    label: &'static str,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <FieldShell id=id.clone() label required error>
            <input
                class="srf-input"
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        </FieldShell>
    }
}

/// A multi-line text input.
#[component]
pub fn TextArea(
    id: String,
    label: &'static str,
    #[prop(optional)] required: bool,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <FieldShell id=id.clone() label required error>
            <textarea
                class="srf-input srf-textarea"
                id=id.clone()
                name=id.clone()
                rows="5"
                aria-required=required.then_some("true")
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        </FieldShell>
    }
}

/// A choice among fixed options; the empty option means "not set".
#[component]
pub fn Select(
    id: String,
    label: &'static str,
    #[prop(optional)] required: bool,
    empty_label: &'static str,
    options: &'static [&'static str],
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <FieldShell id=id.clone() label required error>
            <select
                class="srf-input srf-select"
                id=id.clone()
                name=id.clone()
                aria-required=required.then_some("true")
                aria-invalid=invalid(error)
                aria-describedby=described_by(&id, error)
                prop:value=move || value.get()
                on:change=move |ev| on_input.run(event_target_value(&ev))
            >
                <option value="">{empty_label}</option>
                {options
                    .iter()
                    .map(|option| view! { <option value=*option>{*option}</option> })
                    .collect_view()}
            </select>
        </FieldShell>
    }
}
