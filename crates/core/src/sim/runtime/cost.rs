//! The modeled run time of the pi computations: a power law t = t₀ · (digits / d₀)^k whose
//! exponent goes through the two calibration points of `bc -l` that the Job lessons show
//! (`scale=5000` ≈ 40 s, `scale=10000` ≈ 114 s, so k = log₂(114/40) ≈ 1.51). Perl's `bpi` uses
//! the same exponent, anchored where the Kubernetes documentation's pi Job is: `bpi(2000)`
//! "takes around 10s to complete"; up to 1000 digits it costs nothing (π is stored).
//!
//! `libm` computes the power, so the milliseconds are the same natively and in wasm.

use crate::sim::time::SimDuration;

/// `bc -l` at `scale=10000` takes 114 s.
const BC_ANCHOR_DIGITS: f64 = 10_000.0;
const BC_ANCHOR_MS: f64 = 114_000.0;
/// `bc -l` at `scale=5000` takes 40 s.
const BC_HALF_MS: f64 = 40_000.0;
/// `perl -Mbignum=bpi -wle 'print bpi(2000)'` takes 10 s.
const PERL_ANCHOR_DIGITS: f64 = 2_000.0;
const PERL_ANCHOR_MS: f64 = 10_000.0;
/// Math::BigFloat's stored π: up to this many digits, `bpi` computes nothing.
const PERL_PRECOMPUTED_DIGITS: u32 = 1_000;

/// The power law's exponent: how much longer twice the digits take, as a power of two.
fn exponent() -> f64 {
    libm::log2(BC_ANCHOR_MS / BC_HALF_MS)
}

fn power_law(digits: u32, anchor_digits: f64, anchor_ms: f64) -> SimDuration {
    let ms = anchor_ms * libm::pow(f64::from(digits) / anchor_digits, exponent());
    // `as` saturates: a huge scale is a very long run, never a wrap-around.
    SimDuration::from_millis(libm::round(ms) as u64)
}

/// How long `bc -l` takes for `scale=N; 4*a(1)`.
pub fn bc_pi(scale: u32) -> SimDuration {
    power_law(scale, BC_ANCHOR_DIGITS, BC_ANCHOR_MS)
}

/// How long Perl takes for `bpi(N)`: nothing up to the 1000 digits Math::BigFloat keeps
/// precomputed (and for `bpi(0)`, the default 40), the power law beyond.
// Upstream: Perl Math::BigFloat::bpi (a stored 1000-digit π for smaller accuracies).
pub fn perl_bpi(accuracy: u32) -> SimDuration {
    if accuracy <= PERL_PRECOMPUTED_DIGITS {
        return SimDuration::ZERO;
    }
    power_law(accuracy, PERL_ANCHOR_DIGITS, PERL_ANCHOR_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_goes_through_its_calibration_points() {
        let cases = [
            ("bc scale=10000", bc_pi(10_000), 114_000),
            ("bc scale=5000", bc_pi(5_000), 40_000),
            ("perl bpi(2000)", perl_bpi(2_000), 10_000),
            ("bc scale=0", bc_pi(0), 0),
        ];
        for (name, got, want) in cases {
            assert_eq!(got.as_millis(), want, "{name}");
        }
    }

    #[test]
    fn more_digits_take_longer() {
        assert!(bc_pi(2_000) < bc_pi(5_000));
        assert!(bc_pi(20_000) > bc_pi(10_000));
        assert!(perl_bpi(1_001) < perl_bpi(2_000));
        assert_eq!(perl_bpi(1_000), SimDuration::ZERO);
    }
}
