use std::rc::Rc;

use super::*;

/// Every catalog in `locales/`, by tag.
fn shipped_catalogs() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let tag = name.strip_suffix(".json")?.to_owned();
            Some((tag, std::fs::read_to_string(entry.path()).unwrap()))
        })
        .collect();
    found.sort();
    found
}

fn forms(entry: &Entry) -> Vec<(String, String)> {
    match entry {
        Entry::Text(text) => vec![(String::from("text"), text.clone())],
        Entry::Plural(forms) => forms.clone(),
    }
}

#[test]
fn every_language_ships_a_catalog() {
    let tags: Vec<String> = shipped_catalogs().into_iter().map(|(tag, _)| tag).collect();
    for tag in SHIPPED {
        assert!(
            tags.contains(&tag.to_owned()),
            "locales/{tag}.json is missing"
        );
    }
}

#[test]
fn every_catalog_has_every_english_key_with_the_same_placeholders() {
    // The built-in English and the chunks', together.
    let mut all: serde_json::Value = serde_json::from_str(ENGLISH).unwrap();
    let mut app = serde_json::json!({});
    for chunk in [ENGLISH_APP, ENGLISH_CONFIG] {
        let chunk: serde_json::Value = serde_json::from_str(chunk).unwrap();
        for (key, text) in chunk.as_object().unwrap() {
            assert!(all.get(key).is_none(), "{key} is in two English catalogs");
            all[key] = text.clone();
            app[key] = text.clone();
        }
    }
    let english = Catalog::from_value(&all).unwrap();
    for (tag, text) in shipped_catalogs() {
        let catalog = Catalog::parse(&text).unwrap_or_else(|problem| panic!("{tag}: {problem:?}"));
        for key in english.keys() {
            // The chunks' own English is not in en.json (see ENGLISH_APP).
            if tag == "en" && app.get(key).is_some() {
                continue;
            }
            let Some(entry) = catalog.get(key) else {
                panic!("locales/{tag}.json has no \"{key}\"");
            };
            let wanted = english.get(key).map(forms).unwrap_or_default();
            let expected =
                placeholders(&wanted.first().map(|(_, t)| t.clone()).unwrap_or_default());
            for (form, text) in forms(entry) {
                assert!(
                    !text.trim().is_empty(),
                    "{tag}: \"{key}\" ({form}) is empty"
                );
                let found = placeholders(&text);
                // A plural form may spell the number out (Arabic "one"):
                // every other placeholder must be there.
                let needed: Vec<&String> =
                    expected.iter().filter(|name| *name != "count").collect();
                for name in needed {
                    assert!(
                        found.contains(name),
                        "{tag}: \"{key}\" ({form}) lacks {{{name}}}: {text}"
                    );
                }
                for name in &found {
                    assert!(
                        expected.contains(name),
                        "{tag}: \"{key}\" ({form}) has an unknown {{{name}}}: {text}"
                    );
                }
            }
            assert_eq!(
                matches!(entry, Entry::Plural(_)),
                matches!(english.get(key), Some(Entry::Plural(_))),
                "{tag}: \"{key}\" must be {} like the English",
                if matches!(english.get(key), Some(Entry::Plural(_))) {
                    "plural forms"
                } else {
                    "a text"
                }
            );
        }
        for key in catalog.keys() {
            assert!(
                english.get(key).is_some(),
                "{tag}: \"{key}\" is not a key of the English catalog"
            );
        }
    }
}

#[test]
fn placeholders_are_filled_and_anything_else_kept() {
    assert_eq!(
        fill("{label} is required.", &[("label", "Subject")]),
        "Subject is required."
    );
    assert_eq!(fill("{a} {b} {a}", &[("a", "1"), ("b", "2")]), "1 2 1");
    assert_eq!(
        fill(r#"like {"en": "x"} or {unknown}"#, &[]),
        r#"like {"en": "x"} or {unknown}"#
    );
    assert_eq!(fill("open {", &[]), "open {");
    assert_eq!(placeholders("{name} is {size}; {name}"), ["name", "size"]);
    assert_eq!(placeholders(r#"{"tag": true}"#), Vec::<String>::new());
}

/// Plural categories as Arabic has them (CLDR), for a native test.
struct ArabicRules;

impl Intl for ArabicRules {
    fn plural(&self, count: f64) -> String {
        let n = count as i64;
        match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        }
        .to_owned()
    }
    fn number(&self, number: f64) -> String {
        Plain.number(number)
    }
    fn bytes(&self, bytes: u64) -> String {
        Plain.bytes(bytes)
    }
    fn date_time(&self, ms: f64) -> String {
        Plain.date_time(ms)
    }
    fn recent(&self, ms: f64) -> String {
        Plain.recent(ms)
    }
}

#[test]
fn plurals_follow_the_languages_categories() {
    let english = Words::english();
    assert_eq!(english.plural("files.count", 1.0, &[]), "1 file attached.");
    assert_eq!(english.plural("files.count", 2.0, &[]), "2 files attached.");
    let arabic_catalog = shipped_catalogs()
        .into_iter()
        .find(|(tag, _)| tag == "ar")
        .map(|(_, text)| Rc::new(Catalog::parse(&text).unwrap()))
        .unwrap();
    let arabic = Words::new(
        "ar",
        None,
        Some(arabic_catalog.clone()),
        None,
        Rc::new(ArabicRules),
    );
    let forms = match arabic_catalog.get("files.count") {
        Some(Entry::Plural(forms)) => forms.clone(),
        other => panic!("Arabic files.count: {other:?}"),
    };
    for (count, category) in [
        (0.0, "zero"),
        (1.0, "one"),
        (2.0, "two"),
        (3.0, "few"),
        (11.0, "many"),
        (100.0, "other"),
    ] {
        let expected = forms
            .iter()
            .find(|(form, _)| form == category)
            .or_else(|| forms.iter().find(|(form, _)| form == "other"))
            .map(|(_, text)| fill(text, &[("count", &Plain.number(count))]))
            .unwrap();
        assert_eq!(
            arabic.plural("files.count", count, &[]),
            expected,
            "{count}"
        );
    }
    assert_eq!(arabic.direction(), Direction::Rtl);
}

#[test]
fn the_apps_own_words_are_english_from_its_chunk_unless_a_catalog_has_them() {
    // Not in the built-in catalog the first screen carries...
    assert!(Catalog::english().get("review.title").is_none());
    assert!(Catalog::english().get("files.count").is_none());
    // ...but said once the app has learned them (natively, from the start).
    learn_app_english();
    let english = Words::english();
    assert_eq!(english.text("review.title"), "Hide parts of the image");
    assert_eq!(english.plural("files.count", 2.0, &[]), "2 files attached.");
    let partial = Catalog::parse(r#"{"review.title": "Teile des Bildes verdecken"}"#).unwrap();
    let german = Words::new("de", None, Some(Rc::new(partial)), None, Rc::new(Plain));
    assert_eq!(german.text("review.title"), "Teile des Bildes verdecken");
    assert_eq!(
        german.fill("review.box", &[("number", "1"), ("count", "2")]),
        "Black box 1 of 2"
    );
    assert_eq!(german.text("no.such.key"), "");
}

#[test]
fn the_main_modules_list_of_the_chunks_keys_is_their_catalogs() {
    let mut listed: Vec<String> = [ENGLISH_APP, ENGLISH_CONFIG]
        .iter()
        .flat_map(|chunk| {
            let catalog = Catalog::parse(chunk).unwrap();
            let keys: Vec<String> = catalog
                .entries()
                .map(|(key, entry)| match entry {
                    Entry::Plural(_) => format!("{key}+"),
                    Entry::Text(_) => key.to_owned(),
                })
                .collect();
            keys
        })
        .collect();
    listed.sort_by(|a, b| a.trim_end_matches('+').cmp(b.trim_end_matches('+')));
    assert_eq!(
        crate::model::texts::APP_KEYS.split(' ').collect::<Vec<_>>(),
        listed
    );
    assert_eq!(crate::model::texts::app_key("files.count"), Some(true));
    assert_eq!(crate::model::texts::app_key("review.title"), Some(false));
    assert_eq!(crate::model::texts::app_key("review"), None);
    assert_eq!(crate::model::texts::app_key("submit"), None);
}

#[test]
fn a_missing_text_falls_back_to_english_and_never_shows_its_key() {
    let partial = Rc::new(Catalog::parse(r#"{"submit": "Anfrage senden"}"#).unwrap());
    let german = Words::new("de", None, Some(partial), None, Rc::new(Plain));
    assert_eq!(german.text("submit"), "Anfrage senden");
    assert_eq!(german.text("title"), "Create a support request");
    assert_eq!(german.text("no.such.key"), "");
}

#[test]
fn the_deployments_own_texts_win() {
    let catalog = Rc::new(Catalog::parse(r#"{"submit": "Anfrage absenden"}"#).unwrap());
    let overrides = Rc::new(Catalog::parse(r#"{"submit": "Anfrage senden"}"#).unwrap());
    let german = Words::new("de", Some(overrides), Some(catalog), None, Rc::new(Plain));
    assert_eq!(german.text("submit"), "Anfrage senden");
}

#[test]
fn malformed_catalogs_are_problems_not_panics() {
    assert!(matches!(
        Catalog::parse("{"),
        Err(CatalogProblem::NotJson { .. })
    ));
    assert_eq!(Catalog::parse("[]"), Err(CatalogProblem::NotAnObject));
    assert_eq!(
        Catalog::parse(r#"{"a": 1}"#),
        Err(CatalogProblem::BadEntry("a".into()))
    );
    assert_eq!(
        Catalog::parse(r#"{"a": {"one": "x"}}"#),
        Err(CatalogProblem::NoOtherForm("a".into()))
    );
}

#[test]
fn languages_are_negotiated_with_fallback() {
    let have: Vec<String> = SHIPPED.iter().map(|tag| (*tag).to_owned()).collect();
    let want = |tags: &[&str]| {
        let tags: Vec<String> = tags.iter().map(|tag| (*tag).to_owned()).collect();
        negotiate(&tags, &have)
    };
    assert_eq!(want(&["de-AT", "en"]), Some("de".into()));
    assert_eq!(want(&["pt-BR"]), Some("pt-BR".into()));
    assert_eq!(
        want(&["pt-PT"]),
        Some("pt-BR".into()),
        "another tag of the language"
    );
    assert_eq!(want(&["PT-br"]), Some("pt-BR".into()));
    assert_eq!(want(&["sv-SE", "ja-JP"]), Some("ja".into()));
    assert_eq!(want(&["sv-SE"]), None, "the caller falls back to English");
    assert_eq!(
        candidates_to_probe(&["sv-SE".into(), "sv".into(), "de".into(), "nl".into()]),
        ["sv-SE", "sv"],
        "only what comes before the first shipped language"
    );
    assert!(candidates_to_probe(&["en-US".into()]).is_empty());
    assert_eq!(
        candidates_to_probe(&["../x".into()]),
        Vec::<String>::new(),
        "never a path"
    );
}

#[test]
fn texts_by_language_pick_the_closest() {
    let label = Localized::by_language(vec![
        ("en".into(), "Floor".into()),
        ("de".into(), "Etage".into()),
    ]);
    assert_eq!(label.pick("de-AT"), "Etage");
    assert_eq!(label.pick("fr"), "Floor");
    assert_eq!(Localized::plain("Floor").pick("ja"), "Floor");
}

#[test]
fn sizes_read_in_the_unit_people_use() {
    assert_eq!(size_in_units(512), (512.0, SizeUnit::Byte));
    assert_eq!(size_in_units(31 * 1024 * 1024), (31.0, SizeUnit::Megabyte));
    assert_eq!(size_in_units(2_500_000), (2.4, SizeUnit::Megabyte));
    assert_eq!(Plain.bytes(25 * 1024 * 1024), "25 MB");
}
