//! `gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), a JSON array with one
//! issue per gap, as ruff's `gitlab` format writes — described at
//! https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format: `description`,
//! `check_name`, `fingerprint`, `severity` (info, minor, major, critical, blocker) and
//! `location.path` with `location.lines.begin`.
//!
//! The fingerprint is what GitLab compares between the merge request's base and head: it hashes
//! the file, the clause and the field its first finding is about — never a line number, so a gap
//! keeps its identity when lines above it move.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::assessment::{Assessment, ClauseResult};
use crate::pack::Level;
use crate::report::concise::{in_file_order, message};
use crate::report::json::pretty;
use crate::report::{Context, Reporter, Summary};
use crate::text::Lang;

/// One Code Quality issue.
#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The Code Quality array, written as platforms finish.
pub struct Gitlab;

impl Reporter for Gitlab {
    fn head(&self, _: &Context, _: &Summary, w: &mut dyn FnMut(&str)) {
        w("[\n  ");
    }

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        let issues: Vec<String> = in_file_order(a).into_iter().map(|c| pretty(&issue(a, c, cx.lang), 2)).collect();
        issues.join(",\n  ")
    }

    fn separator(&self) -> &'static str {
        ",\n  "
    }

    fn tail(&self, _: &Context, _: &Summary, w: &mut dyn FnMut(&str)) {
        w("\n]\n");
    }
}

/// GitLab's severity of a gap: a veto item blocks, a requirement is critical, a recommendation
/// minor, a permission informational.
fn severity(c: &ClauseResult) -> &'static str {
    match c.level {
        _ if c.veto => "blocker",
        Level::应 | Level::不应 => "critical",
        Level::宜 | Level::不宜 => "minor",
        Level::可 | Level::Informative => "info",
    }
}

fn issue(a: &Assessment, c: &ClauseResult, lang: Lang) -> Issue {
    let line = c.findings.first().and_then(|f| f.at).map_or(1, |p| p.line);
    Issue {
        description: format!("{} {}: {}", c.id, c.title.get(lang), message(c, lang)),
        check_name: format!("ipps-check/{}", c.id),
        fingerprint: fingerprint(&a.source.name, c),
        severity: severity(c),
        location: Location { path: a.source.name.clone(), lines: Lines { begin: line } },
    }
}

/// The file, the clause and the field its first finding is about, hashed.
pub fn fingerprint(file: &str, c: &ClauseResult) -> String {
    let pointer = c.findings.first().map(|f| f.pointer.as_str()).unwrap_or("");
    let digest = Sha256::digest(format!("ipps-check/gitlab/v1\u{0}{file}\u{0}{}\u{0}{pointer}", c.id).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
