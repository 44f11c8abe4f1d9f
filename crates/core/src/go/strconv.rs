//! Go's `strconv.Atoi` and `strconv.Quote` (`%q`), as robfig/cron's error messages
//! (`failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax`), the API server's
//! field errors and the kubelet's events show them.

use std::fmt::{self, Write};

/// Go's `strconv.Atoi` on a 64-bit platform: an optional sign and decimal digits.
/// The error is `strconv.Atoi: parsing "<s>": invalid syntax|value out of range`.
// Upstream: go/src/strconv/atoi.go Atoi, ParseInt, ParseUint (base 10, bit size 64).
pub fn atoi(s: &str) -> Result<i64, String> {
    let fail = |why: &str| format!("strconv.Atoi: parsing {}: {why}", Quoted(s));
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

/// Go's `strconv.Quote` (what `%q` prints): double quotes, with `"` and `\` escaped and
/// unprintable characters written as escapes.
// Upstream: go/src/strconv/quote.go Quote / appendEscapedRune.
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        // Printable ASCII other than the quote and the backslash is written as it is.
        let plain = |b: &u8| (b' '..=b'~').contains(b) && !matches!(b, b'"' | b'\\');
        if self.0.bytes().all(|b| plain(&b)) {
            f.write_str(self.0)?;
        } else {
            for c in self.0.chars() {
                escaped(f, c)?;
            }
        }
        f.write_char('"')
    }
}

/// One character as `appendEscapedRune` writes it.
fn escaped(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        '"' => f.write_str("\\\""),
        '\\' => f.write_str("\\\\"),
        '\u{7}' => f.write_str("\\a"),
        '\u{8}' => f.write_str("\\b"),
        '\u{c}' => f.write_str("\\f"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        '\u{b}' => f.write_str("\\v"),
        c if (c as u32) < 0x20 || c == '\u{7f}' => write!(f, "\\x{:02x}", c as u32),
        c if c.is_control() || (c.is_whitespace() && c != ' ') => {
            if (c as u32) < 0x10000 {
                write!(f, "\\u{:04x}", c as u32)
            } else {
                write!(f, "\\U{:08x}", c as u32)
            }
        }
        c => f.write_char(c),
    }
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
        let quote = |s: &str| Quoted(s).to_string();
        assert_eq!(quote("a\"b\\c\td"), r#""a\"b\\c\td""#);
        assert_eq!(quote("jäh"), "\"jäh\"");
        assert_eq!(quote("\u{1}"), r#""\x01""#);
        assert_eq!(quote("busybox:1.36"), r#""busybox:1.36""#);
        assert_eq!(quote("a~b\u{7f}"), r#""a~b\x7f""#);
    }
}
