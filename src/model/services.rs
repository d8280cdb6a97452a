//! Services (`config.services`): what a person can ask for, each a named
//! overlay of the form's configuration — its own presets, defaults, extra
//! or hidden fields and conditions. A service's form is the configuration
//! with its overlay merged in, read by the same parser, so every rule and
//! check holds for it too.

use serde_json::{Map, Value};

use super::config::{ConfigError, ConfigProblem, FormConfig};
use super::texts::Localized;

/// The keys of a service besides its overlay.
pub const OWN_KEYS: [&str; 4] = ["id", "label", "description", "group"];

/// The configuration keys a service may overlay; the others (the server,
/// the sign-in, the language, …) belong to the whole deployment.
pub const OVERLAY_KEYS: [&str; 7] = [
    "preset",
    "technicianGroupKey",
    "fields",
    "customFields",
    "attachments",
    "context",
    "prefillFromUrl",
];

/// One service, with the form it asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub id: String,
    pub label: Localized,
    pub description: Option<Localized>,
    pub group: Option<Localized>,
    pub config: FormConfig,
}

/// `base` and `overlay` merged: a field's settings key by key, custom
/// fields by name (a new name is added at the end), objects key by key,
/// anything else replaced. Also gives, for each custom field of the
/// result, its index in the overlay's own list (if it came from there).
pub fn overlay(
    base: &Map<String, Value>,
    overlay: &Map<String, Value>,
) -> (Value, Vec<Option<usize>>) {
    let mut merged = base.clone();
    merged.remove("services");
    let mut origin: Vec<Option<usize>> = match base.get("customFields") {
        Some(Value::Array(items)) => vec![None; items.len()],
        _ => Vec::new(),
    };
    for (key, value) in overlay {
        if OWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let merged_value = match (key.as_str(), merged.get(key), value) {
            ("customFields", Some(Value::Array(items)), Value::Array(extra)) => {
                let mut items = items.clone();
                for (index, item) in extra.iter().enumerate() {
                    let name = item.get("name");
                    let same = items
                        .iter()
                        .position(|old| name.is_some() && old.get("name") == name);
                    match same {
                        Some(at) => {
                            if let Some(slot) = items.get_mut(at) {
                                *slot = merge_objects(slot, item);
                            }
                            if let Some(mark) = origin.get_mut(at) {
                                *mark = Some(index);
                            }
                        }
                        None => {
                            items.push(item.clone());
                            origin.push(Some(index));
                        }
                    }
                }
                Value::Array(items)
            }
            ("customFields", _, Value::Array(extra)) => {
                origin = (0..extra.len()).map(Some).collect();
                value.clone()
            }
            ("fields", Some(Value::Object(fields)), Value::Object(extra)) => {
                let mut fields = fields.clone();
                for (name, settings) in extra {
                    let merged = match fields.get(name) {
                        Some(old) => merge_objects(old, settings),
                        None => settings.clone(),
                    };
                    fields.insert(name.clone(), merged);
                }
                Value::Object(fields)
            }
            (_, Some(old), _) => merge_objects(old, value),
            _ => value.clone(),
        };
        merged.insert(key.clone(), merged_value);
    }
    (Value::Object(merged), origin)
}

/// `new` over `old` key by key when both are objects; else `new`.
fn merge_objects(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            let mut merged = old.clone();
            for (key, value) in new {
                merged.insert(key.clone(), value.clone());
            }
            Value::Object(merged)
        }
        _ => new.clone(),
    }
}

/// A problem of the form merged from service `index`, at the key of the
/// service it comes from where the service set it
/// (`services[2].customFields[0].type`), else at the base's key.
fn at_service(
    mut error: ConfigError,
    index: usize,
    service: &Map<String, Value>,
    origin: &[Option<usize>],
) -> ConfigError {
    let custom = error
        .path
        .strip_prefix("customFields[")
        .and_then(|rest| rest.split_once(']'));
    if let Some((position, rest)) = custom {
        let own = position
            .parse::<usize>()
            .ok()
            .and_then(|position| origin.get(position).copied().flatten());
        if let Some(own) = own {
            error.path = format!("services[{index}].customFields[{own}]{rest}");
        }
        return error;
    }
    // A key the service itself gives (`fields.categoryName.preset`).
    let mut at = Some(service);
    let mut found = false;
    for key in error.path.split('.') {
        let next = at.and_then(|map| map.get(key));
        found = next.is_some();
        at = next.and_then(Value::as_object);
    }
    if found {
        error.path = format!("services[{index}].{}", error.path);
    }
    error
}

fn fail<T>(path: String, problem: ConfigProblem) -> Result<T, ConfigError> {
    Err(ConfigError { path, problem })
}

/// Reads `config.services` over the rest of `config` (`base`).
pub fn read(base: &Map<String, Value>, value: &Value) -> Result<Vec<Service>, ConfigError> {
    let Some(items) = value.as_array() else {
        return fail("services".into(), ConfigProblem::MustBeArray);
    };
    let mut services: Vec<Service> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("services[{index}]");
        let Some(map) = item.as_object() else {
            return fail(path, ConfigProblem::MustBeObject);
        };
        if let Some(key) = map
            .keys()
            .find(|key| !OWN_KEYS.contains(&key.as_str()) && !OVERLAY_KEYS.contains(&key.as_str()))
        {
            let mut expected: Vec<String> = OWN_KEYS.iter().map(|key| (*key).to_owned()).collect();
            expected.extend(OVERLAY_KEYS.iter().map(|key| (*key).to_owned()));
            return fail(
                format!("{path}.{key}"),
                ConfigProblem::UnknownKey { expected },
            );
        }
        let id = match map.get("id") {
            Some(Value::String(id)) if !id.trim().is_empty() => id.trim().to_owned(),
            Some(Value::String(_)) => {
                return fail(format!("{path}.id"), ConfigProblem::MustNotBeEmpty)
            }
            _ => return fail(format!("{path}.id"), ConfigProblem::MustBeString),
        };
        if services.iter().any(|service| service.id == id) {
            return fail(format!("{path}.id"), ConfigProblem::NameTwice(id));
        }
        let text = |key: &str| -> Result<Option<Localized>, ConfigError> {
            match map.get(key) {
                None => Ok(None),
                Some(Value::String(text)) => Ok(Some(Localized::plain(text.clone()))),
                Some(Value::Object(texts)) => {
                    let mut by_language = Vec::new();
                    for (tag, text) in texts {
                        let Some(text) = text.as_str() else {
                            return fail(
                                format!("{path}.{key}.{tag}"),
                                ConfigProblem::MustBeString,
                            );
                        };
                        by_language.push((tag.clone(), text.to_owned()));
                    }
                    Ok(Some(Localized::by_language(by_language)))
                }
                Some(_) => fail(format!("{path}.{key}"), ConfigProblem::MustBeText),
            }
        };
        let Some(label) = text("label")? else {
            return fail(format!("{path}.label"), ConfigProblem::MustBeText);
        };
        let (merged, origin) = overlay(base, map);
        let config = FormConfig::from_value(&merged)
            .map_err(|error| at_service(error, index, map, &origin))?;
        services.push(Service {
            id,
            label,
            description: text("description")?,
            group: text("group")?,
            config,
        });
    }
    Ok(services)
}

#[cfg(test)]
mod tests;
