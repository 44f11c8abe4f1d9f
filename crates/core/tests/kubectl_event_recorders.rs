//! `kubectl describe` and `kubectl get events` show a Job's events as a cluster keeps them:
//! the job controller's recorder combines its "Created pod" events once ten differ, and lets it
//! write 25 events about a Job at once, then one every five minutes (client-go's
//! EventCorrelator), while the scheduler's recorder (events.k8s.io) makes a series of an event
//! that repeats, whose count it writes when the series ends.

mod kubelet_support;

use jobsim_core::sim::world::World;
use kubelet_support::{kubectl_ok as ok, world_at};

/// A Job of `COMPLETIONS` one-second pods, ten at a time, on a cluster with no latencies.
const SCENARIO: &str = "kind: Simulation
spec:
  seed: 4
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"64\", memory: 64Gi }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: many}
spec:
  completions: COMPLETIONS
  parallelism: 10
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sleep, \"1\"]}]
      restartPolicy: Never
";

fn world(completions: u32, at_secs: u64) -> World {
    let text = SCENARIO.replace("COMPLETIONS", &completions.to_string());
    world_at(&text, at_secs * 1000)
}

/// N of an `Events:` row's `(xN over …)`.
fn repeats(row: &str) -> u32 {
    row.split("(x")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {row:?}"))
}

/// The `Events:` rows of `kubectl describe job many`.
fn job_events(world: &mut World) -> Vec<String> {
    let out = ok(world, "describe job many");
    let table = out.split("Events:").nth(1).expect("an Events table");
    table.lines().skip(3).map(str::to_string).collect()
}

#[test]
fn a_few_pods_each_have_their_created_event_and_the_job_its_completed_one() {
    let mut w = world(3, 60);
    let rows = job_events(&mut w);
    let created = rows.iter().filter(|r| r.contains("Created pod:")).count();
    assert_eq!(created, 3, "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("Completed")), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("combined")), "{rows:#?}");
}

#[test]
fn the_tenth_created_pod_on_is_combined_and_writes_stop_after_25() {
    let mut w = world(40, 60);
    let rows = job_events(&mut w);
    // Nine events of their own, then one combined event: 9 + 16 writes spend the burst of 25,
    // so the combined count stops at 16 and the Job's Completed event is dropped.
    let own: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("  Created pod:"))
        .collect();
    assert_eq!(own.len(), 9, "{rows:#?}");
    let combined: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("(combined from similar events): Created pod: many-"))
        .collect();
    assert_eq!(combined.len(), 1, "{rows:#?}");
    assert!(combined[0].contains("(x16 over "), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("Completed")), "{rows:#?}");
    assert_eq!(rows.len(), 10, "{rows:#?}");
    // The Job did complete; only its event was not written.
    assert!(ok(&mut w, "get job many").contains("40/40"));
}

#[test]
fn after_five_minutes_one_more_write_carries_the_count_of_all_the_combined_events() {
    // One pod at a time: the burst is spent within the first minute, and the write after the
    // first token refills (at five minutes) carries every pod created meanwhile.
    let text = SCENARIO
        .replace("COMPLETIONS", "400")
        .replace("parallelism: 10", "parallelism: 1");
    let mut w = world_at(&text, 310_000);
    let rows = job_events(&mut w);
    let combined = rows
        .iter()
        .find(|r| r.contains("(combined from similar events)"))
        .expect("a combined event");
    // One pod a second or so: by 310 s well over 16 were created, and the write after the
    // refill carries them all.
    let count = repeats(combined);
    assert!(count > 100, "{combined}");
}

/// Four pods of one CPU on a node of two: two wait, and are tried again as others end.
const PENDING: &str = "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"2\", memory: 16Gi }]
---
apiVersion: batch/v1
kind: Job
metadata: {name: wide}
spec:
  completions: 12
  parallelism: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sleep, \"100\"], resources: {requests: {cpu: \"1\"}}}]
";

/// The FailedScheduling row of `describe pod/wide-xm7hc`, the seventh pod, which waits from the
/// first seconds until the seventh minute.
fn failed_scheduling(at_secs: u64) -> String {
    let mut w = world_at(PENDING, at_secs * 1000);
    let described = ok(&mut w, "describe pod/wide-xm7hc");
    let rows: Vec<&str> = described
        .lines()
        .filter(|l| l.contains("FailedScheduling"))
        .collect();
    assert_eq!(rows.len(), 1, "{described}");
    rows[0].to_string()
}

#[test]
fn a_repeated_failed_scheduling_shows_two_until_its_series_ends() {
    // Tried again and again in the first minutes: the recorder wrote the series once, at two.
    let early = failed_scheduling(390);
    assert!(early.contains("(x2 over "), "{early}");
    // Quiet for six minutes at a six-minute tick, the series' count is written in full.
    let late = failed_scheduling(20 * 60);
    let count = repeats(&late);
    assert!(count > 2, "{late}");
}

#[test]
fn the_schedulers_events_are_not_rate_limited() {
    let mut w = world(40, 60);
    let events = ok(&mut w, "get events");
    let scheduled = events.lines().filter(|l| l.contains("Scheduled")).count();
    assert_eq!(scheduled, 40, "{events}");
}

#[test]
fn the_schedulers_events_come_back_as_events_k8s_io_events() {
    let mut w = world_at(PENDING, 390_000);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&mut w, "get events -o json")).expect("JSON");
    let items = json["items"].as_array().expect("items");
    let of = |reason: &str| {
        items
            .iter()
            .filter(|e| e["reason"] == reason)
            .collect::<Vec<_>>()
    };
    let scheduled = of("Scheduled");
    let bound = scheduled[0];
    assert_eq!(bound["action"], "Binding");
    assert_eq!(bound["reportingComponent"], "default-scheduler");
    assert!(bound["lastTimestamp"].is_null() && bound["firstTimestamp"].is_null());
    assert!(bound.get("count").is_none() && bound.get("series").is_none());
    let event_time = bound["eventTime"].as_str().expect("an eventTime");
    assert!(event_time.starts_with("2026-01-01T00:") && event_time.len() == 27);
    let failed = of("FailedScheduling");
    assert!(failed.iter().all(|e| e["action"] == "Scheduling"));
    assert!(
        failed.iter().any(|e| e["series"]["count"] == 2),
        "{failed:#?}"
    );
    let created = of("SuccessfulCreate");
    assert_eq!(created[0]["source"]["component"], "job-controller");
    assert!(created[0]["lastTimestamp"].is_string());
    // Sorted by lastTimestamp, the scheduler's events (which have none) come first.
    let sorted = ok(
        &mut w,
        "get events --sort-by=.lastTimestamp -o custom-columns=REASON:.reason",
    );
    let reasons: Vec<&str> = sorted.lines().skip(1).collect();
    let scheduler = reasons
        .iter()
        .take_while(|r| matches!(**r, "Scheduled" | "FailedScheduling"))
        .count();
    assert_eq!(scheduler, scheduled.len() + failed.len(), "{sorted}");
}

#[test]
fn kubectl_events_lists_the_kept_events_oldest_first_with_kind_and_name() {
    let mut w = world_at(PENDING, 390_000);
    let pod = ok(&mut w, "events --for pod/wide-xm7hc");
    let rows: Vec<&str> = pod.lines().collect();
    assert!(
        rows[0].starts_with("LAST SEEN") && rows[0].contains("OBJECT"),
        "{pod}"
    );
    assert!(
        rows[1..].iter().all(|r| r.contains(" Pod/wide-xm7hc ")),
        "{pod}"
    );
    assert!(rows[1].contains("FailedScheduling") && rows[1].contains("(x2 over "));
    let warnings = ok(&mut w, "events --types=warning --no-headers");
    assert!(
        warnings.lines().all(|l| l.contains(" Warning ")) && !warnings.is_empty(),
        "{warnings}"
    );
    // The oldest first: each row's last sighting is no later than the next one's.
    let all = ok(&mut w, "events -A -o json");
    let json: serde_json::Value = serde_json::from_str(&all).expect("JSON");
    assert_eq!(json["kind"], "EventList");
    let seen: Vec<String> = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            let series = e["series"]["lastObservedTime"].as_str();
            let last = e["lastTimestamp"].as_str().or(series);
            let when = last.or(e["eventTime"].as_str()).unwrap_or_default();
            when.chars().take(19).collect()
        })
        .collect();
    assert!(seen.windows(2).all(|p| p[0] <= p[1]), "{seen:#?}");
    let (code, _, stderr) = kubelet_support::kubectl(&mut w, "events -n elsewhere");
    assert_eq!(
        (code, stderr.as_str()),
        (0, "No events found in elsewhere namespace.\n")
    );
    let (code, _, stderr) = kubelet_support::kubectl(&mut w, "events --for wide");
    assert_eq!(
        (code, stderr.as_str()),
        (1, "error: --for must be in resource/name form\n")
    );
    let (code, _, stderr) = kubelet_support::kubectl(&mut w, "events --types=Info");
    assert_eq!(
        (code, stderr.as_str()),
        (1, "error: valid --types are Normal or Warning\n")
    );
}

#[test]
fn get_events_selects_by_the_fields_the_api_server_offers() {
    let mut w = world_at(PENDING, 390_000);
    let warnings = ok(
        &mut w,
        "get events --field-selector type=Warning --no-headers",
    );
    assert!(!warnings.is_empty());
    assert!(
        warnings.lines().all(|l| l.contains(" Warning ")),
        "{warnings}"
    );
    let of_pod = ok(
        &mut w,
        "get events --field-selector involvedObject.kind=Pod,involvedObject.name=wide-xm7hc",
    );
    assert!(
        of_pod
            .lines()
            .skip(1)
            .all(|l| l.contains(" pod/wide-xm7hc ")),
        "{of_pod}"
    );
    let jobs = ok(
        &mut w,
        "get events --field-selector source=job-controller,reason!=Completed --no-headers",
    );
    assert!(
        jobs.lines().all(|l| l.contains(" job/wide ")) && !jobs.is_empty(),
        "{jobs}"
    );
    // Events carry no labels.
    let (_, labelled, stderr) = kubelet_support::kubectl(&mut w, "get events -l app=x");
    assert_eq!(labelled, "");
    assert_eq!(stderr, "No resources found in default namespace.\n");
    assert!(!ok(&mut w, "get events -l '!app'").is_empty());
    let (code, _, stderr) =
        kubelet_support::kubectl(&mut w, "get events --field-selector spec.x=1");
    assert_eq!(code, 1);
    assert!(
        stderr.ends_with("field label not supported: spec.x\n"),
        "{stderr}"
    );
}
