//! Whatever a server, the browser's storage, a config file or a catalog
//! holds, parsing never panics: in wasm a panic kills the whole form.
//! Arbitrary JSON values and arbitrary bytes, 10,000 cases, through every
//! parser of outside data:
//! - server answers: `CreatedRequest::parse`/`from_value`, and
//!   `wire::{created, uploaded, found, page, comment, comments, token,
//!   error}_from_answer`, `Comment::from_value`;
//! - configuration (`config.json`, `config-src`, the `config` property):
//!   `FormConfig::parse`/`from_value`, `config_check::problems`,
//!   `TicketUrl::parse`;
//! - catalogs (`locales/*.json`, `messages`): `Catalog::parse`/`from_value`;
//! - storage: `Session::restore`, `saved_draft::restore`,
//!   `send_lock::{may_take, is_mine, sent_ticket, record_sent}`;
//! - what a person types that is read as a number: `draft::parse_number`;
//! - an image to be redacted: `png::without_metadata` (any bytes, with a
//!   PNG signature or not), `Redactions` under any pointer moves and keys
//!   on an image of any size, `black_out` with any boxes and buffer.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use serde_json::{Map, Value};
use support_request_form::api::wire;
use support_request_form::i18n::Catalog;
use support_request_form::model::comment::Comment;
use support_request_form::model::config::FormConfig;
use support_request_form::model::config_check::problems;
use support_request_form::model::draft::parse_number;
use support_request_form::model::png;
use support_request_form::model::redaction::{black_out, Key, Point, Rect, Redactions};
use support_request_form::model::request::CreatedRequest;
use support_request_form::model::session::Session;
use support_request_form::model::ticket_url::TicketUrl;
use support_request_form::model::{saved_draft, send_lock};

const KEYS: &[&str] = &[
    "id",
    "name",
    "subject",
    "statusName",
    "priorityName",
    "createdTime",
    "userMessage",
    "message",
    "error",
    "error_description",
    "access_token",
    "expires_in",
    "refFileName",
    "realName",
    "preset",
    "fields",
    "customFields",
    "attachments",
    "serverUrl",
    "type",
    "options",
    "default",
    "min",
    "max",
    "subject",
    "tags",
    "spam",
    "maxFiles",
    "accept",
    "authScheme",
    "technicianGroupKey",
];

/// JSON values shaped like the real ones (known keys, any types, nesting).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn check_text(text: &str, status: u16) {
    let _ = CreatedRequest::parse(text);
    let _ = FormConfig::parse(text);
    let _ = wire::created_from_answer(status, "Status", text);
    let _ = wire::token_from_answer(status, "Status", text);
    let _ = wire::uploaded_from_answer(status, "Status", text, "file.txt");
    let _ = wire::found_from_answer(status, "Status", text);
    let _ = wire::page_from_answer(status, "Status", text);
    let _ = wire::comment_from_answer(status, "Status", text);
    let _ = wire::comments_from_answer(status, "Status", text);
    let _ = wire::error_from_answer(status, "", text);
    let _ = Catalog::parse(text);
    let _ = Session::restore(text);
    let _ = TicketUrl::parse(text);
    let _ = parse_number(text);
    let spec = &FormConfig::default().spec;
    let _ = saved_draft::restore(spec, text, 1.0e12, 1.0e9);
    let _ = send_lock::may_take(Some(text), "tab", 1.0e12);
    let _ = send_lock::is_mine(Some(text), "tab");
    let _ = send_lock::sent_ticket(Some(text), "draft", 1.0e12, 1.0e9);
    let ticket = CreatedRequest::parse(r#"{"id": 1, "name": "INC-1"}"#);
    if let Ok(ticket) = ticket {
        let _ = send_lock::record_sent(Some(text), "draft", &ticket, 1.0e12);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_values_never_panic(value in json_value(), status in 100u16..600) {
        check_text(&value.to_string(), status);
        let _ = FormConfig::from_value(&value);
        let _ = problems(&value);
        let _ = Catalog::from_value(&value);
        let _ = Comment::from_value(value.clone());
        let _ = CreatedRequest::from_value(value.clone());
        // Common wrappers: a config under "fields", a ticket with nested garbage.
        let _ = FormConfig::from_value(&serde_json::json!({"fields": value.clone()}));
        let _ = FormConfig::from_value(&serde_json::json!({"customFields": [value.clone()]}));
        let _ = CreatedRequest::parse(&serde_json::json!({"name": "INC-1", "subject": value}).to_string());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), status in 0u16..1000) {
        check_text(&String::from_utf8_lossy(&bytes), status);
        let _ = png::without_metadata(&bytes);
        let mut signed = png::SIGNATURE.to_vec();
        signed.extend_from_slice(&bytes);
        let _ = png::without_metadata(&signed);
    }

    #[test]
    fn arbitrary_gestures_and_keys_on_an_image_of_any_size_never_panic(
        width in prop_oneof![Just(0u32), Just(1), 2u32..5000, Just(u32::MAX)],
        height in prop_oneof![Just(0u32), Just(1), 2u32..5000, Just(u32::MAX)],
        steps in prop::collection::vec((0u8..9, any::<f64>(), any::<f64>(), any::<bool>()), 0..40),
        boxes in prop::collection::vec((any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()), 0..4),
    ) {
        let mut editor = Redactions::new(width, height);
        for (action, x, y, flag) in steps {
            let point = Point { x, y };
            match action {
                0 => editor.press(point, x.abs()),
                1 => editor.drag_to(point),
                2 => editor.release(point),
                3 => editor.cancel_drag(),
                4 => { editor.add_centered(); }
                5 => { editor.key([Key::Left, Key::Right, Key::Up, Key::Down, Key::Delete][(x.abs() as usize) % 5], flag); }
                6 => { editor.select(None); }
                7 => { editor.undo(); }
                _ => editor.select(Some(y.abs() as usize)),
            }
        }
        let boxes: Vec<Rect> = boxes.into_iter().map(|(x, y, width, height)| Rect { x, y, width, height }).collect();
        let (small_width, small_height) = (width % 16, height % 16);
        let mut pixels = vec![7u8; (small_width * small_height * 4) as usize];
        black_out(&mut pixels, small_width, small_height, &boxes);
        black_out(&mut pixels, width, height, &boxes);
    }
}
