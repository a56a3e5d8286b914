//! How values from the platform description are shown in findings and messages: short, plain,
//! and bounded in length whatever the input holds.

use serde_json::Value;

use crate::text::Text;

/// Longest rendering of a value in a message, in characters.
pub const SHOWN_CHARS: usize = 80;

/// A short rendering of a found value: strings quoted, mappings and long lists summarised.
pub fn describe(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Object(_) => "a mapping".into(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let shown: Vec<String> =
                items.iter().map(|i| i.as_str().map(str::to_owned).unwrap_or_else(|| i.to_string())).collect();
            format!("[{}]", shown.join(", "))
        }
        Value::Array(items) => format!("a list of {} entries", items.len()),
        other => other.to_string(),
    };
    truncate(&s, SHOWN_CHARS)
}

/// [`describe`] in both languages: a mapping or a list of mappings is summarised in words, which
/// a Chinese report must say in Chinese.
pub fn described(v: &Value) -> Text {
    match v {
        Value::Object(_) => Text::new("一个映射", "a mapping"),
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            Text::new(format!("含 {} 项的列表", items.len()), format!("a list of {} entries", items.len()))
        }
        other => Text::same(describe(other)),
    }
}

/// A value from the platform file as a finding shows it: plain, cut to a bounded length.
pub fn shown(v: &Value) -> String {
    bounded(&plain(v))
}

/// A value as plain text: strings unquoted, everything else as [`describe`] shows it.
pub fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => describe(other),
    }
}

/// A number without a needless `.0`.
pub fn num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") }
}

/// Cuts a string to at most `max` characters, marking the cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max).collect::<String>() + "…" }
}

/// Longest piece of input any report repeats, in characters: a platform name or a value of
/// megabytes is shown cut, with its full length, so that a report cannot be made to explode.
pub const MAX_ECHO_CHARS: usize = 200;

/// A string from the input as a report may repeat it: cut after [`MAX_ECHO_CHARS`] characters,
/// with an ellipsis and the full length.
pub fn bounded(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => s.to_owned(),
        // In the language the run speaks (set once from the command line; English before that).
        Some((cut, _)) => match crate::zh::language() {
            crate::text::Lang::Zh => format!("{}…（共 {} 字）", &s[..cut], s.chars().count()),
            crate::text::Lang::En => format!("{}… ({} chars)", &s[..cut], s.chars().count()),
        },
    }
}

/// A rule-pack parameter as a message says it: its value with unit, and its name in parentheses,
/// so a reader learns the threshold without `rules show` ("不少于 10 年（参数
/// min_records_retention_years）", "at least 10 years (parameter min_records_retention_years)").
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSaid {
    /// The value with its unit: `10 年`, `10 years`.
    pub value: Text,
    /// The unit alone, as it follows a number: ` 年`, `%`.
    pub unit: Text,
    /// The name in parentheses: `（参数 min_records_retention_years）`.
    pub name: Text,
}

impl ParamSaid {
    /// Value, unit and name: `10 年（参数 min_records_retention_years）`.
    pub fn phrase(&self) -> Text {
        Text::new(format!("{}{}", self.value.zh, self.name.zh), format!("{}{}", self.value.en, self.name.en))
    }

    /// The name as it follows a value already inside parentheses: `；参数 x`, `; parameter x`, so
    /// a message reads `（不超过 5%；参数 x）`, not `（不超过 5%（参数 x））`.
    pub fn inside(&self) -> Text {
        let zh = self.name.zh.trim_start_matches('（').trim_end_matches('）');
        let en = self.name.en.trim().trim_start_matches('(').trim_end_matches(')');
        Text::new(format!("；{zh}"), format!("; {en}"))
    }

    /// What follows a value a message already shows: ` 年（参数 …）`.
    pub fn suffix(&self) -> Text {
        Text::new(format!("{}{}", self.unit.zh, self.name.zh), format!("{}{}", self.unit.en, self.name.en))
    }
}

/// Says a parameter's value, with the pack's unit for it.
pub fn param_said(name: &str, value: &Value, unit: Option<&str>) -> ParamSaid {
    // A unit belongs to a number; a list or a table of values carries its own.
    let unit = unit.filter(|_| value.is_number());
    let unit = match unit.map(unit_words) {
        Some(("%", _)) => Text::same("%"),
        Some((zh, en)) => Text::new(format!(" {zh}"), format!(" {en}")),
        None => Text::default(),
    };
    let (zh, en) = match value {
        Value::Array(items) => {
            let each: Vec<String> = items.iter().map(said_item).collect();
            (each.join("、"), each.join(", "))
        }
        Value::Object(o) => {
            let each: Vec<String> = o.iter().map(|(k, v)| format!("{k} {}", said_item(v))).collect();
            (each.join("、"), each.join(", "))
        }
        other => (said_item(other), said_item(other)),
    };
    ParamSaid {
        value: Text::new(format!("{zh}{}", unit.zh), format!("{en}{}", unit.en)),
        unit,
        name: Text::new(format!("（参数 {name}）"), format!(" (parameter {name})")),
    }
}

/// One value of a parameter: a number without `.0`, text unquoted, a mapping as its values.
fn said_item(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map(num).unwrap_or_else(|| n.to_string()),
        Value::Object(o) => o.values().map(said_item).collect::<Vec<_>>().join(" "),
        other => plain(other),
    }
}

/// A unit of the rule pack in Chinese and English; a unit not listed reads the same in both.
pub fn unit_words(unit: &str) -> (&str, &str) {
    match unit {
        "d" => ("天", "days"),
        "h" => ("小时", "hours"),
        "min" => ("分钟", "minutes"),
        "年" => ("年", "years"),
        "工作日" => ("个工作日", "working days"),
        "人" => ("人", "people"),
        "元" => ("元", "CNY"),
        "份" => ("份", "responses"),
        other => (other, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_shown_short() {
        assert_eq!(describe(&json!("x")), "\"x\"");
        assert_eq!(describe(&json!([1, "a"])), "[1, a]");
        assert_eq!(describe(&json!([{}, {}])), "a list of 2 entries");
        assert_eq!(described(&json!([{}, {}])), Text::new("含 2 项的列表", "a list of 2 entries"));
        assert_eq!(described(&json!({"a": 1})).zh, "一个映射");
        assert_eq!(described(&json!([1, "a"])), Text::same("[1, a]"));
        assert_eq!(plain(&json!("x")), "x");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(truncate("abcdef", 3), "abc…");
        let long = "平".repeat(MAX_ECHO_CHARS + 5);
        assert_eq!(bounded(&long), format!("{}… ({} chars)", "平".repeat(MAX_ECHO_CHARS), MAX_ECHO_CHARS + 5));
        assert_eq!(bounded("short"), "short");
    }

    #[test]
    fn parameters_are_said_with_value_unit_and_name() {
        let said = |name, v: Value, unit| param_said(name, &v, unit).phrase();
        let cases = [
            (
                said("min_records_retention_years", json!(10), Some("年")),
                "10 年（参数 min_records_retention_years）",
                "10 years (parameter min_records_retention_years)",
            ),
            (
                said("min_availability_pct", json!(99.5), Some("%")),
                "99.5%（参数 min_availability_pct）",
                "99.5% (parameter min_availability_pct)",
            ),
            (said("max_days", json!(365.0), Some("d")), "365 天（参数 max_days）", "365 days (parameter max_days)"),
            (said("min_policy_areas", json!(4), None), "4（参数 min_policy_areas）", "4 (parameter min_policy_areas)"),
            (
                said("backup_frequencies", json!(["realtime", "daily"]), Some("d")),
                "realtime、daily（参数 backup_frequencies）",
                "realtime, daily (parameter backup_frequencies)",
            ),
            (
                said("bands", json!([{"grade": "优秀", "min": 90}]), None),
                "优秀 90（参数 bands）",
                "优秀 90 (parameter bands)",
            ),
        ];
        for (got, zh, en) in cases {
            assert_eq!((got.zh.as_str(), got.en.as_str()), (zh, en));
        }
        assert_eq!(param_said("x", &json!(3), Some("m²")).suffix(), Text::new(" m²（参数 x）", " m² (parameter x)"));
        assert_eq!(param_said("x", &json!(5), Some("%")).inside(), Text::new("；参数 x", "; parameter x"));
    }
}
