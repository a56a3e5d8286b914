//! The liar corpus: files built to reach 符合 cheaply — flags, placeholders, bad check characters,
//! future dates, blanket not-applicable declarations, no public item. Each must end 不符合 or
//! 基本符合, with the clauses that see through it named.

use ipps_check::assess::Checker;
use ipps_check::assessment::{Assessment, Basis, Status, Verdict};
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
    // The same declarations with a real reason: the non-core ones are accepted, and then too few
    // requirements apply for any verdict but 不符合.
    let text = std::fs::read_to_string("tests/fixtures/liars/blanket-na.yaml").unwrap();
    let text = text.replace("reason: xx", "reason: 本平台仅提供线上咨询服务，不涉及该项要求");
    let p = platform::load_bytes("reasoned.yaml", text.as_bytes(), &Limits::default()).unwrap();
    let a = assess(&checker(), &p);
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
