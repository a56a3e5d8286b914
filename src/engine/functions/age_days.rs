//! `age_days`: the days from a date to the assessment date lie within bounds — how recent a review,
//! a test or a survey is, and that a past event is not dated in the future. A date given to the
//! month counts as its first day for recency and its last day for "not in the future".

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, at};
use crate::date;
use crate::engine::{Cx, Gap, Outcome, missing};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::{num, shown};

/// `age_days` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgeDaysOptions {
    /// Relative pointer of the date field; the node itself when absent.
    pub field: Option<String>,
    /// Oldest accepted age in days (a number or `{$param: name}`).
    pub max: Option<f64>,
    /// Youngest accepted age in days; 0 rejects dates after the assessment date.
    pub min: Option<f64>,
}

/// A compiled date-age test.
#[derive(Debug)]
pub struct AgeDays {
    field: Option<Pointer>,
    max: Option<f64>,
    min: Option<f64>,
    /// `max` as said when it is a rule-pack parameter: its unit and name.
    max_said: Option<Text>,
}

impl TestFunction for AgeDays {
    const NAME: &'static str = "age_days";
    type Options = AgeDaysOptions;

    fn compile(o: AgeDaysOptions, cx: &CompileCx) -> Result<AgeDays, String> {
        let max_said = cx.param_at("/max").map(|s| s.name.clone());
        Ok(AgeDays { field: o.field.as_deref().map(Pointer::relative), max: o.max, min: o.min, max_said })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let v = at(node.value, self.field.as_ref());
            // A month-precision date is read the way least favourable to the platform: as its
            // first day for "recent enough", its last day for "not in the future".
            let span = v.and_then(Value::as_str).and_then(date::parse_span);
            let days = span.map(|(first, last)| ((cx.as_of - last) as f64, (cx.as_of - first) as f64));
            let ok = days.is_some_and(|(youngest, oldest)| {
                self.max.is_none_or(|m| oldest <= m) && self.min.is_none_or(|m| youngest >= m)
            });
            let days = days.map(|(youngest, oldest)| if youngest < 0.0 { youngest } else { oldest });
            out.add(Outcome::node(&node.pointer, ok, || Gap {
                pointer: match &self.field {
                    Some(f) => join(&node.pointer, f.as_str().trim_start_matches('/')),
                    None => node.pointer.clone(),
                },
                expected: cx.expected(|| expectation(self.min, self.max, self.max_said.as_ref(), cx.as_of)),
                found: match (v, days) {
                    (Some(v), Some(d)) if d < 0.0 => Text::new(
                        format!("{}（晚于评估日期）", shown(v)),
                        format!("{} (after the assessment date)", shown(v)),
                    ),
                    (Some(v), Some(d)) => {
                        Text::new(format!("{}（{d} 天前）", shown(v)), format!("{} ({d} days before)", shown(v)))
                    }
                    (Some(v), None) => Text::new(format!("{} 不是日期", shown(v)), format!("{} is not a date", shown(v))),
                    (None, _) => missing(),
                },
            }));
        }
        out
    }
}

fn expectation(min: Option<f64>, max: Option<f64>, max_said: Option<&Text>, as_of: i64) -> Text {
    let today = date::format_days(as_of);
    let (pzh, pen) = max_said.map(|t| (t.zh.as_str(), t.en.as_str())).unwrap_or_default();
    match (min, max) {
        (_, Some(m)) => Text::new(
            format!("不早于评估日期 {today} 前 {} 天{pzh}", num(m)),
            format!("no more than {} days{pen} before the assessment date {today}", num(m)),
        ),
        (Some(m), None) if m <= 0.0 => {
            Text::new(format!("不早于评估日期 {today}"), format!("on or after the assessment date {today}"))
        }
        (Some(m), None) => {
            Text::new(format!("早于评估日期至少 {} 天", num(m)), format!("at least {} days before {today}", num(m)))
        }
        (None, None) => Text::new("有效日期", "a valid date"),
    }
}
