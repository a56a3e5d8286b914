//! The terminal report: header, per-chapter table, then every gap with a YAML snippet.
//!
//! Every string from the platform file, the file name or the rule pack goes through
//! [`visible`], and the snippets are cut from a [`VisibleSource`], so no input can reach the
//! terminal as a control sequence.

use std::cell::OnceCell;
use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};

use crate::assessment::{Assessment, ClauseResult, Status};
use crate::platform::field;
use crate::report::Rendering;
use crate::report::json::message;
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

/// Renders every assessment, then a batch summary when there are several.
pub fn render(r: &Rendering) -> String {
    let mut out = String::new();
    for a in r.assessments {
        render_one(&mut out, a, r);
    }
    if r.assessments.len() > 1 {
        render_batch(&mut out, r);
    }
    out
}

fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

fn render_one(out: &mut String, a: &Assessment, r: &Rendering) {
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
    let _ = writeln!(out, "{}: {}", t(lang, "评估日期", "assessed as of"), v(&a.as_of));
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
    if !a.veto_failed.is_empty() {
        let _ = writeln!(out, "{}: {}", t(lang, "否决项未满足", "veto items not met"), v(&a.veto_failed.join(", ")));
    }
    let reasons = r.gate.reasons_in(a, lang);
    if reasons.is_empty() {
        let _ = writeln!(out, "{}", t(lang, "门禁：通过", "gate: passed"));
    } else {
        let _ = writeln!(out, "{}: {}", t(lang, "门禁：未通过", "gate: failed"), v(&reasons.join("; ")));
    }
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

fn render_gap(out: &mut String, a: &Assessment, c: &ClauseResult, r: &Rendering, source: &OnceCell<VisibleSource>) {
    let lang = r.lang;
    let level = if lang == Lang::Zh {
        c.level.as_str().to_owned()
    } else {
        format!("{} {}", c.level.as_str(), c.level.english())
    };
    let veto = if c.veto { t(lang, " · 否决项", " · veto") } else { "" };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "[{level}] {} {} — {} ({}/{}){veto}",
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
        let name = field(&f.pointer);
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

fn render_batch(out: &mut String, r: &Rendering) {
    let lang = r.lang;
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(vec![
        t(lang, "文件", "file"),
        t(lang, "平台", "platform"),
        t(lang, "结论", "verdict"),
        t(lang, "总分", "score"),
        t(lang, "等级", "grade"),
        t(lang, "门禁", "gate"),
    ]);
    for a in r.assessments {
        table.add_row(vec![
            Cell::new(v(&a.source.name)),
            Cell::new(v(&a.platform)),
            Cell::new(a.verdict.label().get(lang)),
            Cell::new(format!("{:.2}", a.score)).set_alignment(CellAlignment::Right),
            Cell::new(v(a.grade.get(lang))),
            Cell::new(if r.gate.passes(a) { t(lang, "通过", "passed") } else { t(lang, "未通过", "failed") }),
        ]);
    }
    let _ = writeln!(out, "{} ({}):", t(lang, "汇总", "Summary"), r.assessments.len());
    let _ = writeln!(out, "{table}");
}
