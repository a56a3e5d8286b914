//! `github`: GitHub Actions workflow commands, one annotation per gap on the platform file's line
//! (`::error file=…,line=…,col=…,title=…::message`), as ruff's `github` and Spectral's
//! `github-actions` formats do. 应/不应 gaps are errors, 宜/不宜 warnings, 可 notices.
//!
//! The runner reads a command up to the end of its line, so every value is escaped the way the
//! Actions toolkit's `command.ts` does: in the message `%`, CR and LF become `%25`, `%0D`, `%0A`;
//! in a property `:` and `,` also become `%3A` and `%2C`. Nothing from the input can then end the
//! command early or start another.

use crate::assessment::{Assessment, ClauseResult};
use crate::pack::Level;
use crate::report::concise::in_file_order;
use crate::report::{Context, Reporter, Summary, labels};
use crate::terminal::visible as v;
use crate::text::Lang;

/// Findings an annotation lists before it says how many more there are.
const FINDINGS_LISTED: usize = 5;

/// One workflow command per gap.
pub struct Github;

impl Reporter for Github {
    fn head(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        in_file_order(a).into_iter().map(|c| command(a, c, cx.lang) + "\n").collect()
    }

    fn tail(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}
}

/// `error`, `warning` or `notice`, as the clause's level asks.
fn kind(level: Level) -> &'static str {
    match level {
        Level::应 | Level::不应 => "error",
        Level::宜 | Level::不宜 => "warning",
        Level::可 | Level::Informative => "notice",
    }
}

/// The workflow command of one gap.
fn command(a: &Assessment, c: &ClauseResult, lang: Lang) -> String {
    let mut props = vec![format!("file={}", property(&a.source.name))];
    if let Some(p) = c.findings.first().and_then(|f| f.at) {
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
    }
    let title = format!("{} [{}] {}", c.id, labels::level(c.level, lang), c.title.get(lang));
    props.push(format!("title={}", property(&v(&title))));
    format!("::{} {}::{}", kind(c.level), props.join(","), data(&body(c, lang)))
}

/// The annotation's text: the status, the findings, what to do; lines joined by LF, which the
/// runner shows as line breaks once unescaped (`%0A`).
fn body(c: &ClauseResult, lang: Lang) -> String {
    let mut lines = vec![format!("{} ({}/{})", c.status.label().get(lang), c.passed, c.total)];
    if let Some(reason) = c.reason.as_ref().filter(|_| c.findings.is_empty()) {
        lines.push(reason.get(lang).to_owned());
    }
    for f in c.findings.iter().take(FINDINGS_LISTED) {
        lines.push(format!(
            "✗ {}  ({})",
            labels::finding(f, lang),
            f.at.map(|p| format!("{}:{}", p.line, p.column)).unwrap_or_default()
        ));
    }
    let more = c.findings.len().saturating_sub(FINDINGS_LISTED);
    if more > 0 {
        lines.push(match lang {
            Lang::Zh => format!("… 另有 {more} 处"),
            Lang::En => format!("… {more} more findings"),
        });
    }
    lines.push(format!("{}: {}", labels::t(lang, "整改", "fix"), c.remediation.get(lang)));
    // Each line made visible on its own: the breaks between them are ours, any in the input not.
    lines.iter().map(|l| v(l).into_owned()).collect::<Vec<_>>().join("\n")
}

/// A message escaped as `escapeData` of the Actions toolkit does.
pub fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value escaped as `escapeProperty` of the Actions toolkit does.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping of github.com/actions/toolkit, packages/core/src/command.ts.
    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(data("100% done\r\nnext::x"), "100%25 done%0D%0Anext::x");
        assert_eq!(property("a:b,c%\nd"), "a%3Ab%2Cc%25%0Ad");
        // `%` first, so an escape already in the input stays literal.
        assert_eq!(data("%0A"), "%250A");
    }
}
