//! `ipps-check export-list`: checks a platform, then writes its service items as a 实施清单
//! workbook with each gap marked on its cell, or marks the city's own workbook (`--from`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{load_pack, note};
use crate::assess::Checker;
use crate::cli::ExportListArgs;
use crate::error::{Error, Problem};
use crate::export::{self, ItemGap, list, patch};
use crate::import::mapping::{Field, Meaning};
use crate::import::{Import, Mapping};
use crate::input::{Cap, shown};
use crate::model::ServiceItem;
use crate::report::labels::t;
use crate::text::Lang;

pub fn export_list(args: &ExportListArgs) -> Result<u8, Error> {
    let mut inputs: Vec<PathBuf> = vec![args.platform.clone()];
    inputs.extend(args.from.iter().cloned());
    let mut planned = crate::output::plan_file(Some(&args.output), &inputs)?;
    let as_of = match &args.as_of {
        Some(s) => crate::date::parse_days(s)
            .ok_or_else(|| Error::Usage(format!("--as-of takes a date YYYY-MM-DD, got `{s}`")))?,
        None => crate::date::today(),
    };
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let platform = crate::platform::load_file(&args.platform, &crate::yaml::Limits::default())?;
    let checker = Checker::new(load_pack(args.rules.as_deref())?);
    let a = checker.assess(&platform, as_of);
    let items: Vec<ServiceItem> = match platform.value.get("service_items") {
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| {
            Error::single(Problem::plain(shown(&args.platform), format!("service_items cannot be read: {e}")))
        })?,
        None => Vec::new(),
    };
    let gaps = export::gaps(&a, lang);
    let mapping = Mapping::embedded()?;
    let (bytes, marked) = match &args.from {
        None => {
            let grid = export::grid(&items, &mapping);
            if !args.quiet {
                let read = export::read_back(&grid, &mapping);
                for d in export::differences(&items, &read) {
                    note(
                        "warning",
                        &format!(
                            "service_items[{}] {}: `{}` is written as a list states it, and `import` reads that back differently; check the cell",
                            d.item, items[d.item].name, d.key
                        ),
                    );
                }
            }
            let about = list::About { platform: &a.platform, file: &a.source.name, as_of: &a.as_of, lang };
            let bytes = list::workbook(&about, &grid, &gaps).map_err(|e| {
                Error::single(Problem::plain(shown(&args.output), format!("cannot make the workbook: {e}")))
            })?;
            (bytes, list::by_cell(&gaps, lang).len())
        }
        Some(original) => marked_original(args, original, &items, &gaps, lang, &mapping)?,
    };
    planned.write_bytes(&mut std::io::sink(), &bytes)?;
    if !args.quiet {
        eprintln!(
            "wrote {} items to {}: {} gaps of service items, {} cells marked",
            items.len(),
            shown(&args.output),
            gaps.len(),
            marked
        );
    }
    Ok(0)
}

/// The city's workbook with the gaps marked: each gap on the cell of its item's row and its
/// element's column; on the item's name when the list has no column for the element; on the name
/// column's header for the list as a whole.
fn marked_original(
    args: &ExportListArgs,
    original: &Path,
    items: &[ServiceItem],
    gaps: &[ItemGap],
    lang: Lang,
    mapping: &Mapping,
) -> Result<(Vec<u8>, usize), Error> {
    let name = shown(original);
    let problem = |m: String| Error::single(Problem::plain(&name, m));
    let bytes = crate::input::read_capped(
        original,
        Cap { bytes: crate::import::Limits::default().max_file_bytes, hint: "a 实施清单 is far smaller" },
    )?;
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(problem(patch::PatchError::NotXlsx("not a zip package".into()).to_string()));
    }
    let imported: Import =
        crate::import::import_file(original, args.sheet.as_deref(), mapping, &crate::import::Limits::default())
            .map_err(|e| problem(e.to_string()))?;
    let sheet = imported.sheet.clone().unwrap_or_default();
    let column_of = |f: Field| -> Option<(usize, &str)> {
        let wanted: &[Field] = match f {
            Field::TimeLimit => {
                &[Field::TimeLimit, Field::TimeLimitStatutory, Field::TimeLimitPromised, Field::TimeLimitAverage]
            }
            // A list that states channels as 网上办理 / 窗口办理 columns marks a channel gap there.
            Field::Channels => &[Field::Channels, Field::OnlineHandling, Field::WindowHandling],
            Field::Location => &[Field::Location, Field::LocationAndContact],
            _ => std::slice::from_ref(&f),
        };
        imported
            .columns
            .iter()
            .find(|c| wanted.iter().any(|w| c.meaning == Meaning::Field(*w)))
            .map(|c| (c.index, c.title.as_str()))
    };
    let Some((name_col, _)) = column_of(Field::Name) else {
        return Err(problem("the sheet has no item-name column".into()));
    };
    // The k-th item of a name in the platform is the k-th row of that name in the workbook.
    let mut rows_by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in &imported.items {
        rows_by_name.entry(i.item.name.as_str()).or_default().push(i.rows.first().copied().unwrap_or(0));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let row_of: Vec<Option<usize>> = items
        .iter()
        .map(|it| {
            let k = seen.entry(it.name.as_str()).or_default();
            *k += 1;
            rows_by_name.get(it.name.as_str()).and_then(|rows| rows.get(*k - 1)).copied()
        })
        .collect();
    let header_row = imported.header_row.saturating_sub(1);
    let mut cells: BTreeMap<(usize, usize), (String, bool)> = BTreeMap::new();
    let mut unplaced = 0;
    for g in gaps {
        let (row, col, prefix) = match g.item {
            None => (header_row, name_col, String::new()),
            Some(i) => {
                let Some(Some(row)) = row_of.get(i) else {
                    unplaced += 1;
                    continue;
                };
                match g.field.map(|f| (f, column_of(f))) {
                    None => (*row, name_col, String::new()),
                    Some((_, Some((col, _)))) => (*row, col, String::new()),
                    Some((f, None)) => {
                        let header = mapping.columns.get(&f).and_then(|h| h.first()).cloned().unwrap_or_default();
                        let prefix = match lang {
                            Lang::Zh => format!("（本清单无“{header}”列）"),
                            Lang::En => format!("(this list has no “{header}” column) "),
                        };
                        (*row, name_col, prefix)
                    }
                }
            }
        };
        let entry = cells.entry((row, col)).or_default();
        if !entry.0.is_empty() {
            entry.0.push_str("\n\n");
        }
        entry.0.push_str(&prefix);
        entry.0.push_str(&g.note(lang));
        entry.1 |= g.is_shall();
    }
    if !args.quiet {
        let missing: Vec<&str> =
            items.iter().zip(&row_of).filter(|(_, r)| r.is_none()).map(|(i, _)| i.name.as_str()).collect();
        if !missing.is_empty() {
            note(
                "warning",
                &format!(
                    "{} {}: {}{}",
                    missing.len(),
                    t(
                        lang,
                        "个事项不在原清单中，其差距未标出",
                        "items are not in the original list; their gaps are not marked"
                    ),
                    missing.iter().take(5).copied().collect::<Vec<_>>().join("、"),
                    if missing.len() > 5 { "…" } else { "" }
                ),
            );
        }
        if unplaced > 0 {
            note("note", &format!("{unplaced} gaps belong to items that are not in {name}"));
        }
    }
    let marks: Vec<patch::Mark> = cells
        .into_iter()
        .map(|((row, col), (note, shall))| patch::Mark {
            row,
            col,
            note: crate::terminal::visible_lines(&note).into_owned(),
            shall,
        })
        .collect();
    let count = marks.len();
    let bytes = patch::patch(&bytes, &sheet, &marks).map_err(|e| problem(e.to_string()))?;
    Ok((bytes, count))
}
