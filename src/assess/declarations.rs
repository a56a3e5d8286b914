//! The platform's `not_applicable` declarations, judged by the pack's policy: a core clause or a
//! veto item can never be declared away, a reason must say something, and a conditional policy
//! must hold on the platform. A refused declaration is listed with why, and the clause is
//! evaluated as usual.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::assessment::Declaration;
use crate::engine;
use crate::meaning::is_placeholder;
use crate::pack::{NaPlan, Pack};
use crate::text::Text;
use crate::yaml::SourceMap;

/// Every declaration of the original document (`doc` is the cleaned one the rules read), judged.
pub fn judge(original: &Value, doc: &Value, map: &SourceMap, pack: &Pack, as_of: i64) -> Vec<Declaration> {
    let ids: BTreeSet<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let all: Vec<&str> = ids.iter().copied().collect();
    let trust = &pack.manifest.trust;
    let items = original.pointer("/not_applicable").and_then(Value::as_array).into_iter().flatten();
    items
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
                Some(i) => {
                    refusal(&pack.plans[i].not_applicable, &clause, &reason, trust.min_reason_chars, pack, doc, as_of)
                }
            };
            Declaration { clause, level: index.map(|i| pack.rules[i].level), reason, pointer, at, refused }
        })
        .collect()
}

/// Why the pack refuses a declaration, or `None` when it accepts it.
fn refusal(
    policy: &NaPlan,
    clause: &str,
    reason: &str,
    min_chars: usize,
    pack: &Pack,
    doc: &Value,
    as_of: i64,
) -> Option<Text> {
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
    let says_nothing =
        is_placeholder(reason, &pack.manifest.trust.placeholders) || reason.trim().chars().count() < min_chars;
    says_nothing.then(|| {
        Text::new(
            format!("不适用理由 “{reason}” 未说明原因（至少 {min_chars} 个字符且不是占位文字）；已照常评估"),
            format!("the reason “{reason}” says nothing (it needs {min_chars} characters or more and no placeholder); the clause was evaluated as usual"),
        )
    })
}
