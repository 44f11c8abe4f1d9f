//! Every lesson runs to its teaching moment, and shows what its text promises.

use jobsim_core::lang::Language;
use jobsim_core::lessons::{find, LESSONS};
use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

fn run(id: &str) -> Value {
    let lesson = find(id).unwrap_or_else(|| panic!("lesson {id}"));
    let world = simulate(lesson.scenario, Overrides::default())
        .unwrap_or_else(|e| panic!("lesson {id}: {e}"));
    to_json(&world, false)
}

fn millis(v: &Value) -> i64 {
    v.as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map_or(-1, |t| t.as_millisecond())
}

fn pods(doc: &Value) -> &Vec<Value> {
    doc["pods"].as_array().expect("pods")
}

fn job<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["jobs"]
        .as_array()
        .and_then(|jobs| jobs.iter().find(|j| j["name"] == name))
        .unwrap_or_else(|| panic!("job {name}"))
}

fn condition(job: &Value) -> (String, String) {
    let last = job["status"]["conditions"]
        .as_array()
        .and_then(|c| c.last())
        .cloned()
        .unwrap_or_default();
    (
        last["type"].as_str().unwrap_or_default().to_string(),
        last["reason"].as_str().unwrap_or_default().to_string(),
    )
}

/// The moments at which pods were alive at once, at most.
fn most_at_once(doc: &Value) -> usize {
    let spans: Vec<(i64, i64)> = pods(doc)
        .iter()
        .map(|p| (millis(&p["createdAt"]), millis(&p["finishedAt"])))
        .collect();
    spans
        .iter()
        .map(|(start, _)| {
            spans
                .iter()
                .filter(|(s, e)| s <= start && (*e < 0 || e > start))
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn every_lesson_has_a_unique_id_and_texts_in_both_languages() {
    for (i, lesson) in LESSONS.iter().enumerate() {
        assert!(
            LESSONS[..i].iter().all(|l| l.id != lesson.id),
            "{}",
            lesson.id
        );
        for lang in Language::ALL {
            assert!(!lesson.title(lang).is_empty(), "{} {lang:?}", lesson.id);
            assert!(lesson.watch_for(lang).len() > 20, "{} {lang:?}", lesson.id);
        }
        assert_ne!(
            lesson.title(Language::English),
            lesson.title(Language::SimplifiedChinese)
        );
    }
}

#[test]
fn every_lesson_runs_to_its_end_deterministically() {
    for lesson in LESSONS {
        let a = simulate(lesson.scenario, Overrides::default()).map(|w| to_json(&w, false));
        let b = simulate(lesson.scenario, Overrides::default()).map(|w| to_json(&w, false));
        assert!(a.is_ok(), "{}: {:?}", lesson.id, a.err());
        assert_eq!(a, b, "{}", lesson.id);
    }
}

#[test]
fn pi_completes_one_pod() {
    let doc = run("pi");
    assert_eq!(pods(&doc).len(), 1);
    assert_eq!(pods(&doc)[0]["phase"], "Succeeded");
    assert_eq!(condition(job(&doc, "pi")).0, "Complete");
}

#[test]
fn serial_runs_one_pod_at_a_time() {
    let doc = run("serial");
    assert_eq!(pods(&doc).len(), 5);
    assert_eq!(most_at_once(&doc), 1);
    assert_eq!(job(&doc, "serial")["status"]["succeeded"], 5);
}

#[test]
fn parallel_runs_two_at_a_time_to_six() {
    let doc = run("parallel");
    assert_eq!(pods(&doc).len(), 6);
    assert_eq!(most_at_once(&doc), 2);
    assert_eq!(job(&doc, "parallel")["maxActive"], 2);
}

#[test]
fn the_puzzle_starts_exactly_two_pods() {
    let doc = run("puzzle");
    assert_eq!(pods(&doc).len(), 2);
    assert_eq!(job(&doc, "puzzle")["maxActive"], 2);
    assert_eq!(job(&doc, "puzzle")["status"]["succeeded"], 2);
}

#[test]
fn expansion_makes_three_jobs_that_each_complete() {
    let doc = run("expansion");
    for item in ["apple", "banana", "cherry"] {
        let name = format!("process-item-{item}");
        assert_eq!(condition(job(&doc, &name)).0, "Complete", "{name}");
    }
}

#[test]
fn backoff_never_waits_10_20_40_seconds_then_fails() {
    let doc = run("backoff-never");
    let pods = pods(&doc);
    assert_eq!(
        pods.len(),
        4,
        "backoffLimit 3: the first try and three retries"
    );
    let waits: Vec<i64> = pods
        .windows(2)
        .map(|w| (millis(&w[1]["createdAt"]) - millis(&w[0]["finishedAt"])) / 1000)
        .collect();
    // The delay, plus the controller's 1 s batching of pod updates at most.
    assert!(
        waits
            .iter()
            .zip([10, 20, 40])
            .all(|(w, d)| *w >= d - 1 && *w <= d + 1),
        "{waits:?}"
    );
    assert_eq!(
        condition(job(&doc, "fails")),
        ("Failed".into(), "BackoffLimitExceeded".into())
    );
}

#[test]
fn crashloop_restarts_the_same_pod_in_place() {
    let doc = run("crashloop");
    let pods = pods(&doc);
    assert_eq!(pods.len(), 1, "OnFailure keeps the pod");
    assert!(pods[0]["restarts"].as_i64().unwrap_or(0) >= 3);
    let crash_loops = doc["events"]
        .as_array()
        .map_or(0, |e| e.iter().filter(|e| e["reason"] == "BackOff").count());
    assert!(crash_loops >= 3, "{crash_loops}");
    assert_eq!(
        condition(job(&doc, "crashes")),
        ("Failed".into(), "BackoffLimitExceeded".into())
    );
}

#[test]
fn backoff_limit_one_fails_at_the_second_failure() {
    let doc = run("backoff-limit");
    assert_eq!(pods(&doc).len(), 2);
    assert_eq!(
        condition(job(&doc, "gives-up")),
        ("Failed".into(), "BackoffLimitExceeded".into())
    );
}

#[test]
fn deadline_fails_the_job_at_30_seconds() {
    let doc = run("deadline");
    let job = job(&doc, "too-slow");
    assert_eq!(condition(job), ("Failed".into(), "DeadlineExceeded".into()));
    let started = millis(&job["status"]["startTime"]);
    let failed = millis(&job["status"]["conditions"][0]["lastTransitionTime"]);
    assert_eq!((failed - started) / 1000, 30);
}

#[test]
fn ttl_deletes_the_job_30_seconds_after_it_finished() {
    let doc = run("ttl");
    let job = job(&doc, "cleaned-up");
    let finished = millis(&job["status"]["completionTime"]);
    let deleted = millis(&job["deletedAt"]);
    assert_eq!((deleted - finished) / 1000, 30);
    assert!(pods(&doc).iter().all(|p| !p["deletedAt"].is_null()));
}

#[test]
fn indexed_gives_each_pod_its_index() {
    let doc = run("indexed");
    let mut indexes: Vec<i64> = pods(&doc)
        .iter()
        .filter_map(|p| p["index"].as_i64())
        .collect();
    indexes.sort_unstable();
    assert_eq!(indexes, [0, 1, 2, 3, 4]);
    assert_eq!(job(&doc, "indexed")["status"]["completedIndexes"], "0-4");
}

fn events_with(doc: &Value, reason: &str) -> Vec<Value> {
    doc["events"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter(|e| e["reason"] == reason)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_sidecar_holds_the_job_until_the_grace_period_ends() {
    let doc = run("sidecar");
    let started: Vec<String> = events_with(&doc, "Started")
        .iter()
        .filter_map(|e| e["message"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        started,
        [
            "Started container fetch",
            "Started container log-shipper",
            "Started container work"
        ]
    );
    let killing = events_with(&doc, "Killing");
    assert_eq!(killing.len(), 1);
    assert_eq!(killing[0]["message"], "Stopping container log-shipper");
    let pod = &pods(&doc)[0];
    let stopped = millis(&killing[0]["time"]);
    assert_eq!((millis(&pod["finishedAt"]) - stopped) / 1000, 30);
    let job = job(&doc, "with-sidecar");
    assert_eq!(
        condition(job),
        ("Complete".into(), "CompletionsReached".into())
    );
    assert!(millis(&job["status"]["completionTime"]) >= millis(&pod["finishedAt"]));
}

#[test]
fn one_item_per_pod_drains_the_queue_one_pod_at_a_time() {
    let doc = run("queue-one-per-pod");
    assert_eq!(pods(&doc).len(), 8);
    assert_eq!(job(&doc, "job-wq-1")["maxActive"], 2);
    assert_eq!(condition(job(&doc, "job-wq-1")).0, "Complete");
}

#[test]
fn workers_drain_the_queue_and_the_job_completes_without_new_pods() {
    let doc = run("queue-workers");
    assert_eq!(pods(&doc).len(), 2);
    assert_eq!(job(&doc, "job-wq-2")["status"]["succeeded"], 2);
    assert_eq!(condition(job(&doc, "job-wq-2")).0, "Complete");
}

/// The minutes (since the start) at which the CronJob created Jobs.
fn cron_creations(doc: &Value) -> Vec<i64> {
    let start = millis(&Value::String("2026-03-02T09:00:00Z".into()));
    events_with(doc, "SuccessfulCreate")
        .iter()
        .filter(|e| e["object"] == "cronjob/hello")
        .map(|e| (millis(&e["time"]) - start) / 1000)
        .collect()
}

#[test]
fn allow_overlaps_runs_every_minute() {
    let doc = run("cronjob-allow");
    assert_eq!(cron_creations(&doc), [60, 120, 180, 240]);
}

#[test]
fn forbid_skips_while_a_run_is_active_and_starts_the_missed_one_late() {
    let doc = run("cronjob-forbid");
    assert!(!events_with(&doc, "JobAlreadyActive").is_empty());
    let created = cron_creations(&doc);
    assert_eq!(created[0], 60);
    assert!(
        created[1] > 120,
        "the 2-minute run starts late: {created:?}"
    );
    assert!(created.len() < 4, "{created:?}");
}

#[test]
fn replace_deletes_the_running_job_every_minute() {
    let doc = run("cronjob-replace");
    assert_eq!(cron_creations(&doc), [60, 120, 180, 240]);
    assert_eq!(events_with(&doc, "SuccessfulDelete").len(), 3);
    assert!(events_with(&doc, "Completed").is_empty());
}

#[test]
fn history_limits_keep_the_last_two_successful_jobs_and_a_late_run_never_starts() {
    let doc = run("cronjob-history");
    // Asleep from 3m10s to 4m40s: the 09:04 run is 40 s late on waking, past the 30 s
    // starting deadline, so it is skipped (cronjob_controllerv2.go getMostRecentScheduleTime
    // looks no further back than now − startingDeadlineSeconds).
    assert_eq!(cron_creations(&doc), [60, 120, 180, 300]);
    let kept: Vec<&Value> = doc["jobs"]
        .as_array()
        .map(|jobs| jobs.iter().filter(|j| j["deletedAt"].is_null()).collect())
        .unwrap_or_default();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!(events_with(&doc, "SuccessfulDelete").len(), 2);
}

/// Seconds since the lessons' start (09:00:00) of a timestamp.
fn second_of(time: &Value) -> f64 {
    let start = millis(&Value::String("2026-03-02T09:00:00Z".into()));
    (millis(time) - start) as f64 / 1000.0
}

#[test]
fn scaling_mid_run_starts_two_more_pods_at_once() {
    let doc = run("scale");
    let created: Vec<f64> = pods(&doc)
        .iter()
        .map(|p| second_of(&p["createdAt"]))
        .collect();
    let at_scale = created
        .iter()
        .filter(|&&t| (30.0..31.0).contains(&t))
        .count();
    assert_eq!(at_scale, 2, "{created:?}");
    assert_eq!(pods(&doc).len(), 8);
    assert_eq!(job(&doc, "scale")["maxActive"], 4);
    assert_eq!(job(&doc, "scale")["status"]["succeeded"], 8);
    assert_eq!(doc["kubectl"][0]["stdout"], "job.batch/scale scaled\n");
}

#[test]
fn suspending_deletes_the_running_pods_and_resuming_creates_new_ones() {
    let doc = run("suspend");
    let suspended = events_with(&doc, "Suspended");
    let resumed = events_with(&doc, "Resumed");
    assert_eq!(suspended.len(), 1);
    assert_eq!(resumed.len(), 1);
    assert_eq!(second_of(&suspended[0]["time"]).floor(), 15.0);
    assert_eq!(second_of(&resumed[0]["time"]).floor(), 60.0);
    let (before, after): (Vec<&Value>, Vec<&Value>) = pods(&doc)
        .iter()
        .partition(|p| second_of(&p["createdAt"]) < 15.0);
    assert_eq!(before.len(), 2);
    assert!(before
        .iter()
        .all(|p| p["phase"] == "Failed" && (second_of(&p["finishedAt"]) - 45.1).abs() < 0.01));
    assert!(after.iter().all(|p| second_of(&p["createdAt"]) >= 60.0));
    let job = job(&doc, "suspend");
    assert_eq!(job["status"]["succeeded"], 4);
    assert_eq!(second_of(&job["status"]["startTime"]).floor(), 60.0);
    assert_eq!(condition(job).0, "Complete");
}

#[test]
fn ignored_disruptions_do_not_count_against_a_backoff_limit_of_zero() {
    let doc = run("pod-failure-policy");
    let evicted: Vec<&Value> = pods(&doc)
        .iter()
        .filter(|p| p["phase"] == "Failed")
        .collect();
    assert_eq!(evicted.len(), 2);
    let job = job(&doc, "careful");
    assert_eq!(job["status"]["failed"], 0);
    assert_eq!(job["status"]["succeeded"], 2);
    assert_eq!(condition(job).0, "Complete");
    // The replacement of an index waits until its evicted pod has fully terminated
    // (podReplacementPolicy defaults to Failed with a pod failure policy).
    for index in [0, 1] {
        let of_index: Vec<&Value> = pods(&doc).iter().filter(|p| p["index"] == index).collect();
        assert_eq!(of_index.len(), 2, "index {index}");
        assert!(second_of(&of_index[1]["createdAt"]) >= second_of(&of_index[0]["finishedAt"]));
    }
}

#[test]
fn an_evicted_node_s_pods_are_replaced_on_the_other_node() {
    let doc = run("node-eviction");
    let evicted: Vec<&Value> = pods(&doc)
        .iter()
        .filter(|p| p["reason"] == "Evicted")
        .collect();
    assert_eq!(evicted.len(), 2);
    assert!(evicted.iter().all(|p| p["node"] == "node-a"));
    assert_eq!(events_with(&doc, "Evicted").len(), 2);
    let replacements: Vec<&Value> = pods(&doc)
        .iter()
        .filter(|p| second_of(&p["createdAt"]) > 20.0)
        .collect();
    assert_eq!(replacements.len(), 2);
    assert!(replacements.iter().all(|p| p["node"] == "node-b"));
    let job = job(&doc, "batch");
    assert_eq!(job["status"]["failed"], 2);
    assert_eq!(condition(job).0, "Complete");
}
