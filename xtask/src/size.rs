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

/// Prints the table; fails if there is no bundle.
pub fn report(dist: &Path) -> Outcome {
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
        "{:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let mut totals = (0, 0, 0);
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
        println!("{name:<48} {:>10} {:>10} {:>10}", sizes.0, sizes.1, sizes.2);
    }
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "total", totals.0, totals.1, totals.2
    );
    Ok(())
}
