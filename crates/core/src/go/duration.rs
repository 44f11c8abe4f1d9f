//! Go's `time.ParseDuration`, which reads the `D` of `@every D` (`1h30m`, `90s`, `1.5h`), and
//! `Duration.String` for the whole milliseconds the kubelet prints (`877ms`, `1.877s`).

use std::fmt;

const NANOS_PER_UNIT: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

const LIMIT: u64 = 1 << 63;

/// Parses a Go duration string into nanoseconds, with Go's error messages
/// (`time: invalid duration "5"`, `time: missing unit in duration "5"`,
/// `time: unknown unit "x" in duration "5x"`).
// Upstream: go/src/time/format.go ParseDuration, leadingInt, leadingFraction.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        let first = s.as_bytes().first().copied().unwrap_or(b' ');
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        let before = s.len();
        let (mut v, rest) = leading_int(s).ok_or_else(invalid)?;
        s = rest;
        let pre = before != s.len();
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(rest) = s.strip_prefix('.') {
            let before = rest.len();
            let (frac, frac_scale, rest) = leading_fraction(rest);
            (f, scale, post) = (frac, frac_scale, before != rest.len());
            s = rest;
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s
            .bytes()
            .take_while(|c| !(*c == b'.' || c.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let (unit_name, rest) = s.split_at(unit_len);
        s = rest;
        let unit = NANOS_PER_UNIT
            .iter()
            .find(|(name, _)| *name == unit_name)
            .map(|(_, nanos)| *nanos)
            .ok_or_else(|| {
                format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit_name),
                    quote(orig)
                )
            })?;
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go converts the fraction through float64 and truncates.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total += v;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        return Ok(0i64.wrapping_sub_unsigned(total));
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The leading decimal digits of `s` and the rest; `None` on overflow past 2^63.
fn leading_int(s: &str) -> Option<(u64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let mut x: u64 = 0;
    for c in s.bytes().take(digits) {
        if x > LIMIT / 10 {
            return None;
        }
        x = x * 10 + u64::from(c - b'0');
        if x > LIMIT {
            return None;
        }
    }
    Some((x, &s[digits..]))
}

/// The digits after a decimal point: their value, 10^(digits kept) and the rest.
fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    for c in s.bytes().take(digits) {
        if overflow {
            continue;
        }
        if x > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > LIMIT {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[digits..])
}

/// The `time` package's own quoting: ASCII printable characters as they are (with `"` and `\`
/// escaped), every byte of anything else as `\xNN`.
// Upstream: go/src/time/format.go quote.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_ascii() && c >= ' ' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
    }
    out.push('"');
    out
}

/// A duration of whole milliseconds, displayed as Go's `Duration.String` writes it: `0s`,
/// `877ms`, `1.877s`, `2s`, `1m2.5s`, `1h0m0s`.
// Upstream: go/src/time/time.go Duration.String
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Millis(pub u64);

impl fmt::Display for Millis {
    // Written piece by piece, without nested formatting: every image pull's event writes two.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0;
        let mut number = itoa::Buffer::new();
        if millis == 0 {
            return f.write_str("0s");
        }
        if millis < 1000 {
            f.write_str(number.format(millis))?;
            return f.write_str("ms");
        }
        let (hours, minutes) = (millis / 3_600_000, millis / 60_000 % 60);
        if hours > 0 {
            f.write_str(number.format(hours))?;
            f.write_str("h")?;
        }
        if hours > 0 || minutes > 0 {
            f.write_str(number.format(minutes))?;
            f.write_str("m")?;
        }
        f.write_str(number.format(millis / 1000 % 60))?;
        let fraction = millis % 1000;
        if fraction > 0 {
            // Its three digits (a leading 1 keeps their zeros), without the trailing zeros.
            let digits = &number.format(1000 + fraction)[1..];
            f.write_str(".")?;
            f.write_str(digits.trim_end_matches('0'))?;
        }
        f.write_str("s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_are_written_as_go_writes_a_duration() {
        let cases = [
            (0, "0s"),
            (877, "877ms"),
            (1000, "1s"),
            (1877, "1.877s"),
            (2500, "2.5s"),
            (1050, "1.05s"),
            (60_000, "1m0s"),
            (62_500, "1m2.5s"),
            (3_600_000, "1h0m0s"),
            (3_661_001, "1h1m1.001s"),
        ];
        for (millis, written) in cases {
            assert_eq!(Millis(millis).to_string(), written, "{millis}");
        }
    }

    const SECOND: i64 = 1_000_000_000;

    #[test]
    fn durations_parse_as_in_go() {
        let cases = [
            ("1h", 3600 * SECOND),
            ("90m", 5400 * SECOND),
            ("1h30m", 5400 * SECOND),
            ("1.5h", 5400 * SECOND),
            ("500ms", SECOND / 2),
            ("-2s", -2 * SECOND),
            ("0", 0),
            ("+10s", 10 * SECOND),
            ("1\u{b5}s", 1000),
            (".5s", SECOND / 2),
        ];
        for (text, nanos) in cases {
            assert_eq!(parse_duration(text), Ok(nanos), "{text}");
        }
    }

    #[test]
    fn duration_errors_have_go_wording() {
        assert_eq!(
            parse_duration("5").unwrap_err(),
            r#"time: missing unit in duration "5""#
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            r#"time: invalid duration """#
        );
        assert_eq!(
            parse_duration("x").unwrap_err(),
            r#"time: invalid duration "x""#
        );
        assert_eq!(
            parse_duration("5x").unwrap_err(),
            r#"time: unknown unit "x" in duration "5x""#
        );
        assert_eq!(
            parse_duration("1d").unwrap_err(),
            r#"time: unknown unit "d" in duration "1d""#
        );
        assert_eq!(
            parse_duration("3000000h").unwrap_err(),
            r#"time: invalid duration "3000000h""#
        );
    }
}
