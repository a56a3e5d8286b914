//! Copies of cited documents, opened: one reader per format that carries text (PDF, DOCX, OFD,
//! spreadsheets, HTML, TXT), images recognised but not read, every reading bounded in bytes,
//! pages, archive entries, inflated size, characters and wall time. What a reading must find
//! (the cited 文号 and title) is `assess::citations`' business.

mod archive;
pub mod doc_no;
mod docx;
mod html;
mod image;
pub mod normalize;
mod ofd;
mod pdf;
mod txt;
mod xlsx;
mod xml;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::text::Text;

/// How far a reading may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest copy read, in bytes.
    pub max_bytes: u64,
    /// Pages of a PDF or OFD read (the 文号 and title are on the first).
    pub max_pages: usize,
    /// Entries an archive (DOCX, OFD, XLSX) may hold.
    pub max_entries: usize,
    /// Bytes an archive's entries may inflate to, all together.
    pub max_inflated: u64,
    /// Characters of text kept.
    pub max_chars: usize,
    /// Wall time a reading may take.
    pub time: Duration,
}

/// The limits every run uses (docs/trust.md).
pub const LIMITS: Limits = Limits {
    max_bytes: 64 * 1024 * 1024,
    max_pages: 50,
    max_entries: 5_000,
    max_inflated: 128 * 1024 * 1024,
    max_chars: 1_000_000,
    time: Duration::from_secs(10),
};

/// What reading a copy gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The copy's text, as extracted (not normalised), at most `max_chars` characters.
    Text(String),
    /// A real file of a kind that is not read (an image, a scan without text, a format no reader
    /// knows): why.
    NotRead(Text),
    /// The file cannot be the document: why (not a valid file of its format, over a limit).
    Refused(Text),
}

/// The bounds a reader works within: the limits, and when its time is up.
pub struct Budget {
    pub limits: Limits,
    deadline: Instant,
}

impl Budget {
    /// A budget starting now.
    pub fn new(limits: Limits) -> Budget {
        Budget { limits, deadline: Instant::now() + limits.time }
    }

    /// Whether the reader has run out of time; readers ask between pages, entries and events.
    pub fn out_of_time(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// The refusal of a reading that ran out of time.
    pub fn timed_out(&self) -> Reading {
        timed_out(self.limits)
    }
}

fn timed_out(limits: Limits) -> Reading {
    let s = limits.time.as_secs();
    Reading::Refused(Text::new(
        format!("未能在 {s} 秒内读完（请提供较小的副本，如载有标题和文号的页面）"),
        format!("could not be read within {s} s (provide a smaller copy, e.g. the pages with the title and 文号)"),
    ))
}

/// Text collected up to the character limit.
pub struct Collector {
    text: String,
    chars: usize,
    max: usize,
}

impl Collector {
    pub fn new(max: usize) -> Collector {
        Collector { text: String::new(), chars: 0, max }
    }

    /// Adds text; false once the limit is reached (the reader may stop).
    pub fn push(&mut self, s: &str) -> bool {
        for c in s.chars() {
            if self.chars >= self.max {
                return false;
            }
            self.text.push(c);
            self.chars += 1;
        }
        true
    }

    pub fn full(&self) -> bool {
        self.chars >= self.max
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// A reader: the file-name extensions it takes and its function.
struct Reader {
    extensions: &'static [&'static str],
    read: fn(&[u8], &Budget) -> Reading,
}

/// Every format, one line each. Extensions are compared in lower case.
const READERS: &[Reader] = &[
    Reader { extensions: &["pdf"], read: pdf::read },
    Reader { extensions: &["docx"], read: docx::read },
    Reader { extensions: &["ofd"], read: ofd::read },
    Reader { extensions: &["xlsx", "xlsm", "xls", "ods"], read: xlsx::read },
    Reader { extensions: &["html", "htm"], read: html::read },
    Reader { extensions: &["txt"], read: txt::read },
    Reader { extensions: &["jpg", "jpeg", "png", "tif", "tiff", "gif", "bmp", "webp"], read: image::read },
];

/// Reads a copy by its file name's extension, on a thread of its own so that a reading that
/// overruns its time is abandoned (its result is never used).
pub fn read(name: &str, bytes: Vec<u8>, limits: Limits) -> Reading {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some(reader) = READERS.iter().find(|r| r.extensions.contains(&extension.as_str())) else {
        let shown = if extension.is_empty() { "(none)".to_owned() } else { format!(".{extension}") };
        return Reading::NotRead(Text::new(
            format!("格式 {shown} 不读取（可读取 PDF、DOCX、OFD、XLSX、HTML、TXT），需人工核对"),
            format!("format {shown} is not read (PDF, DOCX, OFD, XLSX, HTML and TXT are); verify it by hand"),
        ));
    };
    if bytes.len() as u64 > limits.max_bytes {
        return Reading::Refused(Text::new(
            format!("超过读取上限 {} 字节（请提供较小的副本）", limits.max_bytes),
            format!("over the reading limit of {} bytes (provide a smaller copy)", limits.max_bytes),
        ));
    }
    let read = reader.read;
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("evidence-reader".into()).spawn(move || {
        let budget = Budget::new(limits);
        let _ = tx.send(read(&bytes, &budget));
    });
    if spawned.is_err() {
        return Reading::Refused(Text::new("无法启动读取线程", "could not start a thread to read it"));
    }
    match rx.recv_timeout(limits.time + Duration::from_secs(1)) {
        Ok(reading) => reading,
        Err(mpsc::RecvTimeoutError::Timeout) => timed_out(limits),
        // The reader ended without an answer: it panicked on the file.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Reading::Refused(Text::new("文件无法解析", "the file could not be parsed"))
        }
    }
}

/// The refusal of a file that is not valid in its format.
pub fn invalid(format: &str, detail: impl std::fmt::Display) -> Reading {
    Reading::Refused(Text::new(
        format!("不是有效的 {format} 文件（{detail}）"),
        format!("not a valid {format} file ({detail})"),
    ))
}

#[cfg(test)]
pub(crate) mod fixtures {
    /// A vendored fixture document (tests/fixtures/evidence/).
    pub fn bytes(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The normalised text of a fixture read with the default limits.
    pub fn text(name: &str) -> String {
        match super::read(name, bytes(name), super::LIMITS) {
            super::Reading::Text(t) => super::normalize::normalize(&t),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_chosen_by_extension_and_unknown_ones_are_not_read() {
        assert!(matches!(read("a.doc", vec![0; 2048], LIMITS), Reading::NotRead(t) if t.en.contains(".doc")));
        assert!(matches!(read("noextension", vec![0; 2048], LIMITS), Reading::NotRead(_)));
        assert!(matches!(read("A.PDF", b"not a pdf".to_vec(), LIMITS), Reading::Refused(t) if t.en.contains("PDF")));
    }

    #[test]
    fn a_copy_over_the_byte_limit_is_refused_before_it_is_parsed() {
        let small = Limits { max_bytes: 10, ..LIMITS };
        assert!(matches!(read("a.txt", vec![b'a'; 11], small), Reading::Refused(t) if t.en.contains("limit")));
    }

    #[test]
    fn a_reading_out_of_time_is_refused_and_pages_past_the_bound_are_not_read() {
        let no_time = Limits { time: Duration::ZERO, ..LIMITS };
        for name in ["policy-2024-3.pdf", "policy-2024-3.docx", "notice-2024-6.ofd", "maintenance-log-2026.xlsx"] {
            let reading = read(name, fixtures::bytes(name), no_time);
            assert!(matches!(&reading, Reading::Refused(t) if t.en.contains("within 0 s")), "{name}: {reading:?}");
        }
        // With no page to read, a PDF shows no text, as a scan would.
        let no_pages = Limits { max_pages: 0, ..LIMITS };
        assert!(matches!(read("a.pdf", fixtures::bytes("policy-2024-3.pdf"), no_pages), Reading::NotRead(_)));
        let few_chars = Limits { max_chars: 5, ..LIMITS };
        assert_eq!(read("a.txt", fixtures::bytes("notice-2023-12.txt"), few_chars), Reading::Text("杭州市知识".into()));
    }

    #[test]
    fn text_is_collected_up_to_its_limit() {
        let mut c = Collector::new(3);
        assert!(!c.push("杭知保〔2024〕"));
        assert!(c.full());
        assert_eq!(c.finish(), "杭知保");
    }
}
