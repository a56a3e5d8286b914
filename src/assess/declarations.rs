//! The platform's `not_applicable` declarations, judged by the pack's policy: a core clause or a
//! veto item can never be declared away, a conditional policy must hold on the platform, a reason
//! must say something once the words that say nothing are taken out, one reason pasted under many
//! clauses is no reason, and a clause whose data the file holds is evaluated on that data. A
//! refused declaration is listed with why, and the clause is evaluated as usual.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::assessment::Declaration;
use crate::engine;
use crate::meaning::is_placeholder;
use crate::pack::{NaPlan, Pack, Trust};
use crate::similar::{Profile, fold};
use crate::text::Text;
use crate::yaml::SourceMap;

/// Every declaration of the original document (`doc` is the cleaned one the rules read), judged.
pub fn judge(original: &Value, doc: &Value, map: &SourceMap, pack: &Pack, as_of: i64) -> Vec<Declaration> {
    let ids: BTreeSet<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let all: Vec<&str> = ids.iter().copied().collect();
    let trust = &pack.manifest.trust;
    let items: Vec<&Value> =
        original.pointer("/not_applicable").and_then(Value::as_array).into_iter().flatten().collect();
    let reasons: Vec<(&str, &str)> = items
        .iter()
        .map(|i| {
            let field = |k: &str| i.get(k).and_then(Value::as_str).unwrap_or_default();
            (field("clause"), field("reason"))
        })
        .collect();
    let pasted = pasted(&reasons, &ids, trust);
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let clause = item.get("clause").and_then(Value::as_str).unwrap_or_default().to_owned();
            let reason = item.get("reason").and_then(Value::as_str).unwrap_or_default().to_owned();
            let pointer = format!("/not_applicable/{i}");
            let at = map.get(&pointer).map(|s| s.value);
            let index = pack.rules.iter().position(|r| r.id == clause);
            let refused = match index {
                None => {
                    let hint = crate::error::did_you_mean(&clause, &all).unwrap_or_default();
                    Some(Text::new(
                        format!("规则包中没有条款 {clause}，声明无效 {hint}"),
                        format!("the rule pack has no clause {clause}; the declaration has no effect {hint}"),
                    ))
                }
                Some(r) => refusal(&pack.plans[r].not_applicable, &clause, &reason, pack, doc, as_of)
                    .or_else(|| pasted[i].clone())
                    .or_else(|| data_present(pack, r, &clause, doc)),
            };
            Declaration { clause, level: index.map(|i| pack.rules[i].level), reason, pointer, at, refused }
        })
        .collect()
}

/// Why the pack refuses a declaration, or `None` when it accepts it.
fn refusal(policy: &NaPlan, clause: &str, reason: &str, pack: &Pack, doc: &Value, as_of: i64) -> Option<Text> {
    let trust = &pack.manifest.trust;
    let min_chars = trust.min_reason_chars;
    match policy {
        NaPlan::Never => {
            return Some(Text::new(
                format!("条款 {clause} 为核心条款或否决项，不能声明不适用；已照常评估"),
                format!(
                    "clause {clause} is a core clause or a veto item and cannot be declared not applicable; it was evaluated as usual"
                ),
            ));
        }
        NaPlan::When { check, otherwise } if !engine::evaluate(check, doc, as_of).holds() => {
            return Some(Text::new(
                format!("条款 {clause} 仅在条件成立时可声明不适用（{}）；已照常评估", otherwise.zh),
                format!(
                    "clause {clause} may be declared not applicable only when its condition holds ({}); it was evaluated as usual",
                    otherwise.en
                ),
            ));
        }
        _ => {}
    }
    let says_nothing = is_placeholder(reason, &trust.placeholders) || reason.trim().chars().count() < min_chars;
    if says_nothing {
        return Some(Text::new(
            format!("不适用理由 “{reason}” 未说明原因（至少 {min_chars} 个字符且不是占位文字）；已照常评估"),
            format!(
                "the reason “{reason}” says nothing (it needs {min_chars} characters or more and no placeholder); the clause was evaluated as usual"
            ),
        ));
    }
    let left = content(reason, trust);
    let need = trust.min_reason_content_chars;
    (left.chars().count() < need).then(|| {
        Text::new(
            format!("不适用理由 “{reason}” 除“不适用”“本平台”等套话外没有说明原因（去掉套话后不足 {need} 个字）；已照常评估"),
            format!("the reason “{reason}” only says “not applicable” (fewer than {need} characters are left without the pack's filler words); the clause was evaluated as usual"),
        )
    })
}

/// What a reason says once spaces, punctuation and the pack's filler words are taken out.
fn content(reason: &str, trust: &Trust) -> String {
    let mut filler: Vec<String> = trust.na_filler.iter().map(|f| fold(f)).filter(|f| !f.is_empty()).collect();
    filler.sort_by_key(|f| std::cmp::Reverse(f.chars().count()));
    let mut left = fold(reason);
    for f in &filler {
        left = left.replace(f.as_str(), "");
    }
    left
}

/// For each declaration, a refusal when its reason (or a near-identical one) is given for more
/// clauses than the pack allows: a reason pasted under many clauses explains none of them. The
/// first declaration of each of the pack's clauses is compared with every other such first one
/// (at most one per rule, so the work is bounded by the pack, not by the file); a repeated or
/// unknown clause is judged by its other rules.
fn pasted(reasons: &[(&str, &str)], ids: &BTreeSet<&str>, trust: &Trust) -> Vec<Option<Text>> {
    let mut first: Vec<usize> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, (clause, reason)) in reasons.iter().enumerate() {
        if ids.contains(clause) && seen.insert(clause) && !fold(reason).is_empty() {
            first.push(i);
        }
    }
    let profiles: Vec<Profile> = first.iter().map(|&i| Profile::of(&fold(reasons[i].1))).collect();
    let mut out = vec![None; reasons.len()];
    for (a, &i) in first.iter().enumerate() {
        let alike: Vec<&str> = first
            .iter()
            .zip(&profiles)
            .filter(|(_, p)| profiles[a].similarity(p) >= trust.reason_similarity)
            .map(|(&j, _)| reasons[j].0)
            .collect();
        let n = alike.len();
        if n <= trust.max_clauses_per_reason {
            continue;
        }
        let (reason, max) = (reasons[i].1, trust.max_clauses_per_reason);
        let pct = (trust.reason_similarity * 100.0).round();
        let listed: Vec<&str> = alike.into_iter().take(8).collect();
        let more = if n > listed.len() { "…" } else { "" };
        out[i] = Some(Text::new(
            format!(
                "同一（或相似度 ≥ {pct}% 的）不适用理由 “{reason}” 用于 {n} 个条款（{}{more}），超过 {max} 个，不能说明各条款为何不适用；已照常评估",
                listed.join("、")
            ),
            format!(
                "the same reason (or one ≥ {pct}% similar) “{reason}” is given for {n} clauses ({}{more}), more than {max}: it explains none of them; the clause was evaluated as usual",
                listed.join(", ")
            ),
        ));
    }
    out
}

/// A refusal when the file holds the data the clause's check reads: the clause is then judged on
/// that data rather than declared away.
fn data_present(pack: &Pack, rule: usize, clause: &str, doc: &Value) -> Option<Text> {
    let check = pack.plans[rule].check.as_ref()?;
    let at = engine::data_at(check, doc)?;
    let field = crate::pointer::field(&at);
    Some(Text::new(
        format!("条款 {clause} 声明不适用，但平台描述中已有该条款所查的数据（{field}）；已按该数据照常评估"),
        format!(
            "clause {clause} is declared not applicable, but the file holds the data it checks ({field}); it was evaluated on that data"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judged(doc: Value) -> Vec<Declaration> {
        let pack = Pack::embedded().unwrap();
        let as_of = crate::date::parse_days("2026-11-25").unwrap();
        judge(&doc, &doc, &SourceMap::default(), &pack, as_of)
    }

    fn na(pairs: &[(&str, &str)]) -> Value {
        let list: Vec<Value> = pairs.iter().map(|(c, r)| json!({"clause": c, "reason": r})).collect();
        json!({"platform": {"name": "某区知识产权服务站"}, "not_applicable": list})
    }

    #[test]
    fn a_reason_that_only_repeats_not_applicable_is_refused() {
        for reason in ["不适用不适用", "本平台暂不适用", "该条款不适用于本平台。", "本单位目前不涉及此项要求"]
        {
            let d = judged(na(&[("6.4.8", reason)]));
            let refused = d[0].refused.as_ref().unwrap_or_else(|| panic!("“{reason}” was accepted"));
            assert!(refused.en.contains("only says"), "{reason}: {refused:?}");
        }
        let d = judged(na(&[("6.4.8", "服务大厅设在市民中心三楼，噪声由市民中心统一监测，本平台无权另行测定")]));
        assert!(d[0].refused.is_none(), "{:?}", d[0].refused);
    }

    #[test]
    fn one_reason_pasted_under_many_clauses_is_refused_everywhere() {
        let reason = "本平台为纯线上服务平台，不设线下服务场所，该项要求不适用";
        let near = "本平台为纯线上服务平台，不设线下服务场所，此项要求不适用";
        let d = judged(na(&[
            ("6.4.7", reason),
            ("6.4.8", near),
            ("6.4.9", reason),
            ("8.4.7", "寄递业务由市政务服务中心统一办理"),
        ]));
        for x in &d[..3] {
            let refused = x.refused.as_ref().unwrap_or_else(|| panic!("{} was accepted", x.clause));
            assert!(refused.en.contains("3 clauses"), "{refused:?}");
        }
        assert!(d[3].refused.is_none(), "a reason of its own stands: {:?}", d[3].refused);
        // Two related clauses may share one reason.
        let d = judged(na(&[("6.4.7", reason), ("6.4.8", reason)]));
        assert!(d.iter().all(|x| x.refused.is_none()), "{d:?}");
    }

    #[test]
    fn a_clause_whose_data_is_present_is_evaluated() {
        let mut doc = na(&[("6.4.8", "服务大厅设在市民中心三楼，噪声由市民中心统一监测")]);
        doc["facilities"] = json!({"noise_dba": 62});
        let d = judged(doc);
        let refused = d[0].refused.as_ref().expect("refused");
        assert!(refused.en.contains("facilities.noise_dba"), "{refused:?}");
        // Without the figure the declaration stands.
        let d = judged(na(&[("6.4.8", "服务大厅设在市民中心三楼，噪声由市民中心统一监测")]));
        assert!(d[0].refused.is_none());
    }
}
