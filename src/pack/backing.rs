//! Validating what backs a declaration: the pack's vocabulary of cited documents, each
//! declaration rule's `backed_by` kinds, and the parameters that bound a citation.

use super::compile::{CompileProblem, Located};
use super::format::{Manifest, RuleBasis};
use crate::error::did_you_mean;

/// The numeric parameters a citation is judged with (docs/trust.md), each with its least value.
pub const PARAMS: [(&str, f64); 4] = [
    ("max_clauses_per_document", 1.0),
    ("max_chapters_per_document", 1.0),
    ("min_evidence_title_chars", 1.0),
    ("min_evidence_copy_bytes", 0.0),
];

/// Every problem with the citation vocabulary, the rules' `backed_by` and the citation parameters.
pub fn validate(manifest: &Manifest, rules: &[Located]) -> Vec<CompileProblem> {
    let mut problems = Vec::new();
    let mut pack = |pointer: String, message: String| {
        problems.push(CompileProblem { file: "pack.yaml".into(), pointer, message, help: None })
    };
    if manifest.citations.kinds.is_empty() {
        pack("/citations/kinds".into(), "citations.kinds is empty: declaration rules need kinds of document".into());
    }
    for (id, kind) in &manifest.citations.kinds {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            pack(format!("/citations/kinds/{id}"), format!("kind `{id}`: ids are lower-case ASCII words joined by _"));
        }
        if kind.keywords.iter().any(|k| k.trim().is_empty()) {
            pack(format!("/citations/kinds/{id}/keywords"), format!("kind `{id}` has an empty keyword"));
        }
    }
    for (name, least) in PARAMS {
        match manifest.params.get(name).map(|p| p.value.as_f64()) {
            None => pack("/params".into(), format!("parameter `{name}` is missing: citations are judged with it")),
            Some(Some(v)) if v >= least => {}
            Some(_) => pack(format!("/params/{name}"), format!("parameter `{name}` must be a number ≥ {least}")),
        }
    }
    let known: Vec<&str> = manifest.citations.kinds.keys().map(String::as_str).collect();
    for r in rules {
        let at = |suffix: &str| format!("/rules/{}{suffix}", r.index);
        let mut add = |pointer: String, message: String, help: Option<String>| {
            problems.push(CompileProblem { file: r.file.into(), pointer, message, help })
        };
        let id = &r.rule.id;
        match (&r.rule.backed_by, r.rule.basis) {
            (None, RuleBasis::Declaration) => add(
                at("/basis"),
                format!("clause `{id}` rests on a declaration but says no kind of document can back it (`backed_by`)"),
                None,
            ),
            (Some(_), RuleBasis::Data) => add(
                at("/backed_by"),
                format!("clause `{id}` is checked on data: `backed_by` applies only to `basis: declaration`"),
                None,
            ),
            (Some(b), RuleBasis::Declaration) => {
                if b.kinds.is_empty() {
                    add(at("/backed_by/kinds"), format!("clause `{id}`: backed_by.kinds is empty"), None);
                }
                for (i, kind) in b.kinds.iter().enumerate() {
                    if !manifest.citations.kinds.contains_key(kind) {
                        add(
                            at(&format!("/backed_by/kinds/{i}")),
                            format!("clause `{id}`: `{kind}` is not a kind of citations.kinds in pack.yaml"),
                            did_you_mean(kind, &known),
                        );
                    }
                }
                if b.provenance.trim().is_empty() {
                    add(at("/backed_by/provenance"), format!("clause `{id}`: backed_by needs its provenance"), None);
                }
            }
            (None, RuleBasis::Data) => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;

    fn problems(edit: impl Fn(&mut Manifest, &mut Vec<crate::pack::Rule>)) -> Vec<String> {
        let pack = Pack::embedded().unwrap();
        let (mut manifest, mut rules) = (pack.manifest.clone(), pack.rules.clone());
        edit(&mut manifest, &mut rules);
        let located: Vec<Located> =
            rules.iter().enumerate().map(|(index, rule)| Located { file: "x.yaml", index, rule }).collect();
        validate(&manifest, &located).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn the_built_in_pack_is_consistent() {
        assert_eq!(problems(|_, _| {}), Vec::<String>::new());
    }

    #[test]
    fn declarations_need_known_kinds_and_data_rules_take_none() {
        let rule = |rules: &[crate::pack::Rule], id: &str| rules.iter().position(|r| r.id == id).unwrap();
        let p = problems(|_, rules| {
            let i = rule(rules, "8.2.1");
            rules[i].backed_by = None;
            let i = rule(rules, "6.1.6");
            if let Some(b) = rules[i].backed_by.as_mut() {
                b.kinds = vec!["credit_reprot".into()];
            }
            let policy = rules[rule(rules, "8.2.2")].backed_by.clone();
            let i = rule(rules, "6.3.1");
            rules[i].backed_by = policy;
        });
        assert!(p.iter().any(|m| m.contains("`8.2.1` rests on a declaration but says no kind")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("`credit_reprot` is not a kind")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("`6.3.1` is checked on data")), "{p:?}");
    }

    #[test]
    fn the_citation_parameters_must_be_there() {
        let p = problems(|m, _| {
            m.params.shift_remove("max_clauses_per_document");
            if let Some(x) = m.params.get_mut("max_chapters_per_document") {
                x.value = serde_json::json!(0);
            }
        });
        assert!(p.iter().any(|m| m.contains("`max_clauses_per_document` is missing")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("`max_chapters_per_document` must be a number ≥ 1")), "{p:?}");
    }
}
