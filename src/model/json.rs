//! JSON text, read and written. In the browser the browser does it
//! (`JSON.parse`, `JSON.stringify`: see `browser::json`), natively
//! serde_json does: the one place the engine reaches the browser, so that
//! serde_json's parser and float printer stay off the first screen. A text
//! that is not JSON is reported by where it stops being JSON, the same on
//! both.

use serde_json::Value;

/// Where a text stops being JSON: its line and column, both from 1, the
/// column counted in bytes as serde_json counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotJson {
    pub line: usize,
    pub column: usize,
}

/// `text` as JSON.
pub fn parse(text: &str) -> Result<Value, NotJson> {
    #[cfg(target_arch = "wasm32")]
    let parsed = crate::browser::json::parse(text).ok_or(());
    #[cfg(not(target_arch = "wasm32"))]
    let parsed = serde_json::from_str(text).map_err(|_| ());
    parsed.map_err(|()| not_json(text))
}

/// A finite number's shortest form, as JSON writes it (`0.5`).
pub fn number_text(number: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    let text = crate::browser::json::number_text(number);
    #[cfg(not(target_arch = "wasm32"))]
    let text = serde_json::Number::from_f64(number).map_or_else(String::new, |n| n.to_string());
    text
}

/// Where `text`, which is not JSON, goes wrong.
pub fn not_json(text: &str) -> NotJson {
    let bytes = text.as_bytes();
    let mut scan = Scan { bytes, at: 0 };
    let at = match scan.value(MAX_DEPTH) {
        Err(()) => scan.at,
        Ok(()) => {
            scan.space();
            scan.at
        }
    };
    // As serde_json counts: up to and with the byte that was wrong.
    let end = (at + 1).min(bytes.len());
    let before = bytes.get(..end).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |i| i + 1);
    NotJson {
        line: 1 + before.iter().filter(|&&byte| byte == b'\n').count(),
        column: end - line_start,
    }
}

/// As deep as serde_json reads.
const MAX_DEPTH: usize = 128;

/// A JSON syntax checker that stops at the first byte that cannot be JSON.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Step = Result<(), ()>;

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Step {
        self.space();
        if self.eat(byte) {
            Ok(())
        } else {
            Err(())
        }
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn digits(&mut self) -> Step {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        if self.at > start {
            Ok(())
        } else {
            Err(())
        }
    }

    fn value(&mut self, depth: usize) -> Step {
        let depth = depth.checked_sub(1).ok_or(())?;
        self.space();
        match self.peek() {
            Some(b'{') => self.items(b'}', depth, true),
            Some(b'[') => self.items(b']', depth, false),
            Some(b'"') => self.string(),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(b'n') => self.word(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(()),
        }
    }

    /// An object's members (`keyed`) or an array's items, up to `close`.
    fn items(&mut self, close: u8, depth: usize, keyed: bool) -> Step {
        self.at += 1;
        self.space();
        if self.eat(close) {
            return Ok(());
        }
        loop {
            if keyed {
                self.space();
                self.string()?;
                self.expect(b':')?;
            }
            self.value(depth)?;
            self.space();
            if !self.eat(b',') {
                return self.expect(close);
            }
        }
    }

    fn word(&mut self, word: &[u8]) -> Step {
        for &byte in word {
            if !self.eat(byte) {
                return Err(());
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Step {
        if !self.eat(b'"') {
            return Err(());
        }
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.at += 1
                        }
                        Some(b'u') => {
                            // Read whole, as serde_json reads it.
                            let hex = self.bytes.get(self.at + 1..self.at + 5);
                            let Some(hex) = hex else {
                                self.at = self.bytes.len();
                                return Err(());
                            };
                            self.at += 4;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(());
                            }
                            self.at += 1;
                        }
                        _ => return Err(()),
                    }
                }
                Some(0x20..) => self.at += 1,
                _ => return Err(()),
            }
        }
    }

    fn number(&mut self) -> Step {
        self.eat(b'-');
        if !self.eat(b'0') {
            self.digits()?;
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            self.digits()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that are not JSON, each wrong in its own way.
    const BROKEN: [&str; 25] = [
        "",
        "   ",
        "{",
        "{\"a\": x}",
        "{\"a\": 1",
        "{\"a\": 1,}",
        "{\"a\" 1}",
        "{a: 1}",
        "[1, 2,, 3]",
        "[1 2]",
        "{\n  \"fields\": {\n    \"subject\": {\"label\": \"Topic\",}\n  }\n}",
        "{\"a\": tru}",
        "{\"a\": nul}",
        "{\"a\": -}",
        "{\"a\": 01}",
        "{\"a\": 1.}",
        "{\"a\": 1e}",
        "{\"a\": \"\\x\"}",
        "{\"a\": \"\\u12G4\"}",
        "{\"a\": \"line\nbreak\"}",
        "{} {}",
        "{\"a\": 1}\n  x",
        "\"unterminated",
        "{\"ü\": ü}",
        "{\"a\": \"\\u12",
    ];

    #[test]
    fn not_json_finds_the_line_and_column_serde_json_reports() {
        for text in BROKEN {
            let error = serde_json::from_str::<Value>(text).expect_err(text);
            let serde = NotJson {
                line: error.line(),
                column: error.column(),
            };
            assert_eq!(not_json(text), serde, "{text:?}");
        }
    }

    #[test]
    fn the_checker_accepts_what_serde_json_reads() {
        let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
        for text in [
            "{}",
            " [ ] ",
            "{\"a\": [1, -2.5e+3, 0, 0.5, 1E9, true, false, null, \"\\u00e9\\n\\\"\"]}",
            &deep,
        ] {
            serde_json::from_str::<Value>(text).expect(text);
            let mut scan = Scan {
                bytes: text.as_bytes(),
                at: 0,
            };
            assert_eq!(scan.value(MAX_DEPTH), Ok(()), "{text:?}");
        }
    }

    #[test]
    fn parse_reads_json_and_reports_where_it_is_not() {
        assert_eq!(parse("{\"a\": [1]}"), Ok(serde_json::json!({"a": [1]})));
        assert_eq!(parse("{\"a\": x}"), Err(NotJson { line: 1, column: 7 }));
    }
}
