//! Email + password sign-in through the OAuth password grant.

use leptos::prelude::*;

use super::fields::SignInInput;
use super::handover::Handover;
use super::tasks::Tasks;
use super::words::{t, FormWords};
use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::dom::unique_prefix;
use crate::browser::time::now_ms;
use crate::markup;
use crate::model::config::FormConfig;
use crate::model::email::is_valid_email;
use crate::model::session::Session;
use crate::model::validate::Problem;

#[component]
pub fn SignIn(
    config: FormConfig,
    server: String,
    /// Shown above the fields, e.g. why the user has to sign in again (a
    /// catalog key).
    notice: Signal<Option<&'static str>>,
    on_signed_in: Callback<Session>,
) -> impl IntoView {
    let words = FormWords::get();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    let email_error = Signal::derive(move || {
        let text = email.get();
        (attempted.get() && !is_valid_email(text.trim()))
            .then(|| words.with(|w| w.problem(&w.text("signIn.email"), &Problem::InvalidEmail)))
    });
    let password_error = Signal::derive(move || {
        (attempted.get() && password.with(String::is_empty))
            .then(|| words.with(|w| w.text("signIn.enterPassword")))
    });

    let tasks = Tasks::new();
    let busy = RwSignal::new(false);
    let (config, server) = (StoredValue::new(config), StoredValue::new(server));
    let grant = move || {
        let (config, server) = (config.get_value(), server.get_value());
        let username = email.get_untracked().trim().to_owned();
        let secret = password.get_untracked();
        busy.set(true);
        tasks.spawn(async move {
            let result = http::password_grant(
                &server,
                &config.client_id,
                &config.client_secret,
                &username,
                &secret,
            )
            .await;
            match result {
                Ok(grant) => {
                    failure.set(None);
                    password.set(String::new());
                    on_signed_in.run(Session::granted(
                        grant.access_token,
                        username,
                        now_ms(),
                        grant.expires_in,
                    ));
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };

    // "Sign in", pressed here or on the first screen.
    let press = move || {
        attempted.set(true);
        failure.set(None);
        if email_error.get_untracked().is_none()
            && password_error.get_untracked().is_none()
            && !busy.get_untracked()
        {
            grant();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        press();
    };

    // Taking over from the first screen: its ids, and what was typed
    // there once the app replaces it.
    let prefix = Handover::take(move |handed| {
        email.set(handed.email);
        password.set(handed.password);
        if handed.submitted {
            press();
        }
    })
    .unwrap_or_else(unique_prefix);

    view! {
        <form class="srf-form srf-sign-in" part="sign-in" novalidate=true on:submit=on_submit>
            <h2 class="srf-title">{t("signIn.title")}</h2>
            <p class="srf-notice" role="status" hidden=move || notice.with(Option::is_none)>
                {move || notice.get().map(|key| words.with(|w| w.text(key)))}
            </p>
            <SignInInput
                prefix=prefix.clone()
                field=markup::SIGN_IN_EMAIL
                value=email.into()
                on_input=Callback::new(move |value| email.set(value))
                error=email_error
            />
            <SignInInput
                prefix=prefix.clone()
                field=markup::SIGN_IN_PASSWORD
                value=password.into()
                on_input=Callback::new(move |value| password.set(value))
                error=password_error
            />
            <p class="srf-server-error" role="alert">
                {move || failure.with(|error| error.as_ref().map(|error| words.with(|w| w.api_error(error))))}
            </p>
            <div class="srf-actions">
                <button class="srf-button srf-submit" part="submit" type="submit" disabled=move || busy.get()>
                    {move || words.with(|w| w.text(if busy.get() { "signIn.busy" } else { "signIn.submit" }))}
                </button>
            </div>
        </form>
    }
}
