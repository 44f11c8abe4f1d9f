//! The scheduler honours a pod's node affinity: required terms keep the pods off the nodes
//! they rule out (which wait with upstream's FailedScheduling words), preferred terms send
//! them to the nodes they name first, and past those nodes' room, elsewhere.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// Four 1-CPU pods of 10 s on two 2-CPU nodes of zone a and one of zone b, with this affinity.
fn run(affinity: &str) -> Value {
    let text = format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes:
    - {{ namePrefix: a-, count: 2, cpu: \"2\", labels: {{ zone: a }} }}
    - {{ namePrefix: b-, count: 1, cpu: \"2\", labels: {{ zone: b }} }}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: zoned}}
spec:
  completions: 4
  parallelism: 4
  template:
    spec:
      affinity: {{ nodeAffinity: {affinity} }}
      containers: [{{name: c, image: busybox, command: [sleep, \"10\"], resources: {{requests: {{cpu: \"1\"}}}}}}]
      restartPolicy: Never
"
    );
    to_json(&simulate(&text, Overrides::default()).unwrap(), false)
}

fn nodes_of_pods(doc: &Value) -> Vec<&str> {
    let mut nodes: Vec<&str> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node"].as_str().unwrap_or("none"))
        .collect();
    nodes.sort_unstable();
    nodes
}

#[test]
fn required_affinity_keeps_every_pod_in_its_zone_and_the_rest_wait() {
    let doc = run(
        "{ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [ { matchExpressions: [ { key: zone, operator: In, values: [b] } ] } ] } }",
    );
    assert_eq!(nodes_of_pods(&doc), ["b-1"; 4]);
    let waited: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "FailedScheduling")
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(!waited.is_empty(), "two pods wait for b-1's room");
    assert!(waited.iter().all(|m| *m
        == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."));
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 4);
}

#[test]
fn preferred_affinity_fills_the_preferred_zone_first_then_spills_over() {
    let doc = run(
        "{ preferredDuringSchedulingIgnoredDuringExecution: [ { weight: 50, preference: { matchExpressions: [ { key: zone, operator: In, values: [b] } ] } } ] }",
    );
    let nodes = nodes_of_pods(&doc);
    assert_eq!(
        nodes.iter().filter(|n| **n == "b-1").count(),
        2,
        "{nodes:?}"
    );
    assert!(nodes.iter().all(|n| n.starts_with("a-") || *n == "b-1"));
    let failed = doc["events"].as_array().unwrap().iter();
    assert!(failed
        .into_iter()
        .all(|e| e["reason"] != "FailedScheduling"));
}
