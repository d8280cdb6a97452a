//! JSON text read by the browser's own `JSON.parse`: serde_json's parser,
//! with its number tables and float printer, was 7.6 KB (brotli) of the
//! first screen, which reads configurations, catalogs and stored drafts.
//! Answers from the server are still read by serde_json, in the app's
//! chunk: a ticket's id is kept exact even beyond 2^53.

use js_sys::{Array, Object, JSON};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// As deep as serde_json reads before it gives up; deeper is not JSON
/// anyone writes, and the walk below must not run out of stack.
const MAX_DEPTH: usize = 128;

/// `text` as JSON, or `None` if it is not JSON.
pub fn parse(text: &str) -> Option<Value> {
    value(&JSON::parse(text).ok()?, MAX_DEPTH)
}

/// What `JSON.stringify` makes of `js` (a host's property), read back:
/// `undefined` and functions dropped, dates as their text, `toJSON` called.
pub fn of_js(js: &JsValue) -> Option<Value> {
    parse(&JSON::stringify(js).ok()?.as_string()?)
}

/// A finite number as JSON writes it (`0.5`, `1e+21`).
pub fn number_text(number: f64) -> String {
    JSON::stringify(&JsValue::from_f64(number))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

fn value(js: &JsValue, depth: usize) -> Option<Value> {
    let depth = depth.checked_sub(1)?;
    Some(if let Some(text) = js.as_string() {
        Value::String(text)
    } else if let Some(flag) = js.as_bool() {
        Value::Bool(flag)
    } else if let Some(number) = js.as_f64() {
        Value::Number(whole_or_float(number)?)
    } else if Array::is_array(js) {
        let items: Option<Vec<Value>> = js
            .unchecked_ref::<Array>()
            .iter()
            .map(|item| value(&item, depth))
            .collect();
        Value::Array(items?)
    } else if js.is_object() {
        let mut map = Map::new();
        for entry in Object::entries(js.unchecked_ref::<Object>()).iter() {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string()?;
            map.insert(key, value(&entry.get(1), depth)?);
        }
        Value::Object(map)
    } else {
        Value::Null
    })
}

/// A whole number as serde_json reads `2` (so `as_u64` and `as_i64` work);
/// any other as a float.
fn whole_or_float(number: f64) -> Option<Number> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if number.fract() == 0.0 && number.abs() < EXACT {
        Some(if number >= 0.0 {
            Number::from(number as u64)
        } else {
            Number::from(number as i64)
        })
    } else {
        Number::from_f64(number)
    }
}
