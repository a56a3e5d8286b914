//! `one_body_per_code`: a unified social credit code names one body. The code of each selected
//! body is looked up among every body the document names (the operator, implementing bodies,
//! contractors…); the same code under a name that is not the same body's — the operator's code
//! given to its contractor — is a contradiction. Names match when folded alike or when one holds
//! the other (a body with or without the name it also bears).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, platform_pointer};
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::similar::same_name;
use crate::text::Text;

/// Where bodies are named in the document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bodies {
    /// Absolute pointer of the bodies (`*` for every item of a list).
    pub at: String,
    /// Relative pointers of a body's name and code.
    pub name: String,
    pub code: String,
}

/// `one_body_per_code` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OneBodyPerCodeOptions {
    /// Relative pointers of the selected body's name and code.
    pub name: String,
    pub code: String,
    /// Every place bodies are named (usually `{$param: …}`).
    pub bodies: Vec<Bodies>,
}

#[derive(Debug)]
struct CompiledBodies {
    at: Pointer,
    name: Pointer,
    code: Pointer,
}

/// A compiled test.
#[derive(Debug)]
pub struct OneBodyPerCode {
    name: Pointer,
    code: Pointer,
    bodies: Vec<CompiledBodies>,
}

impl TestFunction for OneBodyPerCode {
    const NAME: &'static str = "one_body_per_code";
    type Options = OneBodyPerCodeOptions;

    fn compile(o: OneBodyPerCodeOptions, _: &CompileCx) -> Result<OneBodyPerCode, String> {
        let bodies = o
            .bodies
            .iter()
            .map(|b| {
                let at = platform_pointer(&b.at)?;
                Ok(CompiledBodies { at, name: Pointer::relative(&b.name), code: Pointer::relative(&b.code) })
            })
            .collect::<Result<_, String>>()?;
        Ok(OneBodyPerCode { name: Pointer::relative(&o.name), code: Pointer::relative(&o.code), bodies })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        // Every (pointer, name, code) of the document, once.
        let mut all: Vec<(String, &str, String)> = Vec::new();
        for b in &self.bodies {
            for n in b.at.select(cx.root) {
                let Some(v) = n.value else { continue };
                let (Some(name), Some(code)) =
                    (b.name.get(v).and_then(Value::as_str), b.code.get(v).and_then(Value::as_str))
                else {
                    continue;
                };
                all.push((n.pointer, name, code.trim().to_uppercase()));
            }
        }
        let mut out = Outcome::default();
        for node in nodes {
            let Some(v) = node.value else { continue };
            let Some(code) = self.code.get(v).and_then(Value::as_str) else { continue };
            let name = self.name.get(v).and_then(Value::as_str).unwrap_or_default();
            let code = code.trim().to_uppercase();
            let other = all.iter().find(|(p, n, c)| *p != node.pointer && *c == code && !same_name(name, n));
            let field = self.code.as_str().trim_start_matches('/');
            out.add(Outcome::node(&node.pointer, other.is_none(), || {
                let (at, other_name, _) = other.cloned().unwrap_or_default();
                let place = crate::pointer::field(&at);
                Gap {
                    pointer: join(&node.pointer, field),
                    expected: cx.expected(|| {
                        Text::new("一个统一社会信用代码只对应一个主体", "one unified social credit code for one body")
                    }),
                    found: Text::new(
                        format!("{code} 既是“{name}”的代码，也是 {place}“{other_name}”的代码"),
                        format!("{code} is the code of “{name}” and of “{other_name}” at {place}"),
                    ),
                }
            }));
        }
        if out.total == 0 {
            out.not_applicable = Some(Text::new("没有填写代码的主体", "no body with a code"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn test() -> OneBodyPerCode {
        let bodies = vec![
            Bodies { at: "/operator".into(), name: "name".into(), code: "uscc".into() },
            Bodies { at: "/service_items/*/implementing_body".into(), name: "name".into(), code: "uscc".into() },
            Bodies { at: "/build_mode/contracts/*".into(), name: "vendor".into(), code: "uscc".into() },
        ];
        let o = OneBodyPerCodeOptions { name: "vendor".into(), code: "uscc".into(), bodies };
        OneBodyPerCode::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap()
    }

    fn run(doc: &Value) -> Outcome {
        let nodes = Pointer::parse("/build_mode/contracts/*").unwrap().select(doc);
        test().evaluate(&nodes, &Cx { root: doc, as_of: 0, expect: None })
    }

    #[test]
    fn a_code_names_one_body() {
        let operator = json!({"name": "杭州市知识产权保护中心", "uscc": "12330100MB1A2C3D4L"});
        let item = json!({"name": "x", "implementing_body": {"name": "杭州市知识产权保护中心（公共服务部）", "uscc": "12330100MB1A2C3D4L"}});
        let doc = json!({"operator": operator, "service_items": [item],
            "build_mode": {"contracts": [{"vendor": "杭州某信息技术有限公司", "uscc": "91330106MA2H8Q6X1R"}]}});
        assert!(run(&doc).holds());
        let doc = json!({"operator": operator, "service_items": [item],
            "build_mode": {"contracts": [{"vendor": "杭州某信息技术有限公司", "uscc": "12330100MB1A2C3D4L"}]}});
        let o = run(&doc);
        assert!(!o.holds());
        assert!(o.gaps[0].found.en.contains("杭州市知识产权保护中心"), "{:?}", o.gaps);
        assert_eq!(o.gaps[0].pointer, "/build_mode/contracts/0/uscc");
    }

    #[test]
    fn the_same_body_twice_is_no_contradiction() {
        let doc = json!({"build_mode": {"contracts": [{"vendor": "某科技有限公司", "uscc": "91330106MA2H8Q6X1R"},
            {"vendor": "某科技有限公司", "uscc": "91330106MA2H8Q6X1R"}]}});
        assert!(run(&doc).holds());
        assert_eq!(run(&json!({"build_mode": {"contracts": [{"vendor": "x"}]}})).total, 0);
    }
}
