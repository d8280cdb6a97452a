//! The phone-on-a-slow-network benchmark: the release bundle served with
//! brotli, headless Chromium under the mobile profile (CPU slowed 4×,
//! 150 ms latency, 1.6 Mbit/s down). For each page, alternating runs in a
//! fresh browser: the time until the first input (Subject, or Email on the
//! portal's sign-in) is visible and enabled, and the bytes transferred by
//! then; the bundle's bytes, split into what was needed before that moment
//! and what loads later; and the time to handle each keystroke while
//! typing 5,000 characters into Description. Prints one table and writes
//! `target/bench.json` (and Lighthouse's reports in `target/lighthouse`). Run by `cargo xtask bench` (a few minutes).
//! `BENCH_RUNS` overrides the 15 runs per page; `BENCH_SKIP=typing,lighthouse`
//! leaves those parts out.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// The bench uses part of the end-to-end harness it shares.
#![allow(dead_code)]

#[path = "../e2e/harness.rs"]
mod harness;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;
use harness::{cdp, snippet, start_browser, token_for};
use serde_json::{json, Value};

/// Lighthouse's mobile profile, as the issue measured it.
const CPU_SLOWDOWN: u32 = 4;
const LATENCY_MS: u32 = 150;
const DOWN_BYTES_PER_SEC: u32 = 1_600_000 / 8;
const UP_BYTES_PER_SEC: u32 = 750_000 / 8;
const KEYSTROKES: usize = 5_000;

/// Runs in every page before its own scripts: waits for the first input
/// labelled `window.__probeLabel` to be visible and enabled (in the page or
/// in a form's shadow root) and for the frame that shows it, then notes the
/// time and the bytes transferred so far; and times each keystroke's handling (from the input event until
/// its handlers and their microtasks are done).
const PROBE: &str = r#"(() => {
  const roots = () => [document, ...[...document.querySelectorAll('support-request-form')].map(e => e.shadowRoot).filter(Boolean)];
  const find = (label) => {
    for (const root of roots()) {
      for (const element of root.querySelectorAll('label')) {
        if (element.textContent.trim().startsWith(label)) {
          const input = root.getElementById ? root.getElementById(element.htmlFor) : root.querySelector('#' + CSS.escape(element.htmlFor));
          if (input) return input;
        }
      }
    }
    return null;
  };
  const check = () => {
    const input = find(window.__probeLabel || 'Subject');
    if (input && !input.disabled && input.checkVisibility()) {
      // On screen: the next frame, which a stylesheet still on its way
      // holds back, as it holds back the person's first sight of it.
      requestAnimationFrame(() => {
        const at = performance.now();
        // The page itself always counts; other files if they had arrived.
        const entries = [...performance.getEntriesByType('navigation'),
          ...performance.getEntriesByType('resource').filter(entry => entry.responseEnd > 0 && entry.responseEnd <= at)];
        window.__usable = {at, bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
                           files: entries.map(entry => new URL(entry.name).pathname)};
      });
      return;
    }
    setTimeout(check, 10);
  };
  check();
  window.__keys = [];
  const channel = new MessageChannel();
  let started = [];
  channel.port1.onmessage = () => { const end = performance.now(); for (const start of started) window.__keys.push(end - start); started = []; };
  addEventListener('input', () => { started.push(performance.now()); channel.port2.postMessage(0); }, true);
})();"#;

struct Page {
    name: &'static str,
    path: &'static str,
    label: &'static str,
    /// A signed-in session put in sessionStorage before the page runs.
    signed_in: bool,
}

const PAGES: [Page; 5] = [
    Page {
        name: "element (host token)",
        path: "/bench/element.html",
        label: "Subject",
        signed_in: false,
    },
    Page {
        name: "element (snippet)",
        path: "/bench/snippet.html",
        label: "Subject",
        signed_in: false,
    },
    Page {
        name: "portal (prerendered)",
        path: "/",
        label: "Email",
        signed_in: false,
    },
    Page {
        name: "portal: signed in",
        path: "/",
        label: "Subject",
        signed_in: true,
    },
    Page {
        name: "plain HTML (floor)",
        path: "/bench/floor.html",
        label: "Subject",
        signed_in: false,
    },
];

fn site() -> PathBuf {
    std::env::var_os("SRF_BENCH_SITE")
        .map(PathBuf::from)
        .expect("SRF_BENCH_SITE: cargo xtask bench prepares the site")
}

/// A browser under the mobile profile, with the probe in every page.
async fn throttled_browser(page: &Page, base: &str, session: &str) -> (Client, harness::Driver) {
    let (browser, driver) = start_browser().await;
    cdp(&browser, "Network.enable", json!({})).await;
    cdp(
        &browser,
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": LATENCY_MS,
               "downloadThroughput": DOWN_BYTES_PER_SEC, "uploadThroughput": UP_BYTES_PER_SEC}),
    )
    .await;
    cdp(
        &browser,
        "Network.setCacheDisabled",
        json!({"cacheDisabled": true}),
    )
    .await;
    cdp(
        &browser,
        "Emulation.setCPUThrottlingRate",
        json!({"rate": CPU_SLOWDOWN}),
    )
    .await;
    let mut setup = format!("window.__probeLabel = {};", json!(page.label));
    if page.signed_in {
        setup += &format!(
            "sessionStorage.setItem({}, {});",
            json!(format!("srf.session:{base}")),
            json!(session)
        );
    }
    cdp(
        &browser,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": setup + PROBE}),
    )
    .await;
    (browser, driver)
}

#[derive(Debug, Clone)]
struct Usable {
    ms: f64,
    bytes: f64,
    files: Vec<String>,
}

async fn measure(page: &Page, base: &str, session: &str) -> Usable {
    let (browser, _driver) = throttled_browser(page, base, session).await;
    browser.goto(&format!("{base}{}", page.path)).await.unwrap();
    let usable = wait_for(&browser, "return window.__usable || null").await;
    let _ = browser.close().await;
    Usable {
        ms: usable["at"].as_f64().unwrap(),
        bytes: usable["bytes"].as_f64().unwrap(),
        files: serde_json::from_value(usable["files"].clone()).unwrap(),
    }
}

async fn wait_for(browser: &Client, script: &str) -> Value {
    for _ in 0..600 {
        let value = browser.execute(script, vec![]).await.unwrap();
        if !value.is_null() {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never got there: {script}");
}

/// The Description text area, in the page or in the form's shadow root.
const DESCRIPTION: &str = "const host = document.querySelector('support-request-form');
    const root = host ? host.shadowRoot : document;
    const label = [...root.querySelectorAll('label')].find(l => l.textContent.trim().startsWith('Description'));
    const area = root.getElementById(label.htmlFor);";

/// What each keystroke cost, in ms.
struct Typed {
    /// The `input` event's dispatch: every handler of the page and the
    /// form, with their microtasks (from the window's capture listener to
    /// its last bubbling one), what Event Timing calls processing.
    handlers: Vec<f64>,
    /// Event Timing's `keypress` processing, for keystrokes of 16 ms or
    /// more (what the browser reports).
    keypress: Vec<f64>,
    /// From the `input` event until the next task runs: the handlers and
    /// whatever the browser did before that task (style, layout, often a
    /// paint).
    until_next_task: Vec<f64>,
}

impl Typed {
    /// p50, p95 and max of `times`.
    fn spread(times: &[f64]) -> (f64, f64, f64) {
        let mut times = times.to_vec();
        (
            percentile(&mut times, 0.5),
            percentile(&mut times, 0.95),
            percentile(&mut times, 1.0),
        )
    }
}

/// Times each `input` event's handlers: the first listener in (capture on
/// the window) notes the start, the last out (bubbling on the window,
/// added after the form's own delegated listener there) the end.
/// Event Timing's processing of each `keypress` (its handlers and its
/// default action: the text put in, the `input` event and its handlers) is
/// noted too, for keystrokes that took a frame or more (its threshold).
const HANDLERS: &str = "window.__handlers = []; window.__keypress = []; let start = 0;
    addEventListener('input', () => { start = performance.now(); }, true);
    addEventListener('input', () => { window.__handlers.push(performance.now() - start); });
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) {
      if (entry.name === 'keypress') window.__keypress.push(entry.processingEnd - entry.processingStart);
    } }).observe({ type: 'event', durationThreshold: 16 });";

/// Types `KEYSTROKES` characters into Description on `page` (real key
/// events, CPU slowed) and returns what each keystroke cost.
async fn typing(base: &str, page: &Page) -> Typed {
    let (browser, _driver) = throttled_browser(page, base, "").await;
    browser.goto(&format!("{base}{}", page.path)).await.unwrap();
    wait_for(&browser, "return window.__usable || null").await;
    // The form is typed into once the app has taken over from the first
    // screen (everything lazy has loaded by then).
    wait_for(
        &browser,
        "const host = document.querySelector('support-request-form');
         if (!host) return true;
         const root = host.shadowRoot;
         return (!root.querySelector('.srf-first') && !!root.querySelector('.srf-form-root')) || null",
    )
    .await;
    browser
        .execute(
            &format!("{DESCRIPTION} {HANDLERS} area.focus(); window.__keys = [];"),
            vec![],
        )
        .await
        .unwrap();
    let text = "The laptop in room 4.12 shuts down after a few minutes on battery. ";
    for character in text.chars().cycle().take(KEYSTROKES) {
        let key = character.to_string();
        cdp(
            &browser,
            "Input.dispatchKeyEvent",
            json!({"type": "keyDown", "key": key, "text": key, "unmodifiedText": key}),
        )
        .await;
        cdp(
            &browser,
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key}),
        )
        .await;
    }
    let keys = wait_for(
        &browser,
        &format!("return window.__keys.length >= {KEYSTROKES} ? window.__keys : null"),
    )
    .await;
    let typed = browser
        .execute(&format!("{DESCRIPTION} return area.value.length"), vec![])
        .await
        .unwrap();
    assert_eq!(typed, json!(KEYSTROKES), "every keystroke reached the form");
    let handlers = browser
        .execute("return window.__handlers", vec![])
        .await
        .unwrap();
    let keypress = browser
        .execute("return window.__keypress", vec![])
        .await
        .unwrap();
    let _ = browser.close().await;
    Typed {
        handlers: serde_json::from_value(handlers).unwrap(),
        keypress: serde_json::from_value(keypress).unwrap(),
        until_next_task: serde_json::from_value(keys).unwrap(),
    }
}

const LIGHTHOUSE: &str = "lighthouse@13.5.0";
const LIGHTHOUSE_RUNS: usize = 3;

/// What Lighthouse says of a page: each the median of `LIGHTHOUSE_RUNS`
/// runs with its default mobile profile (simulated throttling).
#[derive(Clone, Copy)]
struct Lighthouse {
    /// The performance score, 0–100.
    score: f64,
    /// Largest Contentful Paint.
    lcp_ms: f64,
    /// Total Blocking Time.
    tbt_ms: f64,
    /// The longest task on the main thread (the point of "no more than
    /// 50 ms at a time"), as Lighthouse simulates it on the phone.
    longest_task_ms: f64,
}

/// What Lighthouse says of `url`, or `None` if it cannot run here. Each
/// run's whole report is kept as `target/lighthouse/{name}-{run}.json`, for
/// what the three figures do not say (which element was the LCP, what
/// shifted).
fn lighthouse(url: &str, name: &str) -> Option<Lighthouse> {
    let chrome = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let output = std::process::Command::new("which")
                .arg(name)
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        })?;
    let (mut scores, mut lcp, mut tbt, mut longest) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let reports = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/lighthouse");
    let _ = std::fs::create_dir_all(&reports);
    for run in 1..=LIGHTHOUSE_RUNS {
        let output = std::process::Command::new("npx")
            .args([
                "--yes",
                LIGHTHOUSE,
                url,
                "--output=json",
                "--quiet",
                "--only-categories=performance",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            ])
            .env("CHROME_PATH", &chrome)
            .output()
            .ok()?;
        let report: Value = serde_json::from_slice(&output.stdout).ok()?;
        let file_name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let _ = std::fs::write(
            reports.join(format!("{file_name}-{run}.json")),
            &output.stdout,
        );
        scores.push(report["categories"]["performance"]["score"].as_f64()? * 100.0);
        let audit = |name: &str| report["audits"][name]["numericValue"].as_f64();
        lcp.push(audit("largest-contentful-paint")?);
        tbt.push(audit("total-blocking-time")?);
        let tasks = report["audits"]["long-tasks"]["details"]["items"].as_array();
        longest.push(
            tasks
                .into_iter()
                .flatten()
                .filter_map(|task| task["duration"].as_f64())
                .fold(0.0, f64::max),
        );
    }
    Some(Lighthouse {
        score: median(&mut scores),
        lcp_ms: median(&mut lcp),
        tbt_ms: median(&mut tbt),
        longest_task_ms: median(&mut longest),
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

fn percentile(values: &mut [f64], share: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * share).round() as usize;
    values[index]
}

/// Brotli bytes of each file of the bundle (the `.br` beside it).
fn bundle(site: &Path) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(site).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_bundle = [".wasm", ".js", ".css"]
            .iter()
            .any(|extension| name.ends_with(extension));
        if is_bundle {
            let compressed = site.join(format!("{name}.br"));
            let size = std::fs::metadata(&compressed)
                .or_else(|_| entry.metadata())
                .map(|meta| meta.len())
                .unwrap_or(0);
            files.push((format!("/{name}"), size));
        }
    }
    files.sort();
    files
}

/// Writes a page of the bench into the site with its brotli copy beside
/// it (`x.br`), as `cargo xtask bench` does for every other file: served
/// compressed, as a tuned host serves it.
fn publish(path: &Path, html: String) -> std::io::Result<()> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut html.as_bytes(), &mut compressed, &params)?;
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    std::fs::write(name, compressed)?;
    std::fs::write(path, html)
}

#[tokio::test(flavor = "multi_thread")]
async fn bench() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(15);
    let site = site();
    let desk = sandbox::spawn(sandbox::Options {
        dist: Some(site.clone()),
        ..sandbox::Options::default()
    })
    .await
    .unwrap();
    let base = desk.base.clone();
    let token = token_for(&base).await;
    publish(
        &site.join("bench/element.html"),
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Help</title>\
             <link rel=\"modulepreload\" href=\"../support-request-form.js\">\
             <link rel=\"preload\" href=\"../support-request-form-wasm_bg.wasm\" as=\"fetch\" crossorigin>\
             <script type=\"module\" src=\"../support-request-form.js\"></script>\
             </head><body><h1>Ask IT for help</h1>\
             <support-request-form server-url=\"{base}\" token=\"{token}\"></support-request-form>\
             </body></html>\n"
        ),
    )
    .unwrap();
    // What `cargo xtask snippet` gives an intranet page, with its token.
    let snippet = snippet(&["--base", "../", "--server-url", &base]).replacen(
        "<support-request-form ",
        &format!("<support-request-form token=\"{token}\" "),
        1,
    );
    publish(
        &site.join("bench/snippet.html"),
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Help</title></head><body><h1>Ask IT for help</h1>\n{snippet}</body></html>\n"
        ),
    )
    .unwrap();
    let session =
        json!({"token": token, "email": "demo@example.com", "expiresAt": null}).to_string();

    // `BENCH_SKIP=lighthouse` (or `typing`) leaves a part out while
    // working on another.
    let skip = std::env::var("BENCH_SKIP").unwrap_or_default();
    let mut results: Vec<Vec<Usable>> = vec![Vec::new(); PAGES.len()];
    for round in 0..runs {
        // Alternate the order so no page always runs on a warm machine.
        let order: Vec<usize> = if round.is_multiple_of(2) {
            (0..PAGES.len()).collect()
        } else {
            (0..PAGES.len()).rev().collect()
        };
        for index in order {
            let usable = measure(&PAGES[index], &base, &session).await;
            results[index].push(usable);
        }
        eprintln!("bench: round {}/{runs}", round + 1);
    }
    let floor = PAGES
        .iter()
        .position(|page| page.path == "/bench/floor.html")
        .unwrap();
    let typed = if skip.contains("typing") {
        None
    } else {
        let element = typing(&base, &PAGES[0]).await;
        Some((element, typing(&base, &PAGES[floor]).await))
    };
    let lighthouse: Vec<(&str, Option<Lighthouse>)> = [
        ("element (host token)", "/bench/element.html"),
        ("element (snippet)", "/bench/snippet.html"),
        ("portal (prerendered)", "/"),
        ("plain HTML (floor)", "/bench/floor.html"),
    ]
    .into_iter()
    .map(|(name, path)| {
        let score = (!skip.contains("lighthouse"))
            .then(|| lighthouse(&format!("{base}{path}"), name))
            .flatten();
        (name, score)
    })
    .collect();

    let floor_ms = median(&mut results[floor].iter().map(|u| u.ms).collect::<Vec<_>>());
    let mut pages = Vec::new();
    let mut initial: BTreeSet<String> = BTreeSet::new();
    println!(
        "\nBenchmark: CPU {CPU_SLOWDOWN}× slower, {LATENCY_MS} ms latency, 1.6 Mbit/s down, brotli; {runs} runs per page\n"
    );
    println!(
        "{:<24} {:>14} {:>10} {:>18}",
        "page", "usable (med.)", "× floor", "KB until usable"
    );
    for (page, runs) in PAGES.iter().zip(&results) {
        let ms = median(&mut runs.iter().map(|u| u.ms).collect::<Vec<_>>());
        let bytes = median(&mut runs.iter().map(|u| u.bytes).collect::<Vec<_>>());
        if page.path != "/bench/floor.html" {
            for usable in runs {
                initial.extend(usable.files.iter().cloned());
            }
        }
        println!(
            "{:<24} {:>11.0} ms {:>9.2}× {:>15.1} KB",
            page.name,
            ms,
            ms / floor_ms,
            bytes / 1024.0
        );
        pages.push(
            json!({"page": page.name, "usableMs": ms, "timesFloor": ms / floor_ms,
                          "bytesUntilUsable": bytes,
                          "runsMs": runs.iter().map(|u| u.ms).collect::<Vec<_>>()}),
        );
    }
    let files = bundle(&site);
    let (before, after): (Vec<_>, Vec<_>) =
        files.iter().partition(|(name, _)| initial.contains(name));
    let sum = |list: &[&(String, u64)]| list.iter().map(|(_, size)| *size).sum::<u64>();
    let (initial_bytes, lazy_bytes) = (sum(&before), sum(&after));
    println!(
        "\nbundle (brotli): {:.1} KB in all; needed before the form is usable: {:.1} KB ({}); loaded later: {:.1} KB",
        (initial_bytes + lazy_bytes) as f64 / 1024.0,
        initial_bytes as f64 / 1024.0,
        before.iter().map(|(name, _)| name.trim_start_matches('/')).collect::<Vec<_>>().join(", "),
        lazy_bytes as f64 / 1024.0,
    );
    let mut typing_report = Value::Null;
    match &typed {
        Some((element, floor)) => {
            println!("typing {KEYSTROKES} characters into Description (CPU {CPU_SLOWDOWN}×), per keystroke: p50 / p95 / max");
            let mut rows = Vec::new();
            for (name, times) in [
                ("element: input handlers", &element.handlers),
                ("element: keypress (Event Timing)", &element.keypress),
                ("element: until next task", &element.until_next_task),
                ("floor: input handlers", &floor.handlers),
                ("floor: keypress (Event Timing)", &floor.keypress),
                ("floor: until next task", &floor.until_next_task),
            ] {
                if times.is_empty() {
                    println!("  {name:<34} (none reported)");
                    continue;
                }
                let (p50, p95, max) = Typed::spread(times);
                println!(
                    "  {name:<34} {p50:>6.1} / {p95:>6.1} / {max:>6.1} ms  ({} keystrokes)",
                    times.len()
                );
                rows.push(json!({"what": name, "p50Ms": p50, "p95Ms": p95, "maxMs": max, "count": times.len()}));
            }
            println!("  (the floor is a plain HTML text area: until next task is what the browser itself costs)\n");
            typing_report = json!({"keystrokes": KEYSTROKES, "rows": rows});
        }
        None => println!("typing: left out (BENCH_SKIP)\n"),
    }
    println!(
        "Lighthouse {LIGHTHOUSE} (mobile, simulated throttling), median of {LIGHTHOUSE_RUNS} runs:"
    );
    println!(
        "  {:<24} {:>5} {:>9} {:>9} {:>13}",
        "page", "score", "LCP", "TBT", "longest task"
    );
    for (name, said) in &lighthouse {
        match said {
            Some(said) => println!(
                "  {name:<24} {:>5.0} {:>6.0} ms {:>6.0} ms {:>10.0} ms",
                said.score, said.lcp_ms, said.tbt_ms, said.longest_task_ms
            ),
            None => println!("  {name:<24} (Lighthouse did not run: npx and Chromium are needed)"),
        }
    }
    let report = json!({
        "lighthouse": lighthouse.iter().map(|(name, said)| json!({"page": name,
            "performance": said.map(|said| said.score), "lcpMs": said.map(|said| said.lcp_ms),
            "tbtMs": said.map(|said| said.tbt_ms),
            "longestTaskMs": said.map(|said| said.longest_task_ms)})).collect::<Vec<_>>(),
        "profile": {"cpuSlowdown": CPU_SLOWDOWN, "latencyMs": LATENCY_MS,
                    "downBytesPerSec": DOWN_BYTES_PER_SEC, "compression": "br", "runs": runs},
        "pages": pages,
        "floorMs": floor_ms,
        "bundle": {"totalBytes": initial_bytes + lazy_bytes, "initialBytes": initial_bytes,
                   "lazyBytes": lazy_bytes,
                   "files": files.iter().map(|(name, size)| json!({"file": name, "bytes": size, "initial": initial.contains(name)})).collect::<Vec<_>>()},
        "typing": typing_report,
    });
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("written: {}", out.display());
}
