//! backoffLimit, the pod re-creation backoff and activeDeadlineSeconds, from upstream's
//! TestJobBackoffForOnFailure, TestJobBackoffOnRestartPolicyNever, TestSyncJobPastDeadline and
//! TestJobBackoff (pkg/controller/job/job_controller_test.go), with the 1.35 gates on.

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::backoff::BackoffRecord;
use jobsim_core::controllers::job::explain::{Act, Verdict};
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use serde_json::{json, Value};

const BACKOFF: (&str, &str, &str) = ("FailureTarget", "True", "BackoffLimitExceeded");
const BACKOFF_FAILED: (&str, &str, &str) = ("Failed", "True", "BackoffLimitExceeded");

fn on_failure(parallelism: i32, completions: i32, backoff_limit: i32) -> Value {
    json!({
        "parallelism": parallelism, "completions": completions, "backoffLimit": backoff_limit,
        "template": { "spec": { "containers": [{ "name": "main" }], "restartPolicy": "OnFailure" } }
    })
}

#[test]
fn on_failure_container_restarts_count_towards_the_backoff_limit() {
    use Phase::*;
    let cases: Vec<(&str, Value, Vec<JobPod>, Expect)> = vec![
        (
            "backoffLimit 0 should have 1 pod active",
            on_failure(1, 1, 0),
            vec![pod("a", Running)],
            Expect {
                active: Some(1),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "backoffLimit 1 with restartCount 0 should have 1 pod active",
            on_failure(1, 1, 1),
            vec![pod("a", Running)],
            Expect {
                active: Some(1),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active",
            on_failure(1, 1, 1),
            vec![pod("a", Running).restarts(1)],
            Expect {
                active: Some(0),
                deletions: Some(1),
                failed: Some(1),
                conditions: Some(vec![BACKOFF]),
                ..Default::default()
            },
        ),
        (
            "backoffLimit 1 with restartCount 1 and podPending should have 0 pod active",
            on_failure(1, 1, 1),
            vec![pod("a", Pending).restarts(1)],
            Expect {
                active: Some(0),
                deletions: Some(1),
                failed: Some(1),
                conditions: Some(vec![BACKOFF]),
                ..Default::default()
            },
        ),
        (
            "too many job failures with podRunning - single pod",
            on_failure(1, 5, 2),
            vec![pod("a", Running).restarts(2)],
            Expect {
                active: Some(0),
                failed: Some(1),
                conditions: Some(vec![BACKOFF]),
                ..Default::default()
            },
        ),
        (
            "too many job failures with podRunning - multiple pods",
            on_failure(2, 5, 2),
            vec![pod("a", Running).restarts(1), pod("b", Running).restarts(1)],
            Expect {
                active: Some(0),
                deletions: Some(2),
                failed: Some(2),
                conditions: Some(vec![BACKOFF]),
                ..Default::default()
            },
        ),
        (
            "not enough failures",
            on_failure(2, 5, 3),
            vec![pod("a", Running).restarts(1), pod("b", Running).restarts(1)],
            Expect {
                active: Some(2),
                deletions: Some(0),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "backoffLimit 0 with restartCount 0 should have success",
            on_failure(1, 1, 0),
            vec![pod("a", Succeeded)],
            Expect {
                succeeded: Some(1),
                conditions: Some(vec![
                    ("SuccessCriteriaMet", "True", "CompletionsReached"),
                    ("Complete", "True", "CompletionsReached"),
                ]),
                ..Default::default()
            },
        ),
        (
            "restarts of finished pods do not count",
            on_failure(2, 5, 1),
            vec![pod("a", Succeeded).restarts(3), pod("b", Running)],
            Expect {
                active: Some(2),
                creations: Some(1),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
    ];
    for (name, spec, pods, expect) in cases {
        check(name, &sync(&job(spec), &pods), &expect);
    }
}

#[test]
fn never_failed_pods_fail_the_job_only_beyond_the_backoff_limit() {
    let cases: Vec<(&str, i32, usize, Expect)> = vec![
        (
            "not enough failures with backoffLimit 0 - single pod",
            0,
            0,
            Expect {
                active: Some(1),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "not enough failures with backoffLimit 1 - single pod",
            1,
            1,
            Expect {
                active: Some(1),
                failed: Some(1),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "too many failures with backoffLimit 1 - single pod",
            1,
            2,
            Expect {
                active: Some(0),
                failed: Some(2),
                conditions: Some(vec![BACKOFF, BACKOFF_FAILED]),
                events: Some(vec!["BackoffLimitExceeded"]),
                ..Default::default()
            },
        ),
        (
            "not enough failures with backoffLimit 6 - multiple pods",
            6,
            6,
            Expect {
                failed: Some(6),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "too many failures with backoffLimit 6 - multiple pods",
            6,
            7,
            Expect {
                failed: Some(7),
                conditions: Some(vec![BACKOFF, BACKOFF_FAILED]),
                ..Default::default()
            },
        ),
    ];
    for (name, limit, failures, expect) in cases {
        let job = job(json!({ "parallelism": 1, "completions": 1, "backoffLimit": limit }));
        let mut all = pods("failed", Phase::Failed, failures);
        if failures == 0 {
            all.push(pod("run", Phase::Running));
        }
        let out = sync(&job, &all);
        check(name, &out, &expect);
        if failures as i32 > limit {
            assert_eq!(
                out.explanation.verdict,
                Some(Verdict::BackoffLimit {
                    failed: failures as i64,
                    limit: i64::from(limit)
                }),
                "{name}"
            );
        }
    }
}

#[test]
fn active_deadline_fails_the_job_and_kills_its_pods() {
    use Phase::*;
    let started = |seconds_ago: i64| json!({ "startTime": ago(seconds_ago).to_string() });
    let deadline = |parallelism: i32, completions: i32, seconds: i64| json!({ "parallelism": parallelism, "completions": completions, "backoffLimit": 6, "activeDeadlineSeconds": seconds });
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "activeDeadlineSeconds less than single pod execution",
            deadline(1, 1, 10),
            started(15),
            vec![pod("a", Running)],
            Expect {
                active: Some(0),
                deletions: Some(1),
                failed: Some(1),
                terminating: Some(1),
                conditions: Some(vec![("FailureTarget", "True", "DeadlineExceeded")]),
                events: Some(vec!["SuccessfulDelete"]),
                ..Default::default()
            },
        ),
        (
            "activeDeadlineSeconds bigger than single pod execution",
            deadline(1, 2, 10),
            started(15),
            vec![pod("a", Running), pod("b", Succeeded)],
            Expect {
                active: Some(0),
                deletions: Some(1),
                succeeded: Some(1),
                failed: Some(1),
                ..Default::default()
            },
        ),
        (
            "activeDeadlineSeconds times-out before any pod starts",
            deadline(1, 1, 10),
            started(10),
            vec![],
            Expect {
                conditions: Some(vec![
                    ("FailureTarget", "True", "DeadlineExceeded"),
                    ("Failed", "True", "DeadlineExceeded"),
                ]),
                events: Some(vec!["DeadlineExceeded"]),
                ..Default::default()
            },
        ),
        (
            "activeDeadlineSeconds with backofflimit reach",
            json!({ "parallelism": 1, "completions": 1, "backoffLimit": 0, "activeDeadlineSeconds": 1 }),
            started(10),
            vec![pod("f", Failed)],
            Expect {
                failed: Some(1),
                conditions: Some(vec![BACKOFF, BACKOFF_FAILED]),
                ..Default::default()
            },
        ),
        (
            "activeDeadlineSeconds is not triggered when Job is suspended",
            json!({ "parallelism": 1, "completions": 2, "backoffLimit": 6, "activeDeadlineSeconds": 10, "suspend": true }),
            started(15),
            vec![],
            Expect {
                conditions: Some(vec![("Suspended", "True", "JobSuspended")]),
                requeue_seconds: Some(None),
                ..Default::default()
            },
        ),
        (
            "a deadline not yet reached schedules the next sync at the deadline",
            deadline(1, 1, 60),
            started(15),
            vec![pod("a", Running)],
            Expect {
                active: Some(1),
                conditions: Some(vec![]),
                requeue_seconds: Some(Some(45)),
                ..Default::default()
            },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}

#[test]
fn pod_failures_delay_replacements_by_a_doubling_backoff() {
    let job = job(json!({ "parallelism": 1, "completions": 1, "backoffLimit": 10 }));
    // A failure 4 s ago, first failure: 10 s delay, 6 s left.
    let fresh = pod("f1", Phase::Failed).finished(ago(4));
    let out = sync(&job, std::slice::from_ref(&fresh));
    check(
        "one fresh failure waits",
        &out,
        &Expect {
            creations: Some(0),
            active: Some(0),
            failed: Some(1),
            requeue_seconds: Some(Some(6)),
            ..Default::default()
        },
    );
    let Some(Act::BackoffWait(wait)) = &out.explanation.act else {
        panic!("expected a backoff wait, got {:?}", out.explanation.act)
    };
    assert_eq!(
        (
            wait.failures,
            wait.delay.as_secs(),
            wait.remaining.as_secs()
        ),
        (1, 10, 6)
    );
    // The record the controller keeps makes the next failure wait 20 s.
    let record = out.backoff.unwrap_or_default();
    let counted = pod("f1", Phase::Failed).finished(ago(4)).counted();
    let second = pod("f2", Phase::Failed).finished(ago(1));
    let after = job_with_status(
        json!({ "parallelism": 1, "completions": 1, "backoffLimit": 10 }),
        serde_json::to_value(&out.status).unwrap_or_default(),
    );
    let out = sync_with(&after, &[counted, second], now(), record);
    check(
        "a second failure waits twice as long",
        &out,
        &Expect {
            creations: Some(0),
            failed: Some(2),
            requeue_seconds: Some(Some(19)),
            ..Default::default()
        },
    );
    assert_eq!(out.backoff.map(|b| b.failures_after_last_success), Some(2));
}

#[test]
fn the_backoff_delay_follows_the_recorded_failures() {
    let job = job(json!({ "parallelism": 1, "completions": 3, "backoffLimit": 100 }));
    let cases: &[(&str, i32, i64, Option<i64>)] = &[
        ("no failure recorded: create now", 0, 0, None),
        ("three failures just now: 40 s", 3, 0, Some(40_000)),
        (
            "six failures 300 s ago: 320 s delay, 20 s left",
            6,
            300_000,
            Some(20_000),
        ),
        (
            "seven failures: the 10-minute cap of the code, not the documented 6",
            7,
            0,
            Some(600_000),
        ),
        (
            "half a second left waits the 1 s batching period",
            1,
            9_500,
            Some(1_000),
        ),
    ];
    for (name, failures, millis_ago, want) in cases {
        let last = now() - jiff::SignedDuration::from_millis(*millis_ago);
        let record = BackoffRecord {
            failures_after_last_success: *failures,
            last_failure_time: Some(last),
        };
        let out = sync_with(&job, &[], now(), record);
        assert_eq!(
            out.requeue_after.map(|d| d.as_millis() as i64),
            *want,
            "{name}"
        );
        assert_eq!(
            out.creates.len(),
            usize::from(want.is_none()),
            "{name}: creates only when the delay is over"
        );
    }
}

#[test]
fn a_success_resets_the_backoff() {
    let job = job(json!({ "parallelism": 2, "completions": 5, "backoffLimit": 6 }));
    let record = BackoffRecord {
        failures_after_last_success: 5,
        last_failure_time: Some(ago(2)),
    };
    let failed_before = pod("f", Phase::Failed).finished(ago(20));
    let succeeded_after = pod("s", Phase::Succeeded).finished(ago(10));
    let out = sync_with(&job, &[failed_before, succeeded_after], now(), record);
    assert_eq!(
        out.backoff,
        Some(BackoffRecord::default()),
        "failures before the success are forgotten"
    );
    assert_eq!(out.creates.len(), 2, "no delay after a success");
}

#[test]
fn status_active_keeps_the_running_pods_while_creation_waits() {
    // Regression kubernetes#139428, fixed by #139457 (cherry-picked to 1.35 as #139751): the
    // early return during backoff used to report active = 0 next to ready = 1, which the API
    // server rejects.
    let job = job(json!({ "parallelism": 2, "completions": 4, "backoffLimit": 6 }));
    let pods = [
        pod("run", Phase::Running).ready(),
        pod("failed", Phase::Failed).finished(ago(3)),
    ];
    check(
        "one running, one failed 3 s ago",
        &sync(&job, &pods),
        &Expect {
            creations: Some(0),
            active: Some(1),
            ready: Some(1),
            failed: Some(1),
            requeue_seconds: Some(Some(7)),
            ..Default::default()
        },
    );
    let per_index = job_support::job(
        json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed", "backoffLimitPerIndex": 2 }),
    );
    let pods = [
        pod("run", Phase::Running).index(1).ready(),
        pod("failed", Phase::Failed).index(0).finished(ago(3)),
    ];
    check(
        "per index: index 0 waits, index 1 keeps running",
        &sync(&per_index, &pods),
        &Expect {
            creations: Some(0),
            active: Some(1),
            ready: Some(1),
            requeue_seconds: Some(Some(7)),
            ..Default::default()
        },
    );
}
