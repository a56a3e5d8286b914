//! HTML (a saved web page): the text between the tags, scripts and styles left out, entities
//! decoded, in the charset the page declares (gb2312 pages are common on government sites).

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

use super::txt::decode;
use super::{Budget, Collector, Reading, invalid};

/// `<meta charset=…>` or `content="text/html; charset=…"` within the first bytes.
static CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_-]+)"#).expect("valid regex"));

pub fn read(bytes: &[u8], budget: &Budget) -> Reading {
    let head = &bytes[..bytes.len().min(4096)];
    let declared = CHARSET.captures(head).and_then(|m| Encoding::for_label(&m[1]));
    let Some(page) = decode(bytes, declared) else { return invalid("HTML", "binary content, not text") };
    let mut out = Collector::new(budget.limits.max_chars);
    let mut rest = page.as_str();
    while let Some(open) = rest.find('<') {
        if budget.out_of_time() {
            return budget.timed_out();
        }
        if !push_decoded(&mut out, &rest[..open]) {
            return Reading::Text(out.finish());
        }
        let tag = &rest[open..];
        // Comments, scripts and styles are skipped whole; any other tag ends at its `>`.
        let skip_to = if tag.starts_with("<!--") {
            tag.find("-->").map(|i| i + 3)
        } else if let Some(name) = ["script", "style"].iter().find(|n| starts_with_tag(tag, n)) {
            find_ascii_case_insensitive(tag, &format!("</{name}")).and_then(|i| tag[i..].find('>').map(|j| i + j + 1))
        } else {
            tag.find('>').map(|i| i + 1)
        };
        let Some(skip) = skip_to else { break };
        let block = ["p", "br", "div", "tr", "li", "h1", "h2", "h3", "title"];
        if block.iter().any(|b| starts_with_tag(tag, b)) && !out.push("\n") {
            return Reading::Text(out.finish());
        }
        rest = &tag[skip..];
    }
    Reading::Text(out.finish())
}

/// Whether a tag opens (or closes) an element of this name: `<p>`, `<p class=…>`, `</p>`, not `<pre>`.
fn starts_with_tag(tag: &str, name: &str) -> bool {
    let body = tag.trim_start_matches('<').trim_start_matches('/');
    body.len() >= name.len()
        && body.is_char_boundary(name.len())
        && body[..name.len()].eq_ignore_ascii_case(name)
        && !body[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// Where a needle first occurs, ignoring ASCII case; scans only as far as the first match.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Pushes text with its character and named entities decoded; false when the collector is full.
fn push_decoded(out: &mut Collector, text: &str) -> bool {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        if !out.push(&rest[..amp]) {
            return false;
        }
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&i| i <= 32);
        let decoded = end.and_then(|i| entity(&after[..i]));
        match (end, decoded) {
            (Some(i), Some(s)) => {
                if !out.push(&s) {
                    return false;
                }
                rest = &after[i + 1..];
            }
            _ => {
                if !out.push("&") {
                    return false;
                }
                rest = after;
            }
        }
    }
    out.push(rest)
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    quick_xml::escape::resolve_html5_entity(name).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{LIMITS, fixtures};

    fn text_of(html: &str) -> String {
        match read(html.as_bytes(), &Budget::new(LIMITS)) {
            Reading::Text(t) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_saved_gb2312_page_reads_in_its_charset() {
        let text = fixtures::text("credit-report-2026.html");
        assert!(text.contains("信用信息查询报告"), "{text}");
        assert!(text.contains("无严重失信主体名单记录"), "{text}");
    }

    #[test]
    fn tags_scripts_and_entities_are_handled() {
        let t = text_of(
            "<p>杭知保&#12308;2024&#x3015;3号</p><script>if (a<b) x='杭知保〔2023〕9号'</script><!-- 〔2022〕1号 --><pre>A&amp;B&nbsp;C &unknown; &</pre>",
        );
        assert!(t.contains("杭知保〔2024〕3号"), "{t}");
        assert!(!t.contains("2023") && !t.contains("2022"), "{t}");
        assert!(t.contains("A&B\u{a0}C &unknown; &"), "{t}");
        assert!(starts_with_tag("<P class=x>", "p") && !starts_with_tag("<pre>", "p") && starts_with_tag("</p>", "p"));
    }

    #[test]
    fn an_unclosed_tag_ends_the_text_without_a_hang() {
        assert_eq!(text_of("标题<p unclosed"), "标题");
    }
}
