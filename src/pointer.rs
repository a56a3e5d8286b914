//! JSON Pointers (RFC 6901) into the platform description, split once into tokens, with `*` as a
//! wildcard over every item of a list or value of a mapping; and their display as dotted fields.

use serde_json::Value;

/// One reference token of a pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A mapping key, or a list index when it parses as one.
    Key(String),
    /// `*`: every item of a list, every value of a mapping.
    Wildcard,
}

/// A pointer split into tokens, keeping the text it was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    text: String,
    tokens: Vec<Token>,
}

/// A node a selection reached, or the place where a wildcard's item lacks the rest of the path.
#[derive(Debug, Clone)]
pub struct Node<'v> {
    /// Where the node is (or would be).
    pub pointer: String,
    /// The node; `None` when an item below a `*` lacks the selected field.
    pub value: Option<&'v Value>,
}

impl Pointer {
    /// Splits an absolute pointer (`/a/b/*/c`); `None` when it does not start with `/` (or is empty,
    /// the whole document).
    pub fn parse(text: &str) -> Option<Pointer> {
        if text.is_empty() {
            return Some(Pointer { text: String::new(), tokens: Vec::new() });
        }
        let rest = text.strip_prefix('/')?;
        Some(Pointer { text: text.to_owned(), tokens: rest.split('/').map(Token::parse).collect() })
    }

    /// Splits a pointer relative to a node (`a/b`, with or without a leading `/`).
    pub fn relative(text: &str) -> Pointer {
        let rest = text.trim_start_matches('/');
        let tokens = if rest.is_empty() { Vec::new() } else { rest.split('/').map(Token::parse).collect() };
        Pointer { text: if rest.is_empty() { String::new() } else { format!("/{rest}") }, tokens }
    }

    /// The pointer as written (absolute form).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Whether the pointer has a wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.tokens.contains(&Token::Wildcard)
    }

    /// How many tokens name one element of the first list the pointer walks (`/service_items/*/forms/*`
    /// → 2: `/service_items/3`); `None` without a wildcard.
    pub fn element_depth(&self) -> Option<usize> {
        self.tokens.iter().position(|t| *t == Token::Wildcard).map(|i| i + 1)
    }

    /// The value a wildcard-free pointer names.
    pub fn get<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        self.tokens.iter().try_fold(root, |node, token| match token {
            Token::Key(key) => child(node, key),
            Token::Wildcard => None,
        })
    }

    /// Selects the nodes the pointer names, with the pointer of each. Below a `*`, an item that lacks
    /// the field the pointer names is selected as missing, so that "every item has X" fails on the
    /// items without X instead of skipping them; a list below a `*` that is not there has no items.
    pub fn select<'v>(&self, root: &'v Value) -> Vec<Node<'v>> {
        let mut current = vec![(String::new(), Some(root))];
        let mut below_wildcard = false;
        for token in &self.tokens {
            let mut next = Vec::with_capacity(current.len());
            for (path, node) in current {
                match (token, node) {
                    (Token::Wildcard, Some(Value::Array(items))) => {
                        next.extend(items.iter().enumerate().map(|(i, x)| (format!("{path}/{i}"), Some(x))))
                    }
                    (Token::Wildcard, Some(Value::Object(o))) => {
                        next.extend(o.iter().map(|(k, x)| (format!("{path}/{}", escape_token(k)), Some(x))))
                    }
                    // A list that is not there has no items: nothing to select.
                    (Token::Wildcard, _) => {}
                    (Token::Key(key), node) => {
                        let found = node.and_then(|n| child(n, key));
                        if found.is_some() || below_wildcard {
                            next.push((format!("{path}/{}", escape_token(key)), found));
                        }
                    }
                }
            }
            below_wildcard |= *token == Token::Wildcard;
            current = next;
        }
        current.into_iter().map(|(pointer, value)| Node { pointer, value }).collect()
    }

    /// The deepest pointer a selection that found nothing reaches, completed with the missing tail,
    /// e.g. `/staffing/full_time` when `staffing` exists but `full_time` does not.
    pub fn missing_at(&self, root: &Value) -> String {
        let mut node = root;
        let mut out = String::new();
        for token in &self.tokens {
            match (token, node) {
                (Token::Wildcard, Value::Array(a)) if !a.is_empty() => {
                    out.push_str("/0");
                    node = &a[0];
                }
                (Token::Wildcard, _) => return out,
                (Token::Key(key), Value::Object(o)) if o.contains_key(key) => {
                    out.push('/');
                    out.push_str(&escape_token(key));
                    node = &o[key];
                }
                (Token::Key(key), _) => {
                    out.push('/');
                    out.push_str(&escape_token(key));
                    return out;
                }
            }
        }
        out
    }

    /// The pointer as the dotted field path users know from the docs.
    pub fn field(&self) -> String {
        field(&self.text)
    }
}

impl Token {
    fn parse(raw: &str) -> Token {
        if raw == "*" { Token::Wildcard } else { Token::Key(unescape_token(raw)) }
    }
}

fn child<'v>(node: &'v Value, key: &str) -> Option<&'v Value> {
    match node {
        Value::Object(o) => o.get(key),
        Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    }
}

/// The first `depth` tokens of a concrete pointer (`/service_items/3/forms/1`, 2 → `/service_items/3`);
/// `None` when it has fewer.
pub fn prefix(pointer: &str, depth: usize) -> Option<&str> {
    // Escaped tokens never hold `/`, so the pointer splits on it.
    let mut ends = pointer.match_indices('/').map(|(i, _)| i).chain(std::iter::once(pointer.len()));
    let end = ends.nth(depth)?;
    Some(&pointer[..end])
}

/// Escapes one reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    if token.contains(['~', '/']) { token.replace('~', "~0").replace('/', "~1") } else { token.to_owned() }
}

/// Unescapes one reference token (RFC 6901).
pub fn unescape_token(token: &str) -> String {
    if token.contains('~') { token.replace("~1", "/").replace("~0", "~") } else { token.to_owned() }
}

/// Joins a pointer relative to a node onto the node's pointer; an absolute one stands alone.
pub fn join(base: &str, relative: &str) -> String {
    if relative.starts_with('/') { relative.to_owned() } else { format!("{base}/{relative}") }
}

/// The list a list item belongs to: `/service_items/3` → `/service_items`.
pub fn parent_list(pointer: &str) -> &str {
    match pointer.rsplit_once('/') {
        Some((parent, last)) if last.parse::<usize>().is_ok() => parent,
        _ => pointer,
    }
}

/// A pointer as the dotted path users know from the docs: `/service_items/0/fee` → `service_items[0].fee`.
pub fn field(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        if token.parse::<usize>().is_ok() || token == "*" {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_of_the_first_list() {
        let p = Pointer::parse("/service_items/*/forms/*").unwrap();
        assert_eq!(p.element_depth(), Some(2));
        assert_eq!(prefix("/service_items/3/forms/1", 2), Some("/service_items/3"));
        assert_eq!(prefix("/service_items/3", 2), Some("/service_items/3"));
        assert_eq!(prefix("/service_items", 2), None);
        assert_eq!(Pointer::parse("/operator/name").unwrap().element_depth(), None);
    }

    fn selected(p: &str, doc: &Value) -> Vec<(String, Option<Value>)> {
        Pointer::parse(p).unwrap().select(doc).into_iter().map(|n| (n.pointer, n.value.cloned())).collect()
    }

    #[test]
    fn wildcards_expand_lists_and_mark_missing_fields() {
        let doc = json!({"items": [{"a": 1}, {"b": 2}]});
        assert_eq!(
            selected("/items/*/a", &doc),
            vec![("/items/0/a".into(), Some(json!(1))), ("/items/1/a".into(), None)]
        );
        assert!(selected("/missing/*/a", &doc).is_empty());
        assert!(selected("/items/5", &doc).is_empty());
        assert_eq!(selected("/items/1/b", &doc), vec![("/items/1/b".into(), Some(json!(2)))]);
    }

    #[test]
    fn keys_are_escaped_both_ways() {
        let doc = json!({"a/b": {"c~d": 1}});
        let p = Pointer::parse("/a~1b/c~0d").unwrap();
        assert_eq!(p.get(&doc), Some(&json!(1)));
        assert_eq!(selected("/a~1b/c~0d", &doc)[0].0, "/a~1b/c~0d");
        assert_eq!(field("/a~1b"), "a/b");
    }

    #[test]
    fn missing_selection_points_at_the_deepest_existing_node() {
        let doc = json!({"staffing": {}, "items": [{"x": 1}]});
        assert_eq!(Pointer::parse("/staffing/full_time").unwrap().missing_at(&doc), "/staffing/full_time");
        assert_eq!(Pointer::parse("/items/*/y").unwrap().missing_at(&doc), "/items/0/y");
        assert_eq!(Pointer::parse("/none/*/y").unwrap().missing_at(&doc), "/none");
    }

    #[test]
    fn fields_read_as_dotted_paths() {
        assert_eq!(field("/service_items/0/fee/basis"), "service_items[0].fee.basis");
        assert_eq!(field("/service_items/*/name"), "service_items[*].name");
        assert_eq!(parent_list("/service_items/3"), "/service_items");
        assert_eq!(join("/a/0", "b/c"), "/a/0/b/c");
        assert_eq!(join("/a/0", "/x"), "/x");
    }

    #[test]
    fn relative_pointers_accept_a_leading_slash() {
        let doc = json!({"a": {"b": 2}});
        assert_eq!(Pointer::relative("a/b").get(&doc), Some(&json!(2)));
        assert_eq!(Pointer::relative("/a/b").get(&doc), Some(&json!(2)));
        assert_eq!(Pointer::relative("").get(&doc), Some(&doc));
    }
}
