//! "Add a comment or files" on a ticket card, and the comments on it. The
//! comment is a little form of its own with the request's rules: its draft
//! (text and uploaded files) is kept per ticket until it is added, it is
//! delivered by the same machine (retried after 429/503, never sent twice,
//! a cross-tab lock), and a 401 pauses it until new credentials arrive.
//! Comments are shown as text, never as HTML.

use leptos::prelude::*;

use super::attachments::AttachmentsField;
use super::comment_history::{CommentHistory, Listed};
use super::composer::{Composer, ComposerFooter};
use super::delivery::Job;
use super::desk::Desk;
use super::fields::FieldControl;
use super::saved_draft::kept_comment;
use super::tasks::Tasks;
use super::words::{t, FormWords};
use crate::api::http;
use crate::browser::dom::focus_in;
use crate::browser::time::now_ms;
use crate::model::comment::{self, Comment, NewComment};
use crate::model::delivery::Outcome;
use crate::model::draft::Draft;
use crate::model::fields::{FieldValue, FormSpec, Widget};

#[component]
pub fn FollowUp(
    /// The ticket's id (URLs use it).
    ticket_id: i64,
    desk: Desk,
    /// Unique on the page.
    id_prefix: String,
    /// Load the comments already on the ticket (a ticket opened again).
    load_earlier: bool,
) -> impl IntoView {
    let tasks = Tasks::new();
    let spec = StoredValue::new(comment::spec());
    let store = StoredValue::new(
        desk.store
            .as_ref()
            .map(|store| store.for_comment(ticket_id)),
    );
    let draft = kept_comment(store.get_value(), spec);
    let listed = RwSignal::new(Vec::<Listed>::new());
    let nothing = RwSignal::new(false);
    let authorization = desk.authorization;
    let composer = Composer::new(
        draft,
        desk.attachments.clone(),
        desk.server.clone(),
        authorization,
        desk.on_failed,
    );
    let Composer { uploads, note, .. } = composer;
    let desk = StoredValue::new(desk);
    if let Some(FieldValue::Files(files)) =
        draft.with_untracked(|draft| draft.get(comment::FILES).cloned())
    {
        uploads.adopt(&files);
    }

    let root = NodeRef::<leptos::html::Section>::new();
    let text_id = format!("{id_prefix}-comment-{ticket_id}-text");
    let files_id = format!("{id_prefix}-comment-{ticket_id}-files");
    let focus_text = {
        let selector = format!("#{text_id}");
        move || focus_in(root.get_untracked().map(Into::into), &selector)
    };

    let finish = move |outcome: Outcome<Comment>| match outcome {
        Outcome::Created(added) => {
            note.set(None);
            let raw = added.raw.clone();
            listed.update(|list| {
                list.push(Listed {
                    comment: added,
                    added_at: Some(now_ms()),
                })
            });
            draft.set(spec.with_value(Draft::new));
            uploads.clear();
            if let Some(store) = store.get_value() {
                store.clear();
            }
            if let Some(on_added) = desk.with_value(|desk| desk.on_comment_added) {
                on_added.run(comment::added_detail(raw, ticket_id));
            }
        }
        Outcome::Stopped => composer.stopped(),
        Outcome::Failed(error) => composer.failed(error, true),
    };
    let send = move || {
        let Some(body) = draft.with_untracked(comment::from_draft) else {
            return;
        };
        let job = desk.with_value(|desk| comment_job(desk, ticket_id, body));
        composer.deliver(tasks, job, finish);
    };
    // Adds once every upload has finished; a failed one blocks it (and
    // says so on the files).
    let send_when_ready = composer.when_ready(authorization, send, || {});
    let on_add = move |()| {
        if !composer.idle() {
            return;
        }
        note.set(None);
        let has_files = uploads
            .queue
            .with_untracked(|queue| !queue.entries().is_empty());
        let empty = draft.with_untracked(|draft| draft.text(comment::TEXT).trim().is_empty());
        nothing.set(empty && !has_files);
        if empty && !has_files {
            focus_text();
            return;
        }
        send_when_ready();
    };

    let title_id = format!("{id_prefix}-comment-{ticket_id}-title");
    let history_id = format!("{id_prefix}-comment-{ticket_id}-history");
    let history_desk = desk.get_value();
    view! {
        <section class="srf-follow-up" node_ref=root aria-labelledby=title_id.clone()>
            <CommentHistory ticket_id desk=history_desk listed id=history_id load_earlier />
            <h3 class="srf-subtitle" id=title_id.clone()>{t("followUp.title")}</h3>
            <CommentFields spec=spec.get_value() draft nothing composer ids=(text_id, files_id) />
            <ComposerFooter composer comment=true on_press=Callback::new(on_add) />
        </section>
    }
}

/// The comment's text and files, read-only while it is being added.
#[component]
fn CommentFields(
    spec: FormSpec,
    draft: RwSignal<Draft>,
    /// Add was pressed with nothing to add.
    nothing: RwSignal<bool>,
    composer: Composer,
    /// The text's and the files' element ids.
    ids: (String, String),
) -> impl IntoView {
    let words = FormWords::get();
    let Composer {
        uploads, sending, ..
    } = composer;
    let text_field = spec.fields.first().cloned();
    let files_field = spec
        .fields
        .iter()
        .find(|field| field.widget == Widget::Files)
        .cloned();
    let value = Signal::derive(move || {
        FieldValue::Text(draft.with(|draft| draft.text(comment::TEXT).to_owned()))
    });
    let on_change = Callback::new(move |value: FieldValue| {
        draft.update(|draft| draft.set(comment::TEXT, value));
        nothing.set(false);
    });
    let error = Signal::derive(move || {
        nothing
            .get()
            .then(|| words.with(|w| w.text("followUp.nothing")))
    });
    let files_error = Signal::derive(move || {
        uploads.queue.with(|queue| {
            queue.first_failed().map(|entry| {
                words.with(|w| w.fill("problem.uploadFailed", &[("name", &entry.name)]))
            })
        })
    });
    let (text_id, files_id) = ids;
    // A screenshot pasted into the comment is attached (after review).
    let takes_files = files_field.is_some();
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        if takes_files && !sending.get_untracked() {
            uploads.paste(&ev);
        }
    };
    view! {
        <fieldset class="srf-fields" disabled=sending aria-busy=move || sending.get().then_some("true")
            on:paste=on_paste>
            {text_field.map(|spec| view! { <FieldControl id=text_id spec value on_change error /> })}
            {files_field.map(|spec| view! { <AttachmentsField id=files_id spec uploads error=files_error /> })}
        </fieldset>
    }
}

/// Adding `body` to the ticket, as the delivery machine runs it.
fn comment_job(desk: &Desk, ticket_id: i64, body: NewComment) -> Job<Comment> {
    let Desk {
        server,
        authorization,
        timeout_ms,
        ..
    } = desk.clone();
    Job {
        authorization,
        lock_name: format!("srf.comment:{server}:{ticket_id}"),
        send: Box::new(move |authorization: String| {
            let (server, body) = (server.clone(), body.clone());
            Box::pin(async move {
                http::add_comment(&server, &authorization, ticket_id, &body, timeout_ms).await
            })
        }),
        // A comment carries nothing to look it up by: after an ambiguous
        // failure the user decides (it stays here).
        check: None,
        sent_elsewhere: Box::new(|| None),
    }
}
