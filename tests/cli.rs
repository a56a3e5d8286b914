//! Runs the real binary: exit codes, bad input, commands and output files.

use assert_cmd::Command;
use predicates::prelude::*;

const AS_OF: &str = "2026-11-25";

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    cmd.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("NO_COLOR", "1");
    cmd
}

fn check(path: &str) -> Command {
    let mut cmd = ipps();
    cmd.args(["--as-of", AS_OF, path]);
    cmd
}

#[test]
fn conformant_example_exits_0() {
    check("examples/hangzhou.yaml").assert().code(0).stdout(predicate::str::contains("verdict: conformant"));
}

#[test]
fn largely_conformant_example_exits_1() {
    check("examples/shenzhen-futian.yaml")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("verdict: largely conformant"));
}

#[test]
fn non_conformant_example_exits_1() {
    check("examples/county-pilot.yaml").assert().code(1).stdout(predicate::str::contains("verdict: non-conformant"));
}

#[test]
fn chinese_report_uses_the_standards_vocabulary() {
    check("examples/county-pilot.yaml")
        .args(["--lang", "zh"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("结论: 不符合").and(predicate::str::contains("整改")));
}

#[test]
fn fail_on_none_and_min_score_drive_the_exit_code() {
    check("examples/shenzhen-futian.yaml").args(["--fail-on", "none"]).assert().code(0);
    check("examples/shenzhen-futian.yaml").args(["--fail-on", "none", "--min-score", "100"]).assert().code(1);
    check("examples/hangzhou.yaml").args(["--min-score", "100"]).assert().code(1);
}

#[test]
fn a_batch_exits_with_the_worst_code() {
    check("examples").assert().code(1).stdout(predicate::str::contains("Summary (4)"));
}

#[test]
fn the_exit_code_does_not_depend_on_the_format() {
    for format in ["text", "json"] {
        check("examples/county-pilot.yaml").args(["--format", format]).assert().code(1);
        check("examples/hangzhou.yaml").args(["--format", format]).assert().code(0);
    }
}

#[test]
fn init_template_parses_and_checks_with_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("platform.yaml");
    let out = ipps().arg("init").output().unwrap();
    assert!(out.status.success());
    std::fs::write(&path, &out.stdout).unwrap();
    let out = check(path.to_str().unwrap()).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fails = report["assessments"][0]["counts"]["fail"].as_u64().unwrap();
    assert!(fails > 50, "the empty template should have many gaps, got {fails}");
}

#[test]
fn init_template_names_every_section_of_the_schema() {
    let template = String::from_utf8(ipps().arg("init").output().unwrap().stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&ipps().args(["schema", "platform"]).output().unwrap().stdout).unwrap();
    for section in schema["properties"].as_object().unwrap().keys().filter(|k| *k != "$schema") {
        assert!(template.contains(&format!("\n{section}:")), "template lacks section {section}");
    }
}

fn bad(name: &str, expect: &str) {
    let path = format!("tests/fixtures/bad/{name}");
    check(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(expect))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn malformed_yaml_is_located() {
    bad("malformed.yaml", "malformed.yaml:4:9:");
}

#[test]
fn wrong_types_and_unknown_fields_are_located_with_a_hint() {
    bad("wrong-types.yaml", "wrong-types.yaml:4:14: `staffing.full_time` must be an integer");
    bad("wrong-types.yaml", "wrong-types.yaml:5:3: unknown field `ful_time`");
    bad("wrong-types.yaml", "did you mean `full_time`?");
}

#[test]
fn empty_files_are_refused() {
    bad("empty.yaml", "the file is empty");
    bad("comments-only.yaml", "the file is empty");
}

#[test]
fn duplicate_keys_are_refused() {
    bad("duplicate-keys.yaml", "duplicate-keys.yaml:3:1: duplicate key `platform`");
}

#[test]
fn non_utf8_files_name_the_encoding() {
    bad("gbk.yaml", "gbk.yaml:2:9: the file is not valid UTF-8 (it looks like GB18030/GBK");
}

#[test]
fn a_top_level_list_is_refused() {
    bad("top-level-list.yaml", "top-level-list.yaml:1:1: the platform description must be a mapping");
}

#[test]
fn not_applicable_needs_a_reason() {
    bad("na-without-reason.yaml", "missing required field `reason`");
}

#[test]
fn missing_files_and_usage_errors_exit_2() {
    check("no-such-file.yaml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.yaml: cannot read: no such file"));
    ipps().assert().code(2).stderr(predicate::str::contains("no platform file given"));
    ipps().args(["--bogus-flag", "x.yaml"]).assert().code(2);
    check("examples/hangzhou.yaml").args(["--as-of", "yesterday"]).assert().code(2);
    check("examples/hangzhou.yaml").args(["--param", "nonsense"]).assert().code(2);
    check("examples/hangzhou.yaml")
        .args(["--param", "min_site_areaa_m2=80"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `min_site_area_m2`?"));
}

#[test]
fn parameters_can_be_overridden() {
    let out = check("examples/hangzhou.yaml")
        .args(["--param", "min_site_area_m2=100000", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let clause =
        report["assessments"][0]["clauses"].as_array().unwrap().iter().find(|c| c["id"] == "6.4.2").unwrap().clone();
    assert_ne!(clause["status"], "pass", "{clause}");
}

fn broken_pack(rule_file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("rules/pack.yaml", dir.path().join("pack.yaml")).unwrap();
    std::fs::write(dir.path().join("broken.yaml"), rule_file).unwrap();
    dir
}

#[test]
fn a_broken_rule_file_is_located() {
    let dir = broken_pack("rules:\n  - id: \"9.9.9\"\n    chapter: \"6.3\"\n    levle: 应\n");
    let out = check("examples/hangzhou.yaml").arg("--rules").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.yaml:4:5: unknown field `levle`"), "{stderr}");
    assert!(stderr.contains("did you mean `level`?"), "{stderr}");
}

#[test]
fn a_rule_with_a_bad_pointer_or_parameter_is_located() {
    let rule = r#"rules:
  - id: "9.9.9"
    chapter: "6.3"
    level: 应
    title: {zh: 测试, en: test}
    text: {zh: 测试, en: test}
    remediation: {zh: 测试, en: test}
    provenance: {code: I}
    check:
      all:
        - given: /staffing/fulltime
          schema: {minimum: 1}
        - given: /staffing/full_time
          schema: {minimum: {$param: min_staff}}
    examples:
      pass: [{staffing: {full_time: 3}}]
      fail: [{staffing: {full_time: 0}}]
"#;
    let dir = broken_pack(rule);
    let out = ipps().arg("rules").arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.yaml:11:11: `/staffing/fulltime` is not a field"), "{stderr}");
    assert!(stderr.contains("unknown parameter `min_staff`"), "{stderr}");
}

#[test]
fn rules_lint_refuses_a_field_the_wording_names_but_the_format_lacks() {
    let rule = r#"rules:
  - id: "9.9.9"
    chapter: "8.1"
    level: 应
    title: {zh: 测试, en: test}
    text: {zh: 测试, en: test}
    remediation:
      zh: 填写 service_items[].time_limit.statutory_wd 和 .promised_wd（工作日）
      en: Give time_limit.statutory and time_limit.promised
    provenance: {code: I}
    check:
      given: /service_items/*
      schema: {required: [time_limit]}
    examples:
      pass: [{service_items: [{name: a, time_limit: {text: 即办}}]}]
      fail: [{service_items: [{name: a}]}]
"#;
    let dir = broken_pack(rule);
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let out = ipps().arg("rules").arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.yaml:2:1: clause 9.9.9 remediation.zh: `service_items[].time_limit.statutory_wd`"),
        "{stderr}"
    );
    assert!(stderr.contains("`service_items[].time_limit.promised_wd`"), "{stderr}");
    assert!(!stderr.contains("remediation.en"), "the English names exist: {stderr}");
}

#[test]
fn the_default_pack_lints_clean() {
    ipps().args(["rules", "lint", "rules"]).assert().code(0).stdout(predicate::str::contains("no problems"));
}

#[test]
fn rules_list_json_has_the_documented_fields() {
    let out = ipps().args(["rules", "list", "--format", "json"]).output().unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list.len() >= 200, "{} rules", list.len());
    for r in &list {
        for key in ["id", "chapter", "level", "title"] {
            assert!(r.get(key).is_some(), "{r} lacks {key}");
        }
    }
}

#[test]
fn rules_show_prints_a_clause_and_suggests_near_ids() {
    ipps().args(["rules", "show", "6.3.2"]).assert().code(0).stdout(predicate::str::contains("min_full_time_staff"));
    ipps().args(["rules", "show", "6.3.99"]).assert().code(2).stderr(predicate::str::contains("no clause `6.3.99`"));
}

#[test]
fn rules_test_runs_every_example() {
    ipps().args(["rules", "test"]).assert().code(0).stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn schemas_are_json() {
    for kind in ["platform", "rules", "pack", "report"] {
        let out = ipps().args(["schema", kind]).output().unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v.get("$schema").is_some(), "{kind}");
    }
}

#[test]
fn reports_are_written_whole_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let text = dir.path().join("r.txt");
    check("examples/county-pilot.yaml")
        .arg("--format")
        .arg(format!("json:{}", json.display()))
        .arg("--format")
        .arg(format!("text:{}", text.display()))
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["schema_version"], "1.1");
    assert!(std::fs::read_to_string(&text).unwrap().contains("verdict"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_conflicts_are_usage_errors() {
    check("examples/hangzhou.yaml").args(["--format", "text", "--format", "json"]).assert().code(2);
    check("examples/hangzhou.yaml").args(["--format", "json:x.json", "--format", "text:x.json"]).assert().code(2);
    check("examples/hangzhou.yaml").args(["--format", "pdf"]).assert().code(2);
}

#[test]
fn a_failed_run_leaves_an_existing_report_alone() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    std::fs::write(&json, "previous").unwrap();
    check("tests/fixtures/bad/malformed.yaml").arg("--format").arg(format!("json:{}", json.display())).assert().code(2);
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "previous");
}

#[test]
fn declared_not_applicable_clauses_leave_the_denominator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    let base = std::fs::read_to_string("tests/fixtures/platforms/minimal.yaml").unwrap();
    let declared = format!(
        "{base}\nnot_applicable:\n  - {{clause: \"6.4.8\", reason: 办公场所由政务服务中心统一管理，噪声不由本平台控制}}\n  - {{clause: \"6.4.77\", reason: typo}}\n"
    );
    std::fs::write(&path, declared).unwrap();
    let out = check(path.to_str().unwrap()).args(["--format", "json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &report["assessments"][0];
    // 6.4.8 (noise): the file gives no figure, so the declaration stands. (6.4.7 could not be
    // declared away here: the file states an illuminance, and that is evaluated.)
    let clause = a["clauses"].as_array().unwrap().iter().find(|c| c["id"] == "6.4.8").unwrap();
    assert_eq!(clause["status"], "not_applicable");
    assert!(clause["reason"].as_str().unwrap().contains("噪声"));
    assert!(a["warnings"][0].as_str().unwrap().contains("6.4.77"), "{}", a["warnings"]);
}

#[test]
fn the_same_run_gives_the_same_bytes() {
    let a = check("examples").args(["--format", "json"]).output().unwrap().stdout;
    let b = check("examples").args(["--format", "json"]).output().unwrap().stdout;
    assert_eq!(a, b);
}

#[test]
fn waivers_waive_recommendations_and_expire() {
    let out = check("examples/shenzhen-futian.yaml")
        .args(["--waivers", "tests/fixtures/waivers/valid.yaml", "--fail-on", "none", "--format", "json"])
        .output()
        .unwrap();
    // The expired waiver (6.3.7) fails the gate even with --fail-on none.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6.4.99") && stderr.contains("did you mean"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &report["assessments"][0];
    let clause = |id: &str| a["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(clause("6.4.8")["status"], "waived");
    assert!(clause("6.4.8")["reason"].as_str().unwrap().contains("福田区市场监督管理局"));
    assert_eq!(clause("6.3.7")["status"], "fail");
    assert_eq!(a["expired_waivers"][0], "6.3.7");
    assert_eq!(a["counts"]["waived"], 1);
}

#[test]
fn requirements_cannot_be_waived_and_waivers_need_a_reason() {
    check("examples/shenzhen-futian.yaml")
        .args(["--waivers", "tests/fixtures/waivers/shall.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "shall.yaml:2:5: clause 6.5.7 is a requirement (应/不应) and cannot be waived",
        ));
    check("examples/shenzhen-futian.yaml")
        .args(["--waivers", "tests/fixtures/waivers/no-reason.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-reason.yaml:3:5: the waiver of 6.4.8 has no reason"));
}

#[test]
fn parallel_batches_give_the_same_bytes_as_sequential_ones() {
    let one = check("examples").args(["-j", "1", "--format", "json"]).output().unwrap().stdout;
    let many = check("examples").args(["-j", "3", "--format", "json"]).output().unwrap().stdout;
    assert!(!one.is_empty());
    assert_eq!(one, many);
}

#[test]
fn diff_reports_closed_and_new_gaps_between_two_runs() {
    let dir = tempfile::tempdir().unwrap();
    let followup = dir.path().join("shenzhen-futian.yaml");
    // The follow-up review: the MLPS assessment was redone (6.5.7 closes), the off-site backup
    // was dropped (6.5.4 opens).
    let text = std::fs::read_to_string("examples/shenzhen-futian.yaml").unwrap();
    let text = text
        .replace("last_assessment: 2025-08-20", "last_assessment: 2026-09-01")
        .replace("offsite: true", "offsite: false");
    std::fs::write(&followup, text).unwrap();
    let (old, new) = (dir.path().join("old.json"), dir.path().join("new.json"));
    check("examples/shenzhen-futian.yaml").arg("--format").arg(format!("json:{}", old.display())).assert().code(1);
    check(followup.to_str().unwrap()).arg("--format").arg(format!("json:{}", new.display())).assert().code(1);
    let out = ipps().args(["diff", "--lang", "en"]).arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a regression exits 1");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("+ [应] 6.5.7"), "{stdout}");
    assert!(stdout.contains("- [应] 6.5.4"), "{stdout}");
    assert!(stdout.contains("chapter 6.5"), "{stdout}");
    let same = ipps().args(["diff", "--format", "json"]).arg(&old).arg(&old).output().unwrap();
    assert_eq!(same.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert!(v["platforms"][0]["clauses"].as_array().unwrap().is_empty());
    ipps().args(["diff", "examples/hangzhou.yaml", "examples/hangzhou.yaml"]).assert().code(2);
}
