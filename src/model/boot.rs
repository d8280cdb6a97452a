//! Boot: how one form gets from "the host created it" to "the app runs",
//! whatever the host sets meanwhile. A plain state machine: the main module
//! tells it what happened (an input changed, the configuration resolved,
//! the app's chunk arrived, a timer fired, a button was pressed) and does
//! the [`Command`]s it answers with. The latest input always wins: each
//! change that needs the configuration or the words read again starts a
//! new generation, and an answer for an older generation is ignored.

use super::config::ConfigError;
use super::retry::Policy;
use crate::api::wire::ApiError;

/// Why a form cannot start: its configuration or a catalog is wrong or out
/// of reach.
#[derive(Clone, Debug, PartialEq)]
pub enum Trouble {
    /// The configuration has these problems (at least one), each with its
    /// key path; `source` is the URL it came from (`config-src`), if any.
    Config {
        source: Option<String>,
        problems: Vec<ConfigError>,
    },
    /// A file (the configuration or a catalog) could not be fetched.
    Unreachable { url: String, error: ApiError },
    /// A catalog (`file`, e.g. `locales/de.json`) is malformed.
    Catalog { file: String, error: ConfigError },
}

impl Trouble {
    /// The configuration's problems (none when a file is out of reach).
    pub fn problems(&self) -> Vec<ConfigError> {
        match self {
            Trouble::Config { problems, .. } => problems.clone(),
            _ => Vec::new(),
        }
    }

    /// What can be done about it.
    pub fn recovery(&self) -> Recovery {
        match self {
            Trouble::Config { source: None, .. } => Recovery::Host,
            Trouble::Config { .. } | Trouble::Catalog { .. } => Recovery::Refetch,
            Trouble::Unreachable { error, .. } => Recovery::of_fetch(error),
        }
    }
}

/// What the host (or the person, for the session) can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Config,
    ConfigSrc,
    Locale,
    ServerUrl,
    Token,
    TokenProvider,
    User,
    Theme,
    /// The host's starting values.
    Prefill,
    /// What the host has sent with each request (the app shows it).
    Context,
    /// The service the host opens.
    Service,
    /// The portal's stored sign-in (signed out on the first screen).
    Session,
}

impl Input {
    /// Whether a change means reading the configuration (and the words it
    /// names) again.
    pub fn needs_resolving(self) -> bool {
        matches!(self, Input::Config | Input::ConfigSrc | Input::Locale)
    }

    /// Whether the first screen shows something that depends on it (the
    /// token provider and the host's context do not).
    fn shown_on_first_screen(self) -> bool {
        !matches!(self, Input::TokenProvider | Input::Context)
    }
}

/// What can be done about a configuration or a catalog that could not be
/// used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Time may fix it (no answer, a timeout, a 5xx, a 429): tried again
    /// by itself with backoff, at once when the browser comes back online,
    /// and by *Try again*.
    Retry,
    /// The file is wrong (a 4xx, not JSON, an invalid configuration): an
    /// admin must fix it; *Try again* fetches it again, nothing else does.
    Refetch,
    /// The host gave a configuration object that cannot be used: only a
    /// new one helps.
    Host,
}

impl Recovery {
    /// How a failed fetch at boot is recovered from.
    pub fn of_fetch(error: &ApiError) -> Self {
        match error {
            ApiError::Network => Recovery::Retry,
            ApiError::Rejected { status, .. } if *status >= 500 || matches!(status, 408 | 429) => {
                Recovery::Retry
            }
            _ => Recovery::Refetch,
        }
    }
}

/// How resolving the configuration and the words ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ready,
    Failed(Recovery),
}

/// What the main module does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Read the configuration and the words from the inputs as they are
    /// now; answer with [`Boot::resolved`] and this generation.
    Resolve { generation: u32 },
    /// Load the app's chunk; answer with [`Boot::chunk_loaded`].
    LoadApp,
    /// Paint the first screen from the resolved configuration (again, if
    /// one shows: carrying over what was typed, picked and focused there).
    PaintFirst,
    /// Say on the first screen that the app could not be loaded, with
    /// *Try again*.
    ShowLoadProblem,
    /// Show why the form cannot start, in place of whatever shows (the
    /// first screen or the app); offer *Try again* if `try_again`.
    ShowProblem { try_again: bool },
    /// Call [`Boot::retry_due`] with this generation after `ms`.
    RetryIn { generation: u32, ms: f64 },
    /// Start the app from the resolved configuration, taking over the
    /// first screen if one shows.
    StartApp,
    /// Give the running app the newly resolved configuration and words.
    UpdateApp,
    /// Give the running app this input's new value.
    Forward(Input),
}

/// What shows in the form's place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Blank,
    First,
    Problem,
    App,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolution {
    Pending,
    Ready,
    Failed(Recovery),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chunk {
    Loading,
    Loaded,
    Failed,
}

/// One form's boot.
#[derive(Debug)]
pub struct Boot {
    generation: u32,
    resolution: Resolution,
    /// Failures in a row that time may fix, for the backoff.
    failures: u32,
    chunk: Chunk,
    screen: Screen,
    stopped: bool,
    policy: Policy,
}

impl Boot {
    /// A form just created: resolve and load the app at once. The first
    /// screen is painted as soon as the configuration is ready, unless the
    /// app has arrived by then: no guess at the connection's speed.
    pub fn start() -> (Self, Vec<Command>) {
        let boot = Self {
            generation: 1,
            resolution: Resolution::Pending,
            failures: 0,
            chunk: Chunk::Loading,
            screen: Screen::Blank,
            stopped: false,
            policy: Policy {
                max_attempts: u32::MAX,
                base_ms: 1_000.0,
                cap_ms: 30_000.0,
            },
        };
        let commands = vec![Command::Resolve { generation: 1 }, Command::LoadApp];
        (boot, commands)
    }

    /// What shows now.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The generation the latest inputs belong to.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// Whether the latest inputs are still being resolved: an app being
    /// built waits for them before it takes over from the first screen,
    /// so that the form that takes over is theirs.
    pub fn resolving(&self) -> bool {
        !self.stopped && self.resolution == Resolution::Pending
    }

    /// The host (or the person) changed `input` to a new value.
    pub fn changed(&mut self, input: Input) -> Vec<Command> {
        if self.stopped {
            return Vec::new();
        }
        if input.needs_resolving() {
            return self.resolve_again();
        }
        match self.screen {
            Screen::App => vec![Command::Forward(input)],
            Screen::First if input.shown_on_first_screen() => vec![Command::PaintFirst],
            // Read when the next screen is painted.
            Screen::First | Screen::Blank | Screen::Problem => Vec::new(),
        }
    }

    fn resolve_again(&mut self) -> Vec<Command> {
        self.generation = self.generation.wrapping_add(1);
        self.resolution = Resolution::Pending;
        self.failures = 0;
        vec![Command::Resolve {
            generation: self.generation,
        }]
    }

    /// Resolving for `generation` ended; `random` in `[0, 1)` spreads
    /// the retries of many forms apart.
    pub fn resolved(&mut self, generation: u32, outcome: Outcome, random: f64) -> Vec<Command> {
        if self.stopped || generation != self.generation || self.resolution != Resolution::Pending {
            return Vec::new();
        }
        match outcome {
            Outcome::Ready => {
                self.resolution = Resolution::Ready;
                self.failures = 0;
                self.settle()
            }
            Outcome::Failed(recovery) => {
                self.resolution = Resolution::Failed(recovery);
                self.screen = Screen::Problem;
                let mut commands = vec![Command::ShowProblem {
                    try_again: recovery != Recovery::Host,
                }];
                if recovery == Recovery::Retry {
                    self.failures = self.failures.saturating_add(1);
                    commands.push(Command::RetryIn {
                        generation,
                        ms: self.policy.backoff_ms(self.failures, random),
                    });
                }
                commands
            }
        }
    }

    /// The configuration is ready: show the app if it has arrived, else
    /// the first screen.
    fn settle(&mut self) -> Vec<Command> {
        match (self.chunk, self.screen) {
            (Chunk::Loaded, Screen::App) => vec![Command::UpdateApp],
            (Chunk::Loaded, _) => {
                self.screen = Screen::App;
                vec![Command::StartApp]
            }
            (Chunk::Loading, _) => {
                self.screen = Screen::First;
                vec![Command::PaintFirst]
            }
            (Chunk::Failed, _) => {
                self.screen = Screen::First;
                vec![Command::PaintFirst, Command::ShowLoadProblem]
            }
        }
    }

    /// The app's chunk arrived (`true`) or could not be loaded.
    pub fn chunk_loaded(&mut self, ok: bool) -> Vec<Command> {
        if self.stopped || self.chunk != Chunk::Loading {
            return Vec::new();
        }
        self.chunk = if ok { Chunk::Loaded } else { Chunk::Failed };
        if self.resolution != Resolution::Ready {
            return Vec::new();
        }
        if !ok && self.screen == Screen::First {
            return vec![Command::ShowLoadProblem];
        }
        self.settle()
    }

    /// The backoff for `generation` is over.
    pub fn retry_due(&mut self, generation: u32) -> Vec<Command> {
        if self.stopped
            || generation != self.generation
            || self.resolution != Resolution::Failed(Recovery::Retry)
        {
            return Vec::new();
        }
        self.resolution = Resolution::Pending;
        vec![Command::Resolve { generation }]
    }

    /// The person pressed *Try again*: whatever failed is tried at once.
    pub fn try_again(&mut self) -> Vec<Command> {
        self.recover(&[Recovery::Retry, Recovery::Refetch])
    }

    /// The browser is back online: what failed for want of a network is
    /// tried at once.
    pub fn online(&mut self) -> Vec<Command> {
        self.recover(&[Recovery::Retry])
    }

    fn recover(&mut self, recoverable: &[Recovery]) -> Vec<Command> {
        if self.stopped {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if self.chunk == Chunk::Failed {
            self.chunk = Chunk::Loading;
            commands.push(Command::LoadApp);
        }
        if let Resolution::Failed(recovery) = self.resolution {
            if recoverable.contains(&recovery) {
                let failures = self.failures;
                commands.extend(self.resolve_again());
                // Pressed or online, the backoff goes on where it was.
                self.failures = failures;
            }
        }
        commands
    }

    /// The form was removed: nothing more may start.
    pub fn stop(&mut self) {
        self.stopped = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(boot: &mut Boot) -> Vec<Command> {
        boot.resolved(boot.generation(), Outcome::Ready, 0.0)
    }

    #[test]
    fn resolving_lasts_from_each_change_of_inputs_until_they_are_resolved_or_fail() {
        let (mut boot, _) = Boot::start();
        assert!(boot.resolving(), "the first inputs");
        ready(&mut boot);
        assert!(!boot.resolving());
        boot.changed(Input::Locale);
        assert!(boot.resolving(), "a new language");
        ready(&mut boot);
        assert!(!boot.resolving());
        boot.changed(Input::Config);
        boot.resolved(boot.generation(), Outcome::Failed(Recovery::Host), 0.0);
        assert!(!boot.resolving(), "failed: nothing is coming");
    }

    #[test]
    fn the_app_arriving_before_the_configuration_starts_once_it_is_resolved() {
        let (mut boot, commands) = Boot::start();
        assert_eq!(
            commands,
            vec![Command::Resolve { generation: 1 }, Command::LoadApp]
        );
        assert_eq!(boot.chunk_loaded(true), vec![]);
        assert_eq!(boot.screen(), Screen::Blank);
        assert_eq!(ready(&mut boot), vec![Command::StartApp]);
        assert_eq!(boot.screen(), Screen::App);
    }

    #[test]
    fn the_first_screen_is_painted_as_soon_as_the_configuration_is_ready_then_hands_over() {
        let (mut boot, _) = Boot::start();
        assert_eq!(ready(&mut boot), vec![Command::PaintFirst]);
        assert_eq!(boot.screen(), Screen::First);
        assert_eq!(boot.chunk_loaded(true), vec![Command::StartApp]);
        assert_eq!(boot.screen(), Screen::App);
    }

    #[test]
    fn an_app_that_fails_to_load_before_the_configuration_is_said_on_the_first_screen_and_tried_again(
    ) {
        let (mut boot, _) = Boot::start();
        assert_eq!(boot.chunk_loaded(false), vec![]);
        assert_eq!(
            ready(&mut boot),
            vec![Command::PaintFirst, Command::ShowLoadProblem]
        );
        assert_eq!(boot.try_again(), vec![Command::LoadApp]);
        assert_eq!(boot.chunk_loaded(true), vec![Command::StartApp]);
    }

    #[test]
    fn an_app_failing_while_the_first_screen_shows_only_adds_the_problem() {
        let (mut boot, _) = Boot::start();
        ready(&mut boot);
        assert_eq!(boot.chunk_loaded(false), vec![Command::ShowLoadProblem]);
        assert_eq!(boot.online(), vec![Command::LoadApp]);
    }

    #[test]
    fn a_chunk_failure_before_the_configuration_shows_with_the_first_screen() {
        let (mut boot, _) = Boot::start();
        assert_eq!(boot.chunk_loaded(false), vec![]);
        assert_eq!(
            ready(&mut boot),
            vec![Command::PaintFirst, Command::ShowLoadProblem]
        );
    }

    #[test]
    fn a_config_set_while_resolving_starts_a_new_generation_and_the_old_answer_is_ignored() {
        let (mut boot, _) = Boot::start();
        assert_eq!(
            boot.changed(Input::Config),
            vec![Command::Resolve { generation: 2 }]
        );
        assert_eq!(boot.resolved(1, Outcome::Ready, 0.0), vec![]);
        assert_eq!(boot.screen(), Screen::Blank);
        assert_eq!(
            boot.resolved(2, Outcome::Ready, 0.0),
            vec![Command::PaintFirst]
        );
    }

    #[test]
    fn config_src_and_locale_changes_are_resolved_again_in_every_screen() {
        for input in [Input::Config, Input::ConfigSrc, Input::Locale] {
            let (mut boot, _) = Boot::start();
            ready(&mut boot);
            assert_eq!(
                boot.changed(input),
                vec![Command::Resolve { generation: 2 }]
            );
            assert_eq!(ready(&mut boot), vec![Command::PaintFirst], "{input:?}");
            boot.chunk_loaded(true);
            assert_eq!(
                boot.changed(input),
                vec![Command::Resolve { generation: 3 }]
            );
            assert_eq!(ready(&mut boot), vec![Command::UpdateApp], "{input:?}");
            assert_eq!(boot.screen(), Screen::App);
        }
    }

    #[test]
    fn a_config_set_while_the_app_loads_reaches_the_app_when_it_starts() {
        let (mut boot, _) = Boot::start();
        ready(&mut boot);
        boot.changed(Input::Config);
        // The app arrives before the new configuration is resolved: it
        // starts with the new one, not the old.
        assert_eq!(boot.chunk_loaded(true), vec![]);
        assert_eq!(ready(&mut boot), vec![Command::StartApp]);
    }

    #[test]
    fn other_inputs_repaint_the_first_screen_and_go_to_the_running_app() {
        let (mut boot, _) = Boot::start();
        assert_eq!(boot.changed(Input::Token), vec![]);
        ready(&mut boot);
        for input in [
            Input::ServerUrl,
            Input::Token,
            Input::User,
            Input::Theme,
            Input::Prefill,
            Input::Service,
            Input::Session,
        ] {
            assert_eq!(boot.changed(input), vec![Command::PaintFirst], "{input:?}");
        }
        assert_eq!(boot.changed(Input::TokenProvider), vec![]);
        assert_eq!(boot.changed(Input::Context), vec![]);
        boot.chunk_loaded(true);
        for input in [
            Input::ServerUrl,
            Input::TokenProvider,
            Input::Theme,
            Input::Prefill,
            Input::Context,
            Input::Service,
        ] {
            assert_eq!(boot.changed(input), vec![Command::Forward(input)]);
        }
    }

    #[test]
    fn a_bad_configuration_is_shown_and_a_good_one_starts_the_form() {
        let (mut boot, _) = Boot::start();
        assert_eq!(
            boot.resolved(1, Outcome::Failed(Recovery::Host), 0.0),
            vec![Command::ShowProblem { try_again: false }]
        );
        assert_eq!(boot.screen(), Screen::Problem);
        assert_eq!(boot.try_again(), vec![], "only a new configuration helps");
        assert_eq!(boot.online(), vec![]);
        boot.changed(Input::Config);
        assert_eq!(ready(&mut boot), vec![Command::PaintFirst]);
        assert_eq!(boot.chunk_loaded(true), vec![Command::StartApp]);
    }

    #[test]
    fn a_good_configuration_after_a_bad_one_paints_the_first_screen() {
        let (mut boot, _) = Boot::start();
        boot.resolved(1, Outcome::Failed(Recovery::Host), 0.0);
        boot.changed(Input::Config);
        assert_eq!(ready(&mut boot), vec![Command::PaintFirst]);
    }

    #[test]
    fn a_bad_configuration_while_the_app_runs_replaces_it_until_a_good_one() {
        let (mut boot, _) = Boot::start();
        boot.chunk_loaded(true);
        ready(&mut boot);
        boot.changed(Input::Config);
        assert_eq!(
            boot.resolved(2, Outcome::Failed(Recovery::Host), 0.0),
            vec![Command::ShowProblem { try_again: false }]
        );
        assert_eq!(boot.changed(Input::Token), vec![]);
        boot.changed(Input::Config);
        assert_eq!(ready(&mut boot), vec![Command::StartApp]);
    }

    #[test]
    fn a_failed_fetch_is_retried_with_capped_backoff_until_it_answers() {
        let (mut boot, _) = Boot::start();
        let mut waits = Vec::new();
        for _ in 0..7 {
            let generation = boot.generation();
            let commands = boot.resolved(generation, Outcome::Failed(Recovery::Retry), 1.0);
            assert_eq!(
                commands.first(),
                Some(&Command::ShowProblem { try_again: true })
            );
            let Some(Command::RetryIn {
                generation: due,
                ms,
            }) = commands.get(1)
            else {
                panic!("no retry: {commands:?}");
            };
            waits.push(*ms);
            assert_eq!(
                boot.retry_due(*due),
                vec![Command::Resolve { generation: *due }]
            );
        }
        assert_eq!(
            waits,
            vec![1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0, 30_000.0, 30_000.0]
        );
        assert_eq!(ready(&mut boot), vec![Command::PaintFirst]);
    }

    #[test]
    fn try_again_and_online_retry_at_once_and_the_pending_timer_is_then_ignored() {
        let (mut boot, _) = Boot::start();
        boot.resolved(1, Outcome::Failed(Recovery::Retry), 0.0);
        assert_eq!(boot.try_again(), vec![Command::Resolve { generation: 2 }]);
        assert_eq!(boot.retry_due(1), vec![], "the old timer is stale");
        let commands = boot.resolved(2, Outcome::Failed(Recovery::Retry), 1.0);
        assert_eq!(
            commands.get(1),
            Some(&Command::RetryIn {
                generation: 2,
                ms: 2_000.0
            }),
            "the backoff goes on growing"
        );
        assert_eq!(boot.online(), vec![Command::Resolve { generation: 3 }]);
        assert_eq!(ready(&mut boot), vec![Command::PaintFirst]);
    }

    #[test]
    fn a_wrong_file_is_fetched_again_only_when_asked() {
        let (mut boot, _) = Boot::start();
        assert_eq!(
            boot.resolved(1, Outcome::Failed(Recovery::Refetch), 0.0),
            vec![Command::ShowProblem { try_again: true }]
        );
        assert_eq!(boot.online(), vec![]);
        assert_eq!(boot.retry_due(1), vec![]);
        assert_eq!(boot.try_again(), vec![Command::Resolve { generation: 2 }]);
    }

    #[test]
    fn a_new_input_during_backoff_resolves_at_once_and_resets_the_backoff() {
        let (mut boot, _) = Boot::start();
        boot.resolved(1, Outcome::Failed(Recovery::Retry), 0.0);
        boot.resolved(1, Outcome::Failed(Recovery::Retry), 0.0);
        assert_eq!(
            boot.changed(Input::ConfigSrc),
            vec![Command::Resolve { generation: 2 }]
        );
        let commands = boot.resolved(2, Outcome::Failed(Recovery::Retry), 1.0);
        assert_eq!(
            commands.get(1),
            Some(&Command::RetryIn {
                generation: 2,
                ms: 1_000.0
            })
        );
    }

    #[test]
    fn a_stopped_boot_does_nothing_more() {
        let (mut boot, _) = Boot::start();
        boot.stop();
        assert_eq!(ready(&mut boot), vec![]);
        assert_eq!(boot.changed(Input::Config), vec![]);
        assert_eq!(boot.chunk_loaded(true), vec![]);
        assert_eq!(boot.try_again(), vec![]);
    }

    #[test]
    fn a_hosts_bad_object_waits_for_the_host_and_a_bad_file_for_its_admin() {
        let problem = ConfigError {
            path: "theme".into(),
            problem: crate::model::config::ConfigProblem::MustBeText,
        };
        let given = Trouble::Config {
            source: None,
            problems: vec![problem.clone()],
        };
        assert_eq!(given.recovery(), Recovery::Host);
        let fetched = Trouble::Config {
            source: Some("https://x/config.json".into()),
            problems: vec![problem.clone()],
        };
        assert_eq!(fetched.recovery(), Recovery::Refetch);
        let catalog = Trouble::Catalog {
            file: "locales/xx.json".into(),
            error: problem,
        };
        assert_eq!(catalog.recovery(), Recovery::Refetch);
        let down = Trouble::Unreachable {
            url: "https://x/config.json".into(),
            error: ApiError::Network,
        };
        assert_eq!(down.recovery(), Recovery::Retry);
    }

    #[test]
    fn fetch_failures_are_retried_only_when_time_may_fix_them() {
        let rejected = |status| ApiError::Rejected {
            status,
            status_text: String::new(),
            message: None,
            retry_after: None,
        };
        assert_eq!(Recovery::of_fetch(&ApiError::Network), Recovery::Retry);
        for status in [500, 502, 503, 504, 408, 429] {
            assert_eq!(Recovery::of_fetch(&rejected(status)), Recovery::Retry);
        }
        for status in [400, 403, 404, 410] {
            assert_eq!(Recovery::of_fetch(&rejected(status)), Recovery::Refetch);
        }
        assert_eq!(Recovery::of_fetch(&ApiError::Unreadable), Recovery::Refetch);
    }
}
