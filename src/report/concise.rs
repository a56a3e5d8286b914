//! `concise`: one line per gap, `file:line:col: clause level message`, as gcc and ruff print
//! diagnostics — for editors' error lists, `grep`, and a quick look at a long report.

use crate::assessment::{Assessment, ClauseResult, Status};
use crate::report::labels;
use crate::report::{Context, Reporter, Summary};
use crate::terminal::visible as v;
use crate::text::Lang;

/// One line per gap, in the order of the file.
pub struct Concise;

impl Reporter for Concise {
    fn head(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        let mut out = String::new();
        for c in in_file_order(a) {
            out.push_str(&v(&line(a, c, cx.lang)));
            out.push('\n');
        }
        out
    }

    fn tail(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}
}

/// The gaps by their first finding's position in the file; gaps with no position last, in
/// clause order.
pub fn in_file_order(a: &Assessment) -> Vec<&ClauseResult> {
    let mut gaps: Vec<(usize, &ClauseResult)> =
        a.clauses.iter().enumerate().filter(|(_, c)| c.status.is_gap()).collect();
    gaps.sort_by_key(|(i, c)| {
        let at = c.findings.first().and_then(|f| f.at);
        (at.is_none(), at.map(|p| (p.line, p.column)), *i)
    });
    gaps.into_iter().map(|(_, c)| c).collect()
}

/// `file:line:col: 6.3.2 应 staffing.full_time：应为 ≥ 2 人…，实为 1`.
pub fn line(a: &Assessment, c: &ClauseResult, lang: Lang) -> String {
    let place = labels::place(a, c.findings.first().and_then(|f| f.at));
    format!("{place}: {} {} {}", c.id, level_word(c, lang), message(c, lang))
}

/// The level as one word: `应` in Chinese, `shall`, `should-not`… in English.
pub fn level_word(c: &ClauseResult, lang: Lang) -> String {
    match lang {
        Lang::Zh => c.level.as_str().to_owned(),
        Lang::En => c.level.english().replace(' ', "-"),
    }
}

/// What is wrong, in one sentence: the first finding, how much of the clause is met when part of
/// it is, and how many findings more; the reason when the clause could not be evaluated.
pub fn message(c: &ClauseResult, lang: Lang) -> String {
    if c.status == Status::Error {
        return c.reason.as_ref().map(|r| r.get(lang).to_owned()).unwrap_or_default();
    }
    let mut s = match c.findings.first() {
        Some(f) => labels::finding(f, lang),
        None => c.title.get(lang).to_owned(),
    };
    if c.status == Status::Partial {
        s.push_str(&match lang {
            Lang::Zh => format!("（满足 {}/{}）", c.passed, c.total),
            Lang::En => format!(" ({}/{} met)", c.passed, c.total),
        });
    }
    let more = c.findings.len().saturating_sub(1);
    if more > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!("（另有 {more} 处）"),
            Lang::En => format!(" (+{more} more)"),
        });
    }
    s
}
