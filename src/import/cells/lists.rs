//! Multi-valued cells: one value a line, or joined by 、 ； ; or a numbered list (1. 2. / ① ②).

use super::text::strip_item;

/// Marks a 、 that may separate two values; the clause decides once it is complete.
const DUN: char = '\u{E000}';

/// Splits a cell into its values. Separators inside 《》, （）, () and 「」 do not split, so a title
/// such as 《关于…、…的通知》 stays whole. A 、 separates values only when they are whole noun
/// phrases of their own: see [`enumeration`].
pub fn split(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let chars: Vec<char> = text.chars().collect();
    let flush = |current: &mut String, parts: &mut Vec<String>| {
        parts.extend(enumeration(&std::mem::take(current)));
    };
    for (i, &c) in chars.iter().enumerate() {
        let strong = ('①'..='⑳').contains(&c) || c == '（' || c == '(';
        if depth == 0
            && !current.trim().is_empty()
            && starts_numbered(&chars[i..])
            && (strong || preceded_by_space(&current))
        {
            flush(&mut current, &mut parts);
        }
        match c {
            '《' | '（' | '(' | '「' | '“' => depth += 1,
            '》' | '）' | ')' | '」' | '”' => depth = (depth - 1).max(0),
            _ => {}
        }
        if c == '\n' || (depth == 0 && matches!(c, '；' | ';')) {
            flush(&mut current, &mut parts);
            depth = 0;
            continue;
        }
        if depth == 0 && c == '、' && !numbering_before(&current) {
            current.push(DUN);
            continue;
        }
        current.push(c);
    }
    flush(&mut current, &mut parts);
    parts.iter().map(|p| strip_item(p)).filter(|p| !p.is_empty()).collect()
}

/// The values of one clause joined by 、. They are separate values when each is a noun phrase of its
/// own ("申请书、身份证明、委托书"); the clause is one value when the 、 joins the parties of one phrase
/// ("许可人、被许可人关于提前终止的协议": a party, 人 or 方, names no document) or the examples of an
/// enumeration closed by 等 ("提供咨询、材料预审等服务").
fn enumeration(clause: &str) -> Vec<String> {
    let pieces: Vec<&str> = clause.split(DUN).collect();
    let (last, before) = match pieces.split_last() {
        Some((last, before)) if !before.is_empty() => (*last, before),
        _ => return vec![clause.to_owned()],
    };
    let party = |p: &str| {
        let p = p.trim();
        p.ends_with('人') || p.ends_with('方') || p.ends_with("双方")
    };
    let closed_by_etc = last.trim_end_matches(['。', '.', '；', ';']).rfind('等').is_some_and(|at| {
        // 等 near the end, followed only by the shared head (等服务, 等材料, 等).
        last.trim_end_matches(['。', '.']).len() - at <= "等证明文件".len()
    });
    if closed_by_etc || before.iter().any(|p| party(p)) {
        return vec![clause.replace(DUN, "、")];
    }
    pieces.iter().map(|p| (*p).to_owned()).collect()
}

/// `1、` is a list marker, not a separator.
fn numbering_before(current: &str) -> bool {
    let t = current.trim();
    !t.is_empty()
        && t.len() <= 2
        && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| "一二三四五六七八九十".contains(c)))
}

fn preceded_by_space(current: &str) -> bool {
    !current.trim().is_empty() && current.ends_with([' ', '\t', '。', '.'])
}

/// `2.` `2、` `（2）` `②` at this position, not followed by a digit (1.5 is a number).
fn starts_numbered(chars: &[char]) -> bool {
    match chars.first() {
        Some(c) if ('①'..='⑳').contains(c) => true,
        // (1) … (20): a year in brackets (（2020）) or an area code ((010)) is no list number.
        Some('（' | '(') => {
            let n = chars[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            (1..=2).contains(&n) && chars.get(1) != Some(&'0') && matches!(chars.get(1 + n), Some('）' | ')'))
        }
        Some(c) if c.is_ascii_digit() => {
            let n = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            n <= 2
                && matches!(chars.get(n), Some('.' | '、' | '．'))
                && !chars.get(n + 1).is_some_and(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        let cases: &[(&str, &[&str])] = &[
            ("申请书\n身份证明", &["申请书", "身份证明"]),
            ("申请书、身份证明、委托书", &["申请书", "身份证明", "委托书"]),
            ("申请书；身份证明;委托书。", &["申请书", "身份证明", "委托书"]),
            ("1.申请书 2.身份证明 3.委托书", &["申请书", "身份证明", "委托书"]),
            ("①申请书②身份证明", &["申请书", "身份证明"]),
            ("1、申请书\n2、身份证明", &["申请书", "身份证明"]),
            ("（1）申请书；（2）身份证明", &["申请书", "身份证明"]),
            ("《商标法》、《商标法实施条例》", &["《商标法》", "《商标法实施条例》"]),
            ("《关于专利、商标收费的通知》", &["《关于专利、商标收费的通知》"]),
            ("营业执照（副本、复印件）", &["营业执照（副本、复印件）"]),
            ("申请费1.5元", &["申请费1.5元"]),
            ("许可人、被许可人关于提前终止的协议", &["许可人、被许可人关于提前终止的协议"]),
            ("提供咨询、材料预审等服务", &["提供咨询、材料预审等服务"]),
            ("告知承诺、容缺受理", &["告知承诺", "容缺受理"]),
            ("\n\n", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), *want, "{text:?}");
        }
    }
}
