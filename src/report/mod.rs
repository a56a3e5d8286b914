//! Reporters: each renders finished assessments and computes nothing of its own.

pub mod concise;
pub mod csv;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod labels;
pub mod markdown;
pub mod sarif;
pub mod svg;
pub mod text;
pub mod verdict;
pub mod wrap;

use std::path::PathBuf;

use crate::assessment::Assessment;
use crate::committee::{Catalog, Committee, Row};
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
    /// One row per platform, best first: verdict, score, chapter scores and every clause's status,
    /// with the batch's averages and failure counts below, for a committee's spreadsheet.
    CommitteeCsv,
    /// One line per gap, `file:line:col: clause level message`.
    Concise,
    /// GitHub Actions workflow commands: an annotation per gap.
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
    /// The verdict line of each platform (what `-q` prints).
    #[value(skip)]
    Verdict,
}

impl Format {
    /// The accepted names, for messages.
    pub const NAMES: &'static str =
        "text, json, sarif, junit, markdown, html, csv, committee-csv, concise, github, gitlab";

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::CommitteeCsv => "committee-csv",
            Format::Concise => "concise",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Verdict => "verdict",
        }
    }

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
        let format = Format::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Format::NAMES.split(", ").collect();
            let hint = crate::error::did_you_mean(name, &names).map(|h| format!("; {h}")).unwrap_or_default();
            format!("unknown report format `{name}` (expected one of {}){hint}", Format::NAMES)
        })?;
        Ok(Output { format, path })
    }
}

/// How the text report is laid out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Columns to wrap to (see `terminal::width`).
    pub width: usize,
    /// Every gap and finding in full (`--show all`), not the first ones and a summary of the rest.
    pub show_all: bool,
    /// The scoring formula in full (`--explain`) instead of a pointer to it.
    pub explain: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout { width: crate::terminal::DEFAULT_WIDTH, show_all: false, explain: false }
    }
}

/// Everything a reporter needs besides the platforms.
pub struct Context<'a> {
    pub lang: Lang,
    pub gate: &'a Gate,
    /// Colour codes in the text report: only when this output is a terminal (or `--color always`).
    pub color: bool,
    /// The config file the run used (`.ipps-check.yaml`), as the text and JSON reports name it.
    pub config: Option<&'a str>,
    /// More than one platform file was given: reports add the committee's view.
    pub batch: bool,
    /// The text report's width and detail.
    pub layout: Layout,
}

/// The platforms of a run as the head and tail of a report see them: the pack's catalog and one
/// reduced row per platform (none yet when a head is written before the first section).
pub struct Summary<'a> {
    pub catalog: &'a Catalog,
    pub rows: &'a [Row],
    /// Every file of the run as named in reports, checked or not (empty before the first section).
    pub files: &'a [String],
}

impl<'a> Summary<'a> {
    /// The committee's view of the rows.
    pub fn committee(&self) -> Committee<'a> {
        Committee { catalog: self.catalog, rows: self.rows }
    }
}

/// A report in three parts, so that a batch is written as its platforms finish: the head, one
/// section per platform (rendered by the worker that checked it, then the assessment is dropped),
/// and the tail. A head that summarises the platforms is written last, in front of the sections.
pub trait Reporter: Sync {
    /// Whether the head shows the rows, so the sections must wait in a spill file.
    fn head_needs_rows(&self) -> bool {
        false
    }
    /// Writes the head through `w`, in pieces so that a large summary is never held whole.
    fn head(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str));
    /// One platform's section; `index` is the file's position among the files of the run.
    fn section(&self, cx: &Context, index: usize, a: &Assessment) -> String;
    /// Written between two sections.
    fn separator(&self) -> &'static str {
        ""
    }
    /// Writes the tail through `w`, in pieces.
    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str));
}

/// Hands `o` to `w` once it holds 64 kB, so a long summary is written in pieces.
pub fn flush_big(o: &mut String, w: &mut dyn FnMut(&str)) {
    if o.len() >= 64 * 1024 {
        w(o);
        o.clear();
    }
}

/// Hands the rest of `o` to `w`.
pub fn flush(o: &mut String, w: &mut dyn FnMut(&str)) {
    if !o.is_empty() {
        w(o);
        o.clear();
    }
}

/// The reporter of a format.
pub fn reporter(format: Format) -> &'static dyn Reporter {
    match format {
        Format::Text => &text::Text,
        Format::Json => &json::Json,
        Format::Sarif => &sarif::Sarif,
        Format::Junit => &junit::Junit,
        Format::Markdown => &markdown::Markdown,
        Format::Html => &html::Html,
        Format::Csv => &csv::Csv,
        Format::CommitteeCsv => &csv::CommitteeCsv,
        Format::Concise => &concise::Concise,
        Format::Github => &github::Github,
        Format::Gitlab => &gitlab::Gitlab,
        Format::Verdict => &verdict::VerdictLine,
    }
}

/// Everything a reporter needs to render assessments held in memory.
pub struct Rendering<'a> {
    pub assessments: &'a [Assessment],
    pub lang: Lang,
    pub gate: &'a Gate,
    pub color: bool,
    /// The config file the run used (`.ipps-check.yaml`), as the text and JSON reports name it.
    pub config: Option<&'a str>,
}

/// Renders one format to a string, exactly as a batch streams it.
pub fn render(format: Format, r: &Rendering) -> String {
    let Some(first) = r.assessments.first() else { return String::new() };
    let reporter = reporter(format);
    let cx = Context {
        lang: r.lang,
        gate: r.gate,
        color: r.color,
        config: r.config,
        batch: r.assessments.len() > 1,
        layout: Layout::default(),
    };
    let catalog = Catalog::of(first);
    let rows: Vec<Row> = r.assessments.iter().enumerate().map(|(i, a)| Row::of(i, a, r.gate)).collect();
    let files: Vec<String> = r.assessments.iter().map(|a| a.source.name.clone()).collect();
    let summary = Summary { catalog: &catalog, rows: &rows, files: &files };
    let mut out = String::new();
    reporter.head(&cx, &summary, &mut |piece| out.push_str(piece));
    let mut any = false;
    for (i, a) in r.assessments.iter().enumerate() {
        let section = reporter.section(&cx, i, a);
        if section.is_empty() {
            continue;
        }
        if any {
            out.push_str(reporter.separator());
        }
        out.push_str(&section);
        any = true;
    }
    reporter.tail(&cx, &summary, &mut |piece| out.push_str(piece));
    out
}
