//! Reporters: each renders finished assessments and computes nothing of its own.

pub mod concise;
pub mod csv;
pub mod docx;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod labels;
pub mod markdown;
pub mod palette;
pub mod sarif;
pub mod svg;
pub mod text;
pub mod verdict;
pub mod wrap;
pub mod xlsx;

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
    /// The assessment report as a Word document; for a batch, one per platform into a directory
    /// (`docx:DIR/`).
    Docx,
    /// The report as an Excel workbook; a batch's adds its ranking and a clause × platform matrix.
    Xlsx,
    /// The committee's summary of a batch as a Word document: ranking, clauses most often not
    /// met, chapter spread.
    CommitteeDocx,
}

impl Format {
    /// The accepted names, for messages.
    pub const NAMES: &'static str = "text, json, sarif, junit, markdown, html, csv, committee-csv, concise, github, gitlab, docx, xlsx, committee-docx";

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
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::CommitteeDocx => "committee-docx",
            Format::Verdict => "verdict",
        }
    }

    /// Parses a format name.
    pub fn parse(name: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(name, true).ok()
    }

    /// Whether the format is one binary file built whole (a zip package), which a terminal cannot show.
    pub fn is_binary(self) -> bool {
        matches!(renderer(self), Renderer::Binary(_))
    }

    /// Whether the format writes one file per platform into a directory when its path names one
    /// (ends with `/` or is an existing directory).
    pub fn one_per_platform(self) -> bool {
        self == Format::Docx
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

/// How a format is rendered: text streamed as the platforms finish, or one binary file built whole.
#[derive(Clone, Copy)]
pub enum Renderer {
    Text(&'static dyn Reporter),
    Binary(&'static dyn Binary),
}

/// The renderer of a format: one line per format.
pub fn renderer(format: Format) -> Renderer {
    match format {
        Format::Text => Renderer::Text(&text::Text),
        Format::Json => Renderer::Text(&json::Json),
        Format::Sarif => Renderer::Text(&sarif::Sarif),
        Format::Junit => Renderer::Text(&junit::Junit),
        Format::Markdown => Renderer::Text(&markdown::Markdown),
        Format::Html => Renderer::Text(&html::Html),
        Format::Csv => Renderer::Text(&csv::Csv),
        Format::CommitteeCsv => Renderer::Text(&csv::CommitteeCsv),
        Format::Concise => Renderer::Text(&concise::Concise),
        Format::Github => Renderer::Text(&github::Github),
        Format::Gitlab => Renderer::Text(&gitlab::Gitlab),
        Format::Verdict => Renderer::Text(&verdict::VerdictLine),
        Format::Docx => Renderer::Binary(&docx::Docx),
        Format::Xlsx => Renderer::Binary(&xlsx::Xlsx),
        Format::CommitteeDocx => Renderer::Binary(&docx::CommitteeDocx),
    }
}

/// A report built whole as one binary file (a zip package: docx, xlsx). A worker keeps a
/// [`Part`] of each platform while its assessment is alive; the file is made from the parts and
/// the rows once every platform is checked.
pub trait Binary: Sync {
    /// What the report keeps of one platform.
    fn part(&self, cx: &Context, a: &Assessment) -> Part;
    /// The file, from the parts in the order of the files (those of platforms that could not be
    /// checked left out) and the run's rows. Not called when each part is a file of its own
    /// (`docx:DIR/`).
    fn whole(&self, cx: &Context, s: &Summary, parts: Vec<Part>) -> Result<Vec<u8>, String>;
}

/// What a binary report keeps of one platform.
pub enum Part {
    /// The report needs only the rows.
    Nothing,
    /// The platform's own document, whole.
    Document(Vec<u8>),
    /// The platform's rows of a workbook.
    Workbook(Box<xlsx::Kept>),
    /// The platform's document could not be made (a bug: everything is written in memory).
    Failed(String),
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

/// Renders one format to a string, exactly as a batch streams it (empty for a binary format).
pub fn render(format: Format, r: &Rendering) -> String {
    let Some(first) = r.assessments.first() else { return String::new() };
    let Renderer::Text(reporter) = renderer(format) else { return String::new() };
    let cx = r.context();
    let catalog = Catalog::of(first);
    let (rows, files) = r.rows();
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

/// Renders a binary format to its bytes, as a batch makes the file (for one platform's document,
/// the document; empty for a text format).
pub fn render_bytes(format: Format, r: &Rendering) -> Result<Vec<u8>, String> {
    let Some(first) = r.assessments.first() else { return Ok(Vec::new()) };
    let Renderer::Binary(binary) = renderer(format) else { return Ok(Vec::new()) };
    let cx = r.context();
    let catalog = Catalog::of(first);
    let (rows, files) = r.rows();
    let summary = Summary { catalog: &catalog, rows: &rows, files: &files };
    let parts = r.assessments.iter().map(|a| binary.part(&cx, a)).collect();
    binary.whole(&cx, &summary, parts)
}

impl Rendering<'_> {
    fn context(&self) -> Context<'_> {
        Context {
            lang: self.lang,
            gate: self.gate,
            color: self.color,
            config: self.config,
            batch: self.assessments.len() > 1,
            layout: Layout::default(),
        }
    }

    fn rows(&self) -> (Vec<Row>, Vec<String>) {
        let rows = self.assessments.iter().enumerate().map(|(i, a)| Row::of(i, a, self.gate)).collect();
        let files = self.assessments.iter().map(|a| a.source.name.clone()).collect();
        (rows, files)
    }
}
