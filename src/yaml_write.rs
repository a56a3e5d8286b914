//! Text that goes into generated YAML (`import`, `migrate`): it must read the same to every YAML
//! reader, so that nothing taken from a spreadsheet cell or an old file can end a comment early
//! and add keys.
//!
//! YAML 1.2 ends a line at LF and CR only; YAML 1.1 — PyYAML and many editors — also at NEL
//! (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029). A comment holding any of
//! them is one line to a 1.2 reader and two to a 1.1 reader, whose second line can be a key. Both
//! versions also forbid raw non-printable characters (C0 but tab, C1, DEL, a BOM past the start,
//! U+FFFE, U+FFFF). Scalars are written by serde-saphyr, which escapes all of these in double
//! quotes (`\L`, `\P`, `\N`, `\uFEFF`, escapes both versions read); comments are written here.

use crate::terminal::escaped;

/// Whether a character ends a line for some YAML reader (1.1 or 1.2).
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether a character may not stand raw in YAML text (1.1 or 1.2) other than as a line break
/// or tab: the complement of `c-printable`, plus a byte-order mark, which only a document's start
/// may hold.
pub fn is_unprintable(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        || c == '\u{feff}'
}

/// Text for one `#` comment line: every line break of any YAML version and every unprintable
/// character is spelt out (`\u{2028}`, `\r`), as are the controls and bidi marks a terminal would
/// act on, so that the comment stays one line for every reader and shows what the input held.
pub fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_line_break(c) || is_unprintable(c) || crate::terminal::is_hidden(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks text about to be written as YAML: its only line breaks are LF and CRLF and it holds no
/// unprintable character, so YAML 1.1 and 1.2 readers see the same lines. A final guard: the
/// writers above never produce anything else, and if they did, nothing would be written.
pub fn same_for_every_reader(text: &str) -> Result<(), String> {
    let mut chars = text.char_indices().peekable();
    let mut line = 1;
    while let Some((_, c)) = chars.next() {
        let lone_cr = c == '\r' && chars.peek().is_none_or(|(_, n)| *n != '\n');
        if lone_cr || (is_line_break(c) && !matches!(c, '\n' | '\r')) || is_unprintable(c) {
            return Err(format!("line {line} would hold {} raw", escaped(c)));
        }
        if c == '\n' {
            line += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_stay_one_line_for_every_reader() {
        let hostile = "a\u{2028}b: 1\u{2029}c\u{85}d\re\u{feff}f\u{1b}[31m\u{fffe}g\u{0}h\u{9b}i\u{202e}j\tk";
        let text = comment_text(hostile);
        assert_eq!(
            text,
            "a\\u{2028}b: 1\\u{2029}c\\u{85}d\\re\\u{feff}f\\u{1b}[31m\\u{fffe}g\\0h\\u{9b}i\\u{202e}j\\tk"
        );
        assert!(same_for_every_reader(&format!("# {text}\nkey: 1\n")).is_ok());
        assert_eq!(comment_text("平台 name"), "平台 name");
    }

    #[test]
    fn the_guard_finds_what_a_yaml_11_reader_would_break_on() {
        assert!(same_for_every_reader("a: 1\r\nb: 2\n").is_ok());
        for bad in ["# x\u{2028}y: 1\n", "# x\ry: 1\n", "a: 1\n# \u{85}\n", "a: \u{1}\n", "# \u{feff}\n"] {
            assert!(same_for_every_reader(bad).is_err(), "{bad:?}");
        }
        assert_eq!(same_for_every_reader("a\nb\n# \u{2029}\n").unwrap_err(), "line 3 would hold \\u{2029} raw");
    }
}
