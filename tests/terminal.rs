//! Issue 10, terminal hygiene: no input reaches a terminal or a text, Markdown or CSV report as a
//! control sequence or a bidi override; colour follows --color, NO_COLOR, CLICOLOR_FORCE and
//! TERM=dumb; and the messages about limits, dates and SARIF URIs say what is true.
//!
//! The hostile strings are table-driven: each goes through every report format and every error
//! path, and the output must show it spelt out (`\u{1b}`) and hold no raw hidden character.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use ipps_check::terminal::{escaped, is_hidden};
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

/// Strings a hostile platform file, key, file name or argument can carry.
const HOSTILE: &[(&str, &str)] = &[
    ("clear screen", "a\u{1b}[2J\u{1b}[Hb"),
    ("window title", "\u{1b}]0;pwned\u{7}"),
    ("hyperlink", "\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
    ("carriage return", "ok\rverdict: conformant"),
    ("line feed", "ok\nverdict: conformant"),
    ("nul", "a\0b"),
    ("del and backspace", "a\u{7f}\u{8}\u{8}b"),
    ("c1 csi", "\u{9b}31mred"),
    ("bidi override", "abc\u{202e}fed.yaml"),
    ("bidi isolate", "\u{2067}x\u{2069}\u{200f}"),
];

/// The binary with a clean, colourless environment.
fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").unwrap();
    for var in ["LANG", "LC_ALL", "LC_MESSAGES", "CLICOLOR_FORCE", "CLICOLOR", "TERM", "IPPS_AS_OF"] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// A string as a YAML double-quoted scalar: controls as escapes, bidi characters raw (YAML allows
/// them), so that they also reach the source snippets.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The county pilot with the hostile string as the platform name, as the first service item's name
/// and as the first level of its satisfaction scale: each is echoed by a gap, the last two as the
/// first finding, with a snippet of the line.
fn hostile_platform(dir: &Path, hostile: &str) -> String {
    let pilot = std::fs::read_to_string("examples/county-pilot.yaml").unwrap();
    let q = yaml_quoted(hostile);
    let replaced = pilot
        .replacen("name: 某县知识产权公共服务站", &format!("name: {q}"), 1)
        .replacen("  - name: 专利信息检索", &format!("  - name: {q}"), 1)
        .replacen("scale: [非常满意,", &format!("scale: [{q},"), 1);
    assert_eq!(replaced.matches(q.as_str()).count(), 3, "the pilot changed; update the replacements");
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, replaced).unwrap();
    path.display().to_string()
}

/// Which characters a format may keep as themselves: layout only.
fn layout(c: char, next: Option<char>) -> bool {
    c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
}

/// Fails when a hidden character other than layout is in the output, naming where.
fn assert_nothing_raw(out: &str, what: &str) {
    let chars: Vec<char> = out.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if is_hidden(*c) && !layout(*c, chars.get(i + 1).copied()) {
            let around: String = chars[i.saturating_sub(30)..(i + 30).min(chars.len())].iter().collect();
            panic!("{what}: raw {c:?} in …{around:?}…");
        }
    }
}

/// Fails unless every hidden character of the hostile string shows spelt out. `kept` are the
/// characters the format may turn into layout instead (Markdown makes line breaks spaces, CSV
/// quotes them).
fn assert_spelt_out(out: &str, hostile: &str, kept: &[char], what: &str) {
    for c in hostile.chars().filter(|c| is_hidden(*c) && !kept.contains(c)) {
        let spelling = escaped(c);
        assert!(out.contains(&spelling), "{what}: {c:?} not shown as {spelling}");
    }
}

#[test]
fn hostile_strings_are_made_visible_in_every_format() {
    const FORMATS: [&str; 7] = ["text", "markdown", "csv", "json", "sarif", "junit", "html"];
    let dir = tempfile::tempdir().unwrap();
    for (name, hostile) in HOSTILE {
        let file = hostile_platform(dir.path(), hostile);
        // One run writes every format: text to stdout, the others to files.
        let mut args = vec!["--as-of".to_owned(), AS_OF.into(), "--lang".into(), "en".into()];
        for format in &FORMATS[1..] {
            args.extend(["-f".into(), format!("{format}:{}", dir.path().join(format).display())]);
        }
        let out = ipps().args(&args).args(["-f", "text", &file]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        for format in FORMATS {
            let what = format!("{name} in {format}");
            let report = if format == "text" {
                text(&out.stdout)
            } else {
                std::fs::read_to_string(dir.path().join(format)).unwrap()
            };
            if format == "junit" {
                // quick-junit escapes for XML and drops what XML cannot hold, but passes DEL and
                // bidi controls through (reported on issue 10); what could drive a terminal is gone.
                let driving = |c: &char| c.is_control() && !matches!(c, '\n' | '\t' | '\r' | '\u{7f}');
                assert!(!report.chars().any(|c| driving(&c)), "{what}: raw control");
                continue;
            }
            assert_nothing_raw(&report, &what);
            match format {
                "text" => {
                    assert_spelt_out(&report, hostile, &[], &what);
                    // A forged line would start a line of its own.
                    assert!(!report.lines().any(|l| l.starts_with("verdict: conformant")), "{what}: forged line");
                }
                "markdown" => assert_spelt_out(&report, hostile, &['\n', '\r', '\t'], &what),
                "csv" => assert_spelt_out(&report, hostile, &['\n', '\t'], &what),
                "html" => assert_spelt_out(&report, hostile, &['\n', '\t'], &what),
                "json" => {
                    // JSON escapes in its own syntax, which gives back the exact input.
                    let v: Value = serde_json::from_str(&report).unwrap();
                    assert_eq!(v["assessments"][0]["platform"], *hostile, "{what}");
                }
                _ => {
                    // SARIF too, except that characters XML 1.0 forbids become U+FFFD: SARIF
                    // viewers and converters put its strings into XML (docs/security.md).
                    let v: Value = serde_json::from_str(&report).unwrap();
                    let xml_safe: String = hostile
                        .chars()
                        .map(|c| if c < ' ' && !matches!(c, '\t' | '\n' | '\r') { '\u{FFFD}' } else { c })
                        .collect();
                    assert_eq!(v["runs"][0]["properties"]["platforms"][0]["platform"], xml_safe, "{what}");
                }
            }
        }
    }
}

/// The error paths: each writes the hostile string into a different kind of input, and names
/// what the error must say, so that each case reaches the path it is meant for.
fn error_cases(dir: &Path, hostile: &str) -> Vec<(&'static str, Vec<String>, &'static str)> {
    let q = yaml_quoted(hostile);
    let write = |name: &str, content: String| {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p.display().to_string()
    };
    let key = write("key.yaml", format!("platform:\n  name: x\n  {q}: 1\n"));
    let value = write("value.yaml", format!("platform:\n  name: x\n  level: {q}\n"));
    let waivers = write("waivers.yaml", format!("waivers:\n  - {{clause: {q}, reason: x, approver: y}}\n"));
    let mut cases = vec![
        ("unknown key", vec![key.clone()], "unknown field"),
        ("enum value", vec![value], "which is not one of"),
        (
            "waiver without a reason",
            vec!["--waivers".into(), waivers, "examples/hangzhou.yaml".into()],
            "has no reason",
        ),
    ];
    // Arguments and file names cannot hold NUL, nor a file name a slash.
    if !hostile.contains('\0') {
        cases.push(("rules show", vec!["rules".into(), "show".into(), hostile.into()], "no clause"));
        cases.push(("--as-of", vec!["--as-of".into(), hostile.into(), key], "--as-of takes a date"));
        cases.push((
            "--param",
            vec!["--param".into(), format!("{hostile}=1"), "examples/hangzhou.yaml".into()],
            "unknown rule-pack parameter",
        ));
        if !hostile.contains('/') {
            let named = write(&format!("{hostile}.yaml"), "platform: [\n".into());
            cases.push(("file name", vec![named], "unclosed bracket"));
        }
    }
    cases
}

#[test]
fn hostile_strings_are_made_visible_in_every_error() {
    for (i, (name, hostile)) in HOSTILE.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        for (j, (path, args, says)) in error_cases(dir.path(), hostile).into_iter().enumerate() {
            let what = format!("{name} via {path}");
            // Each case once, with and without colour in turn across the table.
            let color = ["never", "always"][(i + j) % 2];
            // After the arguments: before a subcommand, a flag would make it read as a path.
            let out = ipps().env_remove("NO_COLOR").args(&args).args(["--color", color]).output().unwrap();
            let shown = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}: {shown}");
            // Colour is ours: strip SGR sequences before looking for anything raw.
            let plain = strip_sgr(&shown);
            assert!(plain.contains(says), "{what}: expected {says:?} in {plain}");
            assert_nothing_raw(&plain, &what);
            assert_spelt_out(&plain, hostile, &[], &what);
            assert!(!plain.lines().any(|l| l.starts_with("verdict: conformant")), "{what}: forged line");
            if color == "never" {
                assert!(!shown.contains('\u{1b}'), "{what}: colour under --color never");
            }
        }
    }
}

/// Removes `ESC [ … m` colour sequences, which the tool itself writes when asked for colour.
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        match tail.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(j) if tail[j..].starts_with('m') => rest = &tail[j + 1..],
            _ => {
                // Not colour: keep the ESC so that it is caught.
                out.push('\u{1b}');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_snippet_label_stays_under_its_character_after_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.yaml");
    // The line above the error holds raw bidi characters, which become longer when spelt out.
    std::fs::write(&p, "platform:\n  name: \u{202e}\u{2066}ab\u{2069}\n  levl: 1\n").unwrap();
    let out = ipps().arg(&p).output().unwrap();
    let shown = text(&out.stderr);
    let lines: Vec<&str> = shown.lines().collect();
    let at = lines.iter().position(|l| l.ends_with("levl: 1")).expect("snippet line");
    let column = |l: &str, needle: &str| l.find(needle).map(|i| l[..i].chars().count());
    assert_eq!(column(lines[at + 1], "┬"), column(lines[at], "levl"), "{shown}");
    assert!(shown.contains("name: \\u{202e}\\u{2066}ab\\u{2069}"), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// Colour

/// Counts escape sequences in a text report and in an error, under an environment.
fn escapes(args: &[&str], env: &[(&str, &str)]) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "platform:\n  name: x\n  levl: 1\n").unwrap();
    let run = |target: &str| -> Output {
        let mut cmd = ipps();
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(["--as-of", AS_OF]).args(args).arg(target).output().unwrap()
    };
    let report = run("examples/county-pilot.yaml");
    let error = run(bad.to_str().unwrap());
    assert_eq!(report.status.code(), Some(1));
    assert_eq!(error.status.code(), Some(2));
    (text(&report.stdout).matches('\u{1b}').count(), text(&error.stderr).matches('\u{1b}').count())
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    type Env = &'static [(&'static str, &'static str)];
    // (flag, environment, coloured?) with output to a pipe, not a terminal.
    let cases: &[(&[&str], Env, bool)] = &[
        (&[], &[], false),
        (&[], &[("TERM", "xterm-256color")], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], true),
        (&[], &[("CLICOLOR_FORCE", "0")], false),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&["--color", "always"], &[], true),
        (&["--color", "always"], &[("TERM", "dumb")], true),
        (&["--color", "always"], &[("NO_COLOR", "1")], false),
    ];
    for (args, env, coloured) in cases {
        let (report, error) = escapes(args, env);
        assert_eq!(report > 0, *coloured, "report with {args:?} {env:?}: {report} escapes");
        assert_eq!(error > 0, *coloured, "error with {args:?} {env:?}: {error} escapes");
    }
}

#[test]
fn errors_of_every_command_honour_color() {
    let out = ipps()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["rules", "lint", "--color", "never", "tests/fixtures/bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains('\u{1b}'), "{}", text(&out.stderr));
}

/// Runs the binary on a pseudo-terminal through util-linux's script(1).
fn on_a_terminal(term: &str) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("ipps-check");
    let command = format!("'{}' --as-of {AS_OF} examples/county-pilot.yaml", bin.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", term)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LANG")
        .output()
        .ok()?;
    // BSD script(1) takes other arguments; without a report there is nothing to judge.
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    shown.contains("verdict").then_some(shown)
}

#[test]
fn term_dumb_gets_no_colour_on_a_terminal() {
    let (Some(dumb), Some(xterm)) = (on_a_terminal("dumb"), on_a_terminal("xterm-256color")) else {
        eprintln!("skipped: script(1) is not available to run on a pseudo-terminal");
        return;
    };
    assert!(xterm.contains("\u{1b}["), "a terminal gets colour, so the test can tell: {xterm}");
    assert!(!dumb.contains('\u{1b}'), "TERM=dumb: {} escapes", dumb.matches('\u{1b}').count());
}

// ---------------------------------------------------------------------------------------------
// Accurate messages

fn refused(args: &[&str]) -> String {
    let out = ipps().args(args).output().unwrap();
    let shown = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {shown}");
    shown
}

#[test]
fn limit_messages_name_the_limit_and_what_raises_it() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, content: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p.display().to_string()
    };
    // Many nodes and no alias at all: not an alias bomb, and --max-nodes lets it through.
    let keys: String = (0..300).map(|i| format!("  k{i}: [a, b, c]\n")).collect();
    let big = write("big.yaml", format!("platform:\n  name: x\nextra:\n{keys}"));
    let shown = refused(&["--max-nodes", "1000", &big]);
    assert!(shown.contains("the YAML has more than 1000 nodes (limit: --max-nodes)"), "{shown}");
    assert!(!shown.contains("alias"), "{shown}");
    assert!(refused(&["--max-nodes", "5000", &big]).contains("unknown field `extra`"));

    // Past the parser's own depth, the message names that depth, not the flag's value.
    let deep = write("deep.yaml", format!("platform: {{name: x}}\nx: {}{}\n", "[".repeat(300), "]".repeat(300)));
    let shown = refused(&["--max-depth", "1000", &deep]);
    assert!(
        shown.contains("nests deeper than 255 levels (the parser's own limit, which --max-depth cannot raise)"),
        "{shown}"
    );
    assert!(refused(&[&deep]).contains("nests deeper than 64 levels (limit: --max-depth)"));

    // A rule pack is read with fixed limits: no flag is suggested.
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::copy("rules/pack.yaml", pack.join("pack.yaml")).unwrap();
    let schema = "{not: ".repeat(70) + "{}" + &"}".repeat(70);
    let rule = format!(
        "rules:\n  - id: \"9.9.9\"\n    chapter: \"6.3\"\n    level: 应\n    title: {{zh: 测试, en: test}}\n    \
         text: {{zh: 测试, en: test}}\n    remediation: {{zh: 测试, en: test}}\n    provenance: {{code: I}}\n    \
         check:\n      given: /staffing/full_time\n      schema: {schema}\n"
    );
    std::fs::write(pack.join("deep.yaml"), rule).unwrap();
    let shown = refused(&["rules", "lint", pack.to_str().unwrap()]);
    assert!(
        shown.contains(
            "nests deeper than 64 levels (the fixed limit for rule packs, waivers and config files; no flag changes it)"
        ),
        "{shown}"
    );
    assert!(!shown.contains("--max-depth"), "{shown}");
}

#[test]
fn impossible_dates_are_exit_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let pilot = std::fs::read_to_string("examples/county-pilot.yaml").unwrap();
    for (from, to, field, why) in [
        ("launched: 2026-04-26", "launched: 2026-02-30", "`platform.launched`", "February 2026 has 28 days"),
        (
            "effective: 2026-04-20",
            "effective: 2025-04-31",
            "`governance.policies[0].effective`",
            "April 2025 has 30 days",
        ),
    ] {
        let at = pilot.find(from).unwrap_or_else(|| panic!("the pilot changed: {from}"));
        // Where the value starts: 1-based line, and column in characters.
        let line = pilot[..at].matches('\n').count() + 1;
        let line_start = pilot[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = pilot[line_start..at].chars().count() + from.find(' ').unwrap() + 2;
        let p = dir.path().join("d.yaml");
        std::fs::write(&p, pilot.replacen(from, to, 1)).unwrap();
        let shown = refused(&["--as-of", AS_OF, p.to_str().unwrap()]);
        let value = &to[to.len() - 10..];
        let headline = format!("d.yaml:{line}:{column}: {field} is \"{value}\", which is not a calendar date");
        assert!(shown.contains(&headline), "{headline} in {shown}");
        assert!(shown.contains(why), "{shown}");
    }
}

#[test]
fn a_backslash_in_a_file_name_stays_in_the_sarif_uri() {
    if cfg!(windows) {
        return; // There a backslash separates directories.
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/county-pilot.yaml", dir.path().join("back\\slash.yaml")).unwrap();
    let out =
        ipps().current_dir(dir.path()).args(["--as-of", AS_OF, "-f", "sarif", "back\\slash.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["artifacts"][0]["location"]["uri"], "back%5Cslash.yaml");
    assert_eq!(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "back%5Cslash.yaml");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/vendor/sarif/sarif-schema-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `diff` prints platform names from reports, and `rules list` and `rules show` the titles of a
/// pack: all come from someone's files and are made visible like every other input.
#[test]
fn diff_and_rules_list_make_hidden_characters_visible() {
    let dir = tempfile::tempdir().unwrap();
    let (_, hostile) = HOSTILE[0];
    let file = hostile_platform(dir.path(), hostile);
    let report = dir.path().join("r.json");
    ipps().args(["--as-of", AS_OF, "-f", &format!("json:{}", report.display()), &file]).output().unwrap();
    let out = ipps().args(["diff", report.to_str().unwrap(), report.to_str().unwrap()]).output().unwrap();
    let shown = text(&out.stdout);
    assert!(shown.contains("a\\u{1b}[2J"), "{shown}");
    assert_nothing_raw(&shown, "diff");

    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let p = entry.unwrap().path();
        let mut body = std::fs::read_to_string(&p).unwrap();
        if p.ends_with("04-principles.yaml") {
            // A bidi override too: `rules show` once let it through while escaping ESC.
            let title = format!("{hostile}\u{202E}");
            body = body.replacen("title: {zh: 诚实守信", &format!("title: {{zh: {}", yaml_quoted(&title)), 1);
        }
        std::fs::write(pack.join(p.file_name().unwrap()), body).unwrap();
    }
    let out = ipps().args(["rules", "list", "--rules", pack.to_str().unwrap(), "--lang", "zh"]).output().unwrap();
    let listed = text(&out.stdout);
    assert!(listed.contains("\\u{1b}[2J"), "{listed}");
    assert_nothing_raw(&listed, "rules list");
    let out =
        ipps().args(["rules", "show", "4.1", "--rules", pack.to_str().unwrap(), "--lang", "zh"]).output().unwrap();
    let shown = text(&out.stdout);
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
    assert_nothing_raw(&shown, "rules show");
}
