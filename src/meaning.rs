//! Values that say nothing — placeholder text (`x`, `TODO`, `待定`), a credit code with a wrong
//! GB 32100 check character, a phone number no one can call, a web address with no real host, a
//! past event dated in the future. Before any rule runs, each is taken out of the document (a
//! mapping key is removed, a list item becomes null so that positions stay put) and recorded with
//! the reason, so the clauses that need the field report it at its line instead of passing.

use serde_json::Value;

use crate::pack::{Trust, ValueKind};
use crate::pointer::{Pointer, Token};
use crate::text::Text;
use crate::values::truncate;

/// A value taken out of the document, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Meaningless {
    pub pointer: String,
    /// The value as written (shortened).
    pub value: String,
    pub reason: Text,
}

/// Takes every meaningless value out of a document; returns what was taken and why, in document
/// order.
pub fn clean(doc: &mut Value, trust: &Trust, as_of: i64) -> Vec<Meaningless> {
    let mut found = Vec::new();
    // Kinds first, so that a phone `abc` is called an implausible phone, not a placeholder.
    for definition in ["Uscc", "Url"] {
        for at in crate::schema_path::platform_fields_of_type(definition) {
            check_at(doc, at, &mut found, |v| match (definition, v.as_str()) {
                ("Uscc", Some(s)) => uscc_problem(s),
                (_, Some(s)) => url_problem(s),
                _ => None,
            });
        }
    }
    for check in &trust.value_checks {
        for at in &check.at {
            check_at(doc, at, &mut found, |v| match check.kind {
                ValueKind::Phone => v.as_str().and_then(phone_problem),
                ValueKind::Contact => contact_problem(v),
                ValueKind::PastDate => v.as_str().and_then(|s| future_problem(s, as_of)),
            });
        }
    }
    let mut text = Vec::new();
    walk_strings(doc, &mut String::new(), &mut |pointer, s| {
        if is_placeholder(s, &trust.placeholders) {
            text.push(Meaningless {
                pointer: pointer.to_owned(),
                value: truncate(s, 40),
                reason: Text::new(
                    format!("占位文字 “{}”", truncate(s, 40)),
                    format!("placeholder text “{}”", truncate(s, 40)),
                ),
            });
        }
    });
    found.extend(text);
    for m in &found {
        remove(doc, &m.pointer);
    }
    found.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    found.dedup_by(|a, b| a.pointer == b.pointer);
    found
}

/// Records the problem of every value a pointer selects.
fn check_at(doc: &Value, at: &str, found: &mut Vec<Meaningless>, problem: impl Fn(&Value) -> Option<Text>) {
    let Some(pointer) = Pointer::parse(at) else { return };
    for node in pointer.select(doc) {
        let Some(value) = node.value else { continue };
        if let Some(reason) = problem(value) {
            let shown = value.as_str().map(str::to_owned).unwrap_or_else(|| crate::values::describe(value));
            found.push(Meaningless { pointer: node.pointer, value: truncate(&shown, 40), reason });
        }
    }
}

/// Calls `f` with the pointer and text of every string, extending one pointer buffer as it goes.
fn walk_strings(v: &Value, pointer: &mut String, f: &mut impl FnMut(&str, &str)) {
    let len = pointer.len();
    match v {
        Value::String(s) => f(pointer, s),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk_strings(x, pointer, f);
                pointer.truncate(len);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                pointer.push('/');
                pointer.push_str(&crate::pointer::escape_token(k));
                walk_strings(x, pointer, f);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Takes a value out: a mapping entry is removed, a list item becomes null.
fn remove(doc: &mut Value, pointer: &str) {
    let Some(p) = Pointer::parse(pointer) else { return };
    let Some((last, parents)) = p.tokens().split_last() else { return };
    let mut node = doc;
    for token in parents {
        let Token::Key(key) = token else { return };
        node = match node {
            Value::Object(o) => match o.get_mut(key) {
                Some(n) => n,
                None => return,
            },
            Value::Array(a) => match key.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(n) => n,
                None => return,
            },
            _ => return,
        };
    }
    let Token::Key(key) = last else { return };
    match node {
        Value::Object(o) => {
            o.remove(key);
        }
        Value::Array(a) => {
            if let Some(item) = key.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}

/// Placeholder text: one of the pack's list (ignoring surrounding space and ASCII case), or a
/// run of one repeated character that is not a digit (`aaa`, `——`, `。。。`).
pub fn is_placeholder(s: &str, placeholders: &[String]) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return true;
    }
    if placeholders.iter().any(|p| p.eq_ignore_ascii_case(t)) {
        return true;
    }
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    t.chars().count() >= 2 && !first.is_ascii_digit() && chars.all(|c| c == first)
}

/// The GB 32100-2015 check: 18 characters, the last one computed from the first 17.
pub fn uscc_problem(s: &str) -> Option<Text> {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let b = s.as_bytes();
    let value = |c: u8| CHARSET.iter().position(|x| *x == c).map(|p| p as u32);
    let digits: Option<Vec<u32>> = b.iter().map(|c| value(*c)).collect();
    let wrong = || {
        Some(Text::new(
            format!("统一社会信用代码 {s} 的校验位不符合 GB 32100"),
            format!("the check character of the unified social credit code {s} is wrong (GB 32100)"),
        ))
    };
    let Some(digits) = digits.filter(|d| d.len() == 18) else { return wrong() };
    let sum: u32 = digits[..17].iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let check = (31 - sum % 31) % 31;
    if digits[17] == check { None } else { wrong() }
}

/// A web address needs http(s) and a host with a dot and a top-level domain of letters (or an
/// IPv4 address): `http://x` and `https://localhost` say nothing.
pub fn url_problem(s: &str) -> Option<Text> {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let host = host.map(|h| h.rsplit('@').next().unwrap_or(h));
    let host = host.map(|h| h.split(':').next().unwrap_or(h).trim_end_matches('.').to_ascii_lowercase());
    let ok = host.is_some_and(|h| {
        let labels: Vec<&str> = h.split('.').collect();
        let ipv4 = labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok());
        let label_ok = |l: &&str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        let tld = labels.last().copied().unwrap_or_default();
        ipv4 || (labels.len() >= 2
            && labels.iter().all(label_ok)
            && tld.chars().count() >= 2
            && tld.chars().all(char::is_alphabetic))
    });
    (!ok).then(|| Text::new(format!("网址 {s} 没有有效的主机名"), format!("the web address {s} has no real host")))
}

/// A plausible Chinese telephone number, or several separated by 、，,;；/ or 或.
pub fn phone_problem(s: &str) -> Option<Text> {
    let parts: Vec<&str> =
        s.split(['、', '，', ',', ';', '；', '/', '或']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let ok = !parts.is_empty() && parts.iter().all(|p| plausible_phone(p));
    (!ok).then(|| Text::new(format!("电话号码 {s} 不是有效的号码"), format!("{s} is not a plausible telephone number")))
}

fn plausible_phone(p: &str) -> bool {
    // Extensions (转 123, 分机 123, ext 123, and menus such as 转1再转8) are allowed at the end.
    let lower = p.to_lowercase();
    let strip = |s: &str| -> Option<usize> {
        ["转", "分机", "ext.", "ext", "x"].iter().find_map(|sep| {
            let i = s.rfind(sep)?;
            let tail = s[i + sep.len()..].trim();
            (!tail.is_empty() && tail.len() <= 6 && tail.bytes().all(|b| b.is_ascii_digit())).then_some(i)
        })
    };
    let mut main = lower.as_str();
    while let Some(i) = strip(main) {
        main = main[..i].trim_end().trim_end_matches('再').trim_end();
    }
    if main.chars().any(|c| !(c.is_ascii_digit() || " -()（）+".contains(c))) {
        return false;
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    let digits = digits
        .strip_prefix("0086")
        .or_else(|| main.trim().starts_with('+').then(|| digits.strip_prefix("86")).flatten())
        .unwrap_or(&digits);
    let mobile = digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9');
    let landline = digits.starts_with('0') && !digits.starts_with("00") && (10..=12).contains(&digits.len());
    let service = (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10;
    let hotline = |d: &str| d.len() == 5 && d.starts_with("12");
    // 12345-style hotlines, alone or behind an area code (0755-12345).
    let area_hotline =
        digits.starts_with('0') && (8..=9).contains(&digits.len()) && hotline(&digits[digits.len() - 5..]);
    mobile || landline || service || hotline(digits) || area_hotline
}

/// A contact is checked as its kind says.
fn contact_problem(v: &Value) -> Option<Text> {
    let value = v.get("value")?.as_str()?;
    match v.get("kind")?.as_str()? {
        "phone" => phone_problem(value),
        "online" => url_problem(value),
        "email" => {
            let ok = value.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && !user.contains(char::is_whitespace)
                    && url_problem(&format!("http://{host}")).is_none()
            });
            (!ok).then(|| {
                Text::new(format!("邮箱 {value} 不是有效的地址"), format!("{value} is not a plausible e-mail address"))
            })
        }
        _ => None,
    }
}

/// A past event dated after the assessment date (a month-precision date counts as its last day).
fn future_problem(s: &str, as_of: i64) -> Option<Text> {
    let (_, last) = crate::date::parse_span(s)?;
    (last > as_of).then(|| {
        let today = crate::date::format_days(as_of);
        Text::new(
            format!("日期 {s} 晚于评估日期 {today}，已发生的事项不应在未来"),
            format!("{s} is after the assessment date {today}; a past event cannot lie in the future"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn trust() -> Trust {
        crate::pack::Pack::embedded().unwrap().manifest.trust
    }

    #[test]
    fn placeholders_are_caught_and_words_are_not() {
        let list = trust().placeholders;
        for s in ["x", " TODO ", "待定", "无", "-", "N/A", "n/a", "aaa", "——", "。。。", "同上", ""] {
            assert!(is_placeholder(s, &list), "{s:?}");
        }
        for s in ["元", "专利", "无需提交材料", "12345", "111", "public", "2024-01-01", "商标业务咨询"] {
            assert!(!is_placeholder(s, &list), "{s:?}");
        }
    }

    #[test]
    fn credit_codes_are_checked_by_their_check_character() {
        // The examples' codes are checksum-valid placeholders; one character off is not.
        assert_eq!(uscc_problem("91350100M000100Y43"), None);
        assert!(uscc_problem("91350100M000100Y44").is_some());
        assert!(uscc_problem("91350100M000100Y4").is_some());
        assert!(uscc_problem("9135010OM000100Y43").is_some(), "O is not in the character set");
    }

    #[test]
    fn phones_must_be_callable() {
        for s in [
            "0571-87012330",
            "(010)62356655",
            "13800138000",
            "+86 138 0013 8000",
            "400-123-4567",
            "12345",
            "12330",
            "0755-12345",
            "0755-26617303转8001",
            // The Shenzhen guide's CNIPA menu (S02, items 6 and 8).
            "(010)62356655 转1再转8",
            "（010)62356655转1再转8",
            "0571-87012330、0571-87012331",
            "010 6235 6655",
        ] {
            assert!(phone_problem(s).is_none(), "{s}");
        }
        for s in ["abc", "123", "0000", "1234567", "021-1", "电话", "10086x", "138001380001"] {
            assert!(phone_problem(s).is_some(), "{s}");
        }
    }

    #[test]
    fn web_addresses_need_a_real_host() {
        for s in [
            "https://ipservice.hangzhou.gov.cn/",
            "http://www.cnipa.gov.cn/a?b=1",
            "https://10.1.2.3/x",
            "https://知识产权.中国/",
        ] {
            assert!(url_problem(s).is_none(), "{s}");
        }
        for s in ["http://x", "https://localhost/", "http://a.1", "https://.cn", "ftp://x.cn"] {
            assert!(url_problem(s).is_some(), "{s}");
        }
    }

    #[test]
    fn cleaning_removes_values_and_keeps_list_positions() {
        let mut doc = json!({
            "platform": {"name": "x", "launched": "2030-01-01", "url": "http://x"},
            "operator": {"uscc": "91350100M000100Y44"},
            "channels": {"hotline": "abc"},
            "service_items": [{"name": "专利申请受理", "materials": ["无", "申请书"],
                "consultation": [{"kind": "phone", "value": "0571-87012330"}, {"kind": "email", "value": "nobody"}]}]
        });
        let as_of = crate::date::parse_days("2026-11-25").unwrap();
        let found = clean(&mut doc, &trust(), as_of);
        let pointers: Vec<&str> = found.iter().map(|m| m.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/channels/hotline",
                "/operator/uscc",
                "/platform/launched",
                "/platform/name",
                "/platform/url",
                "/service_items/0/consultation/1",
                "/service_items/0/materials/0"
            ]
        );
        assert_eq!(doc["service_items"][0]["materials"], json!([null, "申请书"]));
        assert_eq!(doc["service_items"][0]["consultation"][1], Value::Null);
        assert!(doc["platform"].get("launched").is_none());
        assert!(found[0].reason.en.contains("not a plausible telephone number"));
    }
}
