//! `jobsim kubectl SCENARIO [--at D] -- ARGS`: a scenario run to a time, then one kubectl
//! command, printed as kubectl prints it.

mod support;
use support::jobsim;

const SCENARIO: &str = "kind: Simulation
spec:
  seed: 7
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      containers: [{name: main, image: busybox:1.36, command: [sh, -c, \"echo hello; sleep 2\"]}]
      restartPolicy: Never
";

#[test]
fn a_command_runs_at_the_asked_time() {
    let out = jobsim(
        &["kubectl", "-", "--at", "1s", "--", "get", "jobs"],
        SCENARIO,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/2           1s         1s\n"
    );
    let out = jobsim(&["kubectl", "-", "--", "logs", "job/pi"], SCENARIO);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
    // `logs -f` follows the log; the `-f` of apply names a file, not here.
    let out = jobsim(&["kubectl", "-", "--", "logs", "-f", "job/pi"], SCENARIO);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
}

#[test]
fn kubectls_errors_go_to_stderr_with_its_exit_status() {
    let out = jobsim(&["kubectl", "-", "--", "get", "job", "nope"], SCENARIO);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Error from server (NotFound): jobs.batch \"nope\" not found\n"
    );
}
