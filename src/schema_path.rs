//! Walking the platform's JSON Schema by pointer: whether a field exists (from a set of every
//! field path, built once), and which fields a mapping allows (for "did you mean" hints). `$ref` and the `anyOf [T, null]` of optional fields
//! are followed.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::Value;

use crate::pointer::{escape_token, unescape_token};

/// Every field path of the platform description, list items written `*`.
static PLATFORM_FIELDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let schema = crate::model::platform_schema();
    let mut out = HashSet::new();
    collect(schema, schema, String::new(), 0, &mut out);
    out
});

/// Whether a pointer (with `*` or an index for list items) names a field of the platform
/// description.
pub fn is_platform_field(pointer: &str) -> bool {
    let normal: Vec<String> =
        pointer.split('/').map(|t| if t.parse::<usize>().is_ok() { "*".to_owned() } else { t.to_owned() }).collect();
    PLATFORM_FIELDS.contains(&normal.join("/"))
}

fn collect(root: &Value, node: &Value, path: String, depth: usize, out: &mut HashSet<String>) {
    // Recursive types would nest forever; the platform description is far shallower than this.
    if depth > 24 {
        return;
    }
    let node = resolve_ref(root, node);
    out.insert(path.clone());
    if let Some(items) = node.get("items") {
        collect(root, items, format!("{path}/*"), depth + 1, out);
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (key, child) in properties {
            collect(root, child, format!("{path}/{}", escape_token(key)), depth + 1, out);
        }
    }
}

/// The allowed property names of the mapping at a pointer.
pub fn properties(schema: &Value, pointer: &str) -> Vec<String> {
    let mut node = resolve_ref(schema, schema);
    for token in pointer.split('/').skip(1) {
        let next = if token.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(unescape_token(token)))
        };
        match next {
            Some(n) => node = resolve_ref(schema, n),
            None => return Vec::new(),
        }
    }
    node.get("properties").and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Follows `$ref` and the `anyOf: [T, null]` that optional fields produce.
fn resolve_ref<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(branches) = node.get("anyOf").and_then(Value::as_array) {
            match branches.iter().find(|b| b.get("type").and_then(Value::as_str) != Some("null")) {
                Some(b) => node = b,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_refs_and_lists() {
        let schema = crate::model::platform_schema();
        for p in ["/service_items/*/time_limit/promised/unit", "/service_items/3/name", "/staffing/full_time", ""] {
            assert!(is_platform_field(p), "{p}");
        }
        assert!(!is_platform_field("/staffing/fulltime"));
        assert!(properties(schema, "/staffing").contains(&"full_time".to_owned()));
    }
}
