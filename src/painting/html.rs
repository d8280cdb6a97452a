//! The first screen as HTML text: what `cargo xtask dist` puts in the
//! portal's page and `cargo xtask snippet` in an embedder's, painted by the
//! same [`super::paint`] as the browser's first screen.

use super::Canvas;

/// An element being written: its tag, attributes and children.
struct Element {
    tag: String,
    attributes: Vec<(String, String)>,
    children: Vec<Child>,
}

enum Child {
    Element(usize),
    Text(String),
}

/// Elements that have no end tag.
const VOID: [&str; 4] = ["input", "br", "link", "meta"];

/// A tree of elements written as HTML at the end; node 0 is a holder
/// whose children are the result.
pub struct Html {
    elements: Vec<Element>,
    /// A value the browser would paint differently (a moment in the
    /// reader's time zone): the prerender cannot stand as it is.
    pub inexact: bool,
}

impl Default for Html {
    fn default() -> Self {
        Self {
            elements: vec![Element {
                tag: String::new(),
                attributes: Vec::new(),
                children: Vec::new(),
            }],
            inexact: false,
        }
    }
}

impl Html {
    /// The holder the painting starts in.
    pub const TOP: usize = 0;

    fn element(&mut self, node: usize) -> Option<&mut Element> {
        self.elements.get_mut(node)
    }

    /// Every submit button painted so far, disabled: a prerendered screen
    /// takes no press until `support-request-form-hold.js` (or the form's
    /// own script) can hold it, where the browser lets that script load
    /// without holding back the page (`async`; `blocking="render"` is not
    /// in every browser).
    pub fn disable_submit(&mut self) {
        for element in &mut self.elements {
            let submit = element
                .attributes
                .iter()
                .any(|(name, value)| name == "type" && value == "submit");
            if element.tag == "button" && submit {
                element
                    .attributes
                    .push(("disabled".to_owned(), String::new()));
            }
        }
    }

    /// Everything painted, as HTML.
    pub fn write(&self) -> String {
        let mut out = String::new();
        self.write_children(Self::TOP, &mut out);
        out
    }

    fn write_children(&self, node: usize, out: &mut String) {
        let Some(element) = self.elements.get(node) else {
            return;
        };
        for child in &element.children {
            match child {
                Child::Text(text) => out.push_str(&escape(text, false)),
                Child::Element(index) => self.write_element(*index, out),
            }
        }
    }

    fn write_element(&self, node: usize, out: &mut String) {
        let Some(element) = self.elements.get(node) else {
            return;
        };
        out.push('<');
        out.push_str(&element.tag);
        for (name, value) in &element.attributes {
            out.push(' ');
            out.push_str(name);
            if !value.is_empty() {
                out.push_str("=\"");
                out.push_str(&escape(value, true));
                out.push('"');
            }
        }
        out.push('>');
        if VOID.contains(&element.tag.as_str()) {
            return;
        }
        // The parser drops a text area's first newline.
        if element.tag == "textarea" {
            out.push('\n');
        }
        self.write_children(node, out);
        out.push_str("</");
        out.push_str(&element.tag);
        out.push('>');
    }
}

/// `text` safe in HTML text, or in a double-quoted attribute value.
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

impl Canvas for Html {
    type Node = usize;

    fn add(&mut self, parent: &usize, tag: &str, attributes: &[(&str, &str)]) -> usize {
        let index = self.elements.len();
        self.elements.push(Element {
            tag: tag.to_owned(),
            attributes: Vec::new(),
            children: Vec::new(),
        });
        for (name, value) in attributes {
            self.set(&index, name, value);
        }
        if let Some(parent) = self.element(*parent) {
            parent.children.push(Child::Element(index));
        }
        index
    }

    fn text(&mut self, parent: &usize, text: &str) {
        if let Some(parent) = self.element(*parent) {
            parent.children.push(Child::Text(text.to_owned()));
        }
    }

    fn set(&mut self, node: &usize, name: &str, value: &str) {
        if let Some(element) = self.element(*node) {
            match element
                .attributes
                .iter_mut()
                .find(|(known, _)| known == name)
            {
                Some((_, old)) => *old = value.to_owned(),
                None => element.attributes.push((name.to_owned(), value.to_owned())),
            }
        }
    }

    /// A text area's value is its text; an input's, its `value` attribute
    /// (its default, which the browser shows until someone types).
    fn set_value(&mut self, control: &usize, value: &str) {
        let is_text_area = self
            .element(*control)
            .is_some_and(|element| element.tag == "textarea");
        if is_text_area {
            self.text(control, value);
        } else if !value.is_empty() {
            self.set(control, "value", value);
        }
    }

    fn local_time(&mut self, _ms: f64) -> String {
        self.inexact = true;
        String::new()
    }
}
