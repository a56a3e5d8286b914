//! Runs a parsed command line: the orchestration between loading, checking and reporting.

mod check;
mod describe;
mod export_list;
mod import;
mod migrate;
mod rules;

use std::io::Write;
use std::path::Path;

use crate::cli::{CheckArgs, Cli, Command, ListFormat, SchemaKind};
use crate::config::{self, Config};
use crate::error::{Error, Problem};
use crate::pack::{Manifest, Pack};
use crate::report;
use crate::text::Lang;

use check::check;
use rules::rules;

/// The commented template `ipps-check init` prints.
pub const INIT_TEMPLATE: &str = include_str!("../init_template.yaml");

/// The same template with its comments in Chinese (`init --lang zh`; scripts/gen-init-template-zh.py).
pub const INIT_TEMPLATE_ZH: &str = include_str!("../init_template.zh.yaml");

/// Where the template's modeline sends editors for the platform schema unless `--schema-file` says
/// otherwise: a file beside the platform file, since nothing is fetched from the network.
pub const DEFAULT_SCHEMA_FILE: &str = "platform.schema.json";

/// Runs the command; returns the exit code (0 or 1), or the error that makes it 2.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    if cli.version {
        return emit(out, &version_text()?);
    }
    let mut choice = config::Choice::from_flags(cli.config, cli.no_config);
    choice.allow_outside = cli.allow_config_paths_outside;
    match cli.command {
        None => {
            mistyped_command(&cli.check.paths)?;
            check_with_config(cli.check, &choice, out)
        }
        Some(Command::Check(args)) => check_with_config(args, &choice, out),
        Some(Command::Init { schema_file, output, lang }) => {
            init(schema_file.as_deref(), output.as_deref(), lang.unwrap_or_else(Lang::from_env), out)
        }
        Some(Command::Schema { kind }) => {
            let schema = match kind {
                SchemaKind::Platform => crate::model::platform_schema().clone(),
                SchemaKind::PlatformV1 => crate::platform::schema_v1(),
                SchemaKind::Rules => crate::pack::rule_file_schema(),
                SchemaKind::Pack => serde_json::to_value(schemars::schema_for!(Manifest)).unwrap_or_default(),
                SchemaKind::Report => report::json::schema(),
                SchemaKind::Waivers => {
                    serde_json::to_value(schemars::schema_for!(crate::waivers::WaiverFile)).unwrap_or_default()
                }
                SchemaKind::Config => {
                    serde_json::to_value(schemars::schema_for!(config::ConfigFile)).unwrap_or_default()
                }
            };
            emit(out, &(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
        }
        Some(Command::Rules { command }) => rules(command, load_config(&choice)?.as_ref(), out),
        Some(Command::Import(args)) => import::import(&args, out),
        Some(Command::ExportList(args)) => export_list::export_list(&args),
        Some(Command::Migrate { file, output }) => migrate::migrate(&file, output.as_deref(), out),
        Some(Command::Diff { old, new, format, lang, allow_pack_change }) => {
            let lang = lang.or(load_config(&choice)?.and_then(|c| c.lang));
            let diff = crate::diff::compare(&old, &new, allow_pack_change)?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&diff).unwrap_or_default() + "\n",
                // Names come from the reports' input files: hidden characters are spelt out.
                ListFormat::Text => {
                    let text = crate::diff::render_text(&diff, lang.unwrap_or_else(Lang::from_env));
                    crate::terminal::visible_lines(&text).into_owned()
                }
            };
            emit(out, &text)?;
            Ok(u8::from(diff.has_regressions()))
        }
        Some(Command::Lsp) => crate::lsp::run(choice, out),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "ipps-check", &mut script);
            emit(out, &String::from_utf8_lossy(&script))
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut page)
                .map_err(|e| Error::Usage(format!("cannot render the man page: {e}")))?;
            emit(out, &String::from_utf8_lossy(&page))
        }
    }
}

/// `ipps-check imprt x.xlsx` would check a file `imprt`: a first "path" that is no file and looks
/// like a command is a typo, and says which command was meant. A command's exact name there
/// (`ipps-check --lang zh import x.xlsx`) came after an option of `check`, which made it a path.
fn mistyped_command(paths: &[std::path::PathBuf]) -> Result<(), Error> {
    let Some(first) = paths.first().and_then(|p| p.to_str()) else { return Ok(()) };
    if first.contains(['/', '\\', '.']) || std::path::Path::new(first).exists() {
        return Ok(());
    }
    let cli = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    let rest: Vec<String> = paths[1..].iter().map(|p| p.display().to_string()).collect();
    let command_line = |meant: &str| [meant.to_owned()].into_iter().chain(rest.clone()).collect::<Vec<_>>().join(" ");
    if names.contains(&first) {
        let mut p = Problem::plain(first, "a command after an option is read as a file to check".to_owned());
        p.help = Some(format!(
            "write the command first, then its options: `ipps-check {}` (`ipps-check {first} --help` lists them)",
            command_line(first)
        ));
        return Err(Error::single(p));
    }
    let Some(hint) = crate::error::did_you_mean(first, &names) else { return Ok(()) };
    let meant = hint.trim_start_matches("did you mean `").trim_end_matches("`?");
    let mut p = Problem::plain(first, "no such file, and no command of that name".to_owned());
    p.help = Some(format!("did you mean `ipps-check {}`?", command_line(meant)));
    Err(Error::single(p))
}

/// The language to speak to the user in, known before the command runs so that its errors and
/// notes use it: the command's `--lang`, else the config file's `lang` (when one is found and its
/// `lang` reads, whatever mistakes the rest of it holds), else the locale's.
pub fn language(cli: &Cli) -> Lang {
    use crate::cli::RulesCommand;
    let flag = match &cli.command {
        None => cli.check.lang,
        Some(Command::Check(args)) => args.lang,
        Some(Command::Init { lang, .. } | Command::Diff { lang, .. }) => *lang,
        Some(Command::Rules {
            command: RulesCommand::List { lang, .. } | RulesCommand::Show { lang, .. } | RulesCommand::Doc { lang, .. },
        }) => *lang,
        _ => None,
    };
    flag.or_else(|| {
        let choice = config::Choice::from_flags(cli.config.clone(), cli.no_config);
        config::language_of(&choice, &std::env::current_dir().ok()?)
    })
    .unwrap_or_else(Lang::from_env)
}

/// The config file the command line chose or the current directory implies, read and checked.
fn load_config(choice: &config::Choice) -> Result<Option<Config>, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::Usage(format!("cannot read the current directory to look for a config file: {e}")))?;
    config::find_and_load(choice, &cwd)
}

/// `check`, with what the command line left out taken from the config file.
fn check_with_config(mut args: CheckArgs, choice: &config::Choice, out: &mut dyn Write) -> Result<u8, Error> {
    let Some(config) = load_config(choice)? else { return check(&args, out) };
    let command_line = args.params.clone();
    config.complete(&mut args)?;
    check(&args, out).map_err(|e| config.relocate(e, &command_line))
}

/// `--version`: the program's version and the identity of the rule pack built into it.
fn version_text() -> Result<String, Error> {
    let pack = Pack::embedded()?;
    let m = &pack.manifest;
    Ok(format!(
        "ipps-check {}\nrule pack: {} {} (edition {})\ncontent hash: {}\n",
        env!("CARGO_PKG_VERSION"),
        m.id,
        m.version,
        m.edition,
        pack.content_hash
    ))
}

/// `init`: the template, its first line pointing at the schema; with `--schema-file`, the schema too.
/// The modeline is resolved by editors against the template's own directory, so it names the
/// schema relative to where the template goes: `-o`'s directory, else the current one.
fn init(schema_file: Option<&Path>, output: Option<&Path>, lang: Lang, out: &mut dyn Write) -> Result<u8, Error> {
    let base = output.and_then(Path::parent).unwrap_or(Path::new(""));
    let target = match schema_file {
        Some(path) => {
            write_schema(path)?;
            relative_to(path, base).display().to_string()
        }
        None => DEFAULT_SCHEMA_FILE.to_owned(),
    };
    let template = template_pointing_at(&target, lang);
    let Some(file) = output else {
        if schema_file.is_some_and(|p| p.parent().is_some_and(|d| !d.as_os_str().is_empty())) {
            note(
                "note",
                &format!(
                    "the first line names {target} relative to the current directory: save the template here, or write it with -o FILE"
                ),
            );
        }
        return emit(out, &template);
    };
    if std::fs::symlink_metadata(file).is_ok() {
        let mut p = Problem::plain(crate::input::shown(file), "exists; not replaced with a template");
        p.help = Some("choose another file, or remove this one first".into());
        return Err(Error::single(p));
    }
    let inputs: Vec<std::path::PathBuf> = schema_file.iter().map(|p| p.to_path_buf()).collect();
    crate::output::plan_file(Some(file), &inputs)?.write(&mut std::io::sink(), &template)?;
    Ok(0)
}

/// `path` as seen from the directory `base` (both relative to the current directory, or absolute),
/// worked out on their names: `sub/x.json` from `sub` is `x.json`, from `other` `../sub/x.json`.
fn relative_to(path: &Path, base: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| {
        let mut out = std::path::PathBuf::new();
        for c in cwd.join(p).components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    let (path, base) = (absolute(path), absolute(base));
    let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
    let mut out: std::path::PathBuf = base.components().skip(common).map(|_| "..").collect();
    out.extend(path.components().skip(common));
    out
}

/// The template in a language, with its modeline naming `schema`.
fn template_pointing_at(schema: &str, lang: Lang) -> String {
    let template = if lang == Lang::Zh { INIT_TEMPLATE_ZH } else { INIT_TEMPLATE };
    let rest = template.split_once('\n').map(|(_, rest)| rest).unwrap_or_default();
    format!("# yaml-language-server: $schema={schema}\n{rest}")
}

/// Writes the platform schema, refusing to replace a file that is not an earlier copy of it (the
/// most likely mistake is `--schema-file platform.yaml`).
fn write_schema(path: &Path) -> Result<(), Error> {
    let schema = crate::model::platform_schema();
    let name = path.display().to_string();
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        let mut p = Problem::plain(
            name,
            "the schema path has a space or control character, which the editor's modeline cannot carry",
        );
        p.help = Some("choose a path without spaces, e.g. platform.schema.json".into());
        return Err(Error::single(p));
    }
    if let Ok(meta) = std::fs::metadata(path) {
        // An earlier copy is a regular file of some hundred kilobytes; anything else is not ours.
        let earlier: Option<serde_json::Value> = (meta.is_file() && meta.len() < 16 * 1024 * 1024)
            .then(|| std::fs::read(path).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let title = |v: &serde_json::Value| v.get("title").cloned();
        if earlier.as_ref().and_then(title).is_none_or(|t| Some(t) != title(schema)) {
            let mut p = Problem::plain(name, "exists and is not a platform schema written by ipps-check; not replaced");
            p.help = Some("choose another path, or remove the file first".into());
            return Err(Error::single(p));
        }
    }
    let target = report::Output { format: report::Format::Json, path: Some(path.to_path_buf()) };
    let text = serde_json::to_string_pretty(schema).unwrap_or_default() + "\n";
    for mut planned in crate::output::plan(&[target], &[])? {
        planned.write(&mut std::io::sink(), &text)?;
    }
    Ok(())
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn emit(out: &mut dyn Write, text: &str) -> Result<u8, Error> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::Usage(format!("cannot write to standard output: {e}"))),
    }
}

fn load_pack(dir: Option<&Path>) -> Result<Pack, Error> {
    match dir {
        Some(d) => Pack::from_dir(d),
        None => Pack::embedded(),
    }
}

/// A line on stderr, in the language of the run; a closed stderr is no reason to stop.
fn note(kind: &str, text: &str) {
    let lang = crate::zh::language();
    let kind = match (kind, lang) {
        ("warning", Lang::Zh) => "警告",
        ("note", Lang::Zh) => "提示",
        (kind, _) => kind,
    };
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    let _ = writeln!(std::io::stderr(), "{kind}{sep}{}", crate::terminal::visible(&crate::zh::say(text, lang)));
}
