//! A text control's `value`, written to the page only when the control
//! does not already hold it. A keystroke's text is already in the control:
//! copying it back (a long description copied into the page on every
//! keystroke) cost as much as the rest of the keystroke's handling.

use leptos::prelude::*;
use leptos::tachys::html::property::IntoProperty;
use leptos::tachys::renderer::{types::Element, Rndr};
use wasm_bindgen::JsValue;

/// What one control holds, as far as the form knows: what it last wrote
/// there or last read from it.
#[derive(Clone, Copy)]
pub struct ControlText {
    holds: StoredValue<String>,
}

/// A control just built: it holds nothing yet.
impl Default for ControlText {
    fn default() -> Self {
        Self {
            holds: StoredValue::new(String::new()),
        }
    }
}

impl ControlText {
    /// Notes the text the control reported (its input event).
    pub fn read(self, text: &str) {
        self.holds.update_value(|holds| {
            holds.clear();
            holds.push_str(text);
        });
    }

    /// `text` as the control's `value` property (`prop:value`).
    pub fn shown(self, text: String) -> Shown {
        Shown { text, of: self }
    }

    fn write(self, element: &Element, key: &str, text: String) {
        if self.holds.with_value(|holds| *holds != text) {
            Rndr::set_property_or_value(element, key, &JsValue::from_str(&text));
            self.holds.set_value(text);
        }
    }
}

/// A value for `prop:value` that is written only if the control holds
/// something else.
#[derive(Clone)]
pub struct Shown {
    text: String,
    of: ControlText,
}

impl IntoProperty for Shown {
    type State = Element;
    type Cloneable = Self;
    type CloneableOwned = Self;

    fn hydrate<const FROM_SERVER: bool>(self, element: &Element, key: &str) -> Element {
        self.build(element, key)
    }

    fn build(self, element: &Element, key: &str) -> Element {
        self.of.write(element, key, self.text);
        element.clone()
    }

    fn rebuild(self, element: &mut Element, key: &str) {
        self.of.write(element, key, self.text);
    }

    fn into_cloneable(self) -> Self {
        self
    }

    fn into_cloneable_owned(self) -> Self {
        self
    }
}
