//! Wording shared by the reporters, so every format names things the same way in both languages.

use crate::assessment::{AppliedWaiver, Assessment, BasisCounts, Finding, Status, Verdict};
use crate::committee::{Catalog, Row};
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

/// Where a finding is, in words: the dotted path with each list item's name beside its index
/// (`service_items[3] 专利权质押登记 › fee.basis`), or the dotted path when there is no list.
pub fn path(f: &Finding) -> String {
    if f.place.is_empty() { field(&f.pointer) } else { f.place.clone() }
}

/// One finding as a sentence: `place: expected X, found Y`.
pub fn finding(f: &Finding, lang: Lang) -> String {
    let (expected, found) = (f.expected.get(lang), f.found.get(lang));
    match lang {
        Lang::Zh => format!("{}：应为 {expected}，实为 {found}", path(f)),
        Lang::En => format!("{}: expected {expected}, found {found}", path(f)),
    }
}

/// Clauses met, by what they rest on: `data 156 · evidence 36 · declaration alone (unverified) 0`.
pub fn basis_counts(b: &BasisCounts, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("数据 {} · 证据 {} · 仅声明（未核实）{}", b.data, b.evidence, b.declaration),
        Lang::En => {
            format!("data {} · evidence {} · declaration alone (unverified) {}", b.data, b.evidence, b.declaration)
        }
    }
}

/// Clauses met, by what they rest on, as one line.
pub fn basis_line(b: &BasisCounts, lang: Lang) -> String {
    format!("{}: {}", t(lang, "满足依据", "met on"), basis_counts(b, lang))
}

/// The assessment date with its time zone: `2026-11-25 (today in Asia/Shanghai)`, or
/// `2026-11-25 (given; time zone Asia/Shanghai)` when `--as-of` or the config set it.
pub fn as_of(date: &str, zone: &str, given: bool, lang: Lang) -> String {
    match (given, lang) {
        (false, Lang::Zh) => format!("{date}（{zone} 时区的今天）"),
        (false, Lang::En) => format!("{date} (today in {zone})"),
        (true, Lang::Zh) => format!("{date}（指定日期；时区 {zone}）"),
        (true, Lang::En) => format!("{date} (given; time zone {zone})"),
    }
}

/// `!` for a waiver in force, `✗` for one that expired.
pub fn waiver_mark(w: &AppliedWaiver) -> &'static str {
    if w.expired { "✗" } else { "!" }
}

/// A waiver's terms in a line: reason, approver, expiry and the days left.
pub fn waiver_terms(w: &AppliedWaiver, as_of: &str, lang: Lang) -> String {
    let until = match (&w.expires, w.days_left, lang) {
        (None, _, Lang::Zh) => "无到期日".to_owned(),
        (None, _, Lang::En) => "no expiry".to_owned(),
        (Some(d), Some(n), Lang::Zh) if n < 0 => format!("已于 {d} 过期（{} 天前），按未满足计", -n),
        (Some(d), Some(n), Lang::En) if n < 0 => format!("expired on {d} ({} days ago); counts as not met", -n),
        (Some(d), Some(n), Lang::Zh) => format!("有效期至 {d}（自 {as_of} 起剩余 {n} 天）"),
        (Some(d), Some(n), Lang::En) => format!("until {d} ({n} days left as of {as_of})"),
        (Some(d), None, Lang::Zh) => format!("有效期至 {d}"),
        (Some(d), None, Lang::En) => format!("until {d}"),
    };
    match lang {
        Lang::Zh => format!("理由：{}；批准人：{}；{until}", w.reason, w.approver),
        Lang::En => format!("reason: {}; approved by {}; {until}", w.reason, w.approver),
    }
}

/// A not-applicable declaration's outcome as a word.
pub fn declaration(accepted: bool, lang: Lang) -> &'static str {
    match (accepted, lang) {
        (true, Lang::Zh) => "已接受",
        (true, Lang::En) => "accepted",
        (false, Lang::Zh) => "未接受",
        (false, Lang::En) => "refused",
    }
}

/// How many of the most often failed clauses the text and Markdown reports list.
pub const MOST_FAILED_SHOWN: usize = 10;

/// One character per status in the text and Markdown matrix.
pub fn status_mark(s: Status) -> char {
    match s {
        Status::Pass => '+',
        Status::Fail => 'x',
        Status::Partial => '/',
        Status::NotApplicable => '.',
        Status::Waived => 'w',
        Status::Error => '!',
    }
}

/// What the matrix characters mean.
pub fn matrix_legend(lang: Lang) -> String {
    let marks: Vec<String> =
        Status::ALL.iter().map(|s| format!("{} {}", status_mark(*s), s.label().get(lang))).collect();
    match lang {
        Lang::Zh => format!("每个字符一条条款，按章节分组：{}", marks.join(" · ")),
        Lang::En => format!("one character per clause, grouped by chapter: {}", marks.join(" · ")),
    }
}

/// The chapter ids over their groups of the matrix.
pub fn matrix_header(catalog: &Catalog) -> String {
    let all: Vec<String> = catalog.chapters.iter().map(|c| c.id.clone()).collect();
    matrix_header_of(catalog, &all)
}

/// The ids of some chapters over their groups of the matrix.
pub fn matrix_header_of(catalog: &Catalog, chapters: &[String]) -> String {
    let mut out = Vec::new();
    for ch in catalog.chapters.iter().filter(|c| chapters.contains(&c.id)) {
        let width = catalog.clauses.iter().filter(|c| c.chapter == ch.id).count();
        if width == 0 {
            continue;
        }
        let id: String = ch.id.chars().take(width).collect();
        out.push(format!("{id:<width$}"));
    }
    out.join(" ")
}

/// One platform's statuses, a character per clause, a space between chapters.
pub fn matrix_line(catalog: &Catalog, row: &Row) -> String {
    let all: Vec<String> = catalog.chapters.iter().map(|c| c.id.clone()).collect();
    matrix_line_of(catalog, row, &all)
}

/// One platform's statuses in some chapters.
pub fn matrix_line_of(catalog: &Catalog, row: &Row, chapters: &[String]) -> String {
    let mut out = String::with_capacity(row.statuses.len() + catalog.chapters.len());
    let mut last: Option<&str> = None;
    for (c, s) in catalog.clauses.iter().zip(&row.statuses).filter(|(c, _)| chapters.contains(&c.chapter)) {
        if last.is_some_and(|l| l != c.chapter) {
            out.push(' ');
        }
        last = Some(&c.chapter);
        out.push(status_mark(*s));
    }
    out
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

/// The machine name of a verdict, as in the JSON report.
pub fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Conformant => "conformant",
        Verdict::LargelyConformant => "largely_conformant",
        Verdict::NonConformant => "non_conformant",
    }
}

/// Citations by what became of them: `read and matched 2 · present, not read 1 · …`, the statuses
/// that occur.
pub fn citation_counts(a: &Assessment, lang: Lang) -> String {
    let parts: Vec<String> = crate::assessment::CopyStatus::ALL
        .iter()
        .map(|s| (s, a.citations.iter().filter(|d| d.citation.status == *s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", s.label().get(lang)))
        .collect();
    parts.join(" · ")
}

/// A citation as it bears on one clause: `read and matched 《title》（文号）`, with why it does not
/// back the clause when it does not.
pub fn citation_for_clause(
    d: &crate::assessment::CitedDocument,
    why: Option<&crate::text::Text>,
    lang: Lang,
) -> String {
    let head = format!("{} {}", d.citation.status.label().get(lang), d.citation.shown());
    match why {
        Some(w) => format!("{head} — {}", w.get(lang)),
        None => head,
    }
}

/// One citation as a line: `《title》（文号） · kind (inferred) · file`.
pub fn citation(d: &crate::assessment::CitedDocument, lang: Lang) -> String {
    let c = &d.citation;
    let mut s = c.shown();
    if let Some(kind) = d.kind_name.as_ref().map(|n| n.get(lang)).or(c.kind.as_deref()) {
        s.push_str(&format!(" · {kind}"));
        if c.kind_inferred {
            s.push_str(t(lang, "（按标题推断）", " (inferred from the title)"));
        }
    }
    if let Some(file) = &c.file {
        s.push_str(&format!(" · {file}"));
    }
    s
}

/// One citation as the cells of a table row (Word and Excel): what became of it, the document, the
/// clauses it backs, and the notes with every clause it does not back and why.
pub fn citation_cells(d: &crate::assessment::CitedDocument, lang: Lang) -> [String; 4] {
    let mut notes: Vec<String> = d.notes.iter().map(|n| n.get(lang).to_owned()).collect();
    if d.citation.status.can_back() {
        notes.extend(
            d.not_backed
                .iter()
                .map(|(clause, why)| format!("{} {clause}：{}", t(lang, "不支撑", "does not back"), why.get(lang))),
        );
    }
    [d.citation.status.label().get(lang).to_owned(), citation(d, lang), d.backs.join(", "), notes.join("\n")]
}
