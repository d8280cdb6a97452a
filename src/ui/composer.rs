//! One composer for the request form and the comment form: the draft's
//! uploads (paused by a 401 like the send), the delivery's progress, the
//! wait for uploads before sending, the pause until new credentials, the
//! note above the button, and the button's words. Each form keeps only
//! what is its own (validation, what it sends, what a success means).

use leptos::prelude::*;

use super::delivery::Progress;
use super::uploads::{UploadContext, Uploads};
use super::words::FormWords;
use crate::api::wire::ApiError;
use crate::model::attachments::AttachmentSettings;
use crate::model::delivery::Stage;
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

/// The send button, worded by the composer's state: `keys` are its words
/// when idle, while sending, and while waiting for uploads. A `submit`
/// button submits its form; another calls `on_press`.
#[component]
pub fn SendButton(
    composer: Composer,
    keys: [&'static str; 3],
    #[prop(optional)] submit: bool,
    #[prop(optional, into)] on_press: Option<Callback<()>>,
) -> impl IntoView {
    let words = FormWords::get();
    let Composer {
        sending,
        waiting_for_uploads,
        ..
    } = composer;
    let [idle, busy, waiting] = keys;
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
