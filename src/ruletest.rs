//! Runs every rule's own examples: each `pass` fragment must pass (with no note), each `fail`
//! fragment must fail (or pass only partly), each `noted` fragment must give a note. The vocabulary follows ast-grep: a failing example the rule lets through
//! is *missing*, a passing example it flags is *noisy*.

use serde_json::Value;

use crate::assess::{self, Checker};
use crate::assessment::Status;
use crate::pack::{Rule, RulePlan};
use crate::platform::fragment_problems;

/// What went wrong with one example.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    pub rule: String,
    /// `pass[0]`, `fail[1]`…
    pub example: String,
    pub problem: String,
}

/// The outcome of one rule's examples.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub checked: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Evaluates one rule on a platform fragment, as the checker would (applicability included).
pub fn status_on(rule: &Rule, plan: &RulePlan, fragment: &Value, as_of: i64) -> (Status, String) {
    if let Err(reason) = assess::applicability(rule, plan, fragment, as_of) {
        return (Status::NotApplicable, reason.en);
    }
    let o = assess::evaluate(rule, plan, fragment, as_of);
    let detail = o
        .gaps
        .iter()
        .map(|g| format!("{}: expected {}, found {}", g.pointer, g.expected.en, g.found.en))
        .collect::<Vec<_>>()
        .join("; ");
    let status = match (o.error, o.passed, o.total) {
        (Some(e), _, _) => return (Status::Error, e.en),
        (None, _, 0) => return (Status::NotApplicable, o.not_applicable.map(|t| t.en).unwrap_or_default()),
        (None, p, t) if p == t => Status::Pass,
        (None, 0, _) => Status::Fail,
        _ => Status::Partial,
    };
    (status, detail)
}

/// Runs the examples of every rule whose id starts with `only` (all when empty).
pub fn run(checker: &Checker, only: &str) -> ExampleReport {
    let as_of = checker.pack.examples_as_of();
    let mut report = ExampleReport::default();
    let pack = &checker.pack;
    for (rule, plan) in pack.rules.iter().zip(&pack.plans).filter(|(r, _)| r.id.starts_with(only)) {
        let cases = rule.examples.pass.iter().enumerate().map(|(i, v)| (true, format!("pass[{i}]"), v));
        let cases = cases.chain(rule.examples.fail.iter().enumerate().map(|(i, v)| (false, format!("fail[{i}]"), v)));
        let noted = rule.examples.noted.iter().enumerate().map(|(i, v)| (None, format!("noted[{i}]"), v));
        let cases = cases.map(|(p, n, v)| (Some(p), n, v)).chain(noted);
        for (should_pass, name, fragment) in cases {
            report.checked += 1;
            let mut fail = |problem: String| {
                report.failures.push(ExampleFailure { rule: rule.id.clone(), example: name.clone(), problem })
            };
            let problems = fragment_problems(fragment);
            if !problems.is_empty() {
                fail(format!("the example is not a valid platform fragment: {}", problems.join("; ")));
                continue;
            }
            let mut fragment = fragment.clone();
            crate::platform::strip_nulls(&mut fragment);
            // As a check does: values that say nothing are taken out first.
            crate::meaning::clean(&mut fragment, &pack.manifest.trust, as_of);
            let notes = assess::notes(plan, &fragment, as_of);
            let Some(should_pass) = should_pass else {
                if notes.is_empty() {
                    fail("missing: expected a note, got none".into());
                }
                continue;
            };
            if should_pass && !notes.is_empty() {
                let said: Vec<String> = notes.iter().map(|g| format!("{}: {}", g.pointer, g.found.en)).collect();
                fail(format!("noisy: a passing example gives a note ({})", said.join("; ")));
            }
            let (status, detail) = status_on(rule, plan, &fragment, as_of);
            match (should_pass, status) {
                (true, Status::Pass) | (false, Status::Fail | Status::Partial) => {}
                (true, s) => fail(format!("noisy: expected pass, got {s:?} ({detail})")),
                (false, s) => fail(format!("missing: expected fail, got {s:?} ({detail})")),
            }
        }
    }
    report
}
