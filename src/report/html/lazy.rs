//! The batch parts of the HTML report: the committee's view (ranking, heat map of chapters that
//! unfold into clauses, chapter spread, clauses most often failed) and each platform's short
//! section with its findings as a data block that the page's script draws when the reader opens
//! them. The clause texts every platform shares are written once, in the catalog block.
//!
//! Data blocks are `<script type="application/json">`, which no browser runs and the CSP leaves
//! alone. Every string from the input is made visible first (`\u{1b}`), and `<`, `>` and `&` are
//! written as JSON escapes, so a block can neither end early nor break the page's XML.

use std::fmt::Write;

use serde::Serialize;

use super::{e, facts};
use crate::assessment::{Assessment, ClauseResult, Status};
use crate::committee::status_code;
use crate::platform::field;
use crate::report::json::message;
use crate::report::labels::{self, t};
use crate::report::{Context, Summary, flush_big};
use crate::terminal::visible_lines;
use crate::text::Lang;

/// Input text as the reader should see it.
fn v(s: &str) -> String {
    visible_lines(s).into_owned()
}

/// A JSON data block's text: no `<`, `>` or `&` (so no `</script>` and no XML markup), no raw
/// DEL, C1 or bidi control.
fn data(value: &impl Serialize) -> String {
    let text = crate::report::escape::xml_safe_json(crate::report::escape::json(
        serde_json::to_string(value).unwrap_or_default(),
    ));
    text.replace('&', "\\u0026").replace('<', "\\u003c").replace('>', "\\u003e")
}

#[derive(Serialize)]
struct ClauseData {
    id: String,
    chapter: String,
    /// Level key, for the filters and colours.
    lv: &'static str,
    level: String,
    title: String,
    zh: String,
    en: String,
    veto: bool,
    manual: Option<String>,
    fix: String,
    evidence: Vec<String>,
    provenance: String,
}

#[derive(Serialize)]
struct Catalog {
    clauses: Vec<ClauseData>,
    /// Chapter ids, each with the indexes of its clauses, for unfolding the heat map.
    chapters: Vec<(String, Vec<usize>)>,
    words: Words,
}

/// The page's words in the report language.
#[derive(Serialize)]
struct Words {
    field: &'static str,
    expected: &'static str,
    found: &'static str,
    location: &'static str,
    evidence: &'static str,
    manual: &'static str,
    fix: &'static str,
    provenance: &'static str,
    veto: &'static str,
    unverified: &'static str,
    statuses: Vec<(&'static str, String)>,
}

/// The clause texts every platform's findings refer to, written once.
pub(super) fn catalog(o: &mut String, s: &Summary, lang: Lang) {
    let clauses = s
        .catalog
        .clauses
        .iter()
        .map(|c| ClauseData {
            id: v(&c.id),
            chapter: v(&c.chapter),
            lv: labels::level_key(c.level),
            level: c.level.as_str().to_owned(),
            title: v(c.title.get(lang)),
            zh: v(&c.text.zh),
            en: v(&c.text.en),
            veto: c.veto,
            manual: c.manual.as_ref().map(|m| v(m.get(lang))),
            fix: v(c.remediation.get(lang)),
            evidence: c.evidence.iter().map(|f| v(&field(f))).collect(),
            provenance: {
                let p = &c.provenance;
                let sources = if p.sources.is_empty() { String::new() } else { format!(" ({})", p.sources.join(", ")) };
                v(&format!("{}{sources}", p.code))
            },
        })
        .collect();
    let chapters = s
        .catalog
        .chapters
        .iter()
        .map(|ch| {
            let ids = s.catalog.clauses.iter().enumerate().filter(|(_, c)| c.chapter == ch.id).map(|(i, _)| i);
            (v(&ch.id), ids.collect())
        })
        .collect();
    let words = Words {
        field: t(lang, "字段", "field"),
        expected: t(lang, "应为", "expected"),
        found: t(lang, "实为", "found"),
        location: t(lang, "位置", "location"),
        evidence: t(lang, "证据字段", "evidence fields"),
        manual: t(lang, "人工核查", "verify by hand"),
        fix: t(lang, "整改建议", "remediation"),
        provenance: t(lang, "出处", "provenance"),
        veto: t(lang, "否决项", "veto"),
        unverified: t(lang, "未核实：仅凭平台声明", "unverified: the platform's word alone"),
        statuses: Status::ALL.iter().map(|st| (labels::status_key(*st), st.label().get(lang).to_owned())).collect(),
    };
    let _ = writeln!(
        o,
        "<script type=\"application/json\" id=\"catalog\">{}</script>",
        data(&Catalog { clauses, chapters, words })
    );
}

/// The colour class of a score on the heat map: `h0` (0–9) … `h10` (100), `hx` for none.
fn heat(score: Option<f64>) -> String {
    match score {
        Some(s) => format!("h{}", (s / 10.0).floor().clamp(0.0, 10.0) as u8),
        None => "hx".into(),
    }
}

/// Ranking, verdict counts, heat map, chapter spread and the clauses most often not met.
pub(crate) fn committee(o: &mut String, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
    let lang = cx.lang;
    let c = s.committee();
    let ranking = c.ranking();
    let [conformant, largely, non] = c.verdicts();
    let _ = write!(
        o,
        "<section id=\"summary\" class=\"summary\"><h1>{} ({})</h1><p class=\"verdicts\">\
<span class=\"badge conformant\">{} {conformant}</span> <span class=\"badge largely_conformant\">{} {largely}</span> \
<span class=\"badge non_conformant\">{} {non}</span> · {}</p>",
        t(lang, "排名", "Ranking"),
        s.rows.len(),
        e(crate::assessment::Verdict::Conformant.label().get(lang)),
        e(crate::assessment::Verdict::LargelyConformant.label().get(lang)),
        e(crate::assessment::Verdict::NonConformant.label().get(lang)),
        e(&labels::basis_line(&c.basis_counts(), lang)),
    );
    let _ = write!(
        o,
        "<div class=\"scroll\"><table class=\"platforms\"><thead><tr>\
<th class=\"num\">#</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th></th><th>{}</th><th class=\"num\">{}</th>\
<th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        t(lang, "平台", "platform"),
        t(lang, "文件", "file"),
        t(lang, "结论", "verdict"),
        t(lang, "总分", "score"),
        t(lang, "等级", "grade"),
        t(lang, "应/不应未满足", "shall not met"),
        t(lang, "差距", "gaps"),
        t(lang, "仅声明", "declared only"),
        t(lang, "门禁", "gate"),
    );
    for (rank, r) in ranking.iter().enumerate() {
        let n = r.index + 1;
        let gaps = r.counts.fail + r.counts.partial + r.counts.error;
        let passed = r.gate_passed();
        let _ = write!(
            o,
            "<tr data-verdict=\"{vk}\"><td class=\"num\">{}</td><td><a href=\"#p{n}\">{}</a></td><td class=\"file\">{}</td>\
<td><span class=\"badge {vk}\">{}</span></td><td class=\"num\">{:.2}</td><td><meter min=\"0\" max=\"100\" value=\"{:.2}\"></meter></td>\
<td>{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{gaps}</td><td class=\"num\">{}</td><td class=\"gate {}\">{}</td></tr>",
            rank + 1,
            e(&r.platform),
            e(&r.file),
            e(r.verdict.label().get(lang)),
            r.score,
            r.score,
            e(r.grade.get(lang)),
            r.shall_not_passed,
            r.shall_applicable,
            r.basis_counts.declaration,
            if passed { "ok" } else { "no" },
            labels::gate(passed, lang),
            vk = labels::verdict_key(r.verdict),
        );
        flush_big(o, w);
    }
    o.push_str("</tbody></table></div></section>\n");

    // The heat map: platforms by rank, one column per chapter; a chapter's header unfolds it into
    // its clauses, drawn by the script from each row's status string.
    let _ = write!(
        o,
        "<section id=\"matrix\"><h2>{}</h2><p class=\"muted\">{}</p><div class=\"hm-wrap\"><table class=\"hm\"><thead><tr>\
<th class=\"num\">#</th><th>{}</th><th class=\"num\">{}</th>",
        t(lang, "条款 × 平台矩阵", "Clause × platform matrix"),
        t(
            lang,
            "每格为章节得分；点击章节展开其条款（绿：符合，黄：部分符合，红：不符合，灰：不适用，蓝：豁免，紫：无法评估）。",
            "Each cell is the chapter's score; click a chapter to unfold its clauses (green pass, amber partial, red fail, grey n/a, blue waived, purple error)."
        ),
        t(lang, "平台", "platform"),
        t(lang, "总分", "score"),
    );
    for (i, ch) in s.catalog.chapters.iter().enumerate() {
        let _ = write!(
            o,
            "<th class=\"ch\" data-ch=\"{i}\"><button type=\"button\" data-ch=\"{i}\" title=\"{}\">{}</button></th>",
            e(ch.title.get(lang)),
            e(&ch.id)
        );
    }
    o.push_str("</tr></thead><tbody>");
    for (rank, r) in ranking.iter().enumerate() {
        let codes: String = r.statuses.iter().map(|st| status_code(*st)).collect();
        let _ = write!(
            o,
            "<tr data-s=\"{codes}\" data-verdict=\"{}\"><td class=\"num\">{}</td><td class=\"pl\"><a href=\"#p{}\">{}</a></td>\
<td class=\"num\">{:.1}</td>",
            labels::verdict_key(r.verdict),
            rank + 1,
            r.index + 1,
            e(&r.platform),
            r.score
        );
        for score in r.chapter_scores() {
            let _ = write!(
                o,
                "<td class=\"{}\">{}</td>",
                heat(score),
                score.map(|x| format!("{x:.0}")).unwrap_or_else(|| "—".into())
            );
        }
        o.push_str("</tr>");
        flush_big(o, w);
    }
    // Column totals: how many platforms did not meet each chapter's clauses.
    o.push_str("</tbody></table></div></section>\n");

    let _ = write!(
        o,
        "<section id=\"spread\"><h2>{}</h2><table class=\"chapters\"><thead><tr><th>{}</th><th>{}</th>\
<th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        t(lang, "各章得分", "Chapter scores across the batch"),
        t(lang, "章节", "chapter"),
        t(lang, "名称", "title"),
        t(lang, "平均", "mean"),
        t(lang, "最低", "min"),
        t(lang, "最高", "max"),
        t(lang, "标准差", "stdev"),
        t(lang, "计分平台", "scored"),
    );
    for (ch, sp) in s.catalog.chapters.iter().zip(c.chapters()) {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num {}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            e(&ch.id),
            e(ch.title.get(lang)),
            heat(sp.mean),
            labels::score(sp.mean),
            labels::score(sp.min),
            labels::score(sp.max),
            labels::score(sp.stdev),
            sp.scored,
        );
    }
    o.push_str("</tbody></table></section>\n");

    let failed = c.most_failed();
    let _ = write!(
        o,
        "<section id=\"failed\"><h2>{} ({})</h2><table class=\"failed\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>\
<th class=\"num\">{}</th><th></th></tr></thead><tbody>",
        t(lang, "最常未满足的条款", "Clauses most often not met"),
        failed.len(),
        t(lang, "条款", "clause"),
        t(lang, "级别", "level"),
        t(lang, "名称", "title"),
        t(lang, "未满足平台", "platforms not meeting"),
    );
    for tally in failed.iter().take(labels::MOST_FAILED_SHOWN * 2) {
        let clause = &s.catalog.clauses[tally.clause];
        let share = 100.0 * tally.not_met as f64 / s.rows.len().max(1) as f64;
        let _ = write!(
            o,
            "<tr><td><b>{}</b></td><td><span class=\"lvl {}\">{}</span></td><td>{}</td><td class=\"num\">{}/{}</td>\
<td><meter min=\"0\" max=\"100\" value=\"{share:.1}\"></meter></td></tr>",
            e(&clause.id),
            labels::level_key(clause.level),
            e(clause.level.as_str()),
            e(clause.title.get(lang)),
            tally.not_met,
            s.rows.len(),
        );
    }
    o.push_str("</tbody></table></section>\n");
}

/// One gap or waiver of a platform, referring to its clause in the catalog.
#[derive(Serialize)]
struct FindingData {
    /// Index of the clause in the catalog.
    c: usize,
    status: &'static str,
    passed: u32,
    total: u32,
    /// Why waived or in error.
    reason: Option<String>,
    unverified: bool,
    /// place, expected, found, file:line:column.
    rows: Vec<[String; 4]>,
    /// The YAML lines around the first finding: line number, text; `hl` is the finding's line.
    yaml: Vec<(usize, String)>,
    hl: usize,
}

/// A platform's short section: heading, cards and facts as in a single report, then a button that
/// draws its findings from the data block.
pub(super) fn platform(o: &mut String, n: usize, a: &Assessment, r: &Context) {
    let lang = r.lang;
    facts(o, n, a, r);
    let listed: Vec<(usize, &ClauseResult)> = a
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status.is_gap())
        .chain(a.clauses.iter().enumerate().filter(|(_, c)| c.status == Status::Waived))
        .collect();
    let mut ordered = listed;
    // As in a single report: requirements first, then the standard's order; waivers last.
    ordered.sort_by_key(|(i, c)| (c.status == Status::Waived, c.level.rank(), *i));
    let findings: Vec<FindingData> = ordered
        .iter()
        .map(|(i, c)| {
            let hl = c.findings.first().and_then(|f| f.at).map_or(0, |p| p.line);
            let yaml = if hl == 0 {
                Vec::new()
            } else {
                (hl.saturating_sub(1).max(1)..=hl + 1)
                    .map(|line| (line, v(a.source.line_text(line))))
                    .filter(|(line, text)| *line <= hl || !text.is_empty())
                    .collect()
            };
            FindingData {
                c: *i,
                status: labels::status_key(c.status),
                passed: c.passed,
                total: c.total,
                reason: matches!(c.status, Status::Error | Status::Waived).then(|| v(&message(c, lang))),
                unverified: c.unverified(),
                rows: c
                    .findings
                    .iter()
                    .map(|f| {
                        [v(&labels::path(f)), v(f.expected.get(lang)), v(f.found.get(lang)), v(&labels::place(a, f.at))]
                    })
                    .collect(),
                yaml,
                hl,
            }
        })
        .collect();
    let gaps = findings.iter().filter(|f| f.status != "waived").count();
    let _ = write!(
        o,
        "<h3>{} ({})</h3><p><button type=\"button\" class=\"more\" data-p=\"{n}\" hidden=\"hidden\">{}</button>\
<span class=\"noscript muted\">{}</span></p><div class=\"findings\" id=\"f{n}\" data-gaps=\"{gaps}\"></div>",
        t(lang, "差距与豁免", "Findings"),
        findings.len(),
        t(lang, "显示差距", "show findings"),
        t(
            lang,
            "差距明细需启用脚本，或单独检查此文件。",
            "Findings need script enabled, or check this file on its own."
        ),
    );
    let _ = writeln!(o, "<script type=\"application/json\" id=\"d{n}\">{}</script></section>", data(&findings));
}
