//! Installs, idempotently, every tool the build and the tests need, in the
//! versions that work together (see shared/toolchain.md). With everything
//! present it only asks each tool for its version.

use std::path::Path;
use std::process::Command;

use crate::{command, root, run, run_with, Failure, Outcome};

const WASM_BINDGEN: &str = "0.2.130";
const TRUNK: &str = "0.21.14";
const BINARYEN: &str = "132";
/// Splits the release wasm (the crate is `wasm_split_cli_support`; not the
/// Dioxus crate of the same tool name).
const WASM_SPLIT: &str = "0.2.4";
/// The newest geckodriver that builds on rustc 1.95.
const GECKODRIVER: &str = "0.37.1";

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

/// The build and test tools from npm (package-lock.json): wasm-opt from
/// binaryen, esbuild, axe-core.
fn npm_tools() -> Outcome {
    let bin = root().join("node_modules/.bin");
    let wasm_opt = bin.join("wasm-opt");
    let present = has_version(&wasm_opt.to_string_lossy(), BINARYEN).is_some()
        && bin.join("esbuild").exists()
        && bin.join("tsc").exists()
        && root().join("node_modules/axe-core/axe.min.js").exists();
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

/// Whether `cargo install` has put this crate at this version on PATH.
fn installed_crate(name: &str, version: &str) -> bool {
    command("cargo", &["install", "--list"])
        .output()
        .map(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .any(|line| line.starts_with(&format!("{name} v{version}:")))
        })
        .unwrap_or(false)
}

fn wasm_split() -> Outcome {
    if installed_crate("wasm_split_cli_support", WASM_SPLIT) {
        return Ok(());
    }
    run(
        "cargo",
        &[
            "install",
            "--locked",
            &format!("wasm_split_cli_support@{WASM_SPLIT}"),
            "--features",
            "build-binary",
            "--force",
        ],
    )
}

fn geckodriver() -> Outcome {
    if has_version("geckodriver", GECKODRIVER).is_some() {
        return Ok(());
    }
    run(
        "cargo",
        &[
            "install",
            "--locked",
            "geckodriver",
            "--version",
            GECKODRIVER,
            "--force",
        ],
    )
}

fn is_root_on_debian() -> bool {
    let uid = Command::new("id").arg("-u").output().ok();
    let root = uid.is_some_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
    root && Path::new("/etc/debian_version").exists()
}

/// Debian's packages, installed with apt when running as root on Debian;
/// elsewhere, says what to install.
fn apt(programs: &[&str], packages: &[&str], elsewhere: &str) -> Outcome {
    if programs.iter().all(|program| version_of(program).is_some()) {
        return Ok(());
    }
    if !is_root_on_debian() {
        return Err(Failure(format!(
            "{} missing. On Debian/Ubuntu, as root: apt-get update && apt-get install -y {} \
             (elsewhere: {elsewhere})",
            programs.join(" and "),
            packages.join(" ")
        )));
    }
    run("apt-get", &["update"])?;
    let mut arguments = vec!["install", "-y", "--no-install-recommends"];
    arguments.extend_from_slice(packages);
    let mut install = command("apt-get", &arguments);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run_with(install)
}

fn chromium() -> Outcome {
    apt(
        &["chromium", "chromedriver"],
        &["chromium", "chromium-driver"],
        "install Chromium and a matching chromedriver and put both on PATH",
    )
}

fn firefox() -> Outcome {
    apt(
        &["firefox-esr"],
        &["firefox-esr"],
        "install Firefox (ESR 115 or newer) as firefox-esr on PATH",
    )
}

/// Installs what is missing and prints the versions in use.
pub fn ensure() -> Outcome {
    wasm_target()?;
    npm_tools()?;
    chromium()?;
    firefox()?;
    wasm_bindgen()?;
    trunk()?;
    wasm_split()?;
    geckodriver()?;
    println!("Tools:");
    let local_wasm_opt = root().join("node_modules/.bin/wasm-opt");
    for program in [
        "rustc",
        "wasm-bindgen",
        "trunk",
        "node",
        "esbuild",
        "tsc",
        "chromium",
        "chromedriver",
        "firefox-esr",
        "geckodriver",
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
    println!(
        "  {:<13} {}",
        "wasm-split",
        if installed_crate("wasm_split_cli_support", WASM_SPLIT) {
            format!("wasm_split_cli_support {WASM_SPLIT}")
        } else {
            "missing".into()
        }
    );
    Ok(())
}
