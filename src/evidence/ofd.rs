//! OFD (GB/T 33190-2016, the Chinese fixed-layout format of official documents): the entry file
//! names the document root, the document lists its pages, and each page's text objects carry the
//! text in `TextCode` elements.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::{self, Archive, utf8};
use super::xml::{self, Shape};
use super::{Budget, Collector, Reading, invalid};

const SHAPE: Shape = Shape { text: &["TextCode"], breaks: &["TextObject"] };

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    match text(bytes, budget) {
        Ok(t) => Reading::Text(t),
        Err(r) => r,
    }
}

fn text(bytes: &[u8], budget: &Budget) -> Result<String, Reading> {
    let mut zip = archive::open(bytes, "OFD", budget)?;
    let entry = part(&mut zip, "OFD.xml", budget)?;
    let root = first_text_of(&entry, "DocRoot").ok_or_else(|| invalid("OFD", "OFD.xml names no DocRoot"))?;
    let root = resolve("", &root);
    let document = part(&mut zip, &root, budget)?;
    let base = root.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
    let pages = page_locations(&document).map_err(|e| invalid("OFD", e))?;
    let mut out = Collector::new(budget.limits.max_chars);
    for location in pages.iter().take(budget.limits.max_pages) {
        let page = part(&mut zip, &resolve(base, location), budget)?;
        xml::collect(&page, &SHAPE, "OFD", &mut out, budget)?;
        if out.full() {
            break;
        }
    }
    Ok(out.finish())
}

/// An entry that must exist, as text.
fn part(zip: &mut Archive, name: &str, budget: &Budget) -> Result<String, Reading> {
    match zip.entry(name, budget)? {
        Some(bytes) => utf8(bytes, "OFD", name),
        None => Err(invalid("OFD", format_args!("no {name}"))),
    }
}

/// A location inside the package: absolute (`/Doc_0/…`) or relative to `base`.
fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    match location.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None if base.is_empty() => location.to_owned(),
        None => format!("{base}/{location}"),
    }
}

/// The text of the first element with this local name.
fn first_text_of(xml: &str, name: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == name => inside = true,
            Event::Text(t) if inside => return Some(t.xml10_content().trim().to_owned()),
            Event::End(e) if e.local_name().as_ref() == name => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The `BaseLoc` of every `Page` of a document, in order.
fn page_locations(xml: &str) -> Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut pages = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Page" => {
                if let Ok(Some(a)) = e.try_get_attribute("BaseLoc") {
                    pages.push(a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?.into_owned());
                }
            }
            Event::Eof => return Ok(pages),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn an_ofd_reads_page_by_page_with_its_number_and_title() {
        let text = fixtures::text("notice-2024-6.ofd");
        assert!(text.contains("杭知保〔2024〕6号"), "{text}");
        assert!(text.contains("服务流程优化实施方案"), "{text}");
    }

    #[test]
    fn locations_are_absolute_or_relative_to_the_document() {
        assert_eq!(resolve("Doc_0", "Pages/Page_0/Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/Page_0/Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
        assert_eq!(resolve("", "Doc_0/Document.xml"), "Doc_0/Document.xml");
    }

    #[test]
    fn an_archive_without_the_ofd_entry_is_refused() {
        let docx = fixtures::bytes("policy-2024-3.docx");
        assert!(matches!(read(&docx, &Budget::new(LIMITS)), Reading::Refused(t) if t.en.contains("OFD.xml")));
    }
}
