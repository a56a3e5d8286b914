//! JUnit XML for CI test views: one testsuite per chapter (per platform and chapter in a batch), one
//! testcase per clause with the chapter as its classname. Gaps (fail, partial, error) are failures;
//! not-applicable and waived clauses are skipped; XML escaping is quick-junit's.

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::assessment::{Assessment, ClauseResult, Status};
use crate::report::Rendering;
use crate::report::json::message;
use crate::report::labels::{self, t};
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
    case
}

/// The failure body: wording, every finding with `file:line:column`, and the fix.
fn description(a: &Assessment, c: &ClauseResult, lang: Lang) -> String {
    let mut lines =
        vec![format!("[{}] {} {}", labels::level(c.level, lang), c.id, c.title.get(lang)), c.text.zh.clone()];
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

fn suites(a: &Assessment, batch: bool, r: &Rendering) -> Vec<TestSuite> {
    let lang = r.lang;
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
        .collect()
}

/// Builds the JUnit report.
pub fn build(r: &Rendering) -> Report {
    let mut report = Report::new("ipps-check");
    let batch = r.assessments.len() > 1;
    for a in r.assessments {
        report.add_test_suites(suites(a, batch, r));
    }
    report
}

/// Renders the JUnit XML with a final newline.
pub fn render(r: &Rendering) -> String {
    // Serialising to memory cannot fail on I/O, and quick-junit strips what XML cannot hold.
    let mut xml = build(r).to_string().unwrap_or_default();
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}
