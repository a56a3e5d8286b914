//! Walking the platform's JSON Schema by pointer: whether a field exists (from a set of every
//! field path, built once), and which fields a mapping allows (for "did you mean" hints). `$ref` and the `anyOf [T, null]` of optional fields
//! are followed.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::Value;

use crate::pointer::{escape_token, unescape_token};

/// Every field path of the platform description, list items written `*`, with the name of the
/// definition the field's schema refers to (`Url`, `Uscc`, `Date`…), if any.
static PLATFORM_FIELDS: LazyLock<Vec<(String, Option<String>)>> = LazyLock::new(|| {
    let schema = crate::model::platform_schema();
    let mut out = Vec::new();
    collect(schema, schema, String::new(), 0, &mut out);
    out
});

static PLATFORM_FIELD_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| PLATFORM_FIELDS.iter().map(|(p, _)| p.as_str()).collect());

/// The fields of the platform description whose type is a definition of the schema, e.g. every
/// `Url` or `Uscc` field, as pointers with `*` for list items.
pub fn platform_fields_of_type(definition: &str) -> Vec<&'static str> {
    PLATFORM_FIELDS.iter().filter(|(_, d)| d.as_deref() == Some(definition)).map(|(p, _)| p.as_str()).collect()
}

/// Every field path of the platform description, as pointers with `*` for list items.
pub fn platform_field_paths() -> impl Iterator<Item = &'static str> {
    PLATFORM_FIELDS.iter().map(|(p, _)| p.as_str())
}

/// Whether a pointer (with `*` or an index for list items) names a field of the platform
/// description.
pub fn is_platform_field(pointer: &str) -> bool {
    let normal: Vec<String> =
        pointer.split('/').map(|t| if t.parse::<usize>().is_ok() { "*".to_owned() } else { t.to_owned() }).collect();
    PLATFORM_FIELD_SET.contains(normal.join("/").as_str())
}

fn collect(root: &Value, node: &Value, path: String, depth: usize, out: &mut Vec<(String, Option<String>)>) {
    // Recursive types would nest forever; the platform description is far shallower than this.
    if depth > 24 {
        return;
    }
    let definition = referenced_definition(node);
    let node = resolve_ref(root, node);
    out.push((path.clone(), definition));
    if let Some(items) = node.get("items") {
        collect(root, items, format!("{path}/*"), depth + 1, out);
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        // `*` over a mapping selects every value of it (e.g. `/staffing/background/*`).
        out.push((format!("{path}/*"), None));
        for (key, child) in properties {
            collect(root, child, format!("{path}/{}", escape_token(key)), depth + 1, out);
        }
    }
}

/// The definition a field's schema refers to, through the `anyOf [T, null]` of optional fields.
fn referenced_definition(node: &Value) -> Option<String> {
    let direct = node.get("$ref").and_then(Value::as_str);
    let optional = || node.get("anyOf")?.as_array()?.iter().find_map(|b| b.get("$ref").and_then(Value::as_str));
    direct.or_else(optional).and_then(|r| r.rsplit('/').next()).map(str::to_owned)
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
            // The generated schema refers to its definitions only: look them up directly.
            let target = match r.strip_prefix("#/$defs/") {
                Some(name) => root.get("$defs").and_then(|d| d.get(name)),
                None => r.strip_prefix('#').and_then(|p| root.pointer(p)),
            };
            match target {
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
        assert!(platform_fields_of_type("Uscc").contains(&"/operator/uscc"));
        assert!(platform_fields_of_type("Url").contains(&"/service_items/*/forms/*/url"));
        assert!(properties(schema, "/staffing").contains(&"full_time".to_owned()));
    }
}
