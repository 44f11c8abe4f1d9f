//! A pod's own `activeDeadlineSeconds` (in the Job's pod template, not the Job's): the kubelet
//! fails a pod still running that long after its start — reason DeadlineExceeded, whatever the
//! restart policy — and the Job controller counts a failure, as for any failed pod.

mod kubelet_support;

use kubelet_support::{job_failed_for, pod_events, states, watched, world_at};

/// A Job of one pod that sleeps `sleep` seconds under OnFailure, with a 20 s pod deadline.
fn scenario(sleep: u32) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{{ name: node-1 }}]
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: slow}}
spec:
  backoffLimit: 1
  template:
    spec:
      activeDeadlineSeconds: 20
      restartPolicy: OnFailure
      containers:
      - {{ name: work, image: busybox, command: [sh, -c, \"sleep {sleep}\"] }}
"
    )
}

#[test]
fn a_pod_past_its_active_deadline_is_failed_by_its_kubelet() {
    let world = world_at(&scenario(60), 25_000);
    let pod = world.store.pods().next().unwrap().1.clone();
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Failed"));
    assert_eq!(status.reason.as_deref(), Some("DeadlineExceeded"));
    assert_eq!(
        status.message.as_deref(),
        Some("Pod was active on the node longer than the specified deadline")
    );
    assert_eq!(
        states(status.container_statuses.as_ref()),
        ["work terminated 137 ready=false"]
    );
    assert!(pod_events(&world).contains(
        &"20 DeadlineExceeded Pod was active on the node longer than the specified deadline"
            .to_string()
    ));

    // The Job counts a failure: a replacement after the 10 s back-off, which meets the same
    // deadline, and the Job fails past its backoffLimit.
    let world = world_at(&scenario(60), 120_000);
    let lines: Vec<String> = watched(&world)
        .into_iter()
        .filter(|l| l.contains("DeadlineExceeded") || l.contains("Pending"))
        .collect();
    assert_eq!(
        lines,
        [
            "0 0/1 Pending 0",
            "20 0/1 DeadlineExceeded 0",
            "30 0/1 Pending 0",
            "50 0/1 DeadlineExceeded 0"
        ]
    );
    assert!(job_failed_for(&world, "BackoffLimitExceeded"));
}

#[test]
fn a_pod_done_before_its_deadline_is_left_alone() {
    let world = world_at(&scenario(5), 60_000);
    assert_eq!(
        watched(&world).last().map(String::as_str),
        Some("5 0/1 Completed 0")
    );
    assert!(!pod_events(&world)
        .iter()
        .any(|e| e.contains("DeadlineExceeded")));
}
