//! The controllers that remove finished work: TTL-after-finished and the garbage collector
//! (with the Job controller's orphan-pod worker). Under the controller manager's API rate limit
//! (`timing.apiQps`) the collector's writes wait for its own token bucket, upstream's at twice
//! the rate since each deletion takes two requests.

use crate::api::job::JOB_TRACKING_FINALIZER;
use crate::api::Pod;
use crate::controllers::gc::{self, Dependent, GcAction, OwnerState};
use crate::controllers::job::orphan::{removes_orphan_finalizer, PodController};
use crate::controllers::ttl::{ttl_for_job, TtlDecision};
use crate::sim::store::key_of;
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::{sim_duration, Event, World};

impl World {
    // Upstream: pkg/controller/ttlafterfinished/ttlafterfinished_controller.go processJob
    pub(super) fn ttl(&mut self, key: Key) {
        let Some(job) = self.store.job(&key) else {
            return;
        };
        match ttl_for_job(job, self.clock.wall(self.now())) {
            TtlDecision::NotApplicable(_) => {}
            TtlDecision::Wait { after, .. } => {
                let at = self.now().after(sim_duration(after));
                self.queue.push(at, Event::Ttl(key));
            }
            TtlDecision::Delete { propagation, .. } => {
                let now = self.api_now();
                self.store
                    .delete_job(&key, now, gc::deletion_finalizer(propagation));
            }
        }
    }

    /// The garbage collector's pass over a deleted Job's pods, then the orphan worker's.
    // Upstream: pkg/controller/garbagecollector/garbagecollector.go attemptToDeleteItem;
    // job_controller.go syncOrphanPod
    pub(super) fn collect(&mut self, key: Key) {
        let owner = match self.store.job(&key) {
            None => OwnerState::Gone,
            Some(job) if job.metadata.deletion_timestamp.is_some() => OwnerState::Deleting {
                finalizers: job.metadata.finalizers.clone().unwrap_or_default(),
            },
            Some(_) => return,
        };
        let pods: Vec<(Key, Dependent, bool)> = self
            .store
            .pods_of(&key)
            .into_iter()
            .map(|p| {
                let dependent = Dependent {
                    name: p.metadata.name().to_string(),
                    blocks_owner_deletion: true,
                    has_other_live_owner: false,
                    being_deleted: p.metadata.deletion_timestamp.is_some(),
                };
                let tracked = p.metadata.has_finalizer(JOB_TRACKING_FINALIZER);
                (key_of(&p.metadata), dependent, tracked)
            })
            .collect();
        let dependents: Vec<Dependent> = pods.iter().map(|(_, d, _)| d.clone()).collect();
        for action in gc::collect(&owner, &dependents) {
            let target = (key.clone(), gc_target(&action).to_string());
            if self.gc_pending.contains(&target) {
                continue;
            }
            let at = self.gc_write_at(&action);
            if at <= self.now() {
                self.apply_gc_action(&key, action);
            } else {
                self.gc_pending.insert(target);
                let action = Box::new(action);
                self.queue.push(
                    at,
                    Event::GcWrite {
                        job: key.clone(),
                        action,
                    },
                );
            }
        }
        let controller = match self.store.job(&key) {
            None => PodController::MissingJob,
            Some(job) => PodController::Job {
                managed_elsewhere: false,
                finished: job.is_finished(),
            },
        };
        for (pod_key, _, tracked) in pods {
            if removes_orphan_finalizer(tracked, controller) {
                self.remove_tracking_finalizer(&pod_key);
            }
        }
    }

    /// When the collector's write asked for now goes out: a dependent's delete or orphaning
    /// reads the object first (two requests), the owner's finalizer is one patch.
    // Upstream: garbagecollector.go attemptToDeleteItem (getObject, then delete or patch)
    fn gc_write_at(&mut self, action: &GcAction) -> SimTime {
        let now = self.now();
        let Some(bucket) = self.gc_api.as_mut() else {
            return now;
        };
        let requests = match action {
            GcAction::RemoveOwnerFinalizer { .. } => 1,
            _ => 2,
        };
        (0..requests).fold(now, |_, _| bucket.reserve(now))
    }

    /// A put-off write of the collector goes out.
    pub(super) fn gc_write_due(&mut self, key: Key, action: GcAction) {
        self.gc_pending
            .remove(&(key.clone(), gc_target(&action).to_string()));
        self.apply_gc_action(&key, action);
    }

    fn apply_gc_action(&mut self, key: &Key, action: GcAction) {
        let now = self.api_now();
        match action {
            GcAction::RemoveOwnerReference { dependent } => {
                self.store.update_pod(&(key.0.clone(), dependent), |p| {
                    p.metadata.owner_references = None;
                });
            }
            GcAction::DeleteDependent { dependent, .. } => {
                let pod_key = (key.0.clone(), dependent);
                let grace = self
                    .store
                    .pod(&pod_key)
                    .map_or(30, Pod::termination_grace_seconds);
                self.store.delete_pod(&pod_key, now, grace);
            }
            GcAction::RemoveOwnerFinalizer { finalizer } => {
                self.store.update_job(key, |j| {
                    if let Some(f) = j.metadata.finalizers.as_mut() {
                        f.retain(|x| x != finalizer);
                    }
                });
            }
        }
    }
}

/// The object a collector's write is about: the dependent's name, or "" for the owner.
fn gc_target(action: &GcAction) -> &str {
    match action {
        GcAction::RemoveOwnerReference { dependent }
        | GcAction::DeleteDependent { dependent, .. } => dependent,
        GcAction::RemoveOwnerFinalizer { .. } => "",
    }
}
