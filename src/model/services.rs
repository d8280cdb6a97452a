//! Services (`config.services`): what a person can ask for, each a named
//! overlay of the form's configuration — its own presets, defaults, extra
//! or hidden fields and conditions. A service's form is the configuration
//! with its overlay merged in, read by the same parser, so every rule and
//! check holds for it too.

use serde_json::{Map, Value};

use super::config::{ConfigError, ConfigProblem, FormConfig};
use super::draft::Draft;
use super::fields::{FieldId, FieldSpec, FieldValue, FormSpec, Widget};
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

/// The service with `id`, if there is one.
pub fn find<'a>(services: &'a [Service], id: &str) -> Option<&'a Service> {
    services.iter().find(|service| service.id == id.trim())
}

/// The service the form opens with: the host's (its `service`), else the
/// link's (`?service=ID`), else the one whose draft was saved last
/// (`saved`: a service's id with when its draft was saved); each only if
/// it exists. `None`: the person picks one.
pub fn opening(
    services: &[Service],
    host: Option<&str>,
    link: Option<&str>,
    saved: &[(String, f64)],
) -> Option<String> {
    let last_saved = saved
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id.as_str());
    [host, link, last_saved]
        .into_iter()
        .flatten()
        .find_map(|id| find(services, id))
        .map(|service| service.id.clone())
}

/// The services of one group, as the list shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The group's name; `None` for the services without one.
    pub name: Option<String>,
    /// The services, by their index in the configuration.
    pub members: Vec<usize>,
}

/// The services that match `query` — every word of it is in the label,
/// the description or the group (`word` gives their text in the form's
/// language), ignoring case (`lower` lower-cases a text: the browser's in
/// the app, whose tables are not shipped twice) — grouped by `group` in the
/// order the groups first appear, the services without a group last.
pub fn listed(
    services: &[Service],
    query: &str,
    word: impl Fn(&Localized) -> String,
    lower: impl Fn(&str) -> String,
) -> Vec<Group> {
    let wanted: Vec<String> = query.split_whitespace().map(&lower).collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut ungrouped = Vec::new();
    for (index, service) in services.iter().enumerate() {
        let group = service.group.as_ref().map(&word);
        let text = lower(
            &[Some(&service.label), service.description.as_ref()]
                .into_iter()
                .flatten()
                .map(&word)
                .chain(group.clone())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if !wanted.iter().all(|part| text.contains(part.as_str())) {
            continue;
        }
        match group {
            None => ungrouped.push(index),
            Some(name) => match groups.iter_mut().find(|g| g.name.as_ref() == Some(&name)) {
                Some(found) => found.members.push(index),
                None => groups.push(Group {
                    name: Some(name),
                    members: vec![index],
                }),
            },
        }
    }
    if !ungrouped.is_empty() {
        groups.push(Group {
            name: None,
            members: ungrouped,
        });
    }
    groups
}

/// Whether `a` and `b` are the same field of two forms: the same standard
/// field, or custom fields of the same name.
fn same_field(a: &FieldSpec, b: &FieldSpec) -> bool {
    match (a.id, b.id) {
        (FieldId::Standard(a), FieldId::Standard(b)) => a == b,
        (FieldId::Custom(_), FieldId::Custom(_)) => a.key == b.key,
        _ => false,
    }
}

/// Whether `value` can stand in `field`: a value of its kind, and for
/// choices only options it offers.
fn fits(field: &FieldSpec, value: &FieldValue) -> bool {
    if std::mem::discriminant(value) != std::mem::discriminant(&field.default) {
        return false;
    }
    match (&field.widget, value) {
        (Widget::Select(options) | Widget::Radio(options), FieldValue::Text(chosen)) => {
            chosen.is_empty() || options.contains(chosen)
        }
        (
            Widget::MultiSelect(options) | Widget::CheckboxGroup(options),
            FieldValue::List(chosen),
        ) => chosen.iter().all(|item| options.contains(item)),
        _ => true,
    }
}

/// The draft for another service's form (`to`, starting from `fresh`):
/// what the person changed in `from` goes to every field both forms share
/// where it fits (not into a locked one), with the same reference; a
/// choice the new form's conditions do not offer is cleared.
pub fn carry(from_spec: &FormSpec, from: &Draft, to_spec: &FormSpec, mut fresh: Draft) -> Draft {
    let untouched = Draft::new(from_spec);
    for field in &to_spec.fields {
        let Some(old) = from_spec.fields.iter().find(|old| same_field(old, field)) else {
            continue;
        };
        let changed = from
            .get(old.id)
            .filter(|value| untouched.get(old.id) != Some(*value));
        if let Some(value) = changed.filter(|value| !field.locked && fits(field, value)) {
            fresh.set(field.id, value.clone());
        }
    }
    fresh.reference = from.reference.clone();
    fresh.settle(to_spec);
    fresh
}

/// The draft for service `to` (starting from `fresh`) after the person
/// leaves service `from` with `typed`: see [`carry`]; `fresh` as it is if
/// either service is unknown.
pub fn carry_between(
    services: &[Service],
    from: &str,
    typed: &Draft,
    to: &str,
    fresh: Draft,
) -> Draft {
    let spec_of = |id: &str| find(services, id).map(|service| &service.config.spec);
    match (spec_of(from), spec_of(to)) {
        (Some(from), Some(to)) => carry(from, typed, to, fresh),
        _ => fresh,
    }
}

#[cfg(test)]
mod tests;
