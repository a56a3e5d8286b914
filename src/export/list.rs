//! The 实施清单 workbook: a title, the header `import` reads, one row per item in Appendix C's
//! column order, each gap's cell filled and carrying a comment; a second sheet lists the gaps.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

use super::{Grid, ItemGap, cells};
use crate::import::items::column_letters;
use crate::import::mapping::Field;
use crate::report::labels::t;
use crate::terminal::visible_lines;
use crate::text::Lang;
use crate::values::bounded;

/// The fill of a cell with a gap of a requirement (应/不应), and of a recommendation only: the
/// light red and yellow office users know as "bad" and "neutral".
pub const SHALL_FILL: u32 = 0xffc7ce;
pub const SHOULD_FILL: u32 = 0xffeb9c;

/// Rows above the header: the title and a line saying what the marks mean.
const TITLE_ROWS: u32 = 2;

/// What the workbook is about.
pub struct About<'a> {
    pub platform: &'a str,
    pub file: &'a str,
    pub as_of: &'a str,
    pub lang: Lang,
}

type R<T> = Result<T, rust_xlsxwriter::XlsxError>;

/// A cell comment's size in pixels for its text: wide enough for a clause, tall enough for its lines.
pub fn note_size(text: &str) -> (u32, u32) {
    let lines: u32 = text.lines().map(|l| 1 + l.chars().count() as u32 / 24).sum();
    (320, (24 + 16 * lines).min(400))
}

/// The comments of each cell with gaps, joined, and whether one of them is a requirement.
pub fn by_cell(gaps: &[ItemGap], lang: Lang) -> BTreeMap<(usize, Field), (String, bool)> {
    let mut cells: BTreeMap<(usize, Field), (String, bool)> = BTreeMap::new();
    for g in gaps {
        let Some(item) = g.item else { continue };
        let field = g.field.unwrap_or(Field::Name);
        let entry = cells.entry((item, field)).or_default();
        if !entry.0.is_empty() {
            entry.0.push_str("\n\n");
        }
        entry.0.push_str(&g.note(lang));
        entry.1 |= g.is_shall();
    }
    cells
}

/// The workbook's bytes.
pub fn workbook(about: &About, grid: &Grid, gaps: &[ItemGap]) -> R<Vec<u8>> {
    let lang = about.lang;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::parse_from_str(about.as_of).unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 实施清单", about.platform))
            .set_author(format!("ipps-check {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
    let base = Format::new().set_align(FormatAlign::Top).set_text_wrap().set_border(FormatBorder::Thin);
    let head = base.clone().set_bold().set_background_color(Color::RGB(0xe7ecf2));
    let shall = base.clone().set_background_color(Color::RGB(SHALL_FILL));
    let should = base.clone().set_background_color(Color::RGB(SHOULD_FILL));
    let marked = super::list::by_cell(gaps, lang);
    let cell_ref = |item: usize, field: Field| {
        let col = cells::COLUMNS.iter().position(|f| *f == field).unwrap_or(0) + 1;
        format!("{}{}", column_letters(col), TITLE_ROWS as usize + 2 + item)
    };

    let ws = wb.add_worksheet();
    ws.set_name("实施清单")?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(TITLE_ROWS, TITLE_ROWS)?;
    put(
        ws,
        0,
        0,
        // Each row states its item's type: the list's own words name no type, or `import` would
        // type the items that state none from the title when it reads the list back.
        &format!("{} 服务事项实施清单", about.platform),
        &Format::new().set_bold().set_font_size(14),
    )?;
    put(
        ws,
        1,
        0,
        &format!(
            "{}{}（ipps-check {}，{}）{}",
            t(lang, "导出自 ", "Exported from "),
            bounded(about.file),
            env!("CARGO_PKG_VERSION"),
            about.as_of,
            t(
                lang,
                "。红色：未满足“应”条款；黄色：未满足“宜”条款；批注写明条款、缺什么和如何整改。",
                ". Red: a shall clause is not met; yellow: a should clause; each comment names the clause, what is missing and the fix."
            )
        ),
        &Format::new(),
    )?;
    put(ws, TITLE_ROWS, 0, "序号", &head)?;
    ws.set_column_width(0, 5)?;
    for (i, (h, f)) in grid.headers.iter().zip(cells::COLUMNS).enumerate() {
        put(ws, TITLE_ROWS, i as u16 + 1, h, &head)?;
        ws.set_column_width(i as u16 + 1, width(f))?;
    }
    ws.set_freeze_panes(TITLE_ROWS + 1, 2)?;
    ws.autofilter(TITLE_ROWS, 0, TITLE_ROWS + grid.rows.len().max(1) as u32, grid.headers.len() as u16)?;
    for (i, row) in grid.rows.iter().enumerate() {
        let r = TITLE_ROWS + 1 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &base)?;
        for (j, (text, field)) in row.iter().zip(cells::COLUMNS).enumerate() {
            let col = j as u16 + 1;
            match marked.get(&(i, field)) {
                Some((note, is_shall)) => {
                    put(ws, r, col, text, if *is_shall { &shall } else { &should })?;
                    let (w, h) = note_size(note);
                    ws.insert_note(
                        r,
                        col,
                        &Note::new(visible_lines(note)).set_author("ipps-check").set_width(w).set_height(h),
                    )?;
                }
                None => put(ws, r, col, text, &base)?,
            }
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name(t(lang, "差距", "Gaps"))?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let titles: [(&str, f64); 7] = [
        (t(lang, "事项", "Item"), 26.0),
        (t(lang, "单元格", "Cell"), 8.0),
        (t(lang, "条款", "Clause"), 8.0),
        (t(lang, "级别", "Level"), 7.0),
        (t(lang, "名称", "Title"), 22.0),
        (t(lang, "差距", "Gap"), 56.0),
        (t(lang, "整改", "Fix"), 50.0),
    ];
    for (i, (title, w)) in titles.iter().enumerate() {
        put(ws, 0, i as u16, title, &head)?;
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.autofilter(0, 0, gaps.len().max(1) as u32, titles.len() as u16 - 1)?;
    for (i, g) in gaps.iter().enumerate() {
        let r = i as u32 + 1;
        let (item, cell) = match g.item {
            Some(n) => (
                grid.rows.get(n).and_then(|row| row.first()).cloned().unwrap_or_else(|| format!("#{}", n + 1)),
                grid.rows.get(n).map(|_| cell_ref(n, g.field.unwrap_or(Field::Name))).unwrap_or_default(),
            ),
            None => (t(lang, "（整个清单）", "(the whole list)").to_owned(), String::new()),
        };
        put(ws, r, 0, &item, &base)?;
        put(ws, r, 1, &cell, &base)?;
        put(ws, r, 2, &g.clause, &base)?;
        put(
            ws,
            r,
            3,
            &crate::report::labels::level(g.level, lang),
            &if g.is_shall() { shall.clone() } else { should.clone() },
        )?;
        put(ws, r, 4, &g.title, &base)?;
        put(ws, r, 5, &g.what, &base)?;
        put(ws, r, 6, &g.fix, &base)?;
    }
    wb.save_to_buffer()
}

/// A text cell as the reports write one: hidden characters spelt out, a value that starts like a
/// formula marked as text with Excel's quote prefix (the value itself is kept, so `import` reads
/// it back unchanged).
fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> R<()> {
    let shown = visible_lines(s);
    if shown.is_empty() {
        ws.write_blank(row, col, f)?;
    } else if matches!(shown.chars().next(), Some('=' | '+' | '-' | '@')) {
        ws.write_string_with_format(row, col, shown.as_ref(), &f.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, shown.as_ref(), f)?;
    }
    Ok(())
}

/// Column widths for CJK text (about two units a character).
fn width(f: Field) -> f64 {
    match f {
        Field::Name => 24.0,
        Field::Code | Field::Type | Field::Category | Field::Flowchart | Field::LastReviewed => 12.0,
        Field::ImplementingBodyUscc => 20.0,
        Field::Channels | Field::Hours | Field::Review => 16.0,
        Field::ImplementingBody | Field::Location | Field::TimeLimit | Field::Fee | Field::Result => 22.0,
        _ => 30.0,
    }
}
