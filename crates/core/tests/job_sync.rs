//! The table of upstream's TestControllerSyncJob (pkg/controller/job/job_controller_test.go),
//! with the Job feature gates on as in Kubernetes 1.35: terminal conditions come after
//! FailureTarget / SuccessCriteriaMet, `terminating` is always counted. Cases that inject API
//! errors or unsatisfied expectations have no counterpart in a pure sync and are left out.

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use serde_json::{json, Value};

/// Pods as upstream's setPodsStatuses makes them: pending, running (the first `ready` of them
/// ready), succeeded, failed, and running pods being deleted.
fn standard(
    pending: usize,
    active: usize,
    ready: usize,
    succeeded: usize,
    failed: usize,
    terminating: usize,
) -> Vec<JobPod> {
    let mut all = pods("pending", Phase::Pending, pending);
    all.extend(
        pods("running", Phase::Running, active)
            .into_iter()
            .enumerate()
            .map(|(i, p)| if i < ready { p.ready() } else { p }),
    );
    all.extend(pods("succeeded", Phase::Succeeded, succeeded));
    all.extend(pods("failed", Phase::Failed, failed));
    all.extend(
        pods("terminating", Phase::Running, terminating)
            .into_iter()
            .map(PodExt::terminating),
    );
    all
}

/// Upstream's podsWithIndexes: `None` stands for an invalid index.
fn indexed(list: &[(Option<i64>, Phase)]) -> Vec<JobPod> {
    list.iter()
        .enumerate()
        .map(|(n, (index, phase))| {
            let p = pod(&format!("pod-{n}"), *phase);
            match index {
                Some(i) => p.index(*i),
                None => p,
            }
        })
        .collect()
}

fn spec(parallelism: i32, completions: i32, backoff_limit: i32) -> Value {
    let mut spec = json!({ "parallelism": parallelism, "backoffLimit": backoff_limit });
    if completions >= 0 {
        spec["completions"] = json!(completions);
    }
    spec
}

fn with(mut spec: Value, extra: Value) -> Value {
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    spec
}

const COMPLETE: [(&str, &str, &str); 2] = [
    ("SuccessCriteriaMet", "True", "CompletionsReached"),
    ("Complete", "True", "CompletionsReached"),
];
const BACKOFF_FAILED: [(&str, &str, &str); 2] = [
    ("FailureTarget", "True", "BackoffLimitExceeded"),
    ("Failed", "True", "BackoffLimitExceeded"),
];

#[test]
fn controller_sync_job_table() {
    use Phase::*;
    let indexed_mode = json!({ "completionMode": "Indexed" });
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "job start",
            spec(2, 5, 6),
            Value::Null,
            vec![],
            Expect {
                creations: Some(2),
                active: Some(2),
                ready: Some(0),
                ..Default::default()
            },
        ),
        (
            "WQ job start",
            spec(2, -1, 6),
            Value::Null,
            vec![],
            Expect {
                creations: Some(2),
                active: Some(2),
                ..Default::default()
            },
        ),
        (
            "pending pods",
            spec(2, 5, 6),
            Value::Null,
            standard(2, 0, 0, 0, 0, 0),
            Expect {
                creations: Some(0),
                active: Some(2),
                ready: Some(0),
                ..Default::default()
            },
        ),
        (
            "correct # of pods",
            spec(3, 5, 6),
            Value::Null,
            standard(0, 3, 2, 0, 0, 0),
            Expect {
                creations: Some(0),
                active: Some(3),
                ready: Some(2),
                ..Default::default()
            },
        ),
        (
            "WQ job: correct # of pods",
            spec(2, -1, 6),
            Value::Null,
            standard(0, 2, 0, 0, 0, 0),
            Expect {
                creations: Some(0),
                active: Some(2),
                ..Default::default()
            },
        ),
        (
            "too few active pods",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 1, 0, 1, 0, 0),
            Expect {
                creations: Some(1),
                active: Some(2),
                succeeded: Some(1),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "WQ job: recreate pods when failed",
            with(spec(1, -1, 6), json!({ "podReplacementPolicy": "Failed" })),
            Value::Null,
            standard(0, 1, 0, 0, 1, 1),
            Expect {
                creations: Some(0),
                active: Some(1),
                failed: Some(1),
                terminating: Some(1),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy",
            spec(1, 1, 6),
            Value::Null,
            standard(0, 1, 0, 0, 1, 1),
            Expect {
                creations: Some(0),
                active: Some(1),
                failed: Some(2),
                terminating: Some(1),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "WQ job: recreate pods when terminating or failed",
            with(
                spec(1, -1, 6),
                json!({ "podReplacementPolicy": "TerminatingOrFailed" }),
            ),
            Value::Null,
            standard(0, 1, 0, 0, 1, 1),
            Expect {
                active: Some(1),
                failed: Some(2),
                terminating: Some(1),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "more terminating pods than parallelism",
            with(spec(1, 1, 6), json!({ "podReplacementPolicy": "Failed" })),
            Value::Null,
            standard(0, 2, 0, 0, 0, 4),
            Expect {
                active: Some(1),
                deletions: Some(1),
                terminating: Some(5),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "more terminating pods than parallelism; PodFailurePolicy used",
            with(
                spec(1, 1, 6),
                json!({ "podFailurePolicy": { "rules": [] } }),
            ),
            Value::Null,
            standard(0, 2, 0, 0, 0, 4),
            Expect {
                active: Some(1),
                deletions: Some(1),
                terminating: Some(5),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "too few active pods with a dynamic job",
            spec(2, -1, 6),
            Value::Null,
            standard(0, 1, 0, 0, 0, 0),
            Expect {
                creations: Some(1),
                active: Some(2),
                ..Default::default()
            },
        ),
        (
            "too many active pods",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 3, 0, 0, 0, 0),
            Expect {
                deletions: Some(1),
                active: Some(2),
                terminating: Some(1),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "count ready pods when too many active pods",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 3, 3, 0, 0, 0),
            Expect {
                deletions: Some(1),
                active: Some(2),
                ready: Some(2),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "failed + succeed pods: reset backoff delay",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 1, 0, 1, 1, 0),
            Expect {
                creations: Some(1),
                active: Some(2),
                succeeded: Some(1),
                failed: Some(1),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "new failed pod",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 1, 0, 0, 1, 0),
            Expect {
                creations: Some(1),
                active: Some(2),
                failed: Some(1),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "no new pod; possible finalizer update of failed pod",
            spec(1, 1, 6),
            json!({ "active": 1, "failed": 1, "startTime": "2026-01-01T00:00:00Z" }),
            standard(0, 1, 0, 0, 0, 0),
            Expect {
                creations: Some(0),
                active: Some(1),
                failed: Some(1),
                finalizer_patches: Some(0),
                ..Default::default()
            },
        ),
        (
            "job finish",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 0, 0, 5, 0, 0),
            Expect {
                succeeded: Some(5),
                conditions: Some(COMPLETE.to_vec()),
                finalizer_patches: Some(5),
                events: Some(vec!["Completed"]),
                ..Default::default()
            },
        ),
        (
            "WQ job finishing",
            spec(2, -1, 6),
            Value::Null,
            standard(0, 1, 0, 1, 0, 0),
            Expect {
                active: Some(1),
                succeeded: Some(1),
                conditions: Some(vec![]),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "WQ job all finished",
            spec(2, -1, 6),
            Value::Null,
            standard(0, 0, 0, 2, 0, 0),
            Expect {
                succeeded: Some(2),
                conditions: Some(COMPLETE.to_vec()),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "WQ job all finished despite one failure",
            spec(2, -1, 6),
            Value::Null,
            standard(0, 0, 0, 1, 1, 0),
            Expect {
                succeeded: Some(1),
                failed: Some(1),
                conditions: Some(COMPLETE.to_vec()),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "more active pods than parallelism",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 10, 0, 0, 0, 0),
            Expect {
                deletions: Some(8),
                active: Some(2),
                terminating: Some(8),
                finalizer_patches: Some(8),
                ..Default::default()
            },
        ),
        (
            "more active pods than remaining completions",
            spec(3, 4, 6),
            Value::Null,
            standard(0, 3, 0, 2, 0, 0),
            Expect {
                deletions: Some(1),
                active: Some(2),
                succeeded: Some(2),
                finalizer_patches: Some(3),
                ..Default::default()
            },
        ),
        (
            "status change",
            spec(2, 5, 6),
            Value::Null,
            standard(0, 2, 0, 2, 0, 0),
            Expect {
                active: Some(2),
                succeeded: Some(2),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "indexed job start",
            with(spec(2, 5, 6), indexed_mode.clone()),
            Value::Null,
            vec![],
            Expect {
                creations: Some(2),
                active: Some(2),
                created_indexes: Some(vec![0, 1]),
                ..Default::default()
            },
        ),
        (
            "indexed job with some pods deleted, podReplacementPolicy Failed",
            with(
                spec(2, 5, 6),
                json!({ "completionMode": "Indexed", "podReplacementPolicy": "Failed" }),
            ),
            Value::Null,
            vec![pod("t", Running).terminating()],
            Expect {
                creations: Some(1),
                active: Some(1),
                created_indexes: Some(vec![0]),
                terminating: Some(1),
                ..Default::default()
            },
        ),
        (
            "indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed",
            with(
                spec(2, 5, 6),
                json!({ "completionMode": "Indexed", "podReplacementPolicy": "TerminatingOrFailed" }),
            ),
            Value::Null,
            vec![pod("t", Running).terminating()],
            Expect {
                creations: Some(2),
                active: Some(2),
                created_indexes: Some(vec![0, 1]),
                terminating: Some(1),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "indexed job completed",
            with(spec(2, 3, 6), indexed_mode.clone()),
            Value::Null,
            indexed(&[
                (Some(0), Succeeded),
                (Some(1), Failed),
                (Some(1), Succeeded),
                (Some(2), Succeeded),
            ]),
            Expect {
                succeeded: Some(3),
                failed: Some(1),
                completed_indexes: Some("0-2"),
                conditions: Some(COMPLETE.to_vec()),
                finalizer_patches: Some(4),
                ..Default::default()
            },
        ),
        (
            "indexed job failed (count terminating pods when indexed job fails)",
            with(spec(2, 3, 0), indexed_mode.clone()),
            Value::Null,
            indexed(&[(Some(0), Succeeded), (Some(1), Failed), (Some(2), Running)]),
            Expect {
                succeeded: Some(1),
                failed: Some(2),
                completed_indexes: Some("0"),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded")]),
                finalizer_patches: Some(3),
                deletions: Some(1),
                terminating: Some(1),
                ..Default::default()
            },
        ),
        (
            "count ready pods when job fails",
            spec(2, 3, 0),
            Value::Null,
            standard(0, 2, 2, 0, 1, 0),
            Expect {
                failed: Some(3),
                ready: Some(0),
                deletions: Some(2),
                terminating: Some(2),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded")]),
                finalizer_patches: Some(3),
                ..Default::default()
            },
        ),
        (
            "indexed job repeated completed index",
            with(spec(2, 3, 6), indexed_mode.clone()),
            Value::Null,
            indexed(&[
                (Some(0), Succeeded),
                (Some(1), Succeeded),
                (Some(1), Succeeded),
            ]),
            Expect {
                creations: Some(1),
                active: Some(1),
                succeeded: Some(2),
                completed_indexes: Some("0,1"),
                created_indexes: Some(vec![2]),
                finalizer_patches: Some(3),
                ..Default::default()
            },
        ),
        (
            "indexed job some running and completed pods",
            with(spec(8, 20, 6), indexed_mode.clone()),
            Value::Null,
            indexed(&[
                (Some(0), Running),
                (Some(2), Succeeded),
                (Some(3), Pending),
                (Some(4), Succeeded),
                (Some(5), Succeeded),
                (Some(7), Succeeded),
                (Some(8), Succeeded),
                (Some(9), Succeeded),
            ]),
            Expect {
                creations: Some(6),
                active: Some(8),
                succeeded: Some(6),
                completed_indexes: Some("2,4,5,7-9"),
                created_indexes: Some(vec![1, 6, 10, 11, 12, 13]),
                finalizer_patches: Some(6),
                ..Default::default()
            },
        ),
        (
            "indexed job some failed pods",
            with(spec(3, 4, 6), indexed_mode.clone()),
            Value::Null,
            indexed(&[(Some(0), Failed), (Some(1), Pending), (Some(2), Failed)]),
            Expect {
                creations: Some(2),
                active: Some(3),
                failed: Some(2),
                created_indexes: Some(vec![0, 2]),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "indexed job some pods without index",
            with(spec(2, 5, 6), indexed_mode.clone()),
            Value::Null,
            {
                let mut all = standard(0, 1, 0, 1, 1, 0);
                all.extend(indexed(&[
                    (None, Running),
                    (None, Succeeded),
                    (None, Failed),
                    (None, Pending),
                    (Some(0), Succeeded),
                    (Some(1), Running),
                    (Some(2), Running),
                ]));
                all
            },
            Expect {
                deletions: Some(3),
                active: Some(2),
                succeeded: Some(1),
                failed: Some(0),
                completed_indexes: Some("0"),
                finalizer_patches: Some(8),
                ..Default::default()
            },
        ),
        (
            "indexed job repeated indexes",
            with(spec(5, 5, 6), indexed_mode.clone()),
            Value::Null,
            {
                let mut all = standard(0, 0, 0, 1, 1, 0);
                all.extend(indexed(&[
                    (None, Running),
                    (Some(0), Succeeded),
                    (Some(1), Running),
                    (Some(2), Running),
                    (Some(2), Pending),
                ]));
                all
            },
            Expect {
                creations: Some(0),
                deletions: Some(2),
                active: Some(2),
                succeeded: Some(1),
                completed_indexes: Some("0"),
                finalizer_patches: Some(5),
                ..Default::default()
            },
        ),
        (
            "indexed job with indexes outside of range",
            with(spec(2, 5, 6), indexed_mode.clone()),
            Value::Null,
            indexed(&[
                (Some(0), Succeeded),
                (Some(5), Running),
                (Some(6), Succeeded),
                (Some(7), Pending),
                (Some(8), Failed),
            ]),
            Expect {
                creations: Some(0),
                deletions: Some(2),
                succeeded: Some(1),
                completed_indexes: Some("0"),
                active: Some(0),
                failed: Some(0),
                finalizer_patches: Some(5),
                ..Default::default()
            },
        ),
        (
            "suspending a job with satisfied expectations",
            with(spec(2, 4, 6), json!({ "suspend": true })),
            Value::Null,
            standard(0, 2, 0, 0, 0, 0),
            Expect {
                creations: Some(0),
                deletions: Some(2),
                active: Some(0),
                terminating: Some(2),
                conditions: Some(vec![("Suspended", "True", "JobSuspended")]),
                events: Some(vec!["SuccessfulDelete", "SuccessfulDelete", "Suspended"]),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
        (
            "count ready pods when suspending a job with satisfied expectations",
            with(spec(2, 4, 6), json!({ "suspend": true })),
            Value::Null,
            standard(0, 2, 2, 0, 0, 0),
            Expect {
                deletions: Some(2),
                active: Some(0),
                ready: Some(0),
                ..Default::default()
            },
        ),
        (
            "resuming a suspended job",
            with(spec(2, 4, 6), json!({ "suspend": false })),
            json!({ "conditions": [{ "type": "Suspended", "status": "True", "reason": "JobSuspended", "message": "Job suspended" }] }),
            vec![],
            Expect {
                creations: Some(2),
                deletions: Some(0),
                active: Some(2),
                conditions: Some(vec![("Suspended", "False", "JobResumed")]),
                events: Some(vec!["SuccessfulCreate", "SuccessfulCreate", "Resumed"]),
                ..Default::default()
            },
        ),
        (
            "FailureTarget=False condition added manually is ignored",
            spec(1, 1, 6),
            json!({ "active": 1, "startTime": "2026-01-01T00:09:00Z", "conditions": [{ "type": "FailureTarget", "status": "False", "reason": "ConditionAddedManually", "message": "Testing" }] }),
            standard(0, 1, 1, 0, 0, 0),
            Expect {
                active: Some(1),
                ready: Some(1),
                conditions: Some(vec![("FailureTarget", "False", "ConditionAddedManually")]),
                ..Default::default()
            },
        ),
        (
            "SuccessCriteriaMet=False condition added manually is ignored",
            spec(1, 1, 6),
            json!({ "active": 1, "startTime": "2026-01-01T00:09:00Z", "conditions": [{ "type": "SuccessCriteriaMet", "status": "False", "reason": "ConditionAddedManually", "message": "Testing" }] }),
            standard(0, 1, 1, 0, 0, 0),
            Expect {
                active: Some(1),
                ready: Some(1),
                conditions: Some(vec![(
                    "SuccessCriteriaMet",
                    "False",
                    "ConditionAddedManually",
                )]),
                ..Default::default()
            },
        ),
        (
            "backoff limit exceeded; JobManagedBy enabled",
            with(spec(2, 3, 0), indexed_mode),
            Value::Null,
            indexed(&[(Some(0), Succeeded), (Some(1), Failed), (Some(2), Running)]),
            Expect {
                succeeded: Some(1),
                failed: Some(2),
                completed_indexes: Some("0"),
                conditions: Some(vec![("FailureTarget", "True", "BackoffLimitExceeded")]),
                finalizer_patches: Some(3),
                deletions: Some(1),
                ..Default::default()
            },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        let job = job_with_status(spec, status);
        check(name, &sync(&job, &pods), &expect);
    }
}

#[test]
fn a_job_being_deleted_neither_creates_nor_deletes_but_releases_its_pods() {
    let cases: Vec<(&str, bool, Vec<JobPod>, Expect)> = vec![
        (
            "deleting job",
            false,
            standard(1, 1, 0, 1, 0, 0),
            Expect {
                creations: Some(0),
                deletions: Some(0),
                active: Some(2),
                succeeded: Some(1),
                finalizer_patches: Some(3),
                ..Default::default()
            },
        ),
        (
            "suspending a deleted job",
            true,
            standard(0, 2, 0, 0, 0, 0),
            Expect {
                creations: Some(0),
                deletions: Some(0),
                active: Some(2),
                terminating: Some(0),
                conditions: Some(vec![]),
                finalizer_patches: Some(2),
                ..Default::default()
            },
        ),
    ];
    for (name, suspend, pods, expect) in cases {
        let mut job = job(
            json!({ "parallelism": 2, "completions": 5, "backoffLimit": 6, "suspend": suspend }),
        );
        job.metadata.deletion_timestamp = Some(jobsim_core::api::Time::from_timestamp(ago(5)));
        check(name, &sync(&job, &pods), &expect);
    }
    let mut failing = job(json!({ "parallelism": 2, "completions": 5, "backoffLimit": 0 }));
    failing.metadata.deletion_timestamp = Some(jobsim_core::api::Time::from_timestamp(ago(5)));
    let expect = Expect {
        failed: Some(1),
        conditions: Some(BACKOFF_FAILED.to_vec()),
        finalizer_patches: Some(1),
        ..Default::default()
    };
    check(
        "too many job failures",
        &sync(&failing, &standard(0, 0, 0, 0, 1, 0)),
        &expect,
    );
}

#[test]
fn a_sync_creates_at_most_500_pods_and_deletes_at_most_500() {
    let big = job(json!({ "parallelism": 1200, "completions": 2000, "backoffLimit": 6 }));
    let out = sync(&big, &[]);
    assert_eq!(out.creates.len(), 500, "creations are capped per sync");
    assert_eq!(out.status.active, Some(500));
    let shrink = job(json!({ "parallelism": 10, "completions": 2000, "backoffLimit": 6 }));
    let out = sync(&shrink, &pods("run", Phase::Running, 800));
    assert_eq!(out.deletes.len(), 500, "deletions are capped per sync");
    assert_eq!(out.status.active, Some(300));
    assert!(
        out.creates.is_empty(),
        "a sync that deletes creates nothing"
    );
}

#[test]
fn scale_down_deletes_the_pods_least_far_along_first() {
    let mut running = pod("running", Phase::Running).ready();
    running.ready_since = Some(ago(600));
    let mut newly_ready = pod("newly-ready", Phase::Running).ready();
    newly_ready.ready_since = Some(ago(10));
    let mut unscheduled = pod("unscheduled", Phase::Pending);
    unscheduled.node_name.clear();
    let all = vec![
        running,
        newly_ready,
        pod("pending", Phase::Pending),
        unscheduled,
        pod("not-ready", Phase::Running),
    ];
    let cases = [
        (4, vec!["unscheduled"]),
        (3, vec!["unscheduled", "pending"]),
        (2, vec!["unscheduled", "pending", "not-ready"]),
        (
            1,
            vec!["unscheduled", "pending", "not-ready", "newly-ready"],
        ),
    ];
    for (parallelism, want) in cases {
        let job = job(json!({ "parallelism": parallelism, "completions": 10, "backoffLimit": 6 }));
        let out = sync(&job, &all);
        let got: Vec<&str> = out.deletes.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(got, want, "parallelism {parallelism}");
    }
}

#[test]
fn a_finished_pod_is_counted_exactly_once() {
    let job1 = job(json!({ "parallelism": 2, "completions": 3, "backoffLimit": 6 }));
    let first = sync(
        &job1,
        &[pod("done", Phase::Succeeded), pod("run", Phase::Running)],
    );
    assert_eq!(first.status.succeeded, Some(1));
    assert_eq!(first.remove_finalizers, vec!["done".to_string()]);
    let after = job_with_status(
        json!({ "parallelism": 2, "completions": 3, "backoffLimit": 6 }),
        serde_json::to_value(&first.status).unwrap_or_default(),
    );
    let second = sync(
        &after,
        &[
            pod("done", Phase::Succeeded).counted(),
            pod("run", Phase::Running),
        ],
    );
    assert_eq!(
        second.status.succeeded,
        Some(1),
        "the counted pod is not counted again"
    );
    assert!(second.remove_finalizers.is_empty());
}

#[test]
fn uncounted_entries_from_an_earlier_sync_are_counted_once_their_finalizer_is_gone() {
    let status = json!({ "startTime": "2026-01-01T00:00:00Z", "succeeded": 1, "uncountedTerminatedPods": { "succeeded": ["a", "b"], "failed": ["c"] } });
    let job = job_with_status(
        json!({ "parallelism": 3, "completions": 5, "backoffLimit": 6 }),
        status,
    );
    let out = sync(
        &job,
        &[
            pod("a", Phase::Succeeded).counted(),
            pod("b", Phase::Succeeded),
            pod("c", Phase::Failed).counted(),
        ],
    );
    assert_eq!(
        out.status.succeeded,
        Some(3),
        "a (finalizer gone) and b (removed now) move into succeeded"
    );
    assert_eq!(out.status.failed, Some(1));
    assert_eq!(out.remove_finalizers, vec!["b".to_string()]);
}

#[test]
fn at_most_500_finished_pods_are_counted_per_sync_and_the_job_waits() {
    let job = job(json!({ "parallelism": 1, "completions": 600, "backoffLimit": 6 }));
    let out = sync(&job, &pods("done", Phase::Succeeded, 600));
    assert_eq!(out.remove_finalizers.len(), 500);
    assert_eq!(out.status.succeeded, Some(500));
    assert!(out.explanation.uncounted_cap_reached);
    assert!(
        out.status.completion_time.is_none(),
        "the Job cannot finish in a sync that hit the cap"
    );
}

#[test]
fn skipped_syncs_change_nothing() {
    let external =
        job(json!({ "parallelism": 1, "completions": 1, "managedBy": "example.com/other" }));
    let out = sync(&external, &[]);
    assert!(
        out.creates.is_empty() && out.events.is_empty() && out.status.active.is_none(),
        "managed elsewhere"
    );
    let finished = job_with_status(
        json!({ "completions": 1 }),
        json!({ "conditions": [{ "type": "Complete", "status": "True" }] }),
    );
    let out = sync(&finished, &[]);
    assert!(
        out.creates.is_empty() && out.backoff.is_none(),
        "a finished Job drops its backoff record"
    );
    let odd = job(json!({ "completions": 1, "completionMode": "Sometimes" }));
    let out = sync(&odd, &[]);
    assert_eq!(out.events.len(), 1);
    assert_eq!(out.events[0].reason, "UnknownCompletionMode");
    assert_eq!(
        out.events[0].message,
        "Skipped Job sync because completion mode is unknown"
    );
}

#[test]
fn parallelism_zero_deletes_every_active_pod_and_creates_none() {
    let job = job(json!({ "parallelism": 0, "completions": 4, "backoffLimit": 6 }));
    let out = sync(
        &job,
        &[
            pod("a", Phase::Running).ready(),
            pod("b", Phase::Pending),
            pod("done", Phase::Succeeded),
        ],
    );
    check(
        "parallelism 0",
        &out,
        &Expect {
            creations: Some(0),
            deletions: Some(2),
            active: Some(0),
            ready: Some(0),
            succeeded: Some(1),
            terminating: Some(2),
            conditions: Some(vec![]),
            ..Default::default()
        },
    );
    assert!(
        out.deletes.iter().all(|d| d.remove_finalizer_first),
        "scale-down pods are not counted as failed"
    );
}

#[test]
fn the_deadline_is_checked_before_a_resume_resets_start_time() {
    // Research note §18.1: upstream evaluates activeDeadlineSeconds with the old startTime, and
    // resets it only when the Suspended condition flips to False.
    let spec = json!({ "parallelism": 1, "completions": 1, "backoffLimit": 6, "activeDeadlineSeconds": 60, "suspend": false });
    let suspended = json!({ "type": "Suspended", "status": "True", "reason": "JobSuspended", "message": "Job suspended" });
    let long_ago = job_with_status(
        spec.clone(),
        json!({ "startTime": ago(600).to_string(), "conditions": [suspended.clone()] }),
    );
    check(
        "resumed after the deadline would have expired",
        &sync(&long_ago, &[]),
        &Expect {
            creations: Some(0),
            conditions: Some(vec![
                ("Suspended", "True", "JobSuspended"),
                ("FailureTarget", "True", "DeadlineExceeded"),
                ("Failed", "True", "DeadlineExceeded"),
            ]),
            ..Default::default()
        },
    );
    let recent = job_with_status(
        spec,
        json!({ "startTime": ago(10).to_string(), "conditions": [suspended] }),
    );
    let out = sync(&recent, &[]);
    check(
        "resumed within the deadline",
        &out,
        &Expect {
            creations: Some(1),
            conditions: Some(vec![("Suspended", "False", "JobResumed")]),
            requeue_seconds: Some(Some(50)),
            ..Default::default()
        },
    );
    assert_eq!(
        out.status.start_time.map(|t| t.timestamp()),
        Some(now()),
        "startTime reset at resume"
    );
}

#[test]
fn the_explanation_carries_the_numbers_behind_the_creation() {
    use jobsim_core::controllers::job::explain::{Act, Want};
    let job = job(json!({ "parallelism": 10, "completions": 12, "backoffLimit": 6 }));
    let out = sync(
        &job,
        &[pod("done", Phase::Succeeded), pod("run", Phase::Running)],
    );
    assert_eq!(
        out.explanation.want,
        Some(Want::Completions {
            completions: 12,
            succeeded: 1,
            parallelism: 10,
            want: 10
        })
    );
    let Some(Act::Created {
        count,
        batches,
        diff,
        ..
    }) = &out.explanation.act
    else {
        panic!("expected creations, got {:?}", out.explanation.act)
    };
    assert_eq!((*count, *diff, batches.clone()), (9, 9, vec![1, 2, 4, 2]));
}

#[test]
fn the_status_is_written_only_when_it_changes() {
    let spec = json!({ "parallelism": 2, "completions": 5, "backoffLimit": 6 });
    let first = sync(&job(spec.clone()), &[]);
    assert!(first.status_changed, "a first sync starts the Job");
    let settled = job_with_status(
        spec.clone(),
        serde_json::to_value(&first.status).unwrap_or_default(),
    );
    let running = [pod("job-a", Phase::Running), pod("job-b", Phase::Running)];
    let second = sync(&settled, &running);
    assert!(
        !second.status_changed,
        "nothing new: no write, so no self-triggered re-sync"
    );
    let third = sync(
        &settled,
        &[
            pod("job-a", Phase::Running).ready(),
            pod("job-b", Phase::Running),
        ],
    );
    assert!(third.status_changed, "a pod became ready");
}
