//! Installs, idempotently, every tool the build and the tests need, in the
//! versions that work together (see shared/toolchain.md). With everything
//! present it only asks each tool for its version.

use std::path::Path;
use std::process::Command;

use std::io::Stdout;

use crate::steps::{Progress, Tool};
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

fn has_wasm_target() -> bool {
    command("rustup", &["target", "list", "--installed"])
        .output()
        .is_ok_and(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .any(|line| line.trim() == "wasm32-unknown-unknown")
        })
}

fn add_wasm_target() -> Outcome {
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

fn install_wasm_bindgen() -> Outcome {
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

/// trunk only orchestrates (cargo, wasm-bindgen, a file server), so an
/// unoptimised build serves as well and builds in half the time; without
/// its default features it has no TLS stack and no update check, which it
/// never uses here (offline).
fn install_trunk() -> Outcome {
    run(
        "cargo",
        &[
            "install",
            "--locked",
            "--debug",
            "trunk",
            "--version",
            TRUNK,
            "--no-default-features",
            "--force",
        ],
    )
}

/// The build and test tools from npm (package-lock.json): wasm-opt from
/// binaryen, esbuild, axe-core.
fn has_npm_tools() -> bool {
    let bin = root().join("node_modules/.bin");
    let wasm_opt = bin.join("wasm-opt");
    has_version(&wasm_opt.to_string_lossy(), BINARYEN).is_some()
        && bin.join("esbuild").exists()
        && bin.join("tsc").exists()
        && root().join("node_modules/axe-core/axe.min.js").exists()
}

fn install_npm_tools() -> Outcome {
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

fn install_wasm_split() -> Outcome {
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

/// Unoptimised, like trunk: it only relays WebDriver commands.
fn install_geckodriver() -> Outcome {
    run(
        "cargo",
        &[
            "install",
            "--locked",
            "--debug",
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

fn install_chromium() -> Outcome {
    apt(
        &["chromium", "chromedriver"],
        &["chromium", "chromium-driver"],
        "install Chromium and a matching chromedriver and put both on PATH",
    )
}

fn install_firefox() -> Outcome {
    apt(
        &["firefox-esr"],
        &["firefox-esr"],
        "install Firefox (ESR 115 or newer) as firefox-esr on PATH",
    )
}

/// What building the bundle and serving the demo need.
pub const BUILD_TOOLS: [Tool; 4] = [
    Tool {
        name: "wasm32 target",
        version: "(rustup)",
        hint: "first time only, seconds",
        present: has_wasm_target,
        install: add_wasm_target,
    },
    Tool {
        name: "npm tools",
        version: "(wasm-opt 132, esbuild, tsc, axe-core)",
        hint: "first time only, under a minute",
        present: has_npm_tools,
        install: install_npm_tools,
    },
    Tool {
        name: "wasm-bindgen-cli",
        version: WASM_BINDGEN,
        hint: "first time only, about 3 min",
        present: || has_version("wasm-bindgen", WASM_BINDGEN).is_some(),
        install: install_wasm_bindgen,
    },
    Tool {
        name: "wasm-split-cli",
        version: WASM_SPLIT,
        hint: "first time only, about 1 min",
        present: || installed_crate("wasm_split_cli_support", WASM_SPLIT),
        install: install_wasm_split,
    },
];

/// The development loop's server and builder (`cargo xtask dev`); the
/// tests check that its build works.
pub const TRUNK_TOOL: Tool = Tool {
    name: "trunk",
    version: TRUNK,
    hint: "first time only, about 4 min",
    present: || has_version("trunk", TRUNK).is_some(),
    install: install_trunk,
};

/// What only the tests (and the development loop) need on top.
pub const TEST_TOOLS: [Tool; 4] = [
    TRUNK_TOOL,
    Tool {
        name: "chromium and chromedriver",
        version: "(apt)",
        hint: "first time only, about 1 min",
        present: || version_of("chromium").is_some() && version_of("chromedriver").is_some(),
        install: install_chromium,
    },
    Tool {
        name: "firefox-esr",
        version: "(apt)",
        hint: "first time only, about 1 min",
        present: || version_of("firefox-esr").is_some(),
        install: install_firefox,
    },
    Tool {
        name: "geckodriver",
        version: GECKODRIVER,
        hint: "first time only, about 1 min",
        present: || has_version("geckodriver", GECKODRIVER).is_some(),
        install: install_geckodriver,
    },
];

/// Installs the tools of `sets` that are missing, one numbered step each,
/// and hands on the count to the `steps_after` steps that follow.
pub fn ensure(sets: &[&[Tool]], steps_after: usize) -> Result<Progress<Stdout>, Failure> {
    let tools = sets.iter().flat_map(|set| set.iter());
    let mut progress = Progress::new(tools.clone().count() + steps_after);
    tools.into_iter().try_for_each(|tool| progress.tool(tool))?;
    Ok(progress)
}

/// `cargo xtask setup [--all]`: the build tools (with `--all`, the test
/// tools too), then the versions in use.
pub fn setup(all: bool) -> Outcome {
    let test_tools: &[Tool] = if all { &TEST_TOOLS } else { &[] };
    ensure(&[&BUILD_TOOLS, test_tools], 0)?;
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
            version_of(program).unwrap_or_else(|| "not installed".into())
        );
    }
    println!(
        "  {:<13} {}",
        "wasm-opt",
        version_of(&local_wasm_opt.to_string_lossy()).unwrap_or_else(|| "not installed".into())
    );
    println!(
        "  {:<13} {}",
        "wasm-split",
        if installed_crate("wasm_split_cli_support", WASM_SPLIT) {
            format!("wasm_split_cli_support {WASM_SPLIT}")
        } else {
            "not installed".into()
        }
    );
    Ok(())
}
