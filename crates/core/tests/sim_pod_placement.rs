//! The scheduler places a pod relative to other pods: required inter-pod anti-affinity keeps
//! the pods apart (the one left over waits in upstream's words until a pod ends), required
//! affinity keeps them together, topology spread constraints even them out over zones, and
//! preferred affinity draws them to each other.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// `pods` 1-CPU pods labelled `app: work`, of 10 s, on two 6-CPU nodes of zone a and one of
/// zone b, with these lines added to the pod spec.
fn run(pods: u32, placement: &str) -> Value {
    let text = format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes:
    - {{ namePrefix: a-, count: 2, cpu: \"6\", labels: {{ zone: a }} }}
    - {{ namePrefix: b-, count: 1, cpu: \"6\", labels: {{ zone: b }} }}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: placed}}
spec:
  completions: {pods}
  parallelism: {pods}
  template:
    metadata: {{labels: {{app: work}}}}
    spec:
{placement}
      containers: [{{name: c, image: busybox, command: [sleep, \"10\"], resources: {{requests: {{cpu: \"1\"}}}}}}]
      restartPolicy: Never
"
    );
    to_json(&simulate(&text, Overrides::default()).unwrap(), false)
}

fn pods(doc: &Value) -> &Vec<Value> {
    doc["pods"].as_array().unwrap()
}

fn nodes_of_pods(doc: &Value) -> Vec<&str> {
    let mut nodes: Vec<&str> = pods(doc)
        .iter()
        .map(|p| p["node"].as_str().unwrap_or("none"))
        .collect();
    nodes.sort_unstable();
    nodes
}

fn in_zone(doc: &Value, zone: &str) -> usize {
    nodes_of_pods(doc)
        .iter()
        .filter(|n| n.starts_with(&format!("{zone}-")))
        .count()
}

fn failed_scheduling(doc: &Value) -> Vec<&str> {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "FailedScheduling")
        .map(|e| e["message"].as_str().unwrap())
        .collect()
}

const ANTI_AFFINITY_BY_HOST: &str = "      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: work}}
              topologyKey: kubernetes.io/hostname";

#[test]
fn required_anti_affinity_puts_one_pod_per_node_and_the_fourth_waits_for_a_free_node() {
    let doc = run(4, ANTI_AFFINITY_BY_HOST);
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 4);
    let waited = failed_scheduling(&doc);
    assert!(!waited.is_empty(), "the fourth pod waits");
    assert!(
        waited.iter().all(|m| *m
            == "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."),
        "{waited:?}"
    );
    // No two pods ever ran on one node at once.
    let runs: Vec<(&str, &str, &str)> = pods(&doc)
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap();
            (text("node"), text("startedAt"), text("finishedAt"))
        })
        .collect();
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            assert!(
                a.0 != b.0 || a.2 <= b.1 || b.2 <= a.1,
                "{a:?} and {b:?} overlap"
            );
        }
    }
}

#[test]
fn without_anti_affinity_the_fourth_pod_shares_a_node_at_once() {
    let doc = run(4, "");
    assert!(failed_scheduling(&doc).is_empty());
    let nodes = nodes_of_pods(&doc);
    let distinct: std::collections::BTreeSet<_> = nodes.iter().collect();
    assert_eq!((nodes.len(), distinct.len()), (4, 3), "{nodes:?}");
}

#[test]
fn required_affinity_keeps_every_pod_in_the_first_ones_zone() {
    let doc = run(
        5,
        "      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: work}}
              topologyKey: zone",
    );
    // The first pod matches its own term, so it may go anywhere; the others follow it.
    assert_eq!(in_zone(&doc, "a"), 5, "{:?}", nodes_of_pods(&doc));
    assert!(failed_scheduling(&doc).is_empty());
}

#[test]
fn required_affinity_to_pods_that_do_not_exist_leaves_every_pod_pending() {
    let doc = run(
        2,
        "      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: database}}
              topologyKey: zone",
    );
    assert_eq!(nodes_of_pods(&doc), ["none", "none"]);
    let waited = failed_scheduling(&doc);
    assert!(waited.iter().all(|m| *m
        == "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
        "{waited:?}");
}

#[test]
fn a_hard_topology_spread_constraint_evens_the_pods_out_over_the_zones() {
    let doc = run(
        4,
        "      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: work}}}",
    );
    assert_eq!((in_zone(&doc, "a"), in_zone(&doc, "b")), (2, 2));
    assert!(failed_scheduling(&doc).is_empty());
}

#[test]
fn a_hard_constraint_over_one_zone_makes_the_extra_pods_wait() {
    // One pod per node, and zone a may hold at most one pod more than zone b: a-1, then b-1
    // (a-2 would make the skew 2), then a-2; the fourth fits nowhere until a pod ends.
    let doc = run(
        4,
        "      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: work}}}
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: work}}
              topologyKey: kubernetes.io/hostname",
    );
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 4);
    let waited = failed_scheduling(&doc);
    assert!(
        waited.iter().any(|m| m.starts_with(
            "0/3 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 2 node(s) didn't match pod topology spread constraints. no new claims"
        )),
        "{waited:?}"
    );
}

#[test]
fn a_spread_over_a_label_no_node_has_leaves_the_pods_pending() {
    let doc = run(
        1,
        "      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: rack, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: work}}}",
    );
    assert_eq!(nodes_of_pods(&doc), ["none"]);
    assert_eq!(
        failed_scheduling(&doc)[0],
        "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    );
}

#[test]
fn a_soft_topology_spread_constraint_favours_the_emptier_zone() {
    let doc = run(
        4,
        "      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: work}}}",
    );
    assert_eq!((in_zone(&doc, "a"), in_zone(&doc, "b")), (2, 2));
}

#[test]
fn preferred_affinity_by_host_gathers_the_pods_on_one_node() {
    let doc = run(
        4,
        "      affinity:
        podAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector: {matchLabels: {app: work}}
                topologyKey: kubernetes.io/hostname",
    );
    let nodes = nodes_of_pods(&doc);
    assert!(nodes.iter().all(|n| *n == nodes[0]), "{nodes:?}");
}
