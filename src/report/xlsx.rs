//! The report as an Excel workbook (rust_xlsxwriter): Summary, Chapters, Clauses, Citations and
//! Gaps for one platform; a batch's has the committee's Summary, Ranking, Chapters, Clauses, a Clause ×
//! Platform matrix in the HTML heat map's colours, and every platform's gaps. Headers are frozen
//! and filterable, long text wraps, widths suit CJK text, and every text cell is formula-safe: a
//! value that starts like a formula carries Excel's quote prefix, so editing the cell keeps it text.

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::assessment::{Assessment, Basis, Status};
use crate::committee::{Catalog, ClauseInfo, Committee};
use crate::report::labels::{self, t};
use crate::report::{Binary, Context, Part, Summary, palette};
use crate::terminal::visible_lines;
use crate::text::Lang;
use crate::values::bounded;

/// Findings listed in one Gaps cell; the rest are counted (a cell holds at most 32,767 characters).
const FINDINGS_SHOWN: usize = 20;

/// `xlsx`: the report as a workbook.
pub struct Xlsx;

/// What the workbook keeps of one platform.
pub struct Kept {
    pub file: String,
    pub platform: String,
    pub gaps: Vec<Gap>,
    /// For a run of one platform: its summary, chapters and clauses.
    pub one: Option<One>,
}

/// One gap: the clause by its index in the catalog, and the findings in words.
pub struct Gap {
    pub clause: usize,
    pub status: Status,
    pub met: String,
    pub findings: String,
    pub locations: String,
}

/// The sheets of a single platform's workbook that a batch's does not have.
pub struct One {
    pub facts: Vec<(String, String)>,
    pub chapters: Vec<[String; 8]>,
    /// Per clause, in the catalog's order: status, basis, passed/total, credit, weight, earned, note.
    pub clauses: Vec<ClauseRow>,
    /// Every cited document: can it back a clause, then outcome, document, backs, notes, location.
    pub citations: Vec<(bool, [String; 5])>,
}

pub struct ClauseRow {
    pub status: Status,
    pub basis: Option<Basis>,
    pub unverified: bool,
    pub passed: u32,
    pub total: u32,
    pub earned: f64,
    pub weight: f64,
    pub note: String,
}

impl Binary for Xlsx {
    fn part(&self, cx: &Context, a: &Assessment) -> Part {
        Part::Workbook(Box::new(keep(cx, a)))
    }

    fn whole(&self, cx: &Context, s: &Summary, parts: Vec<Part>) -> Result<Vec<u8>, String> {
        let kept: Vec<Kept> = parts
            .into_iter()
            .filter_map(|p| match p {
                Part::Workbook(k) => Some(*k),
                _ => None,
            })
            .collect();
        workbook(cx, s, &kept).map_err(|e| e.to_string())
    }
}

fn keep(cx: &Context, a: &Assessment) -> Kept {
    let lang = cx.lang;
    let gaps = a
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status.is_gap())
        .map(|(i, c)| {
            let mut findings: Vec<String> =
                c.findings.iter().take(FINDINGS_SHOWN).map(|f| labels::finding(f, lang)).collect();
            let mut locations: Vec<String> =
                c.findings.iter().take(FINDINGS_SHOWN).map(|f| bounded(&labels::place(a, f.at))).collect();
            if c.findings.len() > FINDINGS_SHOWN {
                let more = c.findings.len() - FINDINGS_SHOWN;
                findings.push(match lang {
                    Lang::Zh => format!("……另有 {more} 处"),
                    Lang::En => format!("… and {more} more"),
                });
                locations.dedup();
            }
            if c.findings.is_empty() {
                findings.push(crate::report::json::message(c, lang));
            }
            Gap {
                clause: i,
                status: c.status,
                met: format!("{}/{}", c.passed, c.total),
                findings: findings.join("\n"),
                locations: locations.join("\n"),
            }
        })
        .collect();
    let one = (!cx.batch).then(|| One {
        facts: facts(cx, a),
        chapters: a
            .chapters
            .iter()
            .map(|c| {
                [
                    c.id.clone(),
                    c.title.get(lang).to_owned(),
                    crate::values::num(c.weight),
                    labels::score(c.score),
                    c.counts.pass.to_string(),
                    c.counts.partial.to_string(),
                    c.counts.not_met().to_string(),
                    c.counts.unscored().to_string(),
                ]
            })
            .collect(),
        clauses: a
            .clauses
            .iter()
            .map(|c| ClauseRow {
                status: c.status,
                basis: c.basis,
                unverified: c.unverified(),
                passed: c.passed,
                total: c.total,
                earned: c.earned(),
                weight: c.weight,
                note: crate::report::json::message(c, lang),
            })
            .collect(),
        citations: a
            .citations
            .iter()
            .map(|c| {
                let [status, document, backs, notes] = labels::citation_cells(c, lang);
                (c.citation.status.can_back(), [status, bounded(&document), backs, notes, labels::place(a, c.at)])
            })
            .collect(),
    });
    Kept { file: bounded(&a.source.name), platform: a.platform.clone(), gaps, one }
}

fn facts(cx: &Context, a: &Assessment) -> Vec<(String, String)> {
    let lang = cx.lang;
    let reasons = cx.gate.reasons_in(a, lang);
    let gate = if reasons.is_empty() {
        labels::gate(true, lang).to_owned()
    } else {
        format!("{}：{}", labels::gate(false, lang), reasons.join("；"))
    };
    let counts: Vec<String> =
        Status::ALL.iter().map(|s| format!("{} {}", s.label().get(lang), a.counts.get(*s))).collect();
    [
        (t(lang, "平台", "Platform"), a.platform.clone()),
        (t(lang, "运营主体", "Operator"), a.operator.clone()),
        (t(lang, "文件", "File"), bounded(&a.source.name)),
        (t(lang, "文件 SHA-256", "File SHA-256"), a.sha256.clone()),
        (t(lang, "评估基准日", "Assessed as of"), labels::as_of(&a.as_of, &a.as_of_zone, a.as_of_given, lang)),
        (t(lang, "结论", "Verdict"), a.verdict.label().get(lang).to_owned()),
        (t(lang, "总分", "Score"), format!("{:.2}", a.score)),
        (t(lang, "等级", "Grade"), a.grade.get(lang).to_owned()),
        (t(lang, "门禁", "Gate"), gate),
        (t(lang, "条款", "Clauses"), format!("{}: {}", a.counts.total(), counts.join(" · "))),
        (
            t(lang, "应/不应条款", "Shall clauses"),
            format!(
                "{} {}, {} {}",
                a.shall_applicable,
                t(lang, "适用", "applicable"),
                a.shall_not_passed,
                t(lang, "未满足", "not met")
            ),
        ),
        (t(lang, "否决项未满足", "Veto items not met"), a.veto_failed.join(", ")),
        (t(lang, "满足依据", "Met on"), labels::basis_counts(&a.basis_counts, lang)),
        (
            t(lang, "严格模式", "Strict"),
            t(lang, if a.strict { "是" } else { "否" }, if a.strict { "yes" } else { "no" }).into(),
        ),
        (t(lang, "规则包", "Rule pack"), format!("{} v{} ({})", a.pack.id, a.pack.version, a.pack.edition)),
        (t(lang, "规则包哈希", "Pack hash"), a.pack.content_hash.clone()),
        (t(lang, "评分方法", "Formula"), a.formula.get(lang).to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .chain(a.clauses.iter().filter(|c| c.level.is_shall() && c.unverified()).map(|c| {
        (
            t(lang, "未核实（仅凭声明）", "Unverified (declaration alone)").to_owned(),
            format!("{} {}", c.id, c.title.get(lang)),
        )
    }))
    .chain(a.meaningless.iter().map(|m| {
        (
            t(lang, "剔除的值", "Value taken out").to_owned(),
            format!(
                "{} “{}”：{} ({})",
                crate::platform::field(&m.pointer),
                m.value,
                m.reason.get(lang),
                labels::place(a, m.at)
            ),
        )
    }))
    .collect()
}

/// The formats of the workbook, made once.
struct Styles {
    head: Format,
    text: Format,
    wrap: Format,
    number: Format,
    score: Format,
    /// Status fills, by `Status::ALL` order: light for tables, full for the matrix.
    status_light: Vec<Format>,
    status_full: Vec<Format>,
    heat: Vec<Format>,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xd1d5db));
        let fill = |rgb: u32, white: bool| {
            let f = base.clone().set_background_color(Color::RGB(rgb)).set_align(FormatAlign::Center);
            if white { f.set_font_color(Color::White) } else { f }
        };
        Styles {
            head: base.clone().set_bold().set_text_wrap().set_background_color(Color::RGB(0xe7ecf2)),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            number: base.clone(),
            score: base.clone().set_num_format("0.00"),
            status_light: Status::ALL.iter().map(|s| fill(palette::status_light(*s), false)).collect(),
            status_full: Status::ALL.iter().map(|s| fill(palette::status(*s), palette::status_dark(*s))).collect(),
            heat: palette::HEAT
                .iter()
                .enumerate()
                .map(|(i, c)| fill(*c, i < palette::HEAT_DARK).set_num_format("0.0"))
                .collect(),
        }
    }
}

fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

type R<T> = Result<T, rust_xlsxwriter::XlsxError>;

/// A text cell: hidden characters spelt out, cut as other formats cut input, and, when it starts
/// like a formula (`=`, `+`, `-`, `@`), marked with Excel's quote prefix so it stays text.
fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> R<()> {
    let shown = visible_lines(s);
    if shown.is_empty() {
        ws.write_blank(row, col, f)?;
        return Ok(());
    }
    if matches!(shown.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
        ws.write_string_with_format(row, col, shown.as_ref(), &f.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, shown.as_ref(), f)?;
    }
    Ok(())
}

/// A header row, frozen, with a filter over `rows` data rows.
fn header(ws: &mut Worksheet, st: &Styles, titles: &[(&str, f64)], rows: u32) -> R<()> {
    for (i, (title, width)) in titles.iter().enumerate() {
        put(ws, 0, i as u16, title, &st.head)?;
        ws.set_column_width(i as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.max(1), titles.len().saturating_sub(1) as u16)?;
    Ok(())
}

fn sheet_name(lang: Lang, zh: &str, en: &str) -> String {
    t(lang, zh, en).to_owned()
}

/// Printing as an office prints a sheet: A4 landscape, one page wide (except the matrix, whose
/// hundreds of columns run over pages), the header row on every page, page numbers in the footer.
fn print_setup(ws: &mut Worksheet, lang: Lang) -> R<()> {
    ws.set_paper_size(9);
    ws.set_landscape();
    if !ws.name().contains('×') && !ws.name().contains(" x ") {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer(t(lang, "&C第 &P 页 共 &N 页", "&CPage &P of &N"));
    Ok(())
}

fn workbook(cx: &Context, s: &Summary, kept: &[Kept]) -> R<Vec<u8>> {
    let lang = cx.lang;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::parse_from_str(&s.catalog.as_of).unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(
        &DocProperties::new()
            .set_title(t(lang, "知识产权公共服务平台评估", "IP public service platform assessment"))
            .set_author(format!("ipps-check {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
    match kept {
        [k] if !cx.batch && k.one.is_some() => {
            let one = k.one.as_ref().expect("checked above");
            summary_one(wb.add_worksheet(), &st, lang, one)?;
            chapters_one(wb.add_worksheet(), &st, lang, one)?;
            clauses_one(wb.add_worksheet(), &st, lang, s.catalog, one)?;
            citations(wb.add_worksheet(), &st, lang, one)?;
        }
        _ => {
            summary_batch(wb.add_worksheet(), &st, lang, s)?;
            ranking(wb.add_worksheet(), &st, lang, s)?;
            chapters_batch(wb.add_worksheet(), &st, lang, s)?;
            clauses_batch(wb.add_worksheet(), &st, lang, s)?;
            matrix(wb.add_worksheet(), &st, lang, s)?;
        }
    }
    gaps(wb.add_worksheet(), &st, lang, s.catalog, kept, cx.batch)?;
    wb.save_to_buffer()
}

fn summary_one(ws: &mut Worksheet, st: &Styles, lang: Lang, one: &One) -> R<()> {
    ws.set_name(sheet_name(lang, "概况", "Summary"))?;
    print_setup(ws, lang)?;
    key_values(ws, st, lang, &one.facts)
}

fn key_values(ws: &mut Worksheet, st: &Styles, lang: Lang, facts: &[(String, String)]) -> R<()> {
    put(ws, 0, 0, t(lang, "项目", "Item"), &st.head)?;
    put(ws, 0, 1, t(lang, "内容", "Value"), &st.head)?;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 90)?;
    for (i, (k, v)) in facts.iter().enumerate() {
        put(ws, i as u32 + 1, 0, k, &st.text)?;
        put(ws, i as u32 + 1, 1, v, &st.wrap)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn chapters_one(ws: &mut Worksheet, st: &Styles, lang: Lang, one: &One) -> R<()> {
    ws.set_name(sheet_name(lang, "章节", "Chapters"))?;
    print_setup(ws, lang)?;
    header(
        ws,
        st,
        &[
            (t(lang, "章节", "Chapter"), 8.0),
            (t(lang, "名称", "Title"), 36.0),
            (t(lang, "权重", "Weight"), 8.0),
            (t(lang, "得分", "Score"), 9.0),
            (t(lang, "符合", "Pass"), 8.0),
            (t(lang, "部分", "Partial"), 8.0),
            (t(lang, "不符合", "Fail"), 8.0),
            (t(lang, "不适用", "N/A"), 8.0),
        ],
        one.chapters.len() as u32,
    )?;
    for (i, row) in one.chapters.iter().enumerate() {
        let r = i as u32 + 1;
        put(ws, r, 0, &row[0], &st.text)?;
        put(ws, r, 1, &row[1], &st.text)?;
        for (c, value) in row.iter().enumerate().skip(2) {
            match value.parse::<f64>() {
                Ok(n) if c == 3 => ws.write_number_with_format(r, c as u16, n, &st.heat[palette::heat_bucket(n)])?,
                Ok(n) => ws.write_number_with_format(r, c as u16, n, &st.number)?,
                Err(_) => ws.write_string_with_format(r, c as u16, value, &st.text)?,
            };
        }
    }
    Ok(())
}

/// The titles of the columns that name a clause: id, chapter, level, veto, title.
fn clause_titles(lang: Lang) -> [(&'static str, f64); 5] {
    [
        (t(lang, "条款", "Clause"), 9.0),
        (t(lang, "章节", "Chapter"), 7.0),
        (t(lang, "级别", "Level"), 7.0),
        (t(lang, "否决项", "Veto"), 7.0),
        (t(lang, "名称", "Title"), 30.0),
    ]
}

/// Writes the columns that name a clause from `col` on; returns the next column.
fn clause_cells(ws: &mut Worksheet, st: &Styles, lang: Lang, r: u32, col: u16, info: &ClauseInfo) -> R<u16> {
    put(ws, r, col, &info.id, &st.text)?;
    put(ws, r, col + 1, &info.chapter, &st.text)?;
    put(ws, r, col + 2, &labels::level(info.level, lang), &st.text)?;
    put(ws, r, col + 3, if info.veto { t(lang, "是", "yes") } else { "" }, &st.text)?;
    put(ws, r, col + 4, info.title.get(lang), &st.wrap)?;
    Ok(col + 5)
}

fn basis_word(b: Option<Basis>, unverified: bool, lang: Lang) -> String {
    match b {
        Some(b) if unverified => format!("{}{}", b.label().get(lang), t(lang, "（未核实）", " (unverified)")),
        Some(b) => b.label().get(lang).to_owned(),
        None => String::new(),
    }
}

fn clauses_one(ws: &mut Worksheet, st: &Styles, lang: Lang, catalog: &Catalog, one: &One) -> R<()> {
    ws.set_name(sheet_name(lang, "条款", "Clauses"))?;
    print_setup(ws, lang)?;
    let mut titles = clause_titles(lang).to_vec();
    titles.extend([
        (t(lang, "状态", "Status"), 10.0),
        (t(lang, "满足依据", "Basis"), 14.0),
        (t(lang, "满足/总数", "Met/total"), 10.0),
        (t(lang, "权重", "Weight"), 7.0),
        (t(lang, "得分", "Earned"), 8.0),
        (t(lang, "说明", "Note"), 60.0),
    ]);
    header(ws, st, &titles, one.clauses.len() as u32)?;
    for (i, (info, c)) in catalog.clauses.iter().zip(&one.clauses).enumerate() {
        let r = i as u32 + 1;
        let col = clause_cells(ws, st, lang, r, 0, info)?;
        put(ws, r, col, c.status.label().get(lang), &st.status_light[status_index(c.status)])?;
        put(ws, r, col + 1, &basis_word(c.basis, c.unverified, lang), &st.text)?;
        put(ws, r, col + 2, &format!("{}/{}", c.passed, c.total), &st.text)?;
        ws.write_number_with_format(r, col + 3, c.weight, &st.number)?;
        ws.write_number_with_format(r, col + 4, c.earned, &st.score)?;
        put(ws, r, col + 5, &c.note, &st.wrap)?;
    }
    Ok(())
}

/// Gives a row the height its wrapped cells need. Excel and LibreOffice keep the default height of
/// one line when a file opens, so a long finding would otherwise be cut to its first line.
fn fit_row<'a>(ws: &mut Worksheet, row: u32, cells: impl Iterator<Item = (&'a str, f64)>) -> R<()> {
    const LINE_POINTS: f64 = 15.0;
    const MAX_POINTS: f64 = 409.0; // Excel's largest row height
    let lines = cells.map(|(text, width)| wrapped_lines(text, width)).max().unwrap_or(1).max(1);
    if lines > 1 {
        ws.set_row_height(row, (lines as f64 * LINE_POINTS).min(MAX_POINTS))?;
    }
    Ok(())
}

/// Lines a text takes in a column `width` characters wide: a CJK character is two wide, as in the
/// column widths set for CJK text; a tenth of the width is kept for where the lines break.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = (width * 0.9).max(1.0);
    text.split('\n')
        .map(|line| {
            let chars: f64 = line.chars().map(|c| if (c as u32) >= 0x1100 { 2.0 } else { 1.0 }).sum();
            ((chars / width).ceil() as usize).max(1)
        })
        .sum()
}

/// Every document the platform cites, green when it can back a clause and red when it cannot.
fn citations(ws: &mut Worksheet, st: &Styles, lang: Lang, one: &One) -> R<()> {
    ws.set_name(sheet_name(lang, "所引文件", "Citations"))?;
    print_setup(ws, lang)?;
    let titles = [
        (t(lang, "结果", "Outcome"), 14.0),
        (t(lang, "文件", "Document"), 50.0),
        (t(lang, "支撑条款", "Backs"), 24.0),
        (t(lang, "说明", "Notes"), 60.0),
        (t(lang, "位置", "Location"), 18.0),
    ];
    header(ws, st, &titles, one.citations.len() as u32)?;
    for (i, (backs, cells)) in one.citations.iter().enumerate() {
        let r = i as u32 + 1;
        let status = if *backs { Status::Pass } else { Status::Fail };
        put(ws, r, 0, &cells[0], &st.status_light[status_index(status)])?;
        for (col, text) in cells.iter().enumerate().skip(1) {
            put(ws, r, col as u16, text, &st.wrap)?;
        }
        fit_row(ws, r, cells.iter().map(String::as_str).zip(titles.iter().map(|(_, w)| *w)))?;
    }
    Ok(())
}

fn summary_batch(ws: &mut Worksheet, st: &Styles, lang: Lang, s: &Summary) -> R<()> {
    ws.set_name(sheet_name(lang, "概况", "Summary"))?;
    print_setup(ws, lang)?;
    let c = Committee { catalog: s.catalog, rows: s.rows };
    let [conformant, largely, non] = c.verdicts();
    let pack = &s.catalog.pack;
    let unchecked = s.files.len().saturating_sub(s.rows.len());
    let facts: Vec<(String, String)> = [
        (t(lang, "平台数", "Platforms"), s.rows.len().to_string()),
        (t(lang, "未能评估的文件", "Files not checked"), unchecked.to_string()),
        (
            t(lang, "评估基准日", "Assessed as of"),
            labels::as_of(&s.catalog.as_of, &s.catalog.as_of_zone, s.catalog.as_of_given, lang),
        ),
        (
            t(lang, "结论分布", "Verdicts"),
            format!(
                "{} {conformant} · {} {largely} · {} {non}",
                crate::assessment::Verdict::Conformant.label().get(lang),
                crate::assessment::Verdict::LargelyConformant.label().get(lang),
                crate::assessment::Verdict::NonConformant.label().get(lang)
            ),
        ),
        (t(lang, "满足依据", "Met on"), labels::basis_counts(&c.basis_counts(), lang)),
        (t(lang, "规则包", "Rule pack"), format!("{} v{} ({})", pack.id, pack.version, pack.edition)),
        (t(lang, "规则包哈希", "Pack hash"), pack.content_hash.clone()),
        (t(lang, "评分方法", "Formula"), s.catalog.formula.get(lang).to_owned()),
        (t(lang, "矩阵图例", "Matrix legend"), legend(lang)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    key_values(ws, st, lang, &facts)
}

/// One character per status in the matrix, coloured as in the HTML heat map.
fn mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::Partial => "◐",
        Status::NotApplicable => "—",
        Status::Waived => "W",
        Status::Error => "!",
    }
}

fn legend(lang: Lang) -> String {
    Status::ALL.iter().map(|s| format!("{} {}", mark(*s), s.label().get(lang))).collect::<Vec<_>>().join(" · ")
}

fn ranking(ws: &mut Worksheet, st: &Styles, lang: Lang, s: &Summary) -> R<()> {
    ws.set_name(sheet_name(lang, "排名", "Ranking"))?;
    print_setup(ws, lang)?;
    let c = Committee { catalog: s.catalog, rows: s.rows };
    let mut titles: Vec<(String, f64)> = [
        ("#", 5.0),
        (t(lang, "平台", "Platform"), 30.0),
        (t(lang, "文件", "File"), 24.0),
        (t(lang, "结论", "Verdict"), 11.0),
        (t(lang, "总分", "Score"), 8.0),
        (t(lang, "等级", "Grade"), 8.0),
        (t(lang, "应未满足", "Shall not met"), 9.0),
        (t(lang, "应适用", "Shall applicable"), 9.0),
        (t(lang, "仅声明", "Declared only"), 8.0),
        (t(lang, "门禁", "Gate"), 8.0),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), *b))
    .collect();
    titles.extend(s.catalog.chapters.iter().map(|ch| (format!("{} {}", ch.id, ch.title.get(lang)), 9.0)));
    let refs: Vec<(&str, f64)> = titles.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    header(ws, st, &refs, s.rows.len() as u32)?;
    ws.set_row_height(0, 48)?;
    for (i, row) in c.ranking().into_iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &st.number)?;
        put(ws, r, 1, &row.platform, &st.text)?;
        put(ws, r, 2, &bounded(&row.file), &st.text)?;
        put(ws, r, 3, row.verdict.label().get(lang), &st.text)?;
        ws.write_number_with_format(r, 4, row.score, &st.heat[palette::heat_bucket(row.score)])?;
        put(ws, r, 5, row.grade.get(lang), &st.text)?;
        ws.write_number_with_format(r, 6, row.shall_not_passed as f64, &st.number)?;
        ws.write_number_with_format(r, 7, row.shall_applicable as f64, &st.number)?;
        ws.write_number_with_format(r, 8, row.basis_counts.declaration as f64, &st.number)?;
        put(ws, r, 9, labels::gate(row.gate_passed(), lang), &st.text)?;
        for (j, score) in row.chapter_scores().enumerate() {
            let col = 10 + j as u16;
            match score {
                Some(v) => ws.write_number_with_format(r, col, v, &st.heat[palette::heat_bucket(v)])?,
                None => ws.write_string_with_format(r, col, "—", &st.text)?,
            };
        }
    }
    Ok(())
}

fn chapters_batch(ws: &mut Worksheet, st: &Styles, lang: Lang, s: &Summary) -> R<()> {
    ws.set_name(sheet_name(lang, "章节", "Chapters"))?;
    print_setup(ws, lang)?;
    let c = Committee { catalog: s.catalog, rows: s.rows };
    header(
        ws,
        st,
        &[
            (t(lang, "章节", "Chapter"), 8.0),
            (t(lang, "名称", "Title"), 36.0),
            (t(lang, "平均", "Mean"), 9.0),
            (t(lang, "最低", "Min"), 9.0),
            (t(lang, "最高", "Max"), 9.0),
            (t(lang, "标准差", "Stdev"), 9.0),
            (t(lang, "计分平台", "Scored"), 9.0),
        ],
        s.catalog.chapters.len() as u32,
    )?;
    for (i, (ch, sp)) in s.catalog.chapters.iter().zip(c.chapters()).enumerate() {
        let r = i as u32 + 1;
        put(ws, r, 0, &ch.id, &st.text)?;
        put(ws, r, 1, ch.title.get(lang), &st.text)?;
        for (j, v) in [sp.mean, sp.min, sp.max].into_iter().enumerate() {
            match v {
                Some(v) => ws.write_number_with_format(r, 2 + j as u16, v, &st.heat[palette::heat_bucket(v)])?,
                None => ws.write_string_with_format(r, 2 + j as u16, "—", &st.text)?,
            };
        }
        match sp.stdev {
            Some(v) => ws.write_number_with_format(r, 5, v, &st.score)?,
            None => ws.write_string_with_format(r, 5, "—", &st.text)?,
        };
        ws.write_number_with_format(r, 6, sp.scored as f64, &st.number)?;
    }
    Ok(())
}

fn clauses_batch(ws: &mut Worksheet, st: &Styles, lang: Lang, s: &Summary) -> R<()> {
    ws.set_name(sheet_name(lang, "条款", "Clauses"))?;
    print_setup(ws, lang)?;
    let c = Committee { catalog: s.catalog, rows: s.rows };
    let mut titles = clause_titles(lang).to_vec();
    titles.extend([
        (t(lang, "适用平台", "Applicable"), 9.0),
        (t(lang, "未满足", "Not met"), 9.0),
        (t(lang, "不符合", "Fail"), 9.0),
        (t(lang, "部分", "Partial"), 9.0),
    ]);
    header(ws, st, &titles, s.catalog.clauses.len() as u32)?;
    for (i, (info, tally)) in s.catalog.clauses.iter().zip(c.tallies()).enumerate() {
        let r = i as u32 + 1;
        let col = clause_cells(ws, st, lang, r, 0, info)?;
        for (j, n) in [tally.applicable, tally.not_met, tally.fail, tally.partial].into_iter().enumerate() {
            ws.write_number_with_format(r, col + j as u16, n as f64, &st.number)?;
        }
    }
    Ok(())
}

/// Platforms by rank down, clauses across, each cell the status's mark on its heat-map colour.
fn matrix(ws: &mut Worksheet, st: &Styles, lang: Lang, s: &Summary) -> R<()> {
    ws.set_name(sheet_name(lang, "条款×平台", "Clause x Platform"))?;
    print_setup(ws, lang)?;
    let c = Committee { catalog: s.catalog, rows: s.rows };
    let fixed = [("#", 5.0), (t(lang, "平台", "Platform"), 28.0), (t(lang, "总分", "Score"), 7.0)];
    for (i, (title, width)) in fixed.iter().enumerate() {
        put(ws, 0, i as u16, title, &st.head)?;
        ws.set_column_width(i as u16, *width)?;
    }
    let vertical = st.head.clone().set_rotation(90).set_align(FormatAlign::Center);
    for (j, clause) in s.catalog.clauses.iter().enumerate() {
        let col = (fixed.len() + j) as u16;
        put(ws, 0, col, &clause.id, &vertical)?;
        ws.set_column_width(col, 3.2)?;
    }
    ws.set_row_height(0, 40)?;
    ws.set_freeze_panes(1, fixed.len() as u16)?;
    ws.set_repeat_columns(0, fixed.len() as u16 - 1)?;
    for (i, row) in c.ranking().into_iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &st.number)?;
        put(ws, r, 1, &row.platform, &st.text)?;
        ws.write_number_with_format(r, 2, row.score, &st.heat[palette::heat_bucket(row.score)])?;
        for (j, status) in row.statuses.iter().enumerate() {
            ws.write_string_with_format(
                r,
                (fixed.len() + j) as u16,
                mark(*status),
                &st.status_full[status_index(*status)],
            )?;
        }
    }
    Ok(())
}

fn gaps(ws: &mut Worksheet, st: &Styles, lang: Lang, catalog: &Catalog, kept: &[Kept], batch: bool) -> R<()> {
    ws.set_name(sheet_name(lang, "差距", "Gaps"))?;
    print_setup(ws, lang)?;
    let mut titles: Vec<(&str, f64)> = Vec::new();
    if batch {
        titles.push((t(lang, "平台", "Platform"), 24.0));
        titles.push((t(lang, "文件", "File"), 18.0));
    }
    titles.extend(clause_titles(lang));
    titles.extend([
        (t(lang, "状态", "Status"), 10.0),
        (t(lang, "满足/总数", "Met/total"), 9.0),
        (t(lang, "条款内容", "Wording"), 44.0),
        (t(lang, "差距（应为/实为）", "Gap (expected/found)"), 56.0),
        (t(lang, "文件位置", "Location"), 24.0),
        (t(lang, "整改", "Fix"), 44.0),
    ]);
    let total: usize = kept.iter().map(|k| k.gaps.len()).sum();
    header(ws, st, &titles, total as u32)?;
    let mut r = 1u32;
    for k in kept {
        // Requirements first, as every report lists gaps.
        let mut ordered: Vec<&Gap> = k.gaps.iter().collect();
        ordered.sort_by_key(|g| catalog.clauses.get(g.clause).map_or(u8::MAX, |c| c.level.rank()));
        for g in ordered {
            let Some(info) = catalog.clauses.get(g.clause) else { continue };
            if batch {
                put(ws, r, 0, &k.platform, &st.text)?;
                put(ws, r, 1, &k.file, &st.text)?;
            }
            let mut col = clause_cells(ws, st, lang, r, if batch { 2 } else { 0 }, info)?;
            let mut cell = |ws: &mut Worksheet, text: &str, f: &Format| -> R<()> {
                put(ws, r, col, text, f)?;
                col += 1;
                Ok(())
            };
            cell(ws, g.status.label().get(lang), &st.status_light[status_index(g.status)])?;
            cell(ws, &g.met, &st.text)?;
            cell(ws, info.text.get(lang), &st.wrap)?;
            cell(ws, &g.findings, &st.wrap)?;
            cell(ws, &g.locations, &st.wrap)?;
            cell(ws, info.remediation.get(lang), &st.wrap)?;
            let wrapped = [info.text.get(lang), g.findings.as_str(), g.locations.as_str(), info.remediation.get(lang)];
            let first = col as usize - wrapped.len();
            fit_row(ws, r, wrapped.iter().zip(&titles[first..]).map(|(text, (_, width))| (*text, *width)))?;
            r += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrapped_lines;

    #[test]
    fn wrapped_lines_count_cjk_as_two_and_every_line_break() {
        for (text, width, lines) in [
            ("", 10.0, 1),
            ("short", 10.0, 1),
            ("a\nb\nc", 10.0, 3),
            (&"平".repeat(9) as &str, 20.0, 1),
            (&"平".repeat(10) as &str, 20.0, 2),
            (&"x".repeat(100) as &str, 10.0, 12),
        ] {
            assert_eq!(wrapped_lines(text, width), lines, "{text:?} in {width}");
        }
    }
}
