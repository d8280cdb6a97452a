//! What a keystroke costs: the text it put in a control is not written back
//! to the control (a change from elsewhere is), and a draft is saved with
//! one timer per pause in typing, not one per keystroke.
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use support_request_form::browser::time::now_ms;
use support_request_form::ui::{ControlText, PacedSave};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlTextAreaElement;

use super::{container, rendered, until};

/// Records every value the page writes to `area`'s `value`; typing (the
/// browser's own change, bypassing the record) goes through `type_into`.
fn record_writes(area: &HtmlTextAreaElement) {
    js_sys::Function::new_with_args(
        "area",
        "const own = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
         area.writes = [];
         Object.defineProperty(area, 'value', {
           get() { return own.get.call(this); },
           set(text) { this.writes.push(text); own.set.call(this, text); },
           configurable: true,
         });",
    )
    .call1(&JsValue::NULL, area)
    .unwrap();
}

fn writes(area: &HtmlTextAreaElement) -> Vec<String> {
    let list = js_sys::Reflect::get(area, &"writes".into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|text| text.as_string())
        .collect()
}

/// What typing does: the text changes in the control, then `input` fires.
fn type_into(area: &HtmlTextAreaElement, text: &str) {
    js_sys::Function::new_with_args(
        "area, text",
        "Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(area, text);
         area.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .call2(&JsValue::NULL, area, &text.into())
    .unwrap();
}

#[wasm_bindgen_test]
async fn typed_text_is_not_written_back_to_its_control_but_every_change_from_elsewhere_is() {
    let root = container();
    let text = RwSignal::new("start".to_string());
    let typed = ControlText::default();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <textarea prop:value=move || typed.shown(text.get())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    typed.read(&value);
                    text.set(value);
                }></textarea>
        }
    });
    rendered().await;
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(area.value(), "start", "the first value is written");

    record_writes(&area);
    for typed_so_far in ["start t", "start ty", "start typ"] {
        type_into(&area, typed_so_far);
        rendered().await;
    }
    assert_eq!(text.get_untracked(), "start typ");
    assert!(
        writes(&area).is_empty(),
        "typing was written back: {:?}",
        writes(&area)
    );

    // A change from elsewhere (a restored draft, a cleared form) is written,
    // even back to a text the control held before.
    text.set("restored".to_string());
    rendered().await;
    text.set("start typ".to_string());
    rendered().await;
    assert_eq!(writes(&area), ["restored", "start typ"]);
    assert_eq!(area.value(), "start typ");
}

/// Counts the page's `setTimeout` calls while `during` runs.
fn timers_set(during: impl FnOnce()) -> u32 {
    let window = web_sys::window().unwrap();
    let own = js_sys::Reflect::get(&window, &"setTimeout".into()).unwrap();
    let count = js_sys::Function::new_with_args(
        "own",
        "const counted = (...args) => { counted.calls++; return own(...args); };
         counted.calls = 0; window.setTimeout = counted; return counted;",
    )
    .call1(&JsValue::NULL, &own)
    .unwrap();
    during();
    js_sys::Reflect::set(&window, &"setTimeout".into(), &own).unwrap();
    js_sys::Reflect::get(&count, &"calls".into())
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

#[wasm_bindgen_test]
async fn a_burst_of_keystrokes_sets_one_timer_and_the_draft_is_saved_once_a_pause_after_the_last() {
    let saves = Rc::new(RefCell::new(Vec::<f64>::new()));
    let owner = Owner::new();
    let paced = owner.with(|| {
        let saves = saves.clone();
        PacedSave::new(move || saves.borrow_mut().push(now_ms()))
    });

    let timers = timers_set(|| {
        for _ in 0..1000 {
            paced.schedule();
        }
    });
    assert_eq!(timers, 1, "one timer for a thousand keystrokes");

    // More typing before the pause is over puts the save off: it is made
    // a whole pause after the last keystroke, once.
    gloo_timers::future::TimeoutFuture::new(250).await;
    paced.schedule();
    let last_keystroke = now_ms();
    until("the draft saved", || !saves.borrow().is_empty()).await;
    let saved = saves.borrow().clone();
    assert_eq!(saved.len(), 1, "saved once: {saved:?}");
    let waited = saved.first().copied().unwrap_or_default() - last_keystroke;
    assert!(
        waited >= 399.0,
        "saved {waited} ms after the last keystroke"
    );
    drop(owner);
}
