//! The rule pack: `pack.yaml` plus one YAML file of rules per chapter, loaded from the embedded
//! default or from a directory, and validated as a whole before anything is evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem};
use crate::source::SourceFile;
use crate::text::Text;
use crate::yaml::{self, Limits, SourceMap};

/// The clause type of GB/T 1.1—2020, which decides severity, gating and scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Level {
    /// shall
    应,
    /// shall not
    不应,
    /// should
    宜,
    /// should not
    不宜,
    /// may
    可,
    /// informative: no requirement
    #[serde(rename = "—")]
    Informative,
}

impl Level {
    /// Requirements (应/不应): a failure is a nonconformity.
    pub fn is_shall(self) -> bool {
        matches!(self, Level::应 | Level::不应)
    }

    /// Recommendations (宜/不宜).
    pub fn is_should(self) -> bool {
        matches!(self, Level::宜 | Level::不宜)
    }

    /// The level as written in the standard.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::应 => "应",
            Level::不应 => "不应",
            Level::宜 => "宜",
            Level::不宜 => "不宜",
            Level::可 => "可",
            Level::Informative => "—",
        }
    }

    /// The English modal verb.
    pub fn english(self) -> &'static str {
        match self {
            Level::应 => "shall",
            Level::不应 => "shall not",
            Level::宜 => "should",
            Level::不宜 => "should not",
            Level::可 => "may",
            Level::Informative => "informative",
        }
    }

    /// Sort key: requirements first, then recommendations, then permissions.
    pub fn rank(self) -> u8 {
        match self {
            Level::应 | Level::不应 => 0,
            Level::宜 | Level::不宜 => 1,
            Level::可 => 2,
            Level::Informative => 3,
        }
    }
}

/// Where a clause's wording comes from (the catalog's provenance code and source keys).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// O, Q, P, I or a combination such as O+I.
    pub code: String,
    /// Source keys of the catalog's register, e.g. S02.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What a leaf test does when its selection is empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IfMissing {
    /// Nothing selected is a gap (the default).
    #[default]
    Fail,
    /// Nothing selected means the test does not apply.
    NotApplicable,
}

/// Whether every selected node must hold, or one is enough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Quantifier {
    #[default]
    All,
    Any,
}

/// Comparison operator of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Op {
    /// The operator as a symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Ge => "≥",
            Op::Gt => ">",
        }
    }
}

/// `compare`: two operands and an operator.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// A field (relative pointer `a/b`, or absolute `/a/b`), `{value: x}` or `{$param: name}`.
    pub left: Value,
    pub op: Op,
    pub right: Value,
}

/// How `covers` matches a required value against the values found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    #[default]
    Exact,
    /// A found string contains the required one.
    Contains,
}

/// `covers`: the values found across the selection include every required value.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Covers {
    /// Required values: a list, or `{$param: name}`.
    pub values: Value,
    /// Relative pointer of the field to collect from each selected node; the node itself when absent.
    pub field: Option<String>,
    #[serde(default, rename = "match")]
    pub matching: Match,
    /// Required values that must be found for a pass (default: all of them).
    pub min: Option<Value>,
}

/// `unique`: a field's values differ across the selection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unique {
    pub field: Option<String>,
}

/// `age_days`: days from a date to the assessment date lie within bounds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgeDays {
    pub field: Option<String>,
    /// Oldest accepted age in days (a number or `{$param: name}`).
    pub max: Option<Value>,
    /// Youngest accepted age in days; 0 rejects dates after the assessment date.
    pub min: Option<Value>,
}

/// `sum`: the total of a field over the selection lies within bounds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sum {
    pub field: Option<String>,
    pub min: Option<Value>,
    pub max: Option<Value>,
}

/// A check: `all` or `any` of checks, or one leaf test on the nodes `given` selects.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Every sub-check must hold; credit is the sum of their units.
    pub all: Option<Vec<Check>>,
    /// One sub-check must hold; credit is the best of them.
    pub any: Option<Vec<Check>>,
    /// JSON Pointer into the platform description; `*` selects every item of a list.
    pub given: Option<String>,
    /// JSON Schema a selected node must match to be kept (a filter, not a test).
    #[serde(rename = "where")]
    pub filter: Option<Value>,
    /// Keep only the selected node with the greatest value at this relative pointer (e.g. `date`).
    pub latest_by: Option<String>,
    #[serde(default)]
    pub if_missing: IfMissing,
    #[serde(default)]
    pub quantifier: Quantifier,
    /// What is expected, for the report; generated from the test when absent.
    pub expect: Option<Text>,
    /// Test: the node matches this JSON Schema fragment.
    pub schema: Option<Value>,
    /// Test: compare two operands.
    pub compare: Option<Compare>,
    /// Test: the collected values cover a reference list (partial credit per value).
    pub covers: Option<Covers>,
    /// Test: no two selected nodes share a value.
    pub unique: Option<Unique>,
    /// Test: a date's age in days.
    pub age_days: Option<AgeDays>,
    /// Test: a field's total.
    pub sum: Option<Sum>,
}

/// `applies_when`: a check that must hold for the rule to apply, and what to say when it does not.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesWhen {
    pub check: Check,
    /// Why the rule is not applicable when the check does not hold.
    pub otherwise: Text,
}

/// Platform fragments on which the rule must pass, and must not.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub pass: Vec<Value>,
    #[serde(default)]
    pub fail: Vec<Value>,
}

/// One clause of the standard as data.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Clause number, e.g. `6.3.1` or `C.11`.
    pub id: String,
    /// Chapter or section the clause belongs to, as listed in pack.yaml (`6.3`, `C`).
    pub chapter: String,
    pub level: Level,
    pub title: Text,
    /// The clause's wording: zh authoritative, en translation.
    pub text: Text,
    pub remediation: Text,
    pub provenance: Provenance,
    /// Weight in the chapter score; the pack's default for the level when absent.
    pub weight: Option<f64>,
    /// A veto item (否决项): its failure makes the verdict 不符合.
    #[serde(default)]
    pub veto: bool,
    /// Fields of the platform description this clause draws on.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// What an auditor must verify by hand beyond the YAML.
    pub manual: Option<Text>,
    pub applies_when: Option<AppliesWhen>,
    pub check: Option<Check>,
    /// For informative clauses without a check: what the clause records.
    pub informative: Option<Text>,
    #[serde(default)]
    pub examples: Examples,
}

/// A rule file: the rules of one chapter or appendix.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    pub rules: Vec<Rule>,
}

/// A chapter or section that is scored on its own.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub id: String,
    pub title: Text,
    /// Weight of this chapter in the overall score.
    pub weight: f64,
}

/// A grade and the lowest overall score that earns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: Text,
    pub min: f64,
}

/// Thresholds of the 基本符合 verdict.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictRules {
    /// Lowest overall score for 基本符合.
    pub largely_min_score: f64,
    /// Highest share (percent) of applicable 应/不应 clauses not passed for 基本符合.
    pub largely_max_failed_shall_pct: f64,
}

/// How results become scores, grades and a verdict.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Default weight of a rule by its level.
    pub level_weights: BTreeMap<Level, f64>,
    /// Levels that earn bonus credit only: outside the denominator, added when met.
    #[serde(default)]
    pub bonus_levels: Vec<Level>,
    /// Highest band first.
    pub grade_bands: Vec<GradeBand>,
    pub verdict: VerdictRules,
}

/// A tunable threshold and its provenance.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The value: a number, string or list, or `{by: /pointer, cases: {…}, default: …}` to key it
    /// by a field of the platform (e.g. staff minimum by platform level).
    pub value: Value,
    pub description: Text,
    /// Where the default comes from.
    pub provenance: String,
    pub unit: Option<String>,
}

/// `pack.yaml`: the pack's identity, chapters, scoring and parameters.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    pub id: String,
    /// Title of the standard.
    pub title: Text,
    /// Edition or draft date of the standard the pack encodes.
    pub edition: String,
    /// Version of the pack itself.
    pub version: String,
    pub chapters: Vec<Chapter>,
    pub scoring: Scoring,
    /// The assessment date rule examples are evaluated on, so that their dates stay meaningful.
    pub examples_as_of: String,
    pub params: IndexMap<String, Param>,
}

/// A loaded, validated rule pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub manifest: Manifest,
    /// Rules ordered by chapter (as in the manifest), then clause number.
    pub rules: Vec<Rule>,
    /// SHA-256 over the pack's files, so a report names exactly which rules produced it.
    pub content_hash: String,
    /// Where each rule came from (file and position), for diagnostics.
    pub origins: BTreeMap<String, (String, usize)>,
    /// Schema fragments compiled while validating, reused by the engine.
    pub schemas: crate::engine::SchemaCache,
}

/// The default rule pack, compiled into the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "rules/"]
#[include = "*.yaml"]
struct EmbeddedRules;

/// The files of a pack: name → text.
type Files = BTreeMap<String, String>;

impl Pack {
    /// Loads the rule pack compiled into the binary.
    pub fn embedded() -> Result<Pack, Error> {
        let mut files = Files::new();
        for name in EmbeddedRules::iter() {
            let Some(file) = EmbeddedRules::get(&name) else { continue };
            let text = String::from_utf8_lossy(&file.data).into_owned();
            files.insert(name.into_owned(), text);
        }
        Pack::from_files("<embedded rules>", files)
    }

    /// Loads a rule pack from a directory holding pack.yaml and rule files.
    pub fn from_dir(dir: &Path) -> Result<Pack, Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir.display().to_string(), &e))?;
        let mut files = Files::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::read(dir.display().to_string(), &e))?;
            let path = entry.path();
            let is_yaml = path.extension().is_some_and(|x| x == "yaml" || x == "yml");
            if !is_yaml || !path.is_file() {
                continue;
            }
            let label = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|e| Error::read(label.clone(), &e))?;
            let text =
                yaml::decode(&bytes).map_err(|e| Error::single(Problem::at_yaml(&SourceFile::new(&label, ""), e)))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(name, text);
        }
        Pack::from_files(&dir.display().to_string(), files)
    }

    /// Loads a pack from file texts (name → text); `root` labels diagnostics.
    pub fn from_texts(root: &str, files: BTreeMap<String, String>) -> Result<Pack, Error> {
        Pack::from_files(root, files)
    }

    fn from_files(root: &str, files: Files) -> Result<Pack, Error> {
        let mut problems = Vec::new();
        let label = |name: &str| format!("{}/{}", root.trim_end_matches('/'), name);
        let Some(manifest_text) = files.get("pack.yaml") else {
            return Err(Error::single(Problem::plain(label("pack.yaml"), "the rule pack has no pack.yaml")));
        };
        let manifest_src = SourceFile::new(label("pack.yaml"), manifest_text.as_str());
        let manifest = match parse_typed::<Manifest>(&manifest_src) {
            Ok(m) => Some(m),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let mut rules = Vec::new();
        let mut origins = BTreeMap::new();
        let mut maps = BTreeMap::new();
        for (name, text) in &files {
            if name == "pack.yaml" {
                continue;
            }
            let src = SourceFile::new(label(name), text.as_str());
            match parse_typed::<RuleFile>(&src) {
                Ok(file) => {
                    let map = yaml::parse(text, &Limits::default()).map(|n| yaml::to_json(&n).1).unwrap_or_default();
                    for (i, rule) in file.rules.into_iter().enumerate() {
                        origins.insert(rule.id.clone(), (name.clone(), i));
                        rules.push((name.clone(), i, rule));
                    }
                    maps.insert(name.clone(), (src, map));
                }
                Err(p) => problems.push(p),
            }
        }
        let Some(manifest) = manifest else {
            return Err(Error::many(problems));
        };
        let ctx = Locator { maps: &maps, schemas: crate::engine::SchemaCache::default() };
        validate(&manifest, &rules, &ctx, &manifest_src, &mut problems);
        if !problems.is_empty() {
            return Err(Error::many(problems));
        }
        let chapter_order: BTreeMap<&str, usize> =
            manifest.chapters.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut rules: Vec<Rule> = rules.into_iter().map(|(_, _, r)| r).collect();
        rules.sort_by(|a, b| {
            let ca = chapter_order.get(a.chapter.as_str()).copied().unwrap_or(usize::MAX);
            let cb = chapter_order.get(b.chapter.as_str()).copied().unwrap_or(usize::MAX);
            ca.cmp(&cb).then_with(|| clause_order(&a.id, &b.id))
        });
        let mut hasher = Sha256::new();
        for (name, text) in &files {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }
        let content_hash = format!("sha256:{:x}", hasher.finalize());
        let origins = origins
            .into_iter()
            .map(|(id, (file, i))| {
                let line =
                    maps.get(&file).and_then(|(_, m)| m.get(&format!("/rules/{i}"))).map(|s| s.value.line).unwrap_or(1);
                (id, (label(&file), line))
            })
            .collect();
        Ok(Pack { manifest, rules, content_hash, origins, schemas: ctx.schemas })
    }

    /// The day number rule examples are evaluated on.
    pub fn examples_as_of(&self) -> i64 {
        crate::date::parse_days(&self.manifest.examples_as_of).unwrap_or(0)
    }

    /// The rule with this clause id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The chapter with this id.
    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.manifest.chapters.iter().find(|c| c.id == id)
    }

    /// The weight a rule is scored with.
    pub fn weight(&self, rule: &Rule) -> f64 {
        rule.weight.or_else(|| self.manifest.scoring.level_weights.get(&rule.level).copied()).unwrap_or(0.0)
    }

    /// Replaces parameter values (`--param name=value`); the value is read as YAML.
    pub fn set_params(&mut self, assignments: &[(String, String)]) -> Result<(), Error> {
        let mut problems = Vec::new();
        for (name, raw) in assignments {
            let Some(param) = self.manifest.params.get_mut(name) else {
                let known: Vec<&str> = self.manifest.params.keys().map(String::as_str).collect();
                let mut p = Problem::plain("--param", format!("unknown rule-pack parameter `{name}`"));
                p.help = crate::error::did_you_mean(name, &known);
                problems.push(p);
                continue;
            };
            let value = match yaml::parse(raw, &Limits::default()) {
                Ok(node) => yaml::to_json(&node).0,
                Err(e) => {
                    problems.push(Problem::plain("--param", format!("value of `{name}`: {}", e.message)));
                    continue;
                }
            };
            let old_kind = kind_of(&param.value);
            if old_kind != "keyed" && old_kind != kind_of(&value) {
                problems
                    .push(Problem::plain("--param", format!("`{name}` takes a {old_kind}, got a {}", kind_of(&value))));
                continue;
            }
            param.value = value;
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::many(problems)) }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Bool(_) => "boolean",
        Value::Object(o) if o.contains_key("by") => "keyed",
        Value::Object(_) => "mapping",
        Value::Null => "null",
    }
}

/// Orders clause ids as the standard does: `6.2.9` before `6.2.10`, `8.1.11` before `8.1.11b`.
pub fn clause_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(id: &str) -> Vec<(u8, u64, String)> {
        id.split('.')
            .map(|part| {
                let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
                let rest: String = part.chars().skip(digits.len()).collect();
                match digits.parse::<u64>() {
                    Ok(n) => (1, n, rest),
                    Err(_) => (2, 0, part.to_owned()),
                }
            })
            .collect()
    }
    key(a).cmp(&key(b))
}

fn parse_typed<T: serde::de::DeserializeOwned>(src: &SourceFile) -> Result<T, Problem> {
    yaml::parse_typed::<T>(&src.text, &Limits::default()).map_err(|e| Problem::at_yaml(src, e))
}

/// Finds positions of rule-file pointers for validation messages.
struct Locator<'a> {
    maps: &'a BTreeMap<String, (SourceFile, SourceMap)>,
    /// Fragments compiled to validate them, handed on to the engine.
    schemas: crate::engine::SchemaCache,
}

impl Locator<'_> {
    fn problem(&self, file: &str, pointer: &str, message: String) -> Problem {
        match self.maps.get(file) {
            Some((src, map)) => {
                let at = map.resolve(pointer).map(|(_, s)| s.key.unwrap_or(s.value));
                Problem::at(src, at, message)
            }
            None => Problem::plain(file, message),
        }
    }
}

const TESTS: [&str; 6] = ["schema", "compare", "covers", "unique", "age_days", "sum"];

fn validate(
    manifest: &Manifest,
    rules: &[(String, usize, Rule)],
    ctx: &Locator,
    manifest_src: &SourceFile,
    problems: &mut Vec<Problem>,
) {
    let chapters: BTreeSet<&str> = manifest.chapters.iter().map(|c| c.id.as_str()).collect();
    let chapter_list: Vec<&str> = chapters.iter().copied().collect();
    let schema = crate::model::platform_schema();
    let mut seen = BTreeMap::new();
    for (file, index, rule) in rules {
        let at = |suffix: &str| format!("/rules/{index}{suffix}");
        if let Some(first) = seen.insert(rule.id.clone(), file.clone()) {
            problems.push(ctx.problem(
                file,
                &at("/id"),
                format!("clause `{}` is defined twice (also in {first})", rule.id),
            ));
        }
        if !chapters.contains(rule.chapter.as_str()) {
            let mut p =
                ctx.problem(file, &at("/chapter"), format!("chapter `{}` is not listed in pack.yaml", rule.chapter));
            p.help = crate::error::did_you_mean(&rule.chapter, &chapter_list);
            problems.push(p);
        }
        match (&rule.check, &rule.informative, rule.level) {
            (None, None, _) => problems.push(ctx.problem(
                file,
                &at(""),
                format!("clause `{}` has neither `check` nor `informative`", rule.id),
            )),
            (Some(_), Some(_), _) => problems.push(ctx.problem(
                file,
                &at("/informative"),
                format!("clause `{}` has both `check` and `informative`", rule.id),
            )),
            (None, Some(_), level) if level != Level::Informative => problems.push(ctx.problem(
                file,
                &at("/level"),
                format!(
                    "clause `{}` is {} but has no check; only informative (—) clauses may go without one",
                    rule.id,
                    level.as_str()
                ),
            )),
            _ => {}
        }
        if let Some(check) = &rule.check {
            validate_check(check, &at("/check"), file, ctx, &manifest.params, problems);
            if rule.examples.pass.is_empty() || rule.examples.fail.is_empty() {
                problems.push(ctx.problem(
                    file,
                    &at("/examples"),
                    format!("clause `{}` needs at least one passing and one failing example", rule.id),
                ));
            }
        }
        if let Some(cond) = &rule.applies_when {
            validate_check(&cond.check, &at("/applies_when/check"), file, ctx, &manifest.params, problems);
        }
        for (i, pointer) in rule.evidence.iter().enumerate() {
            if !schema_has_path(schema, pointer) {
                problems.push(ctx.problem(
                    file,
                    &at(&format!("/evidence/{i}")),
                    format!("evidence path `{pointer}` is not a field of the platform description"),
                ));
            }
        }
        if let Some(w) = rule.weight.filter(|w| !(w.is_finite() && *w >= 0.0)) {
            problems.push(ctx.problem(file, &at("/weight"), format!("weight must be a non-negative number, got {w}")));
        }
    }
    for level in [Level::应, Level::不应, Level::宜, Level::不宜, Level::可] {
        if !manifest.scoring.level_weights.contains_key(&level) {
            problems.push(Problem::plain(
                &manifest_src.name,
                format!("scoring.level_weights has no weight for {}", level.as_str()),
            ));
        }
    }
    if manifest.scoring.grade_bands.is_empty() {
        problems.push(Problem::plain(&manifest_src.name, "scoring.grade_bands is empty"));
    }
    if crate::date::parse_days(&manifest.examples_as_of).is_none() {
        problems.push(Problem::plain(
            &manifest_src.name,
            format!("examples_as_of `{}` is not a date YYYY-MM-DD", manifest.examples_as_of),
        ));
    }
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for c in &manifest.chapters {
        if !ids.insert(&c.id) {
            problems.push(Problem::plain(&manifest_src.name, format!("chapter `{}` is listed twice", c.id)));
        }
    }
}

fn validate_check(
    check: &Check,
    at: &str,
    file: &str,
    ctx: &Locator,
    param_defs: &IndexMap<String, Param>,
    problems: &mut Vec<Problem>,
) {
    let params: Vec<&str> = param_defs.keys().map(String::as_str).collect();
    let params = params.as_slice();
    let tests: Vec<&str> = TESTS
        .iter()
        .copied()
        .filter(|t| match *t {
            "schema" => check.schema.is_some(),
            "compare" => check.compare.is_some(),
            "covers" => check.covers.is_some(),
            "unique" => check.unique.is_some(),
            "age_days" => check.age_days.is_some(),
            _ => check.sum.is_some(),
        })
        .collect();
    let forms =
        usize::from(check.all.is_some()) + usize::from(check.any.is_some()) + usize::from(check.given.is_some());
    if forms != 1 {
        problems.push(ctx.problem(file, at, "a check is exactly one of `all`, `any` or `given` with a test".into()));
        return;
    }
    for (key, list) in [("all", &check.all), ("any", &check.any)] {
        if let Some(list) = list {
            if list.is_empty() {
                problems.push(ctx.problem(file, &format!("{at}/{key}"), format!("`{key}` needs at least one check")));
            }
            for (i, c) in list.iter().enumerate() {
                validate_check(c, &format!("{at}/{key}/{i}"), file, ctx, param_defs, problems);
            }
        }
    }
    if let Some(given) = &check.given {
        if !given.starts_with('/') {
            problems.push(ctx.problem(
                file,
                &format!("{at}/given"),
                format!("`given` must be a JSON Pointer starting with `/`, got `{given}`"),
            ));
        } else if !schema_has_path(crate::model::platform_schema(), given) {
            problems.push(ctx.problem(
                file,
                &format!("{at}/given"),
                format!("`{given}` is not a field of the platform description"),
            ));
        }
        if tests.len() != 1 {
            problems.push(ctx.problem(
                file,
                &format!("{at}/given"),
                format!("a `given` check needs exactly one test of: {}", TESTS.join(", ")),
            ));
        }
    }
    let mut used = Vec::new();
    collect_params(&serde_json::to_value(check).unwrap_or_default(), &mut used);
    for name in used {
        if !params.contains(&name.as_str()) {
            let mut p = ctx.problem(file, at, format!("unknown parameter `{name}`"));
            p.help = crate::error::did_you_mean(&name, params);
            problems.push(p);
        }
    }
    for (name, schema) in [("schema", &check.schema), ("where", &check.filter)] {
        if let Some(schema) = schema {
            let probe = substitute_all(schema, param_defs);
            if let Err(e) = ctx.schemas.get(&probe) {
                problems.push(ctx.problem(file, &format!("{at}/{name}"), format!("invalid JSON Schema: {e}")));
            }
        }
    }
}

/// Names of every `{$param: name}` inside a value.
pub fn collect_params(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let (1, Some(Value::String(name))) = (o.len(), o.get("$param")) {
                out.push(name.clone());
                return;
            }
            o.values().for_each(|x| collect_params(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_params(x, out)),
        _ => {}
    }
}

/// Replaces every parameter reference with a representative value (the default, or the first case
/// of a keyed parameter) so that a schema fragment can be compiled to validate it.
fn substitute_all(v: &Value, params: &IndexMap<String, Param>) -> Value {
    match v {
        Value::Object(o) if o.len() == 1 && o.contains_key("$param") => {
            let param = o["$param"].as_str().and_then(|n| params.get(n)).map(|p| &p.value);
            match param {
                Some(Value::Object(k)) if k.contains_key("by") => k
                    .get("cases")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .or_else(|| k.get("default"))
                    .cloned()
                    .unwrap_or(Value::from(0)),
                Some(value) => value.clone(),
                None => Value::from(0),
            }
        }
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute_all(x, params))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute_all(x, params)).collect()),
        other => other.clone(),
    }
}

/// Whether a JSON Pointer (with `*` for list items) names a field of the platform schema.
pub fn schema_has_path(schema: &Value, pointer: &str) -> bool {
    let mut node = schema;
    for token in pointer.split('/').skip(1) {
        node = resolve_ref(schema, node);
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = if token == "*" || token.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(&token))
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    true
}

/// The allowed property names of the object at a pointer, for "did you mean" hints.
pub fn schema_properties(schema: &Value, pointer: &str) -> Vec<String> {
    let mut node = resolve_ref(schema, schema);
    for token in pointer.split('/').skip(1) {
        let next = if token.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(token.replace("~1", "/").replace("~0", "~")))
        };
        match next {
            Some(n) => node = resolve_ref(schema, n),
            None => return Vec::new(),
        }
    }
    node.get("properties").and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Follows `$ref` and the `anyOf: [T, null]` that optional fields produce.
fn resolve_ref<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(branches) = node.get("anyOf").and_then(Value::as_array) {
            match branches.iter().find(|b| b.get("type").and_then(Value::as_str) != Some("null")) {
                Some(b) => node = b,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ids_sort_like_the_standard() {
        let mut ids = vec!["6.2.10", "6.2.9", "8.1.11b", "8.1.11", "C.2", "C.11", "6.2.15b", "7.0", "7.1.1"];
        ids.sort_by(|a, b| clause_order(a, b));
        assert_eq!(ids, vec!["6.2.9", "6.2.10", "6.2.15b", "7.0", "7.1.1", "8.1.11", "8.1.11b", "C.2", "C.11"]);
    }

    #[test]
    fn schema_paths_follow_refs_and_lists() {
        let schema = crate::model::platform_schema();
        assert!(schema_has_path(schema, "/service_items/*/time_limit/promised_wd"));
        assert!(schema_has_path(schema, "/staffing/full_time"));
        assert!(!schema_has_path(schema, "/staffing/fulltime"));
        assert!(schema_properties(schema, "/staffing").contains(&"full_time".to_owned()));
    }
}
