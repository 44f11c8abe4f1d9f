//! `resource.Quantity`: `500m`, `1Gi`, `1e3`, parsed, compared and written back in canonical
//! form as Kubernetes does.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a quantity is written back: the suffix family of the text it was parsed from.
///
/// Upstream: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go Format
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `e3`, `E6`: a power of ten.
    DecimalExponent,
    /// `Ki`, `Mi`, …: a power of 1024.
    BinarySi,
    /// `n`, `u`, `m`, ``, `k`, `M`, …: a power of 1000.
    DecimalSi,
}

/// A resource amount. Its value is kept in nano-units (values below 1n round up, as upstream
/// rounds to nano precision); equality and order are by value, not by spelling.
///
/// Upstream: apimachinery pkg/api/resource/quantity.go Quantity
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

/// Why a string is not a quantity; the texts are upstream's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// `ErrFormatWrong`.
    FormatWrong,
    /// `ErrSuffix`.
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::FormatWrong => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

const NANO: i128 = 1_000_000_000;

impl Quantity {
    /// Parses a quantity string.
    // Upstream: apimachinery pkg/api/resource/quantity.go ParseQuantity / parseQuantityString
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut negative = false;
        if let Some(&sign) = bytes.first() {
            if sign == b'+' || sign == b'-' {
                negative = sign == b'-';
                pos = 1;
            }
        }
        let int_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let int_part = &text[int_start..pos];
        let mut frac_part = "";
        if pos < bytes.len() && bytes[pos] == b'.' {
            pos += 1;
            let frac_start = pos;
            while pos < bytes.len() && bytes[pos].is_ascii_digit() {
                pos += 1;
            }
            frac_part = &text[frac_start..pos];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        let suffix = &text[pos..];
        if !suffix
            .bytes()
            .all(|b| b"eEinumkKMGTP+-".contains(&b) || b.is_ascii_digit())
        {
            return Err(QuantityError::FormatWrong);
        }
        let (base, exponent, format) = interpret_suffix(suffix).ok_or(QuantityError::Suffix)?;
        let magnitude = scaled_nanos(int_part, frac_part, base, exponent);
        Ok(Quantity {
            nanos: if negative { -magnitude } else { magnitude },
            format,
        })
    }

    /// A whole number of units in decimal SI form (`Quantity::from_int(2)` is `2`).
    pub fn from_int(value: i64) -> Quantity {
        Quantity {
            nanos: i128::from(value) * NANO,
            format: Format::DecimalSi,
        }
    }

    /// A number of thousandths in decimal SI form (`Quantity::from_milli(500)` is `500m`).
    pub fn from_milli(milli: i64) -> Quantity {
        Quantity {
            nanos: i128::from(milli) * 1_000_000,
            format: Format::DecimalSi,
        }
    }

    /// The same amount, written in another suffix family.
    pub fn with_format(self, format: Format) -> Quantity {
        Quantity { format, ..self }
    }

    /// The sum, in this quantity's suffix family (the other's when this one is zero).
    // Upstream: apimachinery pkg/api/resource/quantity.go Quantity.Add
    pub fn plus(self, other: Quantity) -> Quantity {
        Quantity {
            nanos: self.nanos.saturating_add(other.nanos),
            format: if self.is_zero() {
                other.format
            } else {
                self.format
            },
        }
    }

    /// The suffix family.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// The amount in whole units, rounded up (away from zero), saturating at i64.
    // Upstream: apimachinery pkg/api/resource/quantity.go Value
    pub fn value(&self) -> i64 {
        saturate(div_round_away(self.nanos, NANO))
    }

    /// The amount in thousandths, rounded up (away from zero), saturating at i64.
    // Upstream: apimachinery pkg/api/resource/quantity.go MilliValue
    pub fn milli_value(&self) -> i64 {
        saturate(div_round_away(self.nanos, 1_000_000))
    }

    /// The canonical spelling (`0.5` → `500m`, `1.5Gi` → `1536Mi`, `1000` → `1k`).
    // Upstream: apimachinery pkg/api/resource/quantity.go CanonicalizeBytes
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let mut format = self.format;
        if format == Format::BinarySi && (self.nanos.abs() < 1024 * NANO || self.nanos % NANO != 0)
        {
            format = Format::DecimalSi;
        }
        match format {
            Format::BinarySi => {
                let mut amount = self.nanos / NANO;
                let mut exponent = 0;
                while amount % 1024 == 0 && exponent < 60 {
                    amount /= 1024;
                    exponent += 10;
                }
                let suffix = match exponent {
                    10 => "Ki",
                    20 => "Mi",
                    30 => "Gi",
                    40 => "Ti",
                    50 => "Pi",
                    60 => "Ei",
                    _ => "",
                };
                format!("{amount}{suffix}")
            }
            Format::DecimalSi | Format::DecimalExponent => {
                let mut amount = self.nanos;
                let mut exponent: i32 = -9;
                while amount % 10 == 0 {
                    amount /= 10;
                    exponent += 1;
                }
                match exponent.rem_euclid(3) {
                    1 => {
                        amount *= 10;
                        exponent -= 1;
                    }
                    2 => {
                        amount *= 100;
                        exponent -= 2;
                    }
                    _ => {}
                }
                let si = match exponent {
                    -9 => Some("n"),
                    -6 => Some("u"),
                    -3 => Some("m"),
                    0 => Some(""),
                    3 => Some("k"),
                    6 => Some("M"),
                    9 => Some("G"),
                    12 => Some("T"),
                    15 => Some("P"),
                    18 => Some("E"),
                    _ => None,
                };
                match (format, si) {
                    (Format::DecimalSi, Some(suffix)) => format!("{amount}{suffix}"),
                    (_, _) if exponent == 0 => format!("{amount}"),
                    _ => format!("{amount}e{exponent}"),
                }
            }
        }
    }
}

/// Reads a suffix: (base, exponent, format).
// Upstream: apimachinery pkg/api/resource/suffix.go suffixHandler.interpret
fn interpret_suffix(suffix: &str) -> Option<(u32, i32, Format)> {
    let decimal = |e| Some((10, e, Format::DecimalSi));
    let binary = |e| Some((2, e, Format::BinarySi));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let rest = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            let exponent: i32 = rest.parse().ok()?;
            Some((10, exponent, Format::DecimalExponent))
        }
    }
}

/// The magnitude `int.frac × base^exponent` in nano-units, rounded up to a whole nano and
/// saturating at i128's range.
fn scaled_nanos(int_part: &str, frac_part: &str, base: u32, exponent: i32) -> i128 {
    let digits: String = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    // value = digits × 10^(-frac_len) × base^exponent × 10^9 (nano units)
    let mut ten_power: i64 = 9 - frac_part.len() as i64;
    let mut two_power: i64 = 0;
    if base == 10 {
        ten_power += i64::from(exponent);
    } else {
        two_power = i64::from(exponent);
    }
    let mut value: i128 = 0;
    let mut saturated = false;
    for d in digits.bytes() {
        match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d - b'0')))
        {
            Some(v) => value = v,
            None => {
                saturated = true;
                break;
            }
        }
    }
    if saturated {
        return i128::MAX;
    }
    if value == 0 {
        return 0;
    }
    for _ in 0..two_power {
        value = match value.checked_mul(2) {
            Some(v) => v,
            None => return i128::MAX,
        };
    }
    while ten_power > 0 {
        value = match value.checked_mul(10) {
            Some(v) => v,
            None => return i128::MAX,
        };
        ten_power -= 1;
    }
    let mut remainder = false;
    while ten_power < 0 {
        if value % 10 != 0 {
            remainder = true;
        }
        value /= 10;
        ten_power += 1;
        if value == 0 {
            break;
        }
    }
    if remainder || (value == 0 && ten_power < 0) {
        value += 1;
    }
    value
}

fn div_round_away(value: i128, unit: i128) -> i128 {
    let q = value / unit;
    if value % unit == 0 {
        q
    } else if value > 0 {
        q + 1
    } else {
        q - 1
    }
}

fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

impl<'de> Deserialize<'de> for Quantity {
    // Upstream: apimachinery pkg/api/resource/quantity.go UnmarshalJSON (a quoted string or a
    // bare JSON number).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quantity such as \"500m\" or \"1Gi\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Quantity, E> {
                Quantity::parse(v.trim()).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity::from_int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Quantity, E> {
                Quantity::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Quantity, E> {
                Quantity::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_keeps_the_first_nonzero_suffix_family() {
        let q = |t: &str| Quantity::parse(t).expect("a quantity");
        assert_eq!(q("128Mi").plus(q("64Mi")).to_string(), "192Mi");
        assert_eq!(q("1Gi").plus(q("1000")).to_string(), "1073742824");
        assert_eq!(q("0").plus(q("1Gi")).to_string(), "1Gi");
        assert_eq!(q("250m").plus(q("0.75")).to_string(), "1");
    }

    #[test]
    fn quantities_are_written_back_in_canonical_form() {
        let cases = [
            ("half a cpu in decimal is milli", "0.5", "500m"),
            ("milli stays milli", "500m", "500m"),
            ("a thousand is k", "1000", "1k"),
            ("an exponent keeps exponent form", "1e3", "1e3"),
            ("a fractional Gi becomes Mi", "1.5Gi", "1536Mi"),
            ("a small binary amount is decimal", "100Ki", "100Ki"),
            ("below 1024 a binary amount is decimal", "0.5Ki", "512"),
            (
                "a binary amount that is not whole is decimal",
                "0.1Gi",
                "107374182400m",
            ),
            ("zero is 0", "0Mi", "0"),
            ("below a nano rounds up", "0.1n", "1n"),
            ("1.5 is 1500m", "1.5", "1500m"),
            ("a plus sign is accepted", "+2", "2"),
            ("a negative amount keeps its sign", "-1.5", "-1500m"),
            ("12e6 is 12M in exponent form", "12e6", "12e6"),
        ];
        for (name, text, want) in cases {
            let q = Quantity::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(q.canonical(), want, "{name}");
        }
    }

    #[test]
    fn malformed_quantities_are_refused_with_upstreams_words() {
        let cases = [
            ("an empty string", "", QuantityError::FormatWrong),
            ("a word", "abc", QuantityError::FormatWrong),
            ("a lone dot", ".", QuantityError::FormatWrong),
            ("a lower-case k with i", "1ki", QuantityError::Suffix),
            (
                "a space before the suffix",
                "1 Gi",
                QuantityError::FormatWrong,
            ),
            ("an unknown suffix", "1MB", QuantityError::FormatWrong),
        ];
        for (name, text, want) in cases {
            assert_eq!(Quantity::parse(text), Err(want), "{name}");
        }
    }

    #[test]
    fn quantities_compare_by_value() {
        let q = |s| Quantity::parse(s).expect("valid");
        assert_eq!(q("1"), q("1000m"));
        assert!(q("1Gi") > q("1G"));
        assert!(q("500m") < q("1"));
        assert_eq!(q("1.5").milli_value(), 1500);
        assert_eq!(q("1.5").value(), 2);
        assert_eq!(q("2Gi").value(), 2 * 1024 * 1024 * 1024);
    }
}
