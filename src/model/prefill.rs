//! Starting values given from outside the configuration: by the host page
//! (the `prefill` property or `mount()` option) and by a link
//! (`?srf-<field>=…`, only for the fields `prefillFromUrl` lists). Each
//! value is checked as a configured default is: one that does not fit its
//! field (an option that does not exist, a word for a number) is left out
//! and said, never put in the form.

use serde_json::Value;

use super::chips;
use super::conditions::config_name;
use super::config::{field_value, ConfigError, ConfigProblem};
use super::draft::parse_number;
use super::fields::{FieldId, FieldSpec, FieldValue, FormSpec, Widget};

/// What a prefill gives: the values that fit, and what was left out (each
/// with the key it came with).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefill {
    pub values: Vec<(FieldId, FieldValue)>,
    pub ignored: Vec<ConfigError>,
}

impl Prefill {
    /// Takes `value` for `field` (the one named at `path`, if any).
    fn take(&mut self, spec: &FormSpec, field: Option<&FieldSpec>, value: &Value, path: &str) {
        let Some(field) = field.filter(|field| field.widget != Widget::Files) else {
            let name = path.rsplit('.').next().unwrap_or(path);
            self.ignored.push(ConfigError {
                path: path.to_owned(),
                problem: ConfigProblem::UnknownField {
                    name: name.to_owned(),
                    known: prefillable(spec),
                },
            });
            return;
        };
        match field_value(&field.widget, value, path) {
            Ok(value) => self.put(field.id, value),
            Err(error) => self.ignored.push(*error),
        }
    }

    /// `value` for `id`, in place of one given before.
    fn put(&mut self, id: FieldId, value: FieldValue) {
        self.values.retain(|(other, _)| *other != id);
        self.values.push((id, value));
    }

    /// `later` on top of this one: its values win, both are said.
    pub fn and(mut self, later: Prefill) -> Prefill {
        for (id, value) in later.values {
            self.put(id, value);
        }
        self.ignored.extend(later.ignored);
        self
    }
}

/// The names a prefill may use.
fn prefillable(spec: &FormSpec) -> Vec<String> {
    spec.fields
        .iter()
        .filter(|field| field.widget != Widget::Files)
        .map(|field| config_name(field).to_owned())
        .collect()
}

/// The host's prefill: `{"subject": …, "customFields": {"Asset tag": …}}`,
/// each value as a default in the configuration would be.
pub fn from_host(spec: &FormSpec, value: &Value) -> Prefill {
    let mut prefill = Prefill::default();
    let Some(map) = value.as_object() else {
        if !value.is_null() {
            prefill.ignored.push(ConfigError {
                path: String::new(),
                problem: ConfigProblem::MustBeObject,
            });
        }
        return prefill;
    };
    let named = |name: &str, custom: bool| {
        spec.fields.iter().find(|field| {
            config_name(field) == name && matches!(field.id, FieldId::Custom(_)) == custom
        })
    };
    for (key, value) in map {
        if key != "customFields" {
            prefill.take(spec, named(key, false), value, key);
        }
    }
    match map.get("customFields") {
        Some(Value::Object(custom)) => {
            for (name, value) in custom {
                let path = format!("customFields.{name}");
                prefill.take(spec, named(name, true), value, &path);
            }
        }
        Some(_) => prefill.ignored.push(ConfigError {
            path: "customFields".into(),
            problem: ConfigProblem::MustBeObject,
        }),
        None => {}
    }
    prefill
}

/// The link's prefill: the page's query (`pairs`, decoded), of which only
/// `srf-<name>` for the `allowed` names is read; a list takes the key
/// again for each item (emails and tags may also be comma-separated).
pub fn from_url(spec: &FormSpec, allowed: &[String], pairs: &[(String, String)]) -> Prefill {
    let mut prefill = Prefill::default();
    for name in allowed {
        let key = format!("srf-{name}");
        let given: Vec<&str> = pairs
            .iter()
            .filter(|(other, _)| *other == key)
            .map(|(_, value)| value.as_str())
            .collect();
        let Some(last) = given.last() else {
            continue;
        };
        let field = spec.fields.iter().find(|field| config_name(field) == name);
        let Some(field) = field.filter(|field| by_url(field)) else {
            continue;
        };
        let value = match &field.widget {
            Widget::EmailList | Widget::TagList => Value::from(
                given
                    .iter()
                    .flat_map(|text| chips::entries(text, field.widget == Widget::EmailList))
                    .collect::<Vec<_>>(),
            ),
            Widget::MultiSelect(_) | Widget::CheckboxGroup(_) => Value::from(given.clone()),
            Widget::Checkbox => match *last {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => Value::from(other),
            },
            Widget::Number { .. } | Widget::DateTime => match parse_number(last) {
                Some(number) => Value::from(number),
                None => Value::from(*last),
            },
            _ => Value::from(*last),
        };
        prefill.take(spec, Some(field), &value, &key);
    }
    prefill
}

/// Whether `field` can be named in `prefillFromUrl`.
pub fn by_url(field: &FieldSpec) -> bool {
    field.widget != Widget::Files && field.widget != Widget::Assets
}

#[cfg(test)]
mod tests;
