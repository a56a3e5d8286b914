//! Hostile and odd inputs: every one ends in a result or a located error (exit 2), never a panic,
//! a hang or unbounded memory. Generated files are written to a temporary directory.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod support;
use support::{Opts, Run, run_with};

/// Runs the binary under the memory cap and the hang watchdog.
fn run(args: &[&str]) -> Run {
    run_with(args, Opts::default())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn refused(args: &[&str], expect: &str) {
    let r = run(args);
    assert_eq!(r.code, Some(2), "{args:?}: stdout {} stderr {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(expect), "{args:?}: expected {expect:?} in {}", r.stderr);
}

#[test]
fn the_file_size_cap_is_named_and_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("platform:\n  name: x\n# {}\n", "x".repeat(9 * 1024 * 1024));
    let p = write(dir.path(), "big.yaml", big.as_bytes());
    refused(&["--as-of", "2026-11-25", &p], "over the limit of 8388608 bytes (raise it with --max-file-size)");
    let r = run(&["--as-of", "2026-11-25", "--max-file-size", "20000000", &p]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
}

#[test]
fn deep_nesting_is_refused_in_block_and_flow_style() {
    let dir = tempfile::tempdir().unwrap();
    let block = write(dir.path(), "block.yaml", ("- ".repeat(100_000) + "x").as_bytes());
    refused(&[&block], "nests deeper than 64 levels (limit: --max-depth)");
    let flow = write(
        dir.path(),
        "flow.yaml",
        format!("platform: {{name: x}}\nx: {}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
    );
    refused(&[&flow], "nests deeper than 64 levels (limit: --max-depth)");
    let mapping: String = (0..200).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
    let mapping = write(dir.path(), "mapping.yaml", mapping.as_bytes());
    refused(&[&mapping], "--max-depth");
}

#[test]
fn an_alias_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("platform: {name: x}\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let p = write(dir.path(), "laughs.yaml", s.as_bytes());
    refused(&[&p], "alias bomb does (limit: --max-nodes)");
    let many = format!("platform: {{name: x}}\na: &a [x]\nb: [{}]\n", vec!["*a"; 2_000].join(","));
    let p = write(dir.path(), "aliases.yaml", many.as_bytes());
    refused(&[&p], "more than 1000 alias references (limit: --max-aliases)");
}

#[test]
fn the_list_length_cap_is_named_and_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let items: String = (0..10_001).map(|i| format!("  - name: 事项{i}\n")).collect();
    let p = write(dir.path(), "long.yaml", format!("platform:\n  name: x\nservice_items:\n{items}").as_bytes());
    refused(
        &["--as-of", "2026-11-25", &p],
        "long.yaml:4:3: a list of 10001 items, over the limit of 10000 (limit: --max-list-items)",
    );
    let r = run(&["--as-of", "2026-11-25", "--max-list-items", "20000", &p]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
}

#[test]
fn bom_crlf_and_cjk_keep_positions_right() {
    let dir = tempfile::tempdir().unwrap();
    let bom = write(dir.path(), "bom.yaml", b"\xEF\xBB\xBFplatform:\n  name: x\n  levl: district\n");
    refused(&[&bom], "bom.yaml:3:3: unknown field `levl`");
    let crlf = write(dir.path(), "crlf.yaml", b"platform:\r\n  name: x\r\nstaffing:\r\n  full_time: many\r\n");
    refused(&[&crlf], "crlf.yaml:4:14: `staffing.full_time` must be an integer");
    let cjk =
        write(dir.path(), "cjk.yaml", "platform:\n  name: 平台🚀\nstaffing: {全职: 3, full_time: 十二}\n".as_bytes());
    refused(&[&cjk], "cjk.yaml:3:12: unknown field `全职`");
    refused(&[&cjk], "cjk.yaml:3:30: `staffing.full_time` must be an integer, found \"十二\"");
    let emoji = write(dir.path(), "emoji.yaml", "platform:\n  name: 🚀知识产权🚀平台\n".as_bytes());
    let r = run(&["--as-of", "2026-11-25", "--format", "json", &emoji]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("🚀知识产权🚀平台"));
}

#[test]
fn tabs_and_odd_shapes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let tab = write(dir.path(), "tab.yaml", b"platform:\n\tname: x\n");
    refused(&[&tab], "tab.yaml:2:");
    let docs = write(dir.path(), "docs.yaml", b"platform: {name: a}\n---\nplatform: {name: b}\n");
    refused(&[&docs], "docs.yaml:3:1: the file holds several YAML documents");
    let scalar = write(dir.path(), "scalar.yaml", b"just text\n");
    refused(&[&scalar], "scalar.yaml:1:1: the platform description must be a mapping");
    let list = write(dir.path(), "list.yaml", b"- platform: {name: a}\n");
    refused(&[&list], "list.yaml:1:1: the platform description must be a mapping");
}

#[test]
fn other_encodings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("platform:\n  name: x\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let p = write(dir.path(), "utf16.yaml", &utf16);
    refused(&[&p], "utf16.yaml:1:1: the file is UTF-16 encoded; save it as UTF-8");
    // 测试平台 in GB18030.
    let p = write(dir.path(), "gb.yaml", b"platform:\n  name: \xB2\xE2\xCA\xD4\xC6\xBD\xCC\xA8\n");
    refused(&[&p], "gb.yaml:2:9: the file is not valid UTF-8 (it looks like GB18030/GBK");
}

#[test]
fn unreadable_paths_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    refused(&[dir.path().to_str().unwrap()], "the directory holds no .yaml or .yml file");
    refused(&["examples/hangzhou.yaml/inside.yaml"], "examples/hangzhou.yaml/inside.yaml: cannot read");
    refused(&["/nonexistent/platform.yaml"], "cannot read: no such file or directory");
}

#[test]
fn remote_references_in_rules_are_refused_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("rules/pack.yaml", dir.path().join("pack.yaml")).unwrap();
    let rule = r#"rules:
  - id: "9.9.9"
    chapter: "6.3"
    level: 应
    title: {zh: 测试, en: test}
    text: {zh: 测试, en: test}
    remediation: {zh: 测试, en: test}
    provenance: {code: I}
    check:
      given: /staffing/full_time
      schema: {$ref: "http://127.0.0.1:9/schema.json"}
    examples:
      pass: [{staffing: {full_time: 3}}]
      fail: [{staffing: {full_time: 0}}]
"#;
    std::fs::write(dir.path().join("remote.yaml"), rule).unwrap();
    refused(&["rules", "lint", dir.path().to_str().unwrap()], "remote.yaml:11:7: invalid JSON Schema");
}

#[test]
fn an_interrupted_run_leaves_the_previous_report_intact() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::write(&target, "previous").unwrap();
    // A batch large enough that the run is still going when it is killed.
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    for i in 0..40 {
        std::fs::copy("examples/hangzhou.yaml", batch.join(format!("p{i:02}.yaml"))).unwrap();
    }
    for delay_ms in [0u64, 50, 200, 800] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ipps-check"))
            .args(["--as-of", "2026-11-25", "--format"])
            .arg(format!("json:{}", target.display()))
            .arg(&batch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let content = std::fs::read_to_string(&target).unwrap();
        // Either the old report or a complete new one: never a truncated file.
        if content != "previous" {
            let v: serde_json::Value = serde_json::from_str(&content).expect("a replaced report is complete JSON");
            assert_eq!(v["assessments"].as_array().unwrap().len(), 40);
        }
    }
}

/// One huge value repeated by every report (a platform name of megabytes) is cut to a bounded
/// length with its full length, so no format fans it out into gigabytes.
#[test]
fn a_huge_echoed_value_is_cut_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let name = "名".repeat(800_000);
    let text = format!(
        "format_version: 2\nplatform:\n  name: {name}\nservice_items:\n  - name: {name}\n    code: {name}\n    type: public\n"
    );
    let p = write(dir.path(), "huge.yaml", text.as_bytes());
    for format in ["text", "json", "sarif", "junit", "markdown", "html", "csv"] {
        let out = dir.path().join(format!("report.{format}"));
        let spec = format!("{format}:{}", out.display());
        let r = run(&["--as-of", "2026-11-25", "-f", &spec, &p]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        let size = std::fs::metadata(&out).unwrap().len();
        // Three copies of a 3 MB value would already be 9 MB; the report holds cut copies only.
        assert!(size < 1_500_000, "{format} report is {size} bytes");
        let report = std::fs::read_to_string(&out).unwrap();
        assert!(report.contains("(800000 chars)"), "{format} names the full length");
    }
}

fn example_named(name: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hangzhou.yaml")).unwrap();
    text.replacen("  name: 杭州市知识产权公共服务平台\n", &format!("  name: {name}\n"), 1)
}

/// Issue 15, case 36: a platform name made of U+FFFE/U+FFFF (and C0 controls, which a YAML escape
/// can carry) made the JUnit and HTML reports invalid XML. Each report is parsed strictly, and
/// the SARIF log's strings hold only what XML allows too.
#[test]
fn case36_characters_xml_forbids_cannot_make_a_report_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let name = "\"平台\\uFFFE\\uFFFF\\u0001\\b\\f名\"";
    let p = write(dir.path(), "p.yaml", example_named(name).as_bytes());
    let (junit, html, sarif) = (dir.path().join("r.xml"), dir.path().join("r.html"), dir.path().join("r.sarif"));
    let (docx, xlsx) = (dir.path().join("r.docx"), dir.path().join("r.xlsx"));
    let spec = |f: &str, p: &Path| format!("{f}:{}", p.display());
    let r = run(&[
        "-q",
        "--as-of",
        "2026-11-25",
        "-f",
        &spec("junit", &junit),
        "-f",
        &spec("html", &html),
        "-f",
        &spec("sarif", &sarif),
        "-f",
        &spec("docx", &docx),
        "-f",
        &spec("xlsx", &xlsx),
        &p,
    ]);
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    // Word and Excel files are zips of XML parts: every part must parse.
    for path in [&docx, &xlsx] {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut part, &mut text).unwrap();
                let doc = roxmltree::Document::parse(&text);
                assert!(doc.is_ok(), "{} {name}: {:?}", path.display(), doc.err());
            }
        }
    }
    for path in [&junit, &html] {
        let text = std::fs::read_to_string(path).unwrap();
        let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let doc = roxmltree::Document::parse_with_options(&text, opts);
        assert!(doc.is_ok(), "{}: {:?}", path.display(), doc.err());
        assert!(!text.contains(['\u{fffe}', '\u{ffff}']), "{}", path.display());
    }
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let mut strings = Vec::new();
    fn collect<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&log, &mut strings);
    let forbidden =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    assert!(strings.iter().all(|s| !s.contains(forbidden)), "a SARIF string holds a character XML forbids");
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(junit.contains("value=\"平台\u{fffd}\u{fffd}"), "the name is kept, marked where it was changed");
}

/// Issue 15, case 40: a file name of invalid UTF-8 lost its bytes in the SARIF URI (each became
/// U+FFFD, percent-encoded as EF BF BD); the URI now percent-encodes the bytes themselves.
#[test]
fn case40_a_sarif_uri_keeps_the_bytes_of_a_file_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"p\xff\xfe.yaml");
    std::fs::write(dir.path().join(name), example_named("平台")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ipps-check"))
        .args(["-q", "--as-of", "2026-11-25", "-f", "sarif"])
        .arg(name)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uri = &log["runs"][0]["artifacts"][0]["location"]["uri"];
    assert_eq!(uri, "p%FF%FE.yaml", "{}", String::from_utf8_lossy(&out.stderr));
    let first = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(first, "p%FF%FE.yaml");
}

/// Issue 15, case 41: `--param min_site_area_m2=-1` was accepted. Every numeric parameter has a
/// range in rules/pack.yaml; the flag and a config's `params` are held to it, with the range in
/// the message.
#[test]
fn case41_a_parameter_out_of_its_declared_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.yaml", example_named("平台").as_bytes());
    refused(&["--param", "min_site_area_m2=-1", &p], "`min_site_area_m2` takes a number from 0 upward (m²), got -1");
    refused(
        &["--param", "min_availability_pct=150", &p],
        "`min_availability_pct` takes a number from 0 to 100 (%), got 150",
    );
    refused(&["--param", "min_mlps_level=2.5", &p], "`min_mlps_level` takes a whole number from 1 to 5, got 2.5");
    let config = write(dir.path(), "c.yaml", b"params:\n  min_drills_last_12m: -3\n");
    refused(
        &["--config", &config, &p],
        "c.yaml:2:3: params: `min_drills_last_12m` takes a whole number from 0 upward, got -3",
    );
    let r = run(&["-q", "--as-of", "2026-11-25", "--param", "min_site_area_m2=80", &p]);
    assert!(matches!(r.code, Some(0 | 1)), "a value in range is taken: {}", r.stderr);
    // Every numeric parameter of the built-in pack declares its range (rules lint holds packs to it).
    let r = run(&["rules", "lint", &format!("{}/rules", env!("CARGO_MANIFEST_DIR"))]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}
