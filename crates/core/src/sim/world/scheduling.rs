//! The scheduler: it takes a pod, picks a node, assumes the pod there in its cache at once and
//! binds it through the API — when the scenario sets the scheduler's rate limit
//! (`timing.schedulerQps`), when the bind's token is due, which is what bounds a default
//! scheduler's throughput. A pod that fits nowhere gets FailedScheduling and its PodScheduled
//! condition written (also an API write), and waits until resources free or a node changes.
// Upstream: pkg/scheduler/schedule_one.go scheduleOne (schedulingCycle assumes the pod,
// bindingCycle binds it, then records Scheduled; handleSchedulingFailure records
// FailedScheduling and updates the pod's condition); cmd/kube-scheduler (the client's QPS 50,
// burst 100 by default)

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::pod::{ContainerState, ContainerStateWaiting, ContainerStatus, Ip};
use crate::api::{Container, Pod, PodStatus};
use crate::sim::placed_pods::{Placed, PlacedPods};
use crate::sim::pod_address::{Address, AddressKey};
use crate::sim::preemption::{self, Candidate, Resident};
use crate::sim::scheduler::{self, NodeUsage, PodUsage};
use crate::sim::store::Key;
use crate::sim::time::SimTime;
use crate::sim::{inter_pod_affinity, topology_spread};

use super::init_containers::init_containers;
use super::pod_conditions::{has_true_condition, set_condition, write_kubelet_conditions};
use super::records::Ready;
use super::{Event, PodRun, World};

/// One API write of the scheduler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SchedulerWrite {
    /// The binding of a pod to the node it was assumed on (by its place in `nodes`).
    Bind { node: usize, usage: PodUsage },
    /// The PodScheduled condition of a pod that fits nowhere, with the reasons, and the node
    /// preemption nominated it to.
    Unschedulable {
        message: Arc<str>,
        nominated: Option<String>,
    },
}

/// A pod nominated to a node where preemption makes room for it: until it binds or goes, the
/// scheduler keeps that room from pods of lower priority.
#[derive(Clone, Debug)]
pub(super) struct Nomination {
    node: usize,
    priority: i32,
    usage: PodUsage,
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
        let priority = pod_priority(pod);
        // Taken out for the attempt: the pod and the usage are read from the world meanwhile.
        let mut verdicts = std::mem::take(&mut self.verdicts);
        let usage = usage_with_nominated(&self.usage, &self.nominated, &key, priority);
        let other_pods_matter = inter_pod_affinity::has_terms(pod)
            || topology_spread::has_constraints(pod)
            || usage.iter().any(|u| u.with_affinity > 0);
        let cluster = other_pods_matter.then(|| self.placed_pods());
        let takes = verdicts.takes(pod);
        let placed = scheduler::schedule(
            pod,
            &takes,
            &self.nodes,
            &usage,
            cluster.as_ref(),
            &mut verdicts,
            self.search_start,
        );
        let write = match placed {
            Ok(best) => {
                self.search_start = best.next_start();
                let node = best.pick(|tied| self.rng.between(0, tied - 1));
                // The scheduler's cache counts the pod on its node before the bind goes out.
                self.usage[node].add(&takes, 1);
                self.unschedulable.remove(&key);
                self.nominated.remove(&*key);
                SchedulerWrite::Bind { node, usage: takes }
            }
            Err(unfit) => {
                let residents = self.residents(priority);
                let waiting = self.waiting_for_victims(pod, priority, &residents);
                let (verdict, candidate) =
                    preemption::preempt(pod, &unfit, &usage, &residents, waiting, |n| {
                        self.rng.between(0, n - 1)
                    });
                self.unschedulable.insert((*key).clone());
                let message = self.texts.shared_str(&unfit.message(&verdict));
                let object = self.pod_object(&key);
                self.record("Warning", "FailedScheduling", object, message.clone());
                let nominated = candidate.map(|c| self.prepare_candidate(&key, priority, takes, c));
                SchedulerWrite::Unschedulable { message, nominated }
            }
        };
        self.verdicts = verdicts;
        let at = self.scheduler_write_at();
        if at <= self.now() {
            self.scheduler_write_due(key, write);
        } else {
            if let SchedulerWrite::Bind { node, .. } = write {
                self.assumed.insert((*key).clone(), node);
            }
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
        self.assumed.remove(&*key);
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
            SchedulerWrite::Unschedulable { message, nominated } => {
                let now = self.api_now();
                self.store.update_pod(&key, |p| {
                    let reason = Some(("Unschedulable", &*message));
                    set_condition(p, "PodScheduled", "False", reason, now);
                    if nominated.is_some() {
                        p.status
                            .get_or_insert_with(PodStatus::default)
                            .nominated_node_name = nominated;
                    }
                });
            }
        }
    }

    /// Binds the pod to the node: its kubelet's first status, the Scheduled event, and the
    /// kubelet takes it from there.
    fn bind(&mut self, key: Arc<Key>, i: usize) {
        let now = self.api_now();
        let node = &self.nodes[i].name;
        let specs = &mut self.specs;
        let host_ip = self.networks[i].ip.clone();
        let mut initializing = false;
        self.store.update_pod(&key, |p| {
            if let Some(spec) = p.spec.as_mut() {
                specs.bind(spec, node);
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
        let shared_node = self.texts.shared_str(node);
        if let Some(r) = self.pod_records.get_mut(&key) {
            r.node = Some(shared_node);
        }
        let message =
            self.texts
                .fresh(["Successfully assigned ", &key.0, "/", &key.1, " to ", node]);
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
        self.prepare_start(key, i, 0);
    }

    /// The pods in the scheduler's cache, bound or assumed, and the namespaces' labels.
    // Upstream: backend/cache/cache.go (AssumePod, then the informer's bound pods)
    fn placed_pods(&self) -> PlacedPods<'_> {
        let pods = self.store.pods().filter_map(|(key, pod)| {
            let assumed = self.assumed.get(key).copied();
            let key = self.store.pod_key(key)?;
            let bound = self
                .runs
                .get(&Address::of(key))
                .filter(|r| r.holds_resources())
                .map(|r| r.node);
            let node = bound.or(assumed)?;
            Some(Placed { pod, node })
        });
        let namespace_labels = self
            .store
            .namespaces()
            .filter_map(|n| Some((n.metadata.name.as_deref()?, n.metadata.labels.as_deref()?)))
            .collect();
        PlacedPods {
            pods: pods.collect(),
            namespace_labels,
        }
    }

    /// The pods each node holds, as preemption weighs them, when some may have a lower
    /// priority than `priority` (every pod has at least the lowest class's value, or 0).
    fn residents(&self, priority: i32) -> Vec<Vec<Resident>> {
        let mut residents = vec![Vec::new(); self.nodes.len()];
        let lowest = self
            .store
            .priority_classes()
            .map(|c| c.value)
            .min()
            .unwrap_or(0);
        if lowest.min(0) >= priority {
            return residents;
        }
        for (key, pod) in self.store.pods() {
            let Some(key) = self.store.pod_key(key) else {
                continue;
            };
            let Some(run) = self
                .runs
                .get(&Address::of(key))
                .filter(|r| r.holds_resources())
            else {
                continue;
            };
            residents[run.node].push(Resident {
                key: Arc::clone(key),
                priority: pod_priority(pod),
                usage: PodUsage::of(pod),
                start: pod.status.as_ref().and_then(|s| s.start_time),
            });
        }
        // The store's table has no order that holds natively and in wasm alike.
        for pods in &mut residents {
            pods.sort_by(|a, b| a.key.cmp(&b.key));
        }
        residents
    }

    /// Whether lower-priority pods this pod preempted are still terminating on the node it was
    /// nominated to: then it waits for them rather than preempting more.
    // Upstream: default_preemption.go PodEligibleToPreemptOthers (podTerminatingByPreemption)
    fn waiting_for_victims(&self, pod: &Pod, priority: i32, residents: &[Vec<Resident>]) -> bool {
        let nominated = pod
            .status
            .as_ref()
            .and_then(|s| s.nominated_node_name.as_deref());
        let Some(node) = nominated.and_then(|n| self.nodes.iter().position(|x| x.name == n)) else {
            return false;
        };
        residents[node].iter().any(|r| {
            r.priority < priority
                && self.store.pod(&r.key).is_some_and(|p| {
                    p.metadata.deletion_timestamp.is_some()
                        && has_true_condition(p, "DisruptionTarget", PREEMPTED_REASON)
                })
        })
    }

    /// Makes room on the candidate's node: each victim marked as disrupted by preemption and
    /// deleted (gracefully), the pods of lower priority nominated there sent back, and the
    /// preemptor nominated there. Returns the node's name.
    // Upstream: preemption.go prepareCandidate (a victim already being deleted is skipped;
    // PreemptPod: DisruptionTarget PreemptionByScheduler, DeletePod, the Preempted event;
    // getLowerPriorityNominatedPods, ClearNominatedNodeName)
    fn prepare_candidate(
        &mut self,
        key: &Arc<Key>,
        priority: i32,
        usage: PodUsage,
        candidate: Candidate,
    ) -> String {
        let node = self.nodes[candidate.node].name.clone();
        let uid = self
            .store
            .pod(key)
            .map(|p| p.metadata.uid().to_string())
            .unwrap_or_default();
        for victim in &candidate.victims {
            // A victim already being deleted needs no second deletion, nor an event.
            let deleting = self
                .store
                .pod(victim)
                .map(|p| p.metadata.deletion_timestamp.is_some());
            if deleting != Some(false) {
                continue;
            }
            // The event goes out with the deletion, before the kubelet hears of it.
            let message = self
                .texts
                .fresh(format_args!("Preempted by pod {uid} on node {node}"));
            self.record("Normal", "Preempted", self.pod_object(victim), message);
            let message =
                format!("{DEFAULT_SCHEDULER}: preempting to accommodate a higher priority pod");
            self.disrupt_pod(victim, (PREEMPTED_REASON, &message));
        }
        let displaced: Vec<Key> = self
            .nominated
            .iter()
            .filter(|(k, n)| n.node == candidate.node && n.priority < priority && **k != **key)
            .map(|(k, _)| k.clone())
            .collect();
        for other in displaced {
            self.nominated.remove(&other);
            self.store.update_pod(&other, |p| {
                if let Some(status) = p.status.as_mut() {
                    status.nominated_node_name = None;
                }
            });
        }
        let nomination = Nomination {
            node: candidate.node,
            priority,
            usage,
        };
        self.nominated.insert((**key).clone(), nomination);
        node
    }

    /// Sends the pods that fit nowhere back to the scheduler (resources freed, a node changed).
    // Upstream: pkg/scheduler/backend/queue/scheduling_queue.go MoveAllToActiveOrBackoffQueue;
    // the active queue pops the higher priority first (queuesort/priority_sort.go)
    pub(super) fn retry_unschedulable(&mut self) {
        let mut waiting: Vec<Key> = std::mem::take(&mut self.unschedulable)
            .into_iter()
            .collect();
        waiting.sort_by_key(|k| std::cmp::Reverse(self.store.pod(k).map_or(0, pod_priority)));
        for pod in waiting {
            let d = self.timing.schedule.sample(&mut self.rng);
            let Some(pod) = self.store.pod_key(&pod).cloned() else {
                continue;
            };
            self.queue.push(self.now().after(d), Event::Schedule(pod));
        }
    }
}

/// The reason of the DisruptionTarget condition of a pod the scheduler preempts.
// Upstream: core/v1 types.go PodReasonPreemptionByScheduler
const PREEMPTED_REASON: &str = "PreemptionByScheduler";

/// The scheduler's name (the default profile's).
const DEFAULT_SCHEDULER: &str = "default-scheduler";

/// A pod's priority as admission set it (0 for one admission never saw).
fn pod_priority(pod: &Pod) -> i32 {
    pod.spec.as_ref().and_then(|s| s.priority).unwrap_or(0)
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

/// The nodes' usage as the filters see it for a pod of `priority`: with the room kept for the
/// other pods nominated there with at least its priority.
// Upstream: runtime/framework.go RunFilterPluginsWithNominatedPods (addGENominatedPods)
fn usage_with_nominated<'a>(
    usage: &'a [NodeUsage],
    nominated: &BTreeMap<Key, Nomination>,
    key: &Key,
    priority: i32,
) -> Cow<'a, [NodeUsage]> {
    let kept = nominated
        .iter()
        .filter(|(k, n)| *k != key && n.priority >= priority);
    let mut usage = Cow::Borrowed(usage);
    for (_, n) in kept {
        usage.to_mut()[n.node].add(&n.usage, 1);
    }
    usage
}
