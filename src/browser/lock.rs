//! One tab sends, the other waits: the cross-tab send lock. The browser's
//! Web Locks (`navigator.locks`) where it has them; else an owner-tagged
//! mark in local storage, renewed while held (see `model::send_lock`).
//! A lock is released when its [`Held`] is dropped, so a task cancelled
//! with its form never keeps it.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::storage::{has_local_storage, mark, set_mark};
use super::time::{now_ms, sleep, Interval};
use crate::model::send_lock::{self, RENEW_EVERY_MS};

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys has it only behind an unstable flag).
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &js_sys::Object,
        callback: &js_sys::Function,
    ) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// A held send lock.
pub struct Held(Inner);

enum Inner {
    /// Resolving this releases the Web Lock.
    Web(js_sys::Function),
    Mark {
        name: String,
        tab: String,
        _renew: Interval,
    },
    /// No way to coordinate with other tabs here (no Web Locks, no storage).
    Alone,
}

impl Drop for Held {
    fn drop(&mut self) {
        match &self.0 {
            Inner::Web(release) => {
                let _ = release.call0(&JsValue::UNDEFINED);
            }
            Inner::Mark { name, tab, .. } => {
                if send_lock::is_mine(mark(name).as_deref(), tab) {
                    set_mark(name, None);
                }
            }
            Inner::Alone => {}
        }
    }
}

/// This tab's name in fallback marks.
fn tab_id() -> String {
    thread_local! {
        static TAB: String = super::dom::new_reference();
    }
    TAB.with(Clone::clone)
}

/// Takes the lock `name`. With `wait` false it answers `None` at once when
/// another tab holds it; with `wait` true it waits its turn (dropping the
/// future gives up the place in line).
pub async fn take(name: &str, wait: bool) -> Option<Held> {
    match lock_manager() {
        Some(locks) => take_web(&locks, name, wait).await,
        None if has_local_storage() => take_mark(name, wait).await,
        None => Some(Held(Inner::Alone)),
    }
}

/// Aborts a pending lock request when dropped before the lock was granted.
struct GiveUpOnDrop(Option<web_sys::AbortController>);

impl Drop for GiveUpOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

async fn take_web(locks: &LockManager, name: &str, wait: bool) -> Option<Held> {
    let (sender, receiver) = oneshot::channel::<Option<js_sys::Function>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let granted = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |lock: JsValue| {
        let done = js_sys::Promise::resolve(&JsValue::UNDEFINED);
        let Some(sender) = sender.borrow_mut().take() else {
            return done;
        };
        if lock.is_null() {
            // `ifAvailable` and another tab holds it.
            let _ = sender.send(None);
            return done;
        }
        // The lock is held until this promise resolves.
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        match release {
            Some(release) => {
                if let Err(Some(release)) = sender.send(Some(release)) {
                    // Nobody waits for it any more: give it back at once.
                    let _ = release.call0(&JsValue::UNDEFINED);
                }
                held
            }
            None => done,
        }
    });
    let options = js_sys::Object::new();
    let mut give_up = GiveUpOnDrop(None);
    if wait {
        if let Ok(controller) = web_sys::AbortController::new() {
            let _ = js_sys::Reflect::set(&options, &"signal".into(), &controller.signal());
            give_up.0 = Some(controller);
        }
    } else {
        let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    }
    let request = locks.request(name, &options, granted.as_ref().unchecked_ref());
    // The request settles when the lock is released or the wait aborted;
    // awaiting it keeps the callback alive until then and consumes an
    // abort, which would otherwise be an unhandled rejection.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(request).await;
        drop(granted);
    });
    let release = receiver.await.ok().flatten();
    give_up.0 = None;
    release.map(|release| Held(Inner::Web(release)))
}

async fn take_mark(name: &str, wait: bool) -> Option<Held> {
    let tab = tab_id();
    loop {
        if send_lock::may_take(mark(name).as_deref(), &tab, now_ms()) {
            set_mark(name, Some(&send_lock::mark(&tab, now_ms())));
            // Two tabs may both have seen it free; the last writer wins.
            // Read back after a moment to know which one that was.
            sleep(50.0).await;
            if send_lock::is_mine(mark(name).as_deref(), &tab) {
                let (renew_name, renew_tab) = (name.to_owned(), tab.clone());
                let renew = Interval::new(RENEW_EVERY_MS, move || {
                    set_mark(&renew_name, Some(&send_lock::mark(&renew_tab, now_ms())));
                });
                return Some(Held(Inner::Mark {
                    name: name.to_owned(),
                    tab,
                    _renew: renew,
                }));
            }
        }
        if !wait {
            return None;
        }
        sleep(250.0).await;
    }
}
