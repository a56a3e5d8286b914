//! Platform format version 1 → version 2: what `ipps-check migrate` writes, and what checking a
//! version-1 file does in memory. Nothing is lost: every v1 statement has a v2 place, and every v2
//! node remembers the v1 node it came from, so findings still point at the right line.

use serde_json::{Map, Value, json};

/// A migrated document and where its restructured nodes came from.
#[derive(Debug, Clone)]
pub struct Migrated {
    pub value: Value,
    /// (v2 pointer, v1 pointer) for every node that moved; the rest kept their pointer.
    pub origins: Vec<(String, String)>,
}

impl Migrated {
    /// The v1 pointer a v2 pointer came from: the longest moved prefix, rewritten.
    pub fn origin_of(&self, pointer: &str) -> String {
        let best = self
            .origins
            .iter()
            .filter(|(new, _)| pointer == new || pointer.starts_with(&format!("{new}/")))
            .max_by_key(|(new, _)| new.len());
        match best {
            Some((new, old)) => format!("{old}{}", &pointer[new.len()..]),
            None => pointer.to_owned(),
        }
    }
}

/// The version a document declares: 1 when it has no `format_version`.
pub fn version_of(doc: &Value) -> Option<u64> {
    match doc.get("format_version") {
        None => Some(1),
        Some(v) => v.as_u64(),
    }
}

/// Rewrites a version-1 document (nulls already removed) as version 2.
pub fn v1_to_v2(v1: &Value) -> Migrated {
    let mut origins = Vec::new();
    let mut doc = v1.as_object().cloned().unwrap_or_default();
    // format_version goes first, where a reader looks for it.
    let mut out = Map::new();
    if let Some(schema) = doc.remove("$schema") {
        out.insert("$schema".into(), schema);
    }
    out.insert("format_version".into(), json!(crate::model::FORMAT_VERSION));
    origins.push(("/format_version".to_owned(), String::new()));
    let items_rated = v1.pointer("/evaluation/good_bad_review/coverage/items") == Some(&Value::Bool(true));
    for (key, value) in doc {
        let value = match key.as_str() {
            "service_items" => service_items(value, items_rated, &mut origins),
            "build_mode" => build_mode(value, &mut origins),
            _ => value,
        };
        out.insert(key, value);
    }
    Migrated { value: Value::Object(out), origins }
}

fn service_items(items: Value, items_rated: bool, origins: &mut Vec<(String, String)>) -> Value {
    let Value::Array(items) = items else { return items };
    let items = items.into_iter().enumerate().map(|(i, item)| {
        let Value::Object(mut item) = item else { return item };
        let at = format!("/service_items/{i}");
        if let Some(Value::Object(t)) = item.remove("time_limit") {
            item.insert("time_limit".into(), time_limit(t, &format!("{at}/time_limit"), origins));
        }
        if let Some(Value::Object(f)) = item.remove("fee") {
            item.insert("fee".into(), fee(f, &format!("{at}/fee"), origins));
        }
        if let Some(Value::Object(s)) = item.remove("supervision") {
            let (consultation, supervision) = contacts(s, &format!("{at}/supervision"), &at, origins);
            if !consultation.is_empty() {
                item.insert("consultation".into(), Value::Array(consultation));
            }
            item.insert("supervision".into(), Value::Array(supervision));
        }
        if items_rated {
            item.insert("review".into(), json!({"enabled": true}));
            origins.push((format!("{at}/review"), "/evaluation/good_bad_review/coverage/items".into()));
        }
        Value::Object(item)
    });
    Value::Array(items.collect())
}

/// `{statutory_wd, promised_wd, instant}` → `{statutory, promised}` as durations in working days.
fn time_limit(mut t: Map<String, Value>, at: &str, origins: &mut Vec<(String, String)>) -> Value {
    let mut out = Map::new();
    let days = |v: Value| json!({"value": v, "unit": "工作日"});
    if let Some(v) = t.remove("statutory_wd") {
        out.insert("statutory".into(), days(v));
        origins.push((format!("{at}/statutory"), format!("{at}/statutory_wd")));
    }
    let instant = t.remove("instant") == Some(Value::Bool(true));
    match (t.remove("promised_wd"), instant) {
        (Some(v), false) => {
            out.insert("promised".into(), days(v));
            origins.push((format!("{at}/promised"), format!("{at}/promised_wd")));
        }
        (promised, true) => {
            // Version 1 marked an item handled on the spot as instant; a figure beside it was the
            // limit for the harder cases (a consultation answered later), kept in words.
            out.insert("promised".into(), json!({"instant": true}));
            origins.push((format!("{at}/promised"), format!("{at}/instant")));
            if let Some(v) = promised {
                out.insert(
                    "text".into(),
                    json!(format!("即时办结；其他情形承诺 {} 个工作日", crate::values::plain(&v))),
                );
                origins.push((format!("{at}/text"), format!("{at}/promised_wd")));
            }
        }
        (None, false) => {}
    }
    Value::Object(out)
}

/// `{free, amount, unit, basis}` → `{free, basis}` for a free item, else `{charges: [...]}`.
fn fee(mut f: Map<String, Value>, at: &str, origins: &mut Vec<(String, String)>) -> Value {
    let mut out = Map::new();
    let free = f.remove("free");
    let is_free = free == Some(Value::Bool(true));
    if let Some(free) = free {
        out.insert("free".into(), free);
    }
    let has_charge = f.contains_key("amount") || f.contains_key("unit") || (!is_free && f.contains_key("basis"));
    if has_charge {
        let mut charge = Map::new();
        for key in ["amount", "unit", "basis"] {
            if let Some(v) = f.remove(key) {
                origins.push((format!("{at}/charges/0/{key}"), format!("{at}/{key}")));
                charge.insert(key.into(), v);
            }
        }
        out.insert("charges".into(), json!([charge]));
        origins.push((format!("{at}/charges"), at.to_owned()));
    } else if let Some(basis) = f.remove("basis") {
        out.insert("basis".into(), basis);
    }
    Value::Object(out)
}

/// `supervision: {phone, email, url}` → a list of routes. Version 1 used the supervision phone as
/// the item's consultation phone too (clause C.15), so it becomes a consultation route as well.
fn contacts(
    mut s: Map<String, Value>,
    at: &str,
    item: &str,
    origins: &mut Vec<(String, String)>,
) -> (Vec<Value>, Vec<Value>) {
    let mut consultation = Vec::new();
    let mut supervision = Vec::new();
    for (key, kind) in [("phone", "phone"), ("email", "email"), ("url", "online")] {
        if let Some(v) = s.remove(key) {
            if key == "phone" {
                origins.push((format!("{item}/consultation/0"), format!("{at}/phone")));
                consultation.push(json!({"kind": kind, "value": v.clone()}));
            }
            origins.push((format!("{at}/{}", supervision.len()), format!("{at}/{key}")));
            supervision.push(json!({"kind": kind, "value": v}));
        }
    }
    (consultation, supervision)
}

/// Contract terms written `start/end` also get structured `start` and `end` dates.
fn build_mode(mut b: Value, origins: &mut Vec<(String, String)>) -> Value {
    let Some(contracts) = b.get_mut("contracts").and_then(Value::as_array_mut) else { return b };
    for (i, c) in contracts.iter_mut().enumerate() {
        let Some(term) = c.get("term").and_then(Value::as_str).map(str::to_owned) else { continue };
        let Some((start, end)) = term.split_once('/') else { continue };
        let (start, end) = (start.trim(), end.trim());
        if crate::date::parse_days(start).is_some() && crate::date::parse_days(end).is_some() {
            let at = format!("/build_mode/contracts/{i}");
            c["start"] = json!(start);
            c["end"] = json!(end);
            origins.push((format!("{at}/start"), format!("{at}/term")));
            origins.push((format!("{at}/end"), format!("{at}/term")));
        }
    }
    b
}

/// The text of a migrated file: the original's leading comment block, a line saying where it came
/// from, then the document in block style with the comments that stood before each top-level key
/// of the original kept before that key. Comments inside sections are not carried over.
pub fn to_yaml(original: &str, source_name: &str, doc: &Value) -> Result<String, String> {
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    let body = serde_saphyr::to_string_with_options(doc, options).map_err(|e| e.to_string())?;
    let (header, before_key) = comments(original);
    // Comments are copied with every character a YAML 1.1 reader would break a line on (a lone CR,
    // U+2028, U+2029, NEL) spelt out: a v1 comment `# x<CR>platform: y` is one comment to the
    // parser that read it, and must not become a second `platform` key in the migrated file.
    let comment = crate::yaml_write::comment_text;
    let mut out = String::new();
    for line in &header {
        out.push_str(&comment(line));
        out.push('\n');
    }
    out.push_str(&format!(
        "# Platform format version {} — migrated by `ipps-check migrate` from {} (version 1).\n",
        crate::model::FORMAT_VERSION,
        comment(source_name)
    ));
    for line in body.lines() {
        let key = line.split(':').next().unwrap_or_default();
        if !line.starts_with([' ', '-', '#']) {
            for c in before_key.iter().filter(|(k, _)| k == key).flat_map(|(_, c)| c) {
                out.push_str(&comment(c));
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    crate::yaml_write::same_for_every_reader(&out)?;
    Ok(out)
}

/// The leading comment block, and the comment lines directly above each top-level key.
fn comments(text: &str) -> (Vec<&str>, Vec<(String, Vec<&str>)>) {
    let mut lines = text.lines().peekable();
    let mut header = Vec::new();
    while let Some(line) = lines.next_if(|l| l.starts_with('#') || l.trim().is_empty()) {
        header.push(line);
    }
    while header.last().is_some_and(|l| l.trim().is_empty()) {
        header.pop();
    }
    let mut before_key = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    for line in lines {
        if line.starts_with('#') {
            pending.push(line);
        } else if line.trim().is_empty() {
            continue;
        } else if !line.starts_with([' ', '-']) {
            let key = line.split(':').next().unwrap_or_default().trim().to_owned();
            if !pending.is_empty() {
                before_key.push((key, std::mem::take(&mut pending)));
            }
        } else {
            pending.clear();
        }
    }
    (header, before_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_to_the_v2_shapes() {
        let v1 = json!({
            "platform": {"name": "x"},
            "evaluation": {"good_bad_review": {"coverage": {"items": true}}},
            "service_items": [{
                "name": "a",
                "time_limit": {"statutory_wd": 20, "promised_wd": 5},
                "fee": {"amount": 270, "unit": "元/类", "basis": "通知"},
                "supervision": {"phone": "0571-1", "url": "https://x.cn"}
            }, {
                "name": "b",
                "time_limit": {"instant": true},
                "fee": {"free": true}
            }]
        });
        let m = v1_to_v2(&v1);
        let v = &m.value;
        assert_eq!(v["format_version"], 2);
        let a = &v["service_items"][0];
        assert_eq!(
            a["time_limit"],
            json!({"statutory": {"value": 20, "unit": "工作日"}, "promised": {"value": 5, "unit": "工作日"}})
        );
        assert_eq!(a["fee"], json!({"charges": [{"amount": 270, "unit": "元/类", "basis": "通知"}]}));
        assert_eq!(a["consultation"], json!([{"kind": "phone", "value": "0571-1"}]));
        assert_eq!(a["supervision"][1], json!({"kind": "online", "value": "https://x.cn"}));
        assert_eq!(a["review"], json!({"enabled": true}));
        assert_eq!(v["service_items"][1]["time_limit"], json!({"promised": {"instant": true}}));
        assert_eq!(v["service_items"][1]["fee"], json!({"free": true}));
        assert_eq!(
            m.origin_of("/service_items/0/time_limit/statutory/value"),
            "/service_items/0/time_limit/statutory_wd/value"
        );
        assert_eq!(m.origin_of("/service_items/0/fee/charges/0/amount"), "/service_items/0/fee/amount");
        assert_eq!(m.origin_of("/service_items/0/supervision/1"), "/service_items/0/supervision/url");
        assert_eq!(m.origin_of("/platform/name"), "/platform/name");
    }

    #[test]
    fn the_yaml_reads_back_as_the_document_and_keeps_comments() {
        let original = "# header\n# more\n\nplatform:\n  name: x  # inline\n# about items\nservice_items: []\n";
        let doc = json!({"format_version": 2, "platform": {"name": "x", "phone": "12345", "date": "2024-01-01"}, "service_items": []});
        let text = to_yaml(original, "old.yaml", &doc).unwrap();
        assert!(text.starts_with("# header\n# more\n# Platform format version 2"), "{text}");
        assert!(text.contains("# about items\nservice_items:"), "{text}");
        let back: Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn contract_terms_gain_dates() {
        let v1 = json!({"build_mode": {"contracts": [{"term": "2024-01-01/2026-12-31"}, {"term": "三年"}]}});
        let v = v1_to_v2(&v1).value;
        assert_eq!(v["build_mode"]["contracts"][0]["end"], "2026-12-31");
        assert!(v["build_mode"]["contracts"][1].get("end").is_none());
    }
}
