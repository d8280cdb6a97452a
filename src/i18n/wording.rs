//! The engine's typed values in words: validation problems, refused files,
//! failed calls, configuration mistakes. The model never words anything;
//! only this module does, from the catalogs.

use super::{Localized, Words};
use crate::api::wire::ApiError;
use crate::model::attachments::Rejection;
use crate::model::boot::Trouble;
use crate::model::config::{ConfigError, ConfigProblem};
use crate::model::fields::{FieldSpec, Label, Standard};
use crate::model::validate::Problem;

impl Words {
    /// A configured text in this language.
    pub fn localized(&self, text: &Localized) -> String {
        text.pick(&self.lang).to_owned()
    }

    /// A field's label.
    pub fn label(&self, label: &Label) -> String {
        match label {
            Label::Standard(field) => self.text(&standard_key(*field)),
            Label::Given(text) => self.localized(text),
            Label::Worded(key) => self.text(key),
        }
    }

    /// How an option of `field` reads: its configured label, else the
    /// catalog's name for a seed value, else the value itself.
    pub fn option(&self, field: &FieldSpec, value: &str) -> String {
        match field.option_labels.iter().find(|(known, _)| known == value) {
            Some((_, label)) => self.localized(label),
            None => self.value_name(value),
        }
    }

    /// How a value the server knows reads: the catalog's name for a seed
    /// value (`Low`, `In Progress`, `tier1`), else the value itself.
    pub fn value_name(&self, value: &str) -> String {
        let named = self.text(&format!("option.{value}"));
        if named.is_empty() {
            value.to_owned()
        } else {
            named
        }
    }

    /// A problem with the field labelled `label`.
    pub fn problem(&self, label: &str, problem: &Problem) -> String {
        let with = |key: &str, more: &[(&str, &str)]| {
            let mut args = vec![("label", label)];
            args.extend_from_slice(more);
            self.fill(key, &args)
        };
        match problem {
            Problem::Required => with("problem.required", &[]),
            Problem::InvalidEmail => with("problem.invalidEmail", &[]),
            Problem::InvalidEmailInList { entry } => {
                with("problem.invalidEmailInList", &[("entry", entry)])
            }
            Problem::NotANumber => with("problem.notANumber", &[]),
            Problem::TooSmall { min } => {
                with("problem.tooSmall", &[("min", &self.intl().number(*min))])
            }
            Problem::TooLarge { max } => {
                with("problem.tooLarge", &[("max", &self.intl().number(*max))])
            }
            Problem::NotAnOption => with("problem.notAnOption", &[]),
            Problem::BadAssetRow { row } => with(
                "problem.badAssetRow",
                &[("row", &self.intl().number(*row as f64))],
            ),
            Problem::UploadFailed { name } => self.fill("problem.uploadFailed", &[("name", name)]),
            Problem::Server(message) => message.clone(),
        }
    }

    /// Why a file was not accepted.
    pub fn rejection(&self, rejection: &Rejection) -> String {
        let size = |bytes: u64| self.intl().bytes(bytes);
        match rejection {
            Rejection::TypeNotAccepted { name, accepted } => self.fill(
                "files.typeNotAccepted",
                &[("name", name), ("accepted", &accepted.join(", "))],
            ),
            Rejection::FileTooLarge {
                name,
                size: got,
                limit,
            } => self.fill(
                "files.tooLarge",
                &[
                    ("name", name),
                    ("size", &size(*got)),
                    ("limit", &size(*limit)),
                ],
            ),
            Rejection::OverLimit { name, limit } => self.fill(
                "files.overLimit",
                &[("name", name), ("limit", &size(*limit))],
            ),
            Rejection::TooManyFiles { limit } => self.plural("files.tooMany", *limit as f64, &[]),
            Rejection::TotalTooLarge { name, total, limit } => self.fill(
                "files.totalTooLarge",
                &[
                    ("name", name),
                    ("total", &size(*total)),
                    ("limit", &size(*limit)),
                ],
            ),
        }
    }

    /// Why reading or adding to a ticket failed: a 403 means the ticket is
    /// someone else's, said in plain words whatever the server's.
    pub fn follow_up_error(&self, error: &ApiError) -> String {
        match error.status() {
            Some(403) => self.text("error.forbidden"),
            _ => self.api_error(error),
        }
    }

    /// Why a call to the service desk failed.
    pub fn api_error(&self, error: &ApiError) -> String {
        match error {
            ApiError::Unauthorized(_) => self.text("signIn.expired"),
            ApiError::WrongCredentials => self.text("signIn.wrongCredentials"),
            ApiError::Rejected {
                message: Some(message),
                ..
            } => message.clone(),
            ApiError::Rejected {
                status,
                status_text,
                message: None,
                ..
            } => {
                let status = status.to_string();
                if status_text.is_empty() {
                    self.fill("error.status", &[("status", &status)])
                } else {
                    self.fill(
                        "error.statusText",
                        &[("status", &status), ("text", status_text)],
                    )
                }
            }
            ApiError::Network => self.text("error.network"),
            ApiError::Refused { server, origin } => self.fill(
                "error.refusedSite",
                &[("server", server), ("origin", origin)],
            ),
            ApiError::Unreadable => self.text("error.unreadable"),
        }
    }

    /// Why the form cannot start, the first problem only: the problem
    /// screen lists the others.
    pub fn trouble(&self, trouble: &Trouble) -> String {
        self.trouble_with(trouble, |error| self.config_error(error))
    }

    /// [`Self::trouble`] with a configuration's problem worded by `word`.
    pub fn trouble_with(&self, trouble: &Trouble, word: impl Fn(&ConfigError) -> String) -> String {
        let detail = match trouble {
            Trouble::Config { source, problems } => {
                let first = problems.first().map(&word).unwrap_or_default();
                match source {
                    Some(url) => format!("{url}: {first}"),
                    None => first,
                }
            }
            Trouble::Unreachable { url, error } => format!("{url}: {}", self.api_error(error)),
            Trouble::Catalog { file, error } => format!("{file}: {}", word(error)),
        };
        self.fill("error.badConfig", &[("detail", &detail)])
    }

    /// A configuration mistake, with the path of its key.
    pub fn config_error(&self, error: &ConfigError) -> String {
        let what = self.config_problem(&error.problem);
        if error.path.is_empty() {
            what
        } else {
            format!("{}: {what}", error.path)
        }
    }

    pub fn config_problem(&self, problem: &ConfigProblem) -> String {
        use ConfigProblem as P;
        let list = |items: &[String]| items.join(", ");
        match problem {
            P::NotJson { line, column } => self.fill(
                "config.notJson",
                &[("line", &line.to_string()), ("column", &column.to_string())],
            ),
            P::MustBeObject => self.text("config.mustBeObject"),
            P::UnknownKey { expected } => {
                self.fill("config.unknownKey", &[("expected", &list(expected))])
            }
            P::MustBeString => self.text("config.mustBeString"),
            P::MustBeText => self.text("config.mustBeText"),
            P::MustBeBoolean => self.text("config.mustBeBoolean"),
            P::MustBeNumber => self.text("config.mustBeNumber"),
            P::MustBeStrings => self.text("config.mustBeStrings"),
            P::NoOptions => self.text("config.noOptions"),
            P::BlankOption(option) => self.fill("config.blankOption", &[("option", option)]),
            P::OptionTwice(option) => self.fill("config.optionTwice", &[("option", option)]),
            P::NotAnOption { value, options } => self.fill(
                "config.notAnOption",
                &[("value", value), ("options", &list(options))],
            ),
            P::MustBeTime => self.text("config.mustBeTime"),
            P::NoValueForFiles => self.text("config.noValueForFiles"),
            P::MustBeAssets => self.text("config.mustBeAssets"),
            P::AssetNeedsModelAndId => self.text("config.assetNeedsModelAndId"),
            P::OnlyChoicesTakeOptions => self.text("config.onlyChoicesTakeOptions"),
            P::ServerRequires => self.text("config.serverRequires"),
            P::PresetIsHidden => self.text("config.presetIsHidden"),
            P::HideOnlyWithPreset => self.text("config.hideOnlyWithPreset"),
            P::NameMissing => self.text("config.nameMissing"),
            P::NameTwice(name) => self.fill("config.nameTwice", &[("name", name)]),
            P::NotOneOf { value, allowed } => self.fill(
                "config.notOneOf",
                &[("value", value), ("allowed", &list(allowed))],
            ),
            P::NeedsOptions(kind) => self.fill("config.needsOptions", &[("kind", kind)]),
            P::TakesNoOptions(kind) => self.fill("config.takesNoOptions", &[("kind", kind)]),
            P::OnlyNumbersTakeRange => self.text("config.onlyNumbersTakeRange"),
            P::MinAboveMax => self.text("config.minAboveMax"),
            P::MustBePath => self.text("config.mustBePath"),
            P::NotATicketUrl => {
                self.fill("config.ticketUrl", &[("id", "{id}"), ("name", "{name}")])
            }
            P::MustBeWholeAboveZero => self.text("config.mustBeWholeAboveZero"),
            P::MustBeAboveZero => self.text("config.mustBeAboveZero"),
            P::MustNotBeEmpty => self.text("config.mustNotBeEmpty"),
            P::ClientReferenceShape => self.text("config.clientReference"),
            P::ContextTarget => self.text("config.contextTarget"),
            P::UnknownMessage => self.text("config.unknownMessage"),
            P::MustBeArray => self.text("config.mustBeArray"),
            P::NotALanguageTag(value) => self.fill("config.mustBeLanguageTag", &[("value", value)]),
            P::NotACondition => self.text("config.notACondition"),
            P::UnknownField { name, known } => self.fill(
                "config.unknownField",
                &[("name", name), ("known", &list(known))],
            ),
            P::OperatorDoesNotFit { op, field } => {
                self.fill("config.operatorDoesNotFit", &[("op", op), ("field", field)])
            }
            P::NeverHolds {
                value,
                field,
                options,
            } => self.fill(
                "config.neverHolds",
                &[
                    ("value", value),
                    ("field", field),
                    ("options", &list(options)),
                ],
            ),
            P::Cycle(fields) => self.fill("config.cycle", &[("fields", &fields.join(" → "))]),
            P::PresetTakesNoConditions => self.text("config.presetTakesNoConditions"),
            P::CannotBeLocked => self.text("config.cannotBeLocked"),
        }
    }
}

/// The catalog key of a standard field's label.
pub fn standard_key(field: Standard) -> String {
    format!("field.{}", field.config_key())
}

impl std::fmt::Display for ConfigError {
    /// In English (the built-in catalog): for logs and command-line tools.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Words::english().config_error(self))
    }
}
