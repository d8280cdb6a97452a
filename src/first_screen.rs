//! The first screen: the form (or the sign-in) as plain DOM, built from the
//! configuration by the small main module, without the Leptos app. A
//! requester on a slow connection can start typing at once; the app, loaded
//! right after, takes over everything typed, picked, dropped or pressed
//! (see [`FirstScreen::adopt`]) and replaces this DOM with the same markup.
//! Should the app fail to load, this form stays, with what was typed, and
//! says so.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

pub mod tailoring;

use crate::browser::dom::{chosen_values, event_origin, files_of, ControlsIn, Listener};
use crate::browser::time::ms_to_datetime_local;
use crate::i18n::Words;
use crate::markup::{self, Controls, Tag};
use crate::model::draft::starting_values;
use crate::model::fields::{AssetRow, FieldId, FieldSpec, FieldValue, FormSpec, Widget};
use tailoring::{Apply, Tailoring};

/// What the first screen shows.
pub enum Screen<'a> {
    /// The request form at its defaults, with `requester` as the requester
    /// email; `account` is the signed-in email shown with "Sign out" (the
    /// portal).
    Form {
        spec: &'a FormSpec,
        /// The file types the attachments take (`attachments.accept`).
        accept: &'a [String],
        requester: Option<&'a str>,
        /// The host's and the link's starting values.
        prefill: &'a [(FieldId, FieldValue)],
        account: Option<&'a str>,
        /// How the configuration's conditions apply, if it has any.
        tailor: Option<Apply>,
    },
    /// The portal's sign-in.
    SignIn,
    /// Why the form cannot start (a bad configuration), with every
    /// problem when there are more than one.
    Problem { message: String, all: Vec<String> },
}

/// What the person did on the first screen, for the app to carry on with.
#[derive(Default)]
pub struct Adopted {
    /// The form's fields as typed.
    pub values: Vec<(FieldId, FieldValue)>,
    /// Files picked, dropped or pasted.
    pub files: Vec<web_sys::File>,
    /// The sign-in's email and password.
    pub email: String,
    pub password: String,
    /// The element that had focus (its id), with the text selection.
    pub focus: Option<(String, Option<(u32, u32)>)>,
    /// Submit (or Sign in) was pressed.
    pub submitted: bool,
}

#[derive(Default)]
struct Pressed {
    submitted: bool,
    files: Vec<web_sys::File>,
}

/// The rendered first screen.
pub struct FirstScreen {
    root: Element,
    prefix: String,
    /// The form's fields with the values they were painted with.
    fields: Vec<(FieldSpec, FieldValue)>,
    /// The configuration's conditions, applied as the person types.
    tailoring: Option<(Rc<Tailoring>, Words)>,
    pressed: Rc<RefCell<Pressed>>,
    _listeners: Vec<Listener>,
    /// The listeners of buttons the main module wires (Try again, Sign
    /// out).
    buttons: RefCell<Vec<Listener>>,
}

/// Marks a field's frame once the person has changed it.
const CHANGED: &str = "data-changed";

/// A tiny builder: `tag` with `attributes`, appended to `parent`.
fn add(document: &Document, parent: &Element, tag: &str, attributes: &[(&str, &str)]) -> Element {
    let element = document
        .create_element(tag)
        .unwrap_or_else(|_| parent.clone());
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
    let _ = parent.append_child(&element);
    element
}

fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

impl FirstScreen {
    /// Renders `screen` at the end of `parent`; ids start with `prefix`
    /// (the app uses the same, so focus lands where it was).
    pub fn render(
        parent: &Element,
        screen: &Screen,
        prefix: &str,
        words: &Words,
        theme: &str,
    ) -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let root = add(
            &document,
            parent,
            "div",
            &[
                ("class", "srf-root srf-first"),
                ("part", "root"),
                ("lang", &words.lang),
                ("dir", words.direction().attribute()),
                ("data-theme", theme),
            ],
        );
        let pressed = Rc::new(RefCell::new(Pressed::default()));
        let mut listeners = Vec::new();
        // Which fields the person changed: only those are carried over to
        // a screen painted again.
        for name in ["input", "change", "click"] {
            listeners.push(Listener::new(&root, name, |event| {
                let origin = event_origin::<Element>(&event);
                if let Some(frame) = origin.and_then(|at| at.closest(".srf-field").ok().flatten()) {
                    let _ = frame.set_attribute(CHANGED, "");
                }
            }));
        }
        let mut fields = Vec::new();
        let mut tailoring = None;
        let form = match screen {
            Screen::Problem { message, all } => {
                let problem = add(
                    &document,
                    &root,
                    "div",
                    &[("class", "srf-config-error"), ("role", "alert")],
                );
                text(&add(&document, &problem, "p", &[]), message);
                if all.len() > 1 {
                    let list = add(
                        &document,
                        &problem,
                        "ul",
                        &[("class", "srf-config-problems")],
                    );
                    for item in all {
                        text(&add(&document, &list, "li", &[]), item);
                    }
                }
                None
            }
            Screen::SignIn => Some(sign_in(&document, &root, prefix, words)),
            Screen::Form {
                spec,
                accept,
                requester,
                prefill,
                account,
                tailor,
            } => {
                if let Some(email) = account {
                    let bar = add(&document, &root, "div", &[("class", "srf-account")]);
                    let shown = add(&document, &bar, "span", &[("class", "srf-account-email")]);
                    text(&shown, email);
                    let out = add(
                        &document,
                        &bar,
                        "button",
                        &[("class", "srf-link-button"), ("type", "button")],
                    );
                    text(&out, &words.text("signOut"));
                }
                fields = spec
                    .fields
                    .iter()
                    .cloned()
                    .zip(starting_values(spec, *requester, prefill).map(|(_, value)| value))
                    .collect();
                let form = request_form(&document, &root, &fields, prefix, words, accept);
                if let Some(apply) = tailor {
                    let rules = Rc::new(Tailoring {
                        controls: ControlsIn(form.clone()),
                        prefix: prefix.to_owned(),
                        fields: fields.iter().map(|(field, _)| field.clone()).collect(),
                        painted: fields.iter().map(|(_, value)| value.clone()).collect(),
                        apply: *apply,
                    });
                    let status = form.query_selector(".srf-withdrawn").ok().flatten();
                    rules.apply(None, words);
                    for name in ["input", "change"] {
                        let (rules, status, words) = (rules.clone(), status.clone(), words.clone());
                        listeners.push(Listener::new(&form, name, move |_| {
                            rules.apply(status.as_ref(), &words)
                        }));
                    }
                    tailoring = Some((rules, words.clone()));
                }
                if let Some(zone) = form.query_selector(".srf-dropzone").ok().flatten() {
                    let files = pressed.clone();
                    listeners.push(Listener::new(&zone, "dragover", |event| {
                        event.prevent_default()
                    }));
                    listeners.push(Listener::new(&zone, "drop", move |event| {
                        event.prevent_default();
                        let dropped = event
                            .dyn_ref::<web_sys::DragEvent>()
                            .and_then(|event| event.data_transfer())
                            .and_then(|data| data.files());
                        files.borrow_mut().files.extend(files_of(dropped));
                    }));
                    let files = pressed.clone();
                    listeners.push(Listener::new(&form, "paste", move |event| {
                        let pasted = event
                            .dyn_ref::<web_sys::ClipboardEvent>()
                            .and_then(|event| event.clipboard_data())
                            .and_then(|data| data.files());
                        let pasted = files_of(pasted);
                        if !pasted.is_empty() {
                            event.prevent_default();
                            files.borrow_mut().files.extend(pasted);
                        }
                    }));
                }
                Some(form)
            }
        };
        if let Some(form) = form {
            // Enter in a list (CC emails, tags) adds an entry in the app;
            // here it must not send the form either.
            listeners.push(Listener::new(&form, "keydown", |event| {
                let in_list = event_origin::<Element>(&event)
                    .is_some_and(|target| target.class_list().contains("srf-chip-input"));
                let enter = event
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|key| key.key() == "Enter");
                if in_list && enter {
                    event.prevent_default();
                }
            }));
            // A submit before the app is here is kept and made once it is.
            let submitted = pressed.clone();
            listeners.push(Listener::new(&form, "submit", move |event| {
                event.prevent_default();
                submitted.borrow_mut().submitted = true;
            }));
        }
        Some(Self {
            root,
            prefix: prefix.to_owned(),
            fields,
            tailoring,
            pressed,
            _listeners: listeners,
            buttons: RefCell::new(Vec::new()),
        })
    }

    fn controls(&self) -> ControlsIn {
        ControlsIn(self.root.clone())
    }

    /// Everything the person did here, for the app to carry on with.
    pub fn adopt(&self) -> Adopted {
        let mut adopted = Adopted::default();
        let controls = self.controls();
        for (field, painted) in &self.fields {
            let id = markup::field_id(&self.prefix, field);
            if field.widget == Widget::Files {
                let picked = controls
                    .find(&id)
                    .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
                    .and_then(|input| input.files());
                adopted.files.extend(files_of(picked));
            } else {
                let value = markup::read(field, &id, painted, &controls);
                adopted.values.push((field.id, value));
            }
        }
        for (field, text) in [
            (markup::SIGN_IN_EMAIL, &mut adopted.email),
            (markup::SIGN_IN_PASSWORD, &mut adopted.password),
        ] {
            *text = controls.text(&field.id(&self.prefix)).unwrap_or_default();
        }
        let pressed = std::mem::take(&mut *self.pressed.borrow_mut());
        adopted.files.extend(pressed.files);
        adopted.submitted = pressed.submitted;
        adopted.focus = self.focused();
        adopted
    }

    /// The focused element of this screen, with its selection.
    fn focused(&self) -> Option<(String, Option<(u32, u32)>)> {
        let node = self.root.get_root_node();
        let active = js_sys::Reflect::get(&node, &"activeElement".into())
            .ok()?
            .dyn_into::<Element>()
            .ok()?;
        if !self.root.contains(Some(&active)) || active.id().is_empty() {
            return None;
        }
        let selection = active
            .dyn_ref::<HtmlInputElement>()
            .and_then(|input| Some((input.selection_start().ok()??, input.selection_end().ok()??)))
            .or_else(|| {
                let area = active.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
                Some((area.selection_start().ok()??, area.selection_end().ok()??))
            });
        Some((active.id(), selection))
    }

    /// Runs `callback` when the first element matching `selector` is
    /// clicked (until this screen goes).
    pub fn on_click(&self, selector: &str, mut callback: impl FnMut() + 'static) {
        if let Some(button) = self.root.query_selector(selector).ok().flatten() {
            let listener = Listener::new(&button, "click", move |_| callback());
            self.buttons.borrow_mut().push(listener);
        }
    }

    /// Adds a *Try again* button to the problem said in `.srf-{class}`.
    fn add_try_again(&self, class: &str, words: &Words, retry: impl FnMut() + 'static) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        let selector = format!(".{class}");
        let Some(problem) = self.root.query_selector(&selector).ok().flatten() else {
            return;
        };
        let button = add(
            &document,
            &problem,
            "button",
            &[("class", "srf-button"), ("type", "button")],
        );
        text(&button, &words.text("tryAgain"));
        self.on_click(&format!("{selector} > button"), retry);
    }

    /// The configuration could not be fetched: offer to fetch it again.
    pub fn offer_try_again(&self, words: &Words, retry: impl FnMut() + 'static) {
        self.add_try_again("srf-config-error", words, retry);
    }

    /// The app could not be loaded: say so above the form, with a way to
    /// try again; what was typed stays where it is.
    pub fn show_problem(&self, words: &Words, retry: impl FnMut() + 'static) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        if let Some(old) = self.root.query_selector(".srf-load-error").ok().flatten() {
            old.remove();
        }
        let problem = document
            .create_element("div")
            .unwrap_or_else(|_| self.root.clone());
        let _ = problem.set_attribute("class", "srf-load-error");
        let _ = problem.set_attribute("role", "alert");
        text(
            &add(&document, &problem, "p", &[]),
            &words.text("appNotLoaded"),
        );
        let _ = self.root.prepend_with_node_1(&problem);
        self.add_try_again("srf-load-error", words, retry);
    }

    /// Takes over what was typed, picked, dropped, pressed and focused on
    /// `old`, the screen this one replaces (the language, the theme or the
    /// configuration changed): every control with the same id gets its
    /// value.
    pub fn carry_over(&self, old: &FirstScreen) {
        let Ok(controls) = old.root.query_selector_all("input, select, textarea") else {
            return;
        };
        for index in 0..controls.length() {
            let Some(control) = controls
                .item(index)
                .and_then(|node| node.dyn_into::<Element>().ok())
            else {
                continue;
            };
            // A field the person left alone shows this screen's value (a
            // new prefill); only what they changed goes over.
            let frame = control.closest(".srf-field").ok().flatten();
            if frame.is_some_and(|frame| !frame.has_attribute(CHANGED)) {
                continue;
            }
            let Some(mine) = self
                .controls()
                .find(&control.id())
                .filter(|mine| mine.tag_name() == control.tag_name())
            else {
                continue;
            };
            copy_state(&control, &mine);
            if let Some(frame) = mine.closest(".srf-field").ok().flatten() {
                let _ = frame.set_attribute(CHANGED, "");
            }
        }
        let pressed = std::mem::take(&mut *old.pressed.borrow_mut());
        let mut own = self.pressed.borrow_mut();
        own.submitted |= pressed.submitted;
        own.files.extend(pressed.files);
        drop(own);
        if let Some((rules, words)) = &self.tailoring {
            rules.apply(None, words);
        }
        if let Some(focus) = old.focused() {
            restore_focus(&self.root, &focus);
        }
    }

    /// Hides the first screen (a problem shows instead), keeping what was
    /// typed for when it shows again.
    pub fn hide(&self) {
        let _ = self.root.set_attribute("hidden", "");
    }

    /// Takes the first screen off the page.
    pub fn remove(&self) {
        self.root.remove();
    }
}

/// Copies what a person can change on a control: its value, whether it is
/// checked, its chosen options, its files.
fn copy_state(from: &Element, to: &Element) {
    if let (Some(from), Some(to)) = (
        from.dyn_ref::<HtmlInputElement>(),
        to.dyn_ref::<HtmlInputElement>(),
    ) {
        if from.type_() != to.type_() {
            return;
        }
        match from.type_().as_str() {
            "checkbox" | "radio" => to.set_checked(from.checked()),
            "file" => to.set_files(from.files().as_ref()),
            _ => to.set_value(&from.value()),
        }
    } else if let (Some(from), Some(to)) = (
        from.dyn_ref::<web_sys::HtmlSelectElement>(),
        to.dyn_ref::<web_sys::HtmlSelectElement>(),
    ) {
        let chosen = chosen_values(from);
        let options = to.options();
        for index in 0..options.length() {
            if let Some(option) = options
                .item(index)
                .and_then(|option| option.dyn_into::<web_sys::HtmlOptionElement>().ok())
            {
                option.set_selected(chosen.contains(&option.value()));
            }
        }
    } else {
        let value = js_sys::Reflect::get(from, &"value".into()).unwrap_or_default();
        let _ = js_sys::Reflect::set(to, &"value".into(), &value);
    }
}

/// Paints `tag` at the end of `parent`.
fn paint(document: &Document, parent: &Element, tag: &Tag) -> Element {
    let element = document
        .create_element(tag.name)
        .unwrap_or_else(|_| parent.clone());
    for (name, value) in &tag.attributes {
        let _ = element.set_attribute(name, value);
    }
    let _ = parent.append_child(&element);
    element
}

/// A control as it stands before anything is wrong: `aria-invalid` and
/// `aria-describedby` set.
fn paint_control(
    document: &Document,
    parent: &Element,
    tag: &Tag,
    described: &Option<String>,
) -> Element {
    let control = paint(document, parent, tag);
    let _ = control.set_attribute("aria-invalid", markup::invalid(false));
    if let Some(described) = described {
        let _ = control.set_attribute("aria-describedby", described);
    }
    control
}

/// A field's name, with the mark of a required one.
fn name(document: &Document, label: &Element, name: &str, required: bool, words: &Words) {
    text(label, name);
    if required {
        let mark = add(document, label, "span", &[("class", "srf-required")]);
        text(&mark, &format!(" {}", words.text(markup::REQUIRED_MARK)));
    }
}

fn error_line(document: &Document, frame: &Element, id: &str) {
    let _ = paint(document, frame, &markup::error_line(id)).set_attribute("hidden", "");
}

/// The end of a form: where the server's answer is said, and its submit
/// button labelled `submit`.
fn form_end(document: &Document, form: &Element, submit: &str) {
    add(
        document,
        form,
        "p",
        &[("class", "srf-server-error"), ("role", "alert")],
    );
    let actions = add(document, form, "div", &[("class", "srf-actions")]);
    let button = add(
        document,
        &actions,
        "button",
        &[
            ("class", "srf-button srf-submit"),
            ("part", "submit"),
            ("type", "submit"),
        ],
    );
    text(&button, submit);
}

fn request_form(
    document: &Document,
    root: &Element,
    fields: &[(FieldSpec, FieldValue)],
    prefix: &str,
    words: &Words,
    accept: &[String],
) -> Element {
    let holder = add(document, root, "div", &[("class", "srf-form-root")]);
    let form = add(
        document,
        &holder,
        "form",
        &[("class", "srf-form"), ("part", "form"), ("novalidate", "")],
    );
    let title = add(document, &form, "h2", &[("class", "srf-title")]);
    text(&title, &words.text("title"));
    add(
        document,
        &form,
        "div",
        &[
            ("class", "srf-summary"),
            ("part", "summary"),
            ("role", "alert"),
            ("hidden", ""),
        ],
    );
    add(
        document,
        &form,
        "p",
        &[
            ("class", "srf-visually-hidden srf-withdrawn"),
            ("role", "status"),
            ("aria-live", "polite"),
        ],
    );
    let set = add(document, &form, "fieldset", &[("class", "srf-fields")]);
    for (field, value) in fields {
        paint_field(
            document,
            &set,
            field,
            &markup::field_id(prefix, field),
            value,
            words,
            accept,
        );
    }
    form_end(document, &form, &words.text("submit"));
    form
}

/// One field as [`markup`] describes it, showing `value`.
fn paint_field(
    document: &Document,
    parent: &Element,
    field: &FieldSpec,
    id: &str,
    value: &FieldValue,
    words: &Words,
    accept: &[String],
) {
    let frame = paint(document, parent, &markup::frame(field, id));
    let label = paint(document, &frame, &markup::label(field, id));
    let may_require = field.required || field.rules.required_when.is_some();
    name(
        document,
        &label,
        &markup::label_text(field, words),
        may_require,
        words,
    );
    if let Some(help) = &field.help {
        text(
            &paint(document, &frame, &markup::help(id)),
            &words.localized(help),
        );
    }
    let described = markup::described_by(field, id, false);
    let holds = |option: &str| markup::holds(value, option);
    if field.locked {
        let control = paint_control(
            document,
            &frame,
            &markup::control(field, id, accept),
            &described,
        );
        set_value(&control, &markup::locked_text(field, value, words));
        error_line(document, &frame, id);
        return;
    }
    match &field.widget {
        Widget::Radio(options) | Widget::CheckboxGroup(options) => {
            for (index, option) in options.iter().enumerate() {
                let label = paint(document, &frame, &markup::choice_label(id, index));
                let tag = markup::choice(field, id, index, option);
                let input = paint_control(document, &label, &tag, &described);
                if holds(option) {
                    let _ = input.set_attribute("checked", "");
                }
                text(
                    &add(document, &label, "span", &[]),
                    &words.option(field, option),
                );
            }
        }
        Widget::Assets => {
            let assets = add(document, &frame, "div", &[("class", "srf-assets")]);
            let rows = match value {
                FieldValue::Assets(rows) if !rows.is_empty() => rows.clone(),
                _ => vec![AssetRow::default()],
            };
            for (index, row) in rows.iter().enumerate() {
                let line = add(document, &assets, "div", &[("class", "srf-asset-row")]);
                for ((label, key, input), shown) in markup::asset_inputs(id, index)
                    .iter()
                    .zip([&row.model, &row.id])
                {
                    text(&paint(document, &line, label), &words.text(key));
                    set_value(&paint_control(document, &line, input, &None), shown);
                }
            }
        }
        Widget::EmailList | Widget::TagList => {
            let chips = add(document, &frame, "div", &[("class", "srf-chips")]);
            let shown = add(document, &chips, "ul", &[("class", "srf-chip-list")]);
            if let FieldValue::List(items) = value {
                for item in items {
                    let chip = add(document, &shown, "li", &[("class", "srf-chip")]);
                    text(
                        &add(document, &chip, "span", &[("class", "srf-chip-text")]),
                        item,
                    );
                }
            }
            let control = paint_control(
                document,
                &chips,
                &markup::control(field, id, accept),
                &described,
            );
            if let Some(required) = markup::aria_required(field, field.required) {
                let _ = control.set_attribute("aria-required", required);
            }
            paint_hint(document, &chips, field, id, words);
        }
        Widget::Files => {
            let zone = add(document, &frame, "div", &[("class", "srf-dropzone")]);
            paint_hint(document, &zone, field, id, words);
            let input = paint(document, &zone, &markup::control(field, id, accept));
            if let Some(described) = &described {
                let _ = input.set_attribute("aria-describedby", described);
            }
            add(
                document,
                &frame,
                "ul",
                &[("class", "srf-rejections"), ("role", "alert")],
            );
            add(document, &frame, "ul", &[("class", "srf-files")]);
        }
        _ => {
            let tag = markup::control(field, id, accept);
            let control = paint_control(document, &frame, &tag, &described);
            if let Some(required) = markup::aria_required(field, field.required) {
                let _ = control.set_attribute("aria-required", required);
            }
            for choice in markup::options(field) {
                let option = add(document, &control, "option", &[("value", choice.value())]);
                if holds(choice.value()) {
                    let _ = option.set_attribute("selected", "");
                }
                text(&option, &choice.label(field, words));
            }
            match value {
                FieldValue::Text(text) if !matches!(field.widget, Widget::Select(_)) => {
                    set_value(&control, text)
                }
                FieldValue::Flag(true) => {
                    let _ = control.set_attribute("checked", "");
                }
                FieldValue::Instant(Some(ms)) => set_value(&control, &ms_to_datetime_local(*ms)),
                _ => {}
            }
        }
    }
    error_line(document, &frame, id);
}

fn paint_hint(document: &Document, parent: &Element, field: &FieldSpec, id: &str, words: &Words) {
    let (hint, key) = markup::hint(field, id);
    text(&paint(document, parent, &hint), &words.text(key));
}

fn set_value(element: &Element, value: &str) {
    let _ = js_sys::Reflect::set(element, &"value".into(), &value.into());
}

fn sign_in(document: &Document, root: &Element, prefix: &str, words: &Words) -> Element {
    let form = add(
        document,
        root,
        "form",
        &[
            ("class", "srf-form srf-sign-in"),
            ("part", "sign-in"),
            ("novalidate", ""),
        ],
    );
    let title = add(document, &form, "h2", &[("class", "srf-title")]);
    text(&title, &words.text("signIn.title"));
    add(
        document,
        &form,
        "p",
        &[("class", "srf-notice"), ("role", "status"), ("hidden", "")],
    );
    for field in [markup::SIGN_IN_EMAIL, markup::SIGN_IN_PASSWORD] {
        let id = field.id(prefix);
        let frame = paint(document, &form, &markup::frame_of(false, &id));
        let label = paint(document, &frame, &markup::label_of(false, &id));
        name(document, &label, &words.text(field.label), true, words);
        paint_control(document, &frame, &field.input(prefix), &None);
        error_line(document, &frame, &id);
    }
    form_end(document, &form, &words.text("signIn.submit"));
    form
}

/// Puts focus (and the text selection) back where it was on the first
/// screen, on the element with the same id inside `within`.
pub fn restore_focus(within: &Element, focus: &(String, Option<(u32, u32)>)) {
    let (id, selection) = focus;
    let target = ControlsIn(within.clone())
        .find(id)
        .and_then(|found| found.dyn_into::<HtmlElement>().ok());
    let Some(target) = target else {
        return;
    };
    let _ = target.focus();
    if let Some((start, end)) = selection {
        if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            let _ = input.set_selection_range(*start, *end);
        } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let _ = area.set_selection_range(*start, *end);
        }
    }
}
