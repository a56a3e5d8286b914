//! Time limits as guides write them: "20个工作日", "3—5个工作日", "九个月", "平均1个月", "即办", "法定20个工作日；承诺5个工作日".

use std::sync::LazyLock;

use regex::Regex;

use super::text::{arabic_counts, fold};
use crate::model::{Duration, DurationUnit};

/// Which limit a figure states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Statutory,
    Promised,
    Average,
    /// A figure whose kind neither its wording nor its column states.
    Unlabelled,
}

/// What a time-limit cell says, before the column's header decides what unlabelled figures mean.
#[derive(Debug, Default)]
pub struct Reading {
    /// Figures whose wording names the limit (法定, 承诺, 平均).
    pub labelled: Vec<(Slot, Duration)>,
    /// Figures with no such word.
    pub unlabelled: Vec<Duration>,
    /// Parts with a figure that could not be read, with the reason.
    pub unreadable: Vec<String>,
    /// The cell says there is no limit (无, 不适用).
    pub none: bool,
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d+)?)\s*(?:(?:-|至|到)\s*(\d+(?:\.\d+)?))?\s*个?\s*(工作日|自然日|月|日|天|小时|年|周|星期)")
        .expect("valid regex")
});
static BARE_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").expect("valid regex"));

const INSTANT: &[&str] = &["即办", "即时", "当场", "立即", "实时", "现场办结", "即来即办", "当即"];
const NONE: &[&str] = &["无", "/", "-", "无法定时限", "不适用", "暂无", "无时限", "无承诺时限", "无法定办结时限"];

/// Reads a time-limit cell.
pub fn read(text: &str) -> Reading {
    let folded = fold(&arabic_counts(text));
    let mut reading = Reading::default();
    let mut carried: Vec<Slot> = Vec::new();
    for clause in folded.split(['；', ';', '。', '\n', '，', ',']) {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let mut slots = labels(clause);
        if slots.is_empty() {
            slots = std::mem::take(&mut carried);
        }
        let body = clause.split_once([':', '：']).map(|(_, b)| b.trim()).unwrap_or(clause);
        if NONE.contains(&body) || body.starts_with("无法定") || body.starts_with("无承诺") {
            reading.none = true;
            continue;
        }
        let figures: Vec<_> = FIGURE.captures_iter(clause).collect();
        let duration = match figures.as_slice() {
            [] if INSTANT.iter().any(|w| clause.contains(w)) => {
                Duration { value: None, min: None, max: None, unit: None, instant: Some(true) }
            }
            [] => {
                if BARE_NUMBER.is_match(clause) {
                    reading.unreadable.push(format!("“{clause}” has a figure without a unit (工作日, 自然日, 月…)"));
                } else if !slots.is_empty() {
                    // A label alone on its line ("承诺时限：") names the figure that follows.
                    carried = slots;
                }
                continue;
            }
            [one] => match figure(one) {
                Ok(d) => d,
                Err(why) => {
                    reading.unreadable.push(format!("“{clause}”: {why}"));
                    continue;
                }
            },
            _ => {
                reading.unreadable.push(format!("“{clause}” holds several figures; which one is the limit is unclear"));
                continue;
            }
        };
        if slots.is_empty() {
            reading.unlabelled.push(duration);
        } else {
            for slot in slots {
                reading.labelled.push((slot, duration.clone()));
            }
        }
    }
    reading
}

fn labels(clause: &str) -> Vec<Slot> {
    let mut slots = Vec::new();
    if clause.contains("法定") {
        slots.push(Slot::Statutory);
    }
    if clause.contains("承诺") {
        slots.push(Slot::Promised);
    }
    if clause.contains("平均") {
        slots.push(Slot::Average);
    }
    slots
}

fn figure(c: &regex::Captures) -> Result<Duration, String> {
    let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<f64>().ok());
    let unit = match c.get(3).map_or("", |m| m.as_str()) {
        "工作日" => DurationUnit::工作日,
        "自然日" | "日" | "天" => DurationUnit::自然日,
        "月" => DurationUnit::月,
        "小时" => DurationUnit::小时,
        "年" => DurationUnit::年,
        "周" | "星期" => DurationUnit::周,
        other => return Err(format!("“{other}” is not a unit of the format (工作日, 自然日, 周, 月, 小时, 年)")),
    };
    match (number(1), number(2)) {
        (Some(min), Some(max)) if min < max => {
            Ok(Duration { value: None, min: Some(min), max: Some(max), unit: Some(unit), instant: None })
        }
        (Some(_), Some(_)) => Err("the range's first figure is not below its second".into()),
        (Some(value), None) => {
            Ok(Duration { value: Some(value), min: None, max: None, unit: Some(unit), instant: None })
        }
        _ => Err("no figure".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compact rendering of a reading for table tests: `S:20工作日 P:3-5工作日 U:即办 ?:2 none`.
    pub fn show(r: &Reading) -> String {
        fn d(d: &Duration) -> String {
            let unit = d.unit.map(|u| format!("{u:?}")).unwrap_or_default();
            match (d.value, d.min, d.max, d.instant) {
                (_, _, _, Some(true)) => "即办".into(),
                (Some(v), ..) => format!("{v}{unit}"),
                (_, Some(a), Some(b), _) => format!("{a}-{b}{unit}"),
                _ => "?".into(),
            }
        }
        let mut parts: Vec<String> = r
            .labelled
            .iter()
            .map(|(s, x)| {
                let tag = match s {
                    Slot::Statutory => "S",
                    Slot::Promised => "P",
                    Slot::Average => "A",
                    Slot::Unlabelled => "U",
                };
                format!("{tag}:{}", d(x))
            })
            .collect();
        parts.extend(r.unlabelled.iter().map(|x| format!("U:{}", d(x))));
        if !r.unreadable.is_empty() {
            parts.push(format!("?:{}", r.unreadable.len()));
        }
        if r.none {
            parts.push("none".into());
        }
        parts.join(" ")
    }

    #[test]
    fn units_and_labels() {
        assert_eq!(show(&read("法定：20个工作日；承诺：5个工作日")), "S:20工作日 P:5工作日");
        assert_eq!(show(&read("法定时限与承诺时限均为20个工作日")), "S:20工作日 P:20工作日");
        assert_eq!(show(&read("承诺时限：\n10个工作日")), "P:10工作日");
        assert_eq!(show(&read("法定：5周")), "S:5周");
        assert_eq!(show(&read("5-3个工作日")), "?:1");
    }
}
