//! One form, two painters: the first screen (plain DOM from the main
//! module) and the app (the Leptos form) must give a person the same form.
//! For every configuration we ship and test with, plus one with every
//! widget kind, in English and in Arabic, both are rendered and their
//! accessibility trees compared: every field frame, control, label, legend
//! and option with what assistive technology and the browser read from it
//! (tag, id, for, name, type, required, aria-*, accept, dir, multiple, min,
//! max, option values, label texts, and what the conditions decide: hidden,
//! disabled, readonly). Any difference fails.
use std::rc::Rc;

use support_request_form::boot::{HostInputs, Start};
use support_request_form::browser::intl::JsIntl;
use support_request_form::first_screen::{FirstScreen, Screen};
use support_request_form::i18n::{Catalog, Words};
use support_request_form::model::config::FormConfig;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

/// Every widget kind once more, each with help and required: what help
/// and requiredness add to a control (`aria-describedby`,
/// `aria-required`) must be the same on both painters.
const EVERY_WIDGET_WITH_HELP: &str = r#"{
  "preset": "technician",
  "attachments": {"accept": ["image/*", ".log"]},
  "fields": {
    "ccEmailSet": {"help": "Who else hears of it."},
    "tags": {"help": "Words to find it by."},
    "spam": {"help": "Only for junk."},
    "linkAssetIds": {"help": "From the asset list."},
    "fileAttachments": {"help": "Screenshots help."}
  },
  "customFields": [
    {"name": "Text", "type": "text", "help": "h", "required": true},
    {"name": "Area", "type": "textarea", "help": "h", "required": true},
    {"name": "Count", "type": "number", "help": "h", "required": true, "min": 1, "max": 9},
    {"name": "Pick", "type": "dropdown", "options": ["A", "B"], "help": "h", "required": true},
    {"name": "Many", "type": "multiselect", "options": ["A", "B"], "help": "h", "required": true},
    {"name": "Boxes", "type": "checkbox", "options": ["A", "B"], "help": "h", "required": true},
    {"name": "One", "type": "radio", "options": ["A", "B"], "help": "h", "required": true},
    {"name": "When", "type": "datetime", "help": "h", "required": true}
  ]
}"#;

const CONFIGS: [(&str, &str); 7] = [
    (
        "tailored (conditions, dependent options, a locked field)",
        include_str!("../../examples/config-tailored.json"),
    ),
    (
        "every widget with help and required",
        EVERY_WIDGET_WITH_HELP,
    ),
    ("the defaults", "{}"),
    ("config.json", include_str!("../../config.json")),
    (
        "every widget (technician)",
        include_str!("../../examples/config-technician.json"),
    ),
    (
        "technician-with-reference",
        include_str!("../configs/technician-with-reference.json"),
    ),
    (
        "follow-up-and-languages",
        include_str!("../configs/follow-up-and-languages.json"),
    ),
];

use super::{container, until};

fn words(lang: &str) -> Words {
    match lang {
        "ar" => Words::new(
            "ar",
            None,
            Some(Rc::new(
                Catalog::parse(include_str!("../../locales/ar.json")).unwrap(),
            )),
            None,
            Rc::new(JsIntl::new("ar")),
        ),
        _ => Words::english(),
    }
}

const ATTRIBUTES: [&str; 15] = [
    "id", "for", "name", "type", "required", "multiple", "accept", "dir", "min", "max", "step",
    "value", "hidden", "disabled", "readonly",
];

/// What matters of the form under `root` to a person and their assistive
/// technology, one line per element, in document order.
fn tree(root: &Element) -> Vec<String> {
    let form = root
        .query_selector("form.srf-form")
        .unwrap()
        .expect("a form");
    let nodes = form
        .query_selector_all("input, select, textarea, option, label, legend, fieldset, .srf-field")
        .unwrap();
    let mut lines = Vec::new();
    for index in 0..nodes.length() {
        let element: Element = nodes.item(index).unwrap().unchecked_into();
        let tag = element.tag_name().to_lowercase();
        let mut line = tag.clone();
        for name in ATTRIBUTES {
            // An option's value, an input's initial value attribute.
            if name == "value" && tag != "option" {
                continue;
            }
            if let Some(value) = element.get_attribute(name) {
                line.push_str(&format!(" {name}={value:?}"));
            }
        }
        let names = element.get_attribute_names();
        let mut aria: Vec<String> = names
            .iter()
            .filter_map(|name| name.as_string())
            .filter(|name| name.starts_with("aria-"))
            .collect();
        aria.sort();
        for name in aria {
            let value = element.get_attribute(&name).unwrap_or_default();
            line.push_str(&format!(" {name}={value:?}"));
        }
        if matches!(tag.as_str(), "label" | "legend" | "option") {
            let text = element.text_content().unwrap_or_default();
            line.push_str(&format!(" text={:?}", text.trim()));
        }
        lines.push(line);
    }
    lines
}

/// The differences between two trees, as a readable list.
fn differences(first: &[String], app: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for index in 0..first.len().max(app.len()) {
        let (a, b) = (first.get(index), app.get(index));
        if a != b {
            out.push(format!(
                "#{index}\n  first screen: {}\n  app:          {}",
                a.map_or("(none)", String::as_str),
                b.map_or("(none)", String::as_str)
            ));
        }
    }
    out
}

#[wasm_bindgen_test]
async fn the_first_screen_and_the_app_give_the_same_form_for_every_config_in_english_and_arabic() {
    let mut found = Vec::new();
    for (name, json) in CONFIGS {
        // A service's form is the configuration's with an overlay; the
        // list of services is the app's alone.
        let config = FormConfig {
            services: Vec::new(),
            ..FormConfig::parse(json).unwrap()
        };
        for lang in ["en", "ar"] {
            let prefix = "p";
            let first_root = container();
            let first = FirstScreen::render(
                &first_root,
                &Screen::Form {
                    spec: &config.spec,
                    accept: &config.attachments.accept,
                    requester: None,
                    prefill: &[],
                    account: None,
                },
                Some(support_request_form::first_screen::tailoring::apply),
                prefix,
                &words(lang),
                "light",
            )
            .unwrap();
            let app_root = container();
            let app = support_request_form::app::start(Start {
                events_on: None,
                parent: app_root.clone().into(),
                inputs: HostInputs {
                    server_url: Some("http://127.0.0.1:9".into()),
                    token: Some("t".into()),
                    ..HostInputs::default()
                },
                config: config.clone(),
                words: words(lang),
                first: None,
                prefix: prefix.into(),
                resolving: Box::new(|| false),
            });
            // Built a slice at a time, then put in place.
            until("the app put in place", || {
                app_root
                    .query_selector(".srf-form-root")
                    .ok()
                    .flatten()
                    .is_some()
            })
            .await;
            let (first_tree, app_tree) = (tree(&first_root), tree(&app_root));
            assert!(first_tree.len() > 10, "{name}: a form was painted");
            let diff = differences(&first_tree, &app_tree);
            if !diff.is_empty() {
                found.push(format!("{name} in {lang}:\n{}", diff.join("\n")));
            }
            drop(app);
            first.remove();
            first_root.remove();
            app_root.remove();
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n\n"));
}

/// Every element under `root` (itself included), with all its attributes,
/// its own text and, for a control, the value it shows: the whole markup.
fn markup(root: &Element) -> Vec<String> {
    let nodes = root.query_selector_all("*").unwrap();
    let mut elements = vec![root.clone()];
    elements.extend((0..nodes.length()).map(|index| nodes.item(index).unwrap().unchecked_into()));
    elements
        .iter()
        .map(|element| {
            let tag = element.tag_name().to_lowercase();
            let mut names: Vec<String> = element
                .get_attribute_names()
                .iter()
                .filter_map(|name| name.as_string())
                // A control's value is compared as it shows (below).
                .filter(|name| !(name == "value" && tag != "option"))
                .collect();
            names.sort();
            let mut line = tag.clone();
            for name in names {
                let value = element.get_attribute(&name).unwrap_or_default();
                line.push_str(&format!(" {name}={value:?}"));
            }
            let own_text: String = (0..element.child_nodes().length())
                .filter_map(|index| element.child_nodes().item(index))
                .filter(|node| node.node_type() == web_sys::Node::TEXT_NODE)
                .filter_map(|node| node.text_content())
                .collect();
            line.push_str(&format!(" text={own_text:?}"));
            if matches!(tag.as_str(), "input" | "textarea" | "select") {
                let shown = js_sys::Reflect::get(element, &"value".into()).unwrap();
                line.push_str(&format!(" shows={:?}", shown.as_string()));
            }
            line
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_prerendered_html_is_the_markup_the_first_screen_paints_for_every_config_in_english_and_arabic(
) {
    use support_request_form::painting::{self, html::Html};
    let mut found = Vec::new();
    for (name, json) in CONFIGS {
        let config = FormConfig::parse(json).unwrap();
        for lang in ["en", "ar"] {
            let words = words(lang);
            for screen in [
                Screen::SignIn,
                Screen::Form {
                    spec: &config.spec,
                    accept: &config.attachments.accept,
                    requester: None,
                    prefill: &[],
                    account: None,
                },
            ] {
                let painted = container();
                FirstScreen::render(&painted, &screen, None, "p", &words, "dark").unwrap();
                let mut html = Html::default();
                painting::paint(&mut html, &Html::TOP, &screen, "p", &words, "dark");
                let parsed = container();
                parsed.set_inner_html(&html.write());
                let (first, prerendered) = (
                    markup(&painted.first_element_child().unwrap()),
                    markup(&parsed.first_element_child().unwrap()),
                );
                let differ = differences(&first, &prerendered);
                if !differ.is_empty() {
                    found.push(format!(
                        "{name} ({lang}, {:?}):\n{}",
                        screen.prerendered_as(),
                        differ.join("\n")
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the prerender differs:\n{}",
        found.join("\n\n")
    );
}
