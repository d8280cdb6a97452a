//! Texts as data, the part the configuration needs too: a language's
//! catalog (texts by key, plural forms) and a text an administrator gives
//! per language. Choosing and wording texts is `crate::i18n`'s; these
//! types live with the model so the configuration can hold them without
//! the model depending on the wording.

use std::rc::Rc;

use serde_json::Value;

/// The English catalog, built in: the first screen needs no fetch in
/// English, and every other catalog falls back to it key by key.
pub const ENGLISH: &str = include_str!("../../locales/en.json");

/// The keys of the English words only the app's chunk (and, for a
/// configuration's problems, the rules' chunk) says, whose texts are in
/// those chunks (`i18n::ENGLISH_APP`, `i18n::ENGLISH_CONFIG`): the
/// configuration's `messages` are checked against them before the app has
/// arrived. A plural one ends in `+`. Sorted; a test holds it to the two
/// catalogs.
pub const APP_KEYS: &str = "assets.add assets.remove card.copied card.copy card.created card.createdAt card.downloadFailed card.newTab card.open card.priority card.status card.title chips.remove config.assetNeedsModelAndId config.blankOption config.cannotBeLocked config.clientReference config.contextTarget config.cycle config.hideOnlyWithPreset config.minAboveMax config.mustBeAboveZero config.mustBeArray config.mustBeAssets config.mustBeBoolean config.mustBeLanguageTag config.mustBeNumber config.mustBeObject config.mustBePath config.mustBeString config.mustBeStrings config.mustBeText config.mustBeTime config.mustBeWholeAboveZero config.mustNotBeEmpty config.nameMissing config.nameTwice config.needsOptions config.neverHolds config.noOptions config.noValueForFiles config.notACondition config.notAnOption config.notJson config.notOneOf config.onlyChoicesTakeOptions config.onlyNumbersTakeRange config.operatorDoesNotFit config.optionTwice config.presetIsHidden config.presetTakesNoConditions config.serverRequires config.takesNoOptions config.ticketUrl config.unknownField config.unknownKey config.unknownMessage config.unknownType context.language context.pageUrl context.timeZone context.title context.userAgent context.viewport delivery.cannotCheck delivery.checking delivery.offline delivery.otherTab delivery.retryingIn+ delivery.sendAnyway delivery.stop delivery.stopped draft.discard draft.offer draft.region draft.restore errorSummary files.cancel files.cancelLabel files.capture files.count+ files.hideParts files.hidePartsLabel files.overLimit files.remove files.removeLabel files.retry files.retryLabel files.retrying files.tooLarge files.tooMany+ files.totalTooLarge files.typeNotAccepted files.uploaded files.uploading files.waitingForSignIn followUp.added followUp.failed followUp.history followUp.loadFailed followUp.nothing followUp.offline followUp.otherTab followUp.send followUp.sending followUp.stopped followUp.title followUp.unsure myRequests.back myRequests.created myRequests.empty myRequests.failed myRequests.loading myRequests.loadingOne myRequests.more myRequests.openFailed myRequests.shown+ myRequests.status myRequests.title problem.badAssetRow problem.invalidEmail problem.invalidEmailInList problem.notANumber problem.notAnOption problem.required problem.tooLarge problem.tooSmall problem.uploadFailed review.addBox review.attach review.box review.cancel review.failed review.help review.image review.keys review.title review.undo review.unreadable sending services.back services.change services.changeLabel services.found+ services.none services.other services.search services.title signIn.busy signIn.enterPassword submitAnother tokenRefused waitingForUploads";

/// Whether `key` is one of `APP_KEYS`, and if so whether it is plural.
pub fn app_key(key: &str) -> Option<bool> {
    APP_KEYS
        .split(' ')
        .find_map(|listed| match listed.strip_suffix('+') {
            Some(plural) => (plural == key).then_some(true),
            None => (listed == key).then_some(false),
        })
}

/// One catalog entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Text(String),
    /// Forms by CLDR plural category (`one`, `few`, …, `other`).
    Plural(Vec<(String, String)>),
}

/// One language's texts, sorted by key (a small table: a sorted list is
/// lighter than a hash map on the first screen).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    entries: Vec<(String, Entry)>,
}

/// Why a catalog cannot be used: the key's path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogProblem {
    NotJson {
        line: usize,
        column: usize,
    },
    NotAnObject,
    /// An entry that is neither a text nor an object of plural forms.
    BadEntry(String),
    /// A plural entry without its `other` form.
    NoOtherForm(String),
}

impl Catalog {
    /// Reads a catalog: an object of texts, or of objects of plural forms.
    pub fn parse(json: &str) -> Result<Self, CatalogProblem> {
        let value = crate::model::json::parse(json).map_err(|at| CatalogProblem::NotJson {
            line: at.line,
            column: at.column,
        })?;
        Self::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Self, CatalogProblem> {
        let object = value.as_object().ok_or(CatalogProblem::NotAnObject)?;
        let mut entries = Vec::with_capacity(object.len());
        for (key, entry) in object {
            let entry = match entry {
                Value::String(text) => Entry::Text(text.clone()),
                Value::Object(forms) => {
                    let forms: Option<Vec<(String, String)>> = forms
                        .iter()
                        .map(|(category, text)| Some((category.clone(), text.as_str()?.to_owned())))
                        .collect();
                    let forms = forms.ok_or_else(|| CatalogProblem::BadEntry(key.clone()))?;
                    if !forms.iter().any(|(category, _)| category == "other") {
                        return Err(CatalogProblem::NoOtherForm(key.clone()));
                    }
                    Entry::Plural(forms)
                }
                _ => return Err(CatalogProblem::BadEntry(key.clone())),
            };
            // serde_json's map is ordered by key, so this appends; finding
            // the place keeps `get`'s binary search right whatever its
            // features (and spares the first screen a sort).
            let at = entries.partition_point(|(known, _): &(String, Entry)| known < key);
            entries.insert(at, (key.clone(), entry));
        }
        Ok(Self { entries })
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        let index = self
            .entries
            .binary_search_by(|(known, _)| known.as_str().cmp(key))
            .ok()?;
        self.entries.get(index).map(|(_, entry)| entry)
    }

    /// Every entry, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries
            .iter()
            .map(|(key, entry)| (key.as_str(), entry))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// The built-in English catalog.
    pub fn english() -> Rc<Catalog> {
        thread_local! {
            static ENGLISH_CATALOG: Rc<Catalog> =
                Rc::new(Catalog::parse(ENGLISH).unwrap_or_default());
        }
        ENGLISH_CATALOG.with(Rc::clone)
    }
}

/// A text an administrator gives in the configuration: one for every
/// language (`"Floor"`), or one per language (`{"en": "Floor", "de":
/// "Etage"}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Localized(Vec<(String, String)>);

impl Localized {
    /// The same text in every language.
    pub fn plain(text: impl Into<String>) -> Self {
        Self(vec![(String::new(), text.into())])
    }

    /// One text per language tag.
    pub fn by_language(texts: Vec<(String, String)>) -> Self {
        Self(texts)
    }

    /// The text for `lang`: its own, its language's (`de-AT` → `de`), a
    /// text for every language, English's, else the first given.
    pub fn pick(&self, lang: &str) -> &str {
        let find = |wanted: &str| {
            self.0
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(wanted))
                .map(|(_, text)| text.as_str())
        };
        find(lang)
            .or_else(|| find(language(lang)))
            .or_else(|| find(""))
            .or_else(|| find("en"))
            .or_else(|| self.0.first().map(|(_, text)| text.as_str()))
            .unwrap_or_default()
    }
}

/// A language tag's language (`de-AT` → `de`).
pub fn language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or_default()
}
