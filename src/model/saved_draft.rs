//! Drafts kept between visits: what the user typed and the references of
//! finished uploads, as JSON for the browser's local storage. Never the
//! token. Reading is tolerant: anything unreadable, expired, or from an
//! older configuration is dropped field by field, never a panic.

use serde_json::{Map, Value};

use super::draft::Draft;
use super::fields::{FieldId, FieldSpec, FieldValue, FormSpec, Standard};

/// A draft found in storage.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedDraft {
    /// Epoch milliseconds of the last save.
    pub saved_at: f64,
    pub draft: Draft,
}

fn storage_key(field: &FieldSpec) -> String {
    match field.id {
        FieldId::Standard(standard) => standard.config_key().to_owned(),
        FieldId::Custom(_) => format!("customField.{}", field.key),
    }
}

fn same_kind(a: &FieldValue, b: &FieldValue) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// True when the draft holds something worth keeping: more than the
/// defaults and the prefilled requester.
pub fn worth_saving(spec: &FormSpec, draft: &Draft) -> bool {
    let fresh = Draft::new(spec);
    spec.fields
        .iter()
        .filter(|field| field.id != FieldId::Standard(Standard::RequesterEmail))
        .any(|field| draft.get(field.id) != fresh.get(field.id))
}

/// The text stored for `draft`, saved at `now_ms`.
pub fn save(spec: &FormSpec, draft: &Draft, now_ms: f64) -> String {
    let values: Map<String, Value> = spec
        .fields
        .iter()
        .filter_map(|field| {
            let value = serde_json::to_value(draft.get(field.id)?).ok()?;
            Some((storage_key(field), value))
        })
        .collect();
    serde_json::json!({"savedAt": now_ms, "values": values, "reference": draft.reference})
        .to_string()
}

/// When the draft in `stored` was saved, if it can be read.
pub fn saved_at(stored: &str) -> Option<f64> {
    let value: Value = crate::model::json::parse(stored).ok()?;
    value.get("savedAt")?.as_f64().filter(|at| at.is_finite())
}

/// The draft in `stored`, unless it is unreadable, older than `max_age_ms`,
/// or has nothing worth restoring.
pub fn restore(spec: &FormSpec, stored: &str, now_ms: f64, max_age_ms: f64) -> Option<SavedDraft> {
    let value: Value = crate::model::json::parse(stored).ok()?;
    let saved_at = saved_at(stored)?;
    if now_ms - saved_at > max_age_ms {
        return None;
    }
    let values = value.get("values")?.as_object()?;
    let mut draft = Draft::new(spec);
    for field in &spec.fields {
        let restored = values
            .get(&storage_key(field))
            .and_then(|value| serde_json::from_value::<FieldValue>(value.clone()).ok())
            .filter(|value| same_kind(value, &field.default));
        if let Some(restored) = restored {
            draft.set(field.id, restored);
        }
    }
    draft.reference = value
        .get("reference")
        .and_then(Value::as_str)
        .map(str::to_owned);
    worth_saving(spec, &draft).then_some(SavedDraft { saved_at, draft })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::FormConfig;
    use crate::model::request::Attachment;

    const DAY: f64 = 86_400_000.0;

    fn spec() -> FormSpec {
        FormConfig::parse(r#"{"customFields": [{"name": "Floor", "type": "number"}]}"#)
            .unwrap()
            .spec
    }

    fn typed() -> Draft {
        let spec = spec();
        let mut draft = Draft::new(&spec);
        draft.set(
            FieldId::Standard(Standard::Subject),
            FieldValue::Text("VPN down".into()),
        );
        draft.set(
            FieldId::Standard(Standard::Tags),
            FieldValue::List(vec!["vpn".into()]),
        );
        draft.set(FieldId::Custom(0), FieldValue::Text("3,5".into()));
        draft.set(
            FieldId::Standard(Standard::Attachments),
            FieldValue::Files(vec![Attachment {
                ref_file_name: "ab12".into(),
                real_name: "log.txt".into(),
            }]),
        );
        draft
    }

    #[test]
    fn a_saved_draft_comes_back_with_finished_uploads() {
        let stored = save(&spec(), &typed(), 1000.0);
        assert!(!stored.contains("token") && !stored.contains("Bearer"));
        let restored = restore(&spec(), &stored, 2000.0, 7.0 * DAY).unwrap();
        assert_eq!(restored.saved_at, 1000.0);
        assert_eq!(restored.draft, typed());
    }

    #[test]
    fn old_empty_or_unreadable_drafts_are_not_offered() {
        let stored = save(&spec(), &typed(), 0.0);
        assert_eq!(restore(&spec(), &stored, 8.0 * DAY, 7.0 * DAY), None);
        let mut only_requester = Draft::new(&spec());
        only_requester.set(
            FieldId::Standard(Standard::RequesterEmail),
            FieldValue::Text("a@b.com".into()),
        );
        assert!(!worth_saving(&spec(), &only_requester));
        assert_eq!(
            restore(&spec(), &save(&spec(), &only_requester, 0.0), 1.0, DAY),
            None
        );
        for garbage in [
            "",
            "{",
            "[]",
            r#"{"savedAt":"x"}"#,
            r#"{"savedAt":1,"values":7}"#,
        ] {
            assert_eq!(restore(&spec(), garbage, 1.0, DAY), None, "{garbage}");
        }
    }

    #[test]
    fn values_that_no_longer_fit_the_configuration_are_dropped() {
        let stored = r#"{"savedAt": 0, "values": {
            "subject": {"kind": "Text", "value": "kept"},
            "tags": {"kind": "Text", "value": "wrong kind"},
            "customField.Gone": {"kind": "Text", "value": "removed field"}}}"#;
        let restored = restore(&spec(), stored, 1.0, DAY).unwrap();
        assert_eq!(
            restored.draft.text(FieldId::Standard(Standard::Subject)),
            "kept"
        );
        assert_eq!(
            restored.draft.get(FieldId::Standard(Standard::Tags)),
            Some(&FieldValue::List(Vec::new()))
        );
    }
}
