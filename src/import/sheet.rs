//! Reading a spreadsheet into rows of cell values: xlsx/xls/ods/xlsb through calamine, CSV in UTF-8 or GB18030.
//! Merged ranges are expanded (the value belongs to every cell of the range) and remembered, since a name
//! merged over several rows makes those rows one item. The bytes come from the capped reader; a workbook
//! is checked by [`super::bounds`] before calamine sees it, and every sheet is held to the limits on rows,
//! columns, cells, cell length and merged ranges as it is read.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, SheetVisible, Sheets, open_workbook_auto_from_rs};

use super::cells::dates::from_serial;
use super::{ImportError, Limits};

/// One cell's value as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, already written `YYYY-MM-DD`.
    Date(String),
    /// An error value such as `#N/A`.
    Error(String),
}

/// A sheet's cells, row-major from the sheet's row 1 / column A.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The sheet's name; `None` for CSV.
    pub name: Option<String>,
    pub rows: Vec<Vec<Value>>,
    /// For each cell inside a merged range, the range's top-left cell.
    pub merged_from: HashMap<(usize, usize), (usize, usize)>,
    /// Formula cells that carry no computed value (the file was never recalculated).
    pub uncomputed: Vec<(usize, usize)>,
    /// Cells right of the column limit were left out.
    pub clipped_columns: bool,
    /// Cells with a value, against `Limits::max_cells`.
    cells: usize,
}

impl Sheet {
    /// A sheet assembled in memory rather than read (`export-list` reads its own grid back as
    /// `import` would); the cell limits are the reader's, so they do not apply.
    pub fn from_rows(name: &str, rows: Vec<Vec<Value>>) -> Sheet {
        Sheet { name: Some(name.to_owned()), rows, ..Sheet::default() }
    }

    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Value::Empty)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn set(&mut self, row: usize, col: usize, value: Value, limits: &Limits) -> Result<(), ImportError> {
        if col >= limits.max_columns {
            self.clipped_columns |= value != Value::Empty;
            return Ok(());
        }
        if row >= limits.max_rows {
            return Err(ImportError::TooManyRows { limit: limits.max_rows });
        }
        if value != Value::Empty {
            self.cells += 1;
            if self.cells > limits.max_cells {
                return Err(ImportError::OverLimit(format!(
                    "the sheet has more than {} cells with a value, over the limit",
                    limits.max_cells
                )));
            }
        }
        if let Value::Text(t) = &value
            && t.chars().count() > limits.max_cell_chars
        {
            return Err(ImportError::OverLimit(format!(
                "cell {} holds more than {} characters, the most a spreadsheet cell holds",
                super::header::place(self, row, Some(col)),
                limits.max_cell_chars
            )));
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Value::Empty);
        }
        r[col] = value;
        Ok(())
    }

    /// Copies each merged range's top-left value into the range, clipped to the cells that exist (a range
    /// below the last row or right of the column limit covers nothing). The cells filled count against
    /// `max_cells`, so a range over a whole sheet is an error, not a million copies.
    fn expand(&mut self, ranges: &[calamine::Dimensions], limits: &Limits) -> Result<(), ImportError> {
        if ranges.len() > limits.max_merges {
            return Err(ImportError::OverLimit(format!(
                "the sheet has {} merged ranges, over the limit of {}",
                ranges.len(),
                limits.max_merges
            )));
        }
        let height = self.rows.len();
        let mut filled = 0usize;
        for d in ranges {
            let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
            let (r1, c1) = (d.end.0 as usize, d.end.1 as usize);
            if r0 >= height || c0 >= limits.max_columns || r1 < r0 || c1 < c0 {
                continue;
            }
            let (r1, c1) = (r1.min(height - 1), c1.min(limits.max_columns - 1));
            filled = filled.saturating_add((r1 - r0 + 1).saturating_mul(c1 - c0 + 1));
            if filled > limits.max_cells {
                return Err(ImportError::OverLimit(format!(
                    "the sheet's merged ranges cover more than {} cells, over the limit",
                    limits.max_cells
                )));
            }
            let value = self.get(r0, c0).clone();
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        if self.rows[r].len() <= c {
                            self.rows[r].resize(c + 1, Value::Empty);
                        }
                        self.rows[r][c] = value.clone();
                        self.merged_from.insert((r, c), (r0, c0));
                    }
                }
            }
        }
        Ok(())
    }
}

/// An opened input: a workbook with named sheets, or a CSV file.
pub enum Book {
    Workbook(Box<Sheets<Cursor<Vec<u8>>>>),
    Csv(Sheet),
}

/// Runs the spreadsheet reader, turning a panic inside it into an error: the checks of
/// [`super::bounds`] keep every allocation it makes bounded, and a reader bug on some strange
/// workbook must still end as exit 2 with a message, never as a crash. The panic's own message is
/// kept off stderr while the reader runs and ends up in the error instead, for a bug report.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ImportError::Unreadable(format!("{what}: {READER_FAILED} ({why})")))
    })
}

/// How an error caught from a panic of the reader begins (the fuzz targets look for it).
pub const READER_FAILED: &str = "the spreadsheet reader failed on this file";

/// Opens a spreadsheet from its bytes, telling a workbook from CSV by its first bytes rather than its
/// name (`ext` is the file's extension, for the message when the two disagree).
pub fn open(bytes: Vec<u8>, ext: &str, limits: &Limits) -> Result<Book, ImportError> {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if zip || ole {
        super::bounds::check(&bytes, limits)?;
        let sheets = guarded("not a readable workbook", || {
            open_workbook_auto_from_rs(Cursor::new(bytes))
                .map_err(|e| ImportError::Unreadable(format!("not a readable workbook: {e}")))
        })?;
        return Ok(Book::Workbook(Box::new(sheets)));
    }
    if matches!(ext, "xlsx" | "xlsm" | "xls" | "ods" | "xlsb") {
        return Err(ImportError::Unreadable(format!(
            "the name says .{ext} but the content is not a workbook (an xlsx/ods file is a zip archive); \
             if it is CSV, name it .csv"
        )));
    }
    Ok(Book::Csv(read_csv(&bytes, limits)?))
}

impl Book {
    /// Sheet names in workbook order; CSV has one unnamed sheet.
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Workbook(w) => w.sheet_names(),
            Book::Csv(_) => vec![String::new()],
        }
    }

    /// Names of the sheets the workbook hides (hidden or "very hidden").
    pub fn hidden_sheets(&self) -> Vec<String> {
        match self {
            Book::Workbook(w) => w
                .sheets_metadata()
                .iter()
                .filter(|s| s.visible != SheetVisible::Visible)
                .map(|s| s.name.clone())
                .collect(),
            Book::Csv(_) => Vec::new(),
        }
    }

    /// Reads one sheet (for CSV, the file).
    pub fn sheet(&mut self, name: &str, limits: &Limits) -> Result<Sheet, ImportError> {
        match self {
            Book::Csv(sheet) => Ok(std::mem::take(sheet)),
            Book::Workbook(w) => guarded(&format!("sheet “{name}”"), || read_sheet(w, name, limits)),
        }
    }
}

fn read_sheet(book: &mut Sheets<Cursor<Vec<u8>>>, name: &str, limits: &Limits) -> Result<Sheet, ImportError> {
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable(format!("sheet “{name}”: {e}"));
    let mut sheet = Sheet { name: Some(name.to_owned()), ..Sheet::default() };
    let merges = match book {
        Sheets::Xlsx(x) => {
            let merges = x.merge_cells_by_sheet_name(name).map_err(|e| unreadable(&e))?;
            // Streaming keeps memory bounded by the cells present, not by the sheet's nominal size.
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(|e| unreadable(&e))? {
                let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
                let value = from_ref(&cell.value);
                if cell.formula.is_some() && value == Value::Empty {
                    sheet.uncomputed.push((r, c));
                }
                sheet.set(r, c, value, limits)?;
            }
            merges
        }
        // Streamed too: the whole-sheet range of .xlsb is laid out densely between its first and last cell.
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                let (r, c) = cell.get_position();
                sheet.set(r as usize, c as usize, from_ref(cell.get_value()), limits)?;
            }
            Vec::new()
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| unreadable(&e))?;
            let (r0, c0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
            if range.height() > limits.max_rows {
                return Err(ImportError::TooManyRows { limit: limits.max_rows });
            }
            for (i, row) in range.rows().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    if *v != Data::Empty {
                        sheet.set(r0 + i, c0 + j, from_data(v), limits)?;
                    }
                }
            }
            if let Ok(formulas) = other.worksheet_formula(name) {
                for (r, c, f) in formulas.used_cells() {
                    let (r, c) = (
                        r + formulas.start().map_or(0, |s| s.0 as usize),
                        c + formulas.start().map_or(0, |s| s.1 as usize),
                    );
                    if !f.is_empty() && *sheet.get(r, c) == Value::Empty {
                        sheet.uncomputed.push((r, c));
                    }
                }
            }
            match other {
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    };
    sheet.expand(&merges, limits)?;
    Ok(sheet)
}

fn from_ref(v: &DataRef) -> Value {
    match v {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => date(d.as_f64(), d.is_duration()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(v: &Data) -> Value {
    match v {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => date(d.as_f64(), d.is_duration()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn text(s: &str) -> Value {
    if s.trim().is_empty() { Value::Empty } else { Value::Text(s.to_owned()) }
}

fn date(serial: f64, duration: bool) -> Value {
    match (duration, from_serial(serial)) {
        (false, Some(d)) => Value::Date(d),
        _ => Value::Number(serial),
    }
}

/// CSV: UTF-8 (with or without BOM) first, UTF-16 by its BOM, else GB18030; comma- or tab-separated.
fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Sheet, ImportError> {
    let decoded = decode(bytes)?;
    let first = decoded.lines().take(5).collect::<Vec<_>>().join("\n");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.as_bytes());
    let mut sheet = Sheet::default();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(String::new(), |p| format!(" at line {}", p.line()));
            ImportError::Unreadable(format!("not valid CSV{line}: {e}"))
        })?;
        for (c, field) in record.iter().enumerate() {
            sheet.set(r, c, text(field), limits)?;
        }
        if sheet.rows.len() <= r {
            sheet.rows.resize_with(r + 1, Vec::new);
        }
    }
    Ok(sheet)
}

fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(ImportError::Unreadable(format!(
                "the file starts with a {} mark but is not valid {0}",
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|t| t.into_owned()).ok_or_else(
        || ImportError::Unreadable("the file is neither UTF-8 nor GB18030 text; save it as UTF-8 CSV".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (gb, _, _) = encoding_rs::GB18030.encode("事项名称,收费标准\n商标注册,不收费\n");
        assert_eq!(decode(&gb).expect("gb18030"), "事项名称,收费标准\n商标注册,不收费\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("事项名称".as_bytes());
        assert_eq!(decode(&bom).expect("utf-8 bom"), "事项名称");
        assert!(decode(&[0xFF, 0xFF, 0x00, 0xC3]).is_err());
    }
}
