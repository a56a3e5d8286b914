//! `ipps-check check`: platform files in, reports out, the gate decides the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{load_pack, note};
use crate::assess::Checker;
use crate::cli::{CheckArgs, Show};
use crate::error::{Error, Problem};
use crate::gate::{FailOn, Gate};
use crate::output::Target;
use crate::report::{self, Context, Format, Layout, Output, Renderer};
use crate::text::Lang;
use crate::yaml::Limits;
use crate::{batch, input, output};

/// Where standard input is read from when a path is `-` (Unix; elsewhere `-` is a file name).
#[cfg(unix)]
const STDIN: &str = "/dev/stdin";
#[cfg(not(unix))]
const STDIN: &str = "-";

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
    if outputs.is_empty() {
        let format = if args.quiet { report::Format::Verdict } else { report::Format::Text };
        outputs.push(Output { format, path: None });
    }
    // The baseline of later runs is this run's JSON report.
    if let Some(path) = &args.write_baseline {
        outputs.push(Output { format: report::Format::Json, path: Some(path.clone()) });
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
    // `-` is standard input, read like any stream (capped, with a timeout of silence).
    let stdin = |p: &PathBuf| if p.as_os_str() == "-" { PathBuf::from(STDIN) } else { p.clone() };
    let args = &CheckArgs { paths: args.paths.iter().map(stdin).collect(), ..args.clone() };
    if args.paths.is_empty() {
        return Err(Error::Usage(
            "no platform file given; try `ipps-check examples/hangzhou.yaml`, or `ipps-check init > platform.yaml` for a template".into(),
        ));
    }
    let outputs = outputs(args)?;
    let walk = input::platform_files(&args.paths);
    // Before anything is read: a report must not replace an input or another report.
    let origin = if args.formats_from_config { output::Origin::Config } else { output::Origin::CommandLine };
    let planned = output::plan_from(&outputs, &inputs(args, &walk.files), origin)?;
    binary_targets(&planned, walk.files.len() > 1)?;
    for n in &walk.notes {
        note("note", &n.to_string());
    }
    let zone = match &args.timezone {
        Some(name) => crate::date::Zone::named(name).map_err(Error::Usage)?,
        None => {
            let (zone, warning) = crate::date::Zone::local();
            if let Some(w) = warning {
                note("warning", &w);
            }
            zone
        }
    };
    let as_of = match &args.as_of {
        Some(s) => crate::date::parse_days(s)
            .ok_or_else(|| Error::Usage(format!("--as-of takes a date YYYY-MM-DD, got `{s}`")))?,
        None => zone.today(),
    };
    if let Some(m) = args.min_score.filter(|m| !(0.0..=100.0).contains(m)) {
        return Err(Error::Usage(format!("--min-score takes a number from 0 to 100, got {m}")));
    }
    // The first platform file loads on the second core (compiling the platform validator on the
    // way) while the rule pack compiles here. Only a regular file: a FIFO or stdin is read once,
    // by the run itself.
    if let Some(first) = walk.files.first().filter(|f| std::fs::metadata(f).is_ok_and(|m| m.is_file())) {
        let (first, limits) = (first.clone(), limits(args));
        std::thread::spawn(move || crate::platform::preload(first, limits));
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
        note("warning", &w.to_string());
    }
    if let Some(dir) = args.evidence_dir.as_deref().filter(|d| !d.is_dir()) {
        return Err(Error::Usage(format!("--evidence-dir {} is not a directory", crate::input::shown(dir))));
    }
    // Read whole before any report is written: `--write-baseline` may replace the same file.
    let baseline = args.baseline.as_deref().map(crate::baseline::Baseline::load).transpose()?;
    let checker = Checker::new(pack)
        .with_baseline(baseline)
        .with_waivers(waivers)
        .strict(args.strict)
        .with_evidence_dir(args.evidence_dir.clone())
        .with_as_of_zone(zone.name, args.as_of.is_some());
    let limits = limits(args);
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let gate = Gate {
        fail_on: args.fail_on.unwrap_or(FailOn::Shall),
        min_score: args.min_score,
        allow_nonconformant: args.allow_nonconformant,
    };
    let batch = walk.files.len() > 1;
    let mut reports = Vec::new();
    let mut binaries = Vec::new();
    for p in planned {
        let color = color_for(args.color, &p.target);
        let width = match p.target {
            Target::Stdout => crate::terminal::stdout_width(),
            _ => crate::terminal::file_width(),
        };
        let layout = Layout { width, show_all: args.show == Show::All, explain: args.explain };
        let cx = Context { lang, gate: &gate, color, config: args.config_used.as_deref(), batch, layout };
        match report::renderer(p.format) {
            Renderer::Text(reporter) => {
                let open = p.open(reporter.head_needs_rows())?;
                reports.push(batch::Report { reporter, cx, open });
            }
            Renderer::Binary(binary) => binaries.push(batch::BinaryReport { binary, cx, planned: p }),
        }
    }
    // No more workers than files: each one holds a parser and an assessment in memory.
    let wanted =
        args.jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let progress = if batch && !args.quiet && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(walk.files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let job =
        batch::Job { checker: &checker, files: &walk.files, limits: &limits, as_of, gate: &gate, threads: wanted };
    let finished = batch::run(&job, reports, binaries, out, &progress);
    progress.finish_and_clear();
    // The process ends with this command: freeing the compiled pack (hundreds of validators and
    // schema fragments) would only cost time, so it is left to the operating system.
    std::mem::forget(checker);
    let finished = finished?;
    let mut problems: Vec<Error> = walk.problems.into_iter().map(Error::single).collect();
    problems.extend(finished.problems);
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
    Ok(u8::from(finished.rows.iter().any(|r| !r.gate_passed())))
}

/// Refuses a binary report that a terminal would show as noise, and one Word document asked to
/// hold a batch.
fn binary_targets(planned: &[output::Planned], batch: bool) -> Result<(), Error> {
    for p in planned.iter().filter(|p| p.format.is_binary()) {
        let terminal = match &p.target {
            Target::Stdout => std::io::stdout().is_terminal(),
            Target::Stderr => std::io::stderr().is_terminal(),
            _ => false,
        };
        if terminal {
            return Err(Error::Usage(format!(
                "{} is a binary file and standard output is a terminal; give it a file: --format {}:report.{}",
                p.label,
                p.label,
                if p.format == Format::Xlsx { "xlsx" } else { "docx" }
            )));
        }
        if p.format == Format::Docx && batch && !matches!(p.target, Target::Dir { .. }) {
            return Err(Error::Usage(format!(
                "{}: a Word report is one platform's; for a batch give a directory (--format docx:reports/) \
                 for one document per platform, or --format committee-docx:FILE for the committee's summary",
                p.label
            )));
        }
    }
    Ok(())
}

/// The input limits the flags set.
fn limits(args: &CheckArgs) -> Limits {
    Limits {
        max_file_bytes: args.max_file_size,
        max_depth: args.max_depth,
        max_aliases: args.max_aliases,
        max_nodes: args.max_nodes,
        max_list_items: args.max_list_items,
    }
}

/// Colour for an output: `--color auto` colours only the output that is a terminal.
fn color_for(choice: crate::terminal::ColorChoice, target: &Target) -> bool {
    match target {
        Target::Stdout => crate::terminal::color_for(choice, &std::io::stdout()),
        Target::Stderr => crate::terminal::color_for(choice, &std::io::stderr()),
        Target::Stream(file) => crate::terminal::color_for(choice, file),
        Target::Replace { .. } | Target::Dir { .. } => {
            crate::terminal::use_color(choice, false, |name| std::env::var_os(name))
        }
    }
}
