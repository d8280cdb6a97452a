//! "Hide parts of the image": a modal dialog over an image waiting for
//! review, where the person covers what is private with opaque boxes
//! (pointer, pen, finger or keys) before anything is uploaded. The boxes
//! are `model::redaction`; the copy is made by `browser::image`.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::tasks::Tasks;
use super::uploads::{Review, Uploads};
use super::words::{t, FormWords};
use super::APP_STYLESHEET;
use crate::browser::dom::{unique_prefix, ObjectUrl};
use crate::browser::image::redacted_png;
use crate::browser::js::{call, flag, get, number, set};
use crate::browser::words::bundle_file;
use crate::model::attachments::png_name;
use crate::model::redaction::{Handle, Key, Point, Redactions};

/// How near a handle the pointer must go down to take it, in CSS pixels
/// (a finger's reach).
const HANDLE_REACH_PX: f64 = 14.0;

/// The editor for the first image waiting for review, if any.
#[component]
pub fn ImageReview(uploads: Uploads) -> impl IntoView {
    // Keyed by the review, so a second pasted image waits its turn instead
    // of replacing the one being edited.
    let current = Memo::new(move |_| {
        uploads
            .reviews
            .with(|waiting| waiting.first().map(|review| review.id))
    });
    move || {
        current.get()?;
        let review = uploads
            .reviews
            .with_untracked(|waiting| waiting.first().cloned())?;
        Some(view! { <Editor review uploads /> })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Loading,
    Ready,
    Unreadable,
    Working,
    Failed,
}

/// The element with focus, looking into shadow roots.
fn focused() -> JsValue {
    let document = web_sys::window().map_or(JsValue::UNDEFINED, |window| get(&window, "document"));
    let mut active = get(&document, "activeElement");
    loop {
        let inner = get(&get(&active, "shadowRoot"), "activeElement");
        if !inner.is_object() {
            return active;
        }
        active = inner;
    }
}

/// The element with focus in `element`'s document or shadow root.
fn focused_near(element: &JsValue) -> JsValue {
    call(element, "getRootNode", &[]).map_or(JsValue::UNDEFINED, |root| get(&root, "activeElement"))
}

fn focus(element: &JsValue) {
    let _ = call(element, "focus", &[]);
}

/// Focus stays in the dialog: Tab from its last control goes to the
/// first, Shift+Tab from the first to the last.
fn keep_focus_inside(dialog: &JsValue, ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let enabled = JsValue::from("button:not([disabled])");
    let Ok(controls) = call(dialog, "querySelectorAll", &[&enabled]) else {
        return;
    };
    let count = number(&controls, "length");
    let (first, last) = (
        get(&controls, "0"),
        get(&controls, &(count - 1.0).to_string()),
    );
    let (from, to) = match flag(ev, "shiftKey") {
        true => (first, last),
        false => (last, first),
    };
    let same = call(&from, "isSameNode", &[&focused_near(dialog)]);
    if same.ok().and_then(|same| same.as_bool()) == Some(true) {
        ev.prevent_default();
        focus(&to);
    }
}

/// What the editor's parts share: the boxes over the image, how far the
/// image has come, and the surface the boxes are drawn on.
#[derive(Clone, Copy)]
struct Editing {
    boxes: RwSignal<Redactions>,
    status: RwSignal<Status>,
    surface: NodeRef<leptos::html::Div>,
    tasks: Tasks,
}

impl Editing {
    /// Boxes can be drawn once the image is there (and again after a copy
    /// could not be made).
    fn editable(self) -> bool {
        matches!(self.status.get_untracked(), Status::Ready | Status::Failed)
    }

    /// Focuses the selected box; whether there was one to focus.
    fn focus_selected(self) -> bool {
        let selected = self.boxes.with_untracked(Redactions::selected);
        let (Some(index), Some(surface)) = (selected, self.surface.get_untracked()) else {
            return false;
        };
        let selector = JsValue::from(format!("[data-box=\"{index}\"]"));
        let found = call(&surface, "querySelector", &[&selector]).ok();
        found
            .filter(JsValue::is_object)
            .map(|box_| focus(&box_))
            .is_some()
    }

    /// Once the boxes are drawn again: focus on the selected box, or, when
    /// there is none and `or_add_box`, on Add box.
    fn focus_selected_soon(self, or_add_box: bool) {
        self.tasks.spawn(async move {
            leptos::task::tick().await;
            if self.focus_selected() || !or_add_box {
                return;
            }
            let Some(surface) = self.surface.get_untracked() else {
                return;
            };
            let dialog = call(&surface, "closest", &[&".srf-review".into()]).unwrap_or_default();
            if let Ok(add) = call(&dialog, "querySelector", &[&".srf-review-add".into()]) {
                focus(&add);
            }
        });
    }

    /// The pointer's place in image pixels, and how many image pixels one
    /// CSS pixel is (the image is shown fitted to the screen).
    fn at(self, ev: &JsValue) -> Option<(Point, f64)> {
        let surface: JsValue = self.surface.get_untracked()?.into();
        let frame = call(&surface, "getBoundingClientRect", &[]).ok()?;
        let width = self.boxes.with_untracked(|boxes| boxes.size().0);
        let scale = f64::from(width) / number(&frame, "width").max(1.0);
        let point = Point {
            x: (number(ev, "clientX") - number(&frame, "left")) * scale,
            y: (number(ev, "clientY") - number(&frame, "top")) * scale,
        };
        Some((point, scale))
    }

    /// The surface holds on to the pointer from down to up, so a drag that
    /// leaves the image still ends.
    fn capture(self, ev: &JsValue, method: &str) -> Option<JsValue> {
        let surface = self.surface.get_untracked()?;
        call(&surface, method, &[&get(ev, "pointerId")]).ok()
    }

    fn held(self, ev: &JsValue) -> bool {
        self.capture(ev, "hasPointerCapture")
            .and_then(|held| held.as_bool())
            == Some(true)
    }

    /// A key on the selected box: arrows move or resize it, Delete removes
    /// it (focus goes to the next box, the last one, or Add box).
    fn key(self, ev: &web_sys::KeyboardEvent) {
        let Some(key) = Key::named(&ev.key()) else {
            return;
        };
        // Arrows never scroll the page while a box is in hand.
        ev.prevent_default();
        let before = self.boxes.with_untracked(Redactions::selected);
        let shift = flag(ev, "shiftKey");
        self.boxes.update(|boxes| {
            boxes.key(key, shift);
        });
        if key == Key::Delete {
            let count = self.boxes.with_untracked(|boxes| boxes.boxes().len());
            let next = before.map(|index| index.min(count.saturating_sub(1)));
            self.boxes
                .update(|boxes| boxes.select(next.filter(|_| count > 0)));
            self.focus_selected_soon(true);
        }
    }
}

#[component]
fn Editor(review: Review, uploads: Uploads) -> impl IntoView {
    let words = FormWords::get();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let image = NodeRef::<leptos::html::Img>::new();
    let editing = Editing {
        boxes: RwSignal::new(Redactions::new(1, 1)),
        status: RwSignal::new(Status::Loading),
        surface: NodeRef::new(),
        tasks: Tasks::new(),
    };
    let Editing { boxes, status, .. } = editing;
    let styled = RwSignal::new(false);
    let Review { id, file, .. } = review;
    let name = StoredValue::new(png_name(&file.name()));
    // Revoked when the editor goes.
    let url = ObjectUrl::new(&file);
    let src = url.as_ref().map(|url| url.as_str().to_owned());
    let _url = StoredValue::new_local(url);
    let returns_to = StoredValue::new_local(focused());
    let ids = unique_prefix();
    let [title_id, help_id, keys_id] =
        ["title", "help", "keys"].map(|part| StoredValue::new(format!("{ids}-review-{part}")));

    // Shown once its stylesheet is there (or failed: plain is better than
    // never), as a modal: the rest of the page is inert meanwhile.
    Effect::new(move || {
        if let (true, Some(dialog)) = (styled.get(), dialog.get()) {
            if !flag(&dialog, "open") {
                let _ = call(&dialog, "showModal", &[]);
                // Add box first, whatever the browser would pick.
                if let Ok(add) = call(&dialog, "querySelector", &[&".srf-review-add".into()]) {
                    focus(&add);
                }
            }
        }
    });
    let finish = move |copy: Option<web_sys::File>| {
        if let Some(dialog) = dialog.get_untracked() {
            let _ = call(&dialog, "close", &[]);
        }
        returns_to.with_value(focus);
        uploads.reviewed(id, copy);
    };
    let attach = move |_| {
        let Some(image) = image.get_untracked() else {
            return;
        };
        if !editing.editable() {
            return;
        }
        let covered = boxes.with_untracked(|boxes| boxes.boxes().to_vec());
        status.set(Status::Working);
        editing.tasks.spawn(async move {
            match redacted_png(&image, &covered, &name.get_value()).await {
                Ok(copy) => finish(Some(copy)),
                Err(_) => status.set(Status::Failed),
            }
        });
    };
    let add = move |_| {
        if editing.editable() {
            boxes.update(|boxes| {
                boxes.add_centered();
            });
            editing.focus_selected_soon(false);
        }
    };
    let undo = move |_| {
        boxes.update(|boxes| {
            boxes.undo();
        });
    };
    let on_dialog_key = move |ev: web_sys::KeyboardEvent| {
        if let Some(dialog) = dialog.get_untracked() {
            keep_focus_inside(&dialog, &ev);
        }
    };
    let problem = move || match status.get() {
        Status::Unreadable => Some(t("review.unreadable")()),
        Status::Failed => Some(t("review.failed")()),
        _ => None,
    };
    // Enabled while the image loads (pressing them then does nothing), so
    // that focus lands on Add box when the dialog opens.
    let can_attach = move || !matches!(status.get(), Status::Unreadable | Status::Working);
    let alt = Signal::derive(move || {
        words.with(|w| w.fill("review.image", &[("name", &name.get_value())]))
    });
    view! {
        <link rel="stylesheet" href=bundle_file(APP_STYLESHEET)
            on:load=move |_| styled.set(true) on:error=move |_| styled.set(true) />
        <dialog class="srf-review" node_ref=dialog aria-labelledby=title_id.get_value() aria-describedby=help_id.get_value()
            on:cancel=move |ev: web_sys::Event| { ev.prevent_default(); finish(None) }
            on:keydown=on_dialog_key>
            <h2 class="srf-review-title" id=title_id.get_value()>{t("review.title")}</h2>
            <p class="srf-review-help" id=help_id.get_value()>{t("review.help")}</p>
            <div class="srf-review-stage">
                <Surface editing image src alt keys_id=keys_id.get_value() />
            </div>
            <p class="srf-review-keys" id=keys_id.get_value()>{t("review.keys")}</p>
            <p class="srf-field-error" role="alert">{problem}</p>
            <div class="srf-review-actions">
                <button type="button" class="srf-button srf-button--secondary srf-review-add" disabled=move || !can_attach() on:click=add>{t("review.addBox")}</button>
                <button type="button" class="srf-button srf-button--secondary" disabled=move || !can_attach() || !boxes.with(Redactions::can_undo) on:click=undo>{t("review.undo")}</button>
                <button type="button" class="srf-button srf-button--secondary" on:click=move |_| finish(None)>{t("review.cancel")}</button>
                <button type="button" class="srf-button" disabled=move || !can_attach() on:click=attach>{t("review.attach")}</button>
            </div>
        </dialog>
    }
}

/// The image with the boxes over it, where the pointer draws, moves and
/// resizes them.
#[component]
fn Surface(
    editing: Editing,
    image: NodeRef<leptos::html::Img>,
    src: Option<String>,
    alt: Signal<String>,
    keys_id: String,
) -> impl IntoView {
    let Editing { boxes, status, .. } = editing;
    let on_load = move |_| {
        let Some(image) = image.get_untracked() else {
            return;
        };
        let size = (
            number(&image, "naturalWidth"),
            number(&image, "naturalHeight"),
        );
        if size.0 < 1.0 || size.1 < 1.0 {
            status.set(Status::Unreadable);
            return;
        }
        boxes.set(Redactions::new(size.0 as u32, size.1 as u32));
        status.set(Status::Ready);
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        let event: &JsValue = ev.as_ref();
        if number(event, "button") != 0.0 || !editing.editable() {
            return;
        }
        let Some((point, scale)) = editing.at(event) else {
            return;
        };
        // No text selection, no focus moved by the browser: the box
        // drawn or taken gets focus when the pointer goes up.
        ev.prevent_default();
        boxes.update(|boxes| boxes.press(point, HANDLE_REACH_PX * scale));
        editing.capture(event, "setPointerCapture");
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let event: &JsValue = ev.as_ref();
        if let Some((point, _)) = editing.held(event).then(|| editing.at(event)).flatten() {
            boxes.update(|boxes| boxes.drag_to(point));
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let event: &JsValue = ev.as_ref();
        if let Some((point, _)) = editing.held(event).then(|| editing.at(event)).flatten() {
            boxes.update(|boxes| boxes.release(point));
            editing.focus_selected_soon(false);
        }
    };
    let count = move || boxes.with(|boxes| boxes.boxes().len());
    let keys_id = StoredValue::new(keys_id);
    view! {
        <div class="srf-review-surface" node_ref=editing.surface
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
            on:pointercancel=move |_| boxes.update(Redactions::cancel_drag)>
            <img node_ref=image src=src draggable="false" alt=alt
                on:load=on_load on:error=move |_| status.set(Status::Unreadable) />
            <For each=move || 0..count() key=|index| *index let:index>
                <BoxButton editing index keys_id=keys_id.get_value() />
            </For>
        </div>
    }
}

/// One box, a button: named "Black box N of M", moved and resized with
/// keys, selected as it gets focus.
#[component]
fn BoxButton(editing: Editing, index: usize, keys_id: String) -> impl IntoView {
    let words = FormWords::get();
    let boxes = editing.boxes;
    let element = NodeRef::<leptos::html::Button>::new();
    // Placed in percent of the image, so it stays put at any size the image
    // is shown at (set through the CSSOM: a strict CSP forbids style
    // attributes).
    Effect::new(move || {
        let (rect, (width, height)) =
            boxes.with(|boxes| (boxes.boxes().get(index).copied(), boxes.size()));
        let (Some(element), Some(rect)) = (element.get(), rect) else {
            return;
        };
        let style = get(&element, "style");
        let (width, height) = (f64::from(width.max(1)), f64::from(height.max(1)));
        for (side, value, whole) in [
            ("left", rect.x, width),
            ("top", rect.y, height),
            ("width", rect.width, width),
            ("height", rect.height, height),
        ] {
            let percent = format!("{}%", f64::from(value) * 100.0 / whole);
            set(&style, side, &percent.into());
        }
    });
    let selected = move || boxes.with(|boxes| boxes.selected() == Some(index));
    let label = move || {
        let count = boxes.with(|boxes| boxes.boxes().len());
        words.with(|w| {
            let number = |n: usize| w.intl().number(n as f64);
            w.fill(
                "review.box",
                &[("number", &number(index + 1)), ("count", &number(count))],
            )
        })
    };
    view! {
        <button type="button" class="srf-review-box" data-box=index.to_string() node_ref=element
            class:srf-review-box--selected=selected
            aria-label=label aria-describedby=keys_id
            on:focus=move |_| boxes.update(|boxes| boxes.select(Some(index)))
            on:keydown=move |ev| editing.key(&ev)>
            {Handle::ALL.map(|handle| view! { <span class=format!("srf-review-handle srf-review-handle--{}", handle.name()) aria-hidden="true"></span> })}
        </button>
    }
}
