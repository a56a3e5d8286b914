//! `ipps-check diff OLD.json NEW.json`: what changed between two runs of the checker on the same
//! platforms — the first review and the follow-up (初评 → 复评): verdicts, scores, and every clause
//! whose status changed. Reads only JSON reports; it never re-evaluates anything.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Problem};
use crate::text::Lang;

/// One clause whose status changed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClauseChange {
    pub id: String,
    pub level: String,
    pub title: String,
    pub before: String,
    pub after: String,
    /// `improved` (a gap closed), `regressed` (a gap opened) or `changed`.
    pub kind: String,
}

/// The changes of one platform between the two runs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformDiff {
    pub platform: String,
    pub file_before: String,
    pub file_after: String,
    pub verdict_before: String,
    pub verdict_after: String,
    pub score_before: f64,
    pub score_after: f64,
    pub score_delta: f64,
    /// Chapters whose score changed: id, before, after.
    pub chapters: Vec<(String, Option<f64>, Option<f64>)>,
    pub clauses: Vec<ClauseChange>,
}

/// A field of the rule pack that differs between the two reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PackChange {
    /// `id`, `edition`, `version` or `content_hash` of the report's `pack`.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Diff {
    /// How the rule pack differs between the reports; empty when both come from the same pack.
    /// Only `--allow-pack-change` lets reports of different packs be compared.
    pub pack_changes: Vec<PackChange>,
    pub platforms: Vec<PlatformDiff>,
    /// Platforms only in the old or only in the new report.
    pub only_before: Vec<String>,
    pub only_after: Vec<String>,
}

impl Diff {
    /// Whether any clause went from met to not met.
    pub fn has_regressions(&self) -> bool {
        self.platforms.iter().any(|p| p.clauses.iter().any(|c| c.kind == "regressed"))
    }
}

/// Reads a JSON report written by `--format json`, refusing one of another major schema version.
pub(crate) fn read(path: &Path) -> Result<Value, Error> {
    let name = crate::input::shown(path);
    let bytes = crate::input::read_capped(path, crate::input::Cap::report())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::single(Problem::plain(&name, "not a JSON report: the file is not UTF-8 text")))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        let at = Some(crate::source::LineCol { line: e.line(), column: e.column().max(1) });
        Error::single(Problem::at(&crate::source::SourceFile::new(&name, text.as_str()), at, format!("not JSON: {e}")))
    })?;
    let major = v.get("schema_version").and_then(Value::as_str).and_then(|s| s.split('.').next());
    if major != Some(crate::report::json::SCHEMA_VERSION.split('.').next().unwrap_or("1")) {
        return Err(Error::single(Problem::plain(
            name,
            "not an ipps-check JSON report of a compatible schema_version (write one with --format json:FILE)",
        )));
    }
    Ok(v)
}

fn gap(status: &str) -> bool {
    matches!(status, "fail" | "partial" | "error")
}

fn key(a: &Value) -> String {
    let platform = a.get("platform").and_then(Value::as_str).unwrap_or_default();
    if platform.is_empty() {
        a.get("file").and_then(Value::as_str).unwrap_or_default().to_owned()
    } else {
        platform.to_owned()
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn title(clause: &Value) -> String {
    clause.get("title").map(|t| format!("{} / {}", s(t, "zh"), s(t, "en"))).unwrap_or_default()
}

/// How the packs of two reports differ.
fn pack_changes(old: &Value, new: &Value) -> Vec<PackChange> {
    let field = |v: &Value, k: &str| v.get("pack").map(|p| s(p, k).to_owned()).unwrap_or_default();
    ["id", "edition", "version", "content_hash"]
        .into_iter()
        .filter_map(|k| {
            let (before, after) = (field(old, k), field(new, k));
            (before != after).then(|| PackChange { field: k.into(), before, after })
        })
        .collect()
}

/// Compares two JSON reports. Reports made with different rule packs are refused unless
/// `allow_pack_change`: a clause's status could then change because its rule changed, and the
/// diff would credit or blame the platform for it.
pub fn compare(old_path: &Path, new_path: &Path, allow_pack_change: bool) -> Result<Diff, Error> {
    let (old, new) = (read(old_path)?, read(new_path)?);
    let pack_changes = pack_changes(&old, &new);
    if !pack_changes.is_empty() && !allow_pack_change {
        let what: Vec<String> =
            pack_changes.iter().map(|c| format!("{} {} → {}", c.field, c.before, c.after)).collect();
        return Err(Error::Usage(format!(
            "{} and {} come from different rule packs ({}): a clause's status may have changed because its rule \
             changed, not the platform; compare reports made with the same pack, or pass --allow-pack-change",
            crate::input::shown(old_path),
            crate::input::shown(new_path),
            what.join("; ")
        )));
    }
    let list = |v: &Value| v.get("assessments").and_then(Value::as_array).cloned().unwrap_or_default();
    let (before, after) = (list(&old), list(&new));
    let mut platforms = Vec::new();
    for b in &before {
        let Some(a) = after.iter().find(|a| key(a) == key(b)) else { continue };
        let clauses_of = |x: &Value| x.get("clauses").and_then(Value::as_array).cloned().unwrap_or_default();
        let old_clauses = clauses_of(b);
        let mut clauses = Vec::new();
        for nc in clauses_of(a) {
            let id = s(&nc, "id");
            let before_status = old_clauses.iter().find(|c| s(c, "id") == id).map(|c| s(c, "status").to_owned());
            let before_status = before_status.unwrap_or_else(|| "absent".into());
            let after_status = s(&nc, "status").to_owned();
            if before_status == after_status {
                continue;
            }
            let kind = match (gap(&before_status), gap(&after_status)) {
                (true, false) if after_status == "pass" => "improved",
                (false, true) if before_status == "pass" => "regressed",
                _ => "changed",
            };
            clauses.push(ClauseChange {
                id: id.to_owned(),
                level: s(&nc, "level").to_owned(),
                title: title(&nc),
                before: before_status,
                after: after_status,
                kind: kind.into(),
            });
        }
        // Clauses the new pack no longer has (only possible with --allow-pack-change).
        let new_clauses = clauses_of(a);
        for oc in &old_clauses {
            if !new_clauses.iter().any(|c| s(c, "id") == s(oc, "id")) {
                clauses.push(ClauseChange {
                    id: s(oc, "id").to_owned(),
                    level: s(oc, "level").to_owned(),
                    title: title(oc),
                    before: s(oc, "status").to_owned(),
                    after: "absent".into(),
                    kind: "changed".into(),
                });
            }
        }
        let chapters_of = |x: &Value| x.get("chapters").and_then(Value::as_array).cloned().unwrap_or_default();
        let old_chapters = chapters_of(b);
        let new_chapters = chapters_of(a);
        let score_of = |list: &[Value], id: &str| {
            list.iter().find(|o| s(o, "id") == id).and_then(|o| o.get("score")).and_then(Value::as_f64)
        };
        let mut chapters: Vec<(String, Option<f64>, Option<f64>)> = new_chapters
            .iter()
            .filter_map(|c| {
                let id = s(c, "id");
                let (then, now) = (score_of(&old_chapters, id), c.get("score").and_then(Value::as_f64));
                (now != then).then(|| (id.to_owned(), then, now))
            })
            .collect();
        chapters.extend(
            old_chapters
                .iter()
                .filter(|o| !new_chapters.iter().any(|c| s(c, "id") == s(o, "id")))
                .map(|o| (s(o, "id").to_owned(), o.get("score").and_then(Value::as_f64), None)),
        );
        let score = |x: &Value| x.get("score").and_then(Value::as_f64).unwrap_or(0.0);
        platforms.push(PlatformDiff {
            platform: key(a),
            file_before: s(b, "file").to_owned(),
            file_after: s(a, "file").to_owned(),
            verdict_before: s(b, "verdict").to_owned(),
            verdict_after: s(a, "verdict").to_owned(),
            score_before: score(b),
            score_after: score(a),
            score_delta: crate::scoring::round2(score(a) - score(b)),
            chapters,
            clauses,
        });
    }
    let keys = |l: &[Value]| l.iter().map(key).collect::<Vec<_>>();
    let (kb, ka) = (keys(&before), keys(&after));
    Ok(Diff {
        pack_changes,
        platforms,
        only_before: kb.iter().filter(|k| !ka.contains(k)).cloned().collect(),
        only_after: ka.iter().filter(|k| !kb.contains(k)).cloned().collect(),
    })
}

/// The comparison as text.
pub fn render_text(d: &Diff, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let mut out = String::new();
    if !d.pack_changes.is_empty() {
        let _ = writeln!(out, "{}", t("规则包已变化:", "the rule pack changed:"));
        for c in &d.pack_changes {
            let _ = writeln!(out, "  {}: {} → {}", c.field, c.before, c.after);
        }
        let _ = writeln!(
            out,
            "  {}",
            t(
                "以下条款变化可能来自规则包的修改，而非平台本身。",
                "clause changes below may come from the rule pack, not from the platform."
            )
        );
    }
    for p in &d.platforms {
        let _ = writeln!(out, "{}: {}", t("平台", "platform"), p.platform);
        let label = |code: &str| match code {
            "conformant" => t("符合", "conformant"),
            "largely_conformant" => t("基本符合", "largely conformant"),
            "non_conformant" => t("不符合", "non-conformant"),
            _ => "?",
        };
        let _ = writeln!(out, "  {}: {} → {}", t("结论", "verdict"), label(&p.verdict_before), label(&p.verdict_after));
        let _ = writeln!(
            out,
            "  {}: {:.2} → {:.2} ({:+.2})",
            t("总分", "score"),
            p.score_before,
            p.score_after,
            p.score_delta
        );
        for (id, then, now) in &p.chapters {
            let f = |x: &Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into());
            let _ = writeln!(out, "  {} {id}: {} → {}", t("章节", "chapter"), f(then), f(now));
        }
        let count = |k: &str| p.clauses.iter().filter(|c| c.kind == k).count();
        let _ = writeln!(
            out,
            "  {}: {} {}, {} {}, {} {}",
            t("条款变化", "clause changes"),
            count("improved"),
            t("项整改完成", "improved"),
            count("regressed"),
            t("项退步", "regressed"),
            count("changed"),
            t("项其他变化", "other")
        );
        for c in &p.clauses {
            let mark = match c.kind.as_str() {
                "improved" => "+",
                "regressed" => "-",
                _ => "~",
            };
            let _ = writeln!(out, "    {mark} [{}] {} {}: {} → {}", c.level, c.id, c.title, c.before, c.after);
        }
    }
    for k in &d.only_before {
        let _ = writeln!(out, "{}: {k}", t("仅在旧报告中", "only in the old report"));
    }
    for k in &d.only_after {
        let _ = writeln!(out, "{}: {k}", t("仅在新报告中", "only in the new report"));
    }
    if d.platforms.is_empty() {
        let _ = writeln!(out, "{}", t("两份报告没有共同的平台。", "The two reports share no platform."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(version: &str, clauses: &[(&str, &str)]) -> Value {
        let clauses: Vec<Value> = clauses.iter().map(|(id, status)| json!({"id": id, "status": status})).collect();
        json!({
            "schema_version": crate::report::json::SCHEMA_VERSION,
            "pack": {"id": "p", "edition": "e", "version": version, "content_hash": format!("sha256:{version}")},
            "assessments": [{"platform": "x", "file": "x.yaml", "score": 50.0, "clauses": clauses}]
        })
    }

    fn files(old: &Value, new: &Value) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
        std::fs::write(&o, old.to_string()).unwrap();
        std::fs::write(&n, new.to_string()).unwrap();
        (dir, o, n)
    }

    #[test]
    fn reports_of_different_packs_are_refused_unless_allowed() {
        let (_dir, o, n) = files(&report("1", &[("1.1", "pass"), ("9.1", "fail")]), &report("2", &[("1.1", "pass")]));
        let Err(Error::Usage(m)) = compare(&o, &n, false) else { panic!("not refused") };
        assert!(m.contains("different rule packs (version 1 → 2; content_hash sha256:1 → sha256:2)"), "{m}");
        let d = compare(&o, &n, true).unwrap();
        let fields: Vec<&str> = d.pack_changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["version", "content_hash"]);
        // The clause the new pack dropped is listed, not silently ignored.
        let c = &d.platforms[0].clauses;
        assert_eq!((c[0].id.as_str(), c[0].before.as_str(), c[0].after.as_str()), ("9.1", "fail", "absent"));
        assert!(render_text(&d, Lang::En).starts_with("the rule pack changed:\n  version: 1 → 2\n"));
    }

    #[test]
    fn reports_of_one_pack_have_no_pack_changes() {
        let (_dir, o, n) = files(&report("1", &[("1.1", "fail")]), &report("1", &[("1.1", "pass")]));
        let d = compare(&o, &n, false).unwrap();
        assert!(d.pack_changes.is_empty());
        assert_eq!(d.platforms[0].clauses[0].kind, "improved");
    }
}
