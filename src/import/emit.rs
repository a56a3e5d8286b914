//! Writing imported items as YAML: a stand-alone `service_items` document, or a platform file whose
//! `service_items` are replaced in place (the rest of the file, comments included, is kept byte for byte).

use serde_json::Value;

use super::Imported;
use crate::model::FORMAT_VERSION;
use crate::platform::strip_nulls;
use crate::yaml::{self, Limits};

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("{0}")]
    Target(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The items as JSON, nulls removed: what the YAML must read back as.
pub fn items_json(items: &[Imported]) -> Value {
    let mut v = serde_json::to_value(items.iter().map(|i| &i.item).collect::<Vec<_>>()).unwrap_or_default();
    strip_nulls(&mut v);
    whole_numbers(&mut v);
    v
}

/// 9.0 → 9: figures read from text are whole far more often than not, and read better without `.0`.
fn whole_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(whole_numbers),
        Value::Object(o) => o.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// `service_items:` and the items, each under its comments, as a top-level block.
pub fn items_block(items: &[Imported]) -> Result<String, EmitError> {
    let mut out = String::from("service_items:\n");
    if items.is_empty() {
        return Ok("service_items: []\n".into());
    }
    for (item, value) in items.iter().zip(items_json(items).as_array().into_iter().flatten()) {
        for note in &item.notes {
            out.push_str("  # ");
            out.push_str(&comment(note));
            out.push('\n');
        }
        let one = serde_saphyr::to_string(&vec![value]).map_err(|e| EmitError::Internal(e.to_string()))?;
        for line in one.lines() {
            if !line.is_empty() {
                out.push_str("  ");
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

/// A comment's text on one line for every YAML reader: the cell's lines joined by " / ", and every
/// other line break (a lone CR, U+2028, U+2029, NEL) or unprintable character spelt out
/// (`yaml_write::comment_text`), so that a cell cannot end the comment and add keys.
fn comment(text: &str) -> String {
    let joined = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / ");
    crate::yaml_write::comment_text(&joined)
}

/// A document holding `format_version` and the items, read back to prove it says what was meant.
pub fn standalone(items: &[Imported], source: &str) -> Result<String, EmitError> {
    let mut out = format!(
        "# Service items imported by `ipps-check import` from {}.\n# Paste them into a platform file, or run the import again with --into platform.yaml.\nformat_version: {FORMAT_VERSION}\n",
        comment(source)
    );
    out.push_str(&items_block(items)?);
    crate::yaml_write::same_for_every_reader(&out).map_err(EmitError::Internal)?;
    verify(&out, items)?;
    Ok(out)
}

/// Replaces the `service_items` of a platform file's text (or appends them), adding `format_version: 2`
/// when the file has none. Returns the new text and notes for the user.
pub fn splice(platform: &str, items: &[Imported]) -> Result<(String, Vec<String>), EmitError> {
    let limits = Limits::default();
    let node = yaml::parse_platform(platform, &limits).map_err(|e| {
        let at = e.at.map_or(String::new(), |p| format!("{}:{}: ", p.line, p.column));
        EmitError::Target(format!("{at}{}", e.message))
    })?;
    let (original, map) = yaml::to_json(node);
    let Value::Object(top) = &original else {
        return Err(EmitError::Target("the platform file is not a mapping of sections".into()));
    };
    let mut notes = Vec::new();
    match top.get("format_version") {
        None => notes.push(format!("the file had no format_version; `format_version: {FORMAT_VERSION}` was added")),
        Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
        Some(v) => {
            return Err(EmitError::Target(format!(
                "the file says format_version {v}; imported items are format {FORMAT_VERSION}"
            )));
        }
    }
    let lines: Vec<&str> = platform.split_inclusive('\n').collect();
    let key_line =
        |key: &str| map.get(&format!("/{}", yaml::escape_token(key))).and_then(|s| s.key).map(|p| p.line - 1);
    let block = items_block(items)?;
    crate::yaml_write::same_for_every_reader(&block).map_err(EmitError::Internal)?;
    let mut out = String::new();
    match key_line("service_items") {
        Some(start) => {
            let next = top.keys().filter_map(|k| key_line(k)).filter(|l| *l > start).min().unwrap_or(lines.len());
            // Comments and blank lines just above the next key belong to that key.
            let mut end = next;
            while end > start + 1 && (lines[end - 1].trim().is_empty() || lines[end - 1].starts_with('#')) {
                end -= 1;
            }
            if lines.get(start).is_some_and(|l| !l.starts_with("service_items")) {
                return Err(EmitError::Target(
                    "`service_items` is not written as a block key at the start of a line; cannot replace it in place"
                        .into(),
                ));
            }
            out.extend(lines[..start].iter().copied());
            out.push_str(&block);
            out.extend(lines[end..].iter().copied());
            notes.push(format!(
                "replaced {} service items",
                top.get("service_items").and_then(Value::as_array).map_or(0, Vec::len)
            ));
        }
        None => {
            out.push_str(platform);
            if !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            out.push('\n');
            out.push_str(&block);
        }
    }
    if top.get("format_version").is_none() {
        out = add_version(&out);
    }
    let (result, _) = read_back(&out)?;
    let mut expected = original.clone();
    if let Value::Object(o) = &mut expected {
        o.insert("format_version".into(), Value::from(FORMAT_VERSION));
        o.insert("service_items".into(), items_json(items));
    }
    let mut expected_clean = expected;
    strip_nulls(&mut expected_clean);
    let mut result_clean = result;
    strip_nulls(&mut result_clean);
    if !same_ignoring_order(&expected_clean, &result_clean) {
        return Err(EmitError::Target(
            "replacing `service_items` in place would change other sections (is the file in flow style?); nothing was written".into(),
        ));
    }
    Ok((out, notes))
}

/// `format_version: 2` after the leading comment block and any `$schema` line.
fn add_version(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut at = 0;
    while at < lines.len()
        && (lines[at].starts_with('#')
            || lines[at].trim().is_empty()
            || lines[at].starts_with("$schema")
            || lines[at].starts_with("---"))
    {
        at += 1;
    }
    let mut out: String = lines[..at].concat();
    out.push_str(&format!("format_version: {FORMAT_VERSION}\n"));
    out.push_str(&lines[at..].concat());
    out
}

fn read_back(text: &str) -> Result<(Value, yaml::SourceMap), EmitError> {
    let unbounded =
        Limits { max_list_items: usize::MAX, max_nodes: usize::MAX, max_file_bytes: usize::MAX, ..Limits::default() };
    let node = yaml::parse(text, &unbounded)
        .map_err(|e| EmitError::Internal(format!("the YAML written does not read back: {}", e.message)))?;
    Ok(yaml::to_json(node))
}

fn verify(text: &str, items: &[Imported]) -> Result<(), EmitError> {
    let (value, _) = read_back(text)?;
    let got = value.get("service_items").cloned().unwrap_or(Value::Null);
    if got != items_json(items) {
        return Err(EmitError::Internal("the YAML written does not read back as the imported items".into()));
    }
    Ok(())
}

/// Mappings compare without regard to key order (a splice may add `format_version` anywhere).
fn same_ignoring_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_ignoring_order(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_ignoring_order(v, w))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
