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
    /// The total must not exceed the sum of these fields (absolute pointers), e.g. the people in
    /// each role not adding up to more than the headcount. Not judged when one is missing.
    pub at_most: Option<Vec<String>>,
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
    at_most: Vec<Pointer>,
}

impl TestFunction for Sum {
    const NAME: &'static str = "sum";
    type Options = SumOptions;

    fn compile(o: SumOptions, _: &CompileCx) -> Result<Sum, String> {
        let absolute = |list: Option<Vec<String>>| -> Result<Vec<Pointer>, String> {
            list.unwrap_or_default()
                .iter()
                .map(|p| {
                    Pointer::parse(p).filter(|p| !p.has_wildcard()).ok_or_else(|| format!("`{p}` is not an absolute pointer"))
                })
                .collect()
        };
        let equals = absolute(o.equals)?;
        let at_most = absolute(o.at_most)?;
        let forms = usize::from(o.min.is_some() || o.max.is_some()) + usize::from(!equals.is_empty()) + usize::from(!at_most.is_empty());
        if forms != 1 {
            return Err("`sum` needs one of `min`/`max`, `equals` or `at_most`".into());
        }
        Ok(Sum {
            field: o.field.as_deref().map(Pointer::relative),
            name: o.field.unwrap_or_default(),
            min: o.min,
            max: o.max,
            equals,
            at_most,
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
        if !self.at_most.is_empty() {
            let parts: Option<Vec<f64>> = self.at_most.iter().map(|p| p.get(cx.root)?.as_f64()).collect();
            let fields: Vec<String> = self.at_most.iter().map(Pointer::field).collect();
            let fields = fields.join(" + ");
            let Some(limit) = parts.map(|p| p.iter().sum::<f64>()) else {
                return Outcome::na(Text::new(format!("{fields} 缺失，无法比较"), format!("{fields} missing: nothing to compare")));
            };
            return Outcome::unit(total <= limit + 1e-9, || Gap {
                pointer,
                expected: cx.expected(|| Text::new(format!("{name} 合计不超过 {fields}"), format!("{name} totalling at most {fields}"))),
                found: Text::new(
                    format!("合计 {}，{fields} = {}", num(total), num(limit)),
                    format!("total {}, {fields} = {}", num(total), num(limit)),
                ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    #[test]
    fn roles_add_up_to_at_most_the_headcount() {
        let o = SumOptions {
            field: Some("count".into()),
            min: None,
            max: None,
            equals: None,
            at_most: Some(vec!["/staffing/full_time".into(), "/staffing/part_time".into()]),
        };
        let t = Sum::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let run = |doc: Value| {
            let nodes = Pointer::parse("/staffing/roles/*").unwrap().select(&doc);
            t.evaluate(&nodes, &Cx { root: &doc, as_of: 0, expect: None })
        };
        let roles = json!([{"role": "lead", "count": 1}, {"role": "intake", "count": 6}]);
        assert!(run(json!({"staffing": {"full_time": 5, "part_time": 2, "roles": roles}})).holds());
        let o = run(json!({"staffing": {"full_time": 4, "part_time": 2, "roles": roles}}));
        assert!(!o.holds() && o.gaps[0].found.en.contains("total 7"), "{o:?}");
        assert_eq!(run(json!({"staffing": {"full_time": 4, "roles": roles}})).total, 0);
    }

    #[test]
    fn one_form_of_bound() {
        let cx = CompileCx { schemas: &Schemas::default(), params: &[] };
        let o = SumOptions { field: None, min: Some(1.0), max: None, equals: None, at_most: Some(vec!["/a".into()]) };
        assert!(Sum::compile(o, &cx).is_err());
        let o = SumOptions { field: None, min: None, max: None, equals: None, at_most: None };
        assert!(Sum::compile(o, &cx).is_err());
    }
}
