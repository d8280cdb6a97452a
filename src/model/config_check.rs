//! Every problem of a configuration, not only the first: for admins'
//! tools (`cargo xtask check-config`, the playground). The parser stops at
//! the first problem, so each part that is read on its own — a top-level
//! key, a standard field, a custom field — is parsed on its own (with the
//! keys it is read with), then the whole for what spans parts (a custom
//! field's name used twice, conditions, `prefillFromUrl`).

use serde_json::{Map, Value};

use super::conditions;
use super::config::{rules_problems, ConfigError, FormConfig};

/// Keys the other keys are read with.
const CONTEXT: [&str; 2] = ["preset", "technicianGroupKey"];

/// The problem of `config`, if any.
fn first(config: Value) -> Option<ConfigError> {
    FormConfig::from_value(&config).err()
}

/// `error` of a list made of the custom fields at `indices`, with the
/// custom field's index in the whole list.
fn at_index(mut error: ConfigError, indices: &[usize]) -> ConfigError {
    let Some(rest) = error.path.strip_prefix("customFields[") else {
        return error;
    };
    let Some((position, rest)) = rest.split_once(']') else {
        return error;
    };
    if let Some(index) = position
        .parse::<usize>()
        .ok()
        .and_then(|position| indices.get(position))
    {
        error.path = format!("customFields[{index}]{rest}");
    }
    error
}

/// `value` of the top-level `key` without the fields' conditions.
fn without_conditions(key: &str, mut value: Value) -> Value {
    let settings: Vec<&mut Value> = match (key, &mut value) {
        ("fields", Value::Object(fields)) => fields.values_mut().collect(),
        ("customFields", Value::Array(items)) => items.iter_mut().collect(),
        _ => Vec::new(),
    };
    // Rebuilt without the keys rather than removed from: removing from
    // the map would bring its rebalancing to the first screen.
    let without = |map: &mut Map<String, Value>, keys: &[&str]| {
        let mut kept = Map::new();
        for (key, value) in std::mem::take(map) {
            if !keys.contains(&key.as_str()) {
                kept.insert(key, value);
            }
        }
        *map = kept;
    };
    for field in settings.into_iter().filter_map(Value::as_object_mut) {
        without(field, &conditions::FIELD_KEYS);
        if let Some(Value::Array(options)) = field.get_mut("options") {
            for option in options.iter_mut().filter_map(Value::as_object_mut) {
                without(option, &["when"]);
            }
        }
    }
    value
}

/// Every problem of the conditions of `parts` (the parts fine without
/// them; `custom` the indices of its custom fields in the whole list).
fn condition_problems(parts: &Map<String, Value>, custom: &[usize]) -> Vec<ConfigError> {
    let mut bare = Map::new();
    for (key, value) in parts {
        bare.insert(key.clone(), without_conditions(key, value.clone()));
    }
    let Ok(config) = FormConfig::from_value(&Value::Object(bare)) else {
        return Vec::new();
    };
    let mut spec = config.spec;
    rules_problems(parts, &mut spec)
        .into_iter()
        .map(|error| at_index(error, custom))
        .collect()
}

/// Every problem of `config`, each once, by key.
pub fn problems(config: &Value) -> Vec<ConfigError> {
    let Some(map) = config.as_object() else {
        return first(config.clone()).into_iter().collect();
    };
    // Built by inserting, not collecting: collecting into a map sorts, and
    // this runs in the main module, where every byte counts.
    let mut context = Map::new();
    for (key, value) in map {
        if CONTEXT.contains(&key.as_str()) {
            context.insert(key.clone(), value.clone());
        }
    }
    // A part alone is read without its conditions, which may name fields
    // of other parts; the conditions are read at the end, over the parts
    // that are fine.
    let alone = |key: &str, value: Value| {
        let mut part = context.clone();
        part.insert(key.to_owned(), without_conditions(key, value));
        first(Value::Object(part))
    };
    let mut found: Vec<ConfigError> = Vec::new();
    let mut fine_parts = context.clone();
    let mut fine_custom = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("customFields", Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    match alone(key, Value::Array(vec![item.clone()])) {
                        Some(error) => found.push(at_index(error, &[index])),
                        None => fine_custom.push(index),
                    }
                }
                // Names must differ across the fields that are fine alone.
                let together = fine_custom
                    .iter()
                    .filter_map(|index| items.get(*index))
                    .cloned();
                let together = Value::Array(together.collect());
                match alone(key, together.clone()) {
                    Some(error) => found.push(at_index(error, &fine_custom)),
                    None => {
                        fine_parts.insert(key.clone(), together);
                    }
                }
            }
            ("fields", Value::Object(fields)) => {
                let mut fine = Map::new();
                for (name, field) in fields {
                    let mut one = Map::new();
                    one.insert(name.clone(), field.clone());
                    match alone(key, Value::Object(one)) {
                        Some(error) => found.push(error),
                        None => {
                            fine.insert(name.clone(), field.clone());
                        }
                    }
                }
                fine_parts.insert(key.clone(), Value::Object(fine));
            }
            // Names fields of the other parts: read over those that are fine.
            ("prefillFromUrl" | "services", _) => {}
            _ => found.extend(alone(key, value.clone())),
        }
    }
    found.extend(condition_problems(&fine_parts, &fine_custom));
    for key in ["prefillFromUrl", "services"] {
        if let Some(value) = map.get(key) {
            let mut part = fine_parts.clone();
            if key == "prefillFromUrl" {
                for (key, value) in &fine_parts {
                    part.insert(key.clone(), without_conditions(key, value.clone()));
                }
            }
            part.insert(key.into(), value.clone());
            found.extend(first(Value::Object(part)));
        }
    }
    if found.is_empty() {
        found.extend(first(config.clone()));
    }
    let mut unique: Vec<ConfigError> = Vec::new();
    for error in found {
        if !unique.contains(&error) {
            unique.push(error);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(config: Value) -> Vec<String> {
        problems(&config)
            .into_iter()
            .map(|error| error.path)
            .collect()
    }

    #[test]
    fn every_problem_is_found_with_its_path() {
        let config = json!({
            "theme": "blue",
            "attachments": {"maxFiles": 0},
            "fields": {"priorityName": {"default": "Whenever"}, "subject": {"label": 7}, "nope": {}},
            "customFields": [
                {"name": "Floor", "type": "number"},
                {"name": "Colour", "type": "rainbow"},
                {"name": "Floor", "type": "text"}
            ],
            "ticketUrl": "javascript:{id}"
        });
        assert_eq!(
            paths(config),
            [
                "attachments.maxFiles",
                "customFields[1].type",
                "customFields[2].name",
                "fields.nope",
                "fields.priorityName.default",
                "fields.subject.label",
                "theme",
                "ticketUrl",
            ]
        );
    }

    #[test]
    fn a_good_configuration_has_none_and_a_broken_one_says_so_once() {
        assert!(
            problems(&json!({"preset": "technician", "fields": {"spam": {"shown": true}}}))
                .is_empty()
        );
        assert_eq!(paths(json!([1])), [""]);
        // A bad preset is one problem, not one per field.
        assert_eq!(
            paths(json!({"preset": "boss", "fields": {"subject": {}, "tags": {}}})),
            ["preset"]
        );
    }
}
