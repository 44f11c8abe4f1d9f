//! Go's `strconv.Atoi` and `strconv.Quote`, as far as robfig/cron's error messages show them
//! (`failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax`).

/// Go's `strconv.Atoi` on a 64-bit platform: an optional sign and decimal digits.
/// The error is `strconv.Atoi: parsing "<s>": invalid syntax|value out of range`.
// Upstream: go/src/strconv/atoi.go Atoi, ParseInt, ParseUint (base 10, bit size 64).
pub fn atoi(s: &str) -> Result<i64, String> {
    let fail = |why: &str| format!("strconv.Atoi: parsing {}: {why}", quote(s));
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(fail("invalid syntax"));
    }
    let mut value: u64 = 0;
    for byte in digits.bytes() {
        if !byte.is_ascii_digit() {
            return Err(fail("invalid syntax"));
        }
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(byte - b'0')))
        {
            Some(v) => v,
            None => return Err(fail("value out of range")),
        };
    }
    const CUTOFF: u64 = 1 << 63;
    match (negative, value) {
        (false, v) if v >= CUTOFF => Err(fail("value out of range")),
        (true, v) if v > CUTOFF => Err(fail("value out of range")),
        (true, v) => Ok(0i64.wrapping_sub_unsigned(v)),
        (false, v) => i64::try_from(v).map_err(|_| fail("value out of range")),
    }
}

/// Go's `strconv.Quote`: double quotes, with `"` and `\` escaped and unprintable characters
/// written as escapes.
// Upstream: go/src/strconv/quote.go Quote / appendEscapedRune.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_reads_signed_decimal_numbers() {
        assert_eq!(atoi("15"), Ok(15));
        assert_eq!(atoi("+15"), Ok(15));
        assert_eq!(atoi("-1"), Ok(-1));
        assert_eq!(atoi("007"), Ok(7));
    }

    #[test]
    fn atoi_errors_name_the_input_in_go_quotes() {
        assert_eq!(
            atoi("x").unwrap_err(),
            r#"strconv.Atoi: parsing "x": invalid syntax"#
        );
        assert_eq!(
            atoi("").unwrap_err(),
            r#"strconv.Atoi: parsing "": invalid syntax"#
        );
        assert_eq!(
            atoi("-").unwrap_err(),
            r#"strconv.Atoi: parsing "-": invalid syntax"#
        );
        assert_eq!(
            atoi("99999999999999999999").unwrap_err(),
            r#"strconv.Atoi: parsing "99999999999999999999": value out of range"#
        );
        assert_eq!(atoi("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
    }

    #[test]
    fn quote_escapes_like_go() {
        assert_eq!(quote("a\"b\\c\td"), r#""a\"b\\c\td""#);
        assert_eq!(quote("jäh"), "\"jäh\"");
        assert_eq!(quote("\u{1}"), r#""\x01""#);
    }
}
