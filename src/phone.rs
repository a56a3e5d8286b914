//! Telephone numbers as the consistency checks compare them: a field that lists several numbers
//! split into each, every number reduced to its digits (country code and extension dropped), and
//! the long-distance area code of a landline.

/// The separators guides put between several numbers in one field.
const SEPARATORS: [char; 7] = ['、', '，', ',', ';', '；', '/', '或'];

/// Each number of a field, as digits without a country code or an extension; text that holds no
/// digits at all (an e-mail address, a web address) gives none.
pub fn numbers(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    if lower.contains('@') || lower.contains("://") || lower.contains("www.") {
        return Vec::new();
    }
    s.split(SEPARATORS)
        .map(str::trim)
        .filter_map(|part| {
            let lower = part.to_lowercase();
            // An extension (转 123, 分机 123, ext 123) is not part of the number.
            let main = ["转", "分机", "ext.", "ext", "x"]
                .iter()
                .find_map(|sep| lower.rfind(sep).map(|i| &lower[..i]))
                .unwrap_or(&lower);
            let digits: String = main.chars().filter(char::is_ascii_digit).collect();
            let national = digits
                .strip_prefix("0086")
                .or_else(|| main.trim().starts_with('+').then(|| digits.strip_prefix("86")).flatten());
            // Dialled from abroad a landline drops its trunk 0: put it back.
            let digits = match national {
                Some(rest) if !rest.starts_with('1') => format!("0{rest}"),
                Some(rest) => rest.to_owned(),
                None => digits,
            };
            (digits.len() >= 5).then_some(digits)
        })
        .collect()
}

/// The area code of a landline number given as digits (`0571…` → `0571`, `010…` → `010`);
/// `None` for a mobile, 400/800 or short service number, which belong to no area.
pub fn area_code(digits: &str) -> Option<&str> {
    let bytes = digits.as_bytes();
    if bytes.len() < 8 || bytes[0] != b'0' || bytes[1] == b'0' {
        return None;
    }
    // Beijing (10) and the 2x cities have two digits after the 0; every other area three.
    let len = if matches!(bytes[1], b'1' | b'2') { 3 } else { 4 };
    Some(&digits[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_split_and_reduced_to_digits() {
        assert_eq!(numbers("0571-87012330"), ["057187012330"]);
        assert_eq!(numbers("(010)62356655、0571-8701 2330 转 801"), ["01062356655", "057187012330"]);
        assert_eq!(numbers("+86 571 8701 2330"), ["057187012330"]);
        assert_eq!(numbers("+86 138 1234 5678"), ["13812345678"]);
        assert_eq!(numbers("jdts@hzipc.hangzhou.gov.cn"), Vec::<String>::new());
        assert_eq!(numbers("https://ipservice.example.gov.cn/12345678"), Vec::<String>::new());
        assert_eq!(numbers("12345"), ["12345"]);
    }

    #[test]
    fn only_landlines_have_an_area_code() {
        assert_eq!(area_code("057187012330"), Some("0571"));
        assert_eq!(area_code("01062356655"), Some("010"));
        assert_eq!(area_code("075582919330"), Some("0755"));
        assert_eq!(area_code("02161234567"), Some("021"));
        assert_eq!(area_code("13812345678"), None);
        assert_eq!(area_code("4008123456"), None);
        assert_eq!(area_code("12345"), None);
        assert_eq!(area_code("075512345"), Some("0755"));
    }
}
