//! A deliberately small email syntax check: catches typos a person makes
//! (missing `@`, missing domain, spaces) without rejecting unusual but valid
//! addresses. The server has the final word on whether the user exists.

/// True when `text` looks like `local@domain.tld`.
pub fn is_valid_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let no_space = !text.chars().any(char::is_whitespace);
    let domain_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && domain.contains('.');
    no_space && !local.is_empty() && local.len() <= 64 && text.len() <= 254 && domain_ok
}

#[cfg(test)]
mod tests {
    use super::is_valid_email;

    #[test]
    fn accepts_ordinary_and_unusual_addresses() {
        for ok in [
            "a@b.com",
            "first.last+tag@sub.example.co.uk",
            "o'neil@example.org",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_typos() {
        for bad in [
            "",
            "a",
            "a@",
            "@b.com",
            "a@b",
            "a@b.",
            "a@.com",
            "a b@c.com",
            "a@b..com",
            "a@-b.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
