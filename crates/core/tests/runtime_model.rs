//! The run-time model of the pi computations: a power law through the lessons' two `bc`
//! calibration points, and Perl's `bpi` anchored at the documentation's "around 10s".

mod runtime_support;

use jobsim_core::sim::runtime::{self, cost};
use runtime_support::{exited, invocation};

#[test]
fn the_calibration_points_hold_end_to_end() {
    let cases = [
        (
            "the lessons' pi Job, scale=10000",
            "resouer/ubuntu-bc",
            vec!["sh", "-c", "echo 'scale=10000; 4*a(1)' | bc -l "],
            114_000,
        ),
        (
            "the lessons' parallel pi Job, scale=5000",
            "resouer/ubuntu-bc",
            vec!["sh", "-c", "echo 'scale=5000; 4*a(1)' | bc -l "],
            40_000,
        ),
        (
            "the documentation's pi Job, bpi(2000)",
            "perl:5.34.0",
            vec!["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
            10_000,
        ),
        (
            "the same, with double quotes in a shell",
            "perl",
            vec!["sh", "-c", "perl -Mbignum=bpi -wle \"print bpi(2000)\""],
            10_000,
        ),
    ];
    for (name, image, command, ms) in cases {
        let execution = runtime::run(&invocation(image, &command, &[]));
        assert_eq!(exited(&execution), Some((0, ms)), "{name}");
    }
}

#[test]
fn other_sizes_follow_the_power_law() {
    // k = log2(114 / 40): twice the digits take 2.85 times as long.
    let cases = [
        ("bc scale=20000", cost::bc_pi(20_000).as_millis(), 324_900),
        ("bc scale=2500", cost::bc_pi(2_500).as_millis(), 14_035),
        ("bc scale=1000", cost::bc_pi(1_000).as_millis(), 3_515),
        ("perl bpi(4000)", cost::perl_bpi(4_000).as_millis(), 28_500),
        (
            "perl bpi(1000) is stored, not computed",
            cost::perl_bpi(1_000).as_millis(),
            0,
        ),
        (
            "perl bpi(1001) is computed",
            cost::perl_bpi(1_001).as_millis(),
            3_514,
        ),
    ];
    for (name, got, want) in cases {
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn sleeps_and_pi_add_up() {
    let execution = runtime::run(&invocation(
        "resouer/ubuntu-bc",
        &[
            "sh",
            "-c",
            "sleep 10; echo 'scale=5000; 4*a(1)' | bc -l; sleep 1",
        ],
        &[],
    ));
    assert_eq!(exited(&execution), Some((0, 51_000)));
    assert_eq!(
        execution.log.first().map(|line| line.at.as_millis()),
        Some(50_000)
    );
}
