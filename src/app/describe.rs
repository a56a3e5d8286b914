//! A rule's check in words, for people (`rules show`): the tree of `all`/`any`, each test on the
//! fields it selects, and the parameters with their values. It reads rules only through their
//! public fields, so that it follows the rule types wherever they go.

use indexmap::IndexMap;
use serde_json::Value;

use crate::pack::{Check, IfMissing, Param, Quantifier};
use crate::platform::field;
use crate::text::Lang;

/// Describes checks in one language, with parameter values taken from `params`.
pub struct Describer<'a> {
    pub params: &'a IndexMap<String, Param>,
    pub lang: Lang,
}

impl Describer<'_> {
    fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        crate::report::labels::t(self.lang, zh, en)
    }

    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// The check as indented lines, one per test or group, with its filters below it.
    pub fn check(&self, check: &Check) -> Vec<String> {
        let mut lines = Vec::new();
        self.walk(check, 0, &mut lines);
        lines
    }

    fn walk(&self, check: &Check, depth: usize, out: &mut Vec<String>) {
        let indent = "  ".repeat(depth);
        let groups =
            [(&check.all, self.t("以下全部满足：", "all of:")), (&check.any, self.t("以下满足其一：", "one of:"))];
        for (list, head) in groups {
            if let Some(list) = list {
                out.push(format!("{indent}- {head}"));
                for c in list {
                    self.walk(c, depth + 1, out);
                }
                return;
            }
        }
        let Some(given) = &check.given else { return };
        out.push(format!("{indent}- {}", self.leaf(check, given)));
        let more = format!("{indent}  ");
        if let Some(filter) = &check.filter {
            out.push(format!("{more}{} {}", self.t("仅计：", "only those where:"), self.schema(filter)));
        }
        if let Some(key) = &check.latest_by {
            out.push(format!(
                "{more}{}",
                self.t_fmt(format!("仅取 `{key}` 最新的一项"), format!("only the latest by `{key}`"))
            ));
        }
        if let Some(n) = &check.at_least {
            let n = self.value(n);
            out.push(format!(
                "{more}{}",
                self.t_fmt(
                    format!("至少 {n} 项，每少一项计一个不满足的单元"),
                    format!("at least {n} of them; each one short counts as a unit not met")
                )
            ));
        }
        if check.if_missing == IfMissing::NotApplicable {
            out.push(format!(
                "{more}{}",
                self.t("若无此项：本条不适用", "if there is none: the clause does not apply")
            ));
        }
        if check.credit == crate::pack::Credit::Failures {
            out.push(format!(
                "{more}{}",
                self.t(
                    "仅在发现矛盾时计分（不一致处各扣一项）",
                    "counts only when it fails: each contradiction costs a unit"
                )
            ));
        }
        if let Some(expect) = &check.expect {
            let said = crate::pack::texts::fill(expect, self.params, &Default::default());
            let expect = said.as_ref().unwrap_or(expect);
            out.push(format!("{more}{} {}", self.t("报告写作：", "reported as:"), expect.get(self.lang)));
        }
    }

    fn t_fmt(&self, zh: String, en: String) -> String {
        if self.zh() { zh } else { en }
    }

    /// The tests on the nodes `given` selects (a rule has one; each is described if there are more).
    fn leaf(&self, check: &Check, given: &str) -> String {
        let place = field(given);
        let each = given.split('/').any(|t| t == "*");
        let subject = match (each, check.quantifier) {
            (true, Quantifier::All) => self.t_fmt(format!("每个 `{place}`"), format!("every `{place}`")),
            (true, Quantifier::Any) => self.t_fmt(format!("至少一个 `{place}`"), format!("at least one `{place}`")),
            (false, _) => format!("`{place}`"),
        };
        if check.tests.is_empty() {
            return format!("{subject}: {}", self.t("（无测试）", "(no test)"));
        }
        let tests: Vec<String> =
            check.tests.iter().map(|(name, options)| self.test(name, options, &place, &subject)).collect();
        tests.join(self.t("；", "; "))
    }

    /// One test function and its options, by the name a rule file gives it.
    fn test(&self, name: &str, o: &Value, place: &str, subject: &str) -> String {
        let opt = |key: &str| o.get(key).filter(|v| !v.is_null());
        let of =
            opt("field").and_then(Value::as_str).map(|f| format!(" `{}`", f.replace('/', "."))).unwrap_or_default();
        match name {
            "schema" => format!("{subject}: {}", self.schema(o)),
            "compare" => {
                let op = match opt("op").and_then(Value::as_str).unwrap_or_default() {
                    "lt" => "<",
                    "le" => "≤",
                    "eq" => "=",
                    "ne" => "≠",
                    "ge" => "≥",
                    "gt" => ">",
                    other => other,
                };
                let side = |k: &str| opt(k).map(|v| self.operand(v)).unwrap_or_default();
                format!("{subject}: {} {op} {}", side("left"), side("right"))
            }
            "covers" => {
                let values = opt("values").map(|v| self.value(v)).unwrap_or_default();
                let contains = opt("match").and_then(Value::as_str) == Some("contains");
                let how = match (opt("min"), self.zh()) {
                    (Some(min), true) => format!("至少 {} 项", self.value(min)),
                    (Some(min), false) => format!("at least {} of", self.value(min)),
                    (None, true) => "全部".into(),
                    (None, false) => "all of".into(),
                };
                match (self.zh(), contains) {
                    (true, false) => format!("`{place}`{of} 的取值包含 {values} 中{how}（每项计分）"),
                    (true, true) => format!("`{place}`{of} 的文字包含 {values} 中{how}（作为其中一部分，每项计分）"),
                    (false, false) => format!("the values of{of} `{place}` include {how} {values} (credit per value)"),
                    (false, true) => {
                        format!("the texts of{of} `{place}` contain {how} {values} as part of them (credit per value)")
                    }
                }
            }
            "unique" => {
                let of = match opt("fields").and_then(Value::as_array) {
                    Some(fields) => {
                        let names: Vec<String> =
                            fields.iter().filter_map(Value::as_str).map(|f| format!("`{}`", f.replace('/', "."))).collect();
                        format!(" {}", names.join(" + "))
                    }
                    None => of,
                };
                let folded = if opt("normalize") == Some(&Value::Bool(true)) {
                    self.t("（忽略全半角、大小写、空格和标点）", " (ignoring width, case, spaces and punctuation)")
                } else {
                    ""
                };
                self.t_fmt(
                    format!("各 `{place}`{of} 填写且互不相同{folded}"),
                    format!("every `{place}`{of} is given and no two are the same{folded}"),
                )
            }
            "area_code" => self.t_fmt(
                format!("`{place}`{of} 中的固定电话，区号属于 `platform.region_code` 所在省（区号表 area_codes；全国性服务电话除外）"),
                format!("the landlines in `{place}`{of} have area codes of the province of `platform.region_code` (table area_codes; national service numbers excepted)"),
            ),
            "phones_differ" => self.t_fmt(
                format!("`{place}` 及咨询电话、热线不全是同一个号码"),
                format!("the numbers of `{place}`, the consultation phones and the hotline are not all one number"),
            ),
            "term_agrees" => self.t_fmt(
                format!("{subject}: 合同期限文字（日期、期限长度、“已到期”等）与 start、end 一致"),
                format!("{subject}: the term text (dates, length, “已到期”) agrees with start and end"),
            ),
            "annual_cost" => self.t_fmt(
                format!("在履行的 `{place}` 年均费用不超过年度预算的 {}%", opt("max_share_pct").map(|v| self.value(v)).unwrap_or_default()),
                format!(
                    "the yearly cost of the `{place}` in force is at most {}% of the annual budget",
                    opt("max_share_pct").map(|v| self.value(v)).unwrap_or_default()
                ),
            ),
            "agrees_with" => self.t_fmt(
                format!("{subject}: 名称所指的统计数据或调查结果与其实际值一致（kpi_figures）"),
                format!("{subject}: its actual value agrees with the statistic or survey result its name names (kpi_figures)"),
            ),
            "prefix_by" => self.t_fmt(
                format!("{subject}: 统一社会信用代码前两位与主体类型相符（GB 32100-2015）"),
                format!("{subject}: the first two characters of the USCC fit the type (GB 32100-2015)"),
            ),
            "one_body_per_code" => self.t_fmt(
                format!("{subject}: 其统一社会信用代码不是平台描述中其他主体的代码"),
                format!("{subject}: its USCC is no other body's in the description"),
            ),
            "age_days" => {
                let mut bounds = Vec::new();
                if let Some(max) = opt("max") {
                    bounds.push(self.t_fmt(
                        format!("不早于评估日期前 {} 天", self.value(max)),
                        format!("at most {} days before the assessment date", self.value(max)),
                    ));
                }
                match opt("min") {
                    Some(m) if m.as_f64() == Some(0.0) => {
                        bounds.push(self.t("不晚于评估日期", "not after it").to_owned())
                    }
                    Some(min) => bounds.push(self.t_fmt(
                        format!("早于评估日期至少 {} 天", self.value(min)),
                        format!("at least {} days before it", self.value(min)),
                    )),
                    None => {}
                }
                if bounds.is_empty() {
                    bounds.push(self.t("是有效日期", "a valid date").to_owned());
                }
                format!("{subject}{of}: {}", bounds.join(self.t("，", ", ")))
            }
            "sum" => {
                let mut bounds = Vec::new();
                if let Some(min) = opt("min") {
                    bounds.push(format!("≥ {}", self.value(min)));
                }
                if let Some(max) = opt("max") {
                    bounds.push(format!("≤ {}", self.value(max)));
                }
                for (key, zh, en) in [("equals", "=", "="), ("at_most", "≤", "≤")] {
                    if let Some(fields) = opt(key).and_then(Value::as_array) {
                        let names: Vec<String> =
                            fields.iter().filter_map(Value::as_str).map(|f| format!("`{}`", field(f))).collect();
                        bounds.push(format!("{} {}", if self.zh() { zh } else { en }, names.join(" + ")));
                    }
                }
                self.t_fmt(
                    format!("`{place}`{of} 的合计 {}", bounds.join("，")),
                    format!("the total of{of} over `{place}` is {}", bounds.join(" and ")),
                )
            }
            // A test function added after this was written: its name and options as written.
            other => format!("{subject}: {other} {o}"),
        }
    }

    /// A `compare` operand: a field below the node, a field of the document, a value or a parameter.
    fn operand(&self, spec: &Value) -> String {
        match spec {
            Value::String(p) if p.starts_with('/') => format!("`{}`", field(p)),
            Value::String(p) => format!("`{}`", p.replace('/', ".")),
            Value::Object(o) if o.len() == 1 && o.contains_key("value") => self.value(&o["value"]),
            other => self.value(other),
        }
    }

    /// A value in a check: plain values as written, `{$param: name}` as the name and its value.
    /// Long lists are cut; the parameter list shows them whole.
    pub fn value(&self, v: &Value) -> String {
        match v {
            Value::Object(o) if o.len() == 1 => match o.get("$param").and_then(Value::as_str) {
                Some(name) => format!("{name} ({})", self.param_value(name, false)),
                None => v.to_string(),
            },
            other => self.plain(other, false),
        }
    }

    fn plain(&self, v: &Value, whole: bool) -> String {
        const SHOWN: usize = 8;
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => {
                let cut = if whole { items.len() } else { SHOWN };
                let mut shown: Vec<String> = items.iter().take(cut).map(|i| self.plain(i, whole)).collect();
                if items.len() > cut {
                    shown
                        .push(self.t_fmt(format!("…（共 {} 项）", items.len()), format!("… ({} in all)", items.len())));
                }
                shown.join(self.t("、", ", "))
            }
            other => other.to_string(),
        }
    }

    /// A parameter's current value in words, with its unit: `= 5 人`, or `by platform.level: …`.
    /// `whole` shows long lists in full.
    pub fn param_value(&self, name: &str, whole: bool) -> String {
        let Some(param) = self.params.get(name) else {
            return self.t("未定义", "undefined").to_owned();
        };
        let unit = param.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let Some(keyed) = crate::pack::params::keyed(param) else {
            return format!("= {}{unit}", self.plain(&param.value, whole));
        };
        let mut cases: Vec<String> =
            keyed.cases.iter().map(|(k, v)| format!("{k} → {}{unit}", self.plain(v, whole))).collect();
        match keyed.default {
            Some(d) => cases.push(format!("{} → {}{unit}", self.t("其他", "otherwise"), self.plain(d, whole))),
            None => cases.push(self.t("其他 → 不适用", "otherwise → not applicable").to_owned()),
        }
        let by = field(keyed.by);
        self.t_fmt(format!("按 `{by}`：{}", cases.join("；")), format!("by `{by}`: {}", cases.join("; ")))
    }

    /// A JSON Schema fragment in words, for the forms rules use; anything else is shown as JSON.
    pub fn schema(&self, schema: &Value) -> String {
        let Value::Object(o) = schema else { return schema.to_string() };
        let zh = self.zh();
        let sep = self.t("，", ", ");
        let mut parts: Vec<String> = Vec::new();
        for (key, v) in o {
            let part = match key.as_str() {
                "const" => self.t_fmt(format!("为 {}", self.value(v)), format!("is {}", self.value(v))),
                "enum" => {
                    let list = v.as_array().map(|a| a.iter().map(|x| self.value(x)).collect::<Vec<_>>().join(" / "));
                    let list = list.unwrap_or_else(|| self.value(v));
                    self.t_fmt(format!("取 {list} 之一"), format!("one of {list}"))
                }
                "type" => self.type_name(v),
                "minimum" => format!("≥ {}", self.value(v)),
                "maximum" => format!("≤ {}", self.value(v)),
                "exclusiveMinimum" => format!("> {}", self.value(v)),
                "exclusiveMaximum" => format!("< {}", self.value(v)),
                "minLength" if v.as_u64() == Some(1) => self.t("非空", "not empty").to_owned(),
                "minLength" => self.t_fmt(format!("至少 {v} 个字符"), format!("at least {v} characters")),
                "pattern" if v.is_string() => {
                    self.t_fmt(format!("符合 /{}/", self.value(v)), format!("matches /{}/", self.value(v)))
                }
                "pattern" => {
                    self.t_fmt(format!("符合模式 {}", self.value(v)), format!("matches the pattern {}", self.value(v)))
                }
                "format" if v == "date" => self.t("日期", "a date").to_owned(),
                "minItems" if v.as_u64() == Some(1) => self.t("非空", "not empty").to_owned(),
                "minItems" => {
                    self.t_fmt(format!("至少 {} 项", self.value(v)), format!("at least {} entries", self.value(v)))
                }
                "maxItems" => {
                    self.t_fmt(format!("至多 {} 项", self.value(v)), format!("at most {} entries", self.value(v)))
                }
                "uniqueItems" if v == true => self.t("各项不重复", "no duplicate entries").to_owned(),
                "contains" => {
                    let wanted = match v.get("const") {
                        Some(c) if v.as_object().is_some_and(|m| m.len() == 1) => self.value(c),
                        _ => self.t_fmt(format!("一项{}", self.schema(v)), format!("an entry that {}", self.schema(v))),
                    };
                    self.t_fmt(format!("包含 {wanted}"), format!("includes {wanted}"))
                }
                "required" => {
                    let names: Vec<String> =
                        v.as_array().into_iter().flatten().map(|n| format!("`{}`", self.value(n))).collect();
                    self.t_fmt(format!("填写 {}", names.join("、")), format!("has {}", names.join(", ")))
                }
                "properties" => {
                    let props: Vec<String> = v
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, s)| format!("`{k}`: {}", self.schema(s)))
                        .collect();
                    let joined = props.join(self.t("；", "; "));
                    if zh { format!("其中 {joined}") } else { format!("where {joined}") }
                }
                "items" => self.t_fmt(format!("每项{}", self.schema(v)), format!("every entry {}", self.schema(v))),
                "anyOf" | "oneOf" => {
                    let alts: Vec<String> =
                        v.as_array().into_iter().flatten().map(|s| format!("({})", self.schema(s))).collect();
                    let joined = alts.join(self.t(" 或 ", " or "));
                    if zh { format!("满足其一：{joined}") } else { format!("either {joined}") }
                }
                "allOf" => v.as_array().into_iter().flatten().map(|s| self.schema(s)).collect::<Vec<_>>().join(sep),
                "not" => self.t_fmt(format!("不满足（{}）", self.schema(v)), format!("not ({})", self.schema(v))),
                _ => format!("{key}: {v}"),
            };
            parts.push(part);
        }
        parts.join(sep)
    }

    fn type_name(&self, v: &Value) -> String {
        let one = |t: &str| -> String {
            let (zh, en) = match t {
                "integer" => ("整数", "an integer"),
                "number" => ("数值", "a number"),
                "string" => ("文字", "text"),
                "boolean" => ("true/false", "true or false"),
                "array" => ("列表", "a list"),
                "object" => ("映射", "a mapping"),
                "null" => ("空", "empty"),
                other => (other, other),
            };
            self.t(zh, en).to_owned()
        };
        match v {
            Value::String(t) => one(t),
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).map(one).collect::<Vec<_>>().join(" / "),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params() -> IndexMap<String, Param> {
        let p = |value: Value, unit: Option<&str>| Param {
            value,
            description: crate::text::Text::same("d"),
            provenance: "I".into(),
            unit: unit.map(str::to_owned),
            kind: None,
            min: None,
            max: None,
        };
        IndexMap::from([
            (
                "min_staff".to_owned(),
                p(json!({"by": "/platform/level", "cases": {"municipal": 5, "district": 2}}), Some("人")),
            ),
            ("max_days".to_owned(), p(json!(365), Some("d"))),
            ("modes".to_owned(), p(json!(["realtime", "daily"]), None)),
        ])
    }

    fn lines(check: Value, lang: Lang) -> Vec<String> {
        let params = params();
        let check: Check = serde_json::from_value(check).expect("a valid check");
        Describer { params: &params, lang }.check(&check)
    }

    #[test]
    fn leaf_tests_read_as_sentences() {
        let table: &[(Value, &str, &str)] = &[
            (
                json!({"given": "/staffing/full_time", "schema": {"type": "integer", "minimum": {"$param": "min_staff"}}}),
                "- `staffing.full_time`: an integer, ≥ min_staff (by `platform.level`: municipal → 5 人; district → 2 人; otherwise → not applicable)",
                "- `staffing.full_time`: 整数，≥ min_staff (按 `platform.level`：municipal → 5 人；district → 2 人；其他 → 不适用)",
            ),
            (
                json!({"given": "/facilities/fire_check", "age_days": {"max": {"$param": "max_days"}, "min": 0}}),
                "- `facilities.fire_check`: at most max_days (= 365 d) days before the assessment date, not after it",
                "- `facilities.fire_check`: 不早于评估日期前 max_days (= 365 d) 天，不晚于评估日期",
            ),
            (
                json!({"given": "/staffing/roles/*/role", "covers": {"values": ["lead", "intake"]}}),
                "- the values of `staffing.roles[*].role` include all of lead, intake (credit per value)",
                "- `staffing.roles[*].role` 的取值包含 lead、intake 中全部（每项计分）",
            ),
            (
                json!({"given": "/service_items/*", "quantifier": "any", "compare": {"left": "fee/amount", "op": "le", "right": {"value": 0}}}),
                "- at least one `service_items[*]`: `fee.amount` ≤ 0",
                "- 至少一个 `service_items[*]`: `fee.amount` ≤ 0",
            ),
            (
                json!({"given": "/service_items/*", "unique": {"field": "code"}}),
                "- every `service_items[*]` `code` is given and no two are the same",
                "- 各 `service_items[*]` `code` 填写且互不相同",
            ),
            (
                json!({"given": "/staffing/roles/*", "sum": {"field": "count", "min": 1}}),
                "- the total of `count` over `staffing.roles[*]` is ≥ 1",
                "- `staffing.roles[*]` `count` 的合计 ≥ 1",
            ),
        ];
        for (check, en, zh) in table {
            assert_eq!(lines(check.clone(), Lang::En), vec![en.to_string()], "{check}");
            assert_eq!(lines(check.clone(), Lang::Zh), vec![zh.to_string()], "{check}");
        }
    }

    #[test]
    fn groups_indent_and_filters_follow_their_test() {
        let got = lines(
            json!({"all": [
                {"given": "/facilities/cctv", "schema": {"const": true}},
                {"any": [
                    {"given": "/evaluation/satisfaction/*", "latest_by": "date", "if_missing": "not_applicable",
                     "where": {"required": ["third_party"]}, "schema": {"properties": {"third_party": {"const": true}}},
                     "expect": {"zh": "第三方", "en": "by a third party"}},
                    {"given": "/backup/frequency", "schema": {"enum": {"$param": "modes"}}}
                ]}
            ]}),
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                "- all of:",
                "  - `facilities.cctv`: is true",
                "  - one of:",
                "    - every `evaluation.satisfaction[*]`: where `third_party`: is true",
                "      only those where: has `third_party`",
                "      only the latest by `date`",
                "      if there is none: the clause does not apply",
                "      reported as: by a third party",
                "    - `backup.frequency`: one of modes (= realtime, daily)",
            ]
        );
    }

    #[test]
    fn schema_forms_in_words() {
        let params = params();
        let d = Describer { params: &params, lang: Lang::En };
        let table: &[(Value, &str)] = &[
            (json!({"type": "string", "minLength": 1}), "text, not empty"),
            (json!({"type": "array", "minItems": 2}), "a list, at least 2 entries"),
            (json!({"type": "array", "minItems": 1}), "a list, not empty"),
            (json!({"pattern": {"$param": "modes"}}), "matches the pattern modes (= realtime, daily)"),
            (json!({"contains": {"const": "委托建设"}}), "includes 委托建设"),
            (json!({"required": ["name", "url"]}), "has `name`, `url`"),
            (json!({"anyOf": [{"const": 1}, {"const": 2}]}), "either (is 1) or (is 2)"),
            (json!({"pattern": "^[0-9]{6}$"}), "matches /^[0-9]{6}$/"),
            (json!({"enum": ["a", "b"]}), "one of a / b"),
            (json!({"const": {"$param": "modes"}}), "is modes (= realtime, daily)"),
            (json!({"if": {"x": 1}}), "if: {\"x\":1}"),
        ];
        for (schema, words) in table {
            assert_eq!(d.schema(schema), *words, "{schema}");
        }
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {}
}
