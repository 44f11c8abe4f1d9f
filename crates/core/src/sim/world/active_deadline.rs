//! A pod's own deadline (`spec.activeDeadlineSeconds`, unlike the Job's): once the pod has been
//! active on its node that long, counted from its start time, the kubelet fails it with reason
//! DeadlineExceeded and kills its containers, whatever its restart policy.
// Upstream: pkg/kubelet/active_deadline.go (pastActiveDeadline, ShouldEvict)

use std::sync::Arc;

use crate::sim::store::Key;
use crate::sim::time::SimDuration;

use super::{Event, World};

const REASON: &str = "DeadlineExceeded";
const MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

impl World {
    /// The kubelet starts counting a pod's active deadline: it was just bound, and its start
    /// time is now.
    pub(super) fn watch_active_deadline(&mut self, key: &Arc<Key>) {
        let seconds = self
            .store
            .pod(key)
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.active_deadline_seconds)
            .and_then(|s| u64::try_from(s).ok());
        if let Some(seconds) = seconds {
            let due = self.now().after(SimDuration::from_secs(seconds));
            self.queue.push(due, Event::ActiveDeadline(Arc::clone(key)));
        }
    }

    /// The deadline has passed: a pod still running is failed.
    pub(super) fn active_deadline_passed(&mut self, key: Arc<Key>) {
        self.kubelet_fails_pod(&key, ("Normal", REASON), MESSAGE, None);
    }
}
