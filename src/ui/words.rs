//! The form's words as context: one signal per form, so changing its
//! language re-renders every text while the draft stays as it is.

use leptos::prelude::*;

use crate::i18n::Words;

/// The form's texts; provided by the app (or by `RequestForm` itself, in
/// English, when a Leptos app mounts it without any).
#[derive(Clone, Copy)]
pub struct FormWords(pub RwSignal<Words, LocalStorage>);

impl FormWords {
    /// The words of the form being built (English if none were given).
    pub fn get() -> RwSignal<Words, LocalStorage> {
        // The app's own English is in its chunk: known from here on.
        crate::i18n::learn_app_english();
        match use_context::<FormWords>() {
            Some(words) => words.0,
            None => {
                let words = RwSignal::new_local(Words::english());
                provide_context(FormWords(words));
                words
            }
        }
    }
}

/// A text of the form's language, kept up to date (for `view!`).
pub fn t(key: &'static str) -> impl Fn() -> String + Copy + 'static {
    let words = FormWords::get();
    move || words.with(|words| words.text(key))
}
