//! Rows → service items: groups the rows of one item, reads each cell with its parser, and records what
//! could not be read as a warning with its cell reference.

use std::collections::HashMap;

use super::cells::{channels, contacts, dates, fee, forms, labels, lists, text, time_limit};
use super::header::{Column, Header};
use super::mapping::{Field, Mapping, Meaning};
use super::sheet::{Sheet, Value};
use super::{Imported, Stats, Warning};
use crate::model::{Date, Duration, ImplementingBody, ItemChannel, ItemType, ServiceItem, TimeLimit, Url, Uscc};

/// The pattern of `model::Uscc`: 18 characters of GB 32100's alphabet.
static USCC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$").expect("valid regex")
});

/// The item's implementing body, made when the first of its columns is read.
fn body(item: &mut ServiceItem) -> &mut ImplementingBody {
    item.implementing_body.get_or_insert(ImplementingBody { name: None, uscc: None })
}

/// A cell's text with where it came from.
struct CellText {
    text: String,
    at: String,
}

/// A list's title (the first text above its header, "银川市知识产权公共服务清单(2023年)") and its cell.
pub type Title = (String, String);

/// Builds the items of a sheet below its header, with the list's title when it has one.
pub fn build(
    file: &str,
    sheet: &Sheet,
    header: &Header,
    _mapping: &Mapping,
) -> (Vec<Imported>, Vec<Warning>, Stats, Option<Title>) {
    let mut b = Builder { file, sheet, warnings: Vec::new(), stats: Stats::default() };
    let groups = b.groups(header);
    let mut items: Vec<Imported> = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for rows in groups {
        if let Some(imported) = b.item(header, &rows) {
            let at = b.place(rows[0], header.name_column().map_or(0, |c| c.index));
            if let Some(first) = names.get(&imported.item.name) {
                b.warn(
                    &at,
                    None,
                    format!("a second item named “{}” (the first is at {first}); both are kept", imported.item.name),
                );
            } else {
                names.insert(imported.item.name.clone(), at);
            }
            items.push(imported);
        }
    }
    for c in &header.columns {
        if c.meaning == Meaning::Unknown {
            let at = b.place(header.row, c.index);
            b.warn(&at, Some(&c.title), "no field of the format matches this header: its cells are kept as comments above each item (map it with --map)".into());
        }
    }
    if sheet.clipped_columns {
        b.warn(&format!("{file}{}", b.sheet_prefix()), None, "cells right of column IV (256) were left out".into());
    }
    b.stats.items = items.len();
    let title = b.title(header);
    (items, b.warnings, b.stats, title)
}

/// Fills what the list states for every item rather than per row: the type of the items whose row
/// states none (the `--type` given, else what the list's title says: …公共服务清单 → public), and the
/// category of items without one that their name states by its head (…等咨询 → 咨询). Returns notes
/// saying what was done.
pub fn fill_from_list(items: &mut [Imported], title: Option<&Title>, given: Option<ItemType>) -> Vec<String> {
    let mut notes = Vec::new();
    let untyped = items.iter().filter(|i| i.item.kind.is_none()).count();
    let kind = match (given, title) {
        (Some(k), _) => Some((k, "--type".to_owned())),
        (None, Some((text, at))) => {
            labels::list_type(text).map(|k| (k, format!("the list's title “{}” ({at})", text::excerpt(text))))
        }
        (None, None) => None,
    };
    if let (Some((kind, why)), true) = (kind, untyped > 0) {
        let word = match kind {
            ItemType::Public => "public",
            ItemType::ValueAdded => "value_added",
        };
        for i in items.iter_mut().filter(|i| i.item.kind.is_none()) {
            i.item.kind = Some(kind.clone());
        }
        notes.push(format!(
            "type: {word} for the {untyped} items whose row states no type, from {why}; give --type to say otherwise"
        ));
    }
    let mut named = Vec::new();
    for i in items.iter_mut().filter(|i| i.item.category.is_none()) {
        if let Some(c) = labels::category_from_name(&i.item.name) {
            named.push(format!("“{}” → {c:?}", text::excerpt(&i.item.name)));
            i.item.category = Some(c);
        }
    }
    if !named.is_empty() {
        notes.push(format!("category from the end of the item's name, the row stating none: {}", named.join("; ")));
    }
    notes
}

struct Builder<'a> {
    file: &'a str,
    sheet: &'a Sheet,
    warnings: Vec<Warning>,
    stats: Stats,
}

/// Column letters of a 0-based index: 0 → A, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

impl Builder<'_> {
    /// The first text above the header: the list's title.
    fn title(&self, header: &Header) -> Option<Title> {
        (0..header.row).find_map(|row| {
            let (col, t) = self.sheet.rows.get(row)?.iter().enumerate().find_map(|(c, v)| match v {
                Value::Text(t) if !t.trim().is_empty() => Some((c, text::clean(t))),
                _ => None,
            })?;
            Some((t, self.place(row, col)))
        })
    }

    fn sheet_prefix(&self) -> String {
        self.sheet.name.as_ref().map_or(":".to_owned(), |n| format!(":{n}!"))
    }

    fn place(&self, row: usize, col: usize) -> String {
        format!("{}{}{}{}", self.file, self.sheet_prefix(), column_letters(col), row + 1)
    }

    fn warn(&mut self, at: &str, column: Option<&str>, message: String) {
        self.warnings.push(Warning { at: at.to_owned(), column: column.map(str::to_owned), message });
    }

    fn row_is_empty(&self, row: usize, header: &Header) -> bool {
        header.columns.iter().all(|c| matches!(self.sheet.get(row, c.index), Value::Empty))
    }

    /// Rows that make one item: a row, plus the rows below whose name is merged with it or left blank.
    fn groups(&mut self, header: &Header) -> Vec<Vec<usize>> {
        let Some(name) = header.name_column().map(|c| c.index) else { return Vec::new() };
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for row in header.first_data_row..self.sheet.rows.len() {
            if self.row_is_empty(row, header) {
                continue;
            }
            self.stats.rows += 1;
            let merged_above = self
                .sheet
                .merged_from
                .get(&(row, name))
                .is_some_and(|(r0, _)| *r0 < row && *r0 >= header.first_data_row);
            let blank_name = matches!(self.sheet.get(row, name), Value::Empty);
            match (merged_above, blank_name, groups.last_mut()) {
                (true, _, Some(last)) => last.push(row),
                (false, true, Some(last)) => {
                    let at = self.place(row, name);
                    let above = self.place(last[0], name);
                    self.warn(
                        &at,
                        None,
                        format!("the row has no item name; its cells were added to the item above ({above})"),
                    );
                    last.push(row);
                }
                (false, true, None) => {
                    let at = self.place(row, name);
                    self.warn(&at, None, "the row has no item name and no item above it; skipped".into());
                }
                _ => groups.push(vec![row]),
            }
        }
        groups
    }

    /// The distinct texts of a column over an item's rows (a merged cell counts once), joined by lines.
    fn column_text(&mut self, rows: &[usize], column: &Column, expect_text: bool) -> Option<CellText> {
        let mut parts: Vec<String> = Vec::new();
        let mut first_at = None;
        for &row in rows {
            let at = self.place(row, column.index);
            if self.sheet.uncomputed.contains(&(row, column.index)) {
                self.warn(&at, Some(&column.title), "a formula without a computed value; open and save the file in a spreadsheet program, or type the value".into());
            }
            let t = match self.sheet.get(row, column.index) {
                Value::Empty => continue,
                Value::Text(s) => text::clean(s),
                Value::Number(n) => {
                    let s = number(*n);
                    if expect_text {
                        self.warn(&at, Some(&column.title), format!("a number where text was expected; kept as “{s}” (a spreadsheet drops leading zeros: check it)"));
                    }
                    s
                }
                Value::Bool(b) => (if *b { "是" } else { "否" }).to_owned(),
                Value::Date(d) => {
                    if expect_text {
                        self.warn(&at, Some(&column.title), format!("a date where text was expected; kept as “{d}”"));
                    }
                    d.clone()
                }
                Value::Error(e) => {
                    self.warn(&at, Some(&column.title), format!("the cell holds the error value {e}; left out"));
                    continue;
                }
            };
            if t.is_empty() || parts.contains(&t) {
                continue;
            }
            first_at.get_or_insert(at);
            parts.push(t);
        }
        let at = first_at?;
        self.stats.cells += 1;
        Some(CellText { text: parts.join("\n"), at })
    }

    fn item(&mut self, header: &Header, rows: &[usize]) -> Option<Imported> {
        let name_col = header.name_column()?.clone();
        let name = self.column_text(rows, &name_col, true)?;
        self.stats.parsed += 1;
        let mut item = blank_item(name.text.clone());
        let mut notes = Vec::new();
        let mut limits: Vec<(Field, String, CellText, usize)> = Vec::new();
        for column in &header.columns {
            let field = match column.meaning {
                Meaning::Field(Field::Name) => continue,
                Meaning::Field(f) => f,
                Meaning::Ignored => continue,
                Meaning::Unknown => {
                    if let Some(c) = self.column_text(rows, column, false) {
                        notes.push(format!("{}: {}", column.title, c.text));
                        self.stats.cells -= 1;
                    }
                    continue;
                }
            };
            let expect_text = !matches!(field, Field::LastReviewed | Field::Code);
            let before = self.warnings.len();
            let Some(cell) = self.column_text(rows, column, expect_text) else { continue };
            match field {
                Field::TimeLimit | Field::TimeLimitStatutory | Field::TimeLimitPromised | Field::TimeLimitAverage => {
                    limits.push((field, column.title.clone(), cell, before));
                    continue;
                }
                _ => self.fill(&mut item, &mut notes, field, column, cell),
            }
            if self.warnings.len() == before {
                self.stats.parsed += 1;
            }
        }
        if !limits.is_empty() {
            item.time_limit = Some(self.time_limit(limits));
        }
        Some(Imported { item, notes, rows: rows.to_vec() })
    }

    fn fill(&mut self, item: &mut ServiceItem, notes: &mut Vec<String>, field: Field, column: &Column, cell: CellText) {
        let title = column.title.as_str();
        let CellText { text, at } = cell;
        match field {
            Field::Name
            | Field::TimeLimit
            | Field::TimeLimitStatutory
            | Field::TimeLimitPromised
            | Field::TimeLimitAverage => {}
            Field::Code => item.code = Some(text),
            Field::Category => match labels::category(&text) {
                Some(c) => item.category = Some(c),
                None => {
                    self.warn(&at, Some(title), format!("“{}” is none of the format's categories (专利, 商标, 地理标志, 集成电路布图设计, 维权援助, 咨询, 信息服务, 其他); kept as a comment", text::excerpt(&text)));
                    notes.push(format!("{title}: {text}"));
                }
            },
            Field::Type => match (labels::item_type(&text), labels::initiated_by(&text)) {
                (kind, initiated) if kind.is_some() || initiated.is_some() => {
                    item.kind = kind.or(item.kind.take());
                    item.initiated_by = initiated.or(item.initiated_by.take());
                }
                _ => {
                    self.warn(
                        &at,
                        Some(title),
                        format!("“{}” says neither 公共服务 nor 增值服务; kept as a comment", text::excerpt(&text)),
                    );
                    notes.push(format!("{title}: {text}"));
                }
            },
            Field::ImplementingBody => {
                body(item).name = Some(text.replace('\n', "；"));
            }
            Field::ImplementingBodyUscc => {
                let code = text.trim().to_uppercase();
                if USCC.is_match(&code) {
                    body(item).uscc = Some(Uscc(code));
                } else {
                    self.warn(
                        &at,
                        Some(title),
                        format!(
                            "“{}” is not a unified social credit code (18 characters, GB 32100); kept as a comment",
                            text::excerpt(&text)
                        ),
                    );
                    notes.push(format!("{title}: {text}"));
                }
            }
            Field::Basis => item.basis = Some(lists::split(&text)),
            Field::Conditions => item.conditions = Some(text),
            Field::Materials => {
                let t = text.trim().trim_end_matches('。');
                if t == "无"
                    || t.starts_with("无需")
                    || t.starts_with("无须")
                    || t.contains("无需提交")
                    || t.contains("不需要提交")
                {
                    item.no_materials = Some(text);
                } else {
                    item.materials = Some(lists::split(&text));
                }
            }
            Field::Process => item.process = Some(text),
            Field::Description => item.description = Some(text),
            Field::Flowchart => {
                let t = text.trim();
                if (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(char::is_whitespace) {
                    item.flowchart = Some(Url(t.to_owned()));
                } else {
                    self.warn(&at, Some(title), "not a web address (http:// or https://); kept as a comment".into());
                    notes.push(format!("{title}: {text}"));
                }
            }
            Field::Channels => {
                let r = channels::read(&text);
                if !r.unknown.is_empty() {
                    let parts: Vec<String> = r.unknown.iter().map(|u| text::excerpt(u)).collect();
                    self.warn(
                        &at,
                        Some(title),
                        format!("no channel recognised in “{}”; the wording is kept as a comment", parts.join("；")),
                    );
                }
                if !r.unknown.is_empty() || r.detailed {
                    notes.push(format!("{title}: {text}"));
                }
                let list = item.channels.get_or_insert_with(Vec::new);
                for c in r.channels {
                    if !list.iter().any(|x| std::mem::discriminant(x) == std::mem::discriminant(&c)) {
                        list.push(c);
                    }
                }
                if list.is_empty() {
                    item.channels = None;
                }
            }
            Field::OnlineHandling | Field::WindowHandling => {
                let (channel, window) = match field {
                    Field::WindowHandling => (ItemChannel::Window, true),
                    _ => (ItemChannel::Online, false),
                };
                let said = labels::yes_no(&text);
                if said != Some(false) {
                    let list = item.channels.get_or_insert_with(Vec::new);
                    if !list.iter().any(|c| std::mem::discriminant(c) == std::mem::discriminant(&channel)) {
                        list.push(channel);
                    }
                }
                if said.is_none() {
                    // More than yes: a window's address is where the item is handled; anything else is kept.
                    if window && item.location.is_none() && !text.contains("http") {
                        item.location = Some(text);
                    } else {
                        notes.push(format!("{title}: {text}"));
                    }
                }
            }
            Field::Location => item.location = Some(text),
            Field::LocationAndContact => {
                // "地址:…(商标业务办理窗口),电话:0760-87866614": the parts with a number are contacts.
                let mut place = Vec::new();
                let mut contacts = Vec::new();
                for part in text::clauses(&text, &['\n', '，', ',', '；', ';']) {
                    let r = contacts::read(part);
                    if r.contacts
                        .iter()
                        .any(|c| matches!(c.kind, crate::model::ContactKind::Phone | crate::model::ContactKind::Email))
                    {
                        contacts.extend(r.contacts);
                    } else {
                        place.push(part.trim_end_matches(['。', '.']).to_owned());
                    }
                }
                if !place.is_empty() && item.location.is_none() {
                    item.location = Some(place.join("，"));
                }
                if !contacts.is_empty() && item.consultation.is_none() {
                    item.consultation = Some(contacts);
                }
            }
            Field::Hours => item.hours = Some(text),
            Field::Fee => {
                let r = fee::read(&text);
                if let Some(problem) = r.problem {
                    self.warn(&at, Some(title), format!("“{}” {problem}; kept as text", text::excerpt(&text)));
                }
                item.fee = Some(r.fee);
            }
            Field::ProgressQuery => item.progress_query = Some(text),
            Field::Result => item.result = Some(text),
            Field::Consultation | Field::Supervision => {
                let r = contacts::read(&text);
                if !r.leftovers.is_empty() {
                    let parts: Vec<String> = r.leftovers.iter().map(|u| text::excerpt(u)).collect();
                    self.warn(
                        &at,
                        Some(title),
                        format!("no phone number, e-mail or web address in “{}”; kept as a comment", parts.join("；")),
                    );
                    notes.push(format!("{title}: {}", r.leftovers.join("；")));
                }
                if !r.contacts.is_empty() {
                    if field == Field::Consultation {
                        item.consultation = Some(r.contacts);
                    } else {
                        item.supervision = Some(r.contacts);
                    }
                }
            }
            Field::Facilitation => item.facilitation = Some(lists::split(&text)),
            Field::QualityGuarantees => item.quality_guarantees = Some(lists::split(&text)),
            Field::Forms => {
                let r = forms::read(&text);
                if !r.leftovers.is_empty() {
                    let parts: Vec<String> = r.leftovers.iter().map(|u| text::excerpt(u)).collect();
                    self.warn(&at, Some(title), format!("“{}” names no form; kept as a comment", parts.join("；")));
                    notes.push(format!("{title}: {}", r.leftovers.join("；")));
                }
                item.no_forms = r.no_forms;
                if !r.forms.is_empty() {
                    item.forms = Some(r.forms);
                }
            }
            Field::Review => match labels::review(&text) {
                Some(r) => item.review = Some(r),
                None => {
                    self.warn(
                        &at,
                        Some(title),
                        format!("“{}” does not say whether 好差评 is open; kept as a comment", text::excerpt(&text)),
                    );
                    notes.push(format!("{title}: {text}"));
                }
            },
            Field::LastReviewed => match dates::read(&text) {
                Some(d) => item.last_reviewed = Some(Date(d)),
                None => {
                    self.warn(
                        &at,
                        Some(title),
                        format!("“{}” is not a date (2024-08-20, 2024年8月); kept as a comment", text::excerpt(&text)),
                    );
                    notes.push(format!("{title}: {text}"));
                }
            },
        }
    }

    /// One time limit from the item's time-limit columns; unlabelled figures take the column's meaning, and
    /// a column that does not say which limit it holds leaves them as text.
    fn time_limit(&mut self, cells: Vec<(Field, String, CellText, usize)>) -> TimeLimit {
        let mut limit = TimeLimit { statutory: None, promised: None, average: None, unlabelled: None, text: None };
        let single = cells.len() == 1;
        let mut texts = Vec::new();
        for (field, title, cell, warned_before) in cells {
            let before = self.warnings.len();
            texts.push(if single { cell.text.clone() } else { format!("{title}：{}", cell.text) });
            let mut r = time_limit::read(&cell.text);
            for why in &r.unreadable {
                self.warn(&cell.at, Some(&title), format!("{why}; kept as text"));
            }
            let column_slot = match field {
                Field::TimeLimitStatutory => Some(time_limit::Slot::Statutory),
                Field::TimeLimitPromised => Some(time_limit::Slot::Promised),
                Field::TimeLimitAverage => Some(time_limit::Slot::Average),
                _ => None,
            };
            let mut found: Vec<(time_limit::Slot, Duration)> = r.labelled;
            let several = r.unlabelled.len() > 1;
            match (column_slot, r.unlabelled.pop()) {
                (_, None) => {}
                _ if several => self.warn(
                    &cell.at,
                    Some(&title),
                    "several figures and none says which limit it is; kept as text".into(),
                ),
                (Some(slot), Some(d)) => found.push((slot, d)),
                // 即办 is the provider's promise (as `migrate` reads version 1's `instant`); a figure the
                // guide gives without saying which limit it is stays unlabelled (clause C.11 notes it).
                (None, Some(d)) if d.instant == Some(true) => found.push((time_limit::Slot::Promised, d)),
                (None, Some(d)) => found.push((time_limit::Slot::Unlabelled, d)),
            }
            if found.is_empty() && r.unreadable.is_empty() && !r.none && self.warnings.len() == before {
                self.warn(
                    &cell.at,
                    Some(&title),
                    format!("no time limit recognised in “{}”; kept as text", text::excerpt(&cell.text)),
                );
            }
            for (slot, d) in found {
                let target = match slot {
                    time_limit::Slot::Statutory => &mut limit.statutory,
                    time_limit::Slot::Promised => &mut limit.promised,
                    time_limit::Slot::Average => &mut limit.average,
                    time_limit::Slot::Unlabelled => &mut limit.unlabelled,
                };
                if target.is_some() {
                    self.warn(
                        &cell.at,
                        Some(&title),
                        "a second figure for the same limit; the first is kept, the wording stays in the text".into(),
                    );
                } else {
                    *target = Some(d);
                }
            }
            // Warnings about the cell itself (a formula, a number) were given when it was read.
            if self.warnings.len() == before && !self.warnings[warned_before..].iter().any(|w| w.at == cell.at) {
                self.stats.parsed += 1;
            }
        }
        limit.text = Some(texts.join("；"));
        limit
    }
}

fn blank_item(name: String) -> ServiceItem {
    ServiceItem {
        name,
        code: None,
        category: None,
        kind: None,
        initiated_by: None,
        implementing_body: None,
        basis: None,
        conditions: None,
        materials: None,
        no_materials: None,
        process: None,
        flowchart: None,
        channels: None,
        channel_restriction: None,
        location: None,
        hours: None,
        time_limit: None,
        fee: None,
        progress_query: None,
        result: None,
        description: None,
        consultation: None,
        supervision: None,
        facilitation: None,
        quality_guarantees: None,
        forms: None,
        no_forms: None,
        review: None,
        last_reviewed: None,
    }
}
