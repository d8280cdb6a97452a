//! A first screen written as HTML by the build (`cargo xtask dist` for the
//! portal, `cargo xtask snippet` for embedders), from a configuration and a
//! language, with its [`stamp`](super::stamp::stamp).

use std::rc::Rc;

use serde_json::Value;

use super::html::{escape, Html};
use super::{paint, stamp::stamp, Canvas, Screen, PRERENDER_PREFIX};
use crate::i18n::{self, Catalog, Plain, Words};
use crate::model::config::FormConfig;

/// Which screen to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The form (hosts that give the token).
    Form,
    /// The portal's sign-in.
    SignIn,
}

/// What to prerender from.
pub struct Source<'a> {
    /// The configuration's text; `None`: the defaults.
    pub config: Option<&'a str>,
    /// The language wanted (`--locale`); else the configuration's, else
    /// English.
    pub locale: Option<&'a str>,
    /// The colour scheme (`--theme`); else the configuration's.
    pub theme: Option<&'a str>,
    pub which: Which,
    /// A shipped catalog's text by language tag (`locales/{tag}.json`).
    pub catalog: &'a dyn Fn(&str) -> Option<String>,
}

/// A prerendered first screen.
#[derive(Debug)]
pub struct Prerendered {
    /// The screen's HTML: a `<noscript>` line, then its root.
    pub html: String,
    pub stamp: String,
    /// The language it is written in.
    pub lang: String,
}

/// Writes the first screen of `source`.
pub fn prerender(source: &Source) -> Result<Prerendered, String> {
    let value: Option<Value> = match source.config {
        Some(text) => Some(FormConfig::json(text).map_err(|error| format!("{error:?}"))?),
        None => None,
    };
    let config = match &value {
        Some(value) => FormConfig::from_value(value)
            .map_err(|error| format!("the configuration is not valid at `{}`", error.path))?,
        None => FormConfig::default(),
    };
    let wanted: Vec<String> = source
        .locale
        .or(config.locale.as_deref())
        .map(|tag| vec![tag.to_owned()])
        .unwrap_or_default();
    let shipped: Vec<String> = i18n::SHIPPED.iter().map(|tag| (*tag).to_owned()).collect();
    let chosen = i18n::negotiate(&wanted, &shipped).unwrap_or_else(|| "en".to_owned());
    let catalog = if chosen == "en" {
        None
    } else {
        let text = (source.catalog)(&chosen)
            .ok_or_else(|| format!("no catalog for the language `{chosen}`"))?;
        let catalog = Catalog::parse(&text)
            .map_err(|problem| format!("the catalog `{chosen}` cannot be read: {problem:?}"))?;
        Some(Rc::new(catalog))
    };
    let words = Words::configured(&chosen, catalog, &config.messages, Rc::new(Plain));
    let screen = match source.which {
        Which::SignIn => Screen::SignIn,
        Which::Form if !config.services.is_empty() => {
            return Err(
                "a configuration with services opens on its list of services, which comes with the app: prerender the sign-in (--sign-in) or a configuration without services".to_owned(),
            )
        }
        Which::Form => Screen::Form {
            spec: &config.spec,
            accept: &config.attachments.accept,
            requester: None,
            prefill: &[],
            account: None,
        },
    };
    let theme = source
        .theme
        .and_then(crate::model::config::Theme::from_name)
        .unwrap_or(config.theme)
        .name();
    let mut html = Html::default();
    let painted = paint(
        &mut html,
        &Html::TOP,
        &screen,
        PRERENDER_PREFIX,
        &words,
        theme,
    );
    let stamp = stamp(value.as_ref(), &words);
    if !html.inexact {
        html.set(&painted.root, "data-stamp", &stamp);
    }
    if let Some(kind) = screen.prerendered_as() {
        html.set(&painted.root, "data-screen", kind);
    }
    let noscript = format!(
        "<noscript><p class=\"srf-noscript\" lang=\"{lang}\" dir=\"{dir}\">{text}</p></noscript>",
        lang = escape(&words.lang, true),
        dir = words.direction().attribute(),
        text = escape(&words.text("needsJavaScript"), false),
    );
    Ok(Prerendered {
        html: noscript + &html.write(),
        stamp,
        lang: chosen,
    })
}
