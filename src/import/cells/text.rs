//! Text normalisation shared by the cell parsers: full-width forms, dashes, Chinese numerals.

/// Full-width ASCII (０-９, Ａ-Ｚ, ：…) to half-width, the ideographic space to a space, and every dash
/// or range sign (—, –, －, ~, ～, 〜) to `-`. Parsers match on the result; stored text stays as written.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '—' | '–' | '―' | '‒' | '−' | '~' | '〜' | '﹣' => '-',
            _ => c,
        })
        .collect()
}

/// Trims and joins the lines of a cell with `\n`, dropping control characters a terminal would obey.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_control() || *c == '\t').collect::<String>().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// The value of a Chinese numeral such as 九, 十五, 二十, 一百二十, 两; `None` when it is not one.
pub fn chinese_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let (mut total, mut current) = (0u32, 0u32);
    let mut seen_digit = false;
    for c in text.chars() {
        match c {
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                let n = if seen_digit { current } else { 1 };
                total += n * unit;
                current = 0;
                seen_digit = false;
            }
            _ => {
                current = digit(c)?;
                seen_digit = true;
            }
        }
    }
    Some(total + current)
}

/// Replaces Chinese numerals that count a unit (九个月, 十五个工作日, 两年, 三至五个工作日) by Arabic digits.
pub fn arabic_counts(text: &str) -> String {
    const NUMERALS: &str = "零〇一二两三四五六七八九十百千";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if NUMERALS.contains(chars[i]) {
            let start = i;
            while i < chars.len() && NUMERALS.contains(chars[i]) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let rest: String = chars[i..].iter().take(4).collect();
            let counts = ["个", "工作日", "自然日", "日", "天", "月", "小时", "年", "周", "元", "至", "到", "-"]
                .iter()
                .any(|u| rest.starts_with(u));
            match chinese_number(&run) {
                Some(n) if counts => out.push_str(&n.to_string()),
                _ => out.push_str(&run),
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Removes list numbering and trailing punctuation: "1.申请书；" → "申请书".
pub fn strip_item(text: &str) -> String {
    let t = text.trim();
    let t = strip_numbering(t);
    t.trim_end_matches(['。', '；', ';', '，', ',', '、', '.']).trim().to_owned()
}

/// Leading list markers: 1. 1、 1) (1) （1） ① 一、
pub fn strip_numbering(text: &str) -> &str {
    let t = text.trim_start();
    let mut chars = t.char_indices().peekable();
    if let Some((_, c)) = chars.peek().copied() {
        if ('①'..='⑳').contains(&c) {
            return t[c.len_utf8()..].trim_start();
        }
        if c == '(' || c == '（' {
            let inner = &t[c.len_utf8()..];
            let digits: usize = inner
                .chars()
                .take_while(|d| d.is_ascii_digit() || "一二三四五六七八九十".contains(*d))
                .map(char::len_utf8)
                .sum();
            // An area code such as (010) is no list number: those never start with 0.
            if digits > 0 && !inner.starts_with('0') {
                let after = &inner[digits..];
                if let Some(rest) = after.strip_prefix(')').or_else(|| after.strip_prefix('）')) {
                    return rest.trim_start();
                }
            }
            return t;
        }
    }
    let digits: usize = t.chars().take_while(|d| d.is_ascii_digit()).map(char::len_utf8).sum();
    if digits > 0 && digits <= 2 {
        let after = &t[digits..];
        for marker in ['.', '、', '．', ')', '）'] {
            if let Some(rest) = after.strip_prefix(marker)
                && !rest.starts_with(|c: char| c.is_ascii_digit())
            {
                return rest.trim_start();
            }
        }
    }
    let han: usize = t.chars().take_while(|d| "一二三四五六七八九十".contains(*d)).map(char::len_utf8).sum();
    if han > 0
        && let Some(rest) = t[han..].strip_prefix('、')
    {
        return rest.trim_start();
    }
    t
}

/// A short, single-line rendering of cell text for warnings: control characters escaped, long text cut.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n >= 60 {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str(" / "),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Splits on any of `separators` outside brackets (《》（）()「」), so that a parenthesis stays with its clause.
pub fn clauses<'a>(text: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' | '（' | '(' | '「' => depth += 1,
            '》' | '）' | ')' | '」' => depth = (depth - 1).max(0),
            '\n' => depth = 0,
            _ => {}
        }
        if separators.contains(&c) && (depth == 0 || c == '\n') {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, n) in
            [("九", 9), ("十", 10), ("十五", 15), ("二十", 20), ("二十五", 25), ("一百二十", 120), ("两", 2)]
        {
            assert_eq!(chinese_number(text), Some(n), "{text}");
        }
        assert_eq!(chinese_number("个"), None);
    }

    #[test]
    fn counts_become_digits_but_words_stay() {
        assert_eq!(arabic_counts("九个月"), "9个月");
        assert_eq!(arabic_counts("十五个工作日"), "15个工作日");
        assert_eq!(arabic_counts("三至五个工作日"), "3至5个工作日");
        assert_eq!(arabic_counts("实行一次性告知"), "实行一次性告知");
    }

    #[test]
    fn fold_full_width() {
        assert_eq!(fold("３—５个工作日"), "3-5个工作日");
        assert_eq!(fold("４５元／类"), "45元/类");
    }

    #[test]
    fn numbering_is_stripped() {
        for (text, want) in [
            ("1.申请书", "申请书"),
            ("2、身份证明；", "身份证明"),
            ("（3）委托书", "委托书"),
            ("①表格", "表格"),
            ("一、材料", "材料"),
            ("1.5个工作日", "1.5个工作日"),
        ] {
            assert_eq!(strip_item(text), want, "{text}");
        }
    }

    #[test]
    fn excerpt_escapes_control_characters() {
        assert_eq!(excerpt("a\u{1b}[31mb"), "a\\u{1b}[31mb");
    }
}
