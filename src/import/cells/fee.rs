//! Fees: "不收费", "免费", "45元/类（详见…）", "270元/类，每超1个加收27元", "查阅免费，复制30元/份",
//! "金额以缴费通知书为准".

use std::sync::LazyLock;

use regex::Regex;

use super::text::{clauses, fold};
use crate::model::{AmountSetBy, Charge, Fee, Url};

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(每(?P<per>[件类份次项个页套])\s*)?(?P<n>\d+(?:\.\d+)?)\s*(?P<cur>万元|元)(?:\s*/\s*(?P<unit>[件类份次项个页套年人]))?")
        .expect("valid regex")
});
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+=%]+").expect("valid regex"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《[^》]+》(?:[（(][^）)]*〔\d{4}〕[^）)]*[）)])?").expect("valid regex"));

const FREE: &[&str] = &["不收费", "免费", "免收", "不收取", "无收费", "零收费", "无需缴费", "无需付费", "不需缴费"];
const NOTICE: &[&str] = &["缴费通知书", "缴费通知", "收费通知", "以通知为准"];
const SCHEDULE: &[&str] = &["收费标准", "详见", "按照", "依照", "执行"];

/// What a fee cell says.
#[derive(Debug)]
pub struct Reading {
    pub fee: Fee,
    /// Why the wording could not be read in full (the text is kept either way).
    pub problem: Option<String>,
}

/// Reads a fee cell; the original wording is always kept in `text`.
pub fn read(text: &str) -> Reading {
    let folded = fold(text);
    let trimmed = folded.trim().trim_end_matches('。');
    let mut fee = Fee { free: None, basis: None, charges: None, text: Some(text.trim().to_owned()) };
    if matches!(trimmed, "无" | "否" | "0" | "0元" | "/" | "-") {
        fee.free = Some(true);
        return Reading { fee, problem: None };
    }
    let urls: Vec<String> =
        URL.find_iter(&folded).map(|m| m.as_str().trim_end_matches(['.', ')', '）']).to_owned()).collect();
    let basis: Vec<String> = TITLE.find_iter(&folded).map(|m| m.as_str().to_owned()).collect();
    let mut charges = Vec::new();
    let mut free_parts = Vec::new();
    let (mut notice, mut schedule) = (false, false);
    let mut previous_words: Option<String> = None;
    for clause in clauses(&folded, &['；', ';', '。', '\n', '，', ',']) {
        let is_free = FREE.iter().any(|w| clause.contains(w));
        let amounts: Vec<_> = AMOUNT.captures_iter(clause).collect();
        let mentions_notice = NOTICE.iter().any(|w| clause.contains(w))
            || (clause.contains("通知书") && (clause.contains('缴') || clause.contains('费')));
        if amounts.is_empty() {
            if is_free {
                free_parts.push(what(clause, FREE));
            } else if mentions_notice {
                notice = true;
            } else if SCHEDULE.iter().any(|w| clause.contains(w)) {
                schedule = true;
            }
            previous_words = (!is_free && !mentions_notice).then(|| what(clause, &["还需", "需", "缴纳", "另"]));
            continue;
        }
        let mut from = 0;
        for c in amounts {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let mut amount: f64 = c["n"].parse().unwrap_or(0.0);
            if &c["cur"] == "万元" {
                amount *= 10_000.0;
            }
            let unit = c.name("unit").or(c.name("per")).map(|u| format!("元/{}", u.as_str())).or(Some("元".to_owned()));
            let mut item = what(&clause[from..whole.start], &[]);
            if item.is_empty() && from == 0 {
                item = previous_words.take().unwrap_or_default();
            }
            from = whole.end;
            charges.push(Charge { item: (!item.is_empty()).then_some(item), amount: Some(amount), unit, ..blank() });
        }
        previous_words = None;
    }
    if charges.is_empty() && (notice || schedule || !urls.is_empty()) {
        let set_by = if notice { AmountSetBy::Notice } else { AmountSetBy::Schedule };
        charges.push(Charge { set_by: Some(set_by), ..blank() });
    }
    let url = urls.first().map(|u| Url(u.clone()));
    let basis_text = (!basis.is_empty()).then(|| basis.join("、"));
    if charges.is_empty() {
        if free_parts.is_empty() {
            let problem = if trimmed.contains("收费") || trimmed.contains("缴") || trimmed == "是" {
                "says the item is charged but gives no amount, fee schedule or payment notice"
            } else {
                "no amount, 不收费 or 以缴费通知书为准 recognised"
            };
            return Reading { fee, problem: Some(problem.into()) };
        }
        fee.free = Some(true);
        fee.basis = basis_text;
        return Reading { fee, problem: None };
    }
    for charge in &mut charges {
        charge.schedule_url = url.clone();
        charge.basis.clone_from(&basis_text);
    }
    for part in free_parts {
        charges.push(Charge { item: (!part.is_empty()).then_some(part), free: Some(true), ..blank() });
    }
    fee.free = Some(false);
    fee.charges = Some(charges);
    Reading { fee, problem: None }
}

fn blank() -> Charge {
    Charge {
        item: None,
        amount: None,
        amount_min: None,
        amount_max: None,
        set_by: None,
        unit: None,
        basis: None,
        schedule_url: None,
        free: None,
    }
}

/// What a clause charges for, once amounts, addresses, titles, asides and filler words are removed:
/// "复制30元/份" → "复制". Empty when nothing short is left.
fn what(clause: &str, drop: &[&str]) -> String {
    static ASIDE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"（[^）]*）|\([^)]*\)").expect("valid regex"));
    let mut s = URL.replace_all(clause, "").into_owned();
    s = TITLE.replace_all(&s, "").into_owned();
    s = ASIDE.replace_all(&s, "").into_owned();
    for w in
        drop.iter().chain(["收费标准", "收费", "标准", "费用", "：", ":", "（", "）", "(", ")", "详见", "每"].iter())
    {
        s = s.replace(w, "");
    }
    let s = s.trim().trim_matches(['，', ',', '。', '、', ' ', '为']);
    // "缴纳规费" names the fee paid (SZ 22 "缴纳规费收费标准：135元/类"), not an act.
    let s = s.trim_start_matches("还需").trim_start_matches("需").trim_start_matches("缴纳").to_owned();
    if s.chars().count() > 30 { String::new() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_and_charged() {
        let r = read("查阅免费，复制30元/份");
        let charges = r.fee.charges.expect("charges");
        assert_eq!(charges.len(), 2);
        assert_eq!(charges[0].amount, Some(30.0));
        assert_eq!(charges[0].item.as_deref(), Some("复制"));
        assert_eq!(charges[1].free, Some(true));
        assert_eq!(r.fee.free, Some(false));
    }
}
