//! Pod priority and preemption: PriorityClass documents give pods their priority through the
//! Priority admission plugin (which refuses a class that does not exist, and a priority or
//! policy the class did not give); a pod that fits nowhere has the scheduler preempt the
//! fewest lower-priority pods of one node, waits nominated there while they terminate, and
//! takes their room before pods of lower priority can.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// Two low-priority 1-CPU pods of 60 s fill a 2-CPU node; at 20 s a 1-CPU pod of `urgent`'s
/// class arrives (its Job resumed). `batch_extra` goes into the batch Job's spec, `urgent_class`
/// into the urgent class.
fn preemption_run(batch_extra: &str, urgent_class: &str) -> Value {
    let text = format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  until: 3m
  nodes:
    - {{ name: node-1, cpu: \"2\" }}
  actions:
    - {{ at: 20s, kubectl: \"kubectl patch job urgent --type=merge -p '{{\\\"spec\\\":{{\\\"suspend\\\":false}}}}'\" }}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {{name: batch-low}}
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {{name: urgent}}
value: 10000
{urgent_class}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: batch}}
spec:
  completions: 2
  parallelism: 2
{batch_extra}
  template:
    spec:
      priorityClassName: batch-low
      containers: [{{name: c, image: busybox, command: [sleep, \"60\"], resources: {{requests: {{cpu: \"1\"}}}}}}]
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata: {{name: urgent}}
spec:
  suspend: true
  template:
    spec:
      priorityClassName: urgent
      containers: [{{name: c, image: busybox, command: [sleep, \"10\"], resources: {{requests: {{cpu: \"1\"}}}}}}]
      restartPolicy: Never
"
    );
    to_json(&simulate(&text, Overrides::default()).unwrap(), false)
}

/// `(time, object, message)` of the events with this reason.
fn events<'a>(doc: &'a Value, reason: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == reason)
        .map(|e| {
            let field = |name: &str| e[name].as_str().unwrap();
            (field("time"), field("object"), field("message"))
        })
        .collect()
}

fn pod<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let pods = doc["pods"].as_array().unwrap();
    pods.iter().find(|p| p["name"] == name).unwrap()
}

fn job_status<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let jobs = doc["jobs"].as_array().unwrap();
    &jobs.iter().find(|j| j["name"] == name).unwrap()["status"]
}

#[test]
fn a_higher_priority_pod_preempts_one_lower_pod_and_takes_its_room() {
    let doc = preemption_run("", "");
    let urgent = "pod/urgent-d8vs9";
    // The urgent pod fits nowhere; preemption succeeds, so the message has no PostFilter part.
    let failed = events(&doc, "FailedScheduling");
    assert_eq!(
        failed[0],
        (
            "2026-01-01T00:00:20.15Z",
            urgent,
            "0/1 nodes are available: 1 Insufficient cpu."
        )
    );
    // One victim is enough, of the two equal ones the one that sorts last.
    let preempted = events(&doc, "Preempted");
    assert_eq!(preempted.len(), 1, "{preempted:?}");
    let (time, victim, message) = preempted[0];
    assert_eq!(
        (time, victim),
        ("2026-01-01T00:00:20.15Z", "pod/batch-8wdz8")
    );
    let uid = message
        .strip_prefix("Preempted by pod ")
        .and_then(|m| m.strip_suffix(" on node node-1"))
        .unwrap();
    assert_eq!(uid.len(), 36, "{message}");
    // The victim gets the kubelet's 30 s of grace (sleep ignores SIGTERM) and counts as failed.
    let victim = pod(&doc, "batch-8wdz8");
    assert_eq!(victim["finishedAt"], "2026-01-01T00:00:50.15Z");
    assert_eq!(victim["exitCode"], 137);
    assert_eq!(job_status(&doc, "batch")["failed"], 1);
    // The replacement waits: the room is the nominated urgent pod's, which binds first.
    let urgent_pod = pod(&doc, "urgent-d8vs9");
    let replacement = pod(&doc, "batch-8njt7");
    assert_eq!(urgent_pod["node"], "node-1");
    let scheduled = events(&doc, "Scheduled");
    let bound_at = |object: &str| scheduled.iter().find(|e| e.1 == object).unwrap().0;
    assert_eq!(bound_at(urgent), "2026-01-01T00:00:50.2Z");
    assert!(bound_at("pod/batch-8njt7") > bound_at(urgent));
    assert_eq!(replacement["phase"], "Succeeded");
    // The replacement cannot preempt its equals, nor the nominated pod.
    assert!(failed.iter().any(|e| e.1 == "pod/batch-8njt7"
        && e.2
            == "0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."));
    assert_eq!(job_status(&doc, "urgent")["succeeded"], 1);
    assert_eq!(job_status(&doc, "batch")["succeeded"], 2);
}

#[test]
fn a_pod_failure_policy_can_ignore_the_preemption() {
    let policy = "  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]";
    let doc = preemption_run(policy, "");
    assert_eq!(events(&doc, "Preempted").len(), 1);
    let batch = job_status(&doc, "batch");
    assert_eq!(batch["failed"], 0, "{batch}");
    assert_eq!(batch["succeeded"], 2);
}

#[test]
fn a_class_that_never_preempts_waits_for_room() {
    let doc = preemption_run("", "preemptionPolicy: Never");
    assert!(events(&doc, "Preempted").is_empty());
    let failed = events(&doc, "FailedScheduling");
    assert_eq!(
        failed[0].2,
        "0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
    );
    // It binds when the first batch pod ends, at 62.794 s.
    let scheduled = events(&doc, "Scheduled");
    let urgent = scheduled
        .iter()
        .find(|e| e.1 == "pod/urgent-d8vs9")
        .unwrap();
    assert!(urgent.0 > "2026-01-01T00:01:02", "{urgent:?}");
    assert_eq!(job_status(&doc, "batch")["failed"], 0);
}

/// A Job whose template has `template_extra`; `kubectl create priorityclass late` runs at 5 s.
fn admission_run(template_extra: &str) -> Value {
    let text = format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  until: 30s
  actions:
    - {{ at: 5s, kubectl: \"kubectl create priorityclass late --value=500\" }}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: ranked}}
spec:
  template:
    spec:
{template_extra}
      containers: [{{name: c, image: busybox, command: [sleep, \"1\"]}}]
      restartPolicy: Never
"
    );
    to_json(&simulate(&text, Overrides::default()).unwrap(), false)
}

#[test]
fn admission_refuses_a_missing_class_and_the_job_retries_with_the_api_backoff() {
    let doc = admission_run("      priorityClassName: missing");
    let refused = events(&doc, "FailedCreate");
    let times: Vec<&str> = refused.iter().map(|e| e.0).collect();
    // Each refused sync retries after 1 s, 2 s, 4 s, 8 s, 16 s (the work queue's backoff).
    assert_eq!(
        times,
        [
            "2026-01-01T00:00:00.1Z",
            "2026-01-01T00:00:01.1Z",
            "2026-01-01T00:00:03.1Z",
            "2026-01-01T00:00:07.1Z",
            "2026-01-01T00:00:15.1Z",
        ]
    );
    assert!(refused.iter().all(|e| e.1 == "job/ranked"
        && e.2
            == "Error creating: pods \"ranked-\" is forbidden: no PriorityClass with name missing was found"));
    assert!(doc["pods"].as_array().unwrap().is_empty());
    assert_eq!(job_status(&doc, "ranked")["active"], 0);
}

#[test]
fn admission_refuses_a_priority_the_class_did_not_give() {
    let doc = admission_run("      priority: 5");
    let refused = events(&doc, "FailedCreate");
    assert_eq!(
        refused[0].2,
        "Error creating: pods \"ranked-\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name"
    );
}

#[test]
fn a_class_created_later_lets_the_next_retry_create_the_pod() {
    let doc = admission_run("      priorityClassName: late");
    let refused = events(&doc, "FailedCreate");
    assert_eq!(
        refused.len(),
        3,
        "refused at 0.1, 1.1, 3.1 s, then at 7.1 s created"
    );
    let created = events(&doc, "SuccessfulCreate");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].0, "2026-01-01T00:00:07.1Z");
    assert_eq!(job_status(&doc, "ranked")["succeeded"], 1);
}
