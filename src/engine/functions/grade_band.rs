//! `grade_band`: a grade a platform gives itself matches the band its own scores fall in — an
//! evaluation graded 优秀 whose indicator scores add up to 55 is not.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CompileCx, TestFunction};
use crate::engine::{Cx, Gap, Outcome, missing};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::{num, shown};

/// One band: the grade, and the lowest total that earns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub grade: String,
    pub min: f64,
}

/// `grade_band` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBandOptions {
    /// The grade field, relative to the selected node.
    pub grade: String,
    /// The scores to add up, relative to the selected node (`*` for every item of a list).
    pub scores: String,
    /// The bands, any order (usually `{$param: …}`).
    pub bands: Vec<Band>,
}

/// A compiled grade-band test.
#[derive(Debug)]
pub struct GradeBand {
    grade: Pointer,
    scores: Pointer,
    /// Highest band first.
    bands: Vec<Band>,
}

impl TestFunction for GradeBand {
    const NAME: &'static str = "grade_band";
    type Options = GradeBandOptions;

    fn compile(o: GradeBandOptions, _: &CompileCx) -> Result<GradeBand, String> {
        if o.bands.is_empty() {
            return Err("`bands` is empty".into());
        }
        let mut bands = o.bands;
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        let scores = Pointer::parse(&format!("/{}", o.scores.trim_start_matches('/')))
            .ok_or_else(|| format!("`{}` is not a pointer", o.scores))?;
        Ok(GradeBand { grade: Pointer::relative(&o.grade), scores, bands })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let grade = node.value.and_then(|n| self.grade.get(n));
            let scores: Vec<f64> = node
                .value
                .map(|n| self.scores.select(n).into_iter().filter_map(|s| s.value?.as_f64()).collect())
                .unwrap_or_default();
            let total: f64 = scores.iter().sum();
            let band = self.bands.iter().find(|b| total >= b.min - 1e-9).or(self.bands.last());
            let ok = !scores.is_empty() && grade.is_some_and(|g| band.is_some_and(|b| g.as_str() == Some(&b.grade)));
            out.add(Outcome::node(&node.pointer, ok, || {
                let field = self.grade.as_str().trim_start_matches('/');
                let expected = match (scores.is_empty(), band) {
                    (false, Some(b)) => Text::new(
                        format!("按各项得分合计 {} 应为 {}", num(total), b.grade),
                        format!("{} for a total score of {}", b.grade, num(total)),
                    ),
                    _ => Text::new("有各项指标得分，等次与得分相符", "indicator scores, and a grade that fits them"),
                };
                Gap {
                    pointer: join(&node.pointer, field),
                    expected: cx.expected(|| expected),
                    found: match grade {
                        Some(g) if scores.is_empty() => {
                            Text::new(format!("{}，无指标得分", shown(g)), format!("{}, with no indicator scores", shown(g)))
                        }
                        Some(g) => Text::same(shown(g)),
                        None => missing(),
                    },
                }
            }));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::{Value, json};

    fn run(doc: Value) -> Outcome {
        let o = GradeBandOptions {
            grade: "grade".into(),
            scores: "indicators/*/score".into(),
            bands: vec![Band { grade: "合格".into(), min: 60.0 }, Band { grade: "优秀".into(), min: 90.0 }],
        };
        let t = GradeBand::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = [Node { pointer: "/evaluation".into(), value: Some(&doc) }];
        t.evaluate(&nodes, &Cx { root: &doc, as_of: 0, expect: None })
    }

    #[test]
    fn the_grade_must_fit_the_scores() {
        assert!(run(json!({"grade": "优秀", "indicators": [{"score": 50}, {"score": 45}]})).holds());
        let o = run(json!({"grade": "优秀", "indicators": [{"score": 30}, {"score": 25}]}));
        assert!(!o.holds());
        assert!(o.gaps[0].expected.zh.contains("合格"), "{:?}", o.gaps);
        assert!(!run(json!({"grade": "优秀"})).holds());
    }
}
