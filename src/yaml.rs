//! Reading YAML with a span on every node, and turning it into JSON plus a source map.
//!
//! Every input (platform files, rule files, waivers) goes through [`parse`], the only place that
//! knows serde-saphyr's options: duplicate keys are errors, YAML 1.1 booleans such as `NO` stay
//! strings, and budgets bound depth and alias expansion.

use std::collections::BTreeMap;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use crate::source::{LineCol, SourceFile};

/// Limits applied while parsing untrusted YAML; each has a command-line flag to raise it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted file, in bytes (`--max-file-size`).
    pub max_file_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences (`--max-depth`).
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
pub struct SourceMap(BTreeMap<String, NodeSpan>);

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

/// Escapes one JSON Pointer reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The serde-saphyr options every input is read with.
pub fn options(limits: &Limits) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            max_aliases: limits.max_aliases,
            max_anchors: limits.max_aliases,
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    }
}

/// Parses one YAML document into a node tree whose children keep their spans.
pub fn parse(text: &str, limits: &Limits) -> Result<Spanned<Node>, YamlError> {
    // The parser recurses once per nesting level with large frames (larger still in debug builds),
    // so it runs on a thread whose stack fits the depth budget whatever thread called us.
    let work = || parse_on_this_thread(text, limits);
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

fn parse_on_this_thread(text: &str, limits: &Limits) -> Result<Spanned<Node>, YamlError> {
    let node = parse_typed::<Spanned<Node>>(text, limits)?;
    check_list_lengths(&node, limits)?;
    Ok(node)
}

/// Deserialises a YAML document straight into a type (rule files, waivers) with the same options
/// and messages as every other input.
pub fn parse_typed<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options::<T>(text, options(limits)).map_err(|e| {
        let at = e
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| LineCol { line: l.line() as usize, column: l.column().max(1) as usize });
        let raw = e.to_string();
        YamlError { message: limit_message(&raw, limits).unwrap_or_else(|| clean_message(&raw)), at }
    })
}

/// Names the limit a budget error hit, and the flag that raises it.
fn limit_message(raw: &str, limits: &Limits) -> Option<String> {
    let first = raw.lines().next().unwrap_or(raw);
    if first.contains("budget breached: Depth") || first.contains("recursion limit exceeded") {
        Some(format!("the YAML nests deeper than {} levels (limit: --max-depth)", limits.max_depth))
    } else if first.contains("budget breached: Aliases") {
        Some(format!("the YAML uses more than {} alias references (limit: --max-aliases)", limits.max_aliases))
    } else if first.contains("budget breached: Anchors") {
        Some(format!("the YAML defines more than {} anchors (limit: --max-aliases)", limits.max_aliases))
    } else if first.contains("budget breached: Nodes") || first.contains("budget breached: Events") {
        Some(format!(
            "the YAML expands to more than {} nodes once aliases are resolved, as an alias bomb does (limit: --max-nodes)",
            limits.max_nodes
        ))
    } else if first.contains("budget breached") {
        Some(format!("the YAML exceeds a parser limit ({})", clean_message(first)))
    } else {
        None
    }
}

/// Refuses lists longer than the limit, pointing at the list.
fn check_list_lengths(node: &Spanned<Node>, limits: &Limits) -> Result<(), YamlError> {
    match &node.value {
        Node::Seq(items) if items.len() > limits.max_list_items => Err(YamlError {
            message: format!(
                "a list of {} items, over the limit of {} (limit: --max-list-items)",
                items.len(),
                limits.max_list_items
            ),
            at: Some(position(node)),
        }),
        Node::Seq(items) => items.iter().try_for_each(|i| check_list_lengths(i, limits)),
        Node::Map(entries) => entries.iter().try_for_each(|(_, v)| check_list_lengths(v, limits)),
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

/// Converts a node tree into JSON and records where every pointer came from.
pub fn to_json(root: &Spanned<Node>) -> (Value, SourceMap) {
    let mut map = SourceMap::default();
    let value = walk(root, String::new(), None, &mut map);
    (value, map)
}

fn position(s: &Spanned<impl Sized>) -> LineCol {
    LineCol { line: s.referenced.line().max(1) as usize, column: s.referenced.column().max(1) as usize }
}

fn walk(node: &Spanned<Node>, pointer: String, key: Option<LineCol>, map: &mut SourceMap) -> Value {
    map.0.insert(pointer.clone(), NodeSpan { key, value: position(node) });
    match &node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::Number((*i).into()),
        Node::Float(f) => Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
        Node::Str(s) => Value::String(s.clone()),
        Node::Seq(items) => Value::Array(
            items.iter().enumerate().map(|(i, item)| walk(item, format!("{pointer}/{i}"), None, map)).collect(),
        ),
        Node::Map(entries) => {
            let mut object = Map::new();
            for (k, v) in entries {
                let child = format!("{pointer}/{}", escape_token(&k.value));
                let value = walk(v, child, Some(position(k)), map);
                object.insert(k.value.clone(), value);
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
        to_json(&parse(text, &Limits::default()).expect("parses"))
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
        assert!(e.message.to_lowercase().contains("depth") || e.message.contains("budget"), "{}", e.message);
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
