//! Code actions: a gap in a section the file does not have is fixed by inserting that section,
//! comments and all, from the template `ipps-check init` writes.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, Uri, WorkspaceEdit};
use serde_json::Value;

use super::position::{Encoding, Lines};
use crate::text::Lang;

/// The template `ipps-check init` prints.
const TEMPLATE: &str = include_str!("../init_template.yaml");

/// The template's section for a top-level key: from its `# ── key ──` heading to the blank line
/// before the next heading.
pub fn template_section(key: &str) -> Option<&'static str> {
    let heading = format!("# ── {key} ──");
    let start = TEMPLATE.find(&heading)?;
    let rest = &TEMPLATE[start..];
    let end = rest.find("\n\n").map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

/// The top-level section a pointer belongs to, when the document lacks it and the template has it.
pub fn missing_section(pointer: &str, document: &Value) -> Option<String> {
    let key = crate::pointer::unescape_token(pointer.split('/').nth(1)?);
    (document.get(&key).is_none() && template_section(&key).is_some()).then_some(key)
}

/// The quick fixes for the diagnostics the editor sends back: one per missing section named in
/// their data, inserting it at the end of the file.
pub fn quick_fixes(
    uri: &Uri,
    text: &str,
    diagnostics: &[Diagnostic],
    encoding: Encoding,
    lang: Lang,
) -> Vec<CodeAction> {
    let mut actions: Vec<CodeAction> = Vec::new();
    for d in diagnostics {
        let Some(section) = d.data.as_ref().and_then(|v| v.get("section")).and_then(Value::as_str) else { continue };
        let Some(block) = template_section(section) else { continue };
        if let Some(existing) = actions.iter_mut().find(|a| a.title.contains(&format!("`{section}`"))) {
            existing.diagnostics.get_or_insert_with(Vec::new).push(d.clone());
            continue;
        }
        let end = Lines::new(text).position(text.len(), encoding);
        // One blank line between the file's last line and the section.
        let lead = match (text.is_empty(), text.ends_with("\n\n"), text.ends_with('\n')) {
            (true, _, _) | (_, true, _) => "",
            (_, _, true) => "\n",
            _ => "\n\n",
        };
        let edit = TextEdit { range: Range::new(end, end), new_text: format!("{lead}{block}") };
        let title = match lang {
            Lang::Zh => format!("从模板插入 `{section}` 部分"),
            Lang::En => format!("Insert the `{section}` section from the template"),
        };
        actions.push(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        });
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;
    use serde_json::json;
    use std::str::FromStr;

    #[test]
    fn every_top_level_key_of_the_template_has_a_section() {
        for line in TEMPLATE.lines().filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase())) {
            let key = line.split(':').next().unwrap();
            if key == "format_version" {
                continue;
            }
            let block = template_section(key).unwrap_or_else(|| panic!("no section for {key}"));
            assert!(block.contains(&format!("\n{key}:")), "{key}: {block}");
            assert!(block.ends_with('\n') && !block.ends_with("\n\n"), "{key}: {block:?}");
        }
    }

    #[test]
    fn a_missing_section_is_inserted_after_one_blank_line() {
        let doc = json!({"platform": {"name": "x"}});
        assert_eq!(missing_section("/facilities/sites/0", &doc), Some("facilities".into()));
        assert_eq!(missing_section("/platform/url", &doc), None);
        assert_eq!(missing_section("/no_such_section/x", &doc), None);
        let uri = Uri::from_str("file:///w/p.yaml").unwrap();
        let diagnostic = Diagnostic { data: Some(json!({"section": "facilities"})), ..Diagnostic::default() };
        let text = "platform:\n  name: 𠮷\n";
        let actions = quick_fixes(&uri, text, &[diagnostic.clone(), diagnostic], Encoding::Utf16, Lang::En);
        assert_eq!(actions.len(), 1, "one action per section");
        assert_eq!(actions[0].diagnostics.as_ref().map(Vec::len), Some(2));
        let edit = &actions[0].edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri][0];
        assert_eq!(edit.range.start, Position::new(2, 0));
        assert!(edit.new_text.starts_with("\n# ── facilities ──"), "{}", edit.new_text);
    }
}
