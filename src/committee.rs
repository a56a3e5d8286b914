//! What a batch keeps of each platform once its report sections are written (a [`Row`]), and the
//! committee's view computed from those rows alone: ranking, clause × platform matrix, chapter
//! averages and spread, and the clauses most often not met.

use crate::assessment::{Assessment, BasisCounts, Counts, PackInfo, Status, Verdict};
use crate::gate::Gate;
use crate::pack::{Level, Provenance};
use crate::text::Text;

/// One clause of the pack, as a column of the matrix.
#[derive(Debug, Clone)]
pub struct ClauseInfo {
    pub id: String,
    pub chapter: String,
    pub level: Level,
    pub veto: bool,
    pub title: Text,
    pub text: Text,
    pub remediation: Text,
    pub provenance: Provenance,
    pub manual: Option<Text>,
    pub evidence: Vec<String>,
}

/// One chapter of the pack.
#[derive(Debug, Clone)]
pub struct ChapterInfo {
    pub id: String,
    pub title: Text,
    pub weight: f64,
}

/// What every platform of a run shares: the pack, its clauses and chapters, the date.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub pack: PackInfo,
    pub as_of: String,
    /// The time zone of the date, and whether it was given rather than today there.
    pub as_of_zone: String,
    pub as_of_given: bool,
    pub formula: Text,
    pub clauses: Vec<ClauseInfo>,
    pub chapters: Vec<ChapterInfo>,
}

impl Catalog {
    /// The catalog of an assessment (every assessment of a run has the same one).
    pub fn of(a: &Assessment) -> Catalog {
        Catalog {
            pack: a.pack.clone(),
            as_of: a.as_of.clone(),
            as_of_zone: a.as_of_zone.clone(),
            as_of_given: a.as_of_given,
            formula: a.formula.clone(),
            clauses: a
                .clauses
                .iter()
                .map(|c| ClauseInfo {
                    id: c.id.clone(),
                    chapter: c.chapter.clone(),
                    level: c.level,
                    veto: c.veto,
                    title: c.title.clone(),
                    text: c.text.clone(),
                    remediation: c.remediation.clone(),
                    provenance: c.provenance.clone(),
                    manual: c.manual.clone(),
                    evidence: c.evidence.clone(),
                })
                .collect(),
            chapters: a
                .chapters
                .iter()
                .map(|c| ChapterInfo { id: c.id.clone(), title: c.title.clone(), weight: c.weight })
                .collect(),
        }
    }
}

/// One platform reduced to what the batch summaries need: a few hundred bytes, where the full
/// assessment with its findings and source text is a few hundred kilobytes.
#[derive(Debug, Clone)]
pub struct Row {
    /// Position of the file among the files of the run.
    pub index: usize,
    pub file: String,
    pub platform: String,
    pub sha256: String,
    pub verdict: Verdict,
    pub score: f64,
    pub grade: Text,
    /// Whether the platform passed the gate (its reasons are in the platform's own section).
    pub gate_passed: bool,
    pub counts: Counts,
    pub shall_applicable: usize,
    pub shall_not_passed: usize,
    pub basis_counts: BasisCounts,
    /// Accepted and refused not-applicable declarations of 应/不应 clauses.
    pub shall_declared: usize,
    pub refused_declarations: usize,
    pub meaningless: usize,
    /// Applicable 应/不应 clauses met on the platform's word alone.
    pub unverified_shall: usize,
    /// Citations by what became of them, in `CopyStatus::ALL` order.
    pub citation_statuses: [u32; 5],
    /// Chapter scores in the catalog's chapter order, NaN for a chapter with nothing scored: four
    /// bytes a chapter, since ten thousand rows stay in memory (see [`Row::chapter_score`]).
    chapter_scores: Box<[f32]>,
    /// Clause statuses in the catalog's clause order.
    pub statuses: Box<[Status]>,
}

impl Row {
    /// Reduces a finished assessment.
    pub fn of(index: usize, a: &Assessment, gate: &Gate) -> Row {
        let accepted_shall =
            a.declarations.iter().filter(|d| d.refused.is_none() && d.level.is_some_and(Level::is_shall)).count();
        Row {
            index,
            file: a.source.name.clone(),
            platform: a.platform.clone(),
            sha256: a.sha256.clone(),
            verdict: a.verdict,
            score: a.score,
            grade: a.grade.clone(),
            gate_passed: gate.passes(a),
            counts: a.counts,
            shall_applicable: a.shall_applicable,
            shall_not_passed: a.shall_not_passed,
            basis_counts: a.basis_counts,
            shall_declared: accepted_shall,
            refused_declarations: a.declarations.iter().filter(|d| d.refused.is_some()).count(),
            meaningless: a.meaningless.len(),
            unverified_shall: a.clauses.iter().filter(|c| c.level.is_shall() && c.unverified()).count(),
            citation_statuses: a.citation_statuses(),
            chapter_scores: a.chapters.iter().map(|c| c.score.map_or(f32::NAN, |s| s as f32)).collect(),
            statuses: a.clauses.iter().map(|c| c.status).collect(),
        }
    }

    /// Whether the platform passed the gate.
    pub fn gate_passed(&self) -> bool {
        self.gate_passed
    }

    /// The score of the catalog's chapter `i` (to about seven digits), `None` when nothing in it
    /// was scored.
    pub fn chapter_score(&self, i: usize) -> Option<f64> {
        self.chapter_scores.get(i).filter(|s| !s.is_nan()).map(|s| f64::from(*s))
    }

    /// Every chapter's score, in the catalog's order.
    pub fn chapter_scores(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        (0..self.chapter_scores.len()).map(|i| self.chapter_score(i))
    }
}

/// A chapter's scores across the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterSpread {
    /// Platforms in which the chapter had something to score.
    pub scored: usize,
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Population standard deviation.
    pub stdev: Option<f64>,
}

/// How often one clause was not met across the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseTally {
    /// Index of the clause in the catalog.
    pub clause: usize,
    /// Platforms where the clause is a gap (fail, partial or error).
    pub not_met: usize,
    pub fail: usize,
    pub partial: usize,
    /// Platforms where the clause applied (not n/a, not waived).
    pub applicable: usize,
}

/// The committee's view of a batch.
pub struct Committee<'a> {
    pub catalog: &'a Catalog,
    /// Every platform, in the order of the files.
    pub rows: &'a [Row],
}

impl<'a> Committee<'a> {
    /// The rows by score, best first; equal scores keep the order of the files.
    pub fn ranking(&self) -> Vec<&'a Row> {
        let mut ranked: Vec<&Row> = self.rows.iter().collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        ranked
    }

    /// Each chapter's scores across the platforms.
    pub fn chapters(&self) -> Vec<ChapterSpread> {
        (0..self.catalog.chapters.len())
            .map(|i| {
                let scores: Vec<f64> = self.rows.iter().filter_map(|r| r.chapter_score(i)).collect();
                spread(&scores)
            })
            .collect()
    }

    /// Per clause, how many platforms did not meet it.
    pub fn tallies(&self) -> Vec<ClauseTally> {
        (0..self.catalog.clauses.len())
            .map(|i| {
                let mut t = ClauseTally { clause: i, not_met: 0, fail: 0, partial: 0, applicable: 0 };
                for s in self.rows.iter().filter_map(|r| r.statuses.get(i)) {
                    t.not_met += usize::from(s.is_gap());
                    t.fail += usize::from(*s == Status::Fail);
                    t.partial += usize::from(*s == Status::Partial);
                    t.applicable += usize::from(!matches!(s, Status::NotApplicable | Status::Waived));
                }
                t
            })
            .collect()
    }

    /// The clauses not met by at least one platform, most often first (then in the standard's
    /// order); requirements before recommendations at equal counts.
    pub fn most_failed(&self) -> Vec<ClauseTally> {
        let mut tallies: Vec<ClauseTally> = self.tallies().into_iter().filter(|t| t.not_met > 0).collect();
        tallies.sort_by(|a, b| {
            b.not_met
                .cmp(&a.not_met)
                .then(self.catalog.clauses[a.clause].level.rank().cmp(&self.catalog.clauses[b.clause].level.rank()))
                .then(a.clause.cmp(&b.clause))
        });
        tallies
    }

    /// How many platforms reached each verdict: conformant, largely conformant, non-conformant.
    pub fn verdicts(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for r in self.rows {
            n[match r.verdict {
                Verdict::Conformant => 0,
                Verdict::LargelyConformant => 1,
                Verdict::NonConformant => 2,
            }] += 1;
        }
        n
    }

    /// Clauses met, by what they rest on, over the whole batch.
    pub fn basis_counts(&self) -> BasisCounts {
        let mut total = BasisCounts::default();
        for r in self.rows {
            total.data += r.basis_counts.data;
            total.evidence += r.basis_counts.evidence;
            total.declaration += r.basis_counts.declaration;
        }
        total
    }
}

/// Mean, extremes and population standard deviation of some scores.
pub fn spread(scores: &[f64]) -> ChapterSpread {
    if scores.is_empty() {
        return ChapterSpread { scored: 0, mean: None, min: None, max: None, stdev: None };
    }
    let n = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / n;
    let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
    ChapterSpread {
        scored: scores.len(),
        mean: Some(mean),
        min: scores.iter().copied().reduce(f64::min),
        max: scores.iter().copied().reduce(f64::max),
        stdev: Some(var.sqrt()),
    }
}

/// One character per status, for the compact matrix the HTML report draws on demand.
pub fn status_code(s: Status) -> char {
    match s {
        Status::Pass => 'p',
        Status::Fail => 'f',
        Status::Partial => 'q',
        Status::NotApplicable => 'n',
        Status::Waived => 'w',
        Status::Error => 'e',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_known_scores() {
        let s = spread(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.scored, 8);
        assert_eq!(s.mean, Some(5.0));
        assert_eq!(s.stdev, Some(2.0));
        assert_eq!((s.min, s.max), (Some(2.0), Some(9.0)));
        assert_eq!(spread(&[]).mean, None);
        assert_eq!(spread(&[70.0]).stdev, Some(0.0));
    }
}
