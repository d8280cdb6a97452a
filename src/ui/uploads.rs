//! The attachments' state: each file's upload, its browser `File` (kept for
//! retries, never read into wasm memory), and the finished references in
//! the draft.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::browser::sleep;
use crate::api::upload::{self, Upload};
use crate::api::wire::ApiError;
use crate::model::attachments::{
    total_bytes, AttachmentSettings, Candidate, UploadEntry, UploadStatus,
};
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, Standard};
use crate::model::request::Attachment;
use crate::model::retry::Policy;

const FIELD: FieldId = FieldId::Standard(Standard::Attachments);

/// Everything an upload needs from the form around it.
pub struct UploadContext {
    pub settings: AttachmentSettings,
    pub server: String,
    pub authorization: Signal<String>,
    pub draft: RwSignal<Draft>,
    /// Called whenever an upload finishes, fails or goes away.
    pub on_settled: Callback<()>,
    /// Called when the server refuses the credentials.
    pub on_unauthorized: Callback<()>,
}

/// The form's attachments; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub entries: RwSignal<Vec<UploadEntry>>,
    /// Files refused before upload, with the reason (limits, types).
    pub rejections: RwSignal<Vec<String>>,
    files: StoredValue<HashMap<u32, web_sys::File>, LocalStorage>,
    running: StoredValue<HashMap<u32, Upload>, LocalStorage>,
    /// Attempts so far per file, for automatic retries.
    attempts: StoredValue<HashMap<u32, u32>>,
    next_key: StoredValue<u32>,
    context: StoredValue<UploadContext, LocalStorage>,
}

fn finished(draft: &Draft) -> Vec<Attachment> {
    match draft.get(FIELD) {
        Some(FieldValue::Files(files)) => files.clone(),
        _ => Vec::new(),
    }
}

impl Uploads {
    pub fn new(context: UploadContext) -> Self {
        Self {
            entries: RwSignal::new(Vec::new()),
            rejections: RwSignal::new(Vec::new()),
            files: StoredValue::new_local(HashMap::new()),
            running: StoredValue::new_local(HashMap::new()),
            attempts: StoredValue::new(HashMap::new()),
            next_key: StoredValue::new(1),
            context: StoredValue::new_local(context),
        }
    }

    pub fn settings(&self) -> AttachmentSettings {
        self.context.with_value(|context| context.settings.clone())
    }

    fn update(&self, key: u32, change: impl FnOnce(&mut UploadEntry)) {
        self.entries.update(|entries| {
            if let Some(entry) = entries.iter_mut().find(|entry| entry.key == key) {
                change(entry);
            }
        });
    }

    /// Checks each file against the limits and starts uploading the ones
    /// that pass; the others are listed with the reason.
    pub fn add(&self, files: Vec<web_sys::File>) {
        let settings = self.settings();
        let mut refused = Vec::new();
        for file in files {
            let candidate = Candidate {
                name: file.name(),
                size: file.size().max(0.0) as u64,
                mime: file.type_(),
            };
            let (count, total) = self
                .entries
                .with_untracked(|entries| (entries.len(), total_bytes(entries)));
            if let Err(reason) = settings.check(count, total, &candidate) {
                refused.push(reason);
                continue;
            }
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let thumbnail = candidate
                .mime
                .starts_with("image/")
                .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                .flatten();
            self.entries.update(|entries| {
                entries.push(UploadEntry {
                    key,
                    name: candidate.name.clone(),
                    size: candidate.size,
                    status: UploadStatus::Uploading(0.0),
                    thumbnail,
                })
            });
            self.files.update_value(|files| {
                files.insert(key, file);
            });
            self.start(key);
        }
        self.rejections.set(refused);
    }

    fn start(&self, key: u32) {
        let Some(file) = self.files.with_value(|files| files.get(&key).cloned()) else {
            return;
        };
        let (url, authorization) = self.context.with_value(|context| {
            (
                format!("{}{}", context.server, context.settings.upload_path),
                context.authorization.get_untracked(),
            )
        });
        self.update(key, |entry| entry.status = UploadStatus::Uploading(0.0));
        let this = *self;
        let started = upload::start(
            &url,
            &authorization,
            &file,
            &file.name(),
            move |percent| {
                this.update(key, |entry| entry.status = UploadStatus::Uploading(percent))
            },
            move |result| this.finish(key, result),
        );
        match started {
            Ok(running) => self.running.update_value(|map| {
                map.insert(key, running);
            }),
            Err(error) => self.finish(key, Err(error)),
        }
    }

    fn finish(&self, key: u32, result: Result<Attachment, ApiError>) {
        // The request's callbacks are still running: release them later.
        let running = self.running;
        leptos::task::spawn_local(async move {
            running.update_value(|map| {
                map.remove(&key);
            });
        });
        let (draft, on_settled, on_unauthorized) = self
            .context
            .with_value(|context| (context.draft, context.on_settled, context.on_unauthorized));
        match result {
            Ok(attachment) => {
                draft.update(|draft| {
                    let mut files = finished(draft);
                    files.push(attachment.clone());
                    draft.set(FIELD, FieldValue::Files(files));
                });
                self.update(key, |entry| entry.status = UploadStatus::Done(attachment));
            }
            Err(ApiError::Unauthorized(_)) => {
                self.update(key, |entry| entry.status = UploadStatus::WaitingForSignIn);
                on_unauthorized.run(());
            }
            Err(error) => {
                let mut attempt = 0;
                self.attempts.update_value(|attempts| {
                    let count = attempts.entry(key).or_insert(0);
                    *count += 1;
                    attempt = *count;
                });
                let again = error.as_failure().and_then(|failure| {
                    Policy::default().upload_retry(failure, attempt, js_sys::Math::random())
                });
                match again {
                    Some(wait_ms) => {
                        self.update(key, |entry| {
                            entry.status = UploadStatus::Retrying(error.message())
                        });
                        let this = *self;
                        leptos::task::spawn_local(async move {
                            sleep(wait_ms).await;
                            // Only if it is still waiting (not removed).
                            let waiting = this.entries.try_with_untracked(|entries| {
                                entries.iter().any(|entry| {
                                    entry.key == key
                                        && matches!(entry.status, UploadStatus::Retrying(_))
                                })
                            });
                            if waiting == Some(true) {
                                this.start(key);
                            }
                        });
                        // Still in flight: nothing settled.
                        return;
                    }
                    None => self.update(key, |entry| {
                        entry.status = UploadStatus::Failed(error.message())
                    }),
                }
            }
        }
        on_settled.run(());
    }

    /// Stops an upload in progress and forgets the file.
    pub fn cancel(&self, key: u32) {
        let mut running = None;
        self.running.update_value(|map| running = map.remove(&key));
        if let Some(upload) = running {
            upload.cancel();
        }
        self.remove(key);
    }

    /// Forgets a file (finished or failed).
    pub fn remove(&self, key: u32) {
        let mut removed = None;
        self.entries.update(|entries| {
            if let Some(index) = entries.iter().position(|entry| entry.key == key) {
                removed = Some(entries.remove(index));
            }
        });
        self.files.update_value(|files| {
            files.remove(&key);
        });
        let Some(entry) = removed else { return };
        if let Some(url) = &entry.thumbnail {
            let _ = web_sys::Url::revoke_object_url(url);
        }
        if let UploadStatus::Done(attachment) = entry.status {
            let draft = self.context.with_value(|context| context.draft);
            draft.update(|draft| {
                let mut files = finished(draft);
                files.retain(|file| file.ref_file_name != attachment.ref_file_name);
                draft.set(FIELD, FieldValue::Files(files));
            });
        }
        self.context
            .with_value(|context| context.on_settled)
            .run(());
    }

    /// Sends a failed file again, without the user picking it again.
    pub fn retry(&self, key: u32) {
        self.attempts.update_value(|attempts| {
            attempts.remove(&key);
        });
        self.start(key);
    }

    /// Restarts the uploads a 401 paused (after a new sign-in or token).
    pub fn resume(&self) {
        let waiting: Vec<u32> = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .filter(|entry| entry.status == UploadStatus::WaitingForSignIn)
                .map(|entry| entry.key)
                .collect()
        });
        for key in waiting {
            self.start(key);
        }
    }

    /// Lists files uploaded before (a restored draft's references) as done.
    pub fn adopt(&self, files: &[Attachment]) {
        for attachment in files {
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            self.entries.update(|entries| {
                entries.push(UploadEntry {
                    key,
                    name: attachment.real_name.clone(),
                    size: 0,
                    status: UploadStatus::Done(attachment.clone()),
                    thumbnail: None,
                })
            });
        }
    }

    /// Empties the list after a request was created (uploads belong to it).
    pub fn clear(&self) {
        for entry in self.entries.get_untracked() {
            if let Some(url) = entry.thumbnail {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        }
        self.entries.set(Vec::new());
        self.rejections.set(Vec::new());
        self.files.update_value(HashMap::clear);
    }
}

/// A pasted image gets a name that says what and when it is, in local time.
pub fn pasted_screenshot(file: web_sys::File) -> web_sys::File {
    if !file.type_().starts_with("image/") {
        return file;
    }
    let now = js_sys::Date::new_0();
    let name = crate::model::attachments::screenshot_name(
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds(),
    );
    let options = web_sys::FilePropertyBag::new();
    options.set_type(&file.type_());
    let parts = js_sys::Array::of1(&JsValue::from(file.clone()));
    web_sys::File::new_with_blob_sequence_and_options(&parts, &name, &options).unwrap_or(file)
}

/// The files of a `FileList` (picker, drop, paste).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .collect()
}
