//! The form with its credentials: a token from the host page (attribute,
//! property or `tokenProvider`), or password sign-in (the static portal's
//! default). Whatever happens to the credentials, the form stays mounted,
//! so the draft, the uploads and a pending submit survive re-authentication.

use leptos::prelude::*;

use super::browser::{load_session, store_session, DraftStore};
use super::request_form::RequestForm;
use super::sign_in::SignIn;
use crate::api::wire::ApiError;
use crate::messages;
use crate::model::config::FormConfig;
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, Standard};
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
    #[prop(optional)] events: HostEvents,
) -> impl IntoView {
    let session = RwSignal::new(load_session(&server.get_untracked()));
    let notice = RwSignal::new(None::<String>);
    let requester = FieldId::Standard(Standard::RequesterEmail);
    let draft = RwSignal::new(Draft::new(&config.spec));
    // The signed-in user is the requester unless they type someone else.
    let prefill = move |email: &str| {
        draft.update(|draft| {
            if draft.text(requester).trim().is_empty() {
                draft.set(requester, FieldValue::Text(email.to_owned()));
            }
        })
    };
    if let Some(email) = session.with_untracked(|session| session.as_ref().map(|s| s.email.clone()))
    {
        prefill(&email);
    }

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
    let needs_sign_in = move || host_token().is_none() && session.with(Option::is_none);
    // Mounted once credentials first exist, then kept (hidden while signing
    // in again): see the module comment.
    let form_mounted = RwSignal::new(!needs_sign_in());
    let on_signed_in = Callback::new(move |signed_in: Session| {
        // Set only once: setting it again would mount a second form.
        if !form_mounted.get_untracked() {
            form_mounted.set(true);
        }
        store_session(&server.get_untracked(), Some(&signed_in));
        prefill(&signed_in.email);
        notice.set(None);
        session.set(Some(signed_in));
    });
    let forget_session = move |why: Option<&str>| {
        store_session(&server.get_untracked(), None);
        notice.set(why.map(str::to_owned));
        session.set(None);
    };
    Effect::new(move |_| {
        // Sync with the outside world: a token given later by the host
        // (attribute or property) mounts the form.
        if !needs_sign_in() && !form_mounted.get_untracked() {
            form_mounted.set(true);
        }
    });

    let on_failed = Callback::new(move |error: ApiError| {
        let status = error.status();
        match (&error, host_token().is_some()) {
            (ApiError::Unauthorized(_), false) => forget_session(Some(messages::SESSION_EXPIRED)),
            (ApiError::Unauthorized(_), true) if events.refresh_token.is_some() => {
                if let Some(refresh) = events.refresh_token {
                    refresh.run(());
                }
            }
            _ => {
                if let Some(failed) = events.failed {
                    failed.run((status, error.message()));
                }
            }
        }
    });
    let signed_in_as = move || session.with(|session| session.as_ref().map(|s| s.email.clone()));

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
    let form = move || {
        form_mounted.get().then(|| {
            view! {
                <div hidden=needs_sign_in>
                    <div class="srf-account" hidden=move || host_token().is_some()>
                        <span class="srf-account-email">{signed_in_as}</span>
                        <button class="srf-link-button" type="button" on:click=move |_| forget_session(None)>
                            {messages::SIGN_OUT}
                        </button>
                    </div>
                    <RequestForm
                        server=server.get_untracked()
                        authorization
                        spec=config.spec.clone()
                        attachments=config.attachments.clone()
                        draft
                        request_timeout_ms=config.request_timeout_seconds * 1000.0
                        draft_store=DraftStore::new(&server.get_untracked(), &config.form_id, config.draft_max_age_days)
                        on_failed
                        on_created=Callback::new(move |ticket| {
                            if let Some(created) = events.created {
                                created.run(ticket);
                            }
                        })
                    />
                </div>
            }
        })
    };
    view! {
        {sign_in}
        {form}
    }
}
