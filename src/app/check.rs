//! `ipps-check check`: platform files in, reports out, the gate decides the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::load_pack;
use crate::assess::Checker;
use crate::assessment::Assessment;
use crate::cli::CheckArgs;
use crate::error::{Error, Problem};
use crate::gate::{FailOn, Gate};
use crate::report::{self, Output, Rendering};
use crate::text::Lang;
use crate::yaml::Limits;
use crate::{input, output, platform};

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
    Ok(outputs)
}

/// Every file the run reads, so that no report is written over one of them.
fn inputs(args: &CheckArgs, platform_files: &[PathBuf]) -> Vec<PathBuf> {
    let mut inputs = platform_files.to_vec();
    inputs.extend(args.waivers.iter().cloned());
    inputs.extend(args.config_file.iter().cloned());
    if let Some(dir) = &args.rules
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        inputs.extend(
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml")),
        );
    }
    inputs
}

pub(super) fn check(args: &CheckArgs, out: &mut dyn Write) -> Result<u8, Error> {
    if args.paths.is_empty() {
        return Err(Error::Usage(
            "no platform file given; try `ipps-check examples/hangzhou.yaml`, or `ipps-check init > platform.yaml` for a template".into(),
        ));
    }
    let outputs = outputs(args)?;
    let walk = input::platform_files(&args.paths);
    // Before anything is read: a report must not replace an input or another report.
    let mut planned = output::plan(&outputs, &inputs(args, &walk.files))?;
    for note in &walk.notes {
        eprintln!("note: {note}");
    }
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
    if let Some(dir) = args.evidence_dir.as_deref().filter(|d| !d.is_dir()) {
        return Err(Error::Usage(format!("--evidence-dir {} is not a directory", crate::input::shown(dir))));
    }
    let checker =
        Checker::new(pack).with_waivers(waivers).strict(args.strict).with_evidence_dir(args.evidence_dir.clone());
    let limits = Limits {
        max_file_bytes: args.max_file_size,
        max_depth: args.max_depth,
        max_aliases: args.max_aliases,
        max_nodes: args.max_nodes,
        max_list_items: args.max_list_items,
    };
    let outcomes = assess_all(&checker, &walk.files, &limits, as_of, args.jobs, args.quiet)?;
    let mut assessments: Vec<Assessment> = Vec::new();
    let mut problems: Vec<Error> = walk.problems.into_iter().map(Error::single).collect();
    for outcome in outcomes {
        match outcome {
            Ok(a) => assessments.push(a),
            Err(e) => problems.push(e),
        }
    }
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let gate = Gate { fail_on: args.fail_on.unwrap_or(FailOn::Shall), min_score: args.min_score };
    let color = crate::terminal::color_for(args.color, &std::io::stdout());
    if !assessments.is_empty() {
        let rendering =
            Rendering { assessments: &assessments, lang, gate: &gate, color, config: args.config_used.as_deref() };
        for o in &mut planned {
            let text = report::render(o.format, &rendering);
            o.write(out, &text)?;
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
    jobs: Option<u16>,
    quiet: bool,
) -> Result<Vec<Result<Assessment, Error>>, Error> {
    use rayon::prelude::*;
    // No more workers than files: each one holds a parser thread and a platform in memory.
    let wanted = jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let threads = wanted.min(files.len()).max(1);
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
