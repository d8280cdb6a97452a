//! A configuration that cannot be used, said on the page and in the console.

use leptos::prelude::*;

use super::words::FormWords;
use crate::embed::Trouble;

/// Shows why a configuration cannot be used, on the page and in the console.
#[component]
pub fn ConfigError(trouble: Trouble) -> impl IntoView {
    let words = FormWords::get();
    let message = words.with_untracked(|w| trouble.describe(w));
    web_sys::console::error_1(&message.clone().into());
    view! { <p class="srf-config-error" role="alert">{message}</p> }
}
