//! Where a pod may go relative to other pods: inter-pod affinity and anti-affinity, and
//! topology spread constraints.

use serde::{Deserialize, Serialize};

use super::meta::LabelSelector;

/// Pods this pod should be near (in the same topology domain).
/// Upstream: core/v1/types.go PodAffinity
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<Vec<PodAffinityTerm>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_during_scheduling_ignored_during_execution: Option<Vec<WeightedPodAffinityTerm>>,
}

/// Pods this pod should stay away from (not in the same topology domain). The same shape as
/// [`PodAffinity`]. Upstream: core/v1/types.go PodAntiAffinity
pub type PodAntiAffinity = PodAffinity;

impl PodAffinity {
    /// The terms a node must meet.
    pub fn required(&self) -> &[PodAffinityTerm] {
        self.required_during_scheduling_ignored_during_execution
            .as_deref()
            .unwrap_or_default()
    }

    /// The terms that weigh in a node's score.
    pub fn preferred(&self) -> &[WeightedPodAffinityTerm] {
        self.preferred_during_scheduling_ignored_during_execution
            .as_deref()
            .unwrap_or_default()
    }
}

/// The pods (`labelSelector` over `namespaces` or `namespaceSelector`, the pod's own namespace
/// when both are empty) that must, or must not, run in the same domain of `topologyKey`.
/// Upstream: core/v1/types.go PodAffinityTerm
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinityTerm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<Vec<String>>,
    #[serde(default)]
    pub topology_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_label_keys: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mismatch_label_keys: Option<Vec<String>>,
}

/// A preferred term and its weight (1–100). Upstream: core/v1/types.go WeightedPodAffinityTerm
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightedPodAffinityTerm {
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub pod_affinity_term: PodAffinityTerm,
}

/// How unevenly the pods `labelSelector` selects may spread over the domains of `topologyKey`.
/// Upstream: core/v1/types.go TopologySpreadConstraint
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TopologySpreadConstraint {
    #[serde(default)]
    pub max_skew: i32,
    #[serde(default)]
    pub topology_key: String,
    /// `DoNotSchedule` (a filter) or `ScheduleAnyway` (a score).
    #[serde(default)]
    pub when_unsatisfiable: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_domains: Option<i32>,
    /// `Honor` (the default) or `Ignore`: whether the pod's nodeSelector and node affinity
    /// limit the domains counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity_policy: Option<String>,
    /// `Honor` or `Ignore` (the default): whether nodes with taints the pod does not tolerate
    /// are counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_taints_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_label_keys: Option<Vec<String>>,
}
