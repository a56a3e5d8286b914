//! Text compared for sameness: folded for width, case, spaces and punctuation, and how similar two
//! folded texts are (the Dice coefficient of their character bigrams), so that a name written
//! twice with a full-width bracket, or a reason pasted with one word changed, is recognised.

use std::collections::HashMap;

/// The text with full-width forms made half-width, letters lower-cased, and everything that is
/// not a letter, a digit or an ideograph (spaces, punctuation, brackets) left out.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            // Full-width ASCII forms (！ to ～) and the ideographic space.
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Dice coefficient of the character bigrams of two folded texts: 1 for the same text, 0 for
/// texts that share no pair of adjacent characters. A text of one character is its own bigram.
pub fn similarity(a: &str, b: &str) -> f64 {
    Profile::of(a).similarity(&Profile::of(b))
}

/// A text's bigrams, counted once, to compare it with many others.
pub struct Profile {
    text: String,
    bigrams: HashMap<(char, char), usize>,
    count: usize,
}

impl Profile {
    /// The bigram profile of a folded text.
    pub fn of(s: &str) -> Profile {
        let chars: Vec<char> = s.chars().collect();
        let mut bigrams = HashMap::new();
        if chars.len() == 1 {
            bigrams.insert((chars[0], chars[0]), 1);
        }
        for w in chars.windows(2) {
            *bigrams.entry((w[0], w[1])).or_insert(0) += 1;
        }
        let count = bigrams.values().sum();
        Profile { text: s.to_owned(), bigrams, count }
    }

    /// The Dice coefficient of two profiles (see [`similarity`]).
    pub fn similarity(&self, other: &Profile) -> f64 {
        if self.text == other.text {
            return 1.0;
        }
        if self.count + other.count == 0 {
            return 0.0;
        }
        let shared: usize =
            self.bigrams.iter().map(|(g, n)| (*n).min(other.bigrams.get(g).copied().unwrap_or(0))).sum();
        2.0 * shared as f64 / (self.count + other.count) as f64
    }
}

/// Whether two names stand for the same body: equal when folded, or one contains the other (a
/// body written with and without the name it also bears, or without its parent's name).
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_width_case_spaces_and_punctuation() {
        assert_eq!(fold("杭州市知识产权保护中心（公共服务部）"), "杭州市知识产权保护中心公共服务部");
        assert_eq!(fold("ＨＺ－ＩＰ ２０２４"), "hzip2024");
        assert_eq!(fold("不适用。"), fold("不适用"));
    }

    #[test]
    fn similarity_measures_shared_bigrams() {
        let a = fold("本平台仅提供线上咨询服务，不涉及该项要求");
        let b = fold("本平台仅提供线上咨询服务，不涉及此项要求");
        assert!(similarity(&a, &b) > 0.8, "{}", similarity(&a, &b));
        let c = fold("服务大厅由市民中心统一提供，消防检查由市民中心物业负责");
        assert!(similarity(&a, &c) < 0.3, "{}", similarity(&a, &c));
        assert_eq!(similarity("ab", "ab"), 1.0);
        assert_eq!(similarity("", "ab"), 0.0);
    }

    #[test]
    fn names_match_when_one_contains_the_other() {
        assert!(same_name("杭州市知识产权保护中心", "杭州市知识产权保护中心（杭州市知识产权服务中心）"));
        assert!(same_name("国家知识产权局专利局杭州代办处", "专利局杭州代办处"));
        assert!(!same_name("杭州市知识产权保护中心", "杭州某信息技术有限公司"));
        assert!(!same_name("", "杭州某信息技术有限公司"));
    }
}
