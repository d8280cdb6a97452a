//! The admins' rules, a chunk of their own in the release bundle: reading
//! and checking a configuration's conditions (and what names other
//! fields), applying them on the first screen, reading prefills, and
//! listing every problem of a configuration. The main module reaches this
//! code only through the functions here, so a form without rules, without
//! a prefill and with a good configuration never loads it (tests and other
//! builds link it in). It also finds out why a file at boot got no answer.

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use crate::api::http;
use crate::api::wire::ApiError;
use crate::boot::{open_service, prefill};
use crate::embed::ChunkError;
use crate::first_screen::tailoring::{self, Apply};
use crate::i18n::Words;
use crate::model::boot::Trouble;
use crate::model::conditions::Rules;
use crate::model::config::{ConfigError, FormConfig};
use crate::model::config_check::problems;
use crate::model::prefill::Prefill;

/// The functions through which the main module reaches this chunk: split
/// off in the release bundle (loaded on first call, which fails with
/// [`ChunkError`] if it cannot be), linked in elsewhere.
macro_rules! in_rules_chunk {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block)*) => {$(
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split(rules, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<$out, ChunkError> {
            Ok($body)
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Result<$out, ChunkError> {
            Ok($body)
        }
    )*};
}

/// Reads the starting values the host (its `prefill`) and the link give
/// for a configuration ([`crate::boot::prefill`]).
pub type ReadPrefill = fn(Option<&Value>, &FormConfig) -> Prefill;

/// Finds the configuration of the service the host or a link opens
/// ([`crate::boot::open_service`]).
pub type OpenService = for<'a> fn(Option<&str>, &'a FormConfig) -> Option<&'a FormConfig>;

/// `config` (read from `value` without its rules) with them, and how the
/// first screen applies its conditions, if it has any.
fn read(value: &Value, config: FormConfig) -> Result<(FormConfig, Option<Apply>), ConfigError> {
    let config = config.with_rules(value)?;
    let forms = std::iter::once(&config).chain(config.services.iter().map(|s| &s.config));
    let conditional = forms
        .flat_map(|form| &form.spec.fields)
        .any(|field| field.rules != Rules::default());
    Ok((config, conditional.then_some(tailoring::apply as Apply)))
}

/// What the form says of a configuration or a catalog that cannot be
/// used: the message, every problem in the form's words, and each in
/// English with its key (for `config-invalid`).
#[derive(Clone, Debug, Default)]
pub struct Said {
    pub message: String,
    pub all: Vec<String>,
    pub english: Vec<(String, String)>,
}

impl Said {
    /// Without the rules' chunk: each problem by its key alone.
    pub fn plainly(trouble: &Trouble, words: &Words) -> Self {
        let path = |error: &ConfigError| error.path.clone();
        let problems = trouble.problems();
        Self {
            message: words.trouble_with(trouble, path),
            all: problems.iter().map(path).collect(),
            english: problems
                .iter()
                .map(|error| (error.path.clone(), String::new()))
                .collect(),
        }
    }
}

fn say(trouble: &Trouble, words: &Words) -> Said {
    // A form whose configuration is wrong never starts the app.
    crate::i18n::learn_config_english();
    let english = Words::english();
    let problems = trouble.problems();
    Said {
        message: words.trouble(trouble),
        all: problems
            .iter()
            .map(|error| words.config_error(error))
            .collect(),
        english: problems
            .iter()
            .map(|error| (error.path.clone(), english.config_problem(&error.problem)))
            .collect(),
    }
}

/// Finding out why `url` did not answer (see [`http::no_answer`]).
pub type Probe = Pin<Box<dyn Future<Output = ApiError>>>;

fn probe(url: String) -> Probe {
    Box::pin(async move { http::no_answer(&url, false).await })
}

in_rules_chunk! {
    /// Reads the rules of `value` into `config` (see [`read`]).
    fn with_rules(value: Value, config: FormConfig) -> Result<(FormConfig, Option<Apply>), ConfigError> {
        read(&value, config)
    }

    /// What reads prefills.
    fn prefill_reader() -> ReadPrefill {
        prefill as ReadPrefill
    }

    /// What finds the service the host or a link opens.
    fn service_opener() -> OpenService {
        open_service as OpenService
    }

    /// What the form says of `trouble`, in `words`.
    fn said(trouble: Trouble, words: Words) -> Said {
        say(&trouble, &words)
    }

    /// Every problem of the configuration `value`.
    fn every_problem(value: Value) -> Vec<ConfigError> {
        problems(&value)
    }

    /// Finds out why `url` gave no answer.
    fn no_answer(url: String) -> Probe {
        probe(url)
    }
}
