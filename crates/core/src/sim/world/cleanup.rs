//! The controllers that remove finished work: TTL-after-finished and the garbage collector
//! (with the Job controller's orphan-pod worker).

use crate::api::job::JOB_TRACKING_FINALIZER;
use crate::api::Pod;
use crate::controllers::gc::{self, Dependent, GcAction, OwnerState};
use crate::controllers::job::orphan::{removes_orphan_finalizer, PodController};
use crate::controllers::ttl::{ttl_for_job, TtlDecision};
use crate::sim::store::key_of;
use crate::sim::store::Key;

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
        let now = self.api_now();
        for action in gc::collect(&owner, &dependents) {
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
                    self.store.update_job(&key, |j| {
                        if let Some(f) = j.metadata.finalizers.as_mut() {
                            f.retain(|x| x != finalizer);
                        }
                    });
                }
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
}
