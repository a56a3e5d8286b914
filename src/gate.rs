//! The pass/fail gate behind the exit code: which failures fail a run.

use crate::assessment::Assessment;

/// The lowest clause level whose failures fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    /// 应/不应 failures (the default).
    Shall,
    /// 应/不应 and 宜/不宜 failures.
    Should,
    /// No clause failure (veto items and --min-score still apply).
    None,
}

/// The gate settings of a run.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Gate {
    pub fail_on: FailOn,
    pub min_score: Option<f64>,
}

impl Gate {
    /// Why an assessment fails the gate; empty when it passes.
    pub fn reasons(&self, a: &Assessment) -> Vec<String> {
        let mut reasons = Vec::new();
        if !a.veto_failed.is_empty() {
            reasons.push(format!("veto item(s) not met: {}", a.veto_failed.join(", ")));
        }
        let failing = |c: &&crate::assessment::ClauseResult| c.status.is_gap();
        let shall = a.clauses.iter().filter(|c| c.level.is_shall()).filter(failing).count();
        let should = a.clauses.iter().filter(|c| c.level.is_should()).filter(failing).count();
        match self.fail_on {
            FailOn::Shall | FailOn::Should if shall > 0 => {
                reasons.push(format!("{shall} shall/shall-not clause(s) not met"))
            }
            _ => {}
        }
        if self.fail_on == FailOn::Should && should > 0 {
            reasons.push(format!("{should} should/should-not clause(s) not met"));
        }
        if !a.expired_waivers.is_empty() {
            reasons.push(format!("expired waiver(s): {}", a.expired_waivers.join(", ")));
        }
        if let Some(min) = self.min_score.filter(|m| a.score < *m) {
            reasons.push(format!("score {} is below --min-score {min}", a.score));
        }
        reasons
    }

    /// Whether an assessment passes the gate.
    pub fn passes(&self, a: &Assessment) -> bool {
        self.reasons(a).is_empty()
    }
}
