//! The scheduler's PodTopologySpread plugin: a pod's `DoNotSchedule` constraints filter out
//! the nodes where placing it would make the skew — the matching pods in the node's domain,
//! plus the pod, minus the fewest in any eligible domain — exceed `maxSkew`; its
//! `ScheduleAnyway` constraints favour the nodes whose domains hold fewer matching pods.
// Upstream: pkg/scheduler/framework/plugins/podtopologyspread/common.go, filtering.go,
// scoring.go

use std::collections::BTreeMap;

use crate::api::pod_placement::TopologySpreadConstraint;
use crate::api::{Pod, PodSpec};

use super::node_affinity;
use super::placed_pods::{labels, PlacedPods, Selector};
use super::scenario::NodeSpec;
use super::scheduler::tolerated;

/// Filter reasons. Upstream: podtopologyspread/filtering.go ErrReason*
pub const CONSTRAINTS_NOT_MATCHED: &str = "node(s) didn't match pod topology spread constraints";
pub const MISSING_LABEL: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";

/// The hostname label, whose domains are the nodes themselves.
const HOSTNAME: &str = "kubernetes.io/hostname";

/// Whether a pod has topology spread constraints.
pub fn has_constraints(pod: &Pod) -> bool {
    pod.spec
        .as_ref()
        .and_then(|s| s.topology_spread_constraints.as_ref())
        .is_some_and(|c| !c.is_empty())
}

/// One constraint as the plugin reads it: its selector merged with `matchLabelKeys`, and the
/// inclusion policies (node affinity honoured, taints ignored unless said otherwise).
// Upstream: common.go topologySpreadConstraint, filterTopologySpreadConstraints
struct Constraint {
    max_skew: i64,
    topology_key: String,
    min_domains: usize,
    selector: Selector,
    honor_affinity: bool,
    honor_taints: bool,
}

fn constraints(pod: &Pod, when: &str) -> Vec<Constraint> {
    let spec = pod.spec.as_deref();
    let all = spec
        .and_then(|s| s.topology_spread_constraints.as_deref())
        .unwrap_or_default();
    all.iter()
        .filter(|c| c.when_unsatisfiable == when)
        .map(|c: &TopologySpreadConstraint| Constraint {
            max_skew: i64::from(c.max_skew),
            topology_key: c.topology_key.clone(),
            min_domains: c.min_domains.map_or(1, |m| usize::try_from(m).unwrap_or(1)),
            selector: Selector::new(
                c.label_selector.as_ref(),
                pod,
                c.match_label_keys.as_deref().unwrap_or_default(),
                &[],
            ),
            honor_affinity: c.node_affinity_policy.as_deref() != Some("Ignore"),
            honor_taints: c.node_taints_policy.as_deref() == Some("Honor"),
        })
        .collect()
}

impl Constraint {
    /// Whether the node's pods count for this constraint.
    // Upstream: common.go matchNodeInclusionPolicies
    fn includes(&self, spec: &PodSpec, node: &NodeSpec) -> bool {
        let tolerations = spec.tolerations.as_deref().unwrap_or_default();
        (!self.honor_affinity || node_affinity::required_matches(spec, node))
            && (!self.honor_taints
                || node.taints.iter().all(|t| {
                    !matches!(t.effect.as_str(), "NoSchedule" | "NoExecute")
                        || tolerated(tolerations, t)
                }))
    }
}

/// The pods on a node that a constraint counts: in the pod's namespace, not being deleted,
/// selected (a selector of everything counts none).
// Upstream: common.go countPodsMatchSelector
fn matching_on(node: usize, c: &Constraint, namespace: &str, cluster: &PlacedPods) -> i64 {
    if c.selector.is_everything() {
        return 0;
    }
    let counted = cluster.pods.iter().filter(|p| {
        p.node == node
            && p.pod.metadata.deletion_timestamp.is_none()
            && p.pod.metadata.namespace() == namespace
            && c.selector.matches(labels(p.pod))
    });
    counted.count() as i64
}

fn has_all_keys(node: &NodeSpec, constraints: &[Constraint]) -> bool {
    constraints
        .iter()
        .all(|c| node.labels.contains_key(&c.topology_key))
}

/// The `DoNotSchedule` constraints and, for each, the matching pods per domain of the nodes
/// that count.
// Upstream: filtering.go preFilterState, calPreFilterState
pub struct PreFilter {
    constraints: Vec<Constraint>,
    counts: Vec<BTreeMap<String, i64>>,
    self_match: Vec<bool>,
}

impl PreFilter {
    pub fn new(pod: &Pod, nodes: &[NodeSpec], cluster: &PlacedPods) -> Self {
        let constraints = constraints(pod, "DoNotSchedule");
        let default_spec = PodSpec::default();
        let spec = pod.spec.as_deref().unwrap_or(&default_spec);
        let namespace = pod.metadata.namespace();
        let mut counts = vec![BTreeMap::new(); constraints.len()];
        for (i, node) in nodes.iter().enumerate() {
            if !has_all_keys(node, &constraints) {
                continue;
            }
            for (c, counts) in constraints.iter().zip(&mut counts) {
                if !c.includes(spec, node) {
                    continue;
                }
                let value = node
                    .labels
                    .get(&c.topology_key)
                    .cloned()
                    .unwrap_or_default();
                *counts.entry(value).or_default() += matching_on(i, c, namespace, cluster);
            }
        }
        let self_match = constraints
            .iter()
            .map(|c| c.selector.matches(labels(pod)))
            .collect();
        PreFilter {
            constraints,
            counts,
            self_match,
        }
    }

    /// The filter's reason to rule the node out, if any, and whether removing pods could
    /// change it (a missing label cannot).
    // Upstream: filtering.go Filter, preFilterState.minMatchNum
    pub fn filter(&self, node: &NodeSpec) -> Option<(&'static str, bool)> {
        for (i, c) in self.constraints.iter().enumerate() {
            let Some(value) = node.labels.get(&c.topology_key) else {
                return Some((MISSING_LABEL, false));
            };
            let counts = &self.counts[i];
            // Fewer eligible domains than minDomains: the global minimum is taken as 0.
            let min = if counts.len() < c.min_domains {
                0
            } else {
                counts.values().copied().min().unwrap_or(0)
            };
            let here = counts.get(value).copied().unwrap_or(0);
            let skew = here + i64::from(self.self_match[i]) - min;
            if skew > c.max_skew {
                return Some((CONSTRAINTS_NOT_MATCHED, true));
            }
        }
        None
    }
}

/// The plugin's score of each feasible node (by its place in `nodes`), 0–100, from the
/// `ScheduleAnyway` constraints: the fewer matching pods in the node's domains (each domain
/// count weighed by the log of the number of domains), the higher. Nodes without every
/// topology key score 0. `None` when the pod has no such constraint.
// Upstream: scoring.go initPreScoreState, PreScore, Score, NormalizeScore,
// topologyNormalizingWeight, scoreForCount
pub fn scores(
    pod: &Pod,
    nodes: &[NodeSpec],
    cluster: &PlacedPods,
    feasible: &[usize],
) -> Option<Vec<i64>> {
    let constraints = constraints(pod, "ScheduleAnyway");
    if constraints.is_empty() || feasible.is_empty() {
        return None;
    }
    let default_spec = PodSpec::default();
    let spec = pod.spec.as_deref().unwrap_or(&default_spec);
    let namespace = pod.metadata.namespace();
    let ignored: Vec<bool> = feasible
        .iter()
        .map(|&i| !has_all_keys(&nodes[i], &constraints))
        .collect();
    // The domains of the feasible nodes, per constraint (the hostname's are counted per node).
    let mut domains: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); constraints.len()];
    for (&i, _) in feasible.iter().zip(&ignored).filter(|(_, &ig)| !ig) {
        for (c, domains) in constraints.iter().zip(&mut domains) {
            if c.topology_key != HOSTNAME {
                let value = nodes[i].labels.get(&c.topology_key).cloned();
                domains.entry(value.unwrap_or_default()).or_default();
            }
        }
    }
    let counted = feasible.len() - ignored.iter().filter(|&&ig| ig).count();
    let weights: Vec<f64> = constraints
        .iter()
        .zip(&domains)
        .map(|(c, d)| {
            let size = if c.topology_key == HOSTNAME {
                counted
            } else {
                d.len()
            };
            // libm's log: the same bits natively and in wasm.
            libm::log((size + 2) as f64)
        })
        .collect();
    for (n, node) in nodes.iter().enumerate() {
        if !has_all_keys(node, &constraints) {
            continue;
        }
        for (c, domains) in constraints.iter().zip(&mut domains) {
            if c.topology_key == HOSTNAME || !c.includes(spec, node) {
                continue;
            }
            let value = node
                .labels
                .get(&c.topology_key)
                .cloned()
                .unwrap_or_default();
            if let Some(count) = domains.get_mut(&value) {
                *count += matching_on(n, c, namespace, cluster);
            }
        }
    }
    let raw: Vec<Option<i64>> = feasible
        .iter()
        .zip(&ignored)
        .map(|(&i, &ignored)| {
            if ignored {
                return None;
            }
            let node = &nodes[i];
            let mut score = 0.0;
            for ((c, domains), weight) in constraints.iter().zip(&domains).zip(&weights) {
                let Some(value) = node.labels.get(&c.topology_key) else {
                    continue;
                };
                let count = if c.topology_key == HOSTNAME {
                    matching_on(i, c, namespace, cluster)
                } else {
                    domains.get(value).copied().unwrap_or(0)
                };
                score += count as f64 * weight + (c.max_skew - 1) as f64;
            }
            Some(score.round() as i64)
        })
        .collect();
    let min = raw.iter().flatten().copied().min().unwrap_or(i64::MAX);
    let max = raw.iter().flatten().copied().max().unwrap_or(0).max(0);
    Some(
        raw.into_iter()
            .map(|s| match s {
                None => 0,
                Some(_) if max == 0 => 100,
                Some(s) => 100 * (max + min - s) / max,
            })
            .collect(),
    )
}
