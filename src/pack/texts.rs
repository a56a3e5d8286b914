//! Rule texts that name a parameter: `$name` in a rule's `expect`, `remediation` or `manual` is
//! replaced, when the pack compiles, by the parameter's current value, unit and name — so a
//! finding reads "不少于 10 年（参数 min_records_retention_years）" and follows `--param`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use indexmap::IndexMap;
use regex::Regex;
use serde_json::Value;

use super::format::Param;
use super::params::{keyed, reference};
use crate::text::Text;
use crate::values::{ParamSaid, param_said};

/// `$name`: a parameter named in a rule text.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$([a-z][a-z0-9_]*)").expect("a valid pattern"));

/// A parameter as messages say it. A keyed parameter whose case is not fixed (a remediation,
/// written for every platform) lists its cases: "按 platform.level：municipal 5 人、district 2 人".
pub fn said(name: &str, params: &IndexMap<String, Param>, fixed: &BTreeMap<String, Value>) -> Option<ParamSaid> {
    let p = params.get(name)?;
    let unit = p.unit.as_deref();
    if let Some(value) = fixed.get(name) {
        return Some(param_said(name, value, unit));
    }
    let Some(k) = keyed(p) else { return Some(param_said(name, &p.value, unit)) };
    let by = crate::platform::field(k.by);
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    let cases = k.cases.iter().map(|(case, v)| (Text::same(case), *v));
    for (case, v) in cases.chain(k.default.map(|d| (Text::new("其他", "otherwise"), d))) {
        let s = param_said(name, v, unit);
        zh.push(format!("{} {}", case.zh, s.value.zh));
        en.push(format!("{} {}", case.en, s.value.en));
    }
    Some(ParamSaid {
        value: Text::new(format!("按 {by}：{}", zh.join("、")), format!("by {by}: {}", en.join(", "))),
        unit: Text::default(),
        name: Text::new(format!("（参数 {name}）"), format!(" (parameter {name})")),
    })
}

/// The parameters a text names (`$name`), in order.
pub fn named(text: &Text) -> Vec<String> {
    [&text.zh, &text.en].into_iter().flat_map(|s| PLACEHOLDER.captures_iter(s).map(|c| c[1].to_owned())).collect()
}

/// The text with every `$name` said; the error lists names the pack has no parameter for.
pub fn fill(
    text: &Text,
    params: &IndexMap<String, Param>,
    fixed: &BTreeMap<String, Value>,
) -> Result<Text, Vec<String>> {
    let unknown: Vec<String> = named(text).into_iter().filter(|n| !params.contains_key(n)).collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if !text.zh.contains('$') && !text.en.contains('$') {
        return Ok(text.clone());
    }
    let one = |s: &str, zh: bool| {
        PLACEHOLDER
            .replace_all(s, |c: &regex::Captures| {
                let Some(said) = said(&c[1], params, fixed) else { return String::new() };
                // Inside parentheses already: `(within 365 days; parameter x)`, not `(… (parameter x))`.
                let end = c.get(0).map_or(0, |m| m.end());
                let closes = s[end..].starts_with([')', '）']);
                match (zh, closes) {
                    (true, true) => format!("{}；参数 {}", said.value.zh, &c[1]),
                    (false, true) => format!("{}; parameter {}", said.value.en, &c[1]),
                    (true, false) => said.phrase().zh,
                    (false, false) => said.phrase().en,
                }
            })
            .into_owned()
    };
    Ok(Text::new(one(&text.zh, true), one(&text.en, false)))
}

/// Where a test's options take a parameter (`{$param: name}`), as JSON Pointers into the options,
/// each with how the parameter is said — so a test that reports a limit can name it.
pub fn placed(
    options: &Value,
    params: &IndexMap<String, Param>,
    fixed: &BTreeMap<String, Value>,
) -> Vec<(String, ParamSaid)> {
    fn walk(
        v: &Value,
        at: &mut String,
        params: &IndexMap<String, Param>,
        fixed: &BTreeMap<String, Value>,
        out: &mut Vec<(String, ParamSaid)>,
    ) {
        if let Some(s) = reference(v).and_then(|name| said(name, params, fixed)) {
            out.push((at.clone(), s));
            return;
        }
        let len = at.len();
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    at.push('/');
                    at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(x, at, params, fixed, out);
                    at.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    at.push_str(&format!("/{i}"));
                    walk(x, at, params, fixed, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(options, &mut String::new(), params, fixed, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params() -> IndexMap<String, Param> {
        let p = |value: Value, unit: Option<&str>| Param {
            value,
            description: Text::default(),
            provenance: String::new(),
            unit: unit.map(str::to_owned),
            kind: None,
            min: None,
            max: None,
        };
        IndexMap::from([
            ("years".to_owned(), p(json!(10), Some("年"))),
            (
                "staff".to_owned(),
                p(json!({"by": "/platform/level", "cases": {"municipal": 5}, "default": 1}), Some("人")),
            ),
        ])
    }

    #[test]
    fn placeholders_are_said_in_both_languages() {
        let t = Text::new("保存不少于 $years", "kept at least $years");
        let filled = fill(&t, &params(), &BTreeMap::new()).unwrap();
        assert_eq!(filled, Text::new("保存不少于 10 年（参数 years）", "kept at least 10 years (parameter years)"));
        let t = Text::new("配足 $staff", "staff to $staff");
        let open = fill(&t, &params(), &BTreeMap::new()).unwrap();
        assert_eq!(open.zh, "配足 按 platform.level：municipal 5 人、其他 1 人（参数 staff）");
        assert_eq!(open.en, "staff to by platform.level: municipal 5 people, otherwise 1 people (parameter staff)");
        let fixed = BTreeMap::from([("staff".to_owned(), json!(5))]);
        assert_eq!(fill(&t, &params(), &fixed).unwrap().zh, "配足 5 人（参数 staff）");
        assert_eq!(
            fill(&Text::same("$nope and $years"), &params(), &fixed),
            Err(vec!["nope".to_owned(), "nope".to_owned()])
        );
        assert_eq!(fill(&Text::same("US$ 5"), &params(), &fixed).unwrap(), Text::same("US$ 5"));
        // Inside parentheses the name follows the value, not a second pair of parentheses.
        let t = Text::new("记录日期（不超过 $years）", "record the date (within $years)");
        let inside = fill(&t, &params(), &BTreeMap::new()).unwrap();
        assert_eq!(
            inside,
            Text::new("记录日期（不超过 10 年；参数 years）", "record the date (within 10 years; parameter years)")
        );
    }

    #[test]
    fn parameters_in_options_are_found_where_they_are() {
        let options =
            json!({"type": "number", "minimum": {"$param": "years"}, "items": [{"maxItems": {"$param": "years"}}]});
        let found = placed(&options, &params(), &BTreeMap::new());
        let at: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(at, ["/minimum", "/items/0/maxItems"]);
        assert_eq!(found[0].1.suffix().zh, " 年（参数 years）");
    }

    /// A text that names a parameter bare ("at least min_site_area_m2") shows the reader a name
    /// where a value should be: every mention is `$name`, or says it is a parameter.
    #[test]
    fn rule_texts_say_parameters_rather_than_name_them() {
        fn expects<'a>(c: &'a super::super::format::Check, out: &mut Vec<&'a Text>) {
            out.extend(c.expect.iter());
            for list in [&c.all, &c.any].into_iter().flatten() {
                list.iter().for_each(|c| expects(c, out));
            }
        }
        let pack = crate::pack::Pack::embedded().unwrap();
        let names: Vec<&String> = pack.manifest.params.keys().collect();
        let mut bare = Vec::new();
        for rule in &pack.rules {
            let mut texts: Vec<&Text> = vec![&rule.title, &rule.text, &rule.remediation];
            texts.extend(rule.manual.iter().chain(rule.informative.iter()));
            texts.extend(rule.applies_when.iter().map(|a| &a.otherwise));
            rule.check.iter().for_each(|c| expects(c, &mut texts));
            for s in texts.iter().flat_map(|t| [&t.zh, &t.en]) {
                for name in &names {
                    let said = |i: usize| {
                        let before = &s[..i];
                        before.ends_with('$') || before.ends_with("参数 ") || before.ends_with("parameter ")
                    };
                    if s.match_indices(name.as_str()).any(|(i, _)| !said(i)) {
                        bare.push(format!("{}: {name} in {s:?}", rule.id));
                    }
                }
            }
        }
        assert!(bare.is_empty(), "write `${{name}}` for the value:\n{}", bare.join("\n"));
    }
}
