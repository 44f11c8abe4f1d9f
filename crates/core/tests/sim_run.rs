//! Scenario runs on the virtual cluster: the timings a cluster shows, determinism, invariants.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

const ZERO_LATENCY: &str = "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1, cpu: \"4\", memory: 8Gi }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
";

fn job(name: &str, spec: &str, command: &str, restart: &str) -> String {
    format!(
        "---\napiVersion: batch/v1\nkind: Job\nmetadata: {{name: {name}}}\nspec:\n{spec}  template:\n    spec:\n      containers: [{{name: main, image: busybox, command: [\"sh\", \"-c\", {command:?}]}}]\n      restartPolicy: {restart}\n"
    )
}

fn run(text: &str) -> Value {
    let world = simulate(text, Overrides::default()).unwrap();
    to_json(&world, false)
}

fn seconds(v: &Value) -> i64 {
    let t: jiff::Timestamp = v.as_str().unwrap().parse().unwrap();
    t.as_second()
        - "2026-01-01T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second()
}

fn pod_times(doc: &Value, field: &str) -> Vec<i64> {
    doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| seconds(&p[field]))
        .collect()
}

#[test]
fn the_same_scenario_twice_gives_byte_identical_json() {
    let text =
        format!(
        "kind: Simulation\nspec:\n  seed: 9\n  timing: {{ imagePull: {{ min: 1s, max: 3s }} }}\n{}",
        job("pi", "  completions: 5\n  parallelism: 2\n", "sleep 3", "Never")
    );
    let a = serde_json::to_string(&run(&text)).unwrap();
    let b = serde_json::to_string(&run(&text)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_different_seed_names_the_pods_differently() {
    let text = format!("{ZERO_LATENCY}{}", job("pi", "", "sleep 1", "Never"));
    let a = run(&text);
    let other = simulate(
        &text,
        Overrides {
            seed: Some(4),
            until: None,
        },
    )
    .unwrap();
    let b = to_json(&other, false);
    assert_ne!(a["pods"][0]["name"], b["pods"][0]["name"]);
}

#[test]
fn a_sleep_2_job_with_zero_latencies_completes_after_2_seconds() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job("pi", "", "sleep 2", "Never")
    ));
    let status = &doc["jobs"][0]["status"];
    assert_eq!(status["succeeded"], 1);
    let done = seconds(&status["completionTime"]);
    assert!((2..=3).contains(&done), "completed at {done}s");
    assert_eq!(pod_times(&doc, "finishedAt"), [2]);
}

#[test]
fn a_failing_pod_under_never_is_retried_after_10s_then_20s_then_40s() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job("fail", "  backoffLimit: 3\n", "exit 1", "Never")
    ));
    assert_eq!(pod_times(&doc, "createdAt"), [0, 10, 30, 70]);
    let status = &doc["jobs"][0]["status"];
    assert_eq!(status["failed"], 4);
    let failed = status["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Failed")
        .unwrap();
    assert_eq!(failed["reason"], "BackoffLimitExceeded");
}

#[test]
fn a_failing_container_under_on_failure_restarts_in_place_with_crash_loop_backoff() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job("crash", "  backoffLimit: 3\n", "exit 2", "OnFailure")
    ));
    let pods = doc["pods"].as_array().unwrap();
    assert_eq!(pods.len(), 1, "the pod restarts in place");
    let restarts = pods[0]["restarts"].as_i64().unwrap();
    assert!(restarts >= 3, "restarts {restarts}");
    let backoffs = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "BackOff")
        .count();
    assert!(backoffs >= 2);
    let status = &doc["jobs"][0]["status"];
    assert!(status["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["type"] == "Failed" && c["reason"] == "BackoffLimitExceeded"));
}

/// The message of the run's first FailedScheduling event.
fn failed_scheduling(doc: &Value) -> Option<Value> {
    doc["events"]
        .as_array()?
        .iter()
        .find(|e| e["reason"] == "FailedScheduling")
        .map(|e| e["message"].clone())
}

#[test]
fn a_pod_too_big_for_the_cluster_stays_pending_with_failed_scheduling() {
    let text = format!(
        "kind: Simulation\nspec:\n  until: 1m\n{}",
        "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n      containers: [{name: main, image: busybox, command: [sleep, \"5\"], resources: {requests: {cpu: \"64\"}}}]\n      restartPolicy: Never\n"
    );
    let doc = run(&text);
    assert_eq!(doc["pods"][0]["phase"], "Pending");
    assert_eq!(
        failed_scheduling(&doc),
        Some(Value::from("0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."))
    );
    assert_eq!(doc["endTime"], "1970-01-01T00:01:00Z");
}

#[test]
fn a_node_runs_at_most_its_pods_and_the_rest_wait_with_too_many_pods() {
    let text = "kind: Simulation\nspec:\n  until: 20s\n  nodes: [{ name: small, pods: 3 }]\n\
        ---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: many}\nspec:\n  parallelism: 5\n  \
        completions: 5\n  template:\n    spec:\n      containers: [{name: main, image: busybox, \
        command: [sleep, \"60\"]}]\n      restartPolicy: Never\n";
    let doc = run(text);
    let phases: Vec<&str> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases.iter().filter(|p| **p == "Running").count(),
        3,
        "{phases:?}"
    );
    assert_eq!(
        phases.iter().filter(|p| **p == "Pending").count(),
        2,
        "{phases:?}"
    );
    assert_eq!(
        failed_scheduling(&doc),
        Some(Value::from("0/1 nodes are available: 1 Too many pods. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))
    );
}

#[test]
fn a_node_selector_on_the_kubelets_own_labels_picks_that_node() {
    let text = "kind: Simulation
spec:
  seed: 3
  nodes: [{ namePrefix: node-, count: 3 }]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pinned}
spec:
  completions: 3
  parallelism: 3
  template:
    spec:
      nodeSelector: {kubernetes.io/hostname: node-2, kubernetes.io/os: linux}
      containers: [{name: main, image: busybox, command: [\"true\"]}]
      restartPolicy: Never
";
    let doc = run(text);
    let nodes: Vec<&str> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["node-2", "node-2", "node-2"]);
}

#[test]
fn parallelism_bounds_the_active_pods_and_every_pod_is_owned() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job(
            "pi",
            "  completions: 7\n  parallelism: 3\n",
            "sleep 4",
            "Never"
        )
    ));
    let j = &doc["jobs"][0];
    assert_eq!(j["maxActive"], 3);
    assert_eq!(j["podsCreated"], 7);
    assert_eq!(j["status"]["succeeded"], 7);
    assert!(doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["job"] == "pi"));
}

#[test]
fn an_indexed_job_gives_each_pod_its_index_in_the_environment() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job(
            "idx",
            "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n",
            "exit $JOB_COMPLETION_INDEX",
            "Never"
        )
    ));
    let mut by_index: Vec<(i64, i64)> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|p| {
            (
                p["index"].as_i64().unwrap(),
                p["exitCode"].as_i64().unwrap(),
            )
        })
        .collect();
    by_index.sort();
    assert_eq!(by_index, [(0, 0), (1, 1), (2, 2)]);
}

#[test]
fn a_jobs_pods_share_the_templates_labels_until_one_needs_its_own() {
    let labels_of = |completion_mode: &str| {
        let text = format!(
            "{ZERO_LATENCY}{}",
            job(
                "lbl",
                &format!(
                    "  completions: 2\n  parallelism: 2\n  completionMode: {completion_mode}\n"
                ),
                "exit 0",
                "Never"
            )
        );
        let world = simulate(&text, Overrides::default()).unwrap();
        let labels: Vec<_> = world
            .store
            .pods()
            .filter_map(|(_, p)| p.metadata.labels.clone())
            .collect();
        assert_eq!(labels.len(), 2);
        labels
    };
    let shared = labels_of("NonIndexed");
    assert!(std::sync::Arc::ptr_eq(&shared[0], &shared[1]));
    assert_eq!(shared[0].get("job-name").map(String::as_str), Some("lbl"));
    let own = labels_of("Indexed");
    assert!(!std::sync::Arc::ptr_eq(&own[0], &own[1]));
    let indexes: Vec<_> = own
        .iter()
        .filter_map(|l| l.get("batch.kubernetes.io/job-completion-index").cloned())
        .collect();
    assert_eq!(indexes, ["0", "1"]);
}

#[test]
fn fail_pod_and_delete_pod_actions_reach_the_pod() {
    let text = format!(
        "kind: Simulation\nspec:\n  start: \"2026-01-01T00:00:00Z\"\n  nodes: [{{ name: node-1, cpu: \"4\" }}]\n  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }}\n  actions:\n    - {{ at: 5s, failPod: {{ job: pi, index: 0, exitCode: 3 }} }}\n    - {{ at: 20s, deletePod: {{ job: pi, index: 0 }} }}\n{}",
        job("pi", "  backoffLimit: 6\n", "sleep 100", "Never")
    );
    let doc = run(&text);
    let pods = doc["pods"].as_array().unwrap();
    assert_eq!(pods[0]["exitCode"], 3);
    assert_eq!(seconds(&pods[0]["finishedAt"]), 5);
    assert!(pods.len() >= 2);
    assert!(!pods[1]["deletedAt"].is_null(), "{:?}", pods[1]);
}

#[test]
fn a_finished_job_with_a_ttl_is_deleted_with_its_pods_after_the_ttl() {
    let doc = run(&format!(
        "{ZERO_LATENCY}{}",
        job("ttl", "  ttlSecondsAfterFinished: 5\n", "sleep 2", "Never")
    ));
    let j = &doc["jobs"][0];
    let finished = seconds(&j["status"]["completionTime"]);
    let deleted = seconds(&j["deletedAt"]);
    assert_eq!(
        deleted - finished,
        5,
        "finished {finished}s, deleted {deleted}s"
    );
    assert_eq!(seconds(&doc["pods"][0]["deletedAt"]), deleted);
}

#[test]
fn an_oom_kill_fails_the_job_and_its_other_pods_are_killed_after_the_grace_period() {
    let text = format!(
        "{ZERO_LATENCY}  actions:\n    - {{ at: 5s, oomKill: {{ job: pi, index: 1 }} }}\n{}",
        job(
            "pi",
            "  completions: 3\n  parallelism: 3\n  backoffLimit: 0\n  completionMode: Indexed\n",
            "sleep 100",
            "Never"
        )
    );
    let doc = run(&text);
    let pods = doc["pods"].as_array().unwrap();
    let oom = pods.iter().find(|p| p["index"] == 1).unwrap();
    assert_eq!(oom["reason"], "OOMKilled");
    assert_eq!(oom["exitCode"], 137);
    // The shell ignores SIGTERM as PID 1: the kubelet's SIGKILL ends it after the 30 s grace.
    let others: Vec<i64> = pods
        .iter()
        .filter(|p| p["index"] != 1)
        .map(|p| seconds(&p["finishedAt"]))
        .collect();
    assert_eq!(others, [36, 36]);
    let status = &doc["jobs"][0]["status"];
    let failed = status["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Failed")
        .unwrap();
    assert!(seconds(&failed["lastTransitionTime"]) >= 36);
}

#[test]
fn failures_a_pod_failure_policy_ignores_are_not_counted() {
    let text = format!(
        "{ZERO_LATENCY}{}",
        "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: pfp}\nspec:\n  completions: 2\n  parallelism: 2\n  podFailurePolicy:\n    rules:\n    - {action: Ignore, onExitCodes: {operator: In, values: [42]}}\n  template:\n    metadata: {annotations: {jobsim.dev/exit-code: \"42\"}}\n    spec:\n      containers: [{name: main, image: busybox, command: [sh, -c, sleep 1]}]\n      restartPolicy: Never\n"
    );
    let world = simulate(
        &text,
        Overrides {
            seed: None,
            until: Some(jobsim_core::sim::scenario::Until::After(
                jobsim_core::sim::time::SimDuration::from_secs(60),
            )),
        },
    )
    .unwrap();
    let doc = to_json(&world, false);
    let j = &doc["jobs"][0];
    assert_eq!(j["status"]["failed"], 0);
    assert!(j["podsCreated"].as_u64().unwrap() > 2, "{j}");
    assert!(doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["exitCode"].is_null() || p["exitCode"] == 42));
}

#[test]
fn a_pods_watch_lines_count_ready_containers_over_all_of_them() {
    let text = format!(
        "{ZERO_LATENCY}---\napiVersion: batch/v1\nkind: Job\nmetadata: {{name: pair}}\nspec:\n  template:\n    spec:\n      containers:\n        - {{name: a, image: busybox, command: [sleep, \"2\"]}}\n        - {{name: b, image: busybox, command: [sleep, \"2\"]}}\n      restartPolicy: Never\n"
    );
    let world = simulate(&text, Overrides::default()).unwrap();
    let lines: Vec<(&str, &str)> = world
        .pod_lines
        .iter()
        .map(|l| (&*l.ready, &*l.status))
        .collect();
    assert_eq!(
        lines,
        [
            ("0/2", "Pending"),
            ("0/2", "ContainerCreating"),
            ("2/2", "Running"),
            ("0/2", "Completed"),
        ]
    );
}

/// A Job in namespace `team-a` with a short run.
const TEAM_A_JOB: &str = "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: pi, namespace: team-a}\nspec:\n  template:\n    spec:\n      containers: [{name: main, image: busybox, command: [sleep, \"1\"]}]\n      restartPolicy: Never\n";

const TEAM_A: &str = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n";

#[test]
fn a_job_in_a_namespace_the_scenario_does_not_declare_is_refused_at_its_document() {
    let e = simulate(&format!("{ZERO_LATENCY}{TEAM_A_JOB}"), Overrides::default())
        .err()
        .expect("refused");
    assert_eq!(e, "document at line 8: namespaces \"team-a\" not found");
    let cron_job = "---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tick, namespace: team-a}\nspec:\n  schedule: \"* * * * *\"\n  suspend: true\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: main, image: busybox}]\n          restartPolicy: Never\n";
    let e = simulate(&format!("{ZERO_LATENCY}{cron_job}"), Overrides::default())
        .err()
        .expect("refused");
    assert_eq!(e, "document at line 8: namespaces \"team-a\" not found");
}

#[test]
fn a_namespace_document_anywhere_in_the_scenario_holds_its_jobs() {
    for text in [
        format!("{ZERO_LATENCY}{TEAM_A}{TEAM_A_JOB}"),
        format!("{ZERO_LATENCY}{TEAM_A_JOB}{TEAM_A}"),
    ] {
        let doc = run(&text);
        assert_eq!(doc["jobs"][0]["namespace"], "team-a", "{text}");
        assert_eq!(doc["jobs"][0]["status"]["succeeded"], 1, "{text}");
    }
}

#[test]
fn a_namespace_document_is_validated_as_the_api_server_validates_a_namespace() {
    let bad = TEAM_A.replace("team-a", "Team_A");
    let e = simulate(&format!("{ZERO_LATENCY}{bad}"), Overrides::default())
        .err()
        .expect("refused");
    assert_eq!(
        e,
        "document at line 8: The Namespace \"Team_A\" is invalid: metadata.name: Invalid value: \
         \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric \
         characters or '-', and must start and end with an alphanumeric character (e.g. \
         'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    let unnamed = "---\napiVersion: v1\nkind: Namespace\nmetadata: {labels: {team: a}}\n";
    let e = simulate(&format!("{ZERO_LATENCY}{unnamed}"), Overrides::default())
        .err()
        .expect("refused");
    assert_eq!(
        e,
        "document at line 8: The Namespace \"\" is invalid: metadata.name: Required value: \
         name or generateName is required"
    );
}

#[test]
fn the_clusters_own_namespaces_hold_jobs_without_a_namespace_document() {
    let job = TEAM_A_JOB.replace("team-a", "kube-system");
    let doc = run(&format!("{ZERO_LATENCY}{job}"));
    assert_eq!(doc["jobs"][0]["namespace"], "kube-system");
}

/// `jobsim run --json` writes its document as it goes; it is the document [`to_json`] builds, key
/// for key, in every lesson (CronJobs, queues, kubectl commands) and in a run with node events
/// (which have no namespace), with and without `--summary`.
#[test]
fn the_written_document_is_the_built_one() {
    use jobsim_core::lessons::LESSONS;
    use jobsim_core::sim::report::{write, Output};
    let node_faults = include_str!("fixtures/sim/node_faults.yaml");
    let scenarios = LESSONS.iter().map(|l| (l.id, l.scenario));
    let mut keys = std::collections::BTreeSet::new();
    let mut without_namespace = 0;
    for (id, scenario) in scenarios.chain([("node_faults", node_faults)]) {
        let world = simulate(scenario, Overrides::default()).unwrap();
        for summary in [false, true] {
            let mut written = Vec::new();
            write(
                &world,
                Output {
                    json: true,
                    summary,
                },
                &mut written,
            )
            .unwrap();
            let built = to_json(&world, summary);
            let mut expected = serde_json::to_string_pretty(&built).unwrap();
            expected.push('\n');
            assert_eq!(String::from_utf8(written).unwrap(), expected, "{id}");
            keys.extend(built.as_object().unwrap().keys().cloned());
            let events = built["events"].as_array().into_iter().flatten();
            without_namespace += events.filter(|e| e.get("namespace").is_none()).count();
        }
    }
    assert!(without_namespace > 0);
    let all = [
        "cronJobs",
        "endTime",
        "events",
        "eventsProcessed",
        "jobs",
        "kubectl",
        "pods",
        "queues",
    ];
    assert_eq!(keys, all.map(String::from).into());
}
