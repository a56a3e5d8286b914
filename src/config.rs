//! The project config file `.ipps-check.yaml`: where it is found, what it may say, and how it
//! fills in what the command line left out (the command line always wins).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::cli::CheckArgs;
use crate::error::{Error, Problem, did_you_mean};
use crate::gate::FailOn;
use crate::report::Format;
use crate::source::{LineCol, SourceFile};
use crate::text::Lang;
use crate::yaml::{self, Limits, SourceMap};

/// Names the config file may have, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 2] = [".ipps-check.yaml", ".ipps-check.yml"];

/// The environment variable that names a config file when `--config` does not.
pub const ENV_VAR: &str = "IPPS_CHECK_CONFIG";

/// The flag that lets a config name paths outside its project (see [`Config::confine`]).
pub const ALLOW_OUTSIDE_FLAG: &str = "--allow-config-paths-outside";

/// Names of the version-control metadata that marks a project's root, and that no path from a
/// config may lead into: a report written into `.git/hooks` would run on the next commit.
pub const VCS_METADATA: [&str; 5] = [".git", ".hg", ".svn", ".jj", ".bzr"];

/// `.ipps-check.yaml`: defaults for the command line of a project. Paths are relative to the
/// directory of this file; a flag given on the command line overrides the same setting here.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "ipps-check project configuration")]
pub struct ConfigFile {
    /// Optional JSON Schema reference for editors; ignored by the checker.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// Rule pack directory (`--rules`); default: the pack built into the binary.
    #[schemars(length(min = 1))]
    pub rules: Option<String>,
    /// Rule-pack parameter values (`--param NAME=VALUE`), e.g. `min_site_area_m2: 80`. A
    /// `--param` of the same name on the command line wins; the others still apply.
    #[serde(default)]
    pub params: IndexMap<String, Value>,
    /// Waivers file (`--waivers`).
    #[schemars(length(min = 1))]
    pub waivers: Option<String>,
    /// Reports to write (`--format`), each `FMT` or `FMT:PATH`; any `--format` on the command line
    /// replaces the whole list.
    #[serde(default)]
    #[schemars(inner(regex(
        pattern = r"^(text|json|sarif|junit|markdown|md|html|csv|committee-csv|concise|github|gitlab)(:.*)?$"
    )))]
    pub formats: Vec<String>,
    /// Which clause failures fail the run (`--fail-on`): shall, should or none.
    #[schemars(with = "Option<FailOn>")]
    pub fail_on: Option<String>,
    /// Also fail the run when the overall score is below this (`--min-score`).
    #[schemars(range(min = 0, max = 100))]
    pub min_score: Option<f64>,
    /// Report language (`--lang`).
    pub lang: Option<Lang>,
    /// Assessment date (`--as-of`), YYYY-MM-DD; default: today in `timezone`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub as_of: Option<String>,
    /// The time zone "today" is read in, e.g. `Asia/Shanghai`; default: `TZ`, else the system's.
    /// It wins over `TZ`, so a CI runner on UTC dates a Beijing platform as Beijing does.
    pub timezone: Option<String>,
}

/// A config file read and checked, its paths resolved against its directory.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as given or as found from the current directory (e.g. `../.ipps-check.yaml`).
    pub path: PathBuf,
    /// The project the file configures (see [`project_root`]): every path it names must lead
    /// inside, unless [`ALLOW_OUTSIDE_FLAG`] was given.
    pub project: PathBuf,
    allow_outside: bool,
    pub rules: Option<PathBuf>,
    pub waivers: Option<PathBuf>,
    /// `FMT` or `FMT:PATH` with PATH resolved, ready to be read like `--format`.
    pub formats: Vec<String>,
    /// Every path setting: `rules`, `waivers` and each `formats` entry with a path.
    paths: Vec<PathSetting>,
    /// Parameter assignments in file order, each with the position of its key.
    pub params: Vec<ParamSetting>,
    pub fail_on: Option<FailOn>,
    pub min_score: Option<f64>,
    pub lang: Option<Lang>,
    pub as_of: Option<String>,
    pub timezone: Option<String>,
    source: SourceFile,
}

/// A path the config sets, where it is written, and the flag that would give it instead.
#[derive(Debug, Clone)]
struct PathSetting {
    path: PathBuf,
    /// `rules`, `waivers`, `formats[2]`.
    key: String,
    at: Option<LineCol>,
    flag: String,
}

/// One `params:` entry of the config.
#[derive(Debug, Clone)]
pub struct ParamSetting {
    pub name: String,
    /// The value written as YAML (flow style), the form `--param NAME=VALUE` takes.
    pub value: String,
    at: Option<LineCol>,
}

/// How the command line chose the config.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--no-config`.
    pub disabled: bool,
    /// The value of `IPPS_CHECK_CONFIG`, if set.
    pub env: Option<OsString>,
    /// `--allow-config-paths-outside`: the config may name paths outside its project.
    pub allow_outside: bool,
}

impl Choice {
    /// The choice made by the flags and the process environment.
    pub fn from_flags(file: Option<PathBuf>, disabled: bool) -> Choice {
        Choice { file, disabled, env: std::env::var_os(ENV_VAR), allow_outside: false }
    }
}

/// The config file to use, if any: `--no-config` wins, then `--config`, then `IPPS_CHECK_CONFIG`,
/// then the nearest `.ipps-check.yaml` from `cwd` upwards. The walk stops at the first directory
/// holding `.git` (the repository root), so that a config above a checkout never leaks into it.
pub fn locate(choice: &Choice, cwd: &Path) -> Result<Option<PathBuf>, Error> {
    if choice.disabled {
        return Ok(None);
    }
    if let Some(file) = &choice.file {
        return Ok(Some(file.clone()));
    }
    if let Some(env) = choice.env.as_ref().filter(|v| !v.is_empty()) {
        return Ok(Some(PathBuf::from(env)));
    }
    discover(cwd)
}

/// The config the choice and `cwd` lead to, read and checked; `None` when there is none.
pub fn find_and_load(choice: &Choice, cwd: &Path) -> Result<Option<Config>, Error> {
    let Some(path) = locate(choice, cwd)? else { return Ok(None) };
    let from_env = choice.file.is_none() && choice.env.as_ref().is_some_and(|v| !v.is_empty());
    load_with(&path, choice.allow_outside).map(Some).map_err(|e| match e {
        Error::Invalid(mut problems) if from_env => {
            for p in problems.iter_mut().filter(|p| p.help.is_none()) {
                p.help = Some(format!("{ENV_VAR} names this file; unset it or pass --no-config to run without one"));
            }
            Error::Invalid(problems)
        }
        other => other,
    })
}

/// The `lang` of the config the choice and `cwd` lead to, read on its own, so that the file's
/// own mistakes are told in the language it asks for even when the rest of it is wrong; `None`
/// when there is no config, or its `lang` does not read.
pub fn language_of(choice: &Choice, cwd: &Path) -> Option<Lang> {
    let path = locate(choice, cwd).ok()??;
    // A config that is a link out of its project is refused unread, its language too.
    if !choice.allow_outside && link_out_of_project(&path).is_some() {
        return None;
    }
    let bytes = crate::input::read_capped(&path, crate::input::Cap::config()).ok()?;
    let text = yaml::decode(&bytes).ok()?;
    let (value, _) = yaml::to_json(yaml::parse(&text, &Limits::default()).ok()?);
    serde_json::from_value(value.get("lang")?.clone()).ok()
}

/// Walks up from `start` to the repository root (the first directory holding version-control
/// metadata, [`VCS_METADATA`]; or the filesystem root outside a repository) and returns the first
/// config file found, relative to `start` (`.ipps-check.yaml`, `../.ipps-check.yaml`, …).
pub fn discover(start: &Path) -> Result<Option<PathBuf>, Error> {
    let mut relative = PathBuf::new();
    for dir in start.ancestors() {
        let found: Vec<&str> = FILE_NAMES.iter().copied().filter(|n| dir.join(n).is_file()).collect();
        match found.as_slice() {
            [] => {}
            [one] => return Ok(Some(relative.join(one))),
            [first, second, ..] => {
                let mut p = Problem::plain(
                    relative.join(first).display().to_string(),
                    format!("both {first} and {second} are in {}", dir.display()),
                );
                p.help = Some(format!("keep one of them (ipps-check reads {first} first), or pass --config FILE"));
                return Err(Error::single(p));
            }
        }
        if holds_vcs_metadata(dir) {
            break;
        }
        relative.push("..");
    }
    Ok(None)
}

/// Whether a directory holds version-control metadata (a `.git` directory, or the `.git` file of
/// a worktree or submodule, `.hg`, …): the root of a project.
pub fn holds_vcs_metadata(dir: &Path) -> bool {
    VCS_METADATA.iter().any(|m| std::fs::symlink_metadata(dir.join(m)).is_ok())
}

/// The project a directory belongs to: its nearest ancestor (itself included) holding
/// version-control metadata, else the directory itself. `dir` should be canonical.
pub fn project_of(dir: &Path) -> PathBuf {
    dir.ancestors().find(|d| holds_vcs_metadata(d)).unwrap_or(dir).to_path_buf()
}

/// The project root of a config file: the project of its directory once symbolic links are
/// resolved, so a config's project is where its text really lives.
pub fn project_root(config: &Path) -> PathBuf {
    let real = config.canonicalize().unwrap_or_else(|_| absolute(config));
    project_of(real.parent().unwrap_or(Path::new("/")))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Where a path leads once symbolic links are resolved. A path that does not exist yet (a report
/// to be written) resolves through its nearest existing ancestor, the rest taken as written
/// (`..` removing the component before it).
pub fn resolved(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let mut existing = path.as_path();
    let base = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            // `..` at the end, or the root itself: compare what is written.
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}

/// Reads and checks a config file. Every problem is located in the file; all are reported at once.
pub fn load(path: &Path) -> Result<Config, Error> {
    load_with(path, false)
}

/// When a config file is a symbolic link to a regular file outside the project it sits in: that
/// project and the link's target.
fn link_out_of_project(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !(regular && is_link) {
        return None;
    }
    let project = absolute(path).parent().and_then(|d| d.canonicalize().ok()).map(|d| project_of(&d))?;
    let target = path.canonicalize().ok()?;
    (!target.starts_with(&project)).then_some((project, target))
}

/// [`load`], with `allow_outside` for [`ALLOW_OUTSIDE_FLAG`]. A config that is a symbolic link
/// leading out of the project it sits in is refused before it is read: its text would be shown in
/// error snippets, and it could be any file on the machine (`~/.ssh/id_rsa`).
pub fn load_with(path: &Path, allow_outside: bool) -> Result<Config, Error> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Error::single(Problem::plain(name, "is a directory, expected a config file (.ipps-check.yaml)")));
    }
    if !allow_outside && let Some((project, target)) = link_out_of_project(path) {
        let mut p = Problem::plain(
            crate::input::shown(path),
            format!(
                "the config file is a symbolic link leading out of its project {} (to {}); not read",
                crate::input::shown(&project),
                crate::input::shown(&target)
            ),
        );
        p.help = Some(format!(
            "a repository's config must be a file of the repository; pass --no-config to ignore it, \
             or {ALLOW_OUTSIDE_FLAG} if you trust it"
        ));
        return Err(Error::single(p));
    }
    let bytes = crate::input::read_capped(path, crate::input::Cap::config())?;
    let text = yaml::decode(&bytes).map_err(|e| Error::single(Problem::at_yaml(&SourceFile::new(&name, ""), e)))?;
    let source = SourceFile::new(&name, text);
    let mut config = parse(path, source)?;
    config.project = project_root(path);
    config.allow_outside = allow_outside;
    Ok(config)
}

/// Checks a config file's text as an editor holds it (the language server); its paths are
/// resolved against `path`'s directory, as if the text were saved there.
pub fn from_text(path: &Path, text: &str) -> Result<Config, Error> {
    let cap = crate::input::Cap::config().bytes;
    if text.len() as u64 > cap {
        return Err(Error::single(Problem::plain(
            path.display().to_string(),
            format!("the config file is {} bytes, over the limit of {cap} bytes", text.len()),
        )));
    }
    let mut config = parse(path, SourceFile::new(path.display().to_string(), text))?;
    config.project = project_root(path);
    Ok(config)
}

fn parse(path: &Path, source: SourceFile) -> Result<Config, Error> {
    let limits = Limits::default();
    let only_comments = source.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let mut problems = Vec::new();
    let (file, map) = if only_comments {
        (ConfigFile::default(), SourceMap::default())
    } else {
        match yaml::parse_typed::<ConfigFile>(&source.text, &limits) {
            Ok(file) => (file, yaml::parse(&source.text, &limits).map(|n| yaml::to_json(n).1).unwrap_or_default()),
            // serde stops at the first wrong key: find every one, and go on with the rest.
            Err(e) => match every_wrong_key(&source, &limits) {
                Some((file, map, mut found)) if !found.is_empty() => {
                    problems.append(&mut found);
                    (file, map)
                }
                _ => return Err(Error::single(Problem::at_yaml(&source, e))),
            },
        }
    };
    let at = |pointer: &str| map.resolve(pointer).map(|(_, s)| s.value);
    let key_at = |pointer: &str| map.get(pointer).map(|s| s.key.unwrap_or(s.value));
    let base = path.parent().unwrap_or(Path::new(""));

    let mut paths = Vec::new();
    let mut path_setting = |key: &str, value: Option<String>| -> Option<PathBuf> {
        let value = value?;
        if value.trim().is_empty() {
            problems.push(Problem::at(&source, at(&format!("/{key}")), format!("`{key}` is empty")));
            return None;
        }
        let path = base.join(value);
        let flag = format!("--{key} {}", crate::input::shown(&path));
        paths.push(PathSetting { path: path.clone(), key: key.to_owned(), at: at(&format!("/{key}")), flag });
        Some(path)
    };
    let rules = path_setting("rules", file.rules);
    let waivers = path_setting("waivers", file.waivers);
    // A path that leads nowhere is said here, with the others, rather than when it is read.
    for (key, path, is_dir) in [("rules", &rules, true), ("waivers", &waivers, false)] {
        let Some(path) = path else { continue };
        let found = std::fs::metadata(path).map(|m| if is_dir { m.is_dir() } else { !m.is_dir() });
        if !found.unwrap_or(false) {
            let what = if is_dir { "directory" } else { "file" };
            let p = Problem::at(&source, at(&format!("/{key}")), format!("`{key}`: no {what} {}", path.display()));
            problems.push(p);
        }
    }

    let mut formats = Vec::new();
    let mut to_stdout = 0;
    for (i, spec) in file.formats.iter().enumerate() {
        let (fmt, target) = match spec.split_once(':') {
            Some((f, p)) if !p.is_empty() => (f, Some(p)),
            Some((f, _)) => (f, None),
            None => (spec.as_str(), None),
        };
        if Format::parse(fmt).is_none() {
            let names: Vec<&str> = Format::NAMES.split(", ").collect();
            let mut p = Problem::at(&source, at(&format!("/formats/{i}")), format!("unknown report format `{fmt}`"));
            p.help = did_you_mean(fmt, &names).or_else(|| Some(format!("formats: {}", Format::NAMES)));
            problems.push(p);
            continue;
        }
        match target {
            Some(t) => {
                let path = base.join(t);
                let flag = format!("--format {fmt}:{}", crate::input::shown(&path));
                paths.push(PathSetting { path, key: format!("formats[{i}]"), at: at(&format!("/formats/{i}")), flag });
                formats.push(format!("{fmt}:{}", base.join(t).display()))
            }
            None => {
                to_stdout += 1;
                if to_stdout > 1 {
                    let mut p = Problem::at(
                        &source,
                        at(&format!("/formats/{i}")),
                        "a second format to standard output".to_owned(),
                    );
                    p.help = Some("give every format but one a file: FMT:PATH".into());
                    problems.push(p);
                }
                formats.push(fmt.to_owned());
            }
        }
    }

    let fail_on = file.fail_on.as_deref().and_then(|raw| match <FailOn as clap::ValueEnum>::from_str(raw, true) {
        Ok(f) => Some(f),
        Err(_) => {
            let names = ["shall", "should", "none"];
            let mut p =
                Problem::at(&source, at("/fail-on"), format!("`fail-on` takes shall, should or none, got `{raw}`"));
            p.help = did_you_mean(raw, &names);
            problems.push(p);
            None
        }
    });

    if let Some(m) = file.min_score.filter(|m| !(0.0..=100.0).contains(m)) {
        problems.push(Problem::at(
            &source,
            at("/min-score"),
            format!("`min-score` takes a number from 0 to 100, got {m}"),
        ));
    }

    if let Some(d) = file.as_of.as_deref().filter(|d| crate::date::parse_days(d).is_none()) {
        problems.push(Problem::at(&source, at("/as-of"), format!("`as-of` takes a date YYYY-MM-DD, got `{d}`")));
    }
    if let Some(Err(e)) = file.timezone.as_deref().map(crate::date::Zone::named) {
        problems.push(Problem::at(&source, at("/timezone"), format!("`timezone`: {e}")));
    }

    let mut params = Vec::new();
    for (name, value) in &file.params {
        let pointer = format!("/params/{}", yaml::escape_token(name));
        if value.is_null() {
            problems.push(Problem::at(&source, key_at(&pointer), format!("parameter `{name}` has no value")));
            continue;
        }
        // JSON is YAML in flow style, so the value reads back exactly as `--param` would read it.
        params.push(ParamSetting { name: name.clone(), value: value.to_string(), at: key_at(&pointer) });
    }

    let config = Config {
        path: path.to_path_buf(),
        project: base.to_path_buf(),
        allow_outside: false,
        rules,
        waivers,
        formats,
        paths,
        params,
        fail_on,
        min_score: file.min_score,
        lang: file.lang,
        as_of: file.as_of,
        timezone: file.timezone,
        source,
    };
    if problems.is_empty() {
        return Ok(config);
    }
    // The file is wrong already: say in the same run whether its parameters are wrong too, which
    // the rule pack would only say once the rest is mended.
    problems.extend(config.param_problems());
    problems.sort_by_key(|p| p.at.map(|a| (a.line, a.column)));
    Err(Error::many(problems))
}

/// Every key of a config file that is unknown or holds a wrong value, each located, and the file
/// read without them; `None` when the text is no YAML mapping (the parser's error says why).
fn every_wrong_key(source: &SourceFile, limits: &Limits) -> Option<(ConfigFile, SourceMap, Vec<Problem>)> {
    let (value, map) = yaml::to_json(yaml::parse(&source.text, limits).ok()?);
    let Value::Object(mut object) = value else { return None };
    let schema = serde_json::to_value(schemars::schema_for!(ConfigFile)).ok()?;
    let known: Vec<&str> = schema.get("properties")?.as_object()?.keys().map(String::as_str).collect();
    let mut problems = Vec::new();
    let mut wrong = Vec::new();
    for (key, v) in &object {
        let pointer = format!("/{}", yaml::escape_token(key));
        if !known.contains(&key.as_str()) {
            let at = map.get(&pointer).map(|s| s.key.unwrap_or(s.value));
            let mut p = Problem::at(source, at, format!("unknown field `{key}`"));
            p.help = did_you_mean(key, &known).or_else(|| Some(format!("valid fields: {}", known.join(", "))));
            problems.push(p);
            wrong.push(key.clone());
            continue;
        }
        // The key alone, read as the file's type reads it: its own error, whatever the others hold.
        let alone = serde_json::Map::from_iter([(key.clone(), v.clone())]);
        if let Err(e) = serde_json::from_value::<ConfigFile>(Value::Object(alone)) {
            let at = map.resolve(&pointer).map(|(_, s)| s.value);
            problems.push(Problem::at(source, at, format!("`{key}`: {e}")));
            wrong.push(key.clone());
        }
    }
    object.retain(|k, _| !wrong.contains(k));
    let file = serde_json::from_value(Value::Object(object)).ok()?;
    Some((file, map, problems))
}

impl Config {
    /// Fills in what the command line of `check` left out. `--format` replaces the config's list;
    /// `--param` overrides the config's parameter of the same name and leaves the others. Every
    /// path taken from the file must lead inside its project ([`Config::confine`]); a path the
    /// command line gives instead is the user's choice and is not checked here.
    pub fn complete(&self, args: &mut CheckArgs) -> Result<(), Error> {
        if args.rules.is_none() {
            args.rules = self.rules_dir()?;
        }
        if args.waivers.is_none()
            && let Some(w) = &self.waivers
        {
            self.confine(w)?;
            args.waivers = Some(w.clone());
        }
        if args.formats.is_empty() && !self.formats.is_empty() {
            for p in self.paths.iter().filter(|p| p.key.starts_with("formats")) {
                self.confine_key(&p.path, &p.key)?;
            }
            args.formats = self.formats.clone();
            args.formats_from_config = true;
        }
        let mut params = self.params_under(&args.params);
        params.append(&mut args.params);
        args.params = params;
        args.fail_on = args.fail_on.or(self.fail_on);
        args.min_score = args.min_score.or(self.min_score);
        args.lang = args.lang.or(self.lang);
        args.as_of = args.as_of.take().or_else(|| self.as_of.clone());
        args.timezone = self.timezone.clone();
        args.config_file = Some(self.path.clone());
        args.config_used = Some(self.name());
        Ok(())
    }

    /// The rules directory the file names, checked: the directory and every rule file in it lead
    /// inside the project (a rule file may be a link, and a parse error would show its text).
    pub fn rules_dir(&self) -> Result<Option<PathBuf>, Error> {
        let Some(dir) = &self.rules else { return Ok(None) };
        self.confine(dir)?;
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    self.confine_key(&path, "rules")?;
                }
            }
        }
        Ok(Some(dir.clone()))
    }

    /// Checks a path this file set (`rules`, `waivers`, a report of `formats`, any later path
    /// setting such as an evidence directory): once symbolic links are resolved it must lead
    /// inside the project and outside version-control metadata, else exit 2 naming the key, its
    /// line and column and the ways out. Checked before the path is read or written, so nothing
    /// outside the project is ever opened on a config's word.
    pub fn confine(&self, path: &Path) -> Result<(), Error> {
        let key = self.paths.iter().find(|p| p.path == path).map_or("a path", |p| p.key.as_str()).to_owned();
        self.confine_key(path, &key)
    }

    fn confine_key(&self, path: &Path, key: &str) -> Result<(), Error> {
        if self.allow_outside {
            return Ok(());
        }
        let setting = self.paths.iter().find(|p| p.key == key);
        let real = resolved(path);
        let project = self.project.canonicalize().unwrap_or_else(|_| self.project.clone());
        let why = match real.strip_prefix(&project) {
            Err(_) => format!("leads outside the project {}", crate::input::shown(&project)),
            Ok(inside) => match inside.components().find(|c| VCS_METADATA.iter().any(|m| c.as_os_str() == *m)) {
                Some(m) => format!("leads into version-control metadata ({})", m.as_os_str().to_string_lossy()),
                None => return Ok(()),
            },
        };
        let flag = setting.map_or("the matching flag", |p| p.flag.as_str());
        let at = setting.and_then(|p| p.at);
        let mut p = Problem::at(&self.source, at, format!("`{key}` {why}: {}; not used", crate::input::shown(&real)));
        p.help = Some(format!(
            "a config may only name files inside the project it belongs to, outside .git and other \
             version-control metadata; move the file into the project, give the path on the command line \
             ({flag}), or pass {ALLOW_OUTSIDE_FLAG} if you trust this config"
        ));
        Err(Error::single(p))
    }

    /// The file's path for reports, with control characters escaped so that a strange directory
    /// name cannot drive the terminal.
    pub fn name(&self) -> String {
        self.path
            .display()
            .to_string()
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect()
    }

    /// The parameter assignments that the command line does not override, as `NAME=VALUE`.
    pub fn params_under(&self, command_line: &[String]) -> Vec<String> {
        self.applied(command_line).map(|p| format!("{}={}", p.name, p.value)).collect()
    }

    fn applied<'a>(&'a self, command_line: &'a [String]) -> impl Iterator<Item = &'a ParamSetting> {
        let overridden =
            |name: &str| command_line.iter().any(|p| p.split_once('=').is_some_and(|(k, _)| k.trim() == name));
        self.params.iter().filter(move |p| !overridden(&p.name))
    }

    /// What the rule pack says of this file's parameters: unknown names, values of the wrong kind,
    /// each at its line here. The pack is the file's `rules` when that is a directory, else the
    /// built-in one.
    fn param_problems(&self) -> Vec<Problem> {
        if self.params.is_empty() {
            return Vec::new();
        }
        let pack = match self.rules.as_deref().filter(|d| d.is_dir()) {
            Some(dir) => crate::pack::Pack::from_dir(dir),
            None => crate::pack::Pack::embedded(),
        };
        let Ok(mut pack) = pack else { return Vec::new() };
        let assignments: Vec<(String, String)> =
            self.params.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
        match pack.set_params(&assignments) {
            Ok(()) => Vec::new(),
            Err(e) => match self.relocate(e, &[]) {
                Error::Invalid(problems) => problems,
                Error::Usage(m) => vec![Problem::plain(self.name(), m)],
            },
        }
    }

    /// Moves the problems the rule pack reported against `--param` for a parameter this file set
    /// to that parameter's line in this file, so that the user is sent to the right place.
    /// `command_line` are the `--param` flags, whose own problems stay where they are.
    pub fn relocate(&self, error: Error, command_line: &[String]) -> Error {
        let Error::Invalid(problems) = error else { return error };
        let moved = problems
            .into_iter()
            .map(|p| {
                let setting = (p.file == "--param")
                    .then(|| self.applied(command_line).find(|s| p.message.contains(&format!("`{}`", s.name))))
                    .flatten();
                match setting {
                    Some(s) => {
                        let mut q = Problem::at(&self.source, s.at, format!("params: {}", p.message));
                        q.help = p.help;
                        q
                    }
                    None => p,
                }
            })
            .collect();
        Error::Invalid(moved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, Error> {
        parse(Path::new("cfg/.ipps-check.yaml"), SourceFile::new("cfg/.ipps-check.yaml", text))
    }

    fn headlines(text: &str) -> Vec<String> {
        match parsed(text) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(|p| p.headline()).collect(),
        }
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let c = parsed("formats: [text, 'json:out/r.json']\n").unwrap();
        assert_eq!(c.formats, vec!["text".to_owned(), "json:cfg/out/r.json".to_owned()]);
        // The paths are resolved before they are looked for: a missing one is named as resolved.
        let problems = headlines("rules: pack\nwaivers: /abs/w.yaml\n");
        assert!(problems.iter().any(|h| h.ends_with("1:8: `rules`: no directory cfg/pack")), "{problems:?}");
        assert!(problems.iter().any(|h| h.ends_with("2:10: `waivers`: no file /abs/w.yaml")), "{problems:?}");
    }

    #[test]
    fn a_file_of_comments_is_an_empty_config() {
        let c = parsed("# yaml-language-server: $schema=x.json\n\n").unwrap();
        assert!(c.rules.is_none() && c.params.is_empty() && c.formats.is_empty());
    }

    #[test]
    fn settings_are_read() {
        let c = parsed(
            "fail-on: should\nmin-score: 80\nlang: zh\nas-of: 2026-11-25\ntimezone: Asia/Shanghai\nparams: {min_site_area_m2: 80, backup_frequencies: [daily]}\n",
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(FailOn::Should));
        assert_eq!(c.min_score, Some(80.0));
        assert_eq!(c.lang, Some(Lang::Zh));
        assert_eq!((c.as_of.as_deref(), c.timezone.as_deref()), (Some("2026-11-25"), Some("Asia/Shanghai")));
        assert_eq!(c.params_under(&[]), vec!["min_site_area_m2=80", "backup_frequencies=[\"daily\"]"]);
        assert_eq!(c.params_under(&["min_site_area_m2 = 5".into()]), vec!["backup_frequencies=[\"daily\"]"]);
    }

    #[test]
    fn the_language_of_a_config_with_mistakes_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let choice =
            |file: &str| Choice { file: Some(dir.path().join(file)), env: None, disabled: false, allow_outside: false };
        std::fs::write(dir.path().join("a.yaml"), "lang: zh\nfail-on: sometimes\nfoo: 1\n").unwrap();
        std::fs::write(dir.path().join("b.yaml"), "lang: fr\n").unwrap();
        std::fs::write(dir.path().join("c.yaml"), "lang: [zh\n").unwrap();
        assert!(load(&dir.path().join("a.yaml")).is_err());
        assert_eq!(language_of(&choice("a.yaml"), dir.path()), Some(Lang::Zh));
        assert_eq!(language_of(&choice("b.yaml"), dir.path()), None);
        assert_eq!(language_of(&choice("c.yaml"), dir.path()), None);
        assert_eq!(language_of(&choice("none.yaml"), dir.path()), None);
        let off = Choice { disabled: true, ..choice("a.yaml") };
        assert_eq!(language_of(&off, dir.path()), None);
    }

    #[test]
    fn bad_settings_are_located() {
        let table: &[(&str, &str)] = &[
            ("fail_on: should\n", "1:1: unknown field `fail_on`"),
            ("rules: x\nmin-score: 150\n", "2:12: `min-score` takes a number from 0 to 100, got 150"),
            ("min-score: high\n", "1:12:"),
            ("fail-on: sometimes\n", "1:10: `fail-on` takes shall, should or none"),
            ("formats:\n  - jsno:r.json\n", "2:5: unknown report format `jsno`"),
            ("formats: [text, markdown]\n", "1:17: a second format to standard output"),
            ("params:\n  min_site_area_m2:\n", "2:3: parameter `min_site_area_m2` has no value"),
            ("rules: ''\n", "1:8: `rules` is empty"),
            ("as-of: 2026-02-30\n", "1:8: `as-of` takes a date YYYY-MM-DD, got `2026-02-30`"),
            ("timezone: Asia/Beijing\n", "1:11: `timezone`: `Asia/Beijing` is not a time zone"),
            ("lang: fr\n", "1:7:"),
            ("rules: a\nrules: b\n", "2:1: duplicate key `rules`"),
            ("- a\n", "cfg/.ipps-check.yaml"),
        ];
        for (text, expected) in table {
            let got = headlines(text);
            assert!(got.iter().any(|h| h.contains(expected)), "{text:?}: expected {expected:?}, got {got:?}");
        }
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let Err(e) = parsed("min_score: 80\n") else { panic!("accepted a misspelt key") };
        let p = &e.problems()[0];
        assert_eq!(p.help.as_deref(), Some("did you mean `min-score`?"), "{}", p.headline());
    }

    #[test]
    fn flags_and_environment_choose_before_discovery() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".ipps-check.yaml"), "").unwrap();
        let found = Some(PathBuf::from(".ipps-check.yaml"));
        assert_eq!(locate(&Choice::default(), dir.path()).unwrap(), found);
        let env = Choice { env: Some("e.yaml".into()), ..Choice::default() };
        assert_eq!(locate(&env, dir.path()).unwrap(), Some(PathBuf::from("e.yaml")));
        let empty_env = Choice { env: Some("".into()), ..Choice::default() };
        assert_eq!(locate(&empty_env, dir.path()).unwrap(), found);
        let flag = Choice { file: Some("f.yaml".into()), ..env.clone() };
        assert_eq!(locate(&flag, dir.path()).unwrap(), Some(PathBuf::from("f.yaml")));
        let off = Choice { disabled: true, ..flag };
        assert_eq!(locate(&off, dir.path()).unwrap(), None);
    }

    #[test]
    fn discovery_walks_up_and_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let deep = repo.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(".ipps-check.yaml"), "").unwrap();
        assert_eq!(discover(&deep).unwrap(), Some(PathBuf::from("../../../.ipps-check.yaml")));
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(discover(&deep).unwrap(), None);
        std::fs::write(repo.join("a/.ipps-check.yml"), "").unwrap();
        assert_eq!(discover(&deep).unwrap(), Some(PathBuf::from("../.ipps-check.yml")));
        std::fs::write(repo.join("a/.ipps-check.yaml"), "").unwrap();
        assert!(discover(&deep).is_err(), "two config files in one directory are ambiguous");
    }
}
