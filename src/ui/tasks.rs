//! Asynchronous work that belongs to a component: started from event
//! handlers (where no reactive owner is current), it runs under the
//! component's owner and is dropped where it waits when that owner is
//! cleaned up, so it never touches the component's signals afterwards.
//! Dropping a task drops its timers, fetch deadlines and locks with it.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// The tasks of the component that created this.
#[derive(Clone, Copy)]
pub struct Tasks {
    owner: StoredValue<Option<Owner>>,
}

impl Tasks {
    /// Ties tasks to the current owner (call it in a component's body).
    pub fn new() -> Self {
        Self {
            owner: StoredValue::new(Owner::current()),
        }
    }

    /// Runs `task` until it ends or the component goes, whichever is
    /// first; once the component has gone, it does not start at all.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(Some(owner)) = self.owner.try_get_value() {
            owner.with(|| spawn_local_scoped_with_cancellation(task));
        }
    }
}
