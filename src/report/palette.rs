//! The colours of the HTML report's heat map (`html.css`: `.h0`–`.h10`, `.s-*`), for the formats
//! that colour cells themselves (xlsx, docx), so a committee sees the same colours everywhere.

use crate::assessment::Status;

/// A score's colour on the heat map: index 0 for 0–9 … 10 for 100 (`.h0`–`.h10`).
pub const HEAT: [u32; 11] =
    [0xb91c1c, 0xc2410c, 0xdc5d1e, 0xea7a2a, 0xf59e0b, 0xfbbf24, 0xfde047, 0xd9f99d, 0xa7f3d0, 0x6ee7b7, 0x34d399];

/// The heat-map colour for no score (`.hx`).
pub const NO_SCORE: u32 = 0xf1f5f9;

/// Heat buckets whose colour is dark enough for white text (`.h0`–`.h2`).
pub const HEAT_DARK: usize = 3;

/// The bucket of a score: 0 (0–9) … 10 (100).
pub fn heat_bucket(score: f64) -> usize {
    (score / 10.0).floor().clamp(0.0, 10.0) as usize
}

/// A clause status's colour in the clause × platform matrix (`.s-pass` …).
pub fn status(s: Status) -> u32 {
    match s {
        Status::Pass => 0x34d399,
        Status::Fail => 0xdc2626,
        Status::Partial => 0xfbbf24,
        Status::NotApplicable => 0xe2e8f0,
        Status::Waived => 0x93c5fd,
        Status::Error => 0x7c3aed,
    }
}

/// Whether a status's colour needs white text.
pub fn status_dark(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Error)
}

/// A light fill for a status in a table cell, as the HTML report's status badges (`.st.*`).
pub fn status_light(s: Status) -> u32 {
    match s {
        Status::Pass => 0xdcfce7,
        Status::Fail | Status::Error => 0xfee2e2,
        Status::Partial => 0xfef3c7,
        Status::NotApplicable => 0xf1f5f9,
        Status::Waived => 0xe0e7ff,
    }
}

/// A colour as `RRGGBB`.
pub fn hex(rgb: u32) -> String {
    format!("{rgb:06X}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colours are html.css's: a change there must be made here too.
    #[test]
    fn the_colours_are_the_html_reports() {
        let css = include_str!("html.css").to_lowercase();
        for (i, c) in HEAT.iter().enumerate() {
            assert!(css.contains(&format!(".h{i} {{ background: #{c:06x}")), "h{i} #{c:06x}");
        }
        for s in Status::ALL {
            let key = crate::report::labels::status_key(s);
            assert!(css.contains(&format!(".s-{key} {{ background: #{:06x}", status(s))), "{key}");
        }
        assert!(css.contains(&format!(".hx {{ background: #{NO_SCORE:06x}")));
        assert_eq!(heat_bucket(100.0), 10);
        assert_eq!(heat_bucket(9.99), 0);
    }
}
