//! A scenario's `kubectl:` actions run at their time, and `jobsim run` prints what they
//! printed, in order, as a console would show it.

use jobsim_core::sim::report::{human, simulate, to_json};
use jobsim_core::sim::scenario::Overrides;

const SCENARIO: &str = "kind: Simulation
spec:
  seed: 2
  start: \"2026-01-01T00:00:00Z\"
  until: 40s
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
  actions:
    - { at: 5s, kubectl: \"kubectl get jobs\" }
    - { at: 6s, kubectl: \"kubectl scale jobs pi --replicas=3\" }
    - { at: 7s, kubectl: \"kubectl patch job pi --type=strategic --patch '{\\\"spec\\\":{\\\"suspend\\\":true}}'\" }
    - { at: 8s, kubectl: \"kubectl get job pi -o jsonpath={.spec.parallelism}\" }
    - { at: 9s, kubectl: \"kubectl apply -f -\", stdin: \"apiVersion: batch/v1\\nkind: Job\\nmetadata: {name: two}\\nspec:\\n  template:\\n    spec:\\n      containers: [{name: c, image: busybox, command: [echo, hi]}]\\n      restartPolicy: Never\\n\" }
    - { at: 20s, kubectl: \"kubectl logs job/two\" }
    - { at: 30s, kubectl: \"kubectl delete job pi\" }
    - { at: 31s, kubectl: \"kubectl get job pi\" }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 4
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sleep, \"100\"]}]
      restartPolicy: Never
";

#[test]
fn kubectl_actions_print_in_order_in_the_run() {
    let world = simulate(SCENARIO, Overrides::default()).expect("runs");
    let out = human(&world);
    let start = out.find("# kubectl commands\n").expect("a kubectl section");
    let end = out[start..]
        .find("\n# kubectl get jobs (at")
        .expect("then get jobs")
        + start;
    assert_eq!(
        &out[start..end],
        "# kubectl commands\n\
         [0m05s] $ kubectl get jobs\n\
         NAME   STATUS    COMPLETIONS   DURATION   AGE\n\
         pi     Running   0/4           5s         5s\n\
         [0m06s] $ kubectl scale jobs pi --replicas=3\n\
         job.batch/pi scaled\n\
         kubectl scale job is DEPRECATED and will be removed in a future version.\n\
         [0m07s] $ kubectl patch job pi --type=strategic --patch '{\"spec\":{\"suspend\":true}}'\n\
         job.batch/pi patched\n\
         [0m08s] $ kubectl get job pi -o jsonpath={.spec.parallelism}\n\
         3[0m09s] $ kubectl apply -f -\n\
         job.batch/two created\n\
         [0m20s] $ kubectl logs job/two\n\
         hi\n\
         [0m30s] $ kubectl delete job pi\n\
         job.batch \"pi\" deleted\n\
         [0m31s] $ kubectl get job pi\n\
         Error from server (NotFound): jobs.batch \"pi\" not found\n"
    );
    let json = to_json(&world, true);
    assert_eq!(json["kubectl"][1]["exitCode"], 0);
    assert_eq!(json["kubectl"][7]["exitCode"], 1);
}

#[test]
fn a_kubectl_action_is_checked_like_the_others() {
    let text = "kind: Simulation\nspec:\n  actions:\n    - { at: 1s, kubectl: \"get pods\", failPod: { pod: x } }\n";
    let e = simulate(text, Overrides::default()).err().expect("refused");
    assert!(e.contains("set exactly one of"), "{e}");
}

#[test]
fn a_wait_in_a_scenario_runs_the_world_on_until_the_condition_holds() {
    let text = "kind: Simulation
spec:
  start: \"2026-01-01T00:00:00Z\"
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
  actions:
    - { at: 1s, kubectl: \"kubectl wait --for=condition=complete job/pi --timeout=1m\" }
    - { at: 2s, kubectl: \"kubectl get job pi -o jsonpath={.status.succeeded}\" }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sleep, \"10\"]}]
      restartPolicy: Never
";
    let world = simulate(text, Overrides::default()).expect("runs");
    let log: Vec<(String, &str)> = world
        .kubectl_log
        .iter()
        .map(|k| (k.time.to_string(), k.output.stdout.as_str()))
        .collect();
    assert_eq!(
        log,
        [
            ("0m01s".to_string(), "job.batch/pi condition met\n"),
            ("0m11s".to_string(), "1"),
        ]
    );
}

#[test]
fn a_kubectl_action_into_a_namespace_that_does_not_exist_is_refused_until_it_is_created() {
    let text = "kind: Simulation
spec:
  start: \"2026-01-01T00:00:00Z\"
  until: 10s
  actions:
    - { at: 1s, kubectl: \"kubectl apply -f -\", stdin: \"apiVersion: batch/v1\\nkind: Job\\nmetadata: {name: x, namespace: team-a}\\nspec:\\n  template:\\n    spec:\\n      containers: [{name: c, image: busybox}]\\n      restartPolicy: Never\\n\" }
    - { at: 2s, kubectl: \"kubectl create namespace team-a\" }
    - { at: 3s, kubectl: \"kubectl apply -f -\", stdin: \"apiVersion: batch/v1\\nkind: Job\\nmetadata: {name: x, namespace: team-a}\\nspec:\\n  template:\\n    spec:\\n      containers: [{name: c, image: busybox}]\\n      restartPolicy: Never\\n\" }
";
    let world = simulate(text, Overrides::default()).expect("runs");
    let log: Vec<(&str, &str, i32)> = world
        .kubectl_log
        .iter()
        .map(|k| {
            let out = &k.output;
            (out.stdout.as_str(), out.stderr.as_str(), out.exit_code)
        })
        .collect();
    assert_eq!(
        log,
        [
            (
                "",
                "Error from server (NotFound): error when creating \"STDIN\": \
                 namespaces \"team-a\" not found\n",
                1
            ),
            ("namespace/team-a created\n", "", 0),
            ("job.batch/x created\n", "", 0),
        ]
    );
}

#[test]
fn get_jobs_watch_prints_a_line_per_write_of_a_job_down_to_its_deletion() {
    let text = "kind: Simulation
spec:
  start: \"2026-01-01T00:00:00Z\"
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
  actions:
    - { at: 1s, kubectl: \"kubectl get jobs -w\" }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  ttlSecondsAfterFinished: 10
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sleep, \"5\"]}]
      restartPolicy: Never
";
    let world = simulate(text, Overrides::default()).expect("runs");
    let out = &world.kubectl_log[0].output.stdout;
    let lines: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    );
    assert_eq!(lines[1], ["pi", "Running", "0/1", "1s", "1s"]);
    // Then each write of the Job as it happened: Complete once the controller counted the pod
    // (a second after it ended, its sync batch), and the TTL controller's foreground deletion
    // ten seconds later — marked, its finalizer gone, deleted: three lines.
    let watched = &lines[2..];
    assert!(watched.len() >= 2, "{out}");
    let complete = watched
        .iter()
        .position(|l| l[1] == "Complete")
        .expect("a Complete line");
    assert_eq!(
        watched[complete],
        ["pi", "Complete", "1/1", "6s", "6s"],
        "{out}"
    );
    let deletion = &watched[watched.len() - 3..];
    let deleted = ["pi", "Complete", "1/1", "6s", "16s"];
    assert!(deletion.iter().all(|l| *l == deleted), "{out}");
    assert_eq!(
        watched.len(),
        world
            .job_lines
            .iter()
            // The listing at 1 s shows the writes up to it (an action runs after its
            // instant's events).
            .filter(|l| l.time.as_millis() > 1_000)
            .count(),
        "one line per write"
    );
}
