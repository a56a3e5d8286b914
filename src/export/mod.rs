//! `ipps-check export-list`: a platform's service items back in the 实施清单 layout a city keeps,
//! with each gap marked on the cell of its element (a fill and a comment saying the clause, what is
//! missing and the fix). [`cells`] writes each field as a list states it, [`list`] builds the
//! workbook, [`patch`] marks the city's own workbook instead (`--from`), and [`read_back`] runs
//! `import` on the cells written, so that whatever would not come back the same is reported.

pub mod cells;
pub mod list;
pub mod patch;

use serde_json::Value;

use crate::assessment::Assessment;
use crate::import::header;
use crate::import::items;
use crate::import::mapping::{Field, Mapping};
use crate::import::sheet::{Sheet, Value as Cell};
use crate::model::ServiceItem;
use crate::pack::Level;
use crate::report::labels::{self, t};
use crate::text::Lang;

/// One finding of a clause about the service items, placed on the list.
#[derive(Debug, Clone)]
pub struct ItemGap {
    /// The item (its index in `service_items`); `None` for the list as a whole.
    pub item: Option<usize>,
    /// The column of the element; `None` for the item as a whole (marked on its name).
    pub field: Option<Field>,
    pub clause: String,
    pub level: Level,
    pub title: String,
    /// Where, expected and found, in words.
    pub what: String,
    pub fix: String,
}

impl ItemGap {
    /// A requirement (应/不应), marked in red; a recommendation is marked in yellow.
    pub fn is_shall(&self) -> bool {
        self.level.is_shall()
    }

    /// The gap as a cell comment states it.
    pub fn note(&self, lang: Lang) -> String {
        format!(
            "{} {}（{}）\n{}\n{}{}",
            self.clause,
            self.title,
            labels::level(self.level, lang),
            self.what,
            t(lang, "整改：", "Fix: "),
            self.fix
        )
    }
}

/// Every finding of a gap that points into `service_items`, in the order of the report (应 first).
pub fn gaps(a: &Assessment, lang: Lang) -> Vec<ItemGap> {
    let mut out = Vec::new();
    for c in a.gaps() {
        for f in &c.findings {
            let Some(rest) = f.pointer.strip_prefix("/service_items") else { continue };
            let mut segments = rest.split('/').skip(1);
            let item = segments.next().and_then(|s| s.parse::<usize>().ok());
            let field = match item.and(segments.next()) {
                Some(key) => field_of(key, segments.next()),
                // A key missing from the item is reported on the item, naming the key in
                // backticks (`progress_query` missing): its column is the key's.
                None => item
                    .and_then(|_| missing_key(&f.expected.en).or_else(|| missing_key(&f.found.en)))
                    .and_then(|k| field_of(k, None)),
            };
            out.push(ItemGap {
                item,
                field,
                clause: c.id.clone(),
                level: c.level,
                title: c.title.get(lang).to_owned(),
                what: labels::finding(f, lang),
                fix: c.remediation.get(lang).to_owned(),
            });
        }
    }
    out
}

/// The key named in backticks in a finding's wording (the last part of a dotted path).
fn missing_key(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once('`')?;
    let (key, _) = rest.split_once('`')?;
    key.rsplit('.').next()
}

/// The column a service item's key is written in.
fn field_of(key: &str, next: Option<&str>) -> Option<Field> {
    Some(match key {
        "name" => Field::Name,
        "code" => Field::Code,
        "type" => Field::Type,
        "category" => Field::Category,
        "implementing_body" if next == Some("uscc") => Field::ImplementingBodyUscc,
        "implementing_body" => Field::ImplementingBody,
        "description" => Field::Description,
        "basis" => Field::Basis,
        "conditions" => Field::Conditions,
        "materials" | "no_materials" => Field::Materials,
        "process" => Field::Process,
        "flowchart" => Field::Flowchart,
        "channels" => Field::Channels,
        "location" => Field::Location,
        "hours" => Field::Hours,
        "time_limit" => Field::TimeLimit,
        "fee" => Field::Fee,
        "progress_query" => Field::ProgressQuery,
        "result" => Field::Result,
        "consultation" => Field::Consultation,
        "supervision" => Field::Supervision,
        "facilitation" => Field::Facilitation,
        "quality_guarantees" => Field::QualityGuarantees,
        "forms" | "no_forms" => Field::Forms,
        "review" => Field::Review,
        "last_reviewed" => Field::LastReviewed,
        _ => return None,
    })
}

/// The layout's cells: the header (each field under its first name in the mapping) and one row of
/// texts per item, in [`cells::COLUMNS`] order.
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The cells of the items.
pub fn grid(items: &[ServiceItem], mapping: &Mapping) -> Grid {
    let headers = cells::COLUMNS
        .iter()
        .map(|f| mapping.columns.get(f).and_then(|names| names.first()).cloned().unwrap_or_else(|| format!("{f:?}")))
        .collect();
    let rows = items.iter().map(|item| cells::COLUMNS.iter().map(|f| cells::render(item, *f)).collect()).collect();
    Grid { headers, rows }
}

/// The items `import` reads from the grid (with the header in row 1, the items below).
pub fn read_back(grid: &Grid, mapping: &Mapping) -> Vec<ServiceItem> {
    let text = |s: &String| if s.is_empty() { Cell::Empty } else { Cell::Text(s.clone()) };
    let mut sheet = Sheet { name: Some("read-back".into()), ..Sheet::default() };
    sheet.rows.push(grid.headers.iter().map(text).collect());
    sheet.rows.extend(grid.rows.iter().map(|r| r.iter().map(text).collect()));
    let Some(header) = header::find(&sheet, mapping) else { return Vec::new() };
    items::build("read-back", &sheet, &header, mapping).0.into_iter().map(|i| i.item).collect()
}

/// A field that `import` would not read back as the platform has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub item: usize,
    /// The key in the item (`fee`, `consultation`…).
    pub key: String,
}

/// The fields of `original` that `read` does not hold the same. The wording of a time limit, fee
/// or 好差评 (`text`) is not compared: it is the cell as written, which spells the values out when
/// the platform's own wording would not read back as them; 好差评's channels compare as a set.
pub fn differences(original: &[ServiceItem], read: &[ServiceItem]) -> Vec<Difference> {
    let mut out = Vec::new();
    for (i, o) in original.iter().enumerate() {
        let a = serde_json::to_value(o).unwrap_or(Value::Null);
        let b = read.get(i).map(|r| serde_json::to_value(r).unwrap_or(Value::Null)).unwrap_or(Value::Null);
        let (Some(a), b) = (a.as_object(), b.as_object()) else { continue };
        for (key, va) in a {
            let mut va = va.clone();
            let mut vb = b.and_then(|b| b.get(key)).cloned().unwrap_or(Value::Null);
            if matches!(key.as_str(), "time_limit" | "fee" | "review") {
                for v in [&mut va, &mut vb] {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("text");
                        // The ways to rate an item are a set: a cell names them in any order.
                        if let Some(Value::Array(channels)) = o.get_mut("channels") {
                            channels.sort_by_key(Value::to_string);
                        }
                    }
                }
            }
            // An empty list is an empty cell, which reads back as no list.
            let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
            if va != vb && !(empty(&va) && empty(&vb)) {
                out.push(Difference { item: i, key: key.clone() });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_find_their_column() {
        assert_eq!(field_of("time_limit", Some("promised")), Some(Field::TimeLimit));
        assert_eq!(field_of("implementing_body", Some("uscc")), Some(Field::ImplementingBodyUscc));
        assert_eq!(field_of("no_forms", None), Some(Field::Forms));
        assert_eq!(field_of("unknown", None), None);
        assert_eq!(missing_key("`progress_query` missing"), Some("progress_query"));
        assert_eq!(missing_key("missing"), None);
    }
}
