//! PDF, with lopdf: the text of the first pages (Unicode through each font's ToUnicode map, as
//! LibreOffice, WPS and Word write CJK text); a PDF without a text layer is a scan, present but
//! not read.

use lopdf::{Document, LoadOptions};

use super::normalize::title_chars;
use super::{Budget, Collector, Reading, invalid};
use crate::text::Text;

/// Fewer letters and digits than this on the pages read, and the PDF is taken for a scan.
const MIN_TEXT_CHARS: usize = 10;

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    let limit = usize::try_from(budget.limits.max_inflated).unwrap_or(usize::MAX);
    let options = LoadOptions { max_decompressed_size: Some(limit), ..LoadOptions::default() };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(lopdf::Error::Decryption(_)) => return encrypted(),
        Err(e) => return invalid("PDF", e),
    };
    if doc.is_encrypted() {
        return encrypted();
    }
    let mut out = Collector::new(budget.limits.max_chars);
    for page in doc.get_pages().keys().take(budget.limits.max_pages) {
        if budget.out_of_time() {
            return budget.timed_out();
        }
        // A page whose text cannot be decoded (an odd font) leaves the others readable.
        if let Ok(text) = doc.extract_text_with_limit(&[*page], limit)
            && (!out.push(&text) || !out.push("\n"))
        {
            break;
        }
    }
    let text = out.finish();
    if title_chars(&text) < MIN_TEXT_CHARS {
        return Reading::NotRead(Text::new(
            "PDF 没有文字层（扫描件？），需人工核对标题和文号",
            "the PDF has no text layer (a scan?); verify its title and 文号 by hand",
        ));
    }
    Reading::Text(text)
}

fn encrypted() -> Reading {
    Reading::Refused(Text::new(
        "PDF 已加密，无法读取（请提供未加密的副本）",
        "the PDF is encrypted (provide an unencrypted copy)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn a_pdf_exported_by_libreoffice_reads_with_its_cjk_text() {
        let text = fixtures::text("policy-2024-3.pdf");
        assert!(text.contains("杭知保〔2024〕3号"), "{text}");
        assert!(text.contains("服务管理制度汇编"), "{text}");
    }

    #[test]
    fn a_scan_is_present_but_not_read() {
        let scan = fixtures::bytes("scan-credit-report.pdf");
        assert!(matches!(read(&scan, &Budget::new(LIMITS)), Reading::NotRead(t) if t.en.contains("no text layer")));
    }

    #[test]
    fn damaged_and_fake_pdfs_are_refused() {
        let budget = Budget::new(LIMITS);
        let real = fixtures::bytes("policy-2024-3.pdf");
        assert!(matches!(read(&real[..real.len() / 2], &budget), Reading::Refused(_)));
        assert!(matches!(read(b"%PDF-1.7 fifteen", &budget), Reading::Refused(t) if t.en.contains("PDF")));
    }
}
