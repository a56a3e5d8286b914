//! Contact routes for consultation and supervision: phones, e-mail, web addresses, letters, WeChat.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{clauses, fold};
use crate::model::{Contact, ContactKind};

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("valid regex"));
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+=%]+").expect("valid regex"));
/// A run of digits with an optional area code and extensions (转1再转8, -6, 分机 12, ext. 12); `is_phone`
/// decides whether it is a number.
static DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\(0\d{2,3}\)\s*|0\d{2,3}-)?(\d+)(?:\s*(?:再?转|-|分机|(?i:ext)\.?)\s*\d{1,6})*")
        .expect("valid regex")
});

/// Local numbers (7–8 digits), mobiles, 400 numbers and the 5-digit public hotlines (12315, 12345, 95…).
fn is_phone(digits: &str) -> bool {
    match digits.len() {
        7 | 8 => true,
        11 => digits.starts_with('1'),
        10 => digits.starts_with("400"),
        5 => digits.starts_with("12") || digits.starts_with('9'),
        _ => false,
    }
}

/// What a contacts cell says.
#[derive(Debug, Default)]
pub struct Reading {
    pub contacts: Vec<Contact>,
    /// Parts that held no phone number, address or URL.
    pub leftovers: Vec<String>,
}

/// Reads a consultation or supervision cell.
pub fn read(text: &str) -> Reading {
    let mut r = Reading::default();
    let mut label: Option<String> = None;
    for part in clauses(text, &['\n', '；', ';']) {
        let part = super::text::strip_item(part);
        if part.is_empty() {
            continue;
        }
        let folded = fold(&part);
        let mut found: Vec<(usize, ContactKind, String)> = Vec::new();
        let mut rest = folded.clone();
        for m in EMAIL.find_iter(&folded) {
            found.push((m.start(), ContactKind::Email, m.as_str().to_owned()));
            rest = rest.replace(m.as_str(), " ");
        }
        for m in URL.find_iter(&rest.clone()) {
            found.push((m.start(), ContactKind::Online, m.as_str().trim_end_matches(['.', ')']).to_owned()));
            rest = rest.replace(m.as_str(), " ");
        }
        for c in DIGITS.captures_iter(&rest) {
            if let (Some(whole), Some(digits)) = (c.get(0), c.get(1))
                && is_phone(digits.as_str())
            {
                found.push((whole.start(), ContactKind::Phone, whole.as_str().trim().to_owned()));
            }
        }
        let note_base = note(&part, label.as_deref());
        if found.is_empty() {
            let kind = word_kind(&part);
            match kind {
                Some(kind) if part.chars().count() > 8 && !is_label(&part) => {
                    // The label names this contact only, not the lines after it.
                    r.contacts.push(Contact { kind, value: part.clone(), note: label.take() });
                }
                _ if is_label(&part) => {
                    // A label with nothing after it would otherwise vanish.
                    if let Some(old) = label.replace(part.trim_end_matches([':', '：']).to_owned()) {
                        r.leftovers.push(old);
                    }
                }
                _ => r.leftovers.push(part.clone()),
            }
            continue;
        }
        found.sort_by_key(|f| f.0);
        for (_, kind, value) in found {
            let kind = match (kind, word_kind(&part)) {
                (ContactKind::Online, Some(ContactKind::Wechat)) => ContactKind::Wechat,
                (k, _) => k,
            };
            r.contacts.push(Contact { kind, value, note: note_base.clone() });
        }
        label = None;
    }
    r.leftovers.extend(label);
    r
}

/// A part that only announces what follows ("网上投诉", "电话咨询：").
fn is_label(part: &str) -> bool {
    let n = part.chars().count();
    (part.ends_with(['：', ':']) && n <= 12) || n <= 6
}

/// The kind a part's words name, for parts without a number or address.
fn word_kind(part: &str) -> Option<ContactKind> {
    let has = |words: &[&str]| words.iter().any(|w| part.contains(w));
    if has(&["微信", "公众号"]) {
        Some(ContactKind::Wechat)
    } else if has(&["信函", "来信", "邮寄", "信箱地址", "通信地址", "邮政编码", "邮编"]) {
        Some(ContactKind::Letter)
    } else if has(&["窗口", "现场", "大厅", "当面"]) {
        Some(ContactKind::Window)
    } else if has(&["网上", "网站", "在线", "系统", "平台", "网页"]) {
        Some(ContactKind::Online)
    } else {
        None
    }
}

/// The words around a contact ("电话投诉", "深圳窗口咨询热线"), without the values themselves.
fn note(part: &str, label: Option<&str>) -> Option<String> {
    let cut = part
        .find(|c: char| c.is_ascii_digit() || c == '(' || c == '（' || c.is_ascii_alphabetic())
        .unwrap_or(part.len());
    let words = part[..cut].trim().trim_end_matches(['：', ':', '，', ',', ' ']).trim().to_owned();
    match (label, words.is_empty()) {
        (Some(l), true) => Some(l.to_owned()),
        (Some(l), false) => Some(format!("{l}：{words}")),
        (None, false) => Some(words),
        (None, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_emails_and_labels() {
        let r = read("投诉举报咨询电子信箱：12315@mail.amr.sz.gov.cn\n电话投诉：0755-12315、12345");
        let values: Vec<&str> = r.contacts.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, ["12315@mail.amr.sz.gov.cn", "0755-12315", "12345"]);
        assert_eq!(r.contacts[1].note.as_deref(), Some("电话投诉"));
    }

    #[test]
    fn a_label_names_one_worded_contact_only() {
        let r = read("现场咨询：\n政务服务中心一楼综合窗口\n0755-88127700");
        assert_eq!(r.contacts[0].note.as_deref(), Some("现场咨询"));
        assert_eq!(r.contacts[1].note, None);
        assert!(r.leftovers.is_empty(), "{:?}", r.leftovers);
    }

    #[test]
    fn a_label_line_names_the_next_line() {
        let r = read("网上投诉\n专利审查评议（https://comment.cponline.cnipa.gov.cn）");
        assert_eq!(r.contacts.len(), 1);
        assert_eq!(r.contacts[0].note.as_deref(), Some("网上投诉：专利审查评议"));
    }
}
