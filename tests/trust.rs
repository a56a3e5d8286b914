//! The liar corpus: files built to reach 符合 cheaply — flags, placeholders, bad check characters,
//! future dates, blanket or pasted not-applicable declarations, no public item or one item, a file
//! that contradicts itself, and citations that prove nothing (one document for everything, a number
//! on every citation, fake copies). Each must end 不符合 or 基本符合, with the clauses that see
//! through it named, for the reason it names.

use ipps_check::assess::Checker;
use ipps_check::assessment::{Assessment, Basis, CitedDocument, CopyStatus, Status, Verdict};
use ipps_check::pack::Pack;
use ipps_check::platform::{self, LoadedPlatform};
use ipps_check::yaml::Limits;
use serde_json::Value;

const AS_OF: &str = "2026-11-25";

fn checker() -> Checker {
    Checker::new(Pack::embedded().unwrap())
}

fn load(path: &str) -> LoadedPlatform {
    platform::load_file(std::path::Path::new(path), &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn assess(checker: &Checker, p: &LoadedPlatform) -> Assessment {
    checker.assess(p, ipps_check::date::parse_days(AS_OF).unwrap())
}

fn status(a: &Assessment, id: &str) -> Status {
    a.clauses.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no clause {id}")).status
}

/// The liar does not get 符合, and each named clause sees through it.
fn caught(file: &str, clauses: &[&str]) -> Assessment {
    let a = assess(&checker(), &load(&format!("tests/fixtures/liars/{file}")));
    assert_ne!(a.verdict, Verdict::Conformant, "{file} reached 符合");
    for id in clauses {
        assert!(matches!(status(&a, id), Status::Fail | Status::Partial), "{file}: {id} is {:?}", status(&a, id));
    }
    a
}

#[test]
fn a_file_of_flags_and_placeholders_is_not_conformant() {
    let a = caught(
        "flags.yaml",
        &["6.1.2", "6.1.5", "6.2.7", "6.2.17", "6.3.3", "6.5.15", "8.1.1", "8.2.1", "C.1", "C.11", "C.12", "C.16"],
    );
    assert_eq!(a.verdict, Verdict::NonConformant);
    // The flags stand on the platform's word alone, and the report says so.
    assert!(a.basis_counts.declaration > 0 && a.basis_counts.evidence == 0);
    let declared_only = a.clauses.iter().filter(|c| c.basis == Some(Basis::Declaration)).count();
    assert!(declared_only >= 20, "{declared_only} clauses rest on declarations");
    // Every placeholder is listed with its line.
    let x = a.meaningless.iter().filter(|m| m.value == "x").count();
    assert!(x >= 30, "{x} placeholders listed");
    assert!(a.meaningless.iter().all(|m| m.at.is_some()));
    assert!(a.meaningless.iter().any(|m| m.value == "http://x" && m.reason.en.contains("no real host")));
}

#[test]
fn declaring_every_requirement_not_applicable_is_refused() {
    let a = caught("blanket-na.yaml", &["6.1.1", "6.1.6", "8.1.1"]);
    assert_eq!(a.verdict, Verdict::NonConformant);
    let shall = a.clauses.iter().filter(|c| c.level.is_shall()).count();
    assert_eq!(a.declarations.len(), shall, "the file declares every 应/不应 clause");
    // Core clauses and veto items never; the rest not with the reason "xx".
    assert!(a.declarations.iter().all(|d| d.refused.is_some()), "a declaration was accepted");
    assert!(a.declarations.iter().all(|d| d.at.is_some()), "each declaration is located");
    let veto = a.declarations.iter().find(|d| d.clause == "6.1.6").unwrap();
    assert!(veto.refused.as_ref().unwrap().en.contains("veto"), "{:?}", veto.refused);
}

#[test]
fn a_reasoned_declaration_is_accepted_but_too_many_cost_the_verdict() {
    // The same declarations, each with a reason of its own: the non-core ones are accepted, and
    // then too few requirements apply for any verdict but 不符合.
    let checker = checker();
    let text = std::fs::read_to_string("tests/fixtures/liars/blanket-na.yaml").unwrap();
    let text: String = text
        .lines()
        .map(|line| match line.split('"').nth(1).and_then(|id| checker.pack.rule(id)) {
            Some(rule) if line.contains("reason: xx") => {
                line.replace("reason: xx", &format!("reason: \"本站不承担此项：{}\"", rule.text.zh)) + "\n"
            }
            _ => format!("{line}\n"),
        })
        .collect();
    let p = platform::load_bytes("reasoned.yaml", text.as_bytes(), &Limits::default()).unwrap();
    let a = assess(&checker, &p);
    assert!(a.declarations.iter().any(|d| d.refused.is_none()), "a reasoned declaration of a non-core clause stands");
    assert!(a.declarations.iter().any(|d| d.refused.is_some()), "core clauses stay refused");
    assert!(a.applicable_shall_pct < 80.0, "{} % of the requirements apply", a.applicable_shall_pct);
    assert_eq!(a.verdict, Verdict::NonConformant);
}

#[test]
fn a_list_without_public_items_is_not_a_public_service_list() {
    caught("no-public-items.yaml", &["8.1.1"]);
}

#[test]
fn credit_codes_with_wrong_check_characters_are_caught_everywhere() {
    let a = caught("bad-checksums.yaml", &["6.1.2", "7.4.1", "C.4"]);
    let codes: Vec<&str> =
        a.meaningless.iter().filter(|m| m.reason.en.contains("check character")).map(|m| m.pointer.as_str()).collect();
    assert_eq!(codes, ["/build_mode/contracts/0/uscc", "/operator/uscc", "/service_items/0/implementing_body/uscc"]);
}

#[test]
fn past_events_dated_in_the_future_are_caught() {
    let a = caught("future-dates.yaml", &["6.5.5", "6.4.11", "C.21"]);
    let future: Vec<&str> =
        a.meaningless.iter().filter(|m| m.reason.en.contains("past event")).map(|m| m.pointer.as_str()).collect();
    for p in [
        "/platform/launched",
        "/platform/evidence/0/date",
        "/governance/policies/0/effective",
        "/security/last_assessment",
        "/facilities/fire_check",
        "/maintenance/backup/last_restore_test",
        "/standard_system/last_review",
        "/evaluation/satisfaction/0/date",
        "/improvement/last_review",
        "/service_items/0/last_reviewed",
    ] {
        assert!(future.contains(&p), "{p} not caught: {future:?}");
    }
    // A document dated in the future backs nothing.
    assert!(a.clauses.iter().all(|c| c.citation.is_none()));
}

/// Every piece of free text of a conformant platform replaced by a placeholder: the structure and
/// the flags are all still there, the content is not.
#[test]
fn a_conformant_platform_emptied_of_content_is_not_conformant() {
    fn hollow(v: &mut Value, key: Option<&str>) {
        match v {
            // Keep enumerations, dates, addresses and codes; hollow out what carries content.
            Value::String(s)
                if !matches!(
                    key,
                    Some(
                        "type"
                            | "category"
                            | "area"
                            | "kind"
                            | "role"
                            | "unit"
                            | "level"
                            | "mode"
                            | "hosting"
                            | "frequency"
                            | "procurement"
                            | "set_by"
                            | "grade"
                            | "clause"
                            | "format_version"
                    )
                ) && !s.starts_with("http")
                    && !s.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
            {
                *s = "待定".into()
            }
            Value::Array(a) => a.iter_mut().for_each(|x| hollow(x, key)),
            Value::Object(o) => o.iter_mut().for_each(|(k, x)| hollow(x, Some(k.as_str()))),
            _ => {}
        }
    }
    let checker = checker();
    let base = load("examples/hangzhou.yaml");
    assert_eq!(assess(&checker, &base).verdict, Verdict::Conformant);
    let mut value = base.value.clone();
    hollow(&mut value, None);
    let a = assess(&checker, &LoadedPlatform { value, ..base });
    assert_eq!(a.verdict, Verdict::NonConformant, "score {}", a.score);
    assert!(a.meaningless.len() > 300, "{} placeholders", a.meaningless.len());
}

#[test]
fn strict_mode_counts_declarations_as_not_met() {
    let p = load("tests/fixtures/liars/flags.yaml");
    let lenient = assess(&checker(), &p);
    let strict = assess(&checker().strict(true), &p);
    assert!(strict.strict && !lenient.strict);
    assert_eq!(status(&lenient, "8.2.1"), Status::Partial);
    assert_eq!(status(&strict, "8.2.1"), Status::Fail);
    assert!(strict.score < lenient.score);
}

/// Issue 13 (a minimum that means something): a conformant platform whose list is cut down to one
/// consultation item meets neither 8.1.1 nor Appendix C, which need Appendix A's public items
/// (parameter min_public_items); each item short is a unit not met.
#[test]
fn a_list_of_one_consultation_item_meets_neither_8_1_nor_appendix_c() {
    let checker = checker();
    let base = load("examples/hangzhou.yaml");
    let mut value = base.value.clone();
    let items = value["service_items"].as_array_mut().unwrap();
    items.retain(|i| i["category"] == "咨询");
    items.truncate(1);
    let a = assess(&checker, &LoadedPlatform { value, ..base });
    assert_ne!(a.verdict, Verdict::Conformant, "score {}", a.score);
    assert_eq!(status(&a, "8.1.1"), Status::Partial);
    for id in ["C.1", "C.2", "C.4", "C.11", "C.16", "C.21"] {
        let c = a.clauses.iter().find(|c| c.id == id).unwrap();
        assert_eq!((c.status, c.passed, c.total), (Status::Partial, 1, 4), "{id}");
        assert!(c.findings.iter().any(|f| f.pointer == "/service_items" && f.found.en == "1 entries"), "{id}");
    }
}

/// Each declaration of a liar file is refused for the reason named, and its clause is evaluated.
fn refused_for(file: &str, reason: &str) -> Assessment {
    let a = caught(file, &[]);
    assert!(!a.declarations.is_empty());
    for d in &a.declarations {
        let why = d.refused.as_ref().unwrap_or_else(|| panic!("{file}: {} was accepted", d.clause));
        assert!(why.en.contains(reason), "{file}: {} refused for another reason: {}", d.clause, why.en);
        assert_ne!(status(&a, &d.clause), Status::NotApplicable, "{file}: {} was not evaluated", d.clause);
    }
    a
}

#[test]
fn one_reason_pasted_under_eight_clauses_is_refused_for_all() {
    refused_for("pasted-reasons.yaml", "is given for 8 clauses");
}

#[test]
fn reasons_that_only_say_not_applicable_are_refused() {
    refused_for("filler-reasons.yaml", "only says “not applicable”");
}

#[test]
fn a_clause_whose_data_is_present_cannot_be_declared_away() {
    let a = refused_for("na-with-data.yaml", "holds the data it checks");
    // Evaluated on that data, which fails each of them.
    for id in ["6.4.8", "9.1.8b", "8.4.7", "6.2.23"] {
        assert_eq!(status(&a, id), Status::Fail, "{id}");
    }
}

/// A conformant description made to contradict itself in twelve places: each contradiction is
/// found at the clause it undermines, for its reason, and the file is no longer 符合.
#[test]
fn a_file_that_contradicts_itself_is_caught_at_every_contradiction() {
    let a = caught(
        "contradictions.yaml",
        &[
            "6.1.2", "6.1.5", "6.1.9", "6.2.17", "6.3.3", "7.4.1", "8.1.5", "9.1.8", "9.1.10", "9.1.14", "C.4", "C.11",
            "C.12",
        ],
    );
    let found = |id: &str, words: &str| {
        let c = a.clauses.iter().find(|c| c.id == id).unwrap();
        assert!(
            c.findings.iter().any(|f| f.found.en.contains(words) || f.expected.en.contains(words)),
            "{id} does not say “{words}”: {:?}",
            c.findings.iter().map(|f| (&f.expected.en, &f.found.en)).collect::<Vec<_>>()
        );
    };
    found("6.1.2", "beginning with 91");
    found("6.1.5", "cost 1320000 CNY a year");
    found("6.1.9", "HZ-ZSCQ-WD-2023-001 is a duplicate");
    found("6.2.17", "belongs to 广东省");
    found("6.3.3", "total 28");
    found("7.4.1", "the term starts on 2021-01-01");
    found("7.4.1", "has ended");
    found("7.4.1", "12330100MB0H2L4M6E is the code of");
    found("8.1.5", "listed once");
    found("9.1.8", "responses = 2600, sample = 1350");
    found("9.1.10", "score = 30, weight = 25");
    found("9.1.14", "actual = 31000, evaluation.stats.cases = 23614");
    found("C.4", "12330100MB0H2L4M6E is the code of");
    found("C.11", "min = 8, max = 3");
    found("C.12", "declared free");
}

// ---------------------------------------------------------------------------------------------
// Citations

/// The clauses the citation liars cite: every 应 clause that accepts a citation.
const CITED: [&str; 22] = [
    "6.1.6", "6.2.5", "6.2.6", "6.2.21", "6.3.8", "6.3.9", "6.3.11", "6.4.6", "6.4.10", "6.4.14", "6.5.4", "6.5.10",
    "6.5.17", "8.2.1", "8.2.2", "8.2.3", "8.2.5", "8.2.11", "8.4.5", "8.4.8", "8.4.9", "9.1.1",
];

fn clause<'a>(a: &'a Assessment, id: &str) -> &'a ipps_check::assessment::ClauseResult {
    a.clauses.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no clause {id}"))
}

/// Everything a clause's findings say was found.
fn found(a: &Assessment, id: &str) -> String {
    clause(a, id).findings.iter().map(|f| f.found.en.as_str()).collect::<Vec<_>>().join(" | ")
}

/// The citation at an evidence pointer.
fn cited<'a>(a: &'a Assessment, pointer: &str) -> &'a CitedDocument {
    a.citations.iter().find(|d| d.citation.pointer == pointer).unwrap_or_else(|| panic!("no citation {pointer}"))
}

/// The clause is not met on its citation, and its finding says why in these words.
fn unbacked_because(a: &Assessment, id: &str, why: &str) {
    let c = clause(a, id);
    assert_eq!(c.basis, Some(Basis::Declaration), "{id} rests on {:?}", c.basis);
    assert!(matches!(c.status, Status::Partial | Status::Fail), "{id} is {:?}", c.status);
    assert!(found(a, id).contains(why), "{id}: {}", found(a, id));
}

fn with_copies(strict: bool) -> Checker {
    checker().strict(strict).with_evidence_dir(Some("tests/fixtures".into()))
}

#[test]
fn honest_citations_back_every_clause_they_name() {
    // The file the citation liars are made from: one document of a fitting kind per subject.
    let a = assess(&checker(), &load("tests/fixtures/liars/honest-citations.yaml"));
    for id in CITED {
        let c = clause(&a, id);
        assert_eq!((c.status, c.basis), (Status::Pass, Some(Basis::Evidence)), "{id}");
    }
    assert!(a.citations.iter().all(|d| d.citation.status == CopyStatus::NotChecked && d.not_backed.is_empty()));
}

#[test]
fn one_invented_compendium_cited_for_everything_backs_only_what_a_policy_can() {
    // Issue 13: one 制度汇编 with a made-up 文号 for all 22 citable clauses, twelve reasoned N/A, one
    // consultation item. It was 符合 (84.45); now a policy backs neither the credit status, nor the
    // facilities, nor the systems, and no document backs more than the pack's share of clauses.
    let a = caught("one-compendium.yaml", &["6.1.6", "6.2.5", "6.4.6", "6.5.17", "8.2.1"]);
    assert_eq!(a.verdict, Verdict::NonConformant, "score {}", a.score);
    unbacked_because(&a, "6.1.6", "a policy cannot back 6.1.6");
    unbacked_because(&a, "6.4.6", "a policy cannot back 6.4.6");
    unbacked_because(&a, "6.5.4", "a policy cannot back 6.5.4");
    unbacked_because(&a, "8.2.1", "beyond what one document backs");
    assert!(a.warnings.iter().any(|w| w.en.contains("is cited for 22 clauses in 8 chapters")), "{:?}", a.warnings);
    let doc = cited(&a, "/mechanisms/evidence/0");
    assert!(doc.citation.kind_inferred && doc.citation.kind.as_deref() == Some("policy"));
    assert_eq!(doc.backs, ["6.3.8", "6.3.9"], "only the policy clauses within the first three chapters it names");
}

#[test]
fn a_credit_report_cited_for_unrelated_clauses_backs_only_the_credit_status() {
    let a = caught("credit-report-everywhere.yaml", &["6.4.6", "8.2.1", "9.1.1"]);
    let c = clause(&a, "6.1.6");
    assert_eq!((c.status, c.basis), (Status::Pass, Some(Basis::Evidence)));
    unbacked_because(&a, "8.2.1", "a credit report cannot back 8.2.1");
    unbacked_because(&a, "6.4.10", "a credit report cannot back 6.4.10");
    assert_eq!(cited(&a, "/mechanisms/evidence/0").backs, ["6.1.6"]);
}

#[test]
fn one_number_on_every_citation_stands_for_no_document() {
    let a = caught("one-docno.yaml", &["6.2.5", "8.2.1", "9.1.1"]);
    let official: Vec<&CitedDocument> =
        a.citations.iter().filter(|d| d.citation.doc_no.as_deref() == Some("杭知保〔2024〕1号")).collect();
    assert_eq!(official.len(), 9);
    for d in official {
        assert_eq!(d.citation.status, CopyStatus::Refused, "{}", d.citation.title);
        assert!(d.notes.iter().any(|n| n.en.contains("one 文号, one document")), "{:?}", d.notes);
    }
    unbacked_because(&a, "8.2.1", "one 文号, one document");
}

#[test]
fn a_number_without_its_serial_a_year_that_disagrees_and_a_two_character_title_back_nothing() {
    for (file, why) in [
        ("docno-without-number.yaml", "has no serial number"),
        ("docno-year.yaml", "is of 2024, but the document is dated 2019-05-10"),
        ("two-char-title.yaml", "the title “制度” has fewer than 4 characters"),
    ] {
        let a = caught(file, &["8.2.1"]);
        let d = cited(&a, "/mechanisms/evidence/8");
        assert_eq!(d.citation.status, CopyStatus::Refused, "{file}");
        assert!(d.notes.iter().any(|n| n.en.contains(why)), "{file}: {:?}", d.notes);
        unbacked_because(&a, "8.2.1", why);
        // The other citations of the file still back their clauses.
        assert_eq!(clause(&a, "8.2.2").basis, Some(Basis::Evidence), "{file}");
    }
}

#[test]
fn empty_shared_and_fake_copies_are_refused_for_what_they_are() {
    let p = load("tests/fixtures/liars/fake-copies.yaml");
    let a = assess(&with_copies(false), &p);
    assert_ne!(a.verdict, Verdict::Conformant);
    let empty = cited(&a, "/mechanisms/evidence/8");
    assert_eq!(empty.citation.status, CopyStatus::Refused);
    assert!(empty.notes[0].en.contains("the copy is 0 bytes"), "{:?}", empty.notes);
    unbacked_because(&a, "8.2.1", "the copy is 0 bytes");
    for (i, id) in [(9, "8.2.2"), (10, "8.2.3"), (11, "8.2.5")] {
        let d = cited(&a, &format!("/mechanisms/evidence/{i}"));
        assert_eq!(d.citation.status, CopyStatus::Refused, "{id}");
        assert!(d.notes.iter().any(|n| n.en.contains("is cited as different documents")), "{id}: {:?}", d.notes);
        unbacked_because(&a, id, "is cited as different documents");
    }
    // Under --strict the 15-byte PDF is no copy, and a citation without a copy backs nothing.
    let strict = assess(&with_copies(true), &p);
    let fake = cited(&strict, "/mechanisms/evidence/12");
    assert_eq!(fake.citation.status, CopyStatus::Refused);
    assert!(fake.notes[0].en.contains("the copy is 15 bytes"), "{:?}", fake.notes);
    assert_eq!(status(&strict, "8.2.11"), Status::Fail);
    let uncopied = cited(&strict, "/mechanisms/evidence/0");
    assert_eq!(uncopied.citation.status, CopyStatus::Missing);
    assert_eq!(status(&strict, "6.1.6"), Status::Fail);
}

#[test]
fn under_strict_real_copies_are_read_and_back_their_clauses() {
    // The honest file with copies of four of its documents: a credit report saved from 信用中国, a
    // policy compendium as PDF, a maintenance ledger as XLSX and a photo of the hall's signage.
    let mut p = load("tests/fixtures/liars/honest-citations.yaml");
    let evidence = serde_json::json!([
        {"title": "杭州市知识产权保护中心公共信用信息查询报告", "kind": "credit_report", "url": "https://www.creditchina.gov.cn/",
         "date": "2026-10-09", "clauses": ["6.1.6"], "file": "evidence/credit-report-2026.html"},
        {"title": "服务管理制度汇编（首问负责、一次性告知、限时办结）", "kind": "policy", "doc_no": "杭知保〔2024〕3号",
         "date": "2024-03-01", "clauses": ["8.2.1", "8.2.2", "8.2.3"], "file": "evidence/policy-2024-3.pdf"},
        {"title": "服务大厅设施设备维护记录（2026年度）", "kind": "record", "doc_no": "杭知保-WH-2026-01", "date": "2026-06-01",
         "clauses": ["6.5.17"], "file": "evidence/maintenance-log-2026.xlsx"},
        {"title": "服务大厅导向标识现场照片", "kind": "photo", "doc_no": "杭知保-ZP-2026-03", "date": "2026-03-02",
         "clauses": ["6.4.10"], "file": "evidence/hall-signage.jpg"}
    ]);
    p.value["mechanisms"]["evidence"] = evidence;
    let a = assess(&with_copies(true), &p);
    let statuses: Vec<CopyStatus> = a.citations.iter().map(|d| d.citation.status).collect();
    assert_eq!(
        statuses,
        [
            CopyStatus::ReadAndMatched,
            CopyStatus::ReadAndMatched,
            CopyStatus::ReadAndMatched,
            CopyStatus::PresentNotRead
        ]
    );
    for id in ["6.1.6", "8.2.1", "8.2.2", "8.2.3", "6.5.17", "6.4.10"] {
        let c = clause(&a, id);
        assert_eq!((c.status, c.basis), (Status::Pass, Some(Basis::Evidence)), "{id}: {}", found(&a, id));
        assert!(c.citation.as_ref().and_then(|c| c.sha256.as_deref()).is_some_and(|h| h.starts_with("sha256:")));
    }
    // Every other declaration now has no citation at all, and --strict counts it as not met.
    assert_eq!(status(&a, "8.2.5"), Status::Fail);
}
