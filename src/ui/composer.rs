//! One composer for the request form and the comment form: the draft's
//! uploads (paused by a 401 like the send), the delivery's progress, the
//! wait for uploads before sending, the pause until new credentials, the
//! note above the button, and the button's words. Each form keeps only
//! what is its own (validation, what it sends, what a success means).

use leptos::prelude::*;

use super::delivery::{deliver, Job, Progress};
use super::status::DeliveryStatus;
use super::tasks::Tasks;
use super::uploads::{UploadContext, Uploads};
use super::words::FormWords;
use crate::api::wire::ApiError;
use crate::i18n::Words;
use crate::model::attachments::AttachmentSettings;
use crate::model::delivery::{Outcome, Stage};
use crate::model::draft::Draft;

/// What the last send came to, when the form says it above the button.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    Stopped,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct Composer {
    pub uploads: Uploads,
    pub progress: Progress,
    /// A send is under way (from the press to its outcome).
    pub sending: Signal<bool>,
    /// Send was pressed while files were still uploading.
    pub waiting_for_uploads: RwSignal<bool>,
    pub note: RwSignal<Option<Note>>,
    /// A 401 interrupted the send: send again once credentials change.
    resume_after_sign_in: RwSignal<bool>,
    settled: StoredValue<Option<Callback<()>>>,
    on_failed: Option<Callback<ApiError>>,
}

impl Composer {
    pub fn new(
        draft: RwSignal<Draft>,
        settings: AttachmentSettings,
        server: String,
        authorization: Signal<String>,
        on_failed: Option<Callback<ApiError>>,
    ) -> Self {
        let settled = StoredValue::new(None::<Callback<()>>);
        let uploads = Uploads::new(UploadContext {
            settings,
            server,
            authorization,
            draft,
            on_settled: Callback::new(move |()| {
                if let Some(callback) = settled.get_value() {
                    callback.run(());
                }
            }),
            on_unauthorized: Callback::new(move |()| {
                if let Some(callback) = on_failed {
                    callback.run(ApiError::Unauthorized(None));
                }
            }),
        });
        let progress = Progress::new();
        Self {
            uploads,
            progress,
            sending: Signal::derive(move || progress.stage.with(|stage| *stage != Stage::Idle)),
            waiting_for_uploads: RwSignal::new(false),
            note: RwSignal::new(None),
            resume_after_sign_in: RwSignal::new(false),
            settled,
            on_failed,
        }
    }

    /// Sends with `send` once every upload has finished: at once if none
    /// is busy, else when the last one settles, and again when new
    /// credentials come after a 401. `blocked` runs instead when a failed
    /// upload stands in the way. Returns the function that asks for it.
    pub fn when_ready(
        self,
        authorization: Signal<String>,
        send: impl Fn() + Copy + Send + Sync + 'static,
        blocked: impl Fn() + Copy + Send + Sync + 'static,
    ) -> impl Fn() + Copy + Send + Sync + 'static {
        let send_when_ready = move || {
            let (busy, failed) = self.uploads.readiness();
            self.waiting_for_uploads.set(busy && !failed);
            if failed {
                blocked();
            } else if !busy && !self.sending.get_untracked() {
                send();
            }
        };
        self.settled.set_value(Some(Callback::new(move |()| {
            if self.waiting_for_uploads.get_untracked() {
                send_when_ready();
            }
        })));
        self.uploads.resume_on_new_credentials(
            authorization,
            self.resume_after_sign_in,
            move || {
                self.note.set(None);
                send_when_ready();
            },
        );
        send_when_ready
    }

    /// Delivers `job` as a task of `tasks` (ended with the form), busy from
    /// this moment so a second press finds it sending; `finish` gets what
    /// it came to.
    pub fn deliver<T: 'static>(
        self,
        tasks: Tasks,
        job: Job<T>,
        finish: impl FnOnce(Outcome<T>) + 'static,
    ) {
        self.progress.stage.set(Stage::Sending);
        tasks.spawn(async move { finish(deliver(job, self.progress).await) });
    }

    /// Neither sending nor waiting for uploads: a press may start a send.
    pub fn idle(self) -> bool {
        !self.sending.get_untracked() && !self.waiting_for_uploads.get_untracked()
    }

    /// The person stopped the send.
    pub fn stopped(self) {
        self.note.set(Some(Note::Stopped));
    }

    /// The send failed: the host hears it, a 401 waits for new
    /// credentials, and (if `noted`) the form says it above the button.
    pub fn failed(self, error: ApiError, noted: bool) {
        if matches!(error, ApiError::Unauthorized(_)) {
            self.resume_after_sign_in.set(true);
        }
        if let Some(callback) = self.on_failed {
            callback.run(error.clone());
        }
        if noted {
            self.note.set(Some(Note::Failed(error)));
        }
    }
}

/// What a composer shows under its fields: what became of the last send,
/// where a send under way stands, and the send button. The request form's
/// button submits its form; a comment's (`comment`) calls `on_press`.
#[component]
pub fn ComposerFooter(
    composer: Composer,
    #[prop(optional)] comment: bool,
    #[prop(optional, into)] on_press: Option<Callback<()>>,
) -> impl IntoView {
    let words = FormWords::get();
    let Composer { note, progress, .. } = composer;
    view! {
        <p class="srf-server-error" role="alert">
            {move || note.with(|note| note.as_ref().map(|note| words.with(|w| worded(w, note, comment))))}
        </p>
        <DeliveryStatus progress comment />
        <div class="srf-actions">
            <SendButton composer comment on_press />
        </div>
    }
}

fn worded(words: &Words, note: &Note, comment: bool) -> String {
    match (note, comment) {
        (Note::Stopped, false) => words.text("delivery.stopped"),
        (Note::Failed(error), false) => words.api_error(error),
        (Note::Stopped, true) => words.text("followUp.stopped"),
        (Note::Failed(error), true)
            if error
                .as_failure()
                .is_some_and(|failure| failure.may_have_arrived()) =>
        {
            words.text("followUp.unsure")
        }
        (Note::Failed(error), true) => words.fill(
            "followUp.failed",
            &[("reason", &words.follow_up_error(error))],
        ),
    }
}

/// The send button, worded by the composer's state (idle, sending, waiting
/// for uploads).
#[component]
fn SendButton(composer: Composer, comment: bool, on_press: Option<Callback<()>>) -> impl IntoView {
    let words = FormWords::get();
    let Composer {
        sending,
        waiting_for_uploads,
        ..
    } = composer;
    let submit = !comment;
    let [idle, busy, waiting] = if comment {
        ["followUp.send", "followUp.sending", "waitingForUploads"]
    } else {
        ["submit", "sending", "waitingForUploads"]
    };
    view! {
        <button class=if submit { "srf-button srf-submit" } else { "srf-button" }
            part=submit.then_some("submit")
            type=if submit { "submit" } else { "button" }
            on:click=move |_| if let Some(on_press) = on_press { on_press.run(()) }
            disabled=move || sending.get() || waiting_for_uploads.get()>
            {move || {
                let key = if sending.get() {
                    busy
                } else if waiting_for_uploads.get() {
                    waiting
                } else {
                    idle
                };
                words.with(|w| w.text(key))
            }}
        </button>
    }
}
