//! The kit for embedders and admins, held against the product: the
//! configuration schema against the parser, the TypeScript types against an
//! example host page (`tsc --strict`), and the npm package's contents.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support_request_form::model::config::FormConfig;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release bundle (`cargo xtask dist`), as the e2e tests find it.
fn dist() -> PathBuf {
    std::env::var_os("SRF_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"))
}

fn json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A JSON pointer's tokens as the parser writes a key path:
/// `customFields[1].type`.
fn key_path(location: &boon::InstanceLocation) -> String {
    let mut path = String::new();
    for token in &location.tokens {
        match token {
            boon::InstanceToken::Item(index) => path.push_str(&format!("[{index}]")),
            boon::InstanceToken::Prop(name) if path.is_empty() => path.push_str(name),
            boon::InstanceToken::Prop(name) => path.push_str(&format!(".{name}")),
        }
    }
    path
}

/// The key paths a validation error points at: where each innermost
/// error is, and each key an `additionalProperties` or `required` error
/// names. A key refused by `propertyNames` comes as `*key`: boon places
/// that error at an outer object, so only the key itself is sure.
fn error_paths(error: &boon::ValidationError, found: &mut Vec<String>) {
    let at = key_path(&error.instance_location);
    let under = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    };
    match &error.kind {
        boon::ErrorKind::AdditionalProperties { got } => {
            found.extend(got.iter().map(|key| under(key)))
        }
        boon::ErrorKind::Required { want } => found.extend(want.iter().map(|key| under(key))),
        boon::ErrorKind::PropertyName { prop } => {
            found.push(format!("*{prop}"));
            return;
        }
        _ => {}
    }
    if error.causes.is_empty() {
        found.push(at);
    }
    for cause in &error.causes {
        error_paths(cause, found);
    }
}

/// Whether one of the schema's `flagged` paths is the parser's `path`.
fn same_place(flagged: &[String], path: &str) -> bool {
    flagged.iter().any(|at| match at.strip_prefix('*') {
        Some(key) => path == key || path.ends_with(&format!(".{key}")),
        None => at == path,
    })
}

struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load() -> Self {
        let schema = json(&dist().join("config.schema.json"));
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource("config.schema.json", schema).unwrap();
        let index = compiler
            .compile("config.schema.json", &mut schemas)
            .unwrap();
        Self { schemas, index }
    }

    /// `None` when `config` is valid, else the key paths it points at.
    fn check(&self, config: &Value) -> Option<Vec<String>> {
        match self.schemas.validate(config, self.index) {
            Ok(()) => None,
            Err(error) => {
                let mut paths = Vec::new();
                error_paths(&error, &mut paths);
                Some(paths)
            }
        }
    }
}

#[test]
fn every_shipped_and_documented_config_passes_both_the_schema_and_the_parser() {
    let schema = Schema::load();
    let mut configs = vec![
        root().join("config.json"),
        root().join("examples/config-technician.json"),
        root().join("examples/config-tailored.json"),
        root().join("examples/config-services.json"),
    ];
    configs.extend(
        std::fs::read_dir(root().join("tests/configs"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    for path in configs {
        let config = json(&path);
        assert_eq!(schema.check(&config), None, "{}", path.display());
        assert!(
            FormConfig::from_value(&config).is_ok(),
            "{}",
            path.display()
        );
    }
    // The schema's own address is a key editors use: both accept it.
    let pointed = serde_json::json!({"$schema": "./config.schema.json"});
    assert_eq!(schema.check(&pointed), None);
    assert!(FormConfig::from_value(&pointed).is_ok());
}

#[test]
fn each_bad_config_is_rejected_by_both_at_the_same_key_path() {
    let schema = Schema::load();
    let cases = json(&root().join("tests/config_cases.json"));
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let config = &case["config"];
        let path = case["path"].as_str().unwrap();
        let parsed = FormConfig::from_value(config).err();
        assert_eq!(
            parsed.map(|error| error.path).as_deref(),
            Some(path),
            "parser on {config}"
        );
        let flagged = schema
            .check(config)
            .unwrap_or_else(|| panic!("the schema accepts {config}"));
        assert!(
            same_place(&flagged, path),
            "the schema flags {flagged:?} for {config}, the parser {path}"
        );
    }
}

#[test]
fn the_types_check_an_example_host_page_under_strict_typescript() {
    let tsc = root().join("node_modules/.bin/tsc");
    let output = Command::new(&tsc)
        .args(["-p", "tests/types"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|error| panic!("{}: {error} (npm ci installs it)", tsc.display()));
    assert!(
        output.status.success(),
        "tsc --strict:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let strict = json(&root().join("tests/types/tsconfig.json"));
    assert_eq!(strict["compilerOptions"]["strict"], true);
    assert_eq!(strict["compilerOptions"]["noEmit"], true);
    // What was checked is what ships.
    assert_eq!(
        std::fs::read(root().join("src/js/support-request-form.d.ts")).unwrap(),
        std::fs::read(dist().join("support-request-form.d.ts")).unwrap()
    );
}

#[test]
fn npm_pack_makes_a_package_of_the_element_and_its_kit() {
    let package = json(&dist().join("package.json"));
    assert_eq!(package["name"], "support-request-form");
    assert_eq!(package["version"], support_request_form::VERSION);
    assert_eq!(package["type"], "module");
    assert_eq!(package["types"], "./support-request-form.d.ts");
    assert_eq!(package["customElements"], "./custom-elements.json");
    assert_eq!(
        package["exports"]["."]["default"],
        "./support-request-form.js"
    );
    assert_eq!(
        package["exports"]["./support-request-form.css"],
        "./support-request-form.css"
    );
    assert_eq!(
        package["sideEffects"],
        serde_json::json!(["./support-request-form.js"])
    );

    let output = Command::new("npm")
        .args(["pack", "--dry-run", "--json", "--ignore-scripts"])
        .current_dir(dist())
        .output()
        .expect("npm runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let packed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut files: Vec<String> = packed[0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap().to_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = [
        "LICENSE",
        "config.schema.json",
        "custom-elements.json",
        "package.json",
        "support-request-form-app.css",
        "support-request-form-wasm_bg.wasm",
        "support-request-form.css",
        "support-request-form.d.ts",
        "support-request-form.js",
    ]
    .map(String::from)
    .to_vec();
    for entry in std::fs::read_dir(root().join("locales")).unwrap().flatten() {
        expected.push(format!("locales/{}", entry.file_name().to_string_lossy()));
    }
    let chunks: Vec<String> = std::fs::read_dir(dist())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
        })
        .collect();
    assert!(
        chunks.contains(&"split_app.wasm".to_owned()) && chunks.len() >= 3,
        "the app, the rules and what they share: {chunks:?}"
    );
    expected.extend(chunks);
    expected.push("support-request-form-hold.js".to_owned());
    expected.sort();
    assert_eq!(
        files, expected,
        "the portal page, demo config and examples stay out"
    );
}
