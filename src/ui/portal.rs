//! The static portal's container: reads `config.json`, keeps the session for
//! the tab, and switches between sign-in and the form without losing the
//! draft.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::{load_session, page_origin, store_session};
use super::request_form::RequestForm;
use super::sign_in::SignIn;
use crate::api::http;
use crate::messages;
use crate::model::config::FormConfig;
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, Standard};
use crate::model::session::Session;

/// Mounts the portal into `#srf-portal` (or the body when the page has no
/// such element).
pub fn mount_portal() {
    let target = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("srf-portal"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    match target {
        Some(element) => leptos::mount::mount_to(element, Portal).forget(),
        None => leptos::mount::mount_to_body(Portal),
    }
}

async fn load_config() -> Result<FormConfig, String> {
    let text = http::fetch_text("config.json")
        .await
        .map_err(|error| error.message())?;
    FormConfig::parse(&text).map_err(|error| error.to_string())
}

/// The whole static portal: configuration, sign-in, form.
#[component]
pub fn Portal() -> impl IntoView {
    let config = LocalResource::new(load_config);
    view! {
        <div class="srf-portal-inner">
            <Suspense fallback=|| view! { <p class="srf-notice">{messages::LOADING_CONFIG}</p> }>
                {move || {
                    config
                        .get()
                        .map(|loaded| match loaded {
                            Ok(config) => view! { <SignedInArea config /> }.into_any(),
                            Err(detail) => {
                                let message = messages::bad_config(&detail);
                                web_sys::console::error_1(&message.clone().into());
                                view! { <p class="srf-config-error" role="alert">{message}</p> }.into_any()
                            }
                        })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn SignedInArea(config: FormConfig) -> impl IntoView {
    let server = config.server_base(&page_origin());
    let session = RwSignal::new(load_session());
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

    let form_mounted = RwSignal::new(session.with_untracked(Option::is_some));
    let on_signed_in = Callback::new(move |signed_in: Session| {
        // Set only once: setting it again would mount a second form.
        if !form_mounted.get_untracked() {
            form_mounted.set(true);
        }
        store_session(Some(&signed_in));
        prefill(&signed_in.email);
        notice.set(None);
        session.set(Some(signed_in));
    });
    let forget_session = move |why: Option<&str>| {
        store_session(None);
        notice.set(why.map(str::to_owned));
        session.set(None);
    };
    let on_unauthorized = Callback::new(move |()| forget_session(Some(messages::SESSION_EXPIRED)));
    let authorization = Signal::derive(move || {
        session.with(|session| {
            session
                .as_ref()
                .map(Session::authorization)
                .unwrap_or_default()
        })
    });
    let signed_in_as = move || session.with(|session| session.as_ref().map(|s| s.email.clone()));

    // The form is mounted at the first sign-in and stays mounted (hidden)
    // while the user signs in again after a 401, so uploads in progress,
    // files picked and the pending submit all survive re-authentication.
    let signed_out = move || session.with(Option::is_none);
    let sign_in = {
        let (config, server) = (config.clone(), server.clone());
        move || {
            signed_out().then(|| {
                view! {
                    <SignIn config=config.clone() server=server.clone() notice=notice.into() on_signed_in />
                }
            })
        }
    };
    let form = move || {
        form_mounted.get().then(|| {
            view! {
                <div hidden=signed_out>
                    <div class="srf-account">
                        <span class="srf-account-email">{signed_in_as}</span>
                        <button class="srf-link-button" type="button" on:click=move |_| forget_session(None)>
                            {messages::SIGN_OUT}
                        </button>
                    </div>
                    <RequestForm
                        server=server.clone()
                        authorization
                        spec=config.spec.clone()
                        attachments=config.attachments.clone()
                        draft
                        on_unauthorized
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
