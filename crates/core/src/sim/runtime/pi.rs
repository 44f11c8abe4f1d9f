//! π, really computed: the Chudnovskys' series in fixed point over big integers, with guard
//! digits and an exactness check so that truncated and rounded digits are the true ones, as
//! `bc` and Perl's `Math::BigFloat` print them.

use num_bigint::{BigInt, BigUint};

/// The most digits jobsim computes: beyond, a container's log shows this many (and the
/// simulation warns). 100,000 digits take well under a second natively.
pub const MAX_DIGITS: u32 = 100_000;

/// ⌊π/4 · 10^scale⌋ · 4 written with `scale` digits after the point: what `bc -l` prints for
/// `scale=N; 4*a(1)`. bc's `a(1)` is atan(1) truncated to `scale` digits (its library divides
/// at that scale), and `4*` keeps the scale, so the last digit is not π's own.
// Upstream: GNU bc lib.bc `define a(x)` (truncating division at the caller's scale).
pub fn bc_four_atan_one(scale: u32) -> String {
    let scale = scale.min(MAX_DIGITS);
    let quarter = floor_pi_over(4, scale);
    let digits = (quarter * 4u32).to_string();
    insert_point(&digits, scale as usize)
}

/// π to `accuracy` significant digits, rounded, as Perl's `bpi(N)` returns it (Math::BigFloat
/// keeps trailing zeros up to the accuracy); `bpi(0)` means the default accuracy, 40.
// Upstream: Perl Math::BigFloat::bpi (round mode "even"; π is never a tie).
pub fn perl_bpi(accuracy: u32) -> String {
    let accuracy = match accuracy {
        0 => 40,
        n => n.min(MAX_DIGITS),
    };
    let decimals = accuracy - 1;
    let digits = round_pi(decimals).to_string();
    insert_point(&digits, decimals as usize)
}

/// `digits` with a decimal point before the last `decimals` digits (none when zero).
fn insert_point(digits: &str, decimals: usize) -> String {
    if decimals == 0 {
        return digits.to_string();
    }
    let padded = if digits.len() > decimals {
        digits.to_string()
    } else {
        "0".repeat(decimals + 1 - digits.len()) + digits
    };
    let (int, frac) = padded.split_at(padded.len() - decimals);
    format!("{int}.{frac}")
}

/// ⌊π/d · 10^n⌋, exactly.
fn floor_pi_over(d: u32, n: u32) -> BigUint {
    exact(n, |approx, unit, err| {
        let denom = unit * d;
        let (q, r) = (approx / &denom, approx % &denom);
        (q, r >= *err && r + err < denom)
    })
}

/// π · 10^n rounded to the nearest integer, exactly.
fn round_pi(n: u32) -> BigUint {
    exact(n, |approx, unit, err| {
        let half: BigUint = unit / 2u32;
        let shifted = approx + &half;
        let (q, r) = (&shifted / unit, &shifted % unit);
        (q, r >= *err && r + err < *unit)
    })
}

/// Runs `extract(π·10^(n+g) ± err, 10^g, err)` with more guard digits `g` until the extraction
/// says the error cannot change its answer.
fn exact(n: u32, extract: impl Fn(&BigUint, &BigUint, &BigUint) -> (BigUint, bool)) -> BigUint {
    let mut guard = 12;
    loop {
        let (approx, err) = pi_scaled(n + guard);
        let unit = BigUint::from(10u32).pow(guard);
        let (value, sure) = extract(&approx, &unit, &err);
        if sure || guard > 200 {
            return value;
        }
        guard += 12;
    }
}

/// π · 10^p within ± the returned error (in units of 10^-p), by the Chudnovskys' series
/// summed with binary splitting: 100,000 digits take a few tens of milliseconds.
fn pi_scaled(p: u32) -> (BigUint, BigUint) {
    // Each term adds about 14.18 digits.
    let terms = u64::from(p) / 14 + 2;
    let (_, q, t) = split(0, terms);
    let one = BigUint::from(10u32).pow(p);
    let sqrt = (BigUint::from(10_005u32) * &one * &one).sqrt();
    let numerator = BigInt::from(sqrt * 426_880u32) * q;
    let value = (numerator / t).to_biguint().unwrap_or_default();
    (value, BigUint::from(10u32))
}

/// The binary splitting of the Chudnovsky series over the terms `a..b`: (P, Q, T).
fn split(a: u64, b: u64) -> (BigInt, BigInt, BigInt) {
    if b - a == 1 {
        let (p, q) = if a == 0 {
            (BigInt::from(1u32), BigInt::from(1u32))
        } else {
            let p = BigInt::from(6 * a - 5) * (2 * a - 1) * (6 * a - 1);
            // 640320³ / 24
            let q = BigInt::from(a) * a * a * 10_939_058_860_032_000u64;
            (p, q)
        };
        let t = &p * (13_591_409u64 + 545_140_134u64 * a);
        let t = if a % 2 == 1 { -t } else { t };
        return (p, q, t);
    }
    let m = a + (b - a) / 2;
    let (p1, q1, t1) = split(a, m);
    let (p2, q2, t2) = split(m, b);
    let t = t1 * &q2 + &p1 * t2;
    (p1 * p2, q1 * q2, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PI_60: &str = "3.141592653589793238462643383279502884197169399375105820974944";

    #[test]
    fn bc_truncates_a_of_one_then_multiplies_by_four() {
        let cases = [
            (0, "0"),
            (1, "2.8"),
            (2, "3.12"),
            (3, "3.140"),
            (5, "3.14156"),
            (20, "3.14159265358979323844"),
        ];
        for (scale, want) in cases {
            assert_eq!(bc_four_atan_one(scale), want, "scale={scale}");
        }
    }

    #[test]
    fn perl_rounds_to_significant_digits_and_keeps_trailing_zeros() {
        let cases = [
            (1, "3"),
            (2, "3.1"),
            (10, "3.141592654"),
            (20, "3.1415926535897932385"),
            (33, "3.14159265358979323846264338327950"),
            (0, "3.141592653589793238462643383279502884197"),
        ];
        for (n, want) in cases {
            assert_eq!(perl_bpi(n), want, "bpi({n})");
        }
    }

    #[test]
    fn sixty_digits_agree_with_the_known_value() {
        assert_eq!(&perl_bpi(100)[..PI_60.len()], PI_60);
    }
}
