//! The `ipps-check` binary: parse arguments, run, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ipps_check::cli::Cli;
use ipps_check::{app, error, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `--color` is global: clap hands a value given after any subcommand up to the top level.
    let color = terminal::color_for(cli.check.color, &std::io::stderr());
    let mut stdout = std::io::stdout().lock();
    match app::run(cli, &mut stdout) {
        Ok(code) => {
            let _ = stdout.flush();
            ExitCode::from(code)
        }
        Err(e) => {
            let _ = stdout.flush();
            // Not eprint!, which panics when stderr is a closed pipe (`2>&1 | head -1`).
            let _ = std::io::stderr().lock().write_all(error::render(&e, color).as_bytes());
            ExitCode::from(2)
        }
    }
}
