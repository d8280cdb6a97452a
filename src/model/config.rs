//! `config.json`: what an admin sets without rebuilding. Parsing is strict so
//! a typo is reported with the key it concerns instead of being ignored.

use serde::Deserialize;

/// The form's configuration, read from `config.json` next to `index.html`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormConfig {
    /// Base URL of the ServiceOps server, without a trailing path. Empty means
    /// the origin the page was loaded from.
    #[serde(default)]
    pub server_url: String,
    /// OAuth client id for the password grant.
    #[serde(default)]
    pub client_id: String,
    /// OAuth client secret for the password grant (a public client: the same
    /// value the vendor's own web app ships).
    #[serde(default)]
    pub client_secret: String,
}

impl FormConfig {
    /// Reads a configuration; the error names the key that is wrong.
    pub fn parse(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    /// The server's base URL without trailing slashes, or `page_origin` when
    /// none is configured.
    pub fn server_base(&self, page_origin: &str) -> String {
        let configured = self.server_url.trim().trim_end_matches('/');
        if configured.is_empty() {
            page_origin.trim_end_matches('/').to_owned()
        } else {
            configured.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_keys() {
        let config = FormConfig::parse(
            r#"{"serverUrl":"https://desk.example.com/","clientId":"portal","clientSecret":"s"}"#,
        )
        .unwrap();
        assert_eq!(config.client_id, "portal");
        assert_eq!(config.server_base("http://x"), "https://desk.example.com");
    }

    #[test]
    fn empty_server_url_means_same_origin() {
        let config = FormConfig::parse("{}").unwrap();
        assert_eq!(
            config.server_base("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn unknown_or_mistyped_keys_are_named() {
        let unknown = FormConfig::parse(r#"{"serverURL":"x"}"#).unwrap_err();
        assert!(unknown.contains("serverURL"), "{unknown}");
        let wrong_type = FormConfig::parse(r#"{"clientId":5}"#).unwrap_err();
        assert!(wrong_type.contains("invalid type"), "{wrong_type}");
        assert!(FormConfig::parse("not json").is_err());
    }
}
