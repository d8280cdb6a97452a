//! A ticket, as the requester needs to see it: its number first (to copy,
//! and a link into the service desk when one is configured), then every
//! configured field the server stored, as text (never HTML), in the form's
//! language, then its comments and a way to add one. When it appears,
//! focus moves to its heading; a just-created ticket's number is announced.

use leptos::prelude::*;
use serde_json::Value;

use super::desk::{Desk, FileLinks};
use super::follow_up::FollowUp;
use super::tasks::Tasks;
use super::words::{t, FormWords};
use super::APP_STYLESHEET;
use crate::browser::dom::copy_text;
use crate::browser::words::bundle_file;
use crate::i18n::Words;
use crate::model::fields::{FieldId, FieldSpec, FormSpec, Standard, Widget};
use crate::model::request::{attachments_in, Attachment, CreatedRequest};

/// How one stored value is shown.
enum Shown {
    Text(String),
    Chips(Vec<String>),
    /// Attachments, each a download button.
    Files(Vec<Attachment>),
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
        let list = attachments_in(Some(value));
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

#[component]
pub fn TicketCard(
    ticket: CreatedRequest,
    spec: FormSpec,
    desk: Desk,
    /// Makes the card's ids unique on the page (the form's id prefix).
    id_prefix: String,
    /// Just created (its heading says so, and its number is announced);
    /// else a ticket opened again (its subject is the heading).
    fresh: bool,
    /// "Submit another request", on a just-created ticket.
    #[prop(optional)]
    on_another: Option<Callback<()>>,
) -> impl IntoView {
    let words = FormWords::get();
    let tasks = Tasks::new();
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
    let announcement = {
        let number = number.clone();
        move || words.with(|w| w.fill("card.created", &[("number", &number)]))
    };
    let copied = RwSignal::new(None::<String>);
    let copy = {
        let number = number.clone();
        move |_| {
            let number = number.clone();
            copied.set(None);
            tasks.spawn(async move {
                if copy_text(&number).await {
                    // Said again on every copy: the polite status changes.
                    copied.set(Some(number));
                }
            });
        }
    };
    let link = desk
        .ticket_url
        .as_ref()
        .and_then(|url| url.for_ticket(ticket.id, &ticket.number));
    let title = if fresh || ticket.subject.is_empty() {
        None
    } else {
        Some(ticket.subject.clone())
    };
    let follow_up = ticket.id.map(|ticket_id| {
        view! { <FollowUp ticket_id desk=desk.clone() id_prefix=id_prefix.clone() load_earlier=!fresh /> }
    });
    let ticket = StoredValue::new(ticket);
    let spec = StoredValue::new(spec);
    let desk = StoredValue::new(desk);
    let fields = move || {
        let rows = words
            .with(|w| ticket.with_value(|ticket| spec.with_value(|spec| rows(ticket, spec, w))));
        rows.into_iter()
            .map(|(label, value)| {
                let value = match value {
                    Shown::Text(text) => view! { <span>{text}</span> }.into_any(),
                    Shown::Files(files) => view! { <FileLinks files desk=desk.get_value() /> }.into_any(),
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
        // Its styles are the app's (here too for a Leptos app that mounts
        // the form itself; the app links them as it starts).
        <link rel="stylesheet" href=bundle_file(APP_STYLESHEET) />
        <section class="srf-ticket" part="ticket" aria-labelledby=title_id.clone()>
            <h2 class="srf-title" id=title_id.clone() tabindex="-1" aria-describedby=number_id.clone() node_ref=heading>
                {match title {
                    Some(subject) => subject.into_any(),
                    None => t("card.title").into_any(),
                }}
            </h2>
            <p class="srf-ticket-number" id=number_id>{number}</p>
            <div class="srf-ticket-actions">
                <button type="button" class="srf-link-button" on:click=copy>{t("card.copy")}</button>
                {link.map(|href| view! {
                    <a class="srf-link" href=href target="_blank" rel="noopener noreferrer">
                        {t("card.open")}
                        <span class="srf-visually-hidden">" "{t("card.newTab")}</span>
                    </a>
                })}
                <span class="srf-copied" role="status">
                    {move || copied.get().map(|number| words.with(|w| w.fill("card.copied", &[("number", &number)])))}
                </span>
            </div>
            {fresh.then(|| view! { <p class="srf-visually-hidden" role="status">{announcement.clone()}</p> })}
            <dl class="srf-ticket-fields">{fields}</dl>
            {follow_up}
            {on_another.map(|on_another| view! {
                <button class="srf-button srf-button--secondary" type="button" on:click=move |_| on_another.run(())>
                    {t("submitAnother")}
                </button>
            })}
        </section>
    }
}
