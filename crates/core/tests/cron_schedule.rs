//! Cron schedules as robfig/cron v3.0.1 parses them and computes `Next` (the cases of its
//! parser_test.go / spec_test.go in the five-field form, plus daylight-saving days, month ends,
//! February 29 and schedules that never fire).

use jiff::Timestamp;
use jobsim_core::controllers::cronjob::{parse, Schedule};
use jobsim_core::go::time::GO_ZERO_TIME;

fn ts(text: &str) -> Timestamp {
    text.parse().expect("valid RFC 3339 time")
}

fn schedule(text: &str) -> Schedule {
    parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

/// The next `n` fire times after `after`, stopping when the schedule stops firing.
fn next_n(text: &str, after: &str, n: usize) -> Vec<Timestamp> {
    schedule(text).upcoming(ts(after), n)
}

#[test]
fn invalid_schedules_give_robfigs_exact_messages() {
    let cases = [
        ("", "empty spec string"),
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        (
            "* * * * * *",
            "expected exactly 5 fields, found 6: [* * * * * *]",
        ),
        ("   ", "expected exactly 5 fields, found 0: []"),
        (" @hourly", "expected exactly 5 fields, found 1: [@hourly]"),
        ("60 * * * *", "end of range (60) above maximum (59): 60"),
        ("* 24 * * *", "end of range (24) above maximum (23): 24"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("* * 32 * *", "end of range (32) above maximum (31): 32"),
        ("* * * 13 *", "end of range (13) above maximum (12): 13"),
        ("* * * 0 *", "beginning of range (0) below minimum (1): 0"),
        ("* * * * 7", "end of range (7) above maximum (6): 7"),
        (
            "5-1 * * * *",
            "beginning of range (5) beyond end of range (1): 5-1",
        ),
        (
            "*/0 * * * *",
            "step of range should be a positive number: */0",
        ),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
        ("*/2/3 * * * *", "too many slashes: */2/3"),
        (
            "a * * * *",
            r#"failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax"#,
        ),
        (
            "-5 * * * *",
            r#"failed to parse int from : strconv.Atoi: parsing "": invalid syntax"#,
        ),
        ("*/-1 * * * *", "negative number (-1) not allowed: -1"),
        (
            "* * * jab *",
            r#"failed to parse int from jab: strconv.Atoi: parsing "jab": invalid syntax"#,
        ),
        (
            "* * * * mon-sun",
            "beginning of range (1) beyond end of range (0): mon-sun",
        ),
        ("@foo", "unrecognized descriptor: @foo"),
        ("@Daily", "unrecognized descriptor: @Daily"),
        ("@hourly ", "unrecognized descriptor: @hourly "),
        (
            "@every 5",
            r#"failed to parse duration @every 5: time: missing unit in duration "5""#,
        ),
        (
            "@every 1d",
            r#"failed to parse duration @every 1d: time: unknown unit "d" in duration "1d""#,
        ),
        (
            "TZ=Bad/Zone * * * * *",
            "provided bad location Bad/Zone: unknown time zone Bad/Zone",
        ),
        (
            "CRON_TZ=america/new_york * * * * *",
            "provided bad location america/new_york: unknown time zone america/new_york",
        ),
        (
            "TZ=UTC",
            "invalid schedule format: runtime error: slice bounds out of range [:-1]",
        ),
        ("TZ=UTC ", "expected exactly 5 fields, found 0: []"),
    ];
    for (text, message) in cases {
        match parse(text) {
            Ok(_) => panic!("{text:?} should not parse"),
            Err(e) => assert_eq!(e.to_string(), message, "{text:?}"),
        }
    }
}

#[test]
fn valid_schedules_parse() {
    let cases = [
        "* * * * *",
        "*/1 * * * *",
        "0 0 * * MON-FRI",
        "0 0 1 Jan ?",
        "15 14 1 * *",
        "0 22 * * 1-5",
        "23 0-20/2 * * *",
        "5 4 * * sun",
        "0 0,12 1 */2 *",
        "1,,2 * * * *",
        "+5 * * * *",
        "TZ=America/New_York 0 * * * *",
        "CRON_TZ=UTC @daily",
        "TZ= 0 0 * * *",
        "@yearly",
        "@annually",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "@hourly",
        "@every 1h30m",
        "@every 500ms",
    ];
    for text in cases {
        assert!(parse(text).is_ok(), "{text:?}: {:?}", parse(text).err());
    }
}

#[test]
fn next_fire_times_follow_robfig() {
    // (schedule, after, the next three)
    let cases = [
        // spec_test.go TestNext, seconds dropped.
        (
            "0/15 * * * *",
            "2012-07-09T14:45:00Z",
            [
                "2012-07-09T15:00:00Z",
                "2012-07-09T15:15:00Z",
                "2012-07-09T15:30:00Z",
            ],
        ),
        (
            "*/15 * * * *",
            "2012-07-09T23:46:00Z",
            [
                "2012-07-10T00:00:00Z",
                "2012-07-10T00:15:00Z",
                "2012-07-10T00:30:00Z",
            ],
        ),
        (
            "20-35/15 * * * *",
            "2012-07-09T23:45:00Z",
            [
                "2012-07-10T00:20:00Z",
                "2012-07-10T00:35:00Z",
                "2012-07-10T01:20:00Z",
            ],
        ),
        (
            "0 0 9 Apr-Oct ?",
            "2012-07-09T23:35:00Z",
            [
                "2012-08-09T00:00:00Z",
                "2012-09-09T00:00:00Z",
                "2012-10-09T00:00:00Z",
            ],
        ),
        (
            "0 0 */5 Apr,Aug,Oct Mon",
            "2012-07-09T23:35:00Z",
            [
                "2012-08-01T00:00:00Z",
                "2012-08-06T00:00:00Z",
                "2012-08-11T00:00:00Z",
            ],
        ),
        (
            "0 0 * Feb Mon",
            "2012-07-09T23:35:00Z",
            [
                "2013-02-04T00:00:00Z",
                "2013-02-11T00:00:00Z",
                "2013-02-18T00:00:00Z",
            ],
        ),
        (
            "0 0 * Feb Mon/2",
            "2012-07-09T23:35:00Z",
            [
                "2013-02-01T00:00:00Z",
                "2013-02-04T00:00:00Z",
                "2013-02-06T00:00:00Z",
            ],
        ),
        (
            "* * * * *",
            "2012-12-31T23:59:45Z",
            [
                "2013-01-01T00:00:00Z",
                "2013-01-01T00:01:00Z",
                "2013-01-01T00:02:00Z",
            ],
        ),
        // Day-of-month OR day-of-week when both are restricted, AND when one has a star.
        (
            "0 0 1,15 * sun",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-04T00:00:00Z",
                "2026-01-11T00:00:00Z",
                "2026-01-15T00:00:00Z",
            ],
        ),
        (
            "0 0 */10 * sun",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-04T00:00:00Z",
                "2026-01-11T00:00:00Z",
                "2026-01-18T00:00:00Z",
            ],
        ),
        (
            "0 0 */1 * sun",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-04T00:00:00Z",
                "2026-01-11T00:00:00Z",
                "2026-01-18T00:00:00Z",
            ],
        ),
        (
            "0 0 1,15 * *",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-15T00:00:00Z",
                "2026-02-01T00:00:00Z",
                "2026-02-15T00:00:00Z",
            ],
        ),
        // Descriptors.
        (
            "@weekly",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-04T00:00:00Z",
                "2026-01-11T00:00:00Z",
                "2026-01-18T00:00:00Z",
            ],
        ),
        (
            "@monthly",
            "2026-01-01T00:00:00Z",
            [
                "2026-02-01T00:00:00Z",
                "2026-03-01T00:00:00Z",
                "2026-04-01T00:00:00Z",
            ],
        ),
        (
            "@midnight",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-02T00:00:00Z",
                "2026-01-03T00:00:00Z",
                "2026-01-04T00:00:00Z",
            ],
        ),
        (
            "@every 90m",
            "2026-01-01T10:00:30.5Z",
            [
                "2026-01-01T11:30:30Z",
                "2026-01-01T13:00:30Z",
                "2026-01-01T14:30:30Z",
            ],
        ),
        (
            "@every 1500ms",
            "2026-01-01T10:00:00Z",
            [
                "2026-01-01T10:00:01Z",
                "2026-01-01T10:00:02Z",
                "2026-01-01T10:00:03Z",
            ],
        ),
        // Month ends: only the months that have a 31st.
        (
            "0 0 31 * *",
            "2026-01-31T00:00:00Z",
            [
                "2026-03-31T00:00:00Z",
                "2026-05-31T00:00:00Z",
                "2026-07-31T00:00:00Z",
            ],
        ),
        (
            "59 23 30 * *",
            "2026-01-31T00:00:00Z",
            [
                "2026-03-30T23:59:00Z",
                "2026-04-30T23:59:00Z",
                "2026-05-30T23:59:00Z",
            ],
        ),
        // February 29: leap years only.
        (
            "0 0 29 2 *",
            "2026-01-01T00:00:00Z",
            [
                "2028-02-29T00:00:00Z",
                "2032-02-29T00:00:00Z",
                "2036-02-29T00:00:00Z",
            ],
        ),
        (
            "0 12 29 Feb ?",
            "2024-02-29T12:00:00Z",
            [
                "2028-02-29T12:00:00Z",
                "2032-02-29T12:00:00Z",
                "2036-02-29T12:00:00Z",
            ],
        ),
        // In a zone: the wall clock of the zone, answers as instants.
        (
            "TZ=Asia/Shanghai 0 9 * * *",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-01T01:00:00Z",
                "2026-01-02T01:00:00Z",
                "2026-01-03T01:00:00Z",
            ],
        ),
        (
            "CRON_TZ=Asia/Kolkata 30 0 * * *",
            "2026-01-01T00:00:00Z",
            [
                "2026-01-01T19:00:00Z",
                "2026-01-02T19:00:00Z",
                "2026-01-03T19:00:00Z",
            ],
        ),
    ];
    for (text, after, want) in cases {
        let want: Vec<Timestamp> = want.iter().map(|t| ts(t)).collect();
        assert_eq!(next_n(text, after, 3), want, "{text:?} after {after}");
    }
}

#[test]
fn new_york_spring_forward_skips_the_missing_hour() {
    // 2026-03-08 02:00 EST becomes 03:00 EDT: 02:30 does not exist that day.
    assert_eq!(
        next_n("TZ=America/New_York 30 2 * * *", "2026-03-07T12:00:00Z", 3),
        [
            ts("2026-03-09T06:30:00Z"),
            ts("2026-03-10T06:30:00Z"),
            ts("2026-03-11T06:30:00Z")
        ]
    );
    assert_eq!(
        next_n("TZ=America/New_York 0 2 * * *", "2012-03-10T12:00:00Z", 1),
        [ts("2012-03-12T06:00:00Z")]
    );
    // Every half hour runs straight from 01:30 EST to 03:00 EDT.
    assert_eq!(
        next_n(
            "TZ=America/New_York */30 * * * *",
            "2026-03-08T06:00:00Z",
            3
        ),
        [
            ts("2026-03-08T06:30:00Z"),
            ts("2026-03-08T07:00:00Z"),
            ts("2026-03-08T07:30:00Z")
        ]
    );
    // spec_test.go: DST 2am EST -> 3am EDT for a yearly 02:30 on March 11.
    assert_eq!(
        next_n(
            "TZ=America/New_York 30 2 11 Mar ?",
            "2012-03-11T05:00:00Z",
            1
        ),
        [ts("2013-03-11T06:30:00Z")]
    );
}

#[test]
fn new_york_fall_back_repeats_the_hour() {
    // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:00 happens twice.
    assert_eq!(
        next_n("TZ=America/New_York 0 1 * * *", "2026-11-01T04:00:00Z", 3),
        [
            ts("2026-11-01T05:00:00Z"),
            ts("2026-11-01T06:00:00Z"),
            ts("2026-11-02T06:00:00Z")
        ]
    );
    assert_eq!(
        next_n("TZ=America/New_York 30 1 * * *", "2026-11-01T04:00:00Z", 3),
        [
            ts("2026-11-01T05:30:00Z"),
            ts("2026-11-01T06:30:00Z"),
            ts("2026-11-02T06:30:00Z")
        ]
    );
    assert_eq!(
        next_n("TZ=America/New_York 0 * * * *", "2026-11-01T03:30:00Z", 4),
        [
            ts("2026-11-01T04:00:00Z"),
            ts("2026-11-01T05:00:00Z"),
            ts("2026-11-01T06:00:00Z"),
            ts("2026-11-01T07:00:00Z")
        ]
    );
    // spec_test.go: 02:30 on the fall-back day is 02:30 EST.
    assert_eq!(
        next_n(
            "TZ=America/New_York 30 2 04 Nov ?",
            "2012-11-04T04:00:00Z",
            1
        ),
        [ts("2012-11-04T07:30:00Z")]
    );
    assert_eq!(
        next_n(
            "TZ=America/New_York 30 1 04 Nov ?",
            "2012-11-04T05:45:00Z",
            1
        ),
        [ts("2012-11-04T06:30:00Z")]
    );
}

#[test]
fn a_missing_midnight_is_corrected_by_an_hour() {
    // Sao Paulo, 2018-11-04: midnight became 01:00; the daily midnight run skips that day.
    assert_eq!(
        next_n("TZ=America/Sao_Paulo 0 0 * * *", "2018-11-03T12:00:00Z", 2),
        [ts("2018-11-05T02:00:00Z"), ts("2018-11-06T02:00:00Z")]
    );
}

#[test]
fn schedules_that_never_fire_return_the_zero_time() {
    assert_eq!(next_n("0 0 30 2 *", "2026-01-01T00:00:00Z", 3), []);
    for text in ["0 0 30 2 *", "59 23 31 2 *", "0 0 31 4 *", ", * * * *"] {
        assert_eq!(
            schedule(text).next(ts("2026-01-01T00:00:00Z")),
            GO_ZERO_TIME,
            "{text:?}"
        );
    }
}

#[test]
fn next_is_strictly_after_and_drops_fractions() {
    let hourly = schedule("0 * * * *");
    assert_eq!(
        hourly.next(ts("2026-01-01T10:00:00Z")),
        ts("2026-01-01T11:00:00Z")
    );
    assert_eq!(
        hourly.next(ts("2026-01-01T09:59:59.999Z")),
        ts("2026-01-01T10:00:00Z")
    );
}
