//! The command line, as clap types. `ipps-check FILE` is short for `ipps-check check FILE`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::gate::FailOn;
use crate::terminal::ColorChoice;
use crate::text::Lang;
use crate::yaml::Limits;

/// Checks an intellectual-property public service platform against
/// 《知识产权公共服务平台建设规范》 and reports the gaps.
#[derive(Debug, Parser)]
// The version flag is ours: it prints the built-in rule pack too, which costs loading it, so it
// cannot be a string computed each time the parser is built.
#[command(name = "ipps-check", version, disable_version_flag = true, args_conflicts_with_subcommands = true)]
#[command(after_help = "Exit codes: 0 evaluated and the gate passed; 1 evaluated and the gate failed \
(always on a 不符合 verdict, unless --allow-nonconformant); \
2 could not evaluate (usage error, invalid platform file, rule pack, waivers or config file).\n\
Config: the nearest .ipps-check.yaml from the current directory up to the repository root \
(or --config FILE, or IPPS_CHECK_CONFIG) supplies defaults; flags override it.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
    /// Print the version, and the built-in rule pack's id, edition, version and content hash.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// Config file to use instead of the nearest .ipps-check.yaml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no config file, even if one is found or IPPS_CHECK_CONFIG names one.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
    /// Let the config file name rules, waivers and reports outside its project (the repository
    /// holding it) or inside .git; by default such a path is refused, since a cloned repository's
    /// config is not trusted to read or write the rest of the machine.
    #[arg(long, global = true)]
    pub allow_config_paths_outside: bool,
}

#[derive(Debug, Subcommand)]
// Parsed once per run: boxing `check`'s arguments would save nothing worth the indirection.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Check platform files or directories of them (the default command).
    Check(CheckArgs),
    /// Print a commented platform.yaml template covering every section. Its first line points
    /// editors at the platform schema (platform.schema.json beside the file).
    Init {
        /// Also write the platform schema to this file, and point the template's first line at it
        /// (relative to the template's directory: the -o file's, else the current one).
        #[arg(long, value_name = "PATH")]
        schema_file: Option<PathBuf>,
        /// Write the template to this file (never over an existing one) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Language of the template's comments (default: from LANG, zh for zh_*, else en).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Print the JSON Schema of a file kind.
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Platform)]
        kind: SchemaKind,
    },
    /// Compare two JSON reports (first review → follow-up): verdicts, scores, clause status changes.
    /// Exit 1 when a clause that was met is no longer met.
    Diff {
        /// The earlier JSON report.
        old: PathBuf,
        /// The later JSON report.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Compare reports made with different rule packs (id, edition, version or content hash);
        /// the output then says what differs.
        #[arg(long)]
        allow_pack_change: bool,
    },
    /// Rewrite a platform file of format version 1 as version 2, losing no data (to standard
    /// output, or to a file with -o).
    Migrate {
        /// The version-1 platform file.
        file: PathBuf,
        /// Write here instead of standard output (never over the input).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List, show, lint and test rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Turn a 实施清单 spreadsheet (xlsx, xls, ods, CSV) into service items: a YAML document on stdout, or
    /// with --into a whole platform file whose service items are replaced. Exit 2 only when the file cannot be
    /// read or has no recognisable header; every cell it cannot read is a warning on stderr.
    Import(ImportArgs),
    /// Run the language server on standard input and output, for editors (docs/editors.md).
    Lsp,
    /// Write a platform's service items back as a 实施清单 workbook (.xlsx): the columns `import`
    /// reads in Appendix C's order, one row per item, each cell whose element has a gap filled and
    /// carrying a comment (clause, what is missing, the fix), and a sheet listing the gaps. With
    /// --from, the city's own workbook is copied with only those fills and comments added.
    ExportList(ExportListArgs),
    /// Print a shell completion script, e.g. `ipps-check completions bash > /etc/bash_completion.d/ipps-check`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from these definitions: `ipps-check man > ipps-check.1`.
    Man,
}

/// Arguments of `ipps-check export-list`.
#[derive(Debug, Clone, Args)]
pub struct ExportListArgs {
    /// The platform file whose service items are written.
    pub platform: PathBuf,
    /// The workbook to write (.xlsx); never over an input, written whole or not at all.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The workbook the items were imported from (.xlsx): copied with only fills and comments added,
    /// its own columns, order and wording kept.
    #[arg(long, value_name = "ORIGINAL")]
    pub from: Option<PathBuf>,
    /// The sheet of --from to mark (default: the first sheet with a recognisable header, as `import` reads it).
    #[arg(long, value_name = "NAME", requires = "from")]
    pub sheet: Option<String>,
    /// Language of the comments and the gaps sheet.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Rule directory (default: the pack built into the binary).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Date the checks measure from (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print no warnings, only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `ipps-check import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The spreadsheet: .xlsx, .xls, .ods, .xlsb, or .csv (UTF-8 with or without BOM, or GB18030).
    #[arg(required_unless_present_any = ["map_schema", "show_map"])]
    pub list: Option<PathBuf>,
    /// A platform file whose service_items are replaced by the imported ones; the whole file is written
    /// (to stdout, to -o FILE, or over the file itself with --in-place or -o naming it).
    #[arg(long, value_name = "PLATFORM")]
    pub into: Option<PathBuf>,
    /// Write here instead of stdout (never over the spreadsheet or the mapping; over the --into file only
    /// to update it in place; written whole or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --into file itself, keeping its comments and every section but service_items
    /// (the same as -o naming the --into file).
    #[arg(long, requires = "into")]
    pub in_place: bool,
    /// The sheet to read (default: the first visible sheet with a recognisable header; a CSV file has none).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The type of the items whose row states none (default: what the list's title says, e.g. …公共服务清单).
    #[arg(long = "type", value_name = "TYPE")]
    pub item_type: Option<ItemTypeArg>,
    /// A header mapping file replacing the built-in one (see --show-map and --map-schema).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Most rows read from a sheet.
    #[arg(long, value_name = "N", default_value_t = crate::import::Limits::default().max_rows)]
    pub max_rows: usize,
    /// Print the built-in header mapping and exit.
    #[arg(long, conflicts_with = "map_schema")]
    pub show_map: bool,
    /// Print the JSON Schema of a mapping file and exit.
    #[arg(long)]
    pub map_schema: bool,
    /// Print no warnings, only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// An item type for `import --type`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ItemTypeArg {
    /// 公共服务事项
    Public,
    /// 增值服务事项
    #[value(name = "value_added")]
    ValueAdded,
}

impl From<ItemTypeArg> for crate::model::ItemType {
    fn from(t: ItemTypeArg) -> Self {
        match t {
            ItemTypeArg::Public => crate::model::ItemType::Public,
            ItemTypeArg::ValueAdded => crate::model::ItemType::ValueAdded,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// The platform description (platform.yaml), format version 2.
    Platform,
    /// The platform description as format version 1 was published (files without format_version).
    #[value(name = "platform-v1")]
    PlatformV1,
    /// A rule file of a rule pack.
    Rules,
    /// pack.yaml of a rule pack.
    Pack,
    /// The JSON report.
    Report,
    /// The waivers file.
    Waivers,
    /// The project config file (.ipps-check.yaml).
    Config,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules: id, chapter, level, title.
    List {
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Show one clause for people: wording, level, the check in words, parameters with their
    /// current values, provenance; `--format json` for programs.
    Show {
        /// Clause id, e.g. 6.3.1 or C.11.
        id: String,
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Print every clause as Markdown, one section per clause at `#clause-ID`, for publishing where
    /// the pack's `docs_url` points (the built-in pack's is docs/clauses.md).
    Doc {
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Validate a rule pack directory; exit 2 on errors.
    Lint {
        /// The pack directory.
        dir: PathBuf,
    },
    /// Run every rule's pass and fail examples.
    Test {
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Only rules whose id starts with this.
        #[arg(long, default_value = "")]
        only: String,
    },
}

/// How much of the gap list the text report shows (`--show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Show {
    /// The first gaps in full (应/不应 first), the rest counted by chapter.
    Top,
    /// Every gap and every finding.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Platform files (YAML) or directories holding them.
    pub paths: Vec<PathBuf>,
    /// Rule pack directory (default: the pack built into the binary).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Waivers file: accepted exceptions for 宜/不宜/可 clauses, each with reason, approver and expiry.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Report format, optionally with a file: text, json, sarif, junit, markdown, html, csv,
    /// committee-csv, docx, xlsx, committee-docx, each as FMT or FMT:PATH (docx:DIR/ for one Word
    /// document per platform of a batch). Repeatable; at most one to stdout, never a binary one to a terminal.
    #[arg(long = "format", short = 'f', value_name = "FMT[:PATH]")]
    pub formats: Vec<String>,
    /// Report language (default: from LANG, zh for zh_*, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Override a rule-pack parameter, e.g. --param min_site_area_m2=80. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Which clause failures fail the run (exit 1) [default: shall]. A 不符合 verdict fails the
    /// run whatever this says (see --allow-nonconformant).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Let a run pass the gate on a 不符合 verdict when nothing else fails it (e.g. with
    /// --fail-on none, to collect reports without failing). Command line only: a config file
    /// cannot switch it on.
    #[arg(long)]
    pub allow_nonconformant: bool,
    /// Also fail the run when the overall score is below this.
    #[arg(long, value_name = "N")]
    pub min_score: Option<f64>,
    /// For certification: a 应/不应 clause met on the platform's word alone counts as not met,
    /// and every citation needs its copy under --evidence-dir.
    #[arg(long)]
    pub strict: bool,
    /// Folder holding copies of the documents the platform cites (evidence `file`): each copy must
    /// be a file inside it; it is hashed and, for PDF, DOCX, OFD, XLSX, HTML and TXT, read and must
    /// carry the cited 文号 and title.
    #[arg(long, value_name = "DIR")]
    pub evidence_dir: Option<PathBuf>,
    /// Assessment date for date checks (default: today in the config's `timezone`, else in TZ, else
    /// in the system's time zone).
    #[arg(long, value_name = "YYYY-MM-DD", env = "IPPS_AS_OF")]
    pub as_of: Option<String>,
    /// Largest platform file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    pub max_file_size: usize,
    /// Deepest nesting of mappings and lists accepted.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Most alias references (`*name`) accepted in one file.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_aliases)]
    pub max_aliases: usize,
    /// Most YAML nodes accepted once aliases are expanded (stops alias bombs).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_nodes)]
    pub max_nodes: usize,
    /// Most items accepted in one list.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_list_items)]
    pub max_list_items: usize,
    /// Platform files checked in parallel in a batch, 1 to 256 (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Print only the verdict line of each platform on stdout (and the formats asked for); errors
    /// still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// How much of the gap list the text report shows: the first gaps in full and the rest counted
    /// by chapter (top), or every gap and finding (all).
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = Show::Top)]
    pub show: Show,
    /// A previous JSON report: the gaps it had do not fail the gate, only new ones do (a clause
    /// newly not met, or not met at a new place). Reports still show every gap.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Also write the JSON report here, to be the baseline of later runs (`--baseline FILE`).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print the scoring formula in the text report (docs/scoring.md explains it with an example).
    #[arg(long)]
    pub explain: bool,
    /// Colour in the text report and in error messages. auto: only on a terminal, and not when
    /// NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it); NO_COLOR also overrides always.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The config file these arguments were completed from: read, so never a report's target.
    #[arg(skip)]
    pub config_file: Option<PathBuf>,
    /// The reports were named by the config file, not the command line: they may only replace
    /// reports of ours (`output::Origin::Config`).
    #[arg(skip)]
    pub formats_from_config: bool,
    /// The same as the reports name it.
    #[arg(skip)]
    pub config_used: Option<String>,
    /// The time zone today is read in (the config's `timezone`); None for TZ or the system's.
    #[arg(skip)]
    pub timezone: Option<String>,
}
