//! A first screen written as HTML by the build (`cargo xtask dist` for the
//! portal, `cargo xtask snippet` for embedders), from a configuration and a
//! language, with its [`stamp`](super::stamp::stamp).

use std::rc::Rc;

use serde_json::Value;

use super::html::{escape, Html};
use super::{paint, stamp::stamp, Canvas, Screen, HOLDER, PRERENDER_PREFIX};
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

/// The language a prerender is written in: `locale`, else the
/// configuration's, else English (of those that ship).
pub fn language(locale: Option<&str>, config: &FormConfig) -> String {
    let wanted: Vec<String> = locale
        .or(config.locale.as_deref())
        .map(|tag| vec![tag.to_owned()])
        .unwrap_or_default();
    let shipped: Vec<String> = i18n::SHIPPED.iter().map(|tag| (*tag).to_owned()).collect();
    i18n::negotiate(&wanted, &shipped).unwrap_or_else(|| "en".to_owned())
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
    let chosen = language(source.locale, &config);
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
    html.disable_submit();
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

/// What a snippet is asked for: `cargo xtask snippet`'s options, and the
/// loader's `snippet()`'s.
#[derive(Debug, Default, PartialEq)]
pub struct SnippetOptions {
    /// The bundle's folder as the page loads it, ending in `/`.
    pub base: String,
    pub server_url: Option<String>,
    /// Where the element reads its configuration (else beside the bundle).
    pub config_src: Option<String>,
    pub locale: Option<String>,
    pub theme: Option<String>,
    /// The sign-in prerendered in place of the form.
    pub sign_in: bool,
}

impl SnippetOptions {
    /// The snippet for the configuration `config` (its text), published as
    /// `name` beside the bundle unless `config_src` says where; `catalog`
    /// gives a shipped catalog's text by language tag.
    pub fn write(
        &self,
        config: &str,
        name: &str,
        catalog: &dyn Fn(&str) -> Option<String>,
    ) -> Result<String, String> {
        let first = prerender(&Source {
            config: Some(config),
            locale: self.locale.as_deref(),
            theme: self.theme.as_deref(),
            which: if self.sign_in {
                Which::SignIn
            } else {
                Which::Form
            },
            catalog,
        })?;
        Ok(snippet(self, name, Some(&first)))
    }
}

/// The HTML an embedder pastes into a page: the hold script, the element
/// (reading its configuration from `name` beside the bundle unless
/// `options.config_src` says where) and, if there is one, its `first`
/// screen in a declarative shadow root, then the bundle.
pub fn snippet(options: &SnippetOptions, name: &str, first: Option<&Prerendered>) -> String {
    let config_src = options
        .config_src
        .clone()
        .unwrap_or_else(|| format!("{}{name}", options.base));
    let attributes: String = [
        ("server-url", options.server_url.as_deref()),
        ("config-src", Some(config_src.as_str())),
        ("locale", options.locale.as_deref()),
        ("theme", options.theme.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some(format!(" {name}=\"{}\"", escape(value?, true))))
    .collect();
    let base = escape(&options.base, true);
    let (said, root) = match first {
        Some(first) => (
            "its first screen is in the page; the script takes it over.",
            // The stylesheet after the form: a stylesheet still loading in
            // the body stops the parser where it stands, so the browser
            // builds the form while it loads. The holder is `hidden` until
            // the stylesheet shows it (`.srf-holder[hidden]`), so the form
            // is never drawn unstyled.
            format!(
                "<template shadowrootmode=\"open\"><div class=\"{HOLDER}\" hidden>{}</div><link rel=\"stylesheet\" href=\"{base}support-request-form.css\"></template>",
                first.html
            ),
        ),
        None => (
            "its first screen (the list of services) comes with the script.",
            String::new(),
        ),
    };
    format!(
        r#"<!-- support-request-form {version}: {said} -->
<link rel="preload" href="{base}support-request-form.css" as="style">
<!-- Holds Submit until the script; the prerendered Submit is disabled until it runs. -->
<script async src="{base}support-request-form-hold.js"></script>
<support-request-form{attributes}>{root}</support-request-form>
<!-- After the form, so its HTML arrives before the bundle's downloads share the line. -->
<link rel="modulepreload" href="{base}support-request-form.js">
<link rel="preload" href="{base}support-request-form-wasm_bg.wasm" as="fetch" crossorigin>
<script type="module" src="{base}support-request-form.js"></script>
"#,
        version = crate::VERSION,
    )
}
