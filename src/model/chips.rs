//! Lists of short values (emails, tags) as people type or paste them:
//! "a, b; c" is three entries, and a list never holds one twice.

/// Splits pasted or typed text into entries (emails also split on spaces).
pub fn entries(text: &str, emails: bool) -> Vec<String> {
    text.split(|c: char| {
        c == ',' || c == ';' || c == '\n' || c == '\r' || (emails && c.is_whitespace())
    })
    .map(str::trim)
    .filter(|entry| !entry.is_empty())
    .map(str::to_owned)
    .collect()
}

/// `items` plus `new`, without duplicates (emails compare case-blind).
pub fn merged(items: &[String], new: Vec<String>, emails: bool) -> Vec<String> {
    let mut all = items.to_vec();
    for entry in new {
        let seen = all.iter().any(|item| {
            if emails {
                item.eq_ignore_ascii_case(&entry)
            } else {
                *item == entry
            }
        });
        if !seen {
            all.push(entry);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_and_pasted_lists_split_into_entries() {
        assert_eq!(entries("a@b.com, c@d.com; e@f.com", true).len(), 3);
        assert_eq!(entries("a@b.com c@d.com", true).len(), 2);
        assert_eq!(entries("two words, tag", false), ["two words", "tag"]);
        assert!(entries(" ,; ", false).is_empty());
    }

    #[test]
    fn merging_skips_what_is_already_there() {
        let items = vec!["A@b.com".to_owned()];
        assert_eq!(
            merged(&items, vec!["a@B.com".into(), "c@d.com".into()], true),
            ["A@b.com", "c@d.com"]
        );
        assert_eq!(merged(&["x".into()], vec!["X".into()], false), ["x", "X"]);
    }
}
