//! The pod garbage collector's pass over finished pods: once more pods have finished
//! (Succeeded or Failed) than the controller manager's threshold, the oldest of them are deleted
//! until the threshold is met again, evicted pods first.
//!
//! Upstream: pkg/controller/podgc/gc_controller.go (gcTerminated, byEvictionAndCreationTimestamp),
//! run every `gcCheckPeriod` with `--terminated-pod-gc-threshold`.

use std::cmp::Ordering;
use std::time::Duration;

use crate::api::{Pod, Time};

/// kube-controller-manager's `--terminated-pod-gc-threshold` default; 0 turns the pass off.
pub const TERMINATED_POD_GC_THRESHOLD: u32 = 12_500;

/// How long the collector waits after a pass before the next one.
// Upstream: gc_controller.go gcCheckPeriod (wait.UntilWithContext: from the end of a pass)
pub const GC_CHECK_PERIOD: Duration = Duration::from_secs(20);

/// How many finished pods a pass deletes: those past the threshold (none with a threshold of
/// 0). Pods already marked for deletion still count, and may be picked again.
// Upstream: gc_controller.go gc (the pass runs only with a threshold above 0), gcTerminated
pub fn excess(finished: usize, threshold: u32) -> usize {
    if threshold == 0 {
        return 0;
    }
    finished.saturating_sub(threshold as usize)
}

/// What the collector orders a finished pod by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcRank<'a> {
    pub evicted: bool,
    pub created: Option<Time>,
    pub namespace: &'a str,
    pub name: &'a str,
}

impl GcRank<'_> {
    /// The collector's order: evicted pods first, then by creation time, then by name. Upstream
    /// leaves pods of one name in two namespaces to the order its cache lists them in; here the
    /// namespace decides, so that a run is the same every time.
    // Upstream: gc_controller.go byEvictionAndCreationTimestamp.Less
    pub fn deleted_before(&self, other: &GcRank<'_>) -> Ordering {
        other
            .evicted
            .cmp(&self.evicted)
            .then(self.created.cmp(&other.created))
            .then_with(|| self.name.cmp(other.name))
            .then_with(|| self.namespace.cmp(other.namespace))
    }
}

/// A pod the kubelet evicted: Failed with reason `Evicted`.
// Upstream: pkg/kubelet/eviction/helpers.go PodIsEvicted
pub fn is_evicted(pod: &Pod) -> bool {
    pod.status.as_ref().is_some_and(|s| {
        s.phase.as_deref() == Some("Failed") && s.reason.as_deref() == Some("Evicted")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pod created `created` (0–9) seconds into 2026.
    fn rank<'a>(name: &'a str, namespace: &'a str, created: u8, evicted: bool) -> GcRank<'a> {
        GcRank {
            evicted,
            created: Some(Time::parse(&format!("2026-01-01T00:00:0{created}Z")).unwrap()),
            namespace,
            name,
        }
    }

    #[test]
    fn the_excess_over_the_threshold_goes_and_a_threshold_of_zero_keeps_all() {
        assert_eq!(excess(3, 2), 1);
        assert_eq!(excess(2, 2), 0);
        assert_eq!(excess(1, 2), 0);
        assert_eq!(excess(30_000, 0), 0);
    }

    #[test]
    fn evicted_pods_go_first_then_the_oldest_then_by_name_then_namespace() {
        let mut ranks = [
            rank("new", "default", 9, false),
            rank("b-old", "default", 1, false),
            rank("a-old", "team", 1, false),
            rank("a-old", "default", 1, false),
            rank("evicted", "default", 5, true),
            rank("oldest", "default", 0, false),
        ];
        ranks.sort_by(GcRank::deleted_before);
        let order: Vec<(&str, &str)> = ranks.iter().map(|r| (r.name, r.namespace)).collect();
        assert_eq!(
            order,
            [
                ("evicted", "default"),
                ("oldest", "default"),
                ("a-old", "default"),
                ("a-old", "team"),
                ("b-old", "default"),
                ("new", "default"),
            ]
        );
    }

    #[test]
    fn only_a_failed_pod_with_reason_evicted_counts_as_evicted() {
        use crate::api::PodStatus;
        let with = |phase: &str, reason: Option<&str>| Pod {
            status: Some(PodStatus {
                phase: Some(phase.to_string().into()),
                reason: reason.map(Into::into),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(is_evicted(&with("Failed", Some("Evicted"))));
        assert!(!is_evicted(&with("Failed", Some("DeadlineExceeded"))));
        assert!(!is_evicted(&with("Succeeded", Some("Evicted"))));
        assert!(!is_evicted(&with("Failed", None)));
    }
}
