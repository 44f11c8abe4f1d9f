//! `jobsim cron-next` and `jobsim cron-sync` on the command line (spec/probes.md).

mod support;
use support::jobsim;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn cron_next_lists_fire_times_in_utc() {
    let out = jobsim(
        &[
            "cron-next",
            "*/1 * * * *",
            "--after",
            "2026-01-01T10:00:30Z",
        ],
        "",
    );
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "[\"2026-01-01T10:01:00Z\",\"2026-01-01T10:02:00Z\",\"2026-01-01T10:03:00Z\"]\n"
    );
}

#[test]
fn cron_next_takes_a_time_zone_and_a_count() {
    let args = [
        "cron-next",
        "0 9 * * 1-5",
        "--time-zone",
        "Asia/Shanghai",
        "--after",
        "2026-01-02T02:00:00Z",
        "-n",
        "2",
    ];
    let out = jobsim(&args, "");
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "[\"2026-01-05T01:00:00Z\",\"2026-01-06T01:00:00Z\"]\n"
    );
}

#[test]
fn cron_next_of_a_schedule_that_never_fires_is_an_empty_list() {
    let out = jobsim(
        &["cron-next", "0 0 30 2 *", "--after", "2026-01-01T00:00:00Z"],
        "",
    );
    assert!(out.status.success());
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn cron_next_defaults_to_three_times_after_now() {
    let out = jobsim(&["cron-next", "@hourly"], "");
    assert!(out.status.success());
    let times: Vec<String> = serde_json_list(&stdout(&out));
    assert_eq!(times.len(), 3);
    assert!(times.iter().all(|t| t.ends_with(":00:00Z")), "{times:?}");
}

#[test]
fn cron_next_refuses_an_invalid_schedule_or_zone_with_status_1() {
    for args in [
        vec!["cron-next", "61 * * * *"],
        vec!["cron-next", "* * * * *", "--time-zone", "Mars/Olympus_Mons"],
    ] {
        let out = jobsim(&args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = jobsim(&["cron-next", "61 * * * *"], "");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("end of range (61) above maximum (59): 61")
    );
}

#[test]
fn cron_sync_reads_a_case_from_standard_input() {
    let case = r#"{
      "now": "2026-01-01T10:01:10Z",
      "cronJob": { "apiVersion": "batch/v1", "kind": "CronJob",
                   "metadata": { "name": "hello", "creationTimestamp": "2026-01-01T09:30:00Z" },
                   "spec": { "schedule": "*/1 * * * *", "jobTemplate": {} },
                   "status": { "lastScheduleTime": "2026-01-01T10:00:00Z",
                               "active": [ { "name": "hello-29454360" } ] } },
      "jobs": [ { "name": "hello-29454360", "scheduledTime": "2026-01-01T10:00:00Z",
                  "createdAt": "2026-01-01T10:00:00Z", "finished": null } ]
    }"#;
    let out = jobsim(&["cron-sync", "-"], case);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer = stdout(&out);
    assert!(answer.contains("\"name\": \"hello-29454361\""), "{answer}");
    assert!(answer.contains("\"requeueAfterSeconds\": 50.1"), "{answer}");
}

#[test]
fn a_malformed_cron_sync_case_exits_2() {
    let out = jobsim(&["cron-sync", "-"], "{ not json");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}

/// The strings of a one-line JSON list of strings.
fn serde_json_list(text: &str) -> Vec<String> {
    text.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}
