//! `ipps-check import`: reads a spreadsheet, prints warnings on stderr, writes YAML to stdout or a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::error::{Error, Problem};
use crate::import::emit::{self, EmitError};
use crate::import::{ImportError, Limits, Mapping, import_file, mapping};

use super::emit as print;

pub fn import(args: &ImportArgs, out: &mut dyn Write) -> Result<u8, Error> {
    if args.map_schema {
        return print(out, &(serde_json::to_string_pretty(&mapping::schema()).unwrap_or_default() + "\n"));
    }
    if args.show_map {
        return print(out, mapping::DEFAULT_MAPPING);
    }
    let Some(list) = &args.list else {
        return Err(Error::Usage("name the spreadsheet to import".into()));
    };
    let mapping = match &args.map {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::read(path.display().to_string(), &e))?;
            Mapping::parse(&path.display().to_string(), &text)?
        }
        None => Mapping::embedded()?,
    };
    if let Some(output) = &args.output {
        for input in std::iter::once(list).chain(args.into.as_ref()) {
            if same_file(output, input) {
                return Err(Error::Usage(format!(
                    "-o {} would overwrite an input; write to another file",
                    output.display()
                )));
            }
        }
    }
    let platform = match &args.into {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::read(p.display().to_string(), &e))?;
            Some(crate::yaml::decode(&bytes).map_err(|e| {
                Error::single(Problem::at_yaml(&crate::source::SourceFile::new(p.display().to_string(), ""), e))
            })?)
        }
        None => None,
    };
    let limits = Limits { max_rows: args.max_rows, ..Limits::default() };
    let name = list.display().to_string();
    let mut imported =
        import_file(list, args.sheet.as_deref(), &mapping, &limits).map_err(|e| import_error(&name, e))?;
    let typed = crate::import::items::fill_from_list(
        &mut imported.items,
        imported.title.as_ref(),
        args.item_type.map(Into::into),
    );
    let (text, notes) = match (&platform, &args.into) {
        (Some(text), Some(path)) => emit::splice(text, &imported.items).map_err(|e| emit_error(path, e))?,
        _ => (emit::standalone(&imported.items, &name).map_err(|e| emit_error(list, e))?, Vec::new()),
    };
    let mut err = std::io::stderr().lock();
    if !args.quiet {
        for w in &imported.warnings {
            let _ = writeln!(err, "warning: {w}");
        }
        for n in typed.iter().chain(&notes) {
            let _ = writeln!(err, "note: {n}");
        }
        let s = imported.stats;
        let sheet = imported.sheet.as_ref().map_or(String::new(), |s| format!(" sheet “{s}”,"));
        let _ = writeln!(
            err,
            "imported {} items from {name}:{sheet} header at row {}; {} of {} cells read without a warning; {} warnings",
            s.items,
            imported.header_row,
            s.parsed,
            s.cells,
            imported.warnings.len()
        );
    }
    match &args.output {
        Some(path) => write_whole(path, &text).map(|()| 0),
        None => print(out, &text),
    }
}

fn import_error(name: &str, e: ImportError) -> Error {
    let mut p = Problem::plain(name, e.to_string());
    p.help = match e {
        ImportError::NoHeader { .. } => Some(
            "the header row must name the item (事项名称) and another column such as 收费标准 or 办结时限; \
             for other headers give a mapping with --map (ipps-check import --show-map prints the built-in one)"
                .into(),
        ),
        ImportError::NoSuchSheet { .. } => {
            Some("sheet names are case-sensitive; omit --sheet to take the first sheet with a header".into())
        }
        ImportError::CsvHasNoSheets { .. } => Some("omit --sheet for a CSV file".into()),
        _ => None,
    };
    Error::single(p)
}

fn emit_error(path: &Path, e: EmitError) -> Error {
    Error::single(Problem::plain(path.display().to_string(), e.to_string()))
}

/// Two paths name the same file (the output may not exist yet: compare its folder and name).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}

/// Writes through a temporary file in the same folder, renamed over the target once complete.
fn write_whole(path: &Path, text: &str) -> Result<(), Error> {
    let name = path.display().to_string();
    let cannot = |e: &dyn std::fmt::Display| Error::single(Problem::plain(&name, format!("cannot write: {e}")));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| cannot(&e))?;
    tmp.write_all(text.as_bytes()).and_then(|()| tmp.as_file().sync_all()).map_err(|e| cannot(&e))?;
    tmp.persist(path).map_err(|e| cannot(&e.error))?;
    Ok(())
}
