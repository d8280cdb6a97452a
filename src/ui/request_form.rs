//! The form's container: holds the draft and the form's state, and drives
//! the engine's machines (`model::uploads` through `Uploads`,
//! `model::delivery` through `deliver`); the controls, the summary, the
//! delivery status and the ticket card only show that state.

use leptos::prelude::*;
use serde_json::Value;

use super::attachments::AttachmentsField;
use super::composer::ComposerFooter;
use super::desk::Desk;
use super::fields::FieldControl;
use super::pacing::Later;
use super::request_state::{RequestState, Setup};
use super::saved_draft::RestoreOffer;
use super::sent_with::SentWithRequest;
use super::status::ErrorSummary;
use super::ticket_card::TicketCard;
use super::words::{t, FormWords};
use crate::api::wire::ApiError;
use crate::browser::storage::DraftStore;
use crate::model::attachments::AttachmentSettings;
use crate::model::config::FormConfig;
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, FormSpec, Widget};
use crate::model::request::CreatedRequest;
use crate::model::ticket_url::TicketUrl;

/// The support-request form.
///
/// It renders the fields `spec` configures, validates in the browser, sends
/// the request to `{server}/api/v1/request` with the given `Authorization`
/// header value, and shows the created ticket. Nothing typed is lost on an
/// error: the draft stays, and a caller that passes its own `draft` signal
/// keeps it even if the form is unmounted. Unmounting at any moment is
/// safe: uploads are aborted, timers cleared, and a create call already on
/// the wire finishes and still updates the saved draft.
#[component]
pub fn RequestForm(
    /// Base URL of the ServiceOps server, without a trailing slash.
    #[prop(into)]
    server: String,
    /// The whole `Authorization` header value: `Bearer <token>` or
    /// `Apikey <key>`.
    #[prop(into)]
    authorization: Signal<String>,
    /// The fields to show and the presets to send; defaults to the
    /// requester preset (`FormConfig::default().spec`).
    #[prop(optional)]
    spec: Option<FormSpec>,
    /// Upload path and limits for attachments; defaults to `/api/oprfile`,
    /// 10 files, 25 MB each, 100 MB in all.
    #[prop(optional)]
    attachments: Option<AttachmentSettings>,
    /// Give up on an unanswered create call after this many milliseconds
    /// (default 30 000).
    #[prop(optional)]
    request_timeout_ms: Option<f64>,
    /// Where to keep the draft between visits; none: not kept.
    #[prop(optional)]
    draft_store: Option<DraftStore>,
    /// The draft to edit; defaults to a fresh one.
    #[prop(optional_no_strip)]
    draft: Option<RwSignal<Draft>>,
    /// `draft` goes on from another form (the person changed service):
    /// no saved draft is offered over it, and its finished uploads are
    /// listed.
    #[prop(optional)]
    continued: bool,
    /// The signed-in user's email: the requester unless they type another.
    #[prop(optional_no_strip)]
    requester: Option<String>,
    /// Starting values (the host's and a link's); a new one fills the
    /// fields not yet changed.
    #[prop(optional, into)]
    prefill: Signal<Vec<(FieldId, FieldValue)>>,
    /// What the host has sent with each request, by label (with the
    /// page's facts `spec.context` names), shown before Submit.
    #[prop(optional, into)]
    context: Signal<Vec<(String, String)>>,
    /// Called when sending fails, with why. On a 401 (also from an upload)
    /// the form keeps everything and resumes by itself once `authorization`
    /// changes.
    #[prop(optional, into)]
    on_failed: Option<Callback<ApiError>>,
    /// Called with the ticket once the server has created it.
    #[prop(optional, into)]
    on_created: Option<Callback<CreatedRequest>>,
    /// Where a ticket opens in the service desk's web app (the card links
    /// to it); none: no link.
    #[prop(optional_no_strip)]
    ticket_url: Option<TicketUrl>,
    /// Called when a comment was added to the ticket, with the server's
    /// answer and `requestId`.
    #[prop(optional_no_strip)]
    on_comment_added: Option<Callback<Value>>,
) -> impl IntoView {
    let state = RequestState::new(Setup {
        spec: spec.unwrap_or_else(|| FormConfig::default().spec),
        draft,
        continued,
        requester,
        prefill,
        context,
        attachments: attachments.unwrap_or_default(),
        server,
        authorization,
        timeout_ms: request_timeout_ms.unwrap_or(30_000.0),
        draft_store,
        on_failed,
        on_created,
    });
    let RequestState {
        composer,
        kept,
        created,
        worded,
        ..
    } = state;
    let sending = composer.sending;
    let ticket_url = StoredValue::new(ticket_url);
    let ticket_card = move || {
        created.get().map(|ticket| {
            let desk = Desk {
                server: state.server.get_value(),
                authorization: state.authorization,
                attachments: composer.uploads.settings(),
                ticket_url: ticket_url.get_value(),
                store: kept.store(),
                timeout_ms: state.timeout_ms,
                on_comment_added,
                on_failed,
            };
            view! {
                <TicketCard ticket spec=state.spec.get_value() desk id_prefix=state.prefix.get_value()
                    fresh=true on_another=Callback::new(move |()| state.another()) />
            }
        })
    };
    view! {
        <div class="srf-form-root">
            <Show when=move || created.with(Option::is_none) fallback=ticket_card>
                <form class="srf-form" part="form" novalidate=true node_ref=state.form_ref
                    on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); state.submit_pressed() }
                    on:paste=move |ev| state.pasted(ev)>
                    <h2 class="srf-title">{t("title")}</h2>
                    <Later>
                        <RestoreOffer kept />
                        <ErrorSummary errors=worded.into() on_pick=Callback::new(move |field| state.focus(field)) />
                        <WithdrawnChoices state />
                    </Later>
                    // Read-only while sending: what is sent is what is shown,
                    // and nothing typed meanwhile can be lost on success.
                    <fieldset class="srf-fields" disabled=sending aria-busy=move || sending.get().then_some("true")>
                        <RequestFields state />
                    </fieldset>
                    <Later>
                        <SentWithRequest lines=state.context_lines />
                        <ComposerFooter composer />
                    </Later>
                </form>
            </Show>
        </div>
    }
}

/// A control for each configured field, in config order.
#[component]
fn RequestFields(state: RequestState) -> impl IntoView {
    let RequestState {
        draft,
        worded,
        composer,
        ..
    } = state;
    state
        .spec
        .get_value()
        .fields
        .into_iter()
        .map(|field| {
            let id = field.id;
            // Its own memo: a keystroke in one field re-runs that field
            // only, not every field's controls.
            let value = Signal::from(Memo::new(move |_| {
                draft
                    .with(|draft| draft.get(id).cloned())
                    .unwrap_or(FieldValue::Text(String::new()))
            }));
            let on_change = Callback::new(move |value: FieldValue| state.edit(id, value));
            let error = Signal::derive(move || {
                worded.with(|list| {
                    list.iter()
                        .find(|(field, _)| *field == id)
                        .map(|(_, message)| message.clone())
                })
            });
            let dom_id = state.dom_id(&field);
            let tailored = state.tailored;
            let uploads = composer.uploads;
            let control = move || {
                let (id, spec) = (dom_id.clone(), field.clone());
                if spec.widget == Widget::Files {
                    return view! { <AttachmentsField id spec uploads error tailored /> }
                        .into_any();
                }
                view! { <FieldControl id spec value on_change error tailored /> }.into_any()
            };
            view! { <Later>{control()}</Later> }
        })
        .collect_view()
}

/// Says politely, to screen readers, which choices were cleared because
/// their option is no longer offered (another field changed).
#[component]
fn WithdrawnChoices(state: RequestState) -> impl IntoView {
    let words = FormWords::get();
    let said = move || {
        let names: Vec<String> = state.withdrawn.with(|cleared| {
            state.spec.with_value(|spec| {
                let fields = cleared.iter().filter_map(|id| spec.field(*id));
                fields
                    .map(|field| words.with(|w| w.label(&field.label)))
                    .collect()
            })
        });
        (!names.is_empty())
            .then(|| words.with(|w| w.fill("conditions.cleared", &[("fields", &names.join(", "))])))
    };
    view! { <p class="srf-visually-hidden srf-withdrawn" role="status" aria-live="polite">{said}</p> }
}
