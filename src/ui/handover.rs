//! What the first screen hands over to the form that replaces it.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::first_screen::Adopted;

/// The first screen's id prefix and what was done there.
type Handed = (String, Adopted);

/// What was handed over, provided as context; the first form or sign-in
/// that mounts takes it.
#[derive(Clone)]
pub struct Handover(SendWrapper<Rc<RefCell<Option<Handed>>>>);

impl Handover {
    pub fn new(prefix: String, adopted: Adopted) -> Self {
        Self(SendWrapper::new(Rc::new(RefCell::new(Some((
            prefix, adopted,
        ))))))
    }

    /// Takes the hand-over, if there is one and nobody took it yet.
    pub fn take() -> Option<Handed> {
        use_context::<Handover>().and_then(|handover| handover.0.borrow_mut().take())
    }
}
