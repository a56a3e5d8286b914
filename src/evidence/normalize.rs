//! One spelling for comparing titles and 文号 with what a document says: full-width forms folded
//! to ASCII, every bracket to 〔〕, quotes and dashes to one each, spaces and book-title marks
//! dropped, Latin letters in lower case.

/// The comparable form of a text.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(n) = fold(c) {
            out.push(n);
        }
    }
    out
}

/// One character's comparable form; `None` for characters that do not count.
fn fold(c: char) -> Option<char> {
    // Full-width ASCII (！ to ～) is ASCII shifted by 0xFEE0.
    let c = match u32::from(c) {
        0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    match c {
        c if c.is_whitespace() || c.is_control() => None,
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '《' | '》' | '〈' | '〉' => None,
        '(' | '[' | '【' | '〔' | '〖' | '{' => Some('〔'),
        ')' | ']' | '】' | '〕' | '〗' | '}' => Some('〕'),
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' => Some('"'),
        '—' | '–' | '‐' | '‑' | '‒' | '―' => Some('-'),
        '・' | '•' | '∙' => Some('·'),
        c if c.is_ascii_uppercase() => Some(c.to_ascii_lowercase()),
        c => Some(c),
    }
}

/// Characters that make a title a title: letters (Chinese characters among them) and digits.
pub fn title_chars(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// A title without its trailing remark in brackets — `服务管理制度汇编（首问负责、…）` is cited as
/// `服务管理制度汇编` on the document itself — when enough of it is left; the whole title otherwise.
/// Takes and gives the normalised form.
pub fn title_core(normalised: &str, min_chars: usize) -> &str {
    let Some(body) = normalised.strip_suffix('〕') else { return normalised };
    let mut depth = 1usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            '〕' => depth += 1,
            '〔' => {
                depth -= 1;
                if depth == 0 {
                    let core = &normalised[..i];
                    return if title_chars(core) >= min_chars { core } else { normalised };
                }
            }
            _ => {}
        }
    }
    normalised
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_spaces_brackets_and_marks_fold_to_one_spelling() {
        for (a, b) in [
            ("杭知保〔2024〕3号", "杭知保[2024]3号"),
            ("杭知保〔2024〕3号", "杭知保（２０２４）３号"),
            ("杭知保〔2024〕3号", "杭知保 【2024】 3 号"),
            ("杭知保〔2024〕3号", "杭知保［2024］3号"),
            ("杭知保〔2024〕3号", "杭知保(2024)3号"),
            ("《服务管理制度汇编》", "服务管理 制度汇编"),
            ("HZIPC-2024-YW-01", "ｈｚｉｐｃ—2024—ｙｗ—01"),
            ("“十四五”规划", "\"十四五\"规划"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} vs {b}");
        }
        assert_ne!(normalize("杭知保〔2024〕3号"), normalize("杭知保〔2024〕8号"));
        // The digit one (一) is a character, not a dash.
        assert_ne!(normalize("第一章"), normalize("第-章"));
    }

    #[test]
    fn a_trailing_remark_is_not_part_of_the_title() {
        let t = normalize("服务管理制度汇编（首问负责、一次性告知、限时办结）");
        assert_eq!(title_core(&t, 4), "服务管理制度汇编");
        let t = normalize("网络安全等级保护测评报告（第三级）");
        assert_eq!(title_core(&t, 4), "网络安全等级保护测评报告");
        // Too little left: the whole title stands.
        let t = normalize("年报（2025年度平台运行情况）");
        assert_eq!(title_core(&t, 4), t);
        assert_eq!(title_core("没有括号的标题", 4), "没有括号的标题");
    }

    #[test]
    fn only_letters_and_digits_count_in_a_title() {
        assert_eq!(title_chars("合同"), 2);
        assert_eq!(title_chars("《 制度 》"), 2);
        assert_eq!(title_chars("2025年度报告"), 8);
    }
}
