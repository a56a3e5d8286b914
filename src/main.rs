//! The `ipps-check` binary: parse arguments, run, map the outcome to an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use ipps_check::app;
use ipps_check::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match app::run(cli, &mut stdout) {
        Ok(code) => {
            let _ = stdout.flush();
            ExitCode::from(code)
        }
        Err(e) => {
            let _ = stdout.flush();
            let handler = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                miette::GraphicalReportHandler::new()
            } else {
                miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            };
            eprint!("{}", app::render_error(&e, &handler));
            ExitCode::from(2)
        }
    }
}
