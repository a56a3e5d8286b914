//! Dates: "2024年8月" (a month), "2024年8月20日", "2024-08-20", "2024/8/20", "2024.8", spreadsheet serial dates.

use super::text::fold;

/// A date as the format writes it, `YYYY-MM-DD` or `YYYY-MM`; `None` when the wording is not a date.
pub fn read(text: &str) -> Option<String> {
    let t = fold(text.trim());
    let t = t.trim_end_matches(['日', '号']).replace(['年', '月', '/', '.'], "-");
    let parts: Vec<&str> = t.split('-').filter(|p| !p.is_empty()).collect();
    let num = |s: &str| s.trim().parse::<u32>().ok();
    match parts.as_slice() {
        [y, m] if y.len() == 4 => month(num(y)?, num(m)?),
        [y, m, d] if y.len() == 4 => {
            let date = format!("{:04}-{:02}-{:02}", num(y)?, num(m)?, num(d)?);
            crate::date::parse_days(&date).map(|_| date)
        }
        _ => None,
    }
}

fn month(y: u32, m: u32) -> Option<String> {
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

/// The calendar date of a spreadsheet serial day number (1900 date system, as Excel and LibreOffice write).
pub fn from_serial(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01, day 0 of `date`'s numbering.
    Some(crate::date::format_days(serial.floor() as i64 - 25_569))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(from_serial(45_524.0).as_deref(), Some("2024-08-20"));
        assert_eq!(from_serial(45_352.5).as_deref(), Some("2024-03-01"));
        assert_eq!(from_serial(-3.0), None);
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert_eq!(read("2023年2月29日"), None);
        assert_eq!(read("2024年13月"), None);
        assert_eq!(read("2024年2月29日").as_deref(), Some("2024-02-29"));
    }
}
