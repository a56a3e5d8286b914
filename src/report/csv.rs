//! CSV for spreadsheets: a header, then one row per platform × clause. Auditors open it in Excel or
//! WPS, so it starts with a UTF-8 byte-order mark (without it Excel reads Chinese as mojibake) and
//! every text cell that a spreadsheet would read as a formula is defused. Control characters and
//! bidi controls in a cell are spelt out (`\u{1b}`), since the file is also printed on terminals;
//! line breaks and tabs stay, quoted as CSV allows.

use std::borrow::Cow;

use crate::report::Rendering;
use crate::report::json::message;
use crate::report::labels;
use crate::terminal::visible_lines;

/// The header row.
pub const HEADER: [&str; 14] = [
    "file", "platform", "clause", "chapter", "level", "status", "passed", "total", "credit", "weight", "earned",
    "message", "line", "column",
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

/// Renders the CSV report.
pub fn render(r: &Rendering) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail on I/O; a failed record would only drop that row.
    let _ = w.write_record(HEADER);
    for a in r.assessments {
        for c in &a.clauses {
            let at = c.findings.first().and_then(|f| f.at);
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
            let tail = [
                message(c, r.lang),
                at.map(|p| p.line.to_string()).unwrap_or_default(),
                at.map(|p| p.column.to_string()).unwrap_or_default(),
            ];
            let row: Vec<Cow<str>> = text
                .iter()
                .map(|s| Cow::Owned(cell(s)))
                .chain(numbers.iter().map(|s| Cow::Borrowed(s.as_str())))
                .chain([Cow::Owned(cell(&tail[0])), Cow::Borrowed(tail[1].as_str()), Cow::Borrowed(tail[2].as_str())])
                .collect();
            let _ = w.write_record(row.iter().map(|c| c.as_bytes()));
        }
    }
    let body = w.into_inner().map(|v| String::from_utf8_lossy(&v).into_owned()).unwrap_or_default();
    format!("\u{FEFF}{body}")
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
