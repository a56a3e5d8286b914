//! One realistic defect at a time, applied to a conformant platform (the Hangzhou example): each
//! must make its clause lose credit, and a defect against a requirement (应/不应) must leave the
//! platform short of 符合. A defect the checker lets through is a hole in the verdict.

use ipps_check::assess::Checker;
use ipps_check::assessment::{Status, Verdict};
use ipps_check::pack::Pack;
use ipps_check::platform::{self, LoadedPlatform};
use ipps_check::yaml::Limits;
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-25";

/// How a defect changes the document.
enum Edit {
    /// Replace (or add) the value at a pointer; `*` applies it to every item of a list.
    Set(&'static str, Value),
    /// Remove the value at a pointer.
    Remove(&'static str),
}

use Edit::{Remove, Set};

/// (what the defect is, the edits that make it, the clause that must catch it)
fn defects() -> Vec<(&'static str, Vec<Edit>, &'static str)> {
    vec![
        (
            "operator USCC with a wrong check character",
            vec![Set("/operator/uscc", json!("12330100MB1A2C3D4M"))],
            "6.1.2",
        ),
        (
            "operator listed for serious dishonesty",
            vec![Set("/operator/credit/serious_dishonesty_listed", json!(true))],
            "6.1.6",
        ),
        ("a token annual budget", vec![Set("/funding/annual_budget_cny", json!(1))], "6.1.5"),
        (
            "the operations contract ended years ago",
            vec![Set("/build_mode/contracts/0/end", json!("2023-12-31"))],
            "7.4.1",
        ),
        (
            "the last contractor review 2.5 years ago",
            vec![Set("/build_mode/contracts/0/reviews", json!([{"date": "2024-05-20", "result": "合格"}]))],
            "7.4.3",
        ),
        (
            "grade 优秀 while the indicator scores sum to 55",
            vec![Set("/evaluation/indicators/*/score", json!(11))],
            "9.1.11",
        ),
        (
            "1 STEM person recorded for the whole staff",
            vec![Set("/staffing/background", json!({"stem": 1, "law": 0, "info": 0, "other": 0}))],
            "6.3.4",
        ),
        ("every role with count 0", vec![Set("/staffing/roles/*/count", json!(0))], "6.3.3"),
        (
            "complaints answered within 365 working days",
            vec![Set("/mechanisms/complaints/response_wd", json!(365))],
            "8.2.9",
        ),
        ("a patching deadline of a year", vec![Set("/maintenance/patch_sla_days", json!(365))], "6.5.6"),
        ("a vulnerability scan once a year", vec![Set("/maintenance/vuln_scan_days", json!(365))], "6.5.6"),
        ("a rectification rate of 0", vec![Set("/evaluation/bad_review/rectification_rate_pct", json!(0))], "9.1.5"),
        (
            "bad reviews answered in 30 working days",
            vec![Set("/evaluation/bad_review/feedback_wd", json!(30))],
            "9.1.5",
        ),
        ("no visits counted", vec![Set("/evaluation/stats/visits", json!(0))], "9.1.14"),
        ("a 1 % reduction of steps", vec![Set("/process_optimization/reductions/steps_pct", json!(1))], "8.4.2"),
        ("records kept for one year", vec![Set("/records/retention_years", json!(1))], "6.5.15"),
        (
            "a standard reference that denies the standard",
            vec![Set("/platform/standard_ref", json!("本平台未执行知识产权公共服务平台建设规范"))],
            "8.3.2",
        ),
        ("three CNIPA systems all named x", vec![Set("/integrations/cnipa_systems/*/name", json!("x"))], "6.2.7"),
        ("a hotline that is not a number", vec![Set("/channels/hotline", json!("abc"))], "6.2.17"),
        (
            "a supervision phone that is not a number",
            vec![Set("/service_items/0/supervision", json!([{"kind": "phone", "value": "abc"}]))],
            "C.16",
        ),
        (
            "a registration item marked free with nothing to back it",
            vec![Set("/service_items/0/fee", json!({"free": true}))],
            "C.12",
        ),
        (
            "a pre-examination item claimed instant with nothing to back it",
            vec![Set("/service_items/0/time_limit", json!({"promised": {"instant": true}}))],
            "C.11",
        ),
        (
            "a promise longer than the statutory limit",
            vec![Set(
                "/service_items/0/time_limit",
                json!({"statutory": {"value": 5, "unit": "工作日"}, "promised": {"value": 10, "unit": "工作日"}}),
            )],
            "8.1.8",
        ),
        (
            "a promise of a month against a 10-day statute",
            vec![Set(
                "/service_items/0/time_limit",
                json!({"statutory": {"value": 10, "unit": "工作日"}, "promised": {"value": 1, "unit": "月"}}),
            )],
            "8.1.8",
        ),
        (
            "a form that can only be fetched at the window",
            vec![Set("/service_items/0/forms", json!([{"name": "专利预审请求书", "obtain": "窗口领取"}]))],
            "C.20",
        ),
        ("no public item at all", vec![Set("/service_items/*/type", json!("value_added"))], "8.1.1"),
        ("an item named x", vec![Set("/service_items/0/name", json!("x"))], "C.1"),
        ("an item code TODO", vec![Set("/service_items/0/code", json!("TODO"))], "C.2"),
        (
            "an implementing body's USCC off by one character",
            vec![Set("/service_items/0/implementing_body/uscc", json!("12330100MB1A2C3D4M"))],
            "C.4",
        ),
        ("a legal basis 同上", vec![Set("/service_items/0/basis", json!(["同上"]))], "C.5"),
        ("acceptance conditions -", vec![Set("/service_items/0/conditions", json!("-"))], "C.6"),
        ("materials 无", vec![Set("/service_items/0/materials", json!(["无"]))], "C.7"),
        ("a flowchart at http://x", vec![Set("/service_items/0/flowchart", json!("http://x"))], "C.8"),
        ("progress query 略", vec![Set("/service_items/0/progress_query", json!("略"))], "C.13"),
        ("result 待定", vec![Set("/service_items/0/result", json!("待定"))], "C.14"),
        (
            "no way to ask about an item, and no hotline",
            vec![Remove("/service_items/0/consultation"), Remove("/channels/hotline")],
            "C.15",
        ),
        ("an item without 好差评", vec![Remove("/service_items/0/review")], "C.18"),
        (
            "an item last reviewed in the future",
            vec![Set("/service_items/0/last_reviewed", json!("2030-01-01"))],
            "C.21",
        ),
        (
            "a classified-protection assessment four years old",
            vec![Set("/security/last_assessment", json!("2022-06-18"))],
            "6.5.7",
        ),
        ("a fire check dated in the future", vec![Set("/facilities/fire_check", json!("2030-01-01"))], "6.4.11"),
        (
            "a restore test three years old",
            vec![Set("/maintenance/backup/last_restore_test", json!("2023-08-21"))],
            "6.5.5",
        ),
        ("the item list published at http://x", vec![Set("/item_list/public_url", json!("http://x"))], "8.1.1"),
        ("首问负责 on the platform's word alone", vec![Set("/mechanisms/evidence", json!([]))], "8.2.1"),
        (
            "a core clause declared not applicable to dodge it",
            vec![
                Remove("/security/mlps_filing_no"),
                Set("/not_applicable", json!([{"clause": "6.2.15", "reason": "本平台暂不涉及等级保护备案工作"}])),
            ],
            "6.2.15",
        ),
        (
            "a 宜 clause declared away with a placeholder reason",
            vec![Remove("/facilities/noise_dba"), Set("/not_applicable", json!([{"clause": "6.4.8", "reason": "xx"}]))],
            "6.4.8",
        ),
    ]
}

fn apply(doc: &mut Value, edit: &Edit) {
    let (pointer, value) = match edit {
        Set(p, v) => (*p, Some(v)),
        Remove(p) => (*p, None),
    };
    let (parent, last) = pointer.rsplit_once('/').expect("an absolute pointer");
    let parents: Vec<&mut Value> = match parent.split_once("/*") {
        Some((list, rest)) => {
            let items = doc.pointer_mut(list).and_then(Value::as_array_mut).expect("the list exists");
            items
                .iter_mut()
                .map(|i| if rest.is_empty() { i } else { i.pointer_mut(rest).expect("the field exists") })
                .collect()
        }
        None => vec![doc.pointer_mut(parent).unwrap_or_else(|| panic!("{parent} exists in the example"))],
    };
    for p in parents {
        match (p, value) {
            (Value::Object(o), Some(v)) => {
                o.insert(last.to_owned(), v.clone());
            }
            (Value::Object(o), None) => {
                assert!(o.remove(last).is_some(), "{pointer} exists in the example");
            }
            (Value::Array(a), Some(v)) => a[last.parse::<usize>().unwrap()] = v.clone(),
            (other, _) => panic!("cannot edit {pointer} in {other}"),
        }
    }
}

#[test]
fn every_realistic_defect_fires_its_clause() {
    let checker = Checker::new(Pack::embedded().unwrap());
    let as_of = ipps_check::date::parse_days(AS_OF).unwrap();
    let base = platform::load_file(std::path::Path::new("examples/hangzhou.yaml"), &Limits::default()).unwrap();
    let clean = checker.assess(&base, as_of);
    assert_eq!(clean.verdict, Verdict::Conformant, "the base platform is conformant");
    let defects = defects();
    assert!(defects.len() >= 40, "{} defects", defects.len());
    let mut holes = Vec::new();
    for (what, edits, clause) in &defects {
        let before = clean.clauses.iter().find(|c| c.id == *clause).unwrap_or_else(|| panic!("no clause {clause}"));
        assert!(matches!(before.status, Status::Pass | Status::Partial), "{clause} is met before: {what}");
        let mut doc = base.value.clone();
        for e in edits {
            apply(&mut doc, e);
        }
        let mutated = LoadedPlatform { value: doc, ..base.clone() };
        let a = checker.assess(&mutated, as_of);
        let after = a.clauses.iter().find(|c| c.id == *clause).unwrap();
        // The clause loses credit; a requirement (应/不应) also costs the platform its 符合.
        let caught = matches!(after.status, Status::Fail | Status::Partial) && after.credit < before.credit - 1e-9;
        if !caught || (after.level.is_shall() && a.verdict == Verdict::Conformant) {
            holes.push(format!("{what}: {clause} is {:?}, verdict {:?}", after.status, a.verdict));
        }
    }
    assert!(holes.is_empty(), "defects the checker let through:\n{}", holes.join("\n"));
}
