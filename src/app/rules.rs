//! `ipps-check rules`: list, show, lint and test the rules of a pack.

use std::io::Write;

use super::{emit, load_pack};
use crate::assess::Checker;
use crate::cli::{ListFormat, RulesCommand};
use crate::error::Error;
use crate::pack::Pack;
use crate::text::Lang;

pub(super) fn rules(command: RulesCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match command {
        RulesCommand::List { rules, format, lang } => {
            let pack = load_pack(rules.as_deref())?;
            let lang = lang.unwrap_or_else(Lang::from_env);
            let text = match format {
                ListFormat::Json => {
                    let list: Vec<serde_json::Value> = pack
                        .rules
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "id": r.id, "chapter": r.chapter, "level": r.level, "title": r.title,
                                "veto": r.veto, "weight": pack.weight(r), "provenance": r.provenance, "evidence": r.evidence,
                            })
                        })
                        .collect();
                    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
                }
                ListFormat::Text => {
                    let mut table = comfy_table::Table::new();
                    table.load_style(comfy_table::presets::NOTHING);
                    for r in &pack.rules {
                        table.add_row(vec![r.id.as_str(), r.chapter.as_str(), r.level.as_str(), r.title.get(lang)]);
                    }
                    format!("{table}\n{} rules\n", pack.rules.len())
                }
            };
            emit(out, &text)
        }
        RulesCommand::Show { id, rules } => {
            let pack = load_pack(rules.as_deref())?;
            let Some(rule) = pack.rule(&id) else {
                let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
                let hint = crate::error::did_you_mean(&id, &ids).map(|h| format!("; {h}")).unwrap_or_default();
                return Err(Error::Usage(format!("no clause `{id}` in the rule pack{hint}")));
            };
            let mut used = Vec::new();
            crate::pack::params::referenced(&serde_json::to_value(rule).unwrap_or_default(), &mut used);
            used.sort();
            used.dedup();
            let params: serde_json::Map<String, serde_json::Value> = used
                .iter()
                .filter_map(|n| {
                    pack.manifest.params.get(n).map(|p| (n.clone(), serde_json::to_value(p).unwrap_or_default()))
                })
                .collect();
            let origin = pack.origins.get(&id).map(|(f, l)| format!("{f}:{l}")).unwrap_or_default();
            let shown = serde_json::json!({
                "rule": rule, "weight": pack.weight(rule), "params": params, "defined_in": origin,
            });
            emit(out, &(serde_json::to_string_pretty(&shown).unwrap_or_default() + "\n"))
        }
        RulesCommand::Lint { dir } => {
            let pack = Pack::from_dir(&dir)?;
            emit(
                out,
                &format!(
                    "{}: {} rules, {} parameters, no problems\n",
                    dir.display(),
                    pack.rules.len(),
                    pack.manifest.params.len()
                ),
            )
        }
        RulesCommand::Test { rules, only } => {
            let checker = Checker::new(load_pack(rules.as_deref())?);
            let report = crate::ruletest::run(&checker, &only);
            let mut text = String::new();
            for f in &report.failures {
                text.push_str(&format!("{} {}: {}\n", f.rule, f.example, f.problem));
            }
            text.push_str(&format!(
                "{} passed, {} failed\n",
                report.checked - report.failures.len(),
                report.failures.len()
            ));
            emit(out, &text)?;
            Ok(u8::from(!report.failures.is_empty()))
        }
    }
}
