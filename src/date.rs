//! Calendar dates as day numbers, enough for "within N days of the assessment date", and today's
//! date in a time zone.

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD`, or None when it is not one.
pub fn parse_days(s: &str) -> Option<i64> {
    let (y, m, d) = fields(s)?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// The first and last day (as day numbers) a date may mean: the day itself for `YYYY-MM-DD`, the
/// whole month for `YYYY-MM` (documents dated to the month, such as "2024年8月").
pub fn parse_span(s: &str) -> Option<(i64, i64)> {
    if let Some(d) = parse_days(s) {
        return Some((d, d));
    }
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    Some((days_from_civil(y, m, 1), days_from_civil(y, m, days_in_month(y, m))))
}

/// Why a string written `YYYY-MM-DD` is no calendar date (`2026-02-30`: "February 2026 has 28
/// days"); None when it is a date, or is not written that way at all.
pub fn impossible(s: &str) -> Option<String> {
    let (y, m, d) = fields(s)?;
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m:02}"));
    }
    if d == 0 {
        return Some("there is no day 00".into());
    }
    let last = days_in_month(y, m);
    (d > last).then(|| format!("{} {y} has {last} days", MONTHS[m as usize - 1]))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Year, month and day of a string written `YYYY-MM-DD` with ASCII digits, unchecked.
fn fields(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    Some((s[0..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The ISO date of a day number.
pub fn format_days(z: i64) -> String {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time zone "today" is read in: `timezone` in the config file, else `TZ`, else the system's.
///
/// Zone rules come from `jiff`, which reads the system's time-zone database (`/usr/share/zoneinfo`)
/// and understands every form `TZ` takes (an IANA name, a POSIX rule such as `CST-8`, a TZif path).
#[derive(Debug, Clone)]
pub struct Zone {
    tz: jiff::tz::TimeZone,
    /// The zone as reports name it: its IANA name, or its offset from UTC when it has none.
    pub name: String,
}

impl Zone {
    /// The zone of the process: `TZ`, else the system's; UTC (named so) when neither can be read,
    /// with a warning when `TZ` names no zone.
    pub fn local() -> (Zone, Option<String>) {
        match jiff::tz::TimeZone::try_system() {
            Ok(tz) => (Zone::of(tz), None),
            Err(_) => {
                let warning = std::env::var("TZ")
                    .ok()
                    .filter(|tz| !tz.is_empty())
                    .map(|tz| format!("TZ={tz} is not a time zone; today is read in UTC"));
                (Zone::of(jiff::tz::TimeZone::UTC), warning)
            }
        }
    }

    /// A zone by IANA name (`Asia/Shanghai`) or POSIX rule (`CST-8`); the error says why not.
    pub fn named(name: &str) -> Result<Zone, String> {
        jiff::tz::TimeZone::get(name)
            .or_else(|_| jiff::tz::TimeZone::posix(name))
            .map(Zone::of)
            .map_err(|_| format!("`{name}` is not a time zone (an IANA name such as Asia/Shanghai, or UTC)"))
    }

    fn of(tz: jiff::tz::TimeZone) -> Zone {
        let name = match tz.iana_name() {
            Some(n) if n != "Etc/Unknown" => n.to_owned(),
            _ => {
                let seconds = tz.to_offset(jiff::Timestamp::now()).seconds();
                let sign = if seconds < 0 { '-' } else { '+' };
                let m = seconds.unsigned_abs() / 60;
                format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
            }
        };
        Zone { tz, name }
    }

    /// Today's date in this zone, as a day number.
    pub fn today(&self) -> i64 {
        self.day_of(jiff::Timestamp::now())
    }

    /// The date of an instant in this zone, as a day number.
    pub fn day_of(&self, at: jiff::Timestamp) -> i64 {
        let date = self.tz.to_datetime(at).date();
        days_from_civil(i64::from(date.year()), date.month() as u32, date.day() as u32)
    }
}

/// Today's date in the local time zone (`TZ`, else the system's) as a day number.
pub fn today() -> i64 {
    Zone::local().0.today()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_impossible_dates() {
        for s in ["1970-01-01", "2024-02-29", "2026-11-25", "1999-12-31"] {
            assert_eq!(format_days(parse_days(s).unwrap()), s);
        }
        assert_eq!(parse_days("1970-01-02"), Some(1));
        assert_eq!(parse_days("2025-02-29"), None);
        assert_eq!(parse_days("2024-13-01"), None);
        assert_eq!(parse_days("2024/01/01"), None);
        assert_eq!(parse_days("2026-11-25").unwrap() - parse_days("2025-11-25").unwrap(), 365);
        // `str::parse` takes a sign; a date does not.
        assert_eq!(parse_days("2024-+1-01"), None);
    }

    #[test]
    fn impossible_dates_say_why() {
        let cases = [
            ("2026-02-30", Some("February 2026 has 28 days")),
            ("2025-04-31", Some("April 2025 has 30 days")),
            ("2024-02-30", Some("February 2024 has 29 days")),
            ("1900-02-29", Some("February 1900 has 28 days")),
            ("2026-13-01", Some("there is no month 13")),
            ("2026-01-00", Some("there is no day 00")),
            ("2000-02-29", None),
            ("2026-11-25", None),
            ("2026/02/30", None),
            ("26-02-30", None),
        ];
        for (s, why) in cases {
            assert_eq!(impossible(s).as_deref(), why, "{s}");
            assert_eq!(parse_days(s).is_some(), why.is_none() && s.len() == 10 && !s.contains('/'), "{s}");
        }
    }

    #[test]
    fn month_dates_span_their_month() {
        let (a, b) = parse_span("2024-02").unwrap();
        assert_eq!((format_days(a), format_days(b)), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(parse_span("2024-08-15"), parse_days("2024-08-15").map(|d| (d, d)));
        assert_eq!(parse_span("2024-13"), None);
        assert_eq!(parse_span("24-01"), None);
        assert_eq!(parse_span("2024-+1"), None);
    }

    #[test]
    fn today_is_the_date_in_the_zone() {
        // 2026-11-24 23:30 UTC is already the 25th in Beijing and still the 24th in New York.
        let at: jiff::Timestamp = "2026-11-24T23:30:00Z".parse().unwrap();
        let cases = [
            ("Asia/Shanghai", "2026-11-25"),
            ("UTC", "2026-11-24"),
            ("America/New_York", "2026-11-24"),
            ("CST-8", "2026-11-25"),
        ];
        for (zone, day) in cases {
            let z = Zone::named(zone).unwrap();
            assert_eq!(format_days(z.day_of(at)), day, "{zone}");
        }
        assert_eq!(Zone::named("Asia/Shanghai").unwrap().name, "Asia/Shanghai");
        assert_eq!(Zone::named("CST-8").unwrap().name, "UTC+08:00");
        assert!(Zone::named("Mars/Olympus").unwrap_err().contains("not a time zone"));
    }
}
