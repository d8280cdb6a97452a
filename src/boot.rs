//! What the main module and the app agree on: the host's inputs, a change
//! to one of them, the running app as the main module sees it, and what
//! the app is started with; and how the inputs become a configuration and
//! words. Leptos-free: the main module (`embed`) drives the boot
//! ([`crate::model::boot`]) with it, the app (`app`) only receives.

use futures::future::join;
use serde_json::Value;
use web_sys::{Element, HtmlElement};

use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::dom::{page_origin, query_values};
use crate::browser::words;
use crate::first_screen::tailoring::Apply;
use crate::first_screen::FirstScreen;
use crate::i18n::Words;
use crate::model::boot::{Input, Trouble};
use crate::model::config::{ConfigError, FormConfig, Theme};
use crate::model::prefill::{self as prefills, Prefill};
use crate::painting::stamp::stamp;
use crate::rules_chunk::{self, OpenService, ReadPrefill, Said};

/// What the host page has set: attributes and properties, as plain values.
#[derive(Clone, Default)]
pub struct HostInputs {
    pub server_url: Option<String>,
    pub token: Option<String>,
    pub config_src: Option<String>,
    pub config: Option<Value>,
    pub locale: Option<String>,
    pub user: Option<String>,
    pub theme: Option<String>,
    pub token_provider: Option<js_sys::Function>,
    /// Starting values (`prefill`), as the host gave them.
    pub prefill: Option<Value>,
    /// What the host has sent with each request (`context`).
    pub context: Option<Value>,
    /// The service to open (`service`), by its id.
    pub service: Option<String>,
}

impl HostInputs {
    pub fn from_attributes(host: &HtmlElement) -> Self {
        Self {
            server_url: host.get_attribute("server-url"),
            token: host.get_attribute("token"),
            config_src: host.get_attribute("config-src"),
            locale: host.get_attribute("locale"),
            user: host.get_attribute("user"),
            theme: host.get_attribute("theme"),
            service: host.get_attribute("service"),
            ..Self::default()
        }
    }

    /// The host's token, if it gave a usable one.
    pub fn host_token(&self) -> Option<&str> {
        self.token
            .as_deref()
            .filter(|token| !token.trim().is_empty())
    }

    /// The color scheme: the `theme` attribute, else the configuration's.
    pub fn theme(&self, configured: Option<Theme>) -> &'static str {
        self.theme
            .as_deref()
            .and_then(Theme::from_name)
            .or(configured)
            .unwrap_or_default()
            .name()
    }

    /// The server: the `server-url` attribute, else the configuration's.
    pub fn server(&self, config: &FormConfig) -> String {
        self.server_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| config.server_base(&page_origin()))
    }

    /// Whether the host or a link may give a prefill for `config` (read
    /// by the rules' chunk, loaded anyway for `prefillFromUrl`).
    pub fn wants_prefill(&self, config: &FormConfig) -> bool {
        self.prefill.is_some() || !config.prefill_from_url.is_empty()
    }

    /// Where the configuration comes from.
    fn source(&self) -> (Option<&Value>, Option<&str>) {
        (self.config.as_ref(), self.config_src.as_deref())
    }
}

/// The starting values for `config`: the host's `prefill` (`given`),
/// under the link's (`?srf-<name>=…` for the names `prefillFromUrl`
/// lists).
pub fn prefill(given: Option<&Value>, config: &FormConfig) -> Prefill {
    let host = given
        .map(|value| prefills::from_host(&config.spec, value))
        .unwrap_or_default();
    let link = prefills::from_url(
        &config.spec,
        &config.prefill_from_url,
        &query_values(&config.prefill_from_url, "srf-"),
    );
    host.and(link)
}

/// The configuration of the service the host (`host`, its `service`) or
/// else a link (`?service=ID`) opens; `None` if they name none (the person
/// picks one in the app).
pub fn open_service<'a>(host: Option<&str>, config: &'a FormConfig) -> Option<&'a FormConfig> {
    let link = query_values(&["service".to_owned()], "");
    let named = host
        .into_iter()
        .chain(link.iter().map(|(_, id)| id.as_str()));
    named
        .filter_map(|id| crate::model::services::find(&config.services, id))
        .map(|service| &service.config)
        .next()
}

/// A change the host page (or the person, for the session) makes.
pub enum Change {
    ServerUrl(Option<String>),
    Token(Option<String>),
    ConfigSrc(Option<String>),
    Config(Option<Value>),
    Locale(Option<String>),
    User(Option<String>),
    Theme(Option<String>),
    TokenProvider(Option<js_sys::Function>),
    Prefill(Option<Value>),
    Context(Option<Value>),
    Service(Option<String>),
    /// The portal's stored sign-in changed (it lives in storage).
    Session,
}

impl Change {
    /// The input it changes.
    pub fn input(&self) -> Input {
        match self {
            Change::ServerUrl(_) => Input::ServerUrl,
            Change::Token(_) => Input::Token,
            Change::ConfigSrc(_) => Input::ConfigSrc,
            Change::Config(_) => Input::Config,
            Change::Locale(_) => Input::Locale,
            Change::User(_) => Input::User,
            Change::Theme(_) => Input::Theme,
            Change::TokenProvider(_) => Input::TokenProvider,
            Change::Prefill(_) => Input::Prefill,
            Change::Context(_) => Input::Context,
            Change::Service(_) => Input::Service,
            Change::Session => Input::Session,
        }
    }

    /// The current value of `input`, as a change to hand to the app.
    pub fn of(input: Input, inputs: &HostInputs) -> Self {
        match input {
            Input::ServerUrl => Change::ServerUrl(inputs.server_url.clone()),
            Input::Token => Change::Token(inputs.token.clone()),
            Input::ConfigSrc => Change::ConfigSrc(inputs.config_src.clone()),
            Input::Config => Change::Config(inputs.config.clone()),
            Input::Locale => Change::Locale(inputs.locale.clone()),
            Input::User => Change::User(inputs.user.clone()),
            Input::Theme => Change::Theme(inputs.theme.clone()),
            Input::TokenProvider => Change::TokenProvider(inputs.token_provider.clone()),
            Input::Prefill => Change::Prefill(inputs.prefill.clone()),
            Input::Context => Change::Context(inputs.context.clone()),
            Input::Service => Change::Service(inputs.service.clone()),
            Input::Session => Change::Session,
        }
    }

    /// Records the change; `false` when the value was already set (setting
    /// the same value twice is harmless).
    pub fn apply(self, inputs: &mut HostInputs) -> bool {
        fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
            let changed = *slot != value;
            *slot = value;
            changed
        }
        match self {
            Change::ServerUrl(value) => set(&mut inputs.server_url, value),
            Change::Token(value) => set(&mut inputs.token, value),
            Change::ConfigSrc(value) => set(&mut inputs.config_src, value),
            Change::Config(value) => set(&mut inputs.config, value),
            Change::Locale(value) => set(&mut inputs.locale, value),
            Change::User(value) => set(&mut inputs.user, value),
            Change::Theme(value) => set(&mut inputs.theme, value),
            Change::TokenProvider(value) => set(&mut inputs.token_provider, value),
            Change::Prefill(value) => set(&mut inputs.prefill, value),
            Change::Context(value) => set(&mut inputs.context, value),
            Change::Service(value) => set(&mut inputs.service, value),
            Change::Session => true,
        }
    }
}

/// The running app, as the main module sees it. Dropping it unmounts it.
pub trait App {
    /// An input that the app reads itself changed (not the configuration
    /// or the language: see [`App::update`]).
    fn change(&self, change: Change);
    /// The configuration or the language changed: the form keeps what was
    /// typed unless the configuration itself is another.
    fn update(&self, config: FormConfig, words: Words);
}

/// Everything the app needs to take over from the first screen.
pub struct Start {
    /// Where events go (the element), if the host listens (not the portal).
    pub events_on: Option<HtmlElement>,
    /// Where the app mounts.
    pub parent: Element,
    pub inputs: HostInputs,
    pub config: FormConfig,
    /// The form's language and texts.
    pub words: Words,
    /// The first screen, if one was painted (not on a fast network).
    pub first: Option<FirstScreen>,
    /// The first screen's id prefix: the app uses the same ids.
    pub prefix: String,
    /// Whether newer inputs are being resolved (they come with
    /// [`App::update`]): the app takes over only once they have come.
    pub resolving: Box<dyn Fn() -> bool>,
}

/// The configuration and the words for some inputs.
pub struct Resolved {
    pub config: Result<FormConfig, Trouble>,
    pub words: Words,
    /// What a prerendered first screen made from the same configuration
    /// and words carries ([`crate::painting::stamp`]): worked out only
    /// while a prerendered screen waits for it.
    pub stamp: Option<String>,
    /// How the first screen applies the configuration's conditions, if it
    /// has any.
    pub tailor: Option<Apply>,
    /// How the first screen reads a prefill, once one was given.
    pub read_prefill: Option<ReadPrefill>,
    /// How the first screen finds the service it opens, if the
    /// configuration has services.
    pub open_service: Option<OpenService>,
    /// What the form says of a configuration or a catalog it cannot use
    /// (worded by the rules' chunk).
    pub said: Option<Said>,
}

/// Every problem of a configuration (at least `first`): the rules' chunk
/// lists them; `first` alone if it cannot be loaded.
async fn every_problem(value: Value, first: ConfigError) -> Vec<ConfigError> {
    let all = rules_chunk::every_problem(value).await.unwrap_or_default();
    if all.is_empty() {
        vec![first]
    } else {
        all
    }
}

/// Reads the configuration `value` (from `source`, if fetched): its
/// rules, if any, with the rules' chunk.
async fn read_config(value: Value, source: Option<&str>) -> Result<ReadConfig, Trouble> {
    let read = match FormConfig::before_rules(&value) {
        Ok(config) if !FormConfig::has_rules(&value) => return Ok((config, None, Some(value))),
        Ok(config) => rules_chunk::with_rules(value.clone(), config).await,
        Err(first) => Ok(Err(first)),
    };
    match read {
        Ok(Ok((config, tailor))) => Ok((config, tailor, Some(value))),
        Ok(Err(first)) => Err(Trouble::Config {
            source: source.map(str::to_owned),
            problems: every_problem(value, first).await,
        }),
        // As a file that could not be fetched: tried again.
        Err(_) => Err(Trouble::Unreachable {
            url: words::bundle_file("split_rules.wasm"),
            error: ApiError::Network,
        }),
    }
}

/// A configuration read: how its conditions apply on the first screen,
/// and the JSON it was read from (none for the defaults).
type ReadConfig = (FormConfig, Option<Apply>, Option<Value>);

/// Config from the `config` property (first) or `config-src`, else the
/// defaults. Plain `GET`: credentials are never sent to it.
async fn resolve_config(inputs: &HostInputs) -> Result<ReadConfig, Trouble> {
    match inputs.source() {
        (Some(value), _) => read_config(value.clone(), None).await,
        (None, Some(url)) => {
            let text = http::fetch_text(url)
                .await
                .map_err(|error| Trouble::Unreachable {
                    url: url.to_owned(),
                    error,
                })?;
            match FormConfig::json(&text) {
                Ok(value) => read_config(value, Some(url)).await,
                Err(first) => Err(Trouble::Config {
                    source: Some(url.to_owned()),
                    problems: vec![first],
                }),
            }
        }
        (None, None) => Ok((FormConfig::default(), None, None)),
    }
}

/// The configuration and the words, fetched at once: the catalog for the
/// form's or the browser's languages starts with the configuration, and
/// is fetched again only if the configuration names another language or
/// brings its own texts.
pub async fn resolve(inputs: &HostInputs, prerendered: bool) -> Resolved {
    let early = words::wanted(inputs.locale.as_deref());
    let (config, first_words) = join(resolve_config(inputs), words::load(&early, &[])).await;
    let (config, tailor, value) = match config {
        Ok((config, tailor, value)) => (Ok(config), tailor, value),
        Err(trouble) => (Err(trouble), None, None),
    };
    let (locale, own) = match &config {
        Ok(config) => (
            inputs.locale.clone().or_else(|| config.locale.clone()),
            config.messages.clone(),
        ),
        Err(_) => (inputs.locale.clone(), Vec::new()),
    };
    let loaded = if locale == inputs.locale && own.is_empty() {
        first_words
    } else {
        words::load(&words::wanted(locale.as_deref()), &own).await
    };
    let (config, words) = match loaded {
        Ok(words) => (config, words),
        // A configuration's own trouble comes first.
        Err(trouble) => (config.and(Err(trouble)), Words::english()),
    };
    let read_prefill = match &config {
        Ok(config) if inputs.wants_prefill(config) => rules_chunk::prefill_reader().await.ok(),
        _ => None,
    };
    let open_service = match &config {
        Ok(config) if !config.services.is_empty() => rules_chunk::service_opener().await.ok(),
        _ => None,
    };
    let said = match &config {
        Err(trouble @ (Trouble::Config { .. } | Trouble::Catalog { .. })) => {
            rules_chunk::said(trouble.clone(), words.clone()).await.ok()
        }
        _ => None,
    };
    Resolved {
        stamp: prerendered.then(|| stamp(value.as_ref(), &words)),
        config,
        words,
        tailor,
        read_prefill,
        open_service,
        said,
    }
}
