//! successPolicy inside a whole sync, from upstream's TestSyncJobWithJobSuccessPolicy
//! (pkg/controller/job/job_controller_test.go), gates on.

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use serde_json::{json, Value};

fn indexed(parallelism: i32, completions: i32, rules: Value) -> Value {
    json!({ "parallelism": parallelism, "completions": completions, "completionMode": "Indexed", "backoffLimit": 6, "successPolicy": { "rules": rules } })
}

#[test]
fn success_policy_table() {
    use Phase::*;
    let met = ("SuccessCriteriaMet", "True", "SuccessPolicy");
    let complete = ("Complete", "True", "SuccessPolicy");
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "job with successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail",
            indexed(3, 3, json!([{ "succeededIndexes": "0,1", "succeededCount": 1 }])),
            Value::Null,
            vec![pod("a1", Failed).index(0), pod("a2", Running).index(0), pod("b", Succeeded).index(1), pod("c", Running).index(2)],
            Expect {
                deletions: Some(2),
                active: Some(0),
                terminating: Some(2),
                failed: Some(1),
                succeeded: Some(1),
                completed_indexes: Some("1"),
                conditions: Some(vec![met]),
                ..Default::default()
            },
        ),
        (
            "job with successPolicy; job has both Complete and SuccessCriteriaMet condition when job meets to successPolicy and all pods have been already removed",
            indexed(2, 2, json!([{ "succeededIndexes": "0,1", "succeededCount": 1 }])),
            json!({ "startTime": "2026-01-01T00:00:00Z", "conditions": [{ "type": "SuccessCriteriaMet", "status": "True", "reason": "SuccessPolicy", "message": "Matched rules at index 0" }] }),
            vec![pod("a", Failed).index(0).counted(), pod("b", Succeeded).index(1)],
            Expect { succeeded: Some(1), conditions: Some(vec![met, complete]), events: Some(vec!["Completed"]), ..Default::default() },
        ),
        (
            "job with successPolicy; job has SuccessCriteriaMet and Complete condition when job meets to successPolicy and all pods have been already removed (no terminating)",
            indexed(2, 2, json!([{ "succeededCount": 1 }])),
            Value::Null,
            vec![pod("b", Succeeded).index(1)],
            Expect { succeeded: Some(1), completed_indexes: Some("1"), conditions: Some(vec![met, complete]), ..Default::default() },
        ),
        (
            "job with successPolicy; job keeps running while the rule's indexes are not all done",
            indexed(2, 4, json!([{ "succeededIndexes": "0-2" }])),
            Value::Null,
            vec![pod("a", Succeeded).index(0), pod("b", Succeeded).index(1), pod("c", Running).index(2)],
            Expect { creations: Some(1), created_indexes: Some(vec![3]), active: Some(2), conditions: Some(vec![]), ..Default::default() },
        ),
        (
            "job with successPolicy and succeeded count among the rule's indexes",
            indexed(4, 10, json!([{ "succeededIndexes": "0-4", "succeededCount": 2 }])),
            Value::Null,
            vec![pod("a", Succeeded).index(3), pod("b", Succeeded).index(7), pod("c", Succeeded).index(4)],
            Expect { completed_indexes: Some("3,4,7"), succeeded: Some(3), conditions: Some(vec![met, complete]), ..Default::default() },
        ),
        (
            "job without a succeeded index never matches a succeededCount 0 rule",
            indexed(1, 3, json!([{ "succeededCount": 1 }])),
            Value::Null,
            vec![pod("a", Running).index(0)],
            Expect { active: Some(1), conditions: Some(vec![]), ..Default::default() },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}

#[test]
fn the_success_condition_names_the_rule_that_matched() {
    let job = job(indexed(
        2,
        5,
        json!([{ "succeededIndexes": "4" }, { "succeededCount": 2 }]),
    ));
    let out = sync(
        &job,
        &[
            pod("a", Phase::Succeeded).index(0),
            pod("b", Phase::Succeeded).index(1),
        ],
    );
    let messages: Vec<(String, String)> = out
        .status
        .conditions
        .iter()
        .flatten()
        .map(|c| (c.type_.clone(), c.message.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                "SuccessCriteriaMet".to_string(),
                "Matched rules at index 1".to_string()
            ),
            (
                "Complete".to_string(),
                "Matched rules at index 1".to_string()
            )
        ]
    );
    assert!(out.status.completion_time.is_some());
}

#[test]
fn success_and_failure_criteria_never_overturn_each_other() {
    use Phase::*;
    let met_status = json!({ "succeeded": 1, "completedIndexes": "1", "startTime": "2026-01-01T00:00:00Z",
        "conditions": [{ "type": "SuccessCriteriaMet", "status": "True", "reason": "SuccessPolicy", "message": "Matched rules at index 0" }] });
    let met = ("SuccessCriteriaMet", "True", "SuccessPolicy");
    let complete = ("Complete", "True", "SuccessPolicy");
    let disruption_fails_job = json!({ "rules": [{ "action": "FailJob", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }] });
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "job with successPolicy and backoffLimitPerIndex; job has a failed condition when job meets to both successPolicy and backoffLimitPerIndex",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed", "backoffLimitPerIndex": 1,
                    "successPolicy": { "rules": [{ "succeededIndexes": "0,1", "succeededCount": 1 }] } }),
            Value::Null,
            vec![pod("a", Failed).index(0).index_failures(1, 0), pod("b", Succeeded).index(1)],
            Expect {
                failed: Some(1),
                succeeded: Some(1),
                terminating: Some(0),
                completed_indexes: Some("1"),
                failed_indexes: Some("0"),
                conditions: Some(vec![("FailureTarget", "True", "FailedIndexes"), ("Failed", "True", "FailedIndexes")]),
                ..Default::default()
            },
        ),
        (
            "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets podFailurePolicy",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed", "successPolicy": { "rules": [{ "succeededCount": 1 }] },
                    "podFailurePolicy": disruption_fails_job.clone() }),
            met_status.clone(),
            vec![pod("a", Failed).index(0).condition("DisruptionTarget"), pod("b", Succeeded).index(1)],
            Expect { failed: Some(1), succeeded: Some(1), conditions: Some(vec![met, complete]), ..Default::default() },
        ),
        (
            "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meet backoffLimitPerIndex",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed", "backoffLimitPerIndex": 1,
                    "successPolicy": { "rules": [{ "succeededIndexes": "1" }] } }),
            met_status.clone(),
            vec![pod("a", Failed).index(0).index_failures(1, 0), pod("b", Succeeded).index(1)],
            Expect { failed: Some(1), succeeded: Some(1), failed_indexes: Some("0"), conditions: Some(vec![met, complete]), ..Default::default() },
        ),
        (
            "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets backoffLimit",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed", "backoffLimit": 1,
                    "successPolicy": { "rules": [{ "succeededIndexes": "0,1", "succeededCount": 1 }] } }),
            met_status,
            vec![pod("a", Failed).index(0), pod("b", Succeeded).index(1)],
            Expect { failed: Some(1), succeeded: Some(1), conditions: Some(vec![met, complete]), ..Default::default() },
        ),
        (
            "job with FailureTarget has never been transitioned to SuccessCriteriaMet even if job meets successPolicy",
            json!({ "parallelism": 2, "completions": 2, "completionMode": "Indexed",
                    "successPolicy": { "rules": [{ "succeededIndexes": "0,1", "succeededCount": 1 }] }, "podFailurePolicy": disruption_fails_job }),
            json!({ "failed": 1, "succeeded": 0, "completedIndexes": "1", "startTime": "2026-01-01T00:00:00Z",
                    "conditions": [{ "type": "FailureTarget", "status": "True", "reason": "PodFailurePolicy",
                                     "message": "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0" }] }),
            vec![pod("a", Failed).index(0).condition("DisruptionTarget").counted(), pod("b", Succeeded).index(1)],
            Expect {
                failed: Some(1),
                succeeded: Some(1),
                completed_indexes: Some("1"),
                conditions: Some(vec![("FailureTarget", "True", "PodFailurePolicy"), ("Failed", "True", "PodFailurePolicy")]),
                ..Default::default()
            },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}
