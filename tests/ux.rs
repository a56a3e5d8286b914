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
