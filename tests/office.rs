//! The Word and Excel reports read back: every XML part of the docx parses and holds the verdict,
//! every gap's clause id and the hashes; fonts, page numbers and table widths are what Word needs;
//! the workbooks open in calamine with the sheets, rows and values the report says.

use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

const AS_OF: &str = "2026-11-25";
const EXAMPLES: [&str; 4] = ["hangzhou", "shenzhen-futian", "county-pilot", "yinchuan"];

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    // The time zone is stated in the reports: fixed, so that they read the same on every machine.
    cmd.env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .env("IPPS_AS_OF", AS_OF)
        .env("TZ", "Asia/Shanghai");
    cmd
}

fn example(name: &str) -> String {
    format!("examples/{name}.yaml")
}

/// The JSON report of some platforms, for what the binary reports must agree with.
fn json(files: &[String]) -> Value {
    let out = ipps().args(["--format", "json", "--lang", "zh"]).args(files).output().unwrap();
    serde_json::from_slice(&out.stdout).expect("json report")
}

fn platforms(report: &Value) -> Vec<Value> {
    match report.get("assessments") {
        Some(Value::Array(p)) => p.clone(),
        _ => vec![report.clone()],
    }
}

fn gap_ids(platform: &Value) -> Vec<String> {
    platform["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| matches!(c["status"].as_str(), Some("fail" | "partial" | "error")))
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every part of a zip package, uncompressed.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The text of each paragraph of a WordprocessingML part, one per line; a table cell's
/// paragraphs joined by ` | ` so rows stay on a line.
fn paragraphs(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("document.xml parses");
    let mut out = Vec::new();
    for row in doc.descendants().filter(|n| n.has_tag_name("tr") || (n.has_tag_name("p") && !in_table(n))) {
        let text = |n: roxmltree::Node| -> String {
            n.descendants()
                .filter_map(|t| match t.tag_name().name() {
                    "t" => t.text().map(str::to_owned),
                    "br" => Some("\n".into()),
                    "tab" => Some("\t".into()),
                    _ => None,
                })
                .collect()
        };
        if row.has_tag_name("tr") {
            let cells: Vec<String> = row.children().filter(|c| c.has_tag_name("tc")).map(text).collect();
            out.push(cells.join(" | "));
        } else {
            out.push(text(row));
        }
    }
    out.join("\n")
}

fn in_table(n: &roxmltree::Node) -> bool {
    n.ancestors().any(|a| a.has_tag_name("tc"))
}

#[test]
fn the_word_report_holds_the_verdict_every_gap_and_the_hashes() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let path = dir.path().join(format!("{name}.docx"));
        ipps()
            .args(["--lang", "zh", "-f"])
            .arg(format!("docx:{}", path.display()))
            .arg(example(name))
            .assert()
            .code(predicates::ord::le(1));
        let report = &platforms(&json(&[example(name)]))[0];
        let parts = parts(&path);
        for (n, bytes) in &parts {
            if n.ends_with(".xml") || n.ends_with(".rels") {
                roxmltree::Document::parse(std::str::from_utf8(bytes).unwrap())
                    .unwrap_or_else(|e| panic!("{name}: {n} does not parse: {e}"));
            }
        }
        let text = paragraphs(&part(&parts, "word/document.xml"));
        assert!(text.contains(report["verdict_label"].as_str().unwrap()), "{name}: verdict");
        assert!(text.contains(report["sha256"].as_str().unwrap()), "{name}: file hash");
        assert!(text.contains(report_pack_hash()), "{name}: pack hash");
        for id in gap_ids(report) {
            assert!(text.lines().any(|l| l.starts_with(&format!("{id} "))), "{name}: gap {id} has no heading");
        }
        assert!(text.contains("评估人（签字）") && text.contains("审核人（签字）"), "{name}: sign-off");
        for c in report["citations"].as_array().unwrap() {
            let title = c["citation"]["title"].as_str().unwrap();
            assert!(text.contains(title), "{name}: the cited document {title} is not listed");
        }
    }
}

fn report_pack_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let v = json(&[example("hangzhou")]);
        v["pack"]["content_hash"].as_str().unwrap().to_owned()
    })
}

#[test]
fn word_gets_cjk_fonts_page_numbers_and_tables_within_a4_portrait() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.docx");
    ipps()
        .args(["--lang", "en", "-f"])
        .arg(format!("docx:{}", path.display()))
        .arg(example("county-pilot"))
        .assert()
        .code(1);
    let parts = parts(&path);
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains("w:eastAsia=\"宋体\""), "body font");
    assert!(styles.contains("w:eastAsia=\"黑体\""), "heading font");
    assert!(styles.contains("<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\""), "languages");
    let fonts = part(&parts, "word/fontTable.xml");
    assert!(fonts.contains("<w:altName w:val=\"SimSun\"/>") && fonts.contains("<w:altName w:val=\"SimHei\"/>"));
    let footer = part(&parts, "word/footer1.xml");
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "), "{footer}");
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).unwrap();
    let w = |n: roxmltree::Node, name: &str| {
        n.attributes().find(|a| a.name() == name).and_then(|a| a.value().parse::<u32>().ok()).unwrap_or(0)
    };
    let page = doc.descendants().find(|n| n.has_tag_name("pgSz")).unwrap();
    let margins = doc.descendants().find(|n| n.has_tag_name("pgMar")).unwrap();
    assert_eq!((w(page, "w"), w(page, "h")), (11906, 16838), "A4 portrait");
    let text_width = w(page, "w") - w(margins, "left") - w(margins, "right");
    let tables: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("tbl")).collect();
    assert!(tables.len() > 10);
    for t in tables {
        let sum: u32 = t.descendants().filter(|n| n.has_tag_name("gridCol")).map(|g| w(g, "w")).sum();
        assert!(sum <= text_width, "a table of {sum} twips is wider than the text ({text_width})");
        let layout = t.descendants().find(|n| n.has_tag_name("tblLayout")).unwrap();
        assert_eq!(layout.attributes().next().map(|a| a.value()), Some("fixed"));
    }
    // Every table's header row repeats on each page it runs over.
    assert!(document.contains("<w:tblHeader/>"));
}

#[test]
fn the_word_report_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.docx");
    ipps()
        .args(["--lang", "zh", "-f"])
        .arg(format!("docx:{}", path.display()))
        .arg(example("hangzhou"))
        .assert()
        .code(predicates::ord::le(1));
    let text = paragraphs(&part(&parts(&path), "word/document.xml"));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"ipps-check \d+\.\d+\.\d+", "ipps-check [VERSION]");
    settings.add_filter(r"sha256:[0-9a-f]{64}", "sha256:[HASH]");
    settings.bind(|| insta::assert_snapshot!("docx_document_text_hangzhou", text));
}

#[test]
fn a_batch_writes_one_word_document_per_platform_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let files: Vec<String> = EXAMPLES.iter().map(|n| example(n)).collect();
    ipps().args(["--lang", "zh", "-f"]).arg(format!("docx:{}/", out.display())).args(&files).assert().code(1);
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want: Vec<String> = EXAMPLES.iter().map(|n| format!("{n}.docx")).collect();
    want.sort();
    assert_eq!(names, want);
    // One Word file cannot hold a batch: the message says what to do instead.
    let one = dir.path().join("one.docx");
    ipps()
        .args(["-f"])
        .arg(format!("docx:{}", one.display()))
        .args(&files)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("docx:reports/").and(predicates::str::contains("committee-docx")));
    assert!(!one.exists());
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn the_committee_document_ranks_every_platform() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("committee.docx");
    let files: Vec<String> = EXAMPLES.iter().map(|n| example(n)).collect();
    ipps().args(["--lang", "zh", "-f"]).arg(format!("committee-docx:{}", path.display())).args(&files).assert().code(1);
    let text = paragraphs(&part(&parts(&path), "word/document.xml"));
    let report = json(&files);
    for p in platforms(&report) {
        assert!(text.contains(p["platform"].as_str().unwrap()), "{}", p["platform"]);
    }
    for heading in ["一、排名", "二、各章得分", "三、最常未满足的条款", "编制人（签字）"] {
        assert!(text.contains(heading), "{heading}");
    }
}

fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
}

#[test]
fn the_workbook_of_one_platform_has_its_summary_chapters_clauses_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, names) in [
        ("en", ["Summary", "Chapters", "Clauses", "Citations", "Gaps"]),
        ("zh", ["概况", "章节", "条款", "所引文件", "差距"]),
    ] {
        let path = dir.path().join(format!("{lang}.xlsx"));
        ipps()
            .args(["--lang", lang, "-f"])
            .arg(format!("xlsx:{}", path.display()))
            .arg(example("hangzhou"))
            .assert()
            .code(0);
        assert_eq!(sheet_names(&path), names);
        let report = &platforms(&json(&[example("hangzhou")]))[0];
        let citations = sheet_rows(&path, names[3]);
        let cited = report["citations"].as_array().unwrap();
        assert!(!cited.is_empty(), "the example cites documents");
        assert_eq!(citations.len() - 1, cited.len(), "one row per cited document");
        let gaps = sheet_rows(&path, names[4]);
        assert_eq!(gaps.len() - 1, gap_ids(report).len(), "one row per gap under the header");
        let clauses = sheet_rows(&path, names[2]);
        assert_eq!(clauses.len() - 1, report["clauses"].as_array().unwrap().len());
        let summary = sheet_rows(&path, names[0]);
        assert!(summary.iter().any(|r| r.iter().any(|c| *c == report["sha256"].as_str().unwrap())));
    }
}

#[test]
fn a_batch_workbook_adds_the_ranking_and_the_clause_by_platform_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.xlsx");
    let files: Vec<String> = EXAMPLES.iter().map(|n| example(n)).collect();
    ipps().args(["--lang", "en", "-f"]).arg(format!("xlsx:{}", path.display())).args(&files).assert().code(1);
    assert_eq!(sheet_names(&path), ["Summary", "Ranking", "Chapters", "Clauses", "Clause x Platform", "Gaps"]);
    let report = json(&files);
    let all = platforms(&report);
    let ranking = sheet_rows(&path, "Ranking");
    assert_eq!(ranking.len() - 1, all.len());
    let matrix = sheet_rows(&path, "Clause x Platform");
    assert_eq!(matrix.len() - 1, all.len());
    assert_eq!(matrix[0].len() - 3, all[0]["clauses"].as_array().unwrap().len());
    let gaps = sheet_rows(&path, "Gaps");
    assert_eq!(gaps.len() - 1, all.iter().map(|p| gap_ids(p).len()).sum::<usize>());
    // The best platform first.
    let best = all.iter().max_by(|a, b| a["score"].as_f64().partial_cmp(&b["score"].as_f64()).unwrap()).unwrap();
    assert_eq!(ranking[1][1].to_string(), best["platform"].as_str().unwrap());
}

/// A platform whose name and values would start formulas and whose name is 5,000 characters long.
fn hostile_platform(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("examples/county-pilot.yaml").unwrap();
    let long = format!("=HYPERLINK(\"http://evil\",\"x\")+{}", "长".repeat(5000));
    let text = text.replacen("name: 某县知识产权公共服务站", &format!("name: '{long}'"), 1);
    assert!(text.contains("HYPERLINK"), "the example's name moved");
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn values_that_start_formulas_stay_text_and_long_values_are_cut() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_platform(dir.path());
    let (xlsx, docx) = (dir.path().join("r.xlsx"), dir.path().join("r.docx"));
    ipps()
        .args(["-f"])
        .arg(format!("xlsx:{}", xlsx.display()))
        .arg("-f")
        .arg(format!("docx:{}", docx.display()))
        .arg(&input)
        .assert()
        .code(1);
    let parts = parts(&xlsx);
    for (n, bytes) in &parts {
        if n.starts_with("xl/worksheets/") && n.ends_with(".xml") {
            assert!(!String::from_utf8_lossy(bytes).contains("<f>"), "{n} holds a formula");
        }
    }
    assert!(part(&parts, "xl/styles.xml").contains("quotePrefix=\"1\""), "the name is marked as text");
    let summary = sheet_rows(&xlsx, "Summary");
    let name = summary.iter().find(|r| r[0] == "Platform").unwrap()[1].to_string();
    assert!(name.starts_with("=HYPERLINK"), "{name}");
    let length = 5000 + "=HYPERLINK(\"http://evil\",\"x\")+".chars().count();
    assert!(name.ends_with(&format!("… ({length} chars)")), "cut as other formats cut it: {name}");
    let document = part(&self::parts(&docx), "word/document.xml");
    assert!(!document.contains(&"长".repeat(300)), "the docx repeats the whole name");
    assert!(document.contains(&format!("({length} chars)")));
}

#[test]
fn a_binary_report_is_never_written_to_a_terminal_and_files_are_replaced_whole() {
    // Not a terminal here (a pipe): the bytes go through, as to a redirected file.
    let out = ipps().args(["-f", "xlsx", &example("hangzhou")]).output().unwrap();
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
    // A report over an input is refused before anything is written.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.yaml");
    std::fs::copy(example("hangzhou"), &input).unwrap();
    ipps().args(["-f"]).arg(format!("docx:{}", input.display())).arg(&input).assert().code(2);
    assert_eq!(std::fs::read(&input).unwrap(), std::fs::read(example("hangzhou")).unwrap());
}
