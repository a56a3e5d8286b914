//! Reporters: each renders finished assessments and computes nothing of its own.

pub mod csv;
pub mod escape;
pub mod html;
pub mod json;
pub mod junit;
pub mod labels;
pub mod markdown;
pub mod sarif;
pub mod svg;
pub mod text;

use std::path::PathBuf;

use crate::assessment::Assessment;
use crate::gate::Gate;
use crate::text::Lang;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The terminal report (default).
    Text,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// JUnit XML for CI test views.
    Junit,
    /// Markdown for pull-request comments and issues.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained, offline HTML file.
    Html,
    /// One row per platform × clause, for spreadsheets.
    Csv,
}

impl Format {
    /// The accepted names, for messages.
    pub const NAMES: &'static str = "text, json, sarif, junit, markdown, html, csv";

    /// Parses a format name.
    pub fn parse(name: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(name, true).ok()
    }
}

/// Where one report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    /// None for standard output.
    pub path: Option<PathBuf>,
}

impl Output {
    /// Parses `FMT` or `FMT:PATH`.
    pub fn parse(spec: &str) -> Result<Output, String> {
        let (name, path) = match spec.split_once(':') {
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            Some((n, _)) => (n, None),
            None => (spec, None),
        };
        let format = Format::parse(name)
            .ok_or_else(|| format!("unknown report format `{name}` (expected one of {})", Format::NAMES))?;
        Ok(Output { format, path })
    }
}

/// Everything a reporter needs.
pub struct Rendering<'a> {
    pub assessments: &'a [Assessment],
    pub lang: Lang,
    pub gate: &'a Gate,
    pub color: bool,
    /// The config file the run used (`.ipps-check.yaml`), as the text and JSON reports name it.
    pub config: Option<&'a str>,
}

/// Renders one format to a string.
pub fn render(format: Format, r: &Rendering) -> String {
    match format {
        Format::Text => text::render(r),
        Format::Json => json::render(r),
        Format::Sarif => sarif::render(r),
        Format::Junit => junit::render(r),
        Format::Markdown => markdown::render(r),
        Format::Html => html::render(r),
        Format::Csv => csv::render(r),
    }
}
