//! Rule wording checked against the platform format: every field a rule's text, remediation,
//! expectation, manual note or evidence names must be a field of the platform description, so that
//! following a rule's advice never makes a file fail to load (`rules lint`, and a test over the
//! embedded pack).
//!
//! Field names are recognised in prose as dotted paths (`service_items[].name`,
//! `supervision.phone`, `time_limit.text` — a path may start at any level, it must end a path of
//! the format), continuations of the path before them (`implementing_body.name、.uscc`),
//! snake_case identifiers (`no_forms`, `statutory_wd`) and backticked names (`average`). A dotted
//! token counts only when its first segment is a name of the format or it has an underscore or
//! brackets, so that web addresses (`sbj.cnipa.gov.cn`) and abbreviations (`e.g.`) are not
//! mistaken for fields; a snake_case identifier may also be an enumeration value of the format
//! (`value_added`) or a parameter of the pack (`working_days_per_unit`).

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::Value;

use super::{Check, Pack, Rule};
use crate::text::Text;

/// A name in a rule's wording that the platform format does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownField {
    pub rule: String,
    /// Where in the rule: `remediation.zh`, `check.expect.en`, `evidence[2]`.
    pub key: String,
    /// The name as the wording has it, continuations resolved (`service_items[].supervision.email`).
    pub name: String,
    /// The nearest name the format has.
    pub hint: Option<String>,
}

/// The names a piece of prose mentions, in order, as written (continuations resolved against the
/// path before them).
pub fn mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut parent: Vec<String> = Vec::new();
    let mut in_backticks = false;
    let mut run = String::new();
    let flush = |run: &mut String, quoted: bool, out: &mut Vec<String>, parent: &mut Vec<String>| {
        let token = run.trim_end_matches(['.', ']', '[']).to_owned();
        run.clear();
        if token.is_empty() {
            return;
        }
        if let Some(rest) = token.strip_prefix('.') {
            // `.uscc` after `implementing_body.name`: a sibling of the last path's field.
            if is_identifier(rest) && !parent.is_empty() {
                out.push(format!("{}.{rest}", parent.join(".")));
            }
            return;
        }
        let segments: Vec<String> = token.split('.').map(strip_brackets).collect();
        if segments.iter().any(|s| !is_identifier(s)) {
            return;
        }
        let bracketed = token.contains('[');
        let counts = if segments.len() > 1 {
            bracketed || segments.iter().any(|s| s.contains('_')) || NAMES.fields.contains(segments[0].as_str())
        } else {
            quoted || segments[0].contains('_')
        };
        if counts {
            if segments.len() > 1 {
                *parent = token.split('.').map(str::to_owned).collect();
                parent.pop();
            }
            out.push(token);
        }
    };
    for c in text.chars() {
        if c == '`' {
            let quoted = in_backticks;
            flush(&mut run, quoted, &mut out, &mut parent);
            in_backticks = !in_backticks;
        } else if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '*') {
            run.push(c);
        } else {
            flush(&mut run, in_backticks, &mut out, &mut parent);
        }
    }
    flush(&mut run, false, &mut out, &mut parent);
    out
}

fn strip_brackets(segment: &str) -> String {
    segment.split('[').next().unwrap_or_default().to_owned()
}

fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What the platform format names: every field path (as key sequences), every field name, every
/// enumeration value.
struct Names {
    paths: Vec<Vec<String>>,
    fields: HashSet<String>,
    values: HashSet<String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let paths: Vec<Vec<String>> = crate::schema_path::platform_field_paths()
        .map(|p| p.split('/').skip(1).filter(|t| *t != "*").map(str::to_owned).collect())
        .collect();
    let fields = paths.iter().flatten().cloned().collect();
    let mut values = HashSet::new();
    enum_values(crate::model::platform_schema(), &mut values);
    Names { paths, fields, values }
});

fn enum_values(node: &Value, out: &mut HashSet<String>) {
    match node {
        Value::Object(o) => {
            for (k, v) in o {
                match (k.as_str(), v) {
                    ("enum", Value::Array(list)) => {
                        out.extend(list.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    ("const", Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => enum_values(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| enum_values(v, out)),
        _ => {}
    }
}

/// Whether a mention names something the format has, a parameter of the pack, or a value the
/// rule's own check tests (a vocabulary such as the staff roles `it_ops`, `search_analysis`).
fn known(name: &str, params: &HashSet<&str>) -> bool {
    let segments: Vec<String> = name.split('.').map(strip_brackets).collect();
    if let [one] = segments.as_slice() {
        return NAMES.fields.contains(one) || NAMES.values.contains(one) || params.contains(one.as_str());
    }
    NAMES.paths.iter().any(|p| p.ends_with(&segments))
}

/// The nearest name: among the fields of the path's parent when the parent exists ("valid fields
/// here" when none is near), else among every field name.
fn hint(name: &str) -> Option<String> {
    let segments: Vec<String> = name.split('.').map(strip_brackets).collect();
    let (last, parent) = segments.split_last()?;
    let mut children: Vec<&str> = NAMES
        .paths
        .iter()
        .filter(|p| !parent.is_empty() && p.len() > parent.len() && p[..p.len() - 1].ends_with(parent))
        .filter_map(|p| p.last().map(String::as_str))
        .collect();
    children.sort_unstable();
    children.dedup();
    if !children.is_empty() {
        return crate::error::did_you_mean(last, &children)
            .or_else(|| Some(format!("valid fields here: {}", children.join(", "))));
    }
    let candidates: Vec<&str> = NAMES.fields.iter().map(String::as_str).collect();
    crate::error::did_you_mean(last, &candidates)
}

/// Every name in the rules' wording that the format does not have.
pub fn unknown_fields(pack: &Pack) -> Vec<UnknownField> {
    let params: HashSet<&str> = pack.manifest.params.keys().map(String::as_str).collect();
    let mut out = Vec::new();
    for rule in &pack.rules {
        let mut tested = HashSet::new();
        strings(&serde_json::to_value(&rule.check).unwrap_or_default(), &mut tested);
        let mut known_here = params.clone();
        known_here.extend(tested.iter().map(String::as_str));
        for (key, text) in wording(rule) {
            for name in mentions(&text) {
                if !known(&name, &known_here) {
                    out.push(UnknownField { rule: rule.id.clone(), key: key.clone(), hint: hint(&name), name });
                }
            }
        }
        for (i, pointer) in rule.evidence.iter().enumerate() {
            if !crate::schema_path::is_platform_field(pointer) {
                out.push(UnknownField {
                    rule: rule.id.clone(),
                    key: format!("evidence[{i}]"),
                    name: pointer.clone(),
                    hint: hint(&pointer.replace('/', ".")),
                });
            }
        }
    }
    out
}

/// Every string in a value (the literals a check tests).
fn strings(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(list) => list.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The wording of a rule, each piece with its place in the rule.
fn wording(rule: &Rule) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |key: &str, t: &Text| {
        out.push((format!("{key}.zh"), t.zh.clone()));
        out.push((format!("{key}.en"), t.en.clone()));
    };
    push("text", &rule.text);
    push("remediation", &rule.remediation);
    if let Some(m) = &rule.manual {
        push("manual", m);
    }
    if let Some(i) = &rule.informative {
        push("informative", i);
    }
    if let Some(a) = &rule.applies_when {
        push("applies_when.otherwise", &a.otherwise);
    }
    let mut expects = Vec::new();
    let checks = rule.check.iter().map(|c| ("check", c));
    let checks = checks.chain(rule.notes.iter().map(|c| ("notes", c)));
    for (key, check) in checks.chain(rule.applies_when.iter().map(|a| ("applies_when.check", &a.check))) {
        collect_expects(check, key, &mut expects);
    }
    for (key, t) in expects {
        push(&key, &t);
    }
    out
}

fn collect_expects(check: &Check, key: &str, out: &mut Vec<(String, Text)>) {
    if let Some(e) = &check.expect {
        out.push((format!("{key}.expect"), e.clone()));
    }
    for (name, list) in [("all", &check.all), ("any", &check.any)] {
        for (i, c) in list.iter().flatten().enumerate() {
            collect_expects(c, &format!("{key}.{name}[{i}]"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_recognised_in_prose() {
        let cases: &[(&str, &[&str])] = &[
            ("在 service_items[].name 中填写", &["service_items[].name"]),
            (
                "填写 service_items[].time_limit.statutory_wd 和 .promised_wd（工作日）",
                &["service_items[].time_limit.statutory_wd", "service_items[].time_limit.promised_wd"],
            ),
            (
                "（service_items[].implementing_body.name、.uscc）",
                &["service_items[].implementing_body.name", "service_items[].implementing_body.uscc"],
            ),
            (
                "service_items[].supervision.phone, .email or .url.",
                &[
                    "service_items[].supervision.phone",
                    "service_items[].supervision.email",
                    "service_items[].supervision.url",
                ],
            ),
            ("Record it in staffing.full_time.", &["staffing.full_time"]),
            ("须有指南原文 time_limit.text", &["time_limit.text"]),
            ("在 no_forms 中写明原因", &["no_forms"]),
            ("参数 patent_data_max_lag_days 天", &["patent_data_max_lag_days"]),
            ("the `average` limit", &["average"]),
            // Not field names: web addresses, abbreviations, standards, plain words.
            ("sbj.cnipa.gov.cn、e.g. GB/T 39554.1-2020，online 和 window", &[]),
            ("see https://www.cnipa.gov.cn/col/col192/index.html", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(mentions(text), *want, "{text}");
        }
    }

    #[test]
    fn stale_names_are_unknown_and_current_ones_known() {
        let params: HashSet<&str> = ["working_days_per_unit"].into_iter().collect();
        for name in [
            "service_items[].name",
            "time_limit.text",
            "service_items[].time_limit.unlabelled",
            "service_items[].supervision",
            "no_forms",
            "value_added",
            "working_days_per_unit",
            "evaluation.good_bad_review.coverage.items",
        ] {
            assert!(known(name, &params), "{name}");
        }
        for name in [
            "service_items[].time_limit.statutory_wd",
            "service_items[].supervision.phone",
            "time_limit.instant",
            "promised_wd",
            "staffing.fulltime",
        ] {
            assert!(!known(name, &params), "{name}");
        }
        assert_eq!(hint("service_items[].time_limit.statutory_wd").as_deref(), Some("did you mean `statutory`?"));
    }
}
