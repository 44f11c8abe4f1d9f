//! The pod garbage collector of the controller manager, deleting the oldest finished pods past
//! `timing.terminatedPodGCThreshold` (12,500 by default, as upstream's). Its passes come every
//! 20 s after the last one ended; one is queued only when it has work, so that a quiet cluster's
//! run is not kept going by it. Under `timing.apiQps` its deletions wait for its own client's
//! token bucket, and its next pass for the last of them.

use crate::controllers::pod_gc::{excess, GC_CHECK_PERIOD};
use crate::sim::api_rate::{ApiRate, TokenBucket};
use crate::sim::store::Key;
use crate::sim::time::{SimDuration, SimTime};

use super::{Event, World};

/// The collector's settings and where its passes are.
#[derive(Debug)]
pub(super) struct PodGc {
    threshold: u32,
    api: Option<TokenBucket>,
    /// When the last pass ended (the controller manager's start before the first).
    last_end: SimTime,
    queued: bool,
}

impl PodGc {
    pub(super) fn new(threshold: u32, api_qps: Option<ApiRate>) -> Self {
        PodGc {
            threshold,
            api: api_qps.map(TokenBucket::new),
            last_end: SimTime::ZERO,
            queued: false,
        }
    }

    /// The first pass at or after `now`: a whole number of periods after the last pass ended,
    /// at least one.
    // Upstream: apimachinery wait.UntilWithContext (sliding: the period starts when a pass ends)
    fn next_pass(&self, now: SimTime) -> SimTime {
        let period = u64::try_from(GC_CHECK_PERIOD.as_millis()).unwrap_or(u64::MAX);
        let waited = now.since(self.last_end).as_millis();
        let periods = waited.div_ceil(period).max(1);
        self.last_end
            .after(SimDuration::from_millis(period.saturating_mul(periods)))
    }
}

impl World {
    /// Queues the collector's next pass when more pods have finished than it keeps.
    pub(super) fn pod_gc_wanted(&mut self) {
        if self.pod_gc.queued || self.pod_gc_excess() == 0 {
            return;
        }
        self.pod_gc.queued = true;
        let at = self.pod_gc.next_pass(self.now());
        self.queue.push(at, Event::PodGc);
    }

    /// A pass: the finished pods past the threshold are deleted, at once or as the collector's
    /// tokens come.
    // Upstream: pkg/controller/podgc/gc_controller.go gc, gcTerminated
    pub(super) fn pod_gc_pass(&mut self) {
        self.pod_gc.queued = false;
        let now = self.now();
        let doomed = self.store.finished_first(self.pod_gc_excess());
        let mut end = now;
        for key in doomed {
            let at = self.pod_gc.api.as_mut().map_or(now, |b| b.reserve(now));
            if at > now {
                end = end.max(at);
                self.queue.push(at, Event::PodGcDelete(key));
            } else {
                self.pod_gc_delete(&key);
            }
        }
        self.pod_gc.last_end = end;
    }

    /// How many finished pods a pass would delete now.
    fn pod_gc_excess(&self) -> usize {
        let [_, _, succeeded, failed] = self.store.pod_tallies();
        excess((succeeded + failed) as usize, self.pod_gc.threshold)
    }

    /// The collector deletes a finished pod at once (no grace period).
    // Upstream: gc_controller.go markFailedAndDeletePod (NewDeleteOptions(0))
    pub(super) fn pod_gc_delete(&mut self, key: &Key) {
        let now = self.api_now();
        self.store.delete_pod(key, now, 0);
    }
}
