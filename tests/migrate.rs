//! Platform format version 1 → 2: the `migrate` command writes exactly what checking a v1 file
//! migrates in memory, every clause keeps its status, and findings still point into the v1 file.
//! (The v1 fixtures are the examples as they were before version 2; the version-2 examples have
//! since gained what version 2 can say and version 1 could not, such as documents cited for clauses.)

use assert_cmd::Command;
use ipps_check::assess::Checker;
use ipps_check::pack::Pack;
use ipps_check::platform;
use ipps_check::yaml::Limits;
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

fn load(path: &str) -> platform::LoadedPlatform {
    platform::load_file(std::path::Path::new(path), &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn statuses(checker: &Checker, p: &platform::LoadedPlatform) -> (String, Vec<(String, String)>) {
    let as_of = ipps_check::date::parse_days(AS_OF).unwrap();
    let a = checker.assess(p, as_of);
    let verdict = format!("{:?}", a.verdict);
    (verdict, a.clauses.iter().map(|c| (c.id.clone(), format!("{:?}", c.status))).collect())
}

#[test]
fn v1_fixtures_keep_every_clause_status_when_migrated() {
    let checker = Checker::new(Pack::embedded().unwrap());
    let dir = tempfile::tempdir().unwrap();
    for name in ["hangzhou", "shenzhen-futian", "county-pilot"] {
        let path = format!("tests/fixtures/v1/{name}.yaml");
        let v1 = load(&path);
        assert_eq!(v1.format_version, 1, "{name}");
        // The file `migrate` writes holds exactly what checking the v1 file migrates in memory…
        let out = dir.path().join(format!("{name}.yaml"));
        Command::cargo_bin("ipps-check")
            .unwrap()
            .args(["migrate", &path, "-o", out.to_str().unwrap()])
            .assert()
            .success();
        let v2 = load(out.to_str().unwrap());
        assert_eq!(v2.format_version, 2, "{name}");
        assert_eq!(v1.value, v2.value, "{name}");
        // …so every clause keeps its status, and the verdict with it.
        assert_eq!(statuses(&checker, &v1), statuses(&checker, &v2), "{name}");
    }
}

#[test]
fn migrated_findings_point_into_the_v1_file() {
    let checker = Checker::new(Pack::embedded().unwrap());
    let v1 = load("tests/fixtures/v1/shenzhen-futian.yaml");
    let a = checker.assess(&v1, ipps_check::date::parse_days(AS_OF).unwrap());
    // Every finding of a v1 file is located, on a line that exists in that file.
    let lines = v1.source.text.lines().count();
    for c in &a.clauses {
        for f in &c.findings {
            let at = f.at.unwrap_or_else(|| panic!("{} {} has no position", c.id, f.pointer));
            assert!(at.line >= 1 && at.line <= lines, "{} {}", c.id, f.pointer);
        }
    }
    assert!(a.warnings.iter().any(|w| w.en.contains("ipps-check migrate")), "{:?}", a.warnings);
}

#[test]
fn the_migrate_command_writes_a_version_2_file_with_the_same_content() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new.yaml");
    Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["migrate", "tests/fixtures/v1/hangzhou.yaml", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# 杭州市知识产权公共服务平台"), "the header comment is kept");
    let migrated = load(out.to_str().unwrap());
    assert_eq!(migrated.format_version, 2);
    let expected = load("tests/fixtures/v1/hangzhou.yaml");
    assert_eq!(migrated.value, expected.value);
    // Never over its input.
    Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["migrate", "tests/fixtures/v1/hangzhou.yaml", "-o", "tests/fixtures/v1/hangzhou.yaml"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_version_is_refused_with_its_line() {
    let e =
        platform::load_bytes("p.yaml", b"format_version: 3\nplatform: {name: x}\n", &Limits::default()).unwrap_err();
    let p = e.problems();
    assert!(p[0].headline().starts_with("p.yaml:1:17: unknown format_version 3"), "{}", p[0].headline());
    let v: Value = serde_json::json!(1);
    assert_eq!(ipps_check::migrate::version_of(&serde_json::json!({"format_version": v})), Some(1));
}

#[test]
fn a_file_name_cannot_write_yaml_into_the_migrated_file() {
    let dir = tempfile::tempdir().unwrap();
    // The name is written into the new file's header comment: a line break in it must not end
    // the comment and start a key.
    let sly = dir.path().join("x\nservice_items: []\n#.yaml");
    std::fs::copy("tests/fixtures/v1/county-pilot.yaml", &sly).unwrap();
    let out = dir.path().join("out.yaml");
    Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["migrate", sly.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.lines().any(|l| l.starts_with("service_items: []")), "{text}");
    assert_eq!(load(sly.to_str().unwrap()).value, load(out.to_str().unwrap()).value);
}
