//! The CronJob controller's schedule arithmetic, from upstream's utils_test.go
//! (TestMostRecentScheduleTime, TestNextScheduleTimeDuration) and the job naming rule.

use jiff::{SignedDuration, Timestamp};
use jobsim_core::controllers::cronjob::parse;
use jobsim_core::controllers::cronjob::utils::{
    format_schedule, go_rfc3339, job_name, most_recent_schedule_time, next_schedule_time_duration,
    MissedSchedules, ScheduleState,
};

/// Upstream's topOfTheHour: 2016-05-19T10:00:00Z, a Thursday.
fn top_of_the_hour() -> Timestamp {
    "2016-05-19T10:00:00Z".parse().expect("valid time")
}

fn after_top(d: SignedDuration) -> Timestamp {
    top_of_the_hour() + d
}

fn minutes(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

struct Case {
    name: &'static str,
    schedule: &'static str,
    created: Timestamp,
    last: Option<Timestamp>,
    deadline: Option<i64>,
    include_deadline: bool,
    now: Timestamp,
    earliest: Timestamp,
    recent: Option<Timestamp>,
    missed: MissedSchedules,
}

#[test]
fn most_recent_schedule_time_matches_upstream() {
    let top = top_of_the_hour();
    let half_past = after_top(minutes(30));
    let cases = [
        Case {
            name: "now before next schedule",
            schedule: "0 * * * *",
            created: top,
            last: None,
            deadline: None,
            include_deadline: false,
            now: top + SignedDuration::from_secs(30),
            earliest: top,
            recent: None,
            missed: MissedSchedules::None,
        },
        Case {
            name: "now just after next schedule",
            schedule: "0 * * * *",
            created: top,
            last: None,
            deadline: None,
            include_deadline: false,
            now: after_top(minutes(61)),
            earliest: top,
            recent: Some(after_top(minutes(60))),
            missed: MissedSchedules::None,
        },
        Case {
            name: "missed 5 schedules",
            schedule: "0 * * * *",
            created: after_top(SignedDuration::from_secs(10)),
            last: None,
            deadline: None,
            include_deadline: false,
            now: after_top(minutes(301)),
            earliest: after_top(SignedDuration::from_secs(10)),
            recent: Some(after_top(minutes(300))),
            missed: MissedSchedules::Few,
        },
        Case {
            name: "complex schedule",
            schedule: "30 6-16/4 * * 1-5",
            created: top,
            last: Some(half_past),
            deadline: None,
            include_deadline: false,
            now: after_top(hours(24) + minutes(31)),
            earliest: half_past,
            recent: Some(after_top(hours(24) + minutes(30))),
            missed: MissedSchedules::Few,
        },
        Case {
            name: "another complex schedule (under-estimated, as upstream expects)",
            schedule: "30 10,11,12 * * 1-5",
            created: top,
            last: Some(half_past),
            deadline: None,
            include_deadline: false,
            now: after_top(hours(30) + minutes(30)),
            earliest: half_past,
            recent: None,
            missed: MissedSchedules::Few,
        },
        Case {
            name: "complex schedule with longer diff between executions",
            schedule: "30 6-16/4 * * 1-5",
            created: top,
            last: Some(half_past),
            deadline: None,
            include_deadline: false,
            now: after_top(hours(96) + minutes(31)),
            earliest: half_past,
            recent: Some(after_top(hours(96) + minutes(30))),
            missed: MissedSchedules::Few,
        },
        Case {
            name: "complex schedule with shorter diff between executions",
            schedule: "30 6-16/4 * * 1-5",
            created: top,
            last: None,
            deadline: None,
            include_deadline: false,
            now: after_top(hours(24) + minutes(31)),
            earliest: top,
            recent: Some(after_top(hours(24) + minutes(30))),
            missed: MissedSchedules::Few,
        },
        Case {
            name: "@every schedule",
            schedule: "@every 1h",
            created: after_top(minutes(-59)),
            last: Some(after_top(minutes(1))),
            deadline: Some(10),
            include_deadline: false,
            now: after_top(hours(7 * 24)),
            earliest: after_top(minutes(1)),
            recent: Some(after_top(hours(6 * 24 + 23) + minutes(1))),
            missed: MissedSchedules::Many,
        },
        Case {
            name: "earliestTime being CreationTimestamp and LastScheduleTime",
            schedule: "0 * * * *",
            created: top,
            last: Some(top),
            deadline: None,
            include_deadline: false,
            now: top + SignedDuration::from_secs(30),
            earliest: top,
            recent: None,
            missed: MissedSchedules::None,
        },
        Case {
            name: "earliestTime being LastScheduleTime",
            schedule: "*/5 * * * *",
            created: top,
            last: Some(half_past),
            deadline: None,
            include_deadline: false,
            now: after_top(minutes(31)),
            earliest: half_past,
            recent: None,
            missed: MissedSchedules::None,
        },
        Case {
            name: "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)",
            schedule: "*/5 * * * *",
            created: top,
            last: Some(half_past),
            deadline: Some(60),
            include_deadline: false,
            now: after_top(minutes(31)),
            earliest: half_past,
            recent: None,
            missed: MissedSchedules::None,
        },
        Case {
            name: "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)",
            schedule: "*/5 * * * *",
            created: top,
            last: Some(half_past),
            deadline: Some(60),
            include_deadline: true,
            now: after_top(minutes(32)),
            earliest: after_top(minutes(31)),
            recent: None,
            missed: MissedSchedules::None,
        },
    ];
    for case in cases {
        let schedule = parse(case.schedule).expect("valid schedule");
        let state = ScheduleState {
            created: case.created,
            last_schedule: case.last,
            starting_deadline_seconds: case.deadline,
        };
        let got = most_recent_schedule_time(&state, case.now, &schedule, case.include_deadline)
            .unwrap_or_else(|e| panic!("{}: unexpected error {e}", case.name));
        assert_eq!(got.earliest, case.earliest, "{}: earliest", case.name);
        assert_eq!(got.most_recent, case.recent, "{}: most recent", case.name);
        assert_eq!(got.missed, case.missed, "{}: missed", case.name);
    }
}

#[test]
fn a_rogue_schedule_is_an_error() {
    for text in ["59 23 31 2 *", "0 0 30 2 *"] {
        let state = ScheduleState {
            created: after_top(SignedDuration::from_secs(10)),
            last_schedule: None,
            starting_deadline_seconds: None,
        };
        let schedule = parse(text).expect("parses");
        let got = most_recent_schedule_time(&state, after_top(hours(1)), &schedule, false);
        assert_eq!(
            got,
            Err("time difference between two schedules is less than 1 second".to_string()),
            "{text:?}"
        );
    }
}

#[test]
fn next_schedule_time_duration_matches_upstream() {
    let top = top_of_the_hour();
    let delta = SignedDuration::from_millis(100);
    let cases = [
        (
            "complex schedule skipping weekend",
            "30 6-16/4 * * 1-5",
            Some(after_top(minutes(30))),
            after_top(hours(24) + minutes(31)),
            hours(3) + minutes(59) + delta,
        ),
        (
            "another complex schedule skipping weekend",
            "30 10,11,12 * * 1-5",
            Some(after_top(minutes(30))),
            after_top(hours(30) + minutes(30)),
            hours(66) + delta,
        ),
        (
            "once a week cronjob, missed two runs",
            "0 12 * * 4",
            Some(after_top(hours(2))),
            after_top(hours(19 * 24 + 1) + minutes(30)),
            hours(48) + minutes(30) + delta,
        ),
        (
            "no previous run of a cronjob",
            "0 12 * * 5",
            None,
            after_top(hours(6)),
            hours(20) + delta,
        ),
        // The first sync of an hourly CronJob, at its creation.
        (
            "created on the hour, synced at once",
            "0 * * * *",
            None,
            top,
            hours(1) + delta,
        ),
    ];
    for (name, text, last, now, want) in cases {
        let schedule = parse(text).expect("valid schedule");
        let state = ScheduleState {
            created: top,
            last_schedule: last,
            starting_deadline_seconds: None,
        };
        assert_eq!(
            next_schedule_time_duration(&state, now, &schedule),
            want,
            "{name}"
        );
    }
}

#[test]
fn job_names_count_minutes_since_the_epoch() {
    let cases = [
        ("mycronjob", "2016-05-19T10:00:00Z", "mycronjob-24394200"),
        ("hello", "2026-01-01T10:01:00Z", "hello-29454361"),
        ("hello", "1970-01-01T00:00:59Z", "hello-0"),
    ];
    for (cron_job, scheduled, want) in cases {
        assert_eq!(
            job_name(cron_job, scheduled.parse().expect("valid time")),
            want
        );
    }
}

#[test]
fn the_schedule_gets_the_time_zone_unless_it_names_one_itself() {
    let cases = [
        ("0 * * * *", None, ("0 * * * *", false)),
        (
            "0 * * * *",
            Some("America/New_York"),
            ("TZ=America/New_York 0 * * * *", false),
        ),
        ("0 * * * *", Some("bad timezone"), ("0 * * * *", false)),
        (
            "TZ=UTC 0 * * * *",
            Some("Asia/Tokyo"),
            ("TZ=UTC 0 * * * *", true),
        ),
        (
            "CRON_TZ=UTC 0 * * * *",
            None,
            ("CRON_TZ=UTC 0 * * * *", true),
        ),
    ];
    for (schedule, zone, (text, warn)) in cases {
        assert_eq!(
            format_schedule(schedule, zone),
            (text.to_string(), warn),
            "{schedule:?}"
        );
    }
}

#[test]
fn the_scheduled_timestamp_is_written_like_go_rfc3339() {
    let t: Timestamp = "2016-05-19T10:00:00Z".parse().expect("valid time");
    let zone = |name| jobsim_core::go::time::load_location(name).expect("zone");
    assert_eq!(go_rfc3339(t, &zone("")), "2016-05-19T10:00:00Z");
    assert_eq!(
        go_rfc3339(t, &zone("America/New_York")),
        "2016-05-19T06:00:00-04:00"
    );
    assert_eq!(
        go_rfc3339(t, &zone("Asia/Kolkata")),
        "2016-05-19T15:30:00+05:30"
    );
    assert_eq!(
        go_rfc3339(t, &zone("Europe/London")),
        "2016-05-19T11:00:00+01:00"
    );
    let winter: Timestamp = "2016-01-19T10:00:00Z".parse().expect("valid time");
    assert_eq!(
        go_rfc3339(winter, &zone("Europe/London")),
        "2016-01-19T10:00:00Z"
    );
}
