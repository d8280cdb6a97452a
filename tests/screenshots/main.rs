//! The README's pictures, made from the release bundle against the sandbox
//! in headless Chromium: `cargo xtask screenshots` writes them to `docs/`.
//! They are made by this program, never edited by hand.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// The pictures use part of the end-to-end harness they share.
#![allow(dead_code)]

#[path = "../e2e/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::path::PathBuf;

use fantoccini::Locator;
use harness::{config_file, png_file, Portal};

const WIDTH: u32 = 1000;

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// Saves a picture of what `css` selects (the page's form, the playground).
async fn save(page: &Portal, css: &str, name: &str) {
    // Tall enough for the whole element: an element's picture is cut at
    // the window's edge.
    page.browser.set_window_size(WIDTH, 2400).await.unwrap();
    let element = page.browser.find(Locator::Css(css)).await.unwrap();
    let png = element.screenshot().await.unwrap();
    let path = docs().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    println!("wrote {}", path.display());
}

/// A language's texts, by key (its labels are what the form shows).
fn words(language: &str) -> BTreeMap<String, String> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{language}.json"));
    let catalog: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    catalog
        .into_iter()
        .filter_map(|(key, text)| Some((key, text.as_str()?.to_owned())))
        .collect()
}

async fn portal(config: Option<&str>, options: sandbox::Options) -> Portal {
    let options = sandbox::Options {
        form_config: config.map(config_file),
        ..options
    };
    let page = Portal::open_with(options).await;
    page.browser.set_window_size(WIDTH, 2400).await.unwrap();
    page
}

async fn signed_in(page: &Portal, email: &str, password: &str) {
    page.sign_in(email, password).await;
    page.field("Subject").await;
    // The app, not the first screen (no focus ring on a half-loaded form).
    page.wait_until(
        "return !document.querySelector('.srf-first') && !!document.querySelector('.srf-form-root')",
        "the app",
    )
    .await;
}

#[tokio::test]
async fn the_readmes_pictures() {
    std::fs::create_dir_all(docs()).unwrap();

    // The portal: sign-in, the empty form, its errors.
    let page = portal(None, sandbox::Options::default()).await;
    page.field("Email").await;
    save(&page, "main", "portal-sign-in").await;
    signed_in(&page, "demo@example.com", "demo").await;
    save(&page, "main", "form-empty").await;
    page.click("Submit request").await;
    page.wait_for_text(".srf-summary", |text| !text.is_empty())
        .await;
    save(&page, "main", "form-errors").await;

    // The ticket card with a comment, and My recent requests.
    page.fill("Subject", "The printer on floor 3 jams").await;
    page.fill("Description", "Tray 2 jams on every second page.")
        .await;
    page.click("Submit request").await;
    page.ticket_number().await;
    page.fill("Comment", "It also shows error E-52.").await;
    page.click("Add to the request").await;
    page.wait_for_text(".srf-comment-text", |text| text.contains("E-52"))
        .await;
    page.wait_for_text(".srf-request-open", |text| text.contains("printer"))
        .await;
    page.browser
        .execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
    save(&page, "main", "ticket-card").await;
    page.close().await;

    // Hide parts of the image: a screenshot of the form itself, pasted,
    // with a box added from the keyboard and moved over the email.
    let page = portal(None, sandbox::Options::default()).await;
    signed_in(&page, "demo@example.com", "demo").await;
    page.fill("Subject", "VPN drops every ten minutes").await;
    page.browser.set_window_size(WIDTH, 700).await.unwrap();
    let shot = page.browser.screenshot().await.unwrap();
    let subject = page.field("Subject").await;
    page.dispatch_paste(
        &subject,
        &format!(
            "data.items.add(new File([new Uint8Array({})], 'image.png', {{type: 'image/png'}}));",
            serde_json::json!(shot)
        ),
    )
    .await;
    page.wait_until(
        "const dialog = document.querySelector('dialog.srf-review');
         return dialog && dialog.open && dialog.querySelector('img').naturalWidth > 0;",
        "the editor",
    )
    .await;
    page.click("Add box").await;
    let key = |key: fantoccini::key::Key| char::from(key).to_string();
    let (down, left) = (
        key(fantoccini::key::Key::Down),
        key(fantoccini::key::Key::Left),
    );
    let active = page.browser.active_element().await.unwrap();
    for _ in 0..24 {
        active.send_keys(&down).await.unwrap();
    }
    for _ in 0..12 {
        active.send_keys(&left).await.unwrap();
    }
    page.browser.set_window_size(WIDTH, 900).await.unwrap();
    let dialog = page
        .browser
        .find(Locator::Css("dialog.srf-review"))
        .await
        .unwrap();
    std::fs::write(
        docs().join("image-editor.png"),
        dialog.screenshot().await.unwrap(),
    )
    .unwrap();
    println!("wrote docs/image-editor.png");
    page.close().await;

    // Uploads in progress, on a slow link.
    let page = portal(
        None,
        sandbox::Options {
            upload_bytes_per_sec: Some(150_000),
            ..sandbox::Options::default()
        },
    )
    .await;
    signed_in(&page, "demo@example.com", "demo").await;
    page.fill("Subject", "Screenshots of the error").await;
    let pictures = [
        png_file("error-dialog.png", 3_000_000),
        png_file("settings.png", 2_000_000),
    ];
    let list: Vec<String> = pictures
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    page.field("Attachments")
        .await
        .send_keys(&list.join("\n"))
        .await
        .unwrap();
    page.wait_until(
        "return [...document.querySelectorAll('.srf-progress')].some(p => p.value >= 20)",
        "uploads under way",
    )
    .await;
    save(&page, "main", "uploads").await;
    page.close().await;

    // The technician preset, dark theme, Arabic.
    let page = portal(
        Some("examples/config-technician.json"),
        sandbox::Options::default(),
    )
    .await;
    signed_in(&page, "tech@example.com", "tech").await;
    save(&page, "main", "technician").await;
    page.close().await;
    for (name, config) in [
        (
            "dark",
            r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "theme": "dark"}"#,
        ),
        (
            "arabic",
            r#"{"clientId": "support-portal", "clientSecret": "portal-secret", "locale": "ar"}"#,
        ),
    ] {
        let page = portal(Some(config), sandbox::Options::default()).await;
        page.wait_until(
            "return !!document.querySelector('.srf-root input')",
            "the sign-in",
        )
        .await;
        let words = words(if name == "arabic" { "ar" } else { "en" });
        page.fill(&words["signIn.email"], "demo@example.com").await;
        page.fill(&words["signIn.password"], "demo").await;
        page.click(&words["signIn.submit"]).await;
        page.wait_until(
            "return !document.querySelector('.srf-first') && !!document.querySelector('.srf-form-root')",
            "the app",
        )
        .await;
        save(&page, "main", name).await;
        page.close().await;
    }

    // The playground.
    let page = Portal::open_at(sandbox::Options::default(), "/pages/playground.html").await;
    page.browser.set_window_size(1400, 1200).await.unwrap();
    page.wait_until(
        "return document.getElementById('config').value.includes('clientId')",
        "the editor",
    )
    .await;
    page.shadow_form("#preview").await.field("Email").await;
    save(&page, "body", "playground").await;
    page.close().await;

    // The services example: "What do you need help with?".
    let page = portal(
        Some("examples/config-services.json"),
        sandbox::Options::default(),
    )
    .await;
    page.sign_in("demo@example.com", "demo").await;
    page.wait_for_text(".srf-service-label", |text| text == "Something else")
        .await;
    save(&page, "main", "services").await;
    page.close().await;
}
