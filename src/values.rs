//! How values from the platform description are shown in findings and messages: short, plain,
//! and bounded in length whatever the input holds.

use serde_json::Value;

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
        Some((cut, _)) => format!("{}… ({} chars)", &s[..cut], s.chars().count()),
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
        assert_eq!(plain(&json!("x")), "x");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(truncate("abcdef", 3), "abc…");
        let long = "平".repeat(MAX_ECHO_CHARS + 5);
        assert_eq!(bounded(&long), format!("{}… ({} chars)", "平".repeat(MAX_ECHO_CHARS), MAX_ECHO_CHARS + 5));
        assert_eq!(bounded("short"), "short");
    }
}
