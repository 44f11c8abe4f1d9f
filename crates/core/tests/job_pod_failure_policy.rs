//! The pod failure policy inside a whole sync, from upstream's
//! TestSyncJobWithJobPodFailurePolicy (pkg/controller/job/job_controller_test.go), gates on.

mod job_support;

use job_support::*;
use jobsim_core::controllers::job::pod::{ContainerView, JobPod, Phase};
use serde_json::{json, Value};

fn with_policy(rules: Value) -> Value {
    json!({ "parallelism": 1, "completions": 1, "backoffLimit": 6, "podFailurePolicy": { "rules": rules } })
}

fn fail_job_on(codes: &[i32]) -> Value {
    json!({ "action": "FailJob", "onExitCodes": { "operator": "In", "values": codes } })
}

fn ignore_on(codes: &[i32]) -> Value {
    json!({ "action": "Ignore", "onExitCodes": { "operator": "In", "values": codes } })
}

#[test]
fn pod_failure_policy_table() {
    use Phase::*;
    let fail_target = ("FailureTarget", "True", "PodFailurePolicy");
    let failed = ("Failed", "True", "PodFailurePolicy");
    let with_init = {
        let mut p = pod("mypod-0", Failed).exit(0);
        p.containers.push(ContainerView {
            name: "setup".into(),
            init: true,
            exit_code: Some(5),
            finished_at: Some(ago(3000)),
            restart_count: 0,
        });
        p
    };
    let cases: Vec<(&str, Value, Value, Vec<JobPod>, Expect)> = vec![
        (
            "default handling for pod failure if the container matching the exit codes does not match the containerName restriction",
            with_policy(json!([{ "action": "FailJob", "onExitCodes": { "containerName": "other", "operator": "In", "values": [5] } }])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(5)],
            Expect { creations: Some(1), failed: Some(1), conditions: Some(vec![]), ..Default::default() },
        ),
        (
            "running pod should not result in job fail based on OnExitCodes",
            with_policy(json!([fail_job_on(&[5])])),
            Value::Null,
            vec![pod("mypod-0", Running)],
            Expect { active: Some(1), failed: Some(0), conditions: Some(vec![]), ..Default::default() },
        ),
        (
            "fail job based on OnExitCodes",
            with_policy(json!([fail_job_on(&[5, 6, 7])])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(5)],
            Expect { active: Some(0), failed: Some(1), conditions: Some(vec![fail_target, failed]), events: Some(vec!["PodFailurePolicy"]), ..Default::default() },
        ),
        (
            "job marked already as failure target with failed pod",
            with_policy(json!([ignore_on(&[1, 2, 3]), fail_job_on(&[5, 6, 7])])),
            json!({ "startTime": "2026-01-01T00:00:00Z", "conditions": [{ "type": "FailureTarget", "status": "True", "reason": "PodFailurePolicy", "message": "Container main for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1" }] }),
            vec![pod("mypod-0", Failed).exit(5)],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "job marked already as failure target with failed pod, message based on already deleted pod",
            with_policy(json!([fail_job_on(&[5])])),
            json!({ "startTime": "2026-01-01T00:00:00Z", "conditions": [{ "type": "FailureTarget", "status": "True", "reason": "PodFailurePolicy", "message": "Container main for pod default/already-deleted-pod failed with exit code 5 matching FailJob rule at index 0" }] }),
            vec![pod("mypod-0", Failed).exit(1)],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "fail job with multiple pods",
            json!({ "parallelism": 2, "completions": 2, "backoffLimit": 6, "podFailurePolicy": { "rules": [fail_job_on(&[5, 6, 7])] } }),
            Value::Null,
            vec![pod("mypod-0", Running), pod("mypod-1", Failed).exit(5)],
            Expect {
                active: Some(0),
                deletions: Some(1),
                failed: Some(2),
                terminating: Some(1),
                conditions: Some(vec![fail_target]),
                events: Some(vec!["SuccessfulDelete"]),
                ..Default::default()
            },
        ),
        (
            "fail indexed job based on OnExitCodes",
            json!({ "parallelism": 1, "completions": 1, "completionMode": "Indexed", "backoffLimit": 6, "podFailurePolicy": { "rules": [fail_job_on(&[5, 6, 7])] } }),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(7).index(0)],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "fail job based on OnExitCodes with NotIn operator",
            with_policy(json!([{ "action": "FailJob", "onExitCodes": { "operator": "NotIn", "values": [5, 6, 7] } }])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(42)],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "default handling job based on OnExitCodes with NotIn operator",
            with_policy(json!([{ "action": "FailJob", "onExitCodes": { "operator": "NotIn", "values": [5, 6, 7] } }])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(5)],
            Expect { creations: Some(1), failed: Some(1), conditions: Some(vec![]), ..Default::default() },
        ),
        (
            "fail job based on OnExitCodes for InitContainer",
            with_policy(json!([fail_job_on(&[5])])),
            Value::Null,
            vec![with_init],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "ignore pod failure; both rules are matching, the first is executed only",
            with_policy(json!([ignore_on(&[1, 2, 3]), fail_job_on(&[1, 5])])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(1)],
            Expect { creations: Some(1), active: Some(1), failed: Some(0), conditions: Some(vec![]), finalizer_patches: Some(1), ..Default::default() },
        ),
        (
            "ignore pod failure based on OnExitCodes",
            with_policy(json!([ignore_on(&[1, 2, 3])])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(1)],
            Expect { creations: Some(1), failed: Some(0), ..Default::default() },
        ),
        (
            "default job based on OnExitCodes",
            with_policy(json!([ignore_on(&[10])])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(1)],
            Expect { creations: Some(1), failed: Some(1), ..Default::default() },
        ),
        (
            "count pod failure based on OnExitCodes; both rules are matching, the first is executed only",
            with_policy(json!([{ "action": "Count", "onExitCodes": { "operator": "In", "values": [1, 2] } }, ignore_on(&[2, 3])])),
            Value::Null,
            vec![pod("mypod-0", Failed).exit(2)],
            Expect { creations: Some(1), failed: Some(1), ..Default::default() },
        ),
        (
            "count pod failure based on OnPodConditions; both rules are matching, the first is executed only",
            with_policy(json!([
                { "action": "Count", "onPodConditions": [{ "type": "ResourceLimitExceeded", "status": "True" }] },
                { "action": "Ignore", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }
            ])),
            Value::Null,
            vec![pod("mypod-0", Failed).condition("ResourceLimitExceeded").condition("DisruptionTarget")],
            Expect { creations: Some(1), failed: Some(1), ..Default::default() },
        ),
        (
            "ignore pod failure based on OnPodConditions",
            with_policy(json!([{ "action": "Ignore", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }])),
            Value::Null,
            vec![pod("mypod-0", Failed).condition("DisruptionTarget")],
            Expect { creations: Some(1), failed: Some(0), ..Default::default() },
        ),
        (
            "ignore pod failure based on OnPodConditions, ignored failures delays pod recreation",
            with_policy(json!([{ "action": "Ignore", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }])),
            Value::Null,
            vec![pod("mypod-0", Failed).condition("DisruptionTarget").finished(ago(2))],
            Expect { creations: Some(0), failed: Some(0), requeue_seconds: Some(Some(8)), ..Default::default() },
        ),
        (
            "fail job based on OnPodConditions",
            with_policy(json!([{ "action": "FailJob", "onPodConditions": [{ "type": "DisruptionTarget", "status": "True" }] }])),
            Value::Null,
            vec![pod("mypod-0", Failed).condition("DisruptionTarget")],
            Expect { failed: Some(1), conditions: Some(vec![fail_target, failed]), ..Default::default() },
        ),
        (
            "terminating Pod considered failed when Pod Failure Policy is disabled... but not with a policy",
            with_policy(json!([fail_job_on(&[5])])),
            Value::Null,
            vec![pod("mypod-0", Running).terminating()],
            Expect { creations: Some(0), failed: Some(0), terminating: Some(1), ..Default::default() },
        ),
    ];
    for (name, spec, status, pods, expect) in cases {
        check(name, &sync(&job_with_status(spec, status), &pods), &expect);
    }
}

#[test]
fn the_fail_job_message_names_container_pod_code_and_rule() {
    let job = job(with_policy(json!([
        ignore_on(&[1]),
        fail_job_on(&[5, 6, 7])
    ])));
    let out = sync(&job, &[pod("mypod-0", Phase::Failed).exit(6)]);
    let target = out
        .status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "FailureTarget")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        target.message.as_deref(),
        Some("Container main for pod default/mypod-0 failed with exit code 6 matching FailJob rule at index 1")
    );
    assert_eq!(
        out.events.last().map(|e| (e.type_, e.message.as_str())),
        Some(("Warning", target.message.as_deref().unwrap_or_default()))
    );
}

#[test]
fn success_criteria_met_is_never_turned_into_a_failure_by_the_policy() {
    let spec = json!({
        "parallelism": 2, "completions": 2, "completionMode": "Indexed", "backoffLimit": 6,
        "successPolicy": { "rules": [{ "succeededCount": 1 }] },
        "podFailurePolicy": { "rules": [fail_job_on(&[5])] }
    });
    let status = json!({ "startTime": "2026-01-01T00:00:00Z", "completedIndexes": "0", "succeeded": 1,
        "conditions": [{ "type": "SuccessCriteriaMet", "status": "True", "reason": "SuccessPolicy", "message": "Matched rules at index 0" }] });
    let out = sync(
        &job_with_status(spec, status),
        &[pod("b", Phase::Failed).exit(5).index(1)],
    );
    check(
        "the Job completes despite a FailJob match",
        &out,
        &Expect {
            failed: Some(1),
            conditions: Some(vec![
                ("SuccessCriteriaMet", "True", "SuccessPolicy"),
                ("Complete", "True", "SuccessPolicy"),
            ]),
            events: Some(vec!["Completed"]),
            ..Default::default()
        },
    );
}
