//! `annual_cost`: what the selected contracts in force cost a year — each contract's value spread
//! over its term, a term of a year or less counting whole — fits within a share of the annual
//! budget that pays for them. An annual budget of 100,000 元 beside a 3,960,000 元 three-year
//! operations contract contradicts itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction};
use crate::date;
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer};
use crate::text::Text;
use crate::values::num;

/// `annual_cost` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualCostOptions {
    /// Relative pointers of each contract's value and its start and end dates.
    pub value: String,
    pub start: String,
    pub end: String,
    /// Absolute pointer of the annual budget.
    pub budget: String,
    /// The most the contracts' yearly cost may be, in percent of the budget (usually `{$param: …}`).
    pub max_share_pct: f64,
}

/// A compiled test.
#[derive(Debug)]
pub struct AnnualCost {
    value: Pointer,
    start: Pointer,
    end: Pointer,
    budget: Pointer,
    max_share_pct: f64,
    /// The parameter `max_share_pct` took, said inside the message's parentheses.
    said: Option<Text>,
}

impl TestFunction for AnnualCost {
    const NAME: &'static str = "annual_cost";
    type Options = AnnualCostOptions;

    fn compile(o: AnnualCostOptions, cx: &CompileCx) -> Result<AnnualCost, String> {
        let budget = Pointer::parse(&o.budget)
            .filter(|p| !p.has_wildcard())
            .ok_or_else(|| format!("`{}` is not an absolute pointer", o.budget))?;
        if !(o.max_share_pct.is_finite() && o.max_share_pct > 0.0) {
            return Err("`max_share_pct` must be a positive percentage".into());
        }
        Ok(AnnualCost {
            value: Pointer::relative(&o.value),
            start: Pointer::relative(&o.start),
            end: Pointer::relative(&o.end),
            budget,
            max_share_pct: o.max_share_pct,
            said: cx.param_at("/max_share_pct").map(|s| s.inside()),
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let budget = self.budget.get(cx.root).and_then(Value::as_f64);
        let mut yearly = 0.0;
        let mut counted = 0;
        for v in nodes.iter().filter_map(|n| n.value) {
            let Some(value) = self.value.get(v).and_then(Value::as_f64).filter(|x| *x > 0.0) else { continue };
            let span = |p: &Pointer| p.get(v).and_then(Value::as_str).and_then(date::parse_span);
            let (start, end) = (span(&self.start), span(&self.end));
            // A contract not yet started or already ended is not paid from this year's budget; one
            // without dates is read the least favourable way: in force, its value due in one year.
            if start.is_some_and(|s| s.0 > cx.as_of) || end.is_some_and(|e| e.1 < cx.as_of) {
                continue;
            }
            let years = match (start, end) {
                // To the nearest month: 2024-01-01 to 2026-12-31 is three years.
                (Some(s), Some(e)) => (((e.1 - s.0 + 1) as f64 / 365.25 * 12.0).round() / 12.0).max(1.0),
                _ => 1.0,
            };
            yearly += value / years;
            counted += 1;
        }
        let (Some(budget), true) = (budget, counted > 0) else {
            return Outcome::na(Text::new(
                "没有在履行且写明金额的合同，或未填写年度预算",
                "no contract in force with a value, or no annual budget",
            ));
        };
        let limit = budget * self.max_share_pct / 100.0;
        Outcome::unit(yearly <= limit + 1e-6, || Gap {
            pointer: self.budget.as_str().to_owned(),
            expected: cx.expected(|| {
                let (pzh, pen) = self.said.as_ref().map(|t| (t.zh.as_str(), t.en.as_str())).unwrap_or_default();
                Text::new(
                    format!(
                        "年度预算足以支付在履行合同的年度费用（合同年费不超过预算的 {}%{pzh}）",
                        num(self.max_share_pct)
                    ),
                    format!(
                        "an annual budget that covers the yearly cost of the contracts in force (at most {}% of it{pen})",
                        num(self.max_share_pct)
                    ),
                )
            }),
            found: Text::new(
                format!("年度预算 {} 元，{counted} 份在履行合同年均 {} 元", num(budget), num(yearly.round())),
                format!("annual budget {} CNY, {counted} contract(s) in force cost {} CNY a year", num(budget), num(yearly.round())),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(doc: &Value) -> Outcome {
        let o = AnnualCostOptions {
            value: "value_cny".into(),
            start: "start".into(),
            end: "end".into(),
            budget: "/funding/annual_budget_cny".into(),
            max_share_pct: 100.0,
        };
        let t = AnnualCost::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = Pointer::parse("/build_mode/contracts/*").unwrap().select(doc);
        t.evaluate(&nodes, &Cx { root: doc, as_of: date::parse_days("2026-11-25").unwrap(), expect: None })
    }

    fn doc(budget: f64, contracts: Value) -> Value {
        json!({"funding": {"annual_budget_cny": budget}, "build_mode": {"contracts": contracts}})
    }

    #[test]
    fn the_budget_covers_the_contracts_in_force() {
        let three_years = json!([{"value_cny": 3960000, "start": "2024-01-01", "end": "2026-12-31"}]);
        assert!(run(&doc(4800000.0, three_years.clone())).holds());
        let o = run(&doc(100000.0, three_years));
        assert!(!o.holds());
        assert!(o.gaps[0].found.en.contains("1320000"), "{:?}", o.gaps);
    }

    #[test]
    fn ended_short_and_undated_contracts() {
        // An ended contract costs this year nothing; a six-month one counts whole.
        let c = json!([{"value_cny": 9000000, "start": "2020-01-01", "end": "2022-12-31"},
            {"value_cny": 98000, "start": "2026-09-01", "end": "2027-02-28"}]);
        assert!(run(&doc(100000.0, c.clone())).holds());
        assert!(!run(&doc(90000.0, c)).holds());
        assert!(!run(&doc(90000.0, json!([{"value_cny": 98000}]))).holds());
        assert_eq!(run(&doc(90000.0, json!([{"vendor": "x"}]))).total, 0);
    }
}
