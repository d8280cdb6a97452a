//! Installs, idempotently, every tool the build and the tests need, in the
//! versions that work together (see shared/toolchain.md). With everything
//! present it only asks each tool for its version.

use std::path::Path;
use std::process::Command;

use crate::{command, root, run, run_with, Failure, Outcome};

const WASM_BINDGEN: &str = "0.2.130";
const TRUNK: &str = "0.21.14";
const BINARYEN: &str = "132";

/// The first line a tool prints for `--version`, if it runs at all.
fn version_of(program: &str) -> Option<String> {
    let output = command(program, &["--version"]).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|line| line.trim().to_owned())
}

fn has_version(program: &str, wanted: &str) -> Option<String> {
    version_of(program).filter(|found| found.split_whitespace().any(|word| word == wanted))
}

fn wasm_target() -> Outcome {
    let output = command("rustup", &["target", "list", "--installed"])
        .output()
        .map_err(|error| {
            Failure(format!(
                "rustup is needed to add the wasm32 target: {error}"
            ))
        })?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

fn wasm_bindgen() -> Outcome {
    if has_version("wasm-bindgen", WASM_BINDGEN).is_some() {
        return Ok(());
    }
    // Not --locked: its lockfile wants a crate version the registry mirror
    // lacks; the fallback resolver keeps the unlocked build on this rustc.
    let mut install = command(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN,
            "--force",
        ],
    );
    install.env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback");
    run_with(install)
}

fn trunk() -> Outcome {
    if has_version("trunk", TRUNK).is_some() {
        return Ok(());
    }
    run(
        "cargo",
        &[
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK,
            "--force",
        ],
    )
}

fn wasm_opt() -> Outcome {
    let local = root().join("node_modules/.bin/wasm-opt");
    let present = local.exists() && has_version(&local.to_string_lossy(), BINARYEN).is_some();
    if present {
        return Ok(());
    }
    if version_of("npm").is_none() {
        return Err(Failure(
            "npm is missing: install Node.js 20 and npm (Debian: apt-get install -y nodejs npm), then run again".into(),
        ));
    }
    run("npm", &["ci", "--no-audit", "--no-fund"])
}

fn is_root_on_debian() -> bool {
    let uid = Command::new("id").arg("-u").output().ok();
    let root = uid.is_some_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
    root && Path::new("/etc/debian_version").exists()
}

fn chromium() -> Outcome {
    if version_of("chromium").is_some() && version_of("chromedriver").is_some() {
        return Ok(());
    }
    if !is_root_on_debian() {
        return Err(Failure(
            "Chromium and ChromeDriver are missing. On Debian/Ubuntu, as root: \
             apt-get update && apt-get install -y chromium chromium-driver \
             (elsewhere: install Chromium and a matching chromedriver and put both on PATH)"
                .into(),
        ));
    }
    run("apt-get", &["update"])?;
    let mut install = command(
        "apt-get",
        &[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ],
    );
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run_with(install)
}

/// Installs what is missing and prints the versions in use.
pub fn ensure() -> Outcome {
    wasm_target()?;
    wasm_opt()?;
    chromium()?;
    wasm_bindgen()?;
    trunk()?;
    println!("Tools:");
    let local_wasm_opt = root().join("node_modules/.bin/wasm-opt");
    for program in [
        "rustc",
        "wasm-bindgen",
        "trunk",
        "node",
        "chromium",
        "chromedriver",
    ] {
        println!(
            "  {program:<13} {}",
            version_of(program).unwrap_or_else(|| "missing".into())
        );
    }
    println!(
        "  {:<13} {}",
        "wasm-opt",
        version_of(&local_wasm_opt.to_string_lossy()).unwrap_or_else(|| "missing".into())
    );
    Ok(())
}
