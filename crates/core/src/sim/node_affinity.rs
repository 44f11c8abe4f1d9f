//! The scheduler's NodeAffinity plugin: a pod's `nodeSelector` and required node affinity
//! filter the nodes, `matchFields` on `metadata.name` narrow them before any filter runs, and
//! the weights of the preferred terms a node matches score it.
// Upstream: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (PreFilter, Filter,
// Score, NormalizeScore); component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go

use std::collections::BTreeSet;

use crate::api::meta::label_requirement_matches;
use crate::api::pod::{
    NodeSelectorRequirement, NodeSelectorTerm, PodSpec, PreferredSchedulingTerm,
};

use super::scenario::NodeSpec;

/// The only field a node selector term may match (`matchFields`).
const NODE_NAME_FIELD: &str = "metadata.name";

/// The Filter's reason for a node the pod's selector or required affinity rules out.
pub const NOT_MATCHED: &str = "node(s) didn't match Pod's node affinity/selector";

/// The reason for the nodes that the PreFilter's node names left out.
pub const NOT_PINNED: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

/// The PreFilter's reason when every required term pins the pod to nodes and no name is left.
pub const CONFLICT: &str = "pod affinity terms conflict";

/// The nodes the required terms pin the pod to by name (`matchFields` `metadata.name In`),
/// when every term does: the union over the terms of each term's intersection. `None` when a
/// term leaves every node possible; an empty set when the terms conflict.
// Upstream: node_affinity.go PreFilter
pub fn pinned_nodes(spec: &PodSpec) -> Option<BTreeSet<&str>> {
    let terms = required_terms(spec)?;
    if terms.is_empty() {
        return None;
    }
    let mut pinned = BTreeSet::new();
    for term in terms {
        let mut names: Option<BTreeSet<&str>> = None;
        let by_name = term
            .match_fields
            .iter()
            .flatten()
            .filter(|r| r.key == NODE_NAME_FIELD && r.operator == "In");
        for requirement in by_name {
            let these: BTreeSet<&str> = values(requirement).iter().map(String::as_str).collect();
            names = Some(match names {
                None => these,
                Some(before) => before.intersection(&these).copied().collect(),
            });
        }
        pinned.extend(names?);
    }
    Some(pinned)
}

/// Whether the pod asks anything of its node's labels or fields (a `nodeSelector`, required
/// node affinity); without, the filter is skipped.
// Upstream: nodeaffinity.go PreFilter (framework.Skip when neither is set)
pub fn has_required(spec: &PodSpec) -> bool {
    spec.node_selector.as_ref().is_some_and(|s| !s.is_empty()) || required_terms(spec).is_some()
}

/// Whether the pod has preferred node affinity terms; without, the score is skipped.
// Upstream: nodeaffinity.go PreScore (framework.Skip when there are none)
pub fn has_preferred(spec: &PodSpec) -> bool {
    preferred_terms(spec).is_some_and(|terms| !terms.is_empty())
}

/// Whether the node satisfies the pod's `nodeSelector` and required node affinity: every
/// selector label, and one of the required terms (an empty term matches no node).
// Upstream: nodeaffinity.go GetRequiredNodeAffinity, RequiredNodeAffinity.Match
pub fn required_matches(spec: &PodSpec, node: &NodeSpec) -> bool {
    let selector = spec.node_selector.iter().flatten();
    if selector
        .into_iter()
        .any(|(k, v)| node.labels.get(k) != Some(v))
    {
        return false;
    }
    required_terms(spec)
        .is_none_or(|terms| terms.iter().any(|t| !is_empty(t) && term_matches(t, node)))
}

/// The sum of the weights of the pod's preferred terms that the node matches (terms of
/// weight 0 or without requirements count for nothing).
// Upstream: nodeaffinity.go NewPreferredSchedulingTerms, PreferredSchedulingTerms.Score
pub fn preferred_score(spec: &PodSpec, node: &NodeSpec) -> i64 {
    preferred_terms(spec)
        .into_iter()
        .flatten()
        .filter(|p| p.weight != 0 && !is_empty(&p.preference))
        .filter(|p| term_matches(&p.preference, node))
        .map(|p| i64::from(p.weight))
        .sum()
}

fn preferred_terms(spec: &PodSpec) -> Option<&[PreferredSchedulingTerm]> {
    let affinity = spec.affinity.as_ref()?.node_affinity.as_ref()?;
    affinity
        .preferred_during_scheduling_ignored_during_execution
        .as_deref()
}

fn required_terms(spec: &PodSpec) -> Option<&[NodeSelectorTerm]> {
    let affinity = spec.affinity.as_ref()?.node_affinity.as_ref()?;
    let required = affinity
        .required_during_scheduling_ignored_during_execution
        .as_ref()?;
    Some(&required.node_selector_terms)
}

fn is_empty(term: &NodeSelectorTerm) -> bool {
    term.match_expressions.as_ref().is_none_or(Vec::is_empty)
        && term.match_fields.as_ref().is_none_or(Vec::is_empty)
}

/// Whether the node meets every label expression and every field requirement of the term.
fn term_matches(term: &NodeSelectorTerm, node: &NodeSpec) -> bool {
    let labels_ok = term
        .match_expressions
        .iter()
        .flatten()
        .all(|r| label_requirement_matches(&r.operator, node.labels.get(&r.key), values(r)));
    // A node's only field is its name; as a field selector does, another key reads as "".
    // Upstream: nodeaffinity.go nodeSelectorRequirementsAsFieldSelector
    let fields_ok = term.match_fields.iter().flatten().all(|r| {
        let field = if r.key == NODE_NAME_FIELD {
            node.name.as_str()
        } else {
            ""
        };
        match r.operator.as_str() {
            "In" => values(r).iter().any(|v| v == field),
            "NotIn" => values(r).iter().all(|v| v != field),
            _ => false,
        }
    });
    labels_ok && fields_ok
}

fn values(requirement: &NodeSelectorRequirement) -> &[String] {
    requirement.values.as_deref().unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{Affinity, NodeAffinity, NodeSelector};
    use crate::api::StringMap;

    fn node(name: &str, labels: &[(&str, &str)]) -> NodeSpec {
        NodeSpec {
            name: name.into(),
            allocatable: Default::default(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            unschedulable: false,
            taints: Vec::new(),
        }
    }

    fn requirement(key: &str, operator: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: Some(values.iter().map(|v| v.to_string()).collect()),
        }
    }

    fn labels_term(requirements: Vec<NodeSelectorRequirement>) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: Some(requirements),
            match_fields: None,
        }
    }

    fn names_term(names: &[&str]) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: None,
            match_fields: Some(vec![requirement(NODE_NAME_FIELD, "In", names)]),
        }
    }

    fn spec(
        required: Option<Vec<NodeSelectorTerm>>,
        preferred: Vec<(i32, NodeSelectorTerm)>,
    ) -> PodSpec {
        PodSpec {
            affinity: Some(Affinity {
                node_affinity: Some(NodeAffinity {
                    required_during_scheduling_ignored_during_execution: required.map(
                        |node_selector_terms| NodeSelector {
                            node_selector_terms,
                        },
                    ),
                    preferred_during_scheduling_ignored_during_execution: Some(
                        preferred
                            .into_iter()
                            .map(|(weight, preference)| PreferredSchedulingTerm {
                                weight,
                                preference,
                            })
                            .collect(),
                    ),
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_filter_and_the_score_are_skipped_for_a_pod_that_asks_nothing() {
        let none = PodSpec::default();
        assert!(!has_required(&none) && !has_preferred(&none));
        let empty = spec(None, Vec::new());
        assert!(!has_required(&empty) && !has_preferred(&empty));
        let zone = || labels_term(vec![requirement("zone", "In", &["a"])]);
        let required = spec(Some(vec![zone()]), Vec::new());
        assert!(has_required(&required) && !has_preferred(&required));
        let preferred = spec(None, vec![(1, zone())]);
        assert!(!has_required(&preferred) && has_preferred(&preferred));
        let selector = PodSpec {
            node_selector: Some(StringMap::from_iter([(
                "zone".to_string(),
                "a".to_string(),
            )])),
            ..PodSpec::default()
        };
        assert!(has_required(&selector));
    }

    #[test]
    fn required_terms_are_ored_and_their_requirements_anded() {
        let gpu_in_a = labels_term(vec![
            requirement("gpu", "Exists", &[]),
            requirement("zone", "In", &["a"]),
        ]);
        let big = labels_term(vec![requirement("cores", "Gt", &["16"])]);
        let pod = spec(Some(vec![gpu_in_a, big]), vec![]);
        assert!(required_matches(
            &pod,
            &node("n", &[("gpu", ""), ("zone", "a")])
        ));
        assert!(!required_matches(
            &pod,
            &node("n", &[("gpu", ""), ("zone", "b")])
        ));
        assert!(required_matches(&pod, &node("n", &[("cores", "32")])));
        assert!(!required_matches(&pod, &node("n", &[("cores", "16")])));
        assert!(!required_matches(&pod, &node("n", &[("cores", "many")])));
    }

    #[test]
    fn a_missing_label_meets_not_in_and_does_not_exist_only() {
        let bare = node("n", &[]);
        for (operator, values, matches) in [
            ("NotIn", &["a"][..], true),
            ("DoesNotExist", &[], true),
            ("In", &["a"], false),
            ("Exists", &[], false),
            ("Lt", &["5"], false),
        ] {
            let pod = spec(
                Some(vec![labels_term(vec![requirement(
                    "zone", operator, values,
                )])]),
                vec![],
            );
            assert_eq!(required_matches(&pod, &bare), matches, "{operator}");
        }
    }

    #[test]
    fn the_node_selector_and_the_affinity_must_both_hold_and_an_empty_term_matches_nothing() {
        let mut pod = spec(Some(vec![NodeSelectorTerm::default()]), vec![]);
        assert!(!required_matches(&pod, &node("n", &[])));
        pod.affinity = None;
        pod.node_selector = Some(StringMap::from_iter([("disk".into(), "ssd".into())]));
        assert!(required_matches(&pod, &node("n", &[("disk", "ssd")])));
        assert!(!required_matches(&pod, &node("n", &[("disk", "hdd")])));
    }

    #[test]
    fn match_fields_pin_the_pod_to_nodes_by_name() {
        let pod = spec(
            Some(vec![names_term(&["node-2"]), names_term(&["node-3"])]),
            vec![],
        );
        assert_eq!(
            pinned_nodes(&pod),
            Some(BTreeSet::from(["node-2", "node-3"]))
        );
        assert!(required_matches(&pod, &node("node-2", &[])));
        assert!(!required_matches(&pod, &node("node-1", &[])));
        // A term without a name requirement leaves every node possible.
        let open = spec(
            Some(vec![
                names_term(&["node-2"]),
                labels_term(vec![requirement("a", "Exists", &[])]),
            ]),
            vec![],
        );
        assert_eq!(pinned_nodes(&open), None);
        // Names that no term's requirements share: nothing is left.
        let both = NodeSelectorTerm {
            match_expressions: None,
            match_fields: Some(vec![
                requirement(NODE_NAME_FIELD, "In", &["node-1"]),
                requirement(NODE_NAME_FIELD, "In", &["node-2"]),
            ]),
        };
        assert_eq!(
            pinned_nodes(&spec(Some(vec![both]), vec![])),
            Some(BTreeSet::new())
        );
    }

    #[test]
    fn preferred_terms_add_their_weights_and_scores_scale_to_100() {
        let pod = spec(
            None,
            vec![
                (80, labels_term(vec![requirement("zone", "In", &["a"])])),
                (20, labels_term(vec![requirement("disk", "In", &["ssd"])])),
                (50, NodeSelectorTerm::default()),
            ],
        );
        let nodes = [
            node("a", &[("zone", "a"), ("disk", "ssd")]),
            node("b", &[("disk", "ssd")]),
            node("c", &[]),
        ];
        let scores: Vec<i64> = nodes.iter().map(|n| preferred_score(&pod, n)).collect();
        assert_eq!(scores, [100, 20, 0]);
    }
}
