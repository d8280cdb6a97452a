//! The embedder's snippet written in the browser, for the playground's
//! *Copy snippet*: the same prerender as `cargo xtask snippet`, from the
//! configuration being edited. It runs in the app's chunk, so the first
//! screen does not carry it.

use wasm_bindgen::{JsCast, JsValue};

use crate::api::http;
use crate::browser::words::bundle_file;
use crate::model::config::FormConfig;
use crate::painting::prerender::{language, snippet, SnippetOptions};

/// Where the element reads its configuration, beside the bundle.
const CONFIG: &str = "config.json";

/// `{base, locale, theme, serverUrl, configSrc, signIn}`, the base by
/// default this bundle's folder.
fn read_options(options: &JsValue) -> SnippetOptions {
    let text = |name: &str| {
        js_sys::Reflect::get(options, &name.into())
            .ok()
            .and_then(|value| value.as_string())
            .filter(|value| !value.trim().is_empty())
    };
    let mut base = text("base").unwrap_or_else(|| bundle_file(""));
    if !base.ends_with('/') {
        base.push('/');
    }
    SnippetOptions {
        base,
        locale: text("locale"),
        theme: text("theme"),
        server_url: text("serverUrl"),
        config_src: text("configSrc"),
        sign_in: js_sys::Reflect::get(options, &"signIn".into())
            .is_ok_and(|value| value.is_truthy()),
    }
}

/// Answers `request` (`{config, options, resolve, reject}`, made by the
/// loader's `snippet`): calls `resolve` with the snippet for the
/// configuration `config` (JSON text), else `reject` with why there is
/// none.
pub fn answer(request: JsValue) {
    let config = js_sys::Reflect::get(&request, &"config".into())
        .ok()
        .and_then(|config| config.as_string())
        .unwrap_or_default();
    let options = js_sys::Reflect::get(&request, &"options".into()).unwrap_or_default();
    let options = read_options(&options);
    wasm_bindgen_futures::spawn_local(
        async move { settle(&request, write(config, options).await) },
    );
}

/// Calls `request`'s `resolve` with the snippet, or its `reject` with why
/// there is none.
fn settle(request: &JsValue, written: Result<String, String>) {
    let (name, said) = match written {
        Ok(html) => ("resolve", html),
        Err(why) => ("reject", why),
    };
    if let Ok(callback) = js_sys::Reflect::get(request, &name.into())
        .and_then(|callback| callback.dyn_into::<js_sys::Function>())
    {
        let _ = callback.call1(&JsValue::NULL, &JsValue::from_str(&said));
    }
}

/// The snippet for the configuration `config` (JSON text) with `options`:
/// the element reads its configuration from `configSrc` (else
/// `config.json` at `base`), where the embedder puts it.
async fn write(config: String, options: SnippetOptions) -> Result<String, String> {
    let value = FormConfig::json(&config).map_err(|_| "the configuration is not valid JSON")?;
    let read = FormConfig::from_value(&value)
        .map_err(|error| format!("the configuration is not valid at `{}`", error.path))?;
    // Services open on their list, which comes with the app: the element
    // is given without a first screen, and works as always.
    if !options.sign_in && !read.services.is_empty() {
        return Ok(snippet(&options, CONFIG, None));
    }
    // The one catalog the prerender reads, fetched from the bundle first.
    let chosen = language(options.locale.as_deref(), &read);
    let catalog = if chosen == "en" {
        None
    } else {
        let url = bundle_file(&format!("locales/{chosen}.json"));
        Some(
            http::fetch_text(&url)
                .await
                .map_err(|_| format!("the catalog {url} could not be fetched"))?,
        )
    };
    options.write(&config, CONFIG, &|_| catalog.clone())
}
