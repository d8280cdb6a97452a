//! Attachments as plain data: the limits an admin configures and the checks
//! made before any byte is sent (the upload queue is `model::uploads`).

/// Where files go and what is accepted (`attachments` in `config.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentSettings {
    /// Path of the upload endpoint on the server.
    pub upload_path: String,
    pub max_files: usize,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    /// Extensions (`.pdf`) and MIME patterns (`image/*`, `text/plain`);
    /// empty accepts everything.
    pub accept: Vec<String>,
    /// An upload with no progress for this long is abandoned and sent
    /// again, like one that lost its connection.
    pub stall_seconds: f64,
    /// Picked and dropped images wait for the person to hide parts of them
    /// before upload, as pasted and captured ones always do.
    pub review_images: bool,
}

impl Default for AttachmentSettings {
    fn default() -> Self {
        Self {
            upload_path: String::from("/api/oprfile"),
            max_files: 10,
            max_file_bytes: 25 * 1024 * 1024,
            max_total_bytes: 100 * 1024 * 1024,
            accept: Vec::new(),
            stall_seconds: 60.0,
            review_images: false,
        }
    }
}

/// A file the user picked, dropped or pasted, before it is uploaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub size: u64,
    pub mime: String,
}

/// Why a file is not accepted (worded by `i18n::wording`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    TypeNotAccepted {
        name: String,
        accepted: Vec<String>,
    },
    FileTooLarge {
        name: String,
        size: u64,
        limit: u64,
    },
    /// Larger than the limit, size unknown (the server stopped it at 413).
    OverLimit {
        name: String,
        limit: u64,
    },
    TooManyFiles {
        limit: usize,
    },
    TotalTooLarge {
        name: String,
        total: u64,
        limit: u64,
    },
}

impl AttachmentSettings {
    /// True when `accept` lets this file through.
    pub fn accepts(&self, name: &str, mime: &str) -> bool {
        if self.accept.is_empty() {
            return true;
        }
        let name = name.to_ascii_lowercase();
        let mime = mime.to_ascii_lowercase();
        self.accept.iter().any(|pattern| {
            let pattern = pattern.trim().to_ascii_lowercase();
            if pattern.starts_with('.') {
                name.ends_with(&pattern)
            } else if let Some(family) = pattern.strip_suffix("/*") {
                mime.split('/').next() == Some(family)
            } else {
                mime == pattern
            }
        })
    }

    /// Why `file` cannot be added next to files already holding
    /// `count` places and `total` bytes, if it cannot.
    pub fn check(&self, count: usize, total: u64, file: &Candidate) -> Result<(), Rejection> {
        if !self.accepts(&file.name, &file.mime) {
            return Err(Rejection::TypeNotAccepted {
                name: file.name.clone(),
                accepted: self.accept.clone(),
            });
        }
        if file.size > self.max_file_bytes {
            return Err(Rejection::FileTooLarge {
                name: file.name.clone(),
                size: file.size,
                limit: self.max_file_bytes,
            });
        }
        if count >= self.max_files {
            return Err(Rejection::TooManyFiles {
                limit: self.max_files,
            });
        }
        let new_total = total.saturating_add(file.size);
        if new_total > self.max_total_bytes {
            return Err(Rejection::TotalTooLarge {
                name: file.name.clone(),
                total: new_total,
                limit: self.max_total_bytes,
            });
        }
        Ok(())
    }
}

/// `screenshot-2026-11-28-104233.png`: the name of a pasted image.
pub fn screenshot_name(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> String {
    format!("screenshot-{year:04}-{month:02}-{day:02}-{hour:02}{minute:02}{second:02}.png")
}

/// The name of an edited copy, which is always a PNG: the original's name
/// with `.png` for its extension (`photo.jpeg` → `photo.png`).
pub fn png_name(original: &str) -> String {
    let stem = match original.rfind('.') {
        Some(dot) if dot > 0 => original.get(..dot).unwrap_or(original),
        _ => original,
    };
    format!("{stem}.png")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    fn file(name: &str, size: u64, mime: &str) -> Candidate {
        Candidate {
            name: name.into(),
            size,
            mime: mime.into(),
        }
    }

    #[test]
    fn each_limit_is_its_own_rejection_stating_the_limit() {
        let settings = AttachmentSettings {
            max_files: 2,
            max_file_bytes: 25 * MB,
            max_total_bytes: 40 * MB,
            accept: vec![".zip".into(), "image/*".into(), "application/pdf".into()],
            ..AttachmentSettings::default()
        };
        assert_eq!(
            settings.check(0, 0, &file("report.zip", 31 * MB, "application/zip")),
            Err(Rejection::FileTooLarge {
                name: "report.zip".into(),
                size: 31 * MB,
                limit: 25 * MB
            })
        );
        assert_eq!(
            settings.check(2, 0, &file("a.png", 10, "image/png")),
            Err(Rejection::TooManyFiles { limit: 2 })
        );
        assert_eq!(
            settings.check(1, 20 * MB, &file("b.pdf", 21 * MB, "application/pdf")),
            Err(Rejection::TotalTooLarge {
                name: "b.pdf".into(),
                total: 41 * MB,
                limit: 40 * MB
            })
        );
        assert_eq!(
            settings.check(0, 0, &file("run.exe", 10, "application/x-msdownload")),
            Err(Rejection::TypeNotAccepted {
                name: "run.exe".into(),
                accepted: settings.accept.clone()
            })
        );
        assert_eq!(
            settings.check(1, 0, &file("Photo.PNG", 5 * MB, "image/png")),
            Ok(())
        );
        assert_eq!(settings.check(1, 0, &file("x.ZIP", 5, "")), Ok(()));
    }

    #[test]
    fn no_accept_list_accepts_everything() {
        assert!(AttachmentSettings::default().accepts("anything.bin", ""));
    }

    #[test]
    fn pasted_screenshots_are_named_by_local_time() {
        assert_eq!(
            screenshot_name(2026, 11, 8, 9, 5, 3),
            "screenshot-2026-11-08-090503.png"
        );
    }

    #[test]
    fn an_edited_copy_keeps_the_originals_name_as_a_png() {
        assert_eq!(
            png_name("screenshot-2026-11-08-090503.png"),
            "screenshot-2026-11-08-090503.png"
        );
        assert_eq!(png_name("photo.from.phone.jpeg"), "photo.from.phone.png");
        assert_eq!(png_name("scan"), "scan.png");
        assert_eq!(png_name(".hidden"), ".hidden.png");
        assert_eq!(png_name("été.webp"), "été.png");
    }
}
