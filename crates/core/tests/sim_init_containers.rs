//! A pod's init containers, as the kubelet runs them: one after another, each to a successful
//! end, before the pod's containers start (`Init:0/2`, `Init:1/2`, `PodInitializing`); the pod
//! Pending and not Initialized meanwhile, in the kubelet's words; an init container that fails
//! fails the pod under `restartPolicy: Never` (`Init:Error`, its containers never run) and
//! restarts with the CrashLoopBackOff delay under OnFailure (`Init:CrashLoopBackOff`).

mod kubelet_support;

use kubelet_support::{
    completion_time, initialized, job_failed_for, kubectl, pod_events, states, the_pod, watched,
    world_at,
};

/// A Job whose pod fetches for 2 s, then runs `migrate` (1 s, or `exit 3` when `fails`), then
/// works for 3 s; nothing else takes time.
fn scenario(restart_policy: &str, fails: bool) -> String {
    let migrate = if fails {
        "echo no database; exit 3"
    } else {
        "echo migrated; sleep 1"
    };
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
metadata: {{name: setup}}
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: {restart_policy}
      initContainers:
      - {{ name: fetch, image: busybox, command: [sh, -c, \"echo fetching; sleep 2\"] }}
      - {{ name: migrate, image: busybox, command: [sh, -c, \"{migrate}\"] }}
      containers:
      - {{ name: work, image: busybox, command: [sh, -c, \"echo working; sleep 3\"] }}
"
    )
}

#[test]
fn init_containers_run_one_after_another_before_the_containers() {
    let world = world_at(&scenario("Never", false), 60_000);
    assert_eq!(
        watched(&world),
        [
            "0 0/1 Pending 0",
            "0 0/1 Init:0/2 0",
            "0 0/1 Init:0/2 0",
            "2 0/1 Init:1/2 0",
            "2 0/1 Init:1/2 0",
            "3 0/1 PodInitializing 0",
            "3 1/1 Running 0",
            "6 0/1 Completed 0",
        ]
    );
    let started: Vec<String> = pod_events(&world)
        .into_iter()
        .filter(|e| e.contains(" Started "))
        .collect();
    assert_eq!(
        started,
        [
            "0 Started Started container fetch",
            "2 Started Started container migrate",
            "3 Started Started container work",
        ]
    );
    let pod = the_pod(&world);
    assert_eq!(initialized(&pod), "True PodCompleted -");
    let status = pod.status.as_ref().unwrap();
    assert_eq!(
        states(status.init_container_statuses.as_ref()),
        [
            "fetch terminated 0 ready=true",
            "migrate terminated 0 ready=true"
        ]
    );
    // The pod completed at 6 s; the Job controller syncs a second later (syncJobBatchPeriod).
    assert_eq!(
        completion_time(&world).as_deref(),
        Some("2026-01-01T00:00:07Z")
    );
}

#[test]
fn a_pod_initializing_is_pending_and_says_which_init_containers_are_incomplete() {
    let text = scenario("Never", false);
    let mut world = world_at(&text, 1_000);
    let pod = the_pod(&world);
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Pending"));
    assert_eq!(
        initialized(&pod),
        "False ContainersNotInitialized containers with incomplete status: [fetch migrate]"
    );
    assert_eq!(
        states(status.init_container_statuses.as_ref()),
        [
            "fetch running ready=false",
            "migrate waiting PodInitializing ready=false"
        ]
    );
    assert_eq!(
        states(status.container_statuses.as_ref()),
        ["work waiting PodInitializing ready=false"]
    );
    let (code, _, stderr) = kubectl(&mut world, "logs job/setup");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("container \"work\" in pod")
            && stderr.ends_with("is waiting to start: PodInitializing\n"),
        "{stderr}"
    );
    assert_eq!(
        kubectl(&mut world, "logs job/setup -c fetch").1,
        "fetching\n"
    );

    let mut world = world_at(&text, 4_000);
    let pod = the_pod(&world);
    assert_eq!(initialized(&pod), "True - -");
    assert_eq!(
        pod.status.as_ref().unwrap().phase.as_deref(),
        Some("Running")
    );
    let (_, logs, _) = kubectl(&mut world, "logs job/setup --all-containers");
    assert_eq!(logs, "fetching\nmigrated\nworking\n");
}

#[test]
fn describe_pod_shows_the_init_containers_before_the_containers() {
    let mut world = world_at(&scenario("Never", false), 2_500);
    let (code, out, err) = kubectl(&mut world, "describe pods");
    assert_eq!(code, 0, "{err}");
    let init = out
        .find("Init Containers:\n  fetch:\n")
        .expect("init section");
    let migrate = out.find("\n  migrate:\n").expect("migrate");
    let containers = out.find("\nContainers:\n  work:\n").expect("containers");
    assert!(init < migrate && migrate < containers, "{out}");
    let fetch = &out[init..migrate];
    assert!(fetch.contains("    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n"), "{fetch}");
    assert!(fetch.contains("    Ready:          True\n"), "{fetch}");
    let migrate = &out[migrate..containers];
    assert!(
        migrate.contains("    State:          Running\n"),
        "{migrate}"
    );
    assert!(
        out[containers..]
            .contains("    State:          Waiting\n      Reason:       PodInitializing\n"),
        "{out}"
    );
    assert!(
        out.contains("  Initialized                 False \n"),
        "{out}"
    );
}

#[test]
fn an_init_container_failing_under_never_fails_the_pod_before_its_containers_run() {
    let mut world = world_at(&scenario("Never", true), 3_000);
    let pod = the_pod(&world);
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Failed"));
    assert_eq!(
        states(status.init_container_statuses.as_ref()),
        [
            "fetch terminated 0 ready=true",
            "migrate terminated 3 ready=false"
        ]
    );
    assert_eq!(
        states(status.container_statuses.as_ref()),
        ["work waiting PodInitializing ready=false"]
    );
    let (_, pods, _) = kubectl(&mut world, "get pods");
    assert!(
        pods.lines()
            .nth(1)
            .unwrap()
            .contains(" 0/1     Init:Error   0 "),
        "{pods}"
    );
    assert!(!pod_events(&world)
        .iter()
        .any(|e| e.contains("container work")));
    assert_eq!(
        initialized(&pod),
        "False ContainersNotInitialized containers with incomplete status: [migrate]"
    );
}

#[test]
fn an_init_container_failing_under_on_failure_restarts_after_the_crash_loop_backoff() {
    let world = world_at(&scenario("OnFailure", true), 60_000);
    let started: Vec<String> = pod_events(&world)
        .into_iter()
        .filter(|e| e.contains("Started container migrate") || e.contains(" BackOff "))
        .collect();
    // At once after the first failure, then 10 s after the second.
    assert_eq!(
        started,
        [
            "2 Started Started container migrate",
            "2 Started Started container migrate",
            "2 BackOff Back-off restarting failed container migrate",
            "12 Started Started container migrate",
            "12 BackOff Back-off restarting failed container migrate",
        ]
    );
    // The kubelet names the container and the pod, as `name_namespace(uid)`.
    let back_off = world
        .events
        .iter()
        .find(|e| &*e.reason == "BackOff")
        .unwrap();
    let uid = back_off
        .message
        .strip_prefix("Back-off restarting failed container migrate in pod setup-z852q_default(")
        .and_then(|rest| rest.strip_suffix(')'));
    assert_eq!(uid.map(str::len), Some(36), "{}", back_off.message);
    let lines = watched(&world);
    assert!(
        lines.contains(&"2 0/1 Init:Error 1".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"2 0/1 Init:CrashLoopBackOff 2".to_string()),
        "{lines:?}"
    );
    // Three restarts reach the Job's backoffLimit: the Job controller deletes the pod while its
    // init container waits to restart, so nothing runs to be stopped and no grace is waited;
    // the container that never ended is failed as ContainerStatusUnknown (TerminatePod).
    assert_eq!(
        lines.last().map(String::as_str),
        Some("13 0/1 Init:ContainerStatusUnknown 3"),
        "{lines:?}"
    );
    assert!(!pod_events(&world).iter().any(|e| e.contains("Killing")));
    assert!(!pod_events(&world)
        .iter()
        .any(|e| e.contains("container work")));
    assert_eq!(world.store.pods().count(), 0);
    assert!(job_failed_for(&world, "BackoffLimitExceeded"));
}
