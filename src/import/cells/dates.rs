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
            let (y, m, d) = (num(y)?, num(m)?, num(d)?);
            (d >= 1 && d <= days_in(y, m)?).then(|| format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

fn month(y: u32, m: u32) -> Option<String> {
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

fn days_in(y: u32, m: u32) -> Option<u32> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// The calendar date of a spreadsheet serial day number (1900 date system, as Excel and LibreOffice write).
pub fn from_serial(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01, then the civil-from-days algorithm (H. Hinnant).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
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
