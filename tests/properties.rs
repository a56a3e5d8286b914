//! Properties of scoring and evaluation that must hold for any input (proptest).

use std::sync::LazyLock;

use ipps_check::assess::Checker;
use ipps_check::assessment::{Assessment, ClauseResult, Status};
use ipps_check::gate::{FailOn, Gate};
use ipps_check::pack::Pack;
use ipps_check::platform::load_bytes;
use ipps_check::report::{Format, Rendering, render};
use ipps_check::scoring;
use ipps_check::text::Lang;
use ipps_check::yaml::Limits;
use proptest::prelude::*;
use serde_json::Value;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| Checker::new(Pack::embedded().unwrap()));
static AS_OF: LazyLock<i64> = LazyLock::new(|| ipps_check::date::parse_days("2026-11-25").unwrap());

fn example(name: &str) -> Value {
    let text = std::fs::read(format!("examples/{name}.yaml")).unwrap();
    load_bytes(name, &text, &Limits::default()).unwrap().value
}

fn assess(value: &Value) -> Assessment {
    // JSON is YAML: the loader reads the re-serialised document like any platform file.
    let text = serde_json::to_string(value).unwrap();
    let platform = load_bytes("p.yaml", text.as_bytes(), &Limits::default()).unwrap();
    CHECKER.assess(&platform, *AS_OF)
}

static BASE: LazyLock<Vec<ClauseResult>> = LazyLock::new(|| assess(&example("county-pilot")).clauses);

/// A clause result for every rule of the pack with the given status and credit.
fn results(outcomes: &[(Status, f64)]) -> Vec<ClauseResult> {
    BASE.clone()
        .into_iter()
        .zip(outcomes.iter().cycle())
        .map(|(mut c, (status, credit))| {
            c.status = *status;
            c.credit = match status {
                Status::Pass => 1.0,
                Status::Fail | Status::Error | Status::NotApplicable | Status::Waived => 0.0,
                Status::Partial => *credit,
            };
            c
        })
        .collect()
}

fn status() -> impl Strategy<Value = (Status, f64)> {
    (prop::sample::select(Status::ALL.to_vec()), 0.01f64..0.99)
}

fn scores(clauses: &[ClauseResult]) -> (f64, Vec<Option<f64>>) {
    let s = scoring::score(&CHECKER.pack, clauses);
    (s.score, s.chapters.iter().map(|c| c.score).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_within_0_and_100(outcomes in prop::collection::vec(status(), 1..64)) {
        let clauses = results(&outcomes);
        let (overall, chapters) = scores(&clauses);
        prop_assert!((0.0..=100.0).contains(&overall), "overall {overall}");
        for c in chapters.into_iter().flatten() {
            prop_assert!((0.0..=100.0).contains(&c), "chapter {c}");
        }
    }

    #[test]
    fn turning_a_failure_into_a_pass_never_lowers_a_score(
        outcomes in prop::collection::vec(status(), 1..64),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut clauses = results(&outcomes);
        let failing: Vec<usize> = (0..clauses.len()).filter(|i| clauses[*i].status.is_gap()).collect();
        prop_assume!(!failing.is_empty());
        let (before, before_chapters) = scores(&clauses);
        let i = failing[pick.index(failing.len())];
        clauses[i].status = Status::Pass;
        clauses[i].credit = 1.0;
        let (after, after_chapters) = scores(&clauses);
        prop_assert!(after >= before - 1e-9, "overall {before} -> {after} fixing {}", clauses[i].id);
        for (b, a) in before_chapters.iter().zip(&after_chapters) {
            if let (Some(b), Some(a)) = (b, a) {
                prop_assert!(a >= &(b - 1e-9), "chapter {b} -> {a} fixing {}", clauses[i].id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn declaring_a_clause_not_applicable_changes_no_other_chapter(pick in any::<prop::sample::Index>()) {
        let base = example("county-pilot");
        let before = assess(&base);
        let clause = &before.clauses[pick.index(before.clauses.len())];
        let mut declared = base.clone();
        declared["not_applicable"] = serde_json::json!([{ "clause": clause.id, "reason": "该项服务由上级平台统一提供，本级平台不另行设置" }]);
        let after = assess(&declared);
        let changed = after.clauses.iter().find(|c| c.id == clause.id).unwrap();
        let refusal = after.declarations.iter().find(|d| d.clause == clause.id).and_then(|d| d.refused.clone());
        // A core clause or a veto item cannot be declared away, nor can a clause whose data the
        // file holds: either is evaluated as before.
        let expected = if refusal.is_some() { clause.status } else { Status::NotApplicable };
        prop_assert_eq!(changed.status, expected);
        let core = clause.veto || (clause.level.is_shall() && ["4", "5", "6.1", "6.2", "6.3", "6.4", "6.5", "8.1"].contains(&clause.chapter.as_str()));
        match &refusal {
            Some(why) if core => prop_assert!(why.en.contains("core clause"), "{}: {}", clause.id, why.en),
            Some(why) => prop_assert!(why.en.contains("holds the data it checks"), "{}: {}", clause.id, why.en),
            None => prop_assert!(!core, "core clause {} accepted", clause.id),
        }
        for (b, a) in before.chapters.iter().zip(&after.chapters) {
            if b.id != clause.chapter {
                prop_assert_eq!(b.score, a.score, "chapter {} changed when {} was declared N/A", b.id, clause.id);
            }
        }
    }

    #[test]
    fn reordering_items_and_keys_changes_no_result(seed in any::<u64>(), name in prop::sample::select(vec!["hangzhou", "shenzhen-futian", "county-pilot"])) {
        let base = example(name);
        let mut shuffled = base.clone();
        let mut rng = seed;
        let mut next = move || { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); rng >> 33 };
        if let Some(items) = shuffled.get_mut("service_items").and_then(Value::as_array_mut) {
            for i in (1..items.len()).rev() {
                let j = (next() as usize) % (i + 1);
                items.swap(i, j);
            }
        }
        let mut keys: Vec<(String, Value)> = shuffled.as_object().unwrap().clone().into_iter().collect();
        for i in (1..keys.len()).rev() {
            let j = (next() as usize) % (i + 1);
            keys.swap(i, j);
        }
        let shuffled = Value::Object(keys.into_iter().collect());
        let (a, b) = (assess(&base), assess(&shuffled));
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.verdict, b.verdict);
        for (x, y) in a.clauses.iter().zip(&b.clauses) {
            prop_assert_eq!((&x.id, x.status, x.passed, x.total), (&y.id, y.status, y.passed, y.total));
        }
    }
}

#[test]
fn a_run_is_byte_identical_when_repeated() {
    let gate = Gate { fail_on: FailOn::Shall, min_score: None, allow_nonconformant: false };
    let once = || {
        let a = [assess(&example("shenzhen-futian"))];
        let r = Rendering { assessments: &a, lang: Lang::Zh, gate: &gate, color: false, config: None };
        (render(Format::Json, &r), render(Format::Text, &r))
    };
    assert_eq!(once(), once());
}
