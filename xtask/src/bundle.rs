//! The release bundle in `dist/`. The static files (the portal page,
//! styles, examples, catalogs) are laid out here from `index.html`'s
//! `data-trunk` links, so the release needs no trunk (trunk is the
//! development loop: `cargo xtask dev`); the wasm goes through its own
//! pipeline, because trunk cannot split it (trunk-rs/trunk#1022):
//!
//! 1. cargo builds the library with relocations and the `split` feature,
//!    and the exports the form never uses are dropped;
//! 2. `wasm-split-cli` cuts the app (the Leptos form) off the main module,
//!    which keeps only what the first screen needs;
//! 3. wasm-bindgen makes the glue for the main module;
//! 4. wasm-opt shrinks each module;
//! 5. esbuild bundles the loader, the glue and the split loader into one
//!    minified `support-request-form.js`.

use std::path::{Path, PathBuf};

use crate::{command, root, run, run_with, Failure, Outcome};

/// The glue's name: `__wasm_split.js` imports it by this name, so it is set
/// at every step and never renamed afterwards.
const OUT_NAME: &str = "support-request-form-wasm";

fn fail(what: &str) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |error| Failure(format!("dist: {what}: {error}"))
}

fn fresh_dir(dir: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(fail("a build folder"))
}

/// The files in `dir` whose names end with `suffix`.
fn files_ending(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, Failure> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(fail("reading a build folder"))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    found.sort();
    Ok(found)
}

fn wasm_pipeline(dist: &Path) -> Outcome {
    let build = root().join("target/split");
    let mut cargo = command(
        "cargo",
        &[
            "build",
            "--release",
            "--locked",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "split",
            "--target-dir",
            "target/split",
        ],
    );
    // The splitter needs the relocations; a target folder of its own keeps
    // these flags from invalidating every other build. The source paths a
    // panic names lose the machine's folders: the bundle is the same bytes
    // on every machine, and a little smaller.
    let sources = crate::cargo_home().unwrap_or_default().join("registry/src");
    let registries = std::fs::read_dir(&sources).into_iter().flatten().flatten();
    let mut flags = vec![
        "-Clink-args=--emit-relocs".to_owned(),
        format!("--remap-path-prefix={}=", root().display()),
    ];
    flags
        .extend(registries.map(|index| format!("--remap-path-prefix={}=", index.path().display())));
    cargo.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    run_with(cargo)?;
    let raw = build.join("wasm32-unknown-unknown/release/support_request_form.wasm");
    let raw = without_browser_streams(&raw, &build)?;
    let parts = build.join("parts");
    let glue = build.join("glue");
    fresh_dir(&parts)?;
    fresh_dir(&glue)?;
    run(
        "wasm-split-cli",
        &[
            "--target",
            "web",
            "--out-name",
            OUT_NAME,
            &raw.to_string_lossy(),
            &parts.to_string_lossy(),
        ],
    )?;
    run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            OUT_NAME,
            "--out-dir",
            &glue.to_string_lossy(),
            &parts.join(format!("{OUT_NAME}.wasm")).to_string_lossy(),
        ],
    )?;
    std::fs::copy(parts.join("__wasm_split.js"), glue.join("__wasm_split.js"))
        .map_err(fail("__wasm_split.js"))?;
    shorten_imports(&glue)?;
    // Each module shrunk on its own (binaryen 132 from npm, never Debian's).
    let mut modules = vec![glue.join(format!("{OUT_NAME}_bg.wasm"))];
    for suffix in [".wasm"] {
        for part in files_ending(&parts, suffix)? {
            let name = part.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.as_deref() != Some(&format!("{OUT_NAME}.wasm")) {
                modules.push(part);
            }
        }
    }
    for module in &modules {
        let name = module
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (module, out) = (module.to_string_lossy(), dist.join(&name));
        let out = out.to_string_lossy();
        let mut flags = vec![
            "-Oz",
            // Read by no browser.
            "--strip-producers",
            "--strip-target-features",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-reference-types",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            &module,
            "-o",
            &out,
        ];
        // Again until nothing changes (a second pass finds more), except
        // for the app's chunk, where it costs a minute of build for 1.5 KB
        // of the 250 KB. Functions that differ only in constants merged
        // (generics), and addresses folded knowing that the lowest 1 KB of
        // memory is never used (the stack's far end): 400 B of the first
        // screen.
        if name != "split_app.wasm" {
            flags.splice(
                1..1,
                [
                    "--converge",
                    "--merge-similar-functions",
                    "--low-memory-unused",
                ],
            );
        }
        run("wasm-opt", &flags)?;
    }
    // One module for the page to load: the loader with the glue and the
    // split loader inside (esbuild keeps `import.meta.url`, so every part
    // is still found next to this file, at any path and on any origin).
    std::fs::copy(
        root().join("src/js/support-request-form.js"),
        glue.join("support-request-form.js"),
    )
    .map_err(fail("the loader"))?;
    run(
        "esbuild",
        &[
            &glue.join("support-request-form.js").to_string_lossy(),
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2022",
            "--legal-comments=none",
            &format!(
                "--outfile={}",
                dist.join("support-request-form.js").to_string_lossy()
            ),
        ],
    )
}

/// `raw` without the exports of wasm-streams' classes (`IntoUnderlying*`),
/// written next to it. Leptos always turns on server_fn's browser streams,
/// whose exported classes would keep their code on the first screen; the
/// form never makes a server function's stream. Dropped before the split:
/// dropped after it, the futures their methods return stayed in the main
/// module, reached through the function table (4 KB of the first screen).
fn without_browser_streams(raw: &Path, build: &Path) -> Result<PathBuf, Failure> {
    let wasm = std::fs::read(raw).map_err(fail("the linked module"))?;
    let (wasm, _) = crate::short_imports::drop_exports(&wasm, "intounderlying")
        .map_err(|problem| Failure(format!("dropping unused exports: {problem}")))?;
    let out = build.join("without-streams.wasm");
    std::fs::write(&out, wasm).map_err(fail("the linked module"))?;
    Ok(out)
}

/// Gives the main module's imports from its glue short names, in both.
fn shorten_imports(glue: &Path) -> Outcome {
    let wasm_path = glue.join(format!("{OUT_NAME}_bg.wasm"));
    let js_path = glue.join(format!("{OUT_NAME}.js"));
    let wasm = std::fs::read(&wasm_path).map_err(fail("the main module"))?;
    let js = std::fs::read_to_string(&js_path).map_err(fail("the glue"))?;
    let module = format!("./{OUT_NAME}_bg.js");
    let (wasm, js) = crate::short_imports::shorten(&wasm, &js, &module)
        .map_err(|problem| Failure(format!("shortening the imports: {problem}")))?;
    std::fs::write(&wasm_path, wasm).map_err(fail("the main module"))?;
    std::fs::write(&js_path, js).map_err(fail("the glue"))
}

/// What `npm pack dist` puts in the package: the element and its parts,
/// the kit for embedders and admins (types, manifest, schema), the license.
pub const PACKAGE_FILES: [&str; 12] = [
    "support-request-form.js",
    // Holds Submit in a prerendered form until the script has arrived.
    "support-request-form-hold.js",
    "support-request-form-wasm_bg.wasm",
    // The app's and the rules' chunks, and the code they share.
    "split_*.wasm",
    "chunk_*.wasm",
    "support-request-form.css",
    // What only the app shows (the ticket card, the image editor).
    "support-request-form-app.css",
    "locales/",
    "support-request-form.d.ts",
    "custom-elements.json",
    "config.schema.json",
    "LICENSE",
];

/// `dist/package.json`: the bundle as an npm package a team can vendor or
/// publish to a private registry.
pub fn package_json() -> serde_json::Value {
    serde_json::json!({
        "name": "support-request-form",
        "version": support_request_form::VERSION,
        "description": "An embeddable support-request form for ServiceOps service desks: the <support-request-form> custom element and mount() (Rust + Leptos, WebAssembly).",
        "license": "MIT",
        "type": "module",
        "main": "./support-request-form.js",
        "types": "./support-request-form.d.ts",
        "exports": {
            ".": {
                "types": "./support-request-form.d.ts",
                "default": "./support-request-form.js"
            },
            "./support-request-form.css": "./support-request-form.css",
            "./support-request-form-app.css": "./support-request-form-app.css",
            "./config.schema.json": "./config.schema.json",
            "./custom-elements.json": "./custom-elements.json",
            "./package.json": "./package.json"
        },
        "customElements": "./custom-elements.json",
        "files": PACKAGE_FILES,
        // Importing the module registers the element.
        "sideEffects": ["./support-request-form.js"],
        "keywords": ["web-component", "custom-element", "service-desk", "support", "servicedesk", "webassembly"]
    })
}

/// The kit beside the bundle: types, manifest, schema, license, package.
fn kit(dist: &Path) -> Outcome {
    for (from, to) in [
        (
            "src/js/support-request-form.d.ts",
            "support-request-form.d.ts",
        ),
        ("src/js/custom-elements.json", "custom-elements.json"),
        ("src/config.schema.json", "config.schema.json"),
        ("LICENSE", "LICENSE"),
    ] {
        std::fs::copy(root().join(from), dist.join(to)).map_err(fail(from))?;
    }
    let text = serde_json::to_string_pretty(&package_json()).unwrap_or_default();
    std::fs::write(dist.join("package.json"), text + "\n").map_err(fail("package.json"))
}

/// What one `<link data-trunk …>` line of index.html asks for.
#[derive(Debug, PartialEq)]
enum TrunkLink {
    /// A stylesheet, linked from the page by its file name.
    Css(String),
    /// A file or a folder copied next to the page (a folder keeps its
    /// last name: `examples/pages` → `pages/`).
    Copy(String),
    /// The wasm (built by the pipeline below) or anything else: no line
    /// in the page.
    Other,
}

fn trunk_link(line: &str) -> Option<TrunkLink> {
    if !line.contains("data-trunk") {
        return None;
    }
    let attribute = |name: &str| {
        let marker = format!("{name}=\"");
        let start = line.find(&marker)? + marker.len();
        let length = line.get(start..)?.find('"')?;
        line.get(start..start + length).map(str::to_owned)
    };
    Some(match (attribute("rel").as_deref(), attribute("href")) {
        (Some("css"), Some(href)) => TrunkLink::Css(href),
        (Some("copy-file" | "copy-dir"), Some(href)) => TrunkLink::Copy(href),
        _ => TrunkLink::Other,
    })
}

fn last_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The page as the release serves it: each `data-trunk` stylesheet
/// becomes a plain `<link rel="stylesheet">`; the other `data-trunk`
/// lines go. Returns it with the files and folders to copy beside it.
fn release_page(source: &str) -> (String, Vec<String>) {
    let mut page = String::new();
    let mut copies = Vec::new();
    for line in source.lines() {
        match trunk_link(line) {
            None => page.push_str(line),
            Some(TrunkLink::Css(href)) => {
                let indent = line
                    .get(..line.len() - line.trim_start().len())
                    .unwrap_or("");
                page.push_str(&format!(
                    "{indent}<link rel=\"stylesheet\" href=\"./{}\" />",
                    last_name(&href)
                ));
                copies.push(href);
            }
            Some(TrunkLink::Copy(href)) => {
                copies.push(href);
                continue;
            }
            Some(TrunkLink::Other) => continue,
        }
        page.push('\n');
    }
    (page, copies)
}

fn copy_tree(from: &Path, to: &Path) -> Outcome {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(fail("a folder of the bundle"))?;
        for entry in std::fs::read_dir(from)
            .map_err(fail("a folder of the bundle"))?
            .flatten()
        {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(drop)
            .map_err(|error| Failure(format!("dist: copying {}: {error}", from.display())))
    }
}

/// `dist/index.html` and the files its `data-trunk` links name.
fn lay_out_files(dist: &Path) -> Outcome {
    fresh_dir(dist)?;
    let source = std::fs::read_to_string(root().join("index.html")).map_err(fail("index.html"))?;
    let (page, copies) = release_page(&source);
    std::fs::write(dist.join("index.html"), page).map_err(fail("dist/index.html"))?;
    for copy in copies {
        copy_tree(&root().join(&copy), &dist.join(last_name(&copy)))?;
    }
    Ok(())
}

/// Minifies the stylesheets at the top of `dist/` in place (comments and
/// spacing are bytes on the first screen).
fn minify_stylesheets(dist: &Path) -> Outcome {
    let sheets = std::fs::read_dir(dist).map_err(fail("dist/"))?.flatten();
    for sheet in sheets.filter(|entry| entry.path().extension().is_some_and(|ext| ext == "css")) {
        let path = sheet.path().to_string_lossy().into_owned();
        run(
            "esbuild",
            &[
                &path,
                "--minify",
                "--legal-comments=none",
                "--allow-overwrite",
                &format!("--outfile={path}"),
            ],
        )?;
    }
    Ok(())
}

/// Builds the release bundle into `dist/`.
pub fn dist() -> Outcome {
    run("cargo", &["fetch", "--locked"])?;
    let dist = root().join("dist");
    lay_out_files(&dist)?;
    crate::prerender::portal(&dist)?;
    minify_stylesheets(&dist)?;
    wasm_pipeline(&dist)?;
    kit(&dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_page_links_the_stylesheets_and_drops_the_trunk_lines() {
        let source = r#"<head>
    <link data-trunk rel="css" href="style/portal.css" />
    <link data-trunk rel="copy-file" href="src/js/portal.js" />
    <link data-trunk rel="copy-dir" href="examples/pages" />
    <link data-trunk rel="rust" data-target-name="support_request_form" />
    <link rel="modulepreload" href="support-request-form.js" />
</head>"#;
        let (page, copies) = release_page(source);
        assert_eq!(
            page,
            r#"<head>
    <link rel="stylesheet" href="./portal.css" />
    <link rel="modulepreload" href="support-request-form.js" />
</head>
"#
        );
        assert_eq!(
            copies,
            ["style/portal.css", "src/js/portal.js", "examples/pages"]
        );
        assert_eq!(last_name("examples/pages"), "pages");
    }
}
