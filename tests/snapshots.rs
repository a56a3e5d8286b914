//! Snapshots of the reports on the bundled examples. Review changes with `cargo insta review`
//! (or delete the .snap file and re-run) and commit the new snapshot with the change that caused it.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("ipps-check")
        .unwrap()
        .env_remove("LANG")
        .env("NO_COLOR", "1")
        .env("TZ", "Asia/Shanghai")
        .env_remove("COLUMNS")
        .args(["--as-of", "2026-11-25", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"sha256:[0-9a-f]{64}", "sha256:[hash]");
    s.add_filter(r"ipps-check \d+\.\d+\.\d+", "ipps-check [version]");
    s.add_filter(r#""version": "\d+\.\d+\.\d+""#, r#""version": "[version]""#);
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn text_reports() {
    for name in ["hangzhou", "shenzhen-futian", "county-pilot"] {
        let path = format!("examples/{name}.yaml");
        settings().bind(|| {
            insta::assert_snapshot!(format!("text_en_{name}"), run(&["--lang", "en", &path]));
            insta::assert_snapshot!(format!("text_zh_{name}"), run(&["--lang", "zh", &path]));
        });
    }
}

#[test]
fn json_reports() {
    for name in ["hangzhou", "shenzhen-futian", "county-pilot"] {
        let path = format!("examples/{name}.yaml");
        settings().bind(|| {
            insta::assert_snapshot!(format!("json_{name}"), run(&["--lang", "en", "--format", "json", &path]));
        });
    }
}

#[test]
fn json_report_matches_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(&run_plain(&["schema", "report"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in ["hangzhou", "shenzhen-futian", "county-pilot"] {
        let report: serde_json::Value =
            serde_json::from_str(&run(&["--format", "json", &format!("examples/{name}.yaml")])).unwrap();
        let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

fn run_plain(args: &[&str]) -> String {
    let out = Command::cargo_bin("ipps-check").unwrap().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_counts_equal_json_records() {
    for name in ["hangzhou", "shenzhen-futian", "county-pilot"] {
        let path = format!("examples/{name}.yaml");
        let report: serde_json::Value = serde_json::from_str(&run(&["--format", "json", &path])).unwrap();
        let clauses = report["assessments"][0]["clauses"].as_array().unwrap();
        let text = run(&["--lang", "en", &path]);
        assert!(text.contains(&format!("{} clauses:", clauses.len())), "{name}");
        let gaps =
            clauses.iter().filter(|c| ["fail", "partial", "error"].contains(&c["status"].as_str().unwrap())).count();
        assert!(text.contains(&format!("Gaps ({gaps}):")) || gaps == 0, "{name}: {gaps} gaps");
    }
}
