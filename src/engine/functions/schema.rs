//! `schema`: each selected node matches a JSON Schema fragment. The first error of a node becomes
//! its gap, described in words ("≥ 5", "one of a / b") rather than in validator jargon.

use std::sync::Arc;

use jsonschema::Validator;
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::{CompileCx, TestFunction};
use crate::engine::{Cx, Gap, Outcome, missing};
use crate::pointer::Node;
use crate::text::Text;
use crate::values::{ParamSaid, described, num, plain};

/// A compiled schema fragment.
#[derive(Debug)]
pub struct Schema {
    validator: Arc<Validator>,
    /// The fragment, for describing `contains` failures.
    fragment: Value,
    /// Keywords whose limit is a rule-pack parameter (`/minimum`…), and how to say it.
    params: Vec<(String, ParamSaid)>,
}

impl TestFunction for Schema {
    const NAME: &'static str = "schema";
    /// A JSON Schema (draft 2020-12) fragment.
    type Options = Value;

    fn compile(fragment: Value, cx: &CompileCx) -> Result<Schema, String> {
        let validator = cx.schemas.compile(&fragment).map_err(|e| format!("invalid JSON Schema: {e}"))?;
        Ok(Schema { validator, fragment, params: cx.params.to_vec() })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let value = node.value.unwrap_or(&Value::Null);
            // Every failing part of a node is a gap of its own (an item missing both its name and
            // its code says so twice); the node is still one unit of credit.
            let errors: Vec<ValidationError> = self.validator.iter_errors(value).take(MAX_GAPS_PER_NODE).collect();
            if let Some(e) = errors.iter().find(|e| is_engine_failure(e.kind())) {
                return Outcome::error(Text::new(
                    format!("正则表达式引擎在 {} 处失败：`{e}`", node.pointer),
                    format!("the pattern engine failed on {}: {e}", node.pointer),
                ));
            }
            out.passed += u32::from(errors.is_empty());
            out.total += 1;
            out.nodes.push((node.pointer.clone(), errors.is_empty()));
            let first_of_node = out.gaps.len();
            for e in &errors {
                if let Some(names) = missing_alternatives(e) {
                    let pointer = format!("{}{}", node.pointer, e.instance_path().as_str());
                    let (expected, found) = describe_alternatives(&names, e.instance());
                    out.gaps.push(Gap { pointer, expected: cx.expected(|| expected), found });
                    continue;
                }
                let (kind, instance, path, keyword) = match closest(e) {
                    Some(b) => (b.kind(), b.instance(), b.instance_path().as_str().to_owned(), b.schema_path()),
                    None => (e.kind(), e.instance(), e.instance_path().as_str().to_owned(), e.schema_path()),
                };
                let (mut expected, found) = describe_error(kind, instance, &self.fragment);
                // A limit that is a parameter is said with its unit and name: "≥ 10 年（参数 …）".
                if let Some((_, said)) = self.params.iter().find(|(p, _)| p.as_str() == keyword.as_str()) {
                    let suffix = said.suffix();
                    expected = Text::new(expected.zh + &suffix.zh, expected.en + &suffix.en);
                }
                let pointer = format!("{}{path}", node.pointer);
                if out.gaps[first_of_node..].iter().any(|g| g.pointer == pointer && g.found == found) {
                    continue;
                }
                out.gaps.push(Gap {
                    pointer,
                    expected: cx.expected(|| expected),
                    found: if node.value.is_none() { missing() } else { found },
                });
            }
        }
        out
    }
}

/// Gaps reported for one node at most, so that a huge wrong value cannot flood a report.
const MAX_GAPS_PER_NODE: usize = 20;

/// For a value that matched none of several alternatives (`anyOf`, `oneOf`), the error of the
/// alternative it came closest to — the one that failed deepest inside the value, then deepest in
/// the schema — so that a gap
/// says `forms: 0 entries` rather than "a mapping matches none of the alternatives".
fn closest<'e>(e: &'e ValidationError<'_>) -> Option<&'e ValidationError<'static>> {
    let context = match e.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => context,
        _ => return None,
    };
    // Deepest in the value first, then deepest in the schema (the alternative it followed furthest).
    let depth = |x: &ValidationError| {
        (x.instance_path().as_str().matches('/').count(), x.schema_path().as_str().matches('/').count())
    };
    let mut best: Option<&ValidationError<'static>> = None;
    for branch in context {
        for candidate in branch {
            let candidate = closest(candidate).unwrap_or(candidate);
            if best.is_none_or(|b| depth(candidate) > depth(b)) {
                best = Some(candidate);
            }
        }
    }
    best
}

/// For a mapping that matched none of several alternatives each of which names a field it lacks
/// (`anyOf: [{required: [statutory]}, {required: [promised]}, …]`), the fields it could have had.
fn missing_alternatives(e: &ValidationError<'_>) -> Option<Vec<String>> {
    let context = match e.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => context,
        _ => return None,
    };
    let here = e.instance_path().as_str();
    let mut names = Vec::new();
    for branch in context {
        let required = branch.iter().find_map(|b| match b.kind() {
            ValidationErrorKind::Required { property } if b.instance_path().as_str() == here => Some(plain(property)),
            _ => None,
        })?;
        if !names.contains(&required) {
            names.push(required);
        }
    }
    (names.len() > 1).then_some(names)
}

/// "one of `a`, `b` or `c`" for a mapping that has none of them, with what it says instead.
fn describe_alternatives(names: &[String], instance: &Value) -> (Text, Text) {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    // What a small node says instead (a time limit's `text`); a big one (an item) is named by its place.
    let said: Vec<String> = instance
        .as_object()
        .filter(|o| o.len() <= 3)
        .into_iter()
        .flatten()
        .filter(|(k, v)| *k != "name" && v.is_string())
        .take(2)
        .map(|(k, v)| format!("{k}: {}", plain(v)))
        .collect();
    let (zh, en) =
        if said.is_empty() { (String::new(), String::new()) } else { (format!("（{}）", said.join("；")), format!(" ({})", said.join("; "))) };
    (
        Text::new(format!("填写 {} 之一", quoted.join("、")), format!("one of {} is given", quoted.join(", "))),
        Text::new(format!("{} 均未填写{zh}", quoted.join("、")), format!("none of {}{en}", quoted.join(", "))),
    )
}

/// A failure of the regex engine, not of the platform: the clause cannot be evaluated.
fn is_engine_failure(kind: &ValidationErrorKind) -> bool {
    matches!(kind, ValidationErrorKind::BacktrackLimitExceeded { .. } | ValidationErrorKind::RegexEngineFailure { .. })
}

/// Turns one schema error into expected/found texts in both languages.
fn describe_error(kind: &ValidationErrorKind, instance: &Value, schema: &Value) -> (Text, Text) {
    let found = described(instance);
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
            // What a small node (a form, a contact, a charge) says instead — a form's
            // `obtain: 窗口领取` — so the gap shows it; a big one (an item) is named by its place.
            let said: Vec<String> = instance
                .as_object()
                .filter(|o| o.len() <= 3)
                .into_iter()
                .flatten()
                .filter(|(k, v)| *k != "name" && v.is_string())
                .take(2)
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect();
            let (zh, en) = if said.is_empty() {
                (String::new(), String::new())
            } else {
                (format!("（{}）", said.join("；")), format!(" ({})", said.join("; ")))
            };
            (
                Text::new(format!("填写 `{p}`"), format!("`{p}` is given")),
                Text::new(format!("缺少 `{p}`{zh}"), format!("`{p}` missing{en}")),
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
            let (zh, en) = if t.contains("array") {
                ("列表", "list")
            } else if t.contains("object") {
                ("映射", "mapping")
            } else if t.contains("bool") {
                ("true/false", "true/false")
            } else if t.contains("string") {
                ("文字", "text")
            } else {
                ("数值", "number")
            };
            (Text::new(format!("类型为{zh}"), format!("a {en}")), found)
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
