//! Pi as the lessons' containers print it, checked against known digits of π and against what
//! `bc` and Perl print: bc truncates and wraps its lines, Perl rounds.

use jobsim_core::sim::runtime::pi::{bc_four_atan_one, perl_bpi};

/// π's first 50 decimals.
const FIRST_50: &str = "14159265358979323846264338327950288419716939937510";
/// π's decimals 991 to 1000, 1991 to 2000 and 9991 to 10000.
const AT_1000: &str = "2164201989";
const AT_2000: &str = "7802759009";
const AT_10000: &str = "5256375678";

fn decimals(number: &str) -> &str {
    number.strip_prefix("3.").unwrap_or_default()
}

#[test]
fn the_digits_are_pis() {
    let bc = bc_four_atan_one(10_001);
    let d = decimals(&bc);
    let cases = [
        ("first 50", &d[..50], FIRST_50),
        ("991-1000", &d[990..1000], AT_1000),
        ("1991-2000", &d[1990..2000], AT_2000),
        ("9991-10000", &d[9990..10_000], AT_10000),
    ];
    for (name, got, want) in cases {
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn perl_rounds_to_the_significant_digits_asked() {
    // The Kubernetes documentation's output of `print bpi(2000)`: 2000 digits, the last one
    // rounded up (decimal 2000 is a 9).
    let docs = perl_bpi(2000);
    assert_eq!(docs.len(), 2001);
    assert!(docs.starts_with(&format!("3.{FIRST_50}")));
    assert!(docs.ends_with("4780275901"), "{}", &docs[1990..]);
    assert_eq!(&decimals(&docs)[990..1000], AT_1000);
    assert_eq!(perl_bpi(1000).len(), 1001);
    assert!(
        perl_bpi(1000).ends_with("216420199"),
        "decimals 991-999, rounded up"
    );
}

#[test]
fn bc_truncates_a_of_one_at_the_scale() {
    // bc prints 4 × a(1) truncated, so the last digits differ from π's own.
    let cases = [
        (1000, "64201988"),
        (5000, "4132604720"),
        (10_000, "5256375676"),
    ];
    for (scale, tail) in cases {
        let number = bc_four_atan_one(scale);
        assert_eq!(number.len(), scale as usize + 2, "scale={scale}");
        assert!(
            number.ends_with(tail),
            "scale={scale}: {}",
            &number[number.len() - 12..]
        );
    }
}
