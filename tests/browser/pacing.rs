//! The app is built a part at a time behind the first screen: parts wrapped
//! in `Later` wait for the pacing, in the order they were met, the parts
//! inside a part behind every part already waiting; a part whose form went
//! meanwhile is skipped; once the pacing is finished, parts are built at
//! once (a form that comes later, after sign-in or another service).
use leptos::prelude::*;
use support_request_form::ui::{Later, Pacing};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

use super::{container, rendered};

/// The texts of the parts built so far, in page order.
fn built(root: &Element) -> Vec<String> {
    let parts = root.query_selector_all("p").unwrap();
    (0..parts.length())
        .map(|index| {
            let part: Element = parts.item(index).unwrap().unchecked_into();
            part.text_content().unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn later_parts_are_built_one_per_step_in_order_skipping_the_gone_and_at_once_when_finished() {
    let root = container();
    let pacing = Pacing::default();
    let kept = RwSignal::new(true);
    let given = pacing.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(given.clone());
        view! {
            <p>"now"</p>
            <Later>
                <p>"first"</p>
                <Later><p>"inside first"</p></Later>
            </Later>
            <Show when=move || kept.get()>
                <Later><p>"kept or not"</p></Later>
            </Show>
            <Later><p>"last"</p></Later>
        }
    });
    rendered().await;
    assert_eq!(built(&root), ["now"], "only what is not paced is built");

    // `Show` builds its children after the parts around it were met.
    assert!(pacing.build_next());
    rendered().await;
    assert_eq!(built(&root), ["now", "first"]);
    assert!(pacing.build_next());
    rendered().await;
    assert_eq!(built(&root), ["now", "first", "last"]);

    // The part waiting next goes before its turn.
    kept.set(false);
    rendered().await;
    assert!(pacing.build_next(), "its turn is taken, without a panic");
    rendered().await;
    assert_eq!(built(&root), ["now", "first", "last"]);

    assert!(pacing.build_next());
    rendered().await;
    assert_eq!(
        built(&root),
        ["now", "first", "inside first", "last"],
        "a part met while building waits behind the parts met before"
    );
    assert!(!pacing.build_next(), "nothing is left to build");

    pacing.finish();
    kept.set(true);
    rendered().await;
    assert_eq!(
        built(&root),
        ["now", "first", "inside first", "kept or not", "last"],
        "once finished, a part is built as soon as it is met"
    );
    drop(handle);
    root.remove();
}
