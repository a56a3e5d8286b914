//! Text bound for a terminal or a plain-text file: input made visible, and whether to colour it.
//!
//! Platform files, rule packs, waivers and file names are untrusted. Printed raw, an ESC or OSC
//! sequence in a platform name could clear the screen or forge report lines, a carriage return
//! could overwrite a line, and a bidi override (U+202E) could make text read differently from
//! what it is. Every input string that reaches a terminal, a text report, Markdown or CSV goes
//! through [`visible`] or [`visible_lines`] first, which spell such characters out as `\u{1b}`.

use std::borrow::Cow;
use std::ffi::OsString;
use std::sync::Arc;

/// Whether to colour output (`--color`). It lives here, beside the one function that decides,
/// so that the command line depends on the terminal and never the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether a character must not reach the output as itself: C0 controls, DEL, C1 controls, and
/// the invisible marks that change the direction of the text around them.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' // ARABIC LETTER MARK
                | '\u{200E}' | '\u{200F}' // LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
                | '\u{202A}'..='\u{202E}' // embeddings and overrides
                | '\u{2066}'..='\u{2069}' // isolates
                | '\u{2028}' | '\u{2029}' // line and paragraph separators, which some viewers break on
        )
}

/// Appends the visible spelling of a hidden character, in Rust's escape notation.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// The visible spelling of one hidden character, e.g. `\u{1b}`.
pub fn escaped(c: char) -> String {
    let mut s = String::new();
    push_escaped(&mut s, c);
    s
}

/// Text for one line of output (a header, a table cell, a message): every hidden character,
/// line breaks and tabs included, is spelt out. Ordinary text comes back borrowed.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_where(s, is_hidden)
}

/// Text that keeps its lines (a source snippet, a CSV cell): line feeds, CRLF pairs and tabs stay,
/// every other hidden character is spelt out. A lone carriage return is spelt out too, since a
/// terminal would return to the start of the line and let the rest overwrite it.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hidden(c) && !matches!(c, '\n' | '\t' | '\r')) && !has_lone_cr(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let kept = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !is_hidden(c),
        };
        if kept { out.push(c) } else { push_escaped(&mut out, c) }
    }
    Cow::Owned(out)
}

fn has_lone_cr(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| x == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

fn escape_where(s: &str, hide: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&hide) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hide(c) { push_escaped(&mut out, c) } else { out.push(c) }
    }
    Cow::Owned(out)
}

/// A source file's text made visible for a snippet, with the byte offsets of the original mapped
/// to the visible text, so that a label still points at the character it was meant for.
#[derive(Debug, Clone)]
pub struct VisibleSource {
    /// The text with hidden characters spelt out (the original itself when there were none).
    pub text: Arc<str>,
    /// For each spelt-out character: its offset in the original and the bytes the visible text
    /// has gained up to and including it. Sorted by offset.
    growth: Vec<(usize, usize)>,
}

impl VisibleSource {
    /// Makes a text visible for snippets; cheap when it holds nothing to escape.
    pub fn new(text: &Arc<str>) -> VisibleSource {
        let shown = visible_lines(text);
        let Cow::Owned(shown) = shown else {
            return VisibleSource { text: Arc::clone(text), growth: Vec::new() };
        };
        let mut growth = Vec::new();
        let mut gained = 0usize;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let kept = match c {
                '\n' | '\t' => true,
                '\r' => chars.peek().map(|(_, n)| *n) == Some('\n'),
                c => !is_hidden(c),
            };
            if !kept {
                gained += escaped(c).len() - c.len_utf8();
                growth.push((i, gained));
            }
        }
        VisibleSource { text: shown.into(), growth }
    }

    /// The offset in the visible text of a byte offset in the original.
    pub fn offset(&self, original: usize) -> usize {
        // Only characters that start before `original` have moved it.
        let before = self.growth.partition_point(|(at, _)| *at < original);
        original + before.checked_sub(1).map(|i| self.growth[i].1).unwrap_or(0)
    }

    /// Maps a span of the original text to the visible text: a span over a hidden character
    /// covers its whole spelling.
    pub fn span(&self, offset: usize, len: usize) -> (usize, usize) {
        let start = self.offset(offset);
        let end = if len == 0 { start } else { self.offset(offset + len) };
        (start, end - start)
    }
}

/// Whether to colour output for a stream: the one place that decides, for reports and errors.
///
/// `--color never` and `NO_COLOR` win over everything; then `--color always` and
/// `CLICOLOR_FORCE` force colour, even when the stream is not a terminal; then `TERM=dumb`
/// means no colour; otherwise colour goes to terminals only. `env` reads an environment
/// variable (tests pass a table instead of the process environment).
pub fn use_color(choice: ColorChoice, is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    // NO_COLOR counts when set to anything but the empty string (no-color.org); CLICOLOR_FORCE
    // when set to anything but empty or 0 (bixense.com/clicolors).
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let forced = env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    if choice == ColorChoice::Never || set("NO_COLOR") {
        return false;
    }
    if choice == ColorChoice::Always || forced {
        return true;
    }
    if env("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    is_terminal
}

/// Width of text reports when neither a terminal nor `COLUMNS` gives one.
pub const DEFAULT_WIDTH: usize = 100;

/// Narrowest and widest text a report is laid out for: below 40 columns a table cannot be drawn,
/// and a `COLUMNS` of a million must not make a report of million-column lines.
const WIDTHS: std::ops::RangeInclusive<usize> = 40..=1000;

/// The width to lay text out for: the terminal's, else `COLUMNS`, else [`DEFAULT_WIDTH`].
pub fn width(terminal: Option<usize>, columns: Option<OsString>) -> usize {
    let columns = columns.and_then(|c| c.to_str()?.trim().parse::<usize>().ok()).filter(|c| *c > 0);
    terminal.filter(|w| *w > 0).or(columns).unwrap_or(DEFAULT_WIDTH).clamp(*WIDTHS.start(), *WIDTHS.end())
}

/// The width of text written to standard output: its terminal's when it is one.
pub fn stdout_width() -> usize {
    let terminal = terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    width(terminal, std::env::var_os("COLUMNS"))
}

/// The width of text written to a file: `COLUMNS`, else [`DEFAULT_WIDTH`].
pub fn file_width() -> usize {
    width(None, std::env::var_os("COLUMNS"))
}

/// [`use_color`] for a real stream and the process environment.
pub fn color_for(choice: ColorChoice, stream: &impl std::io::IsTerminal) -> bool {
    use_color(choice, stream.is_terminal(), |name| std::env::var_os(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_spelt_out() {
        let cases = [
            ("plain 平台 🚀", "plain 平台 🚀"),
            ("a\u{1b}[2Jb", "a\\u{1b}[2Jb"),
            ("\u{1b}]0;title\u{7}", "\\u{1b}]0;title\\u{7}"),
            ("x\ry", "x\\ry"),
            ("nul\0", "nul\\0"),
            ("del\u{7f}", "del\\u{7f}"),
            ("csi\u{9b}31m", "csi\\u{9b}31m"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("\u{2066}\u{2069}\u{200f}\u{61c}", "\\u{2066}\\u{2069}\\u{200f}\\u{61c}"),
            ("two\nlines\tand tab", "two\\nlines\\tand tab"),
        ];
        for (raw, shown) in cases {
            assert_eq!(visible(raw), shown, "{raw:?}");
        }
        assert!(matches!(visible("平台"), Cow::Borrowed(_)));
    }

    #[test]
    fn multi_line_text_keeps_its_lines() {
        assert_eq!(visible_lines("a\n\tb\r\nc"), "a\n\tb\r\nc");
        assert!(matches!(visible_lines("a\r\nb"), Cow::Borrowed(_)));
        assert_eq!(visible_lines("a\rb\n\u{1b}[31m"), "a\\rb\n\\u{1b}[31m");
        assert_eq!(visible_lines("end\r"), "end\\r");
    }

    #[test]
    fn offsets_follow_the_escapes() {
        let text: Arc<str> = "k: \"a\u{1b}b\"\nname: \u{202e}x\n".into();
        let v = VisibleSource::new(&text);
        assert_eq!(&*v.text, "k: \"a\\u{1b}b\"\nname: \\u{202e}x\n");
        // Every character that was not escaped keeps pointing at itself.
        for (i, c) in text.char_indices().filter(|(_, c)| !is_hidden(*c) || *c == '\n') {
            let at = v.offset(i);
            assert_eq!(v.text[at..].chars().next(), Some(c), "offset {i}");
        }
        // A span over a hidden character covers its whole spelling.
        let esc = text.find('\u{1b}').unwrap();
        let (start, len) = v.span(esc, 1);
        assert_eq!(&v.text[start..start + len], "\\u{1b}");
        assert_eq!(v.offset(text.len()), v.text.len());
    }

    #[test]
    fn ordinary_sources_are_shared_not_copied() {
        let text: Arc<str> = "platform:\r\n  name: 平台\t\n".into();
        let v = VisibleSource::new(&text);
        assert!(Arc::ptr_eq(&v.text, &text));
        assert_eq!(v.offset(7), 7);
    }

    #[test]
    fn width_comes_from_the_terminal_then_columns() {
        let cases: &[(Option<usize>, Option<&str>, usize)] = &[
            (Some(132), Some("80"), 132),
            (None, Some("80"), 80),
            (None, Some(" 200 "), 200),
            (None, Some("wide"), DEFAULT_WIDTH),
            (None, None, DEFAULT_WIDTH),
            (Some(0), Some("0"), DEFAULT_WIDTH),
            (None, Some("12"), 40),
            (None, Some("1000000"), 1000),
        ];
        for (terminal, columns, expected) in cases {
            assert_eq!(width(*terminal, columns.map(OsString::from)), *expected, "{terminal:?} {columns:?}");
        }
    }

    #[test]
    fn one_function_decides_colour() {
        use ColorChoice::{Always, Auto, Never};
        type Env = &'static [(&'static str, &'static str)];
        // (choice, terminal, environment, colour?)
        let cases: &[(ColorChoice, bool, Env, bool)] = &[
            (Auto, true, &[], true),
            (Auto, false, &[], false),
            (Auto, true, &[("TERM", "dumb")], false),
            (Auto, true, &[("TERM", "xterm-256color")], true),
            (Auto, true, &[("NO_COLOR", "1")], false),
            (Auto, true, &[("NO_COLOR", "")], true),
            (Auto, false, &[("CLICOLOR_FORCE", "1")], true),
            (Auto, false, &[("CLICOLOR_FORCE", "0")], false),
            (Auto, false, &[("CLICOLOR_FORCE", "")], false),
            (Auto, true, &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], true),
            (Auto, true, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
            (Always, false, &[], true),
            (Always, false, &[("TERM", "dumb")], true),
            (Always, true, &[("NO_COLOR", "1")], false),
            (Never, true, &[], false),
            (Never, true, &[("CLICOLOR_FORCE", "1")], false),
        ];
        for (choice, terminal, env, expected) in cases {
            let lookup = |name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v));
            assert_eq!(use_color(*choice, *terminal, lookup), *expected, "{choice:?} terminal={terminal} {env:?}");
        }
    }
}
