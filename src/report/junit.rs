//! JUnit XML for CI test views: one testsuite per chapter (per platform and chapter in a batch), one
//! testcase per clause with the chapter as its classname. Gaps (fail, partial, error) are failures;
//! not-applicable and waived clauses are skipped; XML escaping is quick-junit's.

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::assessment::{Assessment, Basis, ClauseResult, Status};
use crate::report::json::message;
use crate::report::labels::{self, t};
use crate::report::{Context, Reporter, Summary};
use crate::terminal::{escaped, is_hidden};
use crate::text::Lang;

fn testcase(a: &Assessment, c: &ClauseResult, lang: Lang) -> TestCase {
    let status = match c.status {
        Status::Pass => TestCaseStatus::success(),
        Status::NotApplicable | Status::Waived => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(message(c, lang)).set_type(labels::status_key(c.status));
            s
        }
        Status::Fail | Status::Partial | Status::Error => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let at = labels::place(a, c.findings.first().and_then(|f| f.at));
            s.set_message(format!("{} ({at})", message(c, lang)))
                .set_type(labels::status_key(c.status))
                .set_description(description(a, c, lang));
            s
        }
    };
    let mut case = TestCase::new(format!("{} {}", c.id, c.title.get(lang)), status);
    case.set_classname(c.chapter.clone());
    case.add_property(Property::new("level", c.level.as_str()));
    if c.veto {
        case.add_property(Property::new("veto", "true"));
    }
    if let Some(b) = c.basis {
        case.add_property(Property::new("basis", basis_key(b)));
    }
    if c.unverified() {
        case.add_property(Property::new("unverified", "true"));
    }
    for (d, why) in a.citations_of(&c.id) {
        case.add_property(Property::new("citation", labels::citation_for_clause(d, why, lang)));
    }
    case
}

fn basis_key(b: Basis) -> &'static str {
    match b {
        Basis::Data => "data",
        Basis::Evidence => "evidence",
        Basis::Declaration => "declaration",
    }
}

/// What the platform's verdict rests on, as properties of its first suite: basis counts, each
/// not-applicable declaration and each value taken out.
fn platform_properties(suite: &mut TestSuite, a: &Assessment, lang: Lang) {
    let b = a.basis_counts;
    suite.add_property(Property::new("as_of", labels::as_of(&a.as_of, &a.as_of_zone, a.as_of_given, lang)));
    suite.add_property(Property::new("met_on_data", b.data.to_string()));
    suite.add_property(Property::new("met_on_evidence", b.evidence.to_string()));
    suite.add_property(Property::new("met_on_declaration_alone", b.declaration.to_string()));
    for d in &a.declarations {
        let why = d.refused.as_ref().map(|r| format!(" — {}", r.get(lang))).unwrap_or_default();
        let value = format!(
            "{} {}: {}{why} ({})",
            d.clause,
            labels::declaration(d.refused.is_none(), lang),
            d.reason,
            labels::place(a, d.at)
        );
        suite.add_property(Property::new("not_applicable", value));
    }
    for d in &a.citations {
        let notes: Vec<&str> = d.notes.iter().map(|n| n.get(lang)).collect();
        let value = format!(
            "{}: {} — {} ({})",
            d.citation.status.key(),
            labels::citation(d, lang),
            notes.join("; "),
            labels::place(a, d.at)
        );
        suite.add_property(Property::new("citation", value));
    }
    for m in &a.meaningless {
        let value = format!(
            "{} \"{}\": {} ({})",
            crate::platform::field(&m.pointer),
            m.value,
            m.reason.get(lang),
            labels::place(a, m.at)
        );
        suite.add_property(Property::new("meaningless", value));
    }
}

/// The failure body: wording, every finding with `file:line:column`, and the fix.
fn description(a: &Assessment, c: &ClauseResult, lang: Lang) -> String {
    let unverified = if c.unverified() { t(lang, " · 未核实", " · unverified") } else { "" };
    let mut lines = vec![
        format!("[{}] {} {}{unverified}", labels::level(c.level, lang), c.id, c.title.get(lang)),
        c.text.zh.clone(),
    ];
    if lang == Lang::En {
        lines.push(c.text.en.clone());
    }
    if c.status == Status::Error {
        lines.push(message(c, lang));
    }
    for f in &c.findings {
        lines.push(format!("- {}  ({})", labels::finding(f, lang), labels::place(a, f.at)));
    }
    if let Some(m) = &c.manual {
        lines.push(format!("{}: {}", t(lang, "人工核查", "verify by hand"), m.get(lang)));
    }
    lines.push(format!("{}: {}", t(lang, "整改", "fix"), c.remediation.get(lang)));
    lines.join("\n")
}

fn suites(a: &Assessment, batch: bool, cx: &Context) -> Vec<TestSuite> {
    let lang = cx.lang;
    let mut suites = chapter_suites(a, batch, lang);
    if let Some(first) = suites.first_mut() {
        platform_properties(first, a, lang);
    }
    suites
}

fn chapter_suites(a: &Assessment, batch: bool, lang: Lang) -> Vec<TestSuite> {
    a.chapters
        .iter()
        .map(|ch| {
            let name = if batch {
                format!("{} § {} {}", a.source.name, ch.id, ch.title.get(lang))
            } else {
                format!("{} {}", ch.id, ch.title.get(lang))
            };
            let mut suite = TestSuite::new(name);
            suite.add_property(Property::new("file", a.source.name.as_str()));
            suite.add_property(Property::new("platform", a.platform.as_str()));
            suite.add_property(Property::new("chapter", ch.id.as_str()));
            suite.add_property(Property::new("score", labels::score(ch.score)));
            suite.add_test_cases(a.clauses.iter().filter(|c| c.chapter == ch.id).map(|c| testcase(a, c, lang)));
            suite
        })
        .collect::<Vec<_>>()
}

/// JUnit XML: the totals of every platform in the root element, each platform's suites written
/// as it finishes.
pub struct Junit;

impl Reporter for Junit {
    fn head_needs_rows(&self) -> bool {
        true
    }

    fn head(&self, _: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        let (mut tests, mut skipped, mut failures) = (0, 0, 0);
        for r in s.rows {
            tests += r.counts.total();
            skipped += r.counts.unscored();
            failures += r.counts.fail + r.counts.partial + r.counts.error;
        }
        w(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ipps-check\" tests=\"{tests}\" \
skipped=\"{skipped}\" failures=\"{failures}\" errors=\"0\">\n"
        ));
    }

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        let mut report = Report::new("ipps-check");
        report.add_test_suites(suites(a, cx.batch, cx));
        // Serialising to memory cannot fail on I/O, and quick-junit strips what XML cannot hold;
        // the suites are what lies between the root element's tags.
        let xml = visible_xml(&report.to_string().unwrap_or_default());
        let start = xml.find("<testsuite ").map_or(xml.len(), |i| xml[..i].rfind('\n').map_or(i, |nl| nl + 1));
        let end = xml.rfind("</testsuites>").unwrap_or(xml.len()).max(start);
        xml[start..end].trim_end().to_owned() + "\n"
    }

    fn tail(&self, _: &Context, _: &Summary, w: &mut dyn FnMut(&str)) {
        w("</testsuites>\n");
    }
}

/// DEL, C1 controls and bidi marks, which quick-junit passes through, spelt out (`\u{202e}`) as in
/// every other format. They can only come from the input, inside attribute values or text. What
/// XML cannot hold at all (U+FFFE, U+FFFF) becomes U+FFFD (`escape::xml_safe`).
fn visible_xml(xml: &str) -> String {
    crate::report::escape::xml_safe(xml).chars().fold(String::with_capacity(xml.len()), |mut out, c| {
        if is_hidden(c) && !matches!(c, '\n' | '\t' | '\r') {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_spelt_out() {
        assert_eq!(visible_xml("a\u{7f}b\u{202e}c\u{85}\n"), "a\\u{7f}b\\u{202e}c\\u{85}\n");
        assert_eq!(visible_xml("<p n=\"\u{fffe}\u{ffff}\"/>"), "<p n=\"\u{fffd}\u{fffd}\"/>");
    }
}
