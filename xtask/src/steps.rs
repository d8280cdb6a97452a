//! Progress a person can read while they wait: every setup and build step
//! prints one line before it starts (`[3/6] wasm-bindgen-cli 0.2.130 (first
//! time only, about 4 min)`) and one when it ends, with its time. What the
//! step's commands print (cargo's `Compiling …`, apt's progress) goes to a
//! log under `target/xtask/`, whose path is printed, and is shown in full
//! only when the step fails, followed by the step's failure line.

use std::cell::RefCell;
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{root, Failure, Outcome};

thread_local! {
    /// The log of the step that is running; `run_with` sends commands'
    /// output there instead of the terminal.
    static CURRENT_LOG: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

/// The running step's log, opened for appending, if a step is running.
pub fn current_log() -> Option<File> {
    let path = CURRENT_LOG.with(|log| log.borrow().clone())?;
    File::options().append(true).open(path).ok()
}

/// A tool a command needs: found in the right version, or installed.
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    /// Said before installing: `first time only, about 4 min`.
    pub hint: &'static str,
    pub present: fn() -> bool,
    pub install: fn() -> Outcome,
}

/// Numbers the steps of one command and prints their lines.
pub struct Progress<W: Write> {
    total: usize,
    started: usize,
    logs: PathBuf,
    out: W,
}

impl Progress<std::io::Stdout> {
    /// `total` steps, printed on the terminal, logged under `target/xtask/`.
    pub fn new(total: usize) -> Self {
        Progress::to(
            std::io::stdout(),
            total,
            root().join("target").join("xtask"),
        )
    }
}

impl<W: Write> Progress<W> {
    pub fn to(out: W, total: usize, logs: PathBuf) -> Self {
        Self {
            total,
            started: 0,
            logs,
            out,
        }
    }

    /// A tool that is present takes one line and is not installed again.
    pub fn tool(&mut self, tool: &Tool) -> Outcome {
        let title = format!("{} {}", tool.name, tool.version);
        if (tool.present)() {
            self.started += 1;
            self.say(&format!("{}: installed", self.numbered(&title)));
            return Ok(());
        }
        self.step(&title, tool.hint, tool.install)
    }

    /// Runs one step with its output in a log of its own.
    pub fn step(&mut self, title: &str, hint: &str, work: impl FnOnce() -> Outcome) -> Outcome {
        self.started += 1;
        let numbered = self.numbered(title);
        let log = self.logs.join(format!("{}.log", slug(title)));
        let shown_log = log
            .strip_prefix(root())
            .unwrap_or(&log)
            .display()
            .to_string();
        let _ = std::fs::create_dir_all(&self.logs);
        File::create(&log).map_err(|error| {
            Failure(format!(
                "{numbered}: cannot write its log {shown_log}: {error}"
            ))
        })?;
        self.say(&format!("{numbered} ({hint}); log: {shown_log}"));
        let began = Instant::now();
        let previous = CURRENT_LOG.with(|current| current.replace(Some(log.clone())));
        let outcome = work();
        CURRENT_LOG.with(|current| *current.borrow_mut() = previous);
        let took = duration(began.elapsed());
        match outcome {
            Ok(()) => {
                self.say(&format!("{numbered}: done in {took}"));
                Ok(())
            }
            Err(Failure(why)) => {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                self.say(&format!(
                    "--- {shown_log} ---\n{}\n--- end of {shown_log} ---\n{numbered}: FAILED after {took}: {why}",
                    text.trim_end()
                ));
                Err(Failure(format!("step {numbered} failed: {why}")))
            }
        }
    }

    fn numbered(&self, title: &str) -> String {
        format!("[{}/{}] {title}", self.started, self.total)
    }

    fn say(&mut self, line: &str) {
        let _ = writeln!(self.out, "{line}");
        let _ = self.out.flush();
    }
}

/// `wasm-bindgen-cli 0.2.130` → `wasm-bindgen-cli-0.2.130`, `release
/// bundle into dist/` → `release-bundle-into-dist`: a file name.
fn slug(title: &str) -> String {
    title
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `4 min 12 s`, `38 s`.
fn duration(took: Duration) -> String {
    let seconds = took.as_secs();
    match seconds {
        0..60 => format!("{seconds} s"),
        _ => format!("{} min {} s", seconds / 60, seconds % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn logs(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-steps-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn printed(out: &[u8]) -> String {
        String::from_utf8_lossy(out).into_owned()
    }

    #[test]
    fn a_step_prints_a_numbered_line_before_and_a_timed_line_after() {
        let mut out = Vec::new();
        let mut progress = Progress::to(&mut out, 6, logs("ok"));
        progress.step("first", "seconds", || Ok(())).ok();
        let outcome = progress.step(
            "wasm-bindgen-cli 0.2.130",
            "first time only, about 4 min",
            || Ok(()),
        );
        assert!(outcome.is_ok());
        let lines: Vec<String> = printed(&out).lines().map(str::to_owned).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[2]
            .starts_with("[2/6] wasm-bindgen-cli 0.2.130 (first time only, about 4 min); log: "));
        assert!(lines[2].ends_with("wasm-bindgen-cli-0.2.130.log"));
        assert_eq!(lines[3], "[2/6] wasm-bindgen-cli 0.2.130: done in 0 s");
    }

    #[test]
    fn a_commands_output_goes_to_the_steps_log_not_the_terminal() {
        let dir = logs("log");
        let mut out = Vec::new();
        let mut progress = Progress::to(&mut out, 1, dir.clone());
        let outcome = progress.step("quiet", "seconds", || {
            crate::run("sh", &["-c", "echo Compiling something; echo warning >&2"])
        });
        assert!(outcome.is_ok());
        let log = std::fs::read_to_string(dir.join("quiet.log")).unwrap_or_default();
        assert!(
            log.contains("Compiling something") && log.contains("warning"),
            "{log}"
        );
        assert!(!printed(&out).contains("Compiling"));
        assert!(current_log().is_none(), "the log is only for the step");
    }

    #[test]
    fn a_failing_step_prints_its_whole_log_then_fails_with_its_name() {
        let dir = logs("fail");
        let mut out = Vec::new();
        let mut progress = Progress::to(&mut out, 6, dir);
        let outcome = progress.step("sandbox server", "about 1 min", || {
            crate::run("sh", &["-c", "for i in $(seq 1 300); do echo line $i; done; echo 'error[E0425]: oops' >&2; exit 3"])
        });
        let Err(Failure(why)) = outcome else {
            panic!("the step must fail");
        };
        assert!(why.starts_with("step [1/6] sandbox server failed"), "{why}");
        let shown = printed(&out);
        assert!(
            shown.contains("[1/6] sandbox server: FAILED after 0 s"),
            "{shown}"
        );
        assert!(shown.contains("line 1\n") && shown.contains("line 300\n"));
        // The log's tail, with the error, right above the failure line.
        let last: Vec<&str> = shown.lines().rev().take(3).collect();
        assert!(
            last[0].starts_with("[1/6] sandbox server: FAILED"),
            "{last:?}"
        );
        assert!(last[1].starts_with("--- end of "), "{last:?}");
        assert_eq!(last[2], "error[E0425]: oops");
    }

    #[test]
    fn a_present_tool_takes_one_line_and_is_not_reinstalled() {
        thread_local! { static INSTALLS: Cell<u32> = const { Cell::new(0) }; }
        let tool = |present: fn() -> bool| Tool {
            name: "trunk",
            version: "0.21.14",
            hint: "first time only, about 6 min",
            present,
            install: || {
                INSTALLS.with(|count| count.set(count.get() + 1));
                Ok(())
            },
        };
        let mut out = Vec::new();
        let mut progress = Progress::to(&mut out, 2, logs("tool"));
        assert!(progress.tool(&tool(|| true)).is_ok());
        assert_eq!(INSTALLS.with(Cell::get), 0);
        assert!(progress.tool(&tool(|| false)).is_ok());
        assert_eq!(INSTALLS.with(Cell::get), 1);
        let lines: Vec<String> = printed(&out).lines().map(str::to_owned).collect();
        assert_eq!(lines[0], "[1/2] trunk 0.21.14: installed");
        assert!(lines[1].starts_with("[2/2] trunk 0.21.14 (first time only, about 6 min)"));
    }

    #[test]
    fn log_names_are_the_titles_words() {
        assert_eq!(slug("wasm-bindgen-cli 0.2.130"), "wasm-bindgen-cli-0.2.130");
        assert_eq!(
            slug("release bundle into dist/"),
            "release-bundle-into-dist"
        );
    }

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(duration(Duration::from_secs(38)), "38 s");
        assert_eq!(duration(Duration::from_secs(252)), "4 min 12 s");
    }
}
