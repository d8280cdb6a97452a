//! Which configuration and words a first screen was painted from: the
//! prerender carries it (`data-stamp`), and the main module adopts the
//! prerendered screen only if what it has itself gives the same.

use serde_json::Value;

use crate::i18n::Words;

/// FNV-1a, 64 bits: small, and the same in the build and in the browser.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// A text, its length first so that no two lists of texts run together.
    fn text(&mut self, text: &str) {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.bytes(b"n"),
            Value::Bool(flag) => self.bytes(if *flag { b"t" } else { b"f" }),
            Value::Number(number) => {
                self.bytes(b"#");
                self.bytes(&number.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
            Value::String(text) => {
                self.bytes(b"s");
                self.text(text);
            }
            Value::Array(items) => {
                self.bytes(b"[");
                self.bytes(&(items.len() as u64).to_le_bytes());
                items.iter().for_each(|item| self.value(item));
            }
            Value::Object(map) => {
                // In key order, whatever order the map keeps (a sort would
                // bring its code to the first screen; objects are small).
                self.bytes(b"{");
                self.bytes(&(map.len() as u64).to_le_bytes());
                let mut last: Option<&String> = None;
                while let Some(key) = map
                    .keys()
                    .filter(|key| last.is_none_or(|last| *key > last))
                    .min()
                {
                    self.text(key);
                    if let Some(item) = map.get(key) {
                        self.value(item);
                    }
                    last = Some(key);
                }
            }
        }
    }
}

/// The stamp of a first screen painted from `config` (none: the
/// defaults) in `words`.
pub fn stamp(config: Option<&Value>, words: &Words) -> String {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    match config {
        Some(config) => hash.value(config),
        None => hash.bytes(b"-"),
    }
    words.stamp_into(&mut |text| hash.text(text));
    format!("{:016x}", hash.0)
}
