//! `phones_differ`: the telephone numbers a platform gives — for consultation, for complaints, its
//! hotline — are not all one number. One number for every route means a complaint reaches the
//! desk it is about; the pack reports it as a warning, since a small platform may have one line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, platform_pointer};
use crate::engine::{Cx, Gap, Outcome};
use crate::phone;
use crate::pointer::{Node, Pointer, parent_list};
use crate::text::Text;

/// `phones_differ` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhonesDifferOptions {
    /// More places holding numbers, as absolute pointers (`*` for every item), e.g.
    /// `/channels/hotline`, `/service_items/*/consultation/*`.
    #[serde(default)]
    pub also: Vec<String>,
    /// The fewest phone numbers (counted with repeats) for the test to judge: one number given
    /// once or twice says nothing (usually `{$param: …}`).
    pub min_numbers: u32,
}

/// A compiled test.
#[derive(Debug)]
pub struct PhonesDiffer {
    also: Vec<Pointer>,
    min_numbers: u32,
}

impl TestFunction for PhonesDiffer {
    const NAME: &'static str = "phones_differ";
    type Options = PhonesDifferOptions;

    fn compile(o: PhonesDifferOptions, _: &CompileCx) -> Result<PhonesDiffer, String> {
        let also = o.also.iter().map(|p| platform_pointer(p)).collect::<Result<_, _>>()?;
        if o.min_numbers < 2 {
            return Err("`min_numbers` must be at least 2".into());
        }
        Ok(PhonesDiffer { also, min_numbers: o.min_numbers })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let extra: Vec<Node> = self.also.iter().flat_map(|p| p.select(cx.root)).collect();
        let mut numbers: Vec<String> = Vec::new();
        for node in nodes.iter().chain(&extra) {
            numbers.extend(phone_text(node.value).map(phone::numbers).unwrap_or_default());
        }
        if (numbers.len() as u32) < self.min_numbers {
            return Outcome::na(Text::new(
                format!("电话号码不足 {} 个，不作判断", self.min_numbers),
                format!("fewer than {} phone numbers: nothing to judge", self.min_numbers),
            ));
        }
        let first = numbers[0].clone();
        let all_one = numbers.iter().all(|n| *n == first);
        let count = numbers.len();
        Outcome::unit(!all_one, || Gap {
            pointer: nodes.first().map(|n| parent_list(&n.pointer).to_owned()).unwrap_or_default(),
            expected: cx.expected(|| {
                Text::new(
                    "咨询、投诉监督和热线不全是同一个电话号码",
                    "consultation, complaints and the hotline are not all one phone number",
                )
            }),
            found: Text::new(
                format!("全部 {count} 个电话均为同一号码 {first}"),
                format!("all {count} phone numbers are the one number {first}"),
            ),
        })
    }
}

/// The text of a node that may hold a phone number: a string, or a contact of kind `phone`.
fn phone_text(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::String(s) => Some(s),
        Value::Object(o) if o.get("kind").and_then(Value::as_str) == Some("phone") => o.get("value")?.as_str(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(doc: &Value) -> Outcome {
        let o = PhonesDifferOptions {
            also: vec!["/channels/hotline".into(), "/service_items/*/consultation/*".into()],
            min_numbers: 3,
        };
        let t = PhonesDiffer::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = Pointer::parse("/service_items/*/supervision/*").unwrap().select(doc);
        t.evaluate(&nodes, &Cx { root: doc, as_of: 0, expect: None })
    }

    fn item(consult: &str, supervise: &str) -> Value {
        json!({"name": "x", "consultation": [{"kind": "phone", "value": consult}],
            "supervision": [{"kind": "phone", "value": supervise}, {"kind": "email", "value": "a@b.gov.cn"}]})
    }

    #[test]
    fn one_number_everywhere_is_caught() {
        let doc = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": [item("0571-87012330", "(0571)87012330"), item("0571 8701 2330", "0571-87012330")]});
        let o = run(&doc);
        assert!(!o.holds());
        assert!(o.gaps[0].found.en.contains("all 5"), "{:?}", o.gaps);
        let doc = json!({"channels": {"hotline": "0571-87012330"},
            "service_items": [item("0571-87012330", "0571-87012399"), item("0571-87012330", "0571-87012330")]});
        assert!(run(&doc).holds());
    }

    #[test]
    fn too_few_numbers_are_not_judged() {
        let doc = json!({"channels": {"hotline": "0571-87012330"}, "service_items": [{"name": "x"}]});
        let o = run(&doc);
        assert_eq!(o.total, 0);
        assert!(o.not_applicable.is_some());
    }
}
