//! The gate follows the verdict: every path to each verdict, run through the real binary with
//! each `--fail-on`, and the exit code checked. 不符合 is exit 1 whatever `--fail-on` says, unless
//! `--allow-nonconformant` is given.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

/// One way to a verdict: a platform (an example, possibly edited) under a pack (the built-in one,
/// or a copy with one threshold changed, as a committee tailors it).
struct Route {
    story: &'static str,
    example: &'static str,
    /// (text in the example, replacement)
    edit: Option<(&'static str, &'static str)>,
    /// (text in pack.yaml, replacement)
    pack: Option<(&'static str, &'static str)>,
    verdict: &'static str,
    /// Exit codes with --fail-on shall, should, none.
    exits: [i32; 3],
    /// Exit code with --fail-on none --allow-nonconformant.
    allowed: i32,
}

const PATHS: &[Route] = &[
    Route {
        story: "every 应/不应 clause met (one 宜 gap left)",
        example: "hangzhou",
        edit: None,
        pack: None,
        verdict: "conformant",
        exits: [0, 1, 0],
        allowed: 0,
    },
    Route {
        story: "a few 应 gaps within the 基本符合 band",
        example: "shenzhen-futian",
        edit: None,
        pack: None,
        verdict: "largely_conformant",
        exits: [1, 1, 0],
        allowed: 0,
    },
    Route {
        story: "a veto item fails (listed as seriously dishonest)",
        example: "hangzhou",
        edit: Some(("serious_dishonesty_listed: false", "serious_dishonesty_listed: true")),
        pack: None,
        verdict: "non_conformant",
        exits: [1, 1, 1],
        // A veto item fails the run by itself.
        allowed: 1,
    },
    Route {
        story: "more 应 gaps than the band allows",
        example: "shenzhen-futian",
        edit: None,
        pack: Some(("largely_max_failed_shall_pct: 15", "largely_max_failed_shall_pct: 1")),
        verdict: "non_conformant",
        exits: [1, 1, 1],
        allowed: 0,
    },
    Route {
        story: "a score under the band's floor",
        example: "shenzhen-futian",
        edit: None,
        pack: Some(("largely_min_score: 75", "largely_min_score: 99")),
        verdict: "non_conformant",
        exits: [1, 1, 1],
        allowed: 0,
    },
    Route {
        story: "too few applicable 应/不应 clauses, none of them failing",
        example: "hangzhou",
        edit: None,
        pack: Some(("min_applicable_shall_pct: 80", "min_applicable_shall_pct: 99")),
        verdict: "non_conformant",
        // The case the gate used to pass: no 应 gap, and yet 不符合.
        exits: [1, 1, 1],
        allowed: 0,
    },
    Route {
        story: "many 应 gaps and a veto item (a county pilot)",
        example: "county-pilot",
        edit: None,
        pack: None,
        verdict: "non_conformant",
        exits: [1, 1, 1],
        allowed: 1,
    },
];

fn tailored_pack(dir: &Path, (from, to): (&str, &str)) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    let pack = std::fs::read_to_string("rules/pack.yaml").unwrap();
    assert!(pack.contains(from), "pack.yaml has no `{from}`");
    std::fs::write(rules.join("pack.yaml"), pack.replace(from, to)).unwrap();
    rules
}

fn platform(dir: &Path, p: &Route) -> PathBuf {
    let source = format!("examples/{}.yaml", p.example);
    let Some((from, to)) = p.edit else { return PathBuf::from(source) };
    let text = std::fs::read_to_string(&source).unwrap();
    assert!(text.contains(from), "{source} has no `{from}`");
    let path = dir.join(format!("{}.yaml", p.example));
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// Runs a check; returns the exit code and the verdict from the JSON report of the same run.
fn run(platform: &Path, rules: Option<&Path>, extra: &[&str]) -> (i32, String) {
    let mut cmd = Command::cargo_bin("ipps-check").unwrap();
    cmd.args(["--no-config", "--as-of", AS_OF, "--format", "json"]).args(extra).arg(platform);
    if let Some(r) = rules {
        cmd.arg("--rules").arg(r);
    }
    let out = cmd.output().unwrap();
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let verdict = json["assessments"][0]["verdict"].as_str().unwrap_or_default().to_owned();
    (out.status.code().unwrap_or(-1), verdict)
}

#[test]
fn every_path_to_a_verdict_gives_the_exit_code_the_gate_promises() {
    for p in PATHS {
        let dir = tempfile::tempdir().unwrap();
        let rules = p.pack.map(|change| tailored_pack(dir.path(), change));
        let file = platform(dir.path(), p);
        for (fail_on, want) in ["shall", "should", "none"].iter().zip(p.exits) {
            let (code, verdict) = run(&file, rules.as_deref(), &["--fail-on", fail_on]);
            assert_eq!(verdict, p.verdict, "{}: verdict", p.story);
            assert_eq!(code, want, "{}: exit code with --fail-on {fail_on}", p.story);
        }
        let (code, _) = run(&file, rules.as_deref(), &["--fail-on", "none", "--allow-nonconformant"]);
        assert_eq!(code, p.allowed, "{}: exit code with --fail-on none --allow-nonconformant", p.story);
    }
}

#[test]
fn a_nonconformant_verdict_is_named_among_the_gate_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let rules = tailored_pack(dir.path(), ("min_applicable_shall_pct: 80", "min_applicable_shall_pct: 99"));
    let out = Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["--no-config", "--as-of", AS_OF, "--format", "json", "--fail-on", "none", "--rules"])
        .arg(&rules)
        .arg("examples/hangzhou.yaml")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = &json["assessments"][0]["gate_reasons"];
    assert_eq!(reasons.as_array().map(Vec::len), Some(1), "{reasons}");
    assert!(reasons[0].as_str().unwrap().contains("--allow-nonconformant"), "{reasons}");
    assert_eq!(json["gate"]["allow_nonconformant"], false);
}

#[test]
fn the_opt_out_cannot_come_from_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.yaml");
    std::fs::write(&config, "allow-nonconformant: true\n").unwrap();
    let out = Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["--as-of", AS_OF, "-q", "--config"])
        .arg(&config)
        .arg("examples/county-pilot.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("allow-nonconformant"));
}
