//! The attachments field: a drop zone with a file picker, and one row per
//! file with its progress, thumbnail and actions. Names are text, never
//! markup, whatever characters they hold.

use leptos::prelude::*;

use super::fields::FieldShell;
use super::uploads::{files_of, Uploads};
use crate::browser::dom::event_origin;
use crate::messages;
use crate::model::fields::FieldSpec;
use crate::model::uploads::{UploadEntry, UploadStatus};

#[component]
pub fn AttachmentsField(
    id: String,
    spec: FieldSpec,
    uploads: Uploads,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let accept = uploads.settings().accept.join(",");
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        uploads.add(files_of(ev.data_transfer().and_then(|data| data.files())));
    };
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        // Needed for the browser to allow a drop here.
        ev.prevent_default();
        dragging.set(true);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input = event_origin::<web_sys::HtmlInputElement>(&ev);
        if let Some(input) = input {
            uploads.add(files_of(input.files()));
            // Picking the same file again must fire `change` again.
            input.set_value("");
        }
    };
    let described = format!("{id}-hint");
    view! {
        <FieldShell id=id.clone() label=spec.label required=spec.required help=spec.help group=false error>
            <div
                class="srf-dropzone"
                class:srf-dropzone--over=move || dragging.get()
                on:dragenter=on_drag_over
                on:dragover=on_drag_over
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p class="srf-hint" id=described.clone()>{messages::DROP_ZONE}</p>
                <input class="srf-file-input" type="file" multiple=true id=id.clone() name=id.clone()
                    accept=(!accept.is_empty()).then_some(accept)
                    aria-describedby=described on:change=on_pick />
            </div>
            <ul class="srf-rejections" role="alert">
                {move || uploads.rejections.get().into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
            </ul>
            <ul class="srf-files">
                <For each=move || uploads.queue.with(|queue| queue.entries().to_vec()) key=|entry| entry.key let:entry>
                    <FileRow entry uploads />
                </For>
            </ul>
        </FieldShell>
    }
}

/// The stage of one file's upload, without the progress figure, so that a
/// row's buttons stay in place (and keep focus) while the percentage moves.
#[derive(Clone, PartialEq)]
enum Stage {
    Uploading,
    Retrying(String),
    Done,
    WaitingForSignIn,
    Failed(String),
}

#[component]
fn FileRow(entry: UploadEntry, uploads: Uploads) -> impl IntoView {
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
        Some(UploadStatus::Retrying(reason)) => Stage::Retrying(reason.message()),
        Some(UploadStatus::Failed(reason)) => Stage::Failed(reason.message()),
        Some(UploadStatus::Done(_)) | None => Stage::Done,
    });
    let percent = move || match status() {
        Some(UploadStatus::Uploading(percent)) => percent.round(),
        _ => 100.0,
    };
    let file_name = StoredValue::new(name.clone());
    let button = move |text: &'static str, label: fn(&str) -> String, action: fn(&Uploads, u32)| {
        let label = file_name.with_value(|name| label(name));
        view! { <button type="button" class="srf-link-button" aria-label=label on:click=move |_| action(&uploads, key)>{text}</button> }
    };
    let state = move || match stage.get() {
        Stage::Uploading => view! {
            <progress class="srf-progress" max="100" value=percent
                aria-label=file_name.with_value(|name| messages::uploading(name))></progress>
            <span class="srf-percent">{move || format!("{}%", percent())}</span>
            {button(messages::CANCEL, messages::cancel_upload, Uploads::remove)}
        }
        .into_any(),
        Stage::Done => view! {
            <span class="srf-file-done">{messages::UPLOADED}</span>
            {button(messages::REMOVE, messages::remove_file, Uploads::remove)}
        }
        .into_any(),
        Stage::Retrying(reason) => view! {
            <span class="srf-file-waiting">{messages::upload_retrying(&reason)}</span>
            {button(messages::CANCEL, messages::cancel_upload, Uploads::remove)}
        }
        .into_any(),
        Stage::WaitingForSignIn => view! {
            <span class="srf-file-waiting">{messages::UPLOAD_WAITING_FOR_SIGN_IN}</span>
        }
        .into_any(),
        Stage::Failed(reason) => view! {
            <span class="srf-file-error" role="alert">{reason}</span>
            {button(messages::RETRY, messages::retry_upload, Uploads::retry)}
            {button(messages::REMOVE, messages::remove_file, Uploads::remove)}
        }
        .into_any(),
    };
    view! {
        <li class="srf-file">
            {thumbnail.map(|url| view! { <img class="srf-thumbnail" src=url alt="" /> })}
            <span class="srf-file-name">{name}</span>
            {(size > 0).then(|| view! { <span class="srf-file-size">{messages::bytes(size)}</span> })}
            {state}
        </li>
    }
}
