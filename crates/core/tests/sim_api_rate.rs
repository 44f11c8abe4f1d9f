//! The controller manager's API rate limit (`timing.apiQps`): a Job's pod creates go out as
//! the token bucket allows — the burst at once, then one every 1/qps — each with its
//! SuccessfulCreate event when it goes out; the Job's next sync waits for its last write, so
//! no pod is created twice; without `apiQps` nothing waits.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{load, Overrides};
use serde_json::Value;

fn scenario(api_qps: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{{ namePrefix: node-, count: 4, cpu: \"64\" }}]
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, apiQps: {api_qps} }}
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

fn run(api_qps: &str) -> Value {
    to_json(
        &simulate(&scenario(api_qps), Overrides::default()).unwrap(),
        false,
    )
}

/// The pods' creation times, in ms since the start, in order.
fn created(doc: &Value) -> Vec<i64> {
    let mut times: Vec<i64> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| millis(&p["createdAt"]))
        .collect();
    times.sort_unstable();
    times
}

#[test]
fn creates_go_out_as_the_token_bucket_allows() {
    let doc = run("{ qps: 20, burst: 30 }");
    let times = created(&doc);
    assert_eq!(times.len(), 100, "each pod created once");
    assert_eq!(doc["jobs"][0]["podsCreated"], 100);
    // The burst at once, then a token every 50 ms: the 100th create at 70 × 50 ms = 3.5 s.
    assert!(times[..30].iter().all(|t| *t == 0), "{times:?}");
    assert_eq!(&times[30..33], [50, 100, 150]);
    assert_eq!(times[99], 3_500);
    let events: Vec<i64> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "SuccessfulCreate")
        .map(|e| millis(&e["time"]))
        .collect();
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
    let times = created(&run("null"));
    assert_eq!(times.len(), 100);
    assert!(times.iter().all(|t| *t == 0), "{times:?}");
}

#[test]
fn a_rate_limit_that_is_not_one_is_refused() {
    for bad in [
        "{ qps: 0, burst: 30 }",
        "{ qps: 20 }",
        "{ qps: 20, burst: 0 }",
        "20",
        "{ qps: 20, burst: 3, x: 1 }",
    ] {
        let err = match load(&scenario(bad), Overrides::default()) {
            Ok(_) => panic!("{bad} accepted"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("spec.timing.apiQps"), "{bad}: {err}");
    }
}
