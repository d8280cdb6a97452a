//! The draft between visits: a draft saved earlier is offered back before
//! anything is saved over it ("Restore your draft from 10:42?"); once the
//! user has decided (or if there was none), what they type is saved as
//! they type. Never the token: only field values are stored.

use leptos::prelude::*;

use super::paced_save::PacedSave;
use super::uploads::Uploads;
use super::words::{t, FormWords};
use crate::browser::storage::DraftStore;
use crate::browser::time::now_ms;
use crate::model::draft::Draft;
use crate::model::fields::{FieldId, FieldValue, FormSpec, Standard};
use crate::model::saved_draft::{self, SavedDraft};

/// The form's saved draft and the offer to restore it.
#[derive(Clone, Copy)]
pub struct KeptDraft {
    pub offered: RwSignal<Option<SavedDraft>>,
    pub restore: Callback<()>,
    pub discard: Callback<()>,
    store: StoredValue<Option<DraftStore>>,
}

impl KeptDraft {
    /// Offers what `store` holds (if `offer`) and keeps `draft` saved
    /// there.
    pub fn new(
        store: Option<DraftStore>,
        spec: StoredValue<FormSpec>,
        draft: RwSignal<Draft>,
        requester: Option<String>,
        uploads: Uploads,
        offer: bool,
    ) -> Self {
        let offered = RwSignal::new(store.as_ref().filter(|_| offer).and_then(|store| {
            let text = store.load()?;
            spec.with_value(|spec| saved_draft::restore(spec, &text, now_ms(), store.max_age_ms))
        }));
        let keep_saving = RwSignal::new(offered.with_untracked(Option::is_none));
        let store = StoredValue::new(store);
        // Sync with the outside world: the draft goes to local storage as
        // the user types (once typing pauses). A draft another tab has
        // already sent is not saved again.
        let paced = PacedSave::new(move || {
            let (Some(Some(store)), Some(true)) =
                (store.try_get_value(), keep_saving.try_get_untracked())
            else {
                return;
            };
            let id = draft.try_with_untracked(|draft| draft.reference.clone());
            if id
                .flatten()
                .is_some_and(|id| store.sent_ticket(&id).is_some())
            {
                return;
            }
            match saved_text(spec, draft) {
                Some(Some(text)) => store.save(&text),
                Some(None) => store.clear(),
                // The form is gone with its draft.
                None => {}
            }
        });
        Effect::new(move |_| {
            draft.track();
            keep_saving.track();
            paced.schedule();
        });
        let restore = Callback::new(move |()| {
            if let Some(saved) = offered.get_untracked() {
                let mut restored = saved.draft;
                if let Some(email) = &requester {
                    restored.prefill_requester(email);
                }
                let attachments = FieldId::Standard(Standard::Attachments);
                if let Some(FieldValue::Files(files)) = restored.get(attachments) {
                    uploads.adopt(files);
                }
                draft.set(restored);
            }
            offered.set(None);
            keep_saving.set(true);
        });
        let discard = Callback::new(move |()| {
            if let Some(store) = store.get_value() {
                store.clear();
            }
            offered.set(None);
            keep_saving.set(true);
        });
        Self {
            offered,
            restore,
            discard,
            store,
        }
    }

    /// Where the draft is kept, if it is.
    pub fn store(&self) -> Option<DraftStore> {
        self.store.get_value()
    }
}

/// What to keep of `draft`: its saved text, `None` inside if it is not
/// worth keeping; `None` if the form is already gone.
fn saved_text(spec: StoredValue<FormSpec>, draft: RwSignal<Draft>) -> Option<Option<String>> {
    spec.try_with_value(|spec| {
        draft.try_with_untracked(|draft| {
            saved_draft::worth_saving(spec, draft).then(|| saved_draft::save(spec, draft, now_ms()))
        })
    })
    .flatten()
}

/// A comment's draft: the unsent one kept in `store` from before (text
/// and files) is simply there again, and what is typed is kept there as it
/// is typed.
pub fn kept_comment(store: Option<DraftStore>, spec: StoredValue<FormSpec>) -> RwSignal<Draft> {
    let kept = store.as_ref().and_then(|store| {
        let text = store.load()?;
        spec.with_value(|spec| saved_draft::restore(spec, &text, now_ms(), store.max_age_ms))
    });
    let draft = RwSignal::new(kept.map_or_else(|| spec.with_value(Draft::new), |kept| kept.draft));
    // Sync with the outside world: local storage follows the draft (once
    // typing pauses).
    let paced = PacedSave::new(move || match (&store, saved_text(spec, draft)) {
        (Some(store), Some(Some(text))) => store.save(&text),
        (Some(store), Some(None)) => store.clear(),
        _ => {}
    });
    Effect::new(move |_| {
        draft.track();
        paced.schedule();
    });
    draft
}

/// "Restore your draft from 10:42?" with Restore and Discard.
#[component]
pub fn RestoreOffer(kept: KeptDraft) -> impl IntoView {
    let words = FormWords::get();
    move || {
        kept.offered.get().map(|saved| {
            view! {
                <div class="srf-restore" role="region" aria-label=t("draft.region")>
                    <p class="srf-restore-text">{move || words.with(|w| w.fill("draft.offer", &[("time", &w.intl().recent(saved.saved_at))]))}</p>
                    <button class="srf-button" type="button" on:click=move |_| kept.restore.run(())>{t("draft.restore")}</button>
                    <button class="srf-button srf-button--secondary" type="button" on:click=move |_| kept.discard.run(())>
                        {t("draft.discard")}
                    </button>
                </div>
            }
        })
    }
}
