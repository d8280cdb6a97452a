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
use crate::markup::{self, Controls};
use crate::model::fields::{FieldId, FieldSpec, FieldValue, Widget};
pub use crate::painting::Screen;
use crate::painting::{self, Canvas};
use tailoring::{Apply, Tailoring};

/// What the person did on the first screen, for the app to carry on with.
#[derive(Default)]
pub struct Adopted {
    /// The form's fields as typed.
    pub values: Vec<(FieldId, FieldValue)>,
    /// Files picked or dropped.
    pub files: Vec<web_sys::File>,
    /// Files pasted: the app reviews the images before upload.
    pub pasted: Vec<web_sys::File>,
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
    pasted: Vec<web_sys::File>,
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
    /// A prerendered screen not yet confirmed: its stamp and screen.
    made_from: RefCell<Option<(String, Option<String>)>>,
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

/// The page, as the first screen's canvas.
struct Dom(Document);

impl Canvas for Dom {
    type Node = Element;

    fn add(&mut self, parent: &Element, tag: &str, attributes: &[(&str, &str)]) -> Element {
        add(&self.0, parent, tag, attributes)
    }

    fn text(&mut self, parent: &Element, shown: &str) {
        text(parent, shown);
    }

    fn set(&mut self, node: &Element, name: &str, value: &str) {
        let _ = node.set_attribute(name, value);
    }

    fn set_value(&mut self, control: &Element, value: &str) {
        let _ = js_sys::Reflect::set(control, &"value".into(), &value.into());
    }

    fn local_time(&mut self, ms: f64) -> String {
        ms_to_datetime_local(ms)
    }
}

/// A prerendered screen's root until the main module has taken it over:
/// it names the configuration and words it was made from.
const STAMP: &str = "data-stamp";
/// Which screen was prerendered (`sign-in`, `form`).
const PRERENDERED_SCREEN: &str = "data-screen";
/// Set on a prerendered form by `support-request-form-hold.js` when Submit
/// (or Enter) was pressed before the script arrived.
const PRESSED: &str = "data-pressed";

impl FirstScreen {
    /// Renders `screen` at the end of `parent`; ids start with `prefix`
    /// (the app uses the same, so focus lands where it was).
    pub fn render(
        parent: &Element,
        screen: &Screen,
        tailor: Option<Apply>,
        prefix: &str,
        words: &Words,
        theme: &str,
    ) -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let painted = painting::paint(&mut Dom(document), parent, screen, prefix, words, theme);
        let mut first = Self::wire(painted.root, prefix, screen.fields());
        if let Some(apply) = tailor {
            first.tailor(apply, words);
        }
        Some(first)
    }

    /// The first screen the build prerendered into `parent`, if there is
    /// one: from now on what is typed, picked or pressed there is kept
    /// (and what was before, marked as changed). Until [`Self::confirm`]
    /// it is only a screen to carry over from.
    pub fn prerendered(parent: &Element) -> Option<Self> {
        let root = parent.query_selector(":scope > .srf-first").ok()??;
        let stamp = root.get_attribute(STAMP)?;
        let screen = root.get_attribute(PRERENDERED_SCREEN);
        mark_changed(&root);
        // Prerendered disabled until a script holds presses (the page's
        // hold script may not have loaded): from here on this one does.
        if let Ok(Some(submit)) = root.query_selector("button[type=submit][disabled]") {
            let _ = submit.remove_attribute("disabled");
        }
        let first = Self::wire(root, painting::PRERENDER_PREFIX, Vec::new());
        *first.made_from.borrow_mut() = Some((stamp, screen));
        Some(first)
    }

    /// Takes this prerendered screen as it is for `screen` if it was made
    /// from the same configuration and words (`stamp`) and shows the same
    /// screen; `false` if it must be painted again. Either way the page's
    /// hold on Submit ends here, and a press it held is kept.
    pub fn confirm(
        &mut self,
        screen: &Screen,
        stamp: Option<&str>,
        tailor: Option<Apply>,
        words: &Words,
        theme: &str,
    ) -> bool {
        let Some((made, kind)) = self.made_from.borrow_mut().take() else {
            return false;
        };
        let _ = self.root.remove_attribute(STAMP);
        if let Some(form) = self
            .root
            .query_selector(&format!("[{PRESSED}]"))
            .ok()
            .flatten()
        {
            let _ = form.remove_attribute(PRESSED);
            self.pressed.borrow_mut().submitted = true;
        }
        let same = Some(made.as_str()) == stamp
            && kind.is_some()
            && kind.as_deref() == screen.prerendered_as();
        if same {
            self.fields = screen.fields();
            let _ = self.root.set_attribute("data-theme", theme);
            if let Some(apply) = tailor {
                self.tailor(apply, words);
            }
        }
        same
    }

    /// A prerendered screen not yet confirmed or painted again.
    pub fn unconfirmed(&self) -> bool {
        self.made_from.borrow().is_some()
    }

    /// Listens to what the person does on a painted screen.
    fn wire(root: Element, prefix: &str, fields: Vec<(FieldSpec, FieldValue)>) -> Self {
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
        let form = root.query_selector("form").ok().flatten();
        if let Some(zone) = root.query_selector(".srf-dropzone").ok().flatten() {
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
            listeners.push(Listener::new(&root, "paste", move |event| {
                let pasted = event
                    .dyn_ref::<web_sys::ClipboardEvent>()
                    .and_then(|event| event.clipboard_data())
                    .and_then(|data| data.files());
                let pasted = files_of(pasted);
                if !pasted.is_empty() {
                    event.prevent_default();
                    files.borrow_mut().pasted.extend(pasted);
                }
            }));
        }
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
        Self {
            root,
            prefix: prefix.to_owned(),
            fields,
            tailoring: None,
            pressed,
            made_from: RefCell::new(None),
            _listeners: listeners,
            buttons: RefCell::new(Vec::new()),
        }
    }

    /// Applies the configuration's conditions now and as the person types.
    fn tailor(&mut self, apply: Apply, words: &Words) {
        let Some(form) = self.root.query_selector("form").ok().flatten() else {
            return;
        };
        let rules = Rc::new(Tailoring {
            controls: ControlsIn(form.clone()),
            prefix: self.prefix.clone(),
            fields: self.fields.iter().map(|(field, _)| field.clone()).collect(),
            painted: self.fields.iter().map(|(_, value)| value.clone()).collect(),
            apply,
        });
        let status = form.query_selector(".srf-withdrawn").ok().flatten();
        rules.apply(None, words);
        for name in ["input", "change"] {
            let (rules, status, words) = (rules.clone(), status.clone(), words.clone());
            self._listeners.push(Listener::new(&form, name, move |_| {
                rules.apply(status.as_ref(), &words)
            }));
        }
        self.tailoring = Some((rules, words.clone()));
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
        adopted.pasted = pressed.pasted;
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
        own.pasted.extend(pressed.pasted);
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

/// Marks the fields whose controls no longer hold what the page said
/// (typed into before the script arrived): they are carried over.
fn mark_changed(root: &Element) {
    let Ok(controls) = root.query_selector_all("input, textarea, select") else {
        return;
    };
    for index in 0..controls.length() {
        let Some(control) = controls.item(index) else {
            continue;
        };
        let changed = if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            input.value() != input.default_value()
                || input.checked() != input.default_checked()
                || input.files().is_some_and(|files| files.length() > 0)
        } else if let Some(area) = control.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.default_value()
                .is_ok_and(|default| area.value() != default)
        } else if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
            let options = select.options();
            (0..options.length()).any(|at| {
                options
                    .item(at)
                    .and_then(|option| option.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .is_some_and(|option| option.selected() != option.default_selected())
            })
        } else {
            false
        };
        let frame = control
            .dyn_ref::<Element>()
            .and_then(|control| control.closest(".srf-field").ok().flatten());
        if let (true, Some(frame)) = (changed, frame) {
            let _ = frame.set_attribute(CHANGED, "");
        }
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
