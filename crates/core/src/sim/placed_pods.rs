//! The pods in the scheduler's cache — bound to a node, or assumed there while the bind goes
//! out — as the rules that place a pod relative to other pods see them, with the namespaces'
//! labels that namespace selectors read.

use std::collections::BTreeMap;

use crate::api::meta::{LabelSelector, LabelSelectorRequirement};
use crate::api::pod_placement::PodAffinityTerm;
use crate::api::{Pod, StringMap};

/// One pod and the node it is on (its place in the scheduler's nodes).
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub pod: &'a Pod,
    pub node: usize,
}

/// The cache's pods, and each namespace's labels.
#[derive(Debug, Default)]
pub struct PlacedPods<'a> {
    pub pods: Vec<Placed<'a>>,
    pub namespace_labels: BTreeMap<&'a str, &'a StringMap>,
}

/// A pod's labels (none when it has none).
pub fn labels(pod: &Pod) -> &StringMap {
    static EMPTY: std::sync::OnceLock<StringMap> = std::sync::OnceLock::new();
    pod.metadata
        .labels
        .as_deref()
        .unwrap_or_else(|| EMPTY.get_or_init(StringMap::default))
}

/// A label selector merged with the label keys an owner pod's term names: each of
/// `matchLabelKeys` must have the owner's value, each of `mismatchLabelKeys` another (keys
/// the owner lacks are left out). A missing selector selects nothing.
// Upstream: registry/core/pod/strategy.go applyMatchLabelKeysAndMismatchLabelKeys;
// apimachinery meta/v1/helpers.go LabelSelectorAsSelector (nil → labels.Nothing())
#[derive(Clone, Debug)]
pub struct Selector {
    selector: Option<LabelSelector>,
    merged: Vec<LabelSelectorRequirement>,
}

impl Selector {
    pub fn new(
        selector: Option<&LabelSelector>,
        owner: &Pod,
        match_keys: &[String],
        mismatch_keys: &[String],
    ) -> Self {
        let owner_labels = labels(owner);
        let require = |keys: &[String], operator: &str| -> Vec<LabelSelectorRequirement> {
            keys.iter()
                .filter_map(|k| {
                    owner_labels.get(k).map(|v| LabelSelectorRequirement {
                        key: k.clone(),
                        operator: operator.to_string(),
                        values: Some(vec![v.clone()]),
                    })
                })
                .collect()
        };
        let mut merged = require(match_keys, "In");
        merged.extend(require(mismatch_keys, "NotIn"));
        Selector {
            selector: selector.cloned(),
            merged,
        }
    }

    /// Whether it selects everything (an empty selector, nothing merged).
    pub fn is_everything(&self) -> bool {
        self.selector.as_ref().is_some_and(LabelSelector::is_empty) && self.merged.is_empty()
    }

    pub fn matches(&self, labels: &StringMap) -> bool {
        self.selector.as_ref().is_some_and(|s| s.matches(labels))
            && self.merged.iter().all(|r| r.matches(labels))
    }
}

/// A pod affinity term of an owner pod, ready to match other pods: its selector, and the
/// namespaces it reads (listed, or chosen by their labels; the owner's own when neither).
// Upstream: scheduler/framework/types.go AffinityTerm, newAffinityTerm,
// GetNamespacesFromPodAffinityTerm, AffinityTerm.Matches
#[derive(Clone, Debug)]
pub struct AffinityTerm {
    pub topology_key: String,
    selector: Selector,
    namespaces: Vec<String>,
    namespace_selector: Option<LabelSelector>,
}

impl AffinityTerm {
    pub fn new(owner: &Pod, term: &PodAffinityTerm) -> Self {
        let mut namespaces = term.namespaces.clone().unwrap_or_default();
        if namespaces.is_empty() && term.namespace_selector.is_none() {
            namespaces.push(owner.metadata.namespace().to_string());
        }
        let keys = |k: &Option<Vec<String>>| k.clone().unwrap_or_default();
        AffinityTerm {
            topology_key: term.topology_key.clone(),
            selector: Selector::new(
                term.label_selector.as_ref(),
                owner,
                &keys(&term.match_label_keys),
                &keys(&term.mismatch_label_keys),
            ),
            namespaces,
            namespace_selector: term.namespace_selector.clone(),
        }
    }

    /// Whether `pod` is one of the pods the term is about.
    pub fn matches(&self, pod: &Pod, cluster: &PlacedPods) -> bool {
        let namespace = pod.metadata.namespace();
        let in_namespaces = self.namespaces.iter().any(|n| n == namespace)
            || self.namespace_selector.as_ref().is_some_and(|s| {
                cluster
                    .namespace_labels
                    .get(namespace)
                    .is_some_and(|labels| s.matches(labels))
            });
        in_namespaces && self.selector.matches(labels(pod))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(namespace: &str, labels: &[(&str, &str)]) -> Pod {
        let mut pod = Pod::default();
        pod.metadata.namespace = Some(namespace.into());
        pod.metadata.labels = Some(
            labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<StringMap>()
                .into(),
        );
        pod
    }

    fn term(json: serde_json::Value) -> PodAffinityTerm {
        serde_json::from_value(json).expect("a term")
    }

    #[test]
    fn a_term_reads_its_owners_namespace_unless_it_names_others() {
        let owner = pod("team-a", &[("app", "web")]);
        let cluster = PlacedPods::default();
        let own = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({
                "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"
            })),
        );
        assert!(own.matches(&pod("team-a", &[("app", "web")]), &cluster));
        assert!(!own.matches(&pod("team-b", &[("app", "web")]), &cluster));
        assert!(!own.matches(&pod("team-a", &[("app", "db")]), &cluster));
        let listed = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({
                "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone",
                "namespaces": ["team-b"]
            })),
        );
        assert!(listed.matches(&pod("team-b", &[("app", "web")]), &cluster));
        assert!(!listed.matches(&pod("team-a", &[("app", "web")]), &cluster));
    }

    #[test]
    fn a_missing_selector_selects_nothing_and_an_empty_one_everything() {
        let owner = pod("default", &[]);
        let cluster = PlacedPods::default();
        let none = AffinityTerm::new(&owner, &term(serde_json::json!({"topologyKey": "zone"})));
        assert!(!none.matches(&pod("default", &[("app", "web")]), &cluster));
        let all = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({"labelSelector": {}, "topologyKey": "zone"})),
        );
        assert!(all.matches(&pod("default", &[("app", "web")]), &cluster));
    }

    #[test]
    fn match_label_keys_take_the_owners_values() {
        let owner = pod("default", &[("app", "web"), ("run", "1")]);
        let cluster = PlacedPods::default();
        let t = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({
                "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone",
                "matchLabelKeys": ["run"]
            })),
        );
        assert!(t.matches(&pod("default", &[("app", "web"), ("run", "1")]), &cluster));
        assert!(!t.matches(&pod("default", &[("app", "web"), ("run", "2")]), &cluster));
        let t = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({
                "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone",
                "mismatchLabelKeys": ["run"]
            })),
        );
        assert!(t.matches(&pod("default", &[("app", "web"), ("run", "2")]), &cluster));
        assert!(!t.matches(&pod("default", &[("app", "web"), ("run", "1")]), &cluster));
    }

    #[test]
    fn a_namespace_selector_reads_the_namespaces_labels() {
        let owner = pod("default", &[]);
        let team: StringMap = [("team".to_string(), "a".to_string())]
            .into_iter()
            .collect();
        let mut cluster = PlacedPods::default();
        cluster.namespace_labels.insert("team-a", &team);
        let t = AffinityTerm::new(
            &owner,
            &term(serde_json::json!({
                "labelSelector": {}, "topologyKey": "zone",
                "namespaceSelector": {"matchLabels": {"team": "a"}}
            })),
        );
        assert!(t.matches(&pod("team-a", &[]), &cluster));
        assert!(!t.matches(&pod("default", &[]), &cluster));
    }
}
