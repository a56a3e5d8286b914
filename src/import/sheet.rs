//! Reading a spreadsheet into rows of cell values: xlsx/xls/ods/xlsb through calamine, CSV in UTF-8 or GB18030.
//! Merged ranges are expanded (the value belongs to every cell of the range) and remembered, since a name
//! merged over several rows makes those rows one item.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto};

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
}

impl Sheet {
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

    /// Copies each merged range's top-left value into the range, clipped to the cells that exist.
    fn expand(&mut self, ranges: &[calamine::Dimensions], limits: &Limits) {
        let height = self.rows.len();
        for d in ranges {
            let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
            let (r1, c1) =
                ((d.end.0 as usize).min(height.saturating_sub(1)), (d.end.1 as usize).min(limits.max_columns - 1));
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
    }
}

/// An opened input: a workbook with named sheets, or a CSV file.
pub enum Book {
    Workbook(Box<Sheets<std::io::BufReader<std::fs::File>>>),
    Csv(Sheet),
}

/// Opens a spreadsheet, telling a workbook from CSV by its first bytes rather than its name.
pub fn open(path: &Path, limits: &Limits) -> Result<Book, ImportError> {
    let meta = std::fs::metadata(path).map_err(ImportError::io)?;
    if meta.is_dir() {
        return Err(ImportError::Unreadable("is a directory, expected a spreadsheet".into()));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ImportError::Unreadable(format!(
            "the file is {} bytes, over the limit of {} bytes",
            meta.len(),
            limits.max_file_bytes
        )));
    }
    let mut magic = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut magic)).map_err(ImportError::io)?;
    let magic = &magic[..n];
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let zip = magic.starts_with(b"PK\x03\x04");
    let ole = magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if zip || ole {
        let sheets =
            open_workbook_auto(path).map_err(|e| ImportError::Unreadable(format!("not a readable workbook: {e}")))?;
        return Ok(Book::Workbook(Box::new(sheets)));
    }
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "xlsb") {
        return Err(ImportError::Unreadable(format!(
            "the name says .{ext} but the content is not a workbook (an xlsx/ods file is a zip archive); \
             if it is CSV, name it .csv"
        )));
    }
    let bytes = std::fs::read(path).map_err(ImportError::io)?;
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

    /// Reads one sheet (for CSV, the file).
    pub fn sheet(&mut self, name: &str, limits: &Limits) -> Result<Sheet, ImportError> {
        match self {
            Book::Csv(sheet) => Ok(std::mem::take(sheet)),
            Book::Workbook(w) => read_sheet(w, name, limits),
        }
    }
}

fn read_sheet(
    book: &mut Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
    limits: &Limits,
) -> Result<Sheet, ImportError> {
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
    sheet.expand(&merges, limits);
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
