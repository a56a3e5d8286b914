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
}

/// A compiled total test.
#[derive(Debug)]
pub struct Sum {
    field: Option<Pointer>,
    /// The field as written, for messages.
    name: String,
    min: Option<f64>,
    max: Option<f64>,
}

impl TestFunction for Sum {
    const NAME: &'static str = "sum";
    type Options = SumOptions;

    fn compile(o: SumOptions, _: &CompileCx) -> Result<Sum, String> {
        if o.min.is_none() && o.max.is_none() {
            return Err("`sum` needs `min`, `max` or both".into());
        }
        Ok(Sum {
            field: o.field.as_deref().map(Pointer::relative),
            name: o.field.unwrap_or_default(),
            min: o.min,
            max: o.max,
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let total: f64 = nodes.iter().filter_map(|n| at(n.value, self.field.as_ref())).filter_map(Value::as_f64).sum();
        let ok = self.min.is_none_or(|m| total >= m - 1e-9) && self.max.is_none_or(|m| total <= m + 1e-9);
        let name = &self.name;
        Outcome::unit(ok, || Gap {
            pointer: nodes.first().map(|n| parent_list(&n.pointer).to_owned()).unwrap_or_default(),
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
