//! What the form says about itself: the summary of problems after a failed
//! submit, and where a request on its way stands.

use leptos::prelude::*;

use super::delivery::{Choice, Progress};
use super::words::{t, FormWords};
use crate::model::delivery::Stage;
use crate::model::fields::FieldId;

/// Where a request (or a comment) in flight stands, with a way to stop
/// waiting. The retry countdown ticks each second on screen, but its live
/// region speaks at most every 5 seconds: a screen reader is not
/// interrupted each second.
#[component]
pub fn DeliveryStatus(
    progress: Progress,
    /// Words it as a comment being added rather than a request sent.
    #[prop(optional)]
    comment: bool,
) -> impl IntoView {
    let words = FormWords::get();
    let (other_tab, offline) = if comment {
        ("followUp.otherTab", "followUp.offline")
    } else {
        ("delivery.otherTab", "delivery.offline")
    };
    let seconds_left = move || match progress.stage.get() {
        Stage::Retrying { until_ms } => {
            Some(((until_ms - progress.now.get()) / 1000.0).ceil().max(1.0))
        }
        _ => None,
    };
    // The countdown in 5-second steps, from the wait's first second.
    let first = StoredValue::new((0.0, 0.0));
    let announced = Memo::new(move |_| {
        let Stage::Retrying { until_ms } = progress.stage.get() else {
            return None;
        };
        let left = seconds_left()?;
        if first.get_value().0 != until_ms {
            first.set_value((until_ms, left));
        }
        Some(((left / 5.0).ceil() * 5.0).min(first.get_value().1))
    });
    let said = move |seconds: Option<f64>| {
        words.with(|w| match progress.stage.get() {
            Stage::Idle | Stage::Sending => None,
            Stage::OtherTab => Some(w.text(other_tab)),
            Stage::Checking => Some(w.text("delivery.checking")),
            Stage::Offline => Some(w.text(offline)),
            Stage::CannotCheck => Some(w.text("delivery.cannotCheck")),
            Stage::Retrying { .. } => {
                Some(w.plural("delivery.retryingIn", seconds.unwrap_or(1.0), &[]))
            }
        })
    };
    let shown = move || said(seconds_left());
    let spoken = move || said(announced.get());
    let can_stop = move || progress.stage.with(Stage::can_stop);
    let asks = move || progress.stage.with(|stage| *stage == Stage::CannotCheck);
    view! {
        <div class="srf-delivery" hidden=move || shown().is_none()>
            <span class="srf-delivery-text" aria-hidden="true">{shown}</span>
            <span class="srf-visually-hidden" role="status">{spoken}</span>
            <button type="button" class="srf-link-button" hidden=move || !asks()
                on:click=move |_| progress.choose(Choice::SendAnyway)>
                {t("delivery.sendAnyway")}
            </button>
            <button type="button" class="srf-link-button" hidden=move || !can_stop()
                on:click=move |_| progress.choose(Choice::Stop)>
                {t("delivery.stop")}
            </button>
        </div>
    }
}

/// The list of problems after a failed submit; each links to its field.
#[component]
pub fn ErrorSummary(
    /// Each problem, worded, with its field.
    errors: Signal<Vec<(FieldId, String)>>,
    on_pick: Callback<FieldId>,
) -> impl IntoView {
    view! {
        <div class="srf-summary" part="summary" role="alert" hidden=move || errors.with(Vec::is_empty)>
            <p class="srf-summary-title">{t("errorSummary")}</p>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(field, message)| {
                            view! {
                                <li>
                                    <a
                                        href="#"
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            on_pick.run(field);
                                        }
                                    >
                                        {message}
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
