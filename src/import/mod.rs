//! `ipps-check import`: a city's 实施清单 spreadsheet → the platform format's `service_items`.
//!
//! The pipeline: [`sheet`] reads cells, [`header`] finds the header row and what each column holds under the
//! [`mapping`], [`items`] turns each row into a service item with the pure parsers of [`cells`], and
//! [`emit`] writes YAML. Whatever a cell says that the format cannot hold is kept as text or as a comment and
//! reported as a [`Warning`] with its sheet, row and column.

pub mod cells;
pub mod emit;
pub mod header;
pub mod items;
pub mod mapping;
pub mod sheet;

use std::fmt;
use std::path::Path;

use crate::model::ServiceItem;

pub use mapping::Mapping;

/// Bounds on what an import reads.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_rows: usize,
    pub max_columns: usize,
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // A city's list has tens to a few hundred items; twenty thousand rows leaves room for one row per
        // material while a runaway sheet ends quickly with a message.
        Limits { max_rows: 20_000, max_columns: 256, max_file_bytes: 64 * 1024 * 1024 }
    }
}

/// Why a spreadsheet could not be imported at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("the sheet has more than {limit} rows (raise the limit with --max-rows)")]
    TooManyRows { limit: usize },
    #[error("no sheet named “{name}”; the sheets are: {available}")]
    NoSuchSheet { name: String, available: String },
    #[error("--sheet “{name}”: a CSV file has no sheets")]
    CsvHasNoSheets { name: String },
    #[error(
        "no header row found{where_}: none of the first 30 rows names an item column (事项名称) and at least one other known column"
    )]
    NoHeader { where_: String },
}

impl ImportError {
    fn io(e: std::io::Error) -> ImportError {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        ImportError::Unreadable(reason)
    }
}

/// One cell's problem: kept as text or as a comment, never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `清单.xlsx:Sheet1!H12`, or `清单.csv:H12`.
    pub at: String,
    /// The column's header, when the problem belongs to a column.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{} ({}): {}", self.at, c, self.message),
            None => write!(f, "{}: {}", self.at, self.message),
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub rows: usize,
    pub items: usize,
    /// Non-empty cells of imported columns.
    pub cells: usize,
    /// Of those, cells read without a warning.
    pub parsed: usize,
}

/// An imported item with the comments that go above it (columns the format has no field for, wording kept).
#[derive(Debug, Clone)]
pub struct Imported {
    pub item: ServiceItem,
    pub notes: Vec<String>,
    /// The 0-based sheet rows the item was read from (several when its name is merged over them).
    pub rows: Vec<usize>,
}

/// The result of an import.
#[derive(Debug)]
pub struct Import {
    pub items: Vec<Imported>,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
    /// The sheet read (`None` for CSV) and the 1-based header row.
    pub sheet: Option<String>,
    pub header_row: usize,
    /// The list's title above the header, with its cell.
    pub title: Option<items::Title>,
    /// What each column of the sheet holds (`export-list --from` marks the cells of a field).
    pub columns: Vec<header::Column>,
}

/// Reads a spreadsheet: the named sheet, or the first sheet with a recognisable header.
pub fn import_file(
    path: &Path,
    sheet: Option<&str>,
    mapping: &Mapping,
    limits: &Limits,
) -> Result<Import, ImportError> {
    let label = path.display().to_string();
    let mut book = sheet::open(path, limits)?;
    let names = book.sheet_names();
    if let (Some(s), sheet::Book::Csv(_)) = (sheet, &book) {
        return Err(ImportError::CsvHasNoSheets { name: s.to_owned() });
    }
    let wanted: Vec<String> = match sheet {
        Some(s) if names.iter().any(|n| n == s) => vec![s.to_owned()],
        Some(s) => {
            return Err(ImportError::NoSuchSheet { name: s.to_owned(), available: names.join(", ") });
        }
        None => names,
    };
    let mut seen = Vec::new();
    for name in &wanted {
        let data = book.sheet(name, limits)?;
        let Some(header) = header::find(&data, mapping) else {
            seen.push(name.clone());
            continue;
        };
        let (items, warnings, stats, title) = items::build(&label, &data, &header, mapping);
        return Ok(Import {
            items,
            warnings,
            stats,
            sheet: data.name.clone(),
            header_row: header.row + 1,
            title,
            columns: header.columns.clone(),
        });
    }
    let where_ = match (sheet, seen.len()) {
        (_, 0) => " (the workbook has no sheets)".to_owned(),
        (Some(s), _) => format!(" in sheet “{s}”"),
        (None, 1) if seen[0].is_empty() => String::new(),
        (None, _) => format!(" in any sheet ({})", seen.join(", ")),
    };
    Err(ImportError::NoHeader { where_ })
}
