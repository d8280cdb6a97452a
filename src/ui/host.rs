//! The form with its credentials: a token from the host page (attribute,
//! property or `tokenProvider`), or password sign-in (the static portal's
//! default).
//!
//! The form belongs to one person. While the same person signs in again
//! (an expired session) it stays mounted, hidden, so the draft, the uploads
//! and a pending submit survive. When the person changes — signing out,
//! another user signing in, the host naming another `user` — the form is
//! replaced by a fresh one for the new person: nothing of the previous
//! person's request, uploads or saved draft reaches them.

use leptos::prelude::*;
use serde_json::Value;

use super::desk::Desk;
use super::my_requests::MyRequests;
use super::pacing::Later;
use super::request_form::RequestForm;
use super::service_choice::ServiceChoice;
use super::sign_in::SignIn;
use super::words::{t, FormWords};
use crate::api::wire::ApiError;
use crate::browser::dom::unique_prefix;
use crate::browser::storage::{load_session, store_session, DraftStore, Place};
use crate::i18n::Words;
use crate::model::config::FormConfig;
use crate::model::draft::Draft;
use crate::model::email::is_valid_email;
use crate::model::fields::{FieldId, FieldValue};
use crate::model::request::CreatedRequest;
use crate::model::session::Session;

/// What the host page hears about.
#[derive(Clone, Copy, Default)]
pub struct HostEvents {
    /// A ticket was created.
    pub created: Option<Callback<CreatedRequest>>,
    /// A request failed: HTTP status (if there was an answer) and message.
    pub failed: Option<Callback<(Option<u16>, String)>>,
    /// The host's token was refused: ask the host for a fresh one. When
    /// absent, a refused host token is reported through `failed`.
    pub refresh_token: Option<Callback<()>>,
    /// A comment was added to a ticket: the server's answer with
    /// `requestId`.
    pub comment_added: Option<Callback<serde_json::Value>>,
}

/// The form for one server, with sign-in when no token is given.
#[component]
pub fn FormHost(
    config: FormConfig,
    /// Base URL of the server.
    #[prop(into)]
    server: Signal<String>,
    /// A token given by the host page; `None` means password sign-in.
    #[prop(into)]
    token: Signal<Option<String>>,
    /// Who the host page says is using the form (host-token mode): their
    /// drafts are kept apart, and an email prefills the requester.
    #[prop(optional, into)]
    user: Signal<Option<String>>,
    /// Starting values as the host gave them (`prefill`), read for the
    /// form's configuration (or the chosen service's) with a link's.
    #[prop(optional, into)]
    prefill: Signal<Option<Value>>,
    /// What the host has sent with each request (`context`).
    #[prop(optional, into)]
    context: Signal<Vec<(String, String)>>,
    /// With services: the one the host opens (`service`), by its id.
    #[prop(optional, into)]
    service: Signal<Option<String>>,
    #[prop(optional)] events: HostEvents,
) -> impl IntoView {
    let session = RwSignal::new(load_session(&server.get_untracked()));
    // The person who last signed in here; kept while they sign in again
    // after their session expired, cleared when they sign out.
    let signed_in = RwSignal::new(session.with_untracked(|s| s.as_ref().map(|s| s.email.clone())));
    let notice = RwSignal::new(None::<&'static str>);
    let words = FormWords::get();

    let host_token = move || token.get().filter(|token| !token.trim().is_empty());
    let scheme = config.auth_scheme;
    let authorization = Signal::derive(move || match host_token() {
        Some(token) => scheme.header(&token),
        None => session.with(|session| {
            session
                .as_ref()
                .map(Session::authorization)
                .unwrap_or_default()
        }),
    });
    let needs_sign_in = move || {
        crate::model::session::needs_sign_in(host_token().as_deref(), session.with(Option::is_some))
    };
    let person =
        Memo::new(move |_| whose_form(host_token().is_some(), user.get(), signed_in.get()));
    let form_id = config.form_id.clone();
    let place = move |user: Option<String>| Place {
        server: server.get_untracked(),
        form_id: form_id.clone(),
        user,
    };

    let on_signed_in = Callback::new(move |granted: Session| {
        store_session(&server.get_untracked(), Some(&granted));
        notice.set(None);
        signed_in.set(Some(granted.email.clone()));
        session.set(Some(granted));
    });
    let expire_session = move || {
        store_session(&server.get_untracked(), None);
        notice.set(Some("signIn.expired"));
        session.set(None);
    };
    let sign_out = {
        let place = place.clone();
        Callback::new(move |()| {
            // The person's saved draft goes with them; their form (and its
            // uploads) is dropped when `person` changes.
            if let Some(email) = signed_in.get_untracked() {
                DraftStore::new(place(Some(email)), 1.0).forget_all();
            }
            store_session(&server.get_untracked(), None);
            notice.set(None);
            session.set(None);
            signed_in.set(None);
        })
    };

    let on_failed = Callback::new(move |error: ApiError| {
        let said = words.with_untracked(|w| w.api_error(&error));
        on_failure(error, said, host_token().is_some(), events, expire_session)
    });

    let sign_in = {
        let config = config.clone();
        move || {
            needs_sign_in().then(|| {
                view! {
                    <SignIn config=config.clone() server=server.get_untracked() notice=notice.into() on_signed_in />
                }
            })
        }
    };
    // Bumped on every ticket created here: "My recent requests" reloads.
    let created_here = RwSignal::new(0u32);
    let on_created = Callback::new(move |ticket| {
        created_here.update(|count| *count += 1);
        if let Some(created) = events.created {
            created.run(ticket);
        }
    });
    let form = move || {
        let user = person.get()?;
        let requester = user.clone().filter(|user| is_valid_email(user));
        let store = DraftStore::new(place(user), config.draft_max_age_days);
        // Untracked: a new token must not rebuild the form (`person`
        // already changes with the mode).
        let listed = config.lists_my_requests(untrack(host_token).is_some());
        let parts = FormParts {
            server: server.get_untracked(),
            authorization,
            requester,
            prefill,
            context,
            on_failed,
            on_comment_added: events.comment_added,
            on_created,
            service: None,
        };
        let my_requests = parts.requester.clone().filter(|_| listed).map(|email| {
            view! {
                <MyRequests desk=parts.desk(&config, store.clone()) email requester_key=config.requester_key.clone()
                    spec=config.spec.clone() id_prefix=unique_prefix() refresh=created_here />
            }
        });
        let config = config.clone();
        let request = move || request_forms(&config, store.clone(), service, parts.clone());
        Some(view! {
            <div hidden=needs_sign_in>
                <AccountBar email=signed_in hidden=Signal::derive(move || host_token().is_some())
                    on_sign_out=sign_out />
                <Later>{request()}</Later>
                {my_requests}
            </div>
        })
    };
    view! {
        {sign_in}
        {form}
    }
}

/// The request form; with services, the list of them and the chosen
/// one's form.
fn request_forms(
    config: &FormConfig,
    store: DraftStore,
    given: Signal<Option<String>>,
    parts: FormParts,
) -> AnyView {
    if config.services.is_empty() {
        return parts.form(config, store, None, false);
    }
    let services = config.services.clone();
    view! { <ServiceChoice services given store parts /> }.into_any()
}

/// What every request form of this host shares, whatever its
/// configuration (the form's own, or a service's).
#[derive(Clone)]
pub struct FormParts {
    server: String,
    authorization: Signal<String>,
    /// The signed-in user's email.
    pub requester: Option<String>,
    /// The host's `prefill`, as given.
    pub prefill: Signal<Option<Value>>,
    context: Signal<Vec<(String, String)>>,
    on_failed: Callback<ApiError>,
    on_comment_added: Option<Callback<Value>>,
    on_created: Callback<CreatedRequest>,
    /// The service the form is for, told with each ticket created.
    service: Option<String>,
}

impl FormParts {
    /// The same, for the form of service `id`.
    pub fn for_service(&self, id: &str) -> Self {
        Self {
            service: Some(id.to_owned()),
            ..self.clone()
        }
    }

    /// The desk a ticket card works with, for `config`, keeping drafts in
    /// `store`.
    fn desk(&self, config: &FormConfig, store: DraftStore) -> Desk {
        Desk {
            server: self.server.clone(),
            authorization: self.authorization,
            attachments: config.attachments.clone(),
            ticket_url: config.ticket_url.clone(),
            store: Some(store),
            timeout_ms: config.request_timeout_seconds * 1000.0,
            on_comment_added: self.on_comment_added,
            on_failed: Some(self.on_failed),
        }
    }

    /// A fresh draft for `config`: the requester and the host's (and the
    /// link's) starting values.
    pub fn starting_draft(&self, config: &FormConfig) -> Draft {
        let prefill = self
            .prefill
            .with_untracked(|given| crate::boot::prefill(given.as_ref(), config));
        Draft::starting(&config.spec, self.requester.as_deref(), &prefill.values)
    }

    /// The request form for `config`, its draft kept in `store`; `draft`
    /// is the one to edit if the caller holds it, and `continued` says it
    /// goes on from another form (no saved draft is offered over it).
    pub fn form(
        &self,
        config: &FormConfig,
        store: DraftStore,
        draft: Option<RwSignal<Draft>>,
        continued: bool,
    ) -> AnyView {
        let parts = self.clone();
        let prefill = prefill_of(config.clone(), self.prefill);
        // `request-created` says which service the request was made for.
        let on_created = Callback::new(move |mut ticket: CreatedRequest| {
            if let (Some(id), Value::Object(raw)) = (&parts.service, &mut ticket.raw) {
                raw.insert("service".into(), Value::String(id.clone()));
            }
            parts.on_created.run(ticket);
        });
        let parts = self.clone();
        view! {
            <RequestForm
                server=parts.server
                authorization=parts.authorization
                spec=config.spec.clone()
                attachments=config.attachments.clone()
                requester=parts.requester
                prefill
                context=parts.context
                request_timeout_ms=config.request_timeout_seconds * 1000.0
                draft_store=store
                draft=draft
                continued
                ticket_url=config.ticket_url.clone()
                on_failed=parts.on_failed
                on_comment_added=parts.on_comment_added
                on_created
            />
        }
        .into_any()
    }
}

/// The starting values for `config` as the host's `prefill` changes (and
/// the link's); what does not fit is said in the console, once each time.
fn prefill_of(
    config: FormConfig,
    given: Signal<Option<Value>>,
) -> Signal<Vec<(FieldId, FieldValue)>> {
    let read =
        Memo::new(move |_| given.with(|given| crate::boot::prefill(given.as_ref(), &config)));
    // Sync with the outside world: the console.
    Effect::new(move |_| {
        let english = Words::english();
        for ignored in read.with(|read| read.ignored.clone()) {
            let message = format!(
                "support-request-form: prefill {} ignored: {}",
                ignored.path,
                english.config_problem(&ignored.problem)
            );
            web_sys::console::warn_1(&message.into());
        }
    });
    Signal::derive(move || read.with(|read| read.values.clone()))
}

/// Who is signed in, with *Sign out* (password sign-in only).
#[component]
fn AccountBar(
    email: RwSignal<Option<String>>,
    hidden: Signal<bool>,
    on_sign_out: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="srf-account" hidden=hidden>
            <span class="srf-account-email">{move || email.get()}</span>
            <button class="srf-link-button" type="button" on:click=move |_| on_sign_out.run(())>
                {t("signOut")}
            </button>
        </div>
    }
}

/// Whose form is shown: `None` before anyone signed in (portal mode); else
/// the person (`Some(None)`: a host token naming no one).
fn whose_form(
    host_token: bool,
    user: Option<String>,
    signed_in: Option<String>,
) -> Option<Option<String>> {
    if host_token {
        Some(
            user.map(|user| user.trim().to_owned())
                .filter(|user| !user.is_empty()),
        )
    } else {
        signed_in.map(Some)
    }
}

/// A failed send or load: an expired sign-in asks to sign in again, an
/// expired host token asks the host for a new one, anything else is told
/// to the host (with `said`, the error in words).
fn on_failure(
    error: ApiError,
    said: String,
    host_token: bool,
    events: HostEvents,
    expire_session: impl Fn(),
) {
    match (&error, host_token) {
        (ApiError::Unauthorized(_), false) => expire_session(),
        (ApiError::Unauthorized(_), true) if events.refresh_token.is_some() => {
            if let Some(refresh) = events.refresh_token {
                refresh.run(());
            }
        }
        _ => {
            if let Some(failed) = events.failed {
                failed.run((error.status(), said));
            }
        }
    }
}
