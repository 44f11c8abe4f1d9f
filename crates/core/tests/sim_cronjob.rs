//! The CronJob controller in the virtual cluster: the lessons of playground.md (every minute
//! with each concurrencyPolicy, startingDeadlineSeconds, history limits) with the times a
//! cluster shows, missed schedules after the control plane slept, schedule updates, and the
//! `until: done` rule.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{load, Overrides, Until};
use jobsim_core::sim::store::Key;
use jobsim_core::sim::time::{SimDuration, SimTime};
use jobsim_core::sim::world::World;
use serde_json::Value;

const EVERY_MINUTE: &str = include_str!("fixtures/scenarios/cronjob-every-minute.yaml");
const CONTROLLERS_DOWN: &str = include_str!("fixtures/scenarios/cronjob-controllers-down.yaml");

fn run(text: &str) -> Value {
    let world = simulate(text, Overrides::default()).unwrap();
    to_json(&world, false)
}

/// The fixture with its concurrencyPolicy line replaced (or removed, with `""`).
fn every_minute(replace: &str) -> String {
    EVERY_MINUTE.replace("  concurrencyPolicy: Allow\n", replace)
}

/// `HH:MM:SS.f` of an RFC 3339 time of 2026-01-01.
fn clock(v: &Value) -> String {
    let text = v.as_str().unwrap_or_default();
    text.trim_start_matches("2026-01-01T")
        .trim_end_matches('Z')
        .to_string()
}

/// The CronJob's events as `(time, reason, message)`.
fn cron_events(doc: &Value) -> Vec<(String, String, String)> {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "cronjob/hello")
        .map(|e| {
            (
                clock(&e["time"]),
                e["reason"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn reasons_at(doc: &Value) -> Vec<(String, String)> {
    cron_events(doc)
        .into_iter()
        .map(|(t, r, _)| (t, r))
        .collect()
}

fn job_names(doc: &Value) -> Vec<String> {
    doc["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap().to_string())
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn allow_starts_a_job_every_minute_while_the_last_still_runs() {
    let doc = run(EVERY_MINUTE);
    // <name>-<scheduled time in minutes since the epoch>: 00:01 is minute 29453761.
    assert_eq!(
        job_names(&doc),
        ["hello-29453761", "hello-29453762", "hello-29453763"]
    );
    assert_eq!(
        reasons_at(&doc),
        pairs(&[
            ("00:01:00.1", "SuccessfulCreate"),
            ("00:02:00.1", "SuccessfulCreate"),
            ("00:02:31.1", "SawCompletedJob"),
            ("00:03:00.1", "SuccessfulCreate"),
            ("00:03:31.1", "SawCompletedJob"),
        ])
    );
    let status = &doc["cronJobs"][0]["status"];
    assert_eq!(clock(&status["lastScheduleTime"]), "00:03:00");
    assert_eq!(clock(&status["lastSuccessfulTime"]), "00:03:31");
    assert_eq!(status["active"][0]["name"], "hello-29453763");
    // Two Jobs overlapped: the second started while the first still ran.
    let jobs = doc["jobs"].as_array().unwrap();
    assert_eq!(clock(&jobs[1]["status"]["startTime"]), "00:02:00");
    assert_eq!(clock(&jobs[0]["status"]["completionTime"]), "00:02:31");
}

#[test]
fn forbid_skips_the_schedule_while_the_last_job_runs_and_starts_it_late() {
    let doc = run(&every_minute("  concurrencyPolicy: Forbid\n"));
    assert_eq!(job_names(&doc), ["hello-29453761", "hello-29453762"]);
    let events = cron_events(&doc);
    assert_eq!(
        events
            .iter()
            .map(|(t, r, _)| (t.clone(), r.clone()))
            .collect::<Vec<_>>(),
        pairs(&[
            ("00:01:00.1", "SuccessfulCreate"),
            ("00:02:00.1", "JobAlreadyActive"),
            ("00:02:31.1", "SawCompletedJob"),
            ("00:02:31.1", "SuccessfulCreate"),
            ("00:03:00.1", "JobAlreadyActive"),
        ])
    );
    assert_eq!(
        events[1].2,
        "Not starting job because prior execution is running and concurrency policy is Forbid"
    );
    // The 00:02 run starts when the first one is seen finished, under the 00:02 name.
    let jobs = doc["jobs"].as_array().unwrap();
    assert_eq!(clock(&jobs[1]["status"]["startTime"]), "00:02:31");
    assert_eq!(
        clock(&doc["cronJobs"][0]["status"]["lastScheduleTime"]),
        "00:02:00"
    );
}

#[test]
fn replace_deletes_the_running_job_and_its_pods_go_with_it() {
    let text = every_minute("  concurrencyPolicy: Replace\n").replace("sleep 90", "sleep 95");
    let doc = run(&text);
    assert_eq!(
        reasons_at(&doc),
        pairs(&[
            ("00:01:00.1", "SuccessfulCreate"),
            ("00:02:00.1", "SuccessfulDelete"),
            ("00:02:00.1", "SuccessfulCreate"),
            ("00:03:00.1", "SuccessfulDelete"),
            ("00:03:00.1", "SuccessfulCreate"),
        ])
    );
    let jobs = doc["jobs"].as_array().unwrap();
    assert_eq!(clock(&jobs[0]["deletedAt"]), "00:02:00.1");
    assert_eq!(clock(&jobs[1]["deletedAt"]), "00:03:00.1");
    assert!(jobs[2]["deletedAt"].is_null());
    // The garbage collector deletes the replaced Job's pod: `sleep` ignores SIGTERM, so it is
    // killed at the end of the 30 s grace period, before its 95 s are up.
    let first = &doc["pods"][0];
    assert_eq!(first["job"], "hello-29453761");
    assert_eq!(clock(&first["finishedAt"]), "00:02:30.1");
    assert_eq!(first["phase"], "Failed");
    assert!(doc["cronJobs"][0]["status"]["lastSuccessfulTime"].is_null());
}

#[test]
fn a_replaced_jobs_pod_that_ends_within_its_grace_period_completes() {
    // The pod runs 80 s: replaced at 2:00.1, it ends on its own at 2:20.1, inside the 30 s grace
    // period — Completed, and deleted then rather than at the end of the grace period.
    let text = every_minute("  concurrencyPolicy: Replace\n").replace("sleep 90", "sleep 80");
    let doc = run(&text);
    let first = &doc["pods"][0];
    assert_eq!(first["job"], "hello-29453761");
    assert_eq!(first["phase"], "Succeeded");
    assert_eq!(first["exitCode"], 0);
    assert_eq!(clock(&first["finishedAt"]), "00:02:20.1");
    assert_eq!(clock(&first["deletedAt"]), "00:02:20.1");
}

#[test]
fn history_limits_delete_the_oldest_finished_jobs() {
    let text = EVERY_MINUTE
        .replace("sleep 90", "sleep 5")
        .replace("until: 4m", "until: 5m30s")
        .replace(
            "  concurrencyPolicy: Allow\n",
            "  successfulJobsHistoryLimit: 2\n  failedJobsHistoryLimit: 1\n",
        );
    let doc = run(&text);
    let deleted: Vec<(String, String)> = doc["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| !j["deletedAt"].is_null())
        .map(|j| {
            (
                j["name"].as_str().unwrap().to_string(),
                clock(&j["deletedAt"]),
            )
        })
        .collect();
    // Each new success leaves three finished Jobs: the oldest goes at that sync.
    assert_eq!(
        deleted,
        pairs(&[
            ("hello-29453761", "00:03:06.1"),
            ("hello-29453762", "00:04:06.1"),
            ("hello-29453763", "00:05:06.1"),
        ])
    );
    let messages: Vec<String> = cron_events(&doc)
        .into_iter()
        .filter(|(_, r, _)| r == "SuccessfulDelete")
        .map(|(_, _, m)| m)
        .collect();
    assert_eq!(messages[0], "Deleted job hello-29453761");
}

#[test]
fn more_than_100_missed_schedules_are_reported_and_the_latest_runs() {
    let doc = run(CONTROLLERS_DOWN);
    let events = cron_events(&doc);
    assert_eq!(
        events[0],
        (
            "02:00:30".to_string(),
            "TooManyMissedTimes".to_string(),
            "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check \
             clock skew"
                .to_string()
        )
    );
    assert_eq!(
        (events[1].0.as_str(), events[1].2.as_str()),
        ("02:00:30", "Created job hello-29453880")
    );
    // Nothing ran while the control plane slept.
    assert_eq!(job_names(&doc)[0], "hello-29453880");
}

#[test]
fn a_starting_deadline_bounds_the_missed_schedules() {
    let with_deadline = |seconds: u32| {
        CONTROLLERS_DOWN.replace(
            "  schedule: \"* * * * *\"\n",
            &format!("  schedule: \"* * * * *\"\n  startingDeadlineSeconds: {seconds}\n"),
        )
    };
    // 200 s: only the last three schedules count, so no warning; the latest runs on waking.
    let doc = run(&with_deadline(200));
    let events = cron_events(&doc);
    assert_eq!(
        (events[0].0.as_str(), events[0].1.as_str()),
        ("02:00:30", "SuccessfulCreate")
    );
    // 10 s and a 60 s sleep: on waking at 00:01:30 only schedules after 00:01:20 count, so
    // the 00:01 run is silently dropped; 00:02 runs on time.
    let short = with_deadline(10)
        .replace("for: 2h", "for: 1m")
        .replace("until: 2h10m", "until: 2m30s");
    let doc = run(&short);
    let events = cron_events(&doc);
    assert_eq!(
        (events[0].0.as_str(), events[0].2.as_str()),
        ("00:02:00.1", "Created job hello-29453762")
    );
    assert_eq!(job_names(&doc), ["hello-29453762"]);
}

#[test]
fn a_suspended_cronjob_creates_nothing_and_lets_the_run_be_done() {
    let text = EVERY_MINUTE
        .replace("  until: 4m\n", "")
        .replace("  concurrencyPolicy: Allow\n", "  suspend: true\n");
    let doc = run(&text);
    assert!(job_names(&doc).is_empty());
    assert_eq!(clock(&doc["endTime"]), "00:00:00");
}

#[test]
fn until_done_is_refused_with_a_cronjob_that_fires_for_ever() {
    let text = EVERY_MINUTE.replace("  until: 4m\n", "");
    let err = load(&text, Overrides::default()).unwrap_err();
    assert!(err.0.contains("spec.until"), "{err}");
    assert!(err.0.contains("\"hello\""), "{err}");
    // The command line's --until makes it runnable.
    let overrides = Overrides {
        until: Some(Until::After(SimDuration::from_secs(90))),
        ..Overrides::default()
    };
    assert!(load(&text, overrides).is_ok());
}

#[test]
fn a_time_zone_moves_the_schedule() {
    let text = EVERY_MINUTE
        .replace("until: 4m", "until: 2h")
        .replace("sleep 90", "sleep 1")
        .replace(
            "  schedule: \"* * * * *\"\n  concurrencyPolicy: Allow\n",
            "  schedule: \"0 9 * * *\"\n  timeZone: Asia/Shanghai\n",
        );
    let doc = run(&text);
    // 09:00 in Shanghai is 01:00 UTC; the scheduled-time annotation keeps the zone.
    assert_eq!(job_names(&doc), ["hello-29453820"]);
    assert_eq!(
        clock(&doc["cronJobs"][0]["status"]["lastScheduleTime"]),
        "01:00:00"
    );
}

#[test]
fn an_unparseable_schedule_update_is_reported_by_the_update_handler() {
    let (scenario, rng) = load(&every_minute(""), Overrides::default()).unwrap();
    let mut world = World::new(scenario, rng).unwrap();
    world
        .advance_to(SimTime::ZERO.after(SimDuration::from_secs(90)), u64::MAX)
        .unwrap();
    let key: Key = ("default".into(), "hello".into());
    let mut cron_job = world.store.cron_job(&key).unwrap().clone();
    cron_job.spec.as_mut().unwrap().schedule = "every minute".into();
    world.store.update_cron_job(&key, |c| *c = cron_job);
    let before = world.events.len();
    // To the scenario's end (until: 4m), which the world never runs past.
    world.run().unwrap();
    let reasons: Vec<&str> = world.events[before..]
        .iter()
        .filter(|e| &*e.object == "cronjob/hello")
        .map(|e| &*e.reason)
        .collect();
    assert!(
        reasons.contains(&"UnParseableCronJobSchedule"),
        "{reasons:?}"
    );
    assert!(!reasons.contains(&"SuccessfulCreate"), "{reasons:?}");
}

#[test]
fn the_same_seed_twice_gives_the_same_json() {
    let text = EVERY_MINUTE.replace(
        "timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }",
        "timing: { controllerDelay: { min: 50ms, max: 300ms }, imagePull: { min: 1s, max: 3s } }",
    );
    let a = serde_json::to_string(&run(&text)).unwrap();
    let b = serde_json::to_string(&run(&text)).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("hello-29453763"));
}
