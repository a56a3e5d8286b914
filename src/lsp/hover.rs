//! Hover on a field: its value, the clauses that read it (from the compiled plan) with their
//! result in the last check, and the current value of every parameter those clauses use.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use serde_json::Value;

use super::position::{Encoding, Lines};
use super::readers::Reads;
use super::workspace::Settings;
use crate::assessment::Assessment;
use crate::pack::{Param, Rule, params};
use crate::platform::field;
use crate::pointer::Pointer;
use crate::report::labels::{self, t};
use crate::source::LineCol;
use crate::text::Lang;
use crate::values::{describe, plain};
use crate::yaml::{self, Limits, SourceMap};

/// Most clauses listed in each group; the rest are counted.
const MAX_LISTED: usize = 12;

/// The hover at a position of a platform file, when a field is there and the text parses.
pub fn hover(
    text: &str,
    position: Position,
    encoding: Encoding,
    settings: &Settings,
    assessment: Option<&Assessment>,
) -> Option<Hover> {
    let lines = Lines::new(text);
    let cursor = lines.line_col(lines.offset(position, encoding));
    let (document, map) = yaml::to_json(yaml::parse_platform(text, &Limits::default()).ok()?);
    let (pointer, at) = node_at(&map, cursor)?;
    let lang = settings.lang;
    let pack = &settings.checker.pack;
    let value = Pointer::parse(&pointer).and_then(|p| p.get(&document).cloned()).unwrap_or(Value::Null);
    let mut out = format!("**`{}`**", field(&pointer));
    if !value.is_object() && !value.is_array() {
        out.push_str(&format!(" = `{}`", describe(&value).replace('`', "'")));
    }
    out.push_str("\n\n");
    let readers = settings.readers.of(&pointer);
    let status = |rule: &Rule| {
        let c = assessment?.clauses.iter().find(|c| c.id == rule.id)?;
        Some(c.status.label().get(lang).to_owned())
    };
    for (how, zh, en) in [
        (Reads::Node, "读取此字段的条款", "Clauses that read it"),
        (Reads::Inside, "读取其中字段的条款", "Clauses that read fields inside it"),
    ] {
        let rules: Vec<&Rule> = readers.iter().filter(|(_, h)| *h == how).map(|(i, _)| &pack.rules[*i]).collect();
        if rules.is_empty() {
            continue;
        }
        let count = rules.len();
        out.push_str(&match lang {
            Lang::Zh => format!("{zh}（{count}）：\n"),
            Lang::En => format!("{en} ({count}):\n"),
        });
        for rule in rules.iter().take(MAX_LISTED) {
            let result = status(rule).map(|s| format!(" — {s}")).unwrap_or_default();
            out.push_str(&format!(
                "- `{}` {} {}{result}\n",
                rule.id,
                labels::level(rule.level, lang),
                rule.title.get(lang)
            ));
        }
        if rules.len() > MAX_LISTED {
            let more = rules.len() - MAX_LISTED;
            out.push_str(&match lang {
                Lang::Zh => format!("- ……另有 {more} 条\n"),
                Lang::En => format!("- … and {more} more\n"),
            });
        }
        out.push('\n');
    }
    if readers.is_empty() {
        out.push_str(t(lang, "没有条款读取此字段。\n\n", "No clause reads this field.\n\n"));
    }
    let mut names: Vec<String> = Vec::new();
    for (i, _) in &readers {
        for name in referenced(&pack.rules[*i]) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if !names.is_empty() {
        out.push_str(t(lang, "参数（当前值）：\n", "Parameters (current values):\n"));
        for name in &names {
            let Some(param) = pack.manifest.params.get(name) else { continue };
            out.push_str(&format!(
                "- `{name}` {} — {}\n",
                current(param, &document, lang),
                param.description.get(lang)
            ));
        }
    }
    let range = lines.token(at, encoding);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: out.trim_end().to_owned() }),
        range: Some(range),
    })
}

/// The node under the cursor: of the keys and values that start on its line at or before it, the
/// nearest; of nodes starting at the same place (a list item and its first key), the deepest. In
/// the indentation before the line's first node, that node.
fn node_at(map: &SourceMap, cursor: LineCol) -> Option<(String, LineCol)> {
    let on_line: Vec<(&str, LineCol)> = map
        .iter()
        .flat_map(|(pointer, span)| span.key.into_iter().chain([span.value]).map(move |at| (pointer, at)))
        .filter(|(pointer, at)| !pointer.is_empty() && at.line == cursor.line)
        .collect();
    let before = on_line
        .iter()
        .filter(|(_, at)| at.column <= cursor.column)
        .max_by_key(|(pointer, at)| (at.column, pointer.len()));
    let first = || on_line.iter().min_by_key(|(pointer, at)| (at.column, std::cmp::Reverse(pointer.len())));
    before.or_else(first).map(|(pointer, at)| ((*pointer).to_owned(), *at))
}

/// The parameters a rule's check and applicability use.
fn referenced(rule: &Rule) -> Vec<String> {
    let mut names = Vec::new();
    for part in [serde_json::to_value(&rule.check), serde_json::to_value(&rule.applies_when)].into_iter().flatten() {
        params::referenced(&part, &mut names);
    }
    names
}

/// A parameter's value for this platform: a keyed one by the field that chooses it.
fn current(param: &Param, document: &Value, lang: Lang) -> String {
    let unit = param.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let Some(keyed) = params::keyed(param) else {
        return format!("= {}{unit}", plain(&param.value));
    };
    let chosen_by = Pointer::parse(keyed.by).and_then(|p| p.get(document).cloned());
    let key = chosen_by.as_ref().map(plain);
    let value =
        key.as_ref().and_then(|k| keyed.cases.iter().find(|(case, _)| case == k).map(|(_, v)| *v)).or(keyed.default);
    let by = field(keyed.by);
    let key = key.unwrap_or_else(|| t(lang, "未填", "not set").to_owned());
    match (value, lang) {
        (Some(v), Lang::Zh) => format!("= {}{unit}（按 `{by}` = {key}）", plain(v)),
        (Some(v), Lang::En) => format!("= {}{unit} (by `{by}` = {key})", plain(v)),
        (None, Lang::Zh) => format!("不适用（按 `{by}` = {key}）"),
        (None, Lang::En) => format!("not applicable (by `{by}` = {key})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: usize, column: usize) -> Option<String> {
        let map = yaml::to_json(yaml::parse(text, &Limits::default()).unwrap()).1;
        node_at(&map, LineCol { line, column }).map(|(p, _)| p)
    }

    #[test]
    fn the_node_under_the_cursor_is_the_nearest_before_it_and_the_deepest() {
        let text = "staffing:\n  full_time: 3\nitems:\n  - {name: 𠮷, code: x}\n";
        assert_eq!(at(text, 2, 1).as_deref(), Some("/staffing/full_time"), "in the indentation");
        assert_eq!(at(text, 2, 5).as_deref(), Some("/staffing/full_time"));
        assert_eq!(at(text, 2, 14).as_deref(), Some("/staffing/full_time"));
        assert_eq!(at(text, 4, 6).as_deref(), Some("/items/0/name"), "the item and its first key start together");
        assert_eq!(at(text, 4, 16).as_deref(), Some("/items/0/code"));
        assert_eq!(at(text, 1, 3).as_deref(), Some("/staffing"));
        assert_eq!(at(text, 9, 1), None);
    }
}
