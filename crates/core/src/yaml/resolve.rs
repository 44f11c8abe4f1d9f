//! Typing of plain YAML scalars as go-yaml v2 does it (the library behind sigs.k8s.io/yaml,
//! which kubectl uses to turn a manifest into JSON): YAML 1.1 booleans (`yes`, `on`, `N`),
//! `~` and `null`, Go integer syntax (`0x1F`, `0777`, `1_000`) and floats.

/// A scalar after resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
}

/// Resolves a plain (unquoted, untagged) scalar.
// Upstream: gopkg.in/yaml.v2 resolve.go resolve
pub fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let starts_numeric = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-' || c == '.');
    if !starts_numeric {
        return Scalar::Str(text.to_string());
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(v) = go_parse_int(&plain) {
        return Scalar::Int(v);
    }
    if let Some(v) = go_parse_uint(&plain) {
        return Scalar::UInt(v);
    }
    if is_yaml_style_float(&plain) {
        if let Ok(v) = plain.parse::<f64>() {
            return Scalar::Float(v);
        }
    }
    if let Some(bits) = plain.strip_prefix("0b") {
        if let Ok(v) = i64::from_str_radix(bits, 2) {
            return Scalar::Int(v);
        }
    } else if let Some(bits) = plain.strip_prefix("-0b") {
        if let Ok(v) = i64::from_str_radix(bits, 2) {
            return Scalar::Int(-v);
        }
    }
    Scalar::Str(text.to_string())
}

/// Whether go-yaml v2 reads a plain scalar as a timestamp (`2026-01-01`,
/// `2026-01-01T00:00:00Z`). Such a value still decodes as a string, but the encoder quotes a
/// string of this shape.
// Upstream: gopkg.in/yaml.v2 resolve.go parseTimestamp (allowedTimestampFormats)
pub fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b.iter().take(4).all(u8::is_ascii_digit) || b.get(4) != Some(&b'-') {
        return false;
    }
    let mut i = 5;
    let number = |i: &mut usize, max_digits: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && *i - start < max_digits && b[*i].is_ascii_digit() {
            *i += 1;
        }
        s.get(start..*i).and_then(|d| d.parse().ok())
    };
    let month = number(&mut i, 2);
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let day = number(&mut i, 2);
    if !(month.is_some_and(|m| (1..=12).contains(&m)) && day.is_some_and(|d| (1..=31).contains(&d)))
    {
        return false;
    }
    let zone_required = match b.get(i) {
        None => return true,
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        Some(_) => return false,
    };
    i += 1;
    let hour = number(&mut i, 2);
    if b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    let minute = number(&mut i, 2);
    if b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    let second = number(&mut i, 2);
    if !(hour.is_some_and(|h| h < 24)
        && minute.is_some_and(|m| m < 60)
        && second.is_some_and(|s| s < 60))
    {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    let rest = s.get(i..).unwrap_or("");
    if !zone_required {
        return rest.is_empty();
    }
    rest == "Z" || {
        let z = rest.as_bytes();
        z.len() == 6
            && matches!(z.first(), Some(b'+' | b'-'))
            && z.get(3) == Some(&b':')
            && [1, 2, 4, 5]
                .iter()
                .all(|&k| z.get(k).is_some_and(u8::is_ascii_digit))
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading `0`
/// (octal) or decimal digits.
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    let magnitude = go_parse_uint(body)?;
    if negative {
        if magnitude == 1u64 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|v| -v)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
fn go_parse_uint(s: &str) -> Option<u64> {
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, s.get(2..)?),
        Some("0o") => (8, s.get(2..)?),
        Some("0b") => (2, s.get(2..)?),
        _ if s.len() > 1 && s.starts_with('0') => (8, s.get(1..)?),
        _ => (10, s),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_are_typed_as_go_yaml_v2_types_them() {
        let cases = [
            ("yes is a YAML 1.1 boolean", "yes", Scalar::Bool(true)),
            ("on is a boolean", "On", Scalar::Bool(true)),
            ("a capital N is false", "N", Scalar::Bool(false)),
            ("a tilde is null", "~", Scalar::Null),
            ("an empty value is null", "", Scalar::Null),
            ("decimal digits are an int", "42", Scalar::Int(42)),
            ("a leading zero is octal", "0777", Scalar::Int(511)),
            ("hex is an int", "0x1F", Scalar::Int(31)),
            ("underscores are dropped", "1_000", Scalar::Int(1000)),
            ("a negative int", "-3", Scalar::Int(-3)),
            ("08 is not octal, so a float", "08", Scalar::Float(8.0)),
            ("a decimal point makes a float", "1.5", Scalar::Float(1.5)),
            ("an exponent makes a float", "1e3", Scalar::Float(1000.0)),
            ("a binary literal", "0b101", Scalar::Int(5)),
            ("a quantity is a string", "500m", Scalar::Str("500m".into())),
            (
                "a date stays a string",
                "2026-01-01",
                Scalar::Str("2026-01-01".into()),
            ),
            (
                "a cron schedule is a string",
                "*/1 * * * *",
                Scalar::Str("*/1 * * * *".into()),
            ),
            (
                "True with a capital is a boolean",
                "True",
                Scalar::Bool(true),
            ),
            ("tRUE is a string", "tRUE", Scalar::Str("tRUE".into())),
            (
                "a huge number is unsigned",
                "18446744073709551615",
                Scalar::UInt(u64::MAX),
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(resolve_plain(text), want, "{name}");
        }
    }
}
