//! The pass/fail gate behind the exit code: which failures fail a run.

use crate::assessment::{Assessment, Verdict};
use crate::text::{Lang, Text};

/// The lowest clause level whose failures fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    /// 应/不应 failures (the default).
    Shall,
    /// 应/不应 and 宜/不宜 failures.
    Should,
    /// No clause failure (a 不符合 verdict, veto items and --min-score still apply).
    None,
}

/// The gate settings of a run.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Gate {
    pub fail_on: FailOn,
    pub min_score: Option<f64>,
    /// `--allow-nonconformant`: a 不符合 verdict alone does not fail the run. Off by default, so a
    /// run never passes on 不符合 unless someone asked for it on the command line.
    pub allow_nonconformant: bool,
}

impl Gate {
    /// Why an assessment fails the gate, in both languages; empty when it passes.
    pub fn reasons(&self, a: &Assessment) -> Vec<Text> {
        let mut reasons = Vec::new();
        // A gap a baseline already had (`--baseline`) does not fail the gate; a new one does.
        let known = |id: &String| a.clauses.iter().any(|c| &c.id == id && c.in_baseline);
        // The verdict first: whatever --fail-on says about clauses, 不符合 fails the run — unless
        // a baseline knew every gap behind it (adopting the tool on a platform not yet conformant).
        let gaps_all_known = a.baseline_used && a.clauses.iter().filter(|c| c.status.is_gap()).all(|c| c.in_baseline);
        if a.verdict == Verdict::NonConformant && !self.allow_nonconformant && !gaps_all_known {
            reasons.push(Text::new(
                "结论为不符合（--allow-nonconformant 可改变此规则）",
                "the verdict is non-conformant (--allow-nonconformant changes this)",
            ));
        }
        let veto_failed: Vec<String> = a.veto_failed.iter().filter(|id| !known(id)).cloned().collect();
        if !veto_failed.is_empty() {
            let ids = veto_failed.join(", ");
            reasons.push(Text::new(format!("否决项未满足：{ids}"), format!("veto item(s) not met: {ids}")));
        }
        let failing = |c: &&crate::assessment::ClauseResult| c.status.is_gap() && !c.in_baseline;
        let shall = a.clauses.iter().filter(|c| c.level.is_shall()).filter(failing).count();
        let should = a.clauses.iter().filter(|c| c.level.is_should()).filter(failing).count();
        if matches!(self.fail_on, FailOn::Shall | FailOn::Should) && shall > 0 {
            reasons.push(Text::new(
                format!("{shall} 项应/不应条款未满足"),
                format!("{shall} shall/shall-not clause(s) not met"),
            ));
        }
        if self.fail_on == FailOn::Should && should > 0 {
            reasons.push(Text::new(
                format!("{should} 项宜/不宜条款未满足"),
                format!("{should} should/should-not clause(s) not met"),
            ));
        }
        if !a.expired_waivers.is_empty() {
            let ids = a.expired_waivers.join(", ");
            reasons.push(Text::new(format!("豁免已过期：{ids}"), format!("expired waiver(s): {ids}")));
        }
        if let Some(min) = self.min_score.filter(|m| a.score < *m) {
            reasons.push(Text::new(
                format!("总分 {} 低于 --min-score {min}", a.score),
                format!("score {} is below --min-score {min}", a.score),
            ));
        }
        reasons
    }

    /// The reasons in one language.
    pub fn reasons_in(&self, a: &Assessment, lang: Lang) -> Vec<String> {
        self.reasons(a).iter().map(|t| t.get(lang).to_owned()).collect()
    }

    /// Whether an assessment passes the gate.
    pub fn passes(&self, a: &Assessment) -> bool {
        self.reasons(a).is_empty()
    }
}
