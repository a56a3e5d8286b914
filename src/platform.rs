//! Loading a platform description: bytes → UTF-8 → spanned YAML → JSON + source map → schema check.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::Mutex;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem, did_you_mean};
use crate::migrate;
use crate::source::SourceFile;
use crate::yaml::{self, Limits, SourceMap, escape_token};

pub use crate::pointer::field;
pub use crate::values::{describe as describe_value, truncate};

/// A platform description that parsed and matched the schema.
#[derive(Debug, Clone)]
pub struct LoadedPlatform {
    pub source: SourceFile,
    /// The document as JSON in the current format (version 2), with null values removed (a null
    /// field counts as absent). A version-1 file is migrated on load.
    pub value: Value,
    /// Positions in the file of every node of `value` (for a migrated file, of the node it came from).
    pub map: SourceMap,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The format version the file is written in.
    pub format_version: u64,
}

/// A platform format version's schema, as used to validate files of that version.
struct Format {
    /// The published schema with `null` alternatives removed, because nulls are stripped from
    /// the document before validation.
    schema: Value,
    validator: Result<jsonschema::Validator, String>,
}

impl Format {
    fn new(published: &Value) -> Format {
        let mut schema = without_null(published.clone());
        assert_calendar_dates(&mut schema);
        let validator = crate::engine::schemas::options()
            .should_validate_formats(true)
            .with_format("date", |s: &str| crate::date::parse_span(s).is_some())
            .build(&schema)
            .map_err(|e| e.to_string());
        Format { schema, validator }
    }
}

/// Marks the schema's date type with the `date` format, which the validator asserts as
/// `date::parse_span` reads it. The pattern alone admits `2026-02-30`, which would then fail a
/// clause (exit 1) instead of being refused where it is written (exit 2), as waivers and `--as-of`
/// already were. Both format versions name the type `Date`.
fn assert_calendar_dates(schema: &mut Value) {
    if let Some(Value::Object(date)) = schema.pointer_mut("/$defs/Date") {
        date.insert("format".into(), Value::from("date"));
    }
}

/// The current format (version 2).
static CURRENT: LazyLock<Format> = LazyLock::new(|| Format::new(crate::model::platform_schema()));

/// Format version 1, frozen as it was published: files without `format_version` are read with it.
static VERSION_1: LazyLock<Format> = LazyLock::new(|| {
    let published: Value = serde_json::from_str(include_str!("../schemas/platform-v1.schema.json")).unwrap_or_default();
    Format::new(&published)
});

/// The published JSON Schema of format version 1.
pub fn schema_v1() -> Value {
    serde_json::from_str(include_str!("../schemas/platform-v1.schema.json")).unwrap_or_default()
}

/// The validation schema without `required`, for partial documents such as rule examples.
static FRAGMENT_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    crate::engine::schemas::options().build(&without_required(CURRENT.schema.clone())).map_err(|e| e.to_string())
});

fn without_required(v: Value) -> Value {
    match v {
        Value::Object(mut o) => {
            o.remove("required");
            // Alternatives (a duration's forms) are told apart by what they require: keep them.
            Value::Object(
                o.into_iter()
                    .map(|(k, v)| match k.as_str() {
                        "oneOf" | "not" => (k, v),
                        _ => (k, without_required(v)),
                    })
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(without_required).collect()),
        other => other,
    }
}

/// Schema errors of a partial platform description (a rule example), as plain messages.
pub fn fragment_problems(value: &Value) -> Vec<String> {
    let mut value = value.clone();
    strip_nulls(&mut value);
    match &*FRAGMENT_VALIDATOR {
        Ok(v) => v.iter_errors(&value).map(|e| format!("{}: {e}", field(e.instance_path().as_str()))).collect(),
        Err(e) => vec![e.clone()],
    }
}

fn without_null(mut v: Value) -> Value {
    strip_null_types(&mut v);
    v
}

/// Removes `null` from `type` lists and `anyOf [T, null]` alternatives, in place (the schema is
/// large: rebuilding every mapping would cost more than the validation it prepares).
fn strip_null_types(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t.as_str() != Some("null"));
                if types.len() == 1 {
                    let only = types.remove(0);
                    o.insert("type".into(), only);
                }
            }
            let single = match o.get("anyOf") {
                Some(Value::Array(branches)) => {
                    let kept: Vec<&Value> =
                        branches.iter().filter(|b| b.get("type").and_then(Value::as_str) != Some("null")).collect();
                    (kept.len() == 1).then(|| kept[0].clone())
                }
                _ => None,
            };
            if let Some(Value::Object(inner)) = single {
                o.remove("anyOf");
                for (k, v) in inner {
                    o.entry(k).or_insert(v);
                }
            }
            o.values_mut().for_each(strip_null_types);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_null_types),
        _ => {}
    }
}

/// Removes null values: a field left empty counts as absent.
pub fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Reads and validates a platform file of any kind (a FIFO, `/dev/stdin`), within `--max-file-size`.
/// A file loaded ahead by [`preload`] is taken from there (waiting for it if it is still loading).
pub fn load_file(path: &Path, limits: &Limits) -> Result<LoadedPlatform, Error> {
    {
        let mut ahead = PRELOADED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if ahead.as_ref().is_some_and(|(p, _)| p == path)
            && let Some((_, loaded)) = ahead.take()
        {
            return loaded;
        }
    }
    read_and_load(path, limits)
}

fn read_and_load(path: &Path, limits: &Limits) -> Result<LoadedPlatform, Error> {
    let bytes = crate::input::read_capped(path, crate::input::Cap::platform(limits.max_file_bytes))?;
    load_bytes(&path.display().to_string(), &bytes, limits)
}

/// The platform file loaded ahead, while the rule pack compiles: held under the lock while it
/// loads, so that [`load_file`] waits for it rather than reading the file a second time.
static PRELOADED: Mutex<Option<(PathBuf, Result<LoadedPlatform, Error>)>> = Mutex::new(None);

/// Loads a platform file ahead, on the calling thread (a run spawns it on the second core while
/// the pack compiles); the next [`load_file`] of the same path takes the result.
pub fn preload(path: PathBuf, limits: Limits) {
    let mut ahead = PRELOADED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let loaded = read_and_load(&path, &limits);
    *ahead = Some((path, loaded));
}

/// Validates a platform description given as bytes; `name` labels diagnostics.
pub fn load_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<LoadedPlatform, Error> {
    let sha256 = format!("sha256:{:x}", Sha256::digest(bytes));
    let text = yaml::decode(bytes).map_err(|e| Error::single(Problem::at_yaml(&SourceFile::new(name, ""), e)))?;
    let source = SourceFile::new(name, text);
    if source.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(Error::single(Problem::plain(
            name,
            "the file is empty; run `ipps-check init > platform.yaml` for a template",
        )));
    }
    let node = yaml::parse_platform(&source.text, limits).map_err(|e| Error::single(Problem::at_yaml(&source, e)))?;
    let (mut value, map) = yaml::to_json(node);
    if !value.is_object() {
        let mut p = Problem::at(&source, map.get("").map(|s| s.value), "the platform description must be a mapping");
        p.help = Some(
            "start from `ipps-check init`; the top level holds sections such as `platform:` and `operator:`".into(),
        );
        return Err(Error::single(p));
    }
    strip_nulls(&mut value);
    let version = match migrate::version_of(&value) {
        Some(v @ (1 | 2)) => v,
        other => {
            let found = other.map(|v| v.to_string()).unwrap_or_else(|| describe_value(&value["format_version"]));
            let at = map.get("/format_version").map(|s| s.value);
            let mut p = Problem::at(
                &source,
                at,
                format!("unknown format_version {found}; this ipps-check reads versions 1 and 2"),
            );
            p.help = Some("write `format_version: 2`, or use the ipps-check release that wrote this file".into());
            return Err(Error::single(p));
        }
    };
    let format = if version == 1 { &*VERSION_1 } else { &*CURRENT };
    let problems = schema_problems(&source, &value, &map, format);
    if !problems.is_empty() {
        return Err(Error::many(problems));
    }
    if version == 1 {
        let migrated = migrate::v1_to_v2(&value);
        let map = remap(&map, &migrated);
        return Ok(LoadedPlatform { source, value: migrated.value, map, sha256, format_version: 1 });
    }
    Ok(LoadedPlatform { source, value, map, sha256, format_version: 2 })
}

/// Positions for a migrated document: every node at the position of the node it came from (or,
/// for a node that version 1 did not have, of its nearest ancestor).
fn remap(map: &SourceMap, migrated: &migrate::Migrated) -> SourceMap {
    fn walk(v: &Value, pointer: String, map: &SourceMap, migrated: &migrate::Migrated, out: &mut SourceMap) {
        if let Some((_, span)) = map.resolve(&migrated.origin_of(&pointer)) {
            out.insert(pointer.clone(), span);
        }
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    walk(x, format!("{pointer}/{}", escape_token(k)), map, migrated, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{pointer}/{i}"), map, migrated, out);
                }
            }
            _ => {}
        }
    }
    let mut out = SourceMap::default();
    walk(&migrated.value, String::new(), map, migrated, &mut out);
    out
}

/// Validates a document against a format's schema and turns each error into a located problem.
fn schema_problems(source: &SourceFile, value: &Value, map: &SourceMap, format: &Format) -> Vec<Problem> {
    let validator = match &format.validator {
        Ok(v) => v,
        Err(e) => return vec![Problem::plain(&source.name, format!("internal schema error: {e}"))],
    };
    let mut problems = Vec::new();
    for err in validator.iter_errors(value) {
        let base = err.instance_path().as_str().to_owned();
        let found = describe_value(err.instance());
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = crate::schema_path::properties(&format.schema, &base);
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                for key in unexpected {
                    let pointer = format!("{base}/{}", escape_token(key));
                    let at = map.get(&pointer).map(|s| s.key.unwrap_or(s.value));
                    let mut p = Problem::at(source, at, format!("unknown field `{key}` in {}", section(&base)));
                    p.help = did_you_mean(key, &allowed)
                        .or_else(|| Some(format!("valid fields here: {}", allowed.join(", "))));
                    problems.push(p);
                }
            }
            ValidationErrorKind::Required { property } => {
                let at = map.get(&base).map(|s| s.key.unwrap_or(s.value));
                let property = property.as_str().unwrap_or_default();
                problems.push(Problem::at(
                    source,
                    at,
                    format!("missing required field `{property}` in {}", section(&base)),
                ));
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
                };
                let at = map.get(&base).map(|s| s.value);
                problems.push(Problem::at(
                    source,
                    at,
                    format!("`{}` must be {}, found {found}", field(&base), article(&expected)),
                ));
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(|o| o.as_str().map(str::to_owned).unwrap_or_else(|| o.to_string())).collect())
                    .unwrap_or_default();
                let refs: Vec<&str> = options.iter().map(String::as_str).collect();
                let at = map.get(&base).map(|s| s.value);
                let mut p = Problem::at(
                    source,
                    at,
                    format!("`{}` is {found}, which is not one of: {}", field(&base), options.join(", ")),
                );
                p.help = err.instance().as_str().and_then(|s| did_you_mean(s, &refs));
                problems.push(p);
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                // A value not written YYYY-MM-DD at all has its pattern error already.
                if let Some(why) = err.instance().as_str().and_then(crate::date::impossible) {
                    let at = map.get(&base).map(|s| s.value);
                    let mut p =
                        Problem::at(source, at, format!("`{}` is {found}, which is not a calendar date", field(&base)));
                    p.help = Some(why);
                    problems.push(p);
                }
            }
            ValidationErrorKind::Pattern { .. } => {
                let at = map.get(&base).map(|s| s.value);
                let what = pattern_meaning(&base);
                problems.push(Problem::at(source, at, format!("`{}` is {found}, which is not {what}", field(&base))));
            }
            ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::OneOfMultipleValid { .. }
            | ValidationErrorKind::AnyOf { .. } => {
                // Alternatives (a duration's forms): name them from the schema's description.
                let at = map.get(&base).map(|s| s.value);
                let schema_at = err.schema_path().as_str().rsplit_once('/').map(|(p, _)| p.to_owned());
                let described = schema_at
                    .and_then(|p| format.schema.pointer(&p))
                    .and_then(|s| s.get("description"))
                    .and_then(Value::as_str);
                let mut p = Problem::at(
                    source,
                    at,
                    format!("`{}` is {found}, which is none of the accepted forms", field(&base)),
                );
                p.help = described.map(str::to_owned);
                problems.push(p);
            }
            _ => {
                let at = map.get(&base).map(|s| s.value);
                problems.push(Problem::at(source, at, format!("`{}`: {err}", field(&base))));
            }
        }
    }
    problems.sort_by_key(|p| p.at.map(|a| (a.line, a.column)));
    problems
}

fn section(pointer: &str) -> String {
    if pointer.is_empty() { "the top level".into() } else { format!("`{}`", field(pointer)) }
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer".into(),
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "string" => "a string".into(),
        "number" => "a number".into(),
        "boolean" => "true or false".into(),
        other => other.into(),
    }
}

fn pattern_meaning(pointer: &str) -> &'static str {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    if last.contains("url")
        || last == "web_portal"
        || last == "flowchart"
        || last == "privacy_policy"
        || last == "report"
        || last == "sharing_catalog"
        || last == "annual_report"
        || last == "public_url"
    {
        "a web address starting with http:// or https://"
    } else if last.contains("uscc") {
        "an 18-character unified social credit code"
    } else {
        "a date written YYYY-MM-DD (or YYYY-MM)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match load_bytes("p.yaml", text.as_bytes(), &Limits::default()) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems()
                .iter()
                .map(|p| format!("{} | {}", p.headline(), p.help.clone().unwrap_or_default()))
                .collect(),
        }
    }

    #[test]
    fn minimal_platform_loads() {
        assert!(problems("platform:\n  name: x\n").is_empty());
    }

    #[test]
    fn unknown_fields_get_the_nearest_name() {
        let p = problems("platform:\n  name: x\nstaffing:\n  ful_time: 3\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("p.yaml:4:3: unknown field `ful_time` in `staffing`"), "{p:?}");
        assert!(p[0].contains("did you mean `full_time`?"), "{p:?}");
    }

    #[test]
    fn wrong_types_and_enums_are_located() {
        let p = problems("platform:\n  name: x\n  level: city\nstaffing:\n  full_time: many\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("p.yaml:3:10: `platform.level` is \"city\""), "{p:?}");
        assert!(p[1].starts_with("p.yaml:5:14: `staffing.full_time` must be an integer"), "{p:?}");
    }

    #[test]
    fn nulls_count_as_absent_and_dates_are_checked() {
        assert!(problems("platform:\n  name: x\n  url:\n").is_empty());
        let p = problems("platform:\n  name: x\n  launched: 2024/01/01\n");
        assert!(p[0].contains("not a date written YYYY-MM-DD"), "{p:?}");
    }

    #[test]
    fn impossible_dates_are_refused_where_they_are_written() {
        let p = problems("platform:\n  name: x\n  launched: 2026-02-30\nscope:\n  demand_survey_date: 2025-04-31\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("p.yaml:3:13: `platform.launched` is \"2026-02-30\", which is not a calendar date"));
        assert!(p[0].ends_with("| February 2026 has 28 days"), "{p:?}");
        assert!(p[1].starts_with("p.yaml:5:23: `scope.demand_survey_date` is \"2025-04-31\""), "{p:?}");
        // One problem for a value that is not written as a date at all, not two.
        assert_eq!(problems("platform:\n  name: x\n  launched: 2026-2-3\n").len(), 1);
        assert!(problems("platform:\n  name: x\n  launched: 2024-02-29\n").is_empty());
    }

    /// A document holding every field a schema types as a date, each set to `2026-02-30`, with
    /// one entry in every list on the way; counts the dates.
    fn every_date(root: &Value, node: &Value, count: &mut usize) -> Option<Value> {
        let node = match node.get("$ref").and_then(Value::as_str) {
            Some("#/$defs/Date") => {
                *count += 1;
                return Some(Value::from("2026-02-30"));
            }
            Some(r) => root.pointer(r.trim_start_matches('#'))?,
            None => node,
        };
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            let o: serde_json::Map<String, Value> =
                props.iter().filter_map(|(k, v)| every_date(root, v, count).map(|x| (k.clone(), x))).collect();
            return (!o.is_empty()).then_some(Value::Object(o));
        }
        if let Some(items) = node.get("items") {
            return every_date(root, items, count).map(|x| Value::Array(vec![x]));
        }
        let branches = node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array)?;
        branches.iter().find_map(|b| every_date(root, b, count))
    }

    #[test]
    fn every_date_field_of_both_versions_is_checked_for_a_real_date() {
        for (format, version) in [(&*CURRENT, Some(2)), (&*VERSION_1, None)] {
            let mut count = 0;
            let mut doc = every_date(&format.schema, &format.schema, &mut count).expect("the schema has dates");
            assert!(count >= 20, "version {version:?}: only {count} date fields found");
            if let Some(v) = version {
                doc["format_version"] = Value::from(v);
            }
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let found = problems(&text).iter().filter(|p| p.contains("which is not a calendar date")).count();
            assert_eq!(found, count, "version {version:?}: {text}");
        }
    }

    #[test]
    fn month_dates_are_dates_in_version_2() {
        let v2 = "format_version: 2\nplatform:\n  name: x\n  launched: ";
        assert!(problems(&format!("{v2}2026-02\n")).is_empty());
        assert!(problems(&format!("{v2}2026-02-29\n"))[0].contains("February 2026 has 28 days"));
    }

    #[test]
    fn the_platform_section_is_required() {
        let p = problems("operator:\n  name: x\n");
        assert!(p[0].contains("missing required field `platform`"), "{p:?}");
    }

    #[test]
    fn fields_read_as_dotted_paths() {
        assert_eq!(field("/service_items/0/fee/basis"), "service_items[0].fee.basis");
        assert_eq!(field("/a~1b"), "a/b");
    }
}
