//! Saving a draft when typing pauses, not on every keystroke: writing a
//! long draft to storage cost each keystroke milliseconds. Leaving or
//! hiding the page, or removing the form, saves at once, so nothing typed
//! is lost; a save planned before someone signed out is dropped (it would
//! write back the draft that left with its person).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::dom::Listener;
use crate::browser::storage::DraftStore;

/// How long typing must pause before the draft is saved.
const PAUSE_MS: u32 = 400;

struct Pending {
    save: Rc<dyn Fn()>,
    timer: Option<Timeout>,
    /// [`DraftStore::forgotten`] when the save was planned.
    planned_at: u32,
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
            planned_at: 0,
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
            flush(&released);
            released.borrow_mut()._listeners.clear();
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
        let mut pending = pending.borrow_mut();
        pending.timer = Some(timer);
        pending.planned_at = DraftStore::forgotten();
    }
}

/// Saves now if a save is waiting.
fn flush(pending: &Rc<RefCell<Pending>>) {
    let save = {
        let mut pending = pending.borrow_mut();
        match pending.timer.take() {
            Some(_) if pending.planned_at == DraftStore::forgotten() => pending.save.clone(),
            _ => return,
        }
    };
    save();
}
