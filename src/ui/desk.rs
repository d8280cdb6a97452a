//! What a ticket card and its follow-up share: where the service desk is
//! (`Desk`), and stored files as buttons that download them with the
//! user's credentials (`FileLinks`).

use leptos::prelude::*;
use serde_json::Value;

use super::tasks::Tasks;
use super::words::FormWords;
use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::storage::DraftStore;
use crate::browser::time::sleep;
use crate::model::attachments::AttachmentSettings;
use crate::model::request::Attachment;
use crate::model::ticket_url::TicketUrl;

/// How long a downloaded file's object URL is kept: revoking it at once
/// cancels the download in some browsers, and no event says it started.
const KEEP_DOWNLOAD_URL_MS: f64 = 60_000.0;

/// What a ticket card needs from the form around it: where the service
/// desk is, with which credentials, and whom to tell.
#[derive(Clone)]
pub struct Desk {
    pub server: String,
    pub authorization: Signal<String>,
    /// Upload path and limits (comments take files too).
    pub attachments: AttachmentSettings,
    pub ticket_url: Option<TicketUrl>,
    /// Where the form keeps its draft; unsent comments are kept beside it.
    pub store: Option<DraftStore>,
    /// An unanswered call is given up after this long.
    pub timeout_ms: f64,
    /// A comment was added: the server's answer with `requestId`.
    pub on_comment_added: Option<Callback<Value>>,
    /// A call failed (a 401 pauses until new credentials come).
    pub on_failed: Option<Callback<ApiError>>,
}

/// Files stored with a ticket or a comment, each a button that downloads
/// it with the user's credentials.
#[component]
pub fn FileLinks(files: Vec<Attachment>, desk: Desk) -> impl IntoView {
    let words = FormWords::get();
    let failure = RwSignal::new(None::<String>);
    let tasks = Tasks::new();
    let desk = StoredValue::new(desk);
    let download = move |file: Attachment| {
        let Desk {
            server,
            attachments,
            authorization,
            ..
        } = desk.get_value();
        let authorization = authorization.get_untracked();
        tasks.spawn(async move {
            let Attachment {
                ref_file_name,
                real_name,
            } = file;
            let result = http::download_attachment(
                &server,
                &attachments.upload_path,
                &authorization,
                &ref_file_name,
                &real_name,
            )
            .await;
            match result {
                Ok(url) => {
                    failure.set(None);
                    // Kept until the download has surely started, or until
                    // the card goes (dropping the task revokes it).
                    sleep(KEEP_DOWNLOAD_URL_MS).await;
                    drop(url);
                }
                Err(error) => {
                    let said = words.with_untracked(|w| {
                        let reason = w.follow_up_error(&error);
                        w.fill(
                            "card.downloadFailed",
                            &[("name", &real_name), ("reason", &reason)],
                        )
                    });
                    failure.set(Some(said));
                }
            }
        });
    };
    (!files.is_empty()).then(|| {
        view! {
            <ul class="srf-chip-list">
                {files.into_iter().map(|file| {
                    let label = file.real_name.clone();
                    view! {
                        <li class="srf-chip">
                            <button type="button" class="srf-link-button" on:click=move |_| download(file.clone())>
                                {label}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="srf-server-error" role="alert">{move || failure.get()}</p>
        }
    })
}
