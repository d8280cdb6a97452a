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
use crate::boot::HostInputs;
use crate::embed::ChunkError;
use crate::first_screen::tailoring::{self, Apply};
use crate::model::conditions::Rules;
use crate::model::config::{ConfigError, FormConfig};
use crate::model::config_check::problems;
use crate::model::prefill::Prefill;

/// Reads the starting values the host and the link give for a
/// configuration ([`HostInputs::prefill`]).
pub type ReadPrefill = fn(&HostInputs, &FormConfig) -> Prefill;

/// `config` (read from `value` without its rules) with them, and how the
/// first screen applies its conditions, if it has any.
fn read(value: &Value, config: FormConfig) -> Result<(FormConfig, Option<Apply>), ConfigError> {
    let config = config.with_rules(value)?;
    let conditional = config
        .spec
        .fields
        .iter()
        .any(|field| field.rules != Rules::default());
    Ok((config, conditional.then_some(tailoring::apply as Apply)))
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(rules, fallible)]
pub fn with_rules(
    value: Value,
    config: FormConfig,
) -> Result<Result<(FormConfig, Option<Apply>), ConfigError>, ChunkError> {
    Ok(read(&value, config))
}

#[cfg(not(feature = "split"))]
pub async fn with_rules(
    value: Value,
    config: FormConfig,
) -> Result<Result<(FormConfig, Option<Apply>), ConfigError>, ChunkError> {
    Ok(read(&value, config))
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(rules, fallible)]
pub fn prefill_reader() -> Result<ReadPrefill, ChunkError> {
    Ok(HostInputs::prefill)
}

#[cfg(not(feature = "split"))]
pub async fn prefill_reader() -> Result<ReadPrefill, ChunkError> {
    Ok(HostInputs::prefill)
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(rules, fallible)]
pub fn every_problem(value: Value) -> Result<Vec<ConfigError>, ChunkError> {
    Ok(problems(&value))
}

#[cfg(not(feature = "split"))]
pub async fn every_problem(value: Value) -> Result<Vec<ConfigError>, ChunkError> {
    Ok(problems(&value))
}

/// Finding out why `url` did not answer (see [`http::no_answer`]).
pub type Probe = Pin<Box<dyn Future<Output = ApiError>>>;

fn probe(url: String) -> Probe {
    Box::pin(async move { http::no_answer(&url, false).await })
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(rules, fallible)]
pub fn no_answer(url: String) -> Result<Probe, ChunkError> {
    Ok(probe(url))
}

#[cfg(not(feature = "split"))]
pub async fn no_answer(url: String) -> Result<Probe, ChunkError> {
    Ok(probe(url))
}
