//! Counting finished pods through the tracking finalizer, from upstream's
//! TestTrackJobStatusAndRemoveFinalizers (pkg/controller/job/job_controller_test.go), run
//! through a whole sync. Upstream injects the pending terminal condition; here an existing
//! FailureTarget condition plays that part.

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use serde_json::{json, Value};

fn failure_target() -> Value {
    json!({ "type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit" })
}

/// name, spec, status, pods, expectation (finalizer_patches counts the removals).
type TrackCase = (&'static str, Value, Value, Vec<JobPod>, Expect);

#[test]
fn track_job_status_and_remove_finalizers_table() {
    use Phase::*;
    let mut too_many = pods("s", Succeeded, 500);
    too_many.push(pod("b", Failed));
    let indexed_finished: Vec<JobPod> = (0..501)
        .map(|i| pod(&format!("p{i}"), Succeeded).index(i))
        .collect();
    let cases: Vec<TrackCase> = vec![
        (
            "too many finished",
            json!({ "parallelism": 1, "completions": 1000 }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "uncountedTerminatedPods": { "failed": ["a", "b"] } }),
            too_many,
            Expect { succeeded: Some(499), failed: Some(1), finalizer_patches: Some(499), ..Default::default() },
        ),
        (
            // Upstream's unit test feeds trackJobStatusAndRemoveFinalizers only the previous
            // indexes and expects "0-499"; a whole syncJob has already added every succeeded
            // index it saw, so the status reads "0-500" while 500 finalizers go this sync.
            "too many indexed finished",
            json!({ "parallelism": 1, "completions": 501, "completionMode": "Indexed" }),
            json!({ "startTime": "2026-01-01T00:00:00Z" }),
            indexed_finished,
            Expect {
                succeeded: Some(501),
                completed_indexes: Some("0-500"),
                finalizer_patches: Some(500),
                conditions: Some(vec![("SuccessCriteriaMet", "True", "CompletionsReached")]),
                ..Default::default()
            },
        ),
        (
            "pod flips from failed to succeeded",
            json!({ "parallelism": 2, "completions": 2 }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "uncountedTerminatedPods": { "failed": ["a", "b"] }, "conditions": [failure_target()] }),
            vec![pod("a", Failed), pod("b", Succeeded)],
            Expect {
                succeeded: Some(0),
                failed: Some(2),
                finalizer_patches: Some(2),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded"), ("Failed", "True", "BackoffLimitExceeded")]),
                ..Default::default()
            },
        ),
        (
            "pod is terminating; counted as failed, but the JobFailed condition is delayed",
            json!({ "parallelism": 1, "completions": 1 }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "uncountedTerminatedPods": { "failed": ["a"] }, "conditions": [failure_target()] }),
            vec![pod("a", Running).terminating().counted()],
            Expect {
                failed: Some(1),
                terminating: Some(1),
                finalizer_patches: Some(0),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded")]),
                ..Default::default()
            },
        ),
        (
            "failing job: running pods count as failed",
            json!({ "parallelism": 3, "completions": 3 }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "conditions": [failure_target()] }),
            vec![pod("a", Succeeded), pod("b", Failed), pod("c", Running)],
            Expect {
                succeeded: Some(1),
                failed: Some(2),
                deletions: Some(1),
                finalizer_patches: Some(3),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded")]),
                ..Default::default()
            },
        ),
        (
            "indexed job new failed pods",
            json!({ "parallelism": 1, "completions": 6, "completionMode": "Indexed" }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "active": 1 }),
            vec![pod("a", Failed).index(1), pod("b", Failed).index(3), pod("c", Failed).index(3), pod("d", Running).index(5), pod("e", Failed)],
            Expect { active: Some(1), failed: Some(3), finalizer_patches: Some(4), ..Default::default() },
        ),
        (
            "indexed job prev successful pods outside current completions index range with no new succeeded pods",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed" }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "active": 2, "succeeded": 1, "completedIndexes": "3" }),
            vec![pod("a", Running).index(0), pod("b", Running).index(1)],
            Expect { active: Some(2), succeeded: Some(0), completed_indexes: Some(""), finalizer_patches: Some(0), ..Default::default() },
        ),
        (
            "indexed job prev successful pods outside current completions index range with new succeeded pods in range",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed" }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "active": 2, "succeeded": 1, "completedIndexes": "3" }),
            vec![pod("a", Running).index(0), pod("b", Succeeded).index(1)],
            Expect { active: Some(1), succeeded: Some(1), completed_indexes: Some("1"), finalizer_patches: Some(1), ..Default::default() },
        ),
        (
            "indexed job new successful pods",
            json!({ "parallelism": 1, "completions": 6, "completionMode": "Indexed" }),
            json!({ "startTime": "2026-01-01T00:00:00Z", "active": 1 }),
            vec![pod("a", Succeeded).index(1), pod("b", Succeeded).index(3), pod("c", Succeeded).index(3), pod("d", Running).index(5), pod("e", Succeeded)],
            Expect { active: Some(1), succeeded: Some(2), completed_indexes: Some("1,3"), finalizer_patches: Some(4), ..Default::default() },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}

#[test]
fn a_deleted_job_releases_running_pods_without_counting_them() {
    let mut job = job_with_status(
        json!({ "parallelism": 1, "completions": 3 }),
        json!({ "startTime": "2026-01-01T00:00:00Z", "active": 1 }),
    );
    job.metadata.deletion_timestamp = Some(jobsim_core::api::Time::from_timestamp(ago(1)));
    let out = sync(
        &job,
        &[
            pod("a", Phase::Succeeded),
            pod("b", Phase::Failed),
            pod("c", Phase::Running),
        ],
    );
    check(
        "deleted job",
        &out,
        &Expect {
            active: Some(1),
            succeeded: Some(1),
            failed: Some(1),
            creations: Some(0),
            deletions: Some(0),
            finalizer_patches: Some(3),
            ..Default::default()
        },
    );
}
