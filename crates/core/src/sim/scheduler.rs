//! The scheduler: a pod's requests against each node's free allocatable resources, its
//! nodeSelector, cordoned nodes and untolerated taints; the emptiest fitting node wins; a pod
//! that fits nowhere gets upstream's FailedScheduling message.

use std::collections::BTreeMap;

use crate::api::node::Taint;
use crate::api::pod::Toleration;
use crate::api::quantity::Quantity;
use crate::api::{resource, Pod};

use super::scenario::NodeSpec;

/// The resources the scheduler counts.
pub const RESOURCES: [&str; 4] = ["cpu", "memory", "nvidia.com/gpu", "pods"];

/// The place of `pods` in [`RESOURCES`]: every pod takes one of its node's.
const PODS: usize = 3;

/// One pod, in the milli-units of [`Amounts`].
const ONE_POD: i64 = 1000;

/// Resource amounts in milli-units, in the order of `RESOURCES`.
pub type Amounts = [i64; 4];

/// A node's allocatable resources, in the order of `RESOURCES`.
pub fn allocatable(node: &NodeSpec) -> Amounts {
    RESOURCES.map(|name| node.allocatable.get(name).copied().unwrap_or(0))
}

impl resource::Amounts for Amounts {
    fn add(&mut self, more: &Self) {
        *self = std::array::from_fn(|r| self[r] + more[r]);
    }

    fn at_least(&mut self, other: &Self) {
        *self = std::array::from_fn(|r| self[r].max(other[r]));
    }

    fn put(&mut self, name: &str, quantity: Quantity, add: bool) {
        if let Some(r) = RESOURCES.iter().position(|n| *n == name) {
            let base = if add { self[r] } else { 0 };
            self[r] = base + quantity.milli_value();
        }
    }
}

/// A pod's effective requests, as the API's resource helpers sum them (sidecars beside the
/// containers, the init containers' peak, pod-level requests, the overhead); admission made a
/// container request the limits it did not request.
// Upstream: component-helpers/resource/helpers.go PodRequests
pub fn pod_requests(pod: &Pod) -> Amounts {
    requests_or(pod, Amounts::default())
}

/// The requests the scheduler scores a pod by: a container that requests no CPU or memory
/// counts as 100m CPU and 200 MiB, so that pods without requests still spread over nodes.
// Upstream: pkg/scheduler/util/pod_resources.go GetNonzeroRequests (DefaultMilliCPURequest,
// DefaultMemoryRequest)
pub fn nonzero_requests(pod: &Pod) -> Amounts {
    requests_or(pod, [100, 200 * 1024 * 1024 * 1000, 0, 0])
}

/// A pod's requests with `defaults` for each resource a container does not ask for; the pod
/// itself is one of its node's `pods`.
fn requests_or(pod: &Pod, defaults: Amounts) -> Amounts {
    let Some(spec) = pod.spec.as_ref() else {
        return Amounts::default();
    };
    let request = |c: &crate::api::Container, r: usize| {
        c.resources
            .as_ref()
            .and_then(|x| x.requests.as_ref())
            .and_then(|m| m.get(RESOURCES[r]))
            .map_or(defaults[r], |q| q.milli_value())
    };
    let mut amounts = resource::requests_of(spec, |c| {
        std::array::from_fn(|r| if r == PODS { 0 } else { request(c, r) })
    });
    amounts[PODS] = ONE_POD;
    amounts
}

/// What the scheduler's cache holds of a node: its allocatable resources and those requested
/// by the pods bound to it, kept as pods bind and end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    pub allocatable: Amounts,
    pub used: Amounts,
    /// The [`nonzero_requests`] of the pods bound to it, which scoring counts.
    pub scored: Amounts,
}

/// What one pod takes of its node in the scheduler's cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PodUsage {
    requests: Amounts,
    scored: Amounts,
}

impl PodUsage {
    pub fn of(pod: &Pod) -> Self {
        PodUsage {
            requests: pod_requests(pod),
            scored: nonzero_requests(pod),
        }
    }
}

impl NodeUsage {
    /// Counts a pod bound to the node (`sign` 1) or gone from it (`sign` -1).
    pub fn account(&mut self, pod: &Pod, sign: i64) {
        self.add(&PodUsage::of(pod), sign);
    }

    /// Counts what a pod takes (`sign` 1) or gives back (`sign` -1).
    pub fn add(&mut self, pod: &PodUsage, sign: i64) {
        self.used = std::array::from_fn(|r| self.used[r] + sign * pod.requests[r]);
        self.scored = std::array::from_fn(|r| self.scored[r] + sign * pod.scored[r]);
    }
}

/// Picks a node for a pod (its index in `nodes`), or says why none fits. `usage` holds each
/// node's resources, in the order of `nodes`.
// Upstream: pkg/scheduler/schedule_one.go schedulePod (Filter: NodeUnschedulable,
// TaintToleration, NodeAffinity (nodeSelector), NodeResourcesFit; Score: NodeResourcesFit
// LeastAllocated); framework/types.go FitError.Error (the reasons "N reason", sorted as strings)
pub fn schedule(pod: &Pod, nodes: &[NodeSpec], usage: &[NodeUsage]) -> Result<usize, String> {
    let requests = pod_requests(pod);
    let scored = nonzero_requests(pod);
    let selector = pod.spec.as_ref().and_then(|s| s.node_selector.as_ref());
    let tolerations = pod
        .spec
        .as_ref()
        .and_then(|s| s.tolerations.as_deref())
        .unwrap_or_default();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut best: Option<(i64, usize)> = None;
    for (i, (node, usage)) in nodes.iter().zip(usage).enumerate() {
        let mut fails = Vec::new();
        if node.unschedulable {
            fails.push("node(s) were unschedulable".to_string());
        } else if node.taints.iter().any(|t| {
            matches!(t.effect.as_str(), "NoSchedule" | "NoExecute") && !tolerated(tolerations, t)
        }) {
            fails.push("node(s) had untolerated taint(s)".to_string());
        } else if selector.is_some_and(|s| s.iter().any(|(k, v)| node.labels.get(k) != Some(v))) {
            fails.push("node(s) didn't match Pod's node affinity/selector".to_string());
        } else {
            // Upstream: noderesources/fit.go fitsRequest (the pod count first, then each request)
            if usage.used[PODS] + ONE_POD > usage.allocatable[PODS] {
                fails.push("Too many pods".to_string());
            }
            for (r, name) in RESOURCES.iter().enumerate().take(PODS) {
                let want = requests[r];
                if want > 0 && usage.used[r].saturating_add(want) > usage.allocatable[r] {
                    fails.push(format!("Insufficient {name}"));
                }
            }
        }
        if fails.is_empty() {
            let score = least_allocated_score(usage, &scored);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i));
            }
        }
        for f in fails {
            *reasons.entry(f).or_default() += 1;
        }
    }
    if let Some((_, i)) = best {
        return Ok(i);
    }
    let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort();
    Err(format!(
        "0/{} nodes are available: {}.",
        nodes.len(),
        parts.join(", ")
    ))
}

/// Whether one of the tolerations tolerates the taint.
// Upstream: staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint
pub fn tolerated(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates(t, taint))
}

/// Whether a toleration tolerates a taint (an empty effect or key matches all).
// Upstream: core/v1/toleration.go ToleratesTaint
pub fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    let effect = t.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match t.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
        _ => false,
    }
}

// Upstream: pkg/scheduler/framework/plugins/noderesources/least_allocated.go
fn least_allocated_score(usage: &NodeUsage, requests: &Amounts) -> i64 {
    let mut total = 0;
    // cpu and memory, the first two of RESOURCES.
    let counted = usage
        .allocatable
        .iter()
        .zip(usage.scored)
        .zip(requests)
        .take(2);
    for ((&have, used), want) in counted {
        if have <= 0 {
            continue;
        }
        let taken = used + want;
        total += (have - taken).max(0).saturating_mul(100) / have;
    }
    total / 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::ResourceRequirements;
    use crate::api::{Container, PodSpec, Quantity, StringMap};

    fn node(name: &str, cpu: i64) -> NodeSpec {
        NodeSpec {
            name: name.into(),
            allocatable: BTreeMap::from([
                ("cpu".into(), cpu),
                ("memory".into(), 1 << 40),
                ("pods".into(), 110_000),
            ]),
            labels: StringMap::new(),
            unschedulable: false,
            taints: Vec::new(),
        }
    }

    /// The nodes' usage, with the given cpu used on the first ones.
    fn usage(nodes: &[NodeSpec], cpu_used: &[i64]) -> Vec<NodeUsage> {
        nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeUsage {
                allocatable: allocatable(n),
                used: [cpu_used.get(i).copied().unwrap_or(0), 0, 0, 0],
                scored: [cpu_used.get(i).copied().unwrap_or(0), 0, 0, 0],
            })
            .collect()
    }

    fn pod(cpu: &str) -> Pod {
        Pod {
            spec: Some(
                PodSpec {
                    containers: vec![Container {
                        name: "c".into(),
                        resources: Some(ResourceRequirements {
                            requests: Some(StringMap::from_iter([(
                                "cpu".into(),
                                Quantity::parse(cpu).unwrap(),
                            )])),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }],
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn a_pod_too_big_for_every_node_gets_upstreams_message() {
        let nodes = [node("a", 1000), node("b", 1000), node("c", 1000)];
        assert_eq!(
            schedule(&pod("2"), &nodes, &usage(&nodes, &[])),
            Err("0/3 nodes are available: 3 Insufficient cpu.".into())
        );
    }

    #[test]
    fn the_emptiest_node_wins_and_cordoned_nodes_are_skipped() {
        let mut nodes = vec![node("a", 4000), node("b", 4000), node("c", 8000)];
        nodes[2].unschedulable = true;
        let used = usage(&nodes, &[2000]);
        assert_eq!(schedule(&pod("1"), &nodes, &used), Ok(1));
        nodes[1].unschedulable = true;
        assert_eq!(
            schedule(&pod("3"), &nodes, &used),
            Err(
                "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable.".into()
            )
        );
    }

    #[test]
    fn pods_without_requests_are_scored_as_100m_and_200mi_and_spread() {
        let bare = Pod {
            spec: Some(
                PodSpec {
                    containers: vec![Container::default()],
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        };
        assert_eq!(pod_requests(&bare), [0, 0, 0, 1000]);
        assert_eq!(
            nonzero_requests(&bare),
            [100, 200 * 1024 * 1024 * 1000, 0, 1000]
        );
        assert_eq!(
            nonzero_requests(&pod("1")),
            [1000, 200 * 1024 * 1024 * 1000, 0, 1000]
        );
        let nodes = [node("a", 4000), node("b", 4000)];
        let mut used = usage(&nodes, &[]);
        let first = schedule(&bare, &nodes, &used).unwrap();
        used[first].account(&bare, 1);
        assert_eq!(used[first].used, [0, 0, 0, 1000]);
        assert_ne!(schedule(&bare, &nodes, &used), Ok(first));
    }

    #[test]
    fn a_node_takes_as_many_pods_as_its_allocatable_pods() {
        let mut nodes = vec![node("a", 8000), node("b", 8000), node("c", 1000)];
        nodes[0].allocatable.insert("pods".into(), 2_000);
        nodes[1].allocatable.insert("pods".into(), 2_000);
        let mut used = usage(&nodes, &[0, 0, 1000]);
        for u in used.iter_mut().take(2) {
            u.used[PODS] = 2 * ONE_POD;
        }
        // The reasons read "N reason", sorted as strings (so the 1 before the 2).
        assert_eq!(
            schedule(&pod("500m"), &nodes, &used),
            Err("0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods.".into())
        );
        used[2].used[0] = 0;
        nodes[2].unschedulable = true;
        assert_eq!(
            schedule(&pod("500m"), &nodes, &used),
            Err("0/3 nodes are available: 1 node(s) were unschedulable, 2 Too many pods.".into())
        );
    }

    #[test]
    fn sidecars_add_to_the_containers_and_the_overhead_to_the_pod() {
        let mut p = pod("500m");
        let spec = p.spec.as_mut().map(std::sync::Arc::make_mut).unwrap();
        let with_cpu = |name: &str, cpu: &str, sidecar: bool| Container {
            restart_policy: sidecar.then(|| "Always".to_string()),
            name: name.into(),
            ..pod(cpu).spec.unwrap().containers[0].clone()
        };
        // The sidecar (300m) runs beside the containers (500m): 800m; the init container
        // (1) beside the sidecar started before it: 1300m, the peak; plus 100m of overhead.
        spec.init_containers = Some(vec![
            with_cpu("shipper", "300m", true),
            with_cpu("setup", "1", false),
        ]);
        spec.overhead = Some(StringMap::from_iter([(
            "cpu".into(),
            Quantity::parse("100m").unwrap(),
        )]));
        assert_eq!(pod_requests(&p)[0], 1_400);
        let nodes = [node("a", 1_300), node("b", 1_400)];
        assert_eq!(schedule(&p, &nodes, &usage(&nodes, &[])), Ok(1));
    }
}
