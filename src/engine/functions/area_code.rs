//! `area_code`: every landline among the selected telephone numbers carries a long-distance area
//! code of the platform's own province (the province is the first two digits of the platform's
//! GB/T 2260 region code). Mobile, 400/800 and short service numbers belong to no area and are
//! not judged; national service numbers the pack lists (CNIPA's) are accepted anywhere.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, at};
use crate::engine::{Cx, Gap, Outcome};
use crate::phone;
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;

/// One province and the area-code prefixes that belong to it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// The first two digits of the province's GB/T 2260 code, e.g. `"33"`.
    pub code: String,
    pub name: String,
    /// Area codes or their leading digits with the trunk 0, e.g. `"057"` for 0570–0579.
    pub prefixes: Vec<String>,
}

/// `area_code` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaCodeOptions {
    /// Relative pointer of the number (`value` of a contact); the node itself when absent.
    pub field: Option<String>,
    /// Absolute pointer of the platform's region code (`/platform/region_code`).
    pub region: String,
    /// The area-code table (usually `{$param: area_codes}`).
    pub provinces: Vec<Province>,
    /// Numbers accepted whatever the region (digits with the trunk 0), e.g. CNIPA's service line.
    #[serde(default)]
    pub national: Vec<String>,
}

/// A compiled area-code test.
#[derive(Debug)]
pub struct AreaCode {
    field: Option<Pointer>,
    region: Pointer,
    /// Prefix → (province code, name), longest prefixes first.
    prefixes: Vec<(String, String, String)>,
    national: Vec<String>,
}

impl TestFunction for AreaCode {
    const NAME: &'static str = "area_code";
    type Options = AreaCodeOptions;

    fn compile(o: AreaCodeOptions, _: &CompileCx) -> Result<AreaCode, String> {
        let region = Pointer::parse(&o.region).ok_or_else(|| format!("`{}` is not an absolute pointer", o.region))?;
        let mut prefixes = Vec::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for p in &o.provinces {
            if p.code.len() != 2 || !p.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("province code `{}` is not two digits", p.code));
            }
            for prefix in &p.prefixes {
                if !prefix.starts_with('0') || prefix.len() < 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("area-code prefix `{prefix}` of {} is not 0 and two or more digits", p.name));
                }
                if let Some(other) = seen.insert(prefix, &p.name) {
                    return Err(format!("area-code prefix `{prefix}` is listed for both {other} and {}", p.name));
                }
                prefixes.push((prefix.clone(), p.code.clone(), p.name.clone()));
            }
        }
        if prefixes.is_empty() {
            return Err("`provinces` lists no area code".into());
        }
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        Ok(AreaCode { field: o.field.as_deref().map(Pointer::relative), region, prefixes, national: o.national })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let region = self.region.get(cx.root).and_then(Value::as_str).filter(|r| r.len() >= 2 && r.is_char_boundary(2));
        let Some(region) = region else {
            return Outcome::na(Text::new(
                format!("未填写 `{}`，无法核对电话区号", self.region.field()),
                format!("`{}` is not given: area codes cannot be checked", self.region.field()),
            ));
        };
        let home = &region[..2];
        let home_name = self.prefixes.iter().find(|p| p.1 == home).map(|p| p.2.as_str()).unwrap_or(home);
        let mut out = Outcome::default();
        for node in nodes {
            let Some(text) = at(node.value, self.field.as_ref()).and_then(Value::as_str) else { continue };
            for digits in phone::numbers(text) {
                let Some(code) = phone::area_code(&digits) else { continue };
                if self.national.contains(&digits) {
                    out.add(Outcome::held(&node.pointer));
                    continue;
                }
                let province = self.prefixes.iter().find(|p| code.starts_with(p.0.as_str()));
                let ok = province.is_some_and(|p| p.1 == home);
                out.add(Outcome::node(&node.pointer, ok, || Gap {
                    pointer: match &self.field {
                        Some(f) => join(&node.pointer, f.as_str().trim_start_matches('/')),
                        None => node.pointer.clone(),
                    },
                    expected: cx.expected(|| {
                        Text::new(
                            format!("固定电话使用平台所在省（{home_name}，区划代码 {region}）的长途区号"),
                            format!("a landline with an area code of the platform's province ({home_name}, region {region})"),
                        )
                    }),
                    found: match province {
                        Some((_, _, name)) => Text::new(
                            format!("{text}：区号 {code} 属于{name}"),
                            format!("{text}: area code {code} belongs to {name}"),
                        ),
                        None => Text::new(
                            format!("{text}：区号 {code} 不在区号表中"),
                            format!("{text}: area code {code} is in no province of the table"),
                        ),
                    },
                }));
            }
        }
        if out.total == 0 {
            out.not_applicable = Some(Text::new("没有带区号的固定电话", "no landline with an area code"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn test() -> AreaCode {
        let provinces = vec![
            Province { code: "33".into(), name: "浙江省".into(), prefixes: vec!["057".into(), "058".into()] },
            Province { code: "44".into(), name: "广东省".into(), prefixes: vec!["020".into(), "075".into()] },
            Province { code: "11".into(), name: "北京市".into(), prefixes: vec!["010".into()] },
        ];
        let o = AreaCodeOptions {
            field: Some("value".into()),
            region: "/platform/region_code".into(),
            provinces,
            national: vec!["01062356655".into()],
        };
        AreaCode::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap()
    }

    fn run(region: &str, phones: &[&str]) -> Outcome {
        let doc = json!({"platform": {"region_code": region},
            "contacts": phones.iter().map(|p| json!({"kind": "phone", "value": p})).collect::<Vec<_>>()});
        let contacts = doc["contacts"].as_array().unwrap();
        let nodes: Vec<Node> =
            contacts.iter().enumerate().map(|(i, c)| Node { pointer: format!("/contacts/{i}"), value: Some(c) }).collect();
        test().evaluate(&nodes, &Cx { root: &doc, as_of: 0, expect: None })
    }

    #[test]
    fn landlines_belong_to_the_platform_province() {
        assert!(run("330100", &["0571-87012330", "0580-2012345"]).holds());
        let o = run("330100", &["0571-87012330", "0755-82919330"]);
        assert_eq!((o.passed, o.total), (1, 2));
        assert!(o.gaps[0].found.zh.contains("广东省"), "{:?}", o.gaps);
        assert_eq!(o.gaps[0].pointer, "/contacts/1/value");
    }

    #[test]
    fn national_mobile_and_service_numbers_pass() {
        assert!(run("330100", &["(010)62356655", "0571-87012330"]).holds());
        let o = run("330100", &["13812345678", "12345", "400-812-3456"]);
        assert_eq!(o.total, 0);
        assert!(o.not_applicable.is_some());
        // Another Beijing number is not CNIPA's.
        assert!(!run("330100", &["010-88888888"]).holds());
    }

    #[test]
    fn unknown_codes_and_missing_regions() {
        let o = run("330100", &["0999-1234567"]);
        assert!(!o.holds() && o.gaps[0].found.en.contains("no province"), "{o:?}");
        let doc = json!({"platform": {}});
        let value = json!("0571-87012330");
        let nodes = [Node { pointer: "/channels/hotline".into(), value: Some(&value) }];
        let o = test().evaluate(&nodes, &Cx { root: &doc, as_of: 0, expect: None });
        assert!(o.not_applicable.is_some() && o.total == 0);
    }

    #[test]
    fn a_table_that_names_a_prefix_twice_is_refused() {
        let o = AreaCodeOptions {
            field: None,
            region: "/platform/region_code".into(),
            provinces: vec![
                Province { code: "33".into(), name: "浙江省".into(), prefixes: vec!["057".into()] },
                Province { code: "44".into(), name: "广东省".into(), prefixes: vec!["057".into()] },
            ],
            national: vec![],
        };
        assert!(AreaCode::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).is_err());
    }
}
