//! Several syncs in a row, driven the way the controller is driven: a pod change re-syncs the
//! Job after the 1 s batching period, a requested re-sync happens when asked, the status and
//! the backoff record carry over. Pods fail 5 s after they are created.

mod job_support;

use jiff::{SignedDuration, Timestamp};
use job_support::*;
use jobsim_core::api::Job;
use jobsim_core::controllers::job::backoff::BackoffRecord;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use jobsim_core::controllers::job::sync::{sync_job, SyncInput, SYNC_JOB_BATCH_PERIOD};
use serde_json::json;

const RUN_FOR: SignedDuration = SignedDuration::from_secs(5);

/// What happened: pod creations and the Job's terminal condition, in seconds from the start.
#[derive(Debug, Default)]
struct Timeline {
    created: Vec<i64>,
    finished: Option<(i64, String)>,
}

fn run(spec: serde_json::Value, exit_ok: impl Fn(usize) -> bool) -> Timeline {
    let start = now();
    let mut job: Job = job(spec.clone());
    let mut pods: Vec<JobPod> = Vec::new();
    let mut created_at: Vec<Timestamp> = Vec::new();
    let mut backoff = BackoffRecord::default();
    let mut timeline = Timeline::default();
    let mut next_sync = Some(start);
    for second in 0..600 {
        let t = start + SignedDuration::from_secs(second);
        // Pods finish RUN_FOR after creation; the change re-syncs the Job after the batch period.
        for (n, pod) in pods.iter_mut().enumerate() {
            if pod.phase == Phase::Running && created_at[n] + RUN_FOR == t {
                pod.phase = if exit_ok(n) {
                    Phase::Succeeded
                } else {
                    Phase::Failed
                };
                for c in &mut pod.containers {
                    c.exit_code = Some(if exit_ok(n) { 0 } else { 1 });
                    c.finished_at = Some(t);
                }
                let at = t + SYNC_JOB_BATCH_PERIOD;
                next_sync = Some(next_sync.map_or(at, |s| s.min(at)));
            }
        }
        if next_sync != Some(t) {
            continue;
        }
        let out = sync_job(SyncInput {
            job: &job,
            pods: &pods.iter().collect::<Vec<_>>(),
            now: t,
            backoff,
            name_seed: second as u64,
        });
        backoff = out.backoff.unwrap_or_default();
        for name in &out.remove_finalizers {
            if let Some(p) = pods.iter_mut().find(|p| &p.name == name) {
                p.tracked = false;
            }
        }
        for creation in &out.creates {
            let mut p = pod(&creation.name, Phase::Running);
            p.created_at = Some(t);
            for c in &mut p.containers {
                c.exit_code = None;
                c.finished_at = None;
            }
            pods.push(p);
            created_at.push(t);
            timeline.created.push(second);
        }
        job = job_with_status(
            spec.clone(),
            serde_json::to_value(&out.status).unwrap_or_default(),
        );
        if let Some(terminal) = out
            .status
            .conditions
            .iter()
            .flatten()
            .find(|c| c.type_ == "Complete" || c.type_ == "Failed")
        {
            timeline.finished = Some((second, terminal.reason.clone().unwrap_or_default()));
            break;
        }
        next_sync = out.requeue_after.map(|d| t + d);
    }
    timeline
}

#[test]
fn failing_pods_are_replaced_after_a_doubling_backoff_until_the_limit() {
    let timeline = run(
        json!({ "parallelism": 1, "completions": 1, "backoffLimit": 2 }),
        |_| false,
    );
    // Created at 0, fails at 5: the failure is seen at 6 and waits 10 s from 5 → 15.
    // Fails at 20: 20 s from 20 → 40. Fails at 45: seen at 46, 3 failures > backoffLimit 2.
    assert_eq!(timeline.created, vec![0, 15, 40]);
    assert_eq!(
        timeline.finished,
        Some((46, "BackoffLimitExceeded".to_string()))
    );
}

#[test]
fn a_success_after_failures_completes_the_job() {
    let timeline = run(
        json!({ "parallelism": 1, "completions": 1, "backoffLimit": 6 }),
        |n| n == 2,
    );
    assert_eq!(timeline.created, vec![0, 15, 40]);
    assert_eq!(
        timeline.finished,
        Some((46, "CompletionsReached".to_string()))
    );
}

#[test]
fn parallel_pods_start_together_and_the_job_completes_when_all_succeed() {
    let timeline = run(
        json!({ "parallelism": 3, "completions": 5, "backoffLimit": 6 }),
        |_| true,
    );
    // 3 at once; the three successes at 5 are seen at 6: two more; they succeed at 11, seen at 12.
    assert_eq!(timeline.created, vec![0, 0, 0, 6, 6]);
    assert_eq!(
        timeline.finished,
        Some((12, "CompletionsReached".to_string()))
    );
}
