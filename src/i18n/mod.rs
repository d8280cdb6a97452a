//! Words are data: every user-facing text comes from a per-language JSON
//! catalog (`locales/<tag>.json`), with `{name}` placeholders and plural
//! forms by CLDR category. English is built in (it is also the fallback for
//! any missing text); other languages are fetched when used, and a
//! deployment can override any text in its configuration. Numbers, dates,
//! sizes and plural categories come from the browser's `Intl` (see
//! [`Intl`]); nothing here knows a language's rules.

pub mod wording;

use std::cell::RefCell;
use std::rc::Rc;

pub use crate::model::texts::{language, Catalog, CatalogProblem, Entry, Localized, ENGLISH};

/// English for the words only the app's chunk says (`APP_KEYS`): it lives
/// in the chunk with the code that says it, not in the built-in catalog
/// the first screen carries.
pub const ENGLISH_APP: &str = include_str!("en-app.json");

/// English for what is wrong with a configuration (also in `APP_KEYS`):
/// said by the rules' chunk, which words a configuration's problems, and by
/// the app, so it lives in the code they share.
pub const ENGLISH_CONFIG: &str = include_str!("en-config.json");

thread_local! {
    /// The chunks' English catalogs learned so far, by their text.
    static CHUNK_WORDS: RefCell<Vec<(&'static str, Rc<Catalog>)>> = const { RefCell::new(Vec::new()) };
}

fn learn(english: &'static str) {
    CHUNK_WORDS.with(|words| {
        let mut words = words.borrow_mut();
        if !words.iter().any(|(text, _)| std::ptr::eq(*text, english)) {
            let catalog = Catalog::parse(english).unwrap_or_default();
            words.push((english, Rc::new(catalog)));
        }
    });
}

/// Makes `ENGLISH_APP` and `ENGLISH_CONFIG` the last fallbacks of every
/// `Words`. The app calls it before it says anything; natively (tests, the
/// build's prerender) every word is there from the start.
pub fn learn_app_english() {
    learn(ENGLISH_APP);
    learn(ENGLISH_CONFIG);
}

/// Makes `ENGLISH_CONFIG` a fallback of every `Words`, before a
/// configuration's problems are worded.
pub fn learn_config_english() {
    learn(ENGLISH_CONFIG);
}

/// What `with` makes of a chunk's English entry for `key`, once learned.
fn app_entry<T>(key: &str, with: impl FnOnce(&Entry) -> T) -> Option<T> {
    #[cfg(not(target_arch = "wasm32"))]
    learn_app_english();
    CHUNK_WORDS.with(|words| {
        let words = words.borrow();
        let entry = words.iter().find_map(|(_, catalog)| catalog.get(key))?;
        Some(with(entry))
    })
}

/// The text of `entry` (the `other` form of a plural) with `args` filled.
fn fill_entry(entry: &Entry, args: &[(&str, &str)]) -> String {
    match entry {
        Entry::Text(text) => fill(text, args),
        Entry::Plural(forms) => forms
            .iter()
            .find(|(category, _)| category == "other")
            .map(|(_, text)| fill(text, args))
            .unwrap_or_default(),
    }
}

/// The languages that ship in `locales/` (others can be dropped there).
pub const SHIPPED: [&str; 8] = ["en", "de", "fr", "es", "pt-BR", "ar", "hi", "ja"];

/// What a language's formatting needs from the browser (`Intl`); natively,
/// for tests, [`Plain`] stands in.
pub trait Intl {
    /// The CLDR plural category of `count` (`one`, `few`, `other`, …).
    fn plural(&self, count: f64) -> String;
    /// A number as people of this language write it (`1.234,5`).
    fn number(&self, number: f64) -> String;
    /// A size in bytes, with its unit (`25 MB`, `812 kB`).
    fn bytes(&self, bytes: u64) -> String;
    /// A moment (epoch ms) with date, time and zone.
    fn date_time(&self, ms: f64) -> String;
    /// A time of day (epoch ms), or date and time if not today.
    fn recent(&self, ms: f64) -> String;
}

/// The unit a size is best read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeUnit {
    Byte,
    Kilobyte,
    Megabyte,
    Gigabyte,
}

/// `bytes` in the unit people read it in (1 MB = 1024 KB, as file
/// managers count), rounded to one decimal below 10 and whole above.
pub fn size_in_units(bytes: u64) -> (f64, SizeUnit) {
    const KB: f64 = 1024.0;
    let size = bytes as f64;
    let (value, unit) = if size >= KB * KB * KB {
        (size / (KB * KB * KB), SizeUnit::Gigabyte)
    } else if size >= KB * KB {
        (size / (KB * KB), SizeUnit::Megabyte)
    } else if size >= KB {
        (size / KB, SizeUnit::Kilobyte)
    } else {
        return (size, SizeUnit::Byte);
    };
    let rounded = if value >= 10.0 {
        value.round()
    } else {
        (value * 10.0).round() / 10.0
    };
    (rounded, unit)
}

/// English rules without a browser: for native tests and tools.
pub struct Plain;

impl Intl for Plain {
    fn plural(&self, count: f64) -> String {
        if count == 1.0 { "one" } else { "other" }.to_owned()
    }

    fn number(&self, number: f64) -> String {
        crate::model::config::plain_number(number)
    }

    fn bytes(&self, bytes: u64) -> String {
        let (value, unit) = size_in_units(bytes);
        let unit = match unit {
            SizeUnit::Byte => "byte",
            SizeUnit::Kilobyte => "KB",
            SizeUnit::Megabyte => "MB",
            SizeUnit::Gigabyte => "GB",
        };
        format!("{} {unit}", crate::model::config::plain_number(value))
    }

    fn date_time(&self, ms: f64) -> String {
        crate::model::config::plain_number(ms)
    }

    fn recent(&self, ms: f64) -> String {
        crate::model::config::plain_number(ms)
    }
}

/// Text direction of a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction of `tag`'s script (by its language).
    pub fn of(tag: &str) -> Self {
        const RTL: [&str; 8] = ["ar", "he", "fa", "ur", "ps", "ckb", "dv", "yi"];
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        if RTL.iter().any(|rtl| language.eq_ignore_ascii_case(rtl)) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    pub fn attribute(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The texts of one form in one language: the deployment's overrides,
/// then the language's catalog, then English; a text missing everywhere is
/// empty, never its key.
#[derive(Clone)]
pub struct Words {
    /// The language tag in use (`de`, `pt-BR`).
    pub lang: String,
    layers: Vec<Rc<Catalog>>,
    intl: Rc<dyn Intl>,
}

impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.layers.len() == other.layers.len()
            && self
                .layers
                .iter()
                .zip(&other.layers)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Words({})", self.lang)
    }
}

impl Words {
    /// `lang`'s texts: `overrides` (from the configuration), then
    /// `catalog`, then English.
    pub fn new(
        lang: &str,
        overrides: Option<Rc<Catalog>>,
        catalog: Option<Rc<Catalog>>,
        english_overrides: Option<Rc<Catalog>>,
        intl: Rc<dyn Intl>,
    ) -> Self {
        let mut layers: Vec<Rc<Catalog>> = overrides.into_iter().chain(catalog).collect();
        layers.extend(english_overrides);
        layers.push(Catalog::english());
        Self {
            lang: lang.to_owned(),
            layers,
            intl,
        }
    }

    /// `chosen`'s texts with the deployment's own (`messages` in the
    /// configuration, by language) on top: the words a form is painted
    /// with, in the browser and when a first screen is prerendered.
    pub fn configured(
        chosen: &str,
        catalog: Option<Rc<Catalog>>,
        overrides: &[(String, Catalog)],
        intl: Rc<dyn Intl>,
    ) -> Self {
        let texts_for = |tag: &str| {
            overrides
                .iter()
                .find(|(lang, _)| lang.eq_ignore_ascii_case(tag))
                .or_else(|| {
                    let language = tag.split('-').next().unwrap_or_default();
                    overrides
                        .iter()
                        .find(|(lang, _)| lang.eq_ignore_ascii_case(language))
                })
                .map(|(_, catalog)| Rc::new(catalog.clone()))
        };
        let (own, english_own) = if chosen == "en" {
            (None, texts_for("en"))
        } else {
            (texts_for(chosen), texts_for("en"))
        };
        Self::new(chosen, own, catalog, english_own, intl)
    }

    /// English only, with plain rules (native tests, tools).
    pub fn english() -> Self {
        Self::new("en", None, None, None, Rc::new(Plain))
    }

    /// Feeds the language and every text, layer by layer, to `feed` (for
    /// a first screen's stamp).
    pub fn stamp_into(&self, feed: &mut dyn FnMut(&str)) {
        feed(&self.lang);
        for layer in &self.layers {
            feed("layer");
            for (key, entry) in layer.entries() {
                feed(key);
                match entry {
                    Entry::Text(text) => feed(text),
                    Entry::Plural(forms) => {
                        for (category, text) in forms {
                            feed(category);
                            feed(text);
                        }
                        feed("");
                    }
                }
            }
        }
    }

    pub fn direction(&self) -> Direction {
        Direction::of(&self.lang)
    }

    pub fn intl(&self) -> &dyn Intl {
        self.intl.as_ref()
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.layers.iter().find_map(|layer| layer.get(key))
    }

    /// The text for `key`.
    pub fn text(&self, key: &str) -> String {
        self.fill(key, &[])
    }

    /// The text for `key` with its `{placeholders}` filled from `args`.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.entry(key) {
            Some(entry) => fill_entry(entry, args),
            None => app_entry(key, |entry| fill_entry(entry, args)).unwrap_or_default(),
        }
    }

    /// The plural form of `key` for `count` (`{count}` is filled with the
    /// number as this language writes it).
    pub fn plural(&self, key: &str, count: f64, args: &[(&str, &str)]) -> String {
        let written = self.intl.number(count);
        let mut all: Vec<(&str, &str)> = vec![("count", written.as_str())];
        all.extend_from_slice(args);
        let category = self.intl.plural(count);
        let pick = |forms: &[(String, String)]| {
            forms
                .iter()
                .find(|(form, _)| *form == category)
                .or_else(|| forms.iter().find(|(form, _)| form == "other"))
                .map(|(_, text)| fill(text, &all))
                .unwrap_or_default()
        };
        let forms = self.layers.iter().find_map(|layer| match layer.get(key) {
            Some(Entry::Plural(forms)) => Some(forms),
            _ => None,
        });
        let app_forms = || {
            app_entry(key, |entry| match entry {
                Entry::Plural(forms) => Some(pick(forms)),
                Entry::Text(_) => None,
            })
            .flatten()
        };
        match forms {
            Some(forms) => pick(forms),
            None => app_forms().unwrap_or_else(|| self.fill(key, &all)),
        }
    }
}

/// `text` with each `{name}` that `args` names replaced; anything else is
/// kept as it is.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest
        .find('{')
        .and_then(|start| rest.split_at_checked(start))
    {
        out.push_str(before);
        let value = after.find('}').and_then(|end| {
            let name = after.get(1..end)?;
            let (_, value) = args.iter().find(|(key, _)| *key == name)?;
            Some((value, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a text uses (`{name}` with a name of letters).
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or_default();
        match after.find('}') {
            Some(end) => {
                let name = after.get(..end).unwrap_or_default();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    found.push(name.to_owned());
                }
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => break,
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The best of `available` for a person who wants `wanted` (in order of
/// preference): the same tag, else its language (`de-AT` → `de`), else
/// another tag of that language (`pt-PT` → `pt-BR`); `None` when none of
/// the wanted languages is available (the caller falls back to English).
pub fn negotiate(wanted: &[String], available: &[String]) -> Option<String> {
    for tag in wanted {
        let tag = tag.trim();
        if tag.is_empty() {
            continue;
        }
        let exact = available.iter().find(|have| have.eq_ignore_ascii_case(tag));
        let base = available
            .iter()
            .find(|have| have.eq_ignore_ascii_case(language(tag)));
        let sibling = available
            .iter()
            .find(|have| language(have).eq_ignore_ascii_case(language(tag)));
        if let Some(found) = exact.or(base).or(sibling) {
            return Some(found.clone());
        }
    }
    None
}

/// The tags worth asking the server for, for `wanted` languages that do
/// not ship: each tag and its language, before the first shipped one.
pub fn candidates_to_probe(wanted: &[String]) -> Vec<String> {
    let shipped: Vec<String> = SHIPPED.iter().map(|tag| (*tag).to_owned()).collect();
    let mut probe = Vec::new();
    for tag in wanted {
        if negotiate(std::slice::from_ref(tag), &shipped).is_some() {
            break;
        }
        for candidate in [tag.as_str(), language(tag)] {
            let valid = !candidate.is_empty()
                && candidate
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            if valid
                && !probe
                    .iter()
                    .any(|known: &String| known.eq_ignore_ascii_case(candidate))
            {
                probe.push(candidate.to_owned());
            }
        }
    }
    probe
}

#[cfg(test)]
mod tests;
