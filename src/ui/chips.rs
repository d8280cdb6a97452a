//! A list of short values (emails, tags) edited as chips: Enter or comma
//! adds what was typed, Backspace in the empty input removes the last chip,
//! pasting "a, b; c" adds three, and leaving the input keeps what was typed.

use leptos::prelude::*;

use crate::browser::dom::input_value;

use super::fields::fixed;
use super::words::{t, FormWords};
use crate::markup::{self, Tag};
use crate::model::chips::{entries, merged};
use crate::model::email::is_valid_email;

#[component]
pub fn ChipInput(
    /// The input, as [`crate::markup::control`] describes it.
    input: Tag,
    /// Email chips are checked one by one; tags are free text.
    emails: bool,
    items: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    invalid: Signal<&'static str>,
    described_by: Signal<Option<String>>,
    /// `aria-required` (see [`crate::markup::aria_required`]).
    required: Signal<Option<&'static str>>,
) -> impl IntoView {
    let words = FormWords::get();
    let (hint, hint_text) = markup::hint_of(input.attribute("id").unwrap_or_default(), false);
    let pending = RwSignal::new(String::new());
    let commit = move |text: &str| {
        let new = entries(text, emails);
        if !new.is_empty() {
            on_change.run(merged(&items.get_untracked(), new, emails));
        }
        pending.set(String::new());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        // Enter while an input method is composing (Japanese, Chinese)
        // picks a candidate; it must not add the half-written entry.
        _ if ev.is_composing() => {}
        "Enter" | "," | ";" => {
            ev.prevent_default();
            commit(&pending.get_untracked());
        }
        "Backspace" if pending.with_untracked(String::is_empty) => {
            let mut list = items.get_untracked();
            if list.pop().is_some() {
                ev.prevent_default();
                on_change.run(list);
            }
        }
        _ => {}
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let text = ev
            .clipboard_data()
            .and_then(|data| data.get_data("text/plain").ok())
            .unwrap_or_default();
        if entries(&text, emails).len() > 1 || text.contains([',', ';', '\n']) {
            ev.prevent_default();
            commit(&format!("{},{text}", pending.get_untracked()));
        }
    };
    let remove = move |item: String| {
        let mut list = items.get_untracked();
        list.retain(|entry| *entry != item);
        on_change.run(list);
    };
    view! {
        <div class="srf-chips">
            <ul class="srf-chip-list">
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|item| {
                            let bad = emails && !is_valid_email(&item);
                            let name = words.with(|w| w.fill("chips.remove", &[("item", &item)]));
                            let target = item.clone();
                            view! {
                                <li class="srf-chip" class:srf-chip--invalid=bad>
                                    <span class="srf-chip-text">{item}</span>
                                    <button type="button" class="srf-chip-remove" aria-label=name
                                        on:click=move |_| remove(target.clone())>"×"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <input {..fixed(&input)} aria-invalid=invalid aria-describedby=described_by aria-required=required
                prop:value=move || pending.get()
                on:input=move |ev| pending.set(input_value(&ev))
                on:keydown=on_keydown on:paste=on_paste
                on:blur=move |_| commit(&pending.get_untracked()) />
            <p {..fixed(&hint)}>{t(hint_text)}</p>
        </div>
    }
}
