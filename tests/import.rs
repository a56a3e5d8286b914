//! `ipps-check import` on real files: workbooks built here with rust_xlsxwriter, CSV in each encoding, bad input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use rust_xlsxwriter::{Format, Formula, Workbook};

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    cmd.env_remove("LANG").env_remove("LC_ALL").env("NO_COLOR", "1");
    cmd
}

/// A cell for `workbook`: text, a number, or a formula with its cached value (None: never computed).
enum C<'a> {
    T(&'a str),
    N(f64),
    F(&'a str, Option<&'a str>),
}

/// Writes rows to Sheet1 of a new workbook, then merges the given ranges (r0, c0, r1, c1).
fn workbook(dir: &Path, name: &str, rows: &[Vec<C>], merges: &[(u32, u16, u32, u16)]) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                C::T("") => {}
                C::T(s) => {
                    sheet.write_string(r, c, *s).expect("write");
                }
                C::N(n) => {
                    sheet.write_number(r, c, *n).expect("write");
                }
                C::F(f, Some(v)) => {
                    sheet.write_formula(r, c, Formula::new(*f).set_result(*v)).expect("write");
                }
                C::F(f, None) => {
                    sheet.write_formula(r, c, Formula::new(*f).set_result("")).expect("write");
                }
            }
        }
    }
    for &(r0, c0, r1, c1) in merges {
        let first = rows.get(r0 as usize).and_then(|r| r.get(c0 as usize));
        let text = match first {
            Some(C::T(s)) => *s,
            _ => "",
        };
        sheet.merge_range(r0, c0, r1, c1, text, &Format::new()).expect("merge");
    }
    let path = dir.join(name);
    book.save(&path).expect("save");
    path
}

fn t(cells: &[&'static str]) -> Vec<C<'static>> {
    cells.iter().map(|s| C::T(s)).collect()
}

const HEADER: &[&str] =
    &["序号", "事项名称", "事项类别", "实施主体", "申请材料", "承诺办结时限", "收费标准", "监督投诉方式", "相关表格"];

fn guide_rows() -> Vec<Vec<C<'static>>> {
    vec![
        t(&["某市知识产权公共服务事项实施清单（2024年8月）"]),
        t(HEADER),
        t(&[
            "1",
            "商标注册申请受理",
            "商标相关",
            "国家知识产权局商标业务某市受理窗口",
            "商标注册申请书\n申请人主体资格证明",
            "20个工作日",
            "270元/类",
            "电话投诉：0755-12315",
            "《商标注册申请书》",
        ]),
        t(&[
            "2",
            "专利权质押登记",
            "专利相关",
            "",
            "专利权质押登记申请表；专利权质押合同",
            "5个工作日",
            "不收费",
            "12315@mail.amr.sz.gov.cn",
            "在线填写，无需相关表格。",
        ]),
        vec![
            C::N(3.0),
            C::T("专利信息检索"),
            C::T("信息服务"),
            C::T(""),
            C::T("无需提交材料"),
            C::T("即办"),
            C::F("=\"不收费\"", Some("不收费")),
            C::T(""),
            C::T(""),
        ],
    ]
}

fn platform_with_items(dir: &Path, list: &Path) -> PathBuf {
    let out = dir.join("platform.yaml");
    ipps()
        .args([
            "import",
            list.to_str().expect("utf-8"),
            "--into",
            "examples/hangzhou.yaml",
            "-o",
            out.to_str().expect("utf-8"),
        ])
        .assert()
        .code(0);
    out
}

#[test]
fn an_xlsx_list_round_trips_into_a_platform_that_evaluates() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Title merged over the header's width; 实施主体 merged down over the three items.
    let list = workbook(dir.path(), "清单.xlsx", &guide_rows(), &[(0, 0, 0, 8), (2, 3, 4, 3)]);
    let platform = platform_with_items(dir.path(), &list);
    let text = std::fs::read_to_string(&platform).expect("written");
    assert!(text.contains("format_version: 2"));
    assert!(text.contains("name: 商标注册申请受理"));
    assert_eq!(text.matches("国家知识产权局商标业务某市受理窗口").count(), 3, "a merged cell belongs to every row");
    assert!(text.contains("no_materials: 无需提交材料"));
    assert!(text.contains("instant: true"));
    assert!(text.contains("no_forms: 在线填写，无需相关表格。"));
    // The rest of the example, comments included, is unchanged.
    let original = std::fs::read_to_string("examples/hangzhou.yaml").expect("example");
    assert!(text.starts_with(&original[..original.find("service_items:").expect("has items")]));
    ipps()
        .args([
            "--as-of",
            "2026-11-25",
            "--fail-on",
            "none",
            "--allow-nonconformant",
            platform.to_str().expect("utf-8"),
        ])
        .assert()
        .code(0);
}

#[test]
fn csv_in_utf8_with_and_without_bom_and_in_gb18030_read_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = "事项名称,收费标准,承诺时限\n商标变更申请受理,不收费,平均1个月\n专利登记簿副本出具,每份30元,即办\n";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(csv.as_bytes());
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(csv);
    assert!(!unmappable);
    let mut outputs = Vec::new();
    for (name, bytes) in [("utf8.csv", csv.as_bytes().to_vec()), ("bom.csv", bom), ("gb.csv", gb.into_owned())] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = ipps().current_dir(dir.path()).args(["import", name]).assert().code(0).get_output().stdout.clone();
        let text = String::from_utf8(out).expect("utf-8").replace(name, "LIST");
        assert!(text.contains("name: 专利登记簿副本出具"), "{name}: {text}");
        outputs.push(text);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn a_csv_import_loads_as_a_platform() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "事项名称,法定办结时限,收费标准\n商标注册申请受理,九个月,270元/类\n").expect("write");
    let platform = platform_with_items(dir.path(), &list);
    ipps()
        .args([
            "--as-of",
            "2026-11-25",
            "--fail-on",
            "none",
            "--allow-nonconformant",
            platform.to_str().expect("utf-8"),
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&platform).expect("written");
    assert!(text.contains("statutory:\n        value: 9\n        unit: 月"), "{text}");
}

#[test]
fn a_two_row_header_reads_法定_and_承诺_under_办结时限() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        t(&["事项名称", "办结时限", "", "收费标准"]),
        t(&["事项名称", "法定", "承诺", "收费标准"]),
        t(&["注册商标专用权质押登记", "7个工作日", "3—5个工作日", "不收费"]),
    ];
    let list = workbook(dir.path(), "two-rows.xlsx", &rows, &[(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 1, 3)]);
    ipps().args(["import", list.to_str().expect("utf-8")]).assert().code(0).stdout(
        predicate::str::contains("statutory:\n        value: 7")
            .and(predicate::str::contains("promised:\n        min: 3\n        max: 5")),
    );
}

#[test]
fn english_reordered_and_missing_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("en.csv");
    std::fs::write(&list, "Fee,Item name,Channels\n免费,Patent search,线上\n").expect("write");
    ipps().args(["import", list.to_str().expect("utf-8")]).assert().code(0).stdout(
        predicate::str::contains("- name: Patent search").and(predicate::str::contains("channels:\n    - online")),
    );
}

#[test]
fn an_unlabelled_figure_under_a_plain_header_is_an_unlabelled_limit_and_即办_is_instant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        t(&["事项名称", "办结时限", "收费标准"]),
        t(&["维权援助申请受理", "15个工作日", "详情请咨询"]),
        t(&["商标业务咨询", "即时答复", "不收费"]),
        t(&["专利权质押登记", "受理后10个工作日；复杂的20个工作日", "不收费"]),
    ];
    workbook(dir.path(), "清单.xlsx", &rows, &[]);
    ipps()
        .current_dir(dir.path())
        .args(["import", "清单.xlsx"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("unlabelled:\n        value: 15")
                .or(predicate::str::contains("unlabelled:\n        value: 15.0"))
                .and(predicate::str::contains("text: 15个工作日"))
                .and(predicate::str::contains("promised:\n        instant: true"))
                .and(predicate::str::contains("statutory").not()),
        )
        .stderr(
            predicate::str::contains("清单.xlsx:Sheet1!B4 (办结时限): several figures")
                .and(predicate::str::contains("清单.xlsx:Sheet1!C2 (收费标准):"))
                .and(predicate::str::contains("2 warnings")),
        );
}

#[test]
fn rows_merged_under_one_name_make_one_item_and_blank_or_duplicate_rows_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        t(&["事项名称", "申请材料", "事项编码"]),
        vec![C::T("专利实施许可合同备案"), C::T("备案申请表"), C::N(440304001.0)],
        t(&["", "许可合同"]),
        t(&[]),
        t(&["", "身份证明"]),
        t(&["专利实施许可合同备案", "备案申请表"]),
    ];
    let list = workbook(dir.path(), "m.xlsx", &rows, &[(1, 0, 2, 0)]);
    let out = ipps().args(["import", list.to_str().expect("utf-8")]).assert().code(0);
    let out = out.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("materials:\n    - 备案申请表\n    - 许可合同\n    - 身份证明"), "{stdout}");
    assert!(stdout.contains("code: '440304001'") || stdout.contains("code: \"440304001\""), "{stdout}");
    assert!(stderr.contains("m.xlsx:Sheet1!A5: the row has no item name"), "{stderr}");
    assert!(stderr.contains("a second item named “专利实施许可合同备案”"), "{stderr}");
}

#[test]
fn formulas_use_their_computed_value_and_a_stale_zero_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        t(&["事项名称", "收费标准"]),
        vec![C::T("商标续展"), C::F("=\"450元/类\"", Some("450元/类"))],
        vec![C::T("商标注销"), C::F("=B9", None)],
    ];
    let list = workbook(dir.path(), "f.xlsx", &rows, &[]);
    ipps()
        .args(["import", list.to_str().expect("utf-8")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("amount: 450"))
        // A generator that never computed the formula caches 0: a number where text was expected.
        .stderr(predicate::str::contains("f.xlsx:Sheet1!B3 (收费标准): a number where text was expected; kept as “0”"));
}

#[test]
fn a_number_where_text_is_expected_is_kept_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![t(&["事项名称", "受理条件"]), vec![C::N(12345.0), C::N(2.5)]];
    let list = workbook(dir.path(), "n.xlsx", &rows, &[]);
    ipps()
        .args(["import", list.to_str().expect("utf-8")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("conditions: '2.5'").or(predicate::str::contains("conditions: \"2.5\"")))
        .stderr(predicate::str::contains("Sheet1!A2 (事项名称): a number where text was expected"));
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("esc.csv");
    std::fs::write(&list, "事项名称,收费标准\n\"名\u{1b}[31m称\",\"\u{1b}]0;x\u{7}收费\"\n").expect("write");
    let out = ipps().args(["import", list.to_str().expect("utf-8")]).assert().code(0);
    let out = out.get_output();
    assert!(!out.stderr.contains(&0x1b), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn bad_spreadsheets_end_cleanly_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    let no_header = workbook(dir.path(), "no-header.xlsx", &[t(&["甲", "乙"]), t(&["1", "2"])], &[]);
    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, "事项名称,收费标准\n").expect("write");
    let binary = dir.path().join("binary.csv");
    std::fs::write(&binary, [0xFFu8, 0xFE, 0x00, 0xD8, 0x00, 0xDC, 0x81]).expect("write");
    let cases: &[(&Path, &[&str], &str)] = &[
        (&empty, &[], "no header row found"),
        (&no_header, &[], "no header row found in any sheet (Sheet1)"),
        (&fake, &[], "is not a workbook"),
        (&binary, &[], "cannot read"),
        (&dir.path().join("missing.xlsx"), &[], "no such file"),
        (&no_header, &["--sheet", "Nope"], "no sheet named “Nope”; the sheets are: Sheet1"),
        (dir.path(), &[], "is a directory"),
    ];
    for (path, extra, message) in cases {
        ipps()
            .arg("import")
            .arg(path)
            .args(*extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*message).and(predicate::str::contains("panicked").not()));
    }
}

#[test]
fn a_huge_sheet_stops_at_the_row_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("huge.csv");
    let mut text = String::from("事项名称,收费标准\n");
    for i in 0..100_000 {
        text.push_str(&format!("事项{i},不收费\n"));
    }
    std::fs::write(&csv, text).expect("write");
    ipps()
        .arg("import")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than 20000 rows (raise the limit with --max-rows)"));

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "事项名称").expect("write");
    sheet.write_string(0, 1, "收费标准").expect("write");
    for r in 1..100_000u32 {
        sheet.write_string(r, 0, "事项").expect("write");
        sheet.write_string(r, 1, "不收费").expect("write");
    }
    let xlsx = dir.path().join("huge.xlsx");
    book.save(&xlsx).expect("save");
    ipps().arg("import").arg(&xlsx).assert().code(2).stderr(predicate::str::contains("more than 20000 rows"));
}

#[test]
fn outputs_never_replace_an_input_and_are_written_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "事项名称,收费标准\n商标变更,不收费\n").expect("write");
    let platform = dir.path().join("p.yaml");
    std::fs::copy("examples/county-pilot.yaml", &platform).expect("copy");
    let before = std::fs::read(&platform).expect("read");
    for target in [&list, &platform] {
        ipps()
            .arg("import")
            .arg(&list)
            .arg("--into")
            .arg(&platform)
            .arg("-o")
            .arg(target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("would overwrite an input"));
    }
    assert_eq!(std::fs::read(&platform).expect("read"), before);
    // A platform file in flow style cannot be edited in place: nothing is written.
    let flow = dir.path().join("flow.yaml");
    std::fs::write(&flow, "{format_version: 2, platform: {name: x}, service_items: [{name: a}]}\n").expect("write");
    let out = dir.path().join("out.yaml");
    ipps().arg("import").arg(&list).arg("--into").arg(&flow).arg("-o").arg(&out).assert().code(2);
    assert!(!out.exists());
}

#[test]
fn a_mapping_file_replaces_the_built_in_one_and_is_validated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "服务项目,价格\n商标变更,不收费\n").expect("write");
    let map = dir.path().join("map.yaml");
    std::fs::write(&map, "columns:\n  name: [服务项目]\n  fee: [价格]\n").expect("write");
    ipps()
        .arg("import")
        .arg(&list)
        .arg("--map")
        .arg(&map)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("free: true"));
    std::fs::write(&map, "columns:\n  name: [服务项目]\n  price: [价格]\n").expect("write");
    ipps()
        .arg("import")
        .arg(&list)
        .arg("--map")
        .arg(&map)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("map.yaml:3"));
    ipps()
        .args(["import", "--map-schema"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"time_limit_statutory\""));
    ipps().args(["import", "--show-map"]).assert().code(0).stdout(predicate::str::contains("法定办结时限"));
}

#[test]
fn the_yinchuan_example_is_what_import_writes() {
    let example = std::fs::read_to_string("examples/yinchuan.yaml").expect("example");
    ipps()
        .args(["import", "examples/yinchuan-implementation-list.xlsx", "--into", "examples/yinchuan.yaml"])
        .assert()
        .code(0)
        .stdout(example)
        .stderr(
            predicate::str::contains("12 items")
                .and(predicate::str::contains("48 of 48 cells"))
                .and(predicate::str::contains("1 warnings")),
        );
}

/// Issue 14: columns headed 网上办理, 窗口办理 and 便民服务 fill channels and facilitation; a 好差评 cell
/// saying 一件一评 opens rating; the list's title gives the items' type unless --type says otherwise.
/// The wordings are the Shenzhen guide's (S02, items 6 and 30).
#[test]
fn handling_columns_facilitation_好差评_and_the_type_from_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        t(&["某市知识产权公共服务事项清单"]),
        t(&["事项名称", "网上办理", "窗口办理", "便民服务", "办理时限", "“好差评”情况"]),
        t(&[
            "专利实施许可合同备案办理",
            "是",
            "深圳市南山区学府路软件产业基地4栋 C 座6楼",
            "申请人可自主选择线上或线下办理渠道。",
            "7个工作日内进行审查并决定是否予以备案。",
            "已开展“好差评”",
        ]),
        t(&[
            "知识产权法律、政策事务咨询",
            "否",
            "是",
            "各业务受理窗口，统一提供咨询、引导等服务",
            "咨询问题即时答复。",
            "推行咨询服务一件一评，完善评价反馈机制，确保“差评” 件件有整改、有反馈。",
        ]),
    ];
    workbook(dir.path(), "清单.xlsx", &rows, &[]);
    let out = ipps().current_dir(dir.path()).args(["import", "清单.xlsx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let yaml = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let doc: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let items = doc["service_items"].as_array().unwrap();
    assert_eq!(items[0]["channels"], serde_json::json!(["online", "window"]), "{yaml}");
    assert_eq!(items[0]["location"], "深圳市南山区学府路软件产业基地4栋 C 座6楼");
    assert_eq!(items[1]["channels"], serde_json::json!(["window"]), "{yaml}");
    assert_eq!(items[1]["facilitation"], serde_json::json!(["各业务受理窗口，统一提供咨询、引导等服务"]));
    assert_eq!(items[0]["time_limit"]["unlabelled"], serde_json::json!({"value": 7, "unit": "工作日"}));
    assert_eq!(items[1]["time_limit"]["promised"], serde_json::json!({"instant": true}));
    assert_eq!(items[1]["review"]["enabled"], true);
    assert!(items.iter().all(|i| i["type"] == "public"), "{yaml}");
    assert!(stderr.contains("type: public for the 2 items") && stderr.contains("0 warnings"), "{stderr}");
    // --type wins over the title.
    let out = ipps().current_dir(dir.path()).args(["import", "清单.xlsx", "--type", "value_added"]).output().unwrap();
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(yaml.matches("type: value_added").count(), 2, "{yaml}");
}

#[test]
fn sheet_on_a_csv_says_csv_has_no_sheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("list.csv"), "事项名称,收费标准\n专利申请受理,不收费\n").unwrap();
    ipps()
        .current_dir(dir.path())
        .args(["import", "list.csv", "--sheet", "公共服务清单"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a CSV file has no sheets").and(predicate::str::contains("omit --sheet")));
}

/// The audit table beside a fixture: for each clause column, the items a careful reader marks as a gap (✗).
fn audited_gaps(markdown: &str) -> (Vec<String>, std::collections::BTreeSet<(String, usize)>, usize) {
    let mut columns = Vec::new();
    let mut gaps = std::collections::BTreeSet::new();
    let mut items = 0;
    for line in markdown.lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        if cells.first() == Some(&"item") {
            columns = cells[1..].iter().map(|c| (*c).to_owned()).collect();
        } else if let Ok(n) = cells[0].parse::<usize>() {
            items = items.max(n);
            for (clause, mark) in columns.iter().zip(&cells[1..]) {
                assert!(["✓", "✗", "—"].contains(mark), "{line}");
                if *mark == "✗" {
                    gaps.insert((clause.clone(), n));
                }
            }
        }
    }
    (columns, gaps, items)
}

/// Issue 14: two more published lists (tests/fixtures/lists/, each with its source, date and transcription
/// notes) import without a warning, and the checker finds exactly the Appendix C gaps that a careful reader
/// finds item by item (the table beside each fixture).
#[test]
fn real_lists_import_and_the_checker_finds_what_a_reader_finds() {
    use ipps_check::assess::Checker;
    let checker = Checker::new(ipps_check::pack::Pack::embedded().unwrap());
    for (name, body, cells) in [
        ("zhongshan-minzhong-weiquan", "民众街道知识产权维权援助服务站", "28 of 28 cells"),
        ("harbin-12330", "黑龙江省知识产权服务中心", "5 of 5 cells"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().join("platform.yaml");
        std::fs::write(&base, format!("format_version: 2\nplatform:\n  name: {body}\n")).unwrap();
        let out = dir.path().join("imported.yaml");
        let list = format!("tests/fixtures/lists/{name}.xlsx");
        let run = ipps().args(["import", &list, "--into"]).arg(&base).arg("-o").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains(cells) && stderr.contains("0 warnings"), "{name}: {stderr}");
        let audit = std::fs::read_to_string(format!("tests/fixtures/lists/{name}.md")).unwrap();
        let (columns, expected, items) = audited_gaps(&audit);
        assert_eq!(columns.len(), 21, "{name}: the table covers C.1–C.21");
        let platform = ipps_check::platform::load_file(&out, &ipps_check::yaml::Limits::default()).unwrap();
        let a = checker.assess(&platform, ipps_check::date::parse_days("2026-11-25").unwrap());
        let mut found = std::collections::BTreeSet::new();
        for clause in &columns {
            let c = a.clauses.iter().find(|c| &c.id == clause).unwrap();
            for f in &c.findings {
                let item =
                    f.pointer.strip_prefix("/service_items/").and_then(|r| r.split('/').next()?.parse::<usize>().ok());
                if let Some(i) = item {
                    found.insert((clause.clone(), i + 1));
                }
            }
        }
        let missed: Vec<_> = expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&expected).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{name}: the reader's gaps the checker missed {missed:?}; gaps only the checker found {extra:?}"
        );
        assert_eq!(items, platform.value["service_items"].as_array().unwrap().len(), "{name}");
        // The table is not trivially all gaps: some elements are met.
        assert!(expected.len() < items * 21, "{name}");
    }
}
