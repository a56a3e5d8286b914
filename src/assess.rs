//! Checking one platform: applicability, declared exclusions, evaluation, then scoring.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::assessment::{Assessment, ClauseResult, Counts, Finding, PackInfo, Status};
use crate::engine::{self, Outcome};
use crate::pack::{Pack, Rule, RulePlan};
use crate::platform::LoadedPlatform;
use crate::scoring;
use crate::text::Text;
use crate::waivers::ValidWaiver;

/// A compiled rule pack ready to check platforms, with the accepted waivers.
pub struct Checker {
    pub pack: Pack,
    waivers: Vec<ValidWaiver>,
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

impl Checker {
    /// Prepares a pack for checking.
    pub fn new(pack: Pack) -> Checker {
        Checker { pack, waivers: Vec::new() }
    }

    /// Applies accepted exceptions from a waivers file to every assessment.
    pub fn with_waivers(mut self, waivers: Vec<ValidWaiver>) -> Checker {
        self.waivers = waivers;
        self
    }

    /// Checks one loaded platform as of a day number.
    pub fn assess(&self, platform: &LoadedPlatform, as_of: i64) -> Assessment {
        let root = &platform.value;
        let mut warnings = Vec::new();
        if platform.format_version == 1 {
            let file = &platform.source.name;
            warnings.push(Text::new(
                format!("{file} 使用平台描述格式第 1 版，已在内存中转换为第 2 版后检查；请运行 `ipps-check migrate {file} -o 新文件.yaml` 更新文件"),
                format!("{file} is in platform format version 1 and was checked after converting it to version 2 in memory; run `ipps-check migrate {file} -o NEW.yaml` to update the file"),
            ));
        }
        let declared = declared_not_applicable(root, &self.pack, &mut warnings);
        let bonus_levels = &self.pack.manifest.scoring.bonus_levels;
        let clauses: Vec<ClauseResult> = self
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
                    remediation: rule.remediation.clone(),
                    manual: rule.manual.clone(),
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
                };
                if let Some(reason) = declared.iter().find(|(id, _)| *id == rule.id).map(|(_, r)| r) {
                    result.reason = Some(Text::new(
                        format!("平台声明不适用：{reason}"),
                        format!("declared not applicable: {reason}"),
                    ));
                    return result;
                }
                if let Err(reason) = applicability(rule, plan, root, as_of) {
                    result.reason = Some(reason);
                    return result;
                }
                let outcome = evaluate(rule, plan, root, as_of);
                result.passed = outcome.passed;
                result.total = outcome.total;
                result.findings = outcome
                    .gaps
                    .into_iter()
                    .map(|g| Finding {
                        at: platform
                            .map
                            .resolve(&g.pointer)
                            .map(|(p, s)| if p == g.pointer { s.value } else { s.key.unwrap_or(s.value) }),
                        pointer: g.pointer,
                        expected: g.expected,
                        found: g.found,
                    })
                    .collect();
                if let Some(error) = outcome.error {
                    result.status = Status::Error;
                    result.reason = Some(error);
                } else if outcome.total == 0 {
                    result.reason = outcome.not_applicable;
                } else {
                    result.credit = f64::from(outcome.passed) / f64::from(outcome.total);
                    result.status = match (outcome.passed, outcome.total) {
                        (p, t) if p == t => Status::Pass,
                        (0, _) => Status::Fail,
                        _ => Status::Partial,
                    };
                }
                result
            })
            .collect();
        let mut clauses = clauses;
        let expired_waivers = self.apply_waivers(&mut clauses, as_of, &mut warnings);
        let scores = scoring::score(&self.pack, &clauses);
        let m = &self.pack.manifest;
        Assessment {
            source: platform.source.clone(),
            sha256: platform.sha256.clone(),
            platform: root.pointer("/platform/name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            as_of: crate::date::format_days(as_of),
            pack: PackInfo {
                id: m.id.clone(),
                title: m.title.clone(),
                edition: m.edition.clone(),
                version: m.version.clone(),
                content_hash: self.pack.content_hash.clone(),
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
        }
    }

    /// Turns waived gaps into `waived`; returns the clauses whose waiver has expired.
    fn apply_waivers(&self, clauses: &mut [ClauseResult], as_of: i64, warnings: &mut Vec<Text>) -> Vec<String> {
        let mut expired = Vec::new();
        for w in &self.waivers {
            let Some(c) = clauses.iter_mut().find(|c| c.id == w.waiver.clause) else { continue };
            let until = w.waiver.expires.clone().unwrap_or_default();
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
            } else {
                let (reason, approver) = (&w.waiver.reason, &w.waiver.approver);
                let until_zh = if until.is_empty() { String::new() } else { format!("，有效期至 {until}") };
                let until_en = if until.is_empty() { String::new() } else { format!(", until {until}") };
                c.reason = Some(Text::new(
                    format!("已豁免：{reason}（批准人 {approver}{until_zh}）"),
                    format!("waived: {reason} (approved by {approver}{until_en})"),
                ));
                c.status = Status::Waived;
            }
        }
        expired
    }
}

/// The platform's `not_applicable` declarations, warning about clause ids the pack does not have.
fn declared_not_applicable(root: &Value, pack: &Pack, warnings: &mut Vec<Text>) -> Vec<(String, String)> {
    let ids: BTreeSet<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let all: Vec<&str> = ids.iter().copied().collect();
    let mut out = Vec::new();
    for item in root.pointer("/not_applicable").and_then(Value::as_array).into_iter().flatten() {
        let clause = item.get("clause").and_then(Value::as_str).unwrap_or_default();
        let reason = item.get("reason").and_then(Value::as_str).unwrap_or_default();
        if ids.contains(clause) {
            out.push((clause.to_owned(), reason.to_owned()));
        } else {
            let hint = crate::error::did_you_mean(clause, &all).unwrap_or_default();
            warnings.push(Text::new(
                format!("not_applicable 中的条款 `{clause}` 不在规则包中，已忽略 {hint}"),
                format!("not_applicable names clause `{clause}`, which the rule pack does not have; ignored {hint}"),
            ));
        }
    }
    out
}
