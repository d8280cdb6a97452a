//! Drives the upload queue (`model::uploads`): starts and aborts the XHRs,
//! runs the retry timers and keeps each file's browser `File` (for retries,
//! never read into wasm memory) and preview URL. All of it belongs to the
//! form: when the form goes, every upload is aborted, every timer cleared
//! and every preview URL revoked.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;

use crate::api::upload::{self, Upload};
use crate::api::wire::ApiError;
use crate::browser::dom::{files_of, ObjectUrl};
use crate::browser::time::{random, Timeout};
use crate::model::attachments::{screenshot_name, AttachmentSettings, Candidate, Rejection};
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, Standard};
use crate::model::request::Attachment;
use crate::model::uploads::{UploadCommand, UploadQueue};

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

/// What the browser holds for the files: released all at once on drop.
#[derive(Default)]
struct Held {
    files: HashMap<u32, web_sys::File>,
    running: HashMap<u32, Upload>,
    retry_timers: HashMap<u32, Timeout>,
    previews: HashMap<u32, ObjectUrl>,
}

type Shared = SendWrapper<Rc<RefCell<Held>>>;

/// An image waiting for the person to hide parts of it before upload.
#[derive(Clone)]
pub struct Review {
    pub id: u32,
    pub file: web_sys::File,
    /// The attachment the edited copy takes the place of (*Hide parts…* on
    /// a file already uploaded).
    pub replaces: Option<u32>,
}

/// The form's attachments; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub queue: RwSignal<UploadQueue>,
    /// Files refused before upload, with the reason (limits, types).
    pub rejections: RwSignal<Vec<Rejection>>,
    /// Images waiting for review, the one on screen first.
    pub reviews: RwSignal<Vec<Review>, LocalStorage>,
    held: StoredValue<Shared>,
    context: StoredValue<UploadContext, LocalStorage>,
}

impl Uploads {
    /// The uploads of the form being built; released with its owner.
    pub fn new(context: UploadContext) -> Self {
        let held: Shared = SendWrapper::new(Rc::new(RefCell::new(Held::default())));
        let released = held.clone();
        // Dropping what is held aborts the XHRs (detaching their handlers
        // first), clears the timers and revokes the preview URLs.
        on_cleanup(move || drop(std::mem::take(&mut *released.borrow_mut())));
        Self {
            queue: RwSignal::new(UploadQueue::default()),
            rejections: RwSignal::new(Vec::new()),
            reviews: RwSignal::new_local(Vec::new()),
            held: StoredValue::new(held),
            context: StoredValue::new_local(context),
        }
    }

    pub fn settings(&self) -> AttachmentSettings {
        self.context.with_value(|context| context.settings.clone())
    }

    fn with_held<T>(&self, f: impl FnOnce(&mut Held) -> T) -> Option<T> {
        self.held.try_with_value(|held| f(&mut held.borrow_mut()))
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
            let is_image = candidate.mime.starts_with("image/");
            let added = self
                .queue
                .try_update(|queue| queue.add(&settings, candidate));
            match added {
                Some(Ok((key, start))) => {
                    let preview = is_image.then(|| ObjectUrl::new(&file)).flatten();
                    if let Some(preview) = &preview {
                        let url = preview.as_str().to_owned();
                        self.queue.update(|queue| queue.set_thumbnail(key, url));
                    }
                    self.with_held(|held| {
                        held.files.insert(key, file);
                        if let Some(preview) = preview {
                            held.previews.insert(key, preview);
                        }
                    });
                    self.run(vec![start]);
                }
                Some(Err(reason)) => refused.push(reason),
                None => return,
            }
        }
        self.rejections.set(refused);
    }

    /// Carries out what the queue asked for.
    fn run(&self, commands: Vec<UploadCommand>) {
        for command in commands {
            match command {
                UploadCommand::Start(key) => self.start(key),
                UploadCommand::Abort(key) => {
                    self.with_held(|held| held.running.remove(&key));
                }
                UploadCommand::RetryIn(key, ms) => {
                    let this = *self;
                    let timer = Timeout::new(ms, move || {
                        this.with_held(|held| held.retry_timers.remove(&key));
                        let commands = this.queue.try_update(|queue| queue.due(key));
                        this.run(commands.unwrap_or_default());
                    });
                    self.with_held(|held| held.retry_timers.insert(key, timer));
                }
                UploadCommand::Forget { key, .. } => {
                    self.with_held(|held| {
                        held.files.remove(&key);
                        held.retry_timers.remove(&key);
                        held.previews.remove(&key);
                    });
                }
            }
        }
        self.sync_draft();
    }

    /// The draft references exactly the finished files.
    fn sync_draft(&self) {
        let (Some(files), Some(draft)) = (
            self.queue.try_with_untracked(UploadQueue::attachments),
            self.context.try_with_value(|context| context.draft),
        ) else {
            return;
        };
        let current = draft.try_with_untracked(|draft| draft.get(FIELD).cloned());
        let wanted = FieldValue::Files(files);
        if current.flatten().as_ref() != Some(&wanted) {
            draft.try_update(|draft| draft.set(FIELD, wanted));
        }
    }

    fn start(&self, key: u32) {
        let Some(file) = self
            .with_held(|held| held.files.get(&key).cloned())
            .flatten()
        else {
            return;
        };
        let Some((url, authorization, stall_ms)) = self.context.try_with_value(|context| {
            (
                format!("{}{}", context.server, context.settings.upload_path),
                context.authorization.get_untracked(),
                context.settings.stall_seconds * 1000.0,
            )
        }) else {
            return;
        };
        let this = *self;
        let started = upload::start(
            &url,
            &authorization,
            &file,
            &file.name(),
            stall_ms,
            move |percent| {
                this.queue.try_update(|queue| queue.progress(key, percent));
            },
            move |result| this.finish(key, result),
        );
        match started {
            Ok(running) => {
                self.with_held(|held| held.running.insert(key, running));
            }
            Err(error) => self.finish(key, Err(error)),
        }
    }

    fn finish(&self, key: u32, result: Result<Attachment, ApiError>) {
        let unauthorized = matches!(result, Err(ApiError::Unauthorized(_)));
        // Called from the XHR's own handler: release it on the next turn.
        let held = self.held;
        leptos::task::spawn_local(async move {
            held.try_with_value(|held| held.borrow_mut().running.remove(&key));
        });
        let Some(commands) = self
            .queue
            .try_update(|queue| queue.finished(key, result, random()))
        else {
            return;
        };
        self.run(commands);
        let callbacks = self
            .context
            .try_with_value(|context| (context.on_settled, context.on_unauthorized));
        if let Some((on_settled, on_unauthorized)) = callbacks {
            if unauthorized {
                on_unauthorized.run(());
            }
            on_settled.run(());
        }
    }

    fn then_settled(&self, commands: Option<Vec<UploadCommand>>) {
        self.run(commands.unwrap_or_default());
        if let Some(on_settled) = self.context.try_with_value(|context| context.on_settled) {
            on_settled.run(());
        }
    }

    /// New files: images wait for review when `pasted` (pasted and
    /// captured screenshots are where private things show) or where the
    /// configuration asks for it (`reviewImages`); the rest upload at once.
    pub fn offer(&self, files: Vec<web_sys::File>, pasted: bool) {
        let review = pasted || self.settings().review_images;
        let (images, others): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|file| review && file.type_().starts_with("image/"));
        if !others.is_empty() {
            self.add(others);
        }
        for image in images {
            self.review(image, None);
        }
    }

    /// Files pasted into a form: screenshots, named by when they were
    /// pasted, wait for review; the paste types nothing into the field.
    pub fn paste(&self, ev: &web_sys::ClipboardEvent) {
        let files = files_of(ev.clipboard_data().and_then(|data| data.files()));
        if !files.is_empty() {
            ev.prevent_default();
            self.offer(files.into_iter().map(pasted_screenshot).collect(), true);
        }
    }

    /// Puts `file` in front of the person to hide parts of it; the edited
    /// copy takes the place of attachment `replaces`, if given.
    pub fn review(&self, file: web_sys::File, replaces: Option<u32>) {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.reviews
            .try_update(|waiting| waiting.push(Review { id, file, replaces }));
    }

    /// The review `id` ended: with an edited copy (*Attach*), which is
    /// uploaded in place of what it replaces, or without (*Cancel*).
    pub fn reviewed(&self, id: u32, copy: Option<web_sys::File>) {
        let replaces = self.reviews.try_update(|waiting| {
            let at = waiting.iter().position(|review| review.id == id)?;
            Some(waiting.remove(at).replaces)
        });
        let (Some(Some(replaces)), Some(copy)) = (replaces, copy) else {
            return;
        };
        if let Some(key) = replaces {
            self.remove(key);
        }
        self.add(vec![copy]);
    }

    /// The browser's file behind attachment `key`, while the form holds it.
    pub fn file(&self, key: u32) -> Option<web_sys::File> {
        self.with_held(|held| held.files.get(&key).cloned())
            .flatten()
    }

    /// Stops an upload in progress (or forgets a finished or failed file).
    pub fn remove(&self, key: u32) {
        let commands = self.queue.try_update(|queue| queue.remove(key));
        self.then_settled(commands);
    }

    /// Sends a failed file again, without the user picking it again.
    pub fn retry(&self, key: u32) {
        let commands = self.queue.try_update(|queue| queue.retry(key));
        self.then_settled(commands);
    }

    /// Restarts the uploads a 401 paused (after a new sign-in or token).
    pub fn resume(&self) {
        let commands = self.queue.try_update(UploadQueue::resume);
        self.run(commands.unwrap_or_default());
    }

    /// Lists files uploaded before (a restored draft's references) as done.
    pub fn adopt(&self, files: &[Attachment]) {
        self.queue.update(|queue| queue.adopt(files));
    }

    /// Whether uploads are still running, and whether one has failed
    /// (which blocks sending until it is retried or removed).
    pub fn readiness(&self) -> (bool, bool) {
        self.queue
            .with_untracked(|queue| (queue.in_flight(), queue.first_failed().is_some()))
    }

    /// Sync with the outside world: new credentials (a new sign-in, a
    /// fresh token from the host) restart the uploads a 401 paused, and
    /// run `resume` if `paused` says a send was waiting for them.
    pub fn resume_on_new_credentials(
        &self,
        authorization: Signal<String>,
        paused: RwSignal<bool>,
        resume: impl Fn() + 'static,
    ) {
        let uploads = *self;
        Effect::new(move |previous: Option<String>| {
            let current = authorization.get();
            if previous.is_some_and(|previous| previous != current) && !current.is_empty() {
                uploads.resume();
                if paused.get_untracked() {
                    paused.set(false);
                    resume();
                }
            }
            current
        });
    }

    /// Empties the list after a request was created (uploads belong to it).
    pub fn clear(&self) {
        let commands = self.queue.try_update(UploadQueue::clear);
        self.run(commands.unwrap_or_default());
        self.rejections.set(Vec::new());
    }
}

/// `screenshot-YYYY-MM-DD-HHMMSS.png` for now, in local time.
pub fn screenshot_name_now() -> String {
    let now = js_sys::Date::new_0();
    screenshot_name(
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds(),
    )
}

/// A pasted image gets a name that says what and when it is, in local time.
pub fn pasted_screenshot(file: web_sys::File) -> web_sys::File {
    if !file.type_().starts_with("image/") {
        return file;
    }
    let name = screenshot_name_now();
    let options = web_sys::FilePropertyBag::new();
    options.set_type(&file.type_());
    let parts = js_sys::Array::of1(&JsValue::from(file.clone()));
    web_sys::File::new_with_blob_sequence_and_options(&parts, &name, &options).unwrap_or(file)
}
