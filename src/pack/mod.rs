//! The rule pack: `pack.yaml` plus one YAML file of rules per chapter, loaded from the embedded
//! default or from a directory, validated as a whole and compiled into the engine's plan before
//! anything is evaluated.

pub mod backing;
mod compile;
pub mod format;
mod load;
pub mod params;
pub mod texts;
pub mod wording;

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use compile::{NaPlan, RulePlan};
pub use format::*;

use crate::error::{Error, Problem};
use crate::source::SourceFile;
use crate::yaml::{self, Limits};
use compile::{CompileProblem, Located};
use load::Sources;

/// A loaded, validated and compiled rule pack.
#[derive(Debug)]
pub struct Pack {
    pub manifest: Manifest,
    /// Rules ordered by chapter (as in the manifest), then clause number.
    pub rules: Vec<Rule>,
    /// The compiled checks of each rule, in the order of `rules`.
    pub plans: Vec<RulePlan>,
    /// SHA-256 over the pack's files, so a report names exactly which rules produced it.
    pub content_hash: String,
    /// Where each rule came from (file label and line), for diagnostics.
    pub origins: BTreeMap<String, (String, usize)>,
    /// File name and index in that file of each rule, in the order of `rules`.
    locations: Vec<(String, usize)>,
}

/// The default rule pack, compiled into the binary (see build.rs).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));
}

/// The files of a pack: name → text.
type Files = BTreeMap<String, String>;

/// How diagnostics name the embedded pack's files.
const EMBEDDED: &str = "<embedded rules>";

impl Pack {
    /// Loads the rule pack compiled into the binary: from the JSON that build.rs converted, or,
    /// should that fail, from its YAML, which locates every problem.
    pub fn embedded() -> Result<Pack, Error> {
        match Pack::embedded_json() {
            Some(pack) => Ok(pack),
            None => Pack::embedded_yaml(),
        }
    }

    /// The embedded pack read from its YAML texts, as a pack directory is read.
    pub fn embedded_yaml() -> Result<Pack, Error> {
        let files = embedded::FILES.iter().map(|(name, yaml, _, _)| (name.to_string(), yaml.to_string())).collect();
        Pack::from_files(EMBEDDED, files)
    }

    /// The embedded pack read from its JSON form; `None` when anything is wrong with it.
    fn embedded_json() -> Option<Pack> {
        let (_, _, manifest, _) = embedded::FILES.iter().find(|(name, ..)| *name == "pack.yaml")?;
        let manifest: Manifest = serde_json::from_str(manifest).ok()?;
        let mut rules = Vec::new();
        let mut origins = BTreeMap::new();
        for (name, _, json, lines) in embedded::FILES.iter().filter(|(name, ..)| *name != "pack.yaml") {
            let file: RuleFile = serde_json::from_str(json).ok()?;
            for (i, rule) in file.rules.into_iter().enumerate() {
                origins.insert(rule.id.clone(), (format!("{EMBEDDED}/{name}"), lines.get(i).copied().unwrap_or(1)));
                rules.push((name.to_string(), i, rule));
            }
        }
        Pack::assemble(manifest, rules, embedded::CONTENT_HASH.to_owned(), origins).ok()
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
            let bytes = crate::input::read_capped(&path, crate::input::Cap::fixed())?;
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
        let label = |name: &str| format!("{}/{}", root.trim_end_matches('/'), name);
        let Some(manifest_text) = files.get("pack.yaml") else {
            return Err(Error::single(Problem::plain(label("pack.yaml"), "the rule pack has no pack.yaml")));
        };
        let mut sources = Sources::default();
        let mut problems = Vec::new();
        let manifest = sources
            .parse::<Manifest>("pack.yaml", label("pack.yaml"), manifest_text)
            .map_err(|p| problems.push(p))
            .ok();
        let mut rules: Vec<(String, usize, Rule)> = Vec::new();
        for (name, text) in files.iter().filter(|(name, _)| *name != "pack.yaml") {
            match sources.parse::<RuleFile>(name, label(name), text) {
                Ok(file) => rules.extend(file.rules.into_iter().enumerate().map(|(i, r)| (name.clone(), i, r))),
                Err(p) => problems.push(p),
            }
        }
        let Some(manifest) = manifest else { return Err(Error::many(problems)) };
        // A pack's own values must lie in the ranges it declares for them.
        for (name, param) in &manifest.params {
            if let Err(message) = params::check_range(name, param, &param.value) {
                problems.push(sources.locate(&CompileProblem {
                    file: "pack.yaml".into(),
                    pointer: format!("/params/{}/value", crate::pointer::escape_token(name)),
                    message,
                    help: None,
                }));
            }
        }
        let origins = rules
            .iter()
            .map(|(file, i, rule)| {
                let line = sources.line(file, &format!("/rules/{i}")).unwrap_or(1);
                (rule.id.clone(), (sources.label(file).unwrap_or(file).to_owned(), line))
            })
            .collect();
        match Pack::assemble(manifest, rules, content_hash(&files), origins) {
            Ok(pack) if problems.is_empty() => Ok(pack),
            Ok(_) => Err(Error::many(problems)),
            Err(more) => {
                problems.extend(more.iter().map(|p| sources.locate(p)));
                Err(Error::many(problems))
            }
        }
    }

    /// Orders the rules and compiles them.
    fn assemble(
        manifest: Manifest,
        mut rules: Vec<(String, usize, Rule)>,
        content_hash: String,
        origins: BTreeMap<String, (String, usize)>,
    ) -> Result<Pack, Vec<CompileProblem>> {
        let chapter_order: BTreeMap<&str, usize> =
            manifest.chapters.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        rules.sort_by(|a, b| {
            let ca = chapter_order.get(a.2.chapter.as_str()).copied().unwrap_or(usize::MAX);
            let cb = chapter_order.get(b.2.chapter.as_str()).copied().unwrap_or(usize::MAX);
            ca.cmp(&cb).then_with(|| clause_order(&a.2.id, &b.2.id))
        });
        let located: Vec<Located> =
            rules.iter().map(|(file, index, rule)| Located { file, index: *index, rule }).collect();
        let plans = compile::compile(&manifest, &located)?;
        let locations = rules.iter().map(|(file, i, _)| (file.clone(), *i)).collect();
        Ok(Pack {
            manifest,
            rules: rules.into_iter().map(|(_, _, r)| r).collect(),
            plans,
            content_hash,
            origins,
            locations,
        })
    }

    /// The day number rule examples are evaluated on.
    pub fn examples_as_of(&self) -> i64 {
        crate::date::parse_days(&self.manifest.examples_as_of).unwrap_or(0)
    }

    /// The rule with this clause id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The compiled checks of the rule with this clause id.
    pub fn plan(&self, id: &str) -> Option<&RulePlan> {
        self.rules.iter().position(|r| r.id == id).map(|i| &self.plans[i])
    }

    /// The chapter with this id.
    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.manifest.chapters.iter().find(|c| c.id == id)
    }

    /// The weight a rule is scored with.
    pub fn weight(&self, rule: &Rule) -> f64 {
        rule.weight.or_else(|| self.manifest.scoring.level_weights.get(&rule.level).copied()).unwrap_or(0.0)
    }

    /// Replaces parameter values (`--param name=value`; the value is read as YAML) and compiles
    /// the checks again with them.
    pub fn set_params(&mut self, assignments: &[(String, String)]) -> Result<(), Error> {
        if assignments.is_empty() {
            return Ok(());
        }
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
                Ok(node) => yaml::to_json(node).0,
                Err(e) => {
                    problems.push(Problem::plain("--param", format!("value of `{name}`: {}", e.message)));
                    continue;
                }
            };
            let old_kind = params::kind_of(&param.value);
            if old_kind != "keyed" && old_kind != params::kind_of(&value) {
                problems.push(Problem::plain(
                    "--param",
                    format!("`{name}` takes a {old_kind}, got a {}", params::kind_of(&value)),
                ));
                continue;
            }
            if let Err(message) = params::check_range(name, param, &value) {
                let mut p = Problem::plain("--param", message);
                p.help = Some(format!("the range is declared for `{name}` in the rule pack's pack.yaml"));
                problems.push(p);
                continue;
            }
            param.value = value;
        }
        if !problems.is_empty() {
            return Err(Error::many(problems));
        }
        let located: Vec<Located> = self
            .rules
            .iter()
            .zip(&self.locations)
            .map(|(rule, (file, index))| Located { file, index: *index, rule })
            .collect();
        self.plans = compile::compile(&self.manifest, &located).map_err(|problems| {
            Error::many(
                problems
                    .iter()
                    .map(|p: &CompileProblem| {
                        Problem::plain(
                            "--param",
                            format!("with these parameters, {} {}: {}", p.file, p.pointer, p.message),
                        )
                    })
                    .collect(),
            )
        })?;
        Ok(())
    }
}

/// SHA-256 over a pack's file names and texts (build.rs hashes the embedded pack the same way).
fn content_hash(files: &Files) -> String {
    let mut hasher = Sha256::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    format!("sha256:{:x}", hasher.finalize())
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
    fn the_embedded_json_reads_as_the_yaml_does() {
        let fast = Pack::embedded_json().expect("build.rs converted every file");
        let slow = Pack::embedded_yaml().expect("the embedded YAML loads");
        let json = |p: &Pack| serde_json::to_value((&p.manifest, &p.rules)).unwrap();
        assert_eq!(json(&fast), json(&slow));
        assert_eq!(fast.origins, slow.origins);
        assert_eq!(fast.content_hash, slow.content_hash);
        assert_eq!(fast.plans.len(), slow.plans.len());
    }
}
