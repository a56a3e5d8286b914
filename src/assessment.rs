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

/// What a clause's result rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The check tested concrete facts: numbers, dates, lists, names, cross-field consistency.
    Data,
    /// A declaration backed by a document cited for the clause.
    Evidence,
    /// The platform's own word (a flag, a choice), with no document cited.
    Declaration,
}

impl Basis {
    /// The basis as a short label.
    pub fn label(self) -> Text {
        match self {
            Basis::Data => Text::new("数据", "data"),
            Basis::Evidence => Text::new("证据", "evidence"),
            Basis::Declaration => Text::new("仅声明", "declaration only"),
        }
    }
}

/// What became of a citation and the copy of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CopyStatus {
    /// The copy was read and carries the cited 文号 (or reference) and title.
    ReadAndMatched,
    /// The copy is there and real, but its text was not read (an image, a scan, a format no
    /// reader knows): a person checks it.
    PresentNotRead,
    /// No copy was looked at: no `--evidence-dir`, or (without `--strict`) the entry names no copy.
    NotChecked,
    /// A copy was named, or needed under `--strict`, and is not there: the citation backs nothing.
    Missing,
    /// The citation or its copy cannot be accepted: it backs nothing.
    Refused,
}

impl CopyStatus {
    /// Every status, in report order.
    pub const ALL: [CopyStatus; 5] = [
        CopyStatus::ReadAndMatched,
        CopyStatus::PresentNotRead,
        CopyStatus::NotChecked,
        CopyStatus::Missing,
        CopyStatus::Refused,
    ];

    /// The status in words.
    pub fn label(self) -> Text {
        match self {
            CopyStatus::ReadAndMatched => Text::new("已读取并核对", "read and matched"),
            CopyStatus::PresentNotRead => Text::new("副本在，未读取", "present, not read"),
            CopyStatus::NotChecked => Text::new("未核对副本", "copy not checked"),
            CopyStatus::Missing => Text::new("缺少副本", "missing"),
            CopyStatus::Refused => Text::new("不予采信", "refused"),
        }
    }

    /// The status as the JSON report and CSV spell it.
    pub fn key(self) -> &'static str {
        match self {
            CopyStatus::ReadAndMatched => "read_and_matched",
            CopyStatus::PresentNotRead => "present_not_read",
            CopyStatus::NotChecked => "not_checked",
            CopyStatus::Missing => "missing",
            CopyStatus::Refused => "refused",
        }
    }

    /// Whether a citation in this state can back a clause.
    pub fn can_back(self) -> bool {
        matches!(self, CopyStatus::ReadAndMatched | CopyStatus::PresentNotRead | CopyStatus::NotChecked)
    }
}

/// A document cited for a clause.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Citation {
    /// JSON Pointer of the evidence entry.
    pub pointer: String,
    pub title: String,
    /// The kind of document (an id of the pack's `citations.kinds`), as given or inferred.
    pub kind: Option<String>,
    /// Whether `kind` was inferred from the title (the entry gives none).
    pub kind_inferred: bool,
    pub doc_no: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// The copy in the evidence folder, when one is given (`--evidence-dir`).
    pub file: Option<String>,
    /// SHA-256 of that copy.
    pub sha256: Option<String>,
    /// What became of the citation and its copy.
    pub status: CopyStatus,
}

impl Citation {
    /// Its title and number as reports show them: 《title》（文号）. (Here, with the type, so that
    /// reporters need not import the judging of citations.)
    pub fn shown(&self) -> String {
        let title = crate::values::truncate(&self.title, 60);
        match &self.doc_no {
            Some(n) => format!("《{title}》（{n}）"),
            None => format!("《{title}》"),
        }
    }
}

/// An evidence entry that names clauses, as judged: what it backs, what it does not and why.
#[derive(Debug, Clone)]
pub struct CitedDocument {
    pub citation: Citation,
    /// The name of its kind in both languages.
    pub kind_name: Option<Text>,
    /// Position of the entry in the platform file.
    pub at: Option<LineCol>,
    /// Why the citation is refused, missing or not read; what was checked when it matched.
    pub notes: Vec<Text>,
    /// The clauses it backs.
    pub backs: Vec<String>,
    /// The clauses it names but does not back, each with the reason.
    pub not_backed: Vec<(String, Text)>,
}

/// A clause the platform declared not applicable, and whether the pack accepted it.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub clause: String,
    /// The clause's level, when the pack has the clause.
    pub level: Option<Level>,
    pub reason: String,
    /// JSON Pointer of the declaration (`/not_applicable/2`).
    pub pointer: String,
    pub at: Option<LineCol>,
    /// Why the declaration was refused; `None` when it was accepted.
    pub refused: Option<Text>,
}

/// A value taken out of the platform description because it says nothing.
#[derive(Debug, Clone)]
pub struct MeaninglessValue {
    pub pointer: String,
    pub value: String,
    pub reason: Text,
    pub at: Option<LineCol>,
}

/// Clauses met, by what they rest on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct BasisCounts {
    pub data: usize,
    pub evidence: usize,
    /// Met on the platform's word alone: unverified.
    pub declaration: usize,
}

/// One gap inside a clause: where, expected and found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub pointer: String,
    /// The place in words, naming each list item it passes through:
    /// `service_items[3] 专利权质押登记 › forms[0] 申请表 › url`.
    pub place: String,
    pub expected: Text,
    pub found: Text,
    /// Position in the platform file (of the node, or its nearest existing ancestor).
    pub at: Option<LineCol>,
}

/// A waiver from the waivers file that applied to a clause, as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AppliedWaiver {
    /// Why the gap is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approver: String,
    /// The last day it holds (YYYY-MM-DD); none when it does not expire.
    pub expires: Option<String>,
    /// Days from the assessment date to the expiry: 0 on the last day, negative once expired.
    pub days_left: Option<i64>,
    /// Whether it has expired: the clause then counts as not met and fails the gate.
    pub expired: bool,
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
    /// What a reader should know about the result, which changes neither status nor score.
    pub notes: Vec<Finding>,
    /// What the result rests on; `None` when the clause was not evaluated.
    pub basis: Option<Basis>,
    /// The document cited for a declaration clause.
    pub citation: Option<Citation>,
    /// The waiver that covers the clause (status `waived`), or that expired (the clause counts as
    /// not met); none when no waiver names it or the clause had no gap to waive.
    pub waiver: Option<AppliedWaiver>,
    /// A gap the baseline (`--baseline`) already had, at no new place: it does not fail the gate.
    pub in_baseline: bool,
}

impl ClauseResult {
    /// Met on the platform's word alone: the check held, but nothing backs it.
    pub fn unverified(&self) -> bool {
        self.basis == Some(Basis::Declaration) && self.passed == self.total && self.total > 0
    }
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
    /// Where the pack's clause reference is published (`docs_url` in pack.yaml); absent when the
    /// pack names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
}

impl PackInfo {
    /// The address of a clause in the pack's clause reference: `{docs_url}#clause-{id}`.
    pub fn help_uri(&self, clause: &str) -> Option<String> {
        self.docs_url.as_ref().map(|base| format!("{base}#clause-{clause}"))
    }
}

/// Everything known about one platform after evaluation.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub source: SourceFile,
    pub sha256: String,
    pub platform: String,
    /// `operator.name` of the description; empty when it has none.
    pub operator: String,
    pub as_of: String,
    /// The time zone the run reads "today" in (an IANA name, or `UTC+08:00`).
    pub as_of_zone: String,
    /// Whether the date was given (`--as-of`, `IPPS_AS_OF`, the config's `as-of`) rather than
    /// today in `as_of_zone`.
    pub as_of_given: bool,
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
    /// Not-applicable declarations, accepted and refused.
    pub declarations: Vec<Declaration>,
    /// Values that say nothing, taken out before the rules ran.
    pub meaningless: Vec<MeaninglessValue>,
    /// Clauses whose check held, by what they rest on.
    pub basis_counts: BasisCounts,
    /// Share (percent) of the pack's 应/不应 clauses that applied.
    pub applicable_shall_pct: f64,
    /// Whether declarations alone counted as not met (`--strict`).
    pub strict: bool,
    /// Every evidence entry that names clauses, as judged, in file order.
    pub citations: Vec<CitedDocument>,
    /// The formula, in words, printed in every report.
    pub formula: Text,
    /// Whether a baseline (`--baseline`) was compared: its gaps are marked `in_baseline`.
    pub baseline_used: bool,
}

impl Assessment {
    /// Clauses that applied and have a part an auditor verifies by hand.
    pub fn manual_checks(&self) -> Vec<&ClauseResult> {
        self.clauses.iter().filter(|c| c.manual.is_some() && c.status != Status::NotApplicable).collect()
    }

    /// The citations that name a clause, each with why it does not back it (`None` when it does).
    pub fn citations_of<'a>(&'a self, clause: &str) -> Vec<(&'a CitedDocument, Option<&'a Text>)> {
        self.citations
            .iter()
            .filter_map(|d| {
                if d.backs.iter().any(|c| c == clause) {
                    Some((d, None))
                } else {
                    d.not_backed.iter().find(|(c, _)| c == clause).map(|(_, why)| (d, Some(why)))
                }
            })
            .collect()
    }

    /// How many citations ended in each status, in `CopyStatus::ALL` order.
    pub fn citation_statuses(&self) -> [u32; 5] {
        CopyStatus::ALL.map(|s| self.citations.iter().filter(|d| d.citation.status == s).count() as u32)
    }

    /// The clauses the report lists as gaps: requirements first, then by clause order.
    pub fn gaps(&self) -> Vec<&ClauseResult> {
        let mut gaps: Vec<&ClauseResult> = self.clauses.iter().filter(|c| c.status.is_gap()).collect();
        gaps.sort_by_key(|c| c.level.rank());
        gaps
    }
}
