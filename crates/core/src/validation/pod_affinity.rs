//! Inter-pod affinity and anti-affinity in a pod spec: the terms' selectors, namespaces, label
//! keys, topology keys and the preferred terms' weights.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::meta::LabelSelector;
use crate::api::pod_placement::{PodAffinity, PodAffinityTerm, WeightedPodAffinityTerm};

use super::field::{child, index, FieldError};
use super::label_selector::{validate_label_name, validate_label_selector};
use super::names::is_dns1123_label;

/// The required terms, then the preferred ones. Pod anti-affinity has the same shape and rules.
// Upstream: pkg/apis/core/validation/validation.go validatePodAffinity / validatePodAntiAffinity
pub fn validate_pod_affinity(affinity: &PodAffinity, path: &str, errs: &mut Vec<FieldError>) {
    let required = child(path, "requiredDuringSchedulingIgnoredDuringExecution");
    for (i, term) in affinity.required().iter().enumerate() {
        validate_pod_affinity_term(term, &index(&required, i), errs);
    }
    let preferred = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
    for (i, term) in affinity.preferred().iter().enumerate() {
        validate_weighted_pod_affinity_term(term, &index(&preferred, i), errs);
    }
}

/// A weight of 1 to 100, and a valid term.
// Upstream: pkg/apis/core/validation/validation.go validateWeightedPodAffinityTerms
fn validate_weighted_pod_affinity_term(
    term: &WeightedPodAffinityTerm,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if !(1..=100).contains(&term.weight) {
        errs.push(FieldError::invalid(
            &child(path, "weight"),
            term.weight,
            "must be in the range 1-100",
        ));
    }
    validate_pod_affinity_term(
        &term.pod_affinity_term,
        &child(path, "podAffinityTerm"),
        errs,
    );
}

/// The selectors, each namespace (reported at `namespace`, as upstream does), the label keys,
/// and a topology key that is a label key.
// Upstream: pkg/apis/core/validation/validation.go validatePodAffinityTerm
fn validate_pod_affinity_term(term: &PodAffinityTerm, path: &str, errs: &mut Vec<FieldError>) {
    validate_pod_affinity_term_selector(term, path, errs);
    for name in term.namespaces.iter().flatten() {
        for msg in is_dns1123_label(name) {
            errs.push(FieldError::invalid(
                &child(path, "namespace"),
                name.as_str(),
                msg,
            ));
        }
    }
    validate_match_label_keys_and_mismatch_label_keys(term, path, errs);
    let topology_key = child(path, "topologyKey");
    if term.topology_key.is_empty() {
        errs.push(FieldError::required(&topology_key, "can not be empty"));
    }
    validate_label_name(&term.topology_key, &topology_key, errs);
}

// Upstream: pkg/apis/core/validation/validation.go ValidatePodAffinityTermSelector
fn validate_pod_affinity_term_selector(
    term: &PodAffinityTerm,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if let Some(selector) = &term.label_selector {
        validate_label_selector(selector, &child(path, "labelSelector"), errs);
    }
    if let Some(selector) = &term.namespace_selector {
        validate_label_selector(selector, &child(path, "namespaceSelector"), errs);
    }
}

/// Both lists hold label keys and need a label selector; a match key may not be in the
/// selector's labels and expressions as well (reported at the term's path indexed by the key's
/// place, as upstream does), nor among the mismatch keys.
// Upstream: pkg/apis/core/validation/validation.go validateMatchLabelKeysAndMismatchLabelKeys
fn validate_match_label_keys_and_mismatch_label_keys(
    term: &PodAffinityTerm,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let match_keys = term.match_label_keys.as_deref().unwrap_or_default();
    let mismatch_keys = term.mismatch_label_keys.as_deref().unwrap_or_default();
    let selector = term.label_selector.as_ref();
    let match_path = child(path, "matchLabelKeys");
    validate_label_keys(match_keys, selector, &match_path, errs);
    validate_label_keys(
        mismatch_keys,
        selector,
        &child(path, "mismatchLabelKeys"),
        errs,
    );
    if let Some(selector) = selector {
        let places: BTreeMap<&str, usize> = match_keys
            .iter()
            .enumerate()
            .map(|(i, key)| (key.as_str(), i))
            .collect();
        let mut selector_keys: BTreeSet<&str> = selector
            .match_labels
            .iter()
            .flat_map(|m| m.keys())
            .map(String::as_str)
            .collect();
        for req in selector.match_expressions.iter().flatten() {
            let key = req.key.as_str();
            if let Some(&i) = places.get(key).filter(|_| selector_keys.contains(key)) {
                errs.push(FieldError::invalid(
                    &index(path, i),
                    key,
                    "exists in both matchLabelKeys and labelSelector",
                ));
            }
            selector_keys.insert(key);
        }
    }
    let mismatch: BTreeSet<&str> = mismatch_keys.iter().map(String::as_str).collect();
    for (i, key) in match_keys.iter().enumerate() {
        if mismatch.contains(key.as_str()) {
            errs.push(FieldError::invalid(
                &index(&match_path, i),
                key.as_str(),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            ));
        }
    }
}

/// Label keys, allowed only beside a label selector.
// Upstream: pkg/apis/core/validation/validation.go validateLabelKeys
fn validate_label_keys(
    keys: &[String],
    selector: Option<&LabelSelector>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if keys.is_empty() {
        return;
    }
    if selector.is_none() {
        errs.push(FieldError::forbidden(
            path,
            "must not be specified when labelSelector is not set",
        ));
        return;
    }
    for (i, key) in keys.iter().enumerate() {
        validate_label_name(key, &index(path, i), errs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(affinity: serde_json::Value) -> Vec<String> {
        let affinity: PodAffinity = serde_json::from_value(affinity).expect("a pod affinity");
        let mut errs = Vec::new();
        validate_pod_affinity(&affinity, "spec.affinity.podAffinity", &mut errs);
        errs.iter().map(ToString::to_string).collect()
    }

    const REQUIRED: &str =
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution";
    const PREFERRED: &str =
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution";
    const KEY_NAME: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    #[test]
    fn a_term_needs_a_topology_key_that_is_a_label_key() {
        assert_eq!(
            messages(serde_json::json!({"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"app": "web"}}},
                {"topologyKey": "zone/"},
            ]})),
            [
                format!("{REQUIRED}[0].topologyKey: Required value: can not be empty"),
                format!("{REQUIRED}[0].topologyKey: Invalid value: \"\": name part must be non-empty"),
                format!("{REQUIRED}[0].topologyKey: Invalid value: \"\": {KEY_NAME}"),
                format!("{REQUIRED}[1].topologyKey: Invalid value: \"zone/\": name part must be non-empty"),
                format!("{REQUIRED}[1].topologyKey: Invalid value: \"zone/\": {KEY_NAME}"),
            ]
        );
    }

    #[test]
    fn a_preferred_term_weighs_1_to_100_before_its_term_is_checked() {
        assert_eq!(
            messages(serde_json::json!({"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 0, "podAffinityTerm": {"topologyKey": "zone"}},
                {"weight": 101, "podAffinityTerm": {}},
            ]})),
            [
                format!("{PREFERRED}[0].weight: Invalid value: 0: must be in the range 1-100"),
                format!("{PREFERRED}[1].weight: Invalid value: 101: must be in the range 1-100"),
                format!("{PREFERRED}[1].podAffinityTerm.topologyKey: Required value: can not be empty"),
                format!("{PREFERRED}[1].podAffinityTerm.topologyKey: Invalid value: \"\": name part must be non-empty"),
                format!("{PREFERRED}[1].podAffinityTerm.topologyKey: Invalid value: \"\": {KEY_NAME}"),
            ]
        );
    }

    #[test]
    fn selectors_then_namespaces_are_checked_at_the_terms_path() {
        assert_eq!(
            messages(serde_json::json!({"requiredDuringSchedulingIgnoredDuringExecution": [{
                "topologyKey": "zone",
                "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In"}]},
                "namespaceSelector": {"matchLabels": {"team": "a b"}},
                "namespaces": ["Prod", "batch"],
            }]})),
            [
                format!("{REQUIRED}[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
                format!("{REQUIRED}[0].namespaceSelector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                format!("{REQUIRED}[0].namespace: Invalid value: \"Prod\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
            ]
        );
    }

    #[test]
    fn label_keys_need_a_selector_and_may_not_repeat() {
        assert_eq!(
            messages(serde_json::json!({"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "zone", "matchLabelKeys": ["app"], "mismatchLabelKeys": ["tier"]},
                {"topologyKey": "zone", "labelSelector": {"matchLabels": {"app": "web"}},
                 "matchLabelKeys": ["-x", "app"], "mismatchLabelKeys": ["app"]},
            ]})),
            [
                format!("{REQUIRED}[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"),
                format!("{REQUIRED}[0].mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set"),
                format!("{REQUIRED}[1].matchLabelKeys[0]: Invalid value: \"-x\": {KEY_NAME}"),
                format!("{REQUIRED}[1].matchLabelKeys[1]: Invalid value: \"app\": exists in both matchLabelKeys and mismatchLabelKeys"),
            ]
        );
    }

    #[test]
    fn a_match_key_in_the_selectors_labels_and_expressions_is_reported_at_the_terms_index() {
        assert_eq!(
            messages(serde_json::json!({"requiredDuringSchedulingIgnoredDuringExecution": [{
                "topologyKey": "zone",
                "labelSelector": {"matchLabels": {"app": "web"},
                    "matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
                "matchLabelKeys": ["tier", "app"],
            }]})),
            [format!("{REQUIRED}[0][1]: Invalid value: \"app\": exists in both matchLabelKeys and labelSelector")]
        );
    }
}
