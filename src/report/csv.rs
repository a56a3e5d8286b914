//! CSV for spreadsheets: a header, then one row per platform × clause. Auditors open it in Excel or
//! WPS, so it starts with a UTF-8 byte-order mark (without it Excel reads Chinese as mojibake) and
//! every text cell that a spreadsheet would read as a formula is defused. Control characters and
//! bidi controls in a cell are spelt out (`\u{1b}`), since the file is also printed on terminals;
//! line breaks and tabs stay, quoted as CSV allows.

use std::borrow::Cow;

use crate::assessment::Assessment;
use crate::report::json::message;
use crate::report::labels;
use crate::report::{Context, Reporter, Summary};
use crate::terminal::visible_lines;

/// The header row. `basis`, `unverified`, `place` and `citations` came after the first twelve
/// columns, so they are last.
pub const HEADER: [&str; 18] = [
    "file",
    "platform",
    "clause",
    "chapter",
    "level",
    "status",
    "passed",
    "total",
    "credit",
    "weight",
    "earned",
    "message",
    "line",
    "column",
    "basis",
    "unverified",
    "place",
    "citations",
];

/// A text cell: hidden characters spelt out, then a formula defused.
pub fn cell(text: &str) -> String {
    defuse(&visible_lines(text)).into_owned()
}

/// Prefixes a cell that starts like a formula (`=`, `+`, `-`, `@`, or a tab or carriage return that
/// some spreadsheets skip before one) with `'`, so the spreadsheet shows it as text.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Records to CSV text; writing to a Vec cannot fail on I/O, and a failed record would only drop
/// that row.
fn records<I, R>(rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let _ = w.write_record(row);
    }
    w.into_inner().map(|v| String::from_utf8_lossy(&v).into_owned()).unwrap_or_default()
}

fn basis_key(b: Option<crate::assessment::Basis>) -> &'static str {
    match b {
        Some(crate::assessment::Basis::Data) => "data",
        Some(crate::assessment::Basis::Evidence) => "evidence",
        Some(crate::assessment::Basis::Declaration) => "declaration",
        None => "",
    }
}

/// The citations that name a clause, with what became of each: `read and matched 《…》 | refused 《…》 — why`.
fn citations(a: &Assessment, c: &crate::assessment::ClauseResult, lang: crate::text::Lang) -> String {
    let all: Vec<String> =
        a.citations_of(&c.id).into_iter().map(|(d, why)| labels::citation_for_clause(d, why, lang)).collect();
    all.join(" | ")
}

/// One row per platform × clause.
pub struct Csv;

impl Reporter for Csv {
    fn head(&self, _: &Context, _: &Summary, w: &mut dyn FnMut(&str)) {
        // Excel needs the byte-order mark to read UTF-8.
        w(&format!("\u{FEFF}{}", records([HEADER])));
    }

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        records(a.clauses.iter().map(|c| {
            let first = c.findings.first();
            let at = first.and_then(|f| f.at);
            let text = [
                a.source.name.clone(),
                a.platform.clone(),
                c.id.clone(),
                c.chapter.clone(),
                c.level.as_str().to_owned(),
                labels::status_key(c.status).to_owned(),
            ];
            let numbers = [
                c.passed.to_string(),
                c.total.to_string(),
                format!("{:.4}", c.credit),
                format!("{}", c.weight),
                format!("{:.2}", c.earned()),
            ];
            let place = [
                at.map(|p| p.line.to_string()).unwrap_or_default(),
                at.map(|p| p.column.to_string()).unwrap_or_default(),
                basis_key(c.basis).to_owned(),
                if c.unverified() { "yes".into() } else { String::new() },
            ];
            text.iter()
                .map(|s| cell(s))
                .chain(numbers)
                .chain([cell(&message(c, cx.lang))])
                .chain(place)
                .chain([cell(&first.map(labels::path).unwrap_or_default())])
                .chain([cell(&citations(a, c, cx.lang))])
                .collect::<Vec<String>>()
        }))
    }

    fn tail(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}
}

/// The committee's spreadsheet: one row per platform, best score first, with verdict, score, grade,
/// 应 clauses not met, what the results rest on, each chapter's score and each clause's status;
/// below, the batch's mean and standard deviation per chapter and, per clause, how many platforms
/// did not meet it.
pub struct CommitteeCsv;

impl Reporter for CommitteeCsv {
    fn head(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}

    fn section(&self, _: &Context, _: usize, _: &Assessment) -> String {
        String::new()
    }

    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        let lang = cx.lang;
        let committee = s.committee();
        let fixed = [
            "rank",
            "file",
            "platform",
            "verdict",
            "score",
            "grade",
            "shall_applicable",
            "shall_not_passed",
            "met_on_data",
            "met_on_evidence",
            "met_on_declaration",
            "shall_declared_not_applicable",
            "gate",
        ];
        let header: Vec<String> = fixed
            .iter()
            .map(|h| (*h).to_owned())
            .chain(s.catalog.chapters.iter().map(|c| cell(&format!("§{}", c.id))))
            .chain(s.catalog.clauses.iter().map(|c| cell(&c.id)))
            .collect();
        let blank = |n: usize| std::iter::repeat_n(String::new(), n);
        w(&format!("\u{FEFF}{}", records([header])));
        for (rank, r) in committee.ranking().into_iter().enumerate() {
            let mut row: Vec<String> = vec![
                (rank + 1).to_string(),
                cell(&r.file),
                cell(&r.platform),
                labels::verdict_key(r.verdict).to_owned(),
                format!("{:.2}", r.score),
                cell(r.grade.get(lang)),
                r.shall_applicable.to_string(),
                r.shall_not_passed.to_string(),
                r.basis_counts.data.to_string(),
                r.basis_counts.evidence.to_string(),
                r.basis_counts.declaration.to_string(),
                r.shall_declared.to_string(),
                labels::gate(r.gate_passed(), lang).to_owned(),
            ];
            row.extend(r.chapter_scores().map(|x| x.map(|v| format!("{v:.1}")).unwrap_or_default()));
            row.extend(r.statuses.iter().map(|st| labels::status_key(*st).to_owned()));
            w(&records([row]));
        }
        let spreads = committee.chapters();
        let tallies = committee.tallies();
        let summary_row = |label: &str,
                           chapter: &dyn Fn(&crate::committee::ChapterSpread) -> String,
                           clause: &dyn Fn(&crate::committee::ClauseTally) -> String| {
            let mut row: Vec<String> = vec![String::new(), label.to_owned()];
            row.extend(blank(fixed.len() - 2));
            row.extend(spreads.iter().map(chapter));
            row.extend(tallies.iter().map(clause));
            row
        };
        let two = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_default();
        let footer = [
            summary_row(labels::t(lang, "平均", "mean"), &|sp| two(sp.mean), &|_| String::new()),
            summary_row(labels::t(lang, "标准差", "stdev"), &|sp| two(sp.stdev), &|_| String::new()),
            summary_row(labels::t(lang, "未满足平台数", "platforms not meeting"), &|_| String::new(), &|t| {
                t.not_met.to_string()
            }),
        ];
        w(&records(footer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("-1+2"), "'-1+2");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("平台"), "平台");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn cells_show_control_characters() {
        assert_eq!(cell("a\u{1b}[2Jb\u{202e}"), "a\\u{1b}[2Jb\\u{202e}");
        assert_eq!(cell("two\nlines"), "two\nlines");
        assert_eq!(cell("\u{1b}=1"), "\\u{1b}=1");
        assert_eq!(cell("\t=1"), "'\t=1");
    }
}
