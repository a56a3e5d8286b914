//! The finished result of checking one platform: what every reporter reads.

use serde::Serialize;

use crate::pack::{Level, Provenance};
use crate::source::{LineCol, SourceFile};
use crate::text::Text;

/// The status of one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Partial,
    NotApplicable,
    Waived,
    Error,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 6] =
        [Status::Pass, Status::Fail, Status::Partial, Status::NotApplicable, Status::Waived, Status::Error];

    /// The status as a short label.
    pub fn label(self) -> Text {
        match self {
            Status::Pass => Text::new("符合", "pass"),
            Status::Fail => Text::new("不符合", "fail"),
            Status::Partial => Text::new("部分符合", "partial"),
            Status::NotApplicable => Text::new("不适用", "n/a"),
            Status::Waived => Text::new("豁免", "waived"),
            Status::Error => Text::new("无法评估", "error"),
        }
    }

    /// A gap the report lists: fail, partial or error.
    pub fn is_gap(self) -> bool {
        matches!(self, Status::Fail | Status::Partial | Status::Error)
    }
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 符合: every applicable 应/不应 clause passes and no veto item fails.
    Conformant,
    /// 基本符合: within the pack's thresholds.
    LargelyConformant,
    /// 不符合.
    NonConformant,
}

impl Verdict {
    /// The verdict as the standard's vocabulary, with its English rendering.
    pub fn label(self) -> Text {
        match self {
            Verdict::Conformant => Text::new("符合", "conformant"),
            Verdict::LargelyConformant => Text::new("基本符合", "largely conformant"),
            Verdict::NonConformant => Text::new("不符合", "non-conformant"),
        }
    }
}

/// One gap inside a clause: where, expected and found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub pointer: String,
    pub expected: Text,
    pub found: Text,
    /// Position in the platform file (of the node, or its nearest existing ancestor).
    pub at: Option<LineCol>,
}

/// The result of one clause.
#[derive(Debug, Clone)]
pub struct ClauseResult {
    pub id: String,
    pub chapter: String,
    pub level: Level,
    pub veto: bool,
    pub title: Text,
    pub text: Text,
    pub remediation: Text,
    pub manual: Option<Text>,
    pub provenance: Provenance,
    pub evidence: Vec<String>,
    pub status: Status,
    pub passed: u32,
    pub total: u32,
    /// Share of the clause met, 0–1 (0 for error).
    pub credit: f64,
    pub weight: f64,
    /// Whether the clause is a bonus item (outside the denominator).
    pub bonus: bool,
    /// Why the clause is not applicable, waived or could not be evaluated.
    pub reason: Option<Text>,
    pub findings: Vec<Finding>,
}

impl ClauseResult {
    /// Weighted credit earned.
    pub fn earned(&self) -> f64 {
        match self.status {
            Status::NotApplicable | Status::Waived => 0.0,
            _ => self.weight * self.credit,
        }
    }

    /// Whether the clause counts in the score's denominator.
    pub fn in_denominator(&self) -> bool {
        !self.bonus && !matches!(self.status, Status::NotApplicable | Status::Waived)
    }
}

/// A chapter's score.
#[derive(Debug, Clone)]
pub struct ChapterScore {
    pub id: String,
    pub title: Text,
    pub weight: f64,
    /// 0–100, or None when no clause of the chapter was scored.
    pub score: Option<f64>,
    pub earned: f64,
    pub possible: f64,
    pub counts: Counts,
}

/// How many clauses ended in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub partial: usize,
    pub not_applicable: usize,
    pub waived: usize,
    pub error: usize,
}

impl Counts {
    /// Counts statuses.
    pub fn of<'a>(statuses: impl IntoIterator<Item = &'a Status>) -> Counts {
        let mut c = Counts::default();
        for s in statuses {
            *c.get_mut(*s) += 1;
        }
        c
    }

    fn get_mut(&mut self, s: Status) -> &mut usize {
        match s {
            Status::Pass => &mut self.pass,
            Status::Fail => &mut self.fail,
            Status::Partial => &mut self.partial,
            Status::NotApplicable => &mut self.not_applicable,
            Status::Waived => &mut self.waived,
            Status::Error => &mut self.error,
        }
    }

    /// The count of one status.
    pub fn get(&self, s: Status) -> usize {
        let mut c = *self;
        *c.get_mut(s)
    }

    /// Clauses not met: failed, or not evaluable (the reports' "fail" column).
    pub fn not_met(&self) -> usize {
        self.fail + self.error
    }

    /// Clauses outside the score: not applicable or waived (the reports' "n/a" column).
    pub fn unscored(&self) -> usize {
        self.not_applicable + self.waived
    }

    /// All clauses.
    pub fn total(&self) -> usize {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// Identity of the rule pack that produced an assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PackInfo {
    pub id: String,
    pub title: Text,
    pub edition: String,
    pub version: String,
    pub content_hash: String,
}

/// Everything known about one platform after evaluation.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub source: SourceFile,
    pub sha256: String,
    pub platform: String,
    pub as_of: String,
    pub pack: PackInfo,
    pub clauses: Vec<ClauseResult>,
    pub chapters: Vec<ChapterScore>,
    pub score: f64,
    pub grade: Text,
    pub verdict: Verdict,
    pub counts: Counts,
    /// Applicable 应/不应 clauses, and how many of them did not pass.
    pub shall_applicable: usize,
    pub shall_not_passed: usize,
    pub veto_failed: Vec<String>,
    /// Non-fatal notes: unknown clause ids in not_applicable, unused waivers…
    pub warnings: Vec<Text>,
    /// Clauses whose waiver has expired: they count as not met and fail the gate.
    pub expired_waivers: Vec<String>,
    /// The formula, in words, printed in every report.
    pub formula: Text,
}

impl Assessment {
    /// Clauses that applied and have a part an auditor verifies by hand.
    pub fn manual_checks(&self) -> Vec<&ClauseResult> {
        self.clauses.iter().filter(|c| c.manual.is_some() && c.status != Status::NotApplicable).collect()
    }

    /// The clauses the report lists as gaps: requirements first, then by clause order.
    pub fn gaps(&self) -> Vec<&ClauseResult> {
        let mut gaps: Vec<&ClauseResult> = self.clauses.iter().filter(|c| c.status.is_gap()).collect();
        gaps.sort_by_key(|c| c.level.rank());
        gaps
    }
}
