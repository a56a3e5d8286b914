//! Wording shared by the reporters, so every format names things the same way in both languages.

use crate::assessment::{Assessment, Finding, Status};
use crate::pack::Level;
use crate::platform::field;
use crate::source::LineCol;
use crate::text::Lang;

/// Picks the Chinese or English wording.
pub fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

/// A clause level as shown to readers: `应` in Chinese, `应 shall` in English.
pub fn level(level: Level, lang: Lang) -> String {
    match lang {
        Lang::Zh => level.as_str().to_owned(),
        Lang::En => format!("{} {}", level.as_str(), level.english()),
    }
}

/// A machine key for a level (filters, CSS classes): `shall`, `should_not`, `informative`…
pub fn level_key(level: Level) -> &'static str {
    match level {
        Level::应 => "shall",
        Level::不应 => "shall_not",
        Level::宜 => "should",
        Level::不宜 => "should_not",
        Level::可 => "may",
        Level::Informative => "informative",
    }
}

/// `file:line:column` of a position, or the file alone when there is none.
pub fn place(a: &Assessment, at: Option<LineCol>) -> String {
    match at {
        Some(p) => format!("{}:{}:{}", a.source.name, p.line, p.column),
        None => a.source.name.clone(),
    }
}

/// One finding as a sentence: `field: expected X, found Y`.
pub fn finding(f: &Finding, lang: Lang) -> String {
    let (expected, found) = (f.expected.get(lang), f.found.get(lang));
    match lang {
        Lang::Zh => format!("{}：应为 {expected}，实为 {found}", field(&f.pointer)),
        Lang::En => format!("{}: expected {expected}, found {found}", field(&f.pointer)),
    }
}

/// Whether the platform passed the gate, as a word.
pub fn gate(passed: bool, lang: Lang) -> &'static str {
    match (passed, lang) {
        (true, Lang::Zh) => "通过",
        (true, Lang::En) => "passed",
        (false, Lang::Zh) => "未通过",
        (false, Lang::En) => "failed",
    }
}

/// A chapter score with one decimal, or `—` when the chapter had nothing to score.
pub fn score(score: Option<f64>) -> String {
    score.map(|s| format!("{s:.1}")).unwrap_or_else(|| "—".into())
}

/// The machine name of a status, as in the JSON report: `pass`, `not_applicable`…
pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Partial => "partial",
        Status::NotApplicable => "not_applicable",
        Status::Waived => "waived",
        Status::Error => "error",
    }
}
