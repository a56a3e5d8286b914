//! `ipps-check export-list`: the round trip `import (export-list P)` gives back P's service items
//! (a property over generated items, and the bundled platforms), every gap is one filled,
//! commented cell, and `--from` changes nothing of the city's workbook but fills and comments.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use ipps_check::export;
use ipps_check::import::{Limits, Mapping, import_file};
use ipps_check::model::ServiceItem;
use proptest::prelude::*;
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-25";
const EXAMPLES: [&str; 4] = ["hangzhou", "shenzhen-futian", "county-pilot", "yinchuan"];

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").expect("binary builds");
    cmd.env_remove("LANG").env_remove("LC_ALL").env("NO_COLOR", "1").env("IPPS_AS_OF", AS_OF);
    cmd
}

fn items_of(platform: &Path) -> Vec<ServiceItem> {
    let v: Value = serde_saphyr::from_str(&std::fs::read_to_string(platform).unwrap()).unwrap();
    serde_json::from_value(v["service_items"].clone()).unwrap()
}

/// The items as `ipps-check import` makes them: read, then typed from the list's title.
fn imported(list: &Path) -> Vec<ServiceItem> {
    let mapping = Mapping::embedded().unwrap();
    let mut import = import_file(list, None, &mapping, &Limits::default()).unwrap();
    ipps_check::import::items::fill_from_list(&mut import.items, import.title.as_ref(), None);
    import.items.into_iter().map(|i| i.item).collect()
}

/// The keys `export-list` warned would not read back, as (item, key).
fn warned(stderr: &str) -> BTreeSet<(usize, String)> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("warning: service_items[")?;
            let (n, rest) = rest.split_once(']')?;
            let key = rest.split('`').nth(1)?;
            Some((n.parse().ok()?, key.to_owned()))
        })
        .collect()
}

#[test]
fn the_bundled_platforms_come_back_except_where_a_warning_says() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let platform = PathBuf::from(format!("examples/{name}.yaml"));
        let out = dir.path().join(format!("{name}.xlsx"));
        let run = ipps().args(["export-list", "--lang", "zh"]).arg(&platform).arg("-o").arg(&out).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        let original = items_of(&platform);
        let back = imported(&out);
        assert_eq!(back.len(), original.len(), "{name}: one row per item");
        let differences: BTreeSet<(usize, String)> =
            export::differences(&original, &back).into_iter().map(|d| (d.item, d.key)).collect();
        assert_eq!(differences, warned(&String::from_utf8_lossy(&run.stderr)), "{name}: every difference is reported");
        // Only wording the cell parsers cannot hold differs: a fee's basis without 《》, a fee
        // unit with an aside, 无需提交材料 written as a material.
        for (_, key) in &differences {
            assert!(matches!(key.as_str(), "fee" | "materials" | "no_materials"), "{name}: {key} does not come back");
        }
    }
}

#[test]
fn a_list_imported_from_a_city_workbook_comes_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let first = imported(Path::new("examples/yinchuan-implementation-list.xlsx"));
    // The platform as `import` writes it, then exported and imported again.
    let platform = dir.path().join("p.yaml");
    let yaml = ipps()
        .args(["import", "examples/yinchuan-implementation-list.xlsx", "-q", "--into", "examples/yinchuan.yaml"])
        .output()
        .unwrap()
        .stdout;
    std::fs::write(&platform, yaml).unwrap();
    let out = dir.path().join("list.xlsx");
    let run = ipps().args(["export-list"]).arg(&platform).arg("-o").arg(&out).output().unwrap();
    assert!(warned(&String::from_utf8_lossy(&run.stderr)).is_empty());
    let second = imported(&out);
    assert!(export::differences(&first, &second).is_empty());
    assert_eq!(serde_json::to_value(&first).unwrap(), serde_json::to_value(&second).unwrap());
}

/// The cells of a sheet that have a fill of ours, from the workbook's XML: (sheet part, cell ref).
fn filled_cells(path: &Path) -> BTreeSet<String> {
    let parts = parts(path);
    let styles = part(&parts, "xl/styles.xml");
    let doc = roxmltree::Document::parse(&styles).unwrap();
    let fills: Vec<roxmltree::Node> =
        doc.descendants().find(|n| n.has_tag_name("fills")).unwrap().children().filter(|n| n.is_element()).collect();
    let ours: BTreeSet<usize> = fills
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.descendants().any(|c| {
                c.has_tag_name("fgColor")
                    && matches!(c.attribute("rgb"), Some("FFFFC7CE" | "FFFFEB9C" | "00FFC7CE" | "00FFEB9C"))
            })
        })
        .map(|(i, _)| i)
        .collect();
    let xfs: Vec<roxmltree::Node> =
        doc.descendants().find(|n| n.has_tag_name("cellXfs")).unwrap().children().filter(|n| n.is_element()).collect();
    let filled_xf: BTreeSet<usize> = xfs
        .iter()
        .enumerate()
        .filter(|(_, x)| x.attribute("fillId").and_then(|f| f.parse().ok()).is_some_and(|f: usize| ours.contains(&f)))
        .map(|(i, _)| i)
        .collect();
    let sheet = part(&parts, "xl/worksheets/sheet1.xml");
    let doc = roxmltree::Document::parse(&sheet).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter(|c| c.attribute("s").and_then(|s| s.parse().ok()).is_some_and(|s: usize| filled_xf.contains(&s)))
        .map(|c| c.attribute("r").unwrap().to_owned())
        .collect()
}

fn commented_cells(path: &Path) -> BTreeSet<String> {
    let parts = parts(path);
    let Some((_, bytes)) = parts.iter().find(|(n, _)| n.starts_with("xl/comments")) else { return BTreeSet::new() };
    let text = String::from_utf8(bytes.clone()).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants().filter(|n| n.has_tag_name("comment")).map(|c| c.attribute("ref").unwrap().to_owned()).collect()
}

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
    String::from_utf8(parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}")).1.clone()).unwrap()
}

fn rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(sheet).unwrap().rows().map(<[Data]>::to_vec).collect()
}

/// The findings of the JSON report that point into service_items.
fn item_findings(platform: &Path) -> usize {
    let out = ipps().args(["--format", "json"]).arg(platform).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["assessments"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| matches!(c["status"].as_str(), Some("fail" | "partial" | "error")))
        .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["location"]["pointer"].as_str().is_some_and(|p| p.starts_with("/service_items")))
        .count()
}

#[test]
fn every_gap_is_listed_and_marked_by_one_fill_and_one_comment() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["county-pilot", "shenzhen-futian"] {
        let platform = PathBuf::from(format!("examples/{name}.yaml"));
        let out = dir.path().join(format!("{name}.xlsx"));
        ipps().args(["export-list", "-q", "--lang", "en"]).arg(&platform).arg("-o").arg(&out).assert().code(0);
        let book: Xlsx<_> = open_workbook(&out).unwrap();
        assert_eq!(book.sheet_names(), ["实施清单", "Gaps"]);
        let gaps = rows(&out, "Gaps");
        assert_eq!(gaps.len() - 1, item_findings(&platform), "{name}: one row per finding on an item");
        let filled = filled_cells(&out);
        let commented = commented_cells(&out);
        assert!(!filled.is_empty());
        assert_eq!(filled, commented, "{name}: each marked cell has one fill and one comment");
        // Every cell the Gaps sheet names is one of them.
        let named: BTreeSet<String> = gaps[1..].iter().map(|r| r[1].to_string()).filter(|c| !c.is_empty()).collect();
        assert_eq!(named, filled, "{name}");
    }
}

#[test]
fn from_the_original_only_fills_and_comments_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let original = Path::new("examples/yinchuan-implementation-list.xlsx");
    let out = dir.path().join("marked.xlsx");
    ipps()
        .args(["export-list", "-q", "--lang", "zh", "examples/yinchuan.yaml", "--from"])
        .arg(original)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let before = parts(original);
    let after = parts(&out);
    let changed = ["[Content_Types].xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"];
    for (name, bytes) in &before {
        let (_, now) = after.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} was dropped"));
        if !changed.contains(&name.as_str()) {
            assert_eq!(bytes, now, "{name} changed");
        }
    }
    let added: Vec<&str> =
        after.iter().map(|(n, _)| n.as_str()).filter(|n| !before.iter().any(|(b, _)| b == n)).collect();
    assert_eq!(added, ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet1.xml.rels"]);
    // The values are the same, every cell in its place; the items read back the same.
    assert_eq!(rows(original, "公共服务清单"), rows(&out, "公共服务清单"));
    assert_eq!(serde_json::to_value(imported(original)).unwrap(), serde_json::to_value(imported(&out)).unwrap());
    let filled = filled_cells(&out);
    assert_eq!(filled, commented_cells(&out));
    // The list has no 办结时限 column: the item's name carries that gap, and says so.
    assert!(filled.contains("B4"));
    let comments = part(&after, "xl/comments1.xml");
    assert!(comments.contains("（本清单无“办结时限”列）"), "{}", &comments[..400]);
}

#[test]
fn bad_originals_and_outputs_are_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("list.csv");
    std::fs::write(&csv, "事项名称,收费标准\n专利检索,免费\n").unwrap();
    let out = dir.path().join("out.xlsx");
    ipps()
        .args(["export-list", "examples/yinchuan.yaml", "--from"])
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".xlsx"));
    assert!(!out.exists());
    let copy = dir.path().join("copy.xlsx");
    std::fs::copy("examples/yinchuan-implementation-list.xlsx", &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    ipps().args(["export-list", "examples/yinchuan.yaml", "--from"]).arg(&copy).arg("-o").arg(&copy).assert().code(2);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

// ---- The property: generated items, as a list states them, come back. ----

fn words(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    const WORDS: [&str; 20] = [
        "专利",
        "商标",
        "受理",
        "审查",
        "窗口",
        "提交",
        "申请",
        "办理",
        "服务",
        "中心",
        "知识产权",
        "登记",
        "证明",
        "质押",
        "检索",
        "咨询",
        "许可",
        "备案",
        "变更",
        "地理标志",
    ];
    prop::collection::vec(prop::sample::select(WORDS.to_vec()), n).prop_map(|w| w.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(words(1..=3), 1..=3).prop_map(|p| p.join("，")), 1..=2)
        .prop_map(|lines| lines.join("\n"))
}

fn list(inner: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(inner, 1..=4)
}

fn duration() -> impl Strategy<Value = Value> {
    let unit = prop::sample::select(vec!["工作日", "自然日", "周", "月", "小时", "年"]);
    prop_oneof![
        (1u32..=90, unit.clone()).prop_map(|(v, u)| json!({"value": f64::from(v), "unit": u})),
        (1u32..=20, 1u32..=20, unit)
            .prop_map(|(a, d, u)| json!({"min": f64::from(a), "max": f64::from(a + d), "unit": u})),
        Just(json!({"instant": true})),
    ]
}

fn time_limit() -> impl Strategy<Value = Value> {
    (prop::option::of(duration()), prop::option::of(duration()), prop::option::of(duration()))
        .prop_filter("a limit", |(s, p, a)| s.is_some() || p.is_some() || a.is_some())
        .prop_map(|(s, p, a)| json!({"statutory": s, "promised": p, "average": a}))
}

fn fee() -> impl Strategy<Value = Value> {
    let item = prop::option::of(prop::sample::select(vec!["复制", "查阅", "登记", "证明", "检索", "续展", "变更"]));
    let unit = prop::sample::select(vec!["元/件", "元/类", "元/份", "元/次", "元"]);
    let charge = (item, 1u32..=2000, unit).prop_map(|(i, a, u)| json!({"item": i, "amount": f64::from(a), "unit": u}));
    prop_oneof![
        Just(json!({"free": true})),
        Just(json!({"free": false, "charges": [{"set_by": "notice"}]})),
        (prop::collection::vec(charge, 1..=3), prop::option::of(Just("查询")))
            .prop_filter("one charge without a name", |(c, _)| c.iter().skip(1).all(|c| !c["item"].is_null()))
            .prop_map(|(mut charges, free)| {
                charges.extend(free.map(|f| json!({"item": f, "free": true})));
                json!({"free": false, "charges": charges})
            }),
    ]
}

fn contact() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            prop::option::of(prop::sample::select(vec!["咨询电话", "电话投诉", "监督电话"])),
            0u32..100,
            prop::sample::select(vec!["0755-881277", "010-623566", "0951-60211"])
        )
            .prop_map(|(n, d, p)| json!({"kind": "phone", "value": format!("{p}{d:02}"), "note": n})),
        (prop::option::of(Just("投诉邮箱")), "[a-z]{3,8}")
            .prop_map(|(n, u)| json!({"kind": "email", "value": format!("{u}@amr.gov.cn"), "note": n})),
        (prop::option::of(Just("网上投诉")), "[a-z]{3,8}")
            .prop_map(|(n, u)| json!({"kind": "online", "value": format!("https://{u}.gov.cn"), "note": n})),
        (prop::option::of(Just("现场咨询")), Just("政务服务中心一楼知识产权综合窗口"))
            .prop_map(|(n, v)| json!({"kind": "window", "value": v, "note": n})),
        Just(json!({"kind": "letter", "value": "来信寄至市知识产权局办公室收"})),
        Just(json!({"kind": "wechat", "value": "关注市场监管局微信公众号留言咨询"})),
    ]
}

fn form() -> impl Strategy<Value = Value> {
    prop_oneof![
        words(2..=3).prop_map(|n| json!({"name": format!("{n}申请表")})),
        (words(2..=3), "[a-z]{2,6}")
            .prop_map(|(n, u)| json!({"name": format!("{n}表"), "url": format!("https://ip.gov.cn/{u}.doc")})),
        (words(2..=3), prop::sample::select(vec!["服务窗口现场领取", "关注公众号获取"]))
            .prop_map(|(n, o)| json!({"name": format!("{n}申请书"), "obtain": o})),
    ]
}

fn subset<T: Clone + std::fmt::Debug + 'static>(all: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    let n = all.len();
    prop::sample::subsequence(all, 1..=n).prop_shuffle()
}

fn item() -> impl Strategy<Value = Value> {
    let category = prop::sample::select(vec![
        "专利",
        "商标",
        "地理标志",
        "集成电路布图设计",
        "维权援助",
        "咨询",
        "信息服务",
        "其他",
    ]);
    let channels = subset(vec![
        "online",
        "window",
        "mail",
        "hotline",
        "email",
        "wechat",
        "mini_program",
        "app",
        "self_service_terminal",
        "agency",
    ]);
    let review = (any::<bool>(), prop::option::of(subset(vec!["on_site", "online", "mobile", "sms", "hotline"])))
        .prop_map(|(on, ch)| json!({"enabled": on, "channels": if on { ch } else { None }}));
    let head = (
        words(2..=4),
        prop::option::of("[0-9]{6}-[A-Z]{2}-[0-9]{3}"),
        prop::option::of(category),
        prop::option::of(prop::sample::select(vec!["public", "value_added"])),
        prop::option::of((words(2..=3), prop::option::of("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"))),
        prop::option::of(text()),
        prop::option::of(list(words(2..=4).prop_map(|w| format!("《{w}条例》")))),
        prop::option::of(text()),
    );
    let middle = (
        prop_oneof![
            list(words(2..=3)).prop_map(|m| json!({"materials": m})),
            Just(json!({"no_materials": "无需提交材料"}))
        ],
        prop::option::of(text()),
        prop::option::of("[a-z]{3,8}".prop_map(|u| format!("https://ip.gov.cn/{u}.png"))),
        prop::option::of(channels),
        prop::option::of(text()),
        prop::option::of(Just("工作日 9:00-12:00、14:00-17:30")),
        prop::option::of(time_limit()),
        prop::option::of(fee()),
    );
    let tail = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop::collection::vec(contact(), 1..=3)),
        prop::option::of(prop::collection::vec(contact(), 1..=3)),
        prop::option::of(list(words(2..=4))),
        prop::option::of(list(words(2..=4))),
        prop_oneof![
            prop::collection::vec(form(), 1..=3).prop_map(|f| json!({"forms": f})),
            Just(json!({"no_forms": "在线填写，无需相关表格"}))
        ],
        (prop::option::of(review), prop::option::of((2020u32..=2026, 1u32..=12, prop::option::of(1u32..=28)))),
    );
    (head, middle, tail).prop_map(|(h, m, t)| {
        let (name, code, category, kind, body, description, basis, conditions) = h;
        let (materials, process, flowchart, channels, location, hours, time_limit, fee) = m;
        let (progress, result, consultation, supervision, facilitation, quality, forms, (review, date)) = t;
        let mut item = json!({
            "name": name, "code": code, "category": category, "type": kind,
            "implementing_body": body.map(|(n, u)| json!({"name": n, "uscc": u})),
            "description": description, "basis": basis, "conditions": conditions, "process": process,
            "flowchart": flowchart, "channels": channels, "location": location, "hours": hours,
            "time_limit": time_limit, "fee": fee, "progress_query": progress, "result": result,
            "consultation": consultation, "supervision": supervision, "facilitation": facilitation,
            "quality_guarantees": quality, "review": review,
            "last_reviewed": date.map(|(y, mo, d)| match d { Some(d) => format!("{y}-{mo:02}-{d:02}"), None => format!("{y}-{mo:02}") }),
        });
        for extra in [materials, forms] {
            for (k, v) in extra.as_object().unwrap() {
                item[k] = v.clone();
            }
        }
        item
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What a list can state comes back from the cells `export-list` writes.
    #[test]
    fn generated_items_come_back_from_their_cells(items in prop::collection::vec(item(), 1..=6)) {
        let items: Vec<ServiceItem> = serde_json::from_value(Value::Array(items)).unwrap();
        let mapping = Mapping::embedded().unwrap();
        let grid = export::grid(&items, &mapping);
        let back = export::read_back(&grid, &mapping);
        let differences = export::differences(&items, &back);
        prop_assert!(differences.is_empty(), "{:?}\n{:#?}\n{:#?}", differences,
            differences.first().map(|d| serde_json::to_value(&items[d.item]).unwrap()[&d.key].clone()),
            differences.first().map(|d| serde_json::to_value(&back[d.item]).unwrap()[&d.key].clone()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// The same through a real workbook file: written, then read by `import` from disk.
    #[test]
    fn generated_items_come_back_from_the_workbook_file(items in prop::collection::vec(item(), 1..=4)) {
        let dir = tempfile::tempdir().unwrap();
        let items: Vec<ServiceItem> = serde_json::from_value(Value::Array(items)).unwrap();
        let mapping = Mapping::embedded().unwrap();
        let grid = export::grid(&items, &mapping);
        let about = export::list::About { platform: "平台", file: "p.yaml", as_of: AS_OF, lang: ipps_check::text::Lang::Zh };
        let bytes = export::list::workbook(&about, &grid, &[]).unwrap();
        let path = dir.path().join("list.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let back = imported(&path);
        // `import` names the category of an item whose row states none from its name (…检索 →
        // 信息服务), as it does for any list: what comes back is P as import reads a list.
        let expected: Vec<ServiceItem> = items
            .iter()
            .cloned()
            .map(|mut i| {
                i.category = i.category.or_else(|| ipps_check::import::cells::labels::category_from_name(&i.name));
                i
            })
            .collect();
        let differences = export::differences(&expected, &back);
        prop_assert!(differences.is_empty(), "{:?}\n{:#?}\n{:#?}", differences,
            differences.first().map(|d| serde_json::to_value(&items[d.item]).unwrap()[&d.key].clone()),
            differences.first().map(|d| serde_json::to_value(&back[d.item]).unwrap()[&d.key].clone()));
    }
}
