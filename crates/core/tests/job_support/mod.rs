//! Builders and checks shared by the Job controller tests (`job_*.rs`), in the shape of
//! upstream's job_controller_test.go: a Job, pods by phase, one sync, expected numbers.
#![allow(dead_code)]

use jiff::{SignedDuration, Timestamp};
use jobsim_core::api::Job;
use jobsim_core::controllers::job::backoff::BackoffRecord;
use jobsim_core::controllers::job::pod::{ContainerView, JobPod, Phase};
use jobsim_core::controllers::job::sync::{sync_job, SyncInput, SyncOutcome};
use serde_json::{json, Value};

/// The controller's clock in every test: 2026-01-01T00:10:00Z.
pub fn now() -> Timestamp {
    at("2026-01-01T00:10:00Z")
}

/// An RFC 3339 time.
pub fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("bad time {text}: {e}"))
}

/// `now` shifted by `seconds`.
pub fn ago(seconds: i64) -> Timestamp {
    now() - SignedDuration::from_secs(seconds)
}

/// A Job named "job" in "default" with this spec (a `main` container and restartPolicy Never
/// unless the spec brings its own template).
pub fn job(spec: Value) -> Job {
    job_with_status(spec, Value::Null)
}

/// A Job with a spec and a status.
pub fn job_with_status(mut spec: Value, status: Value) -> Job {
    if spec.get("template").is_none() {
        spec["template"] = json!({ "spec": { "containers": [{ "name": "main", "image": "busybox" }], "restartPolicy": "Never" } });
    }
    let mut object = json!({ "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "job", "namespace": "default" }, "spec": spec });
    if !status.is_null() {
        object["status"] = status;
    }
    serde_json::from_value(object).unwrap_or_else(|e| panic!("bad job: {e}"))
}

/// A tracked pod on a node, created an hour before `now`.
pub fn pod(name: &str, phase: Phase) -> JobPod {
    let mut p = JobPod::new(name, phase);
    p.node_name = "node-1".into();
    p.created_at = Some(ago(3600));
    let terminated = matches!(phase, Phase::Succeeded | Phase::Failed);
    p.containers.push(ContainerView {
        name: "main".into(),
        init: false,
        exit_code: terminated.then_some(if phase == Phase::Failed { 1 } else { 0 }),
        finished_at: terminated.then(|| ago(3000)),
        restart_count: 0,
    });
    p
}

/// `n` pods named `<prefix>-<i>` in a phase.
pub fn pods(prefix: &str, phase: Phase, n: usize) -> Vec<JobPod> {
    (0..n)
        .map(|i| pod(&format!("{prefix}-{i}"), phase))
        .collect()
}

/// Builder methods on pods.
pub trait PodExt {
    fn index(self, index: i64) -> Self;
    fn ready(self) -> Self;
    fn terminating(self) -> Self;
    fn counted(self) -> Self;
    fn exit(self, code: i32) -> Self;
    fn finished(self, when: Timestamp) -> Self;
    fn restarts(self, n: i32) -> Self;
    fn condition(self, kind: &str) -> Self;
    fn index_failures(self, counted: i32, ignored: i32) -> Self;
}

impl PodExt for JobPod {
    fn index(mut self, index: i64) -> Self {
        self.index = Some(index);
        self
    }
    fn ready(mut self) -> Self {
        self.ready = true;
        self
    }
    fn terminating(mut self) -> Self {
        self.terminating = true;
        self
    }
    fn counted(mut self) -> Self {
        self.tracked = false;
        self
    }
    fn exit(mut self, code: i32) -> Self {
        for c in &mut self.containers {
            c.exit_code = Some(code);
        }
        self
    }
    fn finished(mut self, when: Timestamp) -> Self {
        for c in &mut self.containers {
            c.finished_at = Some(when);
        }
        self
    }
    fn restarts(mut self, n: i32) -> Self {
        for c in &mut self.containers {
            c.restart_count = n;
        }
        self
    }
    fn condition(mut self, kind: &str) -> Self {
        self.conditions
            .push((kind.to_string().into(), "True".into()));
        self
    }
    fn index_failures(mut self, counted: i32, ignored: i32) -> Self {
        self.index_failure_count = counted;
        self.index_ignored_failure_count = ignored;
        self
    }
}

/// One sync at `now` with an empty backoff record.
pub fn sync(job: &Job, pods: &[JobPod]) -> SyncOutcome {
    sync_with(job, pods, now(), BackoffRecord::default())
}

/// One sync at a time with a backoff record.
pub fn sync_with(
    job: &Job,
    pods: &[JobPod],
    now: Timestamp,
    backoff: BackoffRecord,
) -> SyncOutcome {
    sync_job(SyncInput {
        job,
        pods: &pods.iter().collect::<Vec<_>>(),
        now,
        backoff,
        name_seed: 7,
    })
}

/// What a test expects; `None` fields are not checked.
#[derive(Debug, Default, Clone)]
pub struct Expect {
    pub creations: Option<usize>,
    pub deletions: Option<usize>,
    pub active: Option<i32>,
    pub ready: Option<i32>,
    pub succeeded: Option<i32>,
    pub failed: Option<i32>,
    pub terminating: Option<i32>,
    pub completed_indexes: Option<&'static str>,
    pub failed_indexes: Option<&'static str>,
    pub created_indexes: Option<Vec<i64>>,
    /// `(type, status, reason)`, in order.
    pub conditions: Option<Vec<(&'static str, &'static str, &'static str)>>,
    /// Event reasons, in order.
    pub events: Option<Vec<&'static str>>,
    pub requeue_seconds: Option<Option<i64>>,
    /// Pods whose tracking finalizer is removed (upstream's expectedPodPatches, which also
    /// counts finalizer removals before deletions).
    pub finalizer_patches: Option<usize>,
}

/// Checks an outcome against the expectation, naming the case on failure.
pub fn check(name: &str, out: &SyncOutcome, want: &Expect) {
    let s = &out.status;
    let eq = |field: &str, got: String, want: String| assert_eq!(got, want, "{name}: {field}");
    if let Some(n) = want.creations {
        eq("creations", out.creates.len().to_string(), n.to_string());
    }
    if let Some(n) = want.deletions {
        eq("deletions", out.deletes.len().to_string(), n.to_string());
    }
    let num = |v: Option<i32>| v.unwrap_or(0).to_string();
    if let Some(n) = want.active {
        eq("active", num(s.active), n.to_string());
    }
    if let Some(n) = want.ready {
        eq("ready", num(s.ready), n.to_string());
    }
    if let Some(n) = want.succeeded {
        eq("succeeded", num(s.succeeded), n.to_string());
    }
    if let Some(n) = want.failed {
        eq("failed", num(s.failed), n.to_string());
    }
    if let Some(n) = want.terminating {
        eq("terminating", num(s.terminating), n.to_string());
    }
    if let Some(text) = want.completed_indexes {
        eq(
            "completedIndexes",
            s.completed_indexes.clone().unwrap_or_default(),
            text.to_string(),
        );
    }
    if let Some(text) = want.failed_indexes {
        eq(
            "failedIndexes",
            s.failed_indexes.clone().unwrap_or_default(),
            text.to_string(),
        );
    }
    if let Some(indexes) = &want.created_indexes {
        let mut got: Vec<i64> = out.creates.iter().filter_map(|c| c.index).collect();
        got.sort_unstable();
        eq(
            "created indexes",
            format!("{got:?}"),
            format!("{indexes:?}"),
        );
    }
    if let Some(conditions) = &want.conditions {
        let got: Vec<(String, String, String)> = s
            .conditions
            .iter()
            .flatten()
            .map(|c| {
                (
                    c.type_.clone(),
                    c.status.clone(),
                    c.reason.clone().unwrap_or_default(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = conditions
            .iter()
            .map(|(t, st, r)| (t.to_string(), st.to_string(), r.to_string()))
            .collect();
        eq("conditions", format!("{got:?}"), format!("{want:?}"));
    }
    if let Some(events) = &want.events {
        let got: Vec<&str> = out.events.iter().map(|e| &*e.reason).collect();
        eq("events", format!("{got:?}"), format!("{events:?}"));
    }
    if let Some(requeue) = want.requeue_seconds {
        let got = out.requeue_after.map(|d| d.as_secs());
        eq("requeue", format!("{got:?}"), format!("{requeue:?}"));
    }
    if let Some(n) = want.finalizer_patches {
        let before_delete = out
            .deletes
            .iter()
            .filter(|d| d.remove_finalizer_first)
            .count();
        eq(
            "finalizer patches",
            (out.remove_finalizers.len() + before_delete).to_string(),
            n.to_string(),
        );
    }
}
