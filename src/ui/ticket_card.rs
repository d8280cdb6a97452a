//! The created ticket, as the requester needs to see it: its number first.

use leptos::prelude::*;

use super::browser::local_time;
use crate::messages;
use crate::model::request::CreatedRequest;

#[component]
pub fn TicketCard(ticket: CreatedRequest, on_another: Callback<()>) -> impl IntoView {
    let rows = [
        (
            messages::CARD_SUBJECT,
            Some(ticket.subject.clone()).filter(|s| !s.is_empty()),
        ),
        (messages::CARD_STATUS, ticket.status.clone()),
        (messages::CARD_PRIORITY, ticket.priority.clone()),
        (messages::CARD_CREATED, ticket.created_time.map(local_time)),
    ];
    view! {
        <section class="srf-ticket" aria-labelledby="srf-ticket-title">
            <h2 class="srf-title" id="srf-ticket-title">{messages::CREATED_TITLE}</h2>
            <p class="srf-ticket-number">{ticket.number.clone()}</p>
            <dl class="srf-ticket-fields">
                {rows
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|value| (label, value)))
                    .map(|(label, value)| {
                        view! {
                            <div class="srf-ticket-row">
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <button class="srf-button" type="button" on:click=move |_| on_another.run(())>
                {messages::SUBMIT_ANOTHER}
            </button>
        </section>
    }
}
