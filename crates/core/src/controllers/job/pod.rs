//! What the Job controller reads of a pod: a small view that the probe builds from its case and
//! the simulation builds from its pods.
//!
//! Upstream: the fields of `corev1.Pod` read by pkg/controller/job and
//! pkg/controller/controller_utils.go.

use std::borrow::Cow;

use jiff::{SignedDuration, Timestamp};

use crate::api::job::{
    JOB_COMPLETION_INDEX_ANNOTATION, JOB_INDEX_FAILURE_COUNT_ANNOTATION,
    JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION, JOB_TRACKING_FINALIZER,
};
use crate::api::Pod;

/// A pod's phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

/// One container (regular or init) as the controller sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerView {
    pub name: String,
    /// Whether this is an init container (`status.initContainerStatuses`).
    pub init: bool,
    /// The exit code when the container has terminated (`state.terminated.exitCode`).
    pub exit_code: Option<i32>,
    /// `state.terminated.finishedAt` when terminated with a non-zero time.
    pub finished_at: Option<Timestamp>,
    pub restart_count: i32,
}

/// A pod of a Job, as the controller sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPod {
    /// The pod's name; also its identity in `status.uncountedTerminatedPods` here.
    pub name: String,
    pub phase: Phase,
    /// The completion index from the `batch.kubernetes.io/job-completion-index` annotation;
    /// `None` when absent, unparsable or negative.
    pub index: Option<i64>,
    /// `batch.kubernetes.io/job-index-failure-count` (0 when absent or invalid).
    pub index_failure_count: i32,
    /// `batch.kubernetes.io/job-index-ignored-failure-count` (0 when absent or invalid).
    pub index_ignored_failure_count: i32,
    /// The `Ready` condition is `True`.
    pub ready: bool,
    /// When the `Ready` condition last turned `True` (deletion order among ready pods).
    pub ready_since: Option<Timestamp>,
    /// When a `Ready=False` condition last transitioned (a finish-time fallback).
    pub not_ready_since: Option<Timestamp>,
    /// `spec.nodeName`; empty while unscheduled.
    pub node_name: String,
    /// `metadata.creationTimestamp`.
    pub created_at: Option<Timestamp>,
    /// `metadata.deletionTimestamp − deletionGracePeriodSeconds`, when the pod is being deleted.
    pub deleted_at: Option<Timestamp>,
    /// The pod has a deletion timestamp.
    pub terminating: bool,
    /// Regular containers first, then init containers.
    pub containers: Vec<ContainerView>,
    /// Pod conditions as `(type, status)`, e.g. `("DisruptionTarget", "True")`.
    pub conditions: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The pod still carries the `batch.kubernetes.io/job-tracking` finalizer: its result is
    /// not yet in the Job's status.
    pub tracked: bool,
}

impl JobPod {
    /// A running, tracked, scheduled pod with nothing else set; tests and the probe start here.
    pub fn new(name: impl Into<String>, phase: Phase) -> Self {
        JobPod {
            name: name.into(),
            phase,
            index: None,
            index_failure_count: 0,
            index_ignored_failure_count: 0,
            ready: false,
            ready_since: None,
            not_ready_since: None,
            node_name: String::new(),
            created_at: None,
            deleted_at: None,
            terminating: false,
            containers: Vec::new(),
            conditions: Vec::new(),
            tracked: true,
        }
    }

    /// The controller's view of an API pod.
    pub fn from_pod(pod: &Pod) -> JobPod {
        let mut view = JobPod::new(String::new(), Phase::Pending);
        view.refresh(pod);
        view
    }

    /// Makes this the view of `pod` again, reusing its strings and lists: the simulation keeps
    /// a view per watched pod and refreshes it at each change of the pod.
    // Upstream: the pod accessors of job_controller.go, indexed_job_utils.go (getCompletionIndex,
    // getIndexFailureCount), backoff_utils.go (getFinishedTime) and controller_utils.go
    pub fn refresh(&mut self, pod: &Pod) {
        let meta = &pod.metadata;
        let status = pod.status.as_ref();
        let phase = match status.and_then(|s| s.phase.as_deref()) {
            Some("Running") => Phase::Running,
            Some("Succeeded") => Phase::Succeeded,
            Some("Failed") => Phase::Failed,
            Some("Unknown") => Phase::Unknown,
            _ => Phase::Pending,
        };
        let conditions = status.and_then(|s| s.conditions.as_ref());
        let ready_condition = conditions.and_then(|c| c.iter().find(|c| c.type_ == "Ready"));
        let ready = ready_condition.is_some_and(|c| c.status == "True");
        let transition = ready_condition
            .and_then(|c| c.last_transition_time)
            .map(|t| t.timestamp());
        let deleted_at = meta.deletion_timestamp.map(|t| {
            let grace = SignedDuration::from_secs(meta.deletion_grace_period_seconds.unwrap_or(0));
            t.timestamp().checked_sub(grace).unwrap_or(t.timestamp())
        });
        let regular = status
            .and_then(|s| s.container_statuses.as_ref())
            .into_iter()
            .flatten()
            .map(|c| (c, false));
        let init = status
            .and_then(|s| s.init_container_statuses.as_ref())
            .into_iter()
            .flatten()
            .map(|c| (c, true));
        self.name.clear();
        self.name.push_str(meta.name());
        self.phase = phase;
        self.index = meta
            .annotation(JOB_COMPLETION_INDEX_ANNOTATION)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|i| *i >= 0);
        self.index_failure_count = annotation_count(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
        self.index_ignored_failure_count =
            annotation_count(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
        self.ready = ready;
        self.ready_since = transition.filter(|_| ready);
        self.not_ready_since =
            transition.filter(|_| ready_condition.is_some_and(|c| c.status == "False"));
        self.node_name.clear();
        if let Some(node) = pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
            self.node_name.push_str(node);
        }
        self.created_at = meta.creation_timestamp.map(|t| t.timestamp());
        self.deleted_at = deleted_at;
        self.terminating = meta.deletion_timestamp.is_some();
        let mut n = 0;
        for (c, init) in regular.chain(init) {
            if n == self.containers.len() {
                self.containers.push(ContainerView {
                    name: String::new(),
                    init,
                    exit_code: None,
                    finished_at: None,
                    restart_count: 0,
                });
            }
            let view = &mut self.containers[n];
            let terminated = c.state.as_ref().and_then(|s| s.terminated.as_ref());
            view.name.clone_from(&c.name);
            view.init = init;
            view.exit_code = terminated.map(|t| t.exit_code);
            view.finished_at = terminated
                .and_then(|t| t.finished_at)
                .map(|t| t.timestamp());
            view.restart_count = c.restart_count;
            n += 1;
        }
        self.containers.truncate(n);
        let conditions = conditions.map_or(&[][..], Vec::as_slice);
        self.conditions
            .reserve(conditions.len().saturating_sub(self.conditions.len()));
        let mut n = 0;
        for c in conditions {
            if n == self.conditions.len() {
                self.conditions.push((Cow::Borrowed(""), Cow::Borrowed("")));
            }
            let (type_, status) = &mut self.conditions[n];
            type_.clone_from(&c.type_);
            status.clone_from(&c.status);
            n += 1;
        }
        self.conditions.truncate(n);
        self.tracked = meta.has_finalizer(JOB_TRACKING_FINALIZER);
    }

    /// Neither Succeeded nor Failed.
    pub fn is_unfinished(&self) -> bool {
        !matches!(self.phase, Phase::Succeeded | Phase::Failed)
    }

    /// Not finished and not being deleted.
    // Upstream: controller_utils.go IsPodActive
    pub fn is_active(&self) -> bool {
        self.is_unfinished() && !self.terminating
    }

    /// Not finished and being deleted.
    // Upstream: controller_utils.go IsPodTerminating
    pub fn is_terminating(&self) -> bool {
        self.is_unfinished() && self.terminating
    }

    /// The sum of restart counts over init and regular containers.
    pub fn restart_count_sum(&self) -> i64 {
        self.containers
            .iter()
            .map(|c| i64::from(c.restart_count))
            .sum()
    }

    /// The highest restart count of a regular container.
    // Upstream: controller_utils.go maxContainerRestarts
    pub fn max_container_restarts(&self) -> i32 {
        self.containers
            .iter()
            .filter(|c| !c.init)
            .map(|c| c.restart_count)
            .max()
            .unwrap_or(0)
    }

    /// Whether the pod has a condition of this type with this status.
    pub fn has_condition(&self, kind: &str, status: &str) -> bool {
        self.conditions
            .iter()
            .any(|(k, s)| k == kind && s == status)
    }

    /// When the pod finished: the latest container finish time if every regular container
    /// terminated with a time; else a `Ready=False` transition; else the deletion time minus
    /// grace; else the creation time.
    // Upstream: backoff_utils.go getFinishedTime
    pub fn finished_time(&self) -> Option<Timestamp> {
        self.finish_time_from_containers()
            .or(self.not_ready_since)
            .or(self.deleted_at)
            .or(self.created_at)
    }

    // Upstream: backoff_utils.go getFinishTimeFromContainers
    fn finish_time_from_containers(&self) -> Option<Timestamp> {
        let mut latest: Option<Timestamp> = None;
        for container in self.containers.iter().filter(|c| !c.init) {
            let finished = container.finished_at?;
            latest = Some(latest.map_or(finished, |l| l.max(finished)));
        }
        latest
    }
}

/// A failure-count annotation: 0 when absent, unparsable, negative or beyond int32.
// Upstream: indexed_job_utils.go parseIndexFailureCountAnnotation, parseInt32
fn annotation_count(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotation(key)
        .and_then(|v| v.parse::<i32>().ok())
        .filter(|n| *n >= 0)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or_default()
    }

    fn container(finished_at: Option<&str>) -> ContainerView {
        ContainerView {
            name: "main".into(),
            init: false,
            exit_code: finished_at.map(|_| 1),
            finished_at: finished_at.map(at),
            restart_count: 0,
        }
    }

    #[test]
    fn finished_time_follows_get_finished_time() {
        let mut pod = JobPod::new("p", Phase::Failed);
        pod.created_at = Some(at("2026-01-01T00:00:00Z"));
        assert_eq!(
            pod.finished_time(),
            Some(at("2026-01-01T00:00:00Z")),
            "falls back to creation"
        );
        pod.deleted_at = Some(at("2026-01-01T00:00:30Z"));
        assert_eq!(
            pod.finished_time(),
            Some(at("2026-01-01T00:00:30Z")),
            "deletion time before creation"
        );
        pod.not_ready_since = Some(at("2026-01-01T00:00:20Z"));
        assert_eq!(
            pod.finished_time(),
            Some(at("2026-01-01T00:00:20Z")),
            "Ready=False before deletion"
        );
        pod.containers = vec![
            container(Some("2026-01-01T00:00:05Z")),
            container(Some("2026-01-01T00:00:09Z")),
        ];
        assert_eq!(
            pod.finished_time(),
            Some(at("2026-01-01T00:00:09Z")),
            "latest container finish"
        );
        pod.containers.push(container(None));
        assert_eq!(
            pod.finished_time(),
            Some(at("2026-01-01T00:00:20Z")),
            "one container still running"
        );
    }

    #[test]
    fn a_view_made_the_view_of_another_pod_keeps_nothing_of_the_first() {
        let plain: Pod = serde_json::from_value(serde_json::json!({
            "metadata": { "name": "pi-xyz12" },
            "spec": { "containers": [{ "name": "main" }] }
        }))
        .unwrap_or_default();
        let mut view = JobPod::from_pod(&deleted_indexed_pod());
        assert_ne!(view, JobPod::from_pod(&plain));
        view.refresh(&plain);
        assert_eq!(view, JobPod::from_pod(&plain));
    }

    /// A failed pod of index 2 with two conditions and a terminated container, being deleted.
    fn deleted_indexed_pod() -> Pod {
        serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": "pi-2-abcde",
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "deletionTimestamp": "2026-01-01T00:02:00Z",
                "deletionGracePeriodSeconds": 30,
                "finalizers": ["batch.kubernetes.io/job-tracking"],
                "annotations": {
                    "batch.kubernetes.io/job-completion-index": "2",
                    "batch.kubernetes.io/job-index-failure-count": "1",
                    "batch.kubernetes.io/job-index-ignored-failure-count": "-4"
                }
            },
            "spec": { "nodeName": "node-1", "containers": [{ "name": "main" }] },
            "status": {
                "phase": "Failed",
                "conditions": [
                    { "type": "Ready", "status": "False", "lastTransitionTime": "2026-01-01T00:01:00Z" },
                    { "type": "DisruptionTarget", "status": "True" }
                ],
                "containerStatuses": [{ "name": "main", "restartCount": 2,
                    "state": { "terminated": { "exitCode": 137, "finishedAt": "2026-01-01T00:01:30Z" } } }]
            }
        }))
        .unwrap_or_default()
    }

    #[test]
    fn an_api_pod_reads_as_the_controller_reads_it() {
        let view = JobPod::from_pod(&deleted_indexed_pod());
        assert_eq!(
            (
                view.phase,
                view.index,
                view.index_failure_count,
                view.index_ignored_failure_count
            ),
            (Phase::Failed, Some(2), 1, 0)
        );
        assert!(
            view.tracked
                && view.terminating
                && !view.ready
                && view.has_condition("DisruptionTarget", "True")
        );
        assert_eq!(
            view.deleted_at,
            Some(at("2026-01-01T00:01:30Z")),
            "deletion time minus grace"
        );
        assert_eq!(view.not_ready_since, Some(at("2026-01-01T00:01:00Z")));
        assert_eq!(view.containers[0].exit_code, Some(137));
        assert_eq!(view.finished_time(), Some(at("2026-01-01T00:01:30Z")));
        assert_eq!(view.node_name, "node-1");
    }

    #[test]
    fn active_and_terminating_exclude_finished_pods() {
        let mut pod = JobPod::new("p", Phase::Running);
        assert!(pod.is_active() && !pod.is_terminating());
        pod.terminating = true;
        assert!(!pod.is_active() && pod.is_terminating());
        pod.phase = Phase::Failed;
        assert!(
            !pod.is_active() && !pod.is_terminating(),
            "a finished pod being deleted is not terminating"
        );
    }
}
