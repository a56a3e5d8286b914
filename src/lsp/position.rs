//! Positions as the editor counts them: LSP lines and columns in the negotiated encoding (UTF-8
//! bytes or UTF-16 code units), converted to and from byte offsets and the project's 1-based
//! line:column, whose columns count characters.

use lsp_types::{Position, Range};
use serde_json::Value;

use crate::source::LineCol;

/// What a column of an LSP position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default, what a client that says nothing means.
    Utf16,
}

/// How the server told the client which encoding it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negotiated {
    /// Through `general.positionEncodings` (LSP 3.17): answered in `capabilities.positionEncoding`.
    Standard,
    /// Through clangd's `offsetEncoding` extension, which some clients offer instead: answered in
    /// the initialize result's `offsetEncoding`.
    Clangd,
    /// The client offered nothing: UTF-16.
    Default,
}

impl Encoding {
    /// The encoding to use with a client, from its `initialize` capabilities: UTF-8 when the client
    /// offers it (no conversion of byte offsets), else UTF-16, which every client understands.
    pub fn negotiate(capabilities: &Value) -> (Encoding, Negotiated) {
        let offers = |pointer: &str| {
            capabilities
                .pointer(pointer)
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).any(|e| e.eq_ignore_ascii_case("utf-8")))
        };
        match (offers("/general/positionEncodings"), offers("/offsetEncoding")) {
            (Some(true), _) => (Encoding::Utf8, Negotiated::Standard),
            (_, Some(true)) => (Encoding::Utf8, Negotiated::Clangd),
            (Some(false), _) => (Encoding::Utf16, Negotiated::Standard),
            (_, Some(false)) => (Encoding::Utf16, Negotiated::Clangd),
            (None, None) => (Encoding::Utf16, Negotiated::Default),
        }
    }

    /// The name the protocol gives the encoding.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// The width of a character in this encoding's units.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// A document's text with its line starts, for conversions in both directions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the lines of a text (a line ends at `\n`; a `\r` before it is part of no column a
    /// position can name, since nothing is ever located after it).
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The text of a 0-based line, without its line break.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else { return "" };
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of an LSP position. A column past the end of its line means the end of the
    /// line, a line past the end of the text the end of the text, and a column inside a character
    /// (half of a UTF-16 surrogate pair, a byte inside a UTF-8 sequence) that character's start.
    pub fn offset(&self, p: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else { return self.text.len() };
        let line = self.line(p.line as usize);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let next = units + encoding.width(c);
            if next > p.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }

    /// The LSP position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character: usize = before.chars().map(|c| encoding.width(c)).sum();
        Position::new(line as u32, character as u32)
    }

    /// The project's 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// The byte offset of a 1-based line and character column (the project's positions).
    pub fn offset_of(&self, at: LineCol) -> usize {
        let line_index = at.line.saturating_sub(1);
        let Some(&start) = self.starts.get(line_index) else { return self.text.len() };
        let line = self.line(line_index);
        match line.char_indices().nth(at.column.saturating_sub(1)) {
            Some((i, _)) => start + i,
            None => start + line.len(),
        }
    }

    /// The range a diagnostic at a project position underlines: the key there (`name:` → `name`),
    /// or the value to the end of its line without a trailing comment; at least one character
    /// (an empty range is invisible in some editors), none only at the end of an empty line.
    pub fn token(&self, at: LineCol, encoding: Encoding) -> Range {
        let start = self.offset_of(at);
        let line_index = at.line.saturating_sub(1);
        let line_start = self.starts.get(line_index).copied().unwrap_or(self.text.len());
        let (before, rest) = self.line(line_index).split_at(start.saturating_sub(line_start));
        let len = token_len(before, rest);
        Range::new(self.position(start, encoding), self.position(start + len, encoding))
    }
}

/// The length in bytes of the token that starts `rest`, the part of a line from a node on
/// (`before` is the part before it): a quoted scalar with its quotes, a mapping key without its
/// colon, or a plain value up to a trailing ` # comment` — and, inside a flow collection (`{…}`,
/// `[…]`), up to the next `,`, `}` or `]`.
fn token_len(before: &str, rest: &str) -> usize {
    if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        // `\"` escapes inside double quotes, `''` inside single quotes.
        let mut chars = rest.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if quote == '"' => {
                    chars.next();
                }
                '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                    chars.next();
                }
                c if c == quote => return i + 1,
                _ => {}
            }
        }
        return rest.len();
    }
    // A plain key ends at the first `:` followed by a blank or the end of the line (a value such
    // as `http://x` has no blank after its colon).
    let key_end = rest
        .char_indices()
        .find(|&(i, c)| c == ':' && (i + 1 == rest.len() || rest[i + 1..].starts_with([' ', '\t'])))
        .map(|(i, _)| i);
    let plain =
        |s: &str| !s.is_empty() && !s.starts_with(['{', '[', '-', '#']) && !s.contains([',', '{', '}', '[', ']']);
    if let Some(end) = key_end.filter(|&end| plain(&rest[..end])) {
        return end;
    }
    let in_flow = before.contains(['{', '[']);
    let mut end = rest.find(" #").unwrap_or(rest.len());
    if in_flow && !rest.starts_with(['{', '[']) {
        end = end.min(rest.find([',', '}', ']']).unwrap_or(rest.len()));
    }
    let len = rest[..end].trim_end().len();
    if len > 0 { len } else { rest.chars().next().map_or(0, char::len_utf8) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// CJK and an astral character (𠮷: 4 bytes, 2 UTF-16 units) before the value on one line.
    const TEXT: &str = "platform:\n  name: 杭州𠮷平台 # 名称\n  url: x\n";

    #[test]
    fn utf8_is_chosen_when_offered_by_either_means() {
        let standard = json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}});
        assert_eq!(Encoding::negotiate(&standard), (Encoding::Utf8, Negotiated::Standard));
        assert_eq!(
            Encoding::negotiate(&json!({"offsetEncoding": ["utf-8", "utf-16"]})),
            (Encoding::Utf8, Negotiated::Clangd)
        );
        let utf16_only = json!({"general": {"positionEncodings": ["utf-16"]}});
        assert_eq!(Encoding::negotiate(&utf16_only), (Encoding::Utf16, Negotiated::Standard));
        assert_eq!(Encoding::negotiate(&json!({})), (Encoding::Utf16, Negotiated::Default));
    }

    #[test]
    fn columns_count_code_units_of_the_encoding() {
        let lines = Lines::new(TEXT);
        // `#` after 杭州𠮷平台 and a blank: 8 characters in, 2+2+1+… units.
        let hash = TEXT.find('#').unwrap();
        let line_start = TEXT.find("  name").unwrap();
        assert_eq!(lines.position(hash, Encoding::Utf8), Position::new(1, (hash - line_start) as u32));
        // "  name: " is 8 units, 杭州 2, 𠮷 2 (a surrogate pair), 平台 2, the blank 1.
        assert_eq!(lines.position(hash, Encoding::Utf16), Position::new(1, 15));
        assert_eq!(lines.offset(Position::new(1, 15), Encoding::Utf16), hash);
        assert_eq!(lines.offset(Position::new(1, (hash - line_start) as u32), Encoding::Utf8), hash);
    }

    #[test]
    fn positions_inside_a_character_or_past_the_end_are_clamped() {
        let lines = Lines::new(TEXT);
        let astral = TEXT.find('𠮷').unwrap();
        // Column 11 in UTF-16 falls between the two halves of 𠮷: its start.
        assert_eq!(lines.offset(Position::new(1, 11), Encoding::Utf16), astral);
        assert_eq!(lines.offset(Position::new(1, 8 + 6 + 1), Encoding::Utf8), astral);
        let end_of_line = TEXT.find("\n  url").unwrap();
        assert_eq!(lines.offset(Position::new(1, 999), Encoding::Utf16), end_of_line);
        assert_eq!(lines.offset(Position::new(99, 0), Encoding::Utf8), TEXT.len());
        assert_eq!(lines.position(astral + 1, Encoding::Utf16), Position::new(1, 10));
    }

    #[test]
    fn project_positions_count_characters() {
        let lines = Lines::new(TEXT);
        // Column 9 is 杭, column 11 is 𠮷.
        assert_eq!(lines.offset_of(LineCol { line: 2, column: 11 }), TEXT.find('𠮷').unwrap());
        let value = lines.token(LineCol { line: 2, column: 9 }, Encoding::Utf16);
        assert_eq!((value.start, value.end), (Position::new(1, 8), Position::new(1, 14)));
        let value = lines.token(LineCol { line: 2, column: 9 }, Encoding::Utf8);
        assert_eq!(value.end.character - value.start.character, "杭州𠮷平台".len() as u32);
    }

    #[test]
    fn tokens_are_keys_or_values() {
        let table = [
            ("", "name: x", 4),
            ("  ", "url: http://a.b/c # note", 3),
            ("url: ", "http://a.b/c # note", 12),
            ("x: ", "\"a: \\\" b\" # c", 9),
            ("x: ", "'it''s' # c", 7),
            ("", "- x", 3),
            ("", "level:", 5),
            ("x: ", "a, b", 4),
            ("x: {name: n, ", "uscc: 9135}", 4),
            ("x: {name: n, uscc: ", "9135}", 4),
            ("x: [", "a, b]", 1),
            ("x: ", "{a: 1}", 6),
            ("", "  ", 1),
            ("", "", 0),
        ];
        for (before, rest, len) in table {
            assert_eq!(token_len(before, rest), len, "{before:?} {rest:?}");
        }
    }
}
