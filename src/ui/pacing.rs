//! Building the app a little at a time: its parts wrapped in [`Later`] are
//! built one after another by whoever provides the [`Pacing`] (the app's
//! start, out of sight, yielding to the browser between short slices), so
//! no single task keeps a phone from answering a keystroke on the first
//! screen for long.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// The parts waiting to be built (each says whether it is), in the order
/// they were met; `None` once the app is built: what comes later (another
/// service's form, a form after sign-in) is built at once.
type Waiting = Option<VecDeque<RwSignal<bool>>>;

/// The pacing of the app's build, provided as context.
#[derive(Clone)]
pub struct Pacing(SendWrapper<Rc<RefCell<Waiting>>>);

impl Default for Pacing {
    fn default() -> Self {
        Self(SendWrapper::new(Rc::new(RefCell::new(Some(
            VecDeque::new(),
        )))))
    }
}

impl Pacing {
    /// A part to build later, if the app is still being built.
    fn wait(&self) -> Option<RwSignal<bool>> {
        let mut waiting = self.0.borrow_mut();
        let queue = waiting.as_mut()?;
        let built = RwSignal::new(false);
        queue.push_back(built);
        Some(built)
    }

    /// Builds the next waiting part (its own parts wait behind the rest);
    /// false when none is left.
    pub fn build_next(&self) -> bool {
        let next = self.0.borrow_mut().as_mut().and_then(VecDeque::pop_front);
        match next {
            // A part whose form went meanwhile is gone: nothing to build.
            Some(built) => {
                let _ = built.try_set(true);
                true
            }
            None => false,
        }
    }

    /// The app is built: parts met from now on are built at once.
    pub fn finish(&self) {
        self.0.borrow_mut().take();
    }
}

/// Its children, built when the app's pacing comes to them, or at once if
/// nothing paces them.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    match use_context::<Pacing>().and_then(|pacing| pacing.wait()) {
        None => children().into_any(),
        Some(built) => view! { <Show when=move || built.get()>{children()}</Show> }.into_any(),
    }
}
