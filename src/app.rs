//! Runs a parsed command line: the orchestration between loading, checking and reporting.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::assess::Checker;
use crate::assessment::Assessment;
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, ListFormat, RulesCommand, SchemaKind};
use crate::error::{Error, Problem};
use crate::gate::Gate;
use crate::pack::{Manifest, Pack, RuleFile};
use crate::platform;
use crate::report::{self, Output, Rendering};
use crate::text::Lang;
use crate::yaml::Limits;

/// The commented template `ipps-check init` prints.
pub const INIT_TEMPLATE: &str = include_str!("init_template.yaml");

/// Runs the command; returns the exit code (0 or 1), or the error that makes it 2.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        None => check(&cli.check, out),
        Some(Command::Check(args)) => check(&args, out),
        Some(Command::Init) => emit(out, INIT_TEMPLATE),
        Some(Command::Schema { kind }) => {
            let schema = match kind {
                SchemaKind::Platform => crate::model::platform_schema().clone(),
                SchemaKind::Rules => serde_json::to_value(schemars::schema_for!(RuleFile)).unwrap_or_default(),
                SchemaKind::Pack => serde_json::to_value(schemars::schema_for!(Manifest)).unwrap_or_default(),
                SchemaKind::Report => report::json::schema(),
                SchemaKind::Waivers => {
                    serde_json::to_value(schemars::schema_for!(crate::waivers::WaiverFile)).unwrap_or_default()
                }
            };
            emit(out, &(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
        }
        Some(Command::Rules { command }) => rules(command, out),
        Some(Command::Diff { old, new, format, lang }) => {
            let diff = crate::diff::compare(&old, &new)?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&diff).unwrap_or_default() + "\n",
                ListFormat::Text => crate::diff::render_text(&diff, lang.unwrap_or_else(Lang::from_env)),
            };
            emit(out, &text)?;
            Ok(u8::from(diff.has_regressions()))
        }
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

/// Expands directories into the YAML files below them, sorted.
fn platform_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_yaml(p, &mut found).map_err(|e| Error::read(p.display().to_string(), &e))?;
            found.sort();
            if found.is_empty() {
                return Err(Error::single(Problem::plain(
                    p.display().to_string(),
                    "the directory holds no .yaml or .yml file",
                )));
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn parse_params(raw: &[String]) -> Result<Vec<(String, String)>, Error> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => Err(Error::Usage(format!("--param takes NAME=VALUE, got `{p}`"))),
        })
        .collect()
}

fn outputs(args: &CheckArgs) -> Result<Vec<Output>, Error> {
    let mut outputs: Vec<Output> =
        args.formats.iter().map(|f| Output::parse(f).map_err(Error::Usage)).collect::<Result<_, _>>()?;
    if outputs.is_empty() && !args.quiet {
        outputs.push(Output { format: report::Format::Text, path: None });
    }
    if outputs.iter().filter(|o| o.path.is_none()).count() > 1 {
        return Err(Error::Usage(
            "at most one --format may go to standard output; give the others a path (FMT:PATH)".into(),
        ));
    }
    for (i, o) in outputs.iter().enumerate() {
        if let Some(p) = &o.path
            && outputs[..i].iter().any(|x| x.path.as_ref() == Some(p))
        {
            return Err(Error::Usage(format!("two formats write to {}", p.display())));
        }
    }
    Ok(outputs)
}

fn check(args: &CheckArgs, out: &mut dyn Write) -> Result<u8, Error> {
    if args.paths.is_empty() {
        return Err(Error::Usage(
            "no platform file given; try `ipps-check examples/hangzhou.yaml`, or `ipps-check init > platform.yaml` for a template".into(),
        ));
    }
    let outputs = outputs(args)?;
    let as_of = match &args.as_of {
        Some(s) => crate::date::parse_days(s)
            .ok_or_else(|| Error::Usage(format!("--as-of takes a date YYYY-MM-DD, got `{s}`")))?,
        None => crate::date::today(),
    };
    if let Some(m) = args.min_score.filter(|m| !(0.0..=100.0).contains(m)) {
        return Err(Error::Usage(format!("--min-score takes a number from 0 to 100, got {m}")));
    }
    let mut pack = load_pack(args.rules.as_deref())?;
    pack.set_params(&parse_params(&args.params)?)?;
    let mut extra_warnings = Vec::new();
    let waivers = match &args.waivers {
        Some(path) => {
            let (valid, warnings) = crate::waivers::load(path, &pack)?;
            extra_warnings = warnings;
            valid
        }
        None => Vec::new(),
    };
    for w in &extra_warnings {
        eprintln!("warning: {w}");
    }
    let checker = Checker::new(pack).with_waivers(waivers);
    let limits = Limits {
        max_file_bytes: args.max_file_size,
        max_depth: args.max_depth,
        max_aliases: args.max_aliases,
        max_nodes: args.max_nodes,
        max_list_items: args.max_list_items,
    };
    let files = platform_files(&args.paths)?;
    let outcomes = assess_all(&checker, &files, &limits, as_of, args.jobs, args.quiet)?;
    let mut assessments: Vec<Assessment> = Vec::new();
    let mut problems = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(a) => assessments.push(a),
            Err(e) => problems.push(e),
        }
    }
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let gate = Gate { fail_on: args.fail_on, min_score: args.min_score };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if !assessments.is_empty() {
        let rendering = Rendering { assessments: &assessments, lang, gate: &gate, color };
        for o in &outputs {
            let text = report::render(o.format, &rendering);
            match &o.path {
                Some(path) => report::write_atomic(path, &text)?,
                None => {
                    emit(out, &text)?;
                }
            }
        }
    }
    if !problems.is_empty() {
        let all: Vec<Problem> = problems
            .into_iter()
            .flat_map(|e| match e {
                Error::Invalid(p) => p,
                Error::Usage(m) => vec![Problem::plain("ipps-check", m)],
            })
            .collect();
        return Err(Error::many(all));
    }
    Ok(u8::from(assessments.iter().any(|a| !gate.passes(a))))
}

/// Checks every file, in parallel for a batch; results keep the order of `files`. A progress bar
/// appears on stderr only for a batch on a terminal.
fn assess_all(
    checker: &Checker,
    files: &[PathBuf],
    limits: &Limits,
    as_of: i64,
    jobs: Option<usize>,
    quiet: bool,
) -> Result<Vec<Result<Assessment, Error>>, Error> {
    use rayon::prelude::*;
    let threads = jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} worker threads: {e}")))?;
    let progress = if files.len() > 1 && !quiet && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let outcomes = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let outcome = platform::load_file(file, limits).map(|p| checker.assess(&p, as_of));
                progress.inc(1);
                outcome
            })
            .collect()
    });
    progress.finish_and_clear();
    Ok(outcomes)
}

fn rules(command: RulesCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match command {
        RulesCommand::List { rules, format, lang } => {
            let pack = load_pack(rules.as_deref())?;
            let lang = lang.unwrap_or_else(Lang::from_env);
            let text = match format {
                ListFormat::Json => {
                    let list: Vec<serde_json::Value> = pack
                        .rules
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "id": r.id, "chapter": r.chapter, "level": r.level, "title": r.title,
                                "veto": r.veto, "weight": pack.weight(r), "provenance": r.provenance, "evidence": r.evidence,
                            })
                        })
                        .collect();
                    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
                }
                ListFormat::Text => {
                    let mut table = comfy_table::Table::new();
                    table.load_style(comfy_table::presets::NOTHING);
                    for r in &pack.rules {
                        table.add_row(vec![r.id.as_str(), r.chapter.as_str(), r.level.as_str(), r.title.get(lang)]);
                    }
                    format!("{table}\n{} rules\n", pack.rules.len())
                }
            };
            emit(out, &text)
        }
        RulesCommand::Show { id, rules } => {
            let pack = load_pack(rules.as_deref())?;
            let Some(rule) = pack.rule(&id) else {
                let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
                let hint = crate::error::did_you_mean(&id, &ids).map(|h| format!("; {h}")).unwrap_or_default();
                return Err(Error::Usage(format!("no clause `{id}` in the rule pack{hint}")));
            };
            let mut used = Vec::new();
            crate::pack::collect_params(&serde_json::to_value(rule).unwrap_or_default(), &mut used);
            used.sort();
            used.dedup();
            let params: serde_json::Map<String, serde_json::Value> = used
                .iter()
                .filter_map(|n| {
                    pack.manifest.params.get(n).map(|p| (n.clone(), serde_json::to_value(p).unwrap_or_default()))
                })
                .collect();
            let origin = pack.origins.get(&id).map(|(f, l)| format!("{f}:{l}")).unwrap_or_default();
            let shown = serde_json::json!({
                "rule": rule, "weight": pack.weight(rule), "params": params, "defined_in": origin,
            });
            emit(out, &(serde_json::to_string_pretty(&shown).unwrap_or_default() + "\n"))
        }
        RulesCommand::Lint { dir } => {
            let pack = Pack::from_dir(&dir)?;
            emit(
                out,
                &format!(
                    "{}: {} rules, {} parameters, no problems\n",
                    dir.display(),
                    pack.rules.len(),
                    pack.manifest.params.len()
                ),
            )
        }
        RulesCommand::Test { rules, only } => {
            let checker = Checker::new(load_pack(rules.as_deref())?);
            let report = crate::ruletest::run(&checker, &only);
            let mut text = String::new();
            for f in &report.failures {
                text.push_str(&format!("{} {}: {}\n", f.rule, f.example, f.problem));
            }
            text.push_str(&format!(
                "{} passed, {} failed\n",
                report.checked - report.failures.len(),
                report.failures.len()
            ));
            emit(out, &text)?;
            Ok(u8::from(!report.failures.is_empty()))
        }
    }
}

/// Renders an error for stderr: every problem with its snippet and hint.
pub fn render_error(e: &Error, handler: &miette::GraphicalReportHandler) -> String {
    let mut s = String::new();
    match e {
        Error::Usage(m) => s.push_str(&format!("error: {m}\n")),
        Error::Invalid(problems) => {
            for p in problems {
                let mut one = String::new();
                if handler.render_report(&mut one, p).is_err() {
                    one = format!("{}\n", p.headline());
                }
                s.push_str(&one);
            }
            if problems.len() > 1 {
                s.push_str(&format!("{} problems; nothing was evaluated for the files above\n", problems.len()));
            }
        }
    }
    s
}
