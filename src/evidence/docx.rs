//! DOCX (Office Open XML): the text of the main document part, its headers and its footnotes.

use super::archive::{self, utf8};
use super::xml::{self, Shape};
use super::{Budget, Collector, Reading};

const SHAPE: Shape = Shape { text: &["t"], breaks: &["p", "tr"] };

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    match text(bytes, budget) {
        Ok(t) => Reading::Text(t),
        Err(r) => r,
    }
}

fn text(bytes: &[u8], budget: &Budget) -> Result<String, Reading> {
    let mut zip = archive::open(bytes, "DOCX", budget)?;
    let Some(main) = zip.entry("word/document.xml", budget)? else {
        return Err(super::invalid("DOCX", "no word/document.xml"));
    };
    let mut out = Collector::new(budget.limits.max_chars);
    xml::collect(&utf8(main, "DOCX", "word/document.xml")?, &SHAPE, "DOCX", &mut out, budget)?;
    // A 文号 or title set in a header is part of the document too.
    let mut parts: Vec<String> =
        zip.names().into_iter().filter(|n| n.starts_with("word/header") || n == "word/footnotes.xml").collect();
    parts.sort();
    for name in parts {
        if out.full() {
            break;
        }
        if let Some(part) = zip.entry(&name, budget)? {
            out.push("\n");
            xml::collect(&utf8(part, "DOCX", &name)?, &SHAPE, "DOCX", &mut out, budget)?;
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn a_docx_written_by_libreoffice_reads_with_its_number_and_title() {
        let text = fixtures::text("policy-2024-3.docx");
        assert!(text.contains("杭知保〔2024〕3号"), "{text}");
        assert!(text.contains("服务管理制度汇编"), "{text}");
        assert!(text.contains("首问负责制"), "{text}");
    }

    #[test]
    fn a_zip_that_is_not_a_docx_is_refused() {
        let budget = Budget::new(LIMITS);
        let xlsx = fixtures::bytes("maintenance-log-2026.xlsx");
        assert!(matches!(read(&xlsx, &budget), Reading::Refused(t) if t.en.contains("word/document.xml")));
        assert!(matches!(read(b"PK\x03\x04 truncated", &budget), Reading::Refused(t) if t.en.contains("DOCX")));
    }
}
