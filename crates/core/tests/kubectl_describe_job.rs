//! `kubectl describe job` checked against the real outputs of seeds/002 (job-echo, created
//! suspended, then resumed).
//!
//! The seed was printed by an older kubectl (2023, ~1.27). kubectl 1.35 prints the same lines
//! plus three groups the seed lacks, so the goldens below are the seed's text with them added:
//! `Suspend:` and `Backoff Limit:` (printed whenever the fields are set, which defaulting always
//! does), and the template's `Node-Selectors:` / `Tolerations:` lines; the latter join the
//! `Environment:`/`Mounts:`/`Volumes:` column block, which is therefore one space wider than in
//! the seed. The author's `# A` margin notes are left out.

use jiff::tz::{self, TimeZone};
use jiff::Timestamp;
use jobsim_core::api::job::Job;
use jobsim_core::api::time::Time;
use jobsim_core::kubectl::describe_events::Event;
use jobsim_core::kubectl::describe_job::describe_job;
use serde_json::{json, Value};

const UID: &str = "7fffadaa-9b76-4f67-9962-7fbd36b4f6e0";

fn job_echo(suspend: bool, status: Value) -> Job {
    serde_json::from_value(json!({
        "metadata": {"name": "job-echo", "namespace": "default",
                     "labels": {"job-name": "job-echo"},
                     "annotations": {"batch.kubernetes.io/job-tracking": ""}},
        "spec": {
            "parallelism": 2, "completions": 2, "completionMode": "NonIndexed",
            "suspend": suspend, "backoffLimit": 6,
            "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": UID}},
            "template": {
                "metadata": {"labels": {
                    "batch.kubernetes.io/controller-uid": UID,
                    "batch.kubernetes.io/job-name": "job-echo",
                    "controller-uid": UID,
                    "job-name": "job-echo"}},
                "spec": {"restartPolicy": "Never", "containers": [{
                    "name": "echo", "image": "busybox:latest",
                    "command": ["echo", "Hello, Job"]}]}
            }
        },
        "status": status
    }))
    .expect("a Job")
}

fn event(reason: &str, message: &str, at: Timestamp) -> Event {
    Event {
        type_: "Normal".into(),
        reason: reason.into(),
        message: message.into(),
        source_component: "job-controller".into(),
        first_timestamp: Some(Time::from(at)),
        last_timestamp: Some(Time::from(at)),
        count: 1,
    }
}

fn beijing() -> TimeZone {
    TimeZone::fixed(tz::offset(8))
}

fn ago(now: Timestamp, seconds: i64) -> Timestamp {
    now - jiff::SignedDuration::from_secs(seconds)
}

#[test]
fn a_job_created_suspended_is_described_as_kubectl_describes_it() {
    let now: Timestamp = "2023-08-25T10:47:28Z".parse().unwrap();
    let job = job_echo(true, json!({"ready": 0}));
    let events = [event("Suspended", "Job suspended", ago(now, 52))];
    let want = format!(
        "\
Name:             job-echo
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid={UID}
Labels:           job-name=job-echo
Annotations:      batch.kubernetes.io/job-tracking:\x20
Parallelism:      2
Completions:      2
Completion Mode:  NonIndexed
Suspend:          true
Backoff Limit:    6
Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid={UID}
           batch.kubernetes.io/job-name=job-echo
           controller-uid={UID}
           job-name=job-echo
  Containers:
   echo:
    Image:      busybox:latest
    Port:       <none>
    Host Port:  <none>
    Command:
      echo
      Hello, Job
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason     Age   From            Message
  ----    ------     ----  ----            -------
  Normal  Suspended  52s   job-controller  Job suspended
"
    );
    assert_eq!(describe_job(&job, &events, now, &beijing()), want);
}

#[test]
fn a_resumed_and_completed_job_is_described_as_kubectl_describes_it() {
    let now: Timestamp = "2023-08-25T10:52:25Z".parse().unwrap();
    let job = job_echo(
        false,
        json!({"ready": 0, "succeeded": 2,
               "startTime": "2023-08-25T10:52:11Z", "completionTime": "2023-08-25T10:52:14Z",
               "conditions": [{"type": "Complete", "status": "True"}]}),
    );
    let events = [
        event("Suspended", "Job suspended", ago(now, 335)),
        event(
            "SuccessfulCreate",
            "Created pod: job-echo-vcphr",
            ago(now, 14),
        ),
        event(
            "SuccessfulCreate",
            "Created pod: job-echo-wcgxs",
            ago(now, 14),
        ),
        event("Resumed", "Job resumed", ago(now, 14)),
        event("Completed", "Job completed", ago(now, 11)),
    ];
    let want = format!(
        "\
Name:             job-echo
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid={UID}
Labels:           job-name=job-echo
Annotations:      batch.kubernetes.io/job-tracking:\x20
Parallelism:      2
Completions:      2
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    6
Start Time:       Fri, 25 Aug 2023 18:52:11 +0800
Completed At:     Fri, 25 Aug 2023 18:52:14 +0800
Duration:         3s
Pods Statuses:    0 Active (0 Ready) / 2 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid={UID}
           batch.kubernetes.io/job-name=job-echo
           controller-uid={UID}
           job-name=job-echo
  Containers:
   echo:
    Image:      busybox:latest
    Port:       <none>
    Host Port:  <none>
    Command:
      echo
      Hello, Job
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age    From            Message
  ----    ------            ----   ----            -------
  Normal  Suspended         5m35s  job-controller  Job suspended
  Normal  SuccessfulCreate  14s    job-controller  Created pod: job-echo-vcphr
  Normal  SuccessfulCreate  14s    job-controller  Created pod: job-echo-wcgxs
  Normal  Resumed           14s    job-controller  Job resumed
  Normal  Completed         11s    job-controller  Job completed
"
    );
    assert_eq!(describe_job(&job, &events, now, &beijing()), want);
}

#[test]
fn kubectl_describes_a_work_queue_job_of_a_server_without_ready_counts() {
    let now: Timestamp = "2026-01-01T00:10:00Z".parse().unwrap();
    let mut job = job_echo(false, json!({"active": 1, "failed": 2}));
    if let Some(spec) = job.spec.as_mut() {
        spec.completions = None;
    }
    let out = describe_job(&job, &[], now, &TimeZone::UTC);
    assert!(out.contains("Completions:      <unset>\n"), "{out}");
    assert!(
        out.contains("Pods Statuses:    1 Active / 0 Succeeded / 2 Failed\n"),
        "{out}"
    );
    assert!(out.ends_with("Events:            <none>\n"), "{out}");
}
