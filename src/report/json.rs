//! The versioned JSON report. Its schema (`ipps-check schema report`) is generated from these types;
//! every field is documented in docs/report.md. Change the shape only with a new `schema_version`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::assessment::{AppliedWaiver, Basis, BasisCounts, Citation, ClauseResult, Counts, PackInfo, Status, Verdict};
use crate::gate::Gate;
use crate::pack::{Level, Provenance};
use crate::platform::field;
use crate::report::{Context, Reporter, Summary};
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
    /// The committee's view of a batch; present when more than one platform file was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<CommitteeJson>,
}

/// The committee's view of a batch, computed from every platform's result.
#[derive(Serialize, JsonSchema)]
pub struct CommitteeJson {
    /// Platforms assessed (files that could not be read are not counted).
    pub platforms: usize,
    /// How many platforms reached each verdict.
    pub verdicts: VerdictCounts,
    /// Clauses met over the whole batch, by what they rest on.
    pub basis_counts: BasisCounts,
    /// Every platform, best score first; equal scores keep the order of the files.
    pub ranking: Vec<RankJson>,
    /// Clause ids, in the standard's order: the columns of `matrix`.
    pub clauses: Vec<String>,
    /// One row per platform, in the order of `assessments`: the status of each clause of `clauses`.
    pub matrix: Vec<MatrixRowJson>,
    /// Each chapter's scores across the platforms.
    pub chapters: Vec<ChapterSpreadJson>,
    /// Clauses not met (fail, partial or error) by at least one platform, most often first.
    pub most_failed: Vec<ClauseTallyJson>,
}

/// Platforms per verdict.
#[derive(Serialize, JsonSchema)]
pub struct VerdictCounts {
    pub conformant: usize,
    pub largely_conformant: usize,
    pub non_conformant: usize,
}

/// One platform's place in the ranking.
#[derive(Serialize, JsonSchema)]
pub struct RankJson {
    /// 1 for the best score.
    pub rank: usize,
    pub file: String,
    pub platform: String,
    pub verdict: Verdict,
    pub score: f64,
    pub grade: String,
    pub shall_applicable: usize,
    /// Applicable 应/不应 clauses not passed.
    pub shall_not_passed: usize,
    /// Applicable 应/不应 clauses met on the platform's word alone.
    pub unverified_shall: usize,
    /// Accepted not-applicable declarations of 应/不应 clauses.
    pub shall_declared_not_applicable: usize,
    pub gate_passed: bool,
}

/// One row of the clause × platform matrix.
#[derive(Serialize, JsonSchema)]
pub struct MatrixRowJson {
    pub file: String,
    pub statuses: Vec<Status>,
}

/// A chapter's scores across the batch (0–100, two decimals); null when no platform scored it.
#[derive(Serialize, JsonSchema)]
pub struct ChapterSpreadJson {
    pub id: String,
    pub title: Text,
    /// Platforms in which the chapter had something to score.
    pub scored: usize,
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Population standard deviation.
    pub stdev: Option<f64>,
}

/// How often one clause was not met.
#[derive(Serialize, JsonSchema)]
pub struct ClauseTallyJson {
    pub clause: String,
    pub level: Level,
    pub title: Text,
    /// Platforms where the clause is fail, partial or error.
    pub not_met: usize,
    pub fail: usize,
    pub partial: usize,
    /// Platforms where the clause applied (neither not applicable nor waived).
    pub applicable: usize,
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
    /// The time zone "today" is read in (an IANA name such as `Asia/Shanghai`, or `UTC+08:00`).
    pub time_zone: String,
    /// Whether `as_of` was given (`--as-of`, `IPPS_AS_OF`, the config's `as-of`) rather than
    /// today in `time_zone`.
    pub as_of_given: bool,
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
    /// Every evidence entry that names clauses, as judged: what became of it and its copy, and
    /// which clauses it backs.
    pub citations: Vec<CitedDocumentJson>,
}

/// An evidence entry that names clauses.
#[derive(Serialize, JsonSchema)]
pub struct CitedDocumentJson {
    /// The entry as judged; `status` says what became of it: `read_and_matched`,
    /// `present_not_read`, `not_checked`, `missing` or `refused`.
    pub citation: Citation,
    /// The name of its kind (`citation.kind`) in the report's language.
    pub kind_name: Option<String>,
    /// Why it is refused, missing or not read; what its copy was found to carry when it matched.
    pub notes: Vec<String>,
    /// The clauses it backs.
    pub backs: Vec<String>,
    /// The clauses it names and does not back.
    pub not_backed: Vec<NotBackedJson>,
    pub location: Option<Location>,
}

/// A clause a citation names but does not back.
#[derive(Serialize, JsonSchema)]
pub struct NotBackedJson {
    pub clause: String,
    pub reason: String,
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
    /// What a reader should know about the result, which does not change its status or score (C.11:
    /// a time limit whose kind the guide does not state). Added within schema version 1.
    pub notes: Vec<FindingJson>,
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
    /// The waiver that covers the clause (status `waived`) or that expired (the clause counts as
    /// not met); null when no waiver applied.
    pub waiver: Option<AppliedWaiver>,
    /// A gap the baseline (`--baseline`) already had, at no new place: it does not fail the gate.
    pub in_baseline: bool,
    /// The clause in the pack's clause reference (`{pack.docs_url}#clause-{id}`); null when the
    /// pack names no `docs_url`.
    pub help_uri: Option<String>,
}

fn finding_json(f: &crate::assessment::Finding, lang: Lang) -> FindingJson {
    FindingJson {
        expected: f.expected.get(lang).to_owned(),
        found: f.found.get(lang).to_owned(),
        location: location(&f.pointer, &f.place, f.at),
    }
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
                let place = crate::report::labels::path(f);
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

fn pack_info(s: &Summary) -> PackInfo {
    s.catalog.pack.clone()
}

/// One platform's entry.
pub fn assessment(a: &Assessment, lang: Lang, gate: &Gate) -> AssessmentJson {
    AssessmentJson {
        file: a.source.name.clone(),
        sha256: a.sha256.clone(),
        platform: a.platform.clone(),
        as_of: a.as_of.clone(),
        time_zone: a.as_of_zone.clone(),
        as_of_given: a.as_of_given,
        verdict: a.verdict,
        verdict_label: a.verdict.label().get(lang).to_owned(),
        score: a.score,
        grade: a.grade.get(lang).to_owned(),
        gate_passed: gate.passes(a),
        gate_reasons: gate.reasons_in(a, lang),
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
                findings: c.findings.iter().map(|f| finding_json(f, lang)).collect(),
                notes: c.notes.iter().map(|f| finding_json(f, lang)).collect(),
                remediation: c.remediation.clone(),
                manual: c.manual.clone(),
                provenance: c.provenance.clone(),
                evidence: c.evidence.clone(),
                basis: c.basis,
                unverified: c.unverified(),
                citation: c.citation.clone(),
                waiver: c.waiver.clone(),
                in_baseline: c.in_baseline,
                help_uri: a.pack.help_uri(&c.id),
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
        citations: a
            .citations
            .iter()
            .map(|d| CitedDocumentJson {
                citation: d.citation.clone(),
                kind_name: d.kind_name.as_ref().map(|n| n.get(lang).to_owned()),
                notes: d.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
                backs: d.backs.clone(),
                not_backed: d
                    .not_backed
                    .iter()
                    .map(|(clause, why)| NotBackedJson { clause: clause.clone(), reason: why.get(lang).to_owned() })
                    .collect(),
                location: location(&d.citation.pointer, "", d.at),
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
    }
}

fn round(x: Option<f64>) -> Option<f64> {
    x.map(crate::scoring::round2)
}

fn chapters_json(s: &Summary) -> Vec<ChapterSpreadJson> {
    s.catalog
        .chapters
        .iter()
        .zip(s.committee().chapters())
        .map(|(ch, sp)| ChapterSpreadJson {
            id: ch.id.clone(),
            title: ch.title.clone(),
            scored: sp.scored,
            mean: round(sp.mean),
            min: round(sp.min),
            max: round(sp.max),
            stdev: round(sp.stdev),
        })
        .collect()
}

fn most_failed_json(s: &Summary) -> Vec<ClauseTallyJson> {
    s.committee()
        .most_failed()
        .into_iter()
        .map(|t| {
            let clause = &s.catalog.clauses[t.clause];
            ClauseTallyJson {
                clause: clause.id.clone(),
                level: clause.level,
                title: clause.title.clone(),
                not_met: t.not_met,
                fail: t.fail,
                partial: t.partial,
                applicable: t.applicable,
            }
        })
        .collect()
}

/// Pretty JSON of a value, every line but the first indented by `indent` spaces, DEL, C1 and bidi
/// controls (which serde_json leaves raw) written as \uXXXX: same document, safe to print.
pub(crate) fn pretty(value: &impl Serialize, indent: usize) -> String {
    let text = crate::report::escape::json(serde_json::to_string_pretty(value).unwrap_or_default());
    let pad = " ".repeat(indent);
    text.replace('\n', &format!("\n{pad}"))
}

/// The versioned JSON report, streamed: the assessments array is filled as platforms finish.
pub struct Json;

impl Reporter for Json {
    fn head(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        let report = Report {
            schema_version: SCHEMA_VERSION.into(),
            tool: Tool { name: "ipps-check".into(), version: env!("CARGO_PKG_VERSION").into() },
            pack: pack_info(s),
            lang: cx.lang,
            gate: cx.gate.clone(),
            config: cx.config.map(str::to_owned),
            assessments: Vec::new(),
            committee: None,
        };
        let text = pretty(&report, 0);
        // The only unquoted `"assessments": []` is the key of the top-level object.
        let open = text.rfind("\"assessments\": []").map(|i| i + "\"assessments\": ".len()).unwrap_or(text.len());
        w(&format!("{}[\n    ", &text[..open]));
    }

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        pretty(&assessment(a, cx.lang, cx.gate), 4)
    }

    fn separator(&self) -> &'static str {
        ",\n    "
    }

    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        w("\n  ]");
        if cx.batch {
            w(",\n  \"committee\": ");
            committee_streamed(s, cx.lang, w);
        }
        w("\n}\n");
    }
}

/// The committee object written member by member, so that ten thousand platforms' ranking and
/// matrix are never one string; each matrix row is one line. The bytes parse to [`committee`].
fn committee_streamed(s: &Summary, lang: Lang, w: &mut dyn FnMut(&str)) {
    let c = s.committee();
    let [conformant, largely_conformant, non_conformant] = c.verdicts();
    let key = |w: &mut dyn FnMut(&str), name: &str, first: bool| {
        w(&format!("{}\n    \"{name}\": ", if first { "" } else { "," }));
    };
    w("{");
    key(w, "platforms", true);
    w(&s.rows.len().to_string());
    key(w, "verdicts", false);
    w(&pretty(&VerdictCounts { conformant, largely_conformant, non_conformant }, 4));
    key(w, "basis_counts", false);
    w(&pretty(&c.basis_counts(), 4));
    key(w, "ranking", false);
    array(w, c.ranking().into_iter().enumerate().map(|(i, r)| rank(i, r, lang)), |x| pretty(&x, 6));
    key(w, "clauses", false);
    let ids: Vec<&str> = s.catalog.clauses.iter().map(|c| c.id.as_str()).collect();
    w(&crate::report::escape::json(serde_json::to_string(&ids).unwrap_or_default()));
    key(w, "matrix", false);
    array(w, s.rows.iter().map(|r| MatrixRowJson { file: r.file.clone(), statuses: r.statuses.to_vec() }), |x| {
        crate::report::escape::json(serde_json::to_string(&x).unwrap_or_default())
    });
    key(w, "chapters", false);
    w(&pretty(&chapters_json(s), 4));
    key(w, "most_failed", false);
    w(&pretty(&most_failed_json(s), 4));
    w("\n  }");
}

/// A JSON array written element by element, one per line.
fn array<T>(w: &mut dyn FnMut(&str), items: impl Iterator<Item = T>, show: impl Fn(T) -> String) {
    let mut any = false;
    for item in items {
        w(if any { ",\n      " } else { "[\n      " });
        w(&show(item));
        any = true;
    }
    w(if any { "\n    ]" } else { "[]" });
}

fn rank(i: usize, r: &crate::committee::Row, lang: Lang) -> RankJson {
    RankJson {
        rank: i + 1,
        file: r.file.clone(),
        platform: r.platform.clone(),
        verdict: r.verdict,
        score: r.score,
        grade: r.grade.get(lang).to_owned(),
        shall_applicable: r.shall_applicable,
        shall_not_passed: r.shall_not_passed,
        unverified_shall: r.unverified_shall,
        shall_declared_not_applicable: r.shall_declared,
        gate_passed: r.gate_passed(),
    }
}

/// The JSON Schema of the report.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
