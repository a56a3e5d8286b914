//! The crate's modules depend on each other one way: a test fails on any import cycle between the
//! top-level modules of `src/` (data flows load → compile → evaluate → assess → render; the command
//! line sits on top and nothing below it imports it back).
//!
//! Every source file is parsed with `syn`; each `use` and each path that names `crate::…` (or
//! `super::…`, resolved) outside `#[cfg(test)]` code is an edge from the file's top-level module to
//! the one it names. Test modules may reach anywhere: they are not part of the build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Where each edge was seen first: (from, to) → `file: path`.
type Edges = BTreeMap<(String, String), String>;

/// A source file's module path, e.g. `src/report/text.rs` → `["report", "text"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().contains("test")))
}

struct Collector<'a> {
    module: &'a [String],
    /// Every module path paths are resolved against: the longest known prefix wins.
    top_levels: &'a BTreeSet<String>,
    file: String,
    edges: &'a mut Edges,
}

impl Collector<'_> {
    /// Records an edge for a path given as segments (`crate`, `super`, `self` or an item).
    fn reach(&mut self, segments: &[String]) {
        let absolute: Vec<String> = match segments.first().map(String::as_str) {
            Some("crate") => segments[1..].to_vec(),
            Some("super") | Some("self") => {
                let mut base = self.module.to_vec();
                let mut rest = segments;
                while let Some(first) = rest.first() {
                    match first.as_str() {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                base
            }
            _ => return,
        };
        let (Some(from), Some(to)) = (self.module.first(), absolute.first()) else { return };
        if from != to && self.top_levels.contains(to) {
            let why = format!("{}: {}", self.file, segments.join("::"));
            self.edges.entry((from.clone(), to.clone())).or_insert(why);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.reach(prefix);
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.reach(prefix);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.reach(prefix),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(prefix, t)),
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            _ => &[],
        };
        if !is_cfg_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.reach(&segments);
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Macro bodies are tokens, not syntax: look for `crate :: name` in them.
        let tokens: Vec<String> = m.tokens.to_string().split_whitespace().map(str::to_owned).collect();
        for w in tokens.windows(3) {
            if w[0] == "crate" && w[1] == "::" {
                self.reach(&["crate".to_owned(), w[2].clone()]);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The edges between the top-level modules of a source tree.
fn edges(src: &Path) -> Edges {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let top_levels: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(src, f))
        .filter_map(|m| m.first().cloned())
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut edges = Edges::new();
    for file in &files {
        let module = module_of(src, file);
        if matches!(module.as_slice(), [m] if m == "lib" || m == "main") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.strip_prefix(src).unwrap().display().to_string();
        let mut c = Collector { module: &module, top_levels: &top_levels, file: name, edges: &mut edges };
        c.visit_file(&parsed);
    }
    edges
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from).or_default().push(to);
        graph.entry(to).or_default();
    }
    struct State<'a> {
        graph: &'a BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        for &w in &s.graph[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(lw));
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                s.low.entry(v).and_modify(|l| *l = (*l).min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State { graph: &graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: vec![] };
    for &v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&src);
    assert!(edges.len() > 50, "the scan found only {} edges: is it reading the sources?", edges.len());
    let found = cycles(&edges);
    let explain: Vec<String> = found
        .iter()
        .map(|cycle| {
            let inside: Vec<String> = edges
                .iter()
                .filter(|((f, t), _)| cycle.contains(f) && cycle.contains(t))
                .map(|((f, t), why)| format!("    {f} → {t}  ({why})"))
                .collect();
            format!("  {}:\n{}", cycle.join(", "), inside.join("\n"))
        })
        .collect();
    assert!(found.is_empty(), "import cycles between modules:\n{}", explain.join("\n"));
}

#[test]
fn the_scan_sees_a_cycle_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir(src.join("b")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a; pub mod b; pub mod c;").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::{x::Y, z};\n#[cfg(test)] mod tests { use crate::c::Q; }").unwrap();
    std::fs::write(src.join("b/mod.rs"), "pub mod x;\nfn f() -> super::c::Q { todo!() }").unwrap();
    std::fs::write(src.join("b/x.rs"), "pub struct Y;").unwrap();
    std::fs::write(src.join("c.rs"), "pub struct Q; fn g() { let _ = format!(\"{}\", crate::a::N); }").unwrap();
    let e = edges(src);
    let pairs: Vec<(&str, &str)> = e.keys().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    assert_eq!(pairs, [("a", "b"), ("b", "c"), ("c", "a")]);
    assert_eq!(cycles(&e), [vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]);
    // The test module's `use crate::c` is no edge: without the macro path, no cycle.
    std::fs::write(src.join("c.rs"), "pub struct Q;").unwrap();
    assert!(cycles(&edges(src)).is_empty());
}
