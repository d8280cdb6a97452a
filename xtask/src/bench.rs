//! `cargo xtask bench`: the release bundle on a phone over a slow network
//! (see tests/bench). This prepares the site — a copy of `dist/` with each
//! file also compressed ahead of time (`x.br`), as a CDN or a tuned static
//! host serves it, and the plain-HTML floor page — then runs the benchmark.

use std::path::Path;

use crate::{command, root, run_with, size, Failure, Outcome};

/// The same form as plain HTML without a script: the floor.
const FLOOR: &str = r##"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Help</title></head>
<body>
<h1>Ask IT for help</h1>
<form method="post" action="#">
<h2>Create a support request</h2>
<p><label for="subject">Subject (required)</label><br><input id="subject" name="subject" required></p>
<p><label for="description">Description</label><br><textarea id="description" name="description" rows="5"></textarea></p>
<p><label for="requester">Requester email (required)</label><br><input id="requester" name="requesterEmail" type="email" required></p>
<p><label for="cc">CC emails</label><br><input id="cc" name="ccEmailSet"></p>
<p><label for="category">Category</label><br><input id="category" name="categoryName"></p>
<p><label for="impact">Impact</label><br><select id="impact" name="impactName"><option value="">Choose…</option><option>Low</option><option>On User</option><option>On department</option><option>On Business</option></select></p>
<p><label for="urgency">Urgency</label><br><select id="urgency" name="urgencyName"><option value="">Choose…</option><option>Low</option><option>Medium</option><option>High</option><option>Urgent</option></select></p>
<p><label for="department">Department</label><br><input id="department" name="departmentName"></p>
<p><label for="location">Location</label><br><input id="location" name="locationName"></p>
<p><label for="tags">Tags</label><br><input id="tags" name="tags"></p>
<p><label for="files">Attachments</label><br><input id="files" name="files" type="file" multiple></p>
<p><button type="submit">Submit request</button></p>
</form>
</body>
</html>
"##;

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)?.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Writes `x.br` beside every text and wasm file under `dir`.
fn precompress(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css" | "html" | "json" | "svg")
        );
        if compressible {
            let bytes = std::fs::read(&path)?;
            let mut name = path.as_os_str().to_owned();
            name.push(".br");
            std::fs::write(name, size::brotli_compress(&bytes))?;
        }
    }
    Ok(())
}

pub fn bench() -> Outcome {
    let site = root().join("target/bench/site");
    let fail = |error: std::io::Error| Failure(format!("bench site: {error}"));
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&root().join("dist"), &site).map_err(fail)?;
    std::fs::create_dir_all(site.join("bench")).map_err(fail)?;
    std::fs::write(site.join("bench/floor.html"), FLOOR).map_err(fail)?;
    precompress(&site).map_err(fail)?;
    let mut bench = command(
        "cargo",
        &["test", "--locked", "--test", "bench", "--", "--nocapture"],
    );
    bench.env("SRF_BENCH_SITE", &site);
    run_with(bench)
}
