//! Raw, gzip and brotli sizes of the release bundle's wasm, JS and CSS.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Failure, Outcome};

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|out| out.len()).unwrap_or(0)
}

/// `bytes` compressed as a CDN would (brotli, quality 11).
pub fn brotli_compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

fn brotli(bytes: &[u8]) -> usize {
    brotli_compress(bytes).len()
}

fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        ) {
            found.push(path);
        }
    }
}

/// The first-screen budget (`perf-budget.json`).
struct Budget {
    bytes: usize,
    files: Vec<String>,
}

fn budget() -> Result<Budget, Failure> {
    let path = crate::root().join("perf-budget.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Failure(format!("{}: {error}", path.display())))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| Failure(format!("perf-budget.json: {error}")))?;
    let bytes = value["firstScreenBytes"]
        .as_u64()
        .ok_or_else(|| Failure("perf-budget.json: firstScreenBytes must be a number".into()))?;
    let files = value["firstScreenFiles"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|file| file.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(Budget {
        bytes: bytes as usize,
        files,
    })
}

/// Which part of the bundle a file is.
fn part(name: &str, budget: &Budget) -> &'static str {
    let file = name.rsplit('/').next().unwrap_or(name);
    if budget.files.iter().any(|first| first == name) {
        "first screen"
    } else if (file.starts_with("split_") || file.starts_with("chunk_")) && file.ends_with(".wasm")
    {
        "lazy"
    } else if name.starts_with("pages/") {
        "examples"
    } else {
        "portal page"
    }
}

/// Prints the table (each file's part: the first screen, loaded later, the
/// portal's page) and the first screen against its budget; fails if there
/// is no bundle.
pub fn report(dist: &Path) -> Outcome {
    let budget = budget()?;
    let mut found = Vec::new();
    files(dist, &mut found);
    found.sort();
    if found.is_empty() {
        return Err(Failure(format!(
            "no bundle in {}: run `cargo xtask dist`",
            dist.display()
        )));
    }
    println!("\nSize report (release bundle in {}):", dist.display());
    println!(
        "{:<40} {:<13} {:>10} {:>10} {:>10}",
        "file", "part", "raw", "gzip", "brotli"
    );
    let mut totals = (0, 0, 0);
    let mut parts: Vec<(&str, usize)> = Vec::new();
    for path in found {
        let bytes = std::fs::read(&path)
            .map_err(|error| Failure(format!("{}: {error}", path.display())))?;
        let sizes = (bytes.len(), gzip(&bytes), brotli(&bytes));
        totals = (totals.0 + sizes.0, totals.1 + sizes.1, totals.2 + sizes.2);
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .display()
            .to_string();
        let part = part(&name, &budget);
        match parts.iter_mut().find(|(known, _)| *known == part) {
            Some((_, sum)) => *sum += sizes.2,
            None => parts.push((part, sizes.2)),
        }
        println!(
            "{name:<40} {part:<13} {:>10} {:>10} {:>10}",
            sizes.0, sizes.1, sizes.2
        );
    }
    println!(
        "{:<40} {:<13} {:>10} {:>10} {:>10}",
        "total", "", totals.0, totals.1, totals.2
    );
    for (part, bytes) in &parts {
        println!("  {part}: {bytes} bytes brotli");
    }
    Ok(())
}

/// Fails when the first screen weighs more than the committed budget.
pub fn check_budget(dist: &Path) -> Outcome {
    let budget = budget()?;
    let mut weight = 0;
    for file in &budget.files {
        let bytes = std::fs::read(dist.join(file))
            .map_err(|error| Failure(format!("first-screen file {file}: {error}")))?;
        weight += brotli(&bytes);
    }
    println!(
        "\nFirst screen: {weight} bytes brotli (budget {} in perf-budget.json)",
        budget.bytes
    );
    if weight > budget.bytes {
        return Err(Failure(format!(
            "the first screen weighs {weight} bytes brotli, over its budget of {} (perf-budget.json): \
             load the new code after the first screen, or raise the budget in a commit that says why",
            budget.bytes
        )));
    }
    Ok(())
}
