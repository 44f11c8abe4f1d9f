//! The API rate limits. The controller manager's (`timing.apiQps`): a Job's pod creates go out
//! as the token bucket allows — the burst at once, then one every 1/qps — each with its
//! SuccessfulCreate event when it goes out; the Job's next sync waits for its last write, so
//! no pod is created twice. The scheduler's (`timing.schedulerQps`): its binds go out so, each
//! with its Scheduled event, and a pod deleted before its bind is never bound. Without them
//! nothing waits.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{load, Overrides, Until};
use jobsim_core::sim::time::SimDuration;
use serde_json::Value;

/// 100 pods of 30 s on roomy nodes, with these rate limits (`apiQps: …, schedulerQps: …`).
fn scenario(limits: &str) -> String {
    scenario_with(limits, "")
}

/// The same with these `actions:` entries.
fn scenario_with(limits: &str, actions: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{{ namePrefix: node-, count: 4, cpu: \"64\" }}]
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, {limits} }}
  actions: [{actions}]
---
apiVersion: batch/v1
kind: Job
metadata: {{name: wide}}
spec:
  completions: 100
  parallelism: 100
  template:
    spec:
      containers: [{{name: c, image: busybox, command: [sh, -c, \"sleep 30\"]}}]
      restartPolicy: Never
"
    )
}

fn millis(v: &Value) -> i64 {
    v.as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map_or(-1, |t| t.as_millisecond())
        - 1_767_225_600_000
}

fn run(limits: &str) -> Value {
    to_json(
        &simulate(&scenario(limits), Overrides::default()).unwrap(),
        false,
    )
}

/// The pods' creation times, in ms since the start, in order.
fn created(doc: &Value) -> Vec<i64> {
    pod_times(doc, "createdAt")
}

/// One time of every pod (`createdAt`, `startedAt`…), in ms since the start, in order.
fn pod_times(doc: &Value, field: &str) -> Vec<i64> {
    let mut times: Vec<i64> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| millis(&p[field]))
        .collect();
    times.sort_unstable();
    times
}

/// The times of the events with this reason, in ms since the start, in order.
fn event_times(doc: &Value, reason: &str) -> Vec<i64> {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == reason)
        .map(|e| millis(&e["time"]))
        .collect()
}

#[test]
fn creates_go_out_as_the_token_bucket_allows() {
    let doc = run("apiQps: { qps: 20, burst: 30 }");
    let times = created(&doc);
    assert_eq!(times.len(), 100, "each pod created once");
    assert_eq!(doc["jobs"][0]["podsCreated"], 100);
    // The burst at once, then a token every 50 ms: the 100th create at 70 × 50 ms = 3.5 s.
    assert!(times[..30].iter().all(|t| *t == 0), "{times:?}");
    assert_eq!(&times[30..33], [50, 100, 150]);
    assert_eq!(times[99], 3_500);
    let events = event_times(&doc, "SuccessfulCreate");
    assert_eq!(events.len(), 100);
    assert_eq!(
        events.last(),
        Some(&3_500),
        "each create's event when it goes out"
    );
    let done = &doc["jobs"][0]["status"]["succeeded"];
    assert_eq!(done, 100);
}

#[test]
fn without_a_rate_limit_the_creates_go_out_at_once() {
    let times = created(&run("apiQps: null"));
    assert_eq!(times.len(), 100);
    assert!(times.iter().all(|t| *t == 0), "{times:?}");
}

#[test]
fn a_rate_limit_that_is_not_one_is_refused() {
    for field in ["apiQps", "schedulerQps"] {
        for bad in [
            "{ qps: 0, burst: 30 }",
            "{ qps: 20 }",
            "{ qps: 20, burst: 0 }",
            "20",
            "{ qps: 20, burst: 3, x: 1 }",
        ] {
            let text = scenario(&format!("{field}: {bad}"));
            let err = match load(&text, Overrides::default()) {
                Ok(_) => panic!("{field}: {bad} accepted"),
                Err(e) => e.to_string(),
            };
            assert!(
                err.contains(&format!("spec.timing.{field}:")),
                "{bad}: {err}"
            );
        }
    }
}

/// When each pod was marked for deletion: its container is stopped at once.
fn stopped(doc: &Value) -> Vec<i64> {
    event_times(doc, "Killing")
}

#[test]
fn the_garbage_collector_deletes_at_the_api_rate_two_requests_a_pod() {
    let delete = "{ at: 10s, kubectl: \"kubectl delete job wide\" }";
    // The run goes on past the Job's deletion, while the collector works.
    let until = Overrides {
        until: Some(Until::After(SimDuration::from_secs(20))),
        ..Overrides::default()
    };
    let run = |limits| {
        let text = scenario_with(limits, delete);
        to_json(&simulate(&text, until).unwrap(), false)
    };
    let paced = stopped(&run("apiQps: { qps: 20, burst: 30 }"));
    assert_eq!(paced.len(), 100, "each pod deleted once");
    // Its bucket holds the burst, 30, and refills at 40 a second: 15 deletes at once, then
    // one every 50 ms, 20 a second, the controller manager's qps.
    assert!(paced[..15].iter().all(|t| *t == 10_000), "{paced:?}");
    assert_eq!(&paced[15..18], [10_050, 10_100, 10_150]);
    assert_eq!(paced[99], 14_250);
    let unpaced = stopped(&run("apiQps: null"));
    assert!(unpaced.len() == 100 && unpaced.iter().all(|t| *t == 10_000));
}

#[test]
fn binds_go_out_as_the_schedulers_token_bucket_allows() {
    let doc = run("schedulerQps: { qps: 10, burst: 20 }");
    assert!(created(&doc).iter().all(|t| *t == 0), "creates not paced");
    let binds = event_times(&doc, "Scheduled");
    assert_eq!(binds.len(), 100, "each pod bound once");
    // The burst at once, then a bind every 100 ms: the 100th at 80 × 100 ms = 8 s.
    assert!(binds[..20].iter().all(|t| *t == 0), "{binds:?}");
    assert_eq!(&binds[20..23], [100, 200, 300]);
    assert_eq!(binds[99], 8_000);
    // Each pod starts (no pull, no start latency here) when it is bound, not before.
    assert_eq!(pod_times(&doc, "startedAt"), binds);
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 100);
}

#[test]
fn without_the_schedulers_rate_limit_every_pod_binds_at_once() {
    let binds = event_times(&run("schedulerQps: null"), "Scheduled");
    assert_eq!(binds.len(), 100);
    assert!(binds.iter().all(|t| *t == 0), "{binds:?}");
}

/// One node with room for two of the pods; the scheduler binds one pod a second; the pod of
/// index 1 is deleted while its bind waits.
const DELETED_BEFORE_ITS_BIND: &str = "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"1\" }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, schedulerQps: { qps: 1, burst: 1 } }
  actions:
    - { at: 500ms, kubectl: \"kubectl delete pods -l batch.kubernetes.io/job-completion-index=1\" }
---
apiVersion: batch/v1
kind: Job
metadata: {name: tight}
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, \"sleep 30\"], resources: {requests: {cpu: 500m}}}]
      restartPolicy: Never
";

#[test]
fn a_pod_deleted_before_its_bind_is_never_bound_and_frees_its_place() {
    let doc = to_json(
        &simulate(DELETED_BEFORE_ITS_BIND, Overrides::default()).unwrap(),
        false,
    );
    let pods = doc["pods"].as_array().unwrap();
    let deleted: Vec<&Value> = pods.iter().filter(|p| p["node"].is_null()).collect();
    assert_eq!(deleted.len(), 1, "{pods:#?}");
    assert_eq!(deleted[0]["index"], 1);
    // Marked at 500 ms, gone when the Job controller's next sync (its 1 s batch) removes the
    // tracking finalizer.
    assert_eq!(millis(&deleted[0]["deletedAt"]), 1_000);
    let name = deleted[0]["name"].as_str().unwrap();
    let object = format!("pod/{name}");
    let scheduled: Vec<&Value> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "Scheduled")
        .collect();
    assert!(scheduled.iter().all(|e| e["object"] != object.as_str()));
    assert_eq!(scheduled.len(), 3, "index 0, 2 and the new index 1");
    // Index 0 binds at once; the pod of index 2 found no room beside the two assumed pods,
    // and gets the deleted pod's place when its bind fails at 1 s, binding at the next
    // free token (its condition write took the 2 s one): 3 s. The new index 1 waits for
    // index 0 to end at 30 s.
    let bound: Vec<i64> = scheduled.iter().map(|e| millis(&e["time"])).collect();
    assert_eq!(bound[..2], [0, 3_000], "{bound:?}");
    assert!(bound[2] >= 30_000, "{bound:?}");
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 3);
}
