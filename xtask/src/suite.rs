//! `cargo xtask test`: checks, then the browser-driven suites once per
//! engine, ending with one summary line per suite and engine so a reader
//! sees at a glance that each ran.

use std::io::{BufRead, BufReader};
use std::process::Command;

use crate::{command, root, run, Failure, Outcome};

/// A browser engine the end-to-end and component tests run in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    Chromium,
    Firefox,
}

impl Engine {
    const ALL: [Engine; 2] = [Engine::Chromium, Engine::Firefox];

    fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }

    /// The variable that makes wasm-bindgen-test-runner use this engine's
    /// driver (it would otherwise take the first driver on PATH).
    fn driver_variable(self) -> (&'static str, &'static str) {
        match self {
            Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
        }
    }
}

/// The engines asked for with `--browser NAME` (repeatable) or
/// `SRF_BROWSERS=a,b`; both when neither is given.
fn engines(args: &[String]) -> Result<Vec<Engine>, Failure> {
    let mut names: Vec<String> = args
        .windows(2)
        .filter(|pair| pair.first().is_some_and(|flag| flag == "--browser"))
        .filter_map(|pair| pair.get(1).cloned())
        .collect();
    if names.is_empty() {
        if let Ok(list) = std::env::var("SRF_BROWSERS") {
            names = list.split(',').map(|name| name.trim().to_owned()).collect();
        }
    }
    if names.is_empty() {
        return Ok(Engine::ALL.to_vec());
    }
    names
        .iter()
        .map(|name| {
            Engine::ALL
                .into_iter()
                .find(|engine| engine.name() == name)
                .ok_or_else(|| Failure(format!("unknown browser {name:?}: chromium or firefox")))
        })
        .collect()
}

/// The component tests (wasm-bindgen-test in a browser).
const BROWSER_TESTS: [&str; 8] = [
    "test",
    "--package",
    "support-request-form",
    "--locked",
    "--target",
    "wasm32-unknown-unknown",
    "--test",
    "browser",
];

/// What one test binary reported.
struct Tally {
    passed: u32,
    failed: u32,
}

/// Runs a cargo test command, echoing its output; returns whether it
/// succeeded and the tallies of the test binaries whose "Running" line
/// contains `binary`, summed (`None` when none reported: it did not build
/// or did not start).
fn run_and_tally(mut command: Command, binary: &str) -> Result<(bool, Option<Tally>), Failure> {
    let shown = format!("{command:?}");
    println!("\n==> {shown}");
    // One pipe for both streams keeps cargo's "Running" lines (stderr) in
    // order with the results the test binaries print (stdout).
    let (reader, writer) = std::io::pipe().map_err(|error| Failure(error.to_string()))?;
    let writer_too = writer
        .try_clone()
        .map_err(|error| Failure(error.to_string()))?;
    let mut child = command
        .stdout(writer)
        .stderr(writer_too)
        .spawn()
        .map_err(|error| Failure(format!("cannot start {shown}: {error}")))?;
    // The command holds the pipe's writing ends until it is dropped.
    drop(command);
    let mut tallies = Tallies::of(binary);
    for line in BufReader::new(reader).lines() {
        let Ok(line) = line else { break };
        println!("{line}");
        tallies.read(&line);
    }
    let succeeded = child.wait().is_ok_and(|status| status.success());
    Ok((succeeded, tallies.sum))
}

/// Adds up the "test result" lines of one test binary in cargo's output.
struct Tallies<'a> {
    binary: &'a str,
    /// The target cargo is running now.
    current: String,
    sum: Option<Tally>,
}

impl<'a> Tallies<'a> {
    fn of(binary: &'a str) -> Self {
        Self {
            binary,
            current: String::new(),
            sum: None,
        }
    }

    fn read(&mut self, line: &str) {
        let trimmed = line.trim();
        // Cargo's own "Running <target>" lines are indented; the browser
        // test runner's "Running headless tests in …" is not.
        if let Some(target) = trimmed
            .strip_prefix("Running ")
            .filter(|_| line.starts_with(' '))
        {
            self.current = target.to_owned();
        } else if let Some(result) = trimmed.strip_prefix("test result: ") {
            if self.current.contains(self.binary) {
                let found = parse_result(result);
                let sum = self.sum.get_or_insert(Tally {
                    passed: 0,
                    failed: 0,
                });
                sum.passed += found.passed;
                sum.failed += found.failed;
            }
        }
    }
}

/// "ok. 86 passed; 0 failed; 0 ignored; ..." → the counts.
fn parse_result(result: &str) -> Tally {
    let count = |word: &str| {
        result
            .split([';', '.'])
            .filter_map(|part| part.trim().strip_suffix(word))
            .find_map(|number| number.trim().parse().ok())
            .unwrap_or(0)
    };
    Tally {
        passed: count(" passed"),
        failed: count(" failed"),
    }
}

/// One summary line: `e2e firefox: 86 passed, 0 failed`; a suite that
/// fails without reporting (a build error) says so.
fn summary(suite: &str, engine: Engine, tally: Option<&Tally>) -> String {
    match tally {
        Some(Tally { passed, failed }) => {
            format!(
                "{suite} {}: {passed} passed, {failed} failed",
                engine.name()
            )
        }
        None => format!(
            "{suite} {}: did not run to the end (see above)",
            engine.name()
        ),
    }
}

pub fn test(args: &[String]) -> Outcome {
    let engines = engines(args)?;
    let mut progress =
        crate::setup::ensure(&[&crate::setup::BUILD_TOOLS, &crate::setup::TEST_TOOLS], 6)?;
    progress.step("format (cargo fmt --check)", "seconds", || {
        run("cargo", &["fmt", "--all", "--check"])
    })?;
    progress.step(
        "lints (clippy, native)",
        "about 2 min the first time",
        || {
            run(
                "cargo",
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--locked",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        },
    )?;
    progress.step(
        "lints (clippy, wasm32)",
        "about 2 min the first time",
        || {
            run(
                "cargo",
                &[
                    "clippy",
                    "--package",
                    "support-request-form",
                    "--all-targets",
                    "--locked",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        },
    )?;
    crate::bundle_step(&mut progress)?;
    progress.step(
        "build the tests (native and wasm32)",
        "about 3 min the first time",
        || {
            run("cargo", &["test", "--workspace", "--locked", "--no-run"])?;
            run("cargo", &[&BROWSER_TESTS[..], &["--no-run"]].concat())
        },
    )?;
    progress.step(
        "development build (trunk build into target/trunk)",
        "about 2 min the first time",
        || run("trunk", &["build"]),
    )?;
    let dist = root().join("dist");
    let mut lines = Vec::new();
    let mut all_passed = true;
    // Unit and sandbox API tests once, with the end-to-end tests (against
    // dist/) in the first engine; then the end-to-end tests alone in the
    // others.
    for (index, engine) in engines.iter().enumerate() {
        let arguments: &[&str] = if index == 0 {
            &["test", "--workspace", "--locked", "--no-fail-fast"]
        } else {
            &["test", "--locked", "--test", "e2e"]
        };
        let mut cargo = command("cargo", arguments);
        cargo
            .env("SRF_DIST", &dist)
            .env("SRF_TRUNK_DIST", root().join("target/trunk"))
            .env("SRF_BROWSER", engine.name());
        let (succeeded, tally) = run_and_tally(cargo, "tests/e2e/main.rs")?;
        all_passed &= succeeded;
        lines.push(summary("e2e", *engine, tally.as_ref()));
    }
    // Component tests, with a sandbox for the upload test (its URL is
    // compiled into the test).
    let sandbox = BackgroundSandbox::start()?;
    for engine in &engines {
        let mut browser = command("cargo", &BROWSER_TESTS);
        let (variable, driver) = engine.driver_variable();
        browser
            .env("SRF_SANDBOX_URL", &sandbox.url)
            .env(variable, driver);
        let (succeeded, tally) = run_and_tally(browser, "tests/browser.rs")?;
        all_passed &= succeeded;
        lines.push(summary("browser", *engine, tally.as_ref()));
    }
    drop(sandbox);
    crate::size::report(&dist)?;
    let budget = crate::size::check_budget(&dist);
    println!();
    for line in &lines {
        println!("{line}");
    }
    if !all_passed {
        return Err(Failure(
            "some tests failed or did not run (see above)".into(),
        ));
    }
    budget
}

/// A sandbox process for the browser tests, stopped when dropped.
struct BackgroundSandbox {
    child: std::process::Child,
    url: String,
}

impl BackgroundSandbox {
    fn start() -> Result<Self, Failure> {
        use std::io::BufRead;
        run(
            "cargo",
            &["build", "--quiet", "--package", "sandbox", "--locked"],
        )?;
        let binary = root().join("target/debug/sandbox");
        let mut child = Command::new(&binary)
            .args([
                "--port",
                "0",
                "--memory",
                "--allow-origin",
                "*",
                "--max-upload-bytes",
                "209715200",
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|error| Failure(format!("cannot start {}: {error}", binary.display())))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        }
        match line.trim().strip_prefix("sandbox: listening on ") {
            Some(url) => Ok(Self {
                url: url.to_owned(),
                child,
            }),
            None => {
                let _ = child.kill();
                Err(Failure(format!("the sandbox did not start: {line}")))
            }
        }
    }
}

impl Drop for BackgroundSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_result_line_gives_its_counts() {
        let tally = parse_result(
            "ok. 86 passed; 0 failed; 0 ignored; 0 measured; 3 filtered out; finished in 101.2s",
        );
        assert_eq!((tally.passed, tally.failed), (86, 0));
        let tally =
            parse_result("FAILED. 84 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out");
        assert_eq!((tally.passed, tally.failed), (84, 2));
        assert_eq!(
            summary(
                "e2e",
                Engine::Firefox,
                Some(&parse_result("ok. 86 passed; 0 failed"))
            ),
            "e2e firefox: 86 passed, 0 failed"
        );
    }

    #[test]
    fn only_the_named_binarys_results_are_counted() {
        let output = "     Running unittests src/lib.rs (target/debug/deps/srf-1)
test result: ok. 87 passed; 0 failed; 0 ignored
     Running tests/browser.rs (target/wasm32-unknown-unknown/debug/deps/browser-2.wasm)
Running headless tests in Chrome on `http://127.0.0.1:1/`
test result: FAILED. 4 passed; 1 failed; 0 ignored
     Running tests/no_panics.rs (target/debug/deps/no_panics-3)
test result: ok. 2 passed; 0 failed; 0 ignored";
        let mut tallies = Tallies::of("tests/browser.rs");
        output.lines().for_each(|line| tallies.read(line));
        let sum = tallies.sum.map(|sum| (sum.passed, sum.failed));
        assert_eq!(sum, Some((4, 1)));
        let mut none = Tallies::of("tests/e2e/main.rs");
        output.lines().for_each(|line| none.read(line));
        assert!(none.sum.is_none());
    }

    #[test]
    fn the_browser_flag_picks_the_engines_and_rejects_unknown_ones() {
        let picked = |args: &[&str]| {
            let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
            engines(&args).map(|engines| {
                engines
                    .iter()
                    .map(|engine| engine.name())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            picked(&["test", "--browser", "firefox"]).ok(),
            Some(vec!["firefox"])
        );
        assert_eq!(
            picked(&["test", "--browser", "firefox", "--browser", "chromium"]).ok(),
            Some(vec!["firefox", "chromium"])
        );
        assert!(picked(&["test", "--browser", "safari"]).is_err());
    }
}
