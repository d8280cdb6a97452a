//! "Sent with your request": the context of the page (`config.context`)
//! and the host's own (`context` property), shown before Submit exactly as
//! it is sent.

use leptos::prelude::*;

use super::words::{t, FormWords};
use crate::browser::dom::page_facts;
use crate::i18n::Words;
use crate::model::context::{self, ContextSettings, Label};

/// The lines sent with a request, as `settings` and the host's `pairs`
/// say (the page's facts read when they change).
pub fn context_lines(
    settings: ContextSettings,
    pairs: Signal<Vec<(String, String)>>,
) -> Memo<Vec<(Label, String)>> {
    Memo::new(move |_| {
        let facts = page_facts(&settings.include);
        pairs.with(|pairs| context::lines(&settings, &facts, pairs))
    })
}

fn label(words: &Words, label: &Label) -> String {
    match label {
        Label::Fact(fact) => words.text(&format!("context.{}", fact.name())),
        Label::Host(name) => name.clone(),
    }
}

/// The text sent for `lines`, in the form's language; `None` without any.
pub fn context_text(lines: Memo<Vec<(Label, String)>>) -> Memo<Option<String>> {
    let words = FormWords::get();
    Memo::new(move |_| {
        words.with(|words| {
            lines.with(|lines| {
                context::text(&words.text("context.title"), lines, |fact| {
                    label(words, &Label::Fact(fact))
                })
            })
        })
    })
}

/// A disclosure with every line, closed until the person opens it.
#[component]
pub fn SentWithRequest(lines: Memo<Vec<(Label, String)>>) -> impl IntoView {
    let words = FormWords::get();
    move || {
        let lines = lines.get();
        (!lines.is_empty()).then(|| {
            let rows = lines
                .into_iter()
                .map(|(name, value)| {
                    let name = move || words.with(|words| label(words, &name));
                    view! { <dt>{name}</dt><dd>{value}</dd> }
                })
                .collect_view();
            view! {
                <details class="srf-context">
                    <summary>{t("context.title")}</summary>
                    <dl>{rows}</dl>
                </details>
            }
        })
    }
}
