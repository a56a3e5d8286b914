//! `ipps-check migrate`: a version-1 platform file rewritten as version 2.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Problem};
use crate::platform;
use crate::yaml::Limits;

pub(super) fn migrate(file: &Path, output: Option<&Path>, out: &mut dyn Write) -> Result<u8, Error> {
    let mut target = crate::output::plan_file(output, &[file.to_path_buf()])?;
    // The name goes into a comment line of the output: a line break in it would start YAML.
    let name = crate::input::shown(file);
    // `migrate` has no --max-file-size: the message must not advise one.
    let bytes = crate::input::read_capped(file, crate::input::Cap::platform_fixed())?;
    let loaded = platform::load_bytes(&file.display().to_string(), &bytes, &Limits::default())?;
    let text = if loaded.format_version == 1 {
        crate::migrate::to_yaml(&loaded.source.text, &name, &loaded.value)
            .map_err(|e| Error::single(Problem::plain(name.clone(), format!("cannot write the migrated file: {e}"))))?
    } else {
        super::note(
            "note",
            &format!("{name} is already platform format version {}; written unchanged", loaded.format_version),
        );
        loaded.source.text.to_string()
    };
    target.write(out, &text)?;
    Ok(0)
}
