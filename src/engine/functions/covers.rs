//! `covers`: the values found across the selection include a reference list — every value, or at
//! least `min` of them — with one unit of credit per value found.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, at};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, parent_list};
use crate::text::Text;
use crate::values::plain;

/// How a required value matches the values found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    #[default]
    Exact,
    /// A found string contains the required one.
    Contains,
}

/// `covers` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoversOptions {
    /// Required values: a list (or `{$param: name}`).
    pub values: Value,
    /// Relative pointer of the field to collect from each selected node; the node itself when absent.
    pub field: Option<String>,
    #[serde(default, rename = "match")]
    pub matching: Match,
    /// Required values that must be found for a pass (default: all of them).
    pub min: Option<u32>,
}

/// A compiled coverage test.
#[derive(Debug)]
pub struct Covers {
    required: Vec<Value>,
    /// The required values' parameter, when they are one: its name.
    said: Option<Text>,
    field: Option<Pointer>,
    matching: Match,
    need: u32,
}

impl TestFunction for Covers {
    const NAME: &'static str = "covers";
    type Options = CoversOptions;

    fn compile(o: CoversOptions, cx: &CompileCx) -> Result<Covers, String> {
        let said = cx.param_at("/values").map(|s| s.name.clone());
        let required = match o.values {
            Value::Array(a) => a,
            other => vec![other],
        };
        if required.is_empty() {
            return Err("`values` lists nothing to cover".into());
        }
        let all = required.len() as u32;
        let need = o.min.unwrap_or(all).min(all);
        Ok(Covers { required, said, field: o.field.as_deref().map(Pointer::relative), matching: o.matching, need })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut found: Vec<&Value> = Vec::new();
        for node in nodes {
            match at(node.value, self.field.as_ref()) {
                Some(Value::Array(a)) => found.extend(a.iter()),
                Some(v) => found.push(v),
                None => {}
            }
        }
        let matches = |r: &Value| {
            found.iter().any(|f| match (self.matching, f, r) {
                (Match::Contains, Value::String(f), Value::String(r)) => f.contains(r.as_str()),
                _ => *f == r,
            })
        };
        let missing: Vec<&Value> = self.required.iter().filter(|r| !matches(r)).collect();
        let have = (self.required.len() - missing.len()) as u32;
        let need = self.need;
        let mut out = Outcome { passed: have.min(need), total: need, ..Outcome::default() };
        if have < need {
            let list = |vals: &[&Value]| vals.iter().map(|v| plain(v)).collect::<Vec<_>>().join("、");
            let all: Vec<&Value> = self.required.iter().collect();
            let (zh, en) = if need as usize == all.len() {
                (format!("包含 {}", list(&all)), format!("includes {}", list(&all).replace('、', ", ")))
            } else {
                (
                    format!("包含 {} 中至少 {need} 项", list(&all)),
                    format!("includes at least {need} of {}", list(&all).replace('、', ", ")),
                )
            };
            let (pzh, pen) = self.said.as_ref().map(|t| (t.zh.as_str(), t.en.as_str())).unwrap_or_default();
            out.gaps.push(Gap {
                pointer: nodes.first().map(|n| parent_list(&n.pointer).to_owned()).unwrap_or_default(),
                expected: cx.expected(|| Text::new(zh + pzh, en + pen)),
                found: Text::new(
                    format!("缺少 {}", list(&missing)),
                    format!("missing {}", list(&missing).replace('、', ", ")),
                ),
            });
        }
        out
    }
}
