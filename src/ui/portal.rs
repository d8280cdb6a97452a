//! The static portal: the form with password sign-in, configured by a JSON
//! file next to the page, rendered in the page itself (no shadow root).

use leptos::prelude::*;

use super::host::FormHost;
use crate::api::http;
use crate::browser::dom::page_origin;
use crate::messages;
use crate::model::config::FormConfig;

/// Reads and checks a configuration file. Plain `GET`: credentials are never
/// sent to it.
pub async fn load_config(url: String) -> Result<FormConfig, String> {
    let text = http::fetch_text(&url)
        .await
        .map_err(|error| error.message())?;
    FormConfig::parse(&text).map_err(|error| error.to_string())
}

/// Shows why a configuration cannot be used, on the page and in the console.
#[component]
pub fn ConfigError(detail: String) -> impl IntoView {
    let message = messages::bad_config(&detail);
    web_sys::console::error_1(&message.clone().into());
    view! { <p class="srf-config-error" role="alert">{message}</p> }
}

/// The whole static portal: configuration, sign-in, form.
#[component]
pub fn Portal(
    /// URL of the configuration, relative to the page.
    #[prop(into)]
    config_src: String,
) -> impl IntoView {
    let config = LocalResource::new(move || load_config(config_src.clone()));
    view! {
        <div class="srf-root">
            <Suspense fallback=|| view! { <p class="srf-notice">{messages::LOADING_CONFIG}</p> }>
                {move || {
                    config
                        .get()
                        .map(|loaded| match loaded {
                            Ok(config) => {
                                let server = config.server_base(&page_origin());
                                let token: Option<String> = None;
                                view! { <FormHost config server token /> }.into_any()
                            }
                            Err(detail) => view! { <ConfigError detail /> }.into_any(),
                        })
                }}
            </Suspense>
        </div>
    }
}
