//! Evaluates compiled checks against a platform description. The engine decides statuses and
//! credit; it never prints, never scores (see `scoring`) and knows nothing of rule files: the pack
//! compiles them into the [`plan`] this module walks.

pub mod functions;
pub mod plan;
pub mod schemas;

use serde_json::Value;

use crate::pointer::Node;
use crate::text::Text;
use crate::values::plain;
use plan::{Check, IfMissing, Keyed, Leaf, Quantifier};

/// How one evaluated unit failed: where, what was expected and what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// JSON Pointer of the node (or of the missing node) the gap is about.
    pub pointer: String,
    pub expected: Text,
    pub found: Text,
}

/// The outcome of a check: units that held out of units evaluated, and the gaps.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub passed: u32,
    pub total: u32,
    pub gaps: Vec<Gap>,
    /// Why nothing was evaluated, when `total` is 0.
    pub not_applicable: Option<Text>,
    /// Why the check could not be evaluated at all.
    pub error: Option<Text>,
    /// Gaps of warning-level checks: reported beside the clause, counted in no unit.
    pub warnings: Vec<Gap>,
}

impl Outcome {
    /// One unit that held or not; the gap is built only when it did not.
    pub fn unit(ok: bool, gap: impl FnOnce() -> Gap) -> Outcome {
        let gaps = if ok { Vec::new() } else { vec![gap()] };
        Outcome { passed: u32::from(ok), total: 1, gaps, ..Outcome::default() }
    }

    /// Nothing to evaluate, and why.
    pub fn na(reason: Text) -> Outcome {
        Outcome { not_applicable: Some(reason), ..Outcome::default() }
    }

    /// Could not be evaluated, and why.
    pub fn error(reason: Text) -> Outcome {
        Outcome { error: Some(reason), ..Outcome::default() }
    }

    /// Adds another outcome's units and gaps to this one.
    pub fn add(&mut self, other: Outcome) {
        self.passed += other.passed;
        self.total += other.total;
        self.gaps.extend(other.gaps);
        self.warnings.extend(other.warnings);
    }

    /// Every unit held (and at least one was evaluated).
    pub fn holds(&self) -> bool {
        self.error.is_none() && self.total > 0 && self.passed == self.total
    }
}

/// What a test function sees besides the nodes: the document, the assessment date, and the
/// rule's own wording of what is expected (which replaces the generated one).
pub struct Cx<'a> {
    pub root: &'a Value,
    /// Assessment date as a day number (see `date`).
    pub as_of: i64,
    pub expect: Option<&'a Text>,
}

impl Cx<'_> {
    /// The rule's wording of the expectation, or the generated one.
    pub fn expected(&self, generated: impl FnOnce() -> Text) -> Text {
        self.expect.cloned().unwrap_or_else(generated)
    }
}

/// Text for a value that is not there.
pub fn missing() -> Text {
    Text::new("缺失", "missing")
}

/// Evaluates one compiled check on a document as of a day number.
pub fn evaluate(check: &Check, root: &Value, as_of: i64) -> Outcome {
    match check {
        Check::All(list) => {
            let mut out = Outcome::default();
            let mut reasons = Vec::new();
            for c in list {
                let o = evaluate(c, root, as_of);
                if o.error.is_some() {
                    return o;
                }
                reasons.extend(o.not_applicable.clone());
                out.add(o);
            }
            if out.total == 0 {
                out.not_applicable = reasons.into_iter().next();
            }
            out
        }
        Check::Any(list) => {
            let outcomes: Vec<Outcome> = list.iter().map(|c| evaluate(c, root, as_of)).collect();
            let warnings: Vec<Gap> = outcomes.iter().flat_map(|o| o.warnings.iter().cloned()).collect();
            if outcomes.iter().any(Outcome::holds) {
                return Outcome { passed: 1, total: 1, warnings, ..Outcome::default() };
            }
            let evaluated: Vec<&Outcome> = outcomes.iter().filter(|o| o.total > 0 && o.error.is_none()).collect();
            if evaluated.is_empty() {
                let mut first = outcomes.into_iter().next().unwrap_or_default();
                first.warnings = warnings;
                return first;
            }
            // None holds: one unit, no credit, and the gaps of the nearest alternative.
            let share = |o: &Outcome| o.passed as f64 / o.total as f64;
            let best = evaluated.iter().max_by(|a, b| share(a).total_cmp(&share(b)));
            let gaps = best.map(|b| b.gaps.clone()).unwrap_or_default();
            Outcome { passed: 0, total: 1, gaps, warnings, ..Outcome::default() }
        }
        Check::Leaf(leaf) => evaluate_leaf(leaf, root, as_of),
        Check::Keyed(keyed) => match choose(keyed, root) {
            Ok(check) => evaluate(check, root, as_of),
            Err(outcome) => outcome,
        },
    }
}

/// The variant of a check that a keyed parameter selects for this document.
fn choose<'k>(keyed: &'k Keyed, root: &Value) -> Result<&'k Check, Outcome> {
    let name = &keyed.param;
    let Some(key) = keyed.by.get(root) else {
        return Err(Outcome::error(Text::new(
            format!("无法确定参数 {name}：缺少 `{}`", keyed.by.field()),
            format!("cannot resolve parameter {name}: `{}` is missing", keyed.by.field()),
        )));
    };
    let key = plain(key);
    if let Some((_, check)) = keyed.cases.iter().find(|(k, _)| *k == key) {
        return Ok(check);
    }
    keyed.default.as_deref().ok_or_else(|| {
        Outcome::na(Text::new(
            format!("参数 {name} 未对 `{}` = {key} 规定取值", keyed.by.field()),
            format!("parameter {name} sets no value for `{}` = {key}", keyed.by.field()),
        ))
    })
}

/// Where a check finds data to judge: the first node one of its tests selects (and keeps, after
/// `where`), or `None` when it selects nothing. A clause whose data is present cannot be declared
/// not applicable; warning-level and failures-only (consistency) tests do not count.
pub fn data_at(check: &Check, root: &Value) -> Option<String> {
    match check {
        Check::All(list) | Check::Any(list) => list.iter().find_map(|c| data_at(c, root)),
        Check::Keyed(keyed) => choose(keyed, root).ok().and_then(|c| data_at(c, root)),
        // Warnings and consistency tests read other fields for context, not the clause's own data.
        Check::Leaf(leaf) if leaf.warning || leaf.failures_only => None,
        Check::Leaf(leaf) => leaf
            .given
            .select(root)
            .into_iter()
            .find(|n| n.value.is_some_and(|v| says_something(v) && leaf.filter.as_ref().is_none_or(|f| f.is_valid(v))))
            .map(|n| n.pointer),
    }
}

/// A value that holds something: not null, not an empty string, list or mapping.
fn says_something(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn evaluate_leaf(leaf: &Leaf, root: &Value, as_of: i64) -> Outcome {
    let mut nodes: Vec<Node> = leaf.given.select(root);
    if let Some(filter) = &leaf.filter {
        // A node that is not there matches no filter: `where` keeps only what exists and fits.
        nodes.retain(|n| n.value.is_some_and(|v| filter.is_valid(v)));
    }
    if let Some(key) = &leaf.latest_by {
        let latest = nodes
            .iter()
            .filter_map(|n| Some((n, key.get(n.value?)?.as_str()?)))
            .max_by(|a, b| a.1.cmp(b.1))
            .map(|(n, _)| n.clone());
        nodes = latest.into_iter().collect();
    }
    if nodes.is_empty() && leaf.warning {
        return Outcome::na(Text::new("仅作提示", "a warning only"));
    }
    if nodes.is_empty() {
        let described = leaf.given.field();
        return match leaf.if_missing {
            IfMissing::NotApplicable => Outcome::na(Text::new(
                format!("平台描述中没有适用的 `{described}`"),
                format!("nothing to check at `{described}`"),
            )),
            IfMissing::Fail => Outcome::unit(false, || Gap {
                pointer: leaf.given.missing_at(root),
                expected: leaf
                    .expect
                    .clone()
                    .unwrap_or_else(|| Text::new(format!("填写 `{described}`"), format!("`{described}` is given"))),
                found: missing(),
            }),
        };
    }
    let cx = Cx { root, as_of, expect: leaf.expect.as_ref() };
    let outcome = leaf.test.evaluate(&nodes, &cx);
    if leaf.warning {
        // A warning earns nothing and costs nothing: no unit, its gaps reported beside the clause.
        return Outcome {
            warnings: outcome.gaps,
            not_applicable: Some(Text::new("仅作提示", "a warning only")),
            ..Outcome::default()
        };
    }
    let outcome = match leaf.quantifier {
        Quantifier::All => outcome,
        Quantifier::Any => {
            let ok = outcome.passed > 0;
            Outcome { passed: u32::from(ok), total: 1, gaps: if ok { Vec::new() } else { outcome.gaps }, ..outcome }
        }
    };
    if leaf.failures_only && outcome.error.is_none() {
        // Only what fails counts: held units are dropped, and with none failed nothing applies.
        let failed = outcome.total - outcome.passed;
        let not_applicable = (failed == 0).then(|| Text::new("未发现矛盾", "no contradiction found"));
        return Outcome { passed: 0, total: failed, not_applicable, ..outcome };
    }
    outcome
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;
    use serde_json::json;

    /// Regression: below a `*`, an item without the selected field was a missing node that a
    /// `where` without `type: object` let through, so 8.1.8 (不应: promise within the statute)
    /// failed on every item that states no time limit at all.
    #[test]
    fn a_missing_node_never_matches_a_where_filter() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("8.1.8").unwrap().check.as_ref().unwrap();
        let items = json!({"service_items": [{"name": "专利申请受理"}, {"name": "商标业务咨询"}]});
        let o = super::evaluate(plan, &items, 0);
        assert_eq!((o.passed, o.total), (0, 0), "{o:?}");
        assert!(o.not_applicable.is_some());
        let bad = json!({"service_items": [{"name": "a", "time_limit": {
            "statutory": {"value": 5, "unit": "工作日"}, "promised": {"value": 9, "unit": "工作日"}}}, {"name": "b"}]});
        let o = super::evaluate(plan, &bad, 0);
        assert_eq!((o.passed, o.total), (0, 1), "only the item with both limits is judged: {o:?}");
    }

    /// A warning-level test reports without counting: the same clause, one number everywhere or
    /// two numbers, has the same units and credit, and only the first carries a warning.
    #[test]
    fn a_warning_costs_nothing_and_is_reported() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("C.16").unwrap().check.as_ref().unwrap();
        let item = |consult: &str, supervise: &str| {
            json!({"name": "x", "consultation": [{"kind": "phone", "value": consult}],
                "supervision": [{"kind": "phone", "value": supervise}]})
        };
        let one = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": [item("0571-87012330", "0571-87012330"), item("0571-87012330", "0571-87012330")]});
        let two = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": [item("0571-87012330", "0571-87012399"), item("0571-87012330", "0571-87012399")]});
        let (a, b) = (super::evaluate(plan, &one, 0), super::evaluate(plan, &two, 0));
        assert_eq!((a.passed, a.total), (b.passed, b.total));
        assert!(a.holds() && b.holds());
        assert_eq!(a.warnings.len(), 1, "{a:?}");
        assert!(b.warnings.is_empty());
    }

    /// A consistency test counts only when it fails: a clean list earns what it earned before, a
    /// duplicate costs a unit.
    #[test]
    fn a_consistency_test_counts_only_its_failures() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("8.1.5").unwrap().check.as_ref().unwrap();
        let body = json!({"name": "市知识产权保护中心"});
        let clean = json!({"service_items": [{"name": "专利权质押登记", "code": "330100-ZL-001", "implementing_body": body},
            {"name": "专利实施许可合同备案", "code": "330100-ZL-002", "implementing_body": body}]});
        let o = super::evaluate(plan, &clean, 0);
        assert_eq!((o.passed, o.total), (4, 4), "codes unique and well-formed, no duplicate counted: {o:?}");
        let twice = json!({"service_items": [{"name": "专利权质押登记", "code": "330100-ZL-001", "implementing_body": body},
            {"name": "专利权质押登记", "code": "330100-ZL-002", "implementing_body": body}]});
        let o = super::evaluate(plan, &twice, 0);
        assert_eq!((o.passed, o.total), (4, 5), "{o:?}");
    }
}
