//! The documents the editor has open: their text as the editor has it (edits applied as they
//! arrive), their version, and what kind of file each is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, Lines};
use crate::assessment::Assessment;

/// What a document is to ipps-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A platform description: a YAML file with a top-level `platform:` key.
    Platform,
    /// The project config, `.ipps-check.yaml` (or `.yml`).
    Config,
    /// Anything else: no diagnostics.
    Other,
}

impl Kind {
    /// The kind of a document from its file name and text. A platform file is recognised by a
    /// `platform:` key at the start of a line, which a file that does not parse yet still has.
    pub fn of(path: Option<&Path>, text: &str) -> Kind {
        let name = path.and_then(Path::file_name).and_then(|n| n.to_str());
        if name.is_some_and(|n| crate::config::FILE_NAMES.contains(&n)) {
            return Kind::Config;
        }
        let is_platform_key = |line: &str| {
            let key = line.trim_start_matches(['"', '\'']);
            key.strip_prefix("platform")
                .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).trim_start().starts_with(':'))
        };
        if text.lines().any(is_platform_key) { Kind::Platform } else { Kind::Other }
    }
}

/// One open document.
pub struct Document {
    /// The file behind the document, for a `file:` URI.
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
    pub kind: Kind,
    /// The assessment of the text at `assessed_version`, for hover.
    pub assessment: Option<(i32, Arc<Assessment>)>,
    /// Whether the last diagnostics published for it were not empty.
    pub has_diagnostics: bool,
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    /// A document the editor opened.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = file_path(&uri);
        let kind = Kind::of(path.as_deref(), &text);
        let has_diagnostics = self.open.get(&uri).is_some_and(|d| d.has_diagnostics);
        self.open.insert(uri, Document { path, text, version, kind, assessment: None, has_diagnostics });
    }

    /// Applies the editor's changes, in order; `false` when the document is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let Some(doc) = self.open.get_mut(uri) else { return false };
        for change in changes {
            match change.range {
                Some(range) => {
                    let lines = Lines::new(&doc.text);
                    let start = lines.offset(range.start, encoding);
                    let end = lines.offset(range.end, encoding).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = version;
        doc.kind = Kind::of(doc.path.as_deref(), &doc.text);
        true
    }

    /// Forgets a closed document; returns it.
    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// Every open document's URI.
    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }
}

/// The file a `file:` URI names (percent-decoded); `None` for other schemes (`untitled:`).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().is_some_and(|s| s.as_str().eq_ignore_ascii_case("file")) {
        return None;
    }
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(uri.path().as_str()).collect();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(&decoded)))
    }
    #[cfg(not(unix))]
    {
        // `file:///C:/dir/x.yaml`: the path is `/C:/dir/x.yaml`, without its first slash.
        let path = String::from_utf8_lossy(&decoded).into_owned();
        let path = match path.as_bytes() {
            [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => path[1..].to_owned(),
            _ => path,
        };
        Some(PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn kinds_follow_the_name_and_the_platform_key() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(Kind::of(p("/w/.ipps-check.yaml").as_deref(), "lang: zh\n"), Kind::Config);
        assert_eq!(Kind::of(p("/w/a.yaml").as_deref(), "# x\nplatform:\n  name: [\n"), Kind::Platform);
        assert_eq!(Kind::of(p("/w/a.yaml").as_deref(), "\"platform\" : {name: x}\n"), Kind::Platform);
        assert_eq!(Kind::of(p("/w/ci.yaml").as_deref(), "jobs:\n  platform: linux\n"), Kind::Other);
        assert_eq!(Kind::of(None, "platforms: []\n"), Kind::Other);
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(file_path(&uri("file:///tmp/a%20b/%E6%9D%AD.yaml")), Some(PathBuf::from("/tmp/a b/杭.yaml")));
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
    }

    #[test]
    fn incremental_changes_apply_in_order_in_the_client_encoding() {
        let mut docs = Documents::default();
        let u = uri("file:///w/p.yaml");
        docs.open(u.clone(), "platform:\n  name: 𠮷x\n".into(), 1);
        // Replace `x` (after the astral character: UTF-16 column 10), then add a line.
        let edit = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        assert!(docs.change(&u, 2, vec![edit(1, 10, 1, 11, "平台"), edit(2, 0, 2, 0, "  url: y\n")], Encoding::Utf16));
        assert_eq!(docs.get(&u).unwrap().text, "platform:\n  name: 𠮷平台\n  url: y\n");
        assert_eq!(docs.get(&u).unwrap().version, 2);
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "a: 1\n".into() };
        docs.change(&u, 3, vec![full], Encoding::Utf16);
        assert_eq!(docs.get(&u).unwrap().kind, Kind::Other);
    }
}
