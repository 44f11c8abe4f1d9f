//! The work-queue lessons: one item per pod (completions = items) and workers draining the
//! queue until it is empty (the Job completes when the first worker succeeds and all are
//! done), with the queue's length over time; a consumer that dies gives its item back.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::store::Key;
use jobsim_core::sim::world::World;
use serde_json::Value;

const ONE_PER_POD: &str = include_str!("fixtures/scenarios/work-queue-one-per-pod.yaml");
const WORKERS: &str = include_str!("fixtures/scenarios/work-queue-workers.yaml");

fn run(text: &str) -> Value {
    let world = simulate(text, Overrides::default()).unwrap();
    to_json(&world, false)
}

/// Seconds after 00:00:00 of an RFC 3339 time of 2026-01-01.
fn secs(v: &Value) -> f64 {
    let t: jiff::Timestamp = v.as_str().unwrap().parse().unwrap();
    let start: jiff::Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    t.duration_since(start).as_secs_f64()
}

/// The queue's history as `(seconds, waiting, processing)`.
fn history(doc: &Value) -> Vec<(f64, u64, u64)> {
    doc["queues"][0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                secs(&s["time"]),
                s["waiting"].as_u64().unwrap(),
                s["processing"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn all_items() -> Vec<&'static str> {
    vec![
        "apple", "banana", "cherry", "date", "fig", "grape", "lemon", "melon",
    ]
}

#[test]
fn one_item_per_pod_runs_as_many_pods_as_items() {
    let doc = run(ONE_PER_POD);
    let job = &doc["jobs"][0];
    assert_eq!(job["status"]["succeeded"], 8);
    assert_eq!(job["podsCreated"], 8);
    assert_eq!(job["maxActive"], 2);
    assert_eq!(secs(&job["status"]["completionTime"]), 44.0);
    assert_eq!(doc["queues"][0]["done"], serde_json::json!(all_items()));
    // Two at a time, 10 s each, the next pair 1 s after (the Job controller's batch period).
    assert_eq!(
        history(&doc),
        [
            (0.0, 6, 2),
            (10.0, 6, 0),
            (11.0, 4, 2),
            (21.0, 4, 0),
            (22.0, 2, 2),
            (32.0, 2, 0),
            (33.0, 0, 2),
            (43.0, 0, 0),
        ]
    );
}

#[test]
fn each_pod_logs_the_item_it_took() {
    let (scenario, rng) = load(ONE_PER_POD, Overrides::default()).unwrap();
    let mut world = World::new(scenario, rng).unwrap();
    world.run().unwrap();
    let mut logged: Vec<String> = world
        .store
        .pods()
        .map(|(k, _)| {
            world
                .container_log(k, "c", false)
                .unwrap_or_else(|e| panic!("{k:?}: {e:?}"))
        })
        .collect();
    logged.sort();
    let mut expected: Vec<String> = all_items()
        .iter()
        .map(|i| format!("Processing {i}\n"))
        .collect();
    expected.sort();
    assert_eq!(logged, expected);
}

#[test]
fn workers_drain_the_queue_and_the_job_completes_when_all_are_done() {
    let doc = run(WORKERS);
    let job = &doc["jobs"][0];
    assert_eq!(job["podsCreated"], 2, "no pod after the first success");
    assert_eq!(job["status"]["succeeded"], 2);
    assert_eq!(doc["queues"][0]["done"], serde_json::json!(all_items()));
    assert_eq!(
        history(&doc),
        [
            (0.0, 6, 2),
            (10.0, 4, 2),
            (20.0, 2, 2),
            (30.0, 0, 2),
            (40.0, 0, 0)
        ]
    );
    // The worker that found the other's item still in work looks again 2 s later.
    let mut finished: Vec<f64> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| secs(&p["finishedAt"]))
        .collect();
    finished.sort_by(f64::total_cmp);
    assert_eq!(finished, [40.0, 42.0]);
    assert_eq!(secs(&job["status"]["completionTime"]), 43.0);
    assert!(job["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["type"] == "Complete"));
}

#[test]
fn a_worker_deleted_mid_item_gives_the_item_back() {
    let text = WORKERS.replace(
        "  queues:",
        "  actions:\n    - { at: 5s, deletePod: { job: job-wq-2, index: 0 } }\n  queues:",
    );
    let doc = run(&text);
    let done = doc["queues"][0]["done"].as_array().unwrap();
    assert_eq!(done.len(), 8, "{done:?}");
    let job = &doc["jobs"][0];
    assert_eq!(job["podsCreated"], 3, "the deleted worker is replaced");
    assert!(history(&doc).iter().all(|&(_, w, p)| w + p <= 8));
}

#[test]
fn an_undeclared_queue_is_a_warning_on_the_pod() {
    let text = ONE_PER_POD
        .replace(
            "{ name: QUEUE, value: job1 }",
            "{ name: QUEUE, value: nope }",
        )
        .replace(
            "kind: Simulation\nspec:\n",
            "kind: Simulation\nspec:\n  until: 30s\n",
        );
    let doc = run(&text);
    let warned = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["reason"] == "QueueNotFound");
    assert!(warned);
    assert_eq!(doc["jobs"][0]["status"]["succeeded"], 0);
    assert_eq!(doc["jobs"][0]["status"]["active"], 2);
}

#[test]
fn the_same_seed_twice_gives_the_same_json() {
    let text = WORKERS.replace(
        "timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }",
        "timing: { controllerDelay: { min: 50ms, max: 300ms }, imagePull: { min: 1s, max: 3s } }",
    );
    let a = serde_json::to_string(&run(&text)).unwrap();
    let b = serde_json::to_string(&run(&text)).unwrap();
    assert_eq!(a, b);
    let key: Key = ("default".into(), "job-wq-2".into());
    let (scenario, rng) = load(&text, Overrides::default()).unwrap();
    let mut world = World::new(scenario, rng).unwrap();
    world.run().unwrap();
    assert!(world.store.job(&key).is_some_and(|j| j.is_finished()));
}
