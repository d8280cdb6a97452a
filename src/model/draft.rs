//! What the user has typed so far, exactly as typed, field by field. Turning
//! it into a request trims it, parses numbers, adds the configured presets
//! and drops whatever was left empty.

use std::collections::BTreeMap;

use serde_json::Value;

use super::conditions::{self, Tailored};
use super::context::Target;
use super::fields::{ClientReference, FieldId, FieldSpec, FieldValue, FormSpec, Standard, Widget};
use super::request::{AssetLink, NewRequest};

/// The values a fresh form shows, in field order: every field at its
/// configured default, and `requester`'s email in an empty requester
/// field. The first screen paints these; the app's draft starts from them.
pub fn starting_values<'a>(
    spec: &'a FormSpec,
    requester: Option<&'a str>,
    prefill: &'a [(FieldId, FieldValue)],
) -> impl Iterator<Item = (FieldId, FieldValue)> + 'a {
    spec.fields.iter().map(move |field| {
        let given = prefill.iter().find(|(id, _)| *id == field.id);
        let value = match given {
            Some((_, value)) => value.clone(),
            None => requester
                .and_then(|email| prefilled(field.id, &field.default, email))
                .unwrap_or_else(|| field.default.clone()),
        };
        (field.id, value)
    })
}

/// The requester field's value with `email` put in, when it is empty.
fn prefilled(id: FieldId, value: &FieldValue, email: &str) -> Option<FieldValue> {
    let empty = matches!(value, FieldValue::Text(text) if text.trim().is_empty());
    (id == FieldId::Standard(Standard::RequesterEmail) && empty)
        .then(|| FieldValue::Text(email.to_owned()))
}

/// The form's content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    values: BTreeMap<FieldId, FieldValue>,
    /// The form's own reference for this request, given at the first send
    /// and kept with the draft, so that every retry (and a reloaded page or
    /// a second tab) names the same request.
    pub reference: Option<String>,
}

impl Draft {
    /// A fresh draft: every shown field at its configured default.
    pub fn new(spec: &FormSpec) -> Self {
        Self::starting(spec, None, &[])
    }

    /// A fresh draft for `requester` (the signed-in user), who is the
    /// requester unless they type someone else, with the host's and the
    /// link's `prefill` (see [`super::prefill`]).
    pub fn starting(
        spec: &FormSpec,
        requester: Option<&str>,
        prefill: &[(FieldId, FieldValue)],
    ) -> Self {
        Self {
            values: starting_values(spec, requester, prefill).collect(),
            reference: None,
        }
    }

    /// The form starts from `after` instead of `before` (the host gave
    /// another prefill): each field still at its old starting value takes
    /// its new one; what the person changed stays.
    pub fn restart(
        &mut self,
        before: &[(FieldId, FieldValue)],
        after: impl IntoIterator<Item = (FieldId, FieldValue)>,
    ) {
        for (id, value) in after {
            let old = before.iter().find(|(other, _)| *other == id);
            if old.map(|(_, old)| old) == self.values.get(&id) {
                self.values.insert(id, value);
            }
        }
    }

    /// Puts `email` in the requester field if it is shown and empty.
    pub fn prefill_requester(&mut self, email: &str) {
        for (id, value) in self.values.iter_mut() {
            if let Some(prefilled) = prefilled(*id, value, email) {
                *value = prefilled;
            }
        }
    }

    /// The draft for the next request after this one was created: fresh
    /// (with `prefill`), for the same requester.
    pub fn next(&self, spec: &FormSpec, prefill: &[(FieldId, FieldValue)]) -> Self {
        let requester = FieldId::Standard(Standard::RequesterEmail);
        let mut fresh = Self::starting(spec, None, prefill);
        if let Some(email) = self.values.get(&requester) {
            fresh.set(requester, email.clone());
        }
        fresh
    }

    /// A field's value (`None` for a field this draft does not have).
    pub fn get(&self, id: FieldId) -> Option<&FieldValue> {
        self.values.get(&id)
    }

    /// A text field's value, or `""`.
    pub fn text(&self, id: FieldId) -> &str {
        match self.values.get(&id) {
            Some(FieldValue::Text(text)) => text,
            _ => "",
        }
    }

    pub fn set(&mut self, id: FieldId, value: FieldValue) {
        self.values.insert(id, value);
    }

    /// What the conditions make of the form for these values.
    pub fn tailored(&self, spec: &FormSpec) -> Tailored {
        conditions::evaluate(&spec.fields, &|id| self.values.get(&id))
    }

    /// Clears the choices whose options are no longer offered (an option's
    /// condition stopped holding), until none is left; returns the fields
    /// cleared. A hidden field keeps its value for when it shows again.
    pub fn settle(&mut self, spec: &FormSpec) -> Vec<FieldId> {
        let mut cleared = Vec::new();
        // Each round clears at least one choice, so this ends.
        for _ in 0..=spec.fields.len() {
            let tailored = self.tailored(spec);
            let withdrawn: Vec<(FieldId, FieldValue)> = spec
                .fields
                .iter()
                .filter(|field| tailored.shows(field.id))
                .filter_map(|field| {
                    let value = self.values.get(&field.id)?;
                    conditions::without_withdrawn(field, value, &tailored)
                        .map(|kept| (field.id, kept))
                })
                .collect();
            if withdrawn.is_empty() {
                break;
            }
            for (id, kept) in withdrawn {
                self.values.insert(id, kept);
                if !cleared.contains(&id) {
                    cleared.push(id);
                }
            }
        }
        cleared
    }

    /// The request to send: the values of the fields shown (a hidden
    /// field is never sent, not even empty) and the presets.
    pub fn to_request(&self, spec: &FormSpec, context: Option<&str>) -> NewRequest {
        let mut request = NewRequest::default();
        let tailored = self.tailored(spec);
        for field in spec.fields.iter().filter(|field| tailored.shows(field.id)) {
            if let Some(value) = self.values.get(&field.id) {
                let kept = conditions::without_withdrawn(field, value, &tailored);
                apply(&mut request, field, kept.as_ref().unwrap_or(value), false);
            }
        }
        for (field, value) in &spec.presets {
            apply(&mut request, field, value, true);
        }
        if let Some(text) = context {
            match &spec.context.into {
                Target::Description => {
                    let old = request.description.take().unwrap_or_default();
                    request.description = Some(with_context(&old, text));
                }
                Target::CustomField(name) => {
                    let old = request.custom_field.get(name).and_then(Value::as_str);
                    let new = with_context(old.unwrap_or_default(), text);
                    request.custom_field.insert(name.clone(), Value::from(new));
                }
            }
        }
        self.with_reference(spec, request)
    }

    /// `request` carrying the form's reference, where the spec puts it.
    fn with_reference(&self, spec: &FormSpec, mut request: NewRequest) -> NewRequest {
        if let Some(reference) = &self.reference {
            match &spec.client_reference {
                ClientReference::Off => {}
                ClientReference::Tag => request.tags.push(reference.clone()),
                ClientReference::CustomField(name) => {
                    request
                        .custom_field
                        .insert(name.clone(), Value::from(reference.as_str()));
                }
            }
        }
        request
    }
}

/// `text` with the page's `context` below it, after a blank line.
fn with_context(text: &str, context: &str) -> String {
    if text.trim().is_empty() {
        context.to_owned()
    } else {
        format!("{text}\n\n{context}")
    }
}

/// A number as a person types it: `110.1` or `110,1` (also `+5`, `.5`,
/// `5.`, `007`, `1e3`). Read by serde_json once written as JSON writes
/// it: the first screen evaluates conditions on numbers, and Rust's own
/// float parser would add 10 KB of tables to it.
pub fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    if trimmed.matches([',', '.']).count() > 1 {
        return None;
    }
    let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut json = String::from(if trimmed.starts_with('-') { "-" } else { "" });
    json.push_str(match whole.trim_start_matches('0') {
        "" => "0",
        whole => whole,
    });
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    }
    if let Some(exponent) = exponent {
        json.push('e');
        json.push_str(exponent);
    }
    // Read as a JSON value, which the browser reads: reading an `f64`
    // directly brings serde's parser and error messages.
    crate::model::json::parse(&json)
        .ok()
        .and_then(|value| value.as_f64())
        .filter(|number| number.is_finite())
}

fn trimmed(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn clean_list(items: &[String]) -> Vec<String> {
    let mut clean: Vec<String> = Vec::new();
    for item in items.iter().filter_map(|item| trimmed(item)) {
        if !clean.contains(&item) {
            clean.push(item);
        }
    }
    clean
}

fn number_value(number: f64) -> Value {
    // Whole numbers go out as JSON integers (5, not 5.0), as a person means.
    if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        Value::from(number as i64)
    } else {
        Value::from(number)
    }
}

/// The JSON a custom field's value becomes, if it is set.
fn custom_json(widget: &Widget, value: &FieldValue) -> Option<Value> {
    match (widget, value) {
        (Widget::Number { .. }, FieldValue::Text(text)) => parse_number(text).map(number_value),
        (_, FieldValue::Text(text)) => trimmed(text).map(Value::from),
        (_, FieldValue::List(items)) => {
            let items = clean_list(items);
            (!items.is_empty()).then(|| Value::from(items))
        }
        (_, FieldValue::Instant(Some(ms))) => Some(number_value(ms.round())),
        (_, FieldValue::Flag(flag)) => Some(Value::from(*flag)),
        _ => None,
    }
}

/// Puts one field's value into the request. `always` is true for presets,
/// which are sent even when false.
fn apply(request: &mut NewRequest, field: &FieldSpec, value: &FieldValue, always: bool) {
    let standard = match field.id {
        FieldId::Custom(_) => {
            if let Some(json) = custom_json(&field.widget, value) {
                request.custom_field.insert(field.key.clone(), json);
            }
            return;
        }
        FieldId::Standard(standard) => standard,
    };
    match value {
        FieldValue::Text(text) => {
            let text = trimmed(text);
            let slot = match standard {
                Standard::Subject => {
                    request.subject = text.unwrap_or_default();
                    return;
                }
                Standard::RequesterEmail => {
                    request.requester_email = text.unwrap_or_default();
                    return;
                }
                Standard::TechnicianGroup => {
                    if let Some(group) = text {
                        request.technician_group.insert(field.key.clone(), group);
                    }
                    return;
                }
                Standard::Description => &mut request.description,
                Standard::Category => &mut request.category_name,
                Standard::Impact => &mut request.impact_name,
                Standard::Priority => &mut request.priority_name,
                Standard::Urgency => &mut request.urgency_name,
                Standard::Department => &mut request.department_name,
                Standard::Location => &mut request.location_name,
                Standard::SupportLevel => &mut request.support_level,
                Standard::AssigneeEmail => &mut request.assignee_email,
                Standard::Source => &mut request.source,
                Standard::Status => &mut request.status_name,
                _ => return,
            };
            if text.is_some() {
                *slot = text;
            }
        }
        FieldValue::List(items) => {
            let slot = match standard {
                Standard::CcEmails => &mut request.cc_email_set,
                Standard::Tags => &mut request.tags,
                _ => return,
            };
            slot.extend(items.iter().cloned());
            *slot = clean_list(slot);
        }
        FieldValue::Flag(flag) => {
            if standard == Standard::Spam && (*flag || always) {
                request.spam = Some(*flag);
            }
        }
        FieldValue::Assets(rows) => {
            if standard == Standard::LinkedAssets {
                request.link_asset_ids.extend(rows.iter().filter_map(|row| {
                    let model = trimmed(&row.model)?;
                    let id = row.id.trim().parse::<u64>().ok()?;
                    Some(AssetLink {
                        asset_model: model,
                        asset_id: id,
                    })
                }));
            }
        }
        FieldValue::Files(files) => {
            if standard == Standard::Attachments {
                request.file_attachments.extend(files.iter().cloned());
            }
        }
        FieldValue::Instant(_) => {}
    }
}
