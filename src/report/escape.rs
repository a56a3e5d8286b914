//! Escaping for the markup formats. Every string that can come from a platform file, a file name or
//! a rule pack goes through one of these before it reaches HTML, SVG or Markdown.

use std::borrow::Cow;

/// Escapes text for HTML/XML element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`).
///
/// Control characters other than tab and line breaks are dropped: XML 1.0 cannot carry them, and
/// the HTML report is kept well-formed XML so that tests can parse it strictly.
pub fn xml(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_forbidden_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_forbidden_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes text for inline Markdown (CommonMark/GFM), including inside table cells: characters
/// that open emphasis, links, code, math, strike-through or a cell border get a backslash; `<`, `>`
/// and `&` become entities so no HTML or entity from the input is interpreted; line breaks become
/// spaces so a value cannot end a table row or start a block. Reporters never put an escaped value
/// at the start of a line, so line-start markers (`#`, `-`, `1.`) need no escaping.
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
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_quotes() {
        assert_eq!(
            xml(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(xml("平台 plain"), Cow::Borrowed(_)));
        assert_eq!(xml("a\u{1}b\tc"), "ab\tc");
    }

    #[test]
    fn markdown_neutralises_html_tables_and_links() {
        assert_eq!(markdown("<script>|[x](y)"), "&lt;script&gt;\\|\\[x\\](y)");
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("平台"), "平台");
    }
}
