//! `compare_durations`: two time limits of each selected node — each `{value, unit}`, a range
//! `{min, max, unit}` or `{instant: true}` — compared after conversion to working days with the
//! pack's factors. A range is read the way least favourable to the platform: for "left ≤ right"
//! the left's upper bound against the right's lower bound.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::compare::Op;
use super::{CompileCx, TestFunction};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::num;

/// `compare_durations` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareDurationsOptions {
    /// The duration on the left: a relative pointer below the selected node.
    pub left: String,
    /// `lt`, `le`, `ge` or `gt`.
    pub op: Op,
    pub right: String,
    /// Working days per unit: `{工作日: 1, 自然日: …, 周: …, 月: …, 小时: …, 年: …}` (usually `{$param: …}`).
    pub factors: BTreeMap<String, f64>,
}

/// A compiled comparison of durations.
#[derive(Debug)]
pub struct CompareDurations {
    left: Pointer,
    op: Op,
    right: Pointer,
    factors: BTreeMap<String, f64>,
}

/// The units every factor table must give.
const UNITS: [&str; 6] = ["工作日", "自然日", "周", "月", "小时", "年"];

impl TestFunction for CompareDurations {
    const NAME: &'static str = "compare_durations";
    type Options = CompareDurationsOptions;

    fn compile(o: CompareDurationsOptions, _: &CompileCx) -> Result<CompareDurations, String> {
        if matches!(o.op, Op::Eq | Op::Ne) {
            return Err("durations compare with lt, le, ge or gt".into());
        }
        if let Some(unit) = UNITS.iter().find(|u| !o.factors.get(**u).is_some_and(|f| f.is_finite() && *f > 0.0)) {
            return Err(format!("`factors` needs a positive number of working days for {unit}"));
        }
        Ok(CompareDurations {
            left: Pointer::relative(&o.left),
            op: o.op,
            right: Pointer::relative(&o.right),
            factors: o.factors,
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        // For "left below right" the left's worst case is its maximum, the right's its minimum.
        let below = matches!(self.op, Op::Lt | Op::Le);
        for node in nodes {
            let left = node.value.and_then(|n| self.left.get(n)).and_then(|d| self.days(d));
            let right = node.value.and_then(|n| self.right.get(n)).and_then(|d| self.days(d));
            let pick = |range: (f64, f64), upper: bool| if upper { range.1 } else { range.0 };
            let ok = match (left, right) {
                (Some(l), Some(r)) => {
                    let (l, r) = (pick(l, below), pick(r, !below));
                    match self.op {
                        Op::Lt => l < r,
                        Op::Le => l <= r + 1e-9,
                        Op::Ge => l + 1e-9 >= r,
                        _ => l > r,
                    }
                }
                _ => false,
            };
            out.add(Outcome::node(&node.pointer, ok, || {
                let (lname, rname) = (self.name(&self.left), self.name(&self.right));
                let shown = |d: Option<(f64, f64)>, missing: &str| match d {
                    Some((a, b)) if a == b => format!("{} 工作日", num(round(a))),
                    Some((a, b)) => format!("{}–{} 工作日", num(round(a)), num(round(b))),
                    None => missing.to_owned(),
                };
                Gap {
                    pointer: join(&node.pointer, self.left.as_str().trim_start_matches('/')),
                    expected: cx.expected(|| Text::same(format!("{lname} {} {rname}", self.op.symbol()))),
                    found: Text::new(
                        format!("{lname} = {}，{rname} = {}", shown(left, "缺失"), shown(right, "缺失")),
                        format!("{lname} = {}, {rname} = {}", shown(left, "missing"), shown(right, "missing")),
                    ),
                }
            }));
        }
        out
    }
}

impl CompareDurations {
    /// A duration as (lowest, highest) working days; `None` when it is not a complete duration.
    fn days(&self, d: &Value) -> Option<(f64, f64)> {
        if d.get("instant") == Some(&Value::Bool(true)) {
            return Some((0.0, 0.0));
        }
        let factor = *self.factors.get(d.get("unit")?.as_str()?)?;
        match (d.get("value").and_then(Value::as_f64), d.get("min"), d.get("max")) {
            (Some(v), _, _) => Some((v * factor, v * factor)),
            (None, Some(min), Some(max)) => Some((min.as_f64()? * factor, max.as_f64()? * factor)),
            _ => None,
        }
    }

    fn name(&self, p: &Pointer) -> String {
        p.as_str().trim_start_matches('/').replace('/', ".")
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
