//! The default profile's scores that read only the pod and the nodes: a node with a
//! PreferNoSchedule taint the pod does not tolerate is the last choice, and of two nodes with
//! room the one whose CPU and memory stay evenly used wins over a merely emptier one.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// One 1-CPU, 1Gi pod on the nodes of `nodes` (Node documents), with `tolerations`.
fn first_node(nodes: &str, tolerations: &str) -> String {
    let text = format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: []
{nodes}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: one}}
spec:
  template:
    spec:
      tolerations: {tolerations}
      containers: [{{name: c, image: busybox, command: [sleep, \"1\"], resources: {{requests: {{cpu: \"1\", memory: 1Gi}}}}}}]
      restartPolicy: Never
"
    );
    let doc: Value = to_json(&simulate(&text, Overrides::default()).unwrap(), false);
    doc["pods"][0]["node"].as_str().unwrap().to_string()
}

fn node(name: &str, cpu: &str, memory: &str, taints: &str) -> String {
    format!(
        "---
apiVersion: v1
kind: Node
metadata: {{name: {name}}}
spec: {{taints: {taints}}}
status: {{allocatable: {{cpu: \"{cpu}\", memory: {memory}}}}}"
    )
}

#[test]
fn an_untolerated_prefer_no_schedule_taint_sends_the_pod_elsewhere() {
    // The tainted node is the emptier one, and comes first.
    let nodes = [
        node(
            "tainted",
            "8",
            "16Gi",
            "[{key: spot, effect: PreferNoSchedule}]",
        ),
        node("plain", "4", "8Gi", "[]"),
    ]
    .join("\n");
    assert_eq!(first_node(&nodes, "[]"), "plain");
    let tolerated = "[{key: spot, operator: Exists, effect: PreferNoSchedule}]";
    assert_eq!(first_node(&nodes, tolerated), "tainted");
}

#[test]
fn balanced_allocation_outweighs_a_little_more_free_memory() {
    // LeastAllocated alone gives roomy 84 and even 75; BalancedAllocation gives roomy 90 (CPU
    // a quarter used, memory a sixteenth) and even 100.
    let nodes = [
        node("roomy", "4", "16Gi", "[]"),
        node("even", "4", "4Gi", "[]"),
    ]
    .join("\n");
    assert_eq!(first_node(&nodes, "[]"), "even");
}
