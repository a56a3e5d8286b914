//! Hand-written SVG charts for the HTML report: deterministic markup, no script, no fonts to load,
//! every label XML-escaped.

use std::fmt::Write;

use crate::assessment::ChapterScore;
use crate::report::escape::xml;
use crate::report::labels;
use crate::text::Lang;

/// Font stack with the common CJK system fonts, so Chinese labels render wherever the file is opened.
pub const FONT_STACK: &str = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif";

const FONT_PX: f64 = 12.0;
const ROW: f64 = 20.0;
const BAR: f64 = 13.0;
const TOP: f64 = 22.0;
const BAR_AREA: f64 = 300.0;

/// Rough rendered width of a label: wide (CJK) characters take about 1 em, others about 0.58 em.
/// Only used to size the label column; nothing depends on it being exact.
pub fn text_width(s: &str, font_px: f64) -> f64 {
    s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.58 }).sum::<f64>() * font_px
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A colour from red (0) through amber to green (100), for a bar's score; presentation only.
fn colour(score: f64) -> String {
    let hue = (score.clamp(0.0, 100.0) * 1.2).round();
    format!("hsl({hue}, 62%, 42%)")
}

/// A horizontal bar per chapter with its score, `—` for a chapter with nothing to score.
pub fn chapter_bars(chapters: &[ChapterScore], lang: Lang) -> String {
    let label = |c: &ChapterScore| format!("{} {}", c.id, c.title.get(lang));
    let label_w = chapters.iter().map(|c| text_width(&label(c), FONT_PX)).fold(60.0_f64, f64::max).min(320.0) + 12.0;
    let width = label_w + BAR_AREA + 48.0;
    let height = TOP + ROW * chapters.len() as f64 + 6.0;
    let title = labels::t(lang, "各章节得分", "Score by chapter");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{title}" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" font-family="{}" font-size="{FONT_PX}">"#,
        xml(FONT_STACK),
    );
    let _ = write!(s, "<title>{title}</title>");
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = label_w + BAR_AREA * tick / 100.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#d0d4da" stroke-width="1"/><text x="{x:.1}" y="12" text-anchor="middle" fill="#6b7280" font-size="10">{tick}</text>"##,
            TOP - 4.0,
            height - 4.0,
        );
    }
    for (i, c) in chapters.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let text_y = y + BAR / 2.0 + FONT_PX * 0.35;
        let name = label(c);
        let value = labels::score(c.score);
        let _ = write!(s, "<g><title>{}: {value}</title>", xml(&name));
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{text_y:.1}" text-anchor="end" fill="#1f2937">{}</text>"##,
            label_w - 8.0,
            xml(&name)
        );
        match c.score {
            Some(score) => {
                let w = BAR_AREA * score.clamp(0.0, 100.0) / 100.0;
                let _ = write!(
                    s,
                    r##"<rect x="{label_w:.1}" y="{y:.1}" width="{w:.1}" height="{BAR}" rx="2" fill="{}"/><text x="{:.1}" y="{text_y:.1}" fill="#1f2937">{value}</text>"##,
                    colour(score),
                    label_w + w + 4.0,
                );
            }
            None => {
                let _ = write!(s, r##"<text x="{:.1}" y="{text_y:.1}" fill="#6b7280">—</text>"##, label_w + 4.0);
            }
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Counts;
    use crate::text::Text;

    fn chapter(id: &str, title: &str, score: Option<f64>) -> ChapterScore {
        ChapterScore {
            id: id.into(),
            title: Text::same(title),
            weight: 1.0,
            score,
            earned: 0.0,
            possible: 0.0,
            counts: Counts::default(),
        }
    }

    #[test]
    fn labels_are_escaped_and_missing_scores_shown_as_dash() {
        let svg = chapter_bars(&[chapter("1", "<b>&", Some(50.0)), chapter("2", "人员", None)], Lang::En);
        assert!(svg.contains("1 &lt;b&gt;&amp;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains(">—</text>"));
        assert_eq!(svg.matches("<rect").count(), 1);
    }

    #[test]
    fn wide_characters_count_double() {
        assert!(text_width("人员", 10.0) > text_width("ab", 10.0) * 1.5);
    }
}
