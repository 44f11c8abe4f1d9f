//! Events belong to their object's namespace: two Jobs of one name in two namespaces each
//! describe with their own events, `get events -n` lists a namespace's, and a node's events are
//! kept in `default` about an object that has no namespace (client-go's makeEvent).

mod kubelet_support;

use jobsim_core::sim::world::World;
use kubelet_support::{kubectl_ok as ok, world_at};

/// A Job `pi` that succeeds in `default` and one that fails in `team`; node-1 goes down.
const SCENARIO: &str = "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"4\", memory: 8Gi }, { name: node-2, cpu: \"4\", memory: 8Gi }]
  actions:
    - { at: 60s, nodeDown: { name: node-2 } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team }
---
apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: w, image: busybox, command: [sh, -c, exit 0] }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: pi, namespace: team }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: w, image: busybox, command: [sh, -c, exit 1] }]
";

fn world() -> World {
    world_at(SCENARIO, 3 * 60 * 1000)
}

/// The reasons in the `Events:` table of `kubectl describe ARGS`.
fn described_reasons(world: &mut World, args: &str) -> Vec<String> {
    let out = ok(world, &format!("describe {args}"));
    let table = out.split("Events:").nth(1).expect("an Events table");
    let rows = table.lines().skip(3);
    rows.filter_map(|r| r.split_whitespace().nth(1).map(String::from))
        .collect()
}

#[test]
fn two_jobs_of_one_name_describe_with_their_own_events() {
    let mut w = world();
    let default = described_reasons(&mut w, "job pi");
    assert_eq!(default, ["SuccessfulCreate", "Completed"]);
    let team = described_reasons(&mut w, "job pi -n team");
    assert_eq!(team, ["SuccessfulCreate", "BackoffLimitExceeded"]);
}

#[test]
fn a_namespace_lists_only_its_objects_events() {
    let mut w = world();
    let team = ok(
        &mut w,
        "get events -n team --field-selector involvedObject.kind=Job",
    );
    assert!(team.contains("BackoffLimitExceeded"), "{team}");
    assert!(!team.contains("Completed"), "{team}");
    let default = ok(&mut w, "events --for job/pi");
    assert!(default.contains("Job completed"), "{default}");
    assert!(!default.contains("BackoffLimitExceeded"), "{default}");
}

#[test]
fn a_nodes_events_are_kept_in_default_about_an_object_without_a_namespace() {
    let mut w = world();
    let json = ok(
        &mut w,
        "get events --field-selector involvedObject.kind=Node,reason=NodeNotReady -o json",
    );
    let list: serde_json::Value = serde_json::from_str(&json).expect("a List");
    let event = &list["items"][0];
    assert_eq!(event["metadata"]["namespace"], "default", "{json}");
    assert_eq!(event["involvedObject"]["name"], "node-2", "{json}");
    assert!(event["involvedObject"].get("namespace").is_none(), "{json}");
    let in_team = ok(
        &mut w,
        "get events -n team --field-selector involvedObject.kind=Node",
    );
    assert!(!in_team.contains("NodeNotReady"), "{in_team}");
}
