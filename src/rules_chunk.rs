//! The admins' rules, a chunk of their own in the release bundle: reading
//! and checking a configuration's conditions, applying them on the first
//! screen, and listing every problem of a configuration. The main module
//! reaches this code only through the functions here, so a form without
//! conditions and with a good configuration never loads it (tests and
//! other builds link it in).

use serde_json::Value;

use crate::embed::ChunkError;
use crate::first_screen::tailoring::{self, Apply};
use crate::model::config::{ConfigError, FormConfig};
use crate::model::config_check::problems;

/// `config` (read from `value` without its conditions) with them, and how
/// the first screen applies them.
fn read(value: &Value, config: FormConfig) -> Result<(FormConfig, Apply), ConfigError> {
    Ok((config.with_conditions(value)?, tailoring::apply))
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(rules, fallible)]
pub fn with_conditions(
    value: Value,
    config: FormConfig,
) -> Result<Result<(FormConfig, Apply), ConfigError>, ChunkError> {
    Ok(read(&value, config))
}

#[cfg(not(feature = "split"))]
pub async fn with_conditions(
    value: Value,
    config: FormConfig,
) -> Result<Result<(FormConfig, Apply), ConfigError>, ChunkError> {
    Ok(read(&value, config))
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
