//! Nodes as API objects and what happens to them: the kubelet's heartbeats (a node that goes
//! silent and comes back), the node lifecycle controller (NotReady, the unreachable taints, pods
//! marked not ready), the taint-eviction controller, cordon, drain through the Eviction API and
//! the kubelet's node-pressure eviction.

use std::sync::Arc;

use crate::api::node::{NodeCondition, NodeSpec as NodeObjectSpec, NodeStatus, Taint};
use crate::api::pod::ContainerStateTerminated;
use crate::api::quantity::Format;
use crate::api::{Node, ObjectMeta, Pod, PodStatus, Quantity, Time};
use crate::sim::pod_address::Address;
use crate::sim::scenario::NodeSpec;
use crate::sim::scheduler;
use crate::sim::store::Key;
use crate::sim::time::{SimDuration, SimTime};

use super::init_containers::Stage;
use super::pod_conditions::{set_condition, write_kubelet_conditions};
use super::pod_lifecycle::mark_terminated;
use super::pod_network::{node_ip, pod_cidr};
use super::records::Ready;
use super::{Event, World};

/// The taint of a node whose kubelet stopped reporting.
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
/// The taint of a node whose kubelet reports NotReady.
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";

/// The message of the kubelet's memory-pressure eviction (no thresholds are simulated).
// Upstream: pkg/kubelet/eviction/helpers.go nodeLowMessageFmt
const NODE_LOW_MESSAGE: &str = "The node was low on resource: memory. ";

/// kubectl's words for a node that does not exist.
// Upstream: apimachinery pkg/api/errors NewNotFound, printed by kubectl cmdutil.CheckErr
pub fn node_not_found(name: &str) -> String {
    format!("Error from server (NotFound): nodes \"{name}\" not found")
}

/// kubectl's words for a pod that does not exist.
pub fn pod_not_found(name: &str) -> String {
    format!("Error from server (NotFound): pods \"{name}\" not found")
}

/// The scenario's `index`-th node as its kubelet registers it: allocatable = capacity, its
/// conditions healthy, its addresses; with the pod CIDR the node IPAM controller gives it.
// Upstream: pkg/kubelet/kubelet_node_status.go initialNode; nodestatus/setters.go (the
// conditions), NodeAddress (InternalIP, then Hostname); nodeipam range_allocator.go (spec.podCIDR)
fn node_object(spec: &NodeSpec, index: usize, now: Time) -> Node {
    let resources: crate::api::pod::ResourceList = spec
        .allocatable
        .iter()
        .filter(|(_, milli)| **milli != 0)
        .map(|(name, milli)| (name.clone(), reported(name, *milli)))
        .collect();
    Node {
        api_version: Some("v1".into()),
        kind: Some("Node".into()),
        metadata: ObjectMeta {
            name: Some(spec.name.clone()),
            labels: Some(Arc::new(spec.labels.clone())).filter(|l| !l.is_empty()),
            creation_timestamp: Some(now),
            ..Default::default()
        },
        spec: Some(NodeObjectSpec {
            pod_cidr: Some(pod_cidr(index)),
            pod_cidrs: Some(vec![pod_cidr(index)]),
            unschedulable: spec.unschedulable.then_some(true),
            taints: Some(spec.taints.clone()).filter(|t| !t.is_empty()),
            ..Default::default()
        }),
        status: Some(NodeStatus {
            capacity: Some(resources.clone()),
            allocatable: Some(resources),
            conditions: Some(kubelet_conditions(now)),
            addresses: Some(serde_json::json!([
                { "address": node_ip(index), "type": "InternalIP" },
                { "address": spec.name, "type": "Hostname" },
            ])),
            node_info: Some(node_info()),
            ..Default::default()
        }),
    }
}

/// A resource as the kubelet reports it: memory in powers of 1024 (`8Gi`, `32827616Ki`), the
/// others in decimal units.
// Upstream: pkg/kubelet/nodestatus/setters.go MachineInfo (resource.BinarySI for memory)
fn reported(resource: &str, milli: i64) -> Quantity {
    let quantity = Quantity::from_milli(milli);
    if resource == "memory" {
        quantity.with_format(Format::BinarySi)
    } else {
        quantity
    }
}

/// What the virtual kubelet reports of itself: the Kubernetes version jobsim follows (VERSION of
/// `kubectl get nodes`); the kernel, OS image and runtime are not modelled, so they stay unset.
// Upstream: pkg/kubelet/nodestatus/setters.go VersionInfo, GoRuntime
fn node_info() -> serde_json::Value {
    serde_json::json!({
        "architecture": "amd64",
        "kubeletVersion": format!("v{}.0", crate::KUBERNETES_VERSION),
        "operatingSystem": "linux",
    })
}

/// How often the kubelet renews its node's Lease: a quarter of the 40 s lease duration.
// Upstream: pkg/kubelet/kubelet.go NewMainKubelet (renewInterval = NodeLeaseDurationSeconds ×
// nodeLeaseRenewIntervalFraction 0.25)
const LEASE_RENEW_INTERVAL: SimDuration = SimDuration::from_secs(10);

/// The conditions the kubelet reports, in its order, as a healthy node's: type, status,
/// reason and message.
// Upstream: pkg/kubelet/kubelet_node_status.go defaultNodeStatusFuncs; nodestatus/setters.go
// MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition, ReadyCondition
const KUBELET_CONDITIONS: [(&str, &str, &str, &str); 4] = [
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    (
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
    ),
    (
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
    ),
    (
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
    ),
];

/// The kubelet's conditions as it writes them at `now`, each changing status then.
// Upstream: nodestatus/setters.go MemoryPressureCondition, DiskPressureCondition,
// PIDPressureCondition, ReadyCondition
fn kubelet_conditions(now: Time) -> Vec<NodeCondition> {
    KUBELET_CONDITIONS
        .iter()
        .map(|(type_, status, reason, message)| NodeCondition {
            type_: (*type_).into(),
            status: (*status).into(),
            last_heartbeat_time: Some(now),
            last_transition_time: Some(now),
            reason: Some((*reason).into()),
            message: Some((*message).into()),
        })
        .collect()
}

/// The kubelet reports at `now`: each of its conditions heartbeats, and one whose status is
/// not the healthy one (Unknown while the kubelet was silent) is written afresh.
// Upstream: nodestatus/setters.go ReadyCondition and the pressure conditions (lastHeartbeatTime
// always, lastTransitionTime and reason when the status changes)
fn kubelet_report(conditions: &mut Vec<NodeCondition>, now: Time) {
    for reported in kubelet_conditions(now) {
        match conditions.iter_mut().find(|c| c.type_ == reported.type_) {
            Some(c) if c.status == reported.status => c.last_heartbeat_time = Some(now),
            Some(c) => *c = reported,
            None => conditions.push(reported),
        }
    }
}

/// The node lifecycle controller's word for a kubelet condition it no longer hears about:
/// Unknown since `now`, the last heartbeat kept.
// Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go tryUpdateNodeHealth
// (NodeStatusUnknown)
fn mark_unknown(condition: &mut NodeCondition, now: Time) {
    let reported_by_kubelet = KUBELET_CONDITIONS
        .iter()
        .any(|(type_, ..)| condition.type_ == *type_);
    if !reported_by_kubelet || condition.status == "Unknown" {
        return;
    }
    condition.status = "Unknown".into();
    condition.reason = Some("NodeStatusUnknown".into());
    condition.message = Some("Kubelet stopped posting node status.".into());
    condition.last_transition_time = Some(now);
}

fn node_ready_status(node: &Node) -> &str {
    node.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
        .map_or("Unknown", |c| c.status.as_str())
}

fn node_of(pod: &Pod) -> Option<&str> {
    pod.spec.as_ref().and_then(|s| s.node_name.as_deref())
}

impl World {
    /// Registers the scenario's nodes as API objects (at t = 0).
    pub(super) fn register_nodes(&mut self) -> Result<(), String> {
        let now = self.api_now();
        for (index, spec) in self.nodes.iter().enumerate() {
            self.store.create_node(node_object(spec, index, now))?;
        }
        Ok(())
    }

    /// The scheduler's cache follows the Node object; a node that lost a constraint sends the
    /// pods that fit nowhere back to the scheduler.
    // Upstream: pkg/scheduler/eventhandlers.go updateNodeInCache
    pub(super) fn node_changed(&mut self, name: &str) {
        let Some(node) = self.store.node(name) else {
            return;
        };
        let spec = node.spec.as_ref();
        let unschedulable = spec.and_then(|s| s.unschedulable).unwrap_or(false);
        let taints = spec.and_then(|s| s.taints.clone()).unwrap_or_default();
        let Some(cached) = self.nodes.iter_mut().find(|n| n.name == name) else {
            return;
        };
        let freed = (cached.unschedulable && !unschedulable) || taints.len() < cached.taints.len();
        cached.unschedulable = unschedulable;
        cached.taints = taints;
        self.verdicts.clear();
        if freed {
            self.retry_unschedulable();
        }
    }

    /// The pods bound to a node.
    /// The pods bound to the node, by the keys the store shares.
    fn pods_on(&self, node: &str) -> Vec<Arc<Key>> {
        self.store
            .pods()
            .filter(|(_, p)| node_of(p) == Some(node))
            .filter_map(|(k, _)| self.store.pod_key(k).cloned())
            .collect()
    }

    /// `kubectl cordon`: sets `spec.unschedulable`; true when it changed.
    // Upstream: staging/src/k8s.io/kubectl/pkg/drain/cordon.go CordonHelper.UpdateIfRequired
    pub fn cordon(&mut self, node: &str) -> Result<bool, String> {
        self.set_unschedulable(node, true)
    }

    /// `kubectl uncordon`: clears `spec.unschedulable`; true when it changed.
    // Upstream: kubectl/pkg/drain/cordon.go CordonHelper.UpdateIfRequired
    pub fn uncordon(&mut self, node: &str) -> Result<bool, String> {
        self.set_unschedulable(node, false)
    }

    fn set_unschedulable(&mut self, node: &str, desired: bool) -> Result<bool, String> {
        let Some(current) = self.store.node(node) else {
            return Err(node_not_found(node));
        };
        let now = current
            .spec
            .as_ref()
            .and_then(|s| s.unschedulable)
            .unwrap_or(false);
        if now == desired {
            return Ok(false);
        }
        self.store.update_node(node, |n| {
            n.spec.get_or_insert_with(Default::default).unschedulable = desired.then_some(true);
        });
        self.dispatch();
        Ok(true)
    }

    /// `kubectl drain`: cordons the node, then evicts its pods through the Eviction API.
    /// Returns the evicted pods' names.
    // Upstream: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go RunDrain
    // (RunCordonOrUncordon, then drain.Helper.DeleteOrEvictPods)
    pub fn drain(&mut self, node: &str) -> Result<Vec<String>, String> {
        self.cordon(node)?;
        let mut evicted = Vec::new();
        for key in self.pods_on(node) {
            let deleting = self
                .store
                .pod(&key)
                .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
            if !deleting {
                self.evict_pod(&key)?;
                evicted.push(key.1.clone());
            }
        }
        self.dispatch();
        Ok(evicted)
    }

    /// The Eviction API: the pod gets the DisruptionTarget condition and is deleted with its
    /// grace period (no PodDisruptionBudgets are simulated).
    // Upstream: pkg/registry/core/pod/storage/eviction.go EvictionREST.Create
    // (addConditionAndDeletePod)
    pub fn evict_pod(&mut self, pod: &Key) -> Result<(), String> {
        let Some(p) = self.store.pod(pod) else {
            return Err(pod_not_found(&pod.1));
        };
        if p.metadata.deletion_timestamp.is_some() {
            return Ok(());
        }
        self.disrupt_pod(pod, ("EvictionByEvictionAPI", "Eviction API: evicting"));
        Ok(())
    }

    /// A disruption's two writes to a pod: the DisruptionTarget condition with its reason and
    /// message, then the pod's graceful deletion.
    // Upstream: registry/core/pod/storage/eviction.go (addConditionAndDeletePod); scheduler's
    // preemption.go PreemptPod
    pub(super) fn disrupt_pod(&mut self, pod: &Key, reason: (&'static str, &str)) {
        let Some(grace) = self.store.pod(pod).map(|p| p.termination_grace_seconds()) else {
            return;
        };
        let now = self.api_now();
        self.store.update_pod(pod, |p| {
            set_condition(p, "DisruptionTarget", "True", Some(reason), now);
        });
        self.store.delete_pod(pod, now, grace);
        self.show_terminating_if_silent(pod);
        self.dispatch();
    }

    /// A pod deleted on a silent node shows Terminating at once (its kubelet cannot act yet).
    fn show_terminating_if_silent(&mut self, pod: &Key) {
        if self.on_silent_node(pod) {
            self.pod_line(pod, Ready::All, "Terminating");
        }
    }

    /// The kubelet's node-pressure eviction of every running pod of the node: containers
    /// killed, the pod Failed with reason `Evicted` and the DisruptionTarget condition.
    // Upstream: pkg/kubelet/eviction/eviction_manager.go evictPod; kubelet_pods.go
    // generateAPIPodStatus (TerminationByKubelet)
    pub(super) fn evict_node(&mut self, node: &str) -> Result<(), String> {
        if self.store.node(node).is_none() {
            return Err(node_not_found(node));
        }
        for key in self.pods_on(node) {
            let disruption = Some(("TerminationByKubelet", NODE_LOW_MESSAGE));
            self.kubelet_fails_pod(&key, ("Warning", "Evicted"), NODE_LOW_MESSAGE, disruption);
        }
        Ok(())
    }

    /// The kubelet fails a running pod on its own account (node-pressure eviction, the pod's
    /// active deadline): its containers killed, the pod Failed with the event's reason and this
    /// message (and a DisruptionTarget condition, for an eviction).
    // Upstream: kubelet_pods.go generateAPIPodStatus (a PodSyncHandler's ShouldEvict: phase
    // Failed, reason, message); syncPod (killPod)
    pub(super) fn kubelet_fails_pod(
        &mut self,
        key: &Arc<Key>,
        (event_type, reason): (&'static str, &'static str),
        message: &'static str,
        disruption: Option<(&'static str, &str)>,
    ) {
        let running = self
            .store
            .pod(key)
            .is_some_and(|p| !p.is_terminal() && p.metadata.deletion_timestamp.is_none());
        if !running {
            return;
        }
        let completed = self.runs.get(&Address::of(key)).map_or(0, |r| r.init);
        let stage = Stage::of(
            self.store.pod(key).and_then(|p| p.spec.as_deref()),
            completed,
        );
        self.release(key);
        let now = self.api_now();
        let terminated = ContainerStateTerminated {
            exit_code: 137,
            reason: Some("Error".into()),
            finished_at: Some(now),
            ..Default::default()
        };
        self.mark_sidecars_stopped_now(key, now);
        self.store.update_pod(key, |p| {
            let status = p.status.get_or_insert_with(PodStatus::default);
            status.phase = Some("Failed".into());
            status.reason = Some(reason.into());
            status.message = Some(message.into());
            for cs in stage.statuses(status) {
                mark_terminated(cs, &terminated, false);
            }
            if let Some(disruption) = disruption {
                set_condition(p, "DisruptionTarget", "True", Some(disruption), now);
            }
            write_kubelet_conditions(p, false, now);
        });
        let text = self.texts.shared_str(message);
        self.record(event_type, reason, self.pod_object(key), text);
        self.finish_record(key, "Failed", 137, reason);
        self.pod_line(key, Ready::None, reason);
    }

    /// The node's kubelet stops reporting: its last heartbeat is now; what its containers do is
    /// heard when it reports again. The node lifecycle controller looks after the grace period.
    // Upstream: pkg/kubelet/kubelet_node_status.go syncNodeStatus (the heartbeats that stop)
    pub(super) fn node_down(&mut self, node: &str) -> Result<(), String> {
        if self.store.node(node).is_none() {
            return Err(node_not_found(node));
        }
        if self.silent.contains_key(node) {
            return Ok(());
        }
        let now = self.api_now();
        self.silent.insert(node.to_string(), self.now());
        self.store.update_node(node, |n| {
            let conditions = n
                .status
                .get_or_insert_with(Default::default)
                .conditions
                .as_mut();
            for c in conditions.into_iter().flatten() {
                c.last_heartbeat_time = Some(now);
            }
        });
        let at = self.now().after(self.timing.node_monitor_grace);
        self.queue.push(at, Event::NodeMonitor(node.to_string()));
        Ok(())
    }

    /// The node's kubelet reports again: Ready, the pods deleted meanwhile are killed, the
    /// containers' news held meanwhile is delivered, and the node lifecycle controller looks.
    // Upstream: nodestatus/setters.go ReadyCondition (event NodeReady); kubelet.go
    // HandlePodRemoves / pod_workers.go (terminating pods killed)
    pub(super) fn node_up(&mut self, node: &str) -> Result<(), String> {
        let Some(obj) = self.store.node(node) else {
            return Err(node_not_found(node));
        };
        if self.silent.remove(node).is_none() {
            return Ok(());
        }
        self.lease_origin.insert(node.to_string(), self.now());
        let was_ready = node_ready_status(obj) == "True";
        let now = self.api_now();
        self.store.update_node(node, |n| {
            let status = n.status.get_or_insert_with(Default::default);
            kubelet_report(status.conditions.get_or_insert_with(Vec::new), now);
        });
        if !was_ready {
            let message = self
                .texts
                .shared(format_args!("Node {node} status is now: NodeReady"));
            let object = self.object("node", "", node);
            self.record("Normal", "NodeReady", object, message);
        }
        for key in self.pods_on(node) {
            let Some(pod) = self.store.pod(&key) else {
                continue;
            };
            if pod.metadata.deletion_timestamp.is_some() {
                self.terminate(&key);
            } else if pod.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running") {
                let marked = pod
                    .status
                    .as_ref()
                    .and_then(|s| s.conditions.as_ref())
                    .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
                    .is_some_and(|c| c.status == "False" && c.reason.is_none());
                if marked {
                    self.store.update_pod(&key, |p| {
                        write_kubelet_conditions(p, true, now);
                    });
                }
            }
        }
        for event in self.held.remove(node).unwrap_or_default() {
            self.queue.push(self.now(), event);
        }
        self.queue
            .push(self.now(), Event::NodeMonitor(node.to_string()));
        Ok(())
    }

    /// When the node's kubelet last renewed its Lease: every 10 s since it registered (or
    /// reported again after a silence), until it went silent.
    // Upstream: staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go Run
    // (sync every renewInterval; the first renewal when the kubelet starts)
    pub(crate) fn lease_renew_time(&self, node: &str) -> Time {
        let origin = self
            .lease_origin
            .get(node)
            .copied()
            .unwrap_or(SimTime::ZERO);
        let last_heard = self.silent.get(node).copied().unwrap_or(self.now());
        let elapsed = last_heard.since(origin).as_millis();
        let interval = LEASE_RENEW_INTERVAL.as_millis();
        let renewed = origin.after(SimDuration::from_millis(elapsed - elapsed % interval));
        Time::from_timestamp(self.wall(renewed))
    }

    /// The kubelet events of pods whose node is silent wait for it to report again.
    pub(super) fn silent_node_of(&self, event: &Event) -> Option<String> {
        if self.silent.is_empty() {
            return None;
        }
        let pod = match event {
            Event::Start { pod, .. }
            | Event::Pulled { pod, .. }
            | Event::Exit { pod, .. }
            | Event::Restart { pod, .. }
            | Event::Killed { pod, .. }
            | Event::SidecarExit { pod, .. }
            | Event::SidecarRestart { pod, .. }
            | Event::SidecarsStopped(pod)
            | Event::ActiveDeadline(pod) => pod,
            _ => return None,
        };
        let node = node_of(self.store.pod(pod)?)?;
        self.silent.contains_key(node).then(|| node.to_string())
    }

    /// Whether the kubelet of the pod's node is silent (it cannot see the pod's deletion).
    pub(super) fn on_silent_node(&self, pod: &Key) -> bool {
        !self.silent.is_empty()
            && self
                .store
                .pod(pod)
                .and_then(node_of)
                .is_some_and(|n| self.silent.contains_key(n))
    }

    /// The node lifecycle controller's look at a node: silent past the grace period → the
    /// kubelet's conditions Unknown, the unreachable taints, its pods not ready and their
    /// eviction timed; reporting Ready again → the taints removed.
    // Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go monitorNodeHealth,
    // tryUpdateNodeHealth, doNoExecuteTaintingPass, doNoScheduleTaintingPass;
    // pkg/controller/util/node/controller_utils.go RecordNodeStatusChange, MarkPodsNotReady
    pub(super) fn monitor_node(&mut self, node: &str) {
        let Some(obj) = self.store.node(node) else {
            return;
        };
        let ready = node_ready_status(obj) == "True";
        let now = self.api_now();
        let Some(since) = self.silent.get(node).copied() else {
            let tainted = obj
                .spec
                .as_ref()
                .and_then(|s| s.taints.as_ref())
                .is_some_and(|t| t.iter().any(is_condition_taint));
            if ready && tainted {
                self.store.update_node(node, |n| {
                    if let Some(taints) = n.spec.as_mut().and_then(|s| s.taints.as_mut()) {
                        taints.retain(|t| !is_condition_taint(t));
                    }
                });
            }
            return;
        };
        if !ready || self.now() < since.after(self.timing.node_monitor_grace) {
            return;
        }
        self.store.update_node(node, |n| {
            let status = n.status.get_or_insert_with(Default::default);
            for c in status.conditions.iter_mut().flatten() {
                mark_unknown(c, now);
            }
            let taints = n
                .spec
                .get_or_insert_with(Default::default)
                .taints
                .get_or_insert_with(Vec::new);
            for effect in ["NoSchedule", "NoExecute"] {
                taints.push(Taint {
                    key: UNREACHABLE_TAINT.into(),
                    value: None,
                    effect: effect.into(),
                    time_added: (effect == "NoExecute").then_some(now),
                });
            }
        });
        let message = self
            .texts
            .shared(format_args!("Node {node} status is now: NodeNotReady"));
        let object = self.object("node", "", node);
        self.record("Normal", "NodeNotReady", object, message);
        for key in self.pods_on(node) {
            let Some(pod) = self.store.pod(&key) else {
                continue;
            };
            let ready = pod
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
                .is_some_and(|c| c.status == "True");
            if ready {
                self.store.update_pod(&key, |p| {
                    set_condition(p, "Ready", "False", None, now);
                });
                let message = self.texts.shared_str("Node is not ready");
                self.record("Warning", "NodeNotReady", self.pod_object(&key), message);
            }
            self.time_taint_eviction(key);
        }
    }

    /// Times the taint-eviction controller's deletion of a pod on a node with NoExecute taints.
    // Upstream: pkg/controller/tainteviction/taint_eviction.go processPodOnNode
    fn time_taint_eviction(&mut self, key: Arc<Key>) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        if pod.is_terminal() || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let taints = self.no_execute_taints(pod);
        if let Some(after) = self.toleration_time(pod, &taints) {
            self.queue
                .push(self.now().after(after), Event::TaintEviction(key));
        }
    }

    fn no_execute_taints(&self, pod: &Pod) -> Vec<Taint> {
        node_of(pod)
            .and_then(|n| self.store.node(n))
            .and_then(|n| n.spec.as_ref())
            .and_then(|s| s.taints.as_ref())
            .into_iter()
            .flatten()
            .filter(|t| t.effect == "NoExecute")
            .cloned()
            .collect()
    }

    /// How long a pod may stay on a node with these NoExecute taints: zero for a taint it does
    /// not tolerate, the least `tolerationSeconds` otherwise, `None` when tolerated forever.
    /// (Admission gave every pod tolerations of the not-ready and unreachable taints.)
    // Upstream: taint_eviction.go getMinTolerationTime
    fn toleration_time(&self, pod: &Pod, taints: &[Taint]) -> Option<SimDuration> {
        let tolerations = pod
            .spec
            .as_ref()
            .and_then(|s| s.tolerations.as_deref())
            .unwrap_or_default();
        let mut least: Option<SimDuration> = None;
        let mut keep = |d: SimDuration| least = Some(least.map_or(d, |l| l.min(d)));
        for taint in taints {
            let matching: Vec<_> = tolerations
                .iter()
                .filter(|t| scheduler::tolerates(t, taint))
                .collect();
            if matching.is_empty() {
                keep(SimDuration::ZERO);
            }
            for t in matching {
                if let Some(s) = t.toleration_seconds {
                    keep(SimDuration::from_secs(u64::try_from(s).unwrap_or(0)));
                }
            }
        }
        least
    }

    /// The taint-eviction controller's deletion of a pod whose toleration ran out. On a silent
    /// node the pod then stays Terminating until its kubelet reports again: the pod garbage
    /// collector only force-deletes such pods on a node tainted `node.kubernetes.io/out-of-service`,
    /// which nobody sets here.
    // Upstream: taint_eviction.go deletePodHandler, emitPodDeletionEvent,
    // addConditionAndDeletePod; pkg/controller/podgc/gc_controller.go gcTerminating
    pub(super) fn taint_evict(&mut self, key: Arc<Key>) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        if pod.is_terminal() || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let taints = self.no_execute_taints(pod);
        let Some(after) = self.toleration_time(pod, &taints) else {
            return;
        };
        let wall_now = self.clock.wall(self.now());
        let added = taints
            .iter()
            .filter_map(|t| t.time_added)
            .map(|t| t.timestamp())
            .max()
            .unwrap_or(wall_now);
        let due = added
            .checked_add(jiff::SignedDuration::from_millis(
                i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            ))
            .unwrap_or(added);
        if taints.is_empty() || due > wall_now {
            return;
        }
        let grace = pod.termination_grace_seconds();
        let message = self
            .texts
            .fresh(format_args!("Marking for deletion Pod {}/{}", key.0, key.1));
        self.record(
            "Normal",
            "TaintManagerEviction",
            self.pod_object(&key),
            message,
        );
        let now = self.api_now();
        let reason = (
            "DeletionByTaintManager",
            "Taint manager: deleting due to NoExecute taint",
        );
        self.store.update_pod(&key, |p| {
            set_condition(p, "DisruptionTarget", "True", Some(reason), now);
        });
        self.store.delete_pod(&key, now, grace);
        self.show_terminating_if_silent(&key);
    }
}

/// The taints the node lifecycle controller manages for a node's Ready condition.
fn is_condition_taint(taint: &Taint) -> bool {
    taint.key == UNREACHABLE_TAINT || taint.key == NOT_READY_TAINT
}
