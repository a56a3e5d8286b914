//! Runs a parsed command line: the orchestration between loading, checking and reporting.

mod check;
mod migrate;
mod rules;

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Command, ListFormat, SchemaKind};
use crate::error::Error;
use crate::pack::{Manifest, Pack};
use crate::report;
use crate::text::Lang;

use check::check;
use rules::rules;

/// The commented template `ipps-check init` prints.
pub const INIT_TEMPLATE: &str = include_str!("../init_template.yaml");

/// Runs the command; returns the exit code (0 or 1), or the error that makes it 2.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        None => check(&cli.check, out),
        Some(Command::Check(args)) => check(&args, out),
        Some(Command::Init) => emit(out, INIT_TEMPLATE),
        Some(Command::Schema { kind }) => {
            let schema = match kind {
                SchemaKind::Platform => crate::model::platform_schema().clone(),
                SchemaKind::Rules => crate::pack::rule_file_schema(),
                SchemaKind::Pack => serde_json::to_value(schemars::schema_for!(Manifest)).unwrap_or_default(),
                SchemaKind::Report => report::json::schema(),
                SchemaKind::Waivers => {
                    serde_json::to_value(schemars::schema_for!(crate::waivers::WaiverFile)).unwrap_or_default()
                }
            };
            emit(out, &(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
        }
        Some(Command::Rules { command }) => rules(command, out),
        Some(Command::Migrate { file, output }) => migrate::migrate(&file, output.as_deref(), out),
        Some(Command::Diff { old, new, format, lang, allow_pack_change }) => {
            let diff = crate::diff::compare(&old, &new, allow_pack_change)?;
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
