//! Which language a form speaks, and its catalog: the form's `locale`
//! (attribute, `mount()` or configuration), else the browser's languages,
//! negotiated with the shipped catalogs and any an administrator dropped
//! into `locales/`; catalogs are fetched only when used, once per page.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::join_all;

use super::intl::JsIntl;
use crate::api::http;
use crate::i18n::{self, Catalog, CatalogProblem, Words};
use crate::model::boot::{Recovery, Trouble};
use crate::model::config::{is_language_tag, ConfigError, ConfigProblem};

thread_local! {
    /// Where the bundle is (its folder's URL, ending in `/`).
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Catalogs fetched so far, by URL (`None`: there is none). A list,
    /// not a map: a page asks for a language or two, and a map's hashing
    /// would cost the first screen 2 KB.
    static FETCHED: RefCell<Vec<(String, Option<Rc<Catalog>>)>> = const { RefCell::new(Vec::new()) };
}

/// Called once by the loader with the bundle's folder.
pub fn set_base(url: &str) {
    BASE.with(|base| *base.borrow_mut() = url.to_owned());
}

/// A file of the bundle.
pub fn bundle_file(name: &str) -> String {
    BASE.with(|base| format!("{}{name}", base.borrow()))
}

/// The languages the browser says its user reads, in order.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return Vec::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

/// The languages wanted: `explicit` (the form's `locale`), else the
/// browser's.
pub fn wanted(explicit: Option<&str>) -> Vec<String> {
    match explicit.map(str::trim).filter(|tag| !tag.is_empty()) {
        Some(tag) => vec![tag.to_owned()],
        None => browser_languages(),
    }
}

/// A malformed catalog, reported like a bad configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct BadCatalog {
    pub file: String,
    pub problem: CatalogProblem,
}

impl BadCatalog {
    /// The problem as a configuration mistake (its path in the file).
    pub fn as_config_error(&self) -> ConfigError {
        let (path, problem) = match &self.problem {
            CatalogProblem::NotJson { line, column } => (
                String::new(),
                ConfigProblem::NotJson {
                    line: *line,
                    column: *column,
                },
            ),
            CatalogProblem::NotAnObject => (String::new(), ConfigProblem::MustBeObject),
            CatalogProblem::BadEntry(key) | CatalogProblem::NoOtherForm(key) => {
                (key.clone(), ConfigProblem::MustBeText)
            }
        };
        ConfigError { path, problem }
    }
}

/// The catalog at `locales/<tag>.json`: `Ok(None)` if there is none (a
/// 404, remembered). A catalog out of reach (no answer, a 5xx) is not
/// remembered: boot tries it again.
async fn fetch(tag: &str) -> Result<Option<Rc<Catalog>>, Trouble> {
    let url = bundle_file(&format!("locales/{tag}.json"));
    let known = FETCHED.with(|fetched| {
        let fetched = fetched.borrow();
        let found = fetched.iter().find(|(fetched_url, _)| *fetched_url == url);
        found.map(|(_, catalog)| catalog.clone())
    });
    if let Some(known) = known {
        return Ok(known);
    }
    let file = format!("locales/{tag}.json");
    let catalog = match http::fetch_text(&url).await {
        Ok(text) => match Catalog::parse(&text) {
            Ok(catalog) => Some(Rc::new(catalog)),
            Err(problem) => {
                let bad = BadCatalog { file, problem };
                return Err(Trouble::Catalog {
                    error: bad.as_config_error(),
                    file: bad.file,
                });
            }
        },
        Err(error) if Recovery::of_fetch(&error) == Recovery::Retry => {
            return Err(Trouble::Unreachable { url, error });
        }
        Err(_) => None,
    };
    FETCHED.with(|fetched| fetched.borrow_mut().push((url, catalog.clone())));
    Ok(catalog)
}

/// The words for someone who wants `wanted`, with the deployment's own
/// texts (`messages` in the configuration) on top.
pub async fn load(wanted: &[String], overrides: &[(String, Catalog)]) -> Result<Words, Trouble> {
    let wanted: Vec<String> = wanted
        .iter()
        .filter(|tag| is_language_tag(tag))
        .cloned()
        .collect();
    // Languages that do not ship may have been dropped in by an admin:
    // ask for them all at once.
    let probes = i18n::candidates_to_probe(&wanted);
    let probed = join_all(probes.iter().map(|tag| fetch(tag))).await;
    let mut available: Vec<String> = i18n::SHIPPED.iter().map(|tag| (*tag).to_owned()).collect();
    for (tag, found) in probes.iter().zip(probed) {
        if found?.is_some() {
            available.push(tag.clone());
        }
    }
    let chosen = i18n::negotiate(&wanted, &available).unwrap_or_else(|| "en".to_owned());
    let catalog = if chosen == "en" {
        None
    } else {
        fetch(&chosen).await?
    };
    // Numbers and dates as the person's own variant writes them (de-AT).
    let intl_tag = wanted
        .iter()
        .find(|tag| {
            tag.split('-').next().unwrap_or_default()
                == chosen.split('-').next().unwrap_or_default()
        })
        .cloned()
        .unwrap_or_else(|| chosen.clone());
    Ok(Words::configured(
        &chosen,
        catalog,
        overrides,
        Rc::new(JsIntl::new(&intl_tag)),
    ))
}
