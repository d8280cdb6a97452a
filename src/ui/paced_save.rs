//! Saving a draft when typing pauses, not on every keystroke: writing a
//! long draft to storage cost each keystroke milliseconds. One timer waits
//! out a pause, not one per keystroke (setting and clearing a timer with
//! its closure on every keystroke was a tenth of a keystroke's cost).
//! Leaving or hiding the page, or removing the form, saves at once, so
//! nothing typed is lost; a save planned before someone signed out is
//! dropped (it would write back the draft that left with its person).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::dom::Listener;
use crate::browser::storage::DraftStore;
use crate::browser::time::now_ms;

/// How long typing must pause before the draft is saved.
const PAUSE_MS: u32 = 400;

struct Pending {
    save: Rc<dyn Fn()>,
    timer: Option<Timeout>,
    /// [`PAUSE_MS`] after the latest call to [`PacedSave::schedule`].
    due_at: f64,
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
            due_at: 0.0,
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
        let mut planned = pending.borrow_mut();
        planned.due_at = now_ms() + f64::from(PAUSE_MS);
        planned.planned_at = DraftStore::forgotten();
        if planned.timer.is_none() {
            planned.timer = Some(wait(&pending, PAUSE_MS));
        }
    }
}

/// A timer that saves when it fires, or waits again if the save was put
/// off (typed since) while it ran.
fn wait(pending: &Rc<RefCell<Pending>>, ms: u32) -> Timeout {
    let weak = Rc::downgrade(pending);
    Timeout::new(ms, move || {
        let Some(pending) = weak.upgrade() else {
            return;
        };
        let left = pending.borrow().due_at - now_ms();
        if left > 0.0 {
            // At most PAUSE_MS: the cast cannot overflow.
            let again = wait(&pending, left.ceil() as u32);
            pending.borrow_mut().timer = Some(again);
        } else {
            flush(&pending);
        }
    })
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
