//! What the form says about itself: the summary of problems after a failed
//! submit, and where a request on its way stands.

use leptos::prelude::*;

use super::delivery::{Choice, Progress};
use crate::messages;
use crate::model::delivery::Stage;
use crate::model::fields::FieldId;
use crate::model::validate::FieldError;

/// Where a request in flight stands, with a way to stop waiting.
#[component]
pub fn DeliveryStatus(progress: Progress) -> impl IntoView {
    let text = move || match progress.stage.get() {
        Stage::Idle | Stage::Sending => None,
        Stage::OtherTab => Some(messages::SENDING_IN_OTHER_TAB.to_owned()),
        Stage::Checking => Some(messages::CHECKING.to_owned()),
        Stage::Offline => Some(messages::OFFLINE_QUEUED.to_owned()),
        Stage::CannotCheck => Some(messages::CANNOT_CHECK.to_owned()),
        Stage::Retrying { until_ms } => {
            let seconds = ((until_ms - progress.now.get()) / 1000.0).ceil().max(1.0);
            Some(messages::retrying_in(seconds as u64))
        }
    };
    let can_stop = move || progress.stage.with(Stage::can_stop);
    let asks = move || progress.stage.with(|stage| *stage == Stage::CannotCheck);
    view! {
        <div class="srf-delivery" role="status" hidden=move || text().is_none()>
            <span>{text}</span>
            <button type="button" class="srf-link-button" hidden=move || !asks()
                on:click=move |_| progress.choose(Choice::SendAnyway)>
                {messages::SEND_ANYWAY}
            </button>
            <button type="button" class="srf-link-button" hidden=move || !can_stop()
                on:click=move |_| progress.choose(Choice::Stop)>
                {messages::CANCEL_SENDING}
            </button>
        </div>
    }
}

/// The list of problems after a failed submit; each links to its field.
#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>, on_pick: Callback<FieldId>) -> impl IntoView {
    view! {
        <div class="srf-summary" part="summary" role="alert" hidden=move || errors.with(Vec::is_empty)>
            <p class="srf-summary-title">{messages::ERROR_SUMMARY}</p>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|error| {
                            let field = error.field;
                            view! {
                                <li>
                                    <a
                                        href="#"
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            on_pick.run(field);
                                        }
                                    >
                                        {error.message}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
