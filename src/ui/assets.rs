//! Linked assets: rows of asset model and numeric asset id.

use leptos::prelude::*;

use crate::browser::dom::input_value;

use super::words::{t, FormWords};
use crate::model::fields::AssetRow;

#[component]
pub fn AssetsEditor(
    id: String,
    rows: Signal<Vec<AssetRow>>,
    on_change: Callback<Vec<AssetRow>>,
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
    let edit = move |index: usize, change: fn(&mut AssetRow, String), text: String| {
        let mut list = shown();
        if let Some(row) = list.get_mut(index) {
            change(row, text);
        }
        on_change.run(list);
    };
    let add = move |_| {
        let mut list = shown();
        list.push(AssetRow::default());
        on_change.run(list);
    };
    let id = StoredValue::new(id);
    let cell = move |index: usize, read: fn(&AssetRow) -> String| {
        move || rows.with(|list| list.get(index).map(read).unwrap_or_default())
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
                    let base = id.get_value();
                    // Row 1's model input carries the field's id for focus.
                    let model_id = if index == 0 { base.clone() } else { format!("{base}-model-{index}") };
                    let asset_id = format!("{base}-id-{index}");
                    view! {
                        <div class="srf-asset-row">
                            <label class="srf-sublabel" for=model_id.clone()>{t("assets.model")}</label>
                            <input class="srf-input" id=model_id type="text" placeholder="asset_hardware"
                                aria-invalid=invalid prop:value=cell(index, |row| row.model.clone())
                                on:input=move |ev| edit(index, |row, text| row.model = text, input_value(&ev)) />
                            <label class="srf-sublabel" for=asset_id.clone()>{t("assets.id")}</label>
                            <input class="srf-input" id=asset_id type="text" inputmode="numeric" dir="ltr"
                                aria-invalid=invalid prop:value=cell(index, |row| row.id.clone())
                                on:input=move |ev| edit(index, |row, text| row.id = text, input_value(&ev)) />
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
