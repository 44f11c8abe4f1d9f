//! Sidecars (init containers with `restartPolicy: Always`), as the kubelet runs them: started in
//! their turn, the next container starting as soon as they have; running beside the pod's
//! containers and counted in READY; restarted after the CrashLoopBackOff delay whenever they
//! end; stopped, last started first, once the pod's containers are done — the pod finishing
//! only then, after the grace period when the sidecar ignores SIGTERM.

mod kubelet_support;

use kubelet_support::{
    completion_time, initialized, kubectl, pod_events, states, the_pod, watched, world_at,
};

/// A Job whose pod prepares for 1 s, starts the sidecar `shipper` running `sidecar`, then works
/// for `work` seconds; with `actions`; nothing else takes time.
fn scenario(sidecar: &str, work: u32, actions: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{{ name: node-1 }}]
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }}
  actions: [{actions}]
---
apiVersion: batch/v1
kind: Job
metadata: {{name: logged}}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - {{ name: prepare, image: busybox, command: [sh, -c, \"echo ready; sleep 1\"] }}
      - {{ name: shipper, image: busybox, restartPolicy: Always, command: [sh, -c, \"{sidecar}\"] }}
      containers:
      - {{ name: work, image: busybox, command: [sh, -c, \"echo working; sleep {work}\"] }}
"
    )
}

/// A sidecar that loops until stopped, its shell ignoring SIGTERM.
const LOOPS: &str = "while true; do echo shipping; sleep 10; done";

#[test]
fn a_sidecar_runs_beside_the_containers_and_the_pod_waits_for_it_to_stop() {
    let world = world_at(&scenario(LOOPS, 5, ""), 60_000);
    assert_eq!(
        watched(&world),
        [
            "0 0/2 Pending 0",
            "0 0/2 Init:0/2 0",
            "0 0/2 Init:0/2 0",
            "1 0/2 Init:1/2 0",
            "1 1/2 PodInitializing 0",
            "1 2/2 Running 0",
            // The container is done; the sidecar, ignoring SIGTERM, is killed after 30 s.
            "6 1/2 Completed 0",
            "36 0/2 Completed 0",
        ]
    );
    let events = pod_events(&world);
    let stages: Vec<&String> = events
        .iter()
        .filter(|e| e.contains(" Started ") || e.contains(" Killing "))
        .collect();
    assert_eq!(
        stages,
        [
            "0 Started Started container prepare",
            "1 Started Started container shipper",
            "1 Started Started container work",
            "6 Killing Stopping container shipper",
        ]
    );
    let pod = the_pod(&world);
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Succeeded"));
    assert_eq!(
        states(status.init_container_statuses.as_ref()),
        [
            "prepare terminated 0 ready=true",
            "shipper terminated 137 ready=false"
        ]
    );
    assert_eq!(initialized(&pod), "True PodCompleted -");
    assert_eq!(
        completion_time(&world).as_deref(),
        Some("2026-01-01T00:00:37Z")
    );
}

#[test]
fn while_the_sidecar_runs_the_pod_is_running_and_ready_counts_it() {
    let mut world = world_at(&scenario(LOOPS, 5, ""), 3_000);
    let pod = the_pod(&world);
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Running"));
    assert_eq!(
        states(status.init_container_statuses.as_ref()),
        [
            "prepare terminated 0 ready=true",
            "shipper running ready=true"
        ]
    );
    let (_, pods, _) = kubectl(&mut world, "get pods");
    assert!(
        pods.lines()
            .nth(1)
            .unwrap()
            .contains(" 2/2     Running   0 "),
        "{pods}"
    );
    assert_eq!(
        kubectl(&mut world, "logs job/logged -c shipper").1,
        "shipping\n"
    );

    // After the container, before the sidecar has stopped: still Running, not Succeeded.
    let world = world_at(&scenario(LOOPS, 5, ""), 20_000);
    let pod = the_pod(&world);
    assert_eq!(
        pod.status.as_ref().unwrap().phase.as_deref(),
        Some("Running")
    );
}

#[test]
fn a_sidecar_that_ends_on_sigterm_stops_at_once() {
    let traps = "trap 'exit 0' TERM; while true; do sleep 1; done";
    let world = world_at(&scenario(traps, 5, ""), 60_000);
    let lines = watched(&world);
    assert_eq!(lines.last().map(String::as_str), Some("6 0/2 Completed 0"));
    let pod = the_pod(&world);
    let status = pod.status.as_ref().unwrap();
    assert_eq!(
        states(status.init_container_statuses.as_ref())[1],
        "shipper terminated 143 ready=false"
    );
}

#[test]
fn a_sidecar_that_ends_restarts_after_the_crash_loop_backoff_even_under_never() {
    let crashes = "echo shipping; sleep 2; exit 1";
    let world = world_at(&scenario(crashes, 30, ""), 60_000);
    let restarts: Vec<String> = pod_events(&world)
        .into_iter()
        .filter(|e| e.contains("Started container shipper") || e.contains(" BackOff "))
        .collect();
    // Ends at 3 s: restarted at once; ends at 5 s: 10 s later; ends at 17 s: 20 s later, but
    // the pod's container is done at 31 s.
    assert_eq!(
        restarts,
        [
            "1 Started Started container shipper",
            "3 Started Started container shipper",
            "5 BackOff Back-off restarting failed container shipper",
            "15 Started Started container shipper",
            "17 BackOff Back-off restarting failed container shipper",
        ]
    );
    let lines = watched(&world);
    assert!(lines.contains(&"3 2/2 Running 1".to_string()), "{lines:?}");
    // A crash-looping sidecar reads as upstream's printer has it, once the pod is initialized.
    assert!(
        lines.contains(&"5 1/2 Init:CrashLoopBackOff 2".to_string()),
        "{lines:?}"
    );
    // Nothing runs in the sidecar when the container ends: the pod finishes at once.
    assert_eq!(lines.last().map(String::as_str), Some("31 0/2 Completed 3"));
    let pod = the_pod(&world);
    assert_eq!(
        pod.status.as_ref().unwrap().phase.as_deref(),
        Some("Succeeded")
    );
}

#[test]
fn a_deleted_pod_stops_its_containers_then_its_sidecars_and_goes_when_they_have() {
    let delete = "{ at: 3s, kubectl: \"kubectl delete pods --all\" }";
    let world = world_at(&scenario(LOOPS, 5, delete), 60_000);
    let first: Vec<String> = watched(&world)
        .into_iter()
        .zip(&world.pod_lines)
        .filter(|(_, l)| l.pod.1.ends_with("z852q"))
        .map(|(line, _)| line)
        .collect();
    // The container ends on its own at 6 s; the sidecar is killed when the grace ends.
    assert_eq!(
        first[first.len() - 3..],
        [
            "3 2/2 Terminating 0",
            "6 1/2 Terminating 0",
            "33 0/2 Completed 0"
        ]
    );
    let killing: Vec<String> = pod_events(&world)
        .into_iter()
        .filter(|e| e.contains(" Killing "))
        .collect();
    assert_eq!(
        killing[..2],
        [
            "3 Killing Stopping container work",
            "3 Killing Stopping container shipper"
        ]
    );
}
