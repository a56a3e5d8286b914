//! The public contracts are documented: every field of the platform schema appears in
//! docs/platform.md and every field of the JSON report in docs/report.md.

use assert_cmd::Command;
use serde_json::Value;

fn schema(kind: &str) -> Value {
    let out = Command::cargo_bin("ipps-check").unwrap().args(["schema", kind]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..10 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            node = root.pointer(r.trim_start_matches('#')).unwrap();
        } else if let Some(b) = node.get("anyOf").and_then(Value::as_array) {
            match b.iter().find(|x| x.get("type").and_then(Value::as_str) != Some("null")) {
                Some(x) => node = x,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

fn fields(root: &Value, node: &Value, path: &str, out: &mut Vec<String>) {
    let node = resolve(root, node);
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, child) in props {
            if k == "$schema" {
                continue;
            }
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            out.push(p.clone());
            fields(root, child, &p, out);
        }
    }
    if let Some(items) = node.get("items") {
        fields(root, items, &format!("{path}[]"), out);
    }
}

fn undocumented(kind: &str, doc: &str) -> Vec<String> {
    let root = schema(kind);
    let text = std::fs::read_to_string(doc).unwrap();
    let mut all = Vec::new();
    fields(&root, &root, "", &mut all);
    assert!(all.len() > 20, "{kind}: {} fields", all.len());
    all.into_iter().filter(|f| !text.contains(&format!("`{f}`"))).collect()
}

#[test]
fn every_platform_field_is_documented() {
    let missing = undocumented("platform", "docs/platform.md");
    assert!(missing.is_empty(), "run scripts/gen-platform-doc.py; missing: {missing:?}");
}

#[test]
fn every_report_field_is_documented() {
    let missing = undocumented("report", "docs/report.md");
    assert!(missing.is_empty(), "document in docs/report.md: {missing:?}");
}
