//! The terminal report: header, per-chapter table, then every gap with a YAML snippet.
//!
//! Every string from the platform file, the file name or the rule pack goes through
//! [`visible`], and the snippets are cut from a [`VisibleSource`], so no input can reach the
//! terminal as a control sequence.

use std::cell::OnceCell;
use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};

use crate::assessment::{Assessment, ClauseResult, Status, Verdict};
use crate::platform::field;
use crate::report::json::message;
use crate::report::labels;
use crate::report::{Context, Reporter, Summary};
use crate::terminal::{VisibleSource, visible as v};
use crate::text::Lang;

/// A gap rendered by miette: the YAML snippet with a label at the finding.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{title}")]
struct Snippet {
    title: String,
    #[source_code]
    src: NamedSource<std::sync::Arc<str>>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
}

/// The text report: each platform in turn, then the committee's view of a batch.
pub struct Text;

impl Reporter for Text {
    fn head(&self, _: &Context, _: &Summary, _: &mut dyn FnMut(&str)) {}

    fn section(&self, cx: &Context, _: usize, a: &Assessment) -> String {
        let mut out = String::new();
        render_one(&mut out, a, cx);
        out
    }

    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        if cx.batch {
            render_batch(cx, s, w);
        }
    }
}

fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

fn render_one(out: &mut String, a: &Assessment, r: &Context) {
    let lang = r.lang;
    let _ = writeln!(
        out,
        "ipps-check {} · {} ({})",
        env!("CARGO_PKG_VERSION"),
        v(a.pack.title.get(lang)),
        v(&a.pack.edition)
    );
    let _ = writeln!(
        out,
        "{}: {} v{} {}",
        t(lang, "规则包", "rule pack"),
        v(&a.pack.id),
        v(&a.pack.version),
        v(&a.pack.content_hash)
    );
    let _ = writeln!(out, "{}: {} ({})", t(lang, "平台", "platform"), v(&a.platform), v(&a.source.name));
    let as_of = labels::as_of(&a.as_of, &a.as_of_zone, a.as_of_given, lang);
    let _ = writeln!(out, "{}: {}", t(lang, "评估日期", "assessed as of"), v(&as_of));
    if let Some(config) = r.config {
        let _ = writeln!(out, "{}: {}", t(lang, "配置文件", "config"), v(config));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}: {}    {}: {:.2}    {}: {}",
        t(lang, "结论", "verdict"),
        a.verdict.label().get(lang),
        t(lang, "总分", "score"),
        a.score,
        t(lang, "等级", "grade"),
        v(a.grade.get(lang))
    );
    let counts: Vec<String> =
        Status::ALL.iter().map(|s| format!("{} {}", s.label().get(lang), a.counts.get(*s))).collect();
    let _ = writeln!(out, "{} {}: {}", a.counts.total(), t(lang, "条款", "clauses"), counts.join(" · "));
    let _ = writeln!(
        out,
        "{}: {} {}, {} {}",
        t(lang, "应/不应条款", "shall clauses"),
        a.shall_applicable,
        t(lang, "适用", "applicable"),
        a.shall_not_passed,
        t(lang, "未满足", "not met"),
    );
    let _ = writeln!(out, "{}", labels::basis_line(&a.basis_counts, lang));
    if a.strict {
        let _ = writeln!(
            out,
            "{}",
            t(
                lang,
                "严格模式：仅凭声明的应条款计为未满足",
                "strict: shall clauses met on a declaration alone count as not met"
            )
        );
    }
    if !a.veto_failed.is_empty() {
        let _ = writeln!(out, "{}: {}", t(lang, "否决项未满足", "veto items not met"), v(&a.veto_failed.join(", ")));
    }
    let reasons = r.gate.reasons_in(a, lang);
    if reasons.is_empty() {
        let _ = writeln!(out, "{}", t(lang, "门禁：通过", "gate: passed"));
    } else {
        let _ = writeln!(out, "{}: {}", t(lang, "门禁：未通过", "gate: failed"), v(&reasons.join("; ")));
    }
    declarations(out, a, lang);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", chapter_table(a, lang));
    let _ = writeln!(out, "{}", v(a.formula.get(lang)));
    for w in &a.warnings {
        let _ = writeln!(out, "{}: {}", t(lang, "警告", "warning"), v(w.get(lang)));
    }
    let gaps = a.gaps();
    let _ = writeln!(out);
    if gaps.is_empty() {
        let _ = writeln!(out, "{}", t(lang, "没有差距。", "No gaps."));
    } else {
        let _ = writeln!(out, "{} ({}):", t(lang, "差距", "Gaps"), gaps.len());
        // The file's text is made visible once, and only if a snippet needs it.
        let source = OnceCell::new();
        for c in gaps {
            render_gap(out, a, c, r, &source);
        }
    }
    let unverified: Vec<&ClauseResult> = a.clauses.iter().filter(|c| c.level.is_shall() && c.unverified()).collect();
    if !unverified.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} ({}):",
            t(
                lang,
                "未核实的应条款（仅凭平台声明满足）",
                "Unverified shall clauses (met on the platform's word alone)"
            ),
            unverified.len()
        );
        for c in unverified {
            let _ = writeln!(out, "  {} {}", v(&c.id), v(c.title.get(lang)));
        }
    }
    if !a.meaningless.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} ({}):",
            t(lang, "因无实际意义而剔除的值", "Values taken out because they say nothing"),
            a.meaningless.len()
        );
        for m in &a.meaningless {
            let _ = writeln!(
                out,
                "  {} \"{}\" — {}  ({})",
                v(&field(&m.pointer)),
                v(&m.value),
                v(m.reason.get(lang)),
                v(&labels::place(a, m.at))
            );
        }
    }
    let manual = a.manual_checks();
    if !manual.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{} ({}):", t(lang, "需人工核查", "To verify by hand"), manual.len());
        for c in manual {
            if let Some(m) = &c.manual {
                let _ = writeln!(out, "  {} {}: {}", v(&c.id), v(c.title.get(lang)), v(m.get(lang)));
            }
        }
    }
    let _ = writeln!(out);
}

/// The not-applicable declarations, near the top: an accepted one takes a clause out of the score,
/// so a reader must see it; a refused one says why the clause was evaluated after all.
fn declarations(out: &mut String, a: &Assessment, lang: Lang) {
    if a.declarations.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{} ({}):", t(lang, "不适用声明", "Not-applicable declarations"), a.declarations.len());
    for d in &a.declarations {
        let level = d.level.map(|l| format!("[{}] ", labels::level(l, lang))).unwrap_or_default();
        let mark = if d.refused.is_none() { "!" } else { "✗" };
        let _ = writeln!(
            out,
            "  {mark} {} {level}{}: {}  ({})",
            labels::declaration(d.refused.is_none(), lang),
            v(&d.clause),
            v(&d.reason),
            v(&labels::place(a, d.at))
        );
        if let Some(why) = &d.refused {
            let _ = writeln!(out, "      {}: {}", t(lang, "原因", "why"), v(why.get(lang)));
        }
    }
}

fn chapter_table(a: &Assessment, lang: Lang) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(vec![
        t(lang, "章节", "chapter"),
        t(lang, "名称", "title"),
        t(lang, "权重", "weight"),
        t(lang, "得分", "score"),
        t(lang, "符合", "pass"),
        t(lang, "部分", "partial"),
        t(lang, "不符合", "fail"),
        t(lang, "不适用", "n/a"),
    ]);
    for c in &a.chapters {
        let score = c.score.map(|s| format!("{s:.1}")).unwrap_or_else(|| "—".into());
        table.add_row(vec![
            Cell::new(v(&c.id)),
            Cell::new(v(c.title.get(lang))),
            Cell::new(format!("{}", c.weight)).set_alignment(CellAlignment::Right),
            Cell::new(score).set_alignment(CellAlignment::Right),
            Cell::new(c.counts.pass).set_alignment(CellAlignment::Right),
            Cell::new(c.counts.partial).set_alignment(CellAlignment::Right),
            Cell::new(c.counts.not_met()).set_alignment(CellAlignment::Right),
            Cell::new(c.counts.unscored()).set_alignment(CellAlignment::Right),
        ]);
    }
    table.add_row(vec![
        Cell::new(t(lang, "总计", "total")),
        Cell::new(""),
        Cell::new(""),
        Cell::new(format!("{:.1}", a.score)).set_alignment(CellAlignment::Right),
        Cell::new(a.counts.pass).set_alignment(CellAlignment::Right),
        Cell::new(a.counts.partial).set_alignment(CellAlignment::Right),
        Cell::new(a.counts.not_met()).set_alignment(CellAlignment::Right),
        Cell::new(a.counts.unscored()).set_alignment(CellAlignment::Right),
    ]);
    table
}

fn render_gap(out: &mut String, a: &Assessment, c: &ClauseResult, r: &Context, source: &OnceCell<VisibleSource>) {
    let lang = r.lang;
    let level = if lang == Lang::Zh {
        c.level.as_str().to_owned()
    } else {
        format!("{} {}", c.level.as_str(), c.level.english())
    };
    let veto = if c.veto { t(lang, " · 否决项", " · veto") } else { "" };
    let unverified = if c.unverified() { t(lang, " · 未核实", " · unverified") } else { "" };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "[{level}] {} {} — {} ({}/{}){veto}{unverified}",
        v(&c.id),
        v(c.title.get(lang)),
        c.status.label().get(lang),
        c.passed,
        c.total
    );
    let _ = writeln!(out, "  {}", v(&c.text.zh));
    if lang == Lang::En {
        let _ = writeln!(out, "  {}", v(&c.text.en));
    }
    if c.status == Status::Error {
        let _ = writeln!(out, "  {}", v(&message(c, lang)));
    }
    for (i, f) in c.findings.iter().enumerate() {
        let place = match f.at {
            Some(p) => format!("{}:{}:{}", a.source.name, p.line, p.column),
            None => a.source.name.clone(),
        };
        let (expected, found) = (v(f.expected.get(lang)), v(f.found.get(lang)));
        let name = labels::path(f);
        let line = if lang == Lang::Zh {
            format!("{}：应为 {expected}，实为 {found}", v(&name))
        } else {
            format!("{}: expected {expected}, found {found}", v(&name))
        };
        let _ = writeln!(out, "  ✗ {line}  ({})", v(&place));
        // The snippet shows the line and one line either side: none may be an over-long one.
        if i == 0
            && let Some(p) = f.at
            && (p.line.saturating_sub(1)..=p.line + 1)
                .all(|l| a.source.line_text(l).chars().count() <= crate::error::MAX_SNIPPET_LINE)
        {
            {
                let shown = source.get_or_init(|| VisibleSource::new(&a.source.text));
                let snippet = Snippet {
                    title: format!("{} {}", v(&c.id), v(&name)),
                    src: NamedSource::new(v(&a.source.name), shown.text.clone()),
                    span: SourceSpan::new(shown.offset(a.source.offset(p.line, p.column)).into(), 0),
                    label: if lang == Lang::Zh { format!("应为 {expected}") } else { format!("expected {expected}") },
                };
                let theme = if r.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
                let handler =
                    GraphicalReportHandler::new_themed(theme).with_links(false).with_width(100).with_context_lines(1);
                let mut s = String::new();
                if handler.render_report(&mut s, &snippet).is_ok() {
                    for l in s.lines().skip(1) {
                        if !l.trim().is_empty() {
                            let _ = writeln!(out, "    {l}");
                        }
                    }
                }
            }
        }
    }
    if let Some(m) = &c.manual {
        let _ = writeln!(out, "  {}: {}", t(lang, "人工核查", "verify by hand"), v(m.get(lang)));
    }
    let _ = writeln!(out, "  {}: {}", t(lang, "整改", "fix"), v(c.remediation.get(lang)));
}

fn render_batch(r: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
    let lang = r.lang;
    let mut o = String::new();
    let out = &mut o;
    let committee = s.committee();
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(vec![
        "#",
        t(lang, "文件", "file"),
        t(lang, "平台", "platform"),
        t(lang, "结论", "verdict"),
        t(lang, "总分", "score"),
        t(lang, "等级", "grade"),
        t(lang, "应未满足", "shall not met"),
        t(lang, "仅声明", "declared only"),
        t(lang, "门禁", "gate"),
    ]);
    for (rank, row) in committee.ranking().into_iter().enumerate() {
        table.add_row(vec![
            Cell::new(rank + 1).set_alignment(CellAlignment::Right),
            Cell::new(v(&row.file)),
            Cell::new(v(&row.platform)),
            Cell::new(row.verdict.label().get(lang)),
            Cell::new(format!("{:.2}", row.score)).set_alignment(CellAlignment::Right),
            Cell::new(v(row.grade.get(lang))),
            Cell::new(format!("{}/{}", row.shall_not_passed, row.shall_applicable)).set_alignment(CellAlignment::Right),
            Cell::new(row.basis_counts.declaration).set_alignment(CellAlignment::Right),
            Cell::new(labels::gate(row.gate_passed(), lang)),
        ]);
    }
    let [conformant, largely, non] = committee.verdicts();
    let _ = writeln!(out, "{} ({}):", t(lang, "汇总（按总分排名）", "Summary"), s.rows.len());
    let _ = writeln!(out, "{table}");
    let _ = writeln!(
        out,
        "{}: {} {conformant} · {} {largely} · {} {non}",
        t(lang, "结论", "verdicts"),
        Verdict::Conformant.label().get(lang),
        Verdict::LargelyConformant.label().get(lang),
        Verdict::NonConformant.label().get(lang),
    );
    let basis = committee.basis_counts();
    let _ = writeln!(out, "{}\n", labels::basis_line(&basis, lang));

    let mut chapters = Table::new();
    chapters.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    chapters.set_header(vec![
        t(lang, "章节", "chapter"),
        t(lang, "名称", "title"),
        t(lang, "平均", "mean"),
        t(lang, "最低", "min"),
        t(lang, "最高", "max"),
        t(lang, "标准差", "stdev"),
        t(lang, "计分平台", "scored"),
    ]);
    for (c, spread) in s.catalog.chapters.iter().zip(committee.chapters()) {
        let right = |x: Option<f64>| Cell::new(labels::score(x)).set_alignment(CellAlignment::Right);
        chapters.add_row(vec![
            Cell::new(v(&c.id)),
            Cell::new(v(c.title.get(lang))),
            right(spread.mean),
            right(spread.min),
            right(spread.max),
            right(spread.stdev),
            Cell::new(spread.scored).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{}:", t(lang, "各章得分", "Chapter scores across the batch"));
    let _ = writeln!(out, "{chapters}\n");

    let failed = committee.most_failed();
    let _ = writeln!(out, "{} ({}):", t(lang, "最常未满足的条款", "Clauses most often not met"), failed.len());
    for tally in failed.iter().take(labels::MOST_FAILED_SHOWN) {
        let c = &s.catalog.clauses[tally.clause];
        let _ = writeln!(
            out,
            "  {:>5}/{}  [{}] {} {}",
            tally.not_met,
            s.rows.len(),
            labels::level(c.level, lang),
            v(&c.id),
            v(c.title.get(lang))
        );
    }
    if failed.len() > labels::MOST_FAILED_SHOWN {
        let _ = writeln!(
            out,
            "  … {} {}",
            failed.len() - labels::MOST_FAILED_SHOWN,
            t(lang, "条更多，见 JSON 或 committee-csv 报告", "more in the JSON or committee-csv report")
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}:", t(lang, "条款 × 平台矩阵", "Clause × platform matrix"));
    let _ = writeln!(out, "  {}", labels::matrix_legend(lang));
    let _ = writeln!(out, "  {}", v(&labels::matrix_header(s.catalog)));
    for row in s.rows {
        let _ = writeln!(out, "  {}  {}", labels::matrix_line(s.catalog, row), v(&row.file));
        crate::report::flush_big(out, w);
    }
    let _ = writeln!(out);
    crate::report::flush(out, w);
}
