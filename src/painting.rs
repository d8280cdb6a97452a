//! The first screen's markup, painted on any canvas: the DOM in the browser
//! (`crate::first_screen`), HTML text when `cargo xtask dist` and `cargo
//! xtask snippet` prerender it ([`html`]). One painter, so the prerendered
//! page and the screen the main module paints are the same markup; which
//! configuration and words a prerender was made from is its [`stamp`].

use crate::i18n::Words;
use crate::markup::{self, Tag};
use crate::model::draft::starting_values;
use crate::model::fields::{AssetRow, FieldId, FieldSpec, FieldValue, FormSpec, Widget};

pub mod html;
pub mod prerender;
pub mod stamp;

/// The id prefix of a prerendered first screen; the main module uses it
/// for the form that adopts it, so ids (and focus) stay.
pub const PRERENDER_PREFIX: &str = "srf0";

/// The class of the element a snippet's shadow root holds its prerendered
/// first screen in: hidden until the form's stylesheet shows it.
pub const HOLDER: &str = "srf-holder";

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Where the first screen is painted: elements, text and values.
pub trait Canvas {
    type Node: Clone;
    /// `tag` with `attributes`, appended to `parent`.
    fn add(&mut self, parent: &Self::Node, tag: &str, attributes: &[(&str, &str)]) -> Self::Node;
    fn text(&mut self, parent: &Self::Node, text: &str);
    fn set(&mut self, node: &Self::Node, name: &str, value: &str);
    /// What a control shows (its `value`).
    fn set_value(&mut self, control: &Self::Node, value: &str);
    /// A moment as a `datetime-local` control shows it.
    fn local_time(&mut self, ms: f64) -> String;
}

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
    },
    /// The portal's sign-in.
    SignIn,
    /// Why the form cannot start (a bad configuration), with every
    /// problem when there are more than one.
    Problem { message: String, all: Vec<String> },
}

impl Screen<'_> {
    /// The fields of a form with the values they are painted with.
    pub fn fields(&self) -> Vec<(FieldSpec, FieldValue)> {
        match self {
            Screen::Form {
                spec,
                requester,
                prefill,
                ..
            } => spec
                .fields
                .iter()
                .cloned()
                .zip(starting_values(spec, *requester, prefill).map(|(_, value)| value))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// What a prerender of this screen is called (`data-screen`), if it
    /// can be prerendered: the sign-in, or the form as a build sees it
    /// (nobody signed in, no requester, no prefill).
    pub fn prerendered_as(&self) -> Option<&'static str> {
        match self {
            Screen::SignIn => Some("sign-in"),
            Screen::Form {
                requester: None,
                prefill: [],
                account: None,
                ..
            } => Some("form"),
            _ => None,
        }
    }
}

/// A painted first screen: its root, its form (none for a problem).
pub struct Painted<N> {
    pub root: N,
    pub form: Option<N>,
}

/// Paints `screen` at the end of `parent`; ids start with `prefix` (the
/// app uses the same, so focus lands where it was).
pub fn paint<C: Canvas>(
    canvas: &mut C,
    parent: &C::Node,
    screen: &Screen,
    prefix: &str,
    words: &Words,
    theme: &str,
) -> Painted<C::Node> {
    let root = canvas.add(
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
    let form = match screen {
        Screen::Problem { message, all } => {
            let problem = canvas.add(
                &root,
                "div",
                &[("class", "srf-config-error"), ("role", "alert")],
            );
            let line = canvas.add(&problem, "p", &[]);
            canvas.text(&line, message);
            if all.len() > 1 {
                let list = canvas.add(&problem, "ul", &[("class", "srf-config-problems")]);
                for item in all {
                    let entry = canvas.add(&list, "li", &[]);
                    canvas.text(&entry, item);
                }
            }
            None
        }
        Screen::SignIn => Some(sign_in(canvas, &root, prefix, words)),
        Screen::Form {
            accept, account, ..
        } => {
            if let Some(email) = account {
                let bar = canvas.add(&root, "div", &[("class", "srf-account")]);
                let shown = canvas.add(&bar, "span", &[("class", "srf-account-email")]);
                canvas.text(&shown, email);
                let out = canvas.add(
                    &bar,
                    "button",
                    &[("class", "srf-link-button"), ("type", "button")],
                );
                canvas.text(&out, &words.text("signOut"));
            }
            let fields = screen.fields();
            Some(request_form(canvas, &root, &fields, prefix, words, accept))
        }
    };
    Painted { root, form }
}

/// Paints `tag` at the end of `parent`.
fn paint_tag<C: Canvas>(canvas: &mut C, parent: &C::Node, tag: &Tag) -> C::Node {
    let node = canvas.add(parent, tag.name, &[]);
    for (name, value) in &tag.attributes {
        canvas.set(&node, name, value);
    }
    node
}

/// A control as it stands before anything is wrong: `aria-invalid` and
/// `aria-describedby` set.
fn paint_control<C: Canvas>(
    canvas: &mut C,
    parent: &C::Node,
    tag: &Tag,
    described: &Option<String>,
) -> C::Node {
    let control = paint_tag(canvas, parent, tag);
    canvas.set(&control, "aria-invalid", markup::invalid(false));
    if let Some(described) = described {
        canvas.set(&control, "aria-describedby", described);
    }
    control
}

/// A field's name, with the mark of a required one.
fn name<C: Canvas>(canvas: &mut C, label: &C::Node, name: &str, required: bool, words: &Words) {
    canvas.text(label, name);
    if required {
        let mark = canvas.add(label, "span", &[("class", "srf-required")]);
        canvas.text(&mark, &format!(" {}", words.text(markup::REQUIRED_MARK)));
    }
}

fn error_line<C: Canvas>(canvas: &mut C, frame: &C::Node, id: &str) {
    let line = paint_tag(canvas, frame, &markup::error_line(id));
    canvas.set(&line, "hidden", "");
}

/// A form as the first screen paints it: never sent by the browser
/// (`method="dialog"` does nothing outside a dialog), so Enter or Submit
/// pressed before the script has arrived neither leaves the page nor puts
/// what was typed in its address.
fn form<C: Canvas>(canvas: &mut C, parent: &C::Node, class: &str, part: &str) -> C::Node {
    canvas.add(
        parent,
        "form",
        &[
            ("class", class),
            ("part", part),
            ("method", "dialog"),
            ("novalidate", ""),
        ],
    )
}

/// The end of a form: where the server's answer is said, and its submit
/// button labelled `submit`.
fn form_end<C: Canvas>(canvas: &mut C, form: &C::Node, submit: &str) {
    canvas.add(
        form,
        "p",
        &[("class", "srf-server-error"), ("role", "alert")],
    );
    let actions = canvas.add(form, "div", &[("class", "srf-actions")]);
    let button = canvas.add(
        &actions,
        "button",
        &[
            ("class", "srf-button srf-submit"),
            ("part", "submit"),
            ("type", "submit"),
        ],
    );
    canvas.text(&button, submit);
}

fn request_form<C: Canvas>(
    canvas: &mut C,
    root: &C::Node,
    fields: &[(FieldSpec, FieldValue)],
    prefix: &str,
    words: &Words,
    accept: &[String],
) -> C::Node {
    let holder = canvas.add(root, "div", &[("class", "srf-form-root")]);
    let form = form(canvas, &holder, "srf-form", "form");
    let title = canvas.add(&form, "h2", &[("class", "srf-title")]);
    canvas.text(&title, &words.text("title"));
    canvas.add(
        &form,
        "div",
        &[
            ("class", "srf-summary"),
            ("part", "summary"),
            ("role", "alert"),
            ("hidden", ""),
        ],
    );
    canvas.add(
        &form,
        "p",
        &[
            ("class", "srf-visually-hidden srf-withdrawn"),
            ("role", "status"),
            ("aria-live", "polite"),
        ],
    );
    let set = canvas.add(&form, "fieldset", &[("class", "srf-fields")]);
    for (field, value) in fields {
        let id = markup::field_id(prefix, field);
        paint_field(canvas, &set, field, &id, value, words, accept);
    }
    form_end(canvas, &form, &words.text("submit"));
    form
}

/// One field as [`markup`] describes it, showing `value`.
fn paint_field<C: Canvas>(
    canvas: &mut C,
    parent: &C::Node,
    field: &FieldSpec,
    id: &str,
    value: &FieldValue,
    words: &Words,
    accept: &[String],
) {
    let frame = paint_tag(canvas, parent, &markup::frame(field, id));
    let label = paint_tag(canvas, &frame, &markup::label(field, id));
    let may_require = field.required || field.rules.required_when.is_some();
    name(
        canvas,
        &label,
        &markup::label_text(field, words),
        may_require,
        words,
    );
    if let Some(help) = &field.help {
        let line = paint_tag(canvas, &frame, &markup::help(id));
        canvas.text(&line, &words.localized(help));
    }
    let described = markup::described_by(field, id, false);
    if field.locked {
        let tag = markup::control(field, id, accept);
        let control = paint_control(canvas, &frame, &tag, &described);
        canvas.set_value(&control, &markup::locked_text(field, value, words));
    } else {
        paint_widget(canvas, &frame, field, id, value, words, accept, &described);
    }
    error_line(canvas, &frame, id);
}

/// The controls of a field that can be changed.
#[allow(clippy::too_many_arguments)]
fn paint_widget<C: Canvas>(
    canvas: &mut C,
    frame: &C::Node,
    field: &FieldSpec,
    id: &str,
    value: &FieldValue,
    words: &Words,
    accept: &[String],
    described: &Option<String>,
) {
    let holds = |option: &str| markup::holds(value, option);
    match &field.widget {
        Widget::Radio(options) | Widget::CheckboxGroup(options) => {
            for (index, option) in options.iter().enumerate() {
                let label = paint_tag(canvas, frame, &markup::choice_label(id, index));
                let tag = markup::choice(field, id, index, option);
                let input = paint_control(canvas, &label, &tag, described);
                if holds(option) {
                    canvas.set(&input, "checked", "");
                }
                let shown = canvas.add(&label, "span", &[]);
                canvas.text(&shown, &words.option(field, option));
            }
        }
        Widget::Assets => {
            let assets = canvas.add(frame, "div", &[("class", "srf-assets")]);
            let rows = match value {
                FieldValue::Assets(rows) if !rows.is_empty() => rows.clone(),
                _ => vec![AssetRow::default()],
            };
            for (index, row) in rows.iter().enumerate() {
                let line = canvas.add(&assets, "div", &[("class", "srf-asset-row")]);
                for ((label, key, input), shown) in markup::asset_inputs(id, index)
                    .iter()
                    .zip([&row.model, &row.id])
                {
                    let label = paint_tag(canvas, &line, label);
                    canvas.text(&label, &words.text(key));
                    let control = paint_control(canvas, &line, input, &None);
                    canvas.set_value(&control, shown);
                }
            }
        }
        Widget::EmailList | Widget::TagList => {
            let chips = canvas.add(frame, "div", &[("class", "srf-chips")]);
            let shown = canvas.add(&chips, "ul", &[("class", "srf-chip-list")]);
            if let FieldValue::List(items) = value {
                for item in items {
                    let chip = canvas.add(&shown, "li", &[("class", "srf-chip")]);
                    let text = canvas.add(&chip, "span", &[("class", "srf-chip-text")]);
                    canvas.text(&text, item);
                }
            }
            let tag = markup::control(field, id, accept);
            let control = paint_control(canvas, &chips, &tag, described);
            if let Some(required) = markup::aria_required(field, field.required) {
                canvas.set(&control, "aria-required", required);
            }
            paint_hint(canvas, &chips, field, id, words);
        }
        Widget::Files => {
            let zone = canvas.add(frame, "div", &[("class", "srf-dropzone")]);
            paint_hint(canvas, &zone, field, id, words);
            let input = paint_tag(canvas, &zone, &markup::control(field, id, accept));
            if let Some(described) = described {
                canvas.set(&input, "aria-describedby", described);
            }
            let (choose, key) = markup::choose_files(id);
            let button = paint_tag(canvas, &zone, &choose);
            canvas.text(&button, &words.text(key));
            canvas.add(
                frame,
                "ul",
                &[("class", "srf-rejections"), ("role", "alert")],
            );
            canvas.add(frame, "ul", &[("class", "srf-files")]);
        }
        _ => {
            let tag = markup::control(field, id, accept);
            let control = paint_control(canvas, frame, &tag, described);
            if let Some(required) = markup::aria_required(field, field.required) {
                canvas.set(&control, "aria-required", required);
            }
            for choice in markup::options(field) {
                let option = canvas.add(&control, "option", &[("value", choice.value())]);
                if holds(choice.value()) {
                    canvas.set(&option, "selected", "");
                }
                canvas.text(&option, &choice.label(field, words));
            }
            match value {
                FieldValue::Text(text) if !matches!(field.widget, Widget::Select(_)) => {
                    canvas.set_value(&control, text)
                }
                FieldValue::Flag(true) => canvas.set(&control, "checked", ""),
                FieldValue::Instant(Some(ms)) => {
                    let shown = canvas.local_time(*ms);
                    canvas.set_value(&control, &shown)
                }
                _ => {}
            }
        }
    }
}

fn paint_hint<C: Canvas>(
    canvas: &mut C,
    parent: &C::Node,
    field: &FieldSpec,
    id: &str,
    words: &Words,
) {
    let (hint, key) = markup::hint(field, id);
    let line = paint_tag(canvas, parent, &hint);
    canvas.text(&line, &words.text(key));
}

fn sign_in<C: Canvas>(canvas: &mut C, root: &C::Node, prefix: &str, words: &Words) -> C::Node {
    let form = form(canvas, root, "srf-form srf-sign-in", "sign-in");
    let title = canvas.add(&form, "h2", &[("class", "srf-title")]);
    canvas.text(&title, &words.text("signIn.title"));
    canvas.add(
        &form,
        "p",
        &[("class", "srf-notice"), ("role", "status"), ("hidden", "")],
    );
    for field in [markup::SIGN_IN_EMAIL, markup::SIGN_IN_PASSWORD] {
        let id = field.id(prefix);
        let frame = paint_tag(canvas, &form, &markup::frame_of(false, &id));
        let label = paint_tag(canvas, &frame, &markup::label_of(false, &id));
        name(canvas, &label, &words.text(field.label), true, words);
        paint_control(canvas, &frame, &field.input(prefix), &None);
        error_line(canvas, &frame, &id);
    }
    form_end(canvas, &form, &words.text("signIn.submit"));
    form
}
