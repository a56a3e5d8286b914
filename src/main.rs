//! The `ipps-check` binary: parse arguments, run, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ipps_check::cli::Cli;
use ipps_check::{app, error, terminal, zh};

/// `--lang zh` on the command line, or a Chinese locale without `--lang en`.
fn asks_for_chinese(args: impl Iterator<Item = String>) -> bool {
    let args: Vec<String> = args.collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    });
    match flag {
        Some(lang) => lang == "zh",
        None => ipps_check::text::Lang::from_env() == ipps_check::text::Lang::Zh,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own errors, said in Chinese when the command line or the locale asks for it.
            if asks_for_chinese(std::env::args())
                && let Some(said) = zh::clap_error(&e)
            {
                let _ = std::io::stderr().lock().write_all(said.as_bytes());
                return ExitCode::from(2);
            }
            e.exit()
        }
    };
    // `--color` is global: clap hands a value given after any subcommand up to the top level.
    let color = terminal::color_for(cli.check.color, &std::io::stderr());
    let lang = app::language(&cli);
    zh::set_language(lang);
    let mut stdout = std::io::stdout().lock();
    match app::run(cli, &mut stdout) {
        Ok(code) => {
            let _ = stdout.flush();
            ExitCode::from(code)
        }
        Err(e) => {
            let _ = stdout.flush();
            // Not eprint!, which panics when stderr is a closed pipe (`2>&1 | head -1`).
            let _ = std::io::stderr().lock().write_all(error::render_in(&e, color, lang).as_bytes());
            ExitCode::from(2)
        }
    }
}
