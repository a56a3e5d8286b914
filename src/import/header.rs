//! Finding the header row, even below a title row or split over two rows, and what each column holds.

use super::mapping::{Field, Mapping, Meaning};
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

/// How many distinct fields a row of titles names, and whether one of them is the name.
fn score(titles: &[String], mapping: &Mapping) -> (usize, bool) {
    let mut fields: Vec<Field> = titles
        .iter()
        .filter_map(|t| match mapping.meaning(t) {
            Meaning::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    let has_name = fields.contains(&Field::Name);
    fields.sort_by_key(|f| *f as usize);
    fields.dedup();
    (fields.len(), has_name)
}

/// Finds the header: the row among the first rows that names the most known fields (at least two, one of
/// them the item's name); a row below it that refines its columns (法定 / 承诺 under 办结时限) joins it.
pub fn find(sheet: &Sheet, mapping: &Mapping) -> Option<Header> {
    let width = sheet.width();
    let titles_of = |r: usize| (0..width).map(|c| title(sheet.get(r, c))).collect::<Vec<_>>();
    let mut best: Option<(usize, usize)> = None;
    for r in 0..sheet.rows.len().min(SEARCH_ROWS) {
        let titles = titles_of(r);
        let (n, has_name) = score(&titles, mapping);
        // A list of names only ("序号 | 接收范围") has one known column beside a numbering column.
        let names_only = n == 1 && titles.iter().any(|t| mapping.meaning(t) == Meaning::Ignored);
        if has_name && (n >= 2 || names_only) && best.is_none_or(|(_, b)| n > b) {
            best = Some((r, n));
        }
    }
    let (row, n) = best?;
    let parent = titles_of(row);
    let mut header = Header { row, first_data_row: row + 1, columns: columns(&parent, mapping) };
    if row + 1 < sheet.rows.len() {
        let child = titles_of(row + 1);
        let joined: Vec<String> = parent
            .iter()
            .zip(&child)
            .map(|(p, c)| if c.is_empty() || c == p { p.clone() } else { best_join(p, c, mapping) })
            .collect();
        let name_col = header.name_column().map(|c| c.index);
        let name_continues = name_col.is_none_or(|i| child[i].is_empty() || child[i] == parent[i]);
        if name_continues && score(&joined, mapping).0 > n {
            header = Header { row: row + 1, first_data_row: row + 2, columns: columns(&joined, mapping) };
        }
    }
    Some(header)
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
