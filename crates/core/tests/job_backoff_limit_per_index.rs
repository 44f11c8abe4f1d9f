//! backoffLimitPerIndex and maxFailedIndexes inside a whole sync, from upstream's
//! TestSyncJobWithJobBackoffLimitPerIndex (pkg/controller/job/job_controller_test.go).

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use serde_json::{json, Value};

fn per_index(parallelism: i32, completions: i32, limit: i32, extra: Value) -> Value {
    let mut spec = json!({ "parallelism": parallelism, "completions": completions, "completionMode": "Indexed", "backoffLimitPerIndex": limit });
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    spec
}

#[test]
fn backoff_limit_per_index_table() {
    use Phase::*;
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "successful job after a single failure within index",
            per_index(2, 2, 1, json!({})),
            json!({ "startTime": "2026-01-01T00:00:00Z", "failed": 1, "failedIndexes": "", "succeeded": 1, "completedIndexes": "1" }),
            vec![
                pod("a1", Failed).index(0).counted(),
                pod("a2", Succeeded).index(0).index_failures(1, 0),
                pod("b", Succeeded).index(1).counted(),
            ],
            Expect {
                failed: Some(1),
                succeeded: Some(2),
                completed_indexes: Some("0,1"),
                failed_indexes: Some(""),
                conditions: Some(vec![
                    ("SuccessCriteriaMet", "True", "CompletionsReached"),
                    ("Complete", "True", "CompletionsReached"),
                ]),
                ..Default::default()
            },
        ),
        (
            "single failed pod, not counted as the replacement is not created",
            per_index(2, 2, 1, json!({})),
            Value::Null,
            vec![pod("a", Failed).index(0), pod("b", Running).index(1)],
            Expect {
                creations: Some(1),
                created_indexes: Some(vec![0]),
                active: Some(2),
                failed: Some(0),
                failed_indexes: Some(""),
                finalizer_patches: Some(0),
                ..Default::default()
            },
        ),
        (
            "single failed pod replaced already",
            per_index(2, 2, 1, json!({})),
            Value::Null,
            vec![
                pod("a", Failed).index(0),
                pod("a2", Pending).index(0).index_failures(1, 0),
                pod("b", Running).index(1),
            ],
            Expect {
                creations: Some(0),
                active: Some(2),
                failed: Some(1),
                failed_indexes: Some(""),
                finalizer_patches: Some(1),
                ..Default::default()
            },
        ),
        (
            "single failed index due to exceeding the backoff limit per index, the job continues",
            per_index(2, 2, 1, json!({})),
            Value::Null,
            vec![
                pod("a", Failed).index(0).index_failures(1, 0),
                pod("b", Running).index(1),
            ],
            Expect {
                creations: Some(0),
                active: Some(1),
                failed: Some(1),
                failed_indexes: Some("0"),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "single failed index due to FailIndex action, the job continues",
            per_index(
                2,
                2,
                1,
                json!({ "podFailurePolicy": { "rules": [{ "action": "FailIndex", "onExitCodes": { "operator": "In", "values": [3] } }] } }),
            ),
            Value::Null,
            vec![
                pod("a", Failed).index(0).exit(3),
                pod("b", Running).index(1),
            ],
            Expect {
                active: Some(1),
                failed: Some(1),
                failed_indexes: Some("0"),
                conditions: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "job failed index due to FailJob action",
            per_index(
                2,
                2,
                6,
                json!({ "podFailurePolicy": { "rules": [{ "action": "FailJob", "onExitCodes": { "operator": "In", "values": [3] } }] } }),
            ),
            Value::Null,
            vec![
                pod("a", Failed).index(0).exit(3),
                pod("b", Running).index(1),
            ],
            Expect {
                deletions: Some(1),
                failed: Some(2),
                failed_indexes: Some(""),
                conditions: Some(vec![("FailureTarget", "True", "PodFailurePolicy")]),
                ..Default::default()
            },
        ),
        (
            "job pod failure ignored due to matching Ignore action",
            per_index(
                2,
                2,
                0,
                json!({ "podFailurePolicy": { "rules": [{ "action": "Ignore", "onExitCodes": { "operator": "In", "values": [3] } }] } }),
            ),
            Value::Null,
            vec![
                pod("a", Failed).index(0).exit(3).finished(ago(60)),
                pod("b", Running).index(1),
            ],
            Expect {
                creations: Some(1),
                created_indexes: Some(vec![0]),
                failed: Some(0),
                failed_indexes: Some(""),
                ..Default::default()
            },
        ),
        (
            "job failed due to exceeding backoffLimit before backoffLimitPerIndex",
            per_index(2, 2, 1, json!({ "backoffLimit": 1 })),
            Value::Null,
            vec![pod("a", Failed).index(0), pod("b", Failed).index(1)],
            Expect {
                failed: Some(2),
                failed_indexes: Some(""),
                conditions: Some(vec![
                    ("FailureTarget", "True", "BackoffLimitExceeded"),
                    ("Failed", "True", "BackoffLimitExceeded"),
                ]),
                ..Default::default()
            },
        ),
        (
            "job failed due to failed indexes",
            per_index(2, 2, 0, json!({})),
            Value::Null,
            vec![pod("a", Failed).index(0), pod("b", Succeeded).index(1)],
            Expect {
                failed: Some(1),
                succeeded: Some(1),
                failed_indexes: Some("0"),
                completed_indexes: Some("1"),
                conditions: Some(vec![
                    ("FailureTarget", "True", "FailedIndexes"),
                    ("Failed", "True", "FailedIndexes"),
                ]),
                events: Some(vec!["FailedIndexes"]),
                ..Default::default()
            },
        ),
        (
            "job failed due to exceeding max failed indexes",
            per_index(4, 4, 1, json!({ "maxFailedIndexes": 1 })),
            Value::Null,
            vec![
                pod("a", Failed).index(0).index_failures(1, 0),
                pod("b", Succeeded).index(1),
                pod("c", Failed).index(2).index_failures(1, 0),
                pod("d", Running).index(3),
            ],
            Expect {
                deletions: Some(1),
                failed: Some(3),
                terminating: Some(1),
                failed_indexes: Some("0,2"),
                conditions: Some(vec![("FailureTarget", "True", "MaxFailedIndexesExceeded")]),
                ..Default::default()
            },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}

#[test]
fn the_replacement_inherits_the_failure_count_and_waits_for_its_own_backoff() {
    let job = job(per_index(1, 1, 3, json!({})));
    let failed = pod("a", Phase::Failed)
        .index(0)
        .index_failures(1, 0)
        .finished(ago(5));
    let out = sync(&job, std::slice::from_ref(&failed));
    check(
        "second failure of index 0: 20 s backoff, 15 s left",
        &out,
        &Expect {
            creations: Some(0),
            requeue_seconds: Some(Some(15)),
            ..Default::default()
        },
    );
    let later = sync_with(&job, &[failed], ago(-20), Default::default());
    assert_eq!(
        later.creates.len(),
        1,
        "created once the index backoff is over"
    );
    let created = &later.creates[0];
    assert_eq!(
        (
            created.index,
            created.index_failure_count,
            created.index_ignored_failure_count
        ),
        (Some(0), Some(2), None)
    );
    assert!(
        created.generate_name == "job-0-"
            && created.name.starts_with("job-0-")
            && created.name.len() == 11
    );
    assert!(
        later.remove_finalizers.is_empty(),
        "the failed pod keeps its finalizer until its replacement exists"
    );
}

/// name, completions, backoffLimitPerIndex, pods, pods whose finalizer the sync removes.
type KeptCase = (&'static str, i32, i32, Vec<JobPod>, Vec<&'static str>);

/// Upstream's TestGetPodsWithDelayedDeletionPerIndex, observed through the finalizers a sync
/// removes: a kept pod keeps its finalizer (and is not counted yet).
#[test]
fn the_last_failed_pod_of_a_pending_index_keeps_its_finalizer() {
    use Phase::*;
    let cases: Vec<KeptCase> = vec![
        (
            "failed pods are kept corresponding to non-failed indexes are kept",
            3,
            1,
            vec![
                pod("a", Failed).index(0).index_failures(0, 0),
                pod("b", Failed).index(1).index_failures(1, 0),
                pod("c", Failed).index(2).index_failures(0, 0),
            ],
            vec!["b"],
        ),
        (
            "failed pod for active index; the pod's deletion is not delayed as it is already replaced",
            2,
            1,
            vec![pod("a1", Failed).index(0), pod("a2", Running).index(0).index_failures(1, 0)],
            vec!["a1"],
        ),
        (
            "failed pod for succeeded index; the pod's deletion is not delayed as it is already replaced",
            2,
            1,
            vec![pod("a1", Failed).index(0), pod("a2", Succeeded).index(0).index_failures(1, 0)],
            vec!["a1", "a2"],
        ),
        (
            "multiple failed pods for index with different failure count; only the pod with highest failure count is kept",
            2,
            4,
            vec![
                pod("a1", Failed).index(0).index_failures(0, 0),
                pod("a3", Failed).index(0).index_failures(2, 0),
                pod("a2", Failed).index(0).index_failures(1, 0),
            ],
            vec!["a1", "a2"],
        ),
        (
            "multiple failed pods for index with different finish times; only the last failed pod is kept",
            2,
            4,
            vec![
                pod("a1", Failed).index(0).index_failures(1, 0).finished(ago(1)),
                pod("a3", Failed).index(0).index_failures(1, 0).finished(ago(0)),
                pod("a2", Failed).index(0).index_failures(1, 0).finished(ago(2)),
            ],
            vec!["a1", "a2"],
        ),
    ];
    for (name, completions, limit, pods, want_removed) in cases {
        let job = job(per_index(completions, completions, limit, json!({})));
        let out = sync(&job, &pods);
        let mut removed: Vec<&str> = out.remove_finalizers.iter().map(String::as_str).collect();
        removed.sort_unstable();
        assert_eq!(removed, want_removed, "{name}");
    }
}

/// name, extra spec, pods, the replacement's failure and ignored-failure counts.
type CountCase = (&'static str, Value, Vec<JobPod>, (Option<i32>, Option<i32>));

/// Upstream's TestGetNewIndexFailureCountValue, observed on the replacement pods.
#[test]
fn replacements_count_the_failures_of_their_index() {
    let ignore_disruption = json!({ "podFailurePolicy": { "rules": [{ "action": "Ignore", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }] } });
    let cases: Vec<CountCase> = vec![
        ("first pod created", json!({}), vec![], (Some(0), None)),
        (
            "failed pod being replaced with 0 index failure count",
            json!({}),
            vec![pod("a", Phase::Failed).index(0).finished(ago(600))],
            (Some(1), None),
        ),
        (
            "failed pod being replaced with >0 index failure count",
            json!({}),
            vec![pod("a", Phase::Failed)
                .index(0)
                .index_failures(3, 0)
                .finished(ago(600))],
            (Some(4), None),
        ),
        (
            "failed pod being replaced, matching the ignore rule",
            ignore_disruption,
            vec![pod("a", Phase::Failed)
                .index(0)
                .index_failures(3, 0)
                .condition("DisruptionTarget")
                .finished(ago(600))],
            (Some(3), Some(1)),
        ),
    ];
    for (name, extra, pods, want) in cases {
        let job = job(per_index(1, 1, 10, extra));
        let out = sync(&job, &pods);
        let created = out
            .creates
            .first()
            .map(|c| (c.index_failure_count, c.index_ignored_failure_count));
        assert_eq!(created, Some(want), "{name}");
    }
}
