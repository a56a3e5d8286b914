//! Reading inputs safely: every file, whatever its kind, through a size cap; streams (FIFOs, pipes,
//! terminals, devices) with a bounded wait; directories walked with each file taken once.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Problem};

/// How long a stream input (a FIFO, a pipe, a terminal) may stay silent before reading gives up:
/// long enough for a slow producer such as `<(ssh host cat platform.yaml)`, short enough that a
/// FIFO nobody writes to is an error and not a hang.
pub const STREAM_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest JSON report `diff` reads: about 900 platforms of ~290 KB each.
pub const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// A size cap and how the user can change it.
#[derive(Debug, Clone, Copy)]
pub struct Cap {
    pub bytes: u64,
    /// Appended to the message of a file over the cap, e.g. "raise it with --max-file-size".
    pub hint: &'static str,
}

impl Cap {
    /// The cap of platform files, set by `--max-file-size`.
    pub fn platform(bytes: usize) -> Cap {
        Cap { bytes: bytes as u64, hint: "raise it with --max-file-size" }
    }

    /// The fixed cap of rule-pack and waivers files.
    pub fn fixed() -> Cap {
        Cap { bytes: crate::yaml::Limits::default().max_file_bytes as u64, hint: "a fixed limit for this kind of file" }
    }

    /// The cap of the JSON reports `diff` reads.
    pub fn report() -> Cap {
        Cap { bytes: MAX_REPORT_BYTES, hint: "a fixed limit for JSON reports" }
    }

    /// The cap of a config file (`.ipps-check.yaml`, `--config`, `IPPS_CHECK_CONFIG`): a config is
    /// a dozen lines, so anything near this is a mistake.
    pub fn config() -> Cap {
        Cap { bytes: 1024 * 1024, hint: "a fixed limit for config files" }
    }

    /// The cap of an `import --map` header mapping.
    pub fn mapping() -> Cap {
        Cap { bytes: 1024 * 1024, hint: "a fixed limit for mapping files" }
    }

    /// The cap of a spreadsheet `import` reads.
    pub fn spreadsheet(bytes: u64) -> Cap {
        Cap { bytes, hint: "a fixed limit for spreadsheets" }
    }

    /// The cap of a platform file read by a command without `--max-file-size` (`migrate`,
    /// `import --into`): the default of `check`.
    pub fn platform_fixed() -> Cap {
        Cap {
            bytes: crate::yaml::Limits::default().max_file_bytes as u64,
            hint: "a fixed limit for this command; `check --max-file-size` raises it for checking",
        }
    }
}

/// The kinds of file the tool tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Regular,
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl Kind {
    /// The kind of a file from its metadata (of the link's target when the metadata followed it).
    pub fn of(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            return Kind::Regular;
        }
        if t.is_dir() {
            return Kind::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Kind::Fifo;
            }
            if t.is_char_device() {
                return Kind::CharDevice;
            }
            if t.is_block_device() {
                return Kind::BlockDevice;
            }
            if t.is_socket() {
                return Kind::Socket;
            }
        }
        Kind::Other
    }

    /// The kind for messages: "a FIFO".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Regular => "a regular file",
            Kind::Directory => "a directory",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Socket => "a socket",
            Kind::Other => "not a regular file",
        }
    }
}

/// The identity of a file (device and inode): two paths with the same identity are one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file a metadata describes; None where the platform has no inodes.
    pub fn of(meta: &Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId { dev: meta.dev(), ino: meta.ino() })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// A path for messages on a terminal: control characters are escaped, so a hostile file name
/// cannot move the cursor or recolour the screen.
pub fn shown(path: &Path) -> String {
    crate::terminal::visible(&path.display().to_string()).into_owned()
}

/// Paths that are not valid UTF-8, by the name reports show (with U+FFFD for each invalid byte):
/// a SARIF URI percent-encodes the original bytes instead of the replacement characters.
static RAW_NAMES: std::sync::Mutex<Vec<(String, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());

/// Remembers the bytes of a path whose name is not valid UTF-8 (see [`raw_name`]).
pub fn remember_raw_name(path: &Path) {
    #[cfg(unix)]
    if path.to_str().is_none() {
        use std::os::unix::ffi::OsStrExt;
        let mut names = RAW_NAMES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let shown = path.display().to_string();
        if !names.iter().any(|(n, _)| *n == shown) {
            names.push((shown, path.as_os_str().as_bytes().to_vec()));
        }
    }
}

/// The original bytes of a path reports name `shown` when it was not valid UTF-8.
pub fn raw_name(shown: &str) -> Option<Vec<u8>> {
    if !shown.contains('\u{fffd}') {
        return None;
    }
    let names = RAW_NAMES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    names.iter().find(|(n, _)| n == shown).map(|(_, b)| b.clone())
}

fn too_big(name: &str, size: Option<u64>, cap: Cap) -> Error {
    let what = match size {
        Some(n) => format!("the file is {n} bytes"),
        None => format!("more than {} bytes arrived", cap.bytes),
    };
    Error::single(Problem::plain(name, format!("{what}, over the limit of {} bytes ({})", cap.bytes, cap.hint)))
}

/// The problem of an input that could not be read, with the reason in plain words.
pub fn read_problems(name: &str, e: &std::io::Error) -> Vec<Problem> {
    match Error::read(name.to_owned(), e) {
        Error::Invalid(p) => p,
        Error::Usage(m) => vec![Problem::plain(name, m)],
    }
}

/// Reads a whole input of any kind, refusing more than `cap` bytes. A regular file over the cap is
/// refused before it is read; a stream (FIFO, pipe, device, terminal) is read until the cap is
/// passed, and gives up after [`STREAM_TIMEOUT`] of silence, so neither `/dev/zero` nor a FIFO
/// without a writer can exhaust memory or hang the run.
pub fn read_capped(path: &Path, cap: Cap) -> Result<Vec<u8>, Error> {
    let name = shown(path);
    let fail = |e: std::io::Error| Error::Invalid(read_problems(&name, &e));
    let file = open_for_reading(path).map_err(|e| match std::fs::metadata(path).map(|m| Kind::of(&m)) {
        Ok(Kind::Socket) => Error::single(Problem::plain(&name, "cannot read: a socket, expected a file")),
        _ => fail(e),
    })?;
    let meta = file.metadata().map_err(fail)?;
    let bytes = match Kind::of(&meta) {
        Kind::Directory => {
            return Err(Error::single(Problem::plain(&name, "is a directory, expected a file")));
        }
        Kind::Regular => {
            if meta.len() > cap.bytes {
                return Err(too_big(&name, Some(meta.len()), cap));
            }
            // The size can change after the check (a growing log, /proc files that claim 0 bytes),
            // so the read itself is capped too.
            let mut bytes = Vec::new();
            grow(&mut bytes, meta.len() as usize, &name)?;
            file.take(cap.bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(fail)?;
            bytes
        }
        _ => read_stream(file, cap, &name)?,
    };
    if bytes.len() as u64 > cap.bytes {
        return Err(too_big(&name, None, cap));
    }
    Ok(bytes)
}

/// Reserves room for `more` bytes, or says that memory ran out (a cap raised too far).
fn grow(bytes: &mut Vec<u8>, more: usize, name: &str) -> Result<(), Error> {
    bytes.try_reserve_exact(more).map_err(|_| {
        Error::single(Problem::plain(name, format!("cannot read: not enough memory for {more} more bytes")))
    })
}

/// Opens without blocking: opening a FIFO blocks until a writer appears, which may be never.
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

#[cfg(unix)]
fn read_stream(mut file: File, cap: Cap, name: &str) -> Result<Vec<u8>, Error> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use std::time::Instant;

    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        // Waits for data, for the writer to close, or for the timeout. A FIFO that never had a
        // writer does not report a hang-up on Linux, so this is where such a FIFO times out.
        let deadline = Instant::now() + STREAM_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::single(Problem::plain(
                    name,
                    format!(
                        "cannot read: nothing arrived for {} s from {}; is anything writing to it?",
                        STREAM_TIMEOUT.as_secs(),
                        file.metadata().map(|m| Kind::of(&m).name()).unwrap_or("a stream"),
                    ),
                )));
            }
            let timeout = Timespec { tv_sec: left.as_secs() as _, tv_nsec: left.subsec_nanos() as _ };
            let mut fds = [PollFd::new(&file, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => continue,
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(Error::Invalid(read_problems(name, &e.into()))),
            }
        }
        match file.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => {
                // Keeps at most one byte over the cap, and grows the buffer no further than that,
                // so a huge stream costs the cap's worth of memory, not twice it.
                let room = cap.bytes.saturating_add(1).saturating_sub(bytes.len() as u64);
                let keep = n.min(usize::try_from(room).unwrap_or(usize::MAX));
                if bytes.capacity() - bytes.len() < keep {
                    let limit = usize::try_from(cap.bytes.saturating_add(1)).unwrap_or(usize::MAX);
                    let target = (bytes.capacity().saturating_mul(2)).max(bytes.len() + keep).min(limit);
                    let more = target - bytes.len();
                    grow(&mut bytes, more, name)?;
                }
                bytes.extend_from_slice(&chunk[..keep]);
                if bytes.len() as u64 > cap.bytes {
                    return Ok(bytes);
                }
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted) => {}
            Err(e) => return Err(Error::Invalid(read_problems(name, &e))),
        }
    }
}

#[cfg(not(unix))]
fn read_stream(file: File, cap: Cap, name: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    file.take(cap.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Invalid(read_problems(name, &e)))?;
    Ok(bytes)
}

/// The platform files a command line names: files as given, directories expanded.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to check, each once: directories' YAML files sorted by path, in the order of the paths.
    pub files: Vec<PathBuf>,
    /// Entries that could not be read; the other files are still checked.
    pub problems: Vec<Problem>,
    /// What was skipped and why, for stderr.
    pub notes: Vec<String>,
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "yaml" || x == "yml")
}

/// Expands directories into the YAML files below them. Symbolic links are followed, a link back
/// to a directory being walked is skipped with a note, and a file reached twice (by two links, or
/// named twice) is checked once. FIFOs, devices and sockets found in a directory are skipped with
/// a note: opening one could block or have side effects, and the user did not name it. So is a
/// link leading out of the directory: the user named the directory, not what a repository links
/// to (an error about `x.yaml -> ~/.ssh/id_rsa` would print the key). A file or directory named
/// on the command line is taken whatever its kind (it is read with the cap).
pub fn platform_files(paths: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    let mut seen: std::collections::HashMap<FileId, PathBuf> = std::collections::HashMap::new();
    let mut take = |walk: &mut Walk, path: PathBuf, id: Option<FileId>| {
        remember_raw_name(&path);
        if let Some(id) = id {
            if let Some(first) = seen.get(&id) {
                walk.notes.push(format!("{} is the same file as {}; checked once", shown(&path), shown(first)));
                return;
            }
            seen.insert(id, path.clone());
        }
        walk.files.push(path);
    };
    for root in paths {
        let meta = std::fs::metadata(root);
        match meta {
            Ok(m) if m.is_dir() => {
                let (problems, notes) = (walk.problems.len(), walk.notes.len());
                let mut found = walk_dir(root, &mut walk);
                found.sort_by(|a, b| a.0.cmp(&b.0));
                // Nothing to check is an error of its own, unless an unreadable entry already says why.
                if found.is_empty() && walk.problems.len() == problems {
                    let why = if walk.notes.len() > notes { " that could be checked (see the notes)" } else { "" };
                    walk.problems
                        .push(Problem::plain(shown(root), format!("the directory holds no .yaml or .yml file{why}")));
                }
                for (path, id) in found {
                    take(&mut walk, path, id);
                }
            }
            // A missing or odd path is still "checked", so that reading it reports why it fails.
            Ok(m) => take(&mut walk, root.clone(), FileId::of(&m)),
            Err(_) => take(&mut walk, root.clone(), None),
        }
    }
    walk
}

/// The YAML files below a directory, with their identities.
fn walk_dir(root: &Path, walk: &mut Walk) -> Vec<(PathBuf, Option<FileId>)> {
    let mut found = Vec::new();
    let inside = root.canonicalize().ok();
    // Only a symbolic link can lead out of the directory: everything else is checked without a
    // system call of its own.
    let leads_out = |e: &walkdir::DirEntry| {
        e.path_is_symlink()
            && match (&inside, e.path().canonicalize()) {
                (Some(root), Ok(target)) => !target.starts_with(root),
                _ => false,
            }
    };
    let mut entries = walkdir::WalkDir::new(root).follow_links(true).into_iter();
    while let Some(entry) = entries.next() {
        match entry {
            Ok(e) if e.depth() > 0 && (e.file_type().is_dir() || is_yaml(e.path())) && leads_out(&e) => {
                walk.notes.push(format!(
                    "skipped {}: a symbolic link leading out of {} (name it on the command line to read it)",
                    shown(e.path()),
                    shown(root)
                ));
                if e.file_type().is_dir() {
                    entries.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if !is_yaml(e.path()) => {}
            Ok(e) => match e.metadata() {
                Ok(m) if m.is_file() => found.push((e.path().to_path_buf(), FileId::of(&m))),
                Ok(m) => walk.notes.push(format!(
                    "skipped {}: {}, not a regular file (name it on the command line to read it)",
                    shown(e.path()),
                    Kind::of(&m).name()
                )),
                Err(err) => walk.problems.extend(walk_problem(e.path(), err)),
            },
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                if let Some(ancestor) = err.loop_ancestor() {
                    walk.notes.push(format!(
                        "skipped {}: a symbolic link loop (it leads back to {}, which holds it)",
                        shown(&path),
                        shown(ancestor)
                    ));
                } else {
                    walk.problems.extend(walk_problem(&path, err));
                }
            }
        }
    }
    found
}

/// A walk error as a problem of the entry it concerns; None for a dangling link (or a vanished
/// entry) whose name is not a YAML file's, which the walk would have ignored anyway.
fn walk_problem(path: &Path, err: walkdir::Error) -> Option<Problem> {
    let io = err.into_io_error().unwrap_or_else(|| std::io::Error::other("unreadable entry"));
    if io.kind() == std::io::ErrorKind::NotFound && !is_yaml(path) {
        return None;
    }
    read_problems(&shown(path), &io).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], cap: u64) -> Result<Vec<u8>, String> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yaml");
        std::fs::write(&p, bytes).unwrap();
        read_capped(&p, Cap { bytes: cap, hint: "hint" }).map_err(|e| e.problems()[0].message.clone())
    }

    #[test]
    fn a_regular_file_is_read_up_to_the_cap() {
        assert_eq!(read(b"abc", 3).unwrap(), b"abc");
        assert_eq!(read(b"abcd", 3).unwrap_err(), "the file is 4 bytes, over the limit of 3 bytes (hint)");
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        assert_eq!(shown(Path::new("a\u{1b}[31mb.yaml")), "a\\u{1b}[31mb.yaml");
        assert_eq!(shown(Path::new("平台.yaml")), "平台.yaml");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_read_with_the_cap() {
        let e = read_capped(Path::new("/dev/zero"), Cap { bytes: 1000, hint: "hint" }).unwrap_err();
        assert_eq!(e.problems()[0].message, "more than 1000 bytes arrived, over the limit of 1000 bytes (hint)");
        assert_eq!(read_capped(Path::new("/dev/null"), Cap { bytes: 10, hint: "" }).unwrap(), b"");
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_capped(dir.path(), Cap::fixed()).unwrap_err();
        assert!(e.problems()[0].message.contains("is a directory"));
    }

    #[cfg(unix)]
    #[test]
    fn a_walk_takes_each_file_once_and_survives_loops() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("a.yaml"), "x").unwrap();
        std::fs::write(d.join("sub/b.yml"), "x").unwrap();
        std::fs::write(d.join("notes.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("a.yaml", d.join("z.yaml")).unwrap();
        std::os::unix::fs::symlink("missing", d.join("dangling.txt")).unwrap();
        let w = platform_files(&[d.clone(), d.join("a.yaml")]);
        assert_eq!(w.files, vec![d.join("a.yaml"), d.join("sub/b.yml")], "{w:?}");
        assert!(w.problems.is_empty(), "{w:?}");
        assert!(w.notes.iter().any(|n| n.contains("a symbolic link loop")), "{w:?}");
        assert_eq!(w.notes.iter().filter(|n| n.contains("checked once")).count(), 2, "{w:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_leading_out_of_a_walked_directory_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let (d, outside) = (dir.path().join("d"), dir.path().join("outside"));
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.yaml"), "x").unwrap();
        std::fs::write(d.join("a.yaml"), "x").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.yaml"), d.join("key.yaml")).unwrap();
        std::os::unix::fs::symlink(&outside, d.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink("../a.yaml", d.join("sub/inside.yaml")).unwrap();
        let w = platform_files(std::slice::from_ref(&d));
        assert_eq!(w.files, vec![d.join("a.yaml")], "{w:?}");
        assert_eq!(w.notes.iter().filter(|n| n.contains("a symbolic link leading out of")).count(), 2, "{w:?}");
        assert!(w.notes.iter().any(|n| n.contains("checked once")), "a link inside is followed: {w:?}");
    }

    #[test]
    fn an_empty_directory_is_a_problem_not_an_abort() {
        let dir = tempfile::tempdir().unwrap();
        let w = platform_files(&[dir.path().to_path_buf(), PathBuf::from("x.yaml")]);
        assert_eq!(w.files, vec![PathBuf::from("x.yaml")]);
        assert_eq!(w.problems[0].message, "the directory holds no .yaml or .yml file");
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_of_skipped_entries_is_still_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()));
        std::os::unix::fs::symlink("/dev/null", dir.path().join("null.yaml")).unwrap();
        let w = platform_files(&[dir.path().to_path_buf()]);
        assert!(w.files.is_empty());
        assert!(w.notes.iter().any(|n| n.contains("pipe.yaml: a FIFO (named pipe), not a regular file")), "{w:?}");
        assert!(w.notes.iter().any(|n| n.contains("null.yaml: a symbolic link leading out of")), "{w:?}");
        assert_eq!(
            w.problems[0].message,
            "the directory holds no .yaml or .yml file that could be checked (see the notes)"
        );
    }
}
