//! One realistic defect at a time, applied to a conformant platform (the Hangzhou example): each
//! must make its clause lose credit for the reason it names, and a defect against a requirement
//! (应/不应) must leave the platform short of 符合. A defect the checker lets through — or catches
//! for another reason — is a hole in the verdict. A defect that is worth a look but no gap (one phone
//! number for every route) must be a note of its clause and change neither its credit nor the score.

use ipps_check::assess::Checker;
use ipps_check::assessment::{Assessment, ClauseResult, Status, Verdict};
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
    /// Any other change, written out.
    With(fn(&mut Value)),
}

use Edit::{Remove, Set, With};

/// How the checker must react.
#[derive(Clone, Copy)]
enum Expect {
    /// The clause loses credit, with a finding (or a refused declaration) naming the reason.
    Caught,
    /// The clause carries a note naming the reason; its credit and the score do not move.
    Noted,
}

use Expect::{Caught, Noted};

/// A defect: its one-line story, the edits that make it, the clause that must catch it and words
/// of the finding (English) that say why.
struct Defect {
    story: &'static str,
    edits: Vec<Edit>,
    clause: &'static str,
    reason: &'static str,
    expect: Expect,
}

fn caught(story: &'static str, edits: Vec<Edit>, clause: &'static str, reason: &'static str) -> Defect {
    Defect { story, edits, clause, reason, expect: Caught }
}

/// Declares `clauses` not applicable, each with `reason`.
fn declare(clauses: &[&str], reason: &str) -> Value {
    Value::Array(clauses.iter().map(|c| json!({"clause": c, "reason": reason})).collect())
}

fn defects() -> Vec<Defect> {
    let pasted = "本平台依托市民中心统一场所开展服务，场所条件由市民中心统一保障，本项由市民中心负责";
    vec![
        // ---- identities and codes ----
        caught(
            "operator USCC with a wrong check character",
            vec![Set("/operator/uscc", json!("12330100MB1A2C3D4M"))],
            "6.1.2",
            "check character",
        ),
        caught(
            "an enterprise code (91, registered by 市场监管) for a public protection centre",
            vec![Set("/operator/uscc", json!("91330100MA2K7P3Q5F"))],
            "6.1.2",
            "beginning with 91",
        ),
        caught(
            "a protection centre declared an IP administration department (机关, 11) with its 事业单位 code",
            vec![Set("/operator/type", json!("ip_admin_dept"))],
            "6.1.2",
            "beginning with 11",
        ),
        caught(
            "the operator's code given to the market-regulation bureau as an implementing body",
            vec![Set(
                "/service_items/2/implementing_body",
                json!({"name": "杭州市市场监督管理局", "uscc": "12330100MB1A2C3D4L"}),
            )],
            "6.1.2",
            "one unified social credit code for one body",
        ),
        caught(
            "the operator's code reused for the O&M contractor",
            vec![Set("/build_mode/contracts/0/uscc", json!("12330100MB1A2C3D4L"))],
            "7.4.1",
            "one unified social credit code for one body",
        ),
        caught(
            "the patent agency office given the protection centre's code",
            vec![Set("/service_items/1/implementing_body/uscc", json!("12330100MB1A2C3D4L"))],
            "C.4",
            "one unified social credit code for one body",
        ),
        caught(
            "an implementing body's USCC off by one character",
            vec![Set("/service_items/0/implementing_body/uscc", json!("12330100MB1A2C3D4M"))],
            "C.4",
            "check character",
        ),
        caught(
            "a contractor's code with a wrong check character",
            vec![Set("/build_mode/contracts/0/uscc", json!("91330106MA2H8Q6X1S"))],
            "7.4.1",
            "check character",
        ),
        caught(
            "one filing number for three outlets",
            vec![Set("/outlets/*/filing_no", json!("HZ-ZSCQ-WD-2023-001"))],
            "6.1.9",
            "own filing number",
        ),
        caught("an outlet without a filing number", vec![Remove("/outlets/1/filing_no")], "6.1.9", "filing_no"),
        caught(
            "the same service listed twice under two codes",
            vec![With(|doc| {
                let items = doc["service_items"].as_array_mut().unwrap();
                let mut copy = items[0].clone();
                copy["code"] = json!("330100-ZL-099");
                items.push(copy);
            })],
            "8.1.5",
            "listed once",
        ),
        caught(
            "two items under one code",
            vec![Set("/service_items/1/code", json!("330100-ZL-001"))],
            "8.1.5",
            "duplicate",
        ),
        caught("an item code TODO", vec![Set("/service_items/0/code", json!("TODO"))], "C.2", "placeholder"),
        // ---- phones ----
        caught(
            "a hotline that is not a number",
            vec![Set("/channels/hotline", json!("abc"))],
            "6.2.17",
            "plausible telephone",
        ),
        caught(
            "a Hangzhou hotline with a Shenzhen area code",
            vec![Set("/channels/hotline", json!("0755-87012330"))],
            "6.2.17",
            "belongs to 广东省",
        ),
        caught(
            "a consultation line in Guangzhou for a Hangzhou item",
            vec![Set("/service_items/0/consultation", json!([{"kind": "phone", "value": "020-87012330"}]))],
            "C.15",
            "belongs to 广东省",
        ),
        caught(
            "a complaint line in Shanghai for a Hangzhou item",
            vec![Set("/service_items/0/supervision/0", json!({"kind": "phone", "value": "021-87012330"}))],
            "C.16",
            "belongs to 上海市",
        ),
        caught(
            "a supervision phone that is not a number",
            vec![Set("/service_items/0/supervision", json!([{"kind": "phone", "value": "abc"}]))],
            "C.16",
            "plausible telephone",
        ),
        Defect {
            story: "one phone number for every consultation, complaint and hotline route",
            edits: vec![
                Set("/service_items/*/consultation", json!([{"kind": "phone", "value": "0571-87012330"}])),
                Set("/service_items/*/supervision", json!([{"kind": "phone", "value": "0571-87012330"}])),
            ],
            clause: "C.16",
            reason: "one number 057187012330",
            expect: Noted,
        },
        caught(
            "no way to ask about an item, and no hotline",
            vec![Remove("/service_items/0/consultation"), Remove("/channels/hotline")],
            "C.15",
            "missing",
        ),
        // ---- money ----
        caught(
            "a token annual budget",
            vec![Set("/funding/annual_budget_cny", json!(1))],
            "6.1.5",
            "min_annual_budget_cny",
        ),
        caught(
            "an annual budget of 200,000 元 paying a 3,960,000 元 three-year contract",
            vec![Set("/funding/annual_budget_cny", json!(200000))],
            "6.1.5",
            "covers the yearly cost",
        ),
        caught(
            "a registration item marked free with nothing to back it",
            vec![Set("/service_items/0/fee", json!({"free": true}))],
            "C.12",
            "is free",
        ),
        caught(
            "free, beside a 270 元 registration fee",
            vec![Set(
                "/service_items/0/fee/charges",
                json!([{"item": "注册费", "amount": 270, "unit": "元/类", "basis": "商标注册收费标准"}]),
            )],
            "C.12",
            "declared free",
        ),
        caught(
            "a copying fee of 5 down to 1 元 a page",
            vec![Set(
                "/service_items/0/fee",
                json!({"text": "复制按页收费", "charges": [{"item": "复制费", "amount_min": 5, "amount_max": 1, "unit": "元/页", "basis": "专利文档复制收费标准"}]}),
            )],
            "C.12",
            "fee range",
        ),
        // ---- time limits ----
        caught(
            "a promise longer than the statutory limit",
            vec![Set(
                "/service_items/0/time_limit",
                json!({"statutory": {"value": 5, "unit": "工作日"}, "promised": {"value": 10, "unit": "工作日"}}),
            )],
            "8.1.8",
            "promised",
        ),
        caught(
            "a promise of a month against a 10-day statute",
            vec![Set(
                "/service_items/0/time_limit",
                json!({"statutory": {"value": 10, "unit": "工作日"}, "promised": {"value": 1, "unit": "月"}}),
            )],
            "8.1.8",
            "promised",
        ),
        caught(
            "a statutory limit of 0 days",
            vec![Set("/service_items/0/time_limit/statutory/value", json!(0))],
            "C.11",
            "above 0",
        ),
        caught(
            "a promised limit of 0 days",
            vec![Set("/service_items/0/time_limit/promised/value", json!(0))],
            "C.11",
            "above 0",
        ),
        caught(
            "a promise of 8 down to 3 working days",
            vec![Set("/service_items/0/time_limit/promised", json!({"min": 8, "max": 3, "unit": "工作日"}))],
            "C.11",
            "minimum is not above its maximum",
        ),
        caught(
            "an average processing time of 0 days",
            vec![Set("/service_items/2/time_limit/average", json!({"value": 0, "unit": "工作日"}))],
            "C.11",
            "above 0",
        ),
        caught(
            "a pre-examination item claimed instant with nothing to back it",
            vec![Set("/service_items/0/time_limit", json!({"promised": {"instant": true}}))],
            "C.11",
            "instant",
        ),
        // ---- staff ----
        caught(
            "1 STEM person recorded for the whole staff",
            vec![Set("/staffing/background", json!({"stem": 1, "law": 0, "info": 0, "other": 0}))],
            "6.3.4",
            "total",
        ),
        caught("every role with count 0", vec![Set("/staffing/roles/*/count", json!(0))], "6.3.3", "lists the roles"),
        caught(
            "30 people in roles on a staff of 22",
            vec![Set("/staffing/roles/1/count", json!(14))],
            "6.3.3",
            "no more than the full-time",
        ),
        caught(
            "two full-time staff for a municipal platform",
            vec![Set("/staffing/full_time", json!(2))],
            "6.3.2",
            "full_time",
        ),
        // ---- contracts ----
        caught(
            "the operations contract ended years ago",
            vec![Set("/build_mode/contracts/0/end", json!("2023-12-31"))],
            "7.4.1",
            "has not ended",
        ),
        caught(
            "the contract's term text says it expired; its dates run to the end of 2026",
            vec![Set("/build_mode/contracts/0/term", json!("2021-01-01/2023-12-31（已到期）"))],
            "7.4.1",
            "the term starts on 2021-01-01",
        ),
        caught(
            "a contract recorded as ended while its end date is still to come",
            vec![Set("/build_mode/contracts/0/term", json!("合同已终止，正在重新招标"))],
            "7.4.1",
            "has ended",
        ),
        caught(
            "a one-year term written beside three years of dates",
            vec![Set("/build_mode/contracts/0/term", json!("一年"))],
            "7.4.1",
            "the term says 一年",
        ),
        caught(
            "the last contractor review 2.5 years ago",
            vec![Set("/build_mode/contracts/0/reviews", json!([{"date": "2024-05-20", "result": "合格"}]))],
            "7.4.3",
            "days before",
        ),
        caught(
            "a contract without a handover clause",
            vec![Set("/build_mode/contracts/0/handover_clause", json!(false))],
            "7.4.2",
            "handover",
        ),
        // ---- evaluation and figures ----
        caught(
            "grade 优秀 while the indicator scores sum to 55",
            vec![Set("/evaluation/indicators/*/score", json!(11))],
            "9.1.11",
            "for a total score of 55",
        ),
        caught(
            "an indicator scored 30 out of a weight of 25",
            vec![Set("/evaluation/indicators/0/score", json!(30))],
            "9.1.10",
            "more than its weight",
        ),
        caught(
            "a satisfaction survey of sample 0",
            vec![Set("/evaluation/satisfaction/1/sample", json!(0))],
            "9.1.8",
            "states its sample",
        ),
        caught(
            "more valid responses than people asked",
            vec![Set("/evaluation/satisfaction/1/responses", json!(2600))],
            "9.1.8",
            "no more valid responses than the sample",
        ),
        caught(
            "a survey of 12 answers",
            vec![Set("/evaluation/satisfaction/1/responses", json!(12))],
            "9.1.8",
            "min_survey_responses",
        ),
        caught(
            "a satisfaction survey that is a date and nothing else",
            vec![Set("/evaluation/satisfaction", json!([{"date": "2026-10-16"}]))],
            "9.1.8",
            "states its sample",
        ),
        caught(
            "the annual case KPI reported above target; the statistics count fewer cases",
            vec![Set("/goals/kpis/3/actual", json!(30000))],
            "9.1.14",
            "evaluation.stats.cases = 23614",
        ),
        caught(
            "a satisfaction KPI of 98 beside a survey result of 95.6",
            vec![Set("/goals/kpis/2/actual", json!(98))],
            "9.1.14",
            "score = 95.6",
        ),
        caught("no visits counted", vec![Set("/evaluation/stats/visits", json!(0))], "9.1.14", "visits"),
        caught(
            "a rectification rate of 0",
            vec![Set("/evaluation/bad_review/rectification_rate_pct", json!(0))],
            "9.1.5",
            "rectification",
        ),
        caught(
            "bad reviews answered in 30 working days",
            vec![Set("/evaluation/bad_review/feedback_wd", json!(30))],
            "9.1.5",
            "feedback",
        ),
        caught(
            "real-name bad reviews called back 60 % of the time",
            vec![Set("/evaluation/bad_review/callback_rate_pct", json!(60))],
            "9.1.6",
            "callback",
        ),
        caught(
            "好差评 on site not collected",
            vec![Set("/evaluation/good_bad_review/channels", json!(["online", "mobile"]))],
            "9.1.3",
            "on_site",
        ),
        caught(
            "an improvement action overdue and still open",
            vec![Set("/improvement/actions/0/status", json!("open"))],
            "9.2.2",
            "no unfinished action is past its due date",
        ),
        // ---- standards and lists ----
        caught(
            "a standard system of titles",
            vec![Set("/standard_system/standards", json!([{"title": "平台服务标准"}, {"title": "服务规范"}]))],
            "5.1",
            "has a number",
        ),
        caught(
            "standards that govern the hall and the terms, none how services are provided",
            vec![Set("/standard_system/standards/*/category", json!("通用基础"))],
            "5.1",
            "service-provision",
        ),
        caught(
            "a standard reference that denies the standard",
            vec![Set("/platform/standard_ref", json!("本平台未执行知识产权公共服务平台建设规范"))],
            "8.3.2",
            "standard_ref",
        ),
        caught("no public item at all", vec![Set("/service_items/*/type", json!("value_added"))], "8.1.1", "public"),
        caught(
            "the item list published at http://x",
            vec![Set("/item_list/public_url", json!("http://x"))],
            "8.1.1",
            "no real host",
        ),
        caught("an item list without a version", vec![Remove("/item_list/version")], "8.1.6", "version"),
        caught("an item named x", vec![Set("/service_items/0/name", json!("x"))], "C.1", "placeholder"),
        caught("a legal basis 同上", vec![Set("/service_items/0/basis", json!(["同上"]))], "C.5", "placeholder"),
        caught("acceptance conditions -", vec![Set("/service_items/0/conditions", json!("-"))], "C.6", "placeholder"),
        caught("materials 无", vec![Set("/service_items/0/materials", json!(["无"]))], "C.7", "placeholder"),
        caught(
            "a flowchart at http://x",
            vec![Set("/service_items/0/flowchart", json!("http://x"))],
            "C.8",
            "no real host",
        ),
        caught("progress query 略", vec![Set("/service_items/0/progress_query", json!("略"))], "C.13", "placeholder"),
        caught("result 待定", vec![Set("/service_items/0/result", json!("待定"))], "C.14", "placeholder"),
        caught("an item without 好差评", vec![Remove("/service_items/0/review")], "C.18", "review"),
        caught(
            "a form that can only be fetched at the window",
            vec![Set("/service_items/0/forms", json!([{"name": "专利预审请求书", "obtain": "窗口领取"}]))],
            "C.20",
            "url",
        ),
        caught(
            "an item last reviewed in the future",
            vec![Set("/service_items/0/last_reviewed", json!("2030-01-01"))],
            "C.21",
            "after the assessment date",
        ),
        caught(
            "every item last reviewed two years ago",
            vec![Set("/service_items/*/last_reviewed", json!("2024-09-15"))],
            "6.5.11",
            "days before",
        ),
        caught(
            "optimisation measures without their effect",
            vec![Remove("/process_optimization/measures/0/effect")],
            "8.4.12",
            "effect",
        ),
        caught(
            "a process without its delivery stage",
            vec![With(|doc| {
                doc["process_optimization"]["stages"].as_array_mut().unwrap().retain(|s| s["name"] != "送达");
            })],
            "E.1",
            "送达",
        ),
        caught(
            "a 1 % reduction of steps",
            vec![Set("/process_optimization/reductions/steps_pct", json!(1))],
            "8.4.2",
            "steps_pct",
        ),
        // ---- operations and facilities ----
        caught(
            "operator listed for serious dishonesty",
            vec![Set("/operator/credit/serious_dishonesty_listed", json!(true))],
            "6.1.6",
            "serious_dishonesty_listed",
        ),
        caught(
            "two major penalties in three years",
            vec![Set("/operator/credit/major_penalties_3y", json!(2))],
            "6.1.6",
            "major_penalties_3y",
        ),
        caught(
            "policies for three areas of six",
            vec![With(|doc| doc["governance"]["policies"].as_array_mut().unwrap().truncate(3))],
            "6.1.4",
            "finance",
        ),
        caught(
            "three CNIPA systems all named x",
            vec![Set("/integrations/cnipa_systems/*/name", json!("x"))],
            "6.2.7",
            "placeholder",
        ),
        caught(
            "an MLPS level 2 public service system",
            vec![Set("/security/mlps_level", json!(2))],
            "6.2.15b",
            "mlps_level",
        ),
        caught(
            "a classified-protection assessment four years old",
            vec![Set("/security/last_assessment", json!("2022-06-18"))],
            "6.5.7",
            "days before",
        ),
        caught(
            "network logs kept 30 days",
            vec![Set("/security/log_retention_days", json!(30))],
            "6.5.8",
            "log_retention_days",
        ),
        caught(
            "availability of 98 % against 99.5 %",
            vec![Set("/maintenance/availability_actual_pct", json!(98))],
            "6.5.2",
            "availability",
        ),
        caught(
            "incidents answered within two hours",
            vec![Set("/maintenance/incident_response_min", json!(120))],
            "6.5.3",
            "incident_response_min",
        ),
        caught("a patching deadline of a year", vec![Set("/maintenance/patch_sla_days", json!(365))], "6.5.6", "patch"),
        caught(
            "a vulnerability scan once a year",
            vec![Set("/maintenance/vuln_scan_days", json!(365))],
            "6.5.6",
            "scan",
        ),
        caught(
            "a restore test three years old",
            vec![Set("/maintenance/backup/last_restore_test", json!("2023-08-21"))],
            "6.5.5",
            "days before",
        ),
        caught("no emergency drill in a year", vec![Set("/maintenance/drills_last_12m", json!(0))], "6.5.9", "drills"),
        caught(
            "records kept for one year",
            vec![Set("/records/retention_years", json!(1))],
            "6.5.15",
            "retention_years",
        ),
        caught(
            "complaints answered within 365 working days",
            vec![Set("/mechanisms/complaints/response_wd", json!(365))],
            "8.2.9",
            "response_wd",
        ),
        caught("a service hall of 40 m²", vec![Set("/facilities/sites/0/area_m2", json!(40))], "6.4.2", "area_m2"),
        caught("no service window", vec![Set("/facilities/windows", json!(0))], "6.4.4", "windows"),
        caught(
            "a fire check dated in the future",
            vec![Set("/facilities/fire_check", json!("2030-01-01"))],
            "6.4.11",
            "after the assessment date",
        ),
        caught(
            "首问负责 on the platform's word alone",
            vec![Set("/mechanisms/evidence", json!([]))],
            "8.2.1",
            "no document cited",
        ),
        // ---- not-applicable declarations ----
        caught(
            "a core clause declared not applicable to dodge it",
            vec![
                Remove("/security/mlps_filing_no"),
                Set("/not_applicable", json!([{"clause": "6.2.15", "reason": "本平台暂不涉及等级保护备案工作"}])),
            ],
            "6.2.15",
            "core clause",
        ),
        caught(
            "a 宜 clause declared away with a placeholder reason",
            vec![Remove("/facilities/noise_dba"), Set("/not_applicable", declare(&["6.4.8"], "xx"))],
            "6.4.8",
            "says nothing",
        ),
        caught(
            "a 宜 clause declared away with 不适用不适用",
            vec![Remove("/facilities/noise_dba"), Set("/not_applicable", declare(&["6.4.8"], "不适用不适用"))],
            "6.4.8",
            "only says",
        ),
        caught(
            "a 宜 clause declared away with 本平台暂不适用",
            vec![Remove("/facilities/illuminance_lx"), Set("/not_applicable", declare(&["6.4.7"], "本平台暂不适用"))],
            "6.4.7",
            "only says",
        ),
        caught(
            "one reason pasted under seven clauses",
            vec![
                Remove("/facilities/noise_dba"),
                Set(
                    "/not_applicable",
                    declare(&["6.4.3", "6.4.5", "6.4.7", "6.4.8", "6.4.9", "6.4.12", "6.4.16"], pasted),
                ),
            ],
            "6.4.8",
            "7 clauses",
        ),
        caught(
            "noise of 62 dB(A) measured, and the clause declared not applicable",
            vec![
                Set("/facilities/noise_dba", json!(62)),
                Set("/not_applicable", declare(&["6.4.8"], "服务大厅设在市民中心三楼，噪声由市民中心统一监测")),
            ],
            "6.4.8",
            "holds the data it checks",
        ),
        caught(
            "a second-party survey, and third-party surveys declared not applicable",
            vec![
                Set("/evaluation/satisfaction/1/third_party", json!(false)),
                Set("/not_applicable", declare(&["9.1.8b"], "满意度调查由本中心自行组织，未委托第三方机构")),
            ],
            "9.1.8b",
            "holds the data it checks",
        ),
    ]
}

fn apply(doc: &mut Value, edit: &Edit) {
    let (pointer, value) = match edit {
        Set(p, v) => (*p, Some(v)),
        Remove(p) => (*p, None),
        With(f) => return f(doc),
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

fn clause<'a>(a: &'a Assessment, id: &str) -> &'a ClauseResult {
    a.clauses.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no clause {id}"))
}

/// Everything the report says about a clause: its findings, its notes, and why a declaration of it
/// was refused.
fn said(a: &Assessment, id: &str) -> String {
    let c = clause(a, id);
    let findings =
        c.findings.iter().chain(&c.notes).map(|f| format!("{}: {} | {}", f.pointer, f.expected.en, f.found.en));
    let refusals =
        a.declarations.iter().filter(|d| d.clause == id).filter_map(|d| d.refused.as_ref().map(|r| r.en.clone()));
    findings.chain(refusals).collect::<Vec<_>>().join(" || ")
}

#[test]
fn every_realistic_defect_fires_its_clause_for_its_reason() {
    let checker = Checker::new(Pack::embedded().unwrap());
    let as_of = ipps_check::date::parse_days(AS_OF).unwrap();
    let base = platform::load_file(std::path::Path::new("examples/hangzhou.yaml"), &Limits::default()).unwrap();
    let clean = checker.assess(&base, as_of);
    assert_eq!(clean.verdict, Verdict::Conformant, "the base platform is conformant");
    assert!(clean.clauses.iter().all(|c| c.notes.is_empty()), "the base platform has no note");
    let defects = defects();
    assert!(defects.len() >= 80, "{} defects", defects.len());
    let mut holes = Vec::new();
    for d in &defects {
        let before = clause(&clean, d.clause);
        assert!(matches!(before.status, Status::Pass | Status::Partial), "{} is met before: {}", d.clause, d.story);
        let mut doc = base.value.clone();
        for e in &d.edits {
            apply(&mut doc, e);
        }
        let mutated = LoadedPlatform { value: doc, ..base.clone() };
        let a = checker.assess(&mutated, as_of);
        let after = clause(&a, d.clause);
        let said = said(&a, d.clause);
        let hole = match d.expect {
            Caught => {
                // The clause loses credit; a requirement (应/不应) also costs the platform its 符合.
                let lost =
                    matches!(after.status, Status::Fail | Status::Partial) && after.credit < before.credit - 1e-9;
                !lost || (after.level.is_shall() && a.verdict == Verdict::Conformant)
            }
            Noted => {
                let noted = after.notes.iter().any(|w| w.found.en.contains(d.reason))
                    && a.warnings.iter().any(|w| w.en.contains(&format!("clause {} note", d.clause)));
                !noted || after.credit != before.credit || a.score != clean.score
            }
        };
        if hole || !said.contains(d.reason) {
            holes.push(format!(
                "{}: {} is {:?} ({:.2}), verdict {:?}; expected “{}” in: {said}",
                d.story, d.clause, after.status, after.credit, a.verdict, d.reason
            ));
        }
    }
    assert!(holes.is_empty(), "defects the checker let through or caught for another reason:\n{}", holes.join("\n"));
}
