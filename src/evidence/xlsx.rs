//! Spreadsheets (XLSX, and the XLS and ODS calamine also reads): every sheet's cells, row by row.
//! A zip-based workbook is inflated once within the bounds before calamine reads it.

use std::io::Cursor;

use calamine::{Data, Reader as _, open_workbook_auto_from_rs};

use super::{Budget, Collector, Reading, archive, invalid};

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    match text(bytes, budget) {
        Ok(t) => Reading::Text(t),
        Err(r) => r,
    }
}

fn text(bytes: &[u8], budget: &Budget) -> Result<String, Reading> {
    if bytes.starts_with(b"PK") {
        archive::open(bytes, "XLSX", budget)?.check_all(budget)?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| invalid("XLSX", e))?;
    let mut out = Collector::new(budget.limits.max_chars);
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        for row in range.rows() {
            if budget.out_of_time() {
                return Err(budget.timed_out());
            }
            for cell in row {
                let shown = match cell {
                    Data::Empty => continue,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                    other => other.to_string(),
                };
                if !out.push(&shown) || !out.push("\t") {
                    return Ok(out.finish());
                }
            }
            if !out.push("\n") {
                return Ok(out.finish());
            }
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    #[test]
    fn a_workbook_saved_by_libreoffice_reads_cell_by_cell() {
        let text = fixtures::text("maintenance-log-2026.xlsx");
        assert!(text.contains("服务大厅设施设备维护记录"), "{text}");
        assert!(text.contains("杭知保-wh-2026-01"), "{text}");
        assert!(text.contains("无障碍卫生间"), "{text}");
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused() {
        let pdf = fixtures::bytes("policy-2024-3.pdf");
        assert!(matches!(read(&pdf, &Budget::new(LIMITS)), Reading::Refused(t) if t.en.contains("XLSX")));
    }
}
