//! The created ticket, as the requester needs to see it: its number first,
//! then every configured field the server stored, as text (never HTML), in
//! the form's language. When it appears, focus moves to its heading and the
//! number is announced.

use leptos::prelude::*;
use serde_json::Value;

use super::tasks::Tasks;
use super::words::{t, FormWords};
use crate::api::http;
use crate::browser::time::sleep;
use crate::i18n::Words;
use crate::model::fields::{FieldId, FieldSpec, FormSpec, Standard, Widget};
use crate::model::request::CreatedRequest;

/// How one stored value is shown.
enum Shown {
    Text(String),
    Chips(Vec<String>),
    /// Attachments: `(refFileName, realName)`, each a download button.
    Files(Vec<(String, String)>),
}

fn files(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let reference = item.get("refFileName")?.as_str()?;
            let name = item
                .get("realName")
                .and_then(Value::as_str)
                .unwrap_or(reference);
            Some((reference.to_owned(), name.to_owned()))
        })
        .collect()
}

fn chip_text(item: &Value, field: &FieldSpec, words: &Words) -> Option<String> {
    match item {
        Value::String(text) if !text.trim().is_empty() => Some(words.option(field, text)),
        Value::Object(map) if map.contains_key("realName") => map
            .get("realName")
            .and_then(Value::as_str)
            .map(str::to_owned),
        Value::Object(map) => {
            let model = map
                .get("assetModel")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let id = map
                .get("assetId")
                .map(|id| id.to_string())
                .unwrap_or_default();
            Some(format!("{model} #{id}"))
        }
        Value::Number(number) => number.as_f64().map(|n| words.intl().number(n)),
        _ => None,
    }
}

fn shown(field: &FieldSpec, value: &Value, words: &Words) -> Option<Shown> {
    if field.widget == Widget::Files {
        let list = files(value);
        return (!list.is_empty()).then_some(Shown::Files(list));
    }
    match value {
        Value::String(text) if !text.trim().is_empty() => {
            Some(Shown::Text(words.option(field, text)))
        }
        Value::Bool(flag) => Some(Shown::Text(words.text(if *flag { "yes" } else { "no" }))),
        Value::Number(number) => number.as_f64().map(|number| match field.widget {
            Widget::DateTime => Shown::Text(words.intl().date_time(number)),
            _ => Shown::Text(words.intl().number(number)),
        }),
        Value::Array(items) => {
            let chips: Vec<String> = items
                .iter()
                .filter_map(|item| chip_text(item, field, words))
                .collect();
            (!chips.is_empty()).then_some(Shown::Chips(chips))
        }
        _ => None,
    }
}

/// The stored value of a configured field in the server's answer.
fn stored<'a>(raw: &'a Value, field: &FieldSpec) -> Option<&'a Value> {
    match field.id {
        FieldId::Custom(_) => raw.get("customField")?.get(&field.key),
        FieldId::Standard(_) => raw.get(&field.key),
    }
}

/// The card's rows: status, priority and creation time first, then every
/// configured field the server stored.
fn rows(ticket: &CreatedRequest, spec: &FormSpec, words: &Words) -> Vec<(String, Shown)> {
    let status_field = FieldId::Standard(Standard::Status);
    let priority_field = FieldId::Standard(Standard::Priority);
    let field_of = |id| {
        spec.fields
            .iter()
            .chain(spec.presets.iter().map(|(field, _)| field))
            .find(|field| field.id == id)
    };
    let named = |id, value: &Option<String>| {
        value.as_ref().map(|value| match field_of(id) {
            Some(field) => words.option(field, value),
            None => words.value_name(value),
        })
    };
    let mut rows: Vec<(String, Option<Shown>)> = vec![
        (
            words.text("card.status"),
            named(status_field, &ticket.status).map(Shown::Text),
        ),
        (
            words.text("card.priority"),
            named(priority_field, &ticket.priority).map(Shown::Text),
        ),
        (
            words.text("card.createdAt"),
            ticket
                .created_time
                .map(|ms| Shown::Text(words.intl().date_time(ms))),
        ),
    ];
    let configured = spec
        .fields
        .iter()
        .chain(spec.presets.iter().map(|(field, _)| field));
    for field in configured.filter(|field| field.id != status_field && field.id != priority_field) {
        let value = stored(&ticket.raw, field).and_then(|value| shown(field, value, words));
        rows.push((words.label(&field.label), value));
    }
    rows.into_iter()
        .filter_map(|(label, value)| value.map(|value| (label, value)))
        .collect()
}

/// How long a downloaded file's object URL is kept: revoking it at once
/// cancels the download in some browsers, and no event says it started.
const KEEP_DOWNLOAD_URL_MS: f64 = 60_000.0;

/// Where attachments are downloaded from, with which credentials.
#[derive(Clone)]
pub struct Downloads {
    pub server: String,
    pub upload_path: String,
    pub authorization: Signal<String>,
}

#[component]
pub fn TicketCard(
    ticket: CreatedRequest,
    spec: FormSpec,
    downloads: Downloads,
    /// Makes the card's ids unique on the page (the form's id prefix).
    id_prefix: String,
    on_another: Callback<()>,
) -> impl IntoView {
    let words = FormWords::get();
    let failure = RwSignal::new(None::<String>);
    let downloads = StoredValue::new(downloads);
    let tasks = Tasks::new();
    let download = move |reference: String, name: String| {
        let Downloads {
            server,
            upload_path,
            authorization,
        } = downloads.get_value();
        let authorization = authorization.get_untracked();
        tasks.spawn(async move {
            let result =
                http::download_attachment(&server, &upload_path, &authorization, &reference, &name)
                    .await;
            match result {
                Ok(url) => {
                    failure.set(None);
                    // Kept until the download has surely started, or until
                    // the card goes (dropping the task revokes it).
                    sleep(KEEP_DOWNLOAD_URL_MS).await;
                    drop(url);
                }
                Err(error) => {
                    let reason = words.with_untracked(|w| w.api_error(&error));
                    let said = words.with_untracked(|w| {
                        w.fill(
                            "card.downloadFailed",
                            &[("name", &name), ("reason", &reason)],
                        )
                    });
                    failure.set(Some(said));
                }
            }
        });
    };
    let (title_id, number_id) = (
        format!("{id_prefix}-ticket-title"),
        format!("{id_prefix}-ticket-number"),
    );
    let heading = NodeRef::<leptos::html::H2>::new();
    // Sync with the outside world: focus goes to the result, whose heading
    // says what happened and whose number follows it.
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let number = ticket.number.clone();
    let announcement = move || words.with(|w| w.fill("card.created", &[("number", &number)]));
    let ticket = StoredValue::new(ticket);
    let spec = StoredValue::new(spec);
    let fields = move || {
        let rows = words
            .with(|w| ticket.with_value(|ticket| spec.with_value(|spec| rows(ticket, spec, w))));
        rows.into_iter()
            .map(|(label, value)| {
                let value = match value {
                    Shown::Text(text) => view! { <span>{text}</span> }.into_any(),
                    Shown::Files(items) => view! {
                        <ul class="srf-chip-list">
                            {items.into_iter().map(|(reference, name)| {
                                let label = name.clone();
                                view! {
                                    <li class="srf-chip">
                                        <button type="button" class="srf-link-button"
                                            on:click=move |_| download(reference.clone(), name.clone())>
                                            {label}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Shown::Chips(items) => view! {
                        <ul class="srf-chip-list">
                            {items.into_iter().map(|item| view! { <li class="srf-chip">{item}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                };
                view! {
                    <div class="srf-ticket-row">
                        <dt>{label}</dt>
                        <dd>{value}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="srf-ticket" part="ticket" aria-labelledby=title_id.clone()>
            <h2 class="srf-title" id=title_id.clone() tabindex="-1" aria-describedby=number_id.clone() node_ref=heading>
                {t("card.title")}
            </h2>
            <p class="srf-ticket-number" id=number_id>{ticket.with_value(|ticket| ticket.number.clone())}</p>
            <p class="srf-visually-hidden" role="status">{announcement}</p>
            <dl class="srf-ticket-fields">{fields}</dl>
            <p class="srf-server-error" role="alert">{move || failure.get()}</p>
            <button class="srf-button" type="button" on:click=move |_| on_another.run(())>
                {t("submitAnother")}
            </button>
        </section>
    }
}
