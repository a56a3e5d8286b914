//! Rule-pack parameters: `{$param: name}` references in checks, replaced by their values when the
//! pack compiles, and `--param name=value` overrides.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::format::{Param, ParamKind};

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

/// The range a parameter's numbers must lie in, from its kind and its `min`/`max`; None when the
/// pack declares none.
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub whole: bool,
}

/// The declared range of a parameter.
pub fn range(param: &Param) -> Option<Range> {
    let (min, max, whole) = match param.kind {
        Some(ParamKind::Percent) => (Some(0.0), Some(100.0), false),
        Some(ParamKind::Count) => (Some(0.0), None, true),
        Some(ParamKind::Measure) => (Some(0.0), None, false),
        None if param.min.is_none() && param.max.is_none() => return None,
        None => (None, None, false),
    };
    let narrower = |a: Option<f64>, b: Option<f64>, pick: fn(f64, f64) -> f64| match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y)),
        (x, y) => x.or(y),
    };
    Some(Range { min: narrower(min, param.min, f64::max), max: narrower(max, param.max, f64::min), whole })
}

impl Range {
    /// "a whole number from 0 upward", "a number from 0 to 100".
    pub fn describe(&self, unit: Option<&str>) -> String {
        let what = if self.whole { "a whole number" } else { "a number" };
        let n = number;
        let bounds = match (self.min, self.max) {
            (Some(a), Some(b)) => format!("from {} to {}", n(a), n(b)),
            (Some(a), None) => format!("from {} upward", n(a)),
            (None, Some(b)) => format!("up to {}", n(b)),
            (None, None) => String::new(),
        };
        let unit = unit.filter(|u| !u.is_empty()).map_or(String::new(), |u| format!(" ({u})"));
        format!("{what} {bounds}{unit}").trim_end().to_owned()
    }

    fn holds(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m) && (!self.whole || x.fract() == 0.0)
    }
}

/// A number as written in a pack: `100`, not `100.0`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { x.to_string() }
}

/// Every number in a value (a keyed parameter's cases and default, a list's items, a mapping's
/// values), with no regard to strings.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
        _ => {}
    }
}

/// Whether a value holds numbers, so that its parameter needs a range (`rules lint`).
pub fn is_numeric(v: &Value) -> bool {
    let mut found = Vec::new();
    numbers(v, &mut found);
    !found.is_empty()
}

/// Checks a value against its parameter's range: "`min_site_area_m2` takes a number from 0
/// upward (m²), got -1".
pub fn check_range(name: &str, param: &Param, value: &Value) -> Result<(), String> {
    let Some(range) = range(param) else { return Ok(()) };
    let mut found = Vec::new();
    numbers(value, &mut found);
    match found.into_iter().find(|x| !range.holds(*x)) {
        None => Ok(()),
        Some(bad) => Err(format!("`{name}` takes {}, got {}", range.describe(param.unit.as_deref()), number(bad))),
    }
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
        let p = |value: Value| Param {
            value,
            description: Text::default(),
            provenance: String::new(),
            unit: None,
            kind: None,
            min: None,
            max: None,
        };
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
    fn ranges_come_from_the_kind_and_narrow_with_min_and_max() {
        let p = |kind, min, max, unit: Option<&str>| Param {
            value: json!(1),
            description: Text::default(),
            provenance: String::new(),
            unit: unit.map(str::to_owned),
            kind,
            min,
            max,
        };
        let area = p(Some(ParamKind::Measure), None, None, Some("m²"));
        assert_eq!(
            check_range("min_site_area_m2", &area, &json!(-1)).unwrap_err(),
            "`min_site_area_m2` takes a number from 0 upward (m²), got -1"
        );
        assert!(check_range("a", &area, &json!(80.5)).is_ok());
        let pct = p(Some(ParamKind::Percent), None, None, Some("%"));
        assert_eq!(check_range("p", &pct, &json!(150)).unwrap_err(), "`p` takes a number from 0 to 100 (%), got 150");
        let level = p(Some(ParamKind::Count), Some(1.0), Some(5.0), None);
        assert_eq!(check_range("l", &level, &json!(2.5)).unwrap_err(), "`l` takes a whole number from 1 to 5, got 2.5");
        let keyed = json!({"by": "/platform/level", "cases": {"municipal": 5, "district": -2}});
        assert!(check_range("staff", &p(Some(ParamKind::Count), None, None, None), &keyed).is_err());
        assert!(check_range("free", &p(None, None, None, None), &json!(-5)).is_ok(), "no range declared");
        assert!(is_numeric(&json!([{"grade": "优秀", "min": 90}])) && !is_numeric(&json!(["daily"])));
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = substitute(&json!({"$param": "nope"}), &params(), &BTreeMap::new(), &[]).unwrap_err();
        assert!(e.contains("nope"), "{e}");
    }
}
