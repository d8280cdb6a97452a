//! The form's container: holds the draft and the form's state, and drives
//! the engine's machines (`model::uploads` through `Uploads`,
//! `model::delivery` through `deliver`); the controls, the summary, the
//! delivery status and the ticket card only show that state.

use leptos::prelude::*;
use serde_json::Value;

use super::attachments::AttachmentsField;
use super::composer::{Composer, Note, SendButton};
use super::delivery::{deliver, CreateCall};
use super::desk::Desk;
use super::fields::FieldControl;
use super::handover::Handover;
use super::saved_draft::{KeptDraft, RestoreOffer};
use super::status::{DeliveryStatus, ErrorSummary};
use super::tasks::Tasks;
use super::ticket_card::TicketCard;
use super::uploads::{files_of, pasted_screenshot};
use super::words::{t, FormWords};
use crate::api::wire::ApiError;
use crate::browser::dom::{focus_in, new_reference, unique_prefix};
use crate::browser::storage::DraftStore;
use crate::model::attachments::AttachmentSettings;
use crate::model::config::FormConfig;
use crate::model::delivery::{Outcome, Stage};
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldSpec, FieldValue, FormSpec, Standard, Widget};
use crate::model::request::CreatedRequest;
use crate::model::ticket_url::TicketUrl;
use crate::model::validate::{shown_errors, validate, FieldError, Problem};

const ATTACHMENTS: FieldId = FieldId::Standard(Standard::Attachments);

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
    #[prop(optional)]
    draft: Option<RwSignal<Draft>>,
    /// The signed-in user's email: the requester unless they type another.
    #[prop(optional_no_strip)]
    requester: Option<String>,
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
    let spec = StoredValue::new(spec.unwrap_or_else(|| FormConfig::default().spec));
    let timeout_ms = request_timeout_ms.unwrap_or(30_000.0);
    let ticket_url = StoredValue::new(ticket_url);
    let requester = StoredValue::new(requester);
    let draft = draft.unwrap_or_else(|| {
        RwSignal::new(spec.with_value(|spec| {
            requester.with_value(|email| Draft::for_requester(spec, email.as_deref()))
        }))
    });
    // Taking over from the first screen: its ids, and what was done there.
    let handed = Handover::take();
    let prefix = StoredValue::new(
        handed
            .as_ref()
            .map_or_else(unique_prefix, |(prefix, _)| prefix.clone()),
    );
    let handed = handed.map(|(_, adopted)| adopted);
    if let Some(adopted) = &handed {
        draft.update(|draft| {
            for (id, value) in &adopted.values {
                draft.set(*id, value.clone());
            }
        });
    }
    let dom_id = move |field: &FieldSpec| {
        prefix.with_value(|prefix| format!("{prefix}-{}", field.dom_name()))
    };
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let tasks = Tasks::new();

    let attempted = RwSignal::new(false);
    // A server message about one field, shown next to it until it changes.
    let server_field_error = RwSignal::new(None::<FieldError>);
    let words = FormWords::get();
    let created = RwSignal::new(None::<CreatedRequest>);
    let composer = Composer::new(
        draft,
        attachments.unwrap_or_default(),
        server.clone(),
        authorization,
        on_failed,
    );
    let Composer {
        uploads,
        progress,
        sending,
        note: server_error,
        ..
    } = composer;
    let server = StoredValue::new(server);

    let errors = Memo::new(move |_| {
        let failed = uploads
            .queue
            .with(|queue| queue.first_failed().map(|entry| entry.name.clone()));
        spec.with_value(|spec| {
            draft.with(|draft| {
                server_field_error.with(|server| {
                    shown_errors(
                        spec,
                        draft,
                        attempted.get(),
                        server.as_ref(),
                        failed.as_deref(),
                    )
                })
            })
        })
    });
    // Each problem in words, with its field's label in the form's language.
    let worded = Memo::new(move |_| {
        errors.with(|list| {
            words.with(|w| {
                spec.with_value(|spec| {
                    list.iter()
                        .map(|error| {
                            let label = spec
                                .field(error.field)
                                .map(|field| w.label(&field.label))
                                .unwrap_or_default();
                            (error.field, w.problem(&label, &error.problem))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let kept = KeptDraft::new(draft_store, spec, draft, requester.get_value(), uploads);

    // The draft's id is given with the first keystroke, so the saved draft
    // carries it: a reloaded page or a second tab names the same request
    // (on the wire too, when the deployment carries a client reference).
    let give_reference = move || {
        if draft.with_untracked(|draft| draft.reference.is_none()) {
            draft.update(|draft| draft.reference = Some(new_reference()));
        }
    };
    let finish = move |outcome: Outcome| match outcome {
        Outcome::Created(ticket) => {
            server_error.set(None);
            attempted.set(false);
            spec.with_value(|spec| draft.update(|draft| *draft = draft.next(spec)));
            uploads.clear();
            if let Some(store) = kept.store() {
                store.clear();
            }
            if let Some(on_created) = on_created {
                on_created.run(ticket.clone());
            }
            created.set(Some(ticket));
        }
        Outcome::Stopped => composer.stopped(),
        Outcome::Failed(error) => {
            // A server message about one field is said next to it.
            let field = error
                .server_message()
                .and_then(|message| spec.with_value(|spec| spec.field_for_message(message)));
            let on_field = field
                .zip(error.server_message())
                .map(|(field, message)| FieldError {
                    field,
                    problem: Problem::Server(message.to_owned()),
                });
            let noted = on_field.is_none();
            if on_field.is_some() {
                server_field_error.set(on_field);
            }
            composer.failed(error, noted);
        }
    };
    let submit = move || {
        give_reference();
        let (request, draft_id) = spec.with_value(|spec| {
            draft.with_untracked(|draft| (draft.to_request(spec), draft.reference.clone()))
        });
        let draft_id = draft_id.unwrap_or_default();
        let store = kept.store();
        let server = server.get_value();
        let job = CreateCall {
            lock_name: store.as_ref().map_or_else(
                || format!("srf.send:{server}"),
                |store| store.place().lock_name(),
            ),
            search: spec.with_value(|spec| spec.client_reference.search(&draft_id)),
            server,
            authorization,
            request,
            draft_id,
            store,
            timeout_ms,
        }
        .into_job();
        // Busy from this moment: a second click finds the form sending.
        progress.stage.set(Stage::Sending);
        tasks.spawn(async move { finish(deliver(job, progress).await) });
    };

    let focus = move |field: FieldId| {
        let target = spec.with_value(|spec| spec.field(field).map(dom_id));
        if let Some(id) = target {
            focus_in(form_ref.get_untracked().map(Into::into), &format!("#{id}"));
        }
    };
    // Sends once every upload has finished; a failed one blocks sending.
    let send_when_ready = composer.when_ready(authorization, submit, move || focus(ATTACHMENTS));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !composer.idle() {
            return;
        }
        attempted.set(true);
        server_error.set(None);
        server_field_error.set(None);
        let problems = spec.with_value(|spec| draft.with_untracked(|draft| validate(spec, draft)));
        match problems.first() {
            Some(first) => focus(first.field),
            None => send_when_ready(),
        }
    };
    // A file pasted anywhere in the form is attached (screenshots).
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let shows_attachments = spec.with_value(|spec| spec.field(ATTACHMENTS).is_some());
        let files = files_of(ev.clipboard_data().and_then(|data| data.files()));
        if shows_attachments && !files.is_empty() && !sending.get_untracked() {
            ev.prevent_default();
            uploads.add(files.into_iter().map(pasted_screenshot).collect());
        }
    };
    let submit_another = Callback::new(move |()| {
        created.set(None);
        // The form is rendered again on the next tick; focus it then.
        tasks.spawn(async move {
            leptos::task::tick().await;
            focus(FieldId::Standard(Standard::Subject));
        });
    });

    if let Some(adopted) = handed {
        give_reference();
        uploads.add(adopted.files);
        if adopted.submitted {
            // Submit was pressed on the first screen: press it now.
            tasks.spawn(async move {
                leptos::task::tick().await;
                if let Some(form) = form_ref.get_untracked() {
                    let _ = form.request_submit();
                }
            });
        }
    }

    let controls = move || {
        spec.get_value()
            .fields
            .into_iter()
            .map(|field| {
                let id = field.id;
                let value = Signal::derive(move || {
                    draft
                        .with(|draft| draft.get(id).cloned())
                        .unwrap_or(FieldValue::Text(String::new()))
                });
                let on_change = Callback::new(move |value: FieldValue| {
                    draft.update(|draft| draft.set(id, value));
                    give_reference();
                    if server_field_error
                        .with_untracked(|error| error.as_ref().is_some_and(|e| e.field == id))
                    {
                        server_field_error.set(None);
                    }
                });
                let error = Signal::derive(move || {
                    worded.with(|list| {
                        list.iter()
                            .find(|(field, _)| *field == id)
                            .map(|(_, message)| message.clone())
                    })
                });
                if field.widget == Widget::Files {
                    return view! { <AttachmentsField id=dom_id(&field) spec=field uploads error /> }.into_any();
                }
                view! { <FieldControl id=dom_id(&field) spec=field value on_change error /> }.into_any()
            })
            .collect_view()
    };

    view! {
        <div class="srf-form-root">
            <Show
                when=move || created.with(Option::is_none)
                fallback=move || {
                    created.get().map(|ticket| {
                        let desk = Desk {
                            server: server.get_value(),
                            authorization,
                            attachments: uploads.settings(),
                            ticket_url: ticket_url.get_value(),
                            store: kept.store(),
                            timeout_ms,
                            on_comment_added,
                            on_failed,
                        };
                        let id_prefix = prefix.get_value();
                        view! { <TicketCard ticket spec=spec.get_value() desk id_prefix fresh=true on_another=submit_another /> }
                    })
                }
            >
                <form class="srf-form" part="form" novalidate=true node_ref=form_ref on:submit=on_submit on:paste=on_paste>
                    <h2 class="srf-title">{t("title")}</h2>
                    <RestoreOffer kept />
                    <ErrorSummary errors=worded.into() on_pick=Callback::new(focus) />
                    // Read-only while sending: what is sent is what is shown,
                    // and nothing typed meanwhile can be lost on success.
                    <fieldset class="srf-fields" disabled=sending aria-busy=move || sending.get().then_some("true")>
                        {controls()}
                    </fieldset>
                    <p class="srf-server-error" role="alert">
                        {move || server_error.with(|note| note.as_ref().map(|note| words.with(|w| match note {
                            Note::Stopped => w.text("delivery.stopped"),
                            Note::Failed(error) => w.api_error(error),
                        })))}
                    </p>
                    <DeliveryStatus progress />
                    <div class="srf-actions">
                        <SendButton composer keys=["submit", "sending", "waitingForUploads"] submit=true />
                    </div>
                </form>
            </Show>
        </div>
    }
}
