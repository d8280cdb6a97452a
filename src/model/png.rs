//! A PNG with nothing but its pixels: every chunk that is not needed to
//! show the image (text, EXIF, times, colour profiles, anything unknown)
//! is dropped, so an edited screenshot carries no metadata of the
//! original.

/// What every PNG starts with.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The chunks an image needs: its header, palette, pixels and end.
const KEPT: [&[u8; 4]; 4] = [b"IHDR", b"PLTE", b"IDAT", b"IEND"];

/// Why bytes could not be read as a PNG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PngError {
    NotPng,
    /// A chunk runs past the end of the file.
    Truncated,
    /// No `IHDR` first or no `IEND` last.
    Malformed,
}

/// `png` with only the chunks the image needs, each copied as it was
/// (its checksum included).
pub fn without_metadata(png: &[u8]) -> Result<Vec<u8>, PngError> {
    if png.get(..8) != Some(&SIGNATURE[..]) {
        return Err(PngError::NotPng);
    }
    let mut out = SIGNATURE.to_vec();
    let mut at = 8;
    let (mut first, mut last) = (None, None);
    while at < png.len() {
        let length = png
            .get(at..at + 4)
            .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
            .map(u32::from_be_bytes)
            .ok_or(PngError::Truncated)? as usize;
        // Length, type, data, checksum.
        let end = at
            .checked_add(12)
            .and_then(|end| end.checked_add(length))
            .ok_or(PngError::Truncated)?;
        let chunk = png.get(at..end).ok_or(PngError::Truncated)?;
        let kind: [u8; 4] = chunk
            .get(4..8)
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(PngError::Truncated)?;
        if KEPT.contains(&&kind) {
            out.extend_from_slice(chunk);
            first = first.or(Some(kind));
            last = Some(kind);
        }
        at = end;
        if &kind == b"IEND" {
            break;
        }
    }
    if first != Some(*b"IHDR") || last != Some(*b"IEND") {
        return Err(PngError::Malformed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk of `kind` holding `data` (its checksum is not checked here,
    /// so a fixed one will do).
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut bytes = (data.len() as u32).to_be_bytes().to_vec();
        bytes.extend_from_slice(kind);
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(&[1, 2, 3, 4]);
        bytes
    }

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = SIGNATURE.to_vec();
        for chunk in chunks {
            bytes.extend_from_slice(chunk);
        }
        bytes
    }

    #[test]
    fn text_exif_time_and_profiles_are_dropped_and_the_image_chunks_kept_byte_for_byte() {
        let header = chunk(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
        let pixels = chunk(b"IDAT", b"compressed pixels");
        let more_pixels = chunk(b"IDAT", b"more");
        let end = chunk(b"IEND", &[]);
        let original = png(&[
            header.clone(),
            chunk(b"tEXt", b"Author\0Pat Doe"),
            chunk(b"iCCP", b"profile\0\0data"),
            chunk(b"eXIf", b"MM\0*GPS 48.85N"),
            pixels.clone(),
            chunk(b"zTXt", b"Comment\0\0zz"),
            more_pixels.clone(),
            chunk(b"tIME", &[7, 234, 12, 7, 1, 2, 3]),
            chunk(b"iTXt", b"Secret\0\0\0\0token=abc"),
            end.clone(),
        ]);
        let kept = without_metadata(&original).unwrap();
        assert_eq!(kept, png(&[header, pixels, more_pixels, end]));
        for secret in [&b"Pat Doe"[..], b"GPS", b"token", b"profile", b"Comment"] {
            assert!(!kept.windows(secret.len()).any(|window| window == secret));
        }
    }

    #[test]
    fn anything_after_the_end_is_dropped_too() {
        let image = [
            chunk(b"IHDR", &[0; 13]),
            chunk(b"IDAT", b"x"),
            chunk(b"IEND", &[]),
        ];
        let mut original = png(&image);
        original.extend_from_slice(b"trailing secret");
        assert_eq!(without_metadata(&original), Ok(png(&image)));
    }

    #[test]
    fn bytes_that_are_not_a_whole_png_are_refused_without_a_panic() {
        assert_eq!(without_metadata(b"GIF89a"), Err(PngError::NotPng));
        assert_eq!(without_metadata(&[]), Err(PngError::NotPng));
        let whole = png(&[
            chunk(b"IHDR", &[0; 13]),
            chunk(b"IDAT", b"x"),
            chunk(b"IEND", &[]),
        ]);
        for cut in 9..whole.len() {
            assert!(without_metadata(&whole[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = SIGNATURE.to_vec();
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        huge.extend_from_slice(b"IDAT");
        assert_eq!(without_metadata(&huge), Err(PngError::Truncated));
        let headless = png(&[chunk(b"IDAT", b"x"), chunk(b"IEND", &[])]);
        assert_eq!(without_metadata(&headless), Err(PngError::Malformed));
    }
}
