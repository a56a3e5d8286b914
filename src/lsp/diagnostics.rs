//! What the editor underlines: problems that stop a file from loading, values that say nothing,
//! and every gap of every clause, each at its line, as LSP diagnostics in the report language.

use std::str::FromStr;

use lsp_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Uri};
use serde_json::{Value, json};

use super::position::{Encoding, Lines};
use crate::assessment::{Assessment, ClauseResult, Status};
use crate::error::Problem;
use crate::pack::Level;
use crate::report::labels;
use crate::source::LineCol;
use crate::text::Lang;

/// The `source` of every diagnostic: the tool's name, as editors show it.
pub const SOURCE: &str = "ipps-check";

/// The code of a value taken out because it says nothing (not a clause of the standard).
pub const MEANINGLESS: &str = "meaningless-value";

/// How a file's diagnostics are placed and worded.
pub struct Place<'a> {
    pub lines: &'a Lines<'a>,
    pub encoding: Encoding,
    pub lang: Lang,
}

impl Place<'_> {
    /// A diagnostic at a position of this file (its first key when there is none).
    pub fn diagnostic(&self, at: Option<LineCol>, severity: DiagnosticSeverity, message: String) -> Diagnostic {
        let at = at.unwrap_or(LineCol { line: 1, column: 1 });
        Diagnostic {
            range: self.lines.token(at, self.encoding),
            severity: Some(severity),
            source: Some(SOURCE.to_owned()),
            message,
            ..Diagnostic::default()
        }
    }

    /// A problem that stops the file from being evaluated (exit 2 on the command line), with its hint.
    pub fn problem(&self, p: &Problem, severity: DiagnosticSeverity) -> Diagnostic {
        let mut message = p.message.clone();
        if let Some(help) = &p.help {
            message.push('\n');
            message.push_str(help);
        }
        self.diagnostic(p.at, severity, message)
    }

    /// A problem in another file (the config, the waivers, a rule file) that changes how this one
    /// is checked, at the top of this file, as `file:line:column: message` and its hint.
    pub fn elsewhere(&self, p: &Problem, severity: DiagnosticSeverity, lead: Option<&str>) -> Diagnostic {
        let lead = lead.map(|l| format!("{l}: ")).unwrap_or_default();
        let help = p.help.as_deref().map(|h| format!("\n{h}")).unwrap_or_default();
        self.diagnostic(None, severity, format!("{lead}{}{help}", p.headline()))
    }

    /// A note that a config could not be applied in full, with one of its problems.
    pub fn config_not_applied(&self, p: &Problem) -> Diagnostic {
        let lead = labels::t(
            self.lang,
            "配置未能完整应用，出错之处按默认设置检查",
            "the config could not be applied in full, so the defaults were used where it failed",
        );
        self.elsewhere(p, DiagnosticSeverity::INFORMATION, Some(lead))
    }

    /// Every finding of an assessment: each gap of each clause not met, values taken out, refused
    /// not-applicable declarations and the assessment's warnings. `missing_section` names the
    /// top-level section a pointer belongs to when the file lacks it (for the code action).
    pub fn assessment(&self, a: &Assessment, missing_section: impl Fn(&str) -> Option<String>) -> Vec<Diagnostic> {
        let lang = self.lang;
        let mut out = Vec::new();
        for c in a.clauses.iter().filter(|c| c.status.is_gap()) {
            let severity = severity(c.level);
            let head = head(c, lang);
            let fix = format!("{}: {}", labels::t(lang, "修改建议", "fix"), c.remediation.get(lang));
            if c.findings.is_empty() {
                let why = c.reason.as_ref().map(|r| r.get(lang).to_owned()).unwrap_or_default();
                let mut d = self.diagnostic(None, severity, format!("{head}: {why}\n{fix}"));
                d.code = Some(NumberOrString::String(c.id.clone()));
                d.code_description = link(a, &c.id);
                out.push(d);
                continue;
            }
            for f in &c.findings {
                let mut d = self.diagnostic(f.at, severity, format!("{head}\n{}\n{fix}", labels::finding(f, lang)));
                d.code = Some(NumberOrString::String(c.id.clone()));
                d.code_description = link(a, &c.id);
                let mut data = json!({ "pointer": f.pointer });
                if let Some(section) = missing_section(&f.pointer) {
                    data["section"] = Value::from(section);
                }
                d.data = Some(data);
                out.push(d);
            }
        }
        for m in &a.meaningless {
            let message = match lang {
                Lang::Zh => format!(
                    "{}：“{}”没有实际内容，按缺失计——{}",
                    crate::platform::field(&m.pointer),
                    m.value,
                    m.reason.zh
                ),
                Lang::En => format!(
                    "{}: \"{}\" says nothing and counts as missing — {}",
                    crate::platform::field(&m.pointer),
                    m.value,
                    m.reason.en
                ),
            };
            let mut d = self.diagnostic(m.at, DiagnosticSeverity::WARNING, message);
            d.code = Some(NumberOrString::String(MEANINGLESS.to_owned()));
            out.push(d);
        }
        for decl in &a.declarations {
            let Some(why) = &decl.refused else { continue };
            let message = match lang {
                Lang::Zh => format!("不适用声明（{}）未被接受：{}", decl.clause, why.zh),
                Lang::En => format!("the not-applicable declaration of {} is refused: {}", decl.clause, why.en),
            };
            let mut d = self.diagnostic(decl.at, DiagnosticSeverity::WARNING, message);
            d.code = Some(NumberOrString::String(decl.clause.clone()));
            d.code_description = link(a, &decl.clause);
            out.push(d);
        }
        // Declarations' own refusals are placed above; the other warnings have no place.
        let placed: Vec<&str> = a.declarations.iter().filter_map(|d| d.refused.as_ref()).map(|t| t.get(lang)).collect();
        for w in a.warnings.iter().map(|w| w.get(lang)).filter(|w| !placed.contains(w)) {
            out.push(self.diagnostic(None, DiagnosticSeverity::INFORMATION, w.to_owned()));
        }
        out
    }
}

/// The clause's section of the pack's clause reference (the reports' `help_uri`), which editors
/// open from the diagnostic's code; none when the pack names no `docs_url` or the address is not
/// a URI.
fn link(a: &Assessment, clause: &str) -> Option<CodeDescription> {
    let href = Uri::from_str(&a.pack.help_uri(clause)?).ok()?;
    Some(CodeDescription { href })
}

/// The severity of a clause's gaps: 应/不应 errors, 宜/不宜 warnings, 可 hints.
pub fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::应 | Level::不应 => DiagnosticSeverity::ERROR,
        Level::宜 | Level::不宜 => DiagnosticSeverity::WARNING,
        Level::可 => DiagnosticSeverity::HINT,
        Level::Informative => DiagnosticSeverity::INFORMATION,
    }
}

/// The first line of a clause's diagnostics: `6.3.2 [应] 专职人员数量下限`, with the share met and
/// the veto mark when they apply.
fn head(c: &ClauseResult, lang: Lang) -> String {
    let mut head = format!("{} [{}] {}", c.id, labels::level(c.level, lang), c.title.get(lang));
    if c.status == Status::Partial {
        head.push_str(&format!(" ({}/{})", c.passed, c.total));
    }
    if c.veto {
        head.push_str(labels::t(lang, " · 否决项", " · veto item"));
    }
    head
}
