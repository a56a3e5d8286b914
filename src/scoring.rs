//! Scores, grade and verdict from clause results. The formula is printed in every report:
//!
//! - a clause earns `weight × credit`, credit = units met / units evaluated (error = 0);
//! - not-applicable and waived clauses leave the denominator; bonus levels (可) only add;
//! - chapter score = 100 × earned / possible, capped at 100;
//! - overall = chapter scores averaged with the pack's chapter weights (unscored chapters left out).

use crate::assessment::{ChapterScore, ClauseResult, Counts, Status, Verdict};
use crate::pack::Pack;
use crate::text::Text;

/// The scored view of a list of clause results.
pub struct Scores {
    pub chapters: Vec<ChapterScore>,
    pub score: f64,
    pub grade: Text,
    pub verdict: Verdict,
    pub shall_applicable: usize,
    pub shall_not_passed: usize,
    pub veto_failed: Vec<String>,
    /// Share (percent) of the pack's 应/不应 clauses that applied.
    pub applicable_shall_pct: f64,
}

/// Rounds to two decimals so that reports are stable across platforms' float formatting.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores clause results under a pack's scoring settings.
pub fn score(pack: &Pack, clauses: &[ClauseResult]) -> Scores {
    let chapters: Vec<ChapterScore> = pack
        .manifest
        .chapters
        .iter()
        .map(|ch| {
            let mine: Vec<&ClauseResult> = clauses.iter().filter(|c| c.chapter == ch.id).collect();
            let possible: f64 = mine.iter().filter(|c| c.in_denominator()).map(|c| c.weight).sum();
            let earned: f64 = mine.iter().map(|c| c.earned()).sum();
            let score = (possible > 0.0).then(|| round2((100.0 * earned / possible).min(100.0)));
            ChapterScore {
                id: ch.id.clone(),
                title: ch.title.clone(),
                weight: ch.weight,
                score,
                earned: round2(earned),
                possible: round2(possible),
                counts: Counts::of(mine.iter().map(|c| &c.status)),
            }
        })
        .collect();
    let weighted: f64 = chapters.iter().filter_map(|c| c.score.map(|s| s * c.weight)).sum();
    let weights: f64 = chapters.iter().filter(|c| c.score.is_some()).map(|c| c.weight).sum();
    let score = if weights > 0.0 { round2(weighted / weights) } else { 0.0 };

    let shall: Vec<&ClauseResult> =
        clauses.iter().filter(|c| c.level.is_shall() && c.status != Status::NotApplicable).collect();
    let shall_not_passed = shall.iter().filter(|c| c.status != Status::Pass).count();
    let veto_failed: Vec<String> =
        clauses.iter().filter(|c| c.veto && c.status.is_gap()).map(|c| c.id.clone()).collect();

    let rules = &pack.manifest.scoring.verdict;
    let failed_pct = if shall.is_empty() { 0.0 } else { 100.0 * shall_not_passed as f64 / shall.len() as f64 };
    let shall_in_pack = clauses.iter().filter(|c| c.level.is_shall()).count();
    let applicable_shall_pct =
        if shall_in_pack == 0 { 100.0 } else { round2(100.0 * shall.len() as f64 / shall_in_pack as f64) };
    let verdict = if !veto_failed.is_empty() || applicable_shall_pct < pack.manifest.trust.min_applicable_shall_pct {
        Verdict::NonConformant
    } else if shall_not_passed == 0 {
        Verdict::Conformant
    } else if score >= rules.largely_min_score && failed_pct <= rules.largely_max_failed_shall_pct {
        Verdict::LargelyConformant
    } else {
        Verdict::NonConformant
    };
    let grade = pack
        .manifest
        .scoring
        .grade_bands
        .iter()
        .find(|b| score >= b.min)
        .or(pack.manifest.scoring.grade_bands.last())
        .map(|b| b.grade.clone())
        .unwrap_or_default();
    Scores {
        chapters,
        score,
        grade,
        verdict,
        shall_applicable: shall.len(),
        shall_not_passed,
        veto_failed,
        applicable_shall_pct,
    }
}

/// The scoring formula in words, for the report header.
pub fn formula(pack: &Pack) -> Text {
    let v = &pack.manifest.scoring.verdict;
    let t = &pack.manifest.trust;
    let share = crate::values::num(100.0 * t.declaration_credit);
    Text::new(
        format!(
            "条款得分 = 权重 × 满足比例；仅凭平台声明（未引证文件）满足的应/不应条款至多得 {share}%；\
             章节得分 = 100 × Σ得分 / Σ适用条款权重（不适用、豁免不计入分母，“可”类条款只加分，上限 100）；\
             总分 = 各章得分按章节权重加权平均。符合：全部适用的应/不应条款满足且无否决项不满足；\
             基本符合：无否决项不满足、总分 ≥ {} 且未满足的应/不应条款不超过 {}%；其余为不符合。\
             适用的应/不应条款少于规则包全部应/不应条款的 {}% 时，结论为不符合。",
            v.largely_min_score, v.largely_max_failed_shall_pct, t.min_applicable_shall_pct
        ),
        format!(
            "clause points = weight × share met; a shall/shall-not clause met on the platform's word alone (no \
             document cited) earns at most {share}%; chapter score = 100 × Σ points / Σ weights of applicable clauses \
             (not-applicable and waived clauses leave the denominator; 'may' clauses only add, capped at 100); \
             overall = chapter scores averaged by chapter weight. Conformant: every applicable shall/shall-not clause \
             met and no veto item failed; largely conformant: no veto item failed, overall ≥ {} and at most {}% of \
             applicable shall/shall-not clauses not met; otherwise non-conformant. With fewer than {}% of the pack's \
             shall/shall-not clauses applicable, the verdict is non-conformant.",
            v.largely_min_score, v.largely_max_failed_shall_pct, t.min_applicable_shall_pct
        ),
    )
}
