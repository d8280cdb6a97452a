//! The comments on a ticket, oldest first: shown as text (never HTML),
//! each with its files and when it was added; the earlier ones are loaded
//! when a ticket is opened again.

use leptos::prelude::*;

use super::desk::{Desk, FileLinks};
use super::tasks::Tasks;
use super::words::{t, FormWords};
use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::dom::html_text;
use crate::model::comment::{Comment, When};

/// A comment as listed: what the server stored, and when this browser saw
/// it added (its own clock, in the user's time zone).
#[derive(Clone, PartialEq)]
pub struct Listed {
    pub comment: Comment,
    pub added_at: Option<f64>,
}

#[component]
pub fn CommentHistory(
    ticket_id: i64,
    desk: Desk,
    /// The comments shown; the follow-up adds the ones added here.
    listed: RwSignal<Vec<Listed>>,
    /// The list's heading id.
    id: String,
    /// Load the comments already on the ticket.
    load_earlier: bool,
) -> impl IntoView {
    let words = FormWords::get();
    let tasks = Tasks::new();
    let load_failed = RwSignal::new(None::<ApiError>);
    if load_earlier {
        let Desk {
            server,
            authorization,
            timeout_ms,
            ..
        } = desk.clone();
        tasks.spawn(async move {
            let token = authorization.get_untracked();
            match http::comments(&server, &token, ticket_id, timeout_ms).await {
                Ok(earlier) => listed.update(|list| {
                    let added = std::mem::take(list);
                    *list = earlier
                        .into_iter()
                        .map(|comment| Listed {
                            comment,
                            added_at: None,
                        })
                        .chain(added)
                        .collect();
                }),
                Err(error) => load_failed.set(Some(error)),
            }
        });
    }

    let time_of = move |item: &Listed| match (&item.added_at, &item.comment.when) {
        (Some(ms), _) | (None, Some(When::Epoch(ms))) => {
            Some(words.with(|w| w.intl().date_time(*ms)))
        }
        (None, Some(When::Text(text))) => Some(text.clone()),
        (None, None) => None,
    };
    let desk = StoredValue::new(desk);
    let comments = move || {
        listed
            .get()
            .into_iter()
            .map(|item| {
                let time = time_of(&item);
                let Listed { comment, .. } = item;
                view! {
                    <li class="srf-comment">
                        <p class="srf-comment-text">{html_text(&comment.html)}</p>
                        <FileLinks files=comment.files desk=desk.get_value() />
                        {time.map(|time| view! {
                            <p class="srf-comment-time">{move || words.with(|w| w.fill("followUp.added", &[("time", &time)]))}</p>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let has_comments = move || listed.with(|list| !list.is_empty());
    view! {
        <h3 class="srf-subtitle" id=id.clone() hidden=move || !has_comments()>{t("followUp.history")}</h3>
        <ul class="srf-comments" aria-labelledby=id hidden=move || !has_comments()>{comments}</ul>
        <p class="srf-server-error" role="alert">
            {move || load_failed.get().map(|error| words.with(|w| w.fill("followUp.loadFailed", &[("reason", &w.api_error(&error))])))}
        </p>
    }
}
