//! The waivers file: accepted exceptions for recommendations (宜/不宜/可), each with a reason, an
//! approver and an optional expiry. Requirements (应/不应) and veto items cannot be waived.

use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::{Error, Problem, did_you_mean};
use crate::pack::{NaPlan, Pack};
use crate::source::SourceFile;
use crate::yaml::{self, Limits};

/// One accepted exception.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Clause id, e.g. `6.4.8`.
    pub clause: String,
    /// Why the gap is accepted.
    #[schemars(length(min = 2))]
    pub reason: String,
    /// Who accepted it.
    #[schemars(length(min = 1))]
    pub approver: String,
    /// Last day the waiver holds (YYYY-MM-DD); after it the clause counts as failed again.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub expires: Option<String>,
}

/// `waivers.yaml`: accepted exceptions for recommendations (宜/不宜/可), each with a reason, an
/// approver and an optional expiry (docs/waivers.md).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ipps-check waivers file")]
pub struct WaiverFile {
    /// Optional JSON Schema reference for editors; ignored by the checker.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    pub waivers: Vec<Waiver>,
}

/// A waiver the pack accepted, with its expiry as a day number.
#[derive(Debug, Clone)]
pub struct ValidWaiver {
    pub waiver: Waiver,
    pub expires: Option<i64>,
}

/// What to do about a requirement that cannot be waived — never what the pack forbids too: a
/// clause that can never be declared not applicable (a veto item, a 应 clause of a core chapter)
/// must be met.
fn unwaivable_hint(pack: &Pack, id: &str) -> String {
    match pack.plan(id).map(|p| &p.not_applicable) {
        Some(NaPlan::WithReason) => {
            format!("if {id} truly does not apply, declare it under not_applicable in the platform file with a reason")
        }
        Some(NaPlan::When { otherwise, .. }) => format!(
            "{id} may be declared not applicable only when its condition holds ({}); otherwise it must be met",
            otherwise.en
        ),
        _ => format!(
            "{id} can be neither waived nor declared not applicable: it must be met (`ipps-check rules show {id}` says how)"
        ),
    }
}

/// Reads and validates a waivers file against a pack; unknown clause ids come back as warnings.
pub fn load(path: &Path, pack: &Pack) -> Result<(Vec<ValidWaiver>, Vec<String>), Error> {
    let name = path.display().to_string();
    let bytes = crate::input::read_capped(path, crate::input::Cap::fixed())?;
    let text = yaml::decode(&bytes).map_err(|e| Error::single(Problem::at_yaml(&SourceFile::new(&name, ""), e)))?;
    let src = SourceFile::new(&name, text);
    let file: WaiverFile =
        yaml::parse_typed(&src.text, &Limits::default()).map_err(|e| Error::single(Problem::at_yaml(&src, e)))?;
    let map = yaml::parse(&src.text, &Limits::default()).map(|n| yaml::to_json(n).1).unwrap_or_default();
    let at =
        |i: usize, field: &str| map.resolve(&format!("/waivers/{i}/{field}")).map(|(_, s)| s.key.unwrap_or(s.value));
    let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut valid = Vec::new();
    for (i, w) in file.waivers.into_iter().enumerate() {
        if w.reason.trim().chars().count() < 2 {
            problems.push(Problem::at(&src, at(i, "reason"), format!("the waiver of {} has no reason", w.clause)));
            continue;
        }
        if w.approver.trim().is_empty() {
            problems.push(Problem::at(&src, at(i, "approver"), format!("the waiver of {} has no approver", w.clause)));
            continue;
        }
        let expires = match &w.expires {
            Some(d) => match crate::date::parse_days(d) {
                Some(day) => Some(day),
                None => {
                    problems.push(Problem::at(&src, at(i, "expires"), format!("`{d}` is not a date YYYY-MM-DD")));
                    continue;
                }
            },
            None => None,
        };
        let Some(rule) = pack.rule(&w.clause) else {
            let hint = did_you_mean(&w.clause, &ids).map(|h| format!(" ({h})")).unwrap_or_default();
            warnings.push(format!(
                "{name}: waiver for clause `{}`, which the rule pack does not have{hint}; ignored",
                w.clause
            ));
            continue;
        };
        if rule.level.is_shall() || rule.veto {
            let mut p = Problem::at(
                &src,
                at(i, "clause"),
                format!(
                    "clause {} is a {} and cannot be waived",
                    w.clause,
                    if rule.veto { "veto item" } else { "requirement (应/不应)" }
                ),
            );
            p.help = Some(unwaivable_hint(pack, &rule.id));
            problems.push(p);
            continue;
        }
        valid.push(ValidWaiver { waiver: w, expires });
    }
    if problems.is_empty() { Ok((valid, warnings)) } else { Err(Error::many(problems)) }
}
