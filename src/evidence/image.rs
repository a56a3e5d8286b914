//! Images (a photo, a screenshot, a scan): present, not read — the file must be an image of the
//! kind its name says, by its first bytes.

use super::{Budget, Reading, invalid};
use crate::text::Text;

/// The signature each image format starts with.
const SIGNATURES: &[(&str, &[&[u8]])] = &[
    ("JPEG", &[b"\xFF\xD8\xFF"]),
    ("PNG", &[b"\x89PNG\r\n\x1A\n"]),
    ("TIFF", &[b"II*\0", b"MM\0*"]),
    ("GIF", &[b"GIF87a", b"GIF89a"]),
    ("BMP", &[b"BM"]),
];

pub fn read(bytes: &[u8], _: &Budget) -> Reading {
    let webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    let known = SIGNATURES.iter().find(|(_, sigs)| sigs.iter().any(|s| bytes.starts_with(s)));
    match (known, webp) {
        (Some((format, _)), _) => not_read(format),
        (None, true) => not_read("WebP"),
        (None, false) => invalid("image", "the first bytes are not those of a JPEG, PNG, TIFF, GIF, BMP or WebP image"),
    }
}

fn not_read(format: &str) -> Reading {
    Reading::NotRead(Text::new(
        format!("{format} 图像，不读取文字，需人工核对"),
        format!("a {format} image: its text is not read; verify it by hand"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn a_real_image_is_present_and_a_renamed_file_is_refused() {
        let budget = Budget::new(LIMITS);
        assert!(
            matches!(read(&fixtures::bytes("hall-signage.jpg"), &budget), Reading::NotRead(t) if t.en.contains("JPEG"))
        );
        assert!(
            matches!(read(&fixtures::bytes("notice-2023-12.txt"), &budget), Reading::Refused(t) if t.en.contains("first bytes"))
        );
    }
}
