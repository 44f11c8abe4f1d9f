//! The Job controller's writes to the API, paced by the controller manager's rate limit when a
//! scenario sets one (`timing.apiQps`): each create, delete, finalizer removal and status
//! update takes a token, and goes out when its token is due. Meanwhile the Job's key stays
//! with the worker that synced it (a workqueue never hands a key out twice at once), so the
//! next sync of the Job waits for the last write, as upstream's blocked sync does.
// Upstream: job_controller.go manageJob (creates in slow-start batches, each call through the
// rate-limited client; the sync returns when the batch has gone out); client-go workqueue
// (processing set)

use std::sync::Arc;

use crate::api::job::JobStatus;
use crate::api::{Job, Pod};
use crate::controllers::job::sync::{PodCreation, PodDeletion};
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::{Event, World};

/// One write of a Job's sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum JobWrite {
    Create(PodCreation),
    Delete(PodDeletion),
    RemoveFinalizer(String),
    Status(JobStatus),
}

impl World {
    /// When a write asked for now may go out: now, or when the rate limit's token is due.
    fn api_write_at(&mut self) -> SimTime {
        let now = self.now();
        match self.api.as_mut() {
            Some(bucket) => bucket.reserve(now),
            None => now,
        }
    }

    /// Sends a sync's writes: those whose token is due now at once, the others when it is
    /// (with the event a create or delete records then). Returns the names of the pods whose
    /// create or delete was put off: their events are recorded when it goes out.
    pub(super) fn send_job_writes(
        &mut self,
        key: &Key,
        job: &Job,
        writes: Vec<JobWrite>,
    ) -> Vec<String> {
        let now = self.now();
        let mut put_off = Vec::new();
        let mut last = now;
        for write in writes {
            let at = self.api_write_at();
            if at <= now {
                self.apply_job_write(key, job, write, false);
                continue;
            }
            last = last.max(at);
            match &write {
                JobWrite::Create(c) => put_off.push(c.name.clone()),
                JobWrite::Delete(d) => put_off.push(d.name.clone()),
                _ => {}
            }
            let event = Event::JobWrite {
                job: key.clone(),
                write: Box::new(write),
            };
            self.queue.push(at, event);
        }
        if last > now {
            self.job_busy.insert(key.clone(), last);
        }
        put_off
    }

    /// A put-off write goes out, with its event.
    pub(super) fn job_write_due(&mut self, key: Key, write: JobWrite) {
        let Some(job) = self.store.job(&key).cloned() else {
            return;
        };
        self.apply_job_write(&key, &job, write, true);
    }

    /// Makes one write of a Job's sync; `record` its SuccessfulCreate or SuccessfulDelete event.
    fn apply_job_write(&mut self, key: &Key, job: &Job, write: JobWrite, record: bool) {
        match write {
            JobWrite::Create(create) => {
                let message = record.then(|| {
                    self.texts
                        .fresh(format_args!("Created pod: {}", create.name))
                });
                self.create_pod(key, job, create);
                if let Some(message) = message {
                    self.record_job_event(key, "SuccessfulCreate", message);
                }
            }
            JobWrite::Delete(delete) => {
                let pod_key = (key.0.clone(), delete.name.clone());
                if delete.remove_finalizer_first {
                    self.remove_tracking_finalizer(&pod_key);
                }
                let grace = self
                    .store
                    .pod(&pod_key)
                    .map_or(30, Pod::termination_grace_seconds);
                let now = self.api_now();
                self.store.delete_pod(&pod_key, now, grace);
                if record {
                    let message = self
                        .texts
                        .fresh(format_args!("Deleted pod: {}", delete.name));
                    self.record_job_event(key, "SuccessfulDelete", message);
                }
            }
            JobWrite::RemoveFinalizer(name) => {
                self.remove_tracking_finalizer(&(key.0.clone(), name));
            }
            JobWrite::Status(status) => {
                self.store.update_job(key, |j| j.status = Some(status));
            }
        }
    }

    fn record_job_event(&mut self, key: &Key, reason: &'static str, message: Arc<str>) {
        let object = self.object("job", &key.0, &key.1);
        self.record("Normal", reason, object, message);
    }

    /// Whether the Job's last sync still has writes to send: then its next sync waits.
    pub(super) fn job_busy_until(&mut self, key: &Key) -> Option<SimTime> {
        let now = self.now();
        match self.job_busy.get(key) {
            Some(until) if *until > now => Some(*until),
            Some(_) => {
                self.job_busy.remove(key);
                None
            }
            None => None,
        }
    }
}
