//! One sync of the CronJob controller, from upstream's cronjob_controllerv2_test.go
//! (TestControllerV2SyncCronJob, TestControllerV2CleanupFinishedJobs) and the rules of
//! cronjob_controllerv2.go, through the `cron-sync` probe and the `sync` function.

use jiff::Timestamp;
use jobsim_core::api::{CronJob, Job};
use jobsim_core::controllers::cronjob::create_job::create_job_from_cron_job;
use jobsim_core::controllers::cronjob::events::{Event, EventType};
use jobsim_core::controllers::cronjob::sync::sync;
use jobsim_core::probe::cron::cron_sync;
use serde_json::{json, Value};

/// Upstream's cronJob(): "mycronjob" in "snazzycats", created 09:59 on 2016-05-19, hourly.
fn cron_job(spec: Value, status: Value) -> Value {
    let mut full = json!({
        "schedule": "0 * * * ?",
        "concurrencyPolicy": "Allow",
        "jobTemplate": {
            "metadata": { "labels": { "a": "b" }, "annotations": { "x": "y" } },
            "spec": { "template": { "spec": { "containers": [ { "name": "c", "image": "foo/bar" } ],
                                               "restartPolicy": "OnFailure" } } }
        }
    });
    if let (Some(full), Some(extra)) = (full.as_object_mut(), spec.as_object()) {
        full.extend(extra.clone());
    }
    json!({
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": { "name": "mycronjob", "namespace": "snazzycats", "uid": "1a2b3c",
                      "creationTimestamp": "2016-05-19T09:59:00Z" },
        "spec": full,
        "status": status,
    })
}

fn run(now: &str, cron_job: Value, jobs: Value) -> Value {
    let case = json!({ "now": now, "cronJob": cron_job, "jobs": jobs });
    let answer = cron_sync(&case.to_string()).expect("the probe answers");
    serde_json::from_str(&answer.stdout).expect("the answer is JSON")
}

/// The fields of an answer that the cases below compare.
fn summary(answer: &Value) -> Value {
    json!({
        "create": answer["create"]["name"],
        "delete": answer["delete"],
        "active": answer["status"]["active"],
        "warnings": answer["warnings"],
        "requeue": answer["requeueAfterSeconds"],
    })
}

const NOW_JUST_BEFORE_THE_HOUR: &str = "2016-05-19T09:59:00Z";
const NOW_JUST_AFTER_THE_HOUR: &str = "2016-05-19T10:01:00Z";
const WEEK_AFTER_THE_HOUR: &str = "2016-05-26T10:00:00Z";

fn prior_job(finished: Value) -> Value {
    json!({ "name": "mycronjob-24394141", "scheduledTime": "2016-05-19T09:01:00Z",
            "createdAt": "2016-05-19T09:01:00Z", "startedAt": "2016-05-19T09:01:00Z",
            "finished": finished, "finishedAt": "2016-05-19T09:01:10Z" })
}

#[test]
fn the_sync_table_of_upstream() {
    let ran = json!({ "lastScheduleTime": "2016-05-19T09:01:00Z" });
    let running = json!({ "lastScheduleTime": "2016-05-19T09:01:00Z",
                          "active": [ { "name": "mycronjob-24394141" } ] });
    // (name, now, spec overrides, status, jobs, expected summary)
    let cases = [
        (
            "never ran, not valid schedule",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({ "schedule": "obvious error schedule" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": ["UnparseableSchedule"], "requeue": null }),
        ),
        (
            "never ran, not valid time zone",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({ "timeZone": "bad timezone" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": ["UnknownTimeZone"], "requeue": null }),
        ),
        (
            "never ran, not time, A",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({}),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 60.1 }),
        ),
        (
            "never ran, not time, F",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({ "concurrencyPolicy": "Forbid" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 60.1 }),
        ),
        (
            "never ran, not time in zone",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({ "timeZone": "America/New_York" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 60.1 }),
        ),
        (
            "never ran, is time, R",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "concurrencyPolicy": "Replace" }),
            json!({}),
            json!([]),
            json!({ "create": "mycronjob-24394200", "delete": [], "active": ["mycronjob-24394200"],
                 "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "never ran, is time in zone",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "timeZone": "America/New_York" }),
            json!({}),
            json!([]),
            json!({ "create": "mycronjob-24394200", "delete": [], "active": ["mycronjob-24394200"],
                 "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "never ran, is time in zone, but TZ is also set in schedule",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "schedule": "TZ=UTC 0 * * * ?", "timeZone": "America/New_York" }),
            json!({}),
            json!([]),
            json!({ "create": "mycronjob-24394200", "delete": [], "active": ["mycronjob-24394200"],
                 "warnings": ["UnsupportedSchedule"], "requeue": 3540.1 }),
        ),
        (
            "never ran, is time, suspended",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "suspend": true }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": null }),
        ),
        (
            "never ran, is time, past deadline",
            "2016-05-19T10:12:00Z",
            json!({ "startingDeadlineSeconds": 10 }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 2880.1 }),
        ),
        (
            "never ran, is time, not past deadline",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "startingDeadlineSeconds": 1_000_000 }),
            json!({}),
            json!([]),
            json!({ "create": "mycronjob-24394200", "delete": [], "active": ["mycronjob-24394200"],
                 "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "prev ran but done, is time, A",
            NOW_JUST_AFTER_THE_HOUR,
            json!({}),
            ran.clone(),
            json!([prior_job(json!("Complete"))]),
            json!({ "create": "mycronjob-24394200", "delete": [], "active": ["mycronjob-24394200"],
                 "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "still active, not time, F",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({ "concurrencyPolicy": "Forbid" }),
            running.clone(),
            json!([prior_job(Value::Null)]),
            json!({ "create": null, "delete": [], "active": ["mycronjob-24394141"], "warnings": [], "requeue": 60.1 }),
        ),
        (
            "still active, is time, F",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "concurrencyPolicy": "Forbid" }),
            running.clone(),
            json!([prior_job(Value::Null)]),
            json!({ "create": null, "delete": [], "active": ["mycronjob-24394141"], "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "still active, is time, R",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "concurrencyPolicy": "Replace" }),
            running.clone(),
            json!([prior_job(Value::Null)]),
            json!({ "create": "mycronjob-24394200", "delete": ["mycronjob-24394141"],
                 "active": ["mycronjob-24394200"], "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "still active, is time, past deadline",
            "2016-05-19T10:12:00Z",
            json!({ "startingDeadlineSeconds": 10 }),
            running.clone(),
            json!([prior_job(Value::Null)]),
            json!({ "create": null, "delete": [], "active": ["mycronjob-24394141"], "warnings": [], "requeue": 2880.1 }),
        ),
        (
            "prev ran but done, long overdue, not past deadline, A",
            WEEK_AFTER_THE_HOUR,
            json!({ "startingDeadlineSeconds": 1_000_000 }),
            ran.clone(),
            json!([prior_job(json!("Complete"))]),
            json!({ "create": "mycronjob-24404280", "delete": [], "active": ["mycronjob-24404280"],
                 "warnings": ["TooManyMissedTimes"], "requeue": 3600.1 }),
        ),
        (
            "prev ran but done, long overdue, past medium deadline, A",
            WEEK_AFTER_THE_HOUR,
            json!({ "startingDeadlineSeconds": 7200 }),
            ran.clone(),
            json!([prior_job(json!("Complete"))]),
            json!({ "create": "mycronjob-24404280", "delete": [], "active": ["mycronjob-24404280"],
                 "warnings": [], "requeue": 3600.1 }),
        ),
        (
            "with @every schedule, never ran, not time",
            "2016-05-19T10:00:00Z",
            json!({ "schedule": "@every 1h" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "with @every schedule, still active, is time",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "schedule": "@every 1h" }),
            json!({ "lastScheduleTime": "2016-05-19T08:59:00Z",
                    "active": [ { "name": "mycronjob-24394139" } ] }),
            json!([ { "name": "mycronjob-24394139", "startedAt": "2016-05-19T08:59:00Z", "finished": null } ]),
            json!({ "create": "mycronjob-24394199", "delete": [],
                    "active": ["mycronjob-24394139", "mycronjob-24394199"], "warnings": [], "requeue": 3480.1 }),
        ),
        (
            "with @every schedule, prev ran but done, long overdue, past deadline",
            "2016-05-26T10:01:11Z",
            json!({ "schedule": "@every 1h", "startingDeadlineSeconds": 10 }),
            json!({ "lastScheduleTime": "2016-05-19T10:01:00Z" }),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 3589.1 }),
        ),
        (
            "an impossible schedule is an invalid schedule",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "schedule": "59 23 31 2 *" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": ["InvalidSchedule"], "requeue": null }),
        ),
        (
            "a schedule that never fires is an invalid schedule",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "schedule": "0 0 30 2 *" }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": ["InvalidSchedule"], "requeue": null }),
        ),
        (
            "a starting deadline of zero never starts a job",
            NOW_JUST_AFTER_THE_HOUR,
            json!({ "startingDeadlineSeconds": 0 }),
            json!({}),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 3540.1 }),
        ),
        (
            "a job the controller did not create is unexpected",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({}),
            ran.clone(),
            json!([prior_job(Value::Null)]),
            json!({ "create": null, "delete": [], "active": [], "warnings": ["UnexpectedJob"], "requeue": 60.1 }),
        ),
        (
            "an active job that went missing leaves the active list",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({}),
            running.clone(),
            json!([]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 60.1 }),
        ),
        (
            "a finished active job leaves the active list",
            NOW_JUST_BEFORE_THE_HOUR,
            json!({}),
            running.clone(),
            json!([prior_job(json!("Failed"))]),
            json!({ "create": null, "delete": [], "active": [], "warnings": [], "requeue": 60.1 }),
        ),
    ];
    for (name, now, spec, status, jobs, want) in cases {
        let answer = run(now, cron_job(spec, status), jobs);
        assert_eq!(summary(&answer), want, "{name}: {answer:#}");
    }
}

#[test]
fn forbid_keeps_the_missed_time_and_starts_it_late_once_the_job_finishes() {
    let forbid = json!({ "concurrencyPolicy": "Forbid" });
    let running = json!({ "lastScheduleTime": "2016-05-19T09:01:00Z",
                          "active": [ { "name": "mycronjob-24394141" } ] });
    let answer = run(
        "2016-05-19T10:20:00Z",
        cron_job(forbid.clone(), running.clone()),
        json!([prior_job(Value::Null)]),
    );
    assert_eq!(answer["create"], Value::Null);
    assert_eq!(answer["events"][0]["reason"], "JobAlreadyActive");
    assert_eq!(answer["status"]["lastScheduleTime"], "2016-05-19T09:01:00Z");

    let answer = run(
        "2016-05-19T10:30:00Z",
        cron_job(forbid, running),
        json!([prior_job(json!("Complete"))]),
    );
    assert_eq!(answer["create"]["scheduledTime"], "2016-05-19T10:00:00Z");
    assert_eq!(
        answer["status"]["lastSuccessfulTime"],
        "2016-05-19T09:01:10Z"
    );
    let reasons: Vec<&Value> = answer["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| &e["reason"])
        .collect();
    assert_eq!(
        reasons,
        [&json!("SawCompletedJob"), &json!("SuccessfulCreate")]
    );
}

#[test]
fn history_limits_delete_the_oldest_finished_jobs_by_start_time() {
    let job = |name: &str, started: Option<&str>, finished: &str| json!({ "name": name, "startedAt": started, "finished": finished, "finishedAt": "2016-05-19T09:30:00Z" });
    let jobs = json!([
        job("c-newest", Some("2016-05-19T09:00:00Z"), "Complete"),
        job("a-oldest", Some("2016-05-19T06:00:00Z"), "Complete"),
        job("b-middle", Some("2016-05-19T07:00:00Z"), "Complete"),
        job("z-unstarted", None, "Complete"),
        job("f-failed-1", Some("2016-05-19T06:30:00Z"), "Failed"),
        job("f-failed-2", Some("2016-05-19T08:30:00Z"), "Failed"),
        json!({ "name": "running", "startedAt": "2016-05-19T05:00:00Z", "finished": null }),
    ]);
    let spec = json!({ "successfulJobsHistoryLimit": 2, "failedJobsHistoryLimit": 1 });
    let status =
        json!({ "lastScheduleTime": "2016-05-19T09:00:00Z", "active": [ { "name": "running" } ] });
    let answer = run(NOW_JUST_BEFORE_THE_HOUR, cron_job(spec, status), jobs);
    // Deleted in order: the two oldest succeeded (a job without a start time sorts last), then
    // the older failed one; the probe lists them sorted.
    assert_eq!(
        answer["delete"],
        json!(["a-oldest", "b-middle", "f-failed-1"])
    );
    let deleted: Vec<&Value> = answer["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["reason"] == "SuccessfulDelete")
        .map(|e| &e["message"])
        .collect();
    assert_eq!(
        deleted,
        [
            &json!("Deleted job a-oldest"),
            &json!("Deleted job b-middle"),
            &json!("Deleted job f-failed-1")
        ]
    );
    assert_eq!(answer["status"]["active"], json!(["running"]));
}

#[test]
fn a_history_limit_of_zero_keeps_nothing() {
    let jobs = json!([prior_job(json!("Complete"))]);
    let spec = json!({ "successfulJobsHistoryLimit": 0 });
    let answer = run(
        NOW_JUST_BEFORE_THE_HOUR,
        cron_job(spec, json!({ "lastScheduleTime": "2016-05-19T09:01:00Z" })),
        jobs,
    );
    assert_eq!(answer["delete"], json!(["mycronjob-24394141"]));
    assert_eq!(
        answer["status"]["lastSuccessfulTime"],
        "2016-05-19T09:01:10Z"
    );
}

#[test]
fn last_successful_time_is_the_latest_completion() {
    let job = |name: &str, done: &str| json!({ "name": name, "finished": "Complete", "finishedAt": done });
    let jobs = json!([
        job("a", "2016-05-19T09:05:00Z"),
        job("b", "2016-05-19T09:45:00Z"),
        job("c", "2016-05-19T09:15:00Z")
    ]);
    let answer = run(
        NOW_JUST_BEFORE_THE_HOUR,
        cron_job(
            json!({}),
            json!({ "lastScheduleTime": "2016-05-19T09:00:00Z" }),
        ),
        jobs,
    );
    assert_eq!(
        answer["status"]["lastSuccessfulTime"],
        "2016-05-19T09:45:00Z"
    );
}

#[test]
fn a_job_with_the_same_name_is_adopted_rather_than_created() {
    // Created before, but the status update was lost: AlreadyExists, then adopted, no event.
    let existing = json!({ "name": "mycronjob-24394200", "startedAt": "2016-05-19T10:00:01Z", "finished": null });
    let answer = run(
        NOW_JUST_AFTER_THE_HOUR,
        cron_job(
            json!({}),
            json!({ "lastScheduleTime": "2016-05-19T09:00:00Z" }),
        ),
        json!([existing]),
    );
    assert_eq!(answer["create"], Value::Null);
    assert_eq!(answer["status"]["active"], json!(["mycronjob-24394200"]));
    assert_eq!(answer["status"]["lastScheduleTime"], "2016-05-19T10:00:00Z");
    assert_eq!(answer["warnings"], json!(["UnexpectedJob"]));
    assert_eq!(answer["requeueAfterSeconds"], json!(3540.1));
}

#[test]
fn daylight_saving_days_in_new_york() {
    let new_york = |schedule: &str| json!({ "schedule": schedule, "timeZone": "America/New_York" });
    // Spring forward, 2026-03-08: 02:30 does not exist, so nothing is due that day.
    let answer = run(
        "2026-03-08T12:00:00Z",
        cron_job(
            new_york("30 2 * * *"),
            json!({ "lastScheduleTime": "2026-03-07T07:30:00Z" }),
        ),
        json!([]),
    );
    assert_eq!(answer["create"], Value::Null);
    assert_eq!(answer["requeueAfterSeconds"], json!(66600.1)); // 2026-03-09 02:30 EDT
                                                               // Fall back, 2026-11-01: 01:00 happens twice and both run.
    let answer = run(
        "2026-11-01T06:00:30Z",
        cron_job(
            new_york("0 1 * * *"),
            json!({ "lastScheduleTime": "2026-11-01T05:00:00Z" }),
        ),
        json!([]),
    );
    assert_eq!(answer["create"]["scheduledTime"], "2026-11-01T06:00:00Z");
    assert_eq!(
        answer["create"]["name"],
        format!("mycronjob-{}", 1_793_512_800 / 60)
    );
}

fn typed_cron_job(spec: Value) -> CronJob {
    serde_json::from_value(cron_job(spec, json!({}))).expect("a CronJob")
}

fn ts(text: &str) -> Timestamp {
    text.parse().expect("valid time")
}

#[test]
fn the_created_job_is_built_from_the_template() {
    let cron_job = typed_cron_job(json!({ "timeZone": "America/New_York" }));
    let outcome = sync(&cron_job, &[], ts(NOW_JUST_AFTER_THE_HOUR), "uid-1");
    let job = outcome.create.expect("a job is created");
    let wire = serde_json::to_value(&job).expect("serialises");
    assert_eq!(wire["metadata"]["name"], "mycronjob-24394200");
    assert_eq!(wire["metadata"]["namespace"], "snazzycats");
    assert_eq!(wire["metadata"]["uid"], "uid-1");
    assert_eq!(wire["metadata"]["labels"], json!({ "a": "b" }));
    assert_eq!(
        wire["metadata"]["annotations"],
        json!({ "x": "y", "batch.kubernetes.io/cronjob-scheduled-timestamp": "2016-05-19T06:00:00-04:00" })
    );
    assert_eq!(
        wire["metadata"]["ownerReferences"],
        json!([{ "apiVersion": "batch/v1", "kind": "CronJob", "name": "mycronjob", "uid": "1a2b3c",
                 "controller": true, "blockOwnerDeletion": true }])
    );
    assert_eq!(
        wire["spec"],
        serde_json::to_value(&cron_job.spec.as_ref().expect("spec").job_template.spec)
            .expect("spec")
    );
    let status = outcome.cron_job.status.expect("status");
    let active = status.active.expect("active");
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].uid.as_deref(), Some("uid-1"));
    assert_eq!(active[0].kind.as_deref(), Some("Job"));
    assert_eq!(
        outcome.events,
        [Event::normal(
            "SuccessfulCreate",
            "Created job mycronjob-24394200"
        )]
    );
    assert!(outcome.update_status);
}

#[test]
fn warning_messages_are_upstreams() {
    let cases = [
        (json!({ "schedule": "obvious error schedule" }),
         "unparseable schedule: \"obvious error schedule\" : expected exactly 5 fields, found 3: [obvious error schedule]"),
        (json!({ "timeZone": "bad timezone" }), "invalid timeZone: \"bad timezone\": unknown time zone bad timezone"),
        (json!({ "schedule": "59 23 31 2 *" }),
         "invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second"),
    ];
    for (spec, message) in cases {
        let outcome = sync(
            &typed_cron_job(spec),
            &[],
            ts(NOW_JUST_AFTER_THE_HOUR),
            "uid",
        );
        let warnings: Vec<&str> = outcome
            .events
            .iter()
            .filter(|e| e.type_ == EventType::Warning)
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(warnings, [message]);
        assert_eq!(outcome.requeue_after, None);
    }
}

#[test]
fn kubectl_create_job_from_a_cronjob() {
    let cron_job = typed_cron_job(json!({}));
    let job: Job = create_job_from_cron_job(&cron_job, "manual-run", Some("snazzycats"));
    let wire = serde_json::to_value(&job).expect("serialises");
    assert_eq!(wire["metadata"]["name"], "manual-run");
    assert_eq!(wire["metadata"]["namespace"], "snazzycats");
    assert_eq!(
        wire["metadata"]["annotations"],
        json!({ "cronjob.kubernetes.io/instantiate": "manual", "x": "y" })
    );
    assert_eq!(wire["metadata"]["labels"], json!({ "a": "b" }));
    assert_eq!(
        wire["metadata"]["ownerReferences"],
        json!([{ "apiVersion": "batch/v1", "kind": "CronJob", "name": "mycronjob", "uid": "1a2b3c", "controller": true }])
    );
    // While it runs, the CronJob controller calls it unexpected and leaves it out of active.
    let mut running = job.clone();
    running.metadata.uid = Some("manual-uid".to_string());
    let outcome = sync(&cron_job, &[running], ts(NOW_JUST_BEFORE_THE_HOUR), "uid");
    assert_eq!(outcome.events[0].reason, "UnexpectedJob");
    assert!(outcome
        .cron_job
        .status
        .and_then(|s| s.active)
        .unwrap_or_default()
        .is_empty());
}

#[test]
fn a_template_annotation_overrides_the_manual_marker() {
    let mut cron_job = typed_cron_job(json!({}));
    if let Some(meta) = cron_job
        .spec
        .as_mut()
        .and_then(|s| s.job_template.metadata.as_mut())
    {
        meta.annotations_mut().insert(
            "cronjob.kubernetes.io/instantiate".to_string(),
            "template".to_string(),
        );
    }
    let job = create_job_from_cron_job(&cron_job, "manual-run", None);
    assert_eq!(
        job.metadata.annotation("cronjob.kubernetes.io/instantiate"),
        Some("template")
    );
    assert_eq!(job.metadata.namespace, None);
}
