//! The conventions of compliance CLIs, on the real binary: the project config file (discovery,
//! precedence, located errors), `--version`, `rules show` for people and programs, and the
//! editor modeline of `init`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    cmd.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("IPPS_CHECK_CONFIG");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name).display().to_string()
}

/// A scratch repository: `.git` bounds the config search, `a/b` is a subdirectory to run in.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(config: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join(".ipps-check.yaml"), config).unwrap();
        Project { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `ipps-check` run from `a/b`.
    fn run_below(&self) -> Command {
        let mut cmd = ipps();
        cmd.current_dir(self.path("a/b"));
        cmd
    }

    fn check_below(&self, platform: &str) -> Command {
        let mut cmd = self.run_below();
        cmd.args(["--as-of", AS_OF, &example(platform)]);
        cmd
    }
}

fn json(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("JSON on stdout")
}

fn clause<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["assessments"][0]["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

#[test]
fn the_config_is_found_from_a_subdirectory_and_its_paths_are_relative_to_it() {
    let p = Project::new("fail-on: none\nformats: [text, 'json:reports/ipps.json']\n");
    std::fs::create_dir(p.path("reports")).unwrap();
    // Shenzhen fails 应 clauses: exit 1 by default, 0 with the file's `fail-on: none`.
    p.check_below("shenzhen-futian.yaml")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("config: ../../.ipps-check.yaml"));
    let report: Value = serde_json::from_slice(&std::fs::read(p.path("reports/ipps.json")).unwrap()).unwrap();
    assert_eq!(report["config"], "../../.ipps-check.yaml");
    assert_eq!(report["gate"]["fail_on"], "none");
    assert!(!p.path("a/b/reports").exists(), "the report path is relative to the config file");
    // The config is an input: no report may replace it.
    p.check_below("hangzhou.yaml")
        .args(["-f", "json:../../.ipps-check.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite the input"));
    assert!(std::fs::read_to_string(p.path(".ipps-check.yaml")).unwrap().starts_with("fail-on: none"));
}

#[test]
fn without_a_config_the_report_names_none() {
    let p = Project::new("");
    std::fs::remove_file(p.path(".ipps-check.yaml")).unwrap();
    let out = p.check_below("hangzhou.yaml").args(["-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(json(&out.stdout).get("config").is_none());
    p.check_below("hangzhou.yaml").assert().stdout(predicate::str::contains("config:").not());
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join(".ipps-check.yaml"), "fail-on: none\n").unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    ipps()
        .current_dir(&repo)
        .args(["--as-of", AS_OF, &example("shenzhen-futian.yaml")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("config:").not());
}

#[test]
fn flags_override_the_config() {
    let p = Project::new(
        "fail-on: none\nmin-score: 10\nformats: ['json:r.json']\nparams: {min_site_area_m2: 100000, min_full_time_staff: 1}\n",
    );
    p.check_below("shenzhen-futian.yaml").args(["--fail-on", "shall"]).assert().code(1);
    p.check_below("shenzhen-futian.yaml").args(["--min-score", "99"]).assert().code(1);
    // `--format` replaces the file's list: the report goes to stdout and r.json is not written.
    assert!(p.path("r.json").exists(), "the runs above wrote the file's format");
    std::fs::remove_file(p.path("r.json")).unwrap();
    let out = p.check_below("hangzhou.yaml").args(["-f", "json"]).output().unwrap();
    assert!(!p.path("r.json").exists());
    let report = json(&out.stdout);
    assert_eq!(report["gate"]["min_score"], 10.0);
    // The file's parameters apply; `--param` replaces only its own.
    assert_eq!(clause(&report, "6.4.2")["status"], "fail", "min_site_area_m2 from the file");
    let out = p.check_below("hangzhou.yaml").args(["-f", "json", "--param", "min_site_area_m2=10"]).output().unwrap();
    let report = json(&out.stdout);
    assert_eq!(clause(&report, "6.4.2")["status"], "pass", "--param wins");
    let shown = json(&p.run_below().args(["rules", "show", "6.3.2", "--format", "json"]).output().unwrap().stdout);
    assert_eq!(shown["params"]["min_full_time_staff"]["value"], 1, "the file's value is the current one");
    assert_eq!(shown["params"]["min_full_time_staff"]["set_by"], "../../.ipps-check.yaml");
}

#[test]
fn no_config_ignores_even_a_broken_file_and_config_names_another() {
    let p = Project::new("fail_on: none\n");
    p.check_below("hangzhou.yaml").assert().code(2);
    p.check_below("hangzhou.yaml").arg("--no-config").assert().code(0);
    std::fs::write(p.path("other.yaml"), "fail-on: none\n").unwrap();
    p.check_below("shenzhen-futian.yaml")
        .args(["--config", "../../other.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("config: ../../other.yaml"));
    p.check_below("shenzhen-futian.yaml")
        .env("IPPS_CHECK_CONFIG", p.path("other.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("other.yaml"));
    p.check_below("hangzhou.yaml").env("IPPS_CHECK_CONFIG", p.path("other.yaml")).arg("--no-config").assert().code(0);
    p.check_below("hangzhou.yaml").env("IPPS_CHECK_CONFIG", p.path("missing.yaml")).assert().code(2).stderr(
        predicate::str::contains("missing.yaml: cannot read").and(predicate::str::contains("IPPS_CHECK_CONFIG")),
    );
    p.check_below("hangzhou.yaml").args(["--config", "x.yaml", "--no-config"]).assert().code(2);
}

#[test]
fn bad_config_files_are_located_errors() {
    let table: &[(&[u8], &str)] = &[
        (b"min_score: 80\n", ".ipps-check.yaml:1:1: unknown field `min_score`"),
        (b"min_score: 80\n", "did you mean `min-score`?"),
        (b"fail-on: none\nmin-score: lots\n", ".ipps-check.yaml:2:12:"),
        (b"fail-on: always\n", ".ipps-check.yaml:1:10: `fail-on` takes shall, should or none"),
        (b"formats:\n  - jsno:r.json\n", ".ipps-check.yaml:2:5: unknown report format `jsno`"),
        (b"formats: [text, csv]\n", "a second format to standard output"),
        (b"params:\n  min_site_aera_m2: 80\n", ".ipps-check.yaml:2:3: params: unknown rule-pack parameter"),
        (b"params:\n  min_site_aera_m2: 80\n", "did you mean `min_site_area_m2`?"),
        (b"params:\n  min_site_area_m2: big\n", ".ipps-check.yaml:2:3: params: `min_site_area_m2` takes a number"),
        (b"rules: no-such-dir\n", ".ipps-check.yaml:1:8: `rules`: no directory ../../no-such-dir"),
        (b"lang: fr\n", ".ipps-check.yaml:1:7:"),
        (b"lang: en\n---\nlang: zh\n", "several YAML documents"),
        (b"\xff\xfer\x00u\x00", "UTF-16"),
        (b"rules: [a\n", ".ipps-check.yaml:"),
        (b"x: &a [*a]\n", ".ipps-check.yaml:"),
    ];
    for (content, expected) in table {
        let p = Project::new("");
        std::fs::write(p.path(".ipps-check.yaml"), content).unwrap();
        p.check_below("hangzhou.yaml")
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*expected))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn config_paths_that_are_not_config_files() {
    let p = Project::new("");
    std::fs::write(p.path("big.yaml"), vec![b'#'; 2 * 1024 * 1024]).unwrap();
    for (path, expected) in
        [("..", "is a directory"), ("nope.yaml", "no such file"), ("../../big.yaml", "over the limit")]
    {
        p.check_below("hangzhou.yaml")
            .args(["--config", path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn version_names_the_built_in_pack() {
    let out = ipps().args(["--as-of", AS_OF, "-f", "json", &example("hangzhou.yaml")]).output().unwrap();
    let pack = &json(&out.stdout)["pack"];
    for flag in ["--version", "-V"] {
        let out = ipps().arg(flag).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("ipps-check {}\n", env!("CARGO_PKG_VERSION"))), "{text}");
        for field in ["id", "edition", "version", "content_hash"] {
            let value = pack[field].as_str().unwrap();
            assert!(text.contains(value), "{flag} lacks the pack's {field} {value}: {text}");
        }
    }
}

#[test]
fn rules_show_is_for_people_in_both_languages() {
    let en = ipps().args(["rules", "show", "6.3.2", "--lang", "en"]).output().unwrap();
    let en = String::from_utf8(en.stdout).unwrap();
    for part in [
        "6.3.2 Minimum full-time headcount",
        "level: 应 (shall)",
        "chapter: 6.3 Staffing requirements",
        "veto item: no",
        "weight: 3",
        "Full-time headcount shall meet the minimum",
        "专职人员数量应不少于下限",
        "- `staffing.full_time`: an integer, ≥ min_full_time_staff (by `platform.level`: municipal → 5 人",
        "remediation",
        "provenance: I — inferred",
        "defined in: <embedded rules>/06.3-staffing.yaml:",
        "examples: 2 passing, 2 failing",
        "min_full_time_staff by `platform.level`",
        "provenance of the default: none (I)",
    ] {
        assert!(en.contains(part), "missing {part:?} in:\n{en}");
    }
    let zh = ipps().args(["rules", "show", "6.4.11"]).env("LANG", "zh_CN.UTF-8").output().unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    for part in [
        "等级: 应",
        "条文",
        "检查",
        "- 以下全部满足：",
        "`facilities.fire_check`: 不早于评估日期前 max_days_since_fire_check (= 365 d) 天",
        "参数",
        "定义位置",
    ] {
        assert!(zh.contains(part), "missing {part:?} in:\n{zh}");
    }
    assert!(!zh.contains("shall"), "the Chinese view is Chinese:\n{zh}");
}

#[test]
fn rules_show_json_keeps_its_shape() {
    let out = ipps().args(["rules", "show", "6.3.2", "--format", "json"]).output().unwrap();
    let shown = json(&out.stdout);
    let keys: Vec<&str> = shown.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["rule", "weight", "params", "defined_in"]);
    assert_eq!(shown["rule"]["id"], "6.3.2");
    assert_eq!(shown["rule"]["check"]["given"], "/staffing/full_time");
    assert_eq!(shown["params"]["min_full_time_staff"]["provenance"], "none (I)");
    assert!(shown["params"]["min_full_time_staff"].get("set_by").is_none());
    ipps().args(["rules", "show", "6.3.99"]).assert().code(2).stderr(predicate::str::contains("did you mean"));
}

#[test]
fn rules_show_escapes_control_characters_from_a_rule_pack() {
    let dir = tempfile::tempdir().unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(&rules).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let file = dir.path().join("06.3-staffing.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("{zh: 专职服务人员,", "{zh: \"专职\\e[31m服务人员\",", 1)).unwrap();
    let out = ipps().args(["rules", "show", "6.3.1", "--lang", "zh", "--rules"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!out.stdout.contains(&0x1b), "a raw escape reached the terminal");
    assert!(String::from_utf8(out.stdout).unwrap().contains("专职\\u{1b}[31m服务人员"));
}

#[test]
fn init_starts_with_the_modeline_and_can_write_the_schema() {
    let out = ipps().arg("init").output().unwrap();
    let template = String::from_utf8(out.stdout).unwrap();
    assert_eq!(template.lines().next(), Some("# yaml-language-server: $schema=platform.schema.json"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    let out = ipps().current_dir(dir.path()).args(["init", "--schema-file", "schemas/p.json"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("# yaml-language-server: $schema=schemas/p.json\n"));
    let written: Value = serde_json::from_slice(&std::fs::read(dir.path().join("schemas/p.json")).unwrap()).unwrap();
    let printed = json(&ipps().args(["schema", "platform"]).output().unwrap().stdout);
    assert_eq!(written, printed);
    // Regenerating replaces the earlier copy; anything else is left alone.
    ipps().current_dir(dir.path()).args(["init", "--schema-file", "schemas/p.json"]).assert().code(0);
    std::fs::write(dir.path().join("platform.yaml"), "platform: {name: x}\n").unwrap();
    ipps()
        .current_dir(dir.path())
        .args(["init", "--schema-file", "platform.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("not replaced"));
    assert_eq!(std::fs::read_to_string(dir.path().join("platform.yaml")).unwrap(), "platform: {name: x}\n");
    ipps().current_dir(dir.path()).args(["init", "--schema-file", "my schema.json"]).assert().code(2);
}

#[test]
fn the_config_schema_lists_every_key() {
    let schema = json(&ipps().args(["schema", "config"]).output().unwrap().stdout);
    let keys: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["$schema", "rules", "params", "waivers", "formats", "fail-on", "min-score", "lang", "as-of", "timezone"]
    );
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn today_is_read_in_the_local_time_zone_and_the_config_names_another() {
    // UTC+14 and UTC-12 are 26 hours apart: at any moment their dates differ.
    let as_of = |cmd: &mut Command| {
        let report = json(&cmd.args(["-f", "json", &example("hangzhou.yaml")]).output().unwrap().stdout);
        let a = &report["assessments"][0];
        (a["as_of"].as_str().unwrap().to_owned(), a["time_zone"].as_str().unwrap().to_owned(), a["as_of_given"].clone())
    };
    let east = as_of(ipps().env("TZ", "Etc/GMT-14").env_remove("IPPS_AS_OF"));
    let west = as_of(ipps().env("TZ", "Etc/GMT+12").env_remove("IPPS_AS_OF"));
    assert!(east.0 > west.0, "{east:?} {west:?}");
    assert_eq!((east.1.as_str(), &east.2), ("Etc/GMT-14", &Value::Bool(false)));
    // The config's zone wins over TZ; its `as-of` over both; the flag over the config.
    let p = Project::new("timezone: Etc/GMT-14\n");
    let configured = as_of(p.run_below().env("TZ", "Etc/GMT+12").env_remove("IPPS_AS_OF"));
    assert_eq!((configured.0.as_str(), configured.1.as_str()), (east.0.as_str(), "Etc/GMT-14"));
    std::fs::write(p.path(".ipps-check.yaml"), "timezone: Asia/Shanghai\nas-of: 2026-11-20\n").unwrap();
    let given = as_of(p.run_below().env_remove("IPPS_AS_OF"));
    assert_eq!(given, ("2026-11-20".to_owned(), "Asia/Shanghai".to_owned(), Value::Bool(true)));
    let flag = as_of(p.run_below().args(["--as-of", AS_OF]));
    assert_eq!(flag.0, AS_OF);
    let text = p.run_below().env_remove("IPPS_AS_OF").arg(example("hangzhou.yaml")).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("assessed as of: 2026-11-20 (given; time zone Asia/Shanghai)"), "{text}");
    let out = ipps()
        .env("TZ", "Etc/GMT-14")
        .env_remove("IPPS_AS_OF")
        .args(["--lang", "zh", &example("hangzhou.yaml")])
        .output();
    let zh = String::from_utf8(out.unwrap().stdout).unwrap();
    assert!(zh.contains(&format!("评估日期: {}（Etc/GMT-14 时区的今天）", east.0)), "{zh}");
}
