//! What a workbook must keep to before the spreadsheet reader (calamine) is let loose on it.
//!
//! calamine trusts a workbook's own numbers: it reserves room for as many shared strings as the
//! table claims, for the rows × columns an `.xls` DIMENSIONS record claims, for the cells an
//! `.ods` repeat attribute expands to, and it inflates zip entries as far as they go. A file of
//! one megabyte can so ask for gigabytes, and a failed allocation aborts the process instead of
//! returning an error. Everything such a number drives is checked here first, against the bytes
//! themselves (zip entries are inflated into a counter, never into memory), so that the reader
//! only ever sees a workbook whose every allocation is bounded by [`Limits`].

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::{ImportError, Limits};

/// Bytes of an entry's start read to find the attributes of its root element.
const ROOT_WINDOW: u64 = 64 * 1024;

/// The largest repeat count calamine honours for `.ods` rows and columns (its own caps).
const ODS_MAX_ROWS: usize = 1_048_576;
const ODS_MAX_COLUMNS: usize = 16_384;

fn refuse(why: impl Into<String>) -> ImportError {
    ImportError::OverLimit(why.into())
}

/// Checks a workbook's bytes: a zip container (xlsx, xlsm, xlsb, ods) or an OLE one (xls).
/// Anything else is not a workbook and is read as CSV elsewhere.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes, limits)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        check_ole(bytes, limits)
    } else {
        Ok(())
    }
}

/// Every entry of the archive is inflated once into a counter: its real size (not the size the
/// archive claims) must stay under the entry limit, all entries together under the total, and an
/// entry over a megabyte may not inflate more than `max_ratio` times (zip bombs are made of
/// entries that compress thousands of times). Then the parts whose numbers drive allocations
/// are read: shared-string tables and `.ods` content.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(format!("not a readable workbook: {e}")))?;
    if zip.len() > limits.max_zip_entries {
        return Err(refuse(format!(
            "the workbook archive holds {} parts, over the limit of {}",
            zip.len(),
            limits.max_zip_entries
        )));
    }
    let mut total: u64 = 0;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry =
            zip.by_index(i).map_err(|e| ImportError::Unreadable(format!("not a readable workbook: {e}")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let compressed = entry.compressed_size();
        let budget = limits.max_entry_bytes.min(limits.max_inflated_bytes - total);
        let size = std::io::copy(&mut (&mut entry).take(budget + 1), &mut std::io::sink())
            .map_err(|e| ImportError::Unreadable(format!("part {name} of the workbook cannot be read: {e}")))?;
        if size > budget {
            return Err(refuse(if budget < limits.max_entry_bytes {
                format!("the workbook's parts inflate to more than {} bytes in all", limits.max_inflated_bytes)
            } else {
                format!("part {name} of the workbook inflates to more than {} bytes", limits.max_entry_bytes)
            }));
        }
        if size > 1024 * 1024 && size / compressed.max(1) > limits.max_ratio {
            return Err(refuse(format!(
                "part {name} of the workbook inflates {} times (from {compressed} to {size} bytes), over the limit of {} times: \
                 a zip bomb, not a spreadsheet",
                size / compressed.max(1),
                limits.max_ratio
            )));
        }
        total += size;
        parts.push(name);
    }
    for (i, name) in parts.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            let entry = zip.by_index(i).map_err(|e| ImportError::Unreadable(e.to_string()))?;
            shared_strings(name, entry, limits)?;
        } else if lower == "content.xml" {
            let entry = zip.by_index(i).map_err(|e| ImportError::Unreadable(e.to_string()))?;
            ods_content(entry, limits)?;
        } else if lower.ends_with(".xml") && (lower.starts_with("xl/worksheets/") || lower.starts_with("xl/tables/")) {
            let entry = zip.by_index(i).map_err(|e| ImportError::Unreadable(e.to_string()))?;
            cell_references(name, entry)?;
        }
    }
    Ok(())
}

fn xml<R: Read>(r: R) -> quick_xml::Reader<std::io::BufReader<R>> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    reader
}

/// The leading digits of an attribute value as calamine reads a count, or None. A number too long
/// for a usize counts as unbounded.
fn count_of(e: &BytesStart, key: &str) -> Option<usize> {
    let attr = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    let digits: String = attr.value.chars().skip_while(|c| *c == '+').take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse::<usize>().unwrap_or(usize::MAX))
}

/// A shared-string table: the count its root claims (calamine reserves that many strings before
/// reading one), the strings it holds, and each string's length (an Excel cell holds at most
/// 32,767 characters; a string of a gigabyte is not a cell).
fn shared_strings<R: Read>(name: &str, entry: R, limits: &Limits) -> Result<(), ImportError> {
    let mut reader = xml(entry);
    let mut buf = Vec::new();
    let mut strings = 0usize;
    let mut in_string: Option<usize> = None;
    let mut seen_root = false;
    let max_bytes = limits.max_cell_chars.saturating_mul(4);
    loop {
        let position = reader.buffer_position();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                seen_root = true;
                for key in ["uniqueCount", "count"] {
                    if let Some(n) = count_of(&e, key).filter(|n| *n > limits.max_shared_strings) {
                        return Err(refuse(format!(
                            "{name} says it holds {n} strings, over the limit of {}",
                            limits.max_shared_strings
                        )));
                    }
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                strings += 1;
                if strings > limits.max_shared_strings {
                    return Err(refuse(format!(
                        "{name} holds more than {} strings, over the limit",
                        limits.max_shared_strings
                    )));
                }
                in_string = Some(0);
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "si" => in_string = None,
            Ok(Event::Text(t)) => {
                if let Some(n) = in_string.as_mut() {
                    *n += t.len();
                    if *n > max_bytes {
                        return Err(refuse(format!(
                            "string {strings} of {name} is longer than {} characters, the most a spreadsheet cell holds",
                            limits.max_cell_chars
                        )));
                    }
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(ImportError::Unreadable(format!("{name} is not valid XML: {e}"))),
            Ok(_) => {}
        }
        if !seen_root && position > ROOT_WINDOW {
            return Err(refuse(format!("{name} does not start with its string table")));
        }
        buf.clear();
    }
}

/// The largest row and column a spreadsheet has (Excel's `XFD1048576`).
const MAX_SHEET_ROW: u64 = 1_048_576;
const MAX_SHEET_COLUMN: u64 = 16_384;

/// The cell references of an `.xlsx` worksheet or table part (`r` of rows and cells, `ref` of the
/// dimension, merged ranges, shared formulas and tables): calamine converts them with unchecked
/// arithmetic, so a reference past `XFD1048576` or a range that ends before it starts (`A3:F2`)
/// overflows inside it. A workbook holding one is refused here, naming the reference.
fn cell_references<R: Read>(name: &str, entry: R) -> Result<(), ImportError> {
    let mut reader = xml(entry);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                for a in e.attributes().flatten() {
                    if matches!(a.key.as_ref(), "r" | "ref") && !reference_in_range(a.value.as_bytes()) {
                        return Err(refuse(format!(
                            "{name} refers to cells `{}`, outside any sheet (A1 to XFD1048576, a range from its first cell to its last)",
                            crate::terminal::visible(&a.value)
                        )));
                    }
                }
            }
            // calamine stops at the same error, with its own message.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// Whether a reference (`B7`, `7`, `A1:F15`, `A:C`, `3:5`) stays inside a sheet and, as a range,
/// runs from its first cell to its last. calamine reads each part as letters, then digits, then
/// stops with an error at anything else — after it has multiplied the letters and digits so far,
/// so those are what must stay short (`XFinePr summaryBelow=` overflows as surely as `XFINEPR1`).
fn reference_in_range(value: &[u8]) -> bool {
    /// The column and row of a part (0: none), or `Err` when it is out of range; `Ok(None)` when
    /// text follows that calamine refuses on its own.
    fn cell(s: &[u8]) -> Result<Option<(u64, u64)>, ()> {
        let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = s[letters..].iter().take_while(|b| b.is_ascii_digit()).count();
        if letters > 3 || digits > 7 {
            return Err(());
        }
        let col = s[..letters].iter().fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
        let row = s[letters..letters + digits].iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        if col > MAX_SHEET_COLUMN || row > MAX_SHEET_ROW {
            return Err(());
        }
        Ok((letters + digits == s.len()).then_some((col, row)))
    }
    let Ok(cells) = value.split(|b| *b == b':').map(cell).collect::<Result<Vec<_>, ()>>() else { return false };
    match cells.as_slice() {
        // calamine subtracts only when both ends have a column and a row (0: none).
        [Some((c0, r0)), Some((c1, r1))] => [c0, r0, c1, r1].contains(&&0) || (c1 >= c0 && r1 >= r0),
        _ => true,
    }
}

/// An `.ods` content part: calamine reads every table when the file is opened, expanding
/// `number-columns-repeated` within a row (a row's cells up to its last non-empty one, at most
/// 16,384) and `number-rows-repeated` between the first and last non-empty rows of a table (the
/// table's width for each). Both are counted here, over all tables, against `max_cells`.
fn ods_content<R: Read>(entry: R, limits: &Limits) -> Result<(), ImportError> {
    let mut reader = xml(entry);
    let mut buf = Vec::new();
    let mut raw = 0usize;
    let mut expanded = 0usize;
    // Per table: (row repeats, first and last non-empty column + 1) of each row.
    let mut rows: Vec<(usize, Option<(usize, usize)>)> = Vec::new();
    let mut row: Option<OdsRow> = None;
    let mut depth_in_cell = 0usize;
    let mut cell: Option<(usize, bool)> = None; // (repeats, non-empty)
    let over = |what: &str| {
        refuse(format!(
            "the spreadsheet's {what} expand to more than {} cells, over the limit of {}",
            limits.max_cells, limits.max_cells
        ))
    };
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) => {
                let empty = matches!(event, Ok(Event::Empty(_)));
                if let Some((_, valued)) = cell.as_mut() {
                    // Anything inside a cell (a paragraph, even a nested table) is its content.
                    *valued = true;
                    if !empty {
                        depth_in_cell += 1;
                    }
                    buf.clear();
                    continue;
                }
                match e.name().as_ref() {
                    "table:table" => rows.clear(),
                    "table:table-row" => {
                        let repeats = count_of(e, "table:number-rows-repeated").unwrap_or(1).max(1);
                        if empty {
                            rows.push((repeats.min(ODS_MAX_ROWS), None));
                        } else {
                            row = Some(OdsRow { repeats: repeats.min(ODS_MAX_ROWS), width: 0, span: None });
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let repeats = count_of(e, "table:number-columns-repeated").unwrap_or(1).max(1);
                        // A cell with a value type, a formula or any content is taken as holding a
                        // value: counting a styled empty cell too only errs on the safe side.
                        let valued = e.attributes().flatten().any(|a| {
                            matches!(a.key.as_ref(), "office:value-type" | "table:formula" | "calcext:value-type")
                        });
                        if empty {
                            close_cell(&mut row, repeats, valued);
                        } else {
                            cell = Some((repeats, valued));
                            depth_in_cell = 0;
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(ref t)) if cell.is_some() && !t.trim().is_empty() => {
                if let Some((_, valued)) = cell.as_mut() {
                    *valued = true;
                }
            }
            Ok(Event::End(ref e)) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" if depth_in_cell == 0 => {
                    if let Some((repeats, valued)) = cell.take() {
                        close_cell(&mut row, repeats, valued);
                    }
                }
                _ if cell.is_some() => depth_in_cell = depth_in_cell.saturating_sub(1),
                "table:table-row" => {
                    if let Some(OdsRow { repeats, span, .. }) = row.take() {
                        if let Some((_, end)) = span {
                            raw = raw.saturating_add(end);
                            if raw > limits.max_cells {
                                return Err(over("rows"));
                            }
                        }
                        rows.push((repeats, span));
                    }
                }
                "table:table" => {
                    expanded = expanded.saturating_add(table_cells(&rows));
                    if expanded > limits.max_cells {
                        return Err(over("repeated rows and columns"));
                    }
                    rows.clear();
                }
                _ => {}
            },
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(ImportError::Unreadable(format!("content.xml is not valid XML: {e}"))),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// An `.ods` row being read: how often it repeats, its width so far, and the columns from its
/// first to past its last non-empty cell.
struct OdsRow {
    repeats: usize,
    width: usize,
    span: Option<(usize, usize)>,
}

/// Ends a cell of `repeats` columns in the current row.
fn close_cell(row: &mut Option<OdsRow>, repeats: usize, valued: bool) {
    let Some(row) = row.as_mut() else { return };
    let start = row.width;
    row.width = row.width.saturating_add(repeats).min(ODS_MAX_COLUMNS);
    if valued && start < ODS_MAX_COLUMNS {
        let end = row.width;
        row.span = Some(match row.span {
            Some((first, _)) => (first, end),
            None => (start, end),
        });
    }
}

/// The cells calamine materialises for one table: the rows from the first to the last non-empty
/// one, each repeated as often as it says, times the table's width.
fn table_cells(rows: &[(usize, Option<(usize, usize)>)]) -> usize {
    let first = rows.iter().position(|(_, s)| s.is_some());
    let last = rows.iter().rposition(|(_, s)| s.is_some());
    let (Some(first), Some(last)) = (first, last) else { return 0 };
    let from = rows.iter().filter_map(|(_, s)| s.map(|(a, _)| a)).min().unwrap_or(0);
    let to = rows.iter().filter_map(|(_, s)| s.map(|(_, b)| b)).max().unwrap_or(0);
    let width = to.saturating_sub(from).max(1);
    let height = rows[first..=last].iter().fold(0usize, |n, (r, _)| n.saturating_add(*r)).min(ODS_MAX_ROWS);
    height.saturating_mul(width)
}

/// An `.xls` workbook: the BIFF records of its Workbook stream. Each sheet's DIMENSIONS record
/// makes calamine reserve rows × columns cells, and its cells are laid out in a dense grid from
/// the first to the last row and column any cell uses; both must stay under `max_cells`, and a
/// DIMENSIONS record whose last row is before its first (which calamine subtracts unchecked) is
/// refused.
fn check_ole(bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    let unreadable = |e: std::io::Error| ImportError::Unreadable(format!("not a readable .xls workbook: {e}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(unreadable)?;
    let stream_name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|n| file.is_stream(n));
    let Some(stream_name) = stream_name else {
        return Err(ImportError::Unreadable("not a readable .xls workbook: it has no Workbook stream".into()));
    };
    let mut stream = file.open_stream(stream_name).map_err(unreadable)?;
    let mut workbook = Vec::new();
    (&mut stream).take(limits.max_entry_bytes + 1).read_to_end(&mut workbook).map_err(unreadable)?;
    if workbook.len() as u64 > limits.max_entry_bytes {
        return Err(refuse(format!("the workbook stream is over {} bytes", limits.max_entry_bytes)));
    }
    let mut at = 0;
    let mut span: Option<(u32, u32, u32, u32)> = None; // rows and columns any cell uses
    let grid = |span: Option<(u32, u32, u32, u32)>| {
        span.map_or(0u64, |(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))
    };
    while at + 4 <= workbook.len() {
        let typ = u16::from_le_bytes([workbook[at], workbook[at + 1]]);
        let len = usize::from(u16::from_le_bytes([workbook[at + 2], workbook[at + 3]]));
        let data = &workbook[at + 4..(at + 4 + len).min(workbook.len())];
        at += 4 + len;
        let u16_at = |i: usize| data.get(i..i + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])));
        let u32_at = |i: usize| data.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut cell = |row: Option<u32>, col: Option<u32>| {
            if let (Some(r), Some(c)) = (row, col) {
                span = Some(match span {
                    None => (r, r, c, c),
                    Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
                });
            }
        };
        match typ {
            // BOF: a new substream (sheet) starts its own grid.
            0x0809 => span = None,
            // DIMENSIONS, read as calamine reads it.
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                    14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else { continue };
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                let (r1, c1) = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
                if r1 < rf || c1 < cf {
                    return Err(refuse("a sheet's DIMENSIONS record ends before it starts"));
                }
                let cells = (u64::from(r1 - rf) + 1) * (u64::from(c1 - cf) + 1);
                if cells > limits.max_cells as u64 {
                    return Err(refuse(format!(
                        "a sheet claims {cells} cells, over the limit of {}",
                        limits.max_cells
                    )));
                }
            }
            // Cells calamine keeps: Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => cell(u16_at(0), u16_at(2)),
            // MulRk: a row, the first column, and the last column in its last two bytes.
            0x00BD if data.len() >= 6 => {
                cell(u16_at(0), u16_at(2));
                cell(u16_at(0), u16_at(data.len() - 2));
            }
            _ => {}
        }
        if grid(span) > limits.max_cells as u64 {
            return Err(refuse(format!(
                "a sheet's cells spread over more than {} cells (rows × columns between the first and last cell)",
                limits.max_cells
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            for (name, bytes) in parts {
                z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
                z.write_all(bytes).unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    fn message(r: Result<(), ImportError>) -> String {
        r.err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_inflates_to() {
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &vec![b' '; 50 * 1024 * 1024])]);
        assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
        let m = message(check(&bomb, &Limits::default()));
        assert!(m.contains("zip bomb"), "{m}");
        let small = Limits { max_entry_bytes: 1000, ..Limits::default() };
        let m = message(check(&zip_of(&[("a.xml", &[b'x'; 2000])]), &small));
        assert!(m.contains("a.xml of the workbook inflates to more than 1000 bytes"), "{m}");
    }

    #[test]
    fn cell_references_stay_inside_a_sheet_and_ranges_run_forwards() {
        for (value, ok) in [
            ("A1", true),
            ("XFD1048576", true),
            ("A1:F15", true),
            ("B3:B3", true),
            ("A:C", true),
            ("3:5", true),
            ("7", true),
            ("$A$1", true), // not calamine's reference syntax: its own error, no overflow
            ("A1 B", true),
            ("A1:XFinePr summaryBelow=", false), // the fuzzer's second find: 7 letters, then junk
            ("AB12345678x", false),
            ("A0:F0", true),     // no row: calamine's own error before it subtracts
            ("A3:F2", false),    // the fuzzer's find: ends above where it starts
            ("F1:A1", false),    // ends left of where it starts
            ("XFE1", false),     // past the last column
            ("A1048577", false), // past the last row
            ("AAAAAAAA1", false),
            ("A99999999999", false),
        ] {
            assert_eq!(reference_in_range(value.as_bytes()), ok, "{value}");
        }
        let sheet = |merge: &str| {
            let xml = format!(
                "<worksheet xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><dimension ref=\"A1:F15\"/><sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData>\
                 <mergeCells count=\"1\"><mergeCell ref=\"{merge}\"/></mergeCells></worksheet>"
            );
            zip_of(&[("xl/worksheets/sheet1.xml", xml.as_bytes())])
        };
        assert_eq!(message(check(&sheet("A1:F1"), &Limits::default())), "");
        let m = message(check(&sheet("A3:F2"), &Limits::default()));
        assert!(m.contains("xl/worksheets/sheet1.xml refers to cells `A3:F2`"), "{m}");
    }

    #[test]
    fn shared_string_tables_are_held_to_their_counts_and_lengths() {
        let claims =
            b"<?xml version=\"1.0\"?><sst xmlns=\"x\" count=\"1\" uniqueCount=\"4000000000\"><si><t>a</t></si></sst>";
        let m = message(check(&zip_of(&[("xl/sharedStrings.xml", claims)]), &Limits::default()));
        assert!(m.contains("says it holds 4000000000 strings"), "{m}");
        let long = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(200_000));
        let m = message(check(&zip_of(&[("xl/sharedStrings.xml", long.as_bytes())]), &Limits::default()));
        assert!(m.contains("longer than 32767 characters"), "{m}");
        let fine = b"<sst uniqueCount=\"2\"><si><t>a</t></si><si><r><t>b</t></r></si></sst>";
        assert!(check(&zip_of(&[("xl/sharedStrings.xml", fine)]), &Limits::default()).is_ok());
    }

    #[test]
    fn ods_repeats_are_counted_before_they_expand() {
        let table = |rows: &str| {
            format!(
                "<office:document-content><office:body><office:spreadsheet><table:table>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
            )
        };
        let wide = table(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
        );
        let m = message(check(&zip_of(&[("content.xml", wide.as_bytes())]), &Limits::default()));
        assert!(m.contains("expand to more than"), "{m}");
        // LibreOffice ends every sheet with a million empty rows: they are not expanded.
        let usual = table(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>事项名称</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"1023\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        );
        assert!(check(&zip_of(&[("content.xml", usual.as_bytes())]), &Limits::default()).is_ok());
    }
}
