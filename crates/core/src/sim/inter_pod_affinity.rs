//! The scheduler's InterPodAffinity plugin: a pod's required pod affinity (some pod it selects
//! in the node's topology domain), its required anti-affinity (none there), and the existing
//! pods' required anti-affinity against it; then the preferred terms of both sides as a score.
// Upstream: pkg/scheduler/framework/plugins/interpodaffinity/filtering.go, scoring.go

use std::collections::BTreeMap;

use crate::api::Pod;

use super::placed_pods::{AffinityTerm, PlacedPods};
use super::scenario::NodeSpec;

/// Filter reasons. Upstream: interpodaffinity/filtering.go ErrReason*
pub const AFFINITY_NOT_MATCHED: &str = "node(s) didn't match pod affinity rules";
pub const ANTI_AFFINITY_NOT_MATCHED: &str = "node(s) didn't match pod anti-affinity rules";
pub const EXISTING_ANTI_AFFINITY_NOT_MATCHED: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";

/// The weight a required affinity term of an existing pod gives a node that the incoming pod
/// matches. Upstream: config/v1 defaults.go DefaultHardPodAffinityWeight
const HARD_POD_AFFINITY_WEIGHT: i64 = 1;

/// A topology domain: a label key and one of its values.
type Domain = (String, String);

/// The pod's required terms and what the cache's pods make of them: per domain, how many pods
/// match all its affinity terms, match its anti-affinity terms, or have anti-affinity terms
/// that match it.
// Upstream: filtering.go preFilterState, PreFilter
#[derive(Debug, Default)]
pub struct PreFilter {
    affinity: Vec<AffinityTerm>,
    anti_affinity: Vec<AffinityTerm>,
    self_matching: bool,
    affinity_counts: BTreeMap<Domain, i64>,
    anti_affinity_counts: BTreeMap<Domain, i64>,
    existing_anti_affinity_counts: BTreeMap<Domain, i64>,
}

/// Whether a pod has inter-pod affinity or anti-affinity terms of either kind.
pub fn has_terms(pod: &Pod) -> bool {
    pod.spec
        .as_ref()
        .and_then(|s| s.affinity.as_ref())
        .is_some_and(|a| a.pod_affinity.is_some() || a.pod_anti_affinity.is_some())
}

/// The required (`preferred` false) or preferred terms of a pod's affinity (`anti` false) or
/// anti-affinity, with their weights (1 for required terms).
fn terms(pod: &Pod, anti: bool, preferred: bool) -> Vec<(i64, AffinityTerm)> {
    let affinity = pod.spec.as_ref().and_then(|s| s.affinity.as_ref());
    let rules = affinity.and_then(|a| {
        if anti {
            a.pod_anti_affinity.as_ref()
        } else {
            a.pod_affinity.as_ref()
        }
    });
    let Some(rules) = rules else {
        return Vec::new();
    };
    if preferred {
        rules
            .preferred()
            .iter()
            .map(|w| {
                (
                    i64::from(w.weight),
                    AffinityTerm::new(pod, &w.pod_affinity_term),
                )
            })
            .collect()
    } else {
        rules
            .required()
            .iter()
            .map(|t| (1, AffinityTerm::new(pod, t)))
            .collect()
    }
}

fn required(pod: &Pod, anti: bool) -> Vec<AffinityTerm> {
    terms(pod, anti, false)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

fn domain(node: &NodeSpec, key: &str) -> Option<Domain> {
    node.labels
        .get(key)
        .map(|value| (key.to_string(), value.clone()))
}

fn count(counts: &mut BTreeMap<Domain, i64>, node: &NodeSpec, key: &str) {
    if let Some(d) = domain(node, key) {
        *counts.entry(d).or_default() += 1;
    }
}

impl PreFilter {
    pub fn new(pod: &Pod, nodes: &[NodeSpec], cluster: &PlacedPods) -> Self {
        let affinity = required(pod, false);
        let anti_affinity = required(pod, true);
        let mut state = PreFilter {
            self_matching: !affinity.is_empty() && affinity.iter().all(|t| t.matches(pod, cluster)),
            ..PreFilter::default()
        };
        for placed in &cluster.pods {
            let node = &nodes[placed.node];
            // Upstream: getExistingAntiAffinityCounts
            for term in required(placed.pod, true) {
                if term.matches(pod, cluster) {
                    count(
                        &mut state.existing_anti_affinity_counts,
                        node,
                        &term.topology_key,
                    );
                }
            }
            // Upstream: getIncomingAffinityAntiAffinityCounts
            if !affinity.is_empty() && affinity.iter().all(|t| t.matches(placed.pod, cluster)) {
                for term in &affinity {
                    count(&mut state.affinity_counts, node, &term.topology_key);
                }
            }
            for term in &anti_affinity {
                if term.matches(placed.pod, cluster) {
                    count(&mut state.anti_affinity_counts, node, &term.topology_key);
                }
            }
        }
        state.affinity = affinity;
        state.anti_affinity = anti_affinity;
        state
    }

    /// The filter's reason to rule the node out, if any, and whether removing pods could
    /// change it (only the pod's own affinity cannot).
    // Upstream: filtering.go Filter (satisfyPodAffinity: UnschedulableAndUnresolvable;
    // satisfyPodAntiAffinity, satisfyExistingPodsAntiAffinity: Unschedulable)
    pub fn filter(&self, node: &NodeSpec) -> Option<(&'static str, bool)> {
        if !self.satisfies_affinity(node) {
            return Some((AFFINITY_NOT_MATCHED, false));
        }
        let anti_affinity_found = self.anti_affinity.iter().any(|t| {
            domain(node, &t.topology_key)
                .is_some_and(|d| self.anti_affinity_counts.get(&d).is_some_and(|&n| n > 0))
        });
        if anti_affinity_found {
            return Some((ANTI_AFFINITY_NOT_MATCHED, true));
        }
        let existing_found = node.labels.iter().any(|(k, v)| {
            self.existing_anti_affinity_counts
                .get(&(k.clone(), v.clone()))
                .is_some_and(|&n| n > 0)
        });
        existing_found.then_some((EXISTING_ANTI_AFFINITY_NOT_MATCHED, true))
    }

    /// Every affinity term's topology on the node and a matching pod in each domain — or, for
    /// the first of a group of pods that attract each other, no such pod anywhere while the
    /// pod matches its own terms.
    // Upstream: filtering.go satisfyPodAffinity
    fn satisfies_affinity(&self, node: &NodeSpec) -> bool {
        let mut pods_exist = true;
        for term in &self.affinity {
            let Some(d) = domain(node, &term.topology_key) else {
                return false;
            };
            if self.affinity_counts.get(&d).is_none_or(|&n| n <= 0) {
                pods_exist = false;
            }
        }
        pods_exist || (self.affinity_counts.is_empty() && self.self_matching)
    }
}

/// The plugin's score of each feasible node (by its place in `nodes`), 0–100: the preferred
/// terms of the pod over the pods in each domain (affinity adds the weight, anti-affinity
/// takes it away), and the existing pods' required affinity, preferred affinity and preferred
/// anti-affinity terms that the pod matches; scaled between the lowest and the highest. `None`
/// when nothing scored.
// Upstream: scoring.go PreScore (processExistingPod), Score, NormalizeScore
pub fn scores(
    pod: &Pod,
    nodes: &[NodeSpec],
    cluster: &PlacedPods,
    feasible: &[usize],
) -> Option<Vec<i64>> {
    let preferred_affinity = terms(pod, false, true);
    let preferred_anti_affinity = terms(pod, true, true);
    let own_constraints = !preferred_affinity.is_empty() || !preferred_anti_affinity.is_empty();
    let mut topology: BTreeMap<Domain, i64> = BTreeMap::new();
    let mut add = |terms: &[(i64, AffinityTerm)], target: &Pod, node: &NodeSpec, sign: i64| {
        for (weight, term) in terms {
            if term.matches(target, cluster) {
                if let Some(d) = domain(node, &term.topology_key) {
                    *topology.entry(d).or_default() += weight * sign;
                }
            }
        }
    };
    for placed in &cluster.pods {
        let existing = placed.pod;
        // Without preferred terms of its own, only the pods with affinity weigh in.
        if !own_constraints && !has_terms(existing) {
            continue;
        }
        let node = &nodes[placed.node];
        if node.labels.is_empty() {
            continue;
        }
        add(&preferred_affinity, existing, node, 1);
        add(&preferred_anti_affinity, existing, node, -1);
        let hard: Vec<(i64, AffinityTerm)> = required(existing, false)
            .into_iter()
            .map(|t| (HARD_POD_AFFINITY_WEIGHT, t))
            .collect();
        add(&hard, pod, node, 1);
        add(&terms(existing, false, true), pod, node, 1);
        add(&terms(existing, true, true), pod, node, -1);
    }
    if topology.is_empty() {
        return None;
    }
    let raw: Vec<i64> = feasible
        .iter()
        .map(|&i| {
            nodes[i]
                .labels
                .iter()
                .filter_map(|(k, v)| topology.get(&(k.clone(), v.clone())))
                .sum()
        })
        .collect();
    let min = raw.iter().copied().min().unwrap_or(0);
    let max = raw.iter().copied().max().unwrap_or(0);
    Some(
        raw.into_iter()
            .map(|s| {
                if max > min {
                    // Upstream's float64 product, truncated.
                    (100.0 * ((s - min) as f64 / (max - min) as f64)) as i64
                } else {
                    0
                }
            })
            .collect(),
    )
}
