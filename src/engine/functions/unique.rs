//! `unique`: no two selected nodes share a value (of a field of theirs, or themselves).

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CompileCx, TestFunction, at};
use crate::engine::{Cx, Gap, Outcome, missing};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::shown;

/// `unique` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueOptions {
    /// Relative pointer of the field compared; the node itself when absent.
    pub field: Option<String>,
}

/// A compiled uniqueness test.
#[derive(Debug)]
pub struct Unique {
    field: Option<Pointer>,
}

impl TestFunction for Unique {
    const NAME: &'static str = "unique";
    type Options = UniqueOptions;

    fn compile(o: UniqueOptions, _: &CompileCx) -> Result<Unique, String> {
        Ok(Unique { field: o.field.as_deref().map(Pointer::relative) })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        // Values compared by their JSON text: a set keeps this linear in the number of items.
        let mut seen: HashSet<String> = HashSet::new();
        for node in nodes {
            let v = at(node.value, self.field.as_ref());
            let ok = v.is_some_and(|v| seen.insert(v.to_string()));
            out.add(Outcome::node(&node.pointer, ok, || Gap {
                pointer: match &self.field {
                    Some(f) => join(&node.pointer, f.as_str().trim_start_matches('/')),
                    None => node.pointer.clone(),
                },
                expected: cx.expected(|| Text::new("取值唯一且已填写", "present and unique")),
                found: match v {
                    Some(v) => Text::new(format!("{} 重复", shown(v)), format!("{} is a duplicate", shown(v))),
                    None => missing(),
                },
            }));
        }
        out
    }
}
