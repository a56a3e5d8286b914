//! Rule-pack parameters: `{$param: name}` references in checks, replaced by their values when the
//! pack compiles, and `--param name=value` overrides.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::format::Param;

/// A parameter keyed by a field of the platform (`{by: /pointer, cases: {…}, default: …}`).
pub struct KeyedParam<'a> {
    pub by: &'a str,
    pub cases: Vec<(String, &'a Value)>,
    pub default: Option<&'a Value>,
}

/// The keyed form of a parameter, when it is keyed.
pub fn keyed(param: &Param) -> Option<KeyedParam<'_>> {
    let Value::Object(o) = &param.value else { return None };
    let by = o.get("by")?.as_str()?;
    let cases = o
        .get("cases")
        .and_then(Value::as_object)
        .map(|c| c.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default();
    Some(KeyedParam { by, cases, default: o.get("default").filter(|d| !d.is_null()) })
}

/// Names of every `{$param: name}` inside a value, in order of appearance.
pub fn referenced(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(name) = reference(v) {
                out.push(name.to_owned());
                return;
            }
            o.values().for_each(|x| referenced(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| referenced(x, out)),
        _ => {}
    }
}

/// The parameter a value refers to, when it is exactly `{$param: name}`.
pub(super) fn reference(v: &Value) -> Option<&str> {
    match v {
        Value::Object(o) if o.len() == 1 => o.get("$param")?.as_str(),
        _ => None,
    }
}

/// Replaces every parameter reference by its value. Keyed parameters take the value chosen in
/// `fixed`. Under the keys in `named` (operands), a reference becomes `{value, param}` so that
/// messages can name the parameter. Fails on an unknown or unresolved parameter.
pub fn substitute(
    v: &Value,
    params: &IndexMap<String, Param>,
    fixed: &BTreeMap<String, Value>,
    named: &[&str],
) -> Result<Value, String> {
    fn walk(
        v: &Value,
        params: &IndexMap<String, Param>,
        fixed: &BTreeMap<String, Value>,
        named: &[&str],
        keep_name: bool,
    ) -> Result<Value, String> {
        if let Some(name) = reference(v) {
            let value = match (fixed.get(name), params.get(name)) {
                (Some(chosen), _) => chosen.clone(),
                (None, Some(p)) if keyed(p).is_none() => p.value.clone(),
                (None, Some(_)) => return Err(format!("keyed parameter `{name}` was not resolved")),
                (None, None) => return Err(format!("unknown parameter `{name}`")),
            };
            return Ok(if keep_name { json!({ "value": value, "param": name }) } else { value });
        }
        match v {
            Value::Object(o) => {
                let mut out = serde_json::Map::new();
                for (k, x) in o {
                    out.insert(k.clone(), walk(x, params, fixed, named, named.contains(&k.as_str()))?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => a.iter().map(|x| walk(x, params, fixed, named, false)).collect(),
            other => Ok(other.clone()),
        }
    }
    walk(v, params, fixed, named, false)
}

/// The kind of a parameter value, for messages about `--param`.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Bool(_) => "boolean",
        Value::Object(o) if o.contains_key("by") => "keyed",
        Value::Object(_) => "mapping",
        Value::Null => "null",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn params() -> IndexMap<String, Param> {
        let p = |value: Value| Param { value, description: Text::default(), provenance: String::new(), unit: None };
        IndexMap::from([
            ("min".to_owned(), p(json!(5))),
            ("staff".to_owned(), p(json!({"by": "/platform/level", "cases": {"municipal": 5}, "default": 1}))),
        ])
    }

    #[test]
    fn references_are_replaced_and_operands_keep_their_name() {
        let v = json!({"left": "a", "right": {"$param": "min"}, "schema": {"minimum": {"$param": "min"}}});
        let out = substitute(&v, &params(), &BTreeMap::new(), &["left", "right"]).unwrap();
        assert_eq!(out["right"], json!({"value": 5, "param": "min"}));
        assert_eq!(out["schema"]["minimum"], json!(5));
    }

    #[test]
    fn keyed_parameters_need_a_chosen_case() {
        let v = json!({"minimum": {"$param": "staff"}});
        assert!(substitute(&v, &params(), &BTreeMap::new(), &[]).is_err());
        let fixed = BTreeMap::from([("staff".to_owned(), json!(5))]);
        assert_eq!(substitute(&v, &params(), &fixed, &[]).unwrap(), json!({"minimum": 5}));
        let params = params();
        let k = keyed(&params["staff"]).unwrap();
        assert_eq!((k.by, k.cases.len(), k.default), ("/platform/level", 1, Some(&json!(1))));
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = substitute(&json!({"$param": "nope"}), &params(), &BTreeMap::new(), &[]).unwrap_err();
        assert!(e.contains("nope"), "{e}");
    }
}
