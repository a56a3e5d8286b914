//! `term_agrees`: a contract's term as its text states it (`2024-01-01/2026-12-31`,
//! `三年（2024年1月1日至2026年12月31日）`, `已到期`) agrees with its `start` and `end` dates: the
//! first date the text names is the start, the last the end, a stated length (`三年`, `18个月`) is
//! the span between them, and a text saying the contract has ended is not beside an end date
//! still to come. A text that states none of these has nothing to contradict.

use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CompileCx, TestFunction};
use crate::date;
use crate::engine::{Cx, Gap, Outcome};
use crate::pointer::{Node, Pointer, join};
use crate::text::Text;
use crate::values::num;

/// `term_agrees` as a rule file writes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermAgreesOptions {
    /// Relative pointers of the term text and of the start and end dates.
    pub text: String,
    pub start: String,
    pub end: String,
    /// How many days a stated date or length may differ from the dates (usually `{$param: …}`).
    pub tolerance_days: f64,
    /// Words that say the contract is over (已到期, 已终止…).
    #[serde(default)]
    pub ended_words: Vec<String>,
}

/// A compiled test.
#[derive(Debug)]
pub struct TermAgrees {
    text: Pointer,
    start: Pointer,
    end: Pointer,
    tolerance: f64,
    ended_words: Vec<String>,
}

/// A date in text: 2024-01-01, 2024/1/1, 2024.01.01, 2024年1月1日, or to the month (2024年1月).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?|\s*月)?").expect("a valid pattern")
});

/// A stated length: 3年, 三年, 18个月, 两个月 — not the year of a date (2024年度).
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{1,2}|[一二两三四五六七八九十]+)\s*(个月|年)").expect("a valid pattern")
});

impl TestFunction for TermAgrees {
    const NAME: &'static str = "term_agrees";
    type Options = TermAgreesOptions;

    fn compile(o: TermAgreesOptions, _: &CompileCx) -> Result<TermAgrees, String> {
        if !(o.tolerance_days.is_finite() && o.tolerance_days >= 0.0) {
            return Err("`tolerance_days` must be a number of days ≥ 0".into());
        }
        Ok(TermAgrees {
            text: Pointer::relative(&o.text),
            start: Pointer::relative(&o.start),
            end: Pointer::relative(&o.end),
            tolerance: o.tolerance_days,
            ended_words: o.ended_words,
        })
    }

    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
        let mut out = Outcome::default();
        for node in nodes {
            let Some(v) = node.value else { continue };
            let Some(text) = self.text.get(v).and_then(Value::as_str) else { continue };
            let span = |p: &Pointer| p.get(v).and_then(Value::as_str).and_then(date::parse_span);
            let (start, end) = (span(&self.start), span(&self.end));
            // One unit per contract whose text could be compared with its dates.
            let problems = self.contradictions(text, start, end, cx.as_of);
            if problems.is_empty() {
                if self.comparable(text, start, end) {
                    out.add(Outcome::held(&node.pointer));
                }
                continue;
            }
            out.total += 1;
            out.nodes.push((node.pointer.clone(), false));
            let pointer = join(&node.pointer, self.text.as_str().trim_start_matches('/'));
            out.gaps.extend(problems.into_iter().map(|found| Gap {
                pointer: pointer.clone(),
                expected: cx.expected(|| {
                    Text::new("合同期限文字与 start、end 日期一致", "the term text agrees with the start and end dates")
                }),
                found,
            }));
        }
        if out.total == 0 {
            out.not_applicable = Some(Text::new("没有可与日期比对的合同期限文字", "no term text to compare with dates"));
        }
        out
    }
}

impl TermAgrees {
    /// Whether the text states anything the dates could contradict.
    fn comparable(&self, text: &str, start: Option<(i64, i64)>, end: Option<(i64, i64)>) -> bool {
        let dated = start.is_some() || end.is_some();
        (dated && DATE.is_match(text)) || (start.is_some() && end.is_some() && LENGTH.is_match(&undated(text)))
            || (end.is_some() && self.says_ended(text))
    }

    fn says_ended(&self, text: &str) -> bool {
        self.ended_words.iter().any(|w| !w.is_empty() && text.contains(w.as_str()))
    }

    /// What the text says that the dates do not.
    fn contradictions(&self, text: &str, start: Option<(i64, i64)>, end: Option<(i64, i64)>, as_of: i64) -> Vec<Text> {
        let mut out = Vec::new();
        let near = |stated: (i64, i64), actual: (i64, i64)| {
            // Two spans agree when they overlap once widened by the tolerance.
            let t = self.tolerance as i64;
            stated.0 - t <= actual.1 && actual.0 <= stated.1 + t
        };
        let dates: Vec<(String, (i64, i64))> = DATE
            .captures_iter(text)
            .filter_map(|c| {
                let y = &c[1];
                let m: u32 = c[2].parse().ok()?;
                let iso = match c.get(3).and_then(|d| d.as_str().parse::<u32>().ok()) {
                    Some(d) => format!("{y}-{m:02}-{d:02}"),
                    None => format!("{y}-{m:02}"),
                };
                Some((c[0].trim().to_owned(), date::parse_span(&iso)?))
            })
            .collect();
        let shown = |s: (i64, i64)| date::format_days(s.0);
        match (dates.first(), dates.last(), start, end) {
            (Some((written, stated)), _, Some(s), _) if dates.len() >= 2 && !near(*stated, s) => out.push(Text::new(
                format!("期限写明起始于 {written}，start 为 {}", shown(s)),
                format!("the term starts on {written}, start is {}", shown(s)),
            )),
            _ => {}
        }
        if let (Some((written, stated)), Some(e)) = (dates.last(), end) {
            let matches_one = dates.len() == 1 && start.is_some_and(|s| near(*stated, s));
            if !matches_one && !near(*stated, e) {
                out.push(Text::new(
                    format!("期限写明截止于 {written}，end 为 {}", shown(e)),
                    format!("the term ends on {written}, end is {}", shown(e)),
                ));
            }
        }
        if let (Some(s), Some(e), Some(c)) = (start, end, LENGTH.captures(&undated(text))) {
            let n = number(&c[1]);
            let days = if &c[2] == "年" { n * 365.25 } else { n * 30.44 };
            let actual = (e.1 - s.0 + 1) as f64;
            if n > 0.0 && (actual - days).abs() > self.tolerance {
                out.push(Text::new(
                    format!("期限写明 {}{}，start 至 end 为 {} 天", &c[1], &c[2], num(actual)),
                    format!("the term says {}{}, start to end is {} days", &c[1], &c[2], num(actual)),
                ));
            }
        }
        if let Some(e) = end.filter(|e| e.1 >= as_of && self.says_ended(text)) {
            out.push(Text::new(
                format!("期限文字称合同已结束，end 为 {}（不早于评估日期）", shown(e)),
                format!("the term says the contract has ended, but end is {} (not before the assessment date)", shown(e)),
            ));
        }
        out
    }
}

/// The text with its dates taken out, so that the year of a date is not read as a length.
fn undated(text: &str) -> String {
    DATE.replace_all(text, " ").into_owned()
}

/// A small number in digits or Chinese numerals (一 to 九十九).
fn number(s: &str) -> f64 {
    if let Ok(n) = s.parse::<f64>() {
        return n;
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).or((c == '两').then_some(2));
    match s.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { tens.chars().next().and_then(digit).unwrap_or(0) };
            let ones = ones.chars().next().and_then(digit).unwrap_or(0);
            (tens * 10 + ones) as f64
        }
        None => s.chars().next().and_then(digit).unwrap_or(0) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schemas::Schemas;
    use serde_json::json;

    fn run(contract: Value) -> Outcome {
        let o = TermAgreesOptions {
            text: "term".into(),
            start: "start".into(),
            end: "end".into(),
            tolerance_days: 31.0,
            ended_words: vec!["已到期".into(), "已终止".into()],
        };
        let t = TermAgrees::compile(o, &CompileCx { schemas: &Schemas::default(), params: &[] }).unwrap();
        let nodes = [Node { pointer: "/build_mode/contracts/0".into(), value: Some(&contract) }];
        let as_of = date::parse_days("2026-11-25").unwrap();
        t.evaluate(&nodes, &Cx { root: &contract, as_of, expect: None })
    }

    #[test]
    fn terms_that_agree_with_their_dates() {
        for term in ["2024-01-01/2026-12-31", "三年（2024年1月1日至2026年12月31日）", "2024年1月—2026年12月", "服务期3年"] {
            let o = run(json!({"term": term, "start": "2024-01-01", "end": "2026-12-31"}));
            assert!(o.holds(), "{term}: {o:?}");
        }
        for term in ["长期合作", "2024年度运维服务"] {
            let o = run(json!({"term": term, "start": "2024-01-01", "end": "2026-12-31"}));
            assert_eq!(o.total, 0, "{term}: nothing to compare: {o:?}");
        }
    }

    #[test]
    fn terms_that_contradict_their_dates() {
        let o = run(json!({"term": "2021-01-01/2023-12-31", "start": "2024-01-01", "end": "2026-12-31"}));
        assert_eq!(o.gaps.len(), 2, "{o:?}");
        let o = run(json!({"term": "一年", "start": "2024-01-01", "end": "2026-12-31"}));
        assert!(!o.holds() && o.gaps[0].found.en.contains("1096 days"), "{o:?}");
        let o = run(json!({"term": "合同已到期，续签中", "start": "2024-01-01", "end": "2026-12-31"}));
        assert!(!o.holds() && o.gaps[0].found.en.contains("has ended"), "{o:?}");
        // An expired contract that says so is no contradiction (7.4.1 reports the lapse itself).
        let o = run(json!({"term": "已到期", "start": "2021-01-01", "end": "2023-12-31"}));
        assert!(o.total == 0 || o.holds(), "{o:?}");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(number("三"), 3.0);
        assert_eq!(number("两"), 2.0);
        assert_eq!(number("十八"), 18.0);
        assert_eq!(number("二十四"), 24.0);
        assert_eq!(number("36"), 36.0);
    }
}
