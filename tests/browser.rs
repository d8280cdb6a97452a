//! Component tests in headless Chromium: the form mounted on its own, driven
//! the way a user drives it (typing fires bubbling `input` events).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use leptos::prelude::*;
use support_request_form::ui::RequestForm;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/pacing.rs"]
mod pacing;
#[path = "browser/parity.rs"]
mod parity;
#[path = "browser/typing.rs"]
mod typing;

/// A fresh container (never the body: the test runner's output lives there).
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn mount_form(root: &HtmlElement) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(root.clone(), || {
        view! { <RequestForm server="http://127.0.0.1:9" authorization=Signal::stored("Bearer t".to_string()) /> }
    })
}

fn control(root: &Element, label: &str) -> HtmlInputElement {
    let labels = root.query_selector_all("label").unwrap();
    for index in 0..labels.length() {
        let element: Element = labels.item(index).unwrap().unchecked_into();
        if element
            .text_content()
            .unwrap_or_default()
            .trim()
            .starts_with(label)
        {
            let id = element.get_attribute("for").unwrap();
            return root
                .query_selector(&format!("#{id}"))
                .unwrap()
                .unwrap()
                .unchecked_into();
        }
    }
    panic!("no field labelled {label}");
}

fn visible_errors(root: &Element) -> Vec<String> {
    let nodes = root
        .query_selector_all(".srf-field-error:not([hidden])")
        .unwrap();
    (0..nodes.length())
        .map(|index| {
            nodes
                .item(index)
                .unwrap()
                .text_content()
                .unwrap_or_default()
        })
        .collect()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn submit_button(root: &Element) -> HtmlElement {
    root.query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn empty_submit_shows_both_required_messages_and_valid_input_clears_them() {
    let root = container();
    let handle = mount_form(&root);
    leptos::task::tick().await;
    assert!(
        visible_errors(&root).is_empty(),
        "no errors before the first submit"
    );

    submit_button(&root).click();
    leptos::task::tick().await;
    assert_eq!(
        visible_errors(&root),
        vec!["Subject is required.", "Requester email is required."]
    );
    let subject = control(&root, "Subject");
    assert_eq!(
        subject.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = subject.get_attribute("aria-describedby").unwrap();
    let message = root
        .query_selector(&format!("#{described}"))
        .unwrap()
        .unwrap();
    assert_eq!(message.text_content().unwrap(), "Subject is required.");
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active.id(),
        subject.id(),
        "focus moves to the first invalid field"
    );
    let summary = root.query_selector(".srf-summary").unwrap().unwrap();
    assert!(
        !summary.has_attribute("hidden"),
        "the summary lists the problems"
    );

    type_into(&subject, "Printer jam");
    type_into(&control(&root, "Requester email"), "a@b.com");
    leptos::task::tick().await;
    assert!(
        visible_errors(&root).is_empty(),
        "valid input clears the messages"
    );
    assert_eq!(
        subject.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(subject.get_attribute("aria-describedby"), None);
    assert!(summary.has_attribute("hidden"));

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn every_field_has_a_visible_label_and_the_button_says_submit_request() {
    let root = container();
    let handle = mount_form(&root);
    leptos::task::tick().await;
    let requester_preset = [
        "Subject",
        "Description",
        "Requester email",
        "CC emails",
        "Category",
        "Impact",
        "Urgency",
        "Department",
        "Location",
        "Tags",
    ];
    for label in requester_preset {
        let _ = control(&root, label);
    }
    // And no control shows without one.
    let controls = root.query_selector_all("input, select, textarea").unwrap();
    let mut unlabelled = Vec::new();
    for index in 0..controls.length() {
        let control: Element = controls.item(index).unwrap().dyn_into().unwrap();
        let hidden = control.get_attribute("type").as_deref() == Some("hidden")
            || control.closest("[hidden]").unwrap().is_some();
        if hidden {
            continue;
        }
        let label = root
            .query_selector(&format!("label[for='{}']", control.id()))
            .unwrap()
            .and_then(|label| label.text_content())
            .unwrap_or_default();
        if label.trim().is_empty() {
            unlabelled.push(control.outer_html());
        }
    }
    assert!(
        controls.length() > 10 && unlabelled.is_empty(),
        "controls without a visible label: {unlabelled:?}"
    );
    assert_eq!(
        submit_button(&root).text_content().unwrap().trim(),
        "Submit request"
    );
    drop(handle);
    root.remove();
}

fn key(input: &HtmlInputElement, name: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(name);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn chips(root: &Element) -> Vec<String> {
    let nodes = root.query_selector_all(".srf-chip-text").unwrap();
    (0..nodes.length())
        .map(|index| {
            nodes
                .item(index)
                .unwrap()
                .text_content()
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn tags_are_added_with_enter_and_comma_and_removed_with_backspace() {
    let root = container();
    let handle = mount_form(&root);
    leptos::task::tick().await;
    let tags = control(&root, "Tags");
    type_into(&tags, "printer");
    key(&tags, "Enter");
    type_into(&tags, "floor-3");
    key(&tags, ",");
    type_into(&tags, "printer");
    key(&tags, "Enter");
    leptos::task::tick().await;
    assert_eq!(
        chips(&root),
        vec!["printer", "floor-3"],
        "duplicates are dropped"
    );
    assert_eq!(tags.value(), "", "the input is emptied after adding");
    key(&tags, "Backspace");
    leptos::task::tick().await;
    assert_eq!(chips(&root), vec!["printer"]);
    drop(handle);
    root.remove();
}

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// The sandbox `cargo xtask test` started (its URL is compiled in) and a
/// token for demo@example.com from it.
async fn sandbox_token() -> (&'static str, String) {
    let Some(base) = option_env!("SRF_SANDBOX_URL") else {
        panic!("cargo xtask test sets SRF_SANDBOX_URL to a running sandbox; run the browser tests through it");
    };
    let grant = support_request_form::api::http::password_grant(
        base,
        "support-portal",
        "portal-secret",
        "demo@example.com",
        "demo",
    )
    .await
    .expect("the sandbox grants a token");
    (base, grant.access_token)
}

/// Uploads a generated 100 MB file to a real sandbox (started by
/// `cargo xtask test`, which passes its URL at build time) and checks that
/// its bytes never went through wasm linear memory.
#[wasm_bindgen_test]
async fn a_100_mb_upload_leaves_wasm_memory_alone() {
    use support_request_form::api::upload;

    let (base, token) = sandbox_token().await;
    let before = wasm_memory_bytes();

    // Made on the JS heap, as a picked file is.
    let bytes = js_sys::Uint8Array::new_with_length(100 * 1024 * 1024);
    bytes.fill(42, 0, bytes.length());
    let parts = js_sys::Array::of1(&bytes);
    let file = web_sys::File::new_with_u8_array_sequence(&parts, "big.bin").unwrap();

    let result = std::rc::Rc::new(std::cell::RefCell::new(None));
    let slot = result.clone();
    let finished = js_sys::Promise::new(&mut |resolve, _| {
        let slot = slot.clone();
        let running = upload::start(
            &format!("{base}/api/oprfile"),
            &format!("Bearer {token}"),
            &file,
            "big.bin",
            60_000.0,
            |_| {},
            move |outcome| {
                *slot.borrow_mut() = Some(outcome);
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
        )
        .unwrap();
        std::mem::forget(running);
    });
    wasm_bindgen_futures::JsFuture::from(finished)
        .await
        .unwrap();
    let uploaded = result
        .borrow_mut()
        .take()
        .unwrap()
        .expect("the upload succeeds");
    assert_eq!(uploaded.real_name, "big.bin");

    let grown = wasm_memory_bytes() - before;
    assert!(grown < 1024.0 * 1024.0, "wasm memory grew by {grown} bytes");
}

#[wasm_bindgen_test]
fn a_panic_is_reported_in_the_console_with_its_message_and_location() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;

    support_request_form::browser::install_panic_hook();
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = js_sys::Reflect::get(&console, &"error".into()).unwrap();
    let captured = js_sys::Array::new();
    let sink = captured.clone();
    let capture = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        sink.push(&message);
    });
    js_sys::Reflect::set(&console, &"error".into(), capture.as_ref()).unwrap();
    let boom = Closure::<dyn FnMut()>::new(|| panic!("boom for the test"));
    // Called from JS, so the trap that follows the hook is caught there.
    let call = js_sys::Function::new_with_args("f", "try { f(); } catch (e) { return String(e); }");
    let thrown = call.call1(&JsValue::NULL, boom.as_ref()).unwrap();
    js_sys::Reflect::set(&console, &"error".into(), &original).unwrap();

    let printed: Vec<String> = captured.iter().filter_map(|m| m.as_string()).collect();
    let report = printed.join("\n");
    assert!(report.contains("boom for the test"), "{report}");
    assert!(
        report.contains("tests/browser.rs"),
        "the location: {report}"
    );
    assert!(
        thrown
            .as_string()
            .unwrap_or_default()
            .contains("unreachable"),
        "{thrown:?}"
    );
}

/// Lets Leptos render what changed (its effects and its queued property
/// writes run as microtasks).
async fn rendered() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

/// Waits (up to 10 s) until `ready` holds, giving the page a turn between
/// looks.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        let turn = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
        });
        wasm_bindgen_futures::JsFuture::from(turn).await.unwrap();
    }
    panic!("never {what}");
}

/// The created ticket's card against a real sandbox: Copy, the desk link
/// from the template, and a labelled comment that says when it is empty.
#[wasm_bindgen_test]
async fn the_ticket_card_offers_copy_a_desk_link_and_a_comment_that_must_not_be_empty() {
    use support_request_form::model::ticket_url::TicketUrl;

    let (base, token) = sandbox_token().await;
    let root = container();
    let authorization = format!("Bearer {token}");
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <RequestForm server=base authorization=Signal::stored(authorization.clone())
                ticket_url=TicketUrl::parse("/desk/{id}") />
        }
    });
    leptos::task::tick().await;
    type_into(&control(&root, "Subject"), "From a component test");
    type_into(&control(&root, "Requester email"), "demo@example.com");
    submit_button(&root).click();
    until("showed the ticket", || {
        root.query_selector(".srf-ticket-number").unwrap().is_some()
    })
    .await;

    let link = root.query_selector(".srf-ticket a").unwrap().unwrap();
    let href = link.get_attribute("href").unwrap();
    assert!(
        href.starts_with("/desk/") && href.len() > "/desk/".len(),
        "{href}"
    );
    let buttons = root.query_selector_all(".srf-ticket button").unwrap();
    let texts: Vec<String> = (0..buttons.length())
        .map(|index| {
            buttons
                .item(index)
                .unwrap()
                .text_content()
                .unwrap_or_default()
        })
        .collect();
    assert!(texts.iter().any(|text| text == "Copy number"), "{texts:?}");

    let comment = control(&root, "Comment");
    assert_eq!(comment.tag_name(), "TEXTAREA");
    let add = (0..buttons.length())
        .map(|index| buttons.item(index).unwrap().unchecked_into::<HtmlElement>())
        .find(|button| button.text_content().unwrap_or_default() == "Add to the request")
        .expect("an Add to the request button");
    add.click();
    leptos::task::tick().await;
    assert_eq!(
        visible_errors(&root),
        vec!["Write a comment or add a file first."]
    );
    assert_eq!(
        comment.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn server_html_is_shown_as_its_text_with_every_entity_decoded() {
    use support_request_form::browser::dom::html_text;
    use support_request_form::model::comment::details_html;
    assert_eq!(html_text("a &amp; b<br>c"), "a & b\nc");
    assert_eq!(
        html_text("<p>Hello <b>there</b></p><p>&lt;script&gt;x&lt;/script&gt;</p>"),
        "Hello there\n<script>x</script>"
    );
    assert_eq!(
        html_text("It&rsquo;s caf&eacute; &#60;&#x3E;&nbsp;&unknown; & x"),
        "It\u{2019}s caf\u{e9} <>\u{a0}&unknown; & x"
    );
    // What the form sends reads back as what was typed, and stays text.
    let typed = "<img src=x onerror=alert(1)>\na & b";
    assert_eq!(html_text(&details_html(typed)), typed);
}

#[wasm_bindgen_test]
fn the_browsers_json_parse_reads_json_as_serde_json_does() {
    use support_request_form::browser::json::{number_text, parse};
    let text =
        r#"{"a": [1, -2, 2.5, 1.5e-3, true, null, "caf\u00e9 \"q\""], "b": {"c": {}}, "d": []}"#;
    assert_eq!(parse(text), serde_json::from_str(text).ok());
    // A whole number counts as whole however it is written, as JSON
    // Schema's `integer` says (serde_json reads `2.0` as a float).
    assert_eq!(parse("[2.0, 1e3]"), Some(serde_json::json!([2, 1000])));
    let numbers = parse(r#"{"whole": 7, "negative": -3, "half": 0.5}"#).unwrap();
    assert_eq!(numbers["whole"].as_u64(), Some(7));
    assert_eq!(numbers["negative"].as_i64(), Some(-3));
    assert_eq!(numbers["half"].as_f64(), Some(0.5));
    assert_eq!(parse("{\"a\": x}"), None);
    assert_eq!(parse(""), None);
    // Deep enough for any configuration; deeper is refused, not a crash.
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(parse(&nested(100)).is_some());
    assert_eq!(parse(&nested(1_000)), None);
    assert_eq!(number_text(0.1), "0.1");
    assert_eq!(number_text(1e21), "1e+21");
}

#[wasm_bindgen_test]
fn a_hosts_object_is_read_as_json_stringify_writes_it() {
    use support_request_form::browser::json::of_js;
    let object = js_sys::Object::new();
    let set = |key: &str, value: &wasm_bindgen::JsValue| {
        js_sys::Reflect::set(&object, &key.into(), value).unwrap();
    };
    set("theme", &"dark".into());
    set("gone", &wasm_bindgen::JsValue::UNDEFINED);
    set("call", &js_sys::Function::new_no_args("return 1"));
    set(
        "at",
        &js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(0.0)),
    );
    assert_eq!(
        of_js(&object),
        Some(serde_json::json!({"theme": "dark", "at": "1970-01-01T00:00:00.000Z"}))
    );
}
