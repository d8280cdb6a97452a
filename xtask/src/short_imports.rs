//! Short import names for the main module. wasm-bindgen names each import
//! of its glue `__wbg_<what>_<16 hex digits>`; the names sit in the wasm's
//! import section and again as keys in the glue, and their random digits
//! do not compress: about 4 KB of brotli on the first screen. Each is
//! renamed to a short one (`a`, `b`, … `aa`, …) in both files, and the
//! glue's module name (repeated with each) to [`MODULE`]. And exports the
//! form never uses can be dropped ([`drop_exports`]) so their code goes.

/// The glue's short module name.
pub const MODULE: &str = "w";

/// Renames every import of `module` in `wasm`, and its key in `glue`.
pub fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String), String> {
    let mut reader = Reader { bytes: wasm, at: 0 };
    let header = reader.take(8)?;
    if header != b"\0asm\x01\0\0\0" {
        return Err("not a wasm module".into());
    }
    let mut out = header.to_vec();
    let mut glue = glue.to_owned();
    let mut renamed = 0usize;
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let body = reader.take(size)?;
        if id != 2 {
            out.push(id);
            write_leb(&mut out, size as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut imports = Reader { bytes: body, at: 0 };
        let count = imports.leb()?;
        let mut section = Vec::new();
        write_leb(&mut section, count);
        for _ in 0..count {
            let from = imports.name()?;
            let mut field = imports.name()?;
            let start = imports.at;
            imports.skip_description()?;
            if from == module {
                let short = short_name(renamed);
                renamed += 1;
                let key = format!("{field}:");
                if glue.matches(&key).count() != 1 {
                    return Err(format!(
                        "the glue does not name the import {field} exactly once"
                    ));
                }
                glue = glue.replacen(&key, &format!("{short}:"), 1);
                field = short;
            }
            write_name(&mut section, if from == module { MODULE } else { &from });
            write_name(&mut section, &field);
            section.extend_from_slice(&body[start..imports.at]);
        }
        out.push(2);
        write_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }
    let key = format!("\"{module}\":");
    if renamed == 0 || glue.matches(&key).count() != 1 {
        return Err(format!(
            "the glue does not give the imports of {module} once"
        ));
    }
    Ok((out, glue.replacen(&key, &format!("{MODULE}:"), 1)))
}

/// Drops the exports whose names contain `part` from `wasm`, so that
/// wasm-opt can drop their code; how many went. The glue's classes for
/// them stay, never constructed.
pub fn drop_exports(wasm: &[u8], part: &str) -> Result<(Vec<u8>, usize), String> {
    let mut reader = Reader { bytes: wasm, at: 0 };
    let mut out = reader.take(8)?.to_vec();
    let mut dropped = 0;
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let mut body = reader.take(size)?.to_vec();
        if id == 7 {
            let mut exports = Reader {
                bytes: &body,
                at: 0,
            };
            let count = exports.leb()?;
            let mut kept = Vec::new();
            let mut section = Vec::new();
            for _ in 0..count {
                let start = exports.at;
                let name = exports.name()?;
                exports.byte()?;
                exports.leb()?;
                if name.contains(part) {
                    dropped += 1;
                } else {
                    kept.extend_from_slice(&body[start..exports.at]);
                }
            }
            write_leb(&mut section, count - dropped as u64);
            section.extend(kept);
            body = section;
        }
        out.push(id);
        write_leb(&mut out, body.len() as u64);
        out.extend(body);
    }
    Ok((out, dropped))
}

/// `a` … `z`, then `aa`, `ab`, …: unique, and a plain JS key.
fn short_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (index % 26) as u8);
        index /= 26;
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], String> {
        let taken = self
            .bytes
            .get(self.at..self.at + count)
            .ok_or("the module ends too early")?;
        self.at += count;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn leb(&mut self) -> Result<u64, String> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("a number is too long".into());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let length = self.leb()? as usize;
        String::from_utf8(self.take(length)?.to_vec()).map_err(|_| "a name is not UTF-8".into())
    }

    /// Skips an import's description: a function, table, memory, global or
    /// tag.
    fn skip_description(&mut self) -> Result<(), String> {
        match self.byte()? {
            0 => self.leb().map(drop),
            1 => {
                self.byte()?;
                self.limits()
            }
            2 => self.limits(),
            3 => self.take(2).map(drop),
            4 => {
                self.byte()?;
                self.leb().map(drop)
            }
            kind => Err(format!("unknown import kind {kind}")),
        }
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the glue, a memory from the
    /// glue and a function from elsewhere, then a custom section.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for (from, field, description) in [
            ("./glue.js", "__wbg_new_0123456789abcdef", vec![0u8, 0]),
            ("./split.js", "__wasm_split_load_app", vec![0, 1]),
            ("./glue.js", "__wbg_get_fedcba9876543210", vec![0, 0]),
            ("./glue.js", "memory", vec![2, 1, 17, 200, 1]),
        ] {
            write_name(&mut imports, from);
            write_name(&mut imports, field);
            imports.extend(description);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(2);
        write_leb(&mut wasm, imports.len() as u64);
        wasm.extend(imports);
        wasm.extend([0, 4, 1, b'x', 7, 7]);
        wasm
    }

    const GLUE: &str = "const import0 = { __wbg_new_0123456789abcdef: function() {}, __wbg_get_fedcba9876543210: function() {}, memory: m }; return { \"./glue.js\": import0, \"./split.js\": import1 };";

    #[test]
    fn the_glues_imports_get_short_names_in_the_module_and_the_glue() {
        let (wasm, glue) = shorten(&module(), GLUE, "./glue.js").unwrap();
        assert_eq!(
            glue,
            "const import0 = { a: function() {}, b: function() {}, c: m }; return { w: import0, \"./split.js\": import1 };"
        );
        let mut reader = Reader {
            bytes: &wasm,
            at: 8,
        };
        assert_eq!(reader.byte().unwrap(), 2);
        let size = reader.leb().unwrap() as usize;
        let mut imports = Reader {
            bytes: reader.take(size).unwrap(),
            at: 0,
        };
        let mut seen = Vec::new();
        for _ in 0..imports.leb().unwrap() {
            let (from, field) = (imports.name().unwrap(), imports.name().unwrap());
            imports.skip_description().unwrap();
            seen.push(format!("{from} {field}"));
        }
        assert_eq!(
            seen,
            ["w a", "./split.js __wasm_split_load_app", "w b", "w c"]
        );
        // The descriptions and the sections after are kept byte for byte.
        assert!(wasm.ends_with(&[0, 4, 1, b'x', 7, 7]));
        assert!(wasm.windows(5).any(|bytes| bytes == [2, 1, 17, 200, 1]));
    }

    #[test]
    fn a_glue_that_does_not_name_an_import_is_refused() {
        let error = shorten(&module(), "const import0 = {};", "./glue.js").unwrap_err();
        assert!(error.contains("__wbg_new_0123456789abcdef"), "{error}");
    }

    #[test]
    fn only_the_exports_named_go_and_every_other_section_stays() {
        let mut exports = Vec::new();
        write_leb(&mut exports, 3);
        for (name, index) in [
            ("keep_me", 0u8),
            ("intounderlyingsink_write", 1),
            ("memory", 0),
        ] {
            write_name(&mut exports, name);
            exports.extend([if name == "memory" { 2 } else { 0 }, index]);
        }
        let mut wasm = module();
        wasm.push(7);
        write_leb(&mut wasm, exports.len() as u64);
        wasm.extend(exports);
        let (out, dropped) = drop_exports(&wasm, "intounderlying").unwrap();
        assert_eq!(dropped, 1);
        assert!(out.starts_with(&module()));
        let mut section = Reader {
            bytes: &out[module().len()..],
            at: 0,
        };
        assert_eq!(section.byte().unwrap(), 7);
        section.leb().unwrap();
        assert_eq!(section.leb().unwrap(), 2);
        assert_eq!(section.name().unwrap(), "keep_me");
        assert_eq!(section.take(2).unwrap(), [0, 0]);
        assert_eq!(section.name().unwrap(), "memory");
        assert_eq!(section.take(2).unwrap(), [2, 0]);
        assert_eq!(section.at, section.bytes.len());
    }

    #[test]
    fn short_names_are_unique_letters() {
        let names: Vec<String> = (0..800).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[26], "aa");
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|name| name.bytes().all(|b| b.is_ascii_lowercase())));
    }
}
