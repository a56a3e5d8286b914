//! Hostile input and output paths: nothing is lost or overwritten, every limit holds whatever
//! the kind of file, nothing hangs. Each test reproduces a failure found in a hostile-user trial
//! (issue 10) against the real binary, under an address-space cap and a hang watchdog.
//!
//! Tests that need root (device nodes) or a second user (unreadable directories when running as
//! root) say on stderr when they cannot run that part, and do not fail for it.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::{AS_OF, HANG, Opts, Run, finish, is_root, kind, mkfifo, run_with, spawn, temporaries};

fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(args, Opts { cwd: Some(dir), ..Opts::default() })
}

fn example() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hangzhou.yaml")).unwrap()
}

/// Every entry below a directory with its kind and, for files, content: to prove nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = e.path().to_path_buf();
        let content = match kind(&p) {
            "file" => std::fs::read(&p).unwrap_or_default(),
            k => k.as_bytes().to_vec(),
        };
        out.insert(p, content);
    }
    out
}

/// Each row: what the trial did, the arguments, what the refusal must say. The platform file is
/// invalid YAML, so an error about its content would show that it was read before the refusal.
#[test]
fn outputs_that_would_lose_data_are_refused_before_anything_is_read() {
    type Setup = fn(&Path);
    let rows: &[(&str, Setup, &[&str], &str)] = &[
        (
            "report over its own input",
            |_| {},
            &["-f", "json:bad.yaml", "bad.yaml"],
            "would overwrite the input bad.yaml",
        ),
        (
            "one file named two ways",
            |_| {},
            &["-f", "json:r.json", "-f", "html:./r.json", "bad.yaml"],
            "two formats write to one file: json:r.json and html:./r.json",
        ),
        (
            "one file through ..",
            |_| {},
            &["-f", "json:sub/../r.json", "-f", "csv:r.json", "bad.yaml"],
            "two formats write to one file",
        ),
        (
            "a hard link of the input",
            |d| std::fs::hard_link(d.join("bad.yaml"), d.join("hard.json")).unwrap(),
            &["-f", "json:hard.json", "bad.yaml"],
            "would overwrite the input bad.yaml",
        ),
        (
            "a symlink to the input",
            |d| std::os::unix::fs::symlink("bad.yaml", d.join("link.json")).unwrap(),
            &["-f", "json:link.json", "bad.yaml"],
            "link.json is a symbolic link",
        ),
        (
            "a symlink elsewhere",
            |d| std::os::unix::fs::symlink("victim.txt", d.join("link.json")).unwrap(),
            &["-f", "json:link.json", "bad.yaml"],
            "link.json is a symbolic link",
        ),
        (
            "a dangling symlink",
            |d| std::os::unix::fs::symlink("nowhere.txt", d.join("link.json")).unwrap(),
            &["-f", "json:link.json", "bad.yaml"],
            "link.json is a symbolic link to a missing file",
        ),
        ("a directory", |_| {}, &["-f", "json:sub", "bad.yaml"], "sub is a directory"),
        (
            "a missing directory",
            |_| {},
            &["-f", "json:nowhere/r.json", "bad.yaml"],
            "the directory nowhere cannot be used: no such file or directory",
        ),
        (
            "the waivers file",
            |_| {},
            &["--waivers", "w.yaml", "-f", "json:w.yaml", "bad.yaml"],
            "would overwrite the input w.yaml",
        ),
        (
            "a rule file",
            |d| {
                std::fs::create_dir(d.join("rules")).unwrap();
                std::fs::write(d.join("rules/pack.yaml"), "x").unwrap()
            },
            &["--rules", "rules", "-f", "json:rules/pack.yaml", "bad.yaml"],
            "would overwrite the input rules/pack.yaml",
        ),
        (
            "a file found in a directory",
            |_| {},
            &["-f", "json:sub/inner.yaml", "sub"],
            "would overwrite the input sub/inner.yaml",
        ),
        (
            "a socket",
            |d| drop(std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap()),
            &["-f", "json:sock", "bad.yaml"],
            "sock is a socket",
        ),
    ];
    for (what, setup, args, expect) in rows {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("bad.yaml"), "platform: [unclosed\n").unwrap();
        std::fs::write(d.join("victim.txt"), "keep me").unwrap();
        std::fs::write(d.join("w.yaml"), "waivers: []\n").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/inner.yaml"), "platform: [unclosed\n").unwrap();
        setup(d);
        let before = snapshot(d);
        let r = run_in(d, args);
        assert_eq!(r.code, Some(2), "{what}: {}", r.stderr);
        assert!(r.stderr.contains(expect), "{what}: expected {expect:?} in {}", r.stderr);
        assert!(!r.stderr.contains("unclosed") && !r.stderr.contains(".yaml:1:"), "{what}: read first: {}", r.stderr);
        assert_eq!(snapshot(d), before, "{what}: the directory changed");
    }
}

#[test]
fn standard_output_that_is_an_input_or_another_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    // `ipps-check in.yaml >> in.yaml` would append a report to the platform file.
    let r = run_with(&["in.yaml"], Opts { cwd: Some(d), stdout_to: Some(&d.join("in.yaml")), ..Opts::default() });
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("the text report (on standard output) would overwrite the input in.yaml"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(d.join("in.yaml")).unwrap(), example());
    // `ipps-check -f text -f json:r.txt in.yaml > r.txt`: the rename would orphan the shell's file.
    let r = run_with(
        &["-f", "text", "-f", "json:r.txt", "in.yaml"],
        Opts { cwd: Some(d), stdout_to: Some(&d.join("r.txt")), ..Opts::default() },
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("two formats write to one file: text and json:r.txt"), "{}", r.stderr);
}

#[test]
fn devices_and_fifos_are_written_in_place_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();

    // As root a regression would replace the system's own nodes, so the test makes its own: a
    // "full" device (1, 7) and a "null" device (1, 3) in its directory. Without root the
    // system's /dev/full is safe to use, since only root could replace it.
    let made = |name: &str, minor: &str| {
        let node = d.join(name);
        Command::new("mknod").arg(&node).args(["c", "1", minor]).status().is_ok_and(|s| s.success()).then_some(node)
    };
    let full = made("full", "7").unwrap_or_else(|| {
        eprintln!("note: mknod needs root; /dev/full stands in for a device node of the test's own");
        PathBuf::from("/dev/full")
    });
    let spec = format!("json:{}", full.display());
    let r = run_in(d, &["-q", "-f", &spec, "in.yaml"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{spec}: cannot write the report: No space left on device")), "{}", r.stderr);
    assert_eq!(kind(&full), "char device", "the device node was replaced");
    if let Some(null) = made("null", "3") {
        let r = run_in(d, &["-q", "-f", "json:null", "in.yaml"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert_eq!(kind(&null), "char device", "the device node was replaced");
    }

    // /proc/self/fd/1 rather than /dev/stdout: a regression renaming over it fails in /proc
    // instead of breaking /dev for the whole machine.
    let r = run_in(d, &["-q", "-f", "json:/proc/self/fd/1", "in.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.starts_with('{') && r.stdout.ends_with("}\n"), "the report goes to standard output");

    let fifo = d.join("out.fifo");
    mkfifo(&fifo);
    let child = spawn(&["-q", "-f", "json:out.fifo", "in.yaml"], &Opts { cwd: Some(d), ..Opts::default() });
    let mut received = String::new();
    std::fs::File::open(&fifo).unwrap().read_to_string(&mut received).unwrap();
    let r = finish(child, "json to a FIFO", None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&received).expect("a whole JSON report through the FIFO");
    assert_eq!(v["assessments"].as_array().unwrap().len(), 1);
    assert_eq!(kind(&fifo), "fifo", "the FIFO was replaced");
    assert!(temporaries(d).is_empty());
}

#[test]
fn a_fifo_output_without_a_reader_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    mkfifo(&d.join("out.fifo"));
    let r = run_in(d, &["-q", "-f", "json:out.fifo", "in.yaml"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("no process read the FIFO within 30 s"), "{}", r.stderr);
    assert_eq!(kind(&d.join("out.fifo")), "fifo");
}

/// The old temporary name was `.NAME.PID.tmp`, opened following symlinks: another user could plant
/// links for the next process ids and have the run overwrite the links' target.
#[test]
fn a_symlink_planted_at_a_predictable_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    std::fs::write(d.join("victim.txt"), "keep me").unwrap();
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1000);
    for pid in last..last + 400 {
        std::os::unix::fs::symlink(d.join("victim.txt"), d.join(format!(".r.json.{pid}.tmp"))).unwrap();
    }
    let r = run_in(d, &["-q", "-f", "json:r.json", "in.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.join("victim.txt")).unwrap(), "keep me");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(d.join("r.json")).unwrap()).unwrap();
    assert_eq!(v["assessments"].as_array().unwrap().len(), 1);
    let fresh: Vec<String> = temporaries(d).into_iter().filter(|n| n.starts_with(".ipps-check-")).collect();
    assert!(fresh.is_empty(), "{fresh:?}");
}

/// A write that fails half-way (here: over the file-size limit, with SIGXFSZ ignored so the write
/// itself fails) leaves the previous report and no temporary file.
#[test]
fn a_failed_write_leaves_the_previous_report_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    std::fs::write(d.join("r.json"), "previous").unwrap();
    let r = run_with(
        &["-q", "-f", "json:r.json", "in.yaml"],
        Opts { cwd: Some(d), pre: "trap '' XFSZ; ulimit -f 200;", ..Opts::default() },
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("json:r.json: cannot write the report: File too large"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.join("r.json")).unwrap(), "previous");
    assert!(temporaries(d).is_empty(), "{:?}", temporaries(d));
}

/// Waits until a process is stopped (state T in /proc), so that what it left on disk holds still.
fn wait_stopped(pid: u32) {
    for _ in 0..200 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit(") ").next().and_then(|s| s.chars().next());
        if matches!(state, Some('T' | 't') | None) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn signal(pid: u32, name: &str) {
    let _ = Command::new("kill").args([&format!("-{name}"), &pid.to_string()]).status();
}

/// SIGTERM and SIGINT while a report is being written: the temporary file is removed and the run
/// exits 143 or 130. The test freezes the run (SIGSTOP) as soon as a temporary file appears, so
/// the signal lands while it is pending; a run that finishes too fast to be caught is retried.
#[test]
fn a_signal_during_a_write_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let batch = d.join("batch");
    std::fs::create_dir(&batch).unwrap();
    for i in 0..24 {
        std::fs::write(batch.join(format!("p{i:02}.yaml")), example()).unwrap();
    }
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    let mut caught = 0;
    for (attempt, (sig, code)) in [("TERM", 143), ("INT", 130)].iter().cycle().take(8).enumerate() {
        if caught >= 2 {
            break;
        }
        std::fs::write(out.join("r.json"), "previous").unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_ipps-check"))
            .args(["--as-of", AS_OF, "-q", "-j", "2", "-f", "json:out/r.json", "-f", "sarif:out/r.sarif", "-f"])
            .arg("html:out/r.html")
            .arg("batch")
            .current_dir(d)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut frozen = false;
        let start = Instant::now();
        let mut child = child;
        while start.elapsed() < HANG {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if !temporaries(&out).is_empty() {
                signal(pid, "STOP");
                wait_stopped(pid);
                // Frozen now: if the temporary file is still there, it is pending for certain.
                if !temporaries(&out).is_empty() {
                    frozen = true;
                    break;
                }
                signal(pid, "CONT");
            }
        }
        if !frozen {
            let _ = child.wait();
            eprintln!("note: attempt {attempt}: the run was not caught during a write; retrying");
            continue;
        }
        caught += 1;
        signal(pid, sig);
        signal(pid, "CONT");
        let run = finish(child, "interrupted batch", None);
        assert_eq!(run.code, Some(*code), "SIG{sig}: {}", run.stderr);
        assert!(temporaries(&out).is_empty(), "SIG{sig} left {:?}", temporaries(&out));
        let json = std::fs::read_to_string(out.join("r.json")).unwrap();
        if json != "previous" {
            let v: serde_json::Value = serde_json::from_str(&json).expect("a replaced report is whole");
            assert_eq!(v["assessments"].as_array().unwrap().len(), 24);
        }
    }
    if caught == 0 {
        eprintln!("note: no run was caught during a write on this machine; the signal path was not exercised");
    }
}

#[test]
fn inputs_of_every_kind_are_read_with_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    let mut big = example();
    big.extend(format!("# {}\n", "x".repeat(20 * 1024 * 1024)).as_bytes());
    std::fs::write(d.join("big.yaml"), &big).unwrap();
    let rules = d.join("rules");
    std::fs::create_dir(&rules).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap().flatten() {
        std::fs::copy(e.path(), rules.join(e.file_name())).unwrap();
    }
    let mut rule = std::fs::read(rules.join("03-terms.yaml")).unwrap();
    rule.extend(format!("# {}\n", "x".repeat(9 * 1024 * 1024)).as_bytes());
    std::fs::write(rules.join("03-terms.yaml"), rule).unwrap();
    let platform_cap = "over the limit of 8388608 bytes (raise it with --max-file-size)";
    let fixed_cap = "over the limit of 8388608 bytes (a fixed limit for this kind of file)";
    // What, arguments, standard input, exit code, expected message.
    type Row<'a> = (&'a str, &'a [&'a str], Option<&'a [u8]>, Option<i32>, &'a str);
    let rows: &[Row] = &[
        ("/dev/zero as a platform", &["/dev/zero"], None, Some(2), platform_cap),
        ("/dev/zero as waivers", &["--waivers", "/dev/zero", "in.yaml"], None, Some(2), fixed_cap),
        ("20 MiB piped to /dev/stdin", &["/dev/stdin"], Some(&big), Some(2), platform_cap),
        ("the same 20 MiB by path", &["big.yaml"], None, Some(2), platform_cap),
        ("a rule file over the cap", &["--rules", "rules", "in.yaml"], None, Some(2), fixed_cap),
        ("/dev/zero to diff", &["diff", "/dev/zero", "in.yaml"], None, Some(2), "over the limit of 268435456 bytes"),
        (
            "a raised cap holds for streams too",
            &["--max-file-size", "30000000", "-q", "/dev/stdin"],
            Some(&big),
            Some(0),
            "",
        ),
        ("/dev/null is empty", &["/dev/null"], None, Some(2), "the file is empty"),
    ];
    for (what, args, stdin, code, expect) in rows {
        let r = run_with(args, Opts { cwd: Some(d), stdin: stdin.map(<[u8]>::to_vec), ..Opts::default() });
        assert_eq!(r.code, *code, "{what}: {}", r.stderr);
        assert!(r.stderr.contains(expect), "{what}: expected {expect:?} in {}", r.stderr);
    }
}

#[test]
fn a_fifo_without_a_writer_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("silent.yaml"));
    let r = run_in(d, &["silent.yaml"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("silent.yaml: cannot read: nothing arrived for 30 s"), "{}", r.stderr);

    // A FIFO with a writer is read like a file, whichever side comes first.
    mkfifo(&d.join("fed.yaml"));
    let path = d.join("fed.yaml");
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::OpenOptions::new().write(true).open(path).unwrap().write_all(&example()).unwrap();
    });
    let r = run_in(d, &["-q", "-f", "json", "fed.yaml"]);
    writer.join().unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("\"file\": \"fed.yaml\""));
}

/// The trial's directory: a symlink loop, a FIFO, an unreadable subdirectory, a dangling link, a
/// second link to one file. Each readable file is checked once and reported; the rest are notes
/// or per-entry problems; the run ends (exit 2 because something could not be read).
#[test]
fn a_walk_checks_each_file_once_and_goes_on_past_what_it_cannot_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let d = root.join("d");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(d.join("locked")).unwrap();
    for f in ["a.yaml", "sub/b.yaml", "locked/c.yaml"] {
        std::fs::write(d.join(f), example()).unwrap();
    }
    mkfifo(&d.join("pipe.yaml"));
    std::os::unix::fs::symlink("..", d.join("up")).unwrap();
    std::os::unix::fs::symlink("a.yaml", d.join("twin.yaml")).unwrap();
    std::os::unix::fs::symlink("missing.yaml", d.join("dangling.yaml")).unwrap();
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
    let as_nobody = is_root() && setpriv;
    let locked_applies = !is_root() || as_nobody;
    if !locked_applies {
        eprintln!("note: running as root without setpriv; the unreadable-directory case was not run");
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir_all(d.join("locked")).unwrap();
    }
    let r = run_with(&["-q", "-f", "json:out/r.json", "d"], Opts { cwd: Some(root), as_nobody, ..Opts::default() });
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).ok();
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("note: skipped d/up: a symbolic link loop"), "{}", r.stderr);
    assert!(r.stderr.contains("note: skipped d/pipe.yaml: a FIFO"), "{}", r.stderr);
    assert!(r.stderr.contains("note: d/twin.yaml is the same file as d/a.yaml; checked once"), "{}", r.stderr);
    assert!(r.stderr.contains("d/dangling.yaml: cannot read: no such file or directory"), "{}", r.stderr);
    if locked_applies {
        assert!(r.stderr.contains("d/locked: cannot read: permission denied"), "{}", r.stderr);
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("r.json")).unwrap()).unwrap();
    let files: Vec<&str> = v["assessments"].as_array().unwrap().iter().map(|a| a["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["d/a.yaml", "d/sub/b.yaml"]);
}

#[test]
fn jobs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.yaml"), example()).unwrap();
    std::fs::write(d.join("b.yaml"), example()).unwrap();
    for n in ["100000", "0", "257"] {
        let r = run_in(d, &["-j", n, "a.yaml"]);
        assert_eq!(r.code, Some(2), "-j {n}: {}", r.stderr);
        assert!(r.stderr.contains("is not in 1..=256"), "-j {n}: {}", r.stderr);
    }
    let r = run_in(d, &["-q", "-j", "256", "a.yaml", "b.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// Reports of two packs (another version, a chapter removed) are not comparable clause by clause.
#[test]
fn diff_refuses_reports_of_different_packs_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), example()).unwrap();
    let rules = d.join("rules");
    std::fs::create_dir(&rules).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap().flatten() {
        if e.file_name() != "09.2-improvement.yaml" {
            std::fs::copy(e.path(), rules.join(e.file_name())).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(rules.join("pack.yaml")).unwrap();
    let bumped: String = manifest
        .lines()
        .filter(|l| !l.contains("id: \"9.2\""))
        .map(|l| if l.starts_with("version:") { "version: 9.9.9".to_owned() } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(rules.join("pack.yaml"), bumped + "\n").unwrap();
    assert_eq!(run_in(d, &["-q", "-f", "json:old.json", "in.yaml"]).code, Some(0));
    let r = run_in(d, &["-q", "--rules", "rules", "-f", "json:new.json", "in.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    let r = run_in(d, &["diff", "old.json", "new.json"]);
    assert_eq!(r.code, Some(2), "{}", r.stdout);
    assert!(r.stderr.contains("old.json and new.json come from different rule packs (version "), "{}", r.stderr);
    assert!(r.stderr.contains("9.9.9; content_hash sha256:"), "{}", r.stderr);
    assert!(r.stderr.contains("--allow-pack-change"), "{}", r.stderr);

    let r = run_in(d, &["diff", "--lang", "en", "--allow-pack-change", "old.json", "new.json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.starts_with("the rule pack changed:\n  version: "), "{}", r.stdout);
    assert!(r.stdout.contains("9.2.1") && r.stdout.contains("pass → absent"), "{}", r.stdout);
    let r = run_in(d, &["diff", "--format", "json", "--allow-pack-change", "old.json", "new.json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let fields: Vec<&str> =
        v["pack_changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["version", "content_hash"]);
}
