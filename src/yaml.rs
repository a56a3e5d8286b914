//! Reading YAML with a span on every node, and turning it into JSON plus a source map.
//!
//! Every input (platform files, rule files, waivers) goes through [`parse`], the only place that
//! knows serde-saphyr's options: duplicate keys are errors, YAML 1.1 booleans such as `NO` stay
//! strings, and budgets bound depth and alias expansion.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use crate::source::{LineCol, SourceFile};

/// Limits applied while parsing untrusted YAML. Platform files are read with the limits the
/// command-line flags set ([`parse_platform`]); rule packs, `--param` values, waivers and config
/// files with [`Limits::default`], which no flag changes ([`parse`], [`parse_typed`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted file, in bytes (`--max-file-size`).
    pub max_file_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences (`--max-depth`), up to [`DEPTH_CAP`].
    pub max_depth: usize,
    /// Most alias references (`*name`) in one file (`--max-aliases`).
    pub max_aliases: usize,
    /// Most nodes in one file once aliases are expanded (`--max-nodes`): stops "billion laughs".
    pub max_nodes: usize,
    /// Most items in one list (`--max-list-items`).
    pub max_list_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_aliases: 1_000,
            max_nodes: 250_000,
            max_list_items: 10_000,
        }
    }
}

/// Nesting no input may exceed, whatever `--max-depth` says: the parser stops at 255 nested flow
/// collections (`[[[…]]]`) on its own, and the recursive walks over a parsed document (conversion
/// to JSON, schema validation, dropping it) must fit the stacks of the worker threads.
pub const DEPTH_CAP: usize = 255;

/// Text in all values once aliases are resolved, unless `--max-file-size` is larger: a file cannot
/// exceed it without aliases, so only an alias bomb of long strings meets it.
const SCALAR_BYTES_FLOOR: usize = 64 * 1024 * 1024;

impl Limits {
    /// The nesting depth the parser enforces: `max_depth` up to [`DEPTH_CAP`].
    pub fn depth(&self) -> usize {
        self.max_depth.min(DEPTH_CAP)
    }

    /// Most bytes of text in all values once aliases are resolved.
    fn scalar_bytes(&self) -> usize {
        self.max_file_bytes.max(SCALAR_BYTES_FLOOR)
    }
}

/// Whose limits a document is read with, which decides what a limit message can suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// A platform file: its limits come from the command-line flags.
    Platform,
    /// A rule file, pack.yaml, a `--param` value, a waivers or config file: read with the
    /// defaults, which no flag changes.
    Fixed,
}

/// A YAML node in source order; every child keeps its span.
#[derive(Debug)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML node")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
                Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
                Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = a.next_element::<Spanned<Node>>()? {
                    items.push(x);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(k) = a.next_key::<Spanned<String>>()? {
                    entries.push((k, a.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

/// Where a node of the document sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// The key of a mapping entry, when the node is a mapping value.
    pub key: Option<LineCol>,
    /// The value itself.
    pub value: LineCol,
}

/// JSON Pointer → position of that node in the YAML file.
#[derive(Debug, Default, Clone)]
pub struct SourceMap(HashMap<String, NodeSpan>);

impl SourceMap {
    /// The position of a pointer, or of its nearest ancestor that exists.
    pub fn resolve(&self, pointer: &str) -> Option<(String, NodeSpan)> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.0.get(p) {
                return Some((p.to_owned(), *s));
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// The exact position of a pointer, if that node exists.
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.0.get(pointer).copied()
    }

    /// Every node with its position, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        self.0.iter().map(|(pointer, span)| (pointer.as_str(), span))
    }

    /// Records where a node is (for documents rewritten after parsing, such as a migrated file).
    pub fn insert(&mut self, pointer: String, span: NodeSpan) {
        self.0.insert(pointer, span);
    }
}

/// A parse failure with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub at: Option<LineCol>,
}

pub use crate::pointer::escape_token;

/// The serde-saphyr budget for a set of limits. Every budget the parser has is either one of our
/// limits or derived from one, so that raising a flag never runs into a hidden default instead.
fn budget(limits: &Limits) -> serde_saphyr::Budget {
    let mut b = serde_saphyr::Budget::default();
    b.max_depth = limits.depth();
    b.max_nodes = limits.max_nodes;
    b.max_aliases = limits.max_aliases;
    b.max_anchors = limits.max_aliases;
    // A node costs at most two events (start and end), an alias one, a document two; so with this
    // many events the node limit is always the one reached first.
    b.max_events = limits.max_nodes.saturating_mul(2).saturating_add(limits.max_aliases).saturating_add(4096);
    b.max_total_scalar_bytes = limits.scalar_bytes();
    // The alias/anchor ratio heuristic refused a file that reuses one anchor 150 times, with no
    // flag to allow it; the alias and node limits already bound what aliases can expand to.
    b.enforce_alias_anchor_ratio = false;
    b
}

/// The serde-saphyr options every input is read with.
pub fn options(limits: &Limits) -> serde_saphyr::Options {
    let budget = budget(limits);
    let max_events = budget.max_events;
    serde_saphyr::options! {
        budget: Some(budget),
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: max_events,
            max_replay_stack_depth: limits.depth(),
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    }
}

/// Parses a platform file (one YAML document) into a node tree whose children keep their spans.
/// Its limits come from the command line, and a limit message names the flag that raises it.
pub fn parse_platform(text: &str, limits: &Limits) -> Result<Spanned<Node>, YamlError> {
    parse_as(text, limits, Reader::Platform)
}

/// Parses a document read with fixed limits (a rule file, pack.yaml, a `--param` value, a
/// waivers or config file) into a node tree whose children keep their spans. A limit message says
/// that no flag changes the limit, rather than pointing at a flag that has no effect on these files.
pub fn parse(text: &str, limits: &Limits) -> Result<Spanned<Node>, YamlError> {
    parse_as(text, limits, Reader::Fixed)
}

fn parse_as(text: &str, limits: &Limits, reader: Reader) -> Result<Spanned<Node>, YamlError> {
    // The parser recurses once per nesting level with large frames (larger still in debug builds),
    // so it runs on a thread whose stack fits the depth budget whatever thread called us.
    let work = || parse_on_this_thread(text, limits, reader);
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(s, work)
            .map_err(|e| YamlError { message: format!("cannot start the parser: {e}"), at: None })?
            .join()
            .unwrap_or_else(|_| Err(YamlError { message: "the YAML parser failed".into(), at: None }))
    })
}

/// Stack for the parser thread; only the pages a deep document touches are ever committed.
const PARSER_STACK_BYTES: usize = 256 * 1024 * 1024;

fn parse_on_this_thread(text: &str, limits: &Limits, reader: Reader) -> Result<Spanned<Node>, YamlError> {
    let node = deserialize::<Spanned<Node>>(text, limits, reader)?;
    check_list_lengths(&node, limits, reader)?;
    Ok(node)
}

/// Deserialises a document read with fixed limits (a waivers or config file) straight into a
/// type, with the same options and messages as [`parse`].
pub fn parse_typed<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, YamlError> {
    deserialize(text, limits, Reader::Fixed)
}

fn deserialize<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits, reader: Reader) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options::<T>(text, options(limits)).map_err(|e| {
        let at = e
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| LineCol { line: l.line() as usize, column: l.column().max(1) as usize });
        let message = match limit_hit(&e, text, limits) {
            Some(hit) => limit_message(hit, limits, reader),
            None => clean_message(&e.to_string()),
        };
        YamlError { message, at }
    })
}

/// Which limit a document ran into.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Hit {
    Depth,
    Aliases,
    Anchors,
    /// Too many nodes; `expanded` when the file itself has fewer and its aliases made the rest.
    Nodes {
        expanded: bool,
    },
    ScalarBytes,
    /// A list of this many items.
    ListItems(usize),
    /// A budget of the parser's own that none of our limits sets.
    Other(String),
}

/// The limit behind a parse error, if it was one.
fn limit_hit(e: &serde_saphyr::Error, text: &str, limits: &Limits) -> Option<Hit> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    Some(match inner {
        E::Budget { breach: B::Depth { .. }, .. } | E::AliasReplayStackDepthExceeded { .. } => Hit::Depth,
        E::Budget { breach: B::Aliases { .. }, .. } => Hit::Aliases,
        E::Budget { breach: B::Anchors { .. }, .. } => Hit::Anchors,
        E::Budget { breach: B::Nodes { .. } | B::Events { .. }, .. } => Hit::Nodes { expanded: expanded(text, limits) },
        E::AliasReplayLimitExceeded { .. } => Hit::Nodes { expanded: true },
        E::Budget { breach: B::ScalarBytes { .. }, .. } => Hit::ScalarBytes,
        E::Budget { breach, .. } => Hit::Other(format!("{breach:?}")),
        // The parser's own nesting limits (flow collections, and block ones past max_depth).
        _ if e.to_string().contains("recursion limit exceeded") => Hit::Depth,
        _ => return None,
    })
}

/// Whether a node limit was reached only through aliases: the file's own nodes, counted without
/// expanding any alias, stay within it. Runs on the error path only.
fn expanded(text: &str, limits: &Limits) -> bool {
    use serde_saphyr::budget::{BudgetBreach as B, EnforcingPolicy, check_yaml_budget};
    let raw = check_yaml_budget(text, budget(limits), EnforcingPolicy::AllContent);
    !matches!(raw, Ok(r) if matches!(r.breached, Some(B::Nodes { .. } | B::Events { .. })))
}

/// Says which limit a document ran into and what raises it: a flag for platform files, nothing
/// for rule packs, waivers and config files, nothing past the parser's own depth cap.
fn limit_message(hit: Hit, limits: &Limits, reader: Reader) -> String {
    let what = match &hit {
        Hit::Depth => format!("the YAML nests deeper than {} levels", limits.depth()),
        Hit::Aliases => format!("the YAML uses more than {} alias references", limits.max_aliases),
        Hit::Anchors => format!("the YAML defines more than {} anchors", limits.max_aliases),
        Hit::Nodes { expanded: true } => format!(
            "the YAML expands to more than {} nodes once aliases are resolved, as an alias bomb does",
            limits.max_nodes
        ),
        Hit::Nodes { expanded: false } => format!("the YAML has more than {} nodes", limits.max_nodes),
        Hit::ScalarBytes => {
            format!(
                "the text of the YAML adds up to more than {} bytes once aliases are resolved",
                limits.scalar_bytes()
            )
        }
        Hit::ListItems(n) => format!("a list of {n} items, over the limit of {}", limits.max_list_items),
        Hit::Other(budget) => format!("the YAML exceeds a limit of the parser ({budget})"),
    };
    let why = match (reader, &hit) {
        (Reader::Fixed, _) => "the fixed limit for rule packs, waivers and config files; no flag changes it".to_owned(),
        (Reader::Platform, Hit::Depth) if limits.max_depth >= DEPTH_CAP => {
            "the parser's own limit, which --max-depth cannot raise".to_owned()
        }
        (Reader::Platform, Hit::Depth) => "limit: --max-depth".to_owned(),
        (Reader::Platform, Hit::Aliases | Hit::Anchors) => "limit: --max-aliases".to_owned(),
        (Reader::Platform, Hit::Nodes { .. }) => "limit: --max-nodes".to_owned(),
        (Reader::Platform, Hit::ListItems(_)) => "limit: --max-list-items".to_owned(),
        (Reader::Platform, Hit::ScalarBytes) => {
            format!("limit: the larger of {} MiB and --max-file-size", SCALAR_BYTES_FLOOR / (1024 * 1024))
        }
        (Reader::Platform, Hit::Other(_)) => "no flag raises it".to_owned(),
    };
    format!("{what} ({why})")
}

/// Refuses lists longer than the limit, pointing at the list.
fn check_list_lengths(node: &Spanned<Node>, limits: &Limits, reader: Reader) -> Result<(), YamlError> {
    match &node.value {
        Node::Seq(items) if items.len() > limits.max_list_items => Err(YamlError {
            message: limit_message(Hit::ListItems(items.len()), limits, reader),
            at: Some(position(node)),
        }),
        Node::Seq(items) => items.iter().try_for_each(|i| check_list_lengths(i, limits, reader)),
        Node::Map(entries) => entries.iter().try_for_each(|(_, v)| check_list_lengths(v, limits, reader)),
        _ => Ok(()),
    }
}

/// Removes serde-saphyr's own position suffix, since we print the position ourselves.
pub(crate) fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let stripped = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let stripped = stripped.trim_end_matches([',', ' ']);
    if stripped.starts_with("cannot deserialize null into string") {
        return "an empty (null) value where text is required: a mapping key, or a text field".into();
    }
    if stripped.starts_with("expected string scalar") {
        return "expected text here (mapping keys must be plain text, not lists or mappings)".into();
    }
    if stripped.contains("!!binary scalar is not valid UTF-8") {
        return "a !!binary value that is not UTF-8 text".into();
    }
    if stripped.starts_with("multiple YAML documents detected") {
        return "the file holds several YAML documents (separated by `---`); a description is one document".into();
    }
    if let Some(key) = stripped.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("duplicate key `{key}`");
    }
    stripped.to_owned()
}

/// Converts a node tree into JSON and records where every pointer came from. The tree is
/// consumed: its strings move into the JSON rather than being copied.
pub fn to_json(root: Spanned<Node>) -> (Value, SourceMap) {
    let mut map = SourceMap::default();
    let value = walk(root, &mut String::new(), None, &mut map);
    (value, map)
}

fn position(s: &Spanned<impl Sized>) -> LineCol {
    LineCol { line: s.referenced.line().max(1) as usize, column: s.referenced.column().max(1) as usize }
}

/// Converts a node, recording its position under the pointer in `pointer`, which it extends for
/// each child and restores before returning (one buffer for the whole walk).
fn walk(node: Spanned<Node>, pointer: &mut String, key: Option<LineCol>, map: &mut SourceMap) -> Value {
    map.0.insert(pointer.clone(), NodeSpan { key, value: position(&node) });
    let len = pointer.len();
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::Number(i.into()),
        Node::Float(f) => Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => {
            let mut array = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                array.push(walk(item, pointer, None, map));
                pointer.truncate(len);
            }
            Value::Array(array)
        }
        Node::Map(entries) => {
            let mut object = Map::with_capacity(entries.len());
            for (k, v) in entries {
                pointer.push('/');
                pointer.push_str(&escape_token(&k.value));
                let value = walk(v, pointer, Some(position(&k)), map);
                pointer.truncate(len);
                object.insert(k.value, value);
            }
            Value::Object(object)
        }
    }
}

/// Reads a YAML file's bytes into text, rejecting what is not UTF-8 with the encoding named.
pub fn decode(bytes: &[u8]) -> Result<String, YamlError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(YamlError {
            message: "the file is UTF-16 encoded; save it as UTF-8".into(),
            at: Some(LineCol { line: 1, column: 1 }),
        });
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let file = SourceFile::new("", text.as_ref());
            let at = file.line_col(valid.len());
            let looks_gb = bytes.iter().any(|b| (0x81..=0xFE).contains(b));
            let hint = if looks_gb { " (it looks like GB18030/GBK; save it as UTF-8)" } else { "; save it as UTF-8" };
            Err(YamlError { message: format!("the file is not valid UTF-8{hint}"), at: Some(at) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Value, SourceMap) {
        to_json(parse(text, &Limits::default()).expect("parses"))
    }

    #[test]
    fn pointers_map_to_lines_and_columns() {
        let (v, m) = load("platform:\n  name: 杭州平台\nitems:\n  - a: 1\n  - a: 2\n");
        assert_eq!(v["platform"]["name"], "杭州平台");
        let s = m.get("/platform/name").unwrap();
        assert_eq!(s.key, Some(LineCol { line: 2, column: 3 }));
        assert_eq!(s.value, LineCol { line: 2, column: 9 });
        assert_eq!(m.get("/items/1/a").unwrap().value.line, 5);
        assert_eq!(m.resolve("/platform/missing/deeper").unwrap().0, "/platform");
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        let (v, _) = load("a: NO\nb: yes\nc: true\nd: 012\n");
        assert_eq!(v["a"], "NO");
        assert_eq!(v["b"], "yes");
        assert_eq!(v["c"], true);
        assert_eq!(v["d"], "012");
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_position() {
        let e = parse("a: 1\na: 2\n", &Limits::default()).unwrap_err();
        assert_eq!(e.at.map(|p| p.line), Some(2), "{e:?}");
        assert!(e.message.contains("duplicate"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "- ".repeat(200) + "x";
        let e = parse(&text, &Limits::default()).unwrap_err();
        assert!(e.message.contains("nests deeper than 64 levels"), "{}", e.message);
    }

    #[test]
    fn limit_messages_name_the_limit_and_what_raises_it() {
        let small = Limits { max_nodes: 50, max_aliases: 5, max_depth: 8, ..Limits::default() };
        let above_cap = Limits { max_depth: 10_000, ..Limits::default() };
        let many_nodes = format!("a: [{}]", vec!["x"; 60].join(", "));
        let bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b]\n";
        let flow = |n: usize| "[".repeat(n) + &"]".repeat(n);
        let block = |n: usize| "- ".repeat(n) + "x";
        let cases: &[(&str, &str, &Limits, &str)] = &[
            ("nodes, no aliases", &many_nodes, &small, "the YAML has more than 50 nodes (limit: --max-nodes)"),
            (
                "alias bomb",
                bomb,
                &small,
                "expands to more than 50 nodes once aliases are resolved, as an alias bomb does (limit: --max-nodes)",
            ),
            (
                "aliases",
                "a: &a x\nb: [*a, *a, *a, *a, *a, *a]",
                &small,
                "more than 5 alias references (limit: --max-aliases)",
            ),
            ("flow depth", &flow(9), &small, "nests deeper than 8 levels (limit: --max-depth)"),
            ("block depth", &block(9), &small, "nests deeper than 8 levels (limit: --max-depth)"),
            (
                "list items",
                "[a, b, c, d]",
                &Limits { max_list_items: 3, ..Limits::default() },
                "a list of 4 items, over the limit of 3 (limit: --max-list-items)",
            ),
            (
                "flow depth past the cap",
                &flow(300),
                &above_cap,
                "nests deeper than 255 levels (the parser's own limit, which --max-depth cannot raise)",
            ),
            (
                "block depth past the cap",
                &block(300),
                &above_cap,
                "nests deeper than 255 levels (the parser's own limit, which --max-depth cannot raise)",
            ),
        ];
        let fixed = "(the fixed limit for rule packs, waivers and config files; no flag changes it)";
        for (what, text, limits, expected) in cases {
            let e = parse_platform(text, limits).expect_err(what);
            assert!(e.message.ends_with(expected), "{what}: {}", e.message);
            assert!(e.at.is_some(), "{what}: no position");
            let e = parse(text, limits).expect_err(what);
            assert!(e.message.ends_with(fixed), "{what}: {}", e.message);
            if limits.max_depth > Limits::default().max_depth {
                // Waivers files are only read with the defaults, and on the caller's thread,
                // whose stack a debug build's deserializer would exhaust at this depth.
                continue;
            }
            if let Err(e) = parse_typed::<serde_json::Value>(text, limits) {
                assert!(e.message.ends_with(fixed), "{what}: {}", e.message);
            }
        }
        // A depth right at the cap is accepted when the flag asks for it.
        assert!(parse_platform(&flow(DEPTH_CAP), &above_cap).is_ok());
        assert!(parse_platform(&block(DEPTH_CAP - 1), &above_cap).is_ok());
    }

    #[test]
    fn raising_a_limit_raises_every_parser_budget_behind_it() {
        // One anchor used 150 times: legitimate reuse, within the alias limit.
        let reuse = format!("a: &a x\nb: [{}]", vec!["*a"; 150].join(", "));
        assert!(parse(&reuse, &Limits::default()).is_ok());
        // 600,000 empty lists are 1.2 million parser events, over serde-saphyr's default budget
        // of a million; --max-nodes alone must be enough to accept them.
        let lists = format!("[{}]", vec!["[]"; 600_000].join(","));
        let limits = Limits { max_nodes: 700_000, max_list_items: 1_000_000, ..Limits::default() };
        assert!(parse_typed::<serde::de::IgnoredAny>(&lists, &limits).is_ok());
    }

    #[test]
    fn encodings_are_named() {
        assert!(decode(&[0xFF, 0xFE, b'a', 0]).unwrap_err().message.contains("UTF-16"));
        let gbk = [b'a', b':', b' ', 0xB2, 0xE2, 0xCA, 0xD4];
        let e = decode(&gbk).unwrap_err();
        assert!(e.message.contains("GB18030"));
        assert_eq!(e.at, Some(LineCol { line: 1, column: 4 }));
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1").unwrap(), "a: 1");
    }
}
