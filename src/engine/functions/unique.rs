//! `unique`: no two selected nodes share a value (of a field of theirs, of several fields taken
//! together, or themselves) — optionally compared folded for width, case, spaces and punctuation,
//! so that the same service written twice with a full-width bracket is still the same.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction, at};
use crate::engine::{Cx, Gap, Outcome, missing};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::similar::fold;
use crate::values::shown;

/// `unique` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueOptions {
    /// Relative pointer of the field compared; the node itself when absent.
    pub field: Option<String>,
    /// Several fields compared together (e.g. an item's name and its implementing body's name);
    /// a missing one counts as empty. Instead of `field`.
    pub fields: Option<Vec<String>>,
    /// Compare strings folded for width, case, spaces and punctuation.
    #[serde(default)]
    pub normalize: bool,
}

/// A compiled uniqueness test.
#[derive(Debug)]
pub struct Unique {
    field: Option<Pointer>,
    fields: Vec<Pointer>,
    normalize: bool,
}

impl TestFunction for Unique {
    const NAME: &'static str = "unique";
    type Options = UniqueOptions;

    fn compile(o: UniqueOptions, _: &CompileCx) -> Result<Unique, String> {
        let fields: Vec<Pointer> = o.fields.unwrap_or_default().iter().map(|f| Pointer::relative(f)).collect();
        if o.field.is_some() && !fields.is_empty() {
            return Err("give `field` or `fields`, not both".into());
        }
        Ok(Unique { field: o.field.as_deref().map(Pointer::relative), fields, normalize: o.normalize })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        // Values compared by their JSON text: a set keeps this linear in the number of items.
        let mut seen: HashSet<String> = HashSet::new();
        for node in nodes {
            let v = self.key(node.value);
            let ok = v.as_ref().is_some_and(|v| seen.insert(self.folded(v).to_string()));
            out.add(Outcome::node(&node.pointer, ok, || Gap {
                pointer: match (&self.field, self.fields.first()) {
                    (Some(f), _) | (None, Some(f)) => join(&node.pointer, f.as_str().trim_start_matches('/')),
                    (None, None) => node.pointer.clone(),
                },
                expected: cx.expected(|| Text::new("取值唯一且已填写", "present and unique")),
                found: match &v {
                    Some(v) => Text::new(format!("{} 重复", self.shown(v)), format!("{} is a duplicate", self.shown(v))),
                    None => missing(),
                },
            }));
        }
        out
    }
}

impl Unique {
    /// The value compared: the field, the node, or the fields together (a list).
    fn key(&self, node: Option<&Value>) -> Option<Value> {
        if self.fields.is_empty() {
            return at(node, self.field.as_ref()).cloned();
        }
        let node = node?;
        Some(Value::Array(
            self.fields.iter().map(|f| f.get(node).cloned().unwrap_or(Value::String(String::new()))).collect(),
        ))
    }

    fn folded(&self, v: &Value) -> Value {
        match v {
            Value::String(s) if self.normalize => Value::String(fold(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.folded(x)).collect()),
            other => other.clone(),
        }
    }

    fn shown(&self, v: &Value) -> String {
        match v {
            Value::Array(a) if !self.fields.is_empty() => a.iter().map(shown).collect::<Vec<_>>().join(" · "),
            other => shown(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(o: UniqueOptions, doc: &Value) -> Outcome {
        let t = Unique::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = Pointer::parse("/service_items/*").unwrap().select(doc);
        t.evaluate(&nodes, &Cx { root: doc, as_of: 0, expect: None })
    }

    #[test]
    fn the_same_service_under_two_codes_is_a_duplicate() {
        let by_name_and_body = || UniqueOptions {
            field: None,
            fields: Some(vec!["name".into(), "implementing_body/name".into()]),
            normalize: true,
        };
        let doc = json!({"service_items": [
            {"name": "专利权质押登记", "code": "A-001", "implementing_body": {"name": "市知识产权保护中心"}},
            {"name": "专利权质押登记 ", "code": "A-002", "implementing_body": {"name": "市知识产权保护中心"}}]});
        let o = run(by_name_and_body(), &doc);
        assert_eq!((o.passed, o.total), (1, 2));
        assert_eq!(o.gaps[0].pointer, "/service_items/1/name");
        assert!(o.gaps[0].found.zh.contains("· 市知识产权保护中心 重复"), "{:?}", o.gaps);
        // The same name at two bodies is two services.
        let doc = json!({"service_items": [
            {"name": "专利权质押登记", "implementing_body": {"name": "市知识产权保护中心"}},
            {"name": "专利权质押登记", "implementing_body": {"name": "区知识产权服务中心"}}]});
        assert!(run(by_name_and_body(), &doc).holds());
        // Unfolded, a trailing space makes a different value.
        let doc = json!({"service_items": [{"code": "A-001"}, {"code": "A-001 "}]});
        assert!(run(UniqueOptions { field: Some("code".into()), fields: None, normalize: false }, &doc).holds());
    }
}
