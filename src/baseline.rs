//! The baseline: a previous JSON report whose gaps are known, so that adopting the tool on an
//! existing platform fails CI only on new gaps (`--baseline FILE`, as Checkov's `--baseline`).
//!
//! A gap is known when the baseline has the same platform (by `platform.name`, else by file) with
//! the same clause as a gap, and every finding of it now is at a field where the baseline had one
//! too: a clause that fails at a new place — a new service item without a time limit — is new.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::assessment::{Assessment, ClauseResult};
use crate::error::Error;

/// The known gaps of a previous report.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// Platform (name, else file) → clause id → the places of its findings.
    known: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

impl Baseline {
    /// Reads a JSON report as a baseline.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        Ok(Baseline::of(&crate::diff::read(path)?))
    }

    /// The known gaps of a parsed JSON report.
    pub fn of(report: &Value) -> Baseline {
        let mut b = Baseline::default();
        let assessments = report.get("assessments").and_then(Value::as_array).cloned().unwrap_or_default();
        for a in &assessments {
            let mut clauses = BTreeMap::new();
            for c in a.get("clauses").and_then(Value::as_array).into_iter().flatten() {
                let status = c.get("status").and_then(Value::as_str).unwrap_or_default();
                if !matches!(status, "fail" | "partial" | "error") {
                    continue;
                }
                let places: BTreeSet<String> = c
                    .get("findings")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|f| {
                        let pointer = f.pointer("/location/pointer").and_then(Value::as_str);
                        pointer.map(str::to_owned).unwrap_or_else(|| text(f, "expected"))
                    })
                    .collect();
                clauses.insert(text(c, "id"), places);
            }
            b.known.insert(key(&text(a, "platform"), &text(a, "file")), clauses);
        }
        b
    }

    /// Whether a gap of an assessment was in the baseline, at no new place.
    pub fn knows(&self, a: &Assessment, c: &ClauseResult) -> bool {
        let own = key(&a.platform, &a.source.name);
        let Some(places) = self.known.get(&own).and_then(|clauses| clauses.get(&c.id)) else { return false };
        c.findings
            .iter()
            .all(|f| places.contains(&f.pointer) || places.contains(&f.expected.en) || places.contains(&f.expected.zh))
    }

    /// Marks the gaps of an assessment that the baseline knows.
    pub fn mark(&self, a: &mut Assessment) {
        let known: Vec<bool> = a.clauses.iter().map(|c| c.status.is_gap() && self.knows(a, c)).collect();
        for (c, k) in a.clauses.iter_mut().zip(known) {
            c.in_baseline = k;
        }
        a.baseline_used = true;
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A platform's identity across runs: its name, which survives a renamed file; its file else.
fn key(platform: &str, file: &str) -> String {
    if platform.is_empty() { format!("file:{file}") } else { format!("platform:{platform}") }
}
