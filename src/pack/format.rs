//! The rule pack's file format: `pack.yaml` (the manifest) and the rule files, as serde types.
//! These are what committees write; `compile` turns them into the engine's plan.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::engine::plan::{IfMissing, Quantifier};
use crate::text::Text;

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

/// A check as a rule file writes it: `all` or `any` of checks, or one test on the nodes `given`
/// selects. The test is the one key besides the fields below that names a test function
/// (`schema`, `compare`, … — see `engine::functions`); the pack compiles it into `engine::plan`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Check {
    /// Every sub-check must hold; credit is the sum of their units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Check>>,
    /// One sub-check must hold; credit is the best of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Check>>,
    /// JSON Pointer into the platform description; `*` selects every item of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// JSON Schema a selected node must match to be kept (a filter, not a test).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// Keep only the selected node with the greatest value at this relative pointer (e.g. `date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_by: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub if_missing: IfMissing,
    #[serde(default, skip_serializing_if = "is_default")]
    pub quantifier: Quantifier,
    /// What is expected, for the report; generated from the test when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Text>,
    /// The selection must hold at least this many nodes (a number or `{$param: name}`): each one
    /// short is a unit that fails, so that a list of one item cannot meet a clause about the list's
    /// items in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Value>")]
    pub at_least: Option<Value>,
    /// `failures`: only the nodes that fail count, as units not met — a consistency test that a
    /// contradiction fails and that earns nothing when it holds (having no duplicate is not
    /// meeting the clause).
    #[serde(default, skip_serializing_if = "is_default")]
    pub credit: Credit,
    /// The test: its function's name and options (exactly one for a `given` check).
    #[serde(flatten)]
    #[schemars(skip)]
    pub tests: BTreeMap<String, Value>,
}

/// Which units of a `given` check count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Credit {
    /// Every unit, held or not (the default).
    #[default]
    All,
    /// Only units that do not hold.
    Failures,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
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
    /// Fragments on which the rule's `notes` must say something (passing examples must give no note).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noted: Vec<Value>,
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
    /// What the check rests on: concrete facts (`data`, the default), or the platform's own
    /// statement (`declaration`: flags and choices), which a cited document must back.
    #[serde(default)]
    pub basis: RuleBasis,
    /// For a `declaration` rule: the kinds of document (`citations.kinds` in pack.yaml) that can
    /// back it, and where that reading comes from.
    pub backed_by: Option<BackedBy>,
    /// Whether and when a platform may declare the clause not applicable; the pack's default for
    /// the clause's level and chapter when absent.
    pub not_applicable: Option<NaPolicy>,
    pub applies_when: Option<AppliesWhen>,
    pub check: Option<Check>,
    /// Checks whose findings are notes: what a reader of the result should know, without changing
    /// the clause's status or score (C.11: a time limit whose kind the guide does not state).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Check>,
    /// For informative clauses without a check: what the clause records.
    pub informative: Option<Text>,
    #[serde(default)]
    pub examples: Examples,
}

/// What a rule's check rests on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleBasis {
    /// The check tests concrete facts: numbers, dates, lists, names, cross-field consistency.
    #[default]
    Data,
    /// The check tests the platform's own statement (a flag, a choice): met only on the word of
    /// the platform unless a document cited for the clause backs it.
    Declaration,
}

/// The documents that can back a declaration rule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackedBy {
    /// Kinds of document (ids of `citations.kinds`) a citation must be to back the clause.
    pub kinds: Vec<String>,
    /// Why these kinds: the clause wording they are read from (docs/interpretations.md).
    pub provenance: String,
}

/// The vocabulary of cited documents: what kinds there are, and how a kind is recognised in a
/// title when an evidence entry does not say.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citations {
    /// Kinds of document by id (`policy`, `credit_report`, …), in the order used to break ties
    /// when a title names several.
    pub kinds: IndexMap<String, EvidenceKind>,
}

/// One kind of document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceKind {
    pub name: Text,
    /// Words of a title that name this kind (制度, 合同, 验收报告 …). The keyword that ends last in
    /// a title (its trailing remark in brackets left out), then the longest, decides an inferred
    /// kind; an explicit `kind` must be one of the kinds the title names, when it names any.
    pub keywords: Vec<String>,
}

/// Whether a platform may declare a clause not applicable.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum NaPolicy {
    /// Never: the clause is evaluated whatever the platform declares.
    Never,
    /// With a reason that says something (not a placeholder, long enough).
    WithReason,
    /// Only when this check holds on the platform (and with a reason).
    When(Box<AppliesWhen>),
}

/// How the pack protects its verdict: not-applicable declarations, declarations without
/// evidence, and values that say nothing.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trust {
    /// Chapters whose 应 clauses can never be declared not applicable (veto items never can).
    pub never_na_chapters: Vec<String>,
    /// Shortest accepted reason for a not-applicable declaration, in characters.
    pub min_reason_chars: usize,
    /// Words that say nothing about why a clause does not apply (不适用, 本平台, 暂…): a reason
    /// is judged by what is left once they, spaces and punctuation are taken out.
    #[serde(default)]
    pub na_filler: Vec<String>,
    /// Fewest characters a reason must have left once the filler is taken out.
    #[serde(default)]
    pub min_reason_content_chars: usize,
    /// Two reasons whose similarity (Dice coefficient of character bigrams, 0–1) reaches this are
    /// the same reason.
    #[serde(default = "one")]
    pub reason_similarity: f64,
    /// Most clauses one reason (or near-identical ones) may be given for; beyond it every
    /// declaration giving it is refused as pasted.
    #[serde(default = "unbounded")]
    pub max_clauses_per_reason: usize,
    /// Lowest share (percent) of the pack's 应/不应 clauses that must be applicable for the verdict
    /// to be 符合 or 基本符合.
    pub min_applicable_shall_pct: f64,
    /// Most credit (0–1) a 应/不应 clause earns when it rests on the platform's declaration alone.
    pub declaration_credit: f64,
    /// Values that say nothing: a field holding one counts as missing, and the report says so.
    pub placeholders: Vec<String>,
    /// Fields whose values must be plausible of a kind (phone numbers, dates of past events…).
    pub value_checks: Vec<ValueCheck>,
}

fn one() -> f64 {
    1.0
}

fn unbounded() -> usize {
    usize::MAX
}

/// Fields checked for a kind of value.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueCheck {
    pub kind: ValueKind,
    /// JSON Pointers of the fields, `*` for every item of a list.
    pub at: Vec<String>,
}

/// A kind of value the pack can check for plausibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A Chinese telephone number: mobile, landline with area code, 400/800, or a 12345-style hotline.
    Phone,
    /// A contact `{kind, value}`: its value checked as its kind says (phone, e-mail, web address).
    Contact,
    /// The date of something that has happened: not after the assessment date.
    PastDate,
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
    /// What kind of figure the value is, which sets the range `--param` and a config's `params`
    /// may choose from: `percent` (0–100), `count` (a whole number from 0), `measure` (a number
    /// from 0: areas, durations, amounts). Every number in the value is held to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ParamKind>,
    /// Smallest value accepted (narrows `kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest value accepted (narrows `kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// The kind of figure a parameter holds (see [`Param::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A percentage: 0 to 100.
    Percent,
    /// A whole number from 0 (people, systems, drills, levels).
    Count,
    /// A number from 0 (an area, a duration, an amount of money, a rate).
    Measure,
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
    pub trust: Trust,
    /// Kinds of cited document (docs/trust.md).
    pub citations: Citations,
    pub params: IndexMap<String, Param>,
    /// Where the pack's clause reference is published (`ipps-check rules doc`): reports link each
    /// clause to `{docs_url}#clause-{id}` (`help_uri` in JSON, `helpUri` in SARIF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
}

/// The JSON Schema of a rule file: the format types, with each test function's options added to
/// `Check` (they are kept as a flattened map in the type) and `{$param: name}` allowed wherever a
/// test function takes a value.
pub fn rule_file_schema() -> Value {
    let mut root = serde_json::to_value(schemars::schema_for!(RuleFile)).unwrap_or_default();
    // Options inline, so that each property can be opened to a parameter reference.
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.inline_subschemas = true;
    let options = crate::engine::functions::option_schemas(&mut settings.into_generator());
    let param_ref = serde_json::json!({
        "type": "object",
        "description": "A rule-pack parameter, replaced by its value from pack.yaml (or --param).",
        "properties": {"$param": {"type": "string"}},
        "required": ["$param"],
        "additionalProperties": false
    });
    let Some(root_object) = root.as_object_mut() else { return root };
    let defs = root_object.entry("$defs").or_insert_with(|| serde_json::json!({}));
    let Some(defs) = defs.as_object_mut() else { return root };
    defs.insert("ParamRef".into(), param_ref);
    if let Some(check) = defs.get_mut("Check").and_then(Value::as_object_mut) {
        let properties = check.entry("properties").or_insert_with(|| serde_json::json!({}));
        for (name, schema) in options {
            properties[name] = allow_params(serde_json::to_value(schema).unwrap_or_default());
        }
        check.insert("additionalProperties".into(), Value::Bool(false));
    }
    root
}

/// Lets every property of a test function's options be a `{$param: name}` reference instead.
fn allow_params(mut schema: Value) -> Value {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for p in properties.values_mut() {
            *p = serde_json::json!({"anyOf": [p.take(), {"$ref": "#/$defs/ParamRef"}]});
        }
    }
    schema
}
