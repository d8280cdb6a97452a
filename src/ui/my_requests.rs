//! "My recent requests": the signed-in requester's own tickets, newest
//! first, ten at a time, found by their email (never anyone else's);
//! choosing one opens its card, where a comment or files can be added.

use leptos::prelude::*;

use super::desk::Desk;
use super::tasks::Tasks;
use super::ticket_card::TicketCard;
use super::words::{t, FormWords};
use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::dom::focus_in;
use crate::model::fields::FormSpec;
use crate::model::my_requests::{requester_search, Listing};
use crate::model::request::CreatedRequest;

/// The ticket chosen from the list.
#[derive(Clone)]
enum Opened {
    Loading { id: i64, number: String },
    Shown(CreatedRequest),
    Failed { id: i64, error: ApiError },
}

impl Opened {
    fn id(&self) -> Option<i64> {
        match self {
            Opened::Loading { id, .. } | Opened::Failed { id, .. } => Some(*id),
            Opened::Shown(ticket) => ticket.id,
        }
    }
}

#[component]
pub fn MyRequests(
    desk: Desk,
    /// The signed-in requester's email: the only one searched for.
    email: String,
    /// The search property holding the requester's email.
    requester_key: String,
    spec: FormSpec,
    /// Unique on the page.
    id_prefix: String,
    /// Changes when a ticket is created here: the list starts again.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let words = FormWords::get();
    let tasks = Tasks::new();
    let listing = RwSignal::new(Listing::default());
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let opened = RwSignal::new(None::<Opened>);
    let search = StoredValue::new(requester_search(&requester_key, &email));
    let desk = StoredValue::new(desk);
    let spec = StoredValue::new(spec);
    let root = NodeRef::<leptos::html::Section>::new();
    let focus = move |selector: String| {
        tasks.spawn(async move {
            leptos::task::tick().await;
            focus_in(root.get_untracked().map(Into::into), &selector);
        });
    };

    // Loads the page after what is listed (the first one when `again`);
    // after "Show more", focus goes to the first new request.
    let load = move |again: bool, focus_new: bool| {
        let Desk {
            server,
            authorization,
            timeout_ms,
            on_failed,
            ..
        } = desk.get_value();
        if again {
            listing.set(Listing::default());
        }
        let (offset, shown) =
            listing.with_untracked(|listing| (listing.next_offset(), listing.items.len()));
        loading.set(true);
        failed.set(None);
        tasks.spawn(async move {
            let token = authorization.get_untracked();
            let body = search.get_value();
            let answer = http::my_requests(&server, &token, &body, offset, timeout_ms).await;
            loading.set(false);
            match answer {
                Ok(page) => {
                    listing.update(|listing| listing.add(page));
                    if focus_new {
                        focus(format!("[data-index=\"{shown}\"]"));
                    }
                }
                Err(error) => {
                    if let (ApiError::Unauthorized(_), Some(on_failed)) = (&error, on_failed) {
                        on_failed.run(error.clone());
                    }
                    failed.set(Some(error));
                }
            }
        });
    };
    // Sync with the outside world: a ticket created here, or new
    // credentials after a refused load, start the list again.
    Effect::new(move |previous: Option<(u32, String)>| {
        let now = (
            refresh.get(),
            desk.with_value(|desk| desk.authorization.get()),
        );
        let reload = previous.is_none_or(|(count, _)| count != now.0)
            || failed.with_untracked(|failed| matches!(failed, Some(ApiError::Unauthorized(_))));
        if reload {
            load(true, false);
        }
        now
    });

    let open = move |ticket: CreatedRequest| {
        let Some(id) = ticket.id else {
            return;
        };
        let Desk {
            server,
            authorization,
            timeout_ms,
            ..
        } = desk.get_value();
        opened.set(Some(Opened::Loading {
            id,
            number: ticket.number,
        }));
        tasks.spawn(async move {
            let token = authorization.get_untracked();
            let read = http::read_request(&server, &token, id, timeout_ms).await;
            opened.set(Some(match read {
                Ok(ticket) => Opened::Shown(ticket),
                Err(error) => Opened::Failed { id, error },
            }));
        });
    };
    let back = move |_| {
        let id = opened.with_untracked(|opened| opened.as_ref().and_then(Opened::id));
        opened.set(None);
        if let Some(id) = id {
            focus(format!("[data-ticket=\"{id}\"]"));
        }
    };

    let title_id = format!("{id_prefix}-my-requests-title");
    let card_prefix = format!("{id_prefix}-my");
    let status_line = move || {
        loading
            .get()
            .then(|| words.with(|w| w.text("myRequests.loading")))
    };
    let card = move || {
        opened.get().map(|opened| {
            view! {
                <button type="button" class="srf-link-button srf-back" on:click=back>{t("myRequests.back")}</button>
                <OpenedTicket opened spec=spec.get_value() desk=desk.get_value() id_prefix=card_prefix.clone() />
            }
        })
    };
    view! {
        <section class="srf-my-requests" part="my-requests" node_ref=root aria-labelledby=title_id.clone()>
            <h2 class="srf-title" id=title_id.clone()>{t("myRequests.title")}</h2>
            {card}
            <div hidden=move || opened.with(Option::is_some)>
                <p class="srf-hint" role="status">{status_line}</p>
                <p class="srf-server-error" role="alert">
                    {move || failed.get().map(|error| words.with(|w| w.fill("myRequests.failed", &[("reason", &w.follow_up_error(&error))])))}
                </p>
                <button type="button" class="srf-button srf-button--secondary"
                    hidden=move || failed.with(Option::is_none) on:click=move |_| load(false, false)>
                    {t("tryAgain")}
                </button>
                <RequestList listing loading failed on_open=Callback::new(open)
                    on_more=Callback::new(move |()| load(false, true)) />
            </div>
        </section>
    }
}

/// The requests found so far, how many of how many, and "Show more".
#[component]
fn RequestList(
    listing: RwSignal<Listing>,
    loading: RwSignal<bool>,
    failed: RwSignal<Option<ApiError>>,
    on_open: Callback<CreatedRequest>,
    on_more: Callback<()>,
) -> impl IntoView {
    let words = FormWords::get();
    move || {
        let (items, total, more) =
            listing.with(|listing| (listing.items.clone(), listing.total, listing.has_more()));
        let count = items.len();
        let empty = count == 0 && !loading.get() && failed.with(Option::is_none);
        view! {
            <p class="srf-hint" hidden=!empty>{t("myRequests.empty")}</p>
            <ul class="srf-request-list" hidden=count == 0>
                {items.into_iter().enumerate().map(|(index, ticket)| view! { <RequestItem index ticket on_open /> }).collect_view()}
            </ul>
            <p class="srf-hint" role="status">
                {(count > 0).then(|| words.with(|w| w.plural("myRequests.shown", count as f64, &[("total", &w.intl().number(total as f64))])))}
            </p>
            {more.then(|| view! {
                <button type="button" class="srf-button srf-button--secondary"
                    disabled=move || loading.get() on:click=move |_| on_more.run(())>
                    {t("myRequests.more")}
                </button>
            })}
        }
    }
}

/// One request in the list: its number and subject open it.
#[component]
fn RequestItem(
    index: usize,
    ticket: CreatedRequest,
    on_open: Callback<CreatedRequest>,
) -> impl IntoView {
    let words = FormWords::get();
    let status = ticket
        .status
        .as_ref()
        .map(|status| words.with(|w| w.value_name(status)));
    let created = ticket
        .created_time
        .map(|ms| words.with(|w| w.intl().date_time(ms)));
    let CreatedRequest {
        id,
        number,
        subject,
        ..
    } = ticket.clone();
    view! {
        <li class="srf-request-item">
            <button type="button" class="srf-link-button srf-request-open"
                data-ticket=id.map(|id| id.to_string()) data-index=index.to_string()
                on:click=move |_| on_open.run(ticket.clone())>
                <span class="srf-request-number">{number}</span>
                " "
                <span class="srf-request-subject">{subject}</span>
            </button>
            <span class="srf-request-meta">
                {status.map(|status| view! { <span>{t("myRequests.status")}": "{status}</span> })}
                {created.map(|created| view! { <span>{t("myRequests.created")}": "{created}</span> })}
            </span>
        </li>
    }
}

/// The ticket chosen: loading, its card, or why it could not be read.
#[component]
fn OpenedTicket(opened: Opened, spec: FormSpec, desk: Desk, id_prefix: String) -> impl IntoView {
    let words = FormWords::get();
    match opened {
        Opened::Loading { number, .. } => view! {
            <p class="srf-hint" role="status">{move || words.with(|w| w.fill("myRequests.loadingOne", &[("number", &number)]))}</p>
        }
        .into_any(),
        Opened::Failed { error, .. } => view! {
            <p class="srf-server-error" role="alert">
                {move || words.with(|w| w.fill("myRequests.openFailed", &[("reason", &w.follow_up_error(&error))]))}
            </p>
        }
        .into_any(),
        Opened::Shown(ticket) => view! { <TicketCard ticket spec desk id_prefix fresh=false /> }.into_any(),
    }
}
