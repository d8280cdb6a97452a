//! Saving a draft when typing pauses, not on every keystroke: writing a
//! long draft to storage cost each keystroke milliseconds. Leaving or
//! hiding the page saves at once, so nothing typed is lost to a closed
//! tab; removing the form drops a pending save (a form removed at sign-out
//! must not write the person's draft back after it was forgotten).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::dom::Listener;

/// How long typing must pause before the draft is saved.
const PAUSE_MS: u32 = 400;

struct Pending {
    save: Rc<dyn Fn()>,
    timer: Option<Timeout>,
    _listeners: Vec<Listener>,
}

/// Runs `save` once typing pauses after [`PacedSave::schedule`].
#[derive(Clone, Copy)]
pub struct PacedSave {
    pending: StoredValue<SendWrapper<Rc<RefCell<Pending>>>>,
}

impl PacedSave {
    pub fn new(save: impl Fn() + 'static) -> Self {
        let pending = Rc::new(RefCell::new(Pending {
            save: Rc::new(save),
            timer: None,
            _listeners: Vec::new(),
        }));
        let mut listeners = Vec::new();
        if let Some(window) = web_sys::window() {
            for event in ["pagehide", "visibilitychange"] {
                let pending = Rc::downgrade(&pending);
                listeners.push(Listener::new(&window, event, move |_| {
                    if let Some(pending) = pending.upgrade() {
                        flush(&pending);
                    }
                }));
            }
        }
        pending.borrow_mut()._listeners = listeners;
        let released = SendWrapper::new(pending.clone());
        on_cleanup(move || {
            let mut pending = released.borrow_mut();
            pending.timer = None;
            pending._listeners.clear();
        });
        Self {
            pending: StoredValue::new(SendWrapper::new(pending)),
        }
    }

    /// Saves once typing has paused (a newer call restarts the wait).
    pub fn schedule(&self) {
        let Some(pending) = self.pending.try_get_value() else {
            return;
        };
        let weak = Rc::downgrade(&pending);
        let timer = Timeout::new(PAUSE_MS, move || {
            if let Some(pending) = weak.upgrade() {
                flush(&pending);
            }
        });
        pending.borrow_mut().timer = Some(timer);
    }
}

/// Saves now if a save is waiting.
fn flush(pending: &Rc<RefCell<Pending>>) {
    let save = {
        let mut pending = pending.borrow_mut();
        match pending.timer.take() {
            Some(_) => pending.save.clone(),
            None => return,
        }
    };
    save();
}
