//! What a user sees, on the real binary: findings that say values, the formats for people and CI
//! (concise, github, gitlab), the text report at a terminal's width, waivers shown, the baseline,
//! and the command line's friction points.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    cmd.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("IPPS_CHECK_CONFIG");
    cmd.env("NO_COLOR", "1").env("TZ", "Asia/Shanghai").env_remove("COLUMNS");
    cmd
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name).display().to_string()
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The expectations of a clause's findings.
fn expected(report: &Value, clause: &str) -> Vec<String> {
    let clauses = report["assessments"][0]["clauses"].as_array().unwrap();
    let c = clauses.iter().find(|c| c["id"] == clause).unwrap();
    c["findings"].as_array().unwrap().iter().map(|f| f["expected"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn findings_say_the_value_unit_and_parameter_and_follow_overrides() {
    let county = example("county-pilot.yaml");
    let json = |lang: &str, extra: &[&str]| -> Value {
        let mut cmd = ipps();
        cmd.args(["--as-of", AS_OF, "-f", "json", "--lang", lang]).args(extra).arg(&county);
        serde_json::from_str(&stdout(&mut cmd)).unwrap()
    };
    let (zh, en) = (json("zh", &[]), json("en", &[]));
    let cases = [
        (
            "6.5.15",
            "档案保存年限不少于 10 年（参数 min_records_retention_years）",
            "records are kept at least 10 years (parameter min_records_retention_years)",
        ),
        ("6.3.2", "≥ 2 人（参数 min_full_time_staff）", "≥ 2 people (parameter min_full_time_staff)"),
        ("6.4.2", "area_m2 ≥ 100 m²（参数 min_site_area_m2）", "area_m2 ≥ 100 m² (parameter min_site_area_m2)"),
    ];
    for (clause, z, e) in cases {
        assert!(expected(&zh, clause).contains(&z.to_owned()), "{clause}: {:?}", expected(&zh, clause));
        assert!(expected(&en, clause).contains(&e.to_owned()), "{clause}: {:?}", expected(&en, clause));
    }
    let fixed = json("zh", &["--param", "min_records_retention_years=15", "--param", "min_site_area_m2=120"]);
    assert!(
        expected(&fixed, "6.5.15").contains(&"档案保存年限不少于 15 年（参数 min_records_retention_years）".to_owned())
    );
    assert!(expected(&fixed, "6.4.2").contains(&"area_m2 ≥ 120 m²（参数 min_site_area_m2）".to_owned()));
    let remediation = |r: &Value, id: &str| {
        let clauses = r["assessments"][0]["clauses"].as_array().unwrap();
        clauses.iter().find(|c| c["id"] == id).unwrap()["remediation"]["zh"].as_str().unwrap().to_owned()
    };
    assert!(
        remediation(&fixed, "6.4.2").contains("不小于 120 m²（参数 min_site_area_m2）"),
        "{}",
        remediation(&fixed, "6.4.2")
    );
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"sha256:[0-9a-f]{64}", "sha256:[hash]");
    s.add_filter(r"ipps-check \d+\.\d+\.\d+", "ipps-check [version]");
    s.add_filter(&regex_escape(env!("CARGO_MANIFEST_DIR")), "[repo]");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn regex_escape(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("\\{c}") }).collect()
}

/// `ipps-check ARGS` from the repository, so file names in reports are `examples/…`.
fn run(args: &[&str]) -> String {
    let mut cmd = ipps();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(["--as-of", AS_OF]).args(args);
    stdout(&mut cmd)
}

/// A line wider than the report may only be so because of a word that cannot break.
fn fits(text: &str, width: usize) -> Result<(), String> {
    for line in text.lines() {
        let w = unicode_width::UnicodeWidthStr::width(line);
        let longest = line.split_whitespace().map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0);
        if w > width && longest + 8 <= width {
            return Err(format!("{w} columns: {line}"));
        }
    }
    Ok(())
}

#[test]
fn the_text_report_fits_the_width_it_is_given() {
    let template = stdout(ipps().arg("init"));
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, template).unwrap();
    let empty = empty.display().to_string();
    for file in ["examples/hangzhou.yaml", "examples/county-pilot.yaml", "examples/yinchuan.yaml", empty.as_str()] {
        for lang in ["en", "zh"] {
            for width in [80usize, 200] {
                let mut cmd = ipps();
                cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("COLUMNS", width.to_string());
                let text = stdout(cmd.args(["--as-of", AS_OF, "--lang", lang, file]));
                fits(&text, width).unwrap_or_else(|e| panic!("{file} {lang} at {width}: {e}"));
                assert!(!text.contains("clause points = weight"), "the formula is behind --explain");
            }
        }
    }
    // The whole story is still there on request.
    let all = run(&["--lang", "en", "--show", "all", "--explain", "examples/county-pilot.yaml"]);
    let short = run(&["--lang", "en", "examples/county-pilot.yaml"]);
    assert!(all.contains("clause points = weight × share met"));
    assert!(all.lines().count() > 3 * short.lines().count(), "{} vs {}", all.lines().count(), short.lines().count());
    assert!(short.contains("more gaps, by chapter (--show all shows them in full"));
}

#[test]
fn text_at_80_columns() {
    settings().bind(|| {
        for lang in ["en", "zh"] {
            let mut cmd = ipps();
            cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("COLUMNS", "80");
            let text = stdout(cmd.args(["--as-of", AS_OF, "--lang", lang, "examples/shenzhen-futian.yaml"]));
            insta::assert_snapshot!(format!("text_80_{lang}_shenzhen-futian"), text);
        }
    });
}

#[test]
fn concise_is_one_line_per_gap_in_file_order() {
    let json: Value = serde_json::from_str(&run(&["-f", "json", "examples/shenzhen-futian.yaml"])).unwrap();
    let gaps = json["assessments"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| ["fail", "partial", "error"].contains(&c["status"].as_str().unwrap()))
        .count();
    let concise = run(&["-f", "concise", "--lang", "en", "examples/shenzhen-futian.yaml"]);
    assert_eq!(concise.lines().count(), gaps);
    let re = regex::Regex::new(
        r"^examples/shenzhen-futian\.yaml(:\d+:\d+)?: [0-9A-E][0-9.a-z]* (shall|shall-not|should|should-not|may) .+$",
    )
    .unwrap();
    for line in concise.lines() {
        assert!(re.is_match(line), "{line}");
    }
    let lines: Vec<usize> = concise.lines().filter_map(|l| l.split(':').nth(1)?.parse().ok()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "in file order: {lines:?}");
    settings().bind(|| {
        insta::assert_snapshot!("concise_en_shenzhen-futian", concise);
        insta::assert_snapshot!(
            "concise_zh_shenzhen-futian",
            run(&["-f", "concise", "--lang", "zh", "examples/shenzhen-futian.yaml"])
        );
    });
}

#[test]
fn quiet_prints_the_verdict_line() {
    let out = run(&["-q", "--lang", "en", "examples/hangzhou.yaml", "examples/shenzhen-futian.yaml"]);
    assert_eq!(
        out,
        "examples/hangzhou.yaml: conformant (score 99.98, grade excellent); gate passed\n\
         examples/shenzhen-futian.yaml: largely conformant (score 95.25, grade excellent); gate failed\n"
    );
    assert_eq!(
        run(&["-q", "--lang", "zh", "examples/hangzhou.yaml"]),
        "examples/hangzhou.yaml：符合（总分 99.98，等级 优秀）；门禁通过\n"
    );
    // With a format asked for, -q prints only that.
    let json = run(&["-q", "-f", "json", "examples/hangzhou.yaml"]);
    assert!(json.starts_with('{'), "{json}");
}

/// The GitHub workflow-command syntax and escaping of the Actions toolkit
/// (github.com/actions/toolkit, packages/core/src/command.ts): `::kind k=v,k=v::message`, the
/// message with `%`, CR and LF escaped, the properties also with `:` and `,`.
#[test]
fn github_annotations_are_workflow_commands_that_input_cannot_break() {
    let out = run(&["-f", "github", "--lang", "en", "examples/shenzhen-futian.yaml"]);
    let re =
        regex::Regex::new(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^:,]*::[^\r\n]*$").unwrap();
    for line in out.lines() {
        assert!(re.is_match(line), "{line}");
    }
    assert!(
        out.contains(
            "::error file=examples/shenzhen-futian.yaml,line=132,col=20,title=6.5.7 [应 shall] MLPS assessment::"
        ),
        "{out}"
    );
    settings().bind(|| insta::assert_snapshot!("github_en_shenzhen-futian", out));

    // A hostile name: a comma, a colon, a line break and a `%0A` in the file name and the text.
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%0A.yaml";
    let text = std::fs::read_to_string(example("shenzhen-futian.yaml")).unwrap();
    let text = text.replacen("- name: 专利信息检索", "- name: \"专利\\r\\n::error::forged,%0A\"", 1);
    std::fs::write(dir.path().join(name), text).unwrap();
    let mut cmd = ipps();
    let out = stdout(cmd.current_dir(dir.path()).args(["--as-of", AS_OF, "-f", "github", name]));
    assert!(out.lines().all(|l| l.starts_with("::")), "a line that is not a command: {out}");
    assert!(out.contains("file=a%2Cb%3Ac%250A.yaml,"), "{out}");
    assert!(out.contains("forged"), "the hostile name is in an annotation: {out}");
    // The CR LF are spelt out and `%` escaped: the forged command stays inside the annotation.
    assert!(out.contains("专利\\r\\n::error::forged,%250A"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("::error::forged")), "{out}");
}

/// The Code Quality format as GitLab describes it
/// (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): an array of issues,
/// each with a description, a check name, a fingerprint, a severity of five, and a location with
/// a path and a first line.
const CODE_QUALITY_SCHEMA: &str = r#"{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
      "description": {"type": "string", "minLength": 1},
      "check_name": {"type": "string", "minLength": 1},
      "fingerprint": {"type": "string", "minLength": 1},
      "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
      "location": {
        "type": "object",
        "required": ["path", "lines"],
        "properties": {
          "path": {"type": "string", "minLength": 1},
          "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}}
        }
      }
    }
  }
}"#;

#[test]
fn gitlab_code_quality_is_valid_and_its_fingerprints_survive_moved_lines() {
    let schema: Value = serde_json::from_str(CODE_QUALITY_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let report = |args: &[&str]| -> Value { serde_json::from_str(&run(args)).unwrap() };
    let one = report(&["-f", "gitlab", "examples/shenzhen-futian.yaml"]);
    let batch = report(&["-f", "gitlab", "examples/"]);
    for r in [&one, &batch] {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let prints = |r: &Value| -> Vec<String> {
        r.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap().to_owned()).collect()
    };
    let all = prints(&batch);
    let unique: std::collections::BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "fingerprints are unique across a batch");
    assert_eq!(prints(&one), prints(&report(&["-f", "gitlab", "examples/shenzhen-futian.yaml"])), "stable across runs");
    // Ten comment lines above everything move every gap down; no fingerprint changes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("examples")).unwrap();
    let text = std::fs::read_to_string(example("shenzhen-futian.yaml")).unwrap();
    std::fs::write(dir.path().join("examples/shenzhen-futian.yaml"), format!("{}{text}", "# moved\n".repeat(10)))
        .unwrap();
    let mut cmd = ipps();
    let moved: Value = serde_json::from_str(&stdout(cmd.current_dir(dir.path()).args([
        "--as-of",
        AS_OF,
        "-f",
        "gitlab",
        "examples/shenzhen-futian.yaml",
    ])))
    .unwrap();
    assert_eq!(prints(&moved), prints(&one));
    let line = |r: &Value| r[0]["location"]["lines"]["begin"].as_u64().unwrap();
    assert_eq!(line(&moved), line(&one) + 10);
    settings().bind(|| {
        insta::assert_snapshot!("gitlab_shenzhen-futian", run(&["-f", "gitlab", "examples/shenzhen-futian.yaml"]))
    });
}

#[test]
fn waivers_are_shown_with_reason_approver_expiry_and_days_left() {
    let args = |format: &str, lang: &str| {
        vec![
            "--waivers".to_owned(),
            "tests/fixtures/waivers/valid.yaml".to_owned(),
            "-f".to_owned(),
            format.to_owned(),
            "--lang".to_owned(),
            lang.to_owned(),
            "examples/shenzhen-futian.yaml".to_owned(),
        ]
    };
    let show = |format: &str, lang: &str| {
        let a = args(format, lang);
        run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let text = show("text", "en");
    for part in [
        "Waivers (2):",
        "! [宜 should] 6.4.8 Noise",
        "approved by 福田区市场",
        "until 2027-06-30 (217 days left as of 2026-11-25)",
        "✗ [宜 should] 6.3.7",
        "expired on\n      2026-01-31 (298 days ago); counts as not met",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
    let markdown = show("markdown", "zh");
    assert!(markdown.contains("有效期至 2027-06-30（自 2026-11-25 起剩余 217 天）"), "{markdown}");
    let html = show("html", "en");
    assert!(html.contains("<ul class=\"waivers\"><li class=\"expired\"><b>6.3.7</b>"), "waivers in the HTML");
    let json: Value = serde_json::from_str(&show("json", "en")).unwrap();
    let clauses = json["assessments"][0]["clauses"].as_array().unwrap();
    let waiver = |id: &str| clauses.iter().find(|c| c["id"] == id).unwrap()["waiver"].clone();
    assert_eq!(waiver("6.4.8")["days_left"], 217);
    assert_eq!(waiver("6.3.7")["expired"], true);
    let section = |s: &str, start: &str, end: &str| {
        let from = s.find(start).unwrap_or_else(|| panic!("{start} in {s}"));
        s[from..].split(end).next().unwrap().to_owned()
    };
    settings().bind(|| {
        insta::assert_snapshot!("waivers_text_zh", section(&show("text", "zh"), "豁免 (2):", "┌"));
        insta::assert_snapshot!("waivers_markdown_zh", section(&markdown, "## 豁免", "\n| "));
        insta::assert_snapshot!("waivers_html_en", section(&html, "<h3>Waivers", "</ul>"));
    });
}

#[test]
fn a_requirement_that_cannot_be_waived_gets_a_hint_the_policy_allows() {
    let dir = tempfile::tempdir().unwrap();
    let hint = |clause: &str| {
        let file = dir.path().join(format!("w{clause}.yaml"));
        std::fs::write(&file, format!("waivers:\n  - {{clause: \"{clause}\", reason: 排期原因, approver: 负责人}}\n"))
            .unwrap();
        let out = ipps()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--as-of", AS_OF, "--waivers"])
            .arg(&file)
            .arg("examples/hangzhou.yaml")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    // 6.5.7 is a 应 clause of a core chapter, 6.1.1 a veto item: neither can be declared not applicable.
    for clause in ["6.5.7", "6.1.1"] {
        let e = hint(clause);
        assert!(!e.contains("declare it under not_applicable"), "{e}");
        assert!(e.contains("can be neither waived nor declared not applicable: it must be met"), "{e}");
    }
    // 8.2.1 is a 应 clause outside the core chapters: a reasoned declaration is the way.
    let e = hint("8.2.1");
    assert!(e.contains("declare it under not_applicable in the platform file with a reason"), "{e}");
}

#[test]
fn the_waivers_doc_holds_the_current_schema() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/waivers.md")).unwrap();
    let block = doc.split("```json\n").nth(1).and_then(|b| b.split("```").next()).expect("a json block");
    let documented: Value = serde_json::from_str(block).unwrap();
    let printed: Value = serde_json::from_str(&stdout(ipps().args(["schema", "waivers"]))).unwrap();
    assert_eq!(documented, printed, "update the schema in docs/waivers.md (ipps-check schema waivers)");
}

#[test]
fn every_config_mistake_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let config = "fail_on: none\nfail-on: sometimes\nmin-score: lots\nlang: fr\nrules: no-such-dir\nparams:\n  min_site_aera_m2: 80\n";
    std::fs::write(dir.path().join(".ipps-check.yaml"), config).unwrap();
    let out = ipps().current_dir(dir.path()).args(["--as-of", AS_OF]).arg(example("hangzhou.yaml")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    for part in [
        ".ipps-check.yaml:1:1: unknown field `fail_on`",
        "did you mean `fail-on`?",
        ".ipps-check.yaml:2:10: `fail-on` takes shall, should or none, got `sometimes`",
        ".ipps-check.yaml:3:12: `min-score`: invalid type",
        ".ipps-check.yaml:4:7: `lang`: unknown variant `fr`",
        ".ipps-check.yaml:5:8: `rules`: no directory no-such-dir",
        ".ipps-check.yaml:7:3: params: unknown rule-pack parameter `min_site_aera_m2`",
        "6 problems",
    ] {
        assert!(e.contains(part), "{part:?} in\n{e}");
    }
    // A config that asks for Chinese has its own mistakes told in Chinese, the locale's aside.
    std::fs::write(dir.path().join(".ipps-check.yaml"), config.replace("lang: fr", "lang: zh")).unwrap();
    let out = ipps()
        .current_dir(dir.path())
        .env("LC_ALL", "en_US.UTF-8")
        .args(["--as-of", AS_OF])
        .arg(example("hangzhou.yaml"))
        .output()
        .unwrap();
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains(".ipps-check.yaml:2:10: `fail-on` 取 shall、should 或 none，实为 `sometimes`"), "{e}");
    assert!(e.contains("共 5 个问题"), "{e}");
}

#[test]
fn command_line_frictions() {
    // A mistyped command is not read as a file name.
    for (args, meant) in
        [(&["rule", "list"][..], "ipps-check rules list"), (&["imprt", "x.xlsx"][..], "ipps-check import x.xlsx")]
    {
        let out = ipps().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let e = String::from_utf8(out.stderr).unwrap();
        assert!(e.contains(&format!("did you mean `{meant}`?")), "{e}");
    }
    // A mistyped format gets the nearest one.
    let out = ipps().args(["-f", "jsno", &example("hangzhou.yaml")]).output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().contains("did you mean `json`?"));
    // `-` is standard input.
    let yaml = std::fs::read(example("hangzhou.yaml")).unwrap();
    let out = ipps().args(["--as-of", AS_OF, "-q", "-"]).write_stdin(yaml).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains(": conformant (score 99.98"));
    // The right command after an option of check: put it first, not "did you mean" itself.
    let out = ipps().args(["--lang", "en", "import", "x.xlsx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("import: a command after an option is read as a file to check"), "{e}");
    assert!(e.contains("write the command first, then its options: `ipps-check import x.xlsx`"), "{e}");
    // … and when its own options are then unknown to check, clap's error says the same.
    let out = ipps().args(["--lang", "en", "init", "--schema-file", "x.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("unexpected argument '--schema-file'"), "{e}");
    assert!(e.contains("tip: `init` came after an option, so it was read as a file to check"), "{e}");
    let out = ipps().args(["--lang", "zh", "init", "--schema-file", "x.json"]).output().unwrap();
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("提示：`init` 写在选项之后"), "{e}");
    // An unknown option before no command gets no such tip.
    let e = String::from_utf8(ipps().args(["--colr", "never", "init"]).output().unwrap().stderr).unwrap();
    assert!(!e.contains("came after an option"), "{e}");
    // `man` is listed.
    let help = stdout(ipps().arg("--help"));
    assert!(help.lines().any(|l| l.trim_start().starts_with("man ")), "{help}");
}

#[test]
fn init_writes_chinese_and_its_modeline_is_relative_to_the_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    let init = |args: &[&str]| {
        let out = ipps().current_dir(dir.path()).arg("init").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    };
    init(&["--lang", "zh", "--schema-file", "sub/x.json", "-o", "sub/platform.yaml"]);
    let zh = std::fs::read_to_string(dir.path().join("sub/platform.yaml")).unwrap();
    assert!(zh.starts_with("# yaml-language-server: $schema=x.json\n"), "{}", &zh[..80]);
    init(&["--schema-file", "sub/x.json", "-o", "other/p.yaml"]);
    let en = std::fs::read_to_string(dir.path().join("other/p.yaml")).unwrap();
    assert!(en.starts_with("# yaml-language-server: $schema=../sub/x.json\n"));
    // Never over an existing file.
    let out = ipps().current_dir(dir.path()).args(["init", "-o", "other/p.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("other/p.yaml")).unwrap(), en);
    // The same YAML under other comments, which are Chinese.
    let data = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| l.split("  #").next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(data(&zh), data(&en), "run scripts/gen-init-template-zh.py after changing src/init_template.yaml");
    let english = regex::Regex::new(r"\b[A-Za-z]{4,}\b").unwrap();
    // Field names, values, file names, commands and standard numbers stay as written.
    let verbatim =
        regex::Regex::new(r"── \S+ ──|`[^`]*`|\{[^}]*\}|[a-z_]+[.:/][^\s，、）]*|[a-z]+_[a-z_]+|[A-Z]+/T|https?://\S*")
            .unwrap();
    for line in zh.lines().skip(1) {
        let Some((_, comment)) = line.split_once('#') else { continue };
        let prose = verbatim.replace_all(comment, "");
        let words: Vec<&str> = english.find_iter(&prose).map(|m| m.as_str()).filter(|w| !ALLOWED.contains(w)).collect();
        assert!(words.is_empty(), "English in a Chinese comment: {words:?} in {line}");
    }
}

/// Words a Chinese comment may hold: enum values and names that are written as they are.
const ALLOWED: &[&str] = &[
    "ipps",
    "check",
    "init",
    "lang",
    "YYYY",
    "http",
    "https",
    "import",
    "schema",
    "platform",
    "json",
    "yaml",
    "language",
    "server",
    "national",
    "provincial",
    "municipal",
    "district",
    "public",
    "institution",
    "university",
    "association",
    "enterprise",
    "other",
    "service",
    "data",
    "security",
    "staff",
    "finance",
    "records",
    "fiscal",
    "self",
    "infrastructure",
    "link",
    "lead",
    "intake",
    "quality",
    "reception",
    "waiting",
    "consult",
    "search",
    "training",
    "negotiation",
    "exhibition",
    "realtime",
    "daily",
    "weekly",
    "monthly",
    "scope",
    "funding",
    "responsibilities",
    "acceptance",
    "confidentiality",
    "exit",
    "online",
    "window",
    "mail",
    "hotline",
    "email",
    "wechat",
    "agency",
    "notice",
    "schedule",
    "phone",
    "letter",
    "value",
    "note",
    "kind",
    "title",
    "date",
    "locator",
    "file",
    "unit",
    "instant",
    "true",
    "free",
    "value",
    "added",
    "market",
    "review",
    "complaint",
    "survey",
    "inspection",
    "open",
    "done",
    "TISC",
    "workstation",
    "clause",
    "reason",
    "materials",
    "forms",
    "mobile",
    "hotline",
    "item",
    "name",
    "sla",
];

#[test]
fn a_baseline_lets_only_new_gaps_fail_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let platform = dir.path().join("futian.yaml");
    let text = std::fs::read_to_string(example("shenzhen-futian.yaml")).unwrap();
    std::fs::write(&platform, &text).unwrap();
    let baseline = dir.path().join("baseline.json");
    let run = |args: &[&str]| {
        ipps()
            .current_dir(dir.path())
            .args(["--as-of", AS_OF, "--lang", "en"])
            .args(args)
            .arg("futian.yaml")
            .output()
            .unwrap()
    };
    // Adoption: the gaps of today are written down; the gate fails on them this once.
    assert_eq!(run(&["--write-baseline", "baseline.json", "-q"]).status.code(), Some(1));
    assert!(baseline.exists());
    // The same platform against its baseline: nothing new, the gate passes; the report still
    // shows every gap, marked.
    let out = run(&["--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    let counts = regex::Regex::new(r"baseline: (\d+) of (\d+) gaps known, 0 new").unwrap();
    let c = counts.captures(&report).unwrap_or_else(|| panic!("{report}"));
    assert_eq!(&c[1], &c[2]);
    assert!(report.contains(" · in baseline"));
    // A new gap fails it: a requirement now broken…
    std::fs::write(&platform, text.replacen("full_time: ", "full_time: 1 #", 1)).unwrap();
    let out = run(&["--baseline", "baseline.json", "-f", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &json["assessments"][0];
    let reasons = a["gate_reasons"].as_array().unwrap();
    assert!(
        reasons.len() == 1 && reasons[0].as_str().unwrap().ends_with(" shall/shall-not clause(s) not met"),
        "{reasons:?}"
    );
    let clause = |id: &str| a["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(clause("6.3.2")["in_baseline"], false);
    assert_eq!(clause("6.5.7")["in_baseline"], true);
    // … and SARIF says which results are new.
    let out = run(&["--baseline", "baseline.json", "-f", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let new: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["baselineState"] == "new")
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    let json_new: Vec<&str> = a["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| ["fail", "partial", "error"].contains(&c["status"].as_str().unwrap()) && c["in_baseline"] == false)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(new.contains(&"6.3.2"), "{new:?}");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/vendor/sarif/sarif-schema-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(new, json_new);
    // Updating the baseline in place is allowed: it was read before the run wrote anything.
    assert_eq!(run(&["--baseline", "baseline.json", "--write-baseline", "baseline.json", "-q"]).status.code(), Some(1));
    assert_eq!(run(&["--baseline", "baseline.json", "-q"]).status.code(), Some(0));
    // A platform not yet conformant (不符合, which fails a run whatever --fail-on says) adopts
    // the tool too: its baseline knows every gap behind the verdict, so only a new gap fails it.
    let county = std::fs::read_to_string(example("county-pilot.yaml")).unwrap();
    std::fs::write(&platform, &county).unwrap();
    let out = run(&["--write-baseline", "baseline.json", "-f", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["assessments"][0]["verdict"], "non_conformant", "the example is 不符合");
    assert_eq!(run(&["--baseline", "baseline.json", "-q"]).status.code(), Some(0));
    std::fs::write(&platform, county.replacen("full_time: ", "full_time: 0 #", 1)).unwrap();
    let out = run(&["--baseline", "baseline.json", "-f", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = json["assessments"][0]["gate_reasons"].to_string();
    assert!(reasons.contains("the verdict is non-conformant"), "{reasons}");
    // A file that is no report is exit 2, located.
    std::fs::write(dir.path().join("bad.json"), "{\"schema_version\": \"1.1\",\n  oops}").unwrap();
    let out = run(&["--baseline", "bad.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("bad.json:2:3: not JSON"));
}

#[test]
fn every_clause_links_to_its_section_of_the_clause_reference() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/clauses.md")).unwrap();
    let generated = stdout(ipps().args(["rules", "doc", "--lang", "en"]));
    assert!(doc == generated, "docs/clauses.md is out of date: run `ipps-check rules doc --lang en > docs/clauses.md`");
    let json: Value = serde_json::from_str(&run(&["-f", "json", "examples/shenzhen-futian.yaml"])).unwrap();
    let base = json["pack"]["docs_url"].as_str().unwrap();
    assert!(base.ends_with("docs/clauses.md"), "{base}");
    let sarif: Value = serde_json::from_str(&run(&["-f", "sarif", "examples/shenzhen-futian.yaml"])).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for c in json["assessments"][0]["clauses"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let uri = c["help_uri"].as_str().unwrap();
        assert_eq!(uri, format!("{base}#clause-{id}"));
        assert!(doc.contains(&format!("<a id=\"clause-{id}\"></a>")), "no section for {id}");
        let rule = rules.iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(rule["helpUri"], uri);
    }
}

/// English words of a Chinese message, outside what is quoted or named as written: backticks,
/// quotes, paths, URLs, flags, field names and the platform format's own keys and values.
fn english_left(text: &str, allowed: &std::collections::BTreeSet<String>) -> Vec<String> {
    let verbatim = regex::Regex::new(
        r#"`[^`]*`|"[^"]*"|“[^”]*”|「[^」]*」|https?://\S+|--?[a-z][a-z-]*|\S*[/\\]\S*|\S+\.(yaml|yml|json|xlsx|csv|md|txt)\b\S*|[A-Za-z_]+(\[\d*\])?(\.[A-Za-z_0-9]+(\[\d*\])?)+|\b[a-z0-9]+(_[a-z0-9]+)+\b"#,
    )
    .unwrap();
    // A code or number from the input (HZ-ZSCQ-WD-2023-001, GB/T 18883) is a value, not prose.
    let code = regex::Regex::new(r"\b[A-Za-z0-9]+(-[A-Za-z0-9]+)*-[0-9][A-Za-z0-9-]*\b").unwrap();
    let word = regex::Regex::new(r"\b[A-Za-z]{3,}\b").unwrap();
    let mut left = Vec::new();
    // The file a problem is about, at the head of its line.
    let head = regex::Regex::new(r"^\s*×\s+\S+?:(\d+:\d+:)?\s").unwrap();
    for line in text.lines() {
        // A snippet of the input file is the input.
        if ["│", "╭", "╰", "·"].iter().any(|m| line.contains(m)) {
            continue;
        }
        let line = head.replace(line, "");
        let prose = verbatim.replace_all(&line, " ");
        let prose = code.replace_all(&prose, " ");
        for w in word.find_iter(&prose).map(|m| m.as_str()) {
            if !allowed.contains(w) && !allowed.contains(&w.to_lowercase()) {
                left.push(format!("{w} in {line}"));
            }
        }
    }
    left
}

/// The names a Chinese message may hold as they are: every key and enum value of the platform
/// format, and acronyms.
fn written_as_is() -> std::collections::BTreeSet<String> {
    fn walk(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::Object(p)) = o.get("properties") {
                    out.extend(p.keys().cloned());
                }
                if let Some(Value::Array(e)) = o.get("enum") {
                    out.extend(e.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                if let Some(Value::String(c)) = o.get("const") {
                    out.insert(c.clone());
                }
                o.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut names = std::collections::BTreeSet::new();
    walk(&serde_json::from_str(&stdout(ipps().args(["schema", "platform"]))).unwrap(), &mut names);
    walk(&serde_json::from_str(&stdout(ipps().args(["schema", "config"]))).unwrap(), &mut names);
    for w in [
        "YAML",
        "JSON",
        "UTF",
        "GB18030",
        "GBK",
        "IANA",
        "UTC",
        "FMT",
        "PATH",
        "NAME",
        "VALUE",
        "YYYY",
        "MiB",
        "ipps",
        "check",
        "init",
        "import",
        "true",
        "false",
        "null",
        "shall",
        "should",
        "none",
        "Asia",
        "Shanghai",
        "FILE",
        "CONFIG",
        "IPPS",
        "TZ",
        "yaml",
        "yml",
        "text",
        "json",
        "sarif",
        "junit",
        "markdown",
        "html",
        "csv",
        "committee",
        "concise",
        "github",
        "gitlab",
        "docx",
        "xlsx",
        // File kinds and the programs a user saves a workbook with, named as they are.
        "FIFO",
        "zip",
        "Excel",
        "WPS",
        // The roles 6.3.3 requires in staffing.roles, and the placeholder of a standard's number.
        "lead",
        "intake",
        "quality",
        "xxx",
        "yyyy",
    ] {
        names.insert(w.to_owned());
    }
    names
}

#[test]
fn no_english_only_message_reaches_a_chinese_user() {
    let allowed = written_as_is();
    // The scan itself: English prose is caught, names and values are not.
    assert_eq!(english_left("  × p.yaml:4:3: unknown field `ful_time` in `staffing`", &allowed).len(), 2);
    assert!(
        english_left("  × p.yaml:4:3: `staffing` 中没有字段 `ful_time`（staffing.full_time 为 true）", &allowed)
            .is_empty()
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, text: &str| {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let hangzhou = example("hangzhou.yaml");
    let bad = |name: &str| format!("{}/tests/fixtures/bad/{name}", env!("CARGO_MANIFEST_DIR"));
    let waiver = |name: &str| format!("{}/tests/fixtures/waivers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(d.join("repo/.git")).unwrap();
    write(
        "repo/.ipps-check.yaml",
        "fail_on: none\nfail-on: sometimes\nmin-score: lots\nlang: fr\nrules: nowhere\nas-of: 2026-02-30\ntimezone: Mars/Base\nparams:\n  min_site_aera_m2: 80\n  min_full_time_staff:\n",
    );
    std::fs::create_dir_all(d.join("empty-dir")).unwrap();
    let platform = |body: &str| {
        write(&format!("p{}.yaml", body.len()), &format!("format_version: 2\nplatform:\n  name: x\n{body}"))
    };
    let table: Vec<Vec<String>> = vec![
        vec![bad("comments-only.yaml")],
        vec![bad("duplicate-keys.yaml")],
        vec![bad("gbk.yaml")],
        vec![bad("malformed.yaml")],
        vec![bad("na-without-reason.yaml")],
        vec![bad("top-level-list.yaml")],
        vec![bad("wrong-types.yaml")],
        vec![platform("  level: city\n  launched: 2026-02-30\n  url: ftp://x\n")],
        vec![platform("  name2: y\noperator:\n  uscc: 12\n")],
        vec![d.join("missing.yaml").display().to_string()],
        vec![d.join("empty-dir").display().to_string()],
        vec!["--max-file-size".into(), "100".into(), hangzhou.clone()],
        vec!["--max-depth".into(), "2".into(), hangzhou.clone()],
        vec!["--as-of".into(), "2026-13-01".into(), hangzhou.clone()],
        vec!["--min-score".into(), "150".into(), hangzhou.clone()],
        vec!["--param".into(), "oops".into(), hangzhou.clone()],
        vec!["--param".into(), "min_site_aera_m2=1".into(), hangzhou.clone()],
        vec!["--param".into(), "min_site_area_m2=big".into(), hangzhou.clone()],
        vec!["-f".into(), "jsno".into(), hangzhou.clone()],
        vec!["-q".into(), "import".into(), "x.xlsx".into()],
        vec!["-f".into(), format!("json:{}", d.join("nowhere/x.json").display()), hangzhou.clone()],
        vec!["-f".into(), format!("json:{hangzhou}"), hangzhou.clone()],
        vec!["-f".into(), format!("json:{}", d.display()), hangzhou.clone()],
        vec!["-f".into(), format!("docx:{}/", d.join("nowhere/dir").display()), hangzhou.clone(), hangzhou.clone()],
        vec!["-f".into(), "json:a.json".into(), "-f".into(), "sarif:./a.json".into(), hangzhou.clone()],
        vec![
            "export-list".into(),
            hangzhou.clone(),
            "--from".into(),
            write("not-a-workbook.xlsx", "x"),
            "-o".into(),
            d.join("out.xlsx").display().to_string(),
        ],
        vec!["-f".into(), "text".into(), "-f".into(), "json".into(), hangzhou.clone()],
        vec!["--evidence-dir".into(), d.join("missing").display().to_string(), hangzhou.clone()],
        vec!["--waivers".into(), waiver("shall.yaml"), hangzhou.clone()],
        vec!["--waivers".into(), waiver("no-reason.yaml"), hangzhou.clone()],
        vec!["--baseline".into(), bad("wrong-types.yaml"), hangzhou.clone()],
        vec![],
        vec!["imprt".into(), "x.xlsx".into()],
        vec!["init".into(), "-o".into(), hangzhou.clone()],
        vec!["--fail-on".into(), "sometimes".into(), hangzhou.clone()],
        vec!["--colr".into(), "never".into(), hangzhou.clone()],
        vec!["rules".into(), "show".into(), "6.3.99".into()],
        vec!["import".into(), d.join("missing.xlsx").display().to_string()],
        vec!["--param".into(), "min_site_area_m2=-1".into(), hangzhou.clone()],
        vec!["import".into(), write("dup.csv", "事项名称,事项名称,办理时限\n专利咨询,专利咨询,即办\n")],
        vec!["import".into(), "--sheet".into(), "S".into(), write("one.csv", "事项名称,办理时限\n专利咨询,即办\n")],
        vec!["import".into(), write("none.csv", "事项名称,办理时限\n")],
    ];
    let mut leaks = Vec::new();
    for args in &table {
        let out = ipps().current_dir(d).env("LANG", "zh_CN.UTF-8").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} should fail: {}", String::from_utf8_lossy(&out.stderr));
        let e = String::from_utf8(out.stderr).unwrap();
        leaks.extend(english_left(&e, &allowed).into_iter().map(|l| format!("{args:?}: {l}")));
    }
    // The config's mistakes, found from its directory (its `lang` is wrong too: the flag decides).
    let out = ipps().current_dir(d.join("repo")).args(["--lang", "zh", &hangzhou]).output().unwrap();
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("共 9 个问题"), "{e}");
    leaks.extend(english_left(&e, &allowed).into_iter().map(|l| format!("config: {l}")));
    // A repository's config that names paths outside its project or inside .git.
    std::fs::create_dir_all(d.join("repo2/.git/hooks")).unwrap();
    write("repo2/.ipps-check.yaml", "formats: [\"committee-csv:.git/hooks/pre-commit\"]\nwaivers: ../outside.yaml\n");
    write("outside.yaml", "waivers: []\n");
    let out = ipps().current_dir(d.join("repo2")).args(["--lang", "zh", &hangzhou]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    leaks.extend(english_left(&e, &allowed).into_iter().map(|l| format!("confined config: {l}")));
    // Warnings of a run that goes on: an unknown clause in the waivers, the same file twice.
    let out = ipps()
        .current_dir(d)
        .args([
            "--lang",
            "zh",
            "--as-of",
            AS_OF,
            "-q",
            "--waivers",
            &waiver("valid.yaml"),
            &example("shenzhen-futian.yaml"),
            &example("shenzhen-futian.yaml"),
        ])
        .output()
        .unwrap();
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.starts_with("提示："), "{e}");
    leaks.extend(english_left(&e, &allowed).into_iter().map(|l| format!("warnings: {l}")));
    // Chinese reports of every example, the liars and an empty template, in full.
    let template = write("template.yaml", &stdout(ipps().args(["init", "--lang", "zh"])));
    let liars = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liars");
    let mut reports: Vec<String> =
        std::fs::read_dir(liars).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    reports.extend(["hangzhou", "shenzhen-futian", "county-pilot", "yinchuan"].map(|n| example(&format!("{n}.yaml"))));
    reports.push(template);
    for file in &reports {
        let out = ipps()
            .current_dir(d)
            .args(["--lang", "zh", "--as-of", AS_OF, "--show", "all", "--explain", file])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        leaks.extend(english_left(&text, &allowed).into_iter().map(|l| format!("{file}: {l}")));
    }
    assert!(leaks.is_empty(), "English reached a Chinese user:\n{}", leaks.join("\n"));
}
