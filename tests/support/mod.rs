//! Running the real binary for the hostile-input tests: under an address-space cap, with a hang
//! watchdog, both pipes drained at once.
// Each test crate that includes this module uses a different part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A generous bound that only a hang exceeds; not a performance assertion. Waits of the tool
/// itself (30 s for a silent FIFO) fit well inside it.
pub const HANG: Duration = Duration::from_secs(150);
/// Address-space cap for the child (KiB): the parser thread reserves a 256 MiB stack up front.
pub const MEMORY_KIB: u64 = 1536 * 1024;
pub const AS_OF: &str = "2026-11-25";

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// How to start the binary.
#[derive(Default)]
pub struct Opts<'a> {
    pub cwd: Option<&'a Path>,
    /// Bytes fed to standard input.
    pub stdin: Option<Vec<u8>>,
    /// Standard output appended to this file instead of a pipe.
    pub stdout_to: Option<&'a Path>,
    /// Shell commands run before `exec` (limits, ignored signals).
    pub pre: &'a str,
    /// Run as user nobody (needs root and setpriv).
    pub as_nobody: bool,
    /// Environment variables set for the run.
    pub env: Vec<(&'a str, &'a str)>,
}

pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn spawn(args: &[&str], o: &Opts) -> Child {
    let bin = env!("CARGO_BIN_EXE_ipps-check");
    let mut words = Vec::new();
    if o.as_nobody {
        words.extend(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"].map(str::to_owned));
    }
    words.push(quote(bin));
    words.extend(args.iter().map(|a| quote(a)));
    let script = format!("ulimit -v {MEMORY_KIB}; {} exec {}", o.pre, words.join(" "));
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &script]).env("NO_COLOR", "1").env("IPPS_AS_OF", AS_OF).env_remove("LANG");
    cmd.env_remove("IPPS_CHECK_CONFIG").envs(o.env.iter().copied());
    if let Some(dir) = o.cwd {
        cmd.current_dir(dir);
    }
    cmd.stdin(if o.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    match o.stdout_to {
        Some(p) => cmd.stdout(std::fs::OpenOptions::new().append(true).create(true).open(p).unwrap()),
        None => cmd.stdout(Stdio::piped()),
    };
    cmd.stderr(Stdio::piped());
    cmd.spawn().expect("spawn")
}

/// Waits for a child with the hang watchdog, draining its pipes.
pub fn finish(mut child: Child, what: &str, stdin: Option<Vec<u8>>) -> Run {
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // The child may stop reading early (a cap): a broken pipe here is expected.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut s);
            }
            s
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("{what} did not finish within {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    assert!(!stderr.contains("panicked"), "panic on {what}: {stderr}");
    Run { code: status.code(), stdout, stderr }
}

pub fn run_with(args: &[&str], o: Opts) -> Run {
    let child = spawn(args, &o);
    finish(child, &format!("ipps-check {args:?}"), o.stdin)
}

pub fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

/// What a path is, without following a symbolic link.
pub fn kind(path: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::symlink_metadata(path) {
        Err(_) => "missing",
        Ok(m) if m.file_type().is_symlink() => "symlink",
        Ok(m) if m.file_type().is_fifo() => "fifo",
        Ok(m) if m.file_type().is_char_device() => "char device",
        Ok(m) if m.file_type().is_file() => "file",
        Ok(_) => "other",
    }
}

/// Temporary files (`*.tmp`) left in a directory.
pub fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect()
}
