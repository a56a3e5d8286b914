//! Evaluates rules against a platform description. The engine decides statuses and credit;
//! it never prints and never scores (see `scoring`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::date;
use crate::pack::{Check, IfMissing, Match, Op, Pack, Quantifier, Rule};
use crate::platform::{describe_value, field};
use crate::text::Text;

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
}

impl Outcome {
    fn unit(ok: bool, gap: impl FnOnce() -> Gap) -> Outcome {
        let gaps = if ok { Vec::new() } else { vec![gap()] };
        Outcome { passed: u32::from(ok), total: 1, gaps, ..Outcome::default() }
    }

    fn na(reason: Text) -> Outcome {
        Outcome { not_applicable: Some(reason), ..Outcome::default() }
    }

    fn error(reason: Text) -> Outcome {
        Outcome { error: Some(reason), ..Outcome::default() }
    }

    /// Every unit held (and at least one was evaluated).
    pub fn holds(&self) -> bool {
        self.error.is_none() && self.total > 0 && self.passed == self.total
    }
}

/// What the engine needs besides the rule: the document, the assessment date and the pack's parameters.
pub struct Context<'a> {
    pub root: &'a Value,
    /// Assessment date as a day number (see `date`).
    pub as_of: i64,
    pub pack: &'a Pack,
}

/// Compiled JSON Schema fragments, keyed by their text: filled when the pack is validated and
/// shared by every evaluation, so each fragment is compiled once per process.
#[derive(Default, Clone)]
pub struct SchemaCache(Arc<Mutex<HashMap<String, Arc<Validator>>>>);

impl std::fmt::Debug for SchemaCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map(|c| c.len()).unwrap_or(0);
        write!(f, "SchemaCache({n} compiled)")
    }
}

impl SchemaCache {
    /// The compiled validator of a schema fragment, compiling it on first use.
    pub fn get(&self, schema: &Value) -> Result<Arc<Validator>, String> {
        let key = schema.to_string();
        if let Some(v) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(v.clone());
        }
        let v = Arc::new(jsonschema::draft202012::new(schema).map_err(|e| e.to_string())?);
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(key, v.clone());
        Ok(v)
    }
}

/// Evaluates rule checks; holds the compiled-schema cache.
#[derive(Default)]
pub struct Engine {
    cache: SchemaCache,
}

impl Engine {
    /// An engine that reuses the schema fragments a pack compiled while it was validated.
    pub fn with_cache(cache: SchemaCache) -> Engine {
        Engine { cache }
    }

    /// Evaluates a rule's check (not its applicability).
    pub fn check(&self, rule: &Rule, cx: &Context) -> Outcome {
        match &rule.check {
            Some(check) => self.eval(check, cx),
            None => Outcome::na(rule.informative.clone().unwrap_or_default()),
        }
    }

    /// Whether a rule applies: `None` when it does, the reason when it does not.
    pub fn applicability(&self, rule: &Rule, cx: &Context) -> Result<(), Text> {
        match &rule.applies_when {
            Some(cond) if !self.eval(&cond.check, cx).holds() => Err(cond.otherwise.clone()),
            _ => Ok(()),
        }
    }

    /// Evaluates one check.
    pub fn eval(&self, check: &Check, cx: &Context) -> Outcome {
        if let Some(list) = &check.all {
            let mut out = Outcome::default();
            let mut reasons = Vec::new();
            for c in list {
                let o = self.eval(c, cx);
                if o.error.is_some() {
                    return o;
                }
                out.passed += o.passed;
                out.total += o.total;
                out.gaps.extend(o.gaps);
                reasons.extend(o.not_applicable);
            }
            if out.total == 0 {
                out.not_applicable = reasons.into_iter().next();
            }
            return out;
        }
        if let Some(list) = &check.any {
            let outcomes: Vec<Outcome> = list.iter().map(|c| self.eval(c, cx)).collect();
            if let Some(o) = outcomes.iter().find(|o| o.holds()) {
                return Outcome { passed: 1, total: 1, ..o.clone() }.with_no_gaps();
            }
            let evaluated: Vec<&Outcome> = outcomes.iter().filter(|o| o.total > 0 && o.error.is_none()).collect();
            if evaluated.is_empty() {
                return outcomes.into_iter().next().unwrap_or_default();
            }
            // None holds: one unit, no credit, and the gaps of the nearest alternative.
            let best = evaluated
                .iter()
                .max_by(|a, b| (a.passed as f64 / a.total as f64).total_cmp(&(b.passed as f64 / b.total as f64)))
                .copied();
            let gaps = best.map(|b| b.gaps.clone()).unwrap_or_default();
            return Outcome { passed: 0, total: 1, gaps, ..Outcome::default() };
        }
        self.leaf(check, cx)
    }

    fn leaf(&self, check: &Check, cx: &Context) -> Outcome {
        let Some(given) = &check.given else { return Outcome::default() };
        let resolved = match resolve_params(&serde_json::to_value(check).unwrap_or_default(), cx) {
            Ok(v) => v,
            Err(Unresolved::NotApplicable(t)) => return Outcome::na(t),
            Err(Unresolved::Error(t)) => return Outcome::error(t),
        };
        let check: Check = match serde_json::from_value(resolved) {
            Ok(c) => c,
            Err(e) => return Outcome::error(Text::same(format!("parameter value does not fit the check: {e}"))),
        };
        let mut nodes = select(cx.root, given);
        if let Some(filter) = &check.filter {
            let validator = match self.cache.get(filter) {
                Ok(v) => v,
                Err(e) => return Outcome::error(Text::same(e)),
            };
            nodes.retain(|(_, v)| validator.is_valid(v));
        }
        if let Some(key) = &check.latest_by {
            let latest = nodes
                .iter()
                .filter_map(|(p, v)| Some((p.clone(), *v, at(v, key)?.as_str()?.to_owned())))
                .max_by(|a, b| a.2.cmp(&b.2));
            nodes = latest.map(|(p, v, _)| vec![(p, v)]).unwrap_or_default();
        }
        if nodes.is_empty() {
            let described = field(given);
            return match check.if_missing {
                IfMissing::NotApplicable => Outcome::na(Text::new(
                    format!("平台描述中没有适用的 `{described}`"),
                    format!("nothing to check at `{described}`"),
                )),
                IfMissing::Fail => Outcome::unit(false, || Gap {
                    pointer: missing_pointer(cx.root, given),
                    expected: check
                        .expect
                        .clone()
                        .unwrap_or_else(|| Text::new(format!("填写 `{described}`"), format!("`{described}` is given"))),
                    found: missing(),
                }),
            };
        }
        let outcome = self.test(&check, &nodes, cx);
        match check.quantifier {
            Quantifier::All => outcome,
            Quantifier::Any => {
                let ok = outcome.passed > 0;
                Outcome { passed: u32::from(ok), total: 1, gaps: if ok { Vec::new() } else { outcome.gaps }, ..outcome }
            }
        }
    }

    fn test(&self, check: &Check, nodes: &[(String, &Value)], cx: &Context) -> Outcome {
        let mut out = Outcome::default();
        let mut add = |o: Outcome| {
            out.passed += o.passed;
            out.total += o.total;
            out.gaps.extend(o.gaps);
        };
        if let Some(schema) = &check.schema {
            let validator = match self.cache.get(schema) {
                Ok(v) => v,
                Err(e) => return Outcome::error(Text::same(e)),
            };
            for (pointer, value) in nodes {
                let errors: Vec<_> = validator.iter_errors(value).collect();
                let first = errors.first();
                add(Outcome::unit(first.is_none(), || {
                    let e = first.expect("a failing node has an error");
                    let path = e.instance_path().as_str();
                    let (expected, found) = describe_error(e.kind(), e.instance(), schema);
                    let found = if value.is_null() { missing() } else { found };
                    Gap {
                        pointer: format!("{pointer}{path}"),
                        expected: check.expect.clone().unwrap_or(expected),
                        found,
                    }
                }));
            }
        } else if let Some(cmp) = &check.compare {
            for (pointer, value) in nodes {
                let left = operand(&cmp.left, value, cx.root);
                let right = operand(&cmp.right, value, cx.root);
                let ok = match (&left, &right) {
                    (Some(l), Some(r)) => compare(l, cmp.op, r).unwrap_or(false),
                    _ => false,
                };
                add(Outcome::unit(ok, || {
                    let lname = operand_name(&cmp.left);
                    let rname = operand_name(&cmp.right);
                    let gap_pointer = match &cmp.left {
                        Value::String(p) => join(pointer, p),
                        _ => pointer.clone(),
                    };
                    Gap {
                        pointer: gap_pointer,
                        expected: check
                            .expect
                            .clone()
                            .unwrap_or_else(|| Text::same(format!("{lname} {} {rname}", cmp.op.symbol()))),
                        found: Text::new(
                            format!("{lname} = {}，{rname} = {}", shown(&left, true), shown(&right, true)),
                            format!("{lname} = {}, {rname} = {}", shown(&left, false), shown(&right, false)),
                        ),
                    }
                }));
            }
        } else if let Some(covers) = &check.covers {
            let required: Vec<Value> = covers.values.as_array().cloned().unwrap_or_else(|| vec![covers.values.clone()]);
            let mut found: Vec<Value> = Vec::new();
            for (_, value) in nodes {
                let v = match &covers.field {
                    Some(f) => at(value, f),
                    None => Some(*value),
                };
                match v {
                    Some(Value::Array(a)) => found.extend(a.iter().cloned()),
                    Some(v) => found.push(v.clone()),
                    None => {}
                }
            }
            let matches = |r: &Value| {
                found.iter().any(|f| match (covers.matching, f, r) {
                    (Match::Contains, Value::String(f), Value::String(r)) => f.contains(r.as_str()),
                    _ => f == r,
                })
            };
            let missing_values: Vec<&Value> = required.iter().filter(|r| !matches(r)).collect();
            let have = (required.len() - missing_values.len()) as u32;
            let need = covers.min.as_ref().and_then(Value::as_u64).map(|m| m as u32).unwrap_or(required.len() as u32);
            let need = need.min(required.len() as u32);
            out.passed = have.min(need);
            out.total = need;
            if have < need {
                let list = |vals: &[&Value]| vals.iter().map(|v| plain(v)).collect::<Vec<_>>().join("、");
                let base = nodes.first().map(|(p, _)| parent_list(p)).unwrap_or_default();
                let all: Vec<&Value> = required.iter().collect();
                let (zh_need, en_need) = if need as usize == required.len() {
                    (format!("包含 {}", list(&all)), format!("includes {}", list(&all).replace('、', ", ")))
                } else {
                    (
                        format!("包含 {} 中至少 {need} 项", list(&all)),
                        format!("includes at least {need} of {}", list(&all).replace('、', ", ")),
                    )
                };
                out.gaps.push(Gap {
                    pointer: base,
                    expected: check.expect.clone().unwrap_or(Text::new(zh_need, en_need)),
                    found: Text::new(
                        format!("缺少 {}", list(&missing_values)),
                        format!("missing {}", list(&missing_values).replace('、', ", ")),
                    ),
                });
            }
        } else if let Some(unique) = &check.unique {
            let mut seen: Vec<&Value> = Vec::new();
            for (pointer, value) in nodes {
                let v = match &unique.field {
                    Some(f) => at(value, f),
                    None => Some(*value),
                };
                let ok = v.is_some_and(|v| !seen.contains(&v));
                if let Some(v) = v {
                    seen.push(v);
                }
                add(Outcome::unit(ok, || Gap {
                    pointer: unique.field.as_deref().map(|f| join(pointer, f)).unwrap_or_else(|| pointer.clone()),
                    expected: check.expect.clone().unwrap_or(Text::new("取值唯一且已填写", "present and unique")),
                    found: match v {
                        Some(v) => Text::new(format!("{} 重复", plain(v)), format!("{} is a duplicate", plain(v))),
                        None => missing(),
                    },
                }));
            }
        } else if let Some(age) = &check.age_days {
            let max = age.max.as_ref().and_then(Value::as_f64);
            let min = age.min.as_ref().and_then(Value::as_f64);
            for (pointer, value) in nodes {
                let v = match &age.field {
                    Some(f) => at(value, f),
                    None => Some(*value),
                };
                let days = v.and_then(Value::as_str).and_then(date::parse_days).map(|d| (cx.as_of - d) as f64);
                let ok = days.is_some_and(|d| max.is_none_or(|m| d <= m) && min.is_none_or(|m| d >= m));
                add(Outcome::unit(ok, || Gap {
                    pointer: age.field.as_deref().map(|f| join(pointer, f)).unwrap_or_else(|| pointer.clone()),
                    expected: check.expect.clone().unwrap_or_else(|| age_expectation(min, max, cx.as_of)),
                    found: match (v, days) {
                        (_, Some(d)) if d < 0.0 => Text::new(
                            format!("{}（晚于评估日期）", plain(v.unwrap_or(&Value::Null))),
                            format!("{} (after the assessment date)", plain(v.unwrap_or(&Value::Null))),
                        ),
                        (Some(v), Some(d)) => {
                            Text::new(format!("{}（{d} 天前）", plain(v)), format!("{} ({d} days before)", plain(v)))
                        }
                        (Some(v), None) => {
                            Text::new(format!("{} 不是日期", plain(v)), format!("{} is not a date", plain(v)))
                        }
                        (None, _) => missing(),
                    },
                }));
            }
        } else if let Some(sum) = &check.sum {
            let total: f64 = nodes
                .iter()
                .filter_map(|(_, v)| match &sum.field {
                    Some(f) => at(v, f),
                    None => Some(*v),
                })
                .filter_map(Value::as_f64)
                .sum();
            let min = sum.min.as_ref().and_then(Value::as_f64);
            let max = sum.max.as_ref().and_then(Value::as_f64);
            let ok = min.is_none_or(|m| total >= m - 1e-9) && max.is_none_or(|m| total <= m + 1e-9);
            let base = nodes.first().map(|(p, _)| parent_list(p)).unwrap_or_default();
            let fname = sum.field.clone().unwrap_or_default();
            add(Outcome::unit(ok, || Gap {
                pointer: base,
                expected: check.expect.clone().unwrap_or_else(|| match (min, max) {
                    (Some(a), Some(b)) if a == b => {
                        Text::new(format!("{fname} 合计 = {}", num(a)), format!("{fname} totals {}", num(a)))
                    }
                    (a, b) => Text::same(format!(
                        "{} ≤ Σ {fname} ≤ {}",
                        a.map(num).unwrap_or_else(|| "-∞".into()),
                        b.map(num).unwrap_or_else(|| "∞".into())
                    )),
                }),
                found: Text::new(format!("合计 {}", num(total)), format!("total {}", num(total))),
            }));
        }
        out
    }
}

impl Outcome {
    fn with_no_gaps(mut self) -> Outcome {
        self.gaps.clear();
        self
    }
}

fn missing() -> Text {
    Text::new("缺失", "missing")
}

fn num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => describe_value(other),
    }
}

fn shown(v: &Option<Value>, zh: bool) -> String {
    match v {
        Some(v) => plain(v),
        None if zh => "缺失".into(),
        None => "missing".into(),
    }
}

fn age_expectation(min: Option<f64>, max: Option<f64>, as_of: i64) -> Text {
    let today = date::format_days(as_of);
    match (min, max) {
        (_, Some(m)) => Text::new(
            format!("不早于评估日期 {today} 前 {} 天", num(m)),
            format!("no more than {} days before the assessment date {today}", num(m)),
        ),
        (Some(m), None) if m <= 0.0 => {
            Text::new(format!("不早于评估日期 {today}"), format!("on or after the assessment date {today}"))
        }
        (Some(m), None) => {
            Text::new(format!("早于评估日期至少 {} 天", num(m)), format!("at least {} days before {today}", num(m)))
        }
        (None, None) => Text::new("有效日期", "a valid date"),
    }
}

/// Turns one schema error into expected/found texts in both languages.
fn describe_error(kind: &ValidationErrorKind, instance: &Value, schema: &Value) -> (Text, Text) {
    let found = Text::same(describe_value(instance));
    let n = |v: &Value| v.as_f64().map(num).unwrap_or_else(|| v.to_string());
    match kind {
        ValidationErrorKind::Minimum { limit } => (Text::same(format!("≥ {}", n(limit))), found),
        ValidationErrorKind::Maximum { limit } => (Text::same(format!("≤ {}", n(limit))), found),
        ValidationErrorKind::ExclusiveMinimum { limit } => (Text::same(format!("> {}", n(limit))), found),
        ValidationErrorKind::ExclusiveMaximum { limit } => (Text::same(format!("< {}", n(limit))), found),
        ValidationErrorKind::Constant { expected_value } => (Text::same(format!("= {}", plain(expected_value))), found),
        ValidationErrorKind::Enum { options } => {
            let list =
                options.as_array().map(|a| a.iter().map(plain).collect::<Vec<_>>().join(" / ")).unwrap_or_default();
            (Text::new(format!("取值为 {list} 之一"), format!("one of {list}")), found)
        }
        ValidationErrorKind::Required { property } => {
            let p = plain(property);
            (
                Text::new(format!("填写 `{p}`"), format!("`{p}` is given")),
                Text::new(format!("缺少 `{p}`"), format!("`{p}` missing")),
            )
        }
        ValidationErrorKind::MinItems { limit } => {
            let count = instance.as_array().map(Vec::len).unwrap_or(0);
            (
                Text::new(format!("至少 {limit} 项"), format!("at least {limit} entries")),
                Text::new(format!("{count} 项"), format!("{count} entries")),
            )
        }
        ValidationErrorKind::MaxItems { limit } => {
            (Text::new(format!("至多 {limit} 项"), format!("at most {limit} entries")), found)
        }
        ValidationErrorKind::MinLength { limit } if *limit <= 1 => (Text::new("非空", "not empty"), found),
        ValidationErrorKind::MinLength { limit } => {
            (Text::new(format!("至少 {limit} 个字符"), format!("at least {limit} characters")), found)
        }
        ValidationErrorKind::Pattern { pattern } => {
            (Text::new(format!("符合格式 {pattern}"), format!("matches {pattern}")), found)
        }
        ValidationErrorKind::Contains => {
            let wanted = schema.get("contains").map(describe_contains).unwrap_or_else(|| "?".into());
            (Text::new(format!("包含 {wanted}"), format!("includes {wanted}")), found)
        }
        ValidationErrorKind::UniqueItems => (Text::new("各项不重复", "no duplicate entries"), found),
        ValidationErrorKind::Type { kind } => {
            let t = format!("{kind:?}").to_lowercase();
            let t = if t.contains("array") {
                "list"
            } else if t.contains("object") {
                "mapping"
            } else if t.contains("bool") {
                "true/false"
            } else if t.contains("string") {
                "text"
            } else {
                "number"
            };
            (Text::new(format!("类型为 {t}"), format!("a {t}")), found)
        }
        other => (Text::same(format!("{other:?}").chars().take(120).collect::<String>()), found),
    }
}

fn describe_contains(schema: &Value) -> String {
    if let Some(c) = schema.get("const") {
        return plain(c);
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        return format!("/{p}/");
    }
    schema.to_string()
}

/// Stands for a node that a wildcard selection expected but the document lacks (documents never
/// hold nulls: they are stripped on load).
static MISSING: Value = Value::Null;

/// Selects the nodes a pointer names; `*` expands every item of a list or value of a mapping.
/// Below a `*`, an item that lacks the rest of the path is selected as a missing (null) node, so
/// that "every item has X" fails on the items without X instead of skipping them.
pub fn select<'v>(root: &'v Value, pointer: &str) -> Vec<(String, &'v Value)> {
    let mut current = vec![(String::new(), root)];
    let mut below_wildcard = false;
    for token in pointer.split('/').skip(1) {
        let mut next = Vec::new();
        for (p, v) in current {
            if token == "*" {
                match v {
                    Value::Array(a) => next.extend(a.iter().enumerate().map(|(i, x)| (format!("{p}/{i}"), x))),
                    Value::Object(o) => {
                        next.extend(o.iter().map(|(k, x)| (format!("{p}/{}", crate::yaml::escape_token(k)), x)))
                    }
                    Value::Null if below_wildcard => next.push((p, &MISSING)),
                    _ => {}
                }
            } else {
                let key = token.replace("~1", "/").replace("~0", "~");
                let child = match v {
                    Value::Object(o) => o.get(&key),
                    Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
                    _ => None,
                };
                match child {
                    Some(c) => next.push((format!("{p}/{token}"), c)),
                    None if below_wildcard => next.push((format!("{p}/{token}"), &MISSING)),
                    None => {}
                }
            }
        }
        below_wildcard |= token == "*";
        current = next;
    }
    current
}

/// The deepest pointer a missing selection reaches, completed with the missing tail, e.g.
/// `/staffing/full_time` when `staffing` exists but `full_time` does not.
fn missing_pointer(root: &Value, given: &str) -> String {
    let mut node = root;
    let mut out = String::new();
    for token in given.split('/').skip(1) {
        let key = token.replace("~1", "/").replace("~0", "~");
        match (token, node) {
            ("*", Value::Array(a)) if !a.is_empty() => {
                out.push_str("/0");
                node = &a[0];
            }
            ("*", _) => return out,
            (_, Value::Object(o)) if o.contains_key(&key) => {
                out.push('/');
                out.push_str(token);
                node = &o[&key];
            }
            _ => {
                out.push('/');
                out.push_str(token);
                return out;
            }
        }
    }
    out
}

/// The list a list item belongs to: `/service_items/3` → `/service_items`.
fn parent_list(pointer: &str) -> String {
    match pointer.rsplit_once('/') {
        Some((parent, last)) if last.parse::<usize>().is_ok() => parent.to_owned(),
        _ => pointer.to_owned(),
    }
}

fn join(base: &str, relative: &str) -> String {
    if relative.starts_with('/') { relative.to_owned() } else { format!("{base}/{relative}") }
}

/// The value at a relative pointer `a/b` below a node.
fn at<'v>(v: &'v Value, relative: &str) -> Option<&'v Value> {
    v.pointer(&format!("/{}", relative.trim_start_matches('/')))
}

fn operand(spec: &Value, node: &Value, root: &Value) -> Option<Value> {
    match spec {
        Value::String(p) if p.starts_with('/') => root.pointer(p).cloned(),
        Value::String(p) => at(node, p).cloned(),
        Value::Object(o) => o.get("value").cloned(),
        other => Some(other.clone()),
    }
}

fn operand_name(spec: &Value) -> String {
    match spec {
        Value::String(p) if p.starts_with('/') => field(p),
        Value::String(p) => p.replace('/', "."),
        Value::Object(o) => match (o.get("param").and_then(Value::as_str), o.get("value")) {
            (Some(param), _) => param.to_owned(),
            (None, Some(v)) => plain(v),
            (None, None) => String::new(),
        },
        other => plain(other),
    }
}

fn compare(l: &Value, op: Op, r: &Value) -> Option<bool> {
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?)?,
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (a, b) if matches!(op, Op::Eq | Op::Ne) => return Some((a == b) == (op == Op::Eq)),
        _ => return None,
    };
    Some(match op {
        Op::Lt => ord.is_lt(),
        Op::Le => ord.is_le(),
        Op::Eq => ord.is_eq(),
        Op::Ne => ord.is_ne(),
        Op::Ge => ord.is_ge(),
        Op::Gt => ord.is_gt(),
    })
}

enum Unresolved {
    NotApplicable(Text),
    Error(Text),
}

/// Replaces `{$param: name}` by the parameter's value for this platform. In `compare` operands a
/// parameter becomes `{value: …}` so that a string parameter is not read as a field.
fn resolve_params(v: &Value, cx: &Context) -> Result<Value, Unresolved> {
    fn walk(v: &Value, cx: &Context, operand: bool) -> Result<Value, Unresolved> {
        match v {
            Value::Object(o) if o.len() == 1 && o.contains_key("$param") => {
                let name = o["$param"].as_str().unwrap_or_default();
                let value = param_value(name, cx)?;
                Ok(if operand { serde_json::json!({ "value": value, "param": name }) } else { value })
            }
            Value::Object(o) => {
                let mut out = serde_json::Map::new();
                for (k, x) in o {
                    let is_operand = k == "left" || k == "right";
                    out.insert(k.clone(), walk(x, cx, is_operand)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => a.iter().map(|x| walk(x, cx, false)).collect::<Result<Vec<_>, _>>().map(Value::Array),
            other => Ok(other.clone()),
        }
    }
    walk(v, cx, false)
}

/// A parameter's value; keyed parameters (`{by, cases, default}`) are looked up in the platform.
fn param_value(name: &str, cx: &Context) -> Result<Value, Unresolved> {
    let Some(param) = cx.pack.manifest.params.get(name) else {
        return Err(Unresolved::Error(Text::same(format!("unknown parameter `{name}`"))));
    };
    let Value::Object(o) = &param.value else { return Ok(param.value.clone()) };
    let Some(by) = o.get("by").and_then(Value::as_str) else { return Ok(param.value.clone()) };
    let Some(key) = cx.root.pointer(by) else {
        return Err(Unresolved::Error(Text::new(
            format!("无法确定参数 {name}：缺少 `{}`", field(by)),
            format!("cannot resolve parameter {name}: `{}` is missing", field(by)),
        )));
    };
    let key_text = plain(key);
    if let Some(v) = o.get("cases").and_then(|c| c.get(&key_text)) {
        return Ok(v.clone());
    }
    match o.get("default") {
        Some(d) if !d.is_null() => Ok(d.clone()),
        _ => Err(Unresolved::NotApplicable(Text::new(
            format!("参数 {name} 未对 `{}` = {key_text} 规定取值", field(by)),
            format!("parameter {name} sets no value for `{}` = {key_text}", field(by)),
        ))),
    }
}
