//! `sleep N…`: waits the sum of its durations (seconds, or with an `s`, `m`, `h`, `d` suffix;
//! fractions allowed; `infinity` never ends).

use crate::sim::runtime::image::ShellFlavor;
use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::time::SimDuration;

/// A `sleep` operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Finite(SimDuration),
    Infinite,
}

// Upstream: GNU coreutils src/sleep.c (apply_suffix), BusyBox coreutils/sleep.c.
pub fn run(machine: &mut Machine, argv: &[String], io: &Io) -> Status {
    let busybox = machine
        .image
        .as_ref()
        .is_some_and(|image| image.sh == ShellFlavor::Ash);
    let operands = argv.get(1..).unwrap_or_default();
    if operands.is_empty() {
        let message = if busybox {
            "sleep: missing operand\n"
        } else {
            "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        };
        machine.write(io.stderr, message);
        return Status::Exit(1);
    }
    let mut total = SimDuration::ZERO;
    for operand in operands {
        match parse(operand) {
            Some(Interval::Finite(d)) => {
                total = SimDuration::from_millis(total.as_millis().saturating_add(d.as_millis()))
            }
            Some(Interval::Infinite) => return Status::Forever,
            None => {
                let message = if busybox {
                    format!("sleep: invalid number '{operand}'\n")
                } else {
                    format!("sleep: invalid time interval '{operand}'\nTry 'sleep --help' for more information.\n")
                };
                machine.write(io.stderr, &message);
                return Status::Exit(1);
            }
        }
    }
    machine.advance(total);
    Status::Exit(0)
}

/// `5`, `0.5`, `.5`, `1.5m`, `2h`, `1d`, `infinity` (to the millisecond, rounded down).
pub fn parse(text: &str) -> Option<Interval> {
    if matches!(text, "inf" | "infinity") {
        return Some(Interval::Infinite);
    }
    let (number, unit_ms): (&str, u128) = match text.char_indices().last() {
        Some((i, 's')) => (&text[..i], 1_000),
        Some((i, 'm')) => (&text[..i], 60_000),
        Some((i, 'h')) => (&text[..i], 3_600_000),
        Some((i, 'd')) => (&text[..i], 86_400_000),
        _ => (text, 1_000),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut scaled: u128 = 0;
    for c in int.chars().chain(frac.chars()).take(40) {
        scaled = scaled
            .saturating_mul(10)
            .saturating_add(u128::from(c.to_digit(10)?));
    }
    let frac_len = u32::try_from(frac.len().min(40 - int.len().min(40))).ok()?;
    let ms = scaled.saturating_mul(unit_ms) / 10u128.pow(frac_len);
    Some(Interval::Finite(SimDuration::from_millis(
        u64::try_from(ms).unwrap_or(u64::MAX),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_with_their_units() {
        let ms = |n| Some(Interval::Finite(SimDuration::from_millis(n)));
        let cases = [
            ("5", ms(5_000)),
            ("0.5", ms(500)),
            (".25", ms(250)),
            ("5s", ms(5_000)),
            ("1.5m", ms(90_000)),
            ("2h", ms(7_200_000)),
            ("1d", ms(86_400_000)),
            ("999999", ms(999_999_000)),
            ("0.0001", ms(0)),
            ("infinity", Some(Interval::Infinite)),
            ("abc", None),
            ("", None),
            ("s", None),
            ("-1", None),
            ("1x", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text:?}");
        }
    }
}
