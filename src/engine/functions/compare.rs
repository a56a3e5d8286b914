//! `compare`: two operands of each selected node — fields, literals or parameters — satisfy an
//! operator, e.g. the promised time limit is at most the statutory one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::plain;

/// Comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Op {
    /// The operator as a symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Ge => "≥",
            Op::Gt => ">",
        }
    }
}

/// `compare` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareOptions {
    /// A field (relative pointer `a/b`, or absolute `/a/b`), `{value: x}` or `{$param: name}`.
    pub left: Value,
    pub op: Op,
    pub right: Value,
}

/// An operand, compiled.
#[derive(Debug)]
enum Operand {
    /// A field below the selected node.
    Relative(Pointer),
    /// A field anywhere in the document.
    Absolute(Pointer),
    /// A fixed value, said with its unit and parameter name when it came from one.
    Literal { value: Value, said: Option<Text> },
}

/// A compiled comparison.
#[derive(Debug)]
pub struct Compare {
    left: Operand,
    op: Op,
    right: Operand,
}

impl TestFunction for Compare {
    const NAME: &'static str = "compare";
    const NAMED_PARAM_KEYS: &'static [&'static str] = &["left", "right"];
    type Options = CompareOptions;

    fn compile(o: CompareOptions, cx: &CompileCx) -> Result<Compare, String> {
        let said = |key: &str| cx.param_at(key).map(|s| s.phrase());
        Ok(Compare { left: operand(o.left, said("/left"))?, op: o.op, right: operand(o.right, said("/right"))? })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let left = self.left.value(node.value, cx.root);
            let right = self.right.value(node.value, cx.root);
            let ok = match (left, right) {
                (Some(l), Some(r)) => compare(l, self.op, r).unwrap_or(false),
                _ => false,
            };
            out.add(Outcome::node(&node.pointer, ok, || {
                let (lname, rname) = (self.left.name(), self.right.name());
                let pointer = match &self.left {
                    Operand::Relative(p) => join(&node.pointer, p.as_str().trim_start_matches('/')),
                    Operand::Absolute(p) => p.as_str().to_owned(),
                    Operand::Literal { .. } => node.pointer.clone(),
                };
                let op = self.op.symbol();
                // A fixed operand is in the expectation already; found shows the fields.
                let fields: Vec<(&Text, Option<&Value>)> = [(&lname, left, &self.left), (&rname, right, &self.right)]
                    .into_iter()
                    .filter(|(_, _, o)| !matches!(o, Operand::Literal { .. }))
                    .map(|(n, v, _)| (n, v))
                    .collect();
                let found = |zh: bool| {
                    let (missing, sep) = if zh { ("缺失", "，") } else { ("missing", ", ") };
                    let each: Vec<String> =
                        fields.iter().map(|(n, v)| format!("{} = {}", if zh { &n.zh } else { &n.en }, shown(*v, missing))).collect();
                    each.join(sep)
                };
                Gap {
                    pointer,
                    expected: cx.expected(|| {
                        Text::new(format!("{} {op} {}", lname.zh, rname.zh), format!("{} {op} {}", lname.en, rname.en))
                    }),
                    found: Text::new(found(true), found(false)),
                }
            }));
        }
        out
    }
}

fn operand(spec: Value, said: Option<Text>) -> Result<Operand, String> {
    Ok(match spec {
        Value::String(p) if p.starts_with('/') => {
            Operand::Absolute(Pointer::parse(&p).ok_or_else(|| format!("`{p}` is not a JSON Pointer"))?)
        }
        Value::String(p) => Operand::Relative(Pointer::relative(&p)),
        Value::Object(mut o) => {
            let value = o.remove("value").ok_or("an operand mapping needs `value` (or write `{$param: name}`)")?;
            // `param` names the parameter the value came from (see NAMED_PARAM_KEYS).
            o.remove("param");
            if let Some(k) = o.keys().next() {
                return Err(format!("unknown key `{k}` in an operand"));
            }
            Operand::Literal { value, said }
        }
        other => Operand::Literal { value: other, said },
    })
}

impl Operand {
    fn value<'v>(&'v self, node: Option<&'v Value>, root: &'v Value) -> Option<&'v Value> {
        match self {
            Operand::Relative(p) => p.get(node?),
            Operand::Absolute(p) => p.get(root),
            Operand::Literal { value, .. } => Some(value),
        }
    }

    fn name(&self) -> Text {
        match self {
            Operand::Relative(p) => Text::same(p.as_str().trim_start_matches('/').replace('/', ".")),
            Operand::Absolute(p) => Text::same(p.field()),
            Operand::Literal { said: Some(said), .. } => said.clone(),
            Operand::Literal { value, .. } => Text::same(plain(value)),
        }
    }
}

fn shown(v: Option<&Value>, missing: &str) -> String {
    v.map(crate::values::shown).unwrap_or_else(|| missing.to_owned())
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
