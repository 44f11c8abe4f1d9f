//! Property: in UTC, robfig's field-by-field `Next` (with its wrap-arounds and resets) finds
//! exactly the first minute after `t` that a straightforward day-by-day, minute-by-minute scan
//! finds, within the same five-year horizon.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use jobsim_core::controllers::cronjob::spec::{SpecSchedule, STAR_BIT};
use jobsim_core::controllers::cronjob::{parse, Schedule};
use jobsim_core::go::time::GO_ZERO_TIME;
use proptest::prelude::*;

/// One field of a cron line, written in one of the grammar's forms.
fn field(min: u32, max: u32, names: &'static [&'static str]) -> BoxedStrategy<String> {
    let value = move || min..=max;
    let named = move |v: u32| {
        if names.is_empty() {
            v.to_string()
        } else {
            names[(v - min) as usize].to_string()
        }
    };
    prop_oneof![
        Just("*".to_string()),
        Just("?".to_string()),
        (1..=max.max(2)).prop_map(|k| format!("*/{k}")),
        value().prop_map(named),
        (value(), value()).prop_map(move |(a, b)| format!("{}-{}", a.min(b), a.max(b))),
        (value(), value(), 1..=6u32).prop_map(move |(a, b, k)| format!(
            "{}-{}/{k}",
            a.min(b),
            a.max(b)
        )),
        (value(), 1..=10u32).prop_map(|(a, k)| format!("{a}/{k}")),
        proptest::collection::vec(value().prop_map(named), 1..4).prop_map(|v| v.join(",")),
    ]
    .boxed()
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn cron_line() -> impl Strategy<Value = String> {
    (
        field(0, 59, &[]),
        field(0, 23, &[]),
        field(1, 31, &[]),
        field(1, 12, MONTHS),
        field(0, 6, DAYS),
    )
        .prop_map(|(m, h, dom, mon, dow)| format!("{m} {h} {dom} {mon} {dow}"))
}

fn has(bits: u64, v: i64) -> bool {
    bits & (1u64 << v) != 0
}

/// The first whole minute after `t` whose fields match, scanning days then minutes.
fn scan(s: &SpecSchedule, t: Timestamp) -> Timestamp {
    let start = TimeZone::UTC.to_datetime(t + jiff::SignedDuration::from_secs(1));
    let limit = i64::from(start.year()) + 5;
    let mut day: Date = start.date();
    while i64::from(day.year()) <= limit {
        let dom = has(s.dom, i64::from(day.day()));
        let dow = has(s.dow, i64::from(day.weekday().to_sunday_zero_offset()));
        let day_ok = if s.dom & STAR_BIT > 0 || s.dow & STAR_BIT > 0 {
            dom && dow
        } else {
            dom || dow
        };
        if has(s.month, i64::from(day.month())) && day_ok {
            for hour in 0..24i64 {
                for minute in 0..60i64 {
                    if !(has(s.hour, hour) && has(s.minute, minute)) {
                        continue;
                    }
                    let candidate = day
                        .at(hour as i8, minute as i8, 0, 0)
                        .to_zoned(TimeZone::UTC)
                        .expect("in range")
                        .timestamp();
                    if candidate > t {
                        return candidate;
                    }
                }
            }
        }
        day = day.tomorrow().expect("in range");
    }
    GO_ZERO_TIME
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn next_is_the_first_matching_minute(line in cron_line(), secs in 946_684_800i64..1_893_456_000) {
        let schedule = match parse(&line) {
            Ok(Schedule::Spec(spec)) => spec,
            Ok(Schedule::Every(_)) => unreachable!("a cron line is never @every"),
            // Generated ranges can be out of bounds (`*/60` is fine, `5/10` on hours too…);
            // those must be errors, which is robfig's behaviour as well.
            Err(_) => return Ok(()),
        };
        let t = Timestamp::from_second(secs).expect("in range");
        prop_assert_eq!(schedule.next(t), scan(&schedule, t), "{} after {}", line, t);
    }
}
