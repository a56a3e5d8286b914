//! Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 — the encodings Chinese
//! office files come in — and nothing that looks binary.

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::{Budget, Collector, Reading, invalid};

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    match decode(bytes, None) {
        Some(text) => {
            let mut out = Collector::new(budget.limits.max_chars);
            out.push(&text);
            Reading::Text(out.finish())
        }
        None => invalid("TXT", "binary content, not text"),
    }
}

/// Text in the encoding a BOM names, else the one `declared` (an HTML charset), else UTF-8 when
/// the bytes are valid UTF-8, else GB18030. `None` when the result is not text (NUL bytes or
/// mostly control characters).
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Option<String> {
    let (text, _) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]),
        None => match declared {
            Some(encoding) => encoding.decode_without_bom_handling(bytes),
            None if std::str::from_utf8(bytes).is_ok() => UTF_8.decode_without_bom_handling(bytes),
            None => GB18030.decode_without_bom_handling(bytes),
        },
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || controls * 20 > text.chars().count() {
        return None;
    }
    Some(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn utf8_and_gb18030_text_read_alike() {
        let utf8 = fixtures::text("notice-2023-12.txt");
        assert!(utf8.contains("杭知保〔2023〕12号") && utf8.contains("平台运行维护管理制度"), "{utf8}");
        let gbk = fixtures::text("notice-2023-12-gbk.txt");
        assert_eq!(gbk, utf8);
    }

    #[test]
    fn binary_content_is_not_text() {
        let budget = Budget::new(LIMITS);
        assert!(
            matches!(read(&fixtures::bytes("policy-2024-3.docx"), &budget), Reading::Refused(t) if t.en.contains("binary"))
        );
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("杭知保".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16, None).as_deref(), Some("杭知保"));
    }
}
