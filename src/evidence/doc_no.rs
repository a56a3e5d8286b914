//! 文号: the number of an official document, 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.3), read
//! with the usual variants — any bracket (〔〕 [] ［］ （） () 【】), full-width digits, spaces,
//! 第N号 — and found again in a document's text.

use std::sync::LazyLock;

use regex::Regex;

use super::normalize::normalize;
use crate::text::Text;

/// A document number as cited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocNo {
    /// An official 文号: issuing body's code, year, serial number.
    Official { org: String, year: u16, number: u32 },
    /// Another reference (a contract number, a standard's code), compared as normalised text.
    Other(String),
}

impl DocNo {
    /// The one spelling used to compare and show it: `杭知保〔2024〕3号`.
    pub fn canonical(&self) -> String {
        match self {
            DocNo::Official { org, year, number } => format!("{org}〔{year}〕{number}号"),
            DocNo::Other(s) => s.clone(),
        }
    }

    /// The year of an official 文号.
    pub fn year(&self) -> Option<u16> {
        match self {
            DocNo::Official { year, .. } => Some(*year),
            DocNo::Other(_) => None,
        }
    }
}

/// Code〔digits〕rest: the shape of an official 文号, once normalised.
static SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<org>[^〔〕]*)〔(?P<year>[0-9]*)〕(?P<rest>[^〔〕]*)$").expect("valid regex"));

/// 〔year〕第?number号 anywhere in a normalised text, with up to eight characters of code before it.
static IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<org>[\p{Han}A-Za-z]{0,8})〔(?P<year>[0-9]{4})〕第?0*(?P<number>[0-9]{1,6})号")
        .expect("valid regex")
});

/// Reads a 文号. A number in the official shape (a bracketed year) must be complete: the code of
/// the issuing body, a four-digit year and a serial number. Anything else is another kind of
/// reference and is kept as written.
pub fn parse(raw: &str) -> Result<DocNo, Text> {
    let n = normalize(raw);
    let Some(m) = SHAPE.captures(&n) else { return Ok(DocNo::Other(n)) };
    let (org, year, rest) = (&m["org"], &m["year"], &m["rest"]);
    if org.is_empty() || org.chars().all(|c| c.is_ascii_digit()) {
        return Err(Text::new(
            format!("文号 {raw} 缺少发文机关代字"),
            format!("the 文号 {raw} has no code of the issuing body before the year"),
        ));
    }
    let year: u16 = match year.parse() {
        Ok(y) if year.len() == 4 && (1949..=2100).contains(&y) => y,
        _ => {
            return Err(Text::new(
                format!("文号 {raw} 的年份须为四位数字"),
                format!("the year of the 文号 {raw} must have four digits"),
            ));
        }
    };
    let digits = rest.strip_prefix('第').unwrap_or(rest);
    let digits = digits.strip_suffix('号').unwrap_or(digits);
    if digits.is_empty() {
        return Err(Text::new(
            format!("文号 {raw} 缺少序号"),
            format!("the 文号 {raw} has no serial number (代字〔年份〕序号号)"),
        ));
    }
    match digits.parse::<u32>() {
        Ok(number) if number > 0 && digits.chars().all(|c| c.is_ascii_digit()) => {
            Ok(DocNo::Official { org: org.to_owned(), year, number })
        }
        _ => Err(Text::new(
            format!("文号 {raw} 的序号“{digits}”不是数字"),
            format!("the serial number “{digits}” of the 文号 {raw} is not a number"),
        )),
    }
}

/// What a document's normalised text says about a cited 文号.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The text carries the cited number.
    Cited,
    /// The text does not carry it but names these other 文号.
    Others(Vec<String>),
    /// The text carries no 文号 at all.
    None,
}

/// Looks for a cited number in a normalised text.
pub fn find(cited: &DocNo, text: &str) -> Found {
    match cited {
        DocNo::Other(s) => {
            if text.contains(s.as_str()) {
                Found::Cited
            } else {
                Found::None
            }
        }
        DocNo::Official { org, year, number } => {
            let mut others = Vec::new();
            for m in IN_TEXT.captures_iter(text) {
                let same = m["org"].ends_with(org.as_str())
                    && m["year"].parse() == Ok(*year)
                    && m["number"].parse() == Ok(*number);
                if same {
                    return Found::Cited;
                }
                let shown = format!("{}〔{}〕{}号", issuer(&m["org"]), &m["year"], &m["number"]);
                if !others.contains(&shown) && others.len() < 5 {
                    others.push(shown);
                }
            }
            if others.is_empty() { Found::None } else { Found::Others(others) }
        }
    }
}

/// The issuing body's code out of the characters before a bracketed year: once spaces and line
/// breaks are gone, a heading (…文件) or a phrase (根据…) runs into it.
fn issuer(before: &str) -> &str {
    ["文件", "根据", "依据", "按照", "印发", "转发", "。", "，", "、"]
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| i + w.len()))
        .max()
        .map_or(before, |start| &before[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official(org: &str, year: u16, number: u32) -> DocNo {
        DocNo::Official { org: org.into(), year, number }
    }

    #[test]
    fn the_usual_variants_read_as_one_number() {
        for raw in [
            "杭知保〔2024〕3号",
            "杭知保[2024]3号",
            "杭知保［2024］3号",
            "杭知保（2024）3号",
            "杭知保(2024)3号",
            "杭知保【2024】3号",
            "杭知保〔２０２４〕３号",
            "杭知保〔2024〕第3号",
            "杭知保 〔2024〕 3 号",
            "杭知保〔2024〕03号",
        ] {
            assert_eq!(parse(raw), Ok(official("杭知保", 2024, 3)), "{raw}");
        }
        assert_eq!(parse("国知发服字〔2021〕4号").unwrap().canonical(), "国知发服字〔2021〕4号");
    }

    #[test]
    fn an_incomplete_official_number_is_refused_with_what_is_missing() {
        for (raw, why) in [
            ("杭知保〔2024〕号", "no serial number"),
            ("杭知保〔2024〕第号", "no serial number"),
            ("〔2024〕3号", "no code of the issuing body"),
            ("杭知保〔24〕3号", "four digits"),
            ("杭知保〔2024〕三号", "not a number"),
            ("杭知保〔2024〕0号", "not a number"),
        ] {
            let e = parse(raw).expect_err(raw);
            assert!(e.en.contains(why), "{raw}: {}", e.en);
        }
    }

    #[test]
    fn other_references_are_kept_as_written() {
        assert_eq!(parse("HZIPC-2024-YW-01"), Ok(DocNo::Other("hzipc-2024-yw-01".into())));
        assert_eq!(parse("杭知保-XZ-2024-07"), Ok(DocNo::Other("杭知保-xz-2024-07".into())));
        assert_eq!(parse("国家知识产权局令第七十八号").unwrap().year(), None);
    }

    #[test]
    fn a_number_is_found_in_text_however_it_is_spelt_there() {
        let cited = official("杭知保", 2024, 3);
        let text = normalize("杭州市知识产权保护中心文件\n杭知保〔\n2024\n〕\n3\n号\n服务管理制度汇编");
        assert_eq!(find(&cited, &text), Found::Cited);
        assert_eq!(find(&cited, &normalize("杭知保[2024]第3号")), Found::Cited);
        assert_eq!(
            find(&cited, &normalize("根据国知发服字〔2021〕4号…")),
            Found::Others(vec!["国知发服字〔2021〕4号".into()])
        );
        let heading = normalize("杭州市知识产权保护中心文件\n杭知保〔2023〕5号");
        assert_eq!(find(&cited, &heading), Found::Others(vec!["杭知保〔2023〕5号".into()]));
        assert_eq!(find(&cited, &normalize("杭知保〔2024〕31号")), Found::Others(vec!["杭知保〔2024〕31号".into()]));
        assert_eq!(find(&cited, &normalize("服务管理制度汇编")), Found::None);
        assert_eq!(
            find(&DocNo::Other("hzipc-2024-yw-01".into()), &normalize("合同编号：HZIPC-2024-YW-01")),
            Found::Cited
        );
    }
}
