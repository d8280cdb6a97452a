//! Prerendered first screens: the portal's page (`cargo xtask dist` writes
//! the sign-in into `dist/index.html`) and an embedder's snippet (`cargo
//! xtask snippet`: the element with a declarative shadow root holding the
//! form). Both are painted by the crate's own first-screen markup
//! (`support_request_form::painting`) and carry its stamp.

use std::path::Path;

use support_request_form::painting::html::escape;
use support_request_form::painting::prerender::{
    prerender, Prerendered, SnippetOptions, Source, Which,
};

use crate::{root, Failure, Outcome};

/// Where the portal's page takes its prerendered first screen.
const MARKER: &str = "<!-- prerendered first screen -->";

/// A shipped catalog's text.
fn shipped_catalog(tag: &str) -> Option<String> {
    std::fs::read_to_string(root().join("locales").join(format!("{tag}.json"))).ok()
}

/// Writes the portal's sign-in into `dist/index.html`, from the
/// `config.json` beside it.
pub fn portal(dist: &Path) -> Outcome {
    let fail = |what: &str, error: std::io::Error| Failure(format!("prerendering {what}: {error}"));
    let page = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|error| fail("dist/index.html", error))?;
    let config = std::fs::read_to_string(dist.join("config.json"))
        .map_err(|error| fail("dist/config.json", error))?;
    let first = prerender(&Source {
        config: Some(&config),
        locale: None,
        theme: None,
        which: Which::SignIn,
        catalog: &shipped_catalog,
    })
    .map_err(|problem| Failure(format!("prerendering the portal: {problem}")))?;
    let page = portal_page(&page, &first)
        .ok_or_else(|| Failure(format!("index.html has no `{MARKER}`")))?;
    std::fs::write(dist.join("index.html"), page).map_err(|error| fail("dist/index.html", error))
}

/// `page` with `first` in place of the marker, in its language.
fn portal_page(page: &str, first: &Prerendered) -> Option<String> {
    if !page.contains(MARKER) {
        return None;
    }
    let page = page.replacen(MARKER, &first.html, 1);
    Some(page.replacen(
        "<html lang=\"en\">",
        &format!("<html lang=\"{}\">", escape(&first.lang, true)),
        1,
    ))
}

/// What `cargo xtask snippet` is asked for: the configuration file
/// (`--config`, else the bundle's `config.json`) and the snippet's options.
#[derive(Debug, Default, PartialEq)]
pub struct SnippetArgs {
    pub config: Option<String>,
    pub options: SnippetOptions,
}

impl SnippetArgs {
    pub fn parse(args: &[String]) -> Result<Self, Failure> {
        let mut parsed = Self::default();
        parsed.options.base = "./".to_owned();
        let options = &mut parsed.options;
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            if flag == "--sign-in" {
                options.sign_in = true;
                continue;
            }
            let value = rest
                .next()
                .cloned()
                .ok_or_else(|| Failure(format!("snippet: {flag} needs a value")))?;
            match flag.as_str() {
                "--config" => parsed.config = Some(value),
                "--config-src" => options.config_src = Some(value),
                "--locale" => options.locale = Some(value),
                "--theme" => options.theme = Some(value),
                "--base" => options.base = value,
                "--server-url" => options.server_url = Some(value),
                other => return Err(Failure(format!("snippet: unknown option {other}"))),
            }
        }
        if !options.base.ends_with('/') {
            options.base.push('/');
        }
        Ok(parsed)
    }
}

/// The HTML to paste into a page: preload lines, the module, the hold
/// script, and the element with its prerendered shadow root.
pub fn snippet(args: &SnippetArgs) -> Result<String, Failure> {
    let file = args
        .config
        .as_ref()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("config.json"));
    let text = std::fs::read_to_string(&file)
        .map_err(|error| Failure(format!("snippet: reading {}: {error}", file.display())))?;
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.json".to_owned());
    args.options
        .write(&text, &name, &shipped_catalog)
        .map_err(|problem| Failure(format!("snippet: {problem}")))
}

pub fn print_snippet(args: &[String]) -> Outcome {
    let args = SnippetArgs::parse(args)?;
    print!("{}", snippet(&args)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn the_snippet_options_are_read_and_the_base_ends_with_a_slash() {
        let parsed = SnippetArgs::parse(&args(&[
            "--base",
            "https://cdn.example/srf",
            "--locale",
            "de",
            "--sign-in",
            "--server-url",
            "https://desk.example",
        ]))
        .unwrap_or_default();
        assert_eq!(parsed.options.base, "https://cdn.example/srf/");
        assert_eq!(parsed.options.locale.as_deref(), Some("de"));
        assert_eq!(
            parsed.options.server_url.as_deref(),
            Some("https://desk.example")
        );
        assert!(parsed.options.sign_in);
        assert!(SnippetArgs::parse(&args(&["--theme"])).is_err());
        assert!(SnippetArgs::parse(&args(&["--color", "red"])).is_err());
    }

    #[test]
    fn the_snippet_holds_the_element_its_shadow_root_and_the_bundles_files() {
        let parsed = SnippetArgs::parse(&args(&[
            "--base",
            "https://cdn.example/srf/",
            "--server-url",
            "https://desk.example",
        ]))
        .unwrap_or_default();
        let html = snippet(&parsed).unwrap_or_else(|Failure(problem)| problem);
        assert!(html.contains(r#"<script type="module" src="https://cdn.example/srf/support-request-form.js"></script>"#));
        assert!(html.contains(
            r#"<script async src="https://cdn.example/srf/support-request-form-hold.js"></script>"#
        ));
        assert!(html.contains(r#"<support-request-form server-url="https://desk.example" config-src="https://cdn.example/srf/config.json"><template shadowrootmode="open">"#));
        assert!(html.contains(r#"data-screen="form""#));
        assert!(html.contains("data-stamp="));
        assert!(html.contains("<noscript>"));
        // Strict CSP: no inline script or style.
        assert!(!html.contains("style="));
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("></script>").count(), 2);
    }

    #[test]
    fn the_portal_page_takes_the_sign_in_in_its_language() {
        let first = Prerendered {
            html: "<div>x</div>".to_owned(),
            stamp: "1".to_owned(),
            lang: "de".to_owned(),
        };
        let page = "<html lang=\"en\"><main>{MARKER}</main></html>".replace("{MARKER}", MARKER);
        assert_eq!(
            portal_page(&page, &first).as_deref(),
            Some("<html lang=\"de\"><main><div>x</div></main></html>")
        );
        assert_eq!(portal_page("<main></main>", &first), None);
    }
}
