//! The scheduler: it takes a pod, picks a node, assumes the pod there in its cache at once and
//! binds it through the API — when the scenario sets the scheduler's rate limit
//! (`timing.schedulerQps`), when the bind's token is due, which is what bounds a default
//! scheduler's throughput. A pod that fits nowhere gets FailedScheduling and its PodScheduled
//! condition written (also an API write), and waits until resources free or a node changes.
// Upstream: pkg/scheduler/schedule_one.go scheduleOne (schedulingCycle assumes the pod,
// bindingCycle binds it, then records Scheduled; handleSchedulingFailure records
// FailedScheduling and updates the pod's condition); cmd/kube-scheduler (the client's QPS 50,
// burst 100 by default)

use std::sync::Arc;

use crate::api::pod::{ContainerState, ContainerStateWaiting, ContainerStatus, Ip};
use crate::api::{Container, PodStatus};
use crate::sim::pod_address::AddressKey;
use crate::sim::scheduler::{self, PodUsage};
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::init_containers::init_containers;
use super::pod_conditions::{set_condition, write_kubelet_conditions};
use super::pod_network::node_ip;
use super::records::Ready;
use super::{Event, PodRun, World};

/// One API write of the scheduler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SchedulerWrite {
    /// The binding of a pod to the node it was assumed on (by its place in `nodes`).
    Bind { node: usize, usage: PodUsage },
    /// The PodScheduled condition of a pod that fits nowhere, with the reasons.
    Unschedulable(Arc<str>),
}

impl World {
    pub(super) fn schedule(&mut self, key: Arc<Key>) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let bound = pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_ref())
            .is_some();
        if bound || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let write = match scheduler::schedule(pod, &self.nodes, &self.usage) {
            Ok(node) => {
                // The scheduler's cache counts the pod on its node before the bind goes out.
                let usage = PodUsage::of(pod);
                self.usage[node].add(&usage, 1);
                self.unschedulable.remove(&key);
                SchedulerWrite::Bind { node, usage }
            }
            Err(message) => {
                self.unschedulable.insert((*key).clone());
                let message = self.texts.shared(format_args!("{message}"));
                let object = self.pod_object(&key);
                self.record("Warning", "FailedScheduling", object, message.clone());
                SchedulerWrite::Unschedulable(message)
            }
        };
        let at = self.scheduler_write_at();
        if at <= self.now() {
            self.scheduler_write_due(key, write);
        } else {
            let write = Box::new(write);
            self.queue
                .push(at, Event::SchedulerWrite { pod: key, write });
        }
    }

    /// When a write of the scheduler asked for now may go out.
    fn scheduler_write_at(&mut self) -> SimTime {
        let now = self.now();
        self.scheduler_api
            .as_mut()
            .map_or(now, |bucket| bucket.reserve(now))
    }

    /// A write of the scheduler goes out. A pod deleted meanwhile is not bound: the scheduler
    /// forgets it, and the resources it was assumed to take go to the pods that wait.
    // Upstream: schedule_one.go handleBindingCycleError (ForgetPod, then
    // MoveAllToActiveOrBackoffQueue); registry/core/pod/storage assignPod (a pod being deleted
    // cannot be assigned to a host)
    pub(super) fn scheduler_write_due(&mut self, key: Arc<Key>, write: SchedulerWrite) {
        let live = self
            .store
            .pod(&key)
            .is_some_and(|p| p.metadata.deletion_timestamp.is_none());
        match write {
            SchedulerWrite::Bind { node, usage } if !live => {
                self.usage[node].add(&usage, -1);
                self.retry_unschedulable();
            }
            SchedulerWrite::Bind { node, .. } => self.bind(key, node),
            SchedulerWrite::Unschedulable(message) => {
                let now = self.api_now();
                self.store.update_pod(&key, |p| {
                    let reason = Some(("Unschedulable", &*message));
                    set_condition(p, "PodScheduled", "False", reason, now);
                });
            }
        }
    }

    /// Binds the pod to the node: its kubelet's first status, the Scheduled event, and the
    /// kubelet takes it from there.
    fn bind(&mut self, key: Arc<Key>, i: usize) {
        let node = self.nodes[i].name.clone();
        let now = self.api_now();
        let specs = &mut self.specs;
        let host_ip = node_ip(i);
        let mut initializing = false;
        self.store.update_pod(&key, |p| {
            if let Some(spec) = p.spec.as_mut() {
                specs.bind(spec, &node);
            }
            // The kubelet's first status of the pod names its node's address.
            let status = p.status.get_or_insert_with(PodStatus::default);
            status.host_ips = Some(vec![Ip {
                ip: host_ip.clone(),
            }]);
            status.host_ip = Some(host_ip);
            status.start_time = Some(now);
            // With init containers to run, every container waits for them.
            // Upstream: kubelet_pods.go convertToAPIContainerStatuses (defaultWaitingState)
            let spec = p.spec.as_deref();
            let init: Vec<&Container> = spec.map_or(Vec::new(), |s| init_containers(s).collect());
            initializing = !init.is_empty();
            let waiting = if initializing {
                "PodInitializing"
            } else {
                "ContainerCreating"
            };
            status.init_container_statuses =
                initializing.then(|| waiting_statuses(init.iter().copied(), waiting));
            let containers = spec.map_or(&[][..], |s| &s.containers);
            status.container_statuses = Some(waiting_statuses(containers, waiting));
            set_condition(p, "PodScheduled", "True", None, now);
            write_kubelet_conditions(p, false, now);
        });
        if let Some(r) = self.pod_records.get_mut(&key) {
            r.node = Some(node.clone());
        }
        let message = self.texts.fresh(format_args!(
            "Successfully assigned {}/{} to {node}",
            key.0, key.1
        ));
        self.record("Normal", "Scheduled", self.pod_object(&key), message);
        if initializing {
            self.pod_line_as_printed(&key);
        } else {
            self.pod_line(&key, Ready::None, "ContainerCreating");
        }
        debug_assert!(self.is_shared_pod_key(&key));
        let run = PodRun {
            node: i,
            ..PodRun::default()
        };
        self.runs.insert(AddressKey::new(&key), run);
        self.watch_active_deadline(&key);
        self.prepare_start(key, node, 0);
    }

    /// Sends the pods that fit nowhere back to the scheduler (resources freed, a node changed).
    // Upstream: pkg/scheduler/backend/queue/scheduling_queue.go MoveAllToActiveOrBackoffQueue
    pub(super) fn retry_unschedulable(&mut self) {
        let waiting = std::mem::take(&mut self.unschedulable);
        for pod in waiting {
            let d = self.timing.schedule.sample(&mut self.rng);
            let Some(pod) = self.store.pod_key(&pod).cloned() else {
                continue;
            };
            self.queue.push(self.now().after(d), Event::Schedule(pod));
        }
    }
}

/// The statuses of containers not started yet, all waiting for `reason`.
fn waiting_statuses<'a>(
    containers: impl IntoIterator<Item = &'a Container>,
    reason: &str,
) -> Vec<ContainerStatus> {
    containers
        .into_iter()
        .map(|c| ContainerStatus {
            name: c.name.clone(),
            state: Some(ContainerState {
                waiting: Some(ContainerStateWaiting {
                    reason: Some(reason.into()),
                    message: None,
                }),
                ..Default::default()
            }),
            image: c.image.clone().unwrap_or_default(),
            started: Some(false),
            ..Default::default()
        })
        .collect()
}
