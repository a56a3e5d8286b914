//! Checking one platform: values that say nothing taken out, not-applicable declarations judged,
//! every rule evaluated, what each result rests on recorded, then scoring.

pub mod citations;
mod copies;
mod declarations;
mod places;

use std::path::PathBuf;

use serde_json::Value;

use crate::assessment::{
    AppliedWaiver, Assessment, Basis, BasisCounts, ClauseResult, Counts, Finding, MeaninglessValue, PackInfo, Status,
};
use crate::baseline::Baseline;
use crate::engine::{self, Gap, Outcome};
use crate::meaning::Meaningless;
use crate::pack::{Pack, Rule, RuleBasis, RulePlan};
use crate::platform::LoadedPlatform;
use crate::scoring;
use crate::text::Text;
use crate::values::bounded;
use crate::waivers::ValidWaiver;
use crate::yaml::SourceMap;

/// A compiled rule pack ready to check platforms, with the accepted waivers and how strictly
/// declarations are taken.
pub struct Checker {
    pub pack: Pack,
    waivers: Vec<ValidWaiver>,
    /// Declarations without a cited document count as not met (`--strict`).
    strict: bool,
    /// Where cited copies of documents must be (`--evidence-dir`).
    evidence_dir: Option<PathBuf>,
    /// The zone "today" is read in, and whether the date was given instead (reports say which).
    as_of_zone: String,
    as_of_given: bool,
    /// The gaps of a previous report, which do not fail the gate (`--baseline`).
    baseline: Option<Baseline>,
}

/// Whether a rule applies to a document: `Err` with the reason when it does not.
pub fn applicability(rule: &Rule, plan: &RulePlan, root: &Value, as_of: i64) -> Result<(), Text> {
    match (&plan.applies_when, &rule.applies_when) {
        (Some(check), Some(cond)) if !engine::evaluate(check, root, as_of).holds() => Err(cond.otherwise.clone()),
        _ => Ok(()),
    }
}

/// Evaluates a rule's check (not its applicability); an informative rule is not applicable.
pub fn evaluate(rule: &Rule, plan: &RulePlan, root: &Value, as_of: i64) -> Outcome {
    match &plan.check {
        Some(check) => engine::evaluate(check, root, as_of),
        None => Outcome::na(rule.informative.clone().unwrap_or_default()),
    }
}

/// What a rule's notes say about a document: gaps that change neither status nor score.
pub fn notes(plan: &RulePlan, root: &Value, as_of: i64) -> Vec<Gap> {
    plan.notes.iter().flat_map(|n| engine::evaluate(n, root, as_of).gaps).collect()
}

/// One short warning line per clause with notes, so that every report format shows them; the
/// notes themselves, with their places, are in the clause's result.
fn note_warning(c: &ClauseResult) -> Option<Text> {
    const SHOWN: usize = 8;
    let first = c.notes.first()?;
    let mut lines: Vec<String> = c.notes.iter().filter_map(|n| n.at.map(|at| at.line.to_string())).collect();
    lines.dedup();
    let more = lines.len() > SHOWN;
    lines.truncate(SHOWN);
    let (zh_lines, en_lines) = match (lines.is_empty(), more) {
        (true, _) => (String::new(), String::new()),
        (false, false) => (format!("，第 {} 行", lines.join("、")), format!(", lines {}", lines.join(", "))),
        (false, true) => (format!("，第 {} 行等", lines.join("、")), format!(", lines {}…", lines.join(", "))),
    };
    let n = c.notes.len();
    Some(Text::new(
        format!("条款 {} 提示（不影响结论和得分）：{}——{n} 处未做到{zh_lines}", c.id, first.expected.zh),
        format!(
            "clause {} note (result and score unchanged): {} — not so in {n} place(s){en_lines}",
            c.id, first.expected.en
        ),
    ))
}

impl Checker {
    /// Prepares a pack for checking.
    pub fn new(pack: Pack) -> Checker {
        Checker {
            pack,
            waivers: Vec::new(),
            strict: false,
            evidence_dir: None,
            as_of_zone: "UTC".into(),
            as_of_given: true,
            baseline: None,
        }
    }

    /// Applies accepted exceptions from a waivers file to every assessment.
    pub fn with_waivers(mut self, waivers: Vec<ValidWaiver>) -> Checker {
        self.waivers = waivers;
        self
    }

    /// For certification: a 应/不应 clause met on the platform's word alone counts as not met.
    pub fn strict(mut self, strict: bool) -> Checker {
        self.strict = strict;
        self
    }

    /// Cited copies of documents must be files inside this folder; their SHA-256 is recorded.
    pub fn with_evidence_dir(mut self, dir: Option<PathBuf>) -> Checker {
        self.evidence_dir = dir;
        self
    }

    /// Names the time zone of the run's date in every assessment, and whether the date was given
    /// rather than today in that zone.
    pub fn with_as_of_zone(mut self, zone: String, given: bool) -> Checker {
        self.as_of_zone = zone;
        self.as_of_given = given;
        self
    }

    /// Marks the gaps a previous report already had: only new gaps fail the gate.
    pub fn with_baseline(mut self, baseline: Option<Baseline>) -> Checker {
        self.baseline = baseline;
        self
    }

    /// Checks one loaded platform as of a day number.
    pub fn assess(&self, platform: &LoadedPlatform, as_of: i64) -> Assessment {
        let original = &platform.value;
        let mut warnings = Vec::new();
        if platform.format_version == 1 {
            let file = &platform.source.name;
            warnings.push(Text::new(
                format!("{file} 使用平台描述格式第 1 版，已在内存中转换为第 2 版后检查；请运行 `ipps-check migrate {file} -o 新文件.yaml` 更新文件"),
                format!("{file} is in platform format version 1 and was checked after converting it to version 2 in memory; run `ipps-check migrate {file} -o NEW.yaml` to update the file"),
            ));
        }
        let mut doc = original.clone();
        let meaningless = crate::meaning::clean(&mut doc, &self.pack.manifest.trust, as_of);
        let declarations = declarations::judge(original, &doc, &platform.map, &self.pack, as_of);
        let settings =
            citations::Settings { pack: &self.pack, evidence_dir: self.evidence_dir.as_deref(), strict: self.strict };
        let citations = citations::judge(&doc, &platform.map, &settings);
        warnings.extend(citations.warnings.iter().cloned());
        warnings.extend(declarations.iter().filter(|d| d.level.is_none()).filter_map(|d| d.refused.clone()));
        let bonus_levels = &self.pack.manifest.scoring.bonus_levels;
        let mut clauses: Vec<ClauseResult> = self
            .pack
            .rules
            .iter()
            .zip(&self.pack.plans)
            .map(|(rule, plan)| {
                let mut result = ClauseResult {
                    id: rule.id.clone(),
                    chapter: rule.chapter.clone(),
                    level: rule.level,
                    veto: rule.veto,
                    title: rule.title.clone(),
                    text: rule.text.clone(),
                    remediation: plan.remediation.clone(),
                    manual: plan.manual.clone(),
                    provenance: rule.provenance.clone(),
                    evidence: rule.evidence.clone(),
                    status: Status::NotApplicable,
                    passed: 0,
                    total: 0,
                    credit: 0.0,
                    weight: self.pack.weight(rule),
                    bonus: bonus_levels.contains(&rule.level),
                    reason: None,
                    findings: Vec::new(),
                    notes: Vec::new(),
                    basis: None,
                    citation: None,
                    waiver: None,
                    in_baseline: false,
                };
                let accepted = declarations.iter().find(|d| d.clause == rule.id && d.refused.is_none());
                if let Some(d) = accepted {
                    result.reason = Some(Text::new(
                        format!("平台声明不适用：{}", d.reason),
                        format!("declared not applicable: {}", d.reason),
                    ));
                    return result;
                }
                if let Err(reason) = applicability(rule, plan, &doc, as_of) {
                    result.reason = Some(reason);
                    return result;
                }
                let outcome = evaluate(rule, plan, &doc, as_of);
                result.passed = outcome.passed;
                result.total = outcome.total;
                result.findings =
                    outcome.gaps.into_iter().map(|g| finding(g, &doc, &platform.map, &meaningless)).collect();
                if let Some(error) = outcome.error {
                    result.status = Status::Error;
                    result.reason = Some(error);
                    return result;
                }
                if outcome.total == 0 {
                    result.reason = outcome.not_applicable;
                    return result;
                }
                result.notes = notes(plan, &doc, as_of)
                    .into_iter()
                    .map(|g| finding(g, &doc, &platform.map, &meaningless))
                    .collect();
                result.credit = f64::from(outcome.passed) / f64::from(outcome.total);
                result.status = match (outcome.passed, outcome.total) {
                    (p, t) if p == t => Status::Pass,
                    (0, _) => Status::Fail,
                    _ => Status::Partial,
                };
                result.basis = Some(match (rule.basis, citations.backing(&rule.id)) {
                    (RuleBasis::Data, _) => Basis::Data,
                    (RuleBasis::Declaration, Some(c)) => {
                        result.citation = Some(c.clone());
                        Basis::Evidence
                    }
                    (RuleBasis::Declaration, None) => Basis::Declaration,
                });
                if result.basis == Some(Basis::Declaration) && rule.level.is_shall() {
                    self.cap_declaration(&mut result, &doc, &platform.map, &citations.why_not(&rule.id));
                }
                result
            })
            .collect();
        warnings.extend(clauses.iter().filter_map(note_warning));
        let expired_waivers = self.apply_waivers(&mut clauses, as_of, &mut warnings);
        let scores = scoring::score(&self.pack, &clauses);
        let mut basis_counts = BasisCounts::default();
        for c in clauses.iter().filter(|c| c.total > 0 && c.passed == c.total) {
            match c.basis {
                Some(Basis::Data) => basis_counts.data += 1,
                Some(Basis::Evidence) => basis_counts.evidence += 1,
                Some(Basis::Declaration) => basis_counts.declaration += 1,
                None => {}
            }
        }
        let m = &self.pack.manifest;
        let mut assessment = Assessment {
            source: platform.source.clone(),
            sha256: platform.sha256.clone(),
            platform: original.pointer("/platform/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            operator: original.pointer("/operator/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            as_of: crate::date::format_days(as_of),
            as_of_zone: self.as_of_zone.clone(),
            as_of_given: self.as_of_given,
            pack: PackInfo {
                id: m.id.clone(),
                title: m.title.clone(),
                edition: m.edition.clone(),
                version: m.version.clone(),
                content_hash: self.pack.content_hash.clone(),
                docs_url: m.docs_url.clone(),
            },
            counts: Counts::of(clauses.iter().map(|c| &c.status)),
            clauses,
            chapters: scores.chapters,
            score: scores.score,
            grade: scores.grade,
            verdict: scores.verdict,
            shall_applicable: scores.shall_applicable,
            shall_not_passed: scores.shall_not_passed,
            veto_failed: scores.veto_failed,
            warnings,
            expired_waivers,
            formula: scoring::formula(&self.pack),
            declarations,
            meaningless: meaningless
                .into_iter()
                .map(|m| MeaninglessValue {
                    at: platform.map.get(&m.pointer).map(|s| s.value),
                    pointer: m.pointer,
                    value: m.value,
                    reason: m.reason,
                })
                .collect(),
            basis_counts,
            applicable_shall_pct: scores.applicable_shall_pct,
            strict: self.strict,
            baseline_used: false,
            citations: citations.documents,
        };
        bound_echoes(&mut assessment);
        if let Some(b) = &self.baseline {
            b.mark(&mut assessment);
        }
        assessment
    }

    /// A 应/不应 clause met on the platform's word alone earns at most the pack's share of its
    /// credit — none under `--strict` — and says what would verify it.
    fn cap_declaration(&self, result: &mut ClauseResult, doc: &Value, map: &SourceMap, why_not: &[Text]) {
        let share = if self.strict { 0.0 } else { self.pack.manifest.trust.declaration_credit };
        if result.credit <= share {
            return;
        }
        result.credit = share;
        result.status = if share > 0.0 { Status::Partial } else { Status::Fail };
        let id = &result.id;
        // Located at the declared field itself: the first of the clause's fields the file has.
        let pointer = result
            .evidence
            .iter()
            .filter(|p| !p.contains('*'))
            .find(|p| crate::pointer::Pointer::parse(p).is_some_and(|p| p.get(doc).is_some()))
            .cloned()
            .unwrap_or_default();
        let kinds: Vec<Text> = self
            .pack
            .rule(id)
            .and_then(|r| r.backed_by.as_ref())
            .map(|b| {
                b.kinds
                    .iter()
                    .filter_map(|k| self.pack.manifest.citations.kinds.get(k))
                    .map(|k| k.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let kinds_zh: Vec<&str> = kinds.iter().map(|k| k.zh.as_str()).collect();
        let kinds_en: Vec<&str> = kinds.iter().map(|k| k.en.as_str()).collect();
        let (copy_zh, copy_en) = if self.strict {
            ("，并在证据目录中有副本", ", and its copy in the evidence folder")
        } else {
            ("", "")
        };
        let finding = Finding {
            at: map.resolve(&pointer).map(|(p, s)| if p == pointer { s.value } else { s.key.unwrap_or(s.value) }),
            place: places::place(doc, &pointer),
            pointer,
            expected: Text::new(
                format!(
                    "引证支撑本条声明的文件，种类为{}之一（任一部分 evidence 中的条目，clauses 含 {id}，有标题、文号或网址、日期{copy_zh}）",
                    kinds_zh.join("、")
                ),
                format!(
                    "a document cited for this declaration, one of: {} (an evidence entry whose clauses include {id}, with a title, a 文号 or URL, and a date{copy_en})",
                    kinds_en.join(", ")
                ),
            ),
            found: if why_not.is_empty() {
                Text::new("仅有平台自我声明，未引证文件", "the platform's own statement, with no document cited")
            } else {
                let zh: Vec<&str> = why_not.iter().map(|t| t.zh.as_str()).collect();
                let en: Vec<&str> = why_not.iter().map(|t| t.en.as_str()).collect();
                Text::new(
                    format!("仅有平台自我声明；所引文件不能支撑本条：{}", zh.join("；")),
                    format!("the platform's own statement; the documents cited do not back it: {}", en.join("; ")),
                )
            },
        };
        result.findings.push(finding);
    }

    /// Turns waived gaps into `waived`; returns the clauses whose waiver has expired.
    fn apply_waivers(&self, clauses: &mut [ClauseResult], as_of: i64, warnings: &mut Vec<Text>) -> Vec<String> {
        let mut expired = Vec::new();
        for w in &self.waivers {
            let Some(c) = clauses.iter_mut().find(|c| c.id == w.waiver.clause) else { continue };
            let until = w.waiver.expires.clone().unwrap_or_default();
            let applied = AppliedWaiver {
                reason: bounded(&w.waiver.reason),
                approver: bounded(&w.waiver.approver),
                expires: w.waiver.expires.clone(),
                days_left: w.expires.map(|d| d - as_of),
                expired: w.expires.is_some_and(|d| d < as_of),
            };
            if !matches!(c.status, Status::Fail | Status::Partial) {
                warnings.push(Text::new(
                    format!("条款 {} 的豁免未使用（该条款为{}）", c.id, c.status.label().zh),
                    format!("the waiver of clause {} is unused (the clause is {})", c.id, c.status.label().en),
                ));
            } else if w.expires.is_some_and(|d| d < as_of) {
                warnings.push(Text::new(
                    format!("条款 {} 的豁免已于 {until} 过期，按不符合计", c.id),
                    format!("the waiver of clause {} expired on {until}; the clause counts as not met", c.id),
                ));
                expired.push(c.id.clone());
                c.waiver = Some(applied);
            } else {
                let (reason, approver) = (&w.waiver.reason, &w.waiver.approver);
                let until_zh = if until.is_empty() { String::new() } else { format!("，有效期至 {until}") };
                let until_en = if until.is_empty() { String::new() } else { format!(", until {until}") };
                c.reason = Some(Text::new(
                    format!("已豁免：{reason}（批准人 {approver}{until_zh}）"),
                    format!("waived: {reason} (approved by {approver}{until_en})"),
                ));
                c.status = Status::Waived;
                c.waiver = Some(applied);
            }
        }
        expired
    }
}

/// Every piece of input the reports repeat, cut to a bounded length (see `values::bounded`);
/// findings are bounded where input enters them (`values::shown`, the places' item names).
fn bound_echoes(a: &mut Assessment) {
    let text = |t: &mut Text| {
        t.zh = bounded(&t.zh);
        t.en = bounded(&t.en);
    };
    a.platform = bounded(&a.platform);
    a.operator = bounded(&a.operator);
    a.warnings.iter_mut().for_each(text);
    for c in &mut a.clauses {
        c.reason.iter_mut().for_each(text);
        if let Some(cite) = &mut c.citation {
            cite.title = bounded(&cite.title);
        }
    }
    for d in &mut a.citations {
        d.citation.title = bounded(&d.citation.title);
        d.notes.iter_mut().for_each(text);
        d.not_backed.iter_mut().for_each(|(_, t)| text(t));
    }
    for d in &mut a.declarations {
        d.clause = bounded(&d.clause);
        d.reason = bounded(&d.reason);
        d.refused.iter_mut().for_each(text);
    }
}

/// A gap as the report shows it: located, its place named, and — when the value was taken out for
/// saying nothing — found as what it was and why.
fn finding(g: Gap, doc: &Value, map: &SourceMap, meaningless: &[Meaningless]) -> Finding {
    let taken = meaningless.iter().find(|m| {
        m.pointer == g.pointer
            || m.pointer.strip_prefix(&format!("{}/", g.pointer)).is_some_and(|key| {
                !key.contains('/') && (g.found.en.contains(&format!("`{key}`")) || g.found.en == "missing")
            })
    });
    let (pointer, found) = match taken {
        Some(m) => (m.pointer.clone(), m.reason.clone()),
        None => (g.pointer, g.found),
    };
    Finding {
        at: map.resolve(&pointer).map(|(p, s)| if p == pointer { s.value } else { s.key.unwrap_or(s.value) }),
        place: places::place(doc, &pointer),
        pointer,
        expected: g.expected,
        found,
    }
}
