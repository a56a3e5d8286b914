//! `agrees_with`: a figure a platform reports twice is the same both times — a KPI's actual value
//! and the statistic or survey result it tracks. Which figure a KPI tracks is read from its name
//! by keywords the pack lists (满意度 → the latest survey's score, 办件量 → the case count…); a
//! KPI whose name names no known figure is not judged.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, platform_pointer};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::num;

/// Where the figure a name speaks of is reported.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Words of a name that mean this figure (any one of them).
    pub keywords: Vec<String>,
    /// Absolute pointer of the figure, or of the list of items that hold it (`*`): the last item
    /// counts, or the latest by `latest_by`.
    pub at: String,
    /// The figure's field within the item `at` selects.
    pub field: Option<String>,
    pub latest_by: Option<String>,
}

/// `agrees_with` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreesWithOptions {
    /// Relative pointers of the node's name and of its value.
    pub name: String,
    pub field: String,
    /// The figures a name may speak of (usually `{$param: …}`).
    pub figures: Vec<Figure>,
    /// How far apart the two may be, in percent of the larger (usually `{$param: …}`).
    pub tolerance_pct: f64,
}

#[derive(Debug)]
struct CompiledFigure {
    keywords: Vec<String>,
    at: Pointer,
    field: Option<Pointer>,
    latest_by: Option<Pointer>,
}

/// A compiled test.
#[derive(Debug)]
pub struct AgreesWith {
    name: Pointer,
    field: Pointer,
    figures: Vec<CompiledFigure>,
    tolerance_pct: f64,
    /// The parameter `tolerance_pct` took, said inside the message's parentheses.
    said: Option<Text>,
}

impl TestFunction for AgreesWith {
    const NAME: &'static str = "agrees_with";
    type Options = AgreesWithOptions;

    fn compile(o: AgreesWithOptions, cx: &CompileCx) -> Result<AgreesWith, String> {
        if !(o.tolerance_pct.is_finite() && o.tolerance_pct >= 0.0) {
            return Err("`tolerance_pct` must be a percentage ≥ 0".into());
        }
        let figures = o
            .figures
            .into_iter()
            .map(|f| {
                let at = platform_pointer(&f.at)?;
                if f.keywords.iter().all(|k| k.trim().is_empty()) {
                    return Err(format!("the figure at `{}` has no keyword", f.at));
                }
                Ok(CompiledFigure {
                    keywords: f.keywords,
                    at,
                    field: f.field.as_deref().map(Pointer::relative),
                    latest_by: f.latest_by.as_deref().map(Pointer::relative),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(AgreesWith {
            name: Pointer::relative(&o.name),
            field: Pointer::relative(&o.field),
            figures,
            tolerance_pct: o.tolerance_pct,
            said: cx.param_at("/tolerance_pct").map(|s| s.inside()),
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let Some(v) = node.value else { continue };
            let Some(name) = self.name.get(v).and_then(Value::as_str) else { continue };
            let Some(figure) = self.figures.iter().find(|f| f.keywords.iter().any(|k| !k.is_empty() && name.contains(k.as_str())))
            else {
                continue;
            };
            let (Some(mine), Some((reported, at))) = (self.field.get(v).and_then(Value::as_f64), figure.value(cx.root))
            else {
                continue;
            };
            let larger = mine.abs().max(reported.abs());
            let ok = (mine - reported).abs() <= larger * self.tolerance_pct / 100.0 + 1e-9;
            let field = self.field.as_str().trim_start_matches('/');
            let other = crate::pointer::field(&at);
            out.add(Outcome::node(&node.pointer, ok, || Gap {
                pointer: join(&node.pointer, field),
                expected: cx.expected(|| {
                    let (pzh, pen) = self.said.as_ref().map(|t| (t.zh.as_str(), t.en.as_str())).unwrap_or_default();
                    Text::new(
                        format!("“{name}”的 {field} 与 {other} 一致（相差不超过 {}%{pzh}）", num(self.tolerance_pct)),
                        format!("{field} of “{name}” agrees with {other} (within {}%{pen})", num(self.tolerance_pct)),
                    )
                }),
                found: Text::new(
                    format!("{field} = {}，{other} = {}", num(mine), num(reported)),
                    format!("{field} = {}, {other} = {}", num(mine), num(reported)),
                ),
            }));
        }
        if out.total == 0 {
            out.not_applicable = Some(Text::new("没有可与其他数据比对的指标", "no figure reported twice to compare"));
        }
        out
    }
}

impl CompiledFigure {
    /// The figure and where it is: the latest (or last) of a list.
    fn value(&self, root: &Value) -> Option<(f64, String)> {
        let nodes: Vec<Node> = self.at.select(root).into_iter().filter(|n| n.value.is_some()).collect();
        let chosen = match &self.latest_by {
            Some(key) => nodes
                .iter()
                .filter_map(|n| Some((n, key.get(n.value?)?.as_str()?)))
                .max_by(|a, b| a.1.cmp(b.1))
                .map(|(n, _)| n.clone()),
            None => nodes.last().cloned(),
        }?;
        let value = super::at(chosen.value, self.field.as_ref())?.as_f64()?;
        let field = self.field.as_ref().map(|f| f.as_str().to_owned()).unwrap_or_default();
        Some((value, format!("{}{field}", chosen.pointer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(doc: &Value) -> Outcome {
        let figures = vec![
            Figure {
                keywords: vec!["满意度".into()],
                at: "/evaluation/satisfaction/*".into(),
                field: Some("score".into()),
                latest_by: Some("date".into()),
            },
            Figure { keywords: vec!["办件量".into()], at: "/evaluation/stats/cases".into(), field: None, latest_by: None },
        ];
        let o = AgreesWithOptions { name: "name".into(), field: "actual".into(), figures, tolerance_pct: 1.0 };
        let t = AgreesWith::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = Pointer::parse("/goals/kpis/*").unwrap().select(doc);
        t.evaluate(&nodes, &Cx { root: doc, as_of: 0, expect: None })
    }

    #[test]
    fn a_kpi_agrees_with_the_statistic_it_tracks() {
        let doc = json!({"goals": {"kpis": [{"name": "年度办件量", "target": 20000, "actual": 23614},
            {"name": "网办率", "target": 95, "actual": 97}]}, "evaluation": {"stats": {"cases": 23614}}});
        let o = run(&doc);
        assert!(o.holds() && o.total == 1, "only the case count is reported twice: {o:?}");
        let doc = json!({"goals": {"kpis": [{"name": "年度办件量", "actual": 23614}]}, "evaluation": {"stats": {"cases": 8000}}});
        let o = run(&doc);
        assert!(!o.holds());
        assert!(o.gaps[0].found.en.contains("evaluation.stats.cases = 8000"), "{:?}", o.gaps);
    }

    #[test]
    fn the_latest_survey_is_the_satisfaction_figure() {
        let doc = json!({"goals": {"kpis": [{"name": "服务满意度", "target": 90, "actual": 95.6}]},
            "evaluation": {"satisfaction": [{"date": "2026-10-16", "score": 95.6}, {"date": "2025-10-20", "score": 80}]}});
        assert!(run(&doc).holds());
        let doc = json!({"goals": {"kpis": [{"name": "服务满意度", "actual": 98}]},
            "evaluation": {"satisfaction": [{"date": "2026-10-16", "score": 85}]}});
        let o = run(&doc);
        assert!(!o.holds());
        assert!(o.gaps[0].found.en.contains("evaluation.satisfaction[0].score = 85"), "{:?}", o.gaps);
    }

    #[test]
    fn nothing_to_compare_is_not_judged() {
        let doc = json!({"goals": {"kpis": [{"name": "年度办件量", "actual": 23614}]}});
        assert_eq!(run(&doc).total, 0);
    }
}
