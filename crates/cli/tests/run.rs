//! `jobsim run`: a scenario file run on the virtual cluster, as JSON or as a user watches it.

mod support;
use support::jobsim;

const SCENARIO: &str = "apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: pi}
spec:
  seed: 7
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"16\", memory: 32Gi }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      containers: [{name: main, image: busybox:1.36, command: [sh, -c, sleep 2]}]
      restartPolicy: Never
";

#[test]
fn json_output_has_the_run_the_jobs_the_pods_and_the_events() {
    let out = jobsim(&["run", "-", "--json"], SCENARIO);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["jobs"][0]["name"], "pi");
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 2);
    assert_eq!(doc["pods"].as_array().map(Vec::len), Some(2));
    assert!(doc["events"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(doc["eventsProcessed"].as_u64().is_some_and(|n| n > 0));
}

#[test]
fn summary_leaves_out_the_pods_and_the_events() {
    let out = jobsim(&["run", "-", "--json", "--summary"], SCENARIO);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.get("pods").is_none());
    assert!(doc.get("events").is_none());
}

#[test]
fn two_runs_print_the_same_bytes_and_another_seed_changes_them() {
    let a = jobsim(&["run", "-", "--json"], SCENARIO).stdout;
    let b = jobsim(&["run", "-", "--json"], SCENARIO).stdout;
    let c = jobsim(&["run", "-", "--json", "--seed", "8"], SCENARIO).stdout;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn until_stops_the_run_at_the_given_time() {
    let out = jobsim(&["run", "-", "--json", "--until", "1s"], SCENARIO);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["endTime"], "2026-01-01T00:00:01Z");
    assert!(doc["jobs"][0]["status"]["succeeded"].as_i64().unwrap_or(0) == 0);
}

#[test]
fn human_output_shows_pod_lines_events_and_the_final_jobs() {
    let out = jobsim(&["run", "-"], SCENARIO);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("# kubectl get pods -w"), "{text}");
    assert!(text.contains("Completed"), "{text}");
    assert!(text.contains("SuccessfulCreate"), "{text}");
    assert!(text.contains("pi     Complete   2/2"), "{text}");
}

#[test]
fn an_invalid_scenario_is_an_error_with_the_reason() {
    let out = jobsim(&["run", "-"], "kind: Simulation\nspec: {until: forever}\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("spec.until"));
}

#[test]
fn a_job_in_a_namespace_that_does_not_exist_is_refused_in_the_api_servers_words() {
    let text = SCENARIO.replace(
        "metadata: {name: pi}\nspec:\n  completions",
        "metadata: {name: pi, namespace: team-a}\nspec:\n  completions",
    );
    let out = jobsim(&["run", "-"], &text);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: document at line 10: namespaces \"team-a\" not found\n"
    );
    let declared =
        format!("{text}---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: team-a}}\n");
    let out = jobsim(&["run", "-", "--json"], &declared);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `jobsim run big.yaml | head`: the reader stops after a few lines, and the run ends with its
/// own status and no error, as a program of a shell pipeline does.
#[test]
fn a_reader_that_stops_early_only_ends_the_output() {
    use std::io::{Read, Write};
    let many = SCENARIO.replace("completions: 2", "completions: 400\n  parallelism: 50");
    for args in [&["run", "-"][..], &["run", "-", "--json"]] {
        let mut child = support::spawn(args);
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(many.as_bytes())
            .expect("the scenario is written");
        let mut head = [0; 100];
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut head).expect("the output begins");
        drop(stdout);
        let out = child.wait_with_output().expect("jobsim ends");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
