//! `sum`: the total of a field over the selection lies within bounds (e.g. indicator weights
//! total 100).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, at};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, parent_list};
use crate::text::Text;
use crate::values::num;

/// `sum` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SumOptions {
    /// Relative pointer of the field added up; the node itself when absent.
    pub field: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The total must equal the sum of these fields (absolute pointers), e.g. staff backgrounds
    /// adding up to the headcount.
    pub equals: Option<Vec<String>>,
}

/// A compiled total test.
#[derive(Debug)]
pub struct Sum {
    field: Option<Pointer>,
    /// The field as written, for messages.
    name: String,
    min: Option<f64>,
    max: Option<f64>,
    equals: Vec<Pointer>,
}

impl TestFunction for Sum {
    const NAME: &'static str = "sum";
    type Options = SumOptions;

    fn compile(o: SumOptions, _: &CompileCx) -> Result<Sum, String> {
        let equals: Vec<Pointer> = o
            .equals
            .unwrap_or_default()
            .iter()
            .map(|p| Pointer::parse(p).filter(|p| !p.has_wildcard()).ok_or_else(|| format!("`{p}` is not an absolute pointer")))
            .collect::<Result<_, _>>()?;
        if o.min.is_none() && o.max.is_none() && equals.is_empty() {
            return Err("`sum` needs `min`, `max` or `equals`".into());
        }
        Ok(Sum {
            field: o.field.as_deref().map(Pointer::relative),
            name: o.field.unwrap_or_default(),
            min: o.min,
            max: o.max,
            equals,
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let total: f64 = nodes.iter().filter_map(|n| at(n.value, self.field.as_ref())).filter_map(Value::as_f64).sum();
        let name = &self.name;
        let pointer = nodes.first().map(|n| parent_list(&n.pointer).to_owned()).unwrap_or_default();
        if !self.equals.is_empty() {
            let parts: Option<Vec<f64>> = self.equals.iter().map(|p| p.get(cx.root)?.as_f64()).collect();
            let fields: Vec<String> = self.equals.iter().map(Pointer::field).collect();
            let fields = fields.join(" + ");
            let target = parts.map(|p| p.iter().sum::<f64>());
            return Outcome::unit(target.is_some_and(|t| (total - t).abs() < 1e-9), || Gap {
                pointer,
                expected: cx.expected(|| Text::new(format!("合计等于 {fields}"), format!("a total equal to {fields}"))),
                found: match target {
                    Some(t) => Text::new(
                        format!("合计 {}，{fields} = {}", num(total), num(t)),
                        format!("total {}, {fields} = {}", num(total), num(t)),
                    ),
                    None => Text::new(format!("合计 {}，{fields} 缺失", num(total)), format!("total {}, {fields} missing", num(total))),
                },
            });
        }
        let ok = self.min.is_none_or(|m| total >= m - 1e-9) && self.max.is_none_or(|m| total <= m + 1e-9);
        Outcome::unit(ok, || Gap {
            pointer,
            expected: cx.expected(|| match (self.min, self.max) {
                (Some(a), Some(b)) if a == b => {
                    Text::new(format!("{name} 合计 = {}", num(a)), format!("{name} totals {}", num(a)))
                }
                (a, b) => Text::same(format!(
                    "{} ≤ Σ {name} ≤ {}",
                    a.map(num).unwrap_or_else(|| "-∞".into()),
                    b.map(num).unwrap_or_else(|| "∞".into())
                )),
            }),
            found: Text::new(format!("合计 {}", num(total)), format!("total {}", num(total))),
        })
    }
}
