//! Text out of the XML parts of DOCX and OFD: the content of the elements that carry text, a line
//! break after the elements that end a paragraph.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Budget, Collector, Reading, invalid};

/// What carries text in a format's XML (local names, without namespace prefix).
pub struct Shape {
    /// Elements whose text is the document's text (`t` in DOCX, `TextCode` in OFD).
    pub text: &'static [&'static str],
    /// Elements after which a line ends (`p` in DOCX).
    pub breaks: &'static [&'static str],
}

/// Adds the text of one XML part to `out`; stops quietly when `out` is full.
pub fn collect(xml: &str, shape: &Shape, format: &str, out: &mut Collector, budget: &Budget) -> Result<(), Reading> {
    let mut reader = Reader::from_str(xml);
    let mut depth_in_text = 0usize;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) && budget.out_of_time() {
            return Err(budget.timed_out());
        }
        let event = reader.read_event().map_err(|e| invalid(format, e))?;
        let piece: Option<String> = match event {
            Event::Start(e) if shape.text.contains(&e.local_name().as_ref()) => {
                depth_in_text += 1;
                None
            }
            Event::End(e) => {
                let name = e.local_name();
                if shape.text.contains(&name.as_ref()) {
                    depth_in_text = depth_in_text.saturating_sub(1);
                    None
                } else {
                    shape.breaks.contains(&name.as_ref()).then(|| "\n".to_owned())
                }
            }
            Event::Text(t) if depth_in_text > 0 => Some(t.xml10_content().into_owned()),
            Event::CData(t) if depth_in_text > 0 => Some(t.to_string()),
            Event::GeneralRef(r) if depth_in_text > 0 => Some(match r.resolve_char_ref() {
                Ok(Some(c)) => c.to_string(),
                _ => quick_xml::escape::resolve_xml_entity(&r.xml10_content()).unwrap_or_default().to_owned(),
            }),
            Event::Eof => return Ok(()),
            _ => None,
        };
        if let Some(piece) = piece
            && !out.push(&piece)
        {
            return Ok(());
        }
    }
}
