//! Linked assets: rows of asset model and numeric asset id.

use leptos::prelude::*;

use super::fields::fixed;
use super::words::{t, FormWords};
use crate::markup;
use crate::model::fields::AssetRow;

#[component]
pub fn AssetsEditor(
    id: String,
    rows: Signal<Vec<AssetRow>>,
    on_change: Callback<Vec<AssetRow>>,
    /// Typing in a row: the field reads every row back (see
    /// [`markup::read`]).
    on_input: Callback<leptos::ev::Event>,
    invalid: Signal<&'static str>,
) -> impl IntoView {
    let words = FormWords::get();
    // Always at least one row to type into.
    let shown = move || {
        let mut list = rows.get();
        if list.is_empty() {
            list.push(AssetRow::default());
        }
        list
    };
    let add = move |_| {
        let mut list = shown();
        list.push(AssetRow::default());
        on_change.run(list);
    };
    let id = StoredValue::new(id);
    let cell = move |index: usize, column: usize| {
        move || {
            rows.with(|list| {
                let row = list.get(index);
                let text = if column == 0 {
                    row.map(|row| &row.model)
                } else {
                    row.map(|row| &row.id)
                };
                text.cloned().unwrap_or_default()
            })
        }
    };
    let remove = move |index: usize| {
        let mut list = shown();
        if index < list.len() {
            list.remove(index);
        }
        on_change.run(list);
    };
    // Rows are keyed by position and their inputs bound reactively, so
    // editing one never re-creates the others (focus stays where it is).
    view! {
        <div class="srf-assets">
            <For each=move || 0..shown().len() key=|index| *index let:index>
                {
                    let inputs = id.with_value(|id| markup::asset_inputs(id, index));
                    view! {
                        <div class="srf-asset-row">
                            {inputs.into_iter().enumerate().map(|(column, (label, text, input))| view! {
                                <label {..fixed(&label)}>{move || words.with(|w| w.text(text))}</label>
                                <input {..fixed(&input)} aria-invalid=invalid prop:value=cell(index, column)
                                    on:input=move |ev| on_input.run(ev) />
                            }).collect_view()}
                            <button type="button" class="srf-link-button" on:click=move |_| remove(index)>
                                {move || words.with(|w| w.fill("assets.remove", &[("row", &w.intl().number((index + 1) as f64))]))}
                            </button>
                        </div>
                    }
                }
            </For>
            <button type="button" class="srf-button srf-button--secondary" on:click=add>{t("assets.add")}</button>
        </div>
    }
}
