//! Evaluates compiled checks against a platform description. The engine decides statuses and
//! credit; it never prints, never scores (see `scoring`) and knows nothing of rule files: the pack
//! compiles them into the [`plan`] this module walks.

pub mod functions;
pub mod plan;
pub mod schemas;

use std::collections::BTreeMap;

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
///
/// A clause over the elements of a list (the service items) scores one unit per element, whatever
/// sub-lists its checks walk (`/service_items/*/forms/*`) and however many checks it has: an element
/// holds when every check on it held. Test functions that judge each selected node on its own record
/// the node in `nodes`; a leaf whose pointer walks a list then turns those node units into element
/// units (`elements`), and [`evaluate`] counts each element once.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Units that held, not counting `elements`.
    pub passed: u32,
    /// Units evaluated, not counting `elements`.
    pub total: u32,
    pub gaps: Vec<Gap>,
    /// Why nothing was evaluated, when there are no units.
    pub not_applicable: Option<Text>,
    /// Why the check could not be evaluated at all.
    pub error: Option<Text>,
    /// The node each per-node unit judged (also counted in `passed` and `total`), for the leaf to group.
    pub nodes: Vec<(String, bool)>,
    /// One unit per element of a list (`/service_items/3`): whether every check on it held.
    pub elements: BTreeMap<String, bool>,
}

impl Outcome {
    /// One unit that held or not; the gap is built only when it did not.
    pub fn unit(ok: bool, gap: impl FnOnce() -> Gap) -> Outcome {
        let gaps = if ok { Vec::new() } else { vec![gap()] };
        Outcome { passed: u32::from(ok), total: 1, gaps, ..Outcome::default() }
    }

    /// One unit that judged one node on its own: counts per element of a list when the check walks one.
    pub fn node(pointer: &str, ok: bool, gap: impl FnOnce() -> Gap) -> Outcome {
        let mut out = Outcome::unit(ok, gap);
        out.nodes.push((pointer.to_owned(), ok));
        out
    }

    /// One unit that held, judged on one node (see [`Outcome::node`]).
    pub fn held(pointer: &str) -> Outcome {
        Outcome { passed: 1, total: 1, nodes: vec![(pointer.to_owned(), true)], ..Outcome::default() }
    }

    /// Nothing to evaluate, and why.
    pub fn na(reason: Text) -> Outcome {
        Outcome { not_applicable: Some(reason), ..Outcome::default() }
    }

    /// Could not be evaluated, and why.
    pub fn error(reason: Text) -> Outcome {
        Outcome { error: Some(reason), ..Outcome::default() }
    }

    /// Adds another outcome's units and gaps to this one; an element holds only if it held in both.
    pub fn add(&mut self, other: Outcome) {
        self.passed += other.passed;
        self.total += other.total;
        self.gaps.extend(other.gaps);
        self.nodes.extend(other.nodes);
        for (key, ok) in other.elements {
            *self.elements.entry(key).or_insert(true) &= ok;
        }
    }

    /// Units evaluated, elements included.
    pub fn units(&self) -> u32 {
        self.total + self.elements.len() as u32
    }

    /// Units that held, elements included.
    pub fn units_passed(&self) -> u32 {
        self.passed + self.elements.values().filter(|ok| **ok).count() as u32
    }

    /// Every unit held (and at least one was evaluated).
    pub fn holds(&self) -> bool {
        self.error.is_none() && self.units() > 0 && self.units_passed() == self.units()
    }

    /// Turns the per-node units of nodes below a list into one unit per element of that list.
    fn group_by_element(&mut self, depth: usize) {
        for (pointer, ok) in std::mem::take(&mut self.nodes) {
            let Some(key) = crate::pointer::prefix(&pointer, depth) else { continue };
            *self.elements.entry(key.to_owned()).or_insert(true) &= ok;
            self.passed -= u32::from(ok);
            self.total -= 1;
        }
    }

    /// Counts every element as one unit in `passed` and `total`.
    fn fold_elements(&mut self) {
        self.passed = self.units_passed();
        self.total = self.units();
        self.elements.clear();
        self.nodes.clear();
    }
}

/// Whether a gap is about an element (`/service_items/3`) or something inside it.
fn belongs_to(gap: &Gap, element: &str) -> bool {
    gap.pointer.strip_prefix(element).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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

/// Evaluates one compiled check on a document as of a day number: one unit per element of a list
/// the check walks, plus one per other unit.
pub fn evaluate(check: &Check, root: &Value, as_of: i64) -> Outcome {
    let mut outcome = evaluate_check(check, root, as_of);
    outcome.fold_elements();
    outcome
}

fn evaluate_check(check: &Check, root: &Value, as_of: i64) -> Outcome {
    match check {
        Check::All(list) => {
            let mut out = Outcome::default();
            let mut reasons = Vec::new();
            for c in list {
                let o = evaluate_check(c, root, as_of);
                if o.error.is_some() {
                    return o;
                }
                reasons.extend(o.not_applicable.clone());
                out.add(o);
            }
            if out.units() == 0 {
                out.not_applicable = reasons.into_iter().next();
            }
            out
        }
        Check::Any(list) => any(list.iter().map(|c| evaluate_check(c, root, as_of)).collect()),
        Check::Leaf(leaf) => evaluate_leaf(leaf, root, as_of),
        Check::Keyed(keyed) => match choose(keyed, root) {
            Ok(check) => evaluate_check(check, root, as_of),
            Err(outcome) => outcome,
        },
    }
}

/// One of several alternatives. Over the elements of a list, an element holds when one alternative
/// holds for it (or an alternative that is not about elements holds in full: a common hotline stands
/// for every item's consultation contact); otherwise the whole is one unit.
fn any(outcomes: Vec<Outcome>) -> Outcome {
    let per_element = outcomes.iter().any(|o| o.error.is_none() && !o.elements.is_empty());
    if !per_element {
        if outcomes.iter().any(Outcome::holds) {
            return Outcome { passed: 1, total: 1, ..Outcome::default() };
        }
        let evaluated: Vec<&Outcome> = outcomes.iter().filter(|o| o.units() > 0 && o.error.is_none()).collect();
        if evaluated.is_empty() {
            return outcomes.into_iter().next().unwrap_or_default();
        }
        // None holds: one unit, no credit, and the gaps of the nearest alternative.
        let share = |o: &Outcome| f64::from(o.units_passed()) / f64::from(o.units());
        let best = evaluated.iter().max_by(|a, b| share(a).total_cmp(&share(b)));
        let gaps = best.map(|b| b.gaps.clone()).unwrap_or_default();
        return Outcome { passed: 0, total: 1, gaps, ..Outcome::default() };
    }
    let whole = outcomes.iter().any(|o| o.elements.is_empty() && o.holds());
    let mut elements: BTreeMap<String, bool> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.error.is_none() && !o.elements.is_empty()) {
        // An alternative's other units must hold too for it to meet an element.
        let rest_holds = o.passed == o.total;
        for (key, ok) in &o.elements {
            *elements.entry(key.clone()).or_insert(false) |= whole || (*ok && rest_holds);
        }
    }
    let failing: Vec<&String> = elements.iter().filter(|(_, ok)| !**ok).map(|(k, _)| k).collect();
    let mut gaps: Vec<Gap> = Vec::new();
    if !failing.is_empty() {
        for o in outcomes.iter().filter(|o| o.error.is_none()) {
            for g in &o.gaps {
                let about_failing = failing.iter().any(|k| belongs_to(g, k));
                let about_element = o.elements.keys().any(|k| belongs_to(g, k));
                if (about_failing || !about_element) && !gaps.contains(g) {
                    gaps.push(g.clone());
                }
            }
        }
    }
    Outcome { elements, gaps, ..Outcome::default() }
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
/// not applicable; failures-only (consistency) tests, which read other fields for context, do not
/// count (nor do a rule's notes, which are not its check).
pub fn data_at(check: &Check, root: &Value) -> Option<String> {
    match check {
        Check::All(list) | Check::Any(list) => list.iter().find_map(|c| data_at(c, root)),
        Check::Keyed(keyed) => choose(keyed, root).ok().and_then(|c| data_at(c, root)),
        Check::Leaf(leaf) if leaf.failures_only => None,
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
    // What the filter left out, for a message that counts what is there.
    let mut filtered_out: Option<(usize, String)> = None;
    if let Some(filter) = &leaf.filter {
        // A node that is not there matches no filter: `where` keeps only what exists and fits.
        let before: Vec<String> = nodes.iter().filter(|n| n.value.is_some()).map(|n| n.pointer.clone()).collect();
        nodes.retain(|n| n.value.is_some_and(|v| filter.is_valid(v)));
        if let Some(first) = before.first() {
            filtered_out = Some((before.len(), crate::pointer::parent_list(first).to_owned()));
        }
    }
    if let Some(key) = &leaf.latest_by {
        let latest = nodes
            .iter()
            .filter_map(|n| Some((n, key.get(n.value?)?.as_str()?)))
            .max_by(|a, b| a.1.cmp(b.1))
            .map(|(n, _)| n.clone());
        nodes = latest.into_iter().collect();
    }
    if nodes.is_empty() {
        let described = leaf.given.field();
        return match leaf.if_missing {
            IfMissing::NotApplicable => Outcome::na(Text::new(
                format!("平台描述中没有适用的 `{described}`"),
                format!("nothing to check at `{described}`"),
            )),
            IfMissing::Fail => Outcome::unit(false, || {
                let expected = leaf
                    .expect
                    .clone()
                    .unwrap_or_else(|| Text::new(format!("填写 `{described}`"), format!("`{described}` is given")));
                match filtered_out {
                    // There are entries, none of the kind the clause is about (A.1: no item is public).
                    Some((n, list)) => Gap {
                        pointer: list,
                        expected,
                        found: Text::new(
                            format!("{n} 项，没有一项属于本条所指"),
                            format!("{n} entries, none of the kind the clause is about"),
                        ),
                    },
                    None => Gap { pointer: leaf.given.missing_at(root), expected, found: missing() },
                }
            }),
        };
    }
    let cx = Cx { root, as_of, expect: leaf.expect.as_ref() };
    let mut outcome = leaf.test.evaluate(&nodes, &cx);
    if leaf.failures_only && outcome.error.is_none() {
        // Only what fails counts: held units are dropped (over a list, a contradiction in an
        // element fails that element), and with none failed nothing applies.
        let failed = outcome.total - outcome.passed;
        outcome.nodes.retain(|(_, ok)| !*ok);
        outcome.passed = 0;
        outcome.total = failed;
        if failed == 0 {
            outcome.not_applicable = Some(Text::new("未发现矛盾", "no contradiction found"));
        }
    }
    if let Some(min) = leaf.at_least.as_ref().filter(|m| (nodes.len() as u64) < u64::from(m.count)) {
        // Too few to meet the clause in full: each one short is a unit that fails.
        let have = nodes.len() as u32;
        outcome.total += min.count - have;
        let param = min.param.as_ref();
        outcome.gaps.push(Gap {
            pointer: crate::pointer::parent_list(&nodes[0].pointer).to_owned(),
            expected: Text::new(
                match param {
                    Some(p) => format!("至少 {} 项（参数 {p}）", min.count),
                    None => format!("至少 {} 项", min.count),
                },
                match param {
                    Some(p) => format!("at least {} entries (parameter {p})", min.count),
                    None => format!("at least {} entries", min.count),
                },
            ),
            found: Text::new(format!("{have} 项"), format!("{have} entries")),
        });
    }
    match leaf.quantifier {
        Quantifier::All => {
            if let Some(depth) = leaf.given.element_depth() {
                outcome.group_by_element(depth);
            }
            outcome.nodes.clear();
            outcome
        }
        Quantifier::Any => {
            let ok = outcome.passed > 0;
            let gaps = if ok { Vec::new() } else { outcome.gaps };
            Outcome { passed: u32::from(ok), total: 1, gaps, nodes: Vec::new(), ..outcome }
        }
    }
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

    /// One of several alternatives over the items: an item is met by either, or by an alternative
    /// that is not about items (a common hotline stands for every item's consultation contact).
    #[test]
    fn an_alternative_meets_items_one_by_one() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("C.15").unwrap().check.as_ref().unwrap();
        let half = json!({"service_items": [
            {"name": "a", "consultation": [{"kind": "phone", "value": "0755-26617303"}]},
            {"name": "b"}]});
        let o = super::evaluate(plan, &half, 0);
        assert_eq!((o.passed, o.total), (1, 2), "{o:?}");
        assert!(o.gaps.iter().any(|g| g.pointer == "/service_items/1"), "{:?}", o.gaps);
        assert!(!o.gaps.iter().any(|g| g.pointer == "/service_items/0"), "{:?}", o.gaps);
        let mut hotline = half.clone();
        hotline["channels"] = json!({"hotline": "12345"});
        let o = super::evaluate(plan, &hotline, 0);
        assert_eq!((o.passed, o.total, o.gaps.len()), (2, 2, 0), "{o:?}");
    }

    /// One phone number for every route is a note of C.16, not a unit: the same clause with one
    /// number everywhere or two numbers has the same units and credit, and only the first is noted.
    #[test]
    fn one_number_everywhere_is_noted_not_scored() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("C.16").unwrap();
        let item = |consult: &str, supervise: &str| {
            json!({"name": "x", "consultation": [{"kind": "phone", "value": consult}],
                "supervision": [{"kind": "phone", "value": supervise}]})
        };
        let one = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": vec![item("0571-87012330", "0571-87012330"); 4]});
        let two = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": vec![item("0571-87012330", "0571-87012399"); 4]});
        let check = plan.check.as_ref().unwrap();
        let (a, b) = (super::evaluate(check, &one, 0), super::evaluate(check, &two, 0));
        assert_eq!((a.passed, a.total), (b.passed, b.total));
        assert!(a.holds() && b.holds());
        assert_eq!(crate::assess::notes(plan, &one, 0).len(), 1);
        assert!(crate::assess::notes(plan, &two, 0).is_empty());
    }

    /// A consistency test counts only when it fails: a clean list earns what it earned before, a
    /// duplicate costs the item it duplicates.
    #[test]
    fn a_consistency_test_counts_only_its_failures() {
        let pack = Pack::embedded().unwrap();
        let plan = pack.plan("8.1.5").unwrap().check.as_ref().unwrap();
        let body = json!({"name": "市知识产权保护中心"});
        let clean = json!({"service_items": [{"name": "专利权质押登记", "code": "330100-ZL-001", "implementing_body": body},
            {"name": "专利实施许可合同备案", "code": "330100-ZL-002", "implementing_body": body}]});
        let o = super::evaluate(plan, &clean, 0);
        assert_eq!((o.passed, o.total), (2, 2), "one unit per item, none for the absence of duplicates: {o:?}");
        let twice = json!({"service_items": [{"name": "专利权质押登记", "code": "330100-ZL-001", "implementing_body": body},
            {"name": "专利权质押登记", "code": "330100-ZL-002", "implementing_body": body}]});
        let o = super::evaluate(plan, &twice, 0);
        assert_eq!((o.passed, o.total), (1, 2), "the item listed again fails: {o:?}");
    }
}
