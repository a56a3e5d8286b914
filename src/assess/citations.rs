//! Documents cited for clauses: evidence entries (in any section's `evidence` list) whose
//! `clauses` name the clause, with a title, a 文号 or a web address, and a date. With
//! `--evidence-dir`, a cited copy must be a file inside that folder, and its SHA-256 is recorded.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::assessment::Citation;
use crate::text::Text;

/// The first valid citation of each clause, and warnings about cited copies that are not there.
pub fn collect(doc: &Value, evidence_dir: Option<&Path>) -> (BTreeMap<String, Citation>, Vec<Text>) {
    let mut by_clause = BTreeMap::new();
    let mut warnings = Vec::new();
    let Some(sections) = doc.as_object() else { return (by_clause, warnings) };
    for (section, body) in sections {
        let entries = body.get("evidence").and_then(Value::as_array).into_iter().flatten();
        for (i, e) in entries.enumerate() {
            let pointer = format!("/{}/evidence/{i}", crate::pointer::escape_token(section));
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
            let (Some(title), Some(date)) = (text("title"), text("date")) else { continue };
            if text("doc_no").is_none() && text("url").is_none() {
                continue;
            }
            let clauses: Vec<&str> =
                e.get("clauses").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            if clauses.is_empty() {
                continue;
            }
            let file = text("file");
            let sha256 = match (&file, evidence_dir) {
                (Some(f), Some(dir)) => match hash_inside(dir, f) {
                    Ok(h) => Some(h),
                    Err(why) => {
                        warnings.push(Text::new(
                            format!("{pointer} 引用的文件 {f} 无法采信：{}", why.zh),
                            format!("the file {f} cited at {pointer} cannot be accepted: {}", why.en),
                        ));
                        continue;
                    }
                },
                _ => None,
            };
            let citation = Citation {
                pointer: pointer.clone(),
                title,
                doc_no: text("doc_no"),
                url: text("url"),
                date: Some(date),
                file,
                sha256,
            };
            for clause in clauses {
                by_clause.entry(clause.to_owned()).or_insert_with(|| citation.clone());
            }
        }
    }
    (by_clause, warnings)
}

/// SHA-256 of a file named relative to the evidence folder, which it may not leave (no absolute
/// path, no `..`, no symbolic link out of it).
fn hash_inside(dir: &Path, name: &str) -> Result<String, Text> {
    let relative = Path::new(name);
    if relative.is_absolute() || relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(Text::new(
            "路径须在证据目录之内（不得为绝对路径或含 ..）",
            "the path must stay inside the evidence folder (no absolute path, no ..)",
        ));
    }
    let root = dir.canonicalize().map_err(|e| Text::same(format!("evidence folder {}: {e}", dir.display())))?;
    let path = root.join(relative).canonicalize().map_err(|_| Text::new("文件不存在", "no such file"))?;
    if !path.starts_with(&root) {
        return Err(Text::new(
            "文件经符号链接指向证据目录之外",
            "the file is a link that leads out of the evidence folder",
        ));
    }
    let meta = std::fs::metadata(&path).map_err(|e| Text::same(e.to_string()))?;
    if !meta.is_file() {
        return Err(Text::new("不是普通文件", "not a regular file"));
    }
    let mut file = std::fs::File::open(&path).map_err(|e| Text::same(e.to_string()))?;
    let mut hasher = Sha256::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| Text::same(e.to_string()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("sha256:{:x}", hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(file: &str) -> Value {
        json!({"mechanisms": {"evidence": [
            {"title": "首问负责制度", "doc_no": "杭知保〔2024〕3号", "date": "2024-03-01", "clauses": ["8.2.1"], "file": file},
            {"title": "no clauses", "doc_no": "x〔2024〕1号", "date": "2024-03-01"},
            {"title": "no number", "date": "2024-03-01", "clauses": ["8.2.2"]}
        ]}})
    }

    #[test]
    fn only_complete_entries_that_name_a_clause_cite_it() {
        let (c, w) = collect(&doc("a.pdf"), None);
        assert_eq!(c.keys().collect::<Vec<_>>(), ["8.2.1"]);
        assert_eq!(c["8.2.1"].pointer, "/mechanisms/evidence/0");
        assert!(w.is_empty());
    }

    #[test]
    fn cited_copies_must_be_inside_the_evidence_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"policy").unwrap();
        let (c, _) = collect(&doc("a.pdf"), Some(dir.path()));
        assert!(c["8.2.1"].sha256.as_deref().unwrap().starts_with("sha256:"));
        for bad in ["missing.pdf", "../a.pdf", "/etc/passwd"] {
            let (c, w) = collect(&doc(bad), Some(dir.path()));
            assert!(c.is_empty() && w.len() == 1, "{bad}: {w:?}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("out.pdf")).unwrap();
            let (c, w) = collect(&doc("out.pdf"), Some(dir.path()));
            assert!(c.is_empty() && w[0].en.contains("leads out"), "{w:?}");
        }
    }
}
