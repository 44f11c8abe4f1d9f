//! robfig/cron v3.0.1 `ParseStandard`: five fields (minute hour day-of-month month
//! day-of-week), names, ranges, steps, lists, `?`, the `@` descriptors and the
//! `TZ=`/`CRON_TZ=` prefix — with the parser's own error messages.

use jiff::tz::TimeZone;

use super::constant_delay::ConstantDelaySchedule;
use super::schedule::{Schedule, ScheduleError};
use super::spec::{SpecSchedule, STAR_BIT};
use crate::go::duration::parse_duration;
use crate::go::strconv::atoi;
use crate::go::time::load_location;

/// The range of one field and its names.
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const SECONDS: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

/// Parses a standard cron spec exactly as robfig/cron's `ParseStandard`
/// (parser options Minute | Hour | Dom | Month | Dow | Descriptor).
// Upstream: robfig/cron/v3 parser.go Parser.Parse, normalizeFields, ParseStandard.
pub fn parse_standard(spec: &str) -> Result<Schedule, ScheduleError> {
    if spec.is_empty() {
        return Err(ScheduleError::new("empty spec string"));
    }
    let mut spec = spec;
    let mut location = TimeZone::UTC;
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        // Go slices spec[eq+1:i] with i = -1 when there is no space: a runtime panic, which
        // Kubernetes recovers into an error (pkg/util/parsers ParseCronScheduleWithPanicRecovery).
        let Some(space) = spec.find(' ') else {
            return Err(ScheduleError::new(
                "invalid schedule format: runtime error: slice bounds out of range [:-1]",
            ));
        };
        let eq = spec.find('=').unwrap_or(0);
        let name = spec.get(eq + 1..space).unwrap_or("");
        location = load_location(name)
            .map_err(|e| ScheduleError::new(format!("provided bad location {name}: {e}")))?;
        spec = spec[space..].trim();
    }

    if spec.starts_with('@') {
        return parse_descriptor(spec, location);
    }

    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(ScheduleError::new(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        )));
    }
    Ok(Schedule::Spec(SpecSchedule {
        second: get_field("0", &SECONDS)?,
        minute: get_field(fields[0], &MINUTES)?,
        hour: get_field(fields[1], &HOURS)?,
        dom: get_field(fields[2], &DOM)?,
        month: get_field(fields[3], &MONTHS)?,
        dow: get_field(fields[4], &DOW)?,
        location,
    }))
}

/// A comma-separated list of ranges as bits; empty list items are skipped.
// Upstream: robfig/cron/v3 parser.go getField.
fn get_field(field: &str, bounds: &Bounds) -> Result<u64, ScheduleError> {
    field
        .split(',')
        .filter(|expr| !expr.is_empty())
        .try_fold(0, |bits, expr| Ok(bits | get_range(expr, bounds)?))
}

/// One range: `*`, `?`, `N`, `N-M`, each optionally with `/STEP`.
// Upstream: robfig/cron/v3 parser.go getRange.
fn get_range(expr: &str, bounds: &Bounds) -> Result<u64, ScheduleError> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single_digit = low_and_high.len() == 1;

    let (start, mut end, mut extra);
    if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (start, end, extra) = (bounds.min, bounds.max, STAR_BIT);
    } else {
        start = parse_int_or_name(low_and_high[0], bounds)?;
        end = match low_and_high.len() {
            1 => start,
            2 => parse_int_or_name(low_and_high[1], bounds)?,
            _ => return Err(ScheduleError::new(format!("too many hyphens: {expr}"))),
        };
        extra = 0;
    }

    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if single_digit {
                end = bounds.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(ScheduleError::new(format!("too many slashes: {expr}"))),
    };

    if start < bounds.min {
        return Err(ScheduleError::new(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            bounds.min
        )));
    }
    if end > bounds.max {
        return Err(ScheduleError::new(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            bounds.max
        )));
    }
    if start > end {
        return Err(ScheduleError::new(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        )));
    }
    if step == 0 {
        return Err(ScheduleError::new(format!(
            "step of range should be a positive number: {expr}"
        )));
    }
    Ok(get_bits(start, end, step) | extra)
}

/// A month or weekday name (any case), else a number.
// Upstream: robfig/cron/v3 parser.go parseIntOrName.
fn parse_int_or_name(expr: &str, bounds: &Bounds) -> Result<u64, ScheduleError> {
    let lower = expr.to_lowercase();
    match bounds.names.iter().find(|(name, _)| *name == lower) {
        Some((_, value)) => Ok(*value),
        None => must_parse_int(expr),
    }
}

/// A non-negative decimal number.
// Upstream: robfig/cron/v3 parser.go mustParseInt.
fn must_parse_int(expr: &str) -> Result<u64, ScheduleError> {
    let num = atoi(expr)
        .map_err(|e| ScheduleError::new(format!("failed to parse int from {expr}: {e}")))?;
    u64::try_from(num)
        .map_err(|_| ScheduleError::new(format!("negative number ({num}) not allowed: {expr}")))
}

/// Bits `min..=max` every `step` (`max` ≤ 59, `step` ≥ 1).
// Upstream: robfig/cron/v3 parser.go getBits.
fn get_bits(min: u64, max: u64, step: u64) -> u64 {
    let mut bits = 0;
    let mut i = min;
    while i <= max {
        bits |= 1u64 << i;
        i = match i.checked_add(step) {
            Some(next) => next,
            None => break,
        };
    }
    bits
}

/// Every value of a field, with the star bit.
// Upstream: robfig/cron/v3 parser.go all.
fn all(bounds: &Bounds) -> u64 {
    get_bits(bounds.min, bounds.max, 1) | STAR_BIT
}

/// `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`,
/// `@every <duration>`.
// Upstream: robfig/cron/v3 parser.go parseDescriptor.
fn parse_descriptor(descriptor: &str, location: TimeZone) -> Result<Schedule, ScheduleError> {
    let first = |b: &Bounds| 1u64 << b.min;
    let spec = |minute, hour, dom, month, dow| {
        Ok(Schedule::Spec(SpecSchedule {
            second: first(&SECONDS),
            minute,
            hour,
            dom,
            month,
            dow,
            location: location.clone(),
        }))
    };
    let (m0, h0) = (first(&MINUTES), first(&HOURS));
    match descriptor {
        "@yearly" | "@annually" => spec(m0, h0, first(&DOM), first(&MONTHS), all(&DOW)),
        "@monthly" => spec(m0, h0, first(&DOM), all(&MONTHS), all(&DOW)),
        "@weekly" => spec(m0, h0, all(&DOM), all(&MONTHS), first(&DOW)),
        "@daily" | "@midnight" => spec(m0, h0, all(&DOM), all(&MONTHS), all(&DOW)),
        "@hourly" => spec(m0, all(&HOURS), all(&DOM), all(&MONTHS), all(&DOW)),
        _ => match descriptor.strip_prefix("@every ") {
            Some(duration) => parse_duration(duration)
                .map(|nanos| Schedule::Every(ConstantDelaySchedule::every(nanos)))
                .map_err(|e| {
                    ScheduleError::new(format!("failed to parse duration {descriptor}: {e}"))
                }),
            None => Err(ScheduleError::new(format!(
                "unrecognized descriptor: {descriptor}"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(min: u64, max: u64) -> Bounds {
        Bounds {
            min,
            max,
            names: &[],
        }
    }

    #[test]
    fn ranges_give_robfigs_bits() {
        // robfig/cron parser_test.go TestRange.
        let cases = [
            ("5", 0, 7, 1 << 5),
            ("0", 0, 7, 1 << 0),
            ("7", 0, 7, 1 << 7),
            ("5-5", 0, 7, 1 << 5),
            ("5-6", 0, 7, 1 << 5 | 1 << 6),
            ("5-7", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
            ("5-6/2", 0, 7, 1 << 5),
            ("5-7/2", 0, 7, 1 << 5 | 1 << 7),
            ("5-7/1", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
            ("*", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
            ("*/2", 1, 3, 1 << 1 | 1 << 3),
            ("*/1", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
            ("?", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
            ("*-2", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
            ("2/1", 1, 3, 1 << 2 | 1 << 3),
        ];
        for (expr, min, max, bits) in cases {
            assert_eq!(get_range(expr, &bounds(min, max)), Ok(bits), "{expr}");
        }
    }

    #[test]
    fn fields_are_unions_of_ranges() {
        // robfig/cron parser_test.go TestField.
        let cases = [
            ("5", 1 << 5),
            ("5,6", 1 << 5 | 1 << 6),
            ("5,6,7", 1 << 5 | 1 << 6 | 1 << 7),
            ("1,5-7/2,3", 1 << 1 | 1 << 5 | 1 << 7 | 1 << 3),
            (",5,", 1 << 5),
            (",", 0),
        ];
        for (expr, bits) in cases {
            assert_eq!(get_field(expr, &bounds(1, 7)), Ok(bits), "{expr}");
        }
    }

    #[test]
    fn all_values_of_each_field() {
        // robfig/cron parser_test.go TestBits.
        let cases = [
            (MINUTES, 0x0fff_ffff_ffff_ffff),
            (HOURS, 0xff_ffff),
            (DOM, 0xffff_fffe),
            (MONTHS, 0x1ffe),
            (DOW, 0x7f),
        ];
        for (b, bits) in cases {
            assert_eq!(all(&b), bits | STAR_BIT);
        }
        assert_eq!(get_bits(0, 0, 1), 0x1);
        assert_eq!(get_bits(1, 1, 1), 0x2);
        assert_eq!(get_bits(1, 5, 2), 0x2a);
        assert_eq!(get_bits(1, 4, 2), 0xa);
    }

    #[test]
    fn standard_specs_and_descriptors_parse_to_the_same_bits() {
        // robfig/cron parser_test.go TestParseSchedule, five-field forms.
        let spec = |text: &str| match parse_standard(text) {
            Ok(Schedule::Spec(s)) => s,
            other => panic!("{text:?}: {other:?}"),
        };
        let every5min = spec("5 * * * *");
        assert_eq!(
            (every5min.second, every5min.minute, every5min.hour),
            (1, 1 << 5, all(&HOURS))
        );
        assert_eq!(
            (every5min.dom, every5min.month, every5min.dow),
            (all(&DOM), all(&MONTHS), all(&DOW))
        );
        assert_eq!(every5min.location, TimeZone::UTC);
        let tokyo = spec("TZ=Asia/Tokyo 5 * * * *");
        assert_eq!(tokyo.location.iana_name(), Some("Asia/Tokyo"));
        assert_eq!(tokyo.minute, every5min.minute);
        assert_eq!(spec("TZ=UTC  5 * * * *").minute, 1 << 5);
        let midnight = spec("@midnight");
        assert_eq!((midnight.second, midnight.minute, midnight.hour), (1, 1, 1));
        assert_eq!(
            spec("TZ=Asia/Tokyo @midnight").location.iana_name(),
            Some("Asia/Tokyo")
        );
        assert_eq!(spec("0 0 * * *"), spec("@daily"));
        assert_eq!(spec("0 0 1 1 *"), spec("@yearly"));
        assert_eq!(spec("0 0 * * 0"), spec("@weekly"));
        assert_eq!(spec("0 * * * *"), spec("@hourly"));
        assert_eq!(spec("0 0 1 * *"), spec("@monthly"));
        assert_eq!(
            parse_standard("@every 5m"),
            Ok(Schedule::Every(ConstantDelaySchedule {
                delay_nanos: 300_000_000_000
            }))
        );
    }

    #[test]
    fn names_are_case_insensitive() {
        assert_eq!(get_field("JAN,Feb,mar", &MONTHS), Ok(0b1110));
        assert_eq!(get_field("MON-fri", &DOW), Ok(0b11_1110));
    }
}
