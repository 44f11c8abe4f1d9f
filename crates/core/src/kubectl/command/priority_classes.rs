//! Priority classes: the `kubectl get priorityclasses` columns and `kubectl describe
//! priorityclass`.

use jiff::Timestamp;

use super::output::format_labels;
use crate::api::PriorityClass;
use crate::kubectl::describe_events::{describe_events, Event};
use crate::kubectl::get_jobs::age;
use crate::kubectl::prefix_writer::PrefixWriter;

/// Upstream: pkg/printers/internalversion printers.go priorityClassColumnDefinitions.
pub const HEADER: [&str; 5] = ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"];

/// One row of `kubectl get priorityclasses` at `now` (PREEMPTIONPOLICY empty when unset).
// Upstream: printers.go printPriorityClass
pub fn row(class: &PriorityClass, now: Timestamp) -> Vec<String> {
    vec![
        class.metadata.name().to_string(),
        class.value.to_string(),
        class.global_default.to_string(),
        age(class.metadata.creation_timestamp.as_ref(), now),
        class.preemption_policy.clone().unwrap_or_default(),
    ]
}

/// `kubectl describe priorityclass`: value, default, policy and description, the annotations
/// on one line (the last-applied configuration too), then the events.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describePriorityClass
pub fn describe(class: &PriorityClass, events: &[Event], now: Timestamp) -> String {
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", class.metadata.name()));
    w.write(0, &format!("Value:\t{}\n", class.value));
    w.write(0, &format!("GlobalDefault:\t{}\n", class.global_default));
    w.write(
        0,
        &format!("PreemptionPolicy:\t{}\n", class.preemption_policy()),
    );
    let description = class.description.as_deref().unwrap_or_default();
    w.write(0, &format!("Description:\t{description}\n"));
    let annotations = format_labels(class.metadata.annotations.as_deref());
    w.write(0, &format!("Annotations:\t{annotations}\n"));
    describe_events(events, now, &mut w);
    w.finish()
}

#[cfg(test)]
mod tests {
    use crate::kubectl::command::run;
    use crate::sim::scenario::{load, Overrides};
    use crate::sim::time::SimTime;
    use crate::sim::world::World;

    /// A cluster with a user's class beside the system's two, 90 seconds after it started.
    const SCENARIO: &str = "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: batch-low
  labels: {tier: batch}
  annotations: {owner: data-team, team: a}
value: -10
preemptionPolicy: Never
description: For batch Jobs that may wait.
";

    fn world() -> World {
        let (scenario, rng) = load(SCENARIO, Overrides::default()).expect("scenario");
        let mut world = World::new(scenario, rng).expect("world");
        world
            .advance_to(SimTime::from_millis(90_000), u64::MAX)
            .expect("advance");
        world
    }

    fn ok(world: &mut World, line: &str) -> String {
        let out = run(world, line, None);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        out.stdout
    }

    fn err(world: &mut World, line: &str) -> String {
        let out = run(world, line, None);
        assert_eq!(out.exit_code, 1, "{line}: {}", out.stdout);
        out.stderr
    }

    #[test]
    fn get_lists_every_class_by_name_in_upstreams_columns() {
        let mut w = world();
        let table = "\
NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY
batch-low                 -10          false            90s   Never
system-cluster-critical   2000000000   false            90s   PreemptLowerPriority
system-node-critical      2000001000   false            90s   PreemptLowerPriority
";
        for line in [
            "get priorityclasses",
            "get pc -o wide",
            "get pc -A",
            "get PriorityClass",
        ] {
            assert_eq!(ok(&mut w, line), table, "{line}");
        }
        assert_eq!(
            ok(
                &mut w,
                "get priorityclasses.scheduling.k8s.io batch-low -n team --show-labels"
            ),
            "NAME        VALUE   GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY   LABELS\n\
             batch-low   -10     false            90s   Never              tier=batch\n"
        );
    }

    #[test]
    fn names_carry_the_group() {
        let mut w = world();
        assert_eq!(
            ok(&mut w, "get pc -o name"),
            "priorityclass.scheduling.k8s.io/batch-low\n\
             priorityclass.scheduling.k8s.io/system-cluster-critical\n\
             priorityclass.scheduling.k8s.io/system-node-critical\n"
        );
        assert_eq!(
            ok(&mut w, "get pc/system-node-critical node/node-1"),
            "NAME                                                   VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY
priorityclass.scheduling.k8s.io/system-node-critical   2000001000   false            90s   PreemptLowerPriority

NAME          STATUS   ROLES    AGE   VERSION
node/node-1   Ready    <none>   90s   v1.35.0
"
        );
    }

    #[test]
    fn selectors_filter_by_label_and_name() {
        let mut w = world();
        assert_eq!(
            ok(&mut w, "get pc -l tier=batch -o name"),
            "priorityclass.scheduling.k8s.io/batch-low\n"
        );
        assert_eq!(
            ok(
                &mut w,
                "get pc --field-selector metadata.name=system-node-critical -o name"
            ),
            "priorityclass.scheduling.k8s.io/system-node-critical\n"
        );
        assert_eq!(
            err(&mut w, "get pc --field-selector metadata.namespace=default"),
            "Error from server (BadRequest): Unable to find \"scheduling.k8s.io/v1, \
             Resource=priorityclasses\" that match label selector \"\", field selector \
             \"metadata.namespace=default\": field label not supported: metadata.namespace\n"
        );
    }

    #[test]
    fn a_missing_class_is_not_found_in_kubectls_words() {
        let mut w = world();
        let not_found =
            "Error from server (NotFound): priorityclasses.scheduling.k8s.io \"nope\" not found\n";
        assert_eq!(err(&mut w, "get pc nope"), not_found);
        assert_eq!(err(&mut w, "describe priorityclass nope"), not_found);
    }

    #[test]
    fn yaml_and_json_are_the_scheduling_v1_object() {
        let mut w = world();
        let field =
            |w: &mut World, path: &str| ok(w, &format!("get pc batch-low -o jsonpath={{{path}}}"));
        let (uid, version) = (
            field(&mut w, ".metadata.uid"),
            field(&mut w, ".metadata.resourceVersion"),
        );
        assert_eq!(
            ok(&mut w, "get pc batch-low -o yaml"),
            format!(
                "apiVersion: scheduling.k8s.io/v1
description: For batch Jobs that may wait.
kind: PriorityClass
metadata:
  annotations:
    owner: data-team
    team: a
  creationTimestamp: \"2026-01-01T00:00:00Z\"
  generation: 1
  labels:
    tier: batch
  name: batch-low
  resourceVersion: \"{version}\"
  uid: {uid}
preemptionPolicy: Never
value: -10
"
            )
        );
        let json = ok(&mut w, "get pc system-cluster-critical -o json");
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let version = &v["metadata"]["resourceVersion"];
        // The system's classes carry no uid, as the system's namespaces (made before the run).
        assert_eq!(
            json,
            format!(
                "{{
    \"apiVersion\": \"scheduling.k8s.io/v1\",
    \"description\": \"Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.\",
    \"kind\": \"PriorityClass\",
    \"metadata\": {{
        \"creationTimestamp\": \"2026-01-01T00:00:00Z\",
        \"generation\": 1,
        \"name\": \"system-cluster-critical\",
        \"resourceVersion\": {version}
    }},
    \"preemptionPolicy\": \"PreemptLowerPriority\",
    \"value\": 2000000000
}}
"
            )
        );
    }

    #[test]
    fn logs_and_wait_name_the_class_as_kubectl_does() {
        let mut w = world();
        assert_eq!(
            err(&mut w, "logs pc/batch-low"),
            "error: cannot get the logs from *v1.PriorityClass: selector for *v1.PriorityClass \
             not implemented\n"
        );
        assert_eq!(
            err(
                &mut w,
                "wait --for=condition=Ready pc/batch-low --timeout=1s"
            ),
            "error: timed out waiting for the condition on priorityclasses/batch-low\n"
        );
    }

    #[test]
    fn describe_prints_upstreams_layout() {
        let mut w = world();
        assert_eq!(
            ok(&mut w, "describe priorityclass system-node-critical"),
            "Name:              system-node-critical
Value:             2000001000
GlobalDefault:     false
PreemptionPolicy:  PreemptLowerPriority
Description:       Used for system critical pods that must not be moved from their current node.
Annotations:       <none>
Events:            <none>
"
        );
        assert_eq!(
            ok(&mut w, "describe pc/batch-low"),
            "Name:              batch-low
Value:             -10
GlobalDefault:     false
PreemptionPolicy:  Never
Description:       For batch Jobs that may wait.
Annotations:       owner=data-team,team=a
Events:            <none>
"
        );
        let all = ok(&mut w, "describe priorityclasses -A");
        assert_eq!(all.matches("Name:").count(), 3, "{all}");
        assert!(
            all.contains("Events:            <none>\n\n\nName:"),
            "{all}"
        );
    }
}
