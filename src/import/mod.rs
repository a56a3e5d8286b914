//! `ipps-check import`: a city's 实施清单 spreadsheet → the platform format's `service_items`.
//!
//! The pipeline: [`sheet`] reads cells, [`header`] finds the header row and what each column holds under the
//! [`mapping`], [`items`] turns each row into a service item with the pure parsers of [`cells`], and
//! [`emit`] writes YAML. Whatever a cell says that the format cannot hold is kept as text or as a comment and
//! reported as a [`Warning`] with its sheet, row and column.

pub mod bounds;
pub mod cells;
pub mod emit;
pub mod header;
pub mod items;
pub mod mapping;
pub mod parts;
pub mod sheet;

use std::fmt;
use std::path::Path;

use crate::model::ServiceItem;

pub use mapping::Mapping;

/// Bounds on what an import reads (`docs/import.md` and `docs/security.md` give the reasons).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_rows: usize,
    pub max_columns: usize,
    pub max_file_bytes: u64,
    /// Cells of a sheet, and cells a workbook's repeats and dimensions may expand to.
    pub max_cells: usize,
    /// Characters in one cell (Excel's own limit).
    pub max_cell_chars: usize,
    /// Merged ranges of a sheet.
    pub max_merges: usize,
    /// Parts of a zip workbook, the inflated size of one part and of all, and how many times a
    /// part over a megabyte may inflate.
    pub max_zip_entries: usize,
    pub max_entry_bytes: u64,
    pub max_inflated_bytes: u64,
    pub max_ratio: u64,
    /// Strings of a shared-string table.
    pub max_shared_strings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A city's list has tens to a few hundred items; twenty thousand rows leaves room for one row per
        // material while a runaway sheet ends quickly with a message. The other limits are one to two orders
        // of magnitude above the largest real list (the Yinchuan list: 33 items × 12 columns) and keep a
        // hostile workbook to a few hundred megabytes of memory.
        Limits {
            max_rows: 20_000,
            max_columns: 256,
            max_file_bytes: 64 * 1024 * 1024,
            max_cells: 1_000_000,
            max_cell_chars: 32_767,
            max_merges: 100_000,
            max_zip_entries: 10_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_inflated_bytes: 512 * 1024 * 1024,
            max_ratio: 100,
            max_shared_strings: 1_000_000,
        }
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
    #[error("{0}")]
    OverLimit(String),
    #[error("the header names one field twice: {first} and {second} both read as `{field}`")]
    DuplicateColumns { field: String, first: String, second: String },
    #[error("no service items below the header at {at}: every row under it is empty or has no item name")]
    NoItems { at: String },
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
    /// What the user should know about how the file was read: sheets skipped, the header chosen.
    pub notes: Vec<String>,
    /// The list's title above the header, with its cell.
    pub title: Option<items::Title>,
    /// What each column of the sheet holds (`export-list --from` marks the cells of a field).
    pub columns: Vec<header::Column>,
}

/// Reads a spreadsheet file through the capped reader, then [`import_bytes`].
pub fn import_file(
    path: &Path,
    sheet: Option<&str>,
    mapping: &Mapping,
    limits: &Limits,
) -> Result<Import, crate::error::Error> {
    let bytes = crate::input::read_capped(path, crate::input::Cap::spreadsheet(limits.max_file_bytes))?;
    let label = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    import_bytes(&label, &ext, bytes, sheet, mapping, limits).map_err(|e| import_error(&label, e))
}

/// An import error as a problem of the spreadsheet, with a hint where one helps.
pub fn import_error(name: &str, e: ImportError) -> crate::error::Error {
    let mut p = crate::error::Problem::plain(crate::terminal::visible(name), e.to_string());
    p.help = match e {
        ImportError::NoHeader { .. } => Some(
            "the header row must name the item (事项名称) and another column such as 收费标准 or 办结时限; \
             for other headers give a mapping with --map (ipps-check import --show-map prints the built-in one)"
                .into(),
        ),
        ImportError::NoSuchSheet { .. } => {
            Some("sheet names are case-sensitive; omit --sheet to take the first visible sheet with a header".into())
        }
        ImportError::CsvHasNoSheets { .. } => Some("omit --sheet for a CSV file".into()),
        ImportError::DuplicateColumns { .. } => Some(
            "rename one of the two headers in the spreadsheet, or give a mapping (--map) that reads only one of them"
                .into(),
        ),
        ImportError::NoItems { .. } => {
            Some("check that the item names (事项名称) are filled in below the header".into())
        }
        ImportError::OverLimit(_) => Some("a list of service items is far smaller; is this the right file?".into()),
        _ => None,
    };
    crate::error::Error::single(p)
}

/// Reads a spreadsheet's bytes (`ext`: the file's extension, lower case, for messages): the named
/// sheet, or the first visible sheet with a recognisable header. A hidden sheet is read only when
/// named; the notes say which sheets were skipped and which row was taken as the header.
pub fn import_bytes(
    label: &str,
    ext: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    mapping: &Mapping,
    limits: &Limits,
) -> Result<Import, ImportError> {
    let mut book = sheet::open(bytes, ext, limits)?;
    let names = book.sheet_names();
    if let (Some(s), sheet::Book::Csv(_)) = (sheet, &book) {
        return Err(ImportError::CsvHasNoSheets { name: s.to_owned() });
    }
    let hidden = book.hidden_sheets();
    let mut notes = Vec::new();
    let wanted: Vec<String> = match sheet {
        Some(s) if names.iter().any(|n| n == s) => {
            if hidden.iter().any(|h| h == s) {
                notes.push(format!("sheet “{s}” is hidden in the workbook; read because --sheet names it"));
            }
            vec![s.to_owned()]
        }
        Some(s) => {
            return Err(ImportError::NoSuchSheet { name: s.to_owned(), available: names.join(", ") });
        }
        None => {
            for h in &hidden {
                notes.push(format!(
                    "skipped sheet “{h}”: it is hidden in the workbook (name it with --sheet to read it)"
                ));
            }
            names.into_iter().filter(|n| !hidden.contains(n)).collect()
        }
    };
    let mut seen = Vec::new();
    for name in &wanted {
        let data = book.sheet(name, limits)?;
        let Some(header) = header::find(&data, mapping)? else {
            seen.push(name.clone());
            continue;
        };
        notes.extend(header.notes.iter().cloned());
        let (items, warnings, stats, title) = items::build(label, &data, &header, mapping);
        if items.is_empty() {
            return Err(ImportError::NoItems { at: header::place(&data, header.row, None) });
        }
        return Ok(Import {
            items,
            warnings,
            stats,
            sheet: data.name.clone(),
            header_row: header.row + 1,
            notes,
            title,
            columns: header.columns.clone(),
        });
    }
    let where_ = match (sheet, seen.len()) {
        (_, 0) if hidden.is_empty() => " (the workbook has no sheets)".to_owned(),
        (_, 0) => " (the workbook has no visible sheets; name a hidden one with --sheet)".to_owned(),
        (Some(s), _) => format!(" in sheet “{s}”"),
        (None, 1) if seen[0].is_empty() => String::new(),
        (None, _) => format!(" in any sheet ({})", seen.join(", ")),
    };
    Err(ImportError::NoHeader { where_ })
}
