//! What the form keeps in the browser: the session for the tab
//! (sessionStorage, never localStorage), drafts between visits and the
//! record of drafts that became tickets (localStorage; never a token).
//! Storage can refuse (quota, privacy mode): then things live in the page
//! only, which is still correct.

use crate::model::request::CreatedRequest;
use crate::model::send_lock;
use crate::model::session::Session;

use super::time::now_ms;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn read(storage: Option<web_sys::Storage>, key: &str) -> Option<String> {
    storage?.get_item(key).ok()?
}

fn write(storage: Option<web_sys::Storage>, key: &str, value: Option<&str>) {
    if let Some(storage) = storage {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

thread_local! {
    /// See [`DraftStore::forgotten`].
    static FORGOTTEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Sessions are kept per server, so two forms talking to two desks on one
/// page never share a token.
fn session_key(server: &str) -> String {
    format!("srf.session:{server}")
}

/// The session kept for this tab and server, if it has not expired.
pub fn load_session(server: &str) -> Option<Session> {
    Session::restore(&read(session_storage(), &session_key(server))?)
        .filter(|session| !session.is_expired(now_ms()))
}

/// Keeps the session for this tab only, or forgets it.
pub fn store_session(server: &str, session: Option<&Session>) {
    match session {
        Some(session) => write(
            session_storage(),
            &session_key(server),
            Some(&session.to_json()),
        ),
        None => forget_session(server),
    }
}

/// Forgets the session (signing out). Apart from `store_session`, so the
/// main module's Sign out carries no JSON serializer.
pub fn forget_session(server: &str) {
    write(session_storage(), &session_key(server), None);
}

/// Whose form this is: one server, one form, one person. Drafts, the
/// record of sent drafts and the send lock are kept per place, so people
/// sharing a computer never see each other's.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub server: String,
    pub form_id: String,
    /// The signed-in (or host-named) user; `None` when the host names no one.
    pub user: Option<String>,
}

impl Place {
    fn key(&self, kind: &str) -> String {
        match &self.user {
            Some(user) => format!("srf.{kind}:{}:{}:{}", self.server, self.form_id, user),
            None => format!("srf.{kind}:{}:{}", self.server, self.form_id),
        }
    }

    /// The name of the cross-tab send lock.
    pub fn lock_name(&self) -> String {
        self.key("send")
    }
}

/// Where a form keeps its draft between visits.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftStore {
    place: Place,
    pub max_age_ms: f64,
}

impl DraftStore {
    pub fn new(place: Place, max_age_days: f64) -> Self {
        Self {
            place,
            max_age_ms: max_age_days * 86_400_000.0,
        }
    }

    pub fn place(&self) -> &Place {
        &self.place
    }

    pub fn load(&self) -> Option<String> {
        read(local_storage(), &self.place.key("draft"))
    }

    pub fn save(&self, text: &str) {
        write(local_storage(), &self.place.key("draft"), Some(text));
    }

    pub fn clear(&self) {
        write(local_storage(), &self.place.key("draft"), None);
    }

    /// Where the unsent comment on ticket `id` is kept, beside this draft.
    pub fn for_comment(&self, id: i64) -> Self {
        Self {
            place: Place {
                form_id: format!("{}/comment/{id}", self.place.form_id),
                ..self.place.clone()
            },
            max_age_ms: self.max_age_ms,
        }
    }

    /// Where the draft for service `id` is kept, beside this one: each
    /// service keeps its own.
    pub fn for_service(&self, id: &str) -> Self {
        Self {
            place: Place {
                form_id: format!("{}/service/{id}", self.place.form_id),
                ..self.place.clone()
            },
            max_age_ms: self.max_age_ms,
        }
    }

    /// How many times someone's drafts were forgotten (signed out) in this
    /// page: a save planned before then is not made (it would write back
    /// what left with its person).
    pub fn forgotten() -> u32 {
        FORGOTTEN.with(std::cell::Cell::get)
    }

    /// Forgets everything kept for this place's person (signing out): the
    /// draft, the record of sent drafts, unsent comments.
    pub fn forget_all(&self) {
        FORGOTTEN.with(|forgotten| forgotten.set(forgotten.get().wrapping_add(1)));
        let Some(storage) = local_storage() else {
            return;
        };
        let Place {
            server,
            form_id,
            user,
        } = &self.place;
        let within = format!("{server}:{form_id}");
        let person = user.as_ref().map(|user| format!(":{user}"));
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|index| storage.key(index).ok().flatten())
            .filter(|key| {
                // `srf.{kind}:{server}:{form_id}…`: read by prefix, not by
                // searching (this runs in the main module's Sign out too).
                let place = key
                    .strip_prefix("srf.")
                    .and_then(|rest| rest.split_once(':'))
                    .map(|(_, place)| place);
                place.is_some_and(|place| place.starts_with(&within))
                    && person.as_ref().is_none_or(|person| key.ends_with(person))
            })
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }

    /// Notes that the draft `draft_id` became `ticket` and drops the saved
    /// draft: another tab holding it shows the ticket instead of sending.
    pub fn record_sent(&self, draft_id: &str, ticket: &CreatedRequest) {
        let key = self.place.key("sent");
        let stored = read(local_storage(), &key);
        let records = send_lock::record_sent(stored.as_deref(), draft_id, ticket, now_ms());
        write(local_storage(), &key, Some(&records));
        self.clear();
    }

    /// The ticket the draft `draft_id` became in some tab, if it did.
    pub fn sent_ticket(&self, draft_id: &str) -> Option<CreatedRequest> {
        let stored = read(local_storage(), &self.place.key("sent"));
        send_lock::sent_ticket(stored.as_deref(), draft_id, now_ms(), self.max_age_ms)
    }
}

/// Reads and writes the send lock's fallback mark.
pub(super) fn mark(name: &str) -> Option<String> {
    read(local_storage(), name)
}

pub(super) fn set_mark(name: &str, value: Option<&str>) {
    write(local_storage(), name, value);
}

/// Whether local storage works here at all (the fallback lock needs it).
pub(super) fn has_local_storage() -> bool {
    local_storage().is_some()
}
