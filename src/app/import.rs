//! `ipps-check import`: reads a spreadsheet, prints warnings on stderr, writes YAML to stdout or a file.
//! Every input goes through the capped reader and the output through the safe writer; `--into P -o P`
//! (or `--in-place`) replaces P itself, keeping everything but its service items.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::error::{Error, Problem};
use crate::import::emit::{self, EmitError};
use crate::import::{Limits, Mapping, import_file, mapping};
use crate::input::{Cap, read_capped, shown};
use crate::terminal::visible;

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
    let in_place = in_place(args)?;
    // Before anything is read: the output is never an input (the spreadsheet, the mapping, the
    // platform file, unless it is replaced in place on purpose), never a link, device or executable.
    let mut inputs: Vec<PathBuf> = std::iter::once(list).chain(&args.map).cloned().collect();
    if !in_place {
        inputs.extend(args.into.iter().cloned());
    }
    let output = if in_place { args.into.as_deref() } else { args.output.as_deref() };
    let mut target = crate::output::plan_file(output, &inputs)?;

    let mapping = match &args.map {
        Some(path) => {
            let bytes = read_capped(path, Cap::mapping())?;
            let name = shown(path);
            let text = crate::yaml::decode(&bytes).map_err(|e| yaml_error(&name, e))?;
            Mapping::parse(&name, &text)?
        }
        None => Mapping::embedded()?,
    };
    let platform = match &args.into {
        Some(p) => {
            let bytes = read_capped(p, Cap::platform_fixed())?;
            let text = crate::yaml::decode(&bytes).map_err(|e| yaml_error(&shown(p), e))?;
            Some((p, text))
        }
        None => None,
    };
    let limits = Limits { max_rows: args.max_rows, ..Limits::default() };
    let name = shown(list);
    let mut imported = import_file(list, args.sheet.as_deref(), &mapping, &limits)?;
    let typed = crate::import::items::fill_from_list(
        &mut imported.items,
        imported.title.as_ref(),
        args.item_type.map(Into::into),
    );
    let mut notes = imported.notes.clone();
    notes.extend(typed);
    let text = match platform {
        Some((path, text)) => {
            let (version_2, migrated) = as_version_2(path, &text)?;
            if let Some(warning) = migrated {
                super::note("warning", &warning);
            }
            let (spliced, more) = emit::splice(&version_2, &imported.items).map_err(|e| emit_error(path, e))?;
            notes.extend(more);
            spliced
        }
        None => emit::standalone(&imported.items, &name).map_err(|e| emit_error(list, e))?,
    };
    if !args.quiet {
        for w in &imported.warnings {
            super::note("warning", &w.to_string());
        }
        for n in &notes {
            super::note("note", n);
        }
        let s = imported.stats;
        let sheet = imported.sheet.as_ref().map_or(String::new(), |s| format!(" sheet “{s}”,"));
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            visible(&format!(
                "imported {} items from {name}:{sheet} header at row {}; {} of {} cells read without a warning; {} warnings",
                s.items,
                imported.header_row,
                s.parsed,
                s.cells,
                imported.warnings.len()
            ))
        );
    }
    target.write(out, &text)?;
    Ok(0)
}

/// Whether the `--into` file itself is to be replaced: `--in-place`, or `-o` naming the same file.
fn in_place(args: &ImportArgs) -> Result<bool, Error> {
    match (&args.into, &args.output, args.in_place) {
        (None, _, true) => {
            Err(Error::Usage("--in-place replaces the --into file; name it with --into PLATFORM".into()))
        }
        (Some(_), Some(_), true) => {
            Err(Error::Usage("give either --in-place or -o FILE, not both (--in-place writes the --into file)".into()))
        }
        (Some(_), None, true) => Ok(true),
        (Some(into), Some(output), false) => Ok(crate::output::same_file(into, output)),
        _ => Ok(false),
    }
}

/// The `--into` file as version 2: a version-1 file is migrated first, as `ipps-check migrate` does,
/// so that its items and sections read as they would after migrating (with the warning `check`
/// gives for a version-1 file).
fn as_version_2(path: &Path, text: &str) -> Result<(String, Option<String>), Error> {
    let name = shown(path);
    let node = crate::yaml::parse_platform(text, &crate::yaml::Limits::default())
        .map_err(|e| Error::single(Problem::at_yaml(&crate::source::SourceFile::new(&name, text), e)))?;
    let (mut value, _) = crate::yaml::to_json(node);
    crate::platform::strip_nulls(&mut value);
    if !value.is_object()
        || crate::migrate::version_of(&value) != Some(1)
        || value.as_object().is_some_and(|o| o.is_empty())
    {
        return Ok((text.to_owned(), None));
    }
    let migrated = crate::migrate::v1_to_v2(&value);
    let yaml = crate::migrate::to_yaml(text, &name, &migrated.value)
        .map_err(|e| Error::single(Problem::plain(&name, format!("cannot migrate the file: {e}"))))?;
    let warning = format!(
        "{name} is in platform format version 1; it was converted to version 2 (as `ipps-check migrate {name}` does) \
         before the items were put in, so the file written is version 2"
    );
    Ok((yaml, Some(warning)))
}

fn yaml_error(name: &str, e: crate::yaml::YamlError) -> Error {
    Error::single(Problem::at_yaml(&crate::source::SourceFile::new(name, ""), e))
}

fn emit_error(path: &Path, e: EmitError) -> Error {
    Error::single(Problem::plain(shown(path), e.to_string()))
}
