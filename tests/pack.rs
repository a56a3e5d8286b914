//! The default rule pack as a whole: complete against the clause catalog, every example behaves,
//! and no rule requires professional certificates (clause 6.3.5).

use ipps_check::assess::Checker;
use ipps_check::pack::{Check, Level, Pack};

fn pack() -> Pack {
    Pack::embedded().expect("the embedded pack loads")
}

/// The clause catalog (clauses.md) the pack is cross-checked against. It is the committee's
/// working document and travels beside the checkout (`../shared/spec/clauses.md`), not inside it:
/// `.ci/run` sets `IPPS_CATALOG` so that CI always runs the cross-check; a clone on its own says
/// that it skipped it instead of failing.
fn catalog_text() -> Option<String> {
    match std::env::var_os("IPPS_CATALOG") {
        Some(path) => Some(
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("IPPS_CATALOG={} cannot be read: {e}", path.to_string_lossy())),
        ),
        None => match std::fs::read_to_string("../shared/spec/clauses.md") {
            Ok(text) => Some(text),
            Err(_) => {
                eprintln!(
                    "note: the clause catalog (../shared/spec/clauses.md) is not beside this checkout; \
                     the catalog cross-check is skipped (set IPPS_CATALOG=PATH to run it; CI does)"
                );
                None
            }
        },
    }
}

/// Clause ids and levels of clauses.md §7.
fn catalog(text: &str) -> Vec<(String, String)> {
    let start = text.find("## 7. Clause catalog").expect("§7 exists");
    let end = text.find("## 8. Suggested rule-file parameters").expect("§8 exists");
    text[start..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 6 {
                return None;
            }
            let id = cells[1];
            let looks_like_id = id.chars().next().is_some_and(|c| c.is_ascii_digit() || ('A'..='E').contains(&c))
                && id.contains('.')
                && !id.contains(' ');
            looks_like_id.then(|| (id.to_owned(), cells[4].to_owned()))
        })
        .collect()
}

#[test]
fn every_catalog_clause_is_a_rule_with_its_level() {
    let Some(text) = catalog_text() else { return };
    let pack = pack();
    let catalog = catalog(&text);
    assert_eq!(catalog.len(), 200, "the catalog counts 200 clause entries");
    let mut problems = Vec::new();
    for (id, level) in &catalog {
        match pack.rule(id) {
            None => problems.push(format!("{id}: no rule")),
            Some(r) if r.level.as_str() != level => {
                problems.push(format!("{id}: level {} in the pack, {level} in the catalog", r.level.as_str()))
            }
            Some(_) => {}
        }
    }
    for r in &pack.rules {
        if !catalog.iter().any(|(id, _)| *id == r.id) {
            problems.push(format!("{}: not in the catalog", r.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_example_behaves() {
    let checker = Checker::new(pack());
    let report = ipps_check::ruletest::run(&checker, "");
    let lines: Vec<String> =
        report.failures.iter().map(|f| format!("{} {}: {}", f.rule, f.example, f.problem)).collect();
    assert!(lines.is_empty(), "{}", lines.join("\n"));
    assert!(report.checked >= 2 * 198, "{} examples", report.checked);
}

fn pointers(check: &Check, out: &mut Vec<String>) {
    out.extend(check.given.clone());
    for c in check.all.iter().chain(check.any.iter()).flatten() {
        pointers(c, out);
    }
    if let Some(cmp) = check.tests.get("compare") {
        for v in [&cmp["left"], &cmp["right"]] {
            if let Some(s) = v.as_str() {
                out.push(s.to_owned());
            }
        }
    }
}

#[test]
fn no_rule_requires_professional_certificates() {
    for rule in &pack().rules {
        let mut used = Vec::new();
        for check in rule.check.iter().chain(rule.applies_when.as_ref().map(|a| &a.check)) {
            pointers(check, &mut used);
        }
        let json = serde_json::to_string(&rule.check).unwrap();
        assert!(
            !used.iter().any(|p| p.starts_with("/staffing/certificates")) && !json.contains("/staffing/certificates"),
            "clause {} tests certificates, which clause 6.3.5 forbids",
            rule.id
        );
    }
    // The test itself must be able to fail: a rule that reads the certificates field is caught.
    let mut offending = pack().rule("6.3.1").cloned().unwrap();
    offending.check.as_mut().unwrap().given = Some("/staffing/certificates".into());
    let mut used = Vec::new();
    pointers(offending.check.as_ref().unwrap(), &mut used);
    assert!(used.iter().any(|p| p.starts_with("/staffing/certificates")));
    let clause = pack().rule("6.3.5").cloned().expect("6.3.5 is encoded");
    assert_eq!(clause.level, Level::Informative);
    assert!(clause.check.is_none());
}

#[test]
fn every_catalog_parameter_is_a_pack_parameter() {
    let pack = pack();
    // Names changed where the pack's form is clearer; grade bands are scoring settings.
    let renamed = [
        ("backup_frequency", "backup_frequencies"),
        ("max_years_since_standard_review", "max_days_since_standard_review"),
    ];
    let Some(text) = catalog_text() else { return };
    let start = text.find("## 8. Suggested rule-file parameters").unwrap();
    let end = text.find("## 9.").unwrap();
    for line in text[start..end].lines().filter(|l| l.starts_with("| `")) {
        let name = line.split('`').nth(1).unwrap();
        if name == "grade_bands" {
            assert!(!pack.manifest.scoring.grade_bands.is_empty());
            continue;
        }
        let name = renamed.iter().find(|(from, _)| *from == name).map(|(_, to)| *to).unwrap_or(name);
        assert!(pack.manifest.params.contains_key(name), "parameter {name} missing from pack.yaml");
    }
}

#[test]
fn build_mode_rules_apply_only_to_their_mode() {
    for rule in pack().rules.iter().filter(|r| r.chapter == "7") {
        let mode = match rule.id.as_str() {
            id if id.starts_with("7.1.") => "自建",
            id if id.starts_with("7.2.") => "共建",
            id if id.starts_with("7.3.") => "联建",
            id if id.starts_with("7.4.") => "委托建设",
            _ => continue,
        };
        let cond = serde_json::to_string(&rule.applies_when).unwrap();
        assert!(cond.contains(mode), "{} should apply only with {mode}: {cond}", rule.id);
    }
}

#[test]
fn veto_items_are_requirements() {
    for rule in pack().rules.iter().filter(|r| r.veto) {
        assert!(rule.level.is_shall(), "{} is a veto item but not a requirement", rule.id);
    }
}

#[test]
fn rule_files_validate_against_the_rule_file_schema() {
    let schema = ipps_check::pack::rule_file_schema();
    let validator = jsonschema::validator_for(&schema).expect("the rule-file schema compiles");
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "pack.yaml") {
            continue;
        }
        let doc: serde_json::Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    // The schema can fail: a misspelt test, and a wrong option type.
    let bad = serde_json::json!({"rules": [{"id": "x", "chapter": "4", "level": "应", "title": {"zh": "", "en": ""},
        "text": {"zh": "", "en": ""}, "remediation": {"zh": "", "en": ""}, "provenance": {"code": "I"},
        "check": {"given": "/platform", "schem": {}}}]});
    assert!(!validator.is_valid(&bad));
    let bad_option = serde_json::json!({"given": "/x", "age_days": {"max": "old"}});
    let check_validator =
        jsonschema::validator_for(&serde_json::json!({"$defs": schema["$defs"], "$ref": "#/$defs/Check"})).unwrap();
    assert!(!check_validator.is_valid(&bad_option));
    assert!(check_validator.is_valid(&serde_json::json!({"given": "/x", "age_days": {"max": {"$param": "p"}}})));
}

/// Every `given` of a check (and of its sub-checks), with whether its test judges nodes one by one.
fn leaves(check: &Check, out: &mut Vec<(String, bool)>) {
    if let Some(g) = &check.given {
        let whole_selection = check.tests.contains_key("covers") || check.tests.contains_key("sum");
        out.push((g.clone(), !whole_selection && check.quantifier == Default::default()));
    }
    for c in check.all.iter().chain(check.any.iter()).flatten() {
        leaves(c, out);
    }
}

/// Each item's sub-lists three times over: more forms, charges and contacts, the same items.
fn with_longer_sub_lists(doc: &serde_json::Value) -> serde_json::Value {
    let mut doc = doc.clone();
    let items = doc.get_mut("service_items").and_then(|v| v.as_array_mut()).expect("service items");
    for item in items {
        for path in ["/forms", "/fee/charges", "/consultation", "/supervision", "/basis", "/materials"] {
            if let Some(list) = item.pointer_mut(path).and_then(|v| v.as_array_mut()) {
                let copy = list.clone();
                list.extend(copy.iter().cloned());
                list.extend(copy);
            }
        }
    }
    doc
}

/// Issue 14: a clause over the service items scores one unit per item, whatever sub-lists its checks
/// walk (C.20 walks every form) and however many checks it has (C.4 checks the name and the USCC).
#[test]
fn clauses_over_items_score_one_unit_per_item() {
    use ipps_check::pointer::Pointer;
    let pack = pack();
    let examples = ["hangzhou", "shenzhen-futian", "county-pilot", "yinchuan"];
    let docs: Vec<serde_json::Value> = examples
        .iter()
        .map(|name| {
            let path = std::path::PathBuf::from(format!("examples/{name}.yaml"));
            ipps_check::platform::load_file(&path, &ipps_check::yaml::Limits::default()).expect("example").value
        })
        .collect();
    let mut checked = 0;
    for (rule, plan) in pack.rules.iter().zip(&pack.plans) {
        let (Some(check), Some(compiled)) = (&rule.check, &plan.check) else { continue };
        let mut found = Vec::new();
        leaves(check, &mut found);
        if !found.iter().any(|(g, _)| g.starts_with("/service_items/*")) {
            continue;
        }
        checked += 1;
        let only_items = found.iter().all(|(g, per_node)| g.starts_with("/service_items/*") && *per_node);
        for (name, doc) in examples.iter().zip(&docs) {
            let items = doc["service_items"].as_array().map_or(0, Vec::len) as u32;
            let o = ipps_check::engine::evaluate(compiled, doc, 0);
            let longer = ipps_check::engine::evaluate(compiled, &with_longer_sub_lists(doc), 0);
            assert_eq!(
                (o.passed, o.total),
                (longer.passed, longer.total),
                "{} on {name}: the units depend on how long the items' sub-lists are",
                rule.id
            );
            if only_items {
                assert!(o.total <= items, "{} on {name}: {} units for {items} items", rule.id, o.total);
            }
            // Findings still point at the failing part of an item, not at the item as a whole.
            for g in &o.gaps {
                assert!(!g.pointer.is_empty(), "{} on {name}: a finding without a place", rule.id);
            }
        }
    }
    assert!(checked >= 30, "{checked} rules over service items");
    // The property can fail: the longer lists select more nodes than there are items.
    let forms = Pointer::parse("/service_items/*/forms/*").unwrap();
    let longer = with_longer_sub_lists(&docs[0]);
    assert!(forms.select(&longer).len() > docs[0]["service_items"].as_array().unwrap().len());
    // C.20's findings point at the form that lacks its address.
    let c20 = ipps_check::engine::evaluate(
        pack.plan("C.20").unwrap().check.as_ref().unwrap(),
        &serde_json::json!({
            "service_items": [{"name": "a", "forms": [{"name": "f1", "url": "https://x.cn/1"}, {"name": "f2"}]},
                {"name": "b", "no_forms": "在线填写，无需表格"}, {"name": "c", "no_forms": "在线填写，无需表格"},
                {"name": "d", "forms": [{"name": "f3", "url": "https://x.cn/3"}]}]
        }),
        0,
    );
    assert_eq!((c20.passed, c20.total), (3, 4));
    assert_eq!(c20.gaps[0].pointer, "/service_items/0/forms/1");
}

/// Issue 14: following a rule's advice must never make a file fail to load. Every field a rule's
/// text, remediation, expectation, manual note or evidence names is a field of the format.
#[test]
fn rule_wording_names_only_fields_of_the_format() {
    let unknown = ipps_check::pack::wording::unknown_fields(&pack());
    let lines: Vec<String> = unknown
        .iter()
        .map(|u| format!("{} {}: `{}` {}", u.rule, u.key, u.name, u.hint.clone().unwrap_or_default()))
        .collect();
    assert!(lines.is_empty(), "{} stale names:\n{}", lines.len(), lines.join("\n"));
    // The test can fail: C.16's remediation as it was before version 2.
    let mut stale = pack();
    let c16 = stale.rules.iter_mut().find(|r| r.id == "C.16").unwrap();
    c16.remediation.zh =
        "为每个事项填写至少一种监督投诉渠道（service_items[].supervision.phone、.email 或 .url）".into();
    let found: Vec<String> = ipps_check::pack::wording::unknown_fields(&stale).into_iter().map(|u| u.name).collect();
    assert_eq!(
        found,
        ["service_items[].supervision.phone", "service_items[].supervision.email", "service_items[].supervision.url"]
    );
}
