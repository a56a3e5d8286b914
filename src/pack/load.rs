//! Reading pack files: each YAML file is parsed once into JSON plus a source map, then into the
//! format types, so that every problem — a wrong type, an unknown key, a bad check — is located at
//! its line and column.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::compile::CompileProblem;
use crate::error::{Problem, did_you_mean};
use crate::pointer::escape_token;
use crate::source::SourceFile;
use crate::yaml::{self, Limits, SourceMap};

/// The parsed files of a pack, kept to locate problems found later.
#[derive(Default)]
pub struct Sources {
    files: BTreeMap<String, (SourceFile, SourceMap)>,
}

impl Sources {
    /// Parses one YAML file into a type, remembering where its nodes are.
    pub fn parse<T: DeserializeOwned>(&mut self, name: &str, label: String, text: &str) -> Result<T, Problem> {
        let src = SourceFile::new(label, text);
        let node = yaml::parse(text, &Limits::default()).map_err(|e| Problem::at_yaml(&src, e))?;
        let (value, map) = yaml::to_json(node);
        let typed = deserialize::<T>(value, &src, &map);
        self.files.insert(name.to_owned(), (src, map));
        typed
    }

    /// A problem at a pointer into a file (at the key when the pointer names a mapping entry).
    pub fn locate(&self, p: &CompileProblem) -> Problem {
        let mut problem = match self.files.get(&p.file) {
            Some((src, map)) => {
                let at = map.resolve(&p.pointer).map(|(_, s)| s.key.unwrap_or(s.value));
                Problem::at(src, at, p.message.clone())
            }
            None => Problem::plain(p.file.clone(), p.message.clone()),
        };
        problem.help = p.help.clone();
        problem
    }

    /// The line where a node starts, if it exists.
    pub fn line(&self, file: &str, pointer: &str) -> Option<usize> {
        self.files.get(file)?.1.get(pointer).map(|s| s.value.line)
    }

    /// The display label of a file (its path, or `<embedded rules>/name`).
    pub fn label(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|(src, _)| src.name.as_str())
    }
}

/// Deserialises a document, turning a serde error into a problem at the node it is about.
fn deserialize<T: DeserializeOwned>(value: Value, src: &SourceFile, map: &SourceMap) -> Result<T, Problem> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut pointer: String = e
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => Some(format!("/{}", escape_token(key))),
                _ => None,
            })
            .collect();
        let message = crate::yaml::clean_message(&e.inner().to_string());
        // An unknown key is reported at the key itself, with the nearest valid name.
        let mut help = None;
        if let Some(key) = message.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) {
            let expected: Vec<&str> =
                message.split("expected").nth(1).unwrap_or("").split('`').skip(1).step_by(2).collect();
            help = did_you_mean(key, &expected).or_else(|| Some(format!("valid fields here: {}", expected.join(", "))));
            let with_key = format!("{pointer}/{}", escape_token(key));
            if map.get(&with_key).is_some() {
                pointer = with_key;
            }
        }
        let at = map.resolve(&pointer).map(|(_, s)| s.key.unwrap_or(s.value));
        let mut p = Problem::at(src, at, message);
        p.help = help;
        p
    })
}
