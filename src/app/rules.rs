//! `ipps-check rules`: list, show, lint and test the rules of a pack.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use super::describe::Describer;
use super::{emit, load_pack};
use crate::assess::Checker;
use crate::cli::{ListFormat, RulesCommand};
use crate::config::Config;
use crate::error::{Error, Problem};
use crate::pack::{Pack, Rule};
use crate::platform::field;
use crate::report::labels::t;
use crate::text::Lang;

/// Runs a `rules` command; the config supplies `--rules`, `--lang` and, for `show`, parameter values.
pub(super) fn rules(command: RulesCommand, config: Option<&Config>, out: &mut dyn Write) -> Result<u8, Error> {
    // A rules directory named by the config is checked to lie inside its project before use.
    // `--rules`, else the config's rules directory (checked to lie inside its project), else none:
    // the built-in pack.
    let rules_dir = |rules: Option<std::path::PathBuf>| -> Result<Option<std::path::PathBuf>, Error> {
        match (rules, config) {
            (Some(r), _) => Ok(Some(r)),
            (None, Some(c)) => c.rules_dir(),
            (None, None) => Ok(None),
        }
    };
    let pack_from = |rules| load_pack(rules_dir(rules)?.as_deref());
    match command {
        RulesCommand::List { rules, format, lang } => {
            let pack = pack_from(rules)?;
            let lang = lang.or(config.and_then(|c| c.lang)).unwrap_or_else(Lang::from_env);
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
                    // A pack's text comes from its authors: hidden characters are spelt out.
                    crate::terminal::visible_lines(&format!("{table}\n{} rules\n", pack.rules.len())).into_owned()
                }
            };
            emit(out, &text)
        }
        RulesCommand::Show { id, rules, format, lang } => {
            let lang = lang.or(config.and_then(|c| c.lang)).unwrap_or_else(Lang::from_env);
            show(&id, rules_dir(rules)?.as_deref(), format, lang, config, out)
        }
        RulesCommand::Doc { rules, lang } => {
            let pack = pack_from(rules)?;
            let lang = lang.or(config.and_then(|c| c.lang)).unwrap_or_else(Lang::from_env);
            emit(out, &clause_reference(&pack, lang))
        }
        RulesCommand::Lint { dir } => {
            let pack = Pack::from_dir(&dir)?;
            let stale = stale_wording(&pack);
            if !stale.is_empty() {
                return Err(Error::many(stale));
            }
            // A parameter holding numbers needs a declared range, or `--param` could set it to
            // anything (a negative floor area, a satisfaction of 150 %).
            let unranged: Vec<Problem> = pack
                .manifest
                .params
                .iter()
                .filter(|(_, p)| crate::pack::params::is_numeric(&p.value) && crate::pack::params::range(p).is_none())
                .map(|(name, _)| {
                    let mut p = Problem::plain(
                        format!("{}/pack.yaml", dir.display()),
                        format!("parameter `{name}` holds numbers but declares no range"),
                    );
                    p.help = Some(
                        "add `kind: percent`, `kind: count` or `kind: measure`, and `min`/`max` where narrower".into(),
                    );
                    p
                })
                .collect();
            if !unranged.is_empty() {
                return Err(Error::many(unranged));
            }
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
            // Examples are written against the pack's own parameter values, so the config's are not applied.
            let checker = Checker::new(pack_from(rules)?);
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
            emit(out, &crate::terminal::visible_lines(&text))?;
            Ok(u8::from(!report.failures.is_empty()))
        }
    }
}

/// Names in the rules' wording that the platform format does not have, located at their rule.
fn stale_wording(pack: &Pack) -> Vec<crate::error::Problem> {
    crate::pack::wording::unknown_fields(pack)
        .into_iter()
        .map(|u| {
            let (file, line) = pack.origins.get(&u.rule).cloned().unwrap_or_default();
            let mut p = crate::error::Problem::plain(
                file,
                format!(
                    "clause {} {}: `{}` is not a field of the platform description (nor a value or parameter)",
                    u.rule, u.key, u.name
                ),
            );
            p.at = Some(crate::source::LineCol { line: line.max(1), column: 1 });
            p.help = u.hint;
            p
        })
        .collect()
}

/// `rules show`: one clause for people (text) or programs (json), with the config's parameter values.
fn show(
    id: &str,
    rules: Option<&Path>,
    format: ListFormat,
    lang: Lang,
    config: Option<&Config>,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let mut pack = load_pack(rules)?;
    let defaults = pack.manifest.params.clone();
    if let Some(c) = config {
        let assignments: Vec<(String, String)> = c.params.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
        pack.set_params(&assignments).map_err(|e| c.relocate(e, &[]))?;
    }
    let Some(rule) = pack.rule(id) else {
        let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
        let hint = crate::error::did_you_mean(id, &ids).map(|h| format!("; {h}")).unwrap_or_default();
        return Err(Error::Usage(format!("no clause `{id}` in the rule pack{hint}")));
    };
    let mut used = Vec::new();
    crate::pack::params::referenced(&serde_json::to_value(rule).unwrap_or_default(), &mut used);
    used.sort();
    used.dedup();
    let set_by = |name: &str| config.filter(|c| c.params.iter().any(|p| p.name == name)).map(Config::name);
    let origin = pack.origins.get(id).map(|(f, l)| format!("{f}:{l}")).unwrap_or_default();
    let text = match format {
        ListFormat::Json => {
            let params: serde_json::Map<String, serde_json::Value> = used
                .iter()
                .filter_map(|n| {
                    let mut shown = serde_json::to_value(pack.manifest.params.get(n)?).unwrap_or_default();
                    if let (Some(file), Some(map)) = (set_by(n), shown.as_object_mut()) {
                        map.insert("set_by".into(), file.into());
                        map.insert("default".into(), defaults.get(n).map(|d| d.value.clone()).unwrap_or_default());
                    }
                    Some((n.clone(), shown))
                })
                .collect();
            let shown = serde_json::json!({
                "rule": rule, "weight": pack.weight(rule), "params": params, "defined_in": origin,
            });
            serde_json::to_string_pretty(&shown).unwrap_or_default() + "\n"
        }
        ListFormat::Text => {
            let text = show_text(&pack, rule, &defaults, lang, &origin, &set_by);
            crate::terminal::visible_lines(&text).into_owned()
        }
    };
    emit(out, &text)
}

/// A clause for people: [`rule_text`] and the parameters it uses with their values; `set_by` names
/// the config file that set a parameter.
fn show_text(
    pack: &Pack,
    rule: &Rule,
    defaults: &indexmap::IndexMap<String, crate::pack::format::Param>,
    lang: Lang,
    origin: &str,
    set_by: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut used = Vec::new();
    crate::pack::params::referenced(&serde_json::to_value(rule).unwrap_or_default(), &mut used);
    used.sort();
    used.dedup();
    let d = Describer { params: &pack.manifest.params, lang };
    let mut text = rule_text(rule, pack, &d, origin);
    if !used.is_empty() {
        let _ = writeln!(text, "{}", t(lang, "参数", "parameters"));
        for name in &used {
            let Some(p) = pack.manifest.params.get(name) else { continue };
            let _ = writeln!(text, "  {name} {}", d.param_value(name, true));
            let _ = writeln!(text, "    {}", p.description.get(lang));
            let _ = writeln!(text, "    {}: {}", t(lang, "默认值来源", "provenance of the default"), p.provenance);
            if let Some(file) = set_by(name) {
                let default = Describer { params: defaults, lang }.param_value(name, true);
                let _ = match lang {
                    Lang::Zh => writeln!(text, "    取值来自 {file}（包内默认 {default}）"),
                    Lang::En => writeln!(text, "    value set in {file} (pack default {default})"),
                };
            }
        }
    }
    text
}

/// `rules doc`: every clause of a pack as Markdown, one section per clause under a stable anchor
/// (`#clause-6.3.2`), which the reports' `help_uri` points at (see `docs_url` in pack.yaml).
/// `docs/clauses.md` is this for the built-in pack.
pub fn clause_reference(pack: &Pack, lang: Lang) -> String {
    let m = &pack.manifest;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", t(lang, "条款参考", "Clause reference"));
    let _ = writeln!(
        s,
        "{} — {} ({}), {} {} v{}.\n",
        m.title.zh,
        m.title.en,
        m.edition,
        t(lang, "规则包", "rule pack"),
        m.id,
        m.version
    );
    let _ = writeln!(
        s,
        "{}\n",
        t(
            lang,
            "本文件由 `ipps-check rules doc --lang zh` 生成，请勿手改；每条即 `ipps-check rules show ID` 所示内容。",
            "Generated by `ipps-check rules doc --lang en > docs/clauses.md`; do not edit. Each section is what `ipps-check rules show ID` prints."
        )
    );
    for chapter in &m.chapters {
        let rules: Vec<&Rule> = pack.rules.iter().filter(|r| r.chapter == chapter.id).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {} {}\n", chapter.id, chapter.title.get(lang));
        for rule in rules {
            let _ = writeln!(s, "<a id=\"clause-{}\"></a>\n", rule.id);
            let _ = writeln!(s, "### {} {}\n", rule.id, rule.title.get(lang));
            let text = show_text(pack, rule, &m.params, lang, "", &|_| None);
            // Where the rule is defined and its examples change with every edit of the rule files:
            // `rules show` says them; the reference stays the same until a clause changes.
            let kept: Vec<&str> = text
                .lines()
                .skip(1)
                .filter(|l| !["defined in:", "定义位置:", "examples:", "示例:"].iter().any(|p| l.starts_with(p)))
                .collect();
            let _ = writeln!(s, "```text\n{}\n```\n", crate::terminal::visible_lines(&kept.join("\n")));
        }
    }
    s
}

/// Everything but the parameters: identity, wording, the check in words, what to do, where it comes from.
fn rule_text(rule: &Rule, pack: &Pack, d: &Describer, origin: &str) -> String {
    let lang = d.lang;
    let mut s = String::new();
    let chapter = pack.chapter(&rule.chapter).map(|c| c.title.get(lang)).unwrap_or_default();
    let _ = writeln!(s, "{} {}", rule.id, rule.title.get(lang));
    let level = match lang {
        Lang::Zh => rule.level.as_str().to_owned(),
        Lang::En => format!("{} ({})", rule.level.as_str(), rule.level.english()),
    };
    let veto = match (lang, rule.veto) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    };
    let _ = writeln!(s, "  {}: {level}", t(lang, "等级", "level"));
    let _ = writeln!(s, "  {}: {} {chapter}", t(lang, "章节", "chapter"), rule.chapter);
    let _ = writeln!(s, "  {}: {veto}", t(lang, "否决项", "veto item"));
    let _ = writeln!(s, "  {}: {}", t(lang, "权重", "weight"), pack.weight(rule));
    let _ = writeln!(s, "{}", t(lang, "条文", "wording"));
    let _ = writeln!(s, "  {}", rule.text.get(lang));
    if lang == Lang::En {
        let _ = writeln!(s, "  {} (authoritative)", rule.text.zh);
    }
    match (&rule.check, &rule.informative) {
        (Some(check), _) => {
            let _ = writeln!(s, "{}", t(lang, "检查", "check"));
            for line in d.check(check) {
                let _ = writeln!(s, "  {line}");
            }
        }
        (None, Some(info)) => {
            let _ = writeln!(s, "{}", t(lang, "资料性条款（不检查）", "informative (not checked)"));
            let _ = writeln!(s, "  {}", info.get(lang));
        }
        (None, None) => {}
    }
    if let Some(b) = &rule.backed_by {
        let kinds: Vec<String> = b
            .kinds
            .iter()
            .map(|k| match pack.manifest.citations.kinds.get(k) {
                Some(kind) => format!("{} ({k})", kind.name.get(lang)),
                None => k.clone(),
            })
            .collect();
        let _ = writeln!(s, "{}", t(lang, "可支撑本条声明的文件", "documents that can back the declaration"));
        let _ = writeln!(s, "  {}", kinds.join(t(lang, "、", ", ")));
        let _ = writeln!(s, "  {}: {}", t(lang, "依据", "provenance"), b.provenance);
    }
    if !rule.notes.is_empty() {
        let _ = writeln!(s, "{}", t(lang, "提示（不影响结论和得分）", "notes (result and score unchanged)"));
        for line in rule.notes.iter().flat_map(|n| d.check(n)) {
            let _ = writeln!(s, "  {line}");
        }
    }
    if let Some(cond) = &rule.applies_when {
        let _ = writeln!(s, "{}", t(lang, "适用条件", "applies when"));
        for line in d.check(&cond.check) {
            let _ = writeln!(s, "  {line}");
        }
        let _ = writeln!(s, "  {}: {}", t(lang, "否则不适用", "otherwise not applicable"), cond.otherwise.get(lang));
    }
    let _ = writeln!(s, "{}", t(lang, "整改", "remediation"));
    // The compiled texts: every `$parameter` said with its current value.
    let plan = pack.plan(&rule.id);
    let remediation = plan.map(|p| &p.remediation).unwrap_or(&rule.remediation);
    let _ = writeln!(s, "  {}", remediation.get(lang));
    if let Some(manual) = plan.map(|p| p.manual.as_ref()).unwrap_or(rule.manual.as_ref()) {
        let _ = writeln!(s, "{}", t(lang, "人工核查", "verify by hand"));
        let _ = writeln!(s, "  {}", manual.get(lang));
    }
    if !rule.evidence.is_empty() {
        let fields: Vec<String> = rule.evidence.iter().map(|p| field(p)).collect();
        let _ = writeln!(s, "{}: {}", t(lang, "依据字段", "evidence fields"), fields.join(", "));
    }
    let sources = if rule.provenance.sources.is_empty() {
        t(lang, "无", "none").to_owned()
    } else {
        rule.provenance.sources.join(", ")
    };
    let _ = writeln!(
        s,
        "{}: {} — {}; {}: {sources}",
        t(lang, "来源", "provenance"),
        rule.provenance.code,
        provenance_words(&rule.provenance.code, lang),
        t(lang, "出处", "sources")
    );
    let _ = writeln!(s, "{}: {origin}", t(lang, "定义位置", "defined in"));
    let (pass, fail) = (rule.examples.pass.len(), rule.examples.fail.len());
    let _ = match lang {
        Lang::Zh => writeln!(s, "示例: {pass} 个应通过，{fail} 个应不通过（ipps-check rules test --only {}）", rule.id),
        Lang::En => writeln!(s, "examples: {pass} passing, {fail} failing (ipps-check rules test --only {})", rule.id),
    };
    s
}

/// The catalog's provenance codes (O, Q, P, I, combined with `+`) in words.
fn provenance_words(code: &str, lang: Lang) -> String {
    let words: Vec<&str> = code
        .split('+')
        .map(|c| match c.trim() {
            "O" => t(
                lang,
                "编制说明提纲确认该主题，措辞为本包所拟",
                "topic confirmed by the 编制说明 outline, wording ours",
            ),
            "Q" => t(lang, "含公开来源的简短原文或数值", "short quotation or figure from a located public source"),
            "P" => t(lang, "对公开来源的近似转述", "close paraphrase of a located public source"),
            "I" => t(lang, "推断：未找到原文，为设计建议", "inferred: no located text, a design proposal"),
            _ => t(lang, "未知代码", "unknown code"),
        })
        .collect();
    words.join(t(lang, "；", "; "))
}
