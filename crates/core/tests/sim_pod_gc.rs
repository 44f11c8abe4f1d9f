//! The pod garbage collector (`timing.terminatedPodGCThreshold`, upstream's 12,500 by default):
//! every 20 s after its last pass, it deletes the oldest finished pods (by creation time, then
//! name) past the threshold; its deletions wait for its own API tokens under `timing.apiQps`,
//! and its passes for the control plane to wake. A Job whose pods it deletes still counts them.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// Twelve 5-second pods, four at a time, with no latencies and these extra `timing` and
/// `actions` entries.
fn scenario(timing: &str, actions: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  until: 2m
  nodes: [{{ namePrefix: node-, count: 2, cpu: \"8\" }}]
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, {timing} }}
  actions: [{actions}]
---
apiVersion: batch/v1
kind: Job
metadata: {{name: waves}}
spec:
  completions: 12
  parallelism: 4
  template:
    metadata:
      annotations: {{ jobsim.dev/run-seconds: \"5\" }}
    spec:
      containers: [{{name: c, image: busybox}}]
      restartPolicy: Never
"
    )
}

fn run(timing: &str, actions: &str) -> Value {
    let world = simulate(&scenario(timing, actions), Overrides::default()).unwrap();
    to_json(&world, false)
}

/// Seconds since the start of a JSON time, or `None` for null.
fn seconds(v: &Value) -> Option<i64> {
    let t = v.as_str()?.parse::<jiff::Timestamp>().ok()?;
    Some(t.as_second() - 1_767_225_600)
}

/// The pods in the collector's order (creation, then name), each with when it was deleted.
fn pods_oldest_first(doc: &Value) -> Vec<(i64, String, Option<i64>)> {
    let mut pods: Vec<(i64, String, Option<i64>)> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let created = seconds(&p["createdAt"]).unwrap();
            let name = p["name"].as_str().unwrap().to_string();
            (created, name, seconds(&p["deletedAt"]))
        })
        .collect();
    pods.sort();
    pods
}

fn deleted_at(doc: &Value) -> Vec<Option<i64>> {
    pods_oldest_first(doc).into_iter().map(|p| p.2).collect()
}

#[test]
fn the_oldest_finished_pods_past_the_threshold_go_at_the_next_pass() {
    let doc = run("terminatedPodGCThreshold: 3", "");
    // The three waves (6 s apart: 5 s of run, then the kubelet's and the Job's writes) have
    // finished by 20 s; the pass then leaves the three newest.
    let mut expected = vec![Some(20); 9];
    expected.extend([None; 3]);
    assert_eq!(deleted_at(&doc), expected);
    let status = &doc["jobs"][0]["status"];
    assert_eq!(status["succeeded"], 12);
    let pods = pods_oldest_first(&doc);
    let waves: Vec<i64> = pods.iter().map(|p| p.0).collect();
    assert_eq!(waves, [0, 0, 0, 0, 6, 6, 6, 6, 12, 12, 12, 12]);
}

#[test]
fn with_the_upstream_default_and_with_zero_every_finished_pod_stays() {
    for timing in ["", "terminatedPodGCThreshold: 0"] {
        let doc = run(timing, "");
        assert_eq!(deleted_at(&doc), vec![None; 12], "{timing}");
    }
}

#[test]
fn under_an_api_rate_limit_its_deletions_wait_for_its_own_tokens() {
    // The Job controller's creates spend their own bucket; the collector's holds one token.
    let doc = run(
        "terminatedPodGCThreshold: 3, apiQps: { qps: 1, burst: 1 }",
        "",
    );
    let mut deleted: Vec<i64> = deleted_at(&doc).into_iter().flatten().collect();
    deleted.sort_unstable();
    // The creates are paced too, so the pass at 20 s finds five finished pods past the
    // threshold and deletes them a second apart; the next pass comes 20 s after the last of
    // them, not on the 20 s beat.
    assert_eq!(deleted, [20, 21, 22, 23, 24, 44, 45, 46, 47]);
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 12);
}

#[test]
fn a_pass_due_while_the_control_plane_sleeps_runs_when_it_wakes() {
    let doc = run(
        "terminatedPodGCThreshold: 3",
        "{ at: 18s, controllersDown: { for: 10s } }",
    );
    let deleted: Vec<i64> = deleted_at(&doc).into_iter().flatten().collect();
    assert!(!deleted.is_empty());
    assert!(deleted.iter().all(|t| *t == 28), "{deleted:?}");
}

#[test]
fn a_threshold_that_is_not_a_whole_number_is_refused() {
    for bad in ["-1", "2.5", "\"many\"", "4294967296"] {
        let text = scenario(&format!("terminatedPodGCThreshold: {bad}"), "");
        let error = simulate(&text, Overrides::default()).err().unwrap();
        assert!(
            error.starts_with("spec.timing.terminatedPodGCThreshold: expected a whole number"),
            "{bad}: {error}"
        );
    }
}

#[test]
fn the_lines_of_the_pods_it_deleted_keep_their_records() {
    let text = scenario("terminatedPodGCThreshold: 3", "");
    let world = simulate(&text, Overrides::default()).unwrap();
    let gone: Vec<_> = world
        .pod_lines
        .iter()
        .filter(|l| world.store.pod(&l.pod).is_none())
        .collect();
    assert!(!gone.is_empty());
    for line in gone {
        let record = world.pod_records.at(line.record).unwrap();
        assert_eq!(record.key, line.pod);
        assert!(record.deleted_at.is_some());
    }
}
