//! SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers). Hand-written structs for
//! the subset we emit: a typed model keeps the output valid against the official schema, which a
//! test checks, without a generated crate many times the size of what is used.
//!
//! One run per invocation; one `reportingDescriptor` per clause of the pack; one result per clause
//! that is a gap (fail, partial or error) in each platform file, so the result count equals the gap
//! count of every other format.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::assessment::{Assessment, Basis, BasisCounts, ClauseResult, Finding, PackInfo, Status};
use crate::committee::ClauseInfo;
use crate::gate::Gate;
use crate::pack::{Level, Provenance};
use crate::platform::field;
use crate::report::escape::xml_safe_json;
use crate::report::json::message;
use crate::report::json::pretty;
use crate::report::labels;
use crate::report::{Context, Reporter, Summary};
use crate::text::{Lang, Text};

const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Key of our entry in `partialFingerprints`; bump the suffix if the hashed inputs ever change.
const FINGERPRINT_KEY: &str = "ippsClauseFinding/v1";

/// The SARIF log.
#[derive(Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

/// One run of the tool over every platform file of the invocation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub invocations: Vec<Invocation>,
    pub artifacts: Vec<Artifact>,
    /// Columns in the assessment count characters, which is what `unicodeCodePoints` means.
    pub column_kind: &'static str,
    pub results: Vec<SarifResult>,
    pub properties: RunProperties,
}

/// The tool that produced the run.
#[derive(Serialize)]
pub struct Tool {
    pub driver: Driver,
}

/// The driver component: the program and its rules.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    pub semantic_version: &'static str,
    pub rules: Vec<Rule>,
}

/// One clause of the standard as a SARIF rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub short_description: MultiText,
    pub full_description: MultiText,
    pub help: MultiText,
    /// The clause in the pack's clause reference (see `docs_url` in pack.yaml).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_uri: Option<String>,
    pub default_configuration: Configuration,
    pub properties: RuleProperties,
}

/// A text with a plain rendering; `properties` carries both languages for machine readers.
#[derive(Serialize)]
pub struct MultiText {
    pub text: String,
    pub properties: Text,
}

/// The default level of a rule.
#[derive(Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

/// What a rule carries beyond SARIF's own fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleProperties {
    /// 应, 不应, 宜, 不宜, 可 or —.
    pub level: Level,
    pub chapter: String,
    pub veto: bool,
    pub provenance: Provenance,
    pub tags: Vec<String>,
}

/// How the run went.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    pub execution_successful: bool,
}

/// A platform file the run read.
#[derive(Serialize)]
pub struct Artifact {
    pub location: ArtifactLocation,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hashes: BTreeMap<&'static str, String>,
}

/// A file, by URI reference, and its index in `run.artifacts`.
#[derive(Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// One gap: a clause not met in one platform file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    pub rule_index: usize,
    pub kind: &'static str,
    pub level: &'static str,
    pub message: Message,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<&'static str, String>,
    /// `unchanged` for a gap the baseline had, `new` otherwise; absent without `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<&'static str>,
    pub properties: ResultProperties,
}

/// A plain-text message.
#[derive(Serialize)]
pub struct Message {
    pub text: String,
}

/// A place in a platform file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<usize>,
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

/// The file and, when known, the region in it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// A 1-based line and character column, with the line's text.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub snippet: Message,
}

/// The field of the platform description a finding is about.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    pub fully_qualified_name: String,
    pub kind: &'static str,
}

/// What a result carries beyond SARIF's own fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultProperties {
    /// `fail`, `partial` or `error`.
    pub status: Status,
    pub passed: u32,
    pub total: u32,
    pub platform: String,
    pub veto: bool,
    /// What the result rests on: `data`, `evidence` or `declaration`; absent when not evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The place of the first finding in words, naming each list item on the way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The documents cited for the clause, each with what became of it and, when it does not back
    /// the clause, why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<String>,
}

/// The run's context: rule pack, date, gate and each platform's verdict.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunProperties {
    pub pack: Option<PackInfo>,
    pub lang: Lang,
    pub gate: Gate,
    pub platforms: Vec<PlatformSummary>,
}

/// One platform's outcome.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformSummary {
    pub file: String,
    pub platform: String,
    pub as_of: String,
    /// The time zone of `asOf`, and whether the date was given rather than today there.
    pub time_zone: String,
    pub as_of_given: bool,
    pub verdict: String,
    pub score: f64,
    pub grade: String,
    pub gate_passed: bool,
    /// Clauses met, by what they rest on.
    pub basis_counts: BasisCounts,
    /// Applicable 应/不应 clauses met on the platform's word alone.
    pub unverified_shall: usize,
    /// Accepted not-applicable declarations of 应/不应 clauses.
    pub shall_declared_not_applicable: usize,
    pub refused_declarations: usize,
    /// Values taken out because they say nothing.
    pub meaningless_values: usize,
    /// Citations by what became of them (`read_and_matched`, `present_not_read`, `not_checked`,
    /// `missing`, `refused`); every citation is listed in the JSON, text, Markdown and HTML reports.
    pub citations: BTreeMap<&'static str, u32>,
}

/// The SARIF level of a clause level: requirements are errors, recommendations warnings,
/// permissions notes; informative text is never a result.
pub fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::应 | Level::不应 => "error",
        Level::宜 | Level::不宜 => "warning",
        Level::可 => "note",
        Level::Informative => "none",
    }
}

/// A stable identity for a result: the clause and the node its first finding is about. Line
/// numbers are left out on purpose, so editing an unrelated part of the file keeps the identity.
pub fn fingerprint(c: &ClauseResult) -> String {
    let pointer = c.findings.first().map(|f| f.pointer.as_str()).unwrap_or("");
    let digest = Sha256::digest(format!("{}\u{0}{pointer}", c.id).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A file path as given, as a URI reference: every character a URI reference cannot hold literally
/// is percent-encoded (UTF-8), including `:` so that a relative path is never read as a scheme. A
/// file name that is not valid UTF-8 keeps its original bytes, percent-encoded, rather than the
/// replacement characters its shown name has.
pub fn path_uri(path: &str) -> String {
    match crate::input::raw_name(path) {
        Some(bytes) => encode_bytes(String::new(), &bytes),
        None => path_uri_on(path, cfg!(windows)),
    }
}

/// Appends bytes to a URI, percent-encoding those a URI reference cannot hold literally.
fn encode_bytes(mut out: String, bytes: &[u8]) -> String {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// [`path_uri`] for Windows paths, where `\` separates directories and becomes `/` and a drive
/// path becomes a `file:` URI, or for other systems, where `\` is a character of a file name and
/// is percent-encoded like any other.
fn path_uri_on(path: &str, windows: bool) -> String {
    let path = if windows { path.replace('\\', "/") } else { path.to_owned() };
    let bytes = path.as_bytes();
    let drive = windows && bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) =
        if drive { (format!("file:///{}:", &path[..1]), &path[2..]) } else { (String::new(), path.as_str()) };
    encode_bytes(prefix, rest.as_bytes())
}

/// PascalCase identifier from an English title, for `reportingDescriptor.name`.
fn rule_name(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|f| f.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The authoritative Chinese first, the English second, whatever the report language: a rule's
/// descriptions are shown by viewers that know nothing of --lang.
fn both(t: &Text) -> String {
    if t.en.is_empty() || t.en == t.zh { t.zh.clone() } else { format!("{}\n{}", t.zh, t.en) }
}

fn rule(c: &ClauseInfo, pack: &PackInfo, lang: Lang) -> Rule {
    let title = Text::new(format!("{} {}", c.id, c.title.zh), format!("{} {}", c.id, c.title.en));
    let mut tags = vec![format!("chapter:{}", c.chapter), format!("level:{}", c.level.english())];
    if c.veto {
        tags.push("veto".into());
    }
    Rule {
        id: c.id.clone(),
        name: Some(rule_name(&c.title.en))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("Clause{}", rule_name(&c.id))),
        short_description: MultiText { text: format!("{} / {}", title.zh, c.title.en), properties: title },
        full_description: MultiText { text: both(&c.text), properties: c.text.clone() },
        help: MultiText { text: c.remediation.get(lang).to_owned(), properties: c.remediation.clone() },
        help_uri: pack.help_uri(&c.id),
        default_configuration: Configuration { level: sarif_level(c.level) },
        properties: RuleProperties {
            level: c.level,
            chapter: c.chapter.clone(),
            veto: c.veto,
            provenance: c.provenance.clone(),
            tags,
        },
    }
}

fn location(a: &Assessment, artifact: usize, f: &Finding, id: Option<usize>, lang: Lang) -> Location {
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: path_uri(&a.source.name), index: Some(artifact) },
            region: f.at.map(|p| Region {
                start_line: p.line,
                start_column: p.column,
                // The line as the file has it, cut like every echoed value (a minified line is huge).
                snippet: Message { text: crate::values::bounded(a.source.line_text(p.line)) },
            }),
        },
        logical_locations: if f.pointer.is_empty() {
            Vec::new()
        } else {
            vec![LogicalLocation { fully_qualified_name: field(&f.pointer), kind: "property" }]
        },
        message: id.map(|_| Message { text: labels::finding(f, lang) }),
    }
}

fn result(a: &Assessment, artifact: usize, rule_index: usize, c: &ClauseResult, lang: Lang) -> SarifResult {
    let file_only = Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: path_uri(&a.source.name), index: Some(artifact) },
            region: None,
        },
        logical_locations: Vec::new(),
        message: None,
    };
    let primary = c.findings.first().map(|f| location(a, artifact, f, None, lang)).unwrap_or(file_only);
    let related = c.findings.iter().enumerate().skip(1).map(|(i, f)| location(a, artifact, f, Some(i), lang)).collect();
    let level = labels::level(c.level, lang);
    SarifResult {
        rule_id: c.id.clone(),
        rule_index,
        kind: "fail",
        level: sarif_level(c.level),
        message: Message { text: format!("[{level}] {} {}: {}", c.id, c.title.get(lang), message(c, lang)) },
        locations: vec![primary],
        related_locations: related,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(c))]),
        baseline_state: a.baseline_used.then_some(if c.in_baseline { "unchanged" } else { "new" }),
        properties: ResultProperties {
            status: c.status,
            passed: c.passed,
            total: c.total,
            platform: a.platform.clone(),
            veto: c.veto,
            basis: c.basis,
            place: c.findings.first().map(labels::path),
            citations: a
                .citations_of(&c.id)
                .into_iter()
                .map(|(d, why)| labels::citation_for_clause(d, why, lang))
                .collect(),
        },
    }
}

/// Builds the SARIF log without its results, which a batch streams into place.
pub fn log(cx: &Context, s: &Summary) -> Log {
    let lang = cx.lang;
    let rules: Vec<Rule> = s.catalog.clauses.iter().map(|c| rule(c, &s.catalog.pack, lang)).collect();
    // Every file of the run is an artifact, at the index of its position among the files, so a
    // result rendered before the run ends knows its artifact; a file that could not be read has
    // no hash.
    let artifacts = s
        .files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let row = s.rows.binary_search_by_key(&i, |r| r.index).ok().map(|k| &s.rows[k]);
            let hash = row.map(|r| r.sha256.trim_start_matches("sha256:").to_owned());
            Artifact {
                location: ArtifactLocation { uri: path_uri(file), index: None },
                hashes: hash.into_iter().map(|h| ("sha-256", h)).collect(),
            }
        })
        .collect();
    let platforms = s
        .rows
        .iter()
        .map(|r| PlatformSummary {
            file: r.file.clone(),
            platform: r.platform.clone(),
            as_of: s.catalog.as_of.clone(),
            time_zone: s.catalog.as_of_zone.clone(),
            as_of_given: s.catalog.as_of_given,
            verdict: r.verdict.label().get(lang).to_owned(),
            score: r.score,
            grade: r.grade.get(lang).to_owned(),
            gate_passed: r.gate_passed(),
            basis_counts: r.basis_counts,
            unverified_shall: r.unverified_shall,
            shall_declared_not_applicable: r.shall_declared,
            refused_declarations: r.refused_declarations,
            meaningless_values: r.meaningless,
            citations: crate::assessment::CopyStatus::ALL
                .iter()
                .zip(r.citation_statuses)
                .map(|(s, n)| (s.key(), n))
                .collect(),
        })
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool { driver: Driver { name: "ipps-check", version, semantic_version: version, rules } },
            invocations: vec![Invocation { execution_successful: true }],
            artifacts,
            column_kind: "unicodeCodePoints",
            results: Vec::new(),
            properties: RunProperties { pack: Some(s.catalog.pack.clone()), lang, gate: cx.gate.clone(), platforms },
        }],
    }
}

/// The SARIF log, its results written as each platform finishes.
pub struct Sarif;

/// Where results sit in the log: `{ "runs": [ { "results": [ {`.
const RESULT_INDENT: usize = 8;

fn split(cx: &Context, s: &Summary) -> (String, String) {
    let text = xml_safe_json(pretty(&log(cx, s), 0));
    // The only unquoted `"results": []` is the run's key.
    match text.find("\"results\": []") {
        Some(i) => {
            let open = i + "\"results\": ".len();
            (format!("{}[\n{}", &text[..open], " ".repeat(RESULT_INDENT)), format!("\n      ]{}\n", &text[open + 2..]))
        }
        None => (text, "\n".into()),
    }
}

impl Reporter for Sarif {
    fn head_needs_rows(&self) -> bool {
        true
    }

    fn head(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        w(&split(cx, s).0);
    }

    fn section(&self, cx: &Context, index: usize, a: &Assessment) -> String {
        let index_of: BTreeMap<&str, usize> = a.clauses.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let results: Vec<String> = a
            .clauses
            .iter()
            .filter(|c| c.status.is_gap())
            .filter_map(|c| index_of.get(c.id.as_str()).map(|&i| result(a, index, i, c, cx.lang)))
            .map(|r| xml_safe_json(pretty(&r, RESULT_INDENT)))
            .collect();
        results.join(self.separator())
    }

    fn separator(&self) -> &'static str {
        ",\n        "
    }

    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        w(&split(cx, s).1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("examples/hangzhou.yaml"), "examples/hangzhou.yaml");
        assert_eq!(path_uri("cities/杭州 v2.yaml"), "cities/%E6%9D%AD%E5%B7%9E%20v2.yaml");
        assert_eq!(path_uri("a:b.yaml"), "a%3Ab.yaml");
        assert_eq!(path_uri("50%.yaml"), "50%25.yaml");
        assert_eq!(path_uri_on(r"back\slash.yaml", false), "back%5Cslash.yaml");
        assert_eq!(path_uri_on(r"C:\p\x.yaml", false), "C%3A%5Cp%5Cx.yaml");
        assert_eq!(path_uri_on(r"C:\p\x.yaml", true), "file:///C:/p/x.yaml");
        assert_eq!(path_uri_on(r"dir\x.yaml", true), "dir/x.yaml");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(rule_name("Efficiency & convenience"), "EfficiencyConvenience");
        assert_eq!(rule_name("Annex C Implementation list"), "AnnexCImplementationList");
    }
}
