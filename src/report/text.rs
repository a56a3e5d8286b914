//! The terminal report: header, per-chapter table, then every gap with a YAML snippet.
//!
//! Every string from the platform file, the file name or the rule pack goes through
//! [`visible`], and the snippets are cut from a [`VisibleSource`], so no input can reach the
//! terminal as a control sequence.

use std::cell::OnceCell;
use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width as ComfyWidth, presets};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, SourceSpan};

use crate::assessment::{Assessment, ClauseResult, Finding, Status, Verdict};
use crate::error::CharColumns;
use crate::platform::field;
use crate::report::json::message;
use crate::report::labels;
use crate::report::{Context, Reporter, Summary, wrap};
use crate::terminal::{VisibleSource, visible as v};
use crate::text::Lang;

/// A gap rendered by miette: the YAML snippet with a label at the finding.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{title}")]
struct Snippet {
    title: String,
    #[source_code]
    src: CharColumns,
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

/// Gaps the text report shows in full unless `--show all`: the first ones, 应/不应 first.
pub const GAPS_SHOWN: usize = 20;
/// Findings of one clause shown unless `--show all`.
pub const FINDINGS_SHOWN: usize = 3;
/// Entries of the lists after the gaps (unverified, meaningless, by hand) shown unless `--show all`.
pub const LIST_SHOWN: usize = 10;

/// Appends one wrapped line: the first line flush, continuations indented by two.
fn line(out: &mut String, width: usize, text: &str) {
    wrap::para(out, width, "", "  ", text);
}

/// Appends a list entry: indented by two, continuations by four.
fn entry(out: &mut String, width: usize, text: &str) {
    wrap::para(out, width, "  ", "    ", text);
}

/// The line that says how many entries of a list were left out, and how to see them.
fn more(out: &mut String, width: usize, hidden: usize, lang: Lang) {
    if hidden > 0 {
        let text = match lang {
            Lang::Zh => format!("… 另有 {hidden} 项未列出（--show all 显示全部）"),
            Lang::En => format!("… {hidden} more (--show all lists them)"),
        };
        entry(out, width, &text);
    }
}

fn render_one(out: &mut String, a: &Assessment, r: &Context) {
    let lang = r.lang;
    let w = r.layout.width;
    let title =
        format!("ipps-check {} · {} ({})", env!("CARGO_PKG_VERSION"), v(a.pack.title.get(lang)), v(&a.pack.edition));
    line(out, w, &title);
    line(
        out,
        w,
        &format!(
            "{}: {} v{} {}",
            t(lang, "规则包", "rule pack"),
            v(&a.pack.id),
            v(&a.pack.version),
            v(&a.pack.content_hash)
        ),
    );
    line(out, w, &format!("{}: {} ({})", t(lang, "平台", "platform"), v(&a.platform), v(&a.source.name)));
    let as_of = labels::as_of(&a.as_of, &a.as_of_zone, a.as_of_given, lang);
    line(out, w, &format!("{}: {}", t(lang, "评估日期", "assessed as of"), v(&as_of)));
    if let Some(config) = r.config {
        line(out, w, &format!("{}: {}", t(lang, "配置文件", "config"), v(config)));
    }
    let _ = writeln!(out);
    line(out, w, &verdict_line(a, lang));
    let counts: Vec<String> =
        Status::ALL.iter().map(|s| format!("{} {}", s.label().get(lang), a.counts.get(*s))).collect();
    line(out, w, &format!("{} {}: {}", a.counts.total(), t(lang, "条款", "clauses"), counts.join(" · ")));
    line(
        out,
        w,
        &format!(
            "{}: {} {}, {} {}",
            t(lang, "应/不应条款", "shall clauses"),
            a.shall_applicable,
            t(lang, "适用", "applicable"),
            a.shall_not_passed,
            t(lang, "未满足", "not met"),
        ),
    );
    line(out, w, &labels::basis_line(&a.basis_counts, lang));
    if a.strict {
        line(
            out,
            w,
            t(
                lang,
                "严格模式：仅凭声明的应条款计为未满足",
                "strict: shall clauses met on a declaration alone count as not met",
            ),
        );
    }
    if !a.veto_failed.is_empty() {
        line(out, w, &format!("{}: {}", t(lang, "否决项未满足", "veto items not met"), v(&a.veto_failed.join(", "))));
    }
    let reasons = r.gate.reasons_in(a, lang);
    if reasons.is_empty() {
        line(out, w, t(lang, "门禁：通过", "gate: passed"));
    } else {
        line(out, w, &format!("{}: {}", t(lang, "门禁：未通过", "gate: failed"), v(&reasons.join("; "))));
    }
    if a.baseline_used {
        let gaps = a.gaps();
        let known = gaps.iter().filter(|c| c.in_baseline).count();
        let text = match lang {
            Lang::Zh => format!("基线：{} 项差距中 {known} 项已在基线中，新增 {} 项", gaps.len(), gaps.len() - known),
            Lang::En => format!("baseline: {known} of {} gaps known, {} new", gaps.len(), gaps.len() - known),
        };
        line(out, w, &text);
    }
    declarations(out, a, lang, w);
    waivers(out, a, lang, w);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", chapter_table(a, lang, w));
    if r.layout.explain {
        line(out, w, &format!("{}: {}", t(lang, "计分公式", "scoring"), v(a.formula.get(lang))));
    } else {
        line(
            out,
            w,
            t(
                lang,
                "计分：各章按权重计满足比例（--explain 显示公式；docs/scoring.md 有示例）",
                "scoring: weighted share of applicable clauses met, by chapter (--explain prints the formula; docs/scoring.md has an example)",
            ),
        );
    }
    for warning in &a.warnings {
        line(out, w, &format!("{}: {}", t(lang, "警告", "warning"), v(warning.get(lang))));
    }
    gaps(out, a, r);
    let unverified: Vec<&ClauseResult> = a.clauses.iter().filter(|c| c.level.is_shall() && c.unverified()).collect();
    let all = r.layout.show_all;
    if !unverified.is_empty() {
        let _ = writeln!(out);
        let head = t(
            lang,
            "未核实的应条款（仅凭平台声明满足）",
            "Unverified shall clauses (met on the platform's word alone)",
        );
        line(out, w, &format!("{head} ({}):", unverified.len()));
        let shown = if all { unverified.len() } else { LIST_SHOWN };
        for c in unverified.iter().take(shown) {
            entry(out, w, &format!("{} {}", v(&c.id), v(c.title.get(lang))));
        }
        more(out, w, unverified.len().saturating_sub(shown), lang);
    }
    citations(out, a, lang, w, all);
    if !a.meaningless.is_empty() {
        let _ = writeln!(out);
        let head = t(lang, "因无实际意义而剔除的值", "Values taken out because they say nothing");
        line(out, w, &format!("{head} ({}):", a.meaningless.len()));
        let shown = if all { a.meaningless.len() } else { LIST_SHOWN };
        for m in a.meaningless.iter().take(shown) {
            let text = format!(
                "{} \"{}\" — {}  ({})",
                v(&field(&m.pointer)),
                v(&m.value),
                v(m.reason.get(lang)),
                v(&labels::place(a, m.at))
            );
            entry(out, w, &text);
        }
        more(out, w, a.meaningless.len().saturating_sub(shown), lang);
    }
    let manual = a.manual_checks();
    if !manual.is_empty() {
        let _ = writeln!(out);
        line(out, w, &format!("{} ({}):", t(lang, "需人工核查", "To verify by hand"), manual.len()));
        let shown = if all { manual.len() } else { LIST_SHOWN };
        for c in manual.iter().take(shown) {
            if let Some(m) = &c.manual {
                entry(out, w, &format!("{} {}: {}", v(&c.id), v(c.title.get(lang)), v(m.get(lang))));
            }
        }
        more(out, w, manual.len().saturating_sub(shown), lang);
    }
    let _ = writeln!(out);
}

/// `verdict: 符合    score: 95.30    grade: 优秀`: the line `-q` prints too.
pub fn verdict_line(a: &Assessment, lang: Lang) -> String {
    format!(
        "{}: {}    {}: {:.2}    {}: {}",
        t(lang, "结论", "verdict"),
        a.verdict.label().get(lang),
        t(lang, "总分", "score"),
        a.score,
        t(lang, "等级", "grade"),
        v(a.grade.get(lang))
    )
}

/// The not-applicable declarations, near the top: an accepted one takes a clause out of the score,
/// so a reader must see it; a refused one says why the clause was evaluated after all.
fn declarations(out: &mut String, a: &Assessment, lang: Lang, w: usize) {
    if a.declarations.is_empty() {
        return;
    }
    let _ = writeln!(out);
    line(out, w, &format!("{} ({}):", t(lang, "不适用声明", "Not-applicable declarations"), a.declarations.len()));
    for d in &a.declarations {
        let level = d.level.map(|l| format!("[{}] ", labels::level(l, lang))).unwrap_or_default();
        let mark = if d.refused.is_none() { "!" } else { "✗" };
        let text = format!(
            "{mark} {} {level}{}: {}  ({})",
            labels::declaration(d.refused.is_none(), lang),
            v(&d.clause),
            v(&d.reason),
            v(&labels::place(a, d.at))
        );
        entry(out, w, &text);
        if let Some(why) = &d.refused {
            wrap::para(out, w, "      ", "      ", &format!("{}: {}", t(lang, "原因", "why"), v(why.get(lang))));
        }
    }
}

/// The waivers that took a clause out of the score, near the top like the declarations: which
/// clause, why, who approved it, until when and how many days are left.
fn waivers(out: &mut String, a: &Assessment, lang: Lang, w: usize) {
    let waived: Vec<&ClauseResult> = a.clauses.iter().filter(|c| c.waiver.is_some()).collect();
    if waived.is_empty() {
        return;
    }
    let _ = writeln!(out);
    line(out, w, &format!("{} ({}):", t(lang, "豁免", "Waivers"), waived.len()));
    for c in waived {
        let Some(waiver) = &c.waiver else { continue };
        let head = format!(
            "{} [{}] {} {}",
            labels::waiver_mark(waiver),
            labels::level(c.level, lang),
            v(&c.id),
            v(c.title.get(lang))
        );
        entry(out, w, &head);
        wrap::para(out, w, "      ", "      ", &v(&labels::waiver_terms(waiver, &a.as_of, lang)));
    }
}

/// Every citation: what became of it and its copy, what it backs and what it does not. Unless
/// `--show all`, those that back clauses are listed up to the list's length; those that cannot
/// are always listed.
fn citations(out: &mut String, a: &Assessment, lang: Lang, w: usize, all: bool) {
    if a.citations.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let title = t(lang, "所引文件", "Documents cited");
    line(out, w, &format!("{title} ({}): {}", a.citations.len(), labels::citation_counts(a, lang)));
    let mut backing_shown = 0;
    let mut hidden = 0;
    for d in &a.citations {
        let status = d.citation.status;
        if status.can_back() && !all {
            if backing_shown == LIST_SHOWN {
                hidden += 1;
                continue;
            }
            backing_shown += 1;
        }
        let mark = if status.can_back() { "✓" } else { "✗" };
        let head = format!(
            "{mark} [{}] {}  ({})",
            status.label().get(lang),
            v(&labels::citation(d, lang)),
            v(&labels::place(a, d.at))
        );
        entry(out, w, &head);
        let detail = |out: &mut String, text: &str| wrap::para(out, w, "      ", "        ", text);
        for n in &d.notes {
            detail(out, &v(n.get(lang)));
        }
        if !d.backs.is_empty() {
            detail(out, &format!("{}: {}", t(lang, "支撑", "backs"), v(&d.backs.join(", "))));
        }
        if status.can_back() {
            for (clause, why) in &d.not_backed {
                detail(out, &format!("{} {}: {}", t(lang, "不支撑", "does not back"), v(clause), v(why.get(lang))));
            }
        }
    }
    more(out, w, hidden, lang);
}

fn chapter_table(a: &Assessment, lang: Lang, width: usize) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
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

/// The gaps, grouped by chapter: in full the first [`GAPS_SHOWN`] (应/不应 first), then the rest
/// counted by chapter with their clause ids; `--show all` shows every one in full.
fn gaps(out: &mut String, a: &Assessment, r: &Context) {
    let (lang, w) = (r.lang, r.layout.width);
    let gaps = a.gaps();
    let _ = writeln!(out);
    if gaps.is_empty() {
        line(out, w, t(lang, "没有差距。", "No gaps."));
        return;
    }
    let shown = if r.layout.show_all { gaps.len() } else { GAPS_SHOWN.min(gaps.len()) };
    let (full, rest) = gaps.split_at(shown);
    line(out, w, &format!("{} ({}):", t(lang, "差距", "Gaps"), gaps.len()));
    // The file's text is made visible once, and only if a snippet needs it.
    let source = OnceCell::new();
    for chapter in &a.chapters {
        let here: Vec<&&ClauseResult> = full.iter().filter(|c| c.chapter == chapter.id).collect();
        if here.is_empty() {
            continue;
        }
        let total = gaps.iter().filter(|c| c.chapter == chapter.id).count();
        let _ = writeln!(out);
        let count = match lang {
            Lang::Zh => format!("{total} 项差距"),
            Lang::En if total == 1 => "1 gap".to_owned(),
            Lang::En => format!("{total} gaps"),
        };
        line(out, w, &format!("── {} {} · {count}", v(&chapter.id), v(chapter.title.get(lang))));
        for c in here {
            render_gap(out, a, c, r, &source);
        }
    }
    if rest.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let head = match lang {
        Lang::Zh => format!("另有 {} 项差距未详列（--show all 显示全部；-f concise 每项一行）：", rest.len()),
        Lang::En => {
            format!("{} more gaps, by chapter (--show all shows them in full; -f concise one per line):", rest.len())
        }
    };
    line(out, w, &head);
    for chapter in &a.chapters {
        let here: Vec<String> = rest
            .iter()
            .filter(|c| c.chapter == chapter.id)
            .map(|c| format!("{} {}", v(&c.id), labels::level(c.level, lang).split(' ').next().unwrap_or_default()))
            .collect();
        if !here.is_empty() {
            let text =
                format!("{} {} ({}): {}", v(&chapter.id), v(chapter.title.get(lang)), here.len(), here.join(", "));
            entry(out, w, &text);
        }
    }
}

fn render_gap(out: &mut String, a: &Assessment, c: &ClauseResult, r: &Context, source: &OnceCell<VisibleSource>) {
    let (lang, w) = (r.lang, r.layout.width);
    let veto = if c.veto { t(lang, " · 否决项", " · veto") } else { "" };
    let unverified = if c.unverified() { t(lang, " · 未核实", " · unverified") } else { "" };
    let known = if c.in_baseline { t(lang, " · 基线已有", " · in baseline") } else { "" };
    let _ = writeln!(out);
    let head = format!(
        "[{}] {} {} — {} ({}/{}){veto}{unverified}{known}",
        labels::level(c.level, lang),
        v(&c.id),
        v(c.title.get(lang)),
        c.status.label().get(lang),
        c.passed,
        c.total
    );
    line(out, w, &head);
    entry(out, w, &v(&c.text.zh));
    if lang == Lang::En {
        entry(out, w, &v(&c.text.en));
    }
    if c.status == Status::Error {
        entry(out, w, &v(&message(c, lang)));
    }
    let shown = if r.layout.show_all { c.findings.len() } else { FINDINGS_SHOWN };
    for (i, f) in c.findings.iter().take(shown).enumerate() {
        let (expected, found) = (v(f.expected.get(lang)), v(f.found.get(lang)));
        let name = labels::path(f);
        let text = if lang == Lang::Zh {
            format!("{}：应为 {expected}，实为 {found}", v(&name))
        } else {
            format!("{}: expected {expected}, found {found}", v(&name))
        };
        wrap::para(out, w, "  ✗ ", "    ", &format!("{text}  ({})", v(&labels::place(a, f.at))));
        if i == 0 {
            snippet(out, a, f, &format!("{} {}", v(&c.id), v(&name)), &expected, r, source);
        }
    }
    let hidden = c.findings.len().saturating_sub(shown);
    if hidden > 0 {
        let text = match lang {
            Lang::Zh => format!("… 另有 {hidden} 处（--show all 显示全部）"),
            Lang::En if hidden == 1 => "… 1 more finding (--show all lists it)".to_owned(),
            Lang::En => format!("… {hidden} more findings (--show all lists them)"),
        };
        wrap::para(out, w, "  ", "    ", &text);
    }
    if let Some(m) = &c.manual {
        entry(out, w, &format!("{}: {}", t(lang, "人工核查", "verify by hand"), v(m.get(lang))));
    }
    entry(out, w, &format!("{}: {}", t(lang, "整改", "fix"), v(c.remediation.get(lang))));
}

/// The YAML around a finding, when its lines fit the width: the line and one either side, with a
/// label under the finding's column.
fn snippet(
    out: &mut String,
    a: &Assessment,
    f: &Finding,
    title: &str,
    expected: &str,
    r: &Context,
    source: &OnceCell<VisibleSource>,
) {
    let (lang, w) = (r.lang, r.layout.width);
    let Some(p) = f.at else { return };
    let lines = p.line.saturating_sub(1)..=p.line + 1;
    if !lines.clone().all(|l| a.source.line_text(l).chars().count() <= crate::error::MAX_SNIPPET_LINE) {
        return;
    }
    let shown = source.get_or_init(|| VisibleSource::new(&a.source.text));
    let offset = shown.offset(a.source.offset(p.line, p.column));
    // The label starts under the finding's column; what is left of the width is its room.
    let line_start = shown.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let gutter = 4 + (p.line + 1).to_string().len() + 3;
    let room = w.saturating_sub(gutter + wrap::columns(&shown.text[line_start..offset]) + 6).max(8);
    let label = if lang == Lang::Zh { format!("应为 {expected}") } else { format!("expected {expected}") };
    let snippet = Snippet {
        title: title.to_owned(),
        src: CharColumns::new(v(&a.source.name), shown.text.clone()),
        span: SourceSpan::new(offset.into(), 0),
        label: wrap::fit(&label, room),
    };
    let theme = if r.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false).with_width(w).with_context_lines(1);
    let mut s = String::new();
    if handler.render_report(&mut s, &snippet).is_err() {
        return;
    }
    let body: Vec<&str> = s.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    // A source line wider than the report is not cut: the location above says where it is.
    let plain = |l: &str| if r.color { strip_ansi(l) } else { l.to_owned() };
    if body.iter().all(|l| wrap::columns(&plain(l)) + 4 <= w) {
        for l in body {
            let _ = writeln!(out, "    {l}");
        }
    }
}

/// A line without its colour codes, to measure it.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn render_batch(r: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
    let (lang, width) = (r.lang, r.layout.width);
    let mut o = String::new();
    let out = &mut o;
    let committee = s.committee();
    let mut table = fitted(width);
    // On a narrow terminal the platform's name gives way to its file, which identifies it.
    let names = width >= WIDE;
    let mut header = vec!["#", t(lang, "文件", "file")];
    if names {
        header.push(t(lang, "平台", "platform"));
    }
    header.extend([
        t(lang, "结论", "verdict"),
        t(lang, "总分", "score"),
        t(lang, "等级", "grade"),
        t(lang, "应未满足", "shall not met"),
        t(lang, "仅声明", "declared only"),
        t(lang, "门禁", "gate"),
    ]);
    table.set_header(header);
    for (rank, row) in committee.ranking().into_iter().enumerate() {
        let mut cells = vec![Cell::new(rank + 1).set_alignment(CellAlignment::Right), Cell::new(v(&row.file))];
        if names {
            cells.push(Cell::new(v(&row.platform)));
        }
        cells.extend([
            Cell::new(row.verdict.label().get(lang)),
            Cell::new(format!("{:.2}", row.score)).set_alignment(CellAlignment::Right),
            Cell::new(v(row.grade.get(lang))),
            Cell::new(format!("{}/{}", row.shall_not_passed, row.shall_applicable)).set_alignment(CellAlignment::Right),
            Cell::new(row.basis_counts.declaration).set_alignment(CellAlignment::Right),
            Cell::new(labels::gate(row.gate_passed(), lang)),
        ]);
        table.add_row(cells);
    }
    // A file name wraps only when it must: its column gets up to a third of the width.
    let longest = s.rows.iter().map(|r| wrap::columns(&v(&r.file))).max().unwrap_or(0);
    if let Some(column) = table.column_mut(1) {
        let floor = u16::try_from(longest.min(width / 4)).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::LowerBoundary(ComfyWidth::Fixed(floor)));
    }
    // Numbers never wrap: the score, `95/122` and the count of declarations.
    let verdict = if names { 3 } else { 2 };
    for i in [0, verdict + 1, verdict + 3, verdict + 4] {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let [conformant, largely, non] = committee.verdicts();
    let _ = writeln!(out, "{} ({}):", t(lang, "汇总（按总分排名）", "Summary"), s.rows.len());
    let _ = writeln!(out, "{table}");
    let verdicts = format!(
        "{}: {} {conformant} · {} {largely} · {} {non}",
        t(lang, "结论", "verdicts"),
        Verdict::Conformant.label().get(lang),
        Verdict::LargelyConformant.label().get(lang),
        Verdict::NonConformant.label().get(lang),
    );
    line(out, width, &verdicts);
    let basis = committee.basis_counts();
    line(out, width, &labels::basis_line(&basis, lang));
    let _ = writeln!(out);

    let mut chapters = fitted(width);
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
        let text = format!(
            "{:>5}/{}  [{}] {} {}",
            tally.not_met,
            s.rows.len(),
            labels::level(c.level, lang),
            v(&c.id),
            v(c.title.get(lang))
        );
        entry(out, width, &text);
    }
    if failed.len() > labels::MOST_FAILED_SHOWN {
        let text = format!(
            "… {} {}",
            failed.len() - labels::MOST_FAILED_SHOWN,
            t(lang, "条更多，见 JSON 或 committee-csv 报告", "more in the JSON or committee-csv report")
        );
        entry(out, width, &text);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}:", t(lang, "条款 × 平台矩阵", "Clause × platform matrix"));
    entry(out, width, &labels::matrix_legend(lang));
    // A row is a character per clause: wider than a terminal, so the chapters are cut into bands
    // that fit, each with every platform's row.
    let room = width.saturating_sub(4 + longest).max(width / 2);
    for band in matrix_bands(s.catalog, room) {
        let _ = writeln!(out);
        let _ = writeln!(out, "  {}", v(&labels::matrix_header_of(s.catalog, &band)).trim_end());
        for row in s.rows {
            let _ = writeln!(out, "  {}  {}", labels::matrix_line_of(s.catalog, row, &band), v(&row.file));
            crate::report::flush_big(out, w);
        }
    }
    let _ = writeln!(out);
    crate::report::flush(out, w);
}

/// From this width on, the batch summary names each platform beside its file.
const WIDE: usize = 120;

/// A table drawn within the width, its text columns wrapped.
fn fitted(width: usize) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    table
}

/// The chapters of the matrix in bands no wider than `room` characters (a chapter wider than that
/// is a band of its own).
fn matrix_bands(catalog: &crate::committee::Catalog, room: usize) -> Vec<Vec<String>> {
    let mut bands: Vec<Vec<String>> = Vec::new();
    let mut used = 0;
    for ch in &catalog.chapters {
        let n = catalog.clauses.iter().filter(|c| c.chapter == ch.id).count();
        if n == 0 {
            continue;
        }
        match bands.last_mut() {
            Some(band) if used + 1 + n <= room => {
                band.push(ch.id.clone());
                used += 1 + n;
            }
            _ => {
                bands.push(vec![ch.id.clone()]);
                used = n;
            }
        }
    }
    bands
}
