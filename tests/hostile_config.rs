//! A cloned repository cannot take over the run that checks it (issue 15): the `.ipps-check.yaml`
//! it holds may only name files inside its own project, never inside `.git`, never an executable
//! or a file that is not a report of ours, and no error snippet prints a file from outside it.
//! Each `caseNN` test is the case of that number in the trial's list (docs/security.md); they run
//! the real binary under the memory cap and hang watchdog of `tests/support`.

use std::path::{Path, PathBuf};

mod support;
use support::{Opts, Run, run_with};

const SECRET: &str = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA";

/// A checked-out repository (`repo/`, with `.git/hooks/pre-commit`, a platform file and a
/// config) beside a directory of the machine's own files (`outside/`, holding a secret that
/// would not parse as YAML, so that any read of it would end up in an error snippet).
struct Checkout {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Checkout {
    fn new(config: &str) -> Checkout {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let repo = root.join("repo");
        std::fs::create_dir_all(repo.join(".git/hooks")).unwrap();
        std::fs::create_dir_all(repo.join("reports")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        let hook = repo.join(".git/hooks/pre-commit");
        std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
        set_mode(&hook, 0o755);
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hangzhou.yaml");
        let platform = std::fs::read_to_string(example).unwrap();
        // The trial's platform name: a shell command, should anything ever run the report.
        let hostile = platform.replacen("杭州市知识产权公共服务平台", "$(touch ../pwned)", 1);
        std::fs::write(repo.join("platform.yaml"), hostile).unwrap();
        std::fs::write(root.join("outside/secret.yaml"), format!("{SECRET}\n: [\n")).unwrap();
        std::fs::write(root.join("outside/pack.yaml"), format!("{SECRET}\n: [\n")).unwrap();
        std::fs::write(repo.join(".ipps-check.yaml"), config).unwrap();
        Checkout { _dir: dir, root }
    }

    fn repo(&self) -> PathBuf {
        self.root.join("repo")
    }

    fn outside(&self) -> PathBuf {
        self.root.join("outside")
    }

    /// Runs in the repository, as CI does after checking it out.
    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["-q"];
        all.extend_from_slice(args);
        all.push("platform.yaml");
        run_with(&all, Opts { cwd: Some(&self.repo()), ..Opts::default() })
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Exit 2, the message, no secret in the output, nothing written outside the repository.
fn refused(c: &Checkout, r: &Run, expect: &str) {
    assert_eq!(r.code, Some(2), "stdout {} stderr {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(expect), "expected {expect:?} in {}", r.stderr);
    assert!(!r.stderr.contains("BEGIN OPENSSH") && !r.stdout.contains("BEGIN OPENSSH"), "leaked: {}", r.stderr);
    let outside: Vec<_> = std::fs::read_dir(c.outside()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(outside.len(), 2, "something was written outside the repository: {outside:?}");
    assert!(!c.root.join("pwned").exists());
}

#[test]
fn case01_a_config_cannot_write_a_report_to_an_absolute_path_outside_its_project() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("r.json");
    let c = Checkout::new(&format!("formats: ['json:{}']\n", target.display()));
    let r = c.run(&[]);
    refused(&c, &r, ".ipps-check.yaml:1:11: `formats[0]` leads outside the project");
    assert!(r.stderr.contains("--allow-config-paths-outside"), "{}", r.stderr);
    assert!(!target.exists());
}

#[test]
fn case02_a_config_cannot_write_a_report_through_dotdot() {
    let c = Checkout::new("formats: ['csv:../outside/r.csv']\n");
    let r = c.run(&[]);
    refused(&c, &r, "`formats[0]` leads outside the project");
    let help = r.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("(--format csv:../outside/r.csv)"), "names the way out: {help}");
}

#[test]
fn case03_a_config_cannot_write_into_git_metadata() {
    for config in ["formats: ['committee-csv:.git/hooks/pre-commit']\n", "formats: ['json:.git/new-hook']\n"] {
        let c = Checkout::new(config);
        let hook = c.repo().join(".git/hooks/pre-commit");
        let before = std::fs::read(&hook).unwrap();
        let r = c.run(&[]);
        refused(&c, &r, "leads into version-control metadata (.git)");
        assert_eq!(std::fs::read(&hook).unwrap(), before);
        assert!(!c.repo().join(".git/new-hook").exists());
    }
}

/// The trial: committee-csv over a 0755 hook kept it executable, so the next `git commit` ran the
/// platform name. Whoever names it, an executable is never replaced.
#[test]
fn case04_no_report_ever_replaces_an_executable_file() {
    let c = Checkout::new("formats: ['committee-csv:.git/hooks/pre-commit']\n");
    let hook = c.repo().join(".git/hooks/pre-commit");
    let r = c.run(&["--allow-config-paths-outside"]);
    refused(&c, &r, "is an executable file; a report never replaces one");
    let r = c.run(&["-f", "committee-csv:.git/hooks/pre-commit"]);
    refused(&c, &r, "is an executable file; a report never replaces one");
    let script = c.repo().join("deploy.sh");
    std::fs::write(&script, "#!/bin/sh\n").unwrap();
    set_mode(&script, 0o744);
    let r = c.run(&["-f", "csv:deploy.sh"]);
    refused(&c, &r, "deploy.sh is an executable file");
    assert_eq!((std::fs::read_to_string(&hook).unwrap().as_str(), mode(&hook)), ("#!/bin/sh\nexit 0\n", 0o755));
    assert_eq!(std::fs::read_to_string(&script).unwrap(), "#!/bin/sh\n");
}

/// A shell start-up file outside the repository is out of bounds; one inside it (a dotfiles
/// repository, `.envrc`) is not a report of ours, so the config cannot replace it either.
#[test]
fn case05_a_config_cannot_replace_a_shell_startup_file() {
    let home = tempfile::tempdir().unwrap();
    let bashrc = home.path().join(".bashrc");
    std::fs::write(&bashrc, "export PATH=/usr/bin\n").unwrap();
    let c = Checkout::new(&format!("formats: ['text:{}']\n", bashrc.display()));
    refused(&c, &c.run(&[]), "leads outside the project");
    let c = Checkout::new("formats: ['text:.envrc']\n");
    std::fs::write(c.repo().join(".envrc"), "export PATH=/usr/bin\n").unwrap();
    refused(&c, &c.run(&[]), ".envrc exists and is not a text report written by ipps-check");
    assert_eq!(std::fs::read_to_string(c.repo().join(".envrc")).unwrap(), "export PATH=/usr/bin\n");
    assert_eq!(std::fs::read_to_string(&bashrc).unwrap(), "export PATH=/usr/bin\n");
}

#[test]
fn case06_a_config_cannot_load_rules_from_outside_its_project() {
    let c = Checkout::new("rules: ../outside\n");
    refused(&c, &c.run(&[]), ".ipps-check.yaml:1:8: `rules` leads outside the project");
    // `rules list` and `rules show` read the config's rules too.
    let r = run_with(&["rules", "list"], Opts { cwd: Some(&c.repo()), ..Opts::default() });
    refused(&c, &r, "`rules` leads outside the project");
    // A rules directory inside the project whose rule file links out: the file is refused.
    let c = Checkout::new("rules: rules\n");
    std::fs::create_dir(c.repo().join("rules")).unwrap();
    std::os::unix::fs::symlink(c.outside().join("pack.yaml"), c.repo().join("rules/pack.yaml")).unwrap();
    refused(&c, &c.run(&[]), "`rules` leads outside the project");
}

#[test]
fn case07_a_config_cannot_load_waivers_from_outside_its_project() {
    let c = Checkout::new("waivers: ../outside/secret.yaml\n");
    refused(&c, &c.run(&[]), ".ipps-check.yaml:1:10: `waivers` leads outside the project");
    let c = Checkout::new("waivers: w.yaml\n");
    std::os::unix::fs::symlink(c.outside().join("secret.yaml"), c.repo().join("w.yaml")).unwrap();
    refused(&c, &c.run(&[]), "`waivers` leads outside the project");
}

#[test]
fn case08_a_config_that_is_a_link_out_of_its_project_is_refused_unread() {
    let c = Checkout::new("");
    std::fs::remove_file(c.repo().join(".ipps-check.yaml")).unwrap();
    std::os::unix::fs::symlink(c.outside().join("secret.yaml"), c.repo().join(".ipps-check.yaml")).unwrap();
    let r = c.run(&[]);
    refused(&c, &r, "the config file is a symbolic link leading out of its project");
    assert!(r.stderr.contains("--no-config"), "{}", r.stderr);
    // Named with --config, the same link is refused as well: CI jobs pass --config .ipps-check.yaml.
    let r = c.run(&["--config", ".ipps-check.yaml"]);
    refused(&c, &r, "symbolic link leading out of its project");
    // A link to another file of the same project is an ordinary config.
    std::fs::remove_file(c.repo().join(".ipps-check.yaml")).unwrap();
    std::fs::write(c.repo().join("ci.yaml"), "fail-on: none\n").unwrap();
    std::os::unix::fs::symlink("ci.yaml", c.repo().join(".ipps-check.yaml")).unwrap();
    assert_eq!(c.run(&[]).code, Some(0));
}

/// Whatever the way in — rules, waivers, the config itself, a platform file found in a directory
/// walk — a file outside the project is refused before it is read, so no snippet can show it.
#[test]
fn case09_no_error_snippet_prints_a_file_from_outside_the_project() {
    for config in ["rules: ../outside\n", "waivers: ../outside/secret.yaml\n"] {
        let c = Checkout::new(config);
        let r = c.run(&[]);
        refused(&c, &r, "leads outside the project");
    }
    let c = Checkout::new("");
    std::fs::create_dir(c.repo().join("cities")).unwrap();
    std::os::unix::fs::symlink(c.outside().join("secret.yaml"), c.repo().join("cities/key.yaml")).unwrap();
    std::fs::copy(c.repo().join("platform.yaml"), c.repo().join("cities/a.yaml")).unwrap();
    let r = run_with(&["-q", "cities"], Opts { cwd: Some(&c.repo()), ..Opts::default() });
    assert!(r.stderr.contains("note: skipped cities/key.yaml: a symbolic link leading out of cities"), "{}", r.stderr);
    assert!(!r.stderr.contains("BEGIN OPENSSH"), "{}", r.stderr);
    // Named on the command line, the user chose it: it is read (and its error shown).
    let r = run_with(&["-q", "cities/key.yaml"], Opts { cwd: Some(&c.repo()), ..Opts::default() });
    assert_eq!(r.code, Some(2));
}

#[test]
fn case10_a_config_cannot_make_the_run_read_proc_self_environ() {
    let c = Checkout::new("waivers: /proc/self/environ\n");
    let r = run_with(
        &["-q", "platform.yaml"],
        Opts { cwd: Some(&c.repo()), env: vec![("CLOUD_TOKEN", "tok-7c1e9f")], ..Opts::default() },
    );
    refused(&c, &r, "`waivers` leads outside the project");
    assert!(!r.stderr.contains("tok-7c1e9f"), "{}", r.stderr);
}

#[test]
fn case25_a_fifo_given_as_config_is_an_error_not_a_hang() {
    let c = Checkout::new("");
    let fifo = c.repo().join("cfg.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let r = c.run(&["--config", "cfg.fifo"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("cfg.fifo: cannot read: nothing arrived for 30 s"), "{}", r.stderr);
}

#[test]
fn case29_dev_zero_given_as_config_stops_at_the_cap() {
    let c = Checkout::new("");
    let r = c.run(&["--config", "/dev/zero"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("over the limit of 1048576 bytes (a fixed limit for config files)"), "{}", r.stderr);
}

#[test]
fn case30_ipps_check_config_naming_dev_zero_stops_at_the_cap() {
    let c = Checkout::new("");
    let r = run_with(
        &["-q", "platform.yaml"],
        Opts { cwd: Some(&c.repo()), env: vec![("IPPS_CHECK_CONFIG", "/dev/zero")], ..Opts::default() },
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero: more than 1048576 bytes arrived"), "{}", r.stderr);
    assert!(r.stderr.contains("IPPS_CHECK_CONFIG names this file"), "{}", r.stderr);
}

/// A config may write and rewrite its own reports, of every format, inside its project; a
/// report path given on the command line, or the opt-in flag, lets a run write elsewhere.
#[test]
fn reports_of_every_format_are_recognised_and_the_ways_out_work() {
    let formats = [
        "text",
        "json",
        "sarif",
        "junit",
        "markdown",
        "html",
        "csv",
        "committee-csv",
        "gitlab",
        "docx",
        "xlsx",
        "committee-docx",
    ];
    let list: Vec<String> = formats.iter().map(|f| format!("'{f}:reports/r.{f}'")).collect();
    let c = Checkout::new(&format!("fail-on: none\nformats: [{}]\n", list.join(", ")));
    for round in ["written", "rewritten"] {
        let r = c.run(&[]);
        assert_eq!(r.code, Some(0), "{round}: {}", r.stderr);
    }
    for f in formats {
        let path = c.repo().join(format!("reports/r.{f}"));
        assert!(std::fs::metadata(&path).unwrap().len() > 100, "{f}");
        assert_eq!(mode(&path) & 0o111, 0, "{f}: a report is never executable");
    }
    // The ways out: the command line names the path, or the flag allows the config's.
    let outside = c.outside().join("r.json");
    let spec = format!("json:{}", outside.display());
    assert_eq!(c.run(&["-f", &spec, "--fail-on", "none"]).code, Some(0));
    std::fs::remove_file(&outside).unwrap();
    std::fs::write(c.repo().join(".ipps-check.yaml"), format!("fail-on: none\nformats: ['{spec}']\n")).unwrap();
    assert_eq!(c.run(&[]).code, Some(2));
    assert_eq!(c.run(&["--allow-config-paths-outside"]).code, Some(0));
    assert!(outside.exists());
}

/// A Word or Excel file is a zip: ours says so in its document properties. A config may replace
/// such a report, also one in a directory of per-platform documents (`docx:reports/`), but not a
/// workbook or document someone else wrote under the same name.
#[test]
fn office_reports_named_by_a_config_replace_only_their_own_kind() {
    let c =
        Checkout::new("fail-on: none\nformats: ['docx:reports/r.docx', 'xlsx:reports/r.xlsx', 'docx:per-platform/']\n");
    assert_eq!(c.run(&[]).code, Some(0), "written");
    let ours = c.repo().join("per-platform/platform.docx");
    assert!(ours.exists());
    assert_eq!(c.run(&[]).code, Some(0), "rewritten");
    // Someone else's files under those names: a zip of another application, and a docx in the
    // directory that the run would replace.
    let foreign = |path: &std::path::Path| {
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        z.start_file("docProps/app.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, b"<Properties><Application>Microsoft Office Word</Application></Properties>")
            .unwrap();
        z.finish().unwrap();
        std::fs::read(path).unwrap()
    };
    for (path, spec) in [
        (c.repo().join("reports/r.docx"), "docx:reports/r.docx"),
        (c.repo().join("reports/r.xlsx"), "xlsx:reports/r.xlsx"),
        (ours.clone(), "docx:per-platform/"),
    ] {
        std::fs::write(c.repo().join(".ipps-check.yaml"), format!("fail-on: none\nformats: ['{spec}']\n")).unwrap();
        let before = foreign(&path);
        let r = c.run(&[]);
        assert_eq!(r.code, Some(2), "{spec}: {}", r.stderr);
        assert!(r.stderr.contains("is not a") && r.stderr.contains("written by ipps-check"), "{spec}: {}", r.stderr);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{spec}: left as it was");
        // The person at the command line may replace it.
        assert_eq!(c.run(&["-f", spec]).code, Some(0), "{spec} from the command line");
    }
}

/// A worktree or submodule has a `.git` file, not a directory: it still marks the project root,
/// so the config of a submodule cannot reach into the superproject.
#[test]
fn a_git_file_marks_the_project_root_too() {
    let c = Checkout::new("");
    let sub = c.repo().join("vendor/sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join(".git"), "gitdir: ../../.git/modules/sub\n").unwrap();
    std::fs::copy(c.repo().join("platform.yaml"), sub.join("platform.yaml")).unwrap();
    std::fs::write(sub.join(".ipps-check.yaml"), "waivers: ../../w.yaml\n").unwrap();
    std::fs::write(c.repo().join("w.yaml"), "waivers: []\n").unwrap();
    let r = run_with(&["-q", "platform.yaml"], Opts { cwd: Some(&sub), ..Opts::default() });
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("`waivers` leads outside the project"), "{}", r.stderr);
}
