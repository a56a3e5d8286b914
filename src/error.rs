//! Errors that stop an evaluation (exit code 2), as types miette renders at the edge.

use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents};

use crate::source::{LineCol, SourceFile};
use crate::terminal::{VisibleSource, visible};
use crate::text::Lang;
use crate::yaml::YamlError;
use crate::zh;

/// Longest line shown in a source snippet; longer lines get the position only.
pub const MAX_SNIPPET_LINE: usize = 400;

/// One problem in one input, with its position when known.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{}", self.headline())]
pub struct Problem {
    pub file: String,
    pub at: Option<LineCol>,
    pub message: String,
    #[help]
    pub help: Option<String>,
    #[source_code]
    pub source_code: Option<NamedSource<Arc<str>>>,
    #[label("here")]
    pub span: Option<SourceSpan>,
    /// The message is the YAML parser's own wording (see `zh::say_parser`).
    pub parser: bool,
}

impl Problem {
    /// A problem at a position of a source file.
    pub fn at(src: &SourceFile, at: Option<LineCol>, message: impl Into<String>) -> Problem {
        // A snippet of a very long line (minified or generated YAML) would flood the terminal.
        let (source_code, span) = match at {
            // A snippet shows a line either side too: none of them may be an over-long one.
            Some(p)
                if !src.text.is_empty()
                    && (p.line.saturating_sub(1)..=p.line + 1)
                        .all(|l| src.line_text(l).chars().count() <= MAX_SNIPPET_LINE) =>
            {
                let offset = src.offset(p.line, p.column);
                let len = src.text[offset..].chars().next().map(char::len_utf8).unwrap_or(0);
                (Some(NamedSource::new(&src.name, src.text.clone())), Some(SourceSpan::new(offset.into(), len)))
            }
            _ => (None, None),
        };
        Problem { file: src.name.clone(), at, message: message.into(), help: None, source_code, span, parser: false }
    }

    /// A YAML parse error of a source file.
    pub fn at_yaml(src: &SourceFile, e: YamlError) -> Problem {
        let mut p = Problem::at(src, e.at, e.message);
        p.parser = true;
        if p.message.contains("duplicate") {
            p.help = Some("each key may appear once per mapping; remove or rename the repeated key".into());
        }
        if p.help.is_none() {
            p.help = unknown_field_hint(&p.message);
        }
        p
    }

    /// A problem without a position.
    pub fn plain(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            at: None,
            message: message.into(),
            help: None,
            source_code: None,
            span: None,
            parser: false,
        }
    }

    /// `file:line:column: message`, the first line of every rendering.
    pub fn headline(&self) -> String {
        match self.at {
            Some(p) => format!("{}:{}:{}: {}", self.file, p.line, p.column, self.message),
            None => format!("{}: {}", self.file, self.message),
        }
    }
}

/// Why nothing could be evaluated.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// One or more problems in the inputs.
    #[error("{}", summary(.0))]
    Invalid(#[related] Vec<Problem>),
    /// A wrong combination of command-line arguments.
    #[error("{0}")]
    #[diagnostic(code(ipps::usage))]
    Usage(String),
}

fn summary(problems: &[Problem]) -> String {
    match problems {
        [one] => one.headline(),
        many => format!("{} problems in the input; nothing was evaluated", many.len()),
    }
}

impl Error {
    /// A single problem.
    pub fn single(p: Problem) -> Error {
        Error::Invalid(vec![p])
    }

    /// Several problems, reported together.
    pub fn many(problems: Vec<Problem>) -> Error {
        Error::Invalid(problems)
    }

    /// A file that could not be read.
    pub fn read(path: String, e: &std::io::Error) -> Error {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "is a directory, expected a file".to_owned(),
            _ => e.to_string(),
        };
        Error::single(Problem::plain(path, format!("cannot read: {reason}")))
    }

    /// Every problem, for rendering one by one.
    pub fn problems(&self) -> Vec<&Problem> {
        match self {
            Error::Invalid(p) => p.iter().collect(),
            Error::Usage(_) => Vec::new(),
        }
    }
}

/// Renders an error for stderr: every problem with its snippet and hint. Everything taken from
/// the input (file names, keys, values, source lines) is made visible, so a hostile file cannot
/// drive the terminal through an error message.
pub fn render(e: &Error, color: bool) -> String {
    render_in(e, color, Lang::En)
}

/// [`render`] in a language: the messages and hints said in Chinese under `Lang::Zh` (see `zh`).
pub fn render_in(e: &Error, color: bool, lang: Lang) -> String {
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut s = String::new();
    match e {
        Error::Usage(m) => match lang {
            Lang::Zh => s.push_str(&format!("错误：{}\n", visible(&zh::say(m, lang)))),
            Lang::En => s.push_str(&format!("error: {}\n", visible(m))),
        },
        Error::Invalid(problems) => {
            // Problems of one file share its text; it is made visible once.
            let mut sources: Vec<(Arc<str>, VisibleSource)> = Vec::new();
            for p in problems {
                let shown = Shown::of(p, &mut sources, lang);
                let mut one = String::new();
                if handler.render_report(&mut one, &shown).is_err() {
                    one = format!("{}\n", shown.headline);
                }
                if lang == Lang::Zh {
                    // miette writes its own `help: ` before a hint.
                    one = HELP.replace_all(&one, "${1}提示：").into_owned();
                }
                s.push_str(&one);
            }
            if problems.len() > 1 {
                s.push_str(&match lang {
                    Lang::Zh => format!("共 {} 个问题；以上文件均未评估\n", problems.len()),
                    Lang::En => format!("{} problems; nothing was evaluated for the files above\n", problems.len()),
                });
            }
        }
    }
    s
}

/// The `help: ` miette writes at the start of a hint's line, after its colour codes if any.
static HELP: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?m)^((?:\s|\x1b\[[0-9;]*m)*)help: ").expect("a valid pattern"));

/// A named source whose snippet header counts columns in characters, as every headline does
/// (miette counts bytes: a CJK line's `66:83` would read `66:107` above the snippet).
#[derive(Debug, Clone)]
pub struct CharColumns {
    name: String,
    text: Arc<str>,
}

impl CharColumns {
    /// A source to show snippets of.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> CharColumns {
        CharColumns { name: name.into(), text }
    }
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_bytes().read_span(span, before, after)?;
        let at = span.offset();
        let line_start = self.text.get(..at).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
        // miette asks with no context lines for the header's position; the column is then the
        // span's. With context lines it reports column 0, which stays so.
        let column = match self.text.get(line_start..at) {
            Some(s) if before == 0 && after == 0 => s.chars().count(),
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// A problem as shown on a terminal: the same diagnostic with its input made visible.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{headline}")]
struct Shown {
    headline: String,
    #[help]
    help: Option<String>,
    #[source_code]
    source_code: Option<CharColumns>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: &'static str,
}

impl Shown {
    fn of(p: &Problem, sources: &mut Vec<(Arc<str>, VisibleSource)>, lang: Lang) -> Shown {
        let snippet = p.source_code.as_ref().zip(p.span).map(|(src, span)| {
            let text = src.inner();
            let i = match sources.iter().position(|(t, _)| Arc::ptr_eq(t, text)) {
                Some(i) => i,
                None => {
                    sources.push((Arc::clone(text), VisibleSource::new(text)));
                    sources.len() - 1
                }
            };
            let shown = &sources[i].1;
            let (offset, len) = shown.span(span.offset(), span.len());
            (CharColumns::new(visible(src.name()), Arc::clone(&shown.text)), SourceSpan::new(offset.into(), len))
        });
        let (source_code, span) = snippet.unzip();
        let message = if p.parser { zh::say_parser(&p.message, lang) } else { zh::say(&p.message, lang) };
        let headline = match p.at {
            Some(at) => format!("{}:{}:{}: {message}", p.file, at.line, at.column),
            None => format!("{}: {message}", p.file),
        };
        Shown {
            headline: visible(&headline).into_owned(),
            help: p.help.as_deref().map(|h| visible(&zh::say(h, lang)).into_owned()),
            source_code,
            span,
            label: if lang == Lang::Zh { "此处" } else { "here" },
        }
    }
}

/// From "unknown field `x`, expected one of `a`, `b`" builds "did you mean `a`?".
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let field = rest.split('`').next()?;
    let tail = rest.split("expected").nth(1)?;
    let expected: Vec<&str> = if tail.contains('`') {
        tail.split('`').skip(1).step_by(2).collect()
    } else {
        let tail = tail.split(" at line ").next().unwrap_or(tail);
        tail.trim_start_matches(" one of").split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
    };
    did_you_mean(field, &expected).or_else(|| Some(format!("valid fields here: {}", expected.join(", "))))
}

/// "did you mean `x`?" for the candidate nearest to a misspelt name.
pub fn did_you_mean(name: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), *c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_errors_show_input_but_never_send_it_raw() {
        let src = SourceFile::new("bad\u{1b}[2J.yaml", "platform:\n  name: \u{202e}x\u{9b}1m\n  levl: 1\n");
        let mut p = Problem::at(&src, Some(LineCol { line: 3, column: 3 }), "unknown field `levl\u{7}`");
        p.help = Some("did you mean `level\r`?".into());
        let raw = Problem::plain("x.yaml", "key `\u{0}`");
        let shown = render(&Error::many(vec![p, raw]), false);
        assert!(!shown.chars().any(|c| crate::terminal::is_hidden(c) && c != '\n'), "{shown:?}");
        for expected in [
            "bad\\u{1b}[2J.yaml:3:3: unknown field `levl\\u{7}`",
            "name: \\u{202e}x\\u{9b}1m",
            "did you mean `level\\r`?",
            "x.yaml: key `\\0`",
        ] {
            assert!(shown.contains(expected), "{expected} in {shown}");
        }
        // The label still sits under `levl`, the first character of line 3.
        let lines: Vec<&str> = shown.lines().collect();
        let at = lines.iter().position(|l| l.contains("levl: 1")).expect("snippet line");
        let column = |l: &str, needle: &str| l.find(needle).map(|i| l[..i].chars().count());
        assert_eq!(column(lines[at + 1], "┬"), column(lines[at], "l"), "{shown}");
        assert!(
            render(&Error::Usage("--param takes NAME=VALUE, got `\u{1b}]8;;`".into()), true).contains("\\u{1b}]8;;")
        );
    }

    #[test]
    fn the_snippet_header_counts_characters_like_the_headline() {
        let src = SourceFile::new("p.yaml", "a: 1\nname: 知识产权公共服务平台 x: y\n");
        let p = Problem::at(&src, Some(LineCol { line: 2, column: 20 }), "bad");
        let shown = render(&Error::single(p), false);
        assert!(shown.contains("p.yaml:2:20: bad"), "{shown}");
        assert!(shown.contains("[p.yaml:2:20]"), "the header agrees with the headline: {shown}");
    }

    #[test]
    fn nearest_name_is_suggested() {
        assert_eq!(did_you_mean("ful_time", &["full_time", "part_time"]).as_deref(), Some("did you mean `full_time`?"));
        assert_eq!(did_you_mean("zzz", &["full_time"]), None);
    }
}
