//! `cargo xtask setup | demo | test | dist | size | soak | bench` — the
//! project's commands.
//! Each one installs what is missing first, so a fresh machine needs only
//! Rust and Node.

mod bench;
mod bundle;
mod check_config;
mod setup;
mod size;
mod suite;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>
  setup                      install what is missing (wasm32 target, wasm-bindgen, trunk, wasm-opt, Chromium, Firefox)
  demo [--port N] [--data F] build the portal and serve it with the sandbox on http://127.0.0.1:8080
  test [--browser NAME]      format, lints, unit, browser and end-to-end tests in Chromium and Firefox
                             (or only NAME: chromium or firefox; also SRF_BROWSERS=a,b), then the size report
  check-config FILE          every problem of a deployment's config.json, with its key path (exit 1 if any)
  dist                       build the release bundle into dist/
  size                       print raw, gzip and brotli sizes of dist/
  screenshots                the README's pictures, from the release bundle in headless Chromium, into docs/
  soak                       200 submissions with attachments under seeded random faults (minutes)
  bench                      the release bundle on a phone over a slow network: time and bytes until usable, typing (minutes)";

/// A failed step, with what to tell the user.
pub struct Failure(pub String);

pub type Outcome = Result<(), Failure>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Runs a command in the workspace root with the project's tools first on
/// PATH; fails with the command line if it fails.
pub fn run(program: &str, args: &[&str]) -> Outcome {
    run_with(command(program, args))
}

pub fn run_with(mut command: Command) -> Outcome {
    let shown = format!("{command:?}");
    println!("\n==> {shown}");
    let status = command
        .status()
        .map_err(|error| Failure(format!("cannot start {shown}: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("failed ({status}): {shown}")))
    }
}

/// A command with the project's environment: `node_modules/.bin` first on
/// PATH (binaryen's wasm-opt, never Debian's), trunk offline and quiet.
pub fn command(program: &str, args: &[&str]) -> Command {
    let root = root();
    let mut path = vec![root.join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(cargo_home)
    {
        path.push(home.join("bin"));
    }
    if let Some(existing) = std::env::var_os("PATH") {
        path.extend(std::env::split_paths(&existing));
    }
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(&root)
        .env("PATH", std::env::join_paths(path).unwrap_or_default())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("CARGO_TERM_COLOR", "never");
    command
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo"))
}

pub fn dist() -> Outcome {
    bundle::dist()
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == flag)
        .and_then(|index| args.get(index + 1))
        .cloned()
}

fn demo(args: &[String]) -> Outcome {
    let port = flag_value(args, "--port").unwrap_or_else(|| "8080".into());
    let data = flag_value(args, "--data").unwrap_or_else(|| "target/demo/sandbox.db".into());
    if let Some(parent) = Path::new(&data).parent() {
        let _ = std::fs::create_dir_all(root().join(parent));
    }
    setup::ensure()?;
    dist()?;
    run("cargo", &["build", "--package", "sandbox"])?;
    println!(
        "\nSupport portal: http://127.0.0.1:{port}/\n\
         Configuration playground: http://127.0.0.1:{port}/pages/playground.html\n\
         Sign in as requester demo@example.com with password demo.\n\
         Data: {data} (kept between runs). Stop with Ctrl-C.\n"
    );
    // Ctrl-C reaches the sandbox too (same process group); it stops cleanly
    // and we return when it has.
    run(
        "cargo",
        &[
            "run",
            "--quiet",
            "--package",
            "sandbox",
            "--",
            "--port",
            &port,
            "--data",
            &data,
            "--dist",
            "dist",
        ],
    )
}

/// The README's pictures in `docs/` (see tests/screenshots).
fn screenshots() -> Outcome {
    setup::ensure()?;
    dist()?;
    let mut pictures = command(
        "cargo",
        &[
            "test",
            "--locked",
            "--test",
            "screenshots",
            "--",
            "--nocapture",
        ],
    );
    pictures
        .env("SRF_DIST", root().join("dist"))
        .env("SRF_BROWSER", "chromium");
    run_with(pictures)
}

/// 200 submissions under seeded random faults (see tests/soak).
fn soak() -> Outcome {
    setup::ensure()?;
    dist()?;
    let mut soak = command(
        "cargo",
        &["test", "--locked", "--test", "soak", "--", "--nocapture"],
    );
    soak.env("SRF_DIST", root().join("dist"));
    run_with(soak)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("setup") => setup::ensure(),
        Some("demo") => demo(&args),
        Some("test") => suite::test(&args),
        Some("check-config") => check_config::run(args.get(1)),
        Some("dist") => setup::ensure().and_then(|()| dist()),
        Some("size") => size::report(&root().join("dist")),
        Some("soak") => soak(),
        Some("screenshots") => screenshots(),
        Some("bench") => setup::ensure()
            .and_then(|()| dist())
            .and_then(|()| bench::bench()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
