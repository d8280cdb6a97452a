//! Every problem of a configuration, not only the first: for admins'
//! tools (`cargo xtask check-config`, the playground). The parser stops at
//! the first problem, so each part that is read on its own — a top-level
//! key, a standard field, a custom field — is parsed on its own (with the
//! keys it is read with), then the whole for what spans parts (a custom
//! field's name used twice).

use serde_json::{Map, Value};

use super::config::{ConfigError, FormConfig};

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
    let alone = |key: &str, value: Value| {
        let mut part = context.clone();
        part.insert(key.to_owned(), value);
        first(Value::Object(part))
    };
    let mut found: Vec<ConfigError> = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("customFields", Value::Array(items)) => {
                let mut fine = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    match alone(key, Value::Array(vec![item.clone()])) {
                        Some(error) => found.push(at_index(error, &[index])),
                        None => fine.push(index),
                    }
                }
                // Names must differ across the fields that are fine alone.
                let together = fine.iter().filter_map(|index| items.get(*index)).cloned();
                let together = Value::Array(together.collect());
                found.extend(alone(key, together).map(|error| at_index(error, &fine)));
            }
            ("fields", Value::Object(fields)) => {
                for (name, field) in fields {
                    let mut one = Map::new();
                    one.insert(name.clone(), field.clone());
                    found.extend(alone(key, Value::Object(one)));
                }
            }
            _ => found.extend(alone(key, value.clone())),
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
