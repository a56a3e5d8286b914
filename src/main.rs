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

/// The command written after an option of `check` (`ipps-check --lang zh init --schema-file x`),
/// which clap reads as a file to check, so that the command's own option `unknown` after it is
/// unknown to `check`.
fn misplaced_command(args: &[String], unknown: &str) -> Option<String> {
    let cli = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    let at = args.iter().skip(1).position(|a| !a.starts_with('-') && names.contains(&a.as_str()))? + 1;
    let option = args.iter().skip(at).position(|a| a == unknown || a.split('=').next() == Some(unknown));
    (at > 1 && args[1].starts_with('-') && option.is_some()).then(|| args[at].clone())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let args: Vec<String> = std::env::args().collect();
            let chinese = asks_for_chinese(args.iter().cloned());
            let unknown = e.get(clap::error::ContextKind::InvalidArg).map(|v| v.to_string()).unwrap_or_default();
            let tip = misplaced_command(&args, &unknown)
                .filter(|_| e.kind() == clap::error::ErrorKind::UnknownArgument)
                .map(|command| match chinese {
                    true => format!("  提示：`{command}` 写在选项之后，被当作待检查的文件；请先写命令，再写它的选项\n"),
                    false => format!(
                        "  tip: `{command}` came after an option, so it was read as a file to check; write the command first, then its options\n"
                    ),
                });
            // clap's own errors, said in Chinese when the command line or the locale asks for it.
            let said = if chinese { zh::clap_error(&e) } else { None };
            match (said, tip) {
                (Some(said), tip) => {
                    // The tip goes above the closing line that points at --help.
                    let (body, last) = said.trim_end().rsplit_once('\n').unwrap_or((&said, ""));
                    let said = format!("{body}\n{}{last}\n", tip.unwrap_or_default());
                    let _ = std::io::stderr().lock().write_all(said.as_bytes());
                    return ExitCode::from(2);
                }
                (None, Some(tip)) => {
                    let _ = std::io::stderr().lock().write_all((e.render().to_string() + &tip).as_bytes());
                    return ExitCode::from(2);
                }
                (None, None) => e.exit(),
            }
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
