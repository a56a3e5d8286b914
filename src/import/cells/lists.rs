//! Multi-valued cells: one value a line, or joined by 、 ； ; or a numbered list (1. 2. / ① ②).

use super::text::strip_item;

/// Splits a cell into its values. Separators inside 《》, （）, () and 「」 do not split, so a title
/// such as 《关于…、…的通知》 stays whole.
pub fn split(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let strong = ('①'..='⑳').contains(&c) || c == '（' || c == '(';
        if depth == 0
            && !current.trim().is_empty()
            && starts_numbered(&chars[i..])
            && (strong || preceded_by_space(&current))
        {
            parts.push(std::mem::take(&mut current));
        }
        match c {
            '《' | '（' | '(' | '「' | '“' => depth += 1,
            '》' | '）' | ')' | '」' | '”' => depth = (depth - 1).max(0),
            _ => {}
        }
        let separator = c == '\n'
            || (depth == 0 && matches!(c, '；' | ';'))
            || (depth == 0 && c == '、' && !numbering_before(&current));
        if separator {
            parts.push(std::mem::take(&mut current));
            depth = 0;
            continue;
        }
        current.push(c);
    }
    parts.push(current);
    parts.iter().map(|p| strip_item(p)).filter(|p| !p.is_empty()).collect()
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
            ("\n\n", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), *want, "{text:?}");
        }
    }
}
