//! The control plane asleep (`controllersDown: { for: 2h }`, a laptop whose lid closed): the
//! controllers and the scheduler stop taking work from their queues while the API server keeps
//! the watch notifications and the kubelets keep running containers; on waking they resync.

use crate::sim::store::Key;
use crate::sim::time::SimDuration;

use super::{Event, World};

/// Whether a controller or the scheduler handles the event (it waits while they sleep).
fn is_control_plane(event: &Event) -> bool {
    match event {
        Event::Reconcile(_)
        | Event::Schedule(_)
        | Event::Ttl(_)
        | Event::Collect(_)
        | Event::PodGc
        | Event::PodGcDelete(_)
        | Event::NodeMonitor(_)
        | Event::TaintEviction(_)
        | Event::CronSync(_)
        | Event::JobWrite { .. }
        | Event::SchedulerWrite { .. }
        | Event::GcWrite { .. } => true,
        Event::Start { .. }
        | Event::Pulled { .. }
        | Event::Exit { .. }
        | Event::Restart { .. }
        | Event::Killed { .. }
        | Event::Action(_)
        | Event::ControllersUp
        | Event::QueueTake { .. }
        | Event::SidecarExit { .. }
        | Event::SidecarRestart { .. }
        | Event::SidecarsStopped(_)
        | Event::ActiveDeadline(_) => false,
    }
}

impl World {
    /// Holds an event that a sleeping controller or a silent kubelet would handle; hands back
    /// the others.
    pub(super) fn defer(&mut self, event: Event) -> Option<Event> {
        if self.asleep_until.is_some() && is_control_plane(&event) {
            self.slept.push(event);
            return None;
        }
        if let Some(node) = self.silent_node_of(&event) {
            self.held.entry(node).or_default().push(event);
            return None;
        }
        Some(event)
    }

    /// Whether the controllers sleep now.
    pub fn controllers_asleep(&self) -> bool {
        self.asleep_until.is_some()
    }

    /// The controllers and the scheduler sleep for this long (a longer sleep extends it).
    pub(super) fn controllers_down(&mut self, for_: SimDuration) {
        let until = self.now().after(for_);
        if self.asleep_until.is_some_and(|u| u >= until) {
            return;
        }
        self.asleep_until = Some(until);
        self.queue.push(until, Event::ControllersUp);
    }

    /// The controllers wake: their informers relist, so every Job and CronJob is synced again,
    /// and the work that waited is taken up now.
    // Upstream: client-go tools/cache reflector.go ListAndWatch (relist) and
    // shared_informer.go (every object handed to the handlers again)
    pub(super) fn controllers_up(&mut self) {
        if self.asleep_until != Some(self.now()) {
            return;
        }
        self.asleep_until = None;
        self.workqueue.clear();
        let jobs: Vec<Key> = self.store.jobs().map(|(k, _)| k.clone()).collect();
        for key in jobs {
            let delay = self.timing.controller_delay.sample(&mut self.rng);
            self.enqueue(&key, delay);
        }
        // Upstream: cronjob_controllerv2.go updateCronJob (a relisted CronJob is queued at once)
        let cron_jobs: Vec<Key> = self.store.cron_jobs().map(|(k, _)| k.clone()).collect();
        for key in cron_jobs {
            self.enqueue_cron_job(key, SimDuration::ZERO);
        }
        for event in std::mem::take(&mut self.slept) {
            if !matches!(event, Event::Reconcile(_)) {
                self.queue.push(self.now(), event);
            }
        }
    }
}
