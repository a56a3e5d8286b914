//! The versioned JSON report. Its schema (`ipps-check schema report`) is generated from these types;
//! every field is documented in docs/report.md. Change the shape only with a new `schema_version`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{Basis, BasisCounts, Citation, ClauseResult, Counts, PackInfo, Status, Verdict};
use crate::gate::Gate;
use crate::pack::{Level, Provenance};
use crate::platform::field;
use crate::report::Rendering;
use crate::text::{Lang, Text};

/// Version of the JSON report's shape.
pub const SCHEMA_VERSION: &str = "1.1";

/// The whole JSON report.
#[derive(Serialize, JsonSchema)]
pub struct Report {
    /// Version of this report's shape; a change of its meaning bumps it.
    pub schema_version: String,
    pub tool: Tool,
    pub pack: PackInfo,
    /// Language of `message`, `verdict_label` and similar texts.
    pub lang: Lang,
    pub gate: Gate,
    /// The config file the run used (`.ipps-check.yaml`), as given or as found from the current
    /// directory; absent when none was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// One entry per platform file, in the order the files were given (directories sorted).
    pub assessments: Vec<AssessmentJson>,
}

#[derive(Serialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// One platform's result.
#[derive(Serialize, JsonSchema)]
pub struct AssessmentJson {
    /// The platform file as given on the command line.
    pub file: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// `platform.name` of the description.
    pub platform: String,
    /// Assessment date that `age_days` checks measure from.
    pub as_of: String,
    pub verdict: Verdict,
    /// 符合 / 基本符合 / 不符合, or their English rendering.
    pub verdict_label: String,
    /// Overall score 0–100 (two decimals).
    pub score: f64,
    pub grade: String,
    /// Whether this platform passes the gate of the run (see `gate`).
    pub gate_passed: bool,
    /// Why the gate failed; empty when it passed.
    pub gate_reasons: Vec<String>,
    pub counts: Counts,
    /// Applicable 应/不应 clauses.
    pub shall_applicable: usize,
    /// Applicable 应/不应 clauses not passed (fail, partial or error).
    pub shall_not_passed: usize,
    /// Veto items (否决项) not passed.
    pub veto_failed: Vec<String>,
    /// Clauses whose waiver has expired: they count as not met and fail the gate.
    pub expired_waivers: Vec<String>,
    pub chapters: Vec<ChapterJson>,
    /// One entry per clause of the pack, in the standard's order.
    pub clauses: Vec<ClauseJson>,
    pub warnings: Vec<String>,
    /// The scoring formula in words.
    pub formula: String,
    /// Share (percent) of the pack's 应/不应 clauses that applied; under the pack's
    /// `trust.min_applicable_shall_pct` the verdict is 不符合.
    pub applicable_shall_pct: f64,
    /// Clauses whose check held, by what they rest on: `declaration` counts the unverified ones.
    pub basis_counts: BasisCounts,
    /// Whether a 应/不应 clause met on the platform's word alone counted as not met (`--strict`).
    pub strict: bool,
    /// Every not-applicable declaration of the file, accepted or refused.
    pub declarations: Vec<DeclarationJson>,
    /// Values taken out before the rules ran because they say nothing (placeholders, implausible
    /// phone numbers, bad credit codes, web addresses without a host, past events in the future).
    pub meaningless: Vec<MeaninglessJson>,
}

/// A not-applicable declaration.
#[derive(Serialize, JsonSchema)]
pub struct DeclarationJson {
    pub clause: String,
    pub reason: String,
    /// Whether the pack accepted it (the clause is then not applicable).
    pub accepted: bool,
    /// Why it was refused (the clause was then evaluated as usual).
    pub refusal: Option<String>,
    pub location: Option<Location>,
}

/// A value that says nothing.
#[derive(Serialize, JsonSchema)]
pub struct MeaninglessJson {
    /// The value as written (shortened).
    pub value: String,
    pub reason: String,
    pub location: Option<Location>,
}

/// A chapter's score.
#[derive(Serialize, JsonSchema)]
pub struct ChapterJson {
    pub id: String,
    pub title: Text,
    /// Weight of the chapter in the overall score.
    pub weight: f64,
    /// 0–100, or null when no clause of the chapter was scored.
    pub score: Option<f64>,
    /// Σ weight × credit of the chapter's clauses.
    pub earned: f64,
    /// Σ weight of the chapter's applicable, non-bonus clauses (the denominator).
    pub possible: f64,
    pub counts: Counts,
}

/// A position in the platform file.
#[derive(Serialize, JsonSchema)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// JSON Pointer of the node the finding is about (which may be missing from the file).
    pub pointer: String,
    /// The same as a dotted path, e.g. `service_items[0].fee.basis`.
    pub field: String,
    /// The same in words, naming each list item on the way, e.g.
    /// `service_items[3] 专利权质押登记 › fee.basis`.
    pub place: String,
}

/// One gap within a clause.
#[derive(Serialize, JsonSchema)]
pub struct FindingJson {
    pub expected: String,
    pub found: String,
    /// Where in the platform file; null when the file has no such place.
    pub location: Option<Location>,
}

/// One clause's result.
#[derive(Serialize, JsonSchema)]
pub struct ClauseJson {
    pub id: String,
    pub chapter: String,
    pub level: Level,
    /// A veto item (否决项).
    pub veto: bool,
    pub title: Text,
    /// The clause's wording: zh authoritative, en translation.
    pub text: Text,
    pub status: Status,
    /// Units of the check that held.
    pub passed: u32,
    /// Units of the check evaluated.
    pub total: u32,
    /// Share met, 0–1.
    pub credit: f64,
    pub weight: f64,
    /// weight × credit.
    pub earned: f64,
    /// A bonus clause (可): outside the denominator.
    pub bonus: bool,
    /// One line on the result in the report language.
    pub message: String,
    /// Why not applicable, waived or in error.
    pub reason: Option<String>,
    /// The first finding's location, null for clauses without findings.
    pub location: Option<Location>,
    pub findings: Vec<FindingJson>,
    pub remediation: Text,
    /// What an auditor verifies by hand.
    pub manual: Option<Text>,
    pub provenance: Provenance,
    /// Fields of the platform description the clause draws on.
    pub evidence: Vec<String>,
    /// What the result rests on: `data`, `evidence` (a declaration backed by a cited document) or
    /// `declaration` (the platform's word alone); null when the clause was not evaluated.
    pub basis: Option<Basis>,
    /// The check held on the platform's word alone (a 应/不应 clause then earns at most the pack's
    /// `trust.declaration_credit`).
    pub unverified: bool,
    /// The document cited for the clause's declaration, with the SHA-256 of its copy when
    /// `--evidence-dir` was given.
    pub citation: Option<Citation>,
}

/// One line on a clause's result.
pub fn message(c: &ClauseResult, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match c.status {
        Status::Pass if zh => format!("满足（{}/{}）", c.passed, c.total),
        Status::Pass => format!("met ({}/{})", c.passed, c.total),
        Status::NotApplicable | Status::Waived | Status::Error => {
            c.reason.as_ref().map(|r| r.get(lang).to_owned()).unwrap_or_default()
        }
        Status::Fail | Status::Partial => {
            let first = c.findings.first().map(|f| {
                let place = field(&f.pointer);
                if zh {
                    format!("{place}：应为 {}，实为 {}", f.expected.zh, f.found.zh)
                } else {
                    format!("{place}: expected {}, found {}", f.expected.en, f.found.en)
                }
            });
            let head =
                if zh { format!("满足 {}/{}", c.passed, c.total) } else { format!("{}/{} met", c.passed, c.total) };
            match first {
                Some(f) => format!("{head}; {f}"),
                None => head,
            }
        }
    }
}

fn location(pointer: &str, place: &str, at: Option<crate::source::LineCol>) -> Option<Location> {
    at.map(|p| Location {
        line: p.line,
        column: p.column,
        pointer: pointer.to_owned(),
        field: field(pointer),
        place: if place.is_empty() { field(pointer) } else { place.to_owned() },
    })
}

/// Builds the report object.
pub fn build(r: &Rendering) -> Report {
    let lang = r.lang;
    let pack = r.assessments.first().map(|a| a.pack.clone()).unwrap_or_else(|| PackInfo {
        id: String::new(),
        title: Text::default(),
        edition: String::new(),
        version: String::new(),
        content_hash: String::new(),
    });
    let assessments = r
        .assessments
        .iter()
        .map(|a| AssessmentJson {
            file: a.source.name.clone(),
            sha256: a.sha256.clone(),
            platform: a.platform.clone(),
            as_of: a.as_of.clone(),
            verdict: a.verdict,
            verdict_label: a.verdict.label().get(lang).to_owned(),
            score: a.score,
            grade: a.grade.get(lang).to_owned(),
            gate_passed: r.gate.passes(a),
            gate_reasons: r.gate.reasons_in(a, lang),
            counts: a.counts,
            shall_applicable: a.shall_applicable,
            shall_not_passed: a.shall_not_passed,
            veto_failed: a.veto_failed.clone(),
            expired_waivers: a.expired_waivers.clone(),
            chapters: a
                .chapters
                .iter()
                .map(|c| ChapterJson {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    weight: c.weight,
                    score: c.score,
                    earned: c.earned,
                    possible: c.possible,
                    counts: c.counts,
                })
                .collect(),
            clauses: a
                .clauses
                .iter()
                .map(|c| ClauseJson {
                    id: c.id.clone(),
                    chapter: c.chapter.clone(),
                    level: c.level,
                    veto: c.veto,
                    title: c.title.clone(),
                    text: c.text.clone(),
                    status: c.status,
                    passed: c.passed,
                    total: c.total,
                    credit: crate::scoring::round2(c.credit * 100.0) / 100.0,
                    weight: c.weight,
                    earned: crate::scoring::round2(c.earned()),
                    bonus: c.bonus,
                    message: message(c, lang),
                    reason: c.reason.as_ref().map(|t| t.get(lang).to_owned()),
                    location: c.findings.first().and_then(|f| location(&f.pointer, &f.place, f.at)),
                    findings: c
                        .findings
                        .iter()
                        .map(|f| FindingJson {
                            expected: f.expected.get(lang).to_owned(),
                            found: f.found.get(lang).to_owned(),
                            location: location(&f.pointer, &f.place, f.at),
                        })
                        .collect(),
                    remediation: c.remediation.clone(),
                    manual: c.manual.clone(),
                    provenance: c.provenance.clone(),
                    evidence: c.evidence.clone(),
                    basis: c.basis,
                    unverified: c.unverified(),
                    citation: c.citation.clone(),
                })
                .collect(),
            warnings: a.warnings.iter().map(|w| w.get(lang).to_owned()).collect(),
            formula: a.formula.get(lang).to_owned(),
            applicable_shall_pct: a.applicable_shall_pct,
            basis_counts: a.basis_counts,
            strict: a.strict,
            declarations: a
                .declarations
                .iter()
                .map(|d| DeclarationJson {
                    clause: d.clause.clone(),
                    reason: d.reason.clone(),
                    accepted: d.refused.is_none(),
                    refusal: d.refused.as_ref().map(|t| t.get(lang).to_owned()),
                    location: location(&d.pointer, "", d.at),
                })
                .collect(),
            meaningless: a
                .meaningless
                .iter()
                .map(|m| MeaninglessJson {
                    value: m.value.clone(),
                    reason: m.reason.get(lang).to_owned(),
                    location: location(&m.pointer, "", m.at),
                })
                .collect(),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION.into(),
        tool: Tool { name: "ipps-check".into(), version: env!("CARGO_PKG_VERSION").into() },
        pack,
        lang,
        gate: r.gate.clone(),
        config: r.config.map(str::to_owned),
        assessments,
    }
}

/// Renders the JSON report, pretty-printed, with a final newline.
pub fn render(r: &Rendering) -> String {
    // DEL, C1 and bidi controls, which serde_json leaves raw, as \uXXXX: same document, safe to print.
    crate::report::escape::json(serde_json::to_string_pretty(&build(r)).unwrap_or_default()) + "\n"
}

/// The JSON Schema of the report.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
