//! Escaping for the markup formats. Every string that can come from a platform file, a file name or
//! a rule pack goes through one of these before it reaches HTML, SVG or Markdown. Control
//! characters and bidi overrides are spelt out (`\u{1b}`, see `terminal::visible`) rather than
//! passed on: a reader should see that the input held one, and never have the text reordered.

use std::borrow::Cow;

use crate::terminal::{escaped, is_hidden, visible_lines};

/// Whether XML 1.0 can hold a character at all (its `Char` production): not the C0 controls but
/// tab, line feed and carriage return, not U+FFFE or U+FFFF. (Surrogates cannot occur in a Rust
/// string; a file name's invalid bytes arrive as U+FFFD.)
pub fn xml_allows(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Text with every character XML 1.0 forbids replaced by U+FFFD: the one rule of the JUnit, HTML
/// and SARIF reports, so that an input of U+FFFF cannot make a report unreadable.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_allows) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if xml_allows(c) { c } else { '\u{FFFD}' }).collect())
}

/// [`xml_safe`] for the strings of a JSON text (SARIF, the data inside the HTML report): escapes
/// of characters XML forbids (`\u0001`, `\b`, `\f`, `\uffff`) and raw U+FFFE/U+FFFF become
/// `\ufffd`, so that the values a reader parses are XML-safe too. Outside strings JSON holds only
/// ASCII punctuation and whitespace, which is left as it is.
pub fn xml_safe_json(text: String) -> String {
    if !text.contains(['\\', '\u{fffe}', '\u{ffff}']) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            '\\' if in_string => match chars.next() {
                Some('b' | 'f') => out.push_str("\\ufffd"),
                Some('u') => {
                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(decoded) if !xml_allows(decoded) => out.push_str("\\ufffd"),
                        _ => {
                            out.push_str("\\u");
                            out.push_str(&hex);
                        }
                    }
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c if !xml_allows(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML/XML element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`).
///
/// Control characters other than tab, line feed and CRLF, and bidi controls, are spelt out (as in
/// `terminal::visible_lines`): XML 1.0 cannot carry most of them (the HTML report is kept
/// well-formed XML so that tests can parse it strictly), a browser would reorder text around a
/// bidi override, and a lone carriage return would overwrite a line of a report shown with `cat`.
/// U+FFFE and U+FFFF, which XML forbids too, become U+FFFD ([`xml_safe`]).
pub fn xml(s: &str) -> Cow<'_, str> {
    let shown = visible_lines(s);
    if !shown.chars().any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')) {
        return shown;
    }
    let mut out = String::with_capacity(shown.len() + 16);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !xml_allows(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes text for inline Markdown (CommonMark/GFM), including inside table cells: characters
/// that open emphasis, links, code, math, strike-through or a cell border get a backslash; `<`, `>`
/// and `&` become entities so no HTML or entity from the input is interpreted; line breaks become
/// spaces so a value cannot end a table row or start a block; other control characters and bidi
/// controls are spelt out (with the backslash escaped, so `\u{1b}` is what a reader sees).
/// Reporters never put an escaped value at the start of a line, so line-start markers (`#`, `-`,
/// `1.`) need no escaping.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hidden(c) => {
                out.push('\\');
                out.push_str(&escaped(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Spells out, as `\uXXXX`, the hidden characters serde_json leaves raw (DEL, C1 controls, bidi
/// controls): a JSON report printed on a terminal then carries none of them, and the document
/// means the same, because outside strings JSON holds only ASCII punctuation and whitespace.
pub fn json(text: String) -> String {
    // serde_json already escapes C0 inside strings, so a raw C0 here is the layout's whitespace.
    let hidden = |c: char| is_hidden(c) && c > '\u{1f}';
    if !may_hold_hidden(text.as_bytes()) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether UTF-8 text may hold a hidden character above U+001F (DEL, C1, U+061C, U+200E/F,
/// U+2028–U+202E, U+2066–U+2069), judged on bytes: a report of Chinese text is mostly three-byte
/// characters that decoding one by one would be slow to rule out.
fn may_hold_hidden(b: &[u8]) -> bool {
    b.windows(3).any(|w| {
        matches!(
            w,
            [0x7F, ..]
                | [0xC2, 0x80..=0x9F, _]
                | [0xD8, 0x9C, _]
                | [0xE2, 0x80, 0x8E | 0x8F | 0xA8..=0xAE]
                | [0xE2, 0x81, 0xA6..=0xA9]
        )
    }) || b.ends_with(&[0x7F])
        || b.len() >= 2 && matches!(b[b.len() - 2..], [0xC2, 0x80..=0x9F] | [0xD8, 0x9C])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_byte_test_finds_every_hidden_character_above_c0() {
        for c in ('\u{20}'..='\u{3000}').chain(['\u{FEFF}', '\u{1F600}']) {
            let hidden = crate::terminal::is_hidden(c);
            for s in [format!("{c}"), format!("a{c}"), format!("{c}ab"), format!("中{c}文")] {
                assert_eq!(super::may_hold_hidden(s.as_bytes()), hidden, "{c:?} in {s:?}");
            }
        }
    }

    use super::*;

    #[test]
    fn xml_escapes_markup_and_quotes() {
        assert_eq!(
            xml(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(xml("平台 plain"), Cow::Borrowed(_)));
        assert_eq!(xml("a\u{1}b\tc\u{202e}d\u{FFFF}"), "a\\u{1}b\tc\\u{202e}d\u{FFFD}");
        assert_eq!(xml("a\rb\r\nc<"), "a\\rb\r\nc&lt;");
    }

    #[test]
    fn json_strings_lose_what_xml_forbids_and_keep_the_rest() {
        let value = serde_json::json!({"a\u{1}": "x\u{8}\u{c}\t\n\r\u{fffe}\u{ffff}\"\\u0001\u{1F600}平台"});
        let text = xml_safe_json(serde_json::to_string(&value).unwrap());
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"a\u{fffd}": "x\u{fffd}\u{fffd}\t\n\r\u{fffd}\u{fffd}\"\\u0001\u{1F600}平台"})
        );
        assert_eq!(xml_safe("ok\u{1f}\u{ffff}"), "ok\u{fffd}\u{fffd}");
        assert!(matches!(xml_safe("平台\t\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_spells_out_what_serde_json_leaves_raw() {
        let value = serde_json::json!({"name": "a\u{1b}b\u{7f}c\u{9b}d\u{202e}e\n平台"});
        let text = json(serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(text, "{\n  \"name\": \"a\\u001bb\\u007fc\\u009bd\\u202ee\\n平台\"\n}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn markdown_neutralises_html_tables_and_links() {
        assert_eq!(markdown("<script>|[x](y)"), "&lt;script&gt;\\|\\[x\\](y)");
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("平台"), "平台");
        assert_eq!(markdown("a\u{1b}[2J\u{202e}b"), "a\\\\u{1b}\\[2J\\\\u{202e}b");
    }
}
