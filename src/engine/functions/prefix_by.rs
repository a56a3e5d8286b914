//! `prefix_by`: a code begins the way a table says it must for the kind of its holder — a
//! unified social credit code's first two characters (GB 32100-2015: registration authority and
//! organisation class) against the operator's type: a 事业单位 has 12, an enterprise 91. A kind the
//! table does not list, and a node without the code, are not judged.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;

/// `prefix_by` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrefixByOptions {
    /// Relative pointer of the code.
    pub field: String,
    /// Relative pointer of the kind that decides the prefix.
    pub key: String,
    /// Each kind and the prefixes its code may begin with (usually `{$param: …}`).
    pub table: BTreeMap<String, Vec<String>>,
}

/// A compiled test.
#[derive(Debug)]
pub struct PrefixBy {
    field: Pointer,
    key: Pointer,
    table: BTreeMap<String, Vec<String>>,
}

impl TestFunction for PrefixBy {
    const NAME: &'static str = "prefix_by";
    type Options = PrefixByOptions;

    fn compile(o: PrefixByOptions, _: &CompileCx) -> Result<PrefixBy, String> {
        if let Some((kind, _)) = o.table.iter().find(|(_, p)| p.is_empty() || p.iter().any(String::is_empty)) {
            return Err(format!("the table gives `{kind}` no prefix"));
        }
        Ok(PrefixBy { field: Pointer::relative(&o.field), key: Pointer::relative(&o.key), table: o.table })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let Some(v) = node.value else { continue };
            let Some(kind) = self.key.get(v).and_then(Value::as_str) else { continue };
            let Some(prefixes) = self.table.get(kind) else { continue };
            let Some(code) = self.field.get(v).and_then(Value::as_str) else { continue };
            let ok = prefixes.iter().any(|p| code.starts_with(p.as_str()));
            let field = self.field.as_str().trim_start_matches('/');
            let key = self.key.as_str().trim_start_matches('/');
            let head: String = code.chars().take(prefixes[0].chars().count()).collect();
            out.add(Outcome::node(&node.pointer, ok, || Gap {
                pointer: join(&node.pointer, field),
                expected: cx.expected(|| {
                    Text::new(
                        format!("{key} 为 {kind} 时，{field} 以 {} 开头", prefixes.join(" 或 ")),
                        format!("a {field} beginning with {} for {key} {kind}", prefixes.join(" or ")),
                    )
                }),
                found: Text::new(
                    format!("{code}（以 {head} 开头），{key} 为 {kind}"),
                    format!("{code} (beginning with {head}), {key} {kind}"),
                ),
            }));
        }
        if out.total == 0 {
            out.not_applicable = Some(Text::new("没有可核对前缀的代码", "no code whose prefix the table decides"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(operator: Value) -> Outcome {
        let table = BTreeMap::from([
            ("public_institution".to_owned(), vec!["12".to_owned()]),
            ("enterprise".to_owned(), vec!["91".to_owned()]),
        ]);
        let o = PrefixByOptions { field: "uscc".into(), key: "type".into(), table };
        let t = PrefixBy::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = [Node { pointer: "/operator".into(), value: Some(&operator) }];
        t.evaluate(&nodes, &Cx { root: &operator, as_of: 0, expect: None })
    }

    #[test]
    fn the_code_fits_the_kind() {
        assert!(run(json!({"type": "public_institution", "uscc": "12330100MB1A2C3D4L"})).holds());
        let o = run(json!({"type": "public_institution", "uscc": "91330106MA2H8Q6X1R"}));
        assert!(!o.holds());
        assert_eq!(o.gaps[0].pointer, "/operator/uscc");
        assert!(o.gaps[0].found.en.contains("beginning with 91"), "{:?}", o.gaps);
        assert_eq!(run(json!({"type": "other", "uscc": "91330106MA2H8Q6X1R"})).total, 0);
        assert_eq!(run(json!({"type": "enterprise"})).total, 0);
    }
}
