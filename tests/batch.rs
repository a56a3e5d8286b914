//! Batches: the reports are the same for any number of workers, a broken file is reported while
//! the others are still checked, the committee's matrix and counts agree with the per-platform
//! reports, and what a verdict rests on (declarations, meaningless values, unverified clauses,
//! list items by name) reaches every format.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLES: [&str; 4] = ["hangzhou", "shenzhen-futian", "county-pilot", "yinchuan"];
const FORMATS: [&str; 8] = ["text", "json", "sarif", "junit", "markdown", "html", "csv", "committee-csv"];

fn ipps() -> Command {
    let mut c = Command::cargo_bin("ipps-check").unwrap();
    c.env_remove("LANG").env("NO_COLOR", "1").args(["--as-of", "2026-11-25", "--color", "never"]);
    c
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.yaml"))
}

/// A directory of `copies` copies of every example.
fn batch_dir(copies: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..copies {
        for name in EXAMPLES {
            std::fs::copy(example(name), dir.path().join(format!("{i:02}-{name}.yaml"))).unwrap();
        }
    }
    dir
}

/// Each format's name and the bytes of its report.
type Reports = Vec<(String, Vec<u8>)>;

/// Runs a batch writing every format to its own file; returns the exit code, the reports and stderr.
fn reports(dir: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, Reports, String) {
    let mut cmd = ipps();
    cmd.args(extra);
    for f in FORMATS {
        cmd.arg("-f").arg(format!("{f}:{}", out.join(format!("report.{f}")).display()));
    }
    let output = cmd.arg(dir).output().unwrap();
    let files = FORMATS
        .iter()
        .map(|f| (f.to_string(), std::fs::read(out.join(format!("report.{f}"))).unwrap_or_default()))
        .collect();
    (output.status.code(), files, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn every_format_is_identical_for_one_and_four_workers() {
    let dir = batch_dir(3);
    let (one, four) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (code1, a, _) = reports(dir.path(), one.path(), &["-j", "1"]);
    let (code4, b, _) = reports(dir.path(), four.path(), &["-j", "4"]);
    assert_eq!(code1, Some(1));
    assert_eq!(code1, code4);
    for ((format, x), (_, y)) in a.iter().zip(&b) {
        assert!(!x.is_empty(), "{format} was written");
        assert!(x == y, "{format} differs between -j 1 and -j 4");
    }
}

#[test]
fn a_broken_file_is_reported_and_the_others_are_still_checked() {
    let dir = batch_dir(2);
    // In the middle of the batch by name: 00-… files come first, 01-… after.
    std::fs::write(dir.path().join("00-zz-broken.yaml"), "platform: {name: [unclosed\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, files, stderr) = reports(dir.path(), out.path(), &["-j", "3"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("00-zz-broken.yaml"), "{stderr}");
    let json: Value = serde_json::from_slice(&files[1].1).unwrap();
    let checked: Vec<&str> =
        json["assessments"].as_array().unwrap().iter().map(|a| a["file"].as_str().unwrap()).collect();
    assert_eq!(checked.len(), 2 * EXAMPLES.len(), "{checked:?}");
    assert!(checked.windows(2).all(|w| w[0] < w[1]), "in the order of the files: {checked:?}");
    assert_eq!(json["committee"]["platforms"], 2 * EXAMPLES.len());
    // The SARIF artifacts name every file of the run, the broken one without a hash.
    let sarif: Value = serde_json::from_slice(&files[2].1).unwrap();
    let artifacts = sarif["runs"][0]["artifacts"].as_array().unwrap();
    assert_eq!(artifacts.len(), 2 * EXAMPLES.len() + 1);
    let broken = artifacts.iter().find(|a| a["location"]["uri"].as_str().unwrap().ends_with("00-zz-broken.yaml"));
    assert!(broken.unwrap().get("hashes").is_none());
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let index = r["locations"][0]["physicalLocation"]["artifactLocation"]["index"].as_u64().unwrap() as usize;
        assert_eq!(
            artifacts[index]["location"]["uri"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a result points at its own file"
        );
    }
}

#[test]
fn nothing_is_written_when_no_file_could_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "platform: [\n").unwrap();
    std::fs::write(dir.path().join("b.yaml"), "").unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, files, _) = reports(dir.path(), out.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(files.iter().all(|(_, bytes)| bytes.is_empty()));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "no report and no temporary file");
}

fn statuses(a: &Value) -> Vec<String> {
    a["clauses"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_committee_view_agrees_with_the_platform_reports() {
    let dir = batch_dir(2);
    let out = tempfile::tempdir().unwrap();
    let (_, files, _) = reports(dir.path(), out.path(), &["--lang", "en"]);
    let json: Value = serde_json::from_slice(&files[1].1).unwrap();
    let assessments = json["assessments"].as_array().unwrap();
    let committee = &json["committee"];
    let ids: Vec<&str> = committee["clauses"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let matrix = committee["matrix"].as_array().unwrap();
    assert_eq!(matrix.len(), assessments.len());
    for (row, a) in matrix.iter().zip(assessments) {
        assert_eq!(row["file"], a["file"]);
        let cells: Vec<String> =
            row["statuses"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        assert_eq!(cells, statuses(a), "{}", a["file"]);
        let clause_ids: Vec<&str> =
            a["clauses"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(clause_ids, ids);
    }
    // Most failed: the count of platforms where each clause is a gap.
    for t in committee["most_failed"].as_array().unwrap() {
        let i = ids.iter().position(|id| *id == t["clause"]).unwrap();
        let gaps = assessments
            .iter()
            .filter(|a| ["fail", "partial", "error"].contains(&a["clauses"][i]["status"].as_str().unwrap()))
            .count();
        assert_eq!(t["not_met"], gaps, "{}", t["clause"]);
    }
    let counts: Vec<u64> =
        committee["most_failed"].as_array().unwrap().iter().map(|t| t["not_met"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    // Ranking: every platform once, best score first.
    let ranking = committee["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), assessments.len());
    let scores: Vec<f64> = ranking.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for r in ranking {
        let a = assessments.iter().find(|a| a["file"] == r["file"]).unwrap();
        assert_eq!(r["score"], a["score"]);
        assert_eq!(r["shall_not_passed"], a["shall_not_passed"]);
        assert_eq!(r["verdict"], a["verdict"]);
    }
    // Chapter means from the per-platform chapter scores.
    for (k, ch) in committee["chapters"].as_array().unwrap().iter().enumerate() {
        let scores: Vec<f64> = assessments.iter().filter_map(|a| a["chapters"][k]["score"].as_f64()).collect();
        if let Some(mean) = ch["mean"].as_f64() {
            let expected = scores.iter().sum::<f64>() / scores.len() as f64;
            assert!((mean - expected).abs() < 0.01, "{}: {mean} vs {expected}", ch["id"]);
        }
    }
    // The committee CSV: one row per platform, its clause columns equal to the JSON.
    let text = String::from_utf8(files[7].1.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let first_clause = header.iter().position(|h| h == ids[0]).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), assessments.len() + 3, "one row per platform, then mean, stdev and not-met");
    for row in &rows[..assessments.len()] {
        let a = assessments.iter().find(|a| a["file"] == row[1]).unwrap();
        let cells: Vec<String> = row.iter().skip(first_clause).map(str::to_owned).collect();
        assert_eq!(cells, statuses(a));
    }
    // The text matrix: one character per clause, in bands of chapters that fit the width, each
    // band a line per platform.
    let text = String::from_utf8(files[0].1.clone()).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.ends_with(".yaml") && l.starts_with("  ")).collect();
    assert_eq!(lines.len() % assessments.len(), 0);
    for (i, a) in assessments.iter().enumerate() {
        let marks: String = lines
            .iter()
            .skip(i)
            .step_by(assessments.len())
            .flat_map(|line| line.split("  ").nth(1).unwrap().chars().filter(|c| *c != ' '))
            .collect();
        let expected: String = statuses(a)
            .iter()
            .map(|s| match s.as_str() {
                "pass" => '+',
                "fail" => 'x',
                "partial" => '/',
                "not_applicable" => '.',
                "waived" => 'w',
                _ => '!',
            })
            .collect();
        assert_eq!(marks, expected);
    }
}

#[test]
fn a_batch_json_report_matches_its_schema() {
    let schema: Value = serde_json::from_slice(
        &Command::cargo_bin("ipps-check").unwrap().args(["schema", "report"]).output().unwrap().stdout,
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = ipps().args(["-f", "json"]).arg(example("hangzhou")).arg(example("county-pilot")).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The Hangzhou example with one accepted and one refused not-applicable declaration (6.4.7,
/// its illuminance taken out) and a telephone number that says nothing.
fn declared(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(example("hangzhou")).unwrap();
    let text = text.replacen("0571-87012330", "00000000", 1);
    // A declaration stands only for a clause whose data the file does not hold.
    let text = text.replacen("  illuminance_lx: 450\n", "", 1);
    let text = format!(
        "{text}\nnot_applicable:\n  - {{clause: \"6.4.7\", reason: 办公场所由政务服务中心统一管理，照度不由本平台控制}}\n  - {{clause: \"6.1.6\", reason: 不适用}}\n"
    );
    let path = dir.join("declared.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn what_a_verdict_rests_on_reaches_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = declared(dir.path());
    let json: Value =
        serde_json::from_slice(&ipps().args(["--lang", "en", "-f", "json"]).arg(&path).output().unwrap().stdout)
            .unwrap();
    let a = &json["assessments"][0];
    let declarations = a["declarations"].as_array().unwrap();
    assert!(declarations.iter().any(|d| d["accepted"] == true), "{declarations:?}");
    assert!(declarations.iter().any(|d| d["accepted"] == false), "{declarations:?}");
    let meaningless = a["meaningless"].as_array().unwrap();
    assert!(!meaningless.is_empty(), "the placeholder phone is taken out");
    for format in ["text", "markdown", "html", "junit"] {
        let out = ipps().args(["--lang", "en", "-f", format]).arg(&path).output().unwrap();
        let report = String::from_utf8(out.stdout).unwrap();
        assert!(report.contains("accepted") && report.contains("refused"), "{format}: declarations");
        assert!(report.contains("6.4.7") && report.contains("照度不由本平台控制"), "{format}: the declaration");
        assert!(report.contains("00000000"), "{format}: the meaningless value");
        assert!(report.contains("evidence"), "{format}: basis counts");
    }
    // A finding on a list item names the item in every format that shows findings.
    let county = example("county-pilot");
    for format in ["text", "markdown", "html", "junit", "sarif", "csv", "json"] {
        let out = ipps().args(["--lang", "en", "-f", format]).arg(&county).output().unwrap();
        let report = String::from_utf8(out.stdout).unwrap();
        let place = if format == "markdown" {
            r"service\_items\[3\] 维权援助申请受理"
        } else {
            "service_items[3] 维权援助申请受理"
        };
        assert!(report.contains(place), "{format}: the item's name beside its index");
    }
    // Unverified clauses are marked.
    for format in ["text", "markdown", "junit"] {
        let out = ipps().args(["--lang", "en", "-f", format]).arg(&county).output().unwrap();
        assert!(String::from_utf8(out.stdout).unwrap().contains("unverified"), "{format}");
    }
}

#[test]
fn only_the_output_that_is_a_terminal_is_coloured() {
    // util-linux's `script` gives the run a terminal for standard output.
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to give the run a terminal");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    let bin = assert_cmd::cargo::cargo_bin("ipps-check");
    let command = format!(
        "{} --as-of 2026-11-25 --color auto -f text -f text:{} {}",
        bin.display(),
        file.display(),
        example("county-pilot").display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'), "the terminal gets colour");
    assert!(!std::fs::read_to_string(&file).unwrap().contains('\u{1b}'), "the file does not");
}

#[test]
fn a_waiver_warning_shows_hostile_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(&waivers, "waivers:\n  - {clause: \"\\e[2J6.9.9\\u202e\", reason: 说明理由, approver: 张三}\n")
        .unwrap();
    let out = ipps().arg("--waivers").arg(&waivers).arg(example("hangzhou")).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("\\u{1b}[2J6.9.9\\u{202e}"), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'), "{stderr:?}");
}
