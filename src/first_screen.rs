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

use crate::browser::dom::{event_origin, Listener};
use crate::browser::time::{datetime_local_to_ms, ms_to_datetime_local};
use crate::i18n::Words;
use crate::model::chips;
use crate::model::fields::{AssetRow, FieldId, FieldSpec, FieldValue, FormSpec, Standard, Widget};

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
        account: Option<&'a str>,
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
    fields: Vec<FieldSpec>,
    pressed: Rc<RefCell<Pressed>>,
    _listeners: Vec<Listener>,
    /// The listeners of buttons the main module wires (Try again, Sign
    /// out).
    buttons: RefCell<Vec<Listener>>,
}

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
        let mut fields = Vec::new();
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
                account,
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
                fields = spec.fields.clone();
                let accept = accept.join(",");
                let form = request_form(&document, &root, spec, *requester, prefix, words, &accept);
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
            pressed,
            _listeners: listeners,
            buttons: RefCell::new(Vec::new()),
        })
    }

    /// The element an id of this screen names.
    fn find(&self, id: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[id='{id}']"))
            .ok()
            .flatten()
    }

    fn value(&self, id: &str) -> String {
        self.find(id)
            .and_then(|element| js_sys::Reflect::get(&element, &"value".into()).ok())
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    }

    fn checked(&self, id: &str) -> bool {
        self.find(id)
            .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|input| input.checked())
    }

    /// The field's value as the person left it.
    fn field_value(&self, field: &FieldSpec) -> FieldValue {
        let id = format!("{}-{}", self.prefix, field.dom_name());
        let option_id = |index: usize| {
            if index == 0 {
                id.clone()
            } else {
                format!("{id}-{index}")
            }
        };
        match &field.widget {
            Widget::Radio(options) => FieldValue::Text(
                options
                    .iter()
                    .enumerate()
                    .find(|(index, _)| self.checked(&option_id(*index)))
                    .map(|(_, option)| option.clone())
                    .unwrap_or_default(),
            ),
            Widget::CheckboxGroup(options) => FieldValue::List(
                options
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| self.checked(&option_id(*index)))
                    .map(|(_, option)| option.clone())
                    .collect(),
            ),
            Widget::MultiSelect(_) => {
                let select = self
                    .find(&id)
                    .and_then(|element| element.dyn_into::<web_sys::HtmlSelectElement>().ok());
                let chosen = select.map(|select| select.selected_options());
                FieldValue::List(
                    chosen
                        .map(|chosen| {
                            (0..chosen.length())
                                .filter_map(|index| chosen.item(index))
                                .filter_map(|option| option.get_attribute("value"))
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            }
            Widget::Checkbox => FieldValue::Flag(self.checked(&id)),
            Widget::DateTime => FieldValue::Instant(datetime_local_to_ms(&self.value(&id))),
            Widget::EmailList | Widget::TagList => {
                let items = match &field.default {
                    FieldValue::List(items) => items.clone(),
                    _ => Vec::new(),
                };
                let emails = field.widget == Widget::EmailList;
                FieldValue::List(chips::merged(
                    &items,
                    chips::entries(&self.value(&id), emails),
                    emails,
                ))
            }
            Widget::Assets => FieldValue::Assets(vec![AssetRow {
                model: self.value(&id),
                id: self.value(&format!("{id}-id-0")),
            }]),
            Widget::Files => FieldValue::Files(Vec::new()),
            Widget::Text
            | Widget::LongText
            | Widget::Email
            | Widget::Select(_)
            | Widget::Number { .. } => FieldValue::Text(self.value(&id)),
        }
    }

    /// Everything the person did here, for the app to carry on with.
    pub fn adopt(&self) -> Adopted {
        let mut adopted = Adopted::default();
        for field in &self.fields {
            let value = self.field_value(field);
            if field.widget == Widget::Files {
                let id = format!("{}-{}", self.prefix, field.dom_name());
                let picked = self
                    .find(&id)
                    .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
                    .and_then(|input| input.files());
                adopted.files.extend(files_of(picked));
            } else {
                adopted.values.push((field.id, value));
            }
        }
        adopted.email = self.value(&format!("{}-email", self.prefix));
        adopted.password = self.value(&format!("{}-password", self.prefix));
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
            let Some(mine) = self
                .find(&control.id())
                .filter(|mine| mine.tag_name() == control.tag_name())
            else {
                continue;
            };
            copy_state(&control, &mine);
        }
        let pressed = std::mem::take(&mut *old.pressed.borrow_mut());
        let mut own = self.pressed.borrow_mut();
        own.submitted |= pressed.submitted;
        own.files.extend(pressed.files);
        drop(own);
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
        let chosen = from.selected_options();
        let chosen: Vec<String> = (0..chosen.length())
            .filter_map(|index| chosen.item(index))
            .filter_map(|option| option.get_attribute("value"))
            .collect();
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

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .collect()
}

/// The field's frame: label (or legend), help, the control, the error line.
fn shell(
    document: &Document,
    parent: &Element,
    field: &FieldSpec,
    id: &str,
    words: &Words,
) -> Element {
    let group = matches!(field.widget, Widget::Radio(_) | Widget::CheckboxGroup(_));
    let frame = if group {
        let group_id = format!("{id}-group");
        let frame = add(
            document,
            parent,
            "fieldset",
            &[
                ("class", "srf-field srf-group"),
                ("part", "field"),
                ("id", &group_id),
            ],
        );
        let legend = add(
            document,
            &frame,
            "legend",
            &[("class", "srf-label"), ("part", "label")],
        );
        label_text(document, &legend, field, words);
        frame
    } else {
        let frame = add(
            document,
            parent,
            "div",
            &[("class", "srf-field"), ("part", "field")],
        );
        let label = add(
            document,
            &frame,
            "label",
            &[("class", "srf-label"), ("part", "label"), ("for", id)],
        );
        label_text(document, &label, field, words);
        frame
    };
    if let Some(help) = &field.help {
        let help_id = format!("{id}-help");
        let paragraph = add(
            document,
            &frame,
            "p",
            &[("class", "srf-help"), ("id", &help_id)],
        );
        text(&paragraph, &words.localized(help));
    }
    frame
}

fn label_text(document: &Document, label: &Element, field: &FieldSpec, words: &Words) {
    text(label, &words.label(&field.label));
    if field.required {
        let mark = add(document, label, "span", &[("class", "srf-required")]);
        text(&mark, &format!(" {}", words.text("requiredMark")));
    }
}

fn error_line(document: &Document, frame: &Element, id: &str) {
    let error_id = format!("{id}-error");
    add(
        document,
        frame,
        "p",
        &[
            ("class", "srf-field-error"),
            ("part", "error"),
            ("id", &error_id),
            ("hidden", ""),
        ],
    );
}

fn request_form(
    document: &Document,
    root: &Element,
    spec: &FormSpec,
    requester: Option<&str>,
    prefix: &str,
    words: &Words,
    accept: &str,
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
    let fields = add(document, &form, "fieldset", &[("class", "srf-fields")]);
    for field in &spec.fields {
        let id = format!("{prefix}-{}", field.dom_name());
        let frame = shell(document, &fields, field, &id, words);
        let prefilled = match (field.id, requester) {
            (FieldId::Standard(Standard::RequesterEmail), Some(email))
                if field.default == FieldValue::Text(String::new()) =>
            {
                FieldValue::Text(email.to_owned())
            }
            _ => field.default.clone(),
        };
        control(document, &frame, field, &id, &prefilled, words, accept);
        error_line(document, &frame, &id);
    }
    add(
        document,
        &form,
        "p",
        &[("class", "srf-server-error"), ("role", "alert")],
    );
    let actions = add(document, &form, "div", &[("class", "srf-actions")]);
    let submit = add(
        document,
        &actions,
        "button",
        &[
            ("class", "srf-button srf-submit"),
            ("part", "submit"),
            ("type", "submit"),
        ],
    );
    text(&submit, &words.text("submit"));
    form
}

/// The control for one field, as the app renders it.
fn control(
    document: &Document,
    frame: &Element,
    field: &FieldSpec,
    id: &str,
    value: &FieldValue,
    words: &Words,
    accept: &str,
) {
    let required = if field.required { "true" } else { "false" };
    let described = field.help.is_some().then(|| format!("{id}-help"));
    let mut common = vec![("id", id), ("name", id), ("aria-invalid", "false")];
    if field.required {
        common.push(("aria-required", required));
    }
    if let Some(described) = &described {
        common.push(("aria-describedby", described.as_str()));
    }
    let text_value = match value {
        FieldValue::Text(text) => text.clone(),
        _ => String::new(),
    };
    let list = match value {
        FieldValue::List(items) => items.clone(),
        _ => Vec::new(),
    };
    match &field.widget {
        Widget::Text | Widget::Email | Widget::Number { .. } => {
            let mut attributes = vec![("class", "srf-input")];
            attributes.extend(common.iter().copied());
            match field.widget {
                Widget::Email => attributes.extend([
                    ("type", "email"),
                    ("autocomplete", "email"),
                    ("dir", "ltr"),
                ]),
                Widget::Number { .. } => {
                    attributes.extend([("type", "text"), ("inputmode", "decimal"), ("dir", "ltr")])
                }
                _ => attributes.push(("type", "text")),
            }
            set_value(&add(document, frame, "input", &attributes), &text_value);
        }
        Widget::LongText => {
            let mut attributes = vec![("class", "srf-input srf-textarea"), ("rows", "5")];
            attributes.extend(common.iter().copied());
            set_value(&add(document, frame, "textarea", &attributes), &text_value);
        }
        Widget::Select(options) | Widget::MultiSelect(options) => {
            let multiple = matches!(field.widget, Widget::MultiSelect(_));
            let mut attributes = vec![("class", "srf-input srf-select")];
            if multiple {
                attributes.push(("multiple", ""));
            }
            attributes.extend(common.iter().copied());
            let select = add(document, frame, "select", &attributes);
            if !multiple {
                let choose = add(document, &select, "option", &[("value", "")]);
                text(&choose, &words.text("choose"));
            }
            for option in options {
                let chosen = *option == text_value || list.contains(option);
                let mut attributes = vec![("value", option.as_str())];
                if chosen {
                    attributes.push(("selected", ""));
                }
                let element = add(document, &select, "option", &attributes);
                text(&element, &words.option(field, option));
            }
        }
        Widget::Radio(options) | Widget::CheckboxGroup(options) => {
            let radio = matches!(field.widget, Widget::Radio(_));
            for (index, option) in options.iter().enumerate() {
                let option_id = if index == 0 {
                    id.to_owned()
                } else {
                    format!("{id}-{index}")
                };
                let label = add(
                    document,
                    frame,
                    "label",
                    &[("class", "srf-option"), ("for", &option_id)],
                );
                let checked = *option == text_value || list.contains(option);
                let mut attributes = vec![
                    ("id", option_id.as_str()),
                    ("type", if radio { "radio" } else { "checkbox" }),
                    ("name", id),
                    ("value", option.as_str()),
                    ("aria-invalid", "false"),
                ];
                if let Some(described) = &described {
                    attributes.push(("aria-describedby", described.as_str()));
                }
                if checked {
                    attributes.push(("checked", ""));
                }
                add(document, &label, "input", &attributes);
                let name = add(document, &label, "span", &[]);
                text(&name, &words.option(field, option));
            }
        }
        Widget::Checkbox => {
            let mut attributes = vec![("class", "srf-checkbox"), ("type", "checkbox")];
            attributes.extend(common.iter().copied());
            if matches!(value, FieldValue::Flag(true)) {
                attributes.push(("checked", ""));
            }
            add(document, frame, "input", &attributes);
        }
        Widget::DateTime => {
            let mut attributes = vec![("class", "srf-input"), ("type", "datetime-local")];
            attributes.extend(common.iter().copied());
            let input = add(document, frame, "input", &attributes);
            if let FieldValue::Instant(Some(ms)) = value {
                set_value(&input, &ms_to_datetime_local(*ms));
            }
        }
        Widget::EmailList | Widget::TagList => {
            let chips = add(document, frame, "div", &[("class", "srf-chips")]);
            let shown = add(document, &chips, "ul", &[("class", "srf-chip-list")]);
            for item in &list {
                let chip = add(document, &shown, "li", &[("class", "srf-chip")]);
                let label = add(document, &chip, "span", &[("class", "srf-chip-text")]);
                text(&label, item);
            }
            let hint = format!("{id}-hint");
            let described = match &described {
                Some(help) => format!("{help} {hint}"),
                None => hint.clone(),
            };
            add(
                document,
                &chips,
                "input",
                &[
                    ("class", "srf-input srf-chip-input"),
                    ("id", id),
                    ("name", id),
                    ("type", "text"),
                    ("autocomplete", "off"),
                    ("aria-invalid", "false"),
                    ("aria-describedby", &described),
                ],
            );
            let paragraph = add(
                document,
                &chips,
                "p",
                &[("class", "srf-hint"), ("id", &hint)],
            );
            text(&paragraph, &words.text("chips.hint"));
        }
        Widget::Assets => {
            let assets = add(document, frame, "div", &[("class", "srf-assets")]);
            let row = add(document, &assets, "div", &[("class", "srf-asset-row")]);
            let asset_id = format!("{id}-id-0");
            let model = add(
                document,
                &row,
                "label",
                &[("class", "srf-sublabel"), ("for", id)],
            );
            text(&model, &words.text("assets.model"));
            add(
                document,
                &row,
                "input",
                &[
                    ("class", "srf-input"),
                    ("id", id),
                    ("type", "text"),
                    ("placeholder", "asset_hardware"),
                    ("aria-invalid", "false"),
                ],
            );
            let number = add(
                document,
                &row,
                "label",
                &[("class", "srf-sublabel"), ("for", &asset_id)],
            );
            text(&number, &words.text("assets.id"));
            add(
                document,
                &row,
                "input",
                &[
                    ("class", "srf-input"),
                    ("id", &asset_id),
                    ("type", "text"),
                    ("inputmode", "numeric"),
                    ("dir", "ltr"),
                    ("aria-invalid", "false"),
                ],
            );
        }
        Widget::Files => {
            let zone = add(document, frame, "div", &[("class", "srf-dropzone")]);
            let hint = format!("{id}-hint");
            let paragraph = add(
                document,
                &zone,
                "p",
                &[("class", "srf-hint"), ("id", &hint)],
            );
            text(&paragraph, &words.text("files.dropZone"));
            let input = add(
                document,
                &zone,
                "input",
                &[
                    ("class", "srf-file-input"),
                    ("type", "file"),
                    ("multiple", ""),
                    ("id", id),
                    ("name", id),
                    ("aria-describedby", &hint),
                ],
            );
            if !accept.is_empty() {
                let _ = input.set_attribute("accept", accept);
            }
            add(
                document,
                frame,
                "ul",
                &[("class", "srf-rejections"), ("role", "alert")],
            );
            add(document, frame, "ul", &[("class", "srf-files")]);
        }
    }
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
    for (name, label, kind, autocomplete) in [
        ("email", "signIn.email", "email", "username"),
        (
            "password",
            "signIn.password",
            "password",
            "current-password",
        ),
    ] {
        let id = format!("{prefix}-{name}");
        let frame = add(
            document,
            &form,
            "div",
            &[("class", "srf-field"), ("part", "field")],
        );
        let element = add(
            document,
            &frame,
            "label",
            &[("class", "srf-label"), ("part", "label"), ("for", &id)],
        );
        text(&element, &words.text(label));
        text(&element, " ");
        let mark = add(document, &element, "span", &[("class", "srf-required")]);
        text(&mark, &format!(" {}", words.text("requiredMark")));
        add(
            document,
            &frame,
            "input",
            &[
                ("class", "srf-input"),
                ("id", &id),
                ("name", &id),
                ("type", kind),
                ("autocomplete", autocomplete),
                ("aria-required", "true"),
                ("aria-invalid", "false"),
                ("dir", "ltr"),
            ],
        );
        error_line(document, &frame, &id);
    }
    add(
        document,
        &form,
        "p",
        &[("class", "srf-server-error"), ("role", "alert")],
    );
    let actions = add(document, &form, "div", &[("class", "srf-actions")]);
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
    text(&button, &words.text("signIn.submit"));
    form
}

/// Puts focus (and the text selection) back where it was on the first
/// screen, on the element with the same id inside `within`.
pub fn restore_focus(within: &Element, focus: &(String, Option<(u32, u32)>)) {
    let (id, selection) = focus;
    let target = within
        .query_selector(&format!("[id='{id}']"))
        .ok()
        .flatten()
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
