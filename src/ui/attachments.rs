//! The attachments field: a drop zone with a file picker, and one row per
//! file with its progress, thumbnail and actions. Names are text, never
//! markup, whatever characters they hold.

use leptos::prelude::*;

use super::fields::{fixed, Conditions, FieldShell};
use super::image_review::ImageReview;
use super::tasks::Tasks;
use super::uploads::{screenshot_name_now, Uploads};
use super::words::{t, FormWords};
use crate::api::wire::ApiError;
use crate::browser::dom::{event_origin, files_of};
use crate::browser::image::{can_capture, capture_tab};
use crate::markup;
use crate::model::attachments::Rejection;
use crate::model::conditions::Tailored;
use crate::model::fields::FieldSpec;
use crate::model::uploads::{UploadEntry, UploadStatus};

#[component]
pub fn AttachmentsField(
    id: String,
    spec: FieldSpec,
    uploads: Uploads,
    error: Signal<Option<String>>,
    /// What the configuration's conditions make of the form now.
    #[prop(optional)]
    tailored: Option<Memo<Tailored>>,
) -> impl IntoView {
    let words = FormWords::get();
    let dragging = RwSignal::new(false);
    let input = markup::control(&spec, &id, &uploads.settings().accept);
    let (hint, hint_text) = markup::hint(&spec, &id);
    let (choose, choose_text) = markup::choose_files(&id);
    let (capture_button, capture_text) = markup::capture_screenshot();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        uploads.offer(
            files_of(ev.data_transfer().and_then(|data| data.files())),
            false,
        );
    };
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        // Needed for the browser to allow a drop here.
        ev.prevent_default();
        dragging.set(true);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input = event_origin::<web_sys::HtmlInputElement>(&ev);
        if let Some(input) = input {
            uploads.offer(files_of(input.files()), false);
            // Picking the same file again must fire `change` again.
            input.set_value("");
        }
    };
    // One frame of the tab, reviewed before anything is uploaded.
    let tasks = Tasks::new();
    let capture = move |_| {
        tasks.spawn(async move {
            if let Ok(Some(shot)) = capture_tab(&screenshot_name_now()).await {
                uploads.review(shot, None);
            }
        });
    };
    let described = {
        let (spec, id) = (spec.clone(), id.clone());
        move || markup::described_by(&spec, &id, error.with(Option::is_some))
    };
    let label = StoredValue::new(spec.label.clone());
    let label = Signal::derive(move || label.with_value(|label| words.with(|w| w.label(label))));
    let help = spec.help.clone().map(|help| {
        let help = StoredValue::new(help);
        Signal::derive(move || help.with_value(|help| words.with(|w| w.localized(help))))
    });
    let count = move || {
        let files = uploads.queue.with(|queue| queue.entries().len());
        (files > 0).then(|| words.with(|w| w.plural("files.count", files as f64, &[])))
    };
    view! {
        <FieldShell id=id.clone() label rules=Conditions::of(&spec, tailored) help group=false error>
            <div
                class="srf-dropzone"
                class:srf-dropzone--over=move || dragging.get()
                on:dragenter=on_drag_over
                on:dragover=on_drag_over
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p {..fixed(&hint)}>{t(hint_text)}</p>
                <input {..fixed(&input)} aria-describedby=described on:change=on_pick />
                <label {..fixed(&choose)}>{t(choose_text)}</label>
                {can_capture().then(|| view! {
                    <button {..fixed(&capture_button)} on:click=capture>{t(capture_text)}</button>
                })}
            </div>
            <ul class="srf-rejections" role="alert">
                {move || uploads.rejections.get().into_iter().map(|reason| {
                    view! { <li>{words.with(|w| w.rejection(&reason))}</li> }
                }).collect_view()}
            </ul>
            <ul class="srf-files">
                <For each=move || uploads.queue.with(|queue| queue.entries().to_vec()) key=|entry| entry.key let:entry>
                    <FileRow entry uploads />
                </For>
            </ul>
            <p class="srf-files-count" aria-live="polite">{count}</p>
            <ImageReview uploads />
        </FieldShell>
    }
}

/// The stage of one file's upload, without the progress figure, so that a
/// row's buttons stay in place (and keep focus) while the percentage moves.
#[derive(Clone, PartialEq)]
enum Stage {
    Uploading,
    Retrying(ApiError),
    Done,
    WaitingForSignIn,
    Failed(ApiError),
}

#[component]
fn FileRow(entry: UploadEntry, uploads: Uploads) -> impl IntoView {
    let words = FormWords::get();
    let UploadEntry {
        key,
        name,
        size,
        thumbnail,
        ..
    } = entry;
    let status = move || {
        uploads.queue.with(|queue| {
            queue
                .entries()
                .iter()
                .find(|entry| entry.key == key)
                .map(|entry| entry.status.clone())
        })
    };
    let stage = Memo::new(move |_| match status() {
        Some(UploadStatus::Uploading(_)) => Stage::Uploading,
        Some(UploadStatus::WaitingForSignIn) => Stage::WaitingForSignIn,
        Some(UploadStatus::Retrying(reason)) => Stage::Retrying(reason),
        Some(UploadStatus::Failed(reason)) => Stage::Failed(reason),
        Some(UploadStatus::Done(_)) | None => Stage::Done,
    });
    let percent = move || match status() {
        Some(UploadStatus::Uploading(percent)) => percent.round(),
        _ => 100.0,
    };
    let file_name = StoredValue::new(name.clone());
    // Named with the file, so each button says whose it is.
    let named = move |key: &'static str| {
        move || file_name.with_value(|name| words.with(|w| w.fill(key, &[("name", name)])))
    };
    let button = move |text: &'static str, label: &'static str, action: fn(&Uploads, u32)| {
        view! { <button type="button" class="srf-link-button" aria-label=named(label) on:click=move |_| action(&uploads, key)>{t(text)}</button> }
    };
    // Why it failed: the server's words (a 413 names the server's own
    // limit); a 413 without any, in the form's words with the limit it knows.
    let reason = move |error: &ApiError| {
        words.with(|w| match (error.status(), error.server_message()) {
            (Some(413), None) => w.rejection(&Rejection::OverLimit {
                name: file_name.get_value(),
                limit: uploads.settings().max_file_bytes,
            }),
            _ => w.api_error(error),
        })
    };
    let state = move || {
        match stage.get() {
        Stage::Uploading => view! {
            <progress class="srf-progress" max="100" value=percent aria-label=named("files.uploading")></progress>
            <span class="srf-percent">{move || words.with(|w| w.intl().number(percent())) + "%"}</span>
            {button("files.cancel", "files.cancelLabel", Uploads::remove)}
        }
        .into_any(),
        Stage::Done => view! {
            <span class="srf-file-done">{t("files.uploaded")}</span>
            {button("files.remove", "files.removeLabel", Uploads::remove)}
        }
        .into_any(),
        Stage::Retrying(error) => view! {
            <span class="srf-file-waiting">{move || words.with(|w| w.fill("files.retrying", &[("reason", &reason(&error))]))}</span>
            {button("files.cancel", "files.cancelLabel", Uploads::remove)}
        }
        .into_any(),
        Stage::WaitingForSignIn => view! {
            <span class="srf-file-waiting">{t("files.waitingForSignIn")}</span>
        }
        .into_any(),
        Stage::Failed(error) => view! {
            <span class="srf-file-error" role="alert">{move || reason(&error)}</span>
            {button("files.retry", "files.retryLabel", Uploads::retry)}
            {button("files.remove", "files.removeLabel", Uploads::remove)}
        }
        .into_any(),
    }
    };
    // An image the form still holds can be covered in part: the edited
    // copy takes its place.
    let hide_parts = thumbnail.is_some().then(|| {
        let review = move |uploads: &Uploads, key: u32| {
            if let Some(file) = uploads.file(key) {
                uploads.review(file, Some(key));
            }
        };
        button("files.hideParts", "files.hidePartsLabel", review)
    });
    view! {
        <li class="srf-file">
            {thumbnail.map(|url| view! { <img class="srf-thumbnail" src=url alt="" /> })}
            <span class="srf-file-name">{name}</span>
            {(size > 0).then(|| view! { <span class="srf-file-size">{move || words.with(|w| w.intl().bytes(size))}</span> })}
            {state}
            {hide_parts}
        </li>
    }
}
