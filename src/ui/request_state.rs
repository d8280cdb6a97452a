//! The request form's state and what it does: the problems shown as the
//! person types, sending through the composer, what a success or a
//! failure means, and taking over from the first screen. `RequestForm`
//! only shows it.

use leptos::prelude::*;

use super::composer::Composer;
use super::delivery::CreateCall;
use super::handover::Handover;
use super::saved_draft::KeptDraft;
use super::sent_with::{context_lines, context_text};
use super::tasks::Tasks;
use super::uploads::pasted_screenshot;
use super::words::FormWords;
use crate::api::wire::ApiError;
use crate::browser::dom::{focus_in, new_reference, unique_prefix};
use crate::browser::storage::DraftStore;
use crate::first_screen::Adopted;
use crate::markup;
use crate::model::attachments::AttachmentSettings;
use crate::model::conditions::Tailored;
use crate::model::context::Label;
use crate::model::delivery::Outcome;
use crate::model::draft::{starting_values, Draft};
use crate::model::fields::{FieldId, FieldSpec, FieldValue, FormSpec, Standard};
use crate::model::request::CreatedRequest;
use crate::model::validate::{shown_errors, validate, FieldError, Problem};

const ATTACHMENTS: FieldId = FieldId::Standard(Standard::Attachments);

/// What `RequestForm` was given.
pub struct Setup {
    pub spec: FormSpec,
    pub draft: Option<RwSignal<Draft>>,
    /// `draft` goes on from another form: nothing saved is offered over it.
    pub continued: bool,
    pub requester: Option<String>,
    /// The host's and the link's starting values.
    pub prefill: Signal<Vec<(FieldId, FieldValue)>>,
    /// What the host has sent with each request, by label.
    pub context: Signal<Vec<(String, String)>>,
    pub attachments: AttachmentSettings,
    pub server: String,
    pub authorization: Signal<String>,
    pub timeout_ms: f64,
    pub draft_store: Option<DraftStore>,
    pub on_failed: Option<Callback<ApiError>>,
    pub on_created: Option<Callback<CreatedRequest>>,
}

#[derive(Clone, Copy)]
pub struct RequestState {
    pub spec: StoredValue<FormSpec>,
    pub draft: RwSignal<Draft>,
    /// The start of every element id (the first screen's, when taken over).
    pub prefix: StoredValue<String>,
    pub form_ref: NodeRef<leptos::html::Form>,
    pub tasks: Tasks,
    pub composer: Composer,
    pub kept: KeptDraft,
    /// The ticket, once created: the card replaces the form.
    pub created: RwSignal<Option<CreatedRequest>>,
    /// Each problem shown, in words, with its field.
    pub worded: Memo<Vec<(FieldId, String)>>,
    /// What the configuration's conditions make of the draft: which fields
    /// show, which are required, which options are offered.
    pub tailored: Memo<Tailored>,
    /// The choices just cleared because their option was withdrawn (said
    /// to screen readers).
    pub withdrawn: RwSignal<Vec<FieldId>>,
    pub server: StoredValue<String>,
    pub authorization: Signal<String>,
    pub timeout_ms: f64,
    /// Submit was pressed: every problem shows, not only touched fields'.
    attempted: RwSignal<bool>,
    /// A server message about one field, shown next to it until it changes.
    server_field_error: RwSignal<Option<FieldError>>,
    on_created: Option<Callback<CreatedRequest>>,
    prefill: Signal<Vec<(FieldId, FieldValue)>>,
    /// What is sent with the request, shown before Submit.
    pub context_lines: Memo<Vec<(Label, String)>>,
    context_text: Memo<Option<String>>,
    /// Sends once every upload has finished (see `Composer::when_ready`).
    send_when_ready: Callback<()>,
}

impl RequestState {
    pub fn new(setup: Setup) -> Self {
        let Setup {
            spec,
            draft,
            continued,
            requester,
            prefill,
            context,
            attachments,
            server,
            authorization,
            timeout_ms,
            draft_store,
            on_failed,
            on_created,
        } = setup;
        let draft = draft.unwrap_or_else(|| {
            let given = prefill.get_untracked();
            RwSignal::new(Draft::starting(&spec, requester.as_deref(), &given))
        });
        follow_prefill(&spec, requester.clone(), prefill, draft);
        let context_lines = context_lines(spec.context.clone(), context);
        let spec = StoredValue::new(spec);
        let composer = Composer::new(draft, attachments, server.clone(), authorization, on_failed);
        if continued {
            if let Some(FieldValue::Files(files)) =
                draft.with_untracked(|d| d.get(ATTACHMENTS).cloned())
            {
                composer.uploads.adopt(&files);
            }
        }
        let attempted = RwSignal::new(false);
        let server_field_error = RwSignal::new(None);
        let mut state = Self {
            spec,
            draft,
            prefix: StoredValue::new(String::new()),
            form_ref: NodeRef::new(),
            tasks: Tasks::new(),
            composer,
            kept: KeptDraft::new(
                draft_store,
                spec,
                draft,
                requester,
                composer.uploads,
                !continued,
            ),
            created: RwSignal::new(None),
            worded: worded_problems(spec, draft, attempted, server_field_error, composer),
            tailored: Memo::new(move |_| {
                spec.with_value(|spec| draft.with(|draft| draft.tailored(spec)))
            }),
            withdrawn: RwSignal::new(Vec::new()),
            server: StoredValue::new(server),
            authorization,
            timeout_ms,
            attempted,
            server_field_error,
            on_created,
            prefill,
            context_lines,
            context_text: context_text(context_lines),
            send_when_ready: Callback::new(|()| {}),
        };
        // `submit` and `focus` do not use `send_when_ready`, so the copies
        // these closures take before it is set are complete for them.
        let ready = composer.when_ready(
            authorization,
            move || state.submit(),
            move || state.focus(ATTACHMENTS),
        );
        state.send_when_ready = Callback::new(move |()| ready());
        // Taking over from the first screen: its ids, and what was done
        // there once the app replaces it.
        let prefix = Handover::take(move |adopted| state.take_over(adopted));
        state.prefix.set_value(prefix.unwrap_or_else(unique_prefix));
        state
    }

    /// Carries on with what was done on the first screen.
    fn take_over(self, adopted: Adopted) {
        self.draft.update(|draft| {
            for (id, value) in &adopted.values {
                draft.set(*id, value.clone());
            }
            self.spec.with_value(|spec| draft.settle(spec));
        });
        self.give_reference();
        let uploads = self.composer.uploads;
        uploads.offer(adopted.files, false);
        uploads.offer(
            adopted.pasted.into_iter().map(pasted_screenshot).collect(),
            true,
        );
        if adopted.submitted {
            // Submit was pressed on the first screen: press it now.
            self.after_render(move || {
                if let Some(form) = self.form_ref.get_untracked() {
                    let _ = form.request_submit();
                }
            });
        }
    }

    pub fn dom_id(self, field: &FieldSpec) -> String {
        self.prefix
            .with_value(|prefix| markup::field_id(prefix, field))
    }

    /// The draft's id is given with the first keystroke, so the saved draft
    /// carries it: a reloaded page or a second tab names the same request
    /// (on the wire too, when the deployment carries a client reference).
    fn give_reference(self) {
        if self.draft.with_untracked(|draft| draft.reference.is_none()) {
            self.draft
                .update(|draft| draft.reference = Some(new_reference()));
        }
    }

    /// The person changed a field.
    pub fn edit(self, id: FieldId, value: FieldValue) {
        let withdrawn = self.spec.with_value(|spec| {
            self.draft.try_update(|draft| {
                draft.set(id, value);
                draft.settle(spec)
            })
        });
        let withdrawn = withdrawn.unwrap_or_default();
        if !withdrawn.is_empty() || self.withdrawn.with_untracked(|list| !list.is_empty()) {
            self.withdrawn.set(withdrawn);
        }
        self.give_reference();
        if self
            .server_field_error
            .with_untracked(|error| error.as_ref().is_some_and(|e| e.field == id))
        {
            self.server_field_error.set(None);
        }
    }

    pub fn focus(self, field: FieldId) {
        let target = self
            .spec
            .with_value(|spec| spec.field(field).map(|field| self.dom_id(field)));
        if let Some(id) = target {
            focus_in(
                self.form_ref.get_untracked().map(Into::into),
                &format!("#{id}"),
            );
        }
    }

    /// Submit: the first problem gets focus, or the request is sent once
    /// every upload has finished.
    pub fn submit_pressed(self) {
        if !self.composer.idle() {
            return;
        }
        self.attempted.set(true);
        self.composer.note.set(None);
        self.server_field_error.set(None);
        let problems = self
            .spec
            .with_value(|spec| self.draft.with_untracked(|draft| validate(spec, draft)));
        match problems.first() {
            Some(first) => self.focus(first.field),
            None => self.send_when_ready.run(()),
        }
    }

    /// A file pasted anywhere in the form is attached (screenshots).
    pub fn pasted(self, ev: leptos::ev::ClipboardEvent) {
        let shows_attachments = self
            .spec
            .with_value(|spec| spec.field(ATTACHMENTS).is_some());
        if shows_attachments && !self.composer.sending.get_untracked() {
            self.composer.uploads.paste(&ev);
        }
    }

    /// "Submit another request": the form again, with focus on Subject.
    pub fn another(self) {
        self.created.set(None);
        self.after_render(move || self.focus(FieldId::Standard(Standard::Subject)));
    }

    /// Runs `then` once the view has been rendered again.
    fn after_render(self, then: impl FnOnce() + 'static) {
        self.tasks.spawn(async move {
            leptos::task::tick().await;
            then();
        });
    }

    fn submit(self) {
        self.give_reference();
        let (request, draft_id) = self.spec.with_value(|spec| {
            self.draft.with_untracked(|draft| {
                let context = self.context_text.get_untracked();
                (
                    draft.to_request(spec, context.as_deref()),
                    draft.reference.clone(),
                )
            })
        });
        let draft_id = draft_id.unwrap_or_default();
        let store = self.kept.store();
        let server = self.server.get_value();
        let job = CreateCall {
            lock_name: store.as_ref().map_or_else(
                || format!("srf.send:{server}"),
                |store| store.place().lock_name(),
            ),
            search: self
                .spec
                .with_value(|spec| spec.client_reference.search(&draft_id)),
            server,
            authorization: self.authorization,
            request,
            draft_id,
            store,
            timeout_ms: self.timeout_ms,
        }
        .into_job();
        self.composer
            .deliver(self.tasks, job, move |outcome| self.finish(outcome));
    }

    fn finish(self, outcome: Outcome<CreatedRequest>) {
        match outcome {
            Outcome::Created(ticket) => {
                self.composer.note.set(None);
                self.attempted.set(false);
                let prefill = self.prefill.get_untracked();
                self.spec.with_value(|spec| {
                    self.draft
                        .update(|draft| *draft = draft.next(spec, &prefill))
                });
                self.composer.uploads.clear();
                if let Some(store) = self.kept.store() {
                    store.clear();
                }
                if let Some(on_created) = self.on_created {
                    on_created.run(ticket.clone());
                }
                self.created.set(Some(ticket));
            }
            Outcome::Stopped => self.composer.stopped(),
            Outcome::Failed(error) => {
                // A server message about one field is said next to it.
                let on_field = error.server_message().and_then(|message| {
                    let field = self
                        .spec
                        .with_value(|spec| spec.field_for_message(message))?;
                    Some(FieldError {
                        field,
                        problem: Problem::Server(message.to_owned()),
                    })
                });
                let noted = on_field.is_none();
                if on_field.is_some() {
                    self.server_field_error.set(on_field);
                }
                self.composer.failed(error, noted);
            }
        }
    }
}

/// The problems to show now, each in words with its field's label in the
/// form's language.
/// A new prefill from the host while the form is open: the fields still at
/// their starting values take the new ones.
fn follow_prefill(
    spec: &FormSpec,
    requester: Option<String>,
    prefill: Signal<Vec<(FieldId, FieldValue)>>,
    draft: RwSignal<Draft>,
) {
    let spec = spec.clone();
    let starting = move |given: &[(FieldId, FieldValue)]| -> Vec<(FieldId, FieldValue)> {
        starting_values(&spec, requester.as_deref(), given).collect()
    };
    let before = StoredValue::new(prefill.with_untracked(|given| starting(given)));
    Effect::new(move |_| {
        let after = prefill.with(|given| starting(given));
        let old = before.get_value();
        if old != after {
            draft.update(|draft| draft.restart(&old, after.clone()));
            before.set_value(after);
        }
    });
}

fn worded_problems(
    spec: StoredValue<FormSpec>,
    draft: RwSignal<Draft>,
    attempted: RwSignal<bool>,
    server_field_error: RwSignal<Option<FieldError>>,
    composer: Composer,
) -> Memo<Vec<(FieldId, String)>> {
    let words = FormWords::get();
    let errors = Memo::new(move |_| {
        let failed = composer
            .uploads
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
    Memo::new(move |_| {
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
                        .collect()
                })
            })
        })
    })
}
