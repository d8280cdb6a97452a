//! Calls into the browser by name, for code in the app's chunk. Each typed
//! `web-sys` method used anywhere adds an import to the glue that the first
//! screen loads, whichever chunk calls it; these reuse a handful
//! (`Reflect.get`, `.set`, `.apply`, `.construct`), so a feature of the app
//! (the redaction editor, capture) costs the first screen no bytes.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `target[name]`, or `undefined`.
pub fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[name]` as a number, or 0.
pub fn number(target: &JsValue, name: &str) -> f64 {
    get(target, name).as_f64().unwrap_or(0.0)
}

/// `target[name]` is `true`.
pub fn flag(target: &JsValue, name: &str) -> bool {
    get(target, name).as_bool() == Some(true)
}

/// `target[name] = value`.
pub fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}

fn list(args: &[&JsValue]) -> Array {
    let list = Array::new();
    for arg in args {
        list.push(arg);
    }
    list
}

/// `target[method](...args)`; an error if there is no such method or it
/// throws.
pub fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let function = get(target, method);
    if !function.is_function() {
        return Err(JsValue::from_str(method));
    }
    Reflect::apply(
        function.unchecked_ref::<js_sys::Function>(),
        target,
        &list(args),
    )
}

/// `new window[class](...args)`.
pub fn construct(class: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let class = web_sys::window().map_or(JsValue::UNDEFINED, |window| get(&window, class));
    if !class.is_function() {
        return Err(class);
    }
    Reflect::construct(class.unchecked_ref::<js_sys::Function>(), &list(args))
}

/// What a promise settles with.
pub async fn settled(promise: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(promise.unchecked_into::<Promise>()).await
}
