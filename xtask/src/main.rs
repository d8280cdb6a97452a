//! `cargo xtask setup | demo | test | dist | snippet | size | soak | bench` — the
//! project's commands.
//! Each one installs what is missing first, so a fresh machine needs only
//! Rust and Node.

mod bench;
mod bundle;
mod check_config;
mod prerender;
mod setup;
mod short_imports;
mod size;
mod steps;
mod suite;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>
  setup [--all]              install what building needs (wasm32 target, wasm-bindgen, wasm-split, wasm-opt);
                             --all: also what the tests need (trunk, Chromium, Firefox, geckodriver)
  demo [--port N] [--data F] build the portal and serve it with the sandbox on http://127.0.0.1:8080
  dev                        the development loop: trunk serve on http://127.0.0.1:8080 (save a file, the page reloads)
  test [--browser NAME]      format, lints, unit, browser and end-to-end tests in Chromium and Firefox
                             (or only NAME: chromium or firefox; also SRF_BROWSERS=a,b), then the size report
  check-config FILE          every problem of a deployment's config.json, with its key path (exit 1 if any)
  dist                       build the release bundle into dist/ (the portal's page with its sign-in prerendered)
  snippet [--config FILE] [--config-src URL] [--locale TAG] [--theme T] [--base URL] [--server-url URL] [--sign-in]
                             the HTML to paste into a page: the element with its first screen prerendered
                             (the form; --sign-in: the sign-in) and the bundle's script lines at --base
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

/// Inside a step (see `steps`), the command's output goes to the step's
/// log; otherwise to the terminal.
pub fn run_with(mut command: Command) -> Outcome {
    let shown = format!("{command:?}");
    match steps::current_log() {
        Some(mut log) => {
            use std::io::Write;
            let _ = writeln!(log, "\n==> {shown}");
            if let Ok(out) = log.try_clone() {
                command.stdout(out);
            }
            command.stderr(log);
        }
        None => println!("\n==> {shown}"),
    }
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
    if let Some(home) = cargo_home() {
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

/// Where cargo keeps its tools and the crates' sources.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// The release bundle as a numbered step.
pub fn bundle_step<W: std::io::Write>(progress: &mut steps::Progress<W>) -> Outcome {
    progress.step(
        "release bundle into dist/",
        "about 3 min the first time, under a minute after",
        bundle::dist,
    )
}

/// The tools of `sets` (installed where missing), then the release bundle,
/// numbered with the `steps_after` steps that follow.
fn tools_then_bundle(
    sets: &[&[steps::Tool]],
    steps_after: usize,
) -> Result<steps::Progress<std::io::Stdout>, Failure> {
    let mut progress = setup::ensure(sets, steps_after + 1)?;
    bundle_step(&mut progress)?;
    Ok(progress)
}

/// Every tool, then the bundle: for the commands that drive a browser.
fn with_browsers_and_bundle() -> Outcome {
    tools_then_bundle(&[&setup::BUILD_TOOLS, &setup::TEST_TOOLS], 0).map(drop)
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
    // Only what the demo uses: no browsers, drivers or trunk (the tests'
    // tools), so a newcomer sees the form in minutes.
    let mut progress = tools_then_bundle(&[&setup::BUILD_TOOLS], 1)?;
    sandbox_step(&mut progress)?;
    let (mut sandbox, output) = start_sandbox(&port, &data, &["--dist", "dist"])?;
    println!(
        "\nSupport portal:            http://127.0.0.1:{port}/\n\
         Configuration playground:  http://127.0.0.1:{port}/pages/playground.html\n\
         Intranet page (embedded):  http://127.0.0.1:{port}/pages/intranet.html\n\
         Sign in as a requester: demo@example.com / demo (or pat@example.com / pat);\n\
         as a technician: tech@example.com / tech.\n\
         Data: {data} (kept between runs). Stop with Ctrl-C.\n"
    );
    // Ctrl-C reaches the sandbox too (same process group); it stops cleanly
    // and we return when it has.
    let _ = std::io::copy(&mut { output }, &mut std::io::stdout());
    let _ = sandbox.wait();
    Ok(())
}

fn sandbox_step<W: std::io::Write>(progress: &mut steps::Progress<W>) -> Outcome {
    progress.step("sandbox server", "under a minute the first time", || {
        run("cargo", &["build", "--locked", "--package", "sandbox"])
    })
}

/// The sandbox `sandbox_step` built, on `port` with its data in `data`;
/// returns once it listens, with the rest of what it prints.
fn start_sandbox(
    port: &str,
    data: &str,
    more: &[&str],
) -> Result<
    (
        std::process::Child,
        std::io::BufReader<std::process::ChildStdout>,
    ),
    Failure,
> {
    use std::io::BufRead;
    if let Some(parent) = Path::new(data).parent() {
        let _ = std::fs::create_dir_all(root().join(parent));
    }
    let mut arguments = vec!["--port", port, "--data", data];
    arguments.extend_from_slice(more);
    let binary = root().join("target/debug/sandbox");
    let mut child = command(&binary.to_string_lossy(), &arguments)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| Failure(format!("cannot start {}: {error}", binary.display())))?;
    let mut output =
        std::io::BufReader::new(child.stdout.take().ok_or(Failure("no output".into()))?);
    let mut first = String::new();
    let _ = output.read_line(&mut first);
    if !first.contains("listening on") {
        let _ = child.kill();
        return Err(Failure(format!(
            "the sandbox did not start on port {port}: {first}"
        )));
    }
    Ok((child, output))
}

/// The development loop: the sandbox API on 8081 in the background and
/// `trunk serve` on 8080 (which proxies /api to it, see Trunk.toml):
/// save a file and trunk rebuilds and reloads the page.
fn dev() -> Outcome {
    let mut progress = setup::ensure(&[&setup::BUILD_TOOLS, &[setup::TRUNK_TOOL]], 1)?;
    sandbox_step(&mut progress)?;
    let (mut sandbox, _output) = start_sandbox("8081", "target/demo/sandbox.db", &[])?;
    println!(
        "\nDevelopment loop: http://127.0.0.1:8080/ (trunk serve; the API is the sandbox on 8081).\n\
         Sign in as demo@example.com / demo. Save a file under src/, style/ or locales/\n\
         and the page reloads. Stop with Ctrl-C.\n"
    );
    let served = run("trunk", &["serve"]);
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    served
}

/// The README's pictures in `docs/` (see tests/screenshots).
fn screenshots() -> Outcome {
    with_browsers_and_bundle()?;
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
    with_browsers_and_bundle()?;
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
        Some("setup") => setup::setup(args.iter().any(|arg| arg == "--all")),
        Some("demo") => demo(&args),
        Some("dev") => dev(),
        Some("test") => suite::test(&args),
        Some("check-config") => check_config::run(args.get(1)),
        Some("dist") => tools_then_bundle(&[&setup::BUILD_TOOLS], 0).map(drop),
        Some("size") => size::report(&root().join("dist")),
        Some("soak") => soak(),
        Some("screenshots") => screenshots(),
        Some("snippet") => prerender::print_snippet(args.get(1..).unwrap_or_default()),
        Some("bench") => with_browsers_and_bundle().and_then(|()| bench::bench()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    ExitCode::from(exit_status(outcome, &mut std::io::stderr()))
}

/// 0, or 1 after saying what failed (a failed step names itself).
fn exit_status(outcome: Outcome, err: &mut impl std::io::Write) -> u8 {
    match outcome {
        Ok(()) => 0,
        Err(Failure(message)) => {
            let _ = writeln!(err, "\nxtask: {message}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_step_ends_the_command_non_zero_with_the_steps_name() {
        let logs = std::env::temp_dir().join(format!("xtask-exit-{}", std::process::id()));
        let mut progress = steps::Progress::to(Vec::new(), 6, logs);
        let outcome = progress.step("wasm-split-cli 0.2.4", "about 2 min", || {
            run("sh", &["-c", "exit 101"])
        });
        let mut said = Vec::new();
        assert_eq!(exit_status(outcome, &mut said), 1);
        let said = String::from_utf8_lossy(&said);
        assert!(
            said.contains("xtask: step [1/6] wasm-split-cli 0.2.4 failed"),
            "{said}"
        );
        assert_eq!(exit_status(Ok(()), &mut Vec::new()), 0);
    }
}
