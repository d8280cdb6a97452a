//! What tabs of one browser tell each other through local storage, as plain
//! text: the send lock's fallback mark (for browsers without Web Locks) and
//! the record a tab leaves when a draft became a ticket, so that another tab
//! holding the same draft shows that ticket instead of sending it again.

use serde_json::{json, Value};

use super::request::CreatedRequest;

/// A mark not renewed for this long belongs to a tab that is gone or hung.
pub const STALE_AFTER_MS: f64 = 15_000.0;
/// The holder renews its mark this often, so a request that takes longer
/// than [`STALE_AFTER_MS`] keeps its lock.
pub const RENEW_EVERY_MS: f64 = 5_000.0;
/// How many created drafts are remembered.
const SENT_KEPT: usize = 5;

/// The mark `tab` writes at `now_ms`.
pub fn mark(tab: &str, now_ms: f64) -> String {
    format!("{tab} {now_ms}")
}

fn holder(stored: &str) -> Option<(&str, f64)> {
    let (tab, at) = stored.split_once(' ')?;
    Some((tab, at.parse().ok().filter(|at: &f64| at.is_finite())?))
}

/// Whether `tab` may take the lock while storage holds `stored`: it is
/// free, unreadable, stale, or already `tab`'s.
pub fn may_take(stored: Option<&str>, tab: &str, now_ms: f64) -> bool {
    match stored.and_then(holder) {
        None => true,
        Some((owner, at)) => owner == tab || now_ms - at >= STALE_AFTER_MS,
    }
}

/// Whether the mark in storage is `tab`'s (only its owner removes it).
pub fn is_mine(stored: Option<&str>, tab: &str) -> bool {
    stored
        .and_then(holder)
        .is_some_and(|(owner, _)| owner == tab)
}

/// The records after `draft` became `ticket` at `now_ms` (the newest few).
pub fn record_sent(
    stored: Option<&str>,
    draft: &str,
    ticket: &CreatedRequest,
    now_ms: f64,
) -> String {
    let mut records: Vec<Value> = stored
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|value| value.as_array().cloned())
        .unwrap_or_default();
    records.retain(|record| record.get("draft").and_then(Value::as_str) != Some(draft));
    records.insert(
        0,
        json!({"draft": draft, "at": now_ms, "ticket": ticket.raw}),
    );
    records.truncate(SENT_KEPT);
    Value::Array(records).to_string()
}

/// The ticket `draft` became, if a tab recorded it less than `max_age_ms`
/// ago.
pub fn sent_ticket(
    stored: Option<&str>,
    draft: &str,
    now_ms: f64,
    max_age_ms: f64,
) -> Option<CreatedRequest> {
    let records: Value = serde_json::from_str(stored?).ok()?;
    let record = records
        .as_array()?
        .iter()
        .find(|record| record.get("draft").and_then(Value::as_str) == Some(draft))?;
    let at = record.get("at")?.as_f64()?;
    if now_ms - at > max_age_ms {
        return None;
    }
    CreatedRequest::from_value(record.get("ticket")?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_mark_of_another_tab_holds_the_lock() {
        let stored = mark("tab-a", 1000.0);
        assert!(!may_take(Some(&stored), "tab-b", 1000.0 + 14_999.0));
        assert!(may_take(Some(&stored), "tab-a", 2000.0), "its own mark");
        assert!(
            may_take(Some(&stored), "tab-b", 1000.0 + STALE_AFTER_MS),
            "stale"
        );
        assert!(may_take(None, "tab-b", 0.0));
        assert!(may_take(Some("garbage"), "tab-b", 0.0));
        assert!(may_take(Some("tab-a NaN"), "tab-b", 0.0));
    }

    #[test]
    fn renewing_keeps_a_long_request_locked() {
        // A 30 s request renews every 5 s: never stale for the other tab.
        let mut now = 0.0;
        let mut stored = mark("tab-a", now);
        while now < 30_000.0 {
            now += RENEW_EVERY_MS;
            assert!(!may_take(Some(&stored), "tab-b", now));
            stored = mark("tab-a", now);
        }
    }

    #[test]
    fn only_the_owner_releases_its_mark() {
        let stored = mark("tab-a", 5.0);
        assert!(is_mine(Some(&stored), "tab-a"));
        assert!(!is_mine(Some(&stored), "tab-b"));
        assert!(!is_mine(None, "tab-a"));
    }

    #[test]
    fn a_created_draft_is_recorded_and_found_by_another_tab() {
        let ticket = CreatedRequest::parse(r#"{"id":3,"name":"INC-3","subject":"x"}"#).unwrap();
        let stored = record_sent(None, "srf-1", &ticket, 100.0);
        assert_eq!(
            sent_ticket(Some(&stored), "srf-1", 200.0, 1000.0),
            Some(ticket.clone())
        );
        assert_eq!(sent_ticket(Some(&stored), "srf-2", 200.0, 1000.0), None);
        assert_eq!(
            sent_ticket(Some(&stored), "srf-1", 2000.0, 1000.0),
            None,
            "too old"
        );
        for garbage in ["", "{", "{}", "[1]", r#"[{"draft":"srf-1"}]"#] {
            assert_eq!(sent_ticket(Some(garbage), "srf-1", 0.0, 1.0), None);
        }
    }

    #[test]
    fn only_the_newest_few_records_are_kept() {
        let ticket = CreatedRequest::parse(r#"{"name":"INC-1"}"#).unwrap();
        let mut stored = None;
        for index in 0..8 {
            stored = Some(record_sent(
                stored.as_deref(),
                &format!("d{index}"),
                &ticket,
                0.0,
            ));
        }
        let stored = stored.unwrap();
        assert!(sent_ticket(Some(&stored), "d7", 0.0, 1.0).is_some());
        assert!(sent_ticket(Some(&stored), "d3", 0.0, 1.0).is_some());
        assert!(sent_ticket(Some(&stored), "d2", 0.0, 1.0).is_none());
    }
}
