//! Random Jobs and fault sequences on the virtual cluster: the invariants a cluster keeps.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{self, Overrides};
use jobsim_core::sim::time::{SimDuration, SimTime};
use jobsim_core::sim::world::World;
use proptest::prelude::*;
use serde_json::Value;

/// The init containers of the pod template, by number: none; one that runs 2 s; that one and a
/// sidecar looping until stopped (its shell ignores SIGTERM); a sidecar that ends every 3 s.
fn init_containers(which: u8) -> &'static str {
    match which {
        0 => "",
        1 => "      initContainers: [{name: prepare, image: busybox, command: [sh, -c, \"sleep 2\"]}]\n",
        2 => "      initContainers: [{name: prepare, image: busybox, command: [sh, -c, \"sleep 2\"]}, {name: shipper, image: busybox, restartPolicy: Always, command: [sh, -c, \"while true; do sleep 5; done\"]}]\n",
        _ => "      initContainers: [{name: shipper, image: busybox, restartPolicy: Always, command: [sh, -c, \"sleep 3; exit 1\"]}]\n",
    }
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    seed: u64,
    completions: u32,
    parallelism: u32,
    sleep: u32,
    exit: u32,
    restart: &str,
    init: u8,
    paced: bool,
    gc_threshold: u32,
    actions: &str,
) -> String {
    let init = init_containers(init);
    // The controller manager's and the scheduler's API rate limits, low enough to pace every
    // sync's writes and most binds.
    let limits = if paced {
        "apiQps: { qps: 5, burst: 2 }, schedulerQps: { qps: 3, burst: 1 }"
    } else {
        "apiQps: null"
    };
    // The pod garbage collector keeping a few finished pods (0: all of them).
    let limits = format!("{limits}, terminatedPodGCThreshold: {gc_threshold}");
    let actions = if actions.is_empty() {
        String::new()
    } else {
        format!("  actions:\n{actions}")
    };
    format!(
        "kind: Simulation\nspec:\n  seed: {seed}\n  start: \"2026-01-01T00:00:00Z\"\n  nodes: [{{ namePrefix: node-, count: 2, cpu: \"2\" }}]\n  timing: {{ imagePull: {{ min: 0s, max: 2s }}, containerStart: {{ min: 0s, max: 1s }}, {limits} }}\n{actions}---\napiVersion: batch/v1\nkind: Job\nmetadata: {{name: pi}}\nspec:\n  completions: {completions}\n  parallelism: {parallelism}\n  backoffLimit: 3\n  template:\n    spec:\n{init}      containers: [{{name: main, image: busybox, command: [sh, -c, \"sleep {sleep}; exit {exit}\"], resources: {{requests: {{cpu: 500m}}}}}}]\n      restartPolicy: {restart}\n"
    )
}

/// `failPod` actions: `(at, index)`.
fn pod_fault_actions(faults: &[(u32, u32)]) -> String {
    faults
        .iter()
        .map(|(at, index)| {
            format!("    - {{ at: {at}s, failPod: {{ job: pi, index: {index}, exitCode: 1 }} }}\n")
        })
        .collect()
}

fn secs(v: &Value) -> Option<i64> {
    v.as_str()?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_run_ends_and_keeps_the_invariants(
        seed in 0u64..1000,
        completions in 1u32..12,
        parallelism in 1u32..10,
        sleep in 0u32..20,
        exit in prop_oneof![Just(0u32), Just(1u32)],
        on_failure in any::<bool>(),
        init in 0u8..4,
        paced in any::<bool>(),
        faults in proptest::collection::vec((0u32..60, 0u32..3), 0..4),
        gc_threshold in 0u32..4,
    ) {
        let restart = if on_failure { "OnFailure" } else { "Never" };
        let actions = pod_fault_actions(&faults);
        let text = scenario(seed, completions, parallelism, sleep, exit, restart, init, paced, gc_threshold, &actions);
        let world = simulate(&text, Overrides::default()).expect("the run ends");
        let doc = to_json(&world, false);
        let again = to_json(&simulate(&text, Overrides::default()).expect("ends"), false);
        prop_assert_eq!(&doc, &again, "the same scenario gives the same run");
        let job = &doc["jobs"][0];
        prop_assert!(job["maxActive"].as_u64().unwrap_or(99) <= u64::from(parallelism));
        prop_assert!(job["status"]["succeeded"].as_u64().unwrap_or(0) <= u64::from(completions));
        let finished = job["status"]["conditions"].as_array().is_some_and(|c| {
            c.iter().any(|c| (c["type"] == "Complete" || c["type"] == "Failed") && c["status"] == "True")
        });
        prop_assert!(finished, "the Job ends: {}", job);
        let end = secs(&doc["endTime"]).unwrap_or(0);
        for pod in doc["pods"].as_array().into_iter().flatten() {
            prop_assert_eq!(&pod["job"], &Value::from("pi"), "every pod is owned");
            let times: Vec<i64> = ["createdAt", "startedAt", "finishedAt"]
                .iter()
                .filter_map(|f| secs(&pod[*f]))
                .collect();
            prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "time goes forward: {}", pod);
            prop_assert!(times.iter().all(|t| *t <= end));
        }
        let events: Vec<i64> = doc["events"].as_array().into_iter().flatten().filter_map(|e| secs(&e["time"])).collect();
        prop_assert!(events.windows(2).all(|w| w[0] <= w[1]), "events in time order");
        for node in ["node-1", "node-2"] {
            prop_assert!(most_running_at_once(&doc, node) <= 4, "{} runs more than its 2 CPUs hold", node);
        }
    }
}

/// The most pods of `doc` running at once on `node` (from their start to their end).
fn most_running_at_once(doc: &Value, node: &str) -> usize {
    let end = secs(&doc["endTime"]).unwrap_or(i64::MAX);
    let mut changes: Vec<(i64, i32)> = Vec::new();
    for pod in doc["pods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["node"] == node)
    {
        let Some(started) = secs(&pod["startedAt"]) else {
            continue;
        };
        let ended = secs(&pod["finishedAt"])
            .or_else(|| secs(&pod["deletedAt"]))
            .unwrap_or(end);
        changes.extend([(started, 1), (ended, -1)]);
    }
    // Ends before starts at the same second: a pod's place goes to the next.
    changes.sort_unstable();
    let mut running = 0;
    let mut most = 0;
    for (_, change) in changes {
        running += change;
        most = most.max(running);
    }
    usize::try_from(most).unwrap_or(0)
}

/// Node faults that heal: a silent node reports again, a cordoned or drained node is
/// uncordoned, the controllers wake. `(at, kind, node, lasting)` in seconds.
fn node_fault_actions(faults: &[(u32, u8, u32, u32)]) -> String {
    let mut out = String::new();
    for &(at, kind, node, lasting) in faults {
        let name = format!("{{ name: node-{node} }}");
        let end = at + lasting;
        let lines = match kind {
            0 => format!(
                "    - {{ at: {at}s, nodeDown: {name} }}\n    - {{ at: {end}s, nodeUp: {name} }}\n"
            ),
            1 => format!("    - {{ at: {at}s, evictNode: {name} }}\n"),
            2 => format!("    - {{ at: {at}s, evictPod: {{ job: pi, index: {node} }} }}\n"),
            3 => format!(
                "    - {{ at: {at}s, drain: {name} }}\n    - {{ at: {end}s, uncordon: {name} }}\n"
            ),
            4 => format!("    - {{ at: {at}s, controllersDown: {{ for: {lasting}s }} }}\n"),
            _ => format!(
                "    - {{ at: {at}s, cordon: {name} }}\n    - {{ at: {end}s, uncordon: {name} }}\n"
            ),
        };
        out.push_str(&lines);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn node_faults_keep_the_invariants_and_after_healing_every_job_ends(
        seed in 0u64..1000,
        completions in 1u32..6,
        parallelism in 1u32..4,
        sleep in 1u32..40,
        on_failure in any::<bool>(),
        init in 0u8..4,
        paced in any::<bool>(),
        faults in proptest::collection::vec((0u32..120, 0u8..6, 1u32..3, 0u32..600), 1..5),
        gc_threshold in 0u32..4,
    ) {
        let restart = if on_failure { "OnFailure" } else { "Never" };
        let actions = node_fault_actions(&faults);
        let text = scenario(seed, completions, parallelism, sleep, 0, restart, init, paced, gc_threshold, &actions);
        let (s, rng) = scenario::load(&text, Overrides::default()).expect("the scenario loads");
        let mut world = World::new(s, rng).expect("the world starts");
        world.run().expect("the run ends");
        let doc = to_json(&world, false);
        let again = to_json(&simulate(&text, Overrides::default()).expect("ends"), false);
        prop_assert_eq!(&doc, &again, "the same scenario gives the same run");
        let job = &doc["jobs"][0];
        prop_assert!(job["maxActive"].as_u64().unwrap_or(99) <= u64::from(parallelism));
        prop_assert!(job["status"]["succeeded"].as_u64().unwrap_or(0) <= u64::from(completions));
        let finished = job["status"]["conditions"].as_array().is_some_and(|c| {
            c.iter().any(|c| (c["type"] == "Complete" || c["type"] == "Failed") && c["status"] == "True")
        });
        prop_assert!(finished, "the Job ends: {}", job);
        // Every fault has healed by 720 s; a while later no pod waits on a node to confirm it.
        let later = world.now().max(SimTime::ZERO.after(SimDuration::from_secs(720)));
        world.advance_to(later.after(SimDuration::from_secs(300)), u64::MAX).expect("advances");
        for (key, pod) in world.store.pods() {
            let owner = pod.metadata.controller_ref().map(|r| r.name.clone());
            prop_assert_eq!(owner.as_deref(), Some("pi"), "{} is owned", key.1);
            prop_assert!(pod.metadata.deletion_timestamp.is_none(), "{} is not left terminating", key.1);
        }
        prop_assert!(world.store.nodes().all(|n| n.is_ready()), "every node is Ready again");
    }
}
