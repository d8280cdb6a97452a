//! `cargo xtask check-config FILE`: every problem of a deployment's
//! configuration, with its key path, from the product's own parser — for
//! admins' CI. Exits 1 if there is any.

use std::path::Path;

use support_request_form::model::config::FormConfig;
use support_request_form::model::config_check::problems;

use crate::{Failure, Outcome};

/// The problems of the configuration in `text`, each `path: message` (in
/// English).
pub fn report(text: &str) -> Vec<String> {
    match serde_json::from_str(text) {
        Ok(value) => problems(&value).iter().map(ToString::to_string).collect(),
        // Worded by the parser, with line and column.
        Err(_) => FormConfig::parse(text)
            .err()
            .map(|error| error.to_string())
            .into_iter()
            .collect(),
    }
}

pub fn run(file: Option<&String>) -> Outcome {
    let Some(file) = file else {
        return Err(Failure("usage: cargo xtask check-config FILE".into()));
    };
    let text = std::fs::read_to_string(Path::new(file))
        .map_err(|error| Failure(format!("cannot read {file}: {error}")))?;
    let found = report(&text);
    for problem in &found {
        println!("{file}: {problem}");
    }
    match found.len() {
        0 => {
            println!("{file}: no problems");
            Ok(())
        }
        1 => Err(Failure(format!("1 problem in {file}"))),
        count => Err(Failure(format!("{count} problems in {file}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::report;

    #[test]
    fn every_problem_is_reported_with_its_key_path() {
        let found = report(
            r#"{"theme": "blue", "attachments": {"maxFiles": 0},
                "customFields": [{"name": "Floor", "type": "rainbow"}]}"#,
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().any(|line| line.starts_with("theme: ")));
        assert!(found
            .iter()
            .any(|line| line.starts_with("attachments.maxFiles: ")));
        assert!(found
            .iter()
            .any(|line| line.starts_with("customFields[0].type: ")));
    }

    #[test]
    fn broken_json_is_one_problem_with_its_place_and_the_shipped_configs_have_none() {
        assert_eq!(
            report("{\n  \"theme\": }"),
            ["not valid JSON (line 2, column 12)"]
        );
        let root = crate::root();
        for file in ["config.json", "examples/config-technician.json"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            assert_eq!(report(&text), Vec::<String>::new(), "{file}");
        }
    }
}
