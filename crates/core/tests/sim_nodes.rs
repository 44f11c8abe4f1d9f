//! Nodes on the virtual cluster: Node objects, cordon, drain, the kubelet's eviction, a node
//! that goes silent (NotReady after the grace period, its pods deleted after the toleration),
//! and the control plane asleep — with the timings a cluster shows.

use jobsim_core::api::Pod;
use jobsim_core::sim::report::to_json;
use jobsim_core::sim::scenario::{self, ActionKind, Overrides};
use jobsim_core::sim::time::{SimDuration, SimTime};
use jobsim_core::sim::world::{EventRecord, PodRecord, World};
use serde_json::Value;

/// Two nodes; node-2 starts cordoned so that the first pods land on node-1.
fn scenario(until: &str, actions: &str, job: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 5
  start: \"2026-01-01T00:00:00Z\"
  until: {until}
  nodes:
    - {{ name: node-1, cpu: \"4\" }}
    - {{ name: node-2, cpu: \"4\", unschedulable: true }}
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }}
  actions:
    - {{ at: 10s, uncordon: {{ name: node-2 }} }}
{actions}---
apiVersion: batch/v1
kind: Job
metadata: {{name: pi}}
spec:
{job}"
    )
}

const SLEEP_100: &str = "  template:
    spec:
      containers: [{name: main, image: busybox, command: [sh, -c, \"trap 'exit 143' TERM; sleep 100\"]}]
      restartPolicy: Never
";

fn world(text: &str) -> World {
    let (s, rng) = scenario::load(text, Overrides::default()).unwrap();
    World::new(s, rng).unwrap()
}

fn run(text: &str) -> World {
    let mut w = world(text);
    w.run().unwrap();
    w
}

fn secs(t: SimTime) -> u64 {
    t.since(SimTime::ZERO).as_millis() / 1000
}

fn events<'a>(w: &'a World, reason: &str) -> Vec<&'a EventRecord> {
    w.events.iter().filter(|e| e.reason == reason).collect()
}

fn condition<'a>(pod: &'a Pod, type_: &str) -> Option<(&'a str, Option<&'a str>)> {
    let c = pod
        .status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)?;
    Some((&*c.status, c.reason.as_deref()))
}

/// The Job's first pod (on node-1: node-2 is cordoned at the start).
fn first_pod(w: &World) -> &PodRecord {
    w.pod_records.values().min_by_key(|p| p.created_at).unwrap()
}

fn failed(w: &World) -> u64 {
    job_status(w)["failed"].as_u64().unwrap_or(0)
}

fn job_status(w: &World) -> Value {
    to_json(w, true)["jobs"][0]["status"].clone()
}

#[test]
fn the_scenarios_nodes_are_node_objects_that_are_ready() {
    let w = world(&scenario("done", "", SLEEP_100));
    let node = w.store.node("node-1").unwrap();
    assert!(node.is_ready());
    let status = node.status.as_ref().unwrap();
    assert_eq!(
        status
            .allocatable
            .as_ref()
            .unwrap()
            .get("cpu")
            .unwrap()
            .canonical(),
        "4"
    );
    let cordoned = w.store.node("node-2").unwrap();
    assert_eq!(cordoned.spec.as_ref().unwrap().unschedulable, Some(true));
    assert_eq!(w.store.nodes().count(), 2);
}

#[test]
fn cordon_and_uncordon_say_whether_they_changed_the_node() {
    let mut w = world(&scenario("done", "", SLEEP_100));
    assert_eq!(w.cordon("node-1"), Ok(true));
    assert_eq!(w.cordon("node-1"), Ok(false));
    assert!(w.nodes().iter().all(|n| n.unschedulable));
    assert_eq!(w.uncordon("node-1"), Ok(true));
    assert_eq!(w.uncordon("node-1"), Ok(false));
    assert_eq!(
        w.cordon("node-9"),
        Err("Error from server (NotFound): nodes \"node-9\" not found".into())
    );
}

#[test]
fn a_pod_that_fits_only_on_a_cordoned_node_waits_and_is_scheduled_after_uncordon() {
    // node-2 is cordoned until 10 s; node-1 is cordoned at once, so the pod waits for node-2.
    let mut w = world(&scenario("done", "", SLEEP_100));
    w.cordon("node-1").unwrap();
    w.run().unwrap();
    let failed = events(&w, "FailedScheduling");
    assert_eq!(
        &*failed[0].message,
        "0/2 nodes are available: 2 node(s) were unschedulable. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    );
    let record = w.pod_records.values().next().unwrap();
    assert_eq!(record.node.as_deref(), Some("node-2"));
    assert_eq!(record.started_at.map(secs), Some(10));
}

#[test]
fn drain_cordons_and_evicts_the_pods_through_the_eviction_api() {
    let mut text = scenario("done", "", SLEEP_100);
    text = text.replace("termination: 0s", "termination: 1s");
    let mut w = world(&text);
    w.advance_to(SimTime::ZERO.after(SimDuration::from_secs(20)), u64::MAX)
        .unwrap();
    let evicted = w.drain("node-1").unwrap();
    assert_eq!(evicted.len(), 1);
    let key = ("default".to_string(), evicted[0].clone());
    let pod = w.store.pod(&key).unwrap();
    assert!(pod.metadata.deletion_timestamp.is_some());
    assert_eq!(
        condition(pod, "DisruptionTarget"),
        Some(("True", Some("EvictionByEvictionAPI")))
    );
    assert_eq!(
        w.store
            .node("node-1")
            .unwrap()
            .spec
            .as_ref()
            .unwrap()
            .unschedulable,
        Some(true)
    );
    w.run().unwrap();
    // The evicted pod counts as failed (no podFailurePolicy); its replacement runs on node-2.
    let status = job_status(&w);
    assert_eq!(status["failed"], 1);
    assert_eq!(status["succeeded"], 1);
    let replacement = w.pod_records.values().find(|p| p.name() != key.1).unwrap();
    assert_eq!(replacement.node.as_deref(), Some("node-2"));
    // The Job controller's backoff after a failure: 10 s.
    assert_eq!(secs(replacement.created_at), 30);
    assert!(w.store.pod(&key).is_none());
    assert!(w.drain("node-9").is_err());
}

#[test]
fn a_drain_action_in_the_scenario_does_what_the_method_does() {
    let actions = "    - { at: 20s, drain: { name: node-1 } }\n";
    let w = run(&scenario("done", actions, SLEEP_100));
    // Killed at 20 s (its shell traps TERM); gone once the Job controller counted it (1 s).
    assert_eq!(first_pod(&w).finished_at.map(secs), Some(20));
    assert_eq!(first_pod(&w).deleted_at.map(secs), Some(21));
    assert_eq!(job_status(&w)["succeeded"], 1);
}

const IGNORE_DISRUPTIONS: &str = "  backoffLimit: 0
  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions: [{ type: DisruptionTarget }]
";

#[test]
fn evict_node_fails_the_pods_with_disruption_target_and_a_policy_can_ignore_it() {
    let actions = "    - { at: 20s, evictNode: { name: node-1 } }\n";
    let w = run(&scenario(
        "done",
        actions,
        &format!("{IGNORE_DISRUPTIONS}{SLEEP_100}"),
    ));
    let evicted = first_pod(&w);
    assert_eq!(evicted.phase, "Failed");
    assert_eq!(evicted.reason.as_deref(), Some("Evicted"));
    assert_eq!(evicted.finished_at.map(secs), Some(20));
    let event = &events(&w, "Evicted")[0];
    assert_eq!(&*event.message, "The node was low on resource: memory. ");
    let status = job_status(&w);
    assert_eq!(failed(&w), 0, "an ignored failure is not counted");
    assert_eq!(status["succeeded"], 1);
    assert_eq!(w.job_records.values().next().unwrap().pods_created, 2);
    let key = ("default".to_string(), evicted.name().to_string());
    let pod = w.store.pod(&key).unwrap();
    assert_eq!(
        condition(pod, "DisruptionTarget"),
        Some(("True", Some("TerminationByKubelet")))
    );
    // The kubelet's own conditions follow the others', not ready because the pod failed.
    // Upstream: status_manager.go mergePodStatus; status generate.go (PodFailed)
    let types: Vec<&str> = pod
        .status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .map(|c| &*c.type_)
        .collect();
    assert_eq!(
        types,
        [
            "DisruptionTarget",
            "PodReadyToStartContainers",
            "Initialized",
            "Ready",
            "ContainersReady",
            "PodScheduled"
        ]
    );
    assert_eq!(condition(pod, "Ready"), Some(("False", Some("PodFailed"))));
    assert_eq!(
        condition(pod, "ContainersReady"),
        Some(("False", Some("PodFailed")))
    );
}

#[test]
fn evict_node_without_a_policy_counts_a_failure() {
    let actions = "    - { at: 20s, evictNode: { name: node-1 } }\n";
    let w = run(&scenario(
        "done",
        actions,
        &format!("  backoffLimit: 0\n{SLEEP_100}"),
    ));
    let status = job_status(&w);
    assert_eq!(status["failed"], 1);
    assert_eq!(status["conditions"][1]["reason"], "BackoffLimitExceeded");
}

#[test]
fn evict_pod_uses_the_eviction_api() {
    let actions = "    - { at: 20s, evictPod: { job: pi, index: 0 } }\n";
    let w = run(&scenario(
        "done",
        actions,
        &format!("{IGNORE_DISRUPTIONS}{SLEEP_100}"),
    ));
    assert_eq!(first_pod(&w).deleted_at.map(secs), Some(21));
    assert_eq!(failed(&w), 0);
    assert_eq!(job_status(&w)["succeeded"], 1);
}

/// node-1 goes silent at 30 s: NotReady at 70 s (the 40 s grace), its pod deleted at 370 s
/// (the 300 s toleration), the replacement runs on node-2.
#[test]
fn a_silent_node_turns_not_ready_and_its_pods_are_deleted_after_the_toleration() {
    let actions = "    - { at: 30s, nodeDown: { name: node-1 } }\n";
    let job = SLEEP_100.replace("100", "1000");
    let mut w = world(&scenario("done", actions, &job));
    w.advance_to(SimTime::ZERO.after(SimDuration::from_secs(69)), u64::MAX)
        .unwrap();
    assert!(w.store.node("node-1").unwrap().is_ready());
    w.advance_to(SimTime::ZERO.after(SimDuration::from_secs(70)), u64::MAX)
        .unwrap();
    let node = w.store.node("node-1").unwrap();
    assert!(!node.is_ready());
    let ready = node.status.as_ref().unwrap().conditions.as_ref().unwrap();
    assert_eq!(ready[0].status, "Unknown");
    assert_eq!(ready[0].reason.as_deref(), Some("NodeStatusUnknown"));
    let taints: Vec<(String, String)> = node
        .spec
        .as_ref()
        .unwrap()
        .taints
        .iter()
        .flatten()
        .map(|t| (t.key.clone(), t.effect.clone()))
        .collect();
    assert_eq!(
        taints,
        [
            ("node.kubernetes.io/unreachable".into(), "NoSchedule".into()),
            ("node.kubernetes.io/unreachable".into(), "NoExecute".into())
        ]
    );
    let not_ready = events(&w, "NodeNotReady");
    assert_eq!(&*not_ready[0].object, "node/node-1");
    assert_eq!(
        &*not_ready[0].message,
        "Node node-1 status is now: NodeNotReady"
    );
    assert_eq!(secs(not_ready[0].time), 70);
    let (key, pod) = w.store.pods().next().unwrap();
    let key = key.clone();
    assert_eq!(condition(pod, "Ready"), Some(("False", None)));
    assert_eq!(&*not_ready[1].message, "Node is not ready");

    w.run().unwrap();
    let eviction = &events(&w, "TaintManagerEviction")[0];
    assert_eq!(secs(eviction.time), 370);
    assert_eq!(
        &*eviction.message,
        format!("Marking for deletion Pod default/{}", key.1)
    );
    // Recorded by the taint-eviction controller.
    let describe = format!("kubectl describe pod {}", key.1);
    let out = jobsim_core::kubectl::command::run(&mut w, &describe, None).stdout;
    let line = out.lines().find(|l| l.contains("TaintManagerEviction"));
    assert!(
        line.is_some_and(|l| l.contains(" taint-eviction-controller  Marking for deletion Pod")),
        "{out}"
    );
    // The kubelet cannot confirm: the pod stays Terminating while its node is silent.
    let pod = w.store.pod(&key).unwrap();
    assert!(pod.metadata.deletion_timestamp.is_some());
    assert_eq!(
        condition(pod, "DisruptionTarget"),
        Some(("True", Some("DeletionByTaintManager")))
    );
    let replacement = w.pod_records.values().find(|p| p.name() != key.1).unwrap();
    // No backoff: the failure's time is the pod's Ready=False transition (70 s), long past.
    assert_eq!(secs(replacement.created_at), 371);
    assert_eq!(replacement.node.as_deref(), Some("node-2"));
    let status = job_status(&w);
    assert_eq!(status["failed"], 1);
    assert_eq!(status["succeeded"], 1);
    assert_eq!(replacement.finished_at.map(secs), Some(1371));
}

#[test]
fn a_node_back_before_the_toleration_keeps_its_pods() {
    let actions = "    - { at: 30s, nodeDown: { name: node-1 } }\n    - { at: 100s, nodeUp: { name: node-1 } }\n";
    let w = run(&scenario("done", actions, SLEEP_100));
    assert!(events(&w, "TaintManagerEviction").is_empty());
    assert_eq!(secs(events(&w, "NodeReady")[0].time), 100);
    let node = w.store.node("node-1").unwrap();
    assert!(node.is_ready());
    assert_eq!(node.spec.as_ref().unwrap().taints.as_deref(), Some(&[][..]));
    // The container ended at 100 s while the node was silent; the kubelet reports it then.
    assert_eq!(job_status(&w)["succeeded"], 1);
    assert_eq!(failed(&w), 0);
    assert_eq!(w.job_records.values().next().unwrap().pods_created, 1);
}

#[test]
fn a_node_back_after_the_eviction_finishes_the_pending_termination() {
    let actions = "    - { at: 30s, nodeDown: { name: node-1 } }\n    - { at: 400s, nodeUp: { name: node-1 } }\n";
    let job = SLEEP_100.replace("100", "1000");
    let w = run(&scenario("500s", actions, &job));
    let first = first_pod(&w);
    assert_eq!(first.deleted_at.map(secs), Some(400));
    assert_eq!(first.phase, "Failed");
    assert!(w.store.pods().all(|(k, _)| k.1 != first.name()));
}

#[test]
fn a_pod_that_tolerates_unreachable_for_10s_is_deleted_10s_after_not_ready() {
    let actions = "    - { at: 30s, nodeDown: { name: node-1 } }\n";
    let job = SLEEP_100.replace(
        "restartPolicy: Never",
        "restartPolicy: Never\n      tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 10 }]",
    );
    let w = run(&scenario("done", actions, &job));
    assert_eq!(secs(events(&w, "TaintManagerEviction")[0].time), 80);
}

#[test]
fn the_grace_and_the_toleration_are_settable_in_timing() {
    let actions = "    - { at: 30s, nodeDown: { name: node-1 } }\n";
    let text = scenario("done", actions, &SLEEP_100.replace("100", "1000")).replace(
        "termination: 0s",
        "termination: 0s, nodeMonitorGrace: 50s, notReadyToleration: 60s",
    );
    let w = run(&text);
    assert_eq!(secs(events(&w, "NodeNotReady")[0].time), 80);
    assert_eq!(secs(events(&w, "TaintManagerEviction")[0].time), 140);
}

/// The control plane sleeps from 15 s for an hour: the kubelet finishes the running pod at
/// 100 s, but the next pod is only created when the controllers wake.
#[test]
fn sleeping_controllers_create_nothing_until_they_wake_and_resync() {
    let actions = "    - { at: 15s, controllersDown: { for: 1h } }\n";
    let job = format!("  completions: 2\n{SLEEP_100}");
    let w = run(&scenario("done", actions, &job));
    let mut pods: Vec<_> = w.pod_records.values().collect();
    pods.sort_by_key(|p| p.created_at);
    assert_eq!(pods.len(), 2);
    assert_eq!(
        pods[0].finished_at.map(secs),
        Some(100),
        "the kubelet keeps running containers"
    );
    assert_eq!(secs(pods[1].created_at), 3615);
    assert_eq!(job_status(&w)["succeeded"], 2);
}

#[test]
fn act_accepts_the_node_actions() {
    let mut w = world(&scenario("done", "", SLEEP_100));
    w.act(ActionKind::Cordon {
        name: "node-1".into(),
    });
    assert_eq!(
        w.store
            .node("node-1")
            .unwrap()
            .spec
            .as_ref()
            .unwrap()
            .unschedulable,
        Some(true)
    );
    w.act(ActionKind::NodeDown {
        name: "node-9".into(),
    });
    let skipped = events(&w, "ActionSkipped");
    assert_eq!(
        &*skipped[0].message,
        "Error from server (NotFound): nodes \"node-9\" not found"
    );
    let from = jobsim_core::kubectl::command::source(&skipped[0].object, &skipped[0].reason);
    assert_eq!(from, "jobsim");
    assert_eq!(w.actions().len(), 3);
}

#[test]
fn the_scenario_spec_example_actions_parse() {
    let text = "kind: Simulation
spec:
  actions:
    - { at: 45s, evictNode: { name: node-1 } }
    - { at: 50s, nodeDown: { name: gpu-1 } }
    - { at: 55s, nodeUp: { name: gpu-1 } }
    - { at: 1m, evictPod: { pod: pi-7xk2p } }
    - { at: 2m, controllersDown: { for: 2h } }
";
    let (s, _) = scenario::load(text, Overrides::default()).unwrap();
    assert_eq!(
        s.actions[0].kind,
        ActionKind::EvictNode {
            name: "node-1".into()
        }
    );
    assert_eq!(
        s.actions[2].kind,
        ActionKind::NodeUp {
            name: "gpu-1".into()
        }
    );
    assert_eq!(
        s.actions[4].kind,
        ActionKind::ControllersDown {
            for_: SimDuration::from_secs(7200)
        }
    );
    let two = "kind: Simulation\nspec:\n  actions: [{ at: 1s, cordon: { name: a }, drain: { name: a } }]\n";
    let e = scenario::load(two, Overrides::default()).unwrap_err();
    assert!(e.0.contains("set exactly one of"), "{e}");
}
