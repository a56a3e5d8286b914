//! Finding the header row, even below a title row or split over two rows, and what each column holds.

use std::collections::{HashMap, HashSet};

use super::ImportError;
use super::items::column_letters;
use super::mapping::{Field, Mapping, Meaning, normalize};
use super::sheet::{Sheet, Value};

/// Rows searched for the header.
const SEARCH_ROWS: usize = 30;

/// The header: where it is and what each column means.
#[derive(Debug)]
pub struct Header {
    /// 0-based row of the (last) header row.
    pub row: usize,
    pub first_data_row: usize,
    pub columns: Vec<Column>,
    /// For stderr: which row was taken and why, when another row looked like a header too.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub index: usize,
    /// The header as written (both rows of a two-row header, joined).
    pub title: String,
    pub meaning: Meaning,
}

impl Header {
    /// The column that holds the item's name.
    pub fn name_column(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.meaning == Meaning::Field(Field::Name))
    }
}

fn title(v: &Value) -> String {
    match v {
        Value::Text(s) => s.trim().to_owned(),
        _ => String::new(),
    }
}

/// How a row of titles reads as a header: the distinct fields it names, how many of its titles are
/// a header word exactly (not merely containing one), and whether one of them is the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Score {
    fields: usize,
    exact: usize,
    has_name: bool,
}

/// Longest cell read as a possible title: a header cell is a few words, and reading a long data cell
/// against every header word of the mapping costs its length times theirs.
const MAX_TITLE_CHARS: usize = 100;

/// What the cells of the rows searched for a header mean, each distinct text read once: a sheet
/// whose first rows repeat one text in every column (a merged range over the whole sheet) costs one
/// reading, not thirty rows × 256 columns of them.
struct Titles<'a> {
    mapping: &'a Mapping,
    words: HashSet<String>,
    read: HashMap<String, (Meaning, bool)>,
}

impl<'a> Titles<'a> {
    fn new(mapping: &'a Mapping) -> Titles<'a> {
        Titles { mapping, words: header_words(mapping), read: HashMap::new() }
    }

    /// The meaning of a cell's text and whether it is a header word exactly.
    fn meaning(&mut self, t: &str) -> (Meaning, bool) {
        if t.is_empty() || t.chars().count() > MAX_TITLE_CHARS {
            return (Meaning::Unknown, false);
        }
        if let Some(known) = self.read.get(t) {
            return *known;
        }
        let reading = (self.mapping.meaning(t), self.words.contains(&normalize(t)));
        self.read.insert(t.to_owned(), reading);
        reading
    }

    fn score(&mut self, titles: &[String]) -> Score {
        let readings: Vec<(Meaning, bool)> = titles.iter().map(|t| self.meaning(t)).collect();
        let mut fields: Vec<Field> = readings
            .iter()
            .filter_map(|(m, _)| match m {
                Meaning::Field(f) => Some(*f),
                _ => None,
            })
            .collect();
        let has_name = fields.contains(&Field::Name);
        fields.sort_by_key(|f| *f as usize);
        fields.dedup();
        let exact = readings.iter().filter(|(_, exact)| *exact).count();
        Score { fields: fields.len(), exact, has_name }
    }
}

/// Every header word of the mapping, normalised: a cell that is exactly one of them is a title, while
/// a data cell (商标注册申请受理, 收费标准见附件) at most contains one.
fn header_words(mapping: &Mapping) -> HashSet<String> {
    mapping.columns.values().flatten().chain(&mapping.ignore).map(|n| normalize(n)).filter(|n| !n.is_empty()).collect()
}

/// A cell's place for messages: `Sheet1!B2`, or `B2` for CSV; the row alone when `col` is None.
pub fn place(sheet: &Sheet, row: usize, col: Option<usize>) -> String {
    let prefix = sheet.name.as_ref().map_or(String::new(), |n| format!("{n}!"));
    match col {
        Some(c) => format!("{prefix}{}{}", column_letters(c), row + 1),
        None => format!("{prefix}row {}", row + 1),
    }
}

/// Finds the header: among the first rows that name at least two known fields, one of them the item's
/// name, the row whose titles are header words *exactly* most often (a data row whose cells merely contain
/// header words never beats a row of titles), then the one naming the most fields, then the first. A row
/// below it that refines its columns (法定 / 承诺 under 办结时限) joins it. Two columns read as the same
/// field are an error naming both cells: one of them would be lost.
pub fn find(sheet: &Sheet, mapping: &Mapping) -> Result<Option<Header>, ImportError> {
    let width = sheet.width();
    let mut reader = Titles::new(mapping);
    let titles_of = |r: usize| (0..width).map(|c| title(sheet.get(r, c))).collect::<Vec<_>>();
    let mut candidates: Vec<(usize, Score)> = Vec::new();
    for r in 0..sheet.rows.len().min(SEARCH_ROWS) {
        let titles = titles_of(r);
        let sc = reader.score(&titles);
        // A list of names only ("序号 | 接收范围") has one known column beside a numbering column.
        let names_only = sc.fields == 1 && titles.iter().any(|t| reader.meaning(t).0 == Meaning::Ignored);
        if sc.has_name && (sc.fields >= 2 || names_only) {
            candidates.push((r, sc));
        }
    }
    let Some(&(row, best)) = candidates.iter().max_by(|(ra, a), (rb, b)| {
        (a.exact, a.fields, std::cmp::Reverse(*ra)).cmp(&(b.exact, b.fields, std::cmp::Reverse(*rb)))
    }) else {
        return Ok(None);
    };
    let mut notes = Vec::new();
    let others: Vec<String> = candidates.iter().filter(|(r, _)| *r != row).map(|(r, _)| (r + 1).to_string()).collect();
    if !others.is_empty() {
        notes.push(format!(
            "header: row {} taken, {} of its titles being header words exactly; row {} also names known columns \
             and is not the header",
            row + 1,
            best.exact,
            others.join(", ")
        ));
    }
    let parent = titles_of(row);
    let mut header = Header { row, first_data_row: row + 1, columns: columns(&parent, mapping), notes };
    if row + 1 < sheet.rows.len() {
        let child = titles_of(row + 1);
        let joined: Vec<String> = parent
            .iter()
            .zip(&child)
            .map(|(p, c)| if c.is_empty() || c == p { p.clone() } else { best_join(p, c, mapping) })
            .collect();
        let name_col = header.name_column().map(|c| c.index);
        let name_continues = name_col.is_none_or(|i| child[i].is_empty() || child[i] == parent[i]);
        if name_continues && reader.score(&joined).fields > best.fields {
            header.row = row + 1;
            header.first_data_row = row + 2;
            header.columns = columns(&joined, mapping);
        }
    }
    duplicates(sheet, &header)?;
    Ok(Some(header))
}

/// Two columns that fill the same field: the second would overwrite or be dropped.
fn duplicates(sheet: &Sheet, header: &Header) -> Result<(), ImportError> {
    for (i, a) in header.columns.iter().enumerate() {
        let Meaning::Field(field) = a.meaning else { continue };
        if let Some(b) = header.columns[i + 1..].iter().find(|b| b.meaning == a.meaning) {
            let cell = |c: &Column| format!("{} (“{}”)", place(sheet, header.row, Some(c.index)), c.title);
            return Err(ImportError::DuplicateColumns { field: field_name(field), first: cell(a), second: cell(b) });
        }
    }
    Ok(())
}

/// A field as the mapping file names it: `ImplementingBody` → `implementing_body`.
fn field_name(field: Field) -> String {
    let mut out = String::new();
    for (i, c) in format!("{field:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A sub-header under a parent: "法定" under "办结时限" reads as 法定办结时限; a full child stands alone.
fn best_join(parent: &str, child: &str, mapping: &Mapping) -> String {
    for candidate in [format!("{child}{parent}"), format!("{parent}{child}"), child.to_owned()] {
        if matches!(mapping.meaning(&candidate), Meaning::Field(_)) {
            return candidate;
        }
    }
    format!("{parent}{child}")
}

fn columns(titles: &[String], mapping: &Mapping) -> Vec<Column> {
    titles
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(index, t)| Column { index, title: t.replace('\n', " "), meaning: mapping.meaning(t) })
        .collect()
}
