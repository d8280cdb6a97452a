//! A signed-in user as the form remembers them for the tab's lifetime
//! (sessionStorage at most, never localStorage).

use serde::Serialize;

/// Who is signed in and with what token.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub token: String,
    /// The email the user signed in with; prefills the requester email.
    pub email: String,
    /// Epoch milliseconds after which the token is no longer accepted.
    pub expires_at: Option<f64>,
}

impl Session {
    /// A session for a token granted now, lasting `expires_in` seconds.
    pub fn granted(token: String, email: String, now_ms: f64, expires_in: Option<u64>) -> Self {
        Self {
            token,
            email,
            expires_at: expires_in.map(|seconds| now_ms + seconds as f64 * 1000.0),
        }
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// True once the token's lifetime has passed.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at.is_some_and(|at| now_ms >= at)
    }

    /// Reads a stored session; anything unreadable is no session. (Read
    /// through `Value`, which the first screen has anyway, rather than a
    /// derived deserializer.)
    pub fn restore(stored: &str) -> Option<Self> {
        let value = crate::model::json::parse(stored).ok()?;
        let text = |key: &str| value.get(key)?.as_str().map(str::to_owned);
        let expires_at = match value.get("expiresAt") {
            None | Some(serde_json::Value::Null) => None,
            Some(at) => Some(at.as_f64()?),
        };
        Some(Self {
            token: text("token")?,
            email: text("email")?,
            expires_at,
        })
    }

    /// The text to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Whether the form must ask for a sign-in first: the host gave no usable
/// token and nobody is signed in. (One rule for the first screen and the
/// app.)
pub fn needs_sign_in(host_token: Option<&str>, signed_in: bool) -> bool {
    host_token.is_none_or(|token| token.trim().is_empty()) && !signed_in
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_is_needed_without_a_usable_host_token_or_a_session() {
        assert!(needs_sign_in(None, false));
        assert!(needs_sign_in(Some("  "), false));
        assert!(!needs_sign_in(Some("t"), false));
        assert!(!needs_sign_in(None, true));
    }

    #[test]
    fn lifetime_and_header() {
        let session = Session::granted("t".into(), "a@b.com".into(), 1000.0, Some(2));
        assert_eq!(session.authorization(), "Bearer t");
        assert!(!session.is_expired(2999.0));
        assert!(session.is_expired(3000.0));
        assert!(!Session::granted("t".into(), "e".into(), 0.0, None).is_expired(1e15));
    }

    #[test]
    fn round_trips_and_ignores_garbage() {
        let session = Session::granted("t".into(), "a@b.com".into(), 0.0, Some(60));
        assert_eq!(Session::restore(&session.to_json()), Some(session));
        assert_eq!(Session::restore("{"), None);
        assert_eq!(Session::restore(r#"{"token":1}"#), None);
        assert_eq!(
            Session::restore(r#"{"token":"t","email":"e","expiresAt":null}"#),
            Some(Session::granted("t".into(), "e".into(), 0.0, None))
        );
        assert_eq!(
            Session::restore(r#"{"token":"t","email":"e","expiresAt":"soon"}"#),
            None
        );
    }
}
