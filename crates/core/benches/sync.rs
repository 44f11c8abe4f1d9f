//! Syncs per second of the Job controller for Jobs with 1 k, 10 k and 100 k pods, most of them
//! finished and counted long ago (as in a long-running Job), plus 100 running: once with every
//! pod listed, as upstream's informer lists them, and once with only the live pods, as the
//! simulation passes them. Figures are printed, never asserted:
//! `cargo bench -p jobsim-core --bench sync`.
#![allow(clippy::disallowed_methods)] // a benchmark measures wall-clock time

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jobsim_core::api::Job;
use jobsim_core::controllers::job::backoff::BackoffRecord;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use jobsim_core::controllers::job::sync::{sync_job, SyncInput};
use serde_json::json;

const RUNNING: usize = 100;

fn job(pods: usize, indexed: bool) -> Job {
    let completions = pods + RUNNING * 10;
    let mut spec = json!({
        "parallelism": RUNNING, "completions": completions, "backoffLimit": 6,
        "template": { "spec": { "containers": [{ "name": "main" }], "restartPolicy": "Never" } }
    });
    let finished = pods - RUNNING;
    let mut status =
        json!({ "startTime": "2026-01-01T00:00:00Z", "succeeded": finished, "active": RUNNING });
    if indexed {
        spec["completionMode"] = json!("Indexed");
        status["completedIndexes"] = json!(format!("0-{}", finished - 1));
    }
    serde_json::from_value(json!({ "metadata": { "name": "big" }, "spec": spec, "status": status }))
        .unwrap_or_default()
}

fn pods(n: usize, created: Timestamp) -> Vec<JobPod> {
    (0..n)
        .map(|i| {
            let running = i >= n - RUNNING;
            let mut pod = JobPod::new(
                format!("big-{i}"),
                if running {
                    Phase::Running
                } else {
                    Phase::Succeeded
                },
            );
            pod.index = Some(i as i64);
            pod.node_name = "node".into();
            pod.created_at = Some(created);
            pod.tracked = running;
            pod
        })
        .collect()
}

fn measure(label: &str, job: &Job, pods: &[JobPod], now: Timestamp) {
    let pods: Vec<&JobPod> = pods.iter().collect();
    let input = SyncInput {
        job,
        pods: &pods,
        now,
        backoff: BackoffRecord::default(),
        name_seed: 1,
    };
    let budget = Duration::from_millis(700);
    let start = Instant::now();
    let mut syncs = 0u64;
    while start.elapsed() < budget {
        black_box(sync_job(black_box(input)));
        syncs += 1;
    }
    let per_second = syncs as f64 / start.elapsed().as_secs_f64();
    println!(
        "{label:>34}: {per_second:>10.0} syncs/s ({:.1} µs per sync)",
        1e6 / per_second
    );
}

fn main() {
    let now: Timestamp = "2026-01-01T01:00:00Z".parse().unwrap_or_default();
    let created: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap_or_default();
    for n in [1_000, 10_000, 100_000] {
        let all = pods(n, created);
        let live: Vec<JobPod> = all.iter().filter(|p| p.tracked).cloned().collect();
        measure(
            &format!("NonIndexed, {n} pods listed"),
            &job(n, false),
            &all,
            now,
        );
        measure(
            &format!("Indexed, {n} pods listed"),
            &job(n, true),
            &all,
            now,
        );
        // How the simulation calls it: pods finished and counted long ago are left out.
        measure(
            &format!("NonIndexed, {n}, live only"),
            &job(n, false),
            &live,
            now,
        );
        measure(
            &format!("Indexed, {n}, live only"),
            &job(n, true),
            &live,
            now,
        );
    }
}
