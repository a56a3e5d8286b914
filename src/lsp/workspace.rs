//! What applies to a document: the project config found from its directory as the command line
//! finds it, and, built once per config, the rule pack compiled with that config's parameters, its
//! waivers and its language. Files a config names outside the workspace are not read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::assess::Checker;
use crate::config::{self, Choice, Config};
use crate::error::{Error, Problem};
use crate::pack::Pack;
use crate::text::Lang;
use crate::yaml::{self, Limits};

use super::readers::Readers;

/// The settings of the documents one config applies to (or of those no config applies to).
pub struct Settings {
    /// The config file; `None` when none applies.
    pub config: Option<PathBuf>,
    pub checker: Checker,
    pub readers: Readers,
    pub lang: Lang,
    /// Why the config, or a file it names, could not be applied: the command line would stop on
    /// these with exit 2; the server reports them on the config and checks with the defaults.
    pub problems: Vec<Problem>,
    /// Non-fatal notes about the files the config names (an unknown clause in the waivers).
    pub warnings: Vec<String>,
    /// The files these settings were read from: saving one of them builds them again.
    inputs: Vec<PathBuf>,
    /// When each input (and each file of a rules directory) was last modified, as read: a change
    /// made outside the editor (a `git checkout`) builds them again too.
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

impl Settings {
    /// Whether a file these settings were read from changed since.
    fn outdated(&self) -> bool {
        self.stamps.iter().any(|(path, when)| modified(path) != *when)
    }
}

/// The inputs and, for a directory, the files in it, with their modification times.
fn stamps(inputs: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut paths: Vec<PathBuf> = inputs.to_vec();
    for dir in inputs.iter().filter(|p| p.is_dir()) {
        paths.extend(std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()));
    }
    paths.into_iter().map(|p| (p.clone(), modified(&p))).collect()
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The workspace folders and the settings built so far, by config file.
pub struct Workspace {
    roots: Vec<PathBuf>,
    choice: Choice,
    built: HashMap<Option<PathBuf>, Arc<Settings>>,
}

impl Workspace {
    /// A workspace of these folders; `choice` is `--config`/`--no-config`/`IPPS_CHECK_CONFIG` as the
    /// server was started with.
    pub fn new(roots: Vec<PathBuf>, choice: Choice) -> Workspace {
        let roots = roots.into_iter().map(|r| std::fs::canonicalize(&r).unwrap_or(r)).collect();
        Workspace { roots, choice, built: HashMap::new() }
    }

    /// The settings for a document at `path` (none for an unsaved one), and a problem finding its
    /// config (two config files in one directory), when there is one.
    /// Fails only when the built-in rule pack does not load.
    pub fn settings_for(&mut self, path: Option<&Path>) -> Result<(Arc<Settings>, Option<Problem>), Error> {
        let (config, problem) = match self.config_for(path) {
            Ok(config) => (config, None),
            Err(e) => (None, into_problems(e).into_iter().next()),
        };
        if let Some(settings) = self.built.get(&config).filter(|s| !s.outdated()) {
            return Ok((settings.clone(), problem));
        }
        let settings = Arc::new(build(config.as_deref(), &self.roots)?);
        self.built.insert(config, settings.clone());
        Ok((settings, problem))
    }

    /// The config that applies to a file: as the command line finds it from the file's directory.
    fn config_for(&self, path: Option<&Path>) -> Result<Option<PathBuf>, Error> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir =
            path.and_then(Path::parent).map(Path::to_path_buf).or_else(|| self.roots.first().cloned()).unwrap_or(cwd);
        let named = self.choice.file.is_some() || self.choice.env.as_ref().is_some_and(|e| !e.is_empty());
        let found = config::locate(&self.choice, &dir)?;
        Ok(found.map(|p| {
            // A config named by flag or environment is relative to where the server started.
            let p = if named { std::path::absolute(&p).unwrap_or(p) } else { dir.join(p) };
            std::fs::canonicalize(&p).unwrap_or(p)
        }))
    }

    /// Forgets the settings read from a file that was saved; `true` when any were.
    pub fn saved(&mut self, path: &Path) -> bool {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let before = self.built.len();
        self.built.retain(|_, s| !s.inputs.iter().any(|input| path.starts_with(input)));
        // A config file that appears (or is renamed into place) changes which settings apply.
        let is_config = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| config::FILE_NAMES.contains(&n));
        if is_config {
            self.built.clear();
        }
        before != self.built.len() || is_config
    }
}

/// Builds the settings of one config; whatever cannot be applied falls back to the default and is
/// reported in `problems`. Fails only when the built-in rule pack does not load (a broken build).
fn build(config: Option<&Path>, roots: &[PathBuf]) -> Result<Settings, Error> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut inputs: Vec<PathBuf> = config.iter().map(|p| p.to_path_buf()).collect();
    let loaded: Option<Config> =
        config.and_then(|path| config::load(path).map_err(|e| problems.extend(into_problems(e))).ok());
    let root = config
        .and_then(|c| roots.iter().find(|r| c.starts_with(r)).cloned().or_else(|| c.parent().map(Path::to_path_buf)));
    let mut confined = |key: &str, named: Option<&PathBuf>| -> Option<PathBuf> {
        let (named, root, config) = (named?, root.as_ref()?, config?);
        let real = std::fs::canonicalize(named).unwrap_or_else(|_| named.clone());
        if real.starts_with(root) {
            inputs.push(real.clone());
            return Some(real);
        }
        let message = format!(
            "`{key}` names {}, outside the workspace {}: the language server does not read it",
            named.display(),
            root.display()
        );
        let mut p = at_key(config, key, message);
        p.help =
            Some("keep the rule pack and the waivers inside the workspace; the command line still reads them".into());
        problems.push(p);
        None
    };
    let rules = confined("rules", loaded.as_ref().and_then(|c| c.rules.as_ref()));
    let waivers = confined("waivers", loaded.as_ref().and_then(|c| c.waivers.as_ref()));
    let mut pack = match rules.as_deref().map(Pack::from_dir) {
        Some(Ok(pack)) => pack,
        Some(Err(e)) => {
            problems.extend(into_problems(e));
            Pack::embedded()?
        }
        None => Pack::embedded()?,
    };
    if let Some(c) = &loaded {
        let assignments: Vec<(String, String)> = c
            .params_under(&[])
            .iter()
            .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        if let Err(e) = pack.set_params(&assignments) {
            problems.extend(into_problems(c.relocate(e, &[])));
            // Parameters that were accepted before one was refused are set in the manifest but
            // not compiled: start again from the pack's own values.
            pack = match rules.as_deref() {
                Some(dir) => Pack::from_dir(dir).or_else(|_| Pack::embedded())?,
                None => Pack::embedded()?,
            };
        }
    }
    let valid_waivers = match waivers.as_deref().map(|w| crate::waivers::load(w, &pack)) {
        Some(Ok((valid, notes))) => {
            warnings.extend(notes);
            valid
        }
        Some(Err(e)) => {
            problems.extend(into_problems(e));
            Vec::new()
        }
        None => Vec::new(),
    };
    let readers = Readers::index(&pack);
    Ok(Settings {
        config: config.map(Path::to_path_buf),
        checker: Checker::new(pack).with_waivers(valid_waivers),
        readers,
        lang: loaded.as_ref().and_then(|c| c.lang).unwrap_or_else(Lang::from_env),
        problems,
        warnings,
        stamps: stamps(&inputs),
        inputs,
    })
}

/// A problem at a top-level key of a config file (at its start when the key is not found).
fn at_key(config: &Path, key: &str, message: String) -> Problem {
    let name = config.display().to_string();
    let text = crate::input::read_capped(config, crate::input::Cap::fixed())
        .ok()
        .and_then(|bytes| yaml::decode(&bytes).ok())
        .unwrap_or_default();
    let at = yaml::parse(&text, &Limits::default())
        .ok()
        .and_then(|node| yaml::to_json(node).1.get(&format!("/{key}")))
        .map(|s| s.key.unwrap_or(s.value));
    Problem::at(&crate::source::SourceFile::new(name, text), at, message)
}

/// The problems of an error, one by one.
pub fn into_problems(e: Error) -> Vec<Problem> {
    match e {
        Error::Invalid(problems) => problems,
        Error::Usage(message) => vec![Problem::plain("ipps-check", message)],
    }
}
