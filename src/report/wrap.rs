//! Text laid out for a width: paragraphs wrapped at spaces and between CJK characters (which
//! count two columns), with a hanging indent; a word that cannot break — a path, a URL, a JSON
//! Pointer — stays whole on a line of its own rather than being cut.

use std::fmt::Write;

use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display columns of a string: CJK and other wide characters count two.
pub fn columns(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Appends `text` wrapped to `width` columns, its first line after `first`, the others after
/// `rest`, each line ended by a newline.
pub fn para(out: &mut String, width: usize, first: &str, rest: &str, text: &str) {
    let options = Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_separator(WordSeparator::Custom(words))
        .word_splitter(WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, &options) {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Splits a line where it may break: after spaces, and beside a wide (CJK) character — but never
/// before closing punctuation or after opening punctuation, and never inside a run of narrow
/// characters, so `examples/county-pilot.yaml:177:15` or a URL stays whole (Unicode's line
/// breaking would split it after `-` or `/`).
fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    const NO_START: &str = "，。、；：？！）》」』】〉”’…·,.;:?!)]}%";
    const NO_END: &str = "（《「『【〈“‘([{";
    let wide = |c: char| c.width().unwrap_or(0) > 1;
    let mut starts = vec![0];
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        if let Some(p) = prev {
            let after_space = p == ' ' && c != ' ';
            let beside_wide = (wide(c) || wide(p)) && c != ' ' && p != ' ';
            if after_space || (beside_wide && !NO_START.contains(c) && !NO_END.contains(p)) {
                starts.push(i);
            }
        }
        prev = Some(c);
    }
    starts.push(line.len());
    let words: Vec<Word<'_>> = starts.windows(2).map(|w| Word::from(&line[w[0]..w[1]])).collect();
    Box::new(words.into_iter())
}

/// Cuts a string to at most `max` columns, marking the cut with `…`.
pub fn fit(s: &str, max: usize) -> String {
    if columns(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_fit_and_cjk_counts_two_columns() {
        let mut out = String::new();
        let zh = "整改: 随法规、收费、流程变化及时更新服务事项和办事指南；在 item_list.version 中标注版本，在每个事项的 service_items[].last_reviewed 中填写最近核验日期";
        para(&mut out, 40, "  ", "    ", zh);
        assert!(out.lines().all(|l| columns(l) <= 40), "{out}");
        assert!(out.lines().count() > 3);
        assert!(out.contains("service_items[].last_reviewed"), "a path is never cut: {out}");
        let mut long = String::new();
        para(&mut long, 20, "", "  ", "see https://example.org/a/very/long/path/that/cannot/break now");
        assert!(long.lines().any(|l| l.contains("https://example.org/a/very/long/path/that/cannot/break")), "{long}");
        let mut place = String::new();
        para(&mut place, 30, "", "  ", "found 1 entries  (examples/county-pilot.yaml:177:15)");
        assert!(place.contains("(examples/county-pilot.yaml:177:15)"), "{place}");
        let mut punct = String::new();
        para(&mut punct, 12, "", "", "应为至少两项，实为一项。（参数 x）");
        assert!(punct.lines().all(|l| !l.starts_with(['，', '。', '）'])), "{punct}");
    }

    #[test]
    fn fit_cuts_at_a_column() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("平台描述", 5), "平台…");
        assert_eq!(fit("ok", 5), "ok");
    }
}
