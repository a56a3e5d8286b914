//! Errors that stop an evaluation (exit code 2), as types miette renders at the edge.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::source::{LineCol, SourceFile};
use crate::yaml::YamlError;

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
}

impl Problem {
    /// A problem at a position of a source file.
    pub fn at(src: &SourceFile, at: Option<LineCol>, message: impl Into<String>) -> Problem {
        // A snippet of a very long line (minified or generated YAML) would flood the terminal.
        let (source_code, span) = match at {
            Some(p) if !src.text.is_empty() && src.line_text(p.line).chars().count() <= MAX_SNIPPET_LINE => {
                let offset = src.offset(p.line, p.column);
                let len = src.text[offset..].chars().next().map(char::len_utf8).unwrap_or(0);
                (Some(NamedSource::new(&src.name, src.text.clone())), Some(SourceSpan::new(offset.into(), len)))
            }
            _ => (None, None),
        };
        Problem { file: src.name.clone(), at, message: message.into(), help: None, source_code, span }
    }

    /// A YAML parse error of a source file.
    pub fn at_yaml(src: &SourceFile, e: YamlError) -> Problem {
        let mut p = Problem::at(src, e.at, e.message);
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
        Problem { file: file.into(), at: None, message: message.into(), help: None, source_code: None, span: None }
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
    #[test]
    fn nearest_name_is_suggested() {
        assert_eq!(
            super::did_you_mean("ful_time", &["full_time", "part_time"]).as_deref(),
            Some("did you mean `full_time`?")
        );
        assert_eq!(super::did_you_mean("zzz", &["full_time"]), None);
    }
}
