//! Writing reports without losing data: every output is checked against the inputs and the other
//! outputs before anything is read, regular files are replaced whole through a temporary file that
//! no signal or failure leaves behind, and FIFOs and devices are written in place, never replaced.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::error::{Error, Problem};
use crate::input::{FileId, Kind, STREAM_TIMEOUT, shown};
use crate::report::{Format, Output};

/// Where one report goes.
#[derive(Debug)]
pub enum Target {
    /// The process's standard output: no path, or `/dev/stdout`.
    Stdout,
    /// The process's standard error: `/dev/stderr`.
    Stderr,
    /// A FIFO or a character device, opened before anything was read and written in place.
    Stream(File),
    /// A regular file, new or existing, replaced whole by renaming a temporary file over it.
    Replace { path: PathBuf, dir: PathBuf, permissions: Option<Permissions> },
    /// A directory that receives one file per platform (`docx:DIR/`), each written as a replaced
    /// file whose name the run derives; never a path outside the directory. Who named the
    /// directory decides, as for a named file, which files in it may be replaced.
    Dir { dir: PathBuf, origin: Origin },
}

/// One report and where it goes, checked.
#[derive(Debug)]
pub struct Planned {
    pub format: Format,
    /// The `--format` value as given, for messages.
    pub label: String,
    pub target: Target,
}

/// Where a file sits, to tell whether two paths are one file.
#[derive(Debug, Default, Clone)]
struct Spot {
    /// The directory entry a rename would replace: canonical directory + file name.
    entry: Option<PathBuf>,
    /// Device and inode of the file the path leads to, when it exists.
    id: Option<FileId>,
    /// A character device (a terminal, /dev/null): a sink that several writers may share.
    sink: bool,
}

impl Spot {
    fn of(path: &Path) -> Spot {
        let entry = path.file_name().and_then(|name| {
            let parent = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            parent.canonicalize().ok().map(|d| d.join(name))
        });
        let meta = std::fs::metadata(path).ok();
        Spot {
            entry,
            id: meta.as_ref().and_then(FileId::of),
            sink: meta.is_some_and(|m| Kind::of(&m) == Kind::CharDevice),
        }
    }

    #[cfg(unix)]
    fn stdout() -> Spot {
        use std::os::fd::AsFd;
        let meta = std::io::stdout().as_fd().try_clone_to_owned().ok().and_then(|fd| File::from(fd).metadata().ok());
        Spot {
            entry: None,
            id: meta.as_ref().and_then(FileId::of),
            sink: meta.is_some_and(|m| Kind::of(&m) == Kind::CharDevice),
        }
    }

    #[cfg(not(unix))]
    fn stdout() -> Spot {
        Spot::default()
    }

    fn same(&self, other: &Spot) -> bool {
        !self.sink
            && !other.sink
            && (self.entry.is_some() && self.entry == other.entry || self.id.is_some() && self.id == other.id)
    }
}

/// Who named an output: the person at the command line may name any regular file that is not
/// executable; a config file found in a repository may only name a file that does not exist yet
/// or a report this tool wrote (see [`ours`]), never a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    CommandLine,
    Config,
}

/// [`plan_from`] for outputs the command line named.
pub fn plan(outputs: &[Output], inputs: &[PathBuf]) -> Result<Vec<Planned>, Error> {
    plan_from(outputs, inputs, Origin::CommandLine)
}

/// Checks every output before anything is read: at most one goes to standard output, none is an
/// input (`inputs`: platform files, waivers, rule files, the config), no two are one file (by path
/// or by device and inode), none is a directory, block device, socket, symbolic link or executable
/// file, and one named by a config replaces only a report of ours. Streams (FIFOs, character
/// devices) are opened here, so a FIFO without a reader fails now.
pub fn plan_from(outputs: &[Output], inputs: &[PathBuf], origin: Origin) -> Result<Vec<Planned>, Error> {
    plan_inner(outputs, inputs, origin, false)
}

/// [`plan_from`]; `file` words the messages for the one file a command writes rather than reports.
fn plan_inner(outputs: &[Output], inputs: &[PathBuf], origin: Origin, file: bool) -> Result<Vec<Planned>, Error> {
    let input_spots: Vec<(&PathBuf, Spot)> = inputs.iter().map(|p| (p, Spot::of(p))).collect();
    let mut planned: Vec<Planned> = Vec::new();
    let mut spots: Vec<Spot> = Vec::new();
    for o in outputs {
        let label = match &o.path {
            Some(p) if file => shown(p),
            Some(p) => format!("{}:{}", format_name(o.format), shown(p)),
            None if file => "standard output".to_owned(),
            None => format_name(o.format).to_owned(),
        };
        let what = if file { format!("the output {label}") } else { format!("the {label} report") };
        let (target, spot) = match o.path.as_deref() {
            None => (Target::Stdout, Spot::stdout()),
            Some(p) if is_named_stdout(p) => (Target::Stdout, Spot::stdout()),
            Some(p) if is_named_stderr(p) => (Target::Stderr, Spot { sink: true, ..Spot::default() }),
            Some(p) if o.format.one_per_platform() && names_directory(p) => directory(p, &label, origin)?,
            Some(p) => resolve(p, &what, o.format, origin)?,
        };
        if matches!(target, Target::Stdout) && planned.iter().any(|x| matches!(x.target, Target::Stdout)) {
            return Err(Error::Usage(
                "at most one --format may go to standard output; give the others a path (FMT:PATH)".into(),
            ));
        }
        if let Some(i) = spots.iter().position(|s| s.same(&spot)) {
            return Err(Error::Usage(format!(
                "two formats write to one file: {} and {label}; give each its own file",
                planned[i].label
            )));
        }
        if let Some((input, _)) = input_spots.iter().find(|(_, s)| s.same(&spot)) {
            let whose = if matches!(target, Target::Stdout) && !file { " (on standard output)" } else { "" };
            let (article, elsewhere) =
                if file { ("an input,", "write to another file") } else { ("the input", "write reports elsewhere") };
            return Err(Error::Usage(format!("{what}{whose} would overwrite {article} {}; {elsewhere}", shown(input))));
        }
        spots.push(spot);
        planned.push(Planned { format: o.format, label, target });
    }
    if planned.iter().any(|p| matches!(p.target, Target::Replace { .. } | Target::Dir { .. })) {
        install_cleanup();
    }
    Ok(planned)
}

/// Checks where a platform file that a command writes (`migrate`, `import`) goes, as [`plan`]
/// checks reports: never over an input, never replacing a device; standard output when `None`.
pub fn plan_file(path: Option<&Path>, inputs: &[PathBuf]) -> Result<Planned, Error> {
    let output = Output { format: Format::Text, path: path.map(Path::to_path_buf) };
    let mut planned = plan_inner(std::slice::from_ref(&output), inputs, Origin::CommandLine, true)?;
    planned.pop().ok_or_else(|| Error::Usage("no output".into()))
}

/// Whether two paths name one file: the same directory entry (the second may not exist yet), or
/// the same device and inode.
pub fn same_file(a: &Path, b: &Path) -> bool {
    Spot::of(a).same(&Spot::of(b))
}

fn format_name(f: Format) -> &'static str {
    f.name()
}

/// A path meant as a directory: written with a trailing `/`, or an existing directory.
fn names_directory(p: &Path) -> bool {
    p.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]) || p.is_dir()
}

/// A directory for one file per platform: created when missing (its parent must exist), refused
/// when it is a symbolic link or not a directory.
fn directory(path: &Path, label: &str, origin: Origin) -> Result<(Target, Spot), Error> {
    let refuse = |why: String| Error::Usage(format!("cannot write the {label} reports: {why}"));
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refuse(format!("{} is a symbolic link; name the directory it points to", shown(path))));
        }
        Ok(m) if !m.is_dir() => return Err(refuse(format!("{} is not a directory", shown(path)))),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir(path).map_err(|e| refuse(format!("{}: {}", shown(path), reason(&e))))?;
        }
        Err(e) => return Err(refuse(format!("{}: {}", shown(path), reason(&e)))),
    }
    let dir = path.canonicalize().map_err(|e| refuse(format!("{}: {}", shown(path), reason(&e))))?;
    let spot = Spot { entry: Some(dir.clone()), ..Spot::default() };
    Ok((Target::Dir { dir, origin }, spot))
}

/// A file name for one platform's document, from its input's name: the stem's letters, digits,
/// CJK and `-_.` kept, anything else `_`, never empty, hidden or longer than 100 characters, so
/// the file stays inside the directory whatever the input was called.
pub fn file_name_for(input: &str, extension: &str) -> String {
    let stem = Path::new(input).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(100)
        .collect();
    let safe = safe.trim_start_matches('.');
    let safe = if safe.is_empty() { "platform" } else { safe };
    format!("{safe}.{extension}")
}

fn is_named_stdout(p: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].iter().any(|s| p == Path::new(s))
}

fn is_named_stderr(p: &Path) -> bool {
    ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"].iter().any(|s| p == Path::new(s))
}

/// Decides how a named output is written, refusing the paths that would lose data.
fn resolve(path: &Path, what: &str, format: Format, origin: Origin) -> Result<(Target, Spot), Error> {
    let refuse = |why: String| Error::Usage(format!("cannot write {what}: {why}"));
    let name = path.file_name().ok_or_else(|| refuse(format!("{} does not name a file", shown(path))))?;
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = parent
        .canonicalize()
        .map_err(|e| refuse(format!("the directory {} cannot be used: {}", shown(parent), reason(&e))))?;
    if !dir.is_dir() {
        return Err(refuse(format!("{} is not a directory", shown(parent))));
    }
    let entry = dir.join(name);
    let spot = Spot::of(path);
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Target::Replace { path: entry, dir, permissions: None }, spot));
        }
        Err(e) => return Err(refuse(format!("{}: {}", shown(path), reason(&e)))),
        Ok(m) => m,
    };
    let is_link = link.file_type().is_symlink();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Err(refuse(format!("{} is a symbolic link to a missing file", shown(path)))),
    };
    match Kind::of(&meta) {
        // Replacing a link would break it, following it could overwrite a file elsewhere that
        // whoever planted the link chose: neither is what the user asked for.
        Kind::Regular if is_link => Err(refuse(format!(
            "{} is a symbolic link; name the file it points to ({}) instead",
            shown(path),
            std::fs::canonicalize(path).map(|t| shown(&t)).unwrap_or_else(|_| "?".into())
        ))),
        // The replacement keeps the old file's mode: an executable (a git hook, a script) would
        // stay executable and run whatever the report says, so no report ever replaces one.
        Kind::Regular if is_executable(&meta) => Err(refuse(format!(
            "{} is an executable file; a report never replaces one (it would stay executable)",
            shown(path)
        ))),
        Kind::Regular if origin == Origin::Config && !ours(format, path) => Err(refuse(format!(
            "{} exists and is not a {} report written by ipps-check; the config file may only replace \
             reports of its own (remove the file, or name it on the command line to replace it)",
            shown(path),
            format_name(format)
        ))),
        Kind::Regular => Ok((Target::Replace { path: entry, dir, permissions: Some(kept_mode(&meta)) }, spot)),
        Kind::Fifo | Kind::CharDevice if origin == Origin::Config => Err(refuse(format!(
            "{} is {}; a report named by a config file goes to a regular file (name a stream on the command line)",
            shown(path),
            Kind::of(&meta).name()
        ))),
        Kind::Fifo | Kind::CharDevice => {
            let file = open_stream(path).map_err(|e| refuse(format!("{}: {e}", shown(path))))?;
            Ok((Target::Stream(file), spot))
        }
        kind => Err(refuse(format!(
            "{} is {}; a report goes to a regular file, a FIFO or a character device such as /dev/stdout",
            shown(path),
            kind.name()
        ))),
    }
}

/// The mode a replaced file keeps: its permission bits, without set-user-ID, set-group-ID and
/// sticky bits, which a new file of a different owner must not inherit.
fn kept_mode(meta: &std::fs::Metadata) -> Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Permissions::from_mode(meta.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    meta.permissions()
}

/// Any execute bit set.
fn is_executable(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// How much of an existing file's start and end [`ours`] reads.
const SIGNATURE_BYTES: u64 = 64 * 1024;

/// Whether an existing file is a report of this format that ipps-check wrote: a marker every
/// report of the format carries near its start (or, for Markdown, its end). Cheap (at most twice
/// [`SIGNATURE_BYTES`] read) and conservative: a file that does not match is left alone.
/// `tests/hostile_config.rs` writes a report of every format and checks that it is recognised.
pub fn ours(format: Format, path: &Path) -> bool {
    let Ok((head, tail)) = head_and_tail(path) else { return false };
    let head = String::from_utf8_lossy(&head);
    let tail = String::from_utf8_lossy(&tail);
    let head = head.trim_start_matches('\u{feff}');
    match format {
        Format::Text => head.starts_with("ipps-check "),
        Format::Json => {
            head.starts_with('{') && head.contains("\"tool\": {") && head.contains("\"name\": \"ipps-check\"")
        }
        Format::Sarif => {
            head.starts_with('{') && head.contains("sarif-schema-2.1.0") && head.contains("\"name\": \"ipps-check\"")
        }
        Format::Junit => head.starts_with("<?xml") && head.contains("<testsuites name=\"ipps-check\""),
        Format::Markdown => head.starts_with("# ") && tail.contains("ipps-check"),
        Format::Html => {
            head.starts_with("<!DOCTYPE html>") && head.contains("<meta name=\"generator\" content=\"ipps-check")
        }
        Format::Csv => head.starts_with("file,platform,clause,"),
        Format::CommitteeCsv => head.starts_with("rank,file,platform,"),
        Format::Docx | Format::CommitteeDocx => {
            office_part_holds(path, "docProps/app.xml", "<Application>ipps-check</Application>")
        }
        Format::Xlsx => office_part_holds(path, "docProps/core.xml", "<dc:creator>ipps-check "),
        // A GitLab report of gaps names each check `ipps-check/…`; one without gaps is `[]`.
        Format::Gitlab => {
            let t = head.trim();
            t.starts_with('[') && (t.contains("\"check_name\": \"ipps-check/") || t == "[]")
        }
        // Lines without a mark of their own (and empty when nothing fails): a config may create
        // such a file, never replace one.
        Format::Concise | Format::Github | Format::Verdict => false,
    }
}

/// Whether a Word or Excel file is one this tool wrote: the zip holds `part`, and the part's start
/// holds `mark` (the application or author the writers record). Only the archive's directory and
/// the first [`SIGNATURE_BYTES`] of the part are read, whatever the file claims.
fn office_part_holds(path: &Path, part: &str, mark: &str) -> bool {
    use std::io::Read;
    let Ok(file) = File::open(path) else { return false };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return false };
    let Ok(entry) = zip.by_name(part) else { return false };
    let mut head = Vec::new();
    if entry.take(SIGNATURE_BYTES).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head).contains(mark)
}

fn head_and_tail(path: &Path) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut head = Vec::new();
    (&mut file).take(SIGNATURE_BYTES).read_to_end(&mut head)?;
    let mut tail = Vec::new();
    if len > SIGNATURE_BYTES {
        file.seek(SeekFrom::Start(len - SIGNATURE_BYTES.min(len)))?;
        file.take(SIGNATURE_BYTES).read_to_end(&mut tail)?;
    } else {
        tail.clone_from(&head);
    }
    Ok((head, tail))
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Opens a FIFO or device for writing in place. Opening a FIFO blocks until a reader appears, so
/// it is opened without blocking and retried for [`STREAM_TIMEOUT`] while no process reads it.
#[cfg(unix)]
fn open_stream(path: &Path) -> std::io::Result<File> {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    use std::os::unix::fs::OpenOptionsExt;
    let deadline = std::time::Instant::now() + STREAM_TIMEOUT;
    let file = loop {
        let opened = std::fs::OpenOptions::new().write(true).custom_flags(OFlags::NONBLOCK.bits() as i32).open(path);
        match opened {
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) => {
                if std::time::Instant::now() >= deadline {
                    return Err(std::io::Error::other(format!(
                        "no process read the FIFO within {} s",
                        STREAM_TIMEOUT.as_secs()
                    )));
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => break other?,
        }
    };
    // Writes block as usual from here on: a slow reader is not an error.
    fcntl_setfl(&file, fcntl_getfl(&file)? - OFlags::NONBLOCK)?;
    if file.metadata()?.is_file() {
        return Err(std::io::Error::other("it became a regular file while being opened"));
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_stream(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

impl Planned {
    /// Writes the report: whole or not at all for a file; a reader that closed a pipe early
    /// (`| head`) ends the stream quietly.
    pub fn write(&mut self, stdout: &mut dyn Write, text: &str) -> Result<(), Error> {
        let result = match &mut self.target {
            Target::Stdout => stream(stdout, text),
            Target::Stderr => stream(&mut std::io::stderr().lock(), text),
            Target::Stream(file) => stream(file, text),
            Target::Replace { path, dir, permissions } => replace(path, dir, permissions.clone(), text.as_bytes()),
            Target::Dir { .. } => Err(std::io::Error::other("a directory takes one file per platform")),
        };
        result.map_err(|e| {
            let file = match &self.target {
                Target::Stdout => "standard output".to_owned(),
                _ => self.label.clone(),
            };
            Error::single(Problem::plain(file, format!("cannot write the report: {e}")))
        })
    }
}

impl Planned {
    /// Writes a binary report whole: to a file (replaced whole or not at all) or a stream.
    pub fn write_bytes(&mut self, stdout: &mut dyn Write, bytes: &[u8]) -> Result<(), Error> {
        let result = match &mut self.target {
            Target::Stdout => stream_bytes(stdout, bytes),
            Target::Stderr => stream_bytes(&mut std::io::stderr().lock(), bytes),
            Target::Stream(file) => stream_bytes(file, bytes),
            Target::Replace { path, dir, permissions } => replace(path, dir, permissions.clone(), bytes),
            Target::Dir { .. } => Err(std::io::Error::other("a directory takes one file per platform")),
        };
        result.map_err(|e| Error::single(Problem::plain(self.label.clone(), format!("cannot write the report: {e}"))))
    }

    /// Writes one platform's file into a directory target under `name` (from [`file_name_for`]),
    /// as [`plan`] would write a named report: never through a symbolic link, never over a
    /// directory, a device or the platform's own file (`input`). Returns the path written.
    pub fn write_into(&mut self, name: &str, bytes: &[u8], input: &Path) -> Result<PathBuf, Error> {
        let Target::Dir { dir, origin } = &self.target else {
            return Err(Error::Usage(format!("{} is not a directory", self.label)));
        };
        // `name` comes from file_name_for: one component, so the file is in `dir`.
        let path = dir.join(Path::new(name).file_name().unwrap_or_default());
        if Spot::of(&path).same(&Spot::of(input)) {
            return Err(Error::Usage(format!(
                "the {} report would overwrite the input {}; write reports elsewhere",
                self.label,
                shown(input)
            )));
        }
        let what = format!("the {} report", self.label);
        let (target, _) = resolve(&path, &what, self.format, *origin)?;
        let mut one = Planned { format: self.format, label: format!("{} ({})", self.label, shown(&path)), target };
        if !matches!(one.target, Target::Replace { .. }) {
            return Err(Error::Usage(format!("cannot write {}: not a regular file", shown(&path))));
        }
        one.write_bytes(&mut std::io::sink(), bytes)?;
        Ok(path)
    }
}

fn stream_bytes(out: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A report written piece by piece as a batch runs: into the temporary file that replaces the
/// target at the end (or straight to a stream), and, when the head can only be written last,
/// into an unnamed spill file that is copied behind the head at the end. Dropped without
/// [`Open::finish`], it leaves the target untouched and no file behind.
pub struct Open {
    label: String,
    target: Target,
    /// The temporary file of a replaced target, and its registration for the signal handler.
    tmp: Option<(std::io::BufWriter<tempfile::NamedTempFile>, Registered)>,
    spill: Option<std::io::BufWriter<File>>,
    /// The reader of standard output or a FIFO went away (`| head`): the rest is dropped quietly.
    closed: bool,
}

impl Planned {
    /// Starts writing the report; with `spill`, pieces wait in a spill file until [`Open::finish`].
    pub fn open(self, spill: bool) -> Result<Open, Error> {
        let label = self.label.clone();
        let fail =
            |e: std::io::Error| Error::single(Problem::plain(label.clone(), format!("cannot write the report: {e}")));
        let tmp = match &self.target {
            Target::Replace { dir, permissions, .. } => {
                let (tmp, registered) = temporary(dir, permissions.clone()).map_err(fail)?;
                Some((std::io::BufWriter::with_capacity(256 * 1024, tmp), registered))
            }
            _ => None,
        };
        let spill = if spill {
            Some(std::io::BufWriter::with_capacity(256 * 1024, tempfile::tempfile().map_err(fail)?))
        } else {
            None
        };
        Ok(Open { label: self.label, target: self.target, tmp, spill, closed: false })
    }
}

impl Open {
    /// Appends a piece: to the spill file when there is one, else to the report.
    pub fn write(&mut self, stdout: &mut dyn Write, text: &str) -> Result<(), Error> {
        if text.is_empty() {
            return Ok(());
        }
        let result = match self.spill.as_mut() {
            Some(spill) => spill.write_all(text.as_bytes()),
            None => self.direct(stdout, text.as_bytes()),
        };
        result.map_err(|e| self.failed(e))
    }

    /// Writes to the report itself.
    fn direct(&mut self, stdout: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = match (&mut self.target, self.tmp.as_mut()) {
            (_, Some((tmp, _))) => tmp.write_all(bytes),
            (Target::Stdout, None) => stdout.write_all(bytes),
            (Target::Stderr, None) => std::io::stderr().lock().write_all(bytes),
            (Target::Stream(file), None) => file.write_all(bytes),
            (Target::Replace { .. } | Target::Dir { .. }, None) => Err(std::io::Error::other("no temporary file")),
        };
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    fn failed(&self, e: std::io::Error) -> Error {
        let file = match &self.target {
            Target::Stdout => "standard output".to_owned(),
            _ => self.label.clone(),
        };
        Error::single(Problem::plain(file, format!("cannot write the report: {e}")))
    }

    /// Writes in front of the spilled pieces (the head that summarises them); without a spill file,
    /// the same as [`Open::write`].
    pub fn write_first(&mut self, stdout: &mut dyn Write, text: &str) -> Result<(), Error> {
        self.direct(stdout, text.as_bytes()).map_err(|e| self.failed(e))
    }

    /// Copies the spilled pieces behind what was written first; later writes go to the report.
    pub fn unspill(&mut self, stdout: &mut dyn Write) -> Result<(), Error> {
        let Some(spill) = self.spill.take() else { return Ok(()) };
        let result = (|| {
            let mut file = spill.into_inner().map_err(|e| e.into_error())?;
            std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0))?;
            let mut buf = vec![0; 256 * 1024];
            loop {
                let n = std::io::Read::read(&mut file, &mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                self.direct(stdout, &buf[..n])?;
            }
        })();
        result.map_err(|e| self.failed(e))
    }

    /// Flushes the report and puts a replaced file in place in one step.
    pub fn finish(mut self, stdout: &mut dyn Write) -> Result<(), Error> {
        self.unspill(stdout)?;
        let flushed = match (&mut self.target, self.tmp.as_mut()) {
            (_, Some((tmp, _))) => tmp.flush(),
            (Target::Stdout, None) if !self.closed => flush_quietly(stdout),
            (Target::Stream(file), None) if !self.closed => flush_quietly(file),
            _ => Ok(()),
        };
        flushed.map_err(|e| self.failed(e))?;
        let Some((tmp, registered)) = self.tmp.take() else { return Ok(()) };
        let Target::Replace { path, .. } = &self.target else { return Ok(()) };
        let result = (|| {
            let tmp = tmp.into_inner().map_err(|e| e.into_error())?;
            tmp.as_file().sync_all()?;
            // As in `replace`: a signal waits until the report is in place.
            let lock = pending();
            let result = tmp.persist(path);
            drop(lock);
            result.map(drop).map_err(|e| e.error)
        })();
        drop(registered);
        result.map_err(|e| self.failed(e))
    }
}

fn flush_quietly(out: &mut dyn Write) -> std::io::Result<()> {
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A temporary file beside the target, created exclusively with an unpredictable name.
/// Creates the temporary file of a replaced report and registers it for the signal handler. The
/// list of pending files stays locked from before the file exists until it is listed, so a signal
/// arriving in between waits for the listing instead of leaving the file behind.
fn temporary(dir: &Path, permissions: Option<Permissions>) -> std::io::Result<(tempfile::NamedTempFile, Registered)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ipps-check-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new report gets the usual 0666 less umask.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut list = pending();
    let tmp = builder.tempfile_in(dir)?;
    list.push(tmp.path().to_path_buf());
    drop(list);
    let registered = Registered(tmp.path().to_path_buf());
    // A replaced one keeps its mode exactly: set after creation, so that the umask cannot take
    // bits away (0664 stays 0664 under umask 022).
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    Ok((tmp, registered))
}

fn stream(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Temporary files not yet renamed into place, for the signal handler to remove.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a temporary file's path in [`PENDING`] while it lives.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        pending().retain(|p| p != &self.0);
    }
}

/// Replaces `path` by a new file holding `text`: a temporary file with an unpredictable name is
/// created exclusively in the same directory (a planted symlink cannot redirect it), written,
/// synced and renamed over `path` in one step. On failure the temporary file is removed (by
/// `NamedTempFile`'s drop), on SIGINT/SIGTERM/SIGHUP by the handler of [`install_cleanup`].
fn replace(path: &Path, dir: &Path, permissions: Option<Permissions>, bytes: &[u8]) -> std::io::Result<()> {
    let (mut tmp, registered) = temporary(dir, permissions)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Holding the lock across the rename makes a signal wait until the report is in place, so the
    // handler never removes a file that is already the report.
    let lock = pending();
    let result = tmp.persist(path);
    drop(lock);
    drop(registered);
    result.map(drop).map_err(|e| e.error)
}

/// Removes temporary files; what the signal handler does with [`PENDING`] before exiting.
fn remove_all(paths: &[PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files still pending, then exit 128 + the
/// signal's number (130, 143, 129) as a shell would report a death by that signal.
fn install_cleanup() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            // Without a handler the default action still kills the run; only the clean-up is lost.
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
                std::thread::spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // The lock is held until exit, so no rename can start after the clean-up.
                        let list = pending();
                        remove_all(&list);
                        std::process::exit(128 + signal);
                    }
                });
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(spec: &str) -> Output {
        Output::parse(spec).unwrap()
    }

    fn refused(specs: &[&str], inputs: &[PathBuf]) -> String {
        let outputs: Vec<Output> = specs.iter().map(|s| out(s)).collect();
        match plan(&outputs, inputs) {
            Err(Error::Usage(m)) => m,
            other => panic!("{specs:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn one_file_named_two_ways_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("r.json");
        let b = dir.path().join(".").join("r.json");
        let m = refused(&[&format!("json:{}", a.display()), &format!("html:{}", b.display())], &[]);
        assert!(m.starts_with("two formats write to one file"), "{m}");
    }

    #[test]
    fn an_input_is_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.yaml");
        std::fs::write(&input, "platform: {name: x}\n").unwrap();
        let m = refused(&[&format!("json:{}", input.display())], std::slice::from_ref(&input));
        assert!(m.contains("would overwrite the input"), "{m}");
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.json");
            std::fs::hard_link(&input, &hard).unwrap();
            let m = refused(&[&format!("json:{}", hard.display())], std::slice::from_ref(&input));
            assert!(m.contains("would overwrite the input"), "{m}");
        }
    }

    #[test]
    fn a_replaced_report_is_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.json");
        std::fs::write(&target, "old").unwrap();
        let mut planned = plan(&[out(&format!("json:{}", target.display()))], &[]).unwrap();
        planned[0].write(&mut std::io::sink(), "new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("r.json")]);
    }

    #[test]
    fn pending_temporary_files_are_removed_by_the_clean_up() {
        let dir = tempfile::tempdir().unwrap();
        let (tmp, registered) = temporary(dir.path(), None).unwrap();
        let path = tmp.path().to_path_buf();
        let list: Vec<PathBuf> = pending().iter().filter(|p| **p == path).cloned().collect();
        assert_eq!(list, vec![path.clone()]);
        remove_all(&list);
        assert!(!path.exists());
        drop(registered);
        drop(tmp);
        assert!(!pending().contains(&path));
    }

    #[test]
    fn named_standard_streams_are_streams() {
        let planned = plan(&[out("json:/dev/stdout"), out("html:/dev/stderr")], &[]).unwrap();
        assert!(matches!(planned[0].target, Target::Stdout));
        assert!(matches!(planned[1].target, Target::Stderr));
        let m = refused(&["text", "json:/dev/stdout"], &[]);
        assert!(m.starts_with("at most one --format"), "{m}");
    }

    #[test]
    fn directories_and_missing_directories_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let m = refused(&[&format!("json:{}", dir.path().display())], &[]);
        assert!(m.contains("is a directory"), "{m}");
        let m = refused(&[&format!("json:{}/missing/r.json", dir.path().display())], &[]);
        assert!(m.contains("cannot be used: no such file or directory"), "{m}");
    }
}
