//! What the first screen hands over to the form that replaces it.
//!
//! The app is built out of sight while the first screen stays in use, so
//! what was done there is read only when the app takes its place: the form
//! (or sign-in) that takes over its ids says what to do with it then.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::first_screen::Adopted;

/// What a taker does with what was done on the first screen.
type Receiver = Box<dyn FnOnce(Adopted)>;

struct Slot {
    /// The first screen's id prefix.
    prefix: String,
    /// Whoever took the first screen over, until it is handed over.
    taker: Option<Receiver>,
    /// Handed over: nobody else takes it.
    given: bool,
}

/// The hand-over, provided as context: the first form or sign-in that
/// mounts takes it.
#[derive(Clone)]
pub struct Handover(SendWrapper<Rc<RefCell<Slot>>>);

impl Handover {
    pub fn new(prefix: String) -> Self {
        Self(SendWrapper::new(Rc::new(RefCell::new(Slot {
            prefix,
            taker: None,
            given: false,
        }))))
    }

    /// Takes over the first screen if nobody has: returns its id prefix,
    /// and `receive` gets what was done there when the app replaces it.
    /// A taker that is unmounted first lets the next one take it.
    pub fn take(receive: impl FnOnce(Adopted) + 'static) -> Option<String> {
        let handover = use_context::<Handover>()?;
        let prefix = {
            let mut slot = handover.0.borrow_mut();
            if slot.given || slot.taker.is_some() {
                return None;
            }
            slot.taker = Some(Box::new(receive));
            slot.prefix.clone()
        };
        on_cleanup(move || {
            handover.0.borrow_mut().taker = None;
        });
        Some(prefix)
    }

    /// Gives what was done on the first screen to whoever took it over.
    pub fn give(&self, adopted: Adopted) {
        let taker = {
            let mut slot = self.0.borrow_mut();
            slot.given = true;
            slot.taker.take()
        };
        if let Some(receive) = taker {
            receive(adopted);
        }
    }
}
