//! A configuration that cannot be used, said on the page and in the console:
//! every problem, when the form could find them all.

use leptos::prelude::*;

use super::words::FormWords;
use crate::embed::Trouble;
use crate::model::config::ConfigError as Problem;

/// Shows why a configuration cannot be used, on the page and in the console.
#[component]
pub fn ConfigError(
    trouble: Trouble,
    /// Every problem of the configuration, when there are more than one.
    #[prop(optional)]
    all: Vec<Problem>,
) -> impl IntoView {
    let words = FormWords::get();
    let message = words.with_untracked(|w| trouble.describe(w));
    web_sys::console::error_1(&message.clone().into());
    let more = (all.len() > 1).then(|| {
        let items = words.with_untracked(|w| {
            all.iter()
                .map(|problem| view! { <li>{w.config_error(problem)}</li> })
                .collect_view()
        });
        view! { <ul class="srf-config-problems">{items}</ul> }
    });
    view! {
        <div class="srf-config-error" role="alert">
            <p>{message}</p>
            {more}
        </div>
    }
}
