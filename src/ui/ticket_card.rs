//! The created ticket, as the requester needs to see it: its number first,
//! then every configured field the server stored, as text (never HTML).

use leptos::prelude::*;
use serde_json::Value;

use super::tasks::Tasks;
use crate::api::http;
use crate::browser::time::local_time;
use crate::browser::time::sleep;
use crate::messages;
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

fn chip_text(item: &Value) -> Option<String> {
    match item {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
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
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn shown(widget: &Widget, value: &Value) -> Option<Shown> {
    if *widget == Widget::Files {
        let list = files(value);
        return (!list.is_empty()).then_some(Shown::Files(list));
    }
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(Shown::Text(text.clone())),
        Value::Bool(flag) => Some(Shown::Text(
            if *flag { messages::YES } else { messages::NO }.to_owned(),
        )),
        Value::Number(number) => match (widget, number.as_f64()) {
            (Widget::DateTime, Some(ms)) => Some(Shown::Text(local_time(ms))),
            _ => Some(Shown::Text(number.to_string())),
        },
        Value::Array(items) => {
            let chips: Vec<String> = items.iter().filter_map(chip_text).collect();
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
    on_another: Callback<()>,
) -> impl IntoView {
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
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let mut rows = vec![
        (
            messages::CARD_STATUS.to_owned(),
            ticket.status.clone().map(Shown::Text),
        ),
        (
            messages::CARD_PRIORITY.to_owned(),
            ticket.priority.clone().map(Shown::Text),
        ),
        (
            messages::CARD_CREATED.to_owned(),
            ticket.created_time.map(|ms| Shown::Text(local_time(ms))),
        ),
    ];
    let already_shown = [
        FieldId::Standard(Standard::Status),
        FieldId::Standard(Standard::Priority),
    ];
    let configured = spec
        .fields
        .iter()
        .chain(spec.presets.iter().map(|(field, _)| field));
    for field in configured.filter(|field| !already_shown.contains(&field.id)) {
        let value = stored(&ticket.raw, field).and_then(|value| shown(&field.widget, value));
        rows.push((field.label.clone(), value));
    }
    view! {
        <section class="srf-ticket" part="ticket" aria-labelledby="srf-ticket-title">
            <h2 class="srf-title" id="srf-ticket-title">{messages::CREATED_TITLE}</h2>
            <p class="srf-ticket-number">{ticket.number.clone()}</p>
            <dl class="srf-ticket-fields">
                {rows
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|value| (label, value)))
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
                    .collect_view()}
            </dl>
            <p class="srf-server-error" role="alert">{move || failure.get()}</p>
            <button class="srf-button" type="button" on:click=move |_| on_another.run(())>
                {messages::SUBMIT_ANOTHER}
            </button>
        </section>
    }
}
