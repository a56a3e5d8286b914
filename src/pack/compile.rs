//! Validating a pack as a whole and compiling every rule's checks into the engine's plan: pointers
//! split and checked against the platform schema, parameters resolved (keyed ones into one variant
//! per case), schemas compiled, test-function options checked. Every problem is collected with the
//! file and pointer it is about, so `rules lint` can show them all at once.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::format::{Check, Level, Manifest, NaPolicy, Param, Rule};
use super::params::{self, keyed};
use super::texts;
use crate::engine::functions::{self, CompileCx};
use crate::engine::plan::{self, Keyed, Leaf};
use crate::engine::schemas::Schemas;
use crate::error::did_you_mean;
use crate::pointer::Pointer;
use crate::text::Text;

/// A rule's compiled checks.
#[derive(Debug)]
pub struct RulePlan {
    pub applies_when: Option<plan::Check>,
    pub check: Option<plan::Check>,
    /// Checks whose gaps are notes, not findings.
    pub notes: Vec<plan::Check>,
    /// Whether and when the platform may declare the clause not applicable.
    pub not_applicable: NaPlan,
    /// The rule's remediation and manual part with every `$parameter` said (see `texts`).
    pub remediation: Text,
    pub manual: Option<Text>,
}

/// A rule's not-applicable policy, with the pack's default applied.
#[derive(Debug)]
pub enum NaPlan {
    Never,
    WithReason,
    /// Only when the check holds on the platform; `otherwise` says why a declaration is refused.
    When {
        check: plan::Check,
        otherwise: Text,
    },
}

/// A problem with a pack file, at a pointer into that file.
#[derive(Debug, Clone)]
pub struct CompileProblem {
    pub file: String,
    pub pointer: String,
    pub message: String,
    pub help: Option<String>,
}

/// A rule with the file it came from and its index in that file's `rules`.
pub struct Located<'a> {
    pub file: &'a str,
    pub index: usize,
    pub rule: &'a Rule,
}

struct Compiler<'a> {
    params: &'a IndexMap<String, Param>,
    schemas: Schemas,
    problems: Vec<CompileProblem>,
    file: &'a str,
}

/// Validates the manifest and the rules, and compiles each rule (in the order given).
pub fn compile(manifest: &Manifest, rules: &[Located]) -> Result<Vec<RulePlan>, Vec<CompileProblem>> {
    let mut problems = validate_manifest(manifest, rules);
    problems.extend(super::backing::validate(manifest, rules));
    let mut c = Compiler { params: &manifest.params, schemas: Schemas::default(), problems: Vec::new(), file: "" };
    let mut plans = Vec::with_capacity(rules.len());
    for r in rules {
        c.file = r.file;
        let at = |suffix: &str| format!("/rules/{}{suffix}", r.index);
        validate_rule(&mut c, r.rule, &at(""));
        let check = r.rule.check.as_ref().and_then(|check| c.check(check, &at("/check")));
        let applies_when = r.rule.applies_when.as_ref().and_then(|a| c.check(&a.check, &at("/applies_when/check")));
        let notes =
            r.rule.notes.iter().enumerate().filter_map(|(i, n)| c.check(n, &at(&format!("/notes/{i}")))).collect();
        let not_applicable = na_policy(&mut c, manifest, r.rule, &at("/not_applicable"));
        let remediation = c.text(&r.rule.remediation, &at("/remediation"), &BTreeMap::new());
        let manual = r.rule.manual.as_ref().map(|m| c.text(m, &at("/manual"), &BTreeMap::new()));
        plans.push(RulePlan { applies_when, check, notes, not_applicable, remediation, manual });
    }
    problems.append(&mut c.problems);
    if problems.is_empty() { Ok(plans) } else { Err(problems) }
}

fn validate_manifest(manifest: &Manifest, rules: &[Located]) -> Vec<CompileProblem> {
    let mut problems = Vec::new();
    let mut add = |pointer: &str, message: String| {
        problems.push(CompileProblem { file: "pack.yaml".into(), pointer: pointer.into(), message, help: None })
    };
    for level in [Level::应, Level::不应, Level::宜, Level::不宜, Level::可] {
        if !manifest.scoring.level_weights.contains_key(&level) {
            add("/scoring/level_weights", format!("scoring.level_weights has no weight for {}", level.as_str()));
        }
    }
    if manifest.scoring.grade_bands.is_empty() {
        add("/scoring/grade_bands", "scoring.grade_bands is empty".into());
    }
    if crate::date::parse_days(&manifest.examples_as_of).is_none() {
        add("/examples_as_of", format!("examples_as_of `{}` is not a date YYYY-MM-DD", manifest.examples_as_of));
    }
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (i, c) in manifest.chapters.iter().enumerate() {
        if !ids.insert(&c.id) {
            add(&format!("/chapters/{i}/id"), format!("chapter `{}` is listed twice", c.id));
        }
    }
    if rules.is_empty() {
        add("", "the rule pack has no rules: a pack needs rule files beside pack.yaml".into());
    } else {
        for (i, c) in manifest.chapters.iter().enumerate() {
            if !rules.iter().any(|r| r.rule.chapter == c.id) {
                add(&format!("/chapters/{i}"), format!("chapter `{}` has no rule; remove it or add its rules", c.id));
            }
        }
    }
    let mut seen = BTreeMap::new();
    for r in rules {
        if let Some(first) = seen.insert(r.rule.id.as_str(), r.file) {
            problems.push(CompileProblem {
                file: r.file.into(),
                pointer: format!("/rules/{}/id", r.index),
                message: format!("clause `{}` is defined twice (also in {first})", r.rule.id),
                help: None,
            });
        }
        if !ids.contains(r.rule.chapter.as_str()) {
            let chapters: Vec<&str> = ids.iter().copied().collect();
            problems.push(CompileProblem {
                file: r.file.into(),
                pointer: format!("/rules/{}/chapter", r.index),
                message: format!("chapter `{}` is not listed in pack.yaml", r.rule.chapter),
                help: did_you_mean(&r.rule.chapter, &chapters),
            });
        }
    }
    problems
}

/// The rule's own policy, or the pack's default: never for veto items and for the 应/不应 clauses of
/// the core chapters, with a reason otherwise. A rule cannot open what the pack keeps closed.
fn na_policy(c: &mut Compiler, manifest: &Manifest, rule: &Rule, at: &str) -> NaPlan {
    let core = rule.veto || (rule.level.is_shall() && manifest.trust.never_na_chapters.contains(&rule.chapter));
    match &rule.not_applicable {
        None if core => NaPlan::Never,
        None => NaPlan::WithReason,
        Some(NaPolicy::WithReason) if !core => NaPlan::WithReason,
        Some(NaPolicy::Never) => NaPlan::Never,
        Some(NaPolicy::When(cond)) if !core => match c.check(&cond.check, &format!("{at}/when/check")) {
            Some(check) => NaPlan::When { check, otherwise: cond.otherwise.clone() },
            None => NaPlan::Never,
        },
        Some(_) => {
            c.problem(
                at,
                format!(
                    "clause `{}` is a veto item or a 应 clause of a core chapter (trust.never_na_chapters): it can never be declared not applicable",
                    rule.id
                ),
            );
            NaPlan::Never
        }
    }
}

fn validate_rule(c: &mut Compiler, rule: &Rule, at: &str) {
    match (&rule.check, &rule.informative, rule.level) {
        (None, None, _) => c.problem(at, format!("clause `{}` has neither `check` nor `informative`", rule.id)),
        (Some(_), Some(_), _) => {
            c.problem(&format!("{at}/informative"), format!("clause `{}` has both `check` and `informative`", rule.id))
        }
        (None, Some(_), level) if level != Level::Informative => c.problem(
            &format!("{at}/level"),
            format!(
                "clause `{}` is {} but has no check; only informative (—) clauses may go without one",
                rule.id,
                level.as_str()
            ),
        ),
        _ => {}
    }
    if !rule.notes.is_empty() && rule.examples.noted.is_empty() {
        c.problem(&format!("{at}/examples"), format!("clause `{}` has notes but no `noted` example", rule.id));
    }
    if rule.check.is_some() && (rule.examples.pass.is_empty() || rule.examples.fail.is_empty()) {
        c.problem(
            &format!("{at}/examples"),
            format!("clause `{}` needs at least one passing and one failing example", rule.id),
        );
    }
    for (i, pointer) in rule.evidence.iter().enumerate() {
        if !crate::schema_path::is_platform_field(pointer) {
            c.problem(
                &format!("{at}/evidence/{i}"),
                format!("evidence path `{pointer}` is not a field of the platform description"),
            );
        }
    }
    if let Some(w) = rule.weight.filter(|w| !(w.is_finite() && *w >= 0.0)) {
        c.problem(&format!("{at}/weight"), format!("weight must be a non-negative number, got {w}"));
    }
}

impl Compiler<'_> {
    fn problem(&mut self, pointer: &str, message: String) {
        self.problem_with_help(pointer, message, None);
    }

    fn problem_with_help(&mut self, pointer: &str, message: String, help: Option<String>) {
        self.problems.push(CompileProblem { file: self.file.to_owned(), pointer: pointer.to_owned(), message, help });
    }

    /// A rule text with its `$parameters` said; an unknown name is a problem (the text is kept).
    fn text(&mut self, text: &Text, at: &str, fixed: &BTreeMap<String, Value>) -> Text {
        texts::fill(text, self.params, fixed).unwrap_or_else(|unknown| {
            let known: Vec<&str> = self.params.keys().map(String::as_str).collect();
            for name in unknown {
                self.problem_with_help(
                    at,
                    format!("`${name}` names no parameter of the pack"),
                    did_you_mean(&name, &known)
                        .or_else(|| Some("parameters are listed under `params` in pack.yaml".into())),
                );
            }
            text.clone()
        })
    }

    /// Compiles one check; `None` (with problems recorded) when it cannot be compiled.
    fn check(&mut self, check: &Check, at: &str) -> Option<plan::Check> {
        let forms =
            usize::from(check.all.is_some()) + usize::from(check.any.is_some()) + usize::from(check.given.is_some());
        if forms != 1 {
            self.problem(at, "a check is exactly one of `all`, `any` or `given` with a test".into());
            return None;
        }
        for (key, list) in [("all", &check.all), ("any", &check.any)] {
            let Some(list) = list else { continue };
            if list.is_empty() {
                self.problem(&format!("{at}/{key}"), format!("`{key}` needs at least one check"));
                return None;
            }
            let compiled: Vec<Option<plan::Check>> =
                list.iter().enumerate().map(|(i, c)| self.check(c, &format!("{at}/{key}/{i}"))).collect();
            let compiled: Option<Vec<plan::Check>> = compiled.into_iter().collect();
            return compiled.map(|c| if key == "all" { plan::Check::All(c) } else { plan::Check::Any(c) });
        }
        self.leaf(check, at)
    }

    fn leaf(&mut self, check: &Check, at: &str) -> Option<plan::Check> {
        let given_text = check.given.as_deref().unwrap_or_default();
        let given = match Pointer::parse(given_text) {
            Some(p) if crate::schema_path::is_platform_field(given_text) => p,
            Some(_) => {
                self.problem(
                    &format!("{at}/given"),
                    format!("`{given_text}` is not a field of the platform description"),
                );
                return None;
            }
            None => {
                self.problem(
                    &format!("{at}/given"),
                    format!("`given` must be a JSON Pointer starting with `/`, got `{given_text}`"),
                );
                return None;
            }
        };
        let (name, options) = match check.tests.iter().collect::<Vec<_>>().as_slice() {
            [(name, options)] if functions::NAMES.contains(&name.as_str()) => (name.as_str(), *options),
            tests => {
                for (name, _) in tests.iter().filter(|(n, _)| !functions::NAMES.contains(&n.as_str())) {
                    self.problem_with_help(
                        &format!("{at}/{name}"),
                        format!("`{name}` is not a test function or a check field"),
                        did_you_mean(name, functions::NAMES),
                    );
                }
                if tests.len() != 1 {
                    self.problem(
                        &format!("{at}/given"),
                        format!("a `given` check needs exactly one test of: {}", functions::NAMES.join(", ")),
                    );
                }
                return None;
            }
        };
        let mut used = Vec::new();
        params::referenced(options, &mut used);
        if let Some(f) = &check.filter {
            params::referenced(f, &mut used);
        }
        if let Some(n) = &check.at_least {
            params::referenced(n, &mut used);
        }
        let known: Vec<&str> = self.params.keys().map(String::as_str).collect();
        let mut ok = true;
        for p in used.iter().filter(|p| !self.params.contains_key(p.as_str())) {
            self.problem_with_help(at, format!("unknown parameter `{p}`"), did_you_mean(p, &known));
            ok = false;
        }
        if !ok {
            return None;
        }
        let parts = LeafParts { check, at, given, name, options, used: &used };
        self.variants(&parts, &mut BTreeMap::new())
    }

    /// Compiles a leaf once per case of each keyed parameter it uses, nesting for several.
    fn variants(&mut self, parts: &LeafParts, fixed: &mut BTreeMap<String, Value>) -> Option<plan::Check> {
        let next_keyed = parts.used.iter().find(|p| {
            !fixed.contains_key(p.as_str()) && self.params.get(p.as_str()).is_some_and(|x| keyed(x).is_some())
        });
        let Some(name) = next_keyed else { return self.compile_leaf(parts, fixed) };
        let params = self.params;
        let k = keyed(&params[name.as_str()])?;
        let Some(by) = Pointer::parse(k.by).filter(|_| crate::schema_path::is_platform_field(k.by)) else {
            self.problem(parts.at, format!("parameter `{name}` is keyed by `{}`, which is not a platform field", k.by));
            return None;
        };
        let mut cases = Vec::new();
        for (key, value) in &k.cases {
            fixed.insert(name.clone(), (*value).clone());
            cases.push((key.clone(), self.variants(parts, fixed)?));
        }
        let default = match k.default {
            Some(d) => {
                fixed.insert(name.clone(), d.clone());
                Some(Box::new(self.variants(parts, fixed)?))
            }
            None => None,
        };
        fixed.remove(name.as_str());
        Some(plan::Check::Keyed(Box::new(Keyed { param: name.clone(), by, cases, default })))
    }

    fn compile_leaf(&mut self, parts: &LeafParts, fixed: &BTreeMap<String, Value>) -> Option<plan::Check> {
        let LeafParts { check, at, name, options, .. } = *parts;
        let named = functions::named_param_keys(name);
        let options = match params::substitute(options, self.params, fixed, named) {
            Ok(v) => v,
            Err(e) => {
                self.problem(&format!("{at}/{name}"), e);
                return None;
            }
        };
        let filter = match &check.filter {
            Some(f) => {
                let compiled = params::substitute(f, self.params, fixed, &[])
                    .and_then(|f| self.schemas.compile(&f).map_err(|e| format!("invalid JSON Schema: {e}")));
                match compiled {
                    Ok(v) => Some(v),
                    Err(e) => {
                        self.problem(&format!("{at}/where"), e);
                        return None;
                    }
                }
            }
            None => None,
        };
        let at_least = match &check.at_least {
            Some(n) => match params::substitute(&serde_json::json!({"at_least": n}), self.params, fixed, &["at_least"])
            {
                Ok(v) => {
                    let v = v["at_least"].clone();
                    let (value, param) = match v.get("param") {
                        Some(p) => (v.get("value").cloned().unwrap_or_default(), p.as_str().map(str::to_owned)),
                        None => (v, None),
                    };
                    match value.as_u64().and_then(|c| u32::try_from(c).ok()) {
                        Some(count) => Some(plan::AtLeast { count, param }),
                        None => {
                            self.problem(
                                &format!("{at}/at_least"),
                                format!("`at_least` must be a whole number, got {value}"),
                            );
                            return None;
                        }
                    }
                }
                Err(e) => {
                    self.problem(&format!("{at}/at_least"), e);
                    return None;
                }
            },
            None => None,
        };
        let placed = texts::placed(parts.options, self.params, fixed);
        let cx = CompileCx { schemas: &self.schemas, params: &placed };
        let test = match functions::compile(name, options, &cx) {
            Some(Ok(t)) => t,
            Some(Err(e)) => {
                self.problem(&format!("{at}/{name}"), e);
                return None;
            }
            None => return None,
        };
        Some(plan::Check::Leaf(Box::new(Leaf {
            given: parts.given.clone(),
            filter,
            latest_by: check.latest_by.as_deref().map(Pointer::relative),
            if_missing: check.if_missing,
            quantifier: check.quantifier,
            expect: check.expect.as_ref().map(|e| self.text(e, &format!("{at}/expect"), fixed)),
            at_least,
            failures_only: check.credit == super::format::Credit::Failures,
            test,
        })))
    }
}

/// The parts of a `given` check that every keyed variant shares.
struct LeafParts<'a> {
    check: &'a Check,
    at: &'a str,
    given: Pointer,
    name: &'a str,
    options: &'a Value,
    used: &'a [String],
}
