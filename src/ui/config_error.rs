//! A configuration that cannot be used, said on the page and in the console.

use leptos::prelude::*;

use crate::messages;

/// Shows why a configuration cannot be used, on the page and in the console.
#[component]
pub fn ConfigError(detail: String) -> impl IntoView {
    let message = messages::bad_config(&detail);
    web_sys::console::error_1(&message.clone().into());
    view! { <p class="srf-config-error" role="alert">{message}</p> }
}
