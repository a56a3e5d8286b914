//! `--strict --evidence-dir` through the real binary: copies are opened, and every report format
//! lists each citation as read and matched, present but not read, refused or missing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The honest citation file with six citations whose copies are, in order: read and matched
/// (PDF), present but not read (a scan), refused (a 15-byte fake), missing (no such file), read
/// and matched (an OFD), and none named.
fn platform(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("tests/fixtures/liars/honest-citations.yaml").unwrap();
    // `mechanisms: {…, evidence: [{…}, …]}` on one line: the list is replaced.
    let start = text.find(", evidence: [{").expect("mechanisms cite documents") + 2;
    let end = start + text[start..].find("}]}\n").expect("the list ends the line") + 2;
    let evidence = r#"evidence: [{title: 服务管理制度汇编（首问负责、一次性告知、限时办结）, kind: policy, doc_no: 杭知保〔2024〕3号, date: 2024-03-01, clauses: ["8.2.1", "8.2.2", "8.2.3"], file: evidence/policy-2024-3.pdf}, {title: 杭州市知识产权保护中心公共信用信息查询报告, kind: credit_report, url: "https://www.creditchina.gov.cn/", date: 2026-10-09, clauses: ["6.1.6"], file: evidence/scan-credit-report.pdf}, {title: 收件即受理和受理凭证管理规定, kind: policy, doc_no: 杭知保〔2024〕8号, date: 2024-03-01, clauses: ["8.2.5"], file: liars/copies/fake.pdf}, {title: 未公开案卷信息查询管理规定, kind: policy, doc_no: 杭知保〔2024〕9号, date: 2024-03-01, clauses: ["8.2.11"], file: evidence/no-such-copy.pdf}, {title: 服务流程优化实施方案, kind: plan, doc_no: 杭知保〔2024〕6号, date: 2024-05-20, clauses: ["8.4.6", "8.4.7"], file: evidence/notice-2024-6.ofd}, {title: 工作人员服务规范与咨询调度管理制度, kind: policy, doc_no: 杭知保〔2023〕7号, date: 2023-06-01, clauses: ["6.3.8", "6.3.9"]}]"#;
    let path = dir.join("platform.yaml");
    std::fs::write(&path, format!("{}{evidence}{}", &text[..start], &text[end..])).unwrap();
    path
}

fn run(dir: &Path, format: &str) -> (i32, String) {
    let out = Command::cargo_bin("ipps-check")
        .unwrap()
        .args([
            "--no-config",
            "--as-of",
            "2026-11-25",
            "--strict",
            "--evidence-dir",
            "tests/fixtures",
            "--format",
            format,
        ])
        .arg(platform(dir))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_json_report_gives_every_citation_its_status_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run(dir.path(), "json");
    assert_eq!(code, 1, "strict: the declarations without copies fail");
    let json: Value = serde_json::from_str(&out).unwrap();
    let a = &json["assessments"][0];
    let cited: Vec<(&str, &str)> = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["citation"]["status"].as_str().unwrap(), d["notes"][0].as_str().unwrap_or_default()))
        .collect();
    let statuses: Vec<&str> = cited.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, ["read_and_matched", "present_not_read", "refused", "missing", "read_and_matched", "missing"]);
    assert!(cited[0].1.contains("杭知保〔2024〕3号"), "{cited:?}");
    assert!(cited[1].1.contains("no text layer"), "{cited:?}");
    assert!(cited[2].1.contains("15 bytes"), "{cited:?}");
    assert!(cited[3].1.contains("no such file"), "{cited:?}");
    assert!(cited[5].1.contains("no copy named"), "{cited:?}");
    let clause = |id: &str| a["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(clause("8.2.1")["citation"]["status"], "read_and_matched");
    assert_eq!(clause("8.2.1")["status"], "pass");
    assert_eq!(clause("6.1.6")["citation"]["status"], "present_not_read");
    assert!(clause("8.2.1")["citation"]["sha256"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(clause("8.2.5")["status"], "fail");
    assert_eq!(clause("8.2.11")["status"], "fail");
}

#[test]
fn every_other_format_lists_the_citations() {
    let dir = tempfile::tempdir().unwrap();
    for (format, words) in [
        ("text", vec!["Documents cited (6)", "[read and matched]", "[present, not read]", "[refused]", "[missing]"]),
        ("markdown", vec!["Documents cited (6)", "**read and matched**", "**refused**", "**missing**"]),
        (
            "html",
            vec![
                "Documents cited (6)",
                "class=\"read_and_matched\"",
                "class=\"present_not_read\"",
                "class=\"refused\"",
            ],
        ),
        (
            "csv",
            vec!["citations", "read and matched 《服务管理制度汇编", "refused 《收件即受理", "missing 《未公开案卷"],
        ),
        ("junit", vec!["name=\"citation\"", "read_and_matched: 《服务管理制度汇编", "refused: 《收件即受理"]),
        ("sarif", vec!["\"citations\"", "\"refused\": 1", "\"missing\": 2", "refused 《收件即受理"]),
    ] {
        let (_, out) = run(dir.path(), format);
        for w in words {
            assert!(out.contains(w), "{format} lacks {w}");
        }
    }
}

#[test]
fn without_strict_a_refused_copy_backs_nothing_and_no_copy_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("ipps-check")
        .unwrap()
        .args(["--no-config", "--as-of", "2026-11-25", "--evidence-dir", "tests/fixtures", "--format", "json"])
        .arg(platform(dir.path()))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &json["assessments"][0];
    let clause = |id: &str| a["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    // The fake copy is refused and its clause keeps only the declaration's share.
    assert_eq!(clause("8.2.5")["status"], "partial");
    assert_eq!(clause("8.2.5")["basis"], "declaration");
    // A citation naming no copy is not checked, and backs its clause as before.
    assert_eq!(clause("8.2.13")["basis"], "declaration");
    assert_eq!(clause("6.3.8")["citation"]["status"], "not_checked");
    assert_eq!(clause("6.3.8")["status"], "pass");
}
