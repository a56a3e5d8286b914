//! Marks gaps in a city's own workbook (`export-list --from ORIGINAL.xlsx`): the copy is the
//! original with a fill on each marked cell and a comment on it, nothing else. Every part of the
//! package is copied byte for byte (its compressed bytes, unread) except the four an added comment
//! needs changed: the styles (a fill and the cell formats that use it), the sheet (the marked cells'
//! style index, and a reference to the comments' drawing), its relationships, and the content
//! types; the comments and their VML drawing are new parts. XML is streamed with quick-xml, so
//! what is not changed in those parts is written back as it was read.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;

use crate::report::escape::xml;

/// Largest part read from the original, uncompressed: a sheet of 20,000 rows is a few MiB; this
/// stops a zip bomb long before memory does.
const MAX_PART: u64 = 256 * 1024 * 1024;

/// One cell to mark: 0-based row and column, its comment, and whether it is a requirement's gap.
#[derive(Debug, Clone)]
pub struct Mark {
    pub row: usize,
    pub col: usize,
    pub note: String,
    pub shall: bool,
}

/// Why a workbook cannot be marked.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    #[error(
        "not an .xlsx workbook ({0}); save the list as .xlsx (Excel, WPS: 另存为 .xlsx), or leave out --from for the 实施清单 layout"
    )]
    NotXlsx(String),
    #[error("the workbook has no sheet named “{0}”")]
    NoSheet(String),
    #[error("the workbook's part {0} is damaged: {1}")]
    Damaged(String, String),
    #[error(
        "the sheet “{0}” already has comments (批注); marking it would change them. Remove them, or leave out --from for the 实施清单 layout"
    )]
    HasComments(String),
    #[error("cannot write the copy: {0}")]
    Write(String),
}

type Result<T> = std::result::Result<T, PatchError>;

const REL_COMMENTS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The original with the marks; `sheet` is the sheet's name as the import read it.
pub fn patch(original: &[u8], sheet: &str, marks: &[Mark]) -> Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(original)).map_err(|e| PatchError::NotXlsx(e.to_string()))?;
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    let workbook = office_document(&mut zip)?;
    let sheet_path = sheet_part(&mut zip, &workbook, sheet)?;
    let rels_path = rels_of(&sheet_path);
    let sheet_rels = if names.contains(&rels_path) { Some(read_part(&mut zip, &rels_path)?) } else { None };
    if sheet_rels.as_deref().is_some_and(|r| r.contains(REL_COMMENTS)) {
        return Err(PatchError::HasComments(sheet.to_owned()));
    }
    let styles_path = target_of(&mut zip, &workbook, "/styles")?
        .ok_or_else(|| PatchError::Damaged(workbook.clone(), "no styles part".into()))?;
    let sheet_xml = read_part(&mut zip, &sheet_path)?;
    let styles_xml = read_part(&mut zip, &styles_path)?;
    let types_xml = read_part(&mut zip, "[Content_Types].xml")?;

    let wanted: BTreeMap<(usize, usize), &Mark> = marks.iter().map(|m| ((m.row, m.col), m)).collect();
    let used = styles_used(&sheet_xml, &sheet_path, &wanted)?;
    let (styles_xml, restyle) = add_fills(&styles_xml, &styles_path, &used)?;
    let n = free_number(&names);
    let comments_path = format!("xl/comments{n}.xml");
    let vml_path = format!("xl/drawings/vmlDrawing{n}.vml");
    let (rels_xml, vml_id) = add_relationships(sheet_rels.as_deref(), &comments_path, &vml_path, &rels_path)?;
    let sheet_xml = mark_cells(&sheet_xml, &sheet_path, &wanted, &restyle, &vml_id)?;
    let types_xml = add_types(&types_xml, &comments_path);

    let mut changed: BTreeMap<String, String> = BTreeMap::new();
    changed.insert(sheet_path.clone(), sheet_xml);
    changed.insert(styles_path, styles_xml);
    changed.insert("[Content_Types].xml".into(), types_xml);
    changed.insert(rels_path.clone(), rels_xml);
    let comments = comments_xml(marks);
    let vml = vml_xml(marks, n);

    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let w = |e: &dyn std::fmt::Display| PatchError::Write(e.to_string());
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).map_err(|e| PatchError::Damaged(format!("#{i}"), e.to_string()))?;
        let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
        match changed.remove(&name) {
            Some(text) => {
                drop(file);
                out.start_file(name.as_str(), options).map_err(|e| w(&e))?;
                out.write_all(text.as_bytes()).map_err(|e| w(&e))?;
            }
            None => out.raw_copy_file(file).map_err(|e| w(&e))?,
        }
    }
    // Parts that are new: the comments, their drawing, and the sheet's relationships if it had none.
    changed.insert(comments_path, comments);
    changed.insert(vml_path, vml);
    for (name, text) in changed {
        out.start_file(name.as_str(), options).map_err(|e| w(&e))?;
        out.write_all(text.as_bytes()).map_err(|e| w(&e))?;
    }
    out.finish().map(Cursor::into_inner).map_err(|e| w(&e))
}

fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<String> {
    let damaged = |e: &dyn std::fmt::Display| PatchError::Damaged(name.to_owned(), e.to_string());
    let file = zip.by_name(name).map_err(|e| damaged(&e))?;
    let mut text = String::new();
    file.take(MAX_PART + 1).read_to_string(&mut text).map_err(|e| damaged(&e))?;
    if text.len() as u64 > MAX_PART {
        return Err(damaged(&format!("larger than {} MiB uncompressed", MAX_PART >> 20)));
    }
    Ok(text)
}

/// The relationships part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`.
fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship's target as a part name: absolute (`/xl/…`) or relative to the source's folder.
fn resolve(source: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_owned();
    }
    let mut parts: Vec<&str> = source.rsplit_once('/').map(|(d, _)| d.split('/').collect()).unwrap_or_default();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Attributes of the elements named `local` in an XML text, as (name, value) pairs.
fn elements(text: &str, part: &str, local: &str) -> Result<Vec<Vec<(String, String)>>> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(attributes(&e));
            }
            Ok(Event::Eof) => return Ok(out),
            Err(e) => return Err(PatchError::Damaged(part.to_owned(), e.to_string())),
            _ => {}
        }
    }
}

fn attributes(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_owned();
            let value =
                quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string());
            (key, value)
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name || k.rsplit(':').next() == Some(name)).map(|(_, v)| v.as_str())
}

/// The workbook part, from the package's relationships.
fn office_document<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Result<String> {
    let rels = read_part(zip, "_rels/.rels").map_err(|_| PatchError::NotXlsx("no _rels/.rels".into()))?;
    elements(&rels, "_rels/.rels", "Relationship")?
        .iter()
        .find(|a| attr(a, "Type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|a| attr(a, "Target"))
        .map(|t| resolve("", t))
        .ok_or_else(|| PatchError::NotXlsx("no workbook part".into()))
}

/// The target of the workbook's relationship whose type ends with `kind`.
fn target_of<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    workbook: &str,
    kind: &str,
) -> Result<Option<String>> {
    let rels_path = rels_of(workbook);
    let rels = read_part(zip, &rels_path)?;
    Ok(elements(&rels, &rels_path, "Relationship")?
        .iter()
        .find(|a| attr(a, "Type").is_some_and(|t| t.ends_with(kind)))
        .and_then(|a| attr(a, "Target"))
        .map(|t| resolve(workbook, t)))
}

/// The part of the sheet named `sheet`.
fn sheet_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, workbook: &str, sheet: &str) -> Result<String> {
    let book = read_part(zip, workbook)?;
    let id = elements(&book, workbook, "sheet")?
        .into_iter()
        .find(|a| attr(a, "name") == Some(sheet))
        .and_then(|a| a.iter().find(|(k, _)| k.ends_with(":id")).map(|(_, v)| v.clone()))
        .ok_or_else(|| PatchError::NoSheet(sheet.to_owned()))?;
    let rels_path = rels_of(workbook);
    let rels = read_part(zip, &rels_path)?;
    elements(&rels, &rels_path, "Relationship")?
        .iter()
        .find(|a| attr(a, "Id") == Some(id.as_str()))
        .and_then(|a| attr(a, "Target"))
        .map(|t| resolve(workbook, t))
        .ok_or_else(|| PatchError::NoSheet(sheet.to_owned()))
}

/// `B4` → (3, 1).
fn parse_ref(r: &str) -> Option<(usize, usize)> {
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let mut c = 0usize;
    for ch in col.chars() {
        c = c * 26 + (ch.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    let row: usize = row.parse().ok()?;
    (c > 0 && row > 0).then(|| (row - 1, c - 1))
}

fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", crate::import::items::column_letters(col), row + 1)
}

/// The style index each marked cell has now (0 when it has none, or does not exist).
fn styles_used(
    sheet: &str,
    part: &str,
    wanted: &BTreeMap<(usize, usize), &Mark>,
) -> Result<BTreeMap<(usize, usize), usize>> {
    let mut found: BTreeMap<(usize, usize), usize> = wanted.keys().map(|k| (*k, 0)).collect();
    let mut reader = Reader::from_str(sheet);
    let (mut row, mut col) = (0usize, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "row" => {
                let a = attributes(&e);
                row = attr(&a, "r").and_then(|r| r.parse::<usize>().ok()).map_or(row + 1, |r| r);
                col = 0;
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "c" => {
                let a = attributes(&e);
                let at = attr(&a, "r").and_then(parse_ref).unwrap_or((row.saturating_sub(1), col));
                col = at.1 + 1;
                if let Some(s) = found.get_mut(&at) {
                    *s = attr(&a, "s").and_then(|s| s.parse().ok()).unwrap_or(0);
                }
            }
            Ok(Event::Eof) => return Ok(found),
            Err(e) => return Err(PatchError::Damaged(part.to_owned(), e.to_string())),
            _ => {}
        }
    }
}

/// The new cell format of each (old cell format, requirement?) pair.
type Restyle = BTreeMap<(usize, bool), usize>;

/// Adds two fills (a requirement's, a recommendation's) and, for each style index a marked cell
/// uses, a copy of that cell format with the fill. Returns the styles and, per (old index,
/// requirement?), the new index.
fn add_fills(styles: &str, part: &str, used: &BTreeMap<(usize, usize), usize>) -> Result<(String, Restyle)> {
    let damaged = |e: &dyn std::fmt::Display| PatchError::Damaged(part.to_owned(), e.to_string());
    // First pass: how many fills and cell formats there are, and each cell format's XML.
    let mut reader = Reader::from_str(styles);
    let (mut fills, mut in_fills, mut in_xfs, mut depth) = (0usize, false, false, 0usize);
    let mut xfs: Vec<String> = Vec::new();
    let mut current: Option<Writer<Vec<u8>>> = None;
    loop {
        let event = reader.read_event().map_err(|e| damaged(&e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "fills" => in_fills = true,
            Event::End(e) if e.local_name().as_ref() == "fills" => in_fills = false,
            Event::Start(e) | Event::Empty(e) if in_fills && e.local_name().as_ref() == "fill" => fills += 1,
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        if in_xfs {
            match &event {
                Event::Start(e) if depth == 0 && e.local_name().as_ref() == "xf" => {
                    current = Some(Writer::new(Vec::new()));
                    depth = 1;
                }
                Event::Empty(e) if depth == 0 && e.local_name().as_ref() == "xf" => {
                    let mut w = Writer::new(Vec::new());
                    w.write_event(event.borrow()).map_err(|e| damaged(&e))?;
                    xfs.push(String::from_utf8_lossy(&w.into_inner()).into_owned());
                    continue;
                }
                Event::Start(_) if depth > 0 => depth += 1,
                Event::End(_) if depth > 0 => depth -= 1,
                _ => {}
            }
            if let Some(w) = current.as_mut() {
                w.write_event(event.borrow()).map_err(|e| damaged(&e))?;
                if depth == 0 {
                    xfs.push(
                        String::from_utf8_lossy(&current.take().map(Writer::into_inner).unwrap_or_default())
                            .into_owned(),
                    );
                }
            }
        }
    }
    if fills == 0 || xfs.is_empty() {
        return Err(damaged(&"no fills or cell formats"));
    }
    let mut wanted: BTreeSet<(usize, bool)> = BTreeSet::new();
    for ((_, _), s) in used {
        wanted.insert((*s, false));
        wanted.insert((*s, true));
    }
    let mut restyle = BTreeMap::new();
    let mut new_xfs = String::new();
    for (k, (old, shall)) in wanted.iter().enumerate() {
        let source = xfs.get(*old).or(xfs.first()).cloned().unwrap_or_default();
        new_xfs.push_str(&with_fill(&source, fills + usize::from(*shall)));
        restyle.insert((*old, *shall), xfs.len() + k);
    }
    let new_fills = format!(
        "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{:06X}\"/><bgColor indexed=\"64\"/></patternFill></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{:06X}\"/><bgColor indexed=\"64\"/></patternFill></fill>",
        super::list::SHOULD_FILL,
        super::list::SHALL_FILL
    );
    // Second pass: write everything back, the new fills and formats at the end of their lists.
    let mut reader = Reader::from_str(styles);
    let mut out = Writer::new(Vec::new());
    loop {
        let event = reader.read_event().map_err(|e| damaged(&e))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == "fills" => {
                out.write_event(Event::Start(with_count(e, fills + 2))).map_err(|e| damaged(&e))?;
                continue;
            }
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => {
                out.write_event(Event::Start(with_count(e, xfs.len() + wanted.len()))).map_err(|e| damaged(&e))?;
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == "fills" => {
                out.get_mut().extend_from_slice(new_fills.as_bytes());
            }
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => {
                out.get_mut().extend_from_slice(new_xfs.as_bytes());
            }
            _ => {}
        }
        out.write_event(event).map_err(|e| damaged(&e))?;
    }
    Ok((String::from_utf8_lossy(&out.into_inner()).into_owned(), restyle))
}

/// An element with its `count` attribute set.
fn with_count<'a>(e: &BytesStart<'a>, count: usize) -> BytesStart<'a> {
    let mut n = e.clone();
    n.clear_attributes();
    let count_text = count.to_string();
    let mut had = false;
    for a in e.attributes().flatten() {
        if a.key.as_ref() == "count" {
            n.push_attribute(("count", count_text.as_str()));
            had = true;
        } else {
            n.push_attribute(a);
        }
    }
    if !had {
        n.push_attribute(("count", count_text.as_str()));
    }
    n
}

/// A cell format (`<xf …>…</xf>`) with its fill replaced and applied; the rest as it was.
fn with_fill(xf: &str, fill: usize) -> String {
    let mut reader = Reader::from_str(xf);
    let (first, empty) = match reader.read_event() {
        Ok(Event::Start(e)) => (e, false),
        Ok(Event::Empty(e)) => (e, true),
        _ => return xf.to_owned(),
    };
    let end = (reader.buffer_position() as usize).min(xf.len());
    let mut n = first.clone();
    n.clear_attributes();
    for a in first.attributes().flatten() {
        if !matches!(a.key.as_ref(), "fillId" | "applyFill") {
            n.push_attribute(a);
        }
    }
    n.push_attribute(("fillId", fill.to_string().as_str()));
    n.push_attribute(("applyFill", "1"));
    let mut out = Writer::new(Vec::new());
    let _ = out.write_event(if empty { Event::Empty(n) } else { Event::Start(n) });
    format!("{}{}", String::from_utf8_lossy(&out.into_inner()), &xf[end..])
}

/// The sheet with the marked cells' style indexes set, cells that did not exist added, and the
/// reference to the comments' drawing.
fn mark_cells(
    sheet: &str,
    part: &str,
    wanted: &BTreeMap<(usize, usize), &Mark>,
    restyle: &Restyle,
    vml_id: &str,
) -> Result<String> {
    let damaged = |e: &dyn std::fmt::Display| PatchError::Damaged(part.to_owned(), e.to_string());
    let mut reader = Reader::from_str(sheet);
    let mut out = Writer::new(Vec::new());
    // The marks not yet written, by row.
    let mut pending: BTreeMap<usize, BTreeMap<usize, &Mark>> = BTreeMap::new();
    for ((r, c), m) in wanted {
        pending.entry(*r).or_default().insert(*c, m);
    }
    let style_of = |old: usize, m: &Mark| restyle.get(&(old, m.shall)).copied().unwrap_or(old);
    let mut prefix = String::new();
    let (mut row, mut col, mut depth) = (0usize, 0usize, 0usize);
    let mut row_marks: BTreeMap<usize, &Mark> = BTreeMap::new();
    let mut drawn = false;
    let w = |out: &mut Writer<Vec<u8>>, e: Event| out.write_event(e).map_err(|e| damaged(&e));
    loop {
        let event = reader.read_event().map_err(|e| damaged(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => break,
            Event::Start(e) if depth == 0 => {
                let name = e.name().as_ref().to_owned();
                prefix = name.rsplit_once(':').map(|(p, _)| format!("{p}:")).unwrap_or_default();
                depth += 1;
                w(&mut out, Event::Start(e))?;
            }
            Event::Start(e) if depth == 1 && is_after_drawing(e.local_name().as_ref()) && !drawn => {
                write_drawing(&mut out, &prefix, vml_id);
                drawn = true;
                depth += 1;
                w(&mut out, Event::Start(e))?;
            }
            Event::Empty(e) if depth == 1 && is_after_drawing(e.local_name().as_ref()) && !drawn => {
                write_drawing(&mut out, &prefix, vml_id);
                drawn = true;
                w(&mut out, Event::Empty(e))?;
            }
            Event::End(e) if depth == 1 => {
                if !drawn {
                    write_drawing(&mut out, &prefix, vml_id);
                    drawn = true;
                }
                depth -= 1;
                w(&mut out, Event::End(e))?;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let a = attributes(&e);
                row = attr(&a, "r").and_then(|r| r.parse::<usize>().ok()).map_or(row + 1, |r| r);
                col = 0;
                // Rows with marks that come before this one and do not exist: add them.
                let before: Vec<usize> = pending.range(..row.saturating_sub(1)).map(|(r, _)| *r).collect();
                for r in before {
                    if let Some(cells) = pending.remove(&r) {
                        write_row(&mut out, &prefix, r, &cells, &style_of);
                    }
                }
                row_marks = pending.remove(&row.saturating_sub(1)).unwrap_or_default();
                if empty && !row_marks.is_empty() {
                    // A row written as <row/> gains the cells: open it, add them, close it.
                    w(&mut out, Event::Start(e.clone()))?;
                    for (c, m) in std::mem::take(&mut row_marks) {
                        write_cell(&mut out, &prefix, row.saturating_sub(1), c, style_of(0, m));
                    }
                    out.get_mut().extend_from_slice(format!("</{}>", e.name().as_ref() as &str).as_bytes());
                } else if empty {
                    w(&mut out, Event::Empty(e))?;
                } else {
                    depth += 1;
                    w(&mut out, Event::Start(e))?;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                for (c, m) in std::mem::take(&mut row_marks) {
                    write_cell(&mut out, &prefix, row.saturating_sub(1), c, style_of(0, m));
                }
                depth -= 1;
                w(&mut out, Event::End(e))?;
            }
            Event::End(e) if e.local_name().as_ref() == "sheetData" => {
                for (r, cells) in std::mem::take(&mut pending) {
                    write_row(&mut out, &prefix, r, &cells, &style_of);
                }
                depth -= 1;
                w(&mut out, Event::End(e))?;
            }
            Event::Empty(e) if e.local_name().as_ref() == "sheetData" => {
                let name = e.name().as_ref().to_owned();
                w(&mut out, Event::Start(e))?;
                for (r, cells) in std::mem::take(&mut pending) {
                    write_row(&mut out, &prefix, r, &cells, &style_of);
                }
                out.get_mut().extend_from_slice(format!("</{name}>").as_bytes());
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                let a = attributes(&e);
                let at = attr(&a, "r").and_then(parse_ref).unwrap_or((row.saturating_sub(1), col));
                // Marked cells left of this one that do not exist come first.
                let left: Vec<usize> = row_marks.range(..at.1).map(|(c, _)| *c).collect();
                for c in left {
                    if let Some(m) = row_marks.remove(&c) {
                        write_cell(&mut out, &prefix, at.0, c, style_of(0, m));
                    }
                }
                col = at.1 + 1;
                let e = match row_marks.remove(&at.1) {
                    Some(m) => {
                        let old = attr(&a, "s").and_then(|s| s.parse().ok()).unwrap_or(0);
                        let mut n = e.clone();
                        n.clear_attributes();
                        for x in e.attributes().flatten() {
                            if x.key.as_ref() != "s" {
                                n.push_attribute(x);
                            }
                        }
                        n.push_attribute(("s", style_of(old, m).to_string().as_str()));
                        n
                    }
                    None => e,
                };
                if !empty {
                    depth += 1;
                }
                w(&mut out, if empty { Event::Empty(e) } else { Event::Start(e) })?;
            }
            Event::Start(e) => {
                depth += 1;
                w(&mut out, Event::Start(e))?;
            }
            Event::End(e) => {
                depth -= 1;
                w(&mut out, Event::End(e))?;
            }
            other => w(&mut out, other)?,
        }
    }
    Ok(String::from_utf8_lossy(&out.into_inner()).into_owned())
}

/// The sheet elements that come after `legacyDrawing` in the schema's order.
fn is_after_drawing(local: &str) -> bool {
    matches!(
        local,
        "legacyDrawingHF"
            | "drawingHF"
            | "picture"
            | "oleObjects"
            | "controls"
            | "webPublishItems"
            | "tableParts"
            | "extLst"
    )
}

fn write_drawing(out: &mut Writer<Vec<u8>>, prefix: &str, id: &str) {
    let text = format!("<{prefix}legacyDrawing xmlns:r=\"{REL_NS}\" r:id=\"{}\"/>", xml(id));
    out.get_mut().extend_from_slice(text.as_bytes());
}

fn write_cell(out: &mut Writer<Vec<u8>>, prefix: &str, row: usize, col: usize, style: usize) {
    out.get_mut().extend_from_slice(format!("<{prefix}c r=\"{}\" s=\"{style}\"/>", cell_ref(row, col)).as_bytes());
}

fn write_row(
    out: &mut Writer<Vec<u8>>,
    prefix: &str,
    row: usize,
    cells: &BTreeMap<usize, &Mark>,
    style_of: &dyn Fn(usize, &Mark) -> usize,
) {
    out.get_mut().extend_from_slice(format!("<{prefix}row r=\"{}\">", row + 1).as_bytes());
    for (c, m) in cells {
        write_cell(out, prefix, row, *c, style_of(0, m));
    }
    out.get_mut().extend_from_slice(format!("</{prefix}row>").as_bytes());
}

/// The first number N for which neither `xl/commentsN.xml` nor `xl/drawings/vmlDrawingN.vml` exists.
fn free_number(names: &[String]) -> usize {
    (1..)
        .find(|n| {
            !names.contains(&format!("xl/comments{n}.xml"))
                && !names.contains(&format!("xl/drawings/vmlDrawing{n}.vml"))
        })
        .unwrap_or(1)
}

/// The sheet's relationships with the comments and their drawing added; returns the drawing's id.
fn add_relationships(existing: Option<&str>, comments: &str, vml: &str, part: &str) -> Result<(String, String)> {
    let taken: BTreeSet<String> = match existing {
        Some(text) => {
            elements(text, part, "Relationship")?.iter().filter_map(|a| attr(a, "Id").map(str::to_owned)).collect()
        }
        None => BTreeSet::new(),
    };
    let mut ids = (1..).map(|n| format!("rIdIpps{n}")).filter(|id| !taken.contains(id));
    let (comments_id, vml_id) = (ids.next().unwrap_or_default(), ids.next().unwrap_or_default());
    let added = format!(
        "<Relationship Id=\"{comments_id}\" Type=\"{REL_COMMENTS}\" Target=\"/{comments}\"/><Relationship Id=\"{vml_id}\" Type=\"{REL_VML}\" Target=\"/{vml}\"/>"
    );
    let text = match existing {
        Some(text) => match text.rfind("</") {
            Some(end) => format!("{}{added}{}", &text[..end], &text[end..]),
            None => return Err(PatchError::Damaged(part.to_owned(), "no closing tag".into())),
        },
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{added}</Relationships>"
        ),
    };
    Ok((text, vml_id))
}

/// Content types with the VML drawing's extension and the comments part declared.
fn add_types(types: &str, comments: &str) -> String {
    let mut added = String::new();
    if !types.contains("Extension=\"vml\"") {
        added.push_str(
            "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>",
        );
    }
    added.push_str(&format!(
        "<Override PartName=\"/{comments}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"
    ));
    match types.rfind("</") {
        Some(end) => format!("{}{added}{}", &types[..end], &types[end..]),
        None => types.to_owned(),
    }
}

fn comments_xml(marks: &[Mark]) -> String {
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author>ipps-check</author></authors><commentList>",
    );
    for m in marks {
        o.push_str(&format!(
            "<comment ref=\"{}\" authorId=\"0\"><text><r><rPr><b/><sz val=\"9\"/><rFont val=\"Tahoma\"/><family val=\"2\"/></rPr><t>ipps-check:</t></r><r><rPr><sz val=\"9\"/><rFont val=\"Tahoma\"/><family val=\"2\"/></rPr><t xml:space=\"preserve\">\n{}</t></r></text></comment>",
            cell_ref(m.row, m.col),
            xml(&m.note)
        ));
    }
    o.push_str("</commentList></comments>");
    o
}

/// The drawing Excel and WPS need to show the comments: one hidden note shape per marked cell.
fn vml_xml(marks: &[Mark], n: usize) -> String {
    let mut o = format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{n}\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>"
    );
    for (k, m) in marks.iter().enumerate() {
        let (w, h) = super::list::note_size(&m.note);
        o.push_str(&format!(
            "<v:shape id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:{}pt;height:{}pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{}</x:Row><x:Column>{}</x:Column></x:ClientData></v:shape>",
            1024 * n + 1 + k,
            w * 3 / 4,
            h * 3 / 4,
            k + 1,
            m.col + 1,
            m.row,
            m.col + 4,
            // Rows of the default 20 pixels, as many as the text needs.
            m.row + (h as usize).div_ceil(20),
            m.row,
            m.col
        ));
    }
    o.push_str("</xml>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_targets() {
        assert_eq!(parse_ref("B4"), Some((3, 1)));
        assert_eq!(parse_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref(9, 26), "AA10");
        assert_eq!(resolve("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/workbook.xml", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets/sheet1.xml", "../comments1.xml"), "xl/comments1.xml");
        assert_eq!(rels_of("xl/worksheets/sheet1.xml"), "xl/worksheets/_rels/sheet1.xml.rels");
    }

    #[test]
    fn a_cell_format_gets_the_fill() {
        assert_eq!(
            with_fill("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>", 2),
            "<xf numFmtId=\"0\" fontId=\"0\" borderId=\"0\" fillId=\"2\" applyFill=\"1\"/>"
        );
        assert_eq!(
            with_fill("<xf numFmtId=\"0\" fillId=\"0\"><alignment wrapText=\"1\"/></xf>", 3),
            "<xf numFmtId=\"0\" fillId=\"3\" applyFill=\"1\"><alignment wrapText=\"1\"/></xf>"
        );
    }
}
