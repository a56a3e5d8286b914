//! Walking the platform's JSON Schema by pointer: whether a field exists, and which fields a
//! mapping allows (for "did you mean" hints). `$ref` and the `anyOf [T, null]` of optional fields
//! are followed.

use serde_json::Value;

use crate::pointer::unescape_token;

/// Whether a JSON Pointer (with `*` for list items) names a field of the schema.
pub fn has_path(schema: &Value, pointer: &str) -> bool {
    let mut node = schema;
    for token in pointer.split('/').skip(1) {
        node = resolve_ref(schema, node);
        let token = unescape_token(token);
        let next = if token == "*" || token.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(&token))
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    true
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
        assert!(has_path(schema, "/service_items/*/time_limit/promised_wd"));
        assert!(has_path(schema, "/staffing/full_time"));
        assert!(!has_path(schema, "/staffing/fulltime"));
        assert!(properties(schema, "/staffing").contains(&"full_time".to_owned()));
    }
}
