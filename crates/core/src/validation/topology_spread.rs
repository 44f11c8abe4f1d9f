//! Topology spread constraints in a pod spec: skew, topology key, what to do when unsatisfiable,
//! repeats, minimum domains, node inclusion policies, match label keys and the label selector.

use std::collections::BTreeSet;

use crate::api::meta::LabelSelector;
use crate::api::pod_placement::TopologySpreadConstraint;

use super::field::{child, index, FieldError};
use super::label_selector::{validate_label_name, validate_label_selector};

const DO_NOT_SCHEDULE: &str = "DoNotSchedule";
const SCHEDULE_ANYWAY: &str = "ScheduleAnyway";
const IS_NOT_POSITIVE: &str = "must be greater than zero";

/// Each constraint's rules in upstream's order; a constraint repeating the topology key and
/// action of a later one is a duplicate.
// Upstream: pkg/apis/core/validation/validation.go validateTopologySpreadConstraints
pub fn validate_topology_spread_constraints(
    constraints: &[TopologySpreadConstraint],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    for (i, constraint) in constraints.iter().enumerate() {
        let path = index(path, i);
        validate_max_skew(constraint.max_skew, &child(&path, "maxSkew"), errs);
        validate_topology_key(&constraint.topology_key, &child(&path, "topologyKey"), errs);
        validate_when_unsatisfiable(
            &constraint.when_unsatisfiable,
            &child(&path, "whenUnsatisfiable"),
            errs,
        );
        validate_spread_constraint_not_repeat(
            constraint,
            &constraints[i + 1..],
            &child(&path, "{topologyKey, whenUnsatisfiable}"),
            errs,
        );
        validate_min_domains(constraint, &child(&path, "minDomains"), errs);
        for (field, policy) in [
            ("nodeAffinityPolicy", &constraint.node_affinity_policy),
            ("nodeTaintsPolicy", &constraint.node_taints_policy),
        ] {
            if let Some(policy) = policy {
                validate_node_inclusion_policy(policy, &child(&path, field), errs);
            }
        }
        validate_match_label_keys(
            constraint.match_label_keys.as_deref().unwrap_or_default(),
            constraint.label_selector.as_ref(),
            &child(&path, "matchLabelKeys"),
            errs,
        );
        if let Some(selector) = &constraint.label_selector {
            validate_label_selector(selector, &child(&path, "labelSelector"), errs);
        }
    }
}

// Upstream: pkg/apis/core/validation/validation.go ValidateMaxSkew
fn validate_max_skew(max_skew: i32, path: &str, errs: &mut Vec<FieldError>) {
    if max_skew <= 0 {
        errs.push(FieldError::invalid(path, max_skew, IS_NOT_POSITIVE));
    }
}

// Upstream: pkg/apis/core/validation/validation.go ValidateTopologyKey
fn validate_topology_key(topology_key: &str, path: &str, errs: &mut Vec<FieldError>) {
    if topology_key.is_empty() {
        errs.push(FieldError::required(path, "can not be empty"));
    }
}

// Upstream: pkg/apis/core/validation/validation.go ValidateWhenUnsatisfiable
fn validate_when_unsatisfiable(action: &str, path: &str, errs: &mut Vec<FieldError>) {
    if action != DO_NOT_SCHEDULE && action != SCHEDULE_ANYWAY {
        errs.push(FieldError::not_supported(
            path,
            action,
            &[DO_NOT_SCHEDULE, SCHEDULE_ANYWAY],
        ));
    }
}

// Upstream: pkg/apis/core/validation/validation.go ValidateSpreadConstraintNotRepeat
fn validate_spread_constraint_not_repeat(
    constraint: &TopologySpreadConstraint,
    rest: &[TopologySpreadConstraint],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let repeats = rest.iter().any(|other| {
        other.topology_key == constraint.topology_key
            && other.when_unsatisfiable == constraint.when_unsatisfiable
    });
    if repeats {
        errs.push(FieldError::duplicate(
            path,
            format!(
                "{{{}, {}}}",
                constraint.topology_key, constraint.when_unsatisfiable
            ),
        ));
    }
}

/// When set, greater than zero and only with `DoNotSchedule`.
// Upstream: pkg/apis/core/validation/validation.go validateMinDomains
fn validate_min_domains(
    constraint: &TopologySpreadConstraint,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let Some(min_domains) = constraint.min_domains else {
        return;
    };
    if min_domains <= 0 {
        errs.push(FieldError::invalid(path, min_domains, IS_NOT_POSITIVE));
    }
    let action = constraint.when_unsatisfiable.as_str();
    if action != DO_NOT_SCHEDULE {
        errs.push(FieldError::invalid(
            path,
            min_domains,
            format!("can only use minDomains if whenUnsatisfiable={DO_NOT_SCHEDULE}, not {action}"),
        ));
    }
}

// Upstream: pkg/apis/core/validation/validation.go validateNodeInclusionPolicy
fn validate_node_inclusion_policy(policy: &str, path: &str, errs: &mut Vec<FieldError>) {
    if policy != "Honor" && policy != "Ignore" {
        errs.push(FieldError::not_supported(
            path,
            policy,
            &["Honor", "Ignore"],
        ));
    }
}

/// Label keys, allowed only beside a label selector and not among its keys.
// Upstream: pkg/apis/core/validation/validation.go validateMatchLabelKeysInTopologySpread
fn validate_match_label_keys(
    keys: &[String],
    selector: Option<&LabelSelector>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if keys.is_empty() {
        return;
    }
    let mut selector_keys = BTreeSet::new();
    match selector {
        Some(selector) => {
            selector_keys.extend(selector.match_labels.iter().flat_map(|m| m.keys()));
            selector_keys.extend(selector.match_expressions.iter().flatten().map(|r| &r.key));
        }
        None => errs.push(FieldError::forbidden(
            path,
            "must not be specified when labelSelector is not set",
        )),
    }
    for (i, key) in keys.iter().enumerate() {
        let key_path = index(path, i);
        validate_label_name(key, &key_path, errs);
        if selector_keys.contains(key) {
            errs.push(FieldError::invalid(
                &key_path,
                key.as_str(),
                "exists in both matchLabelKeys and labelSelector",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(constraints: serde_json::Value) -> Vec<String> {
        let constraints: Vec<TopologySpreadConstraint> =
            serde_json::from_value(constraints).expect("constraints");
        let mut errs = Vec::new();
        validate_topology_spread_constraints(
            &constraints,
            "spec.topologySpreadConstraints",
            &mut errs,
        );
        errs.iter().map(ToString::to_string).collect()
    }

    const PATH: &str = "spec.topologySpreadConstraints";

    #[test]
    fn a_valid_constraint_passes() {
        let none: [String; 0] = [];
        assert_eq!(
            messages(serde_json::json!([{"maxSkew": 1, "topologyKey": "zone",
                "whenUnsatisfiable": "DoNotSchedule", "minDomains": 2,
                "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore",
                "labelSelector": {"matchLabels": {"app": "web"}}, "matchLabelKeys": ["pod-template-hash"]}])),
            none
        );
    }

    #[test]
    fn an_empty_constraint_breaks_the_first_three_rules() {
        assert_eq!(
            messages(serde_json::json!([{}])),
            [
                format!("{PATH}[0].maxSkew: Invalid value: 0: must be greater than zero"),
                format!("{PATH}[0].topologyKey: Required value: can not be empty"),
                format!("{PATH}[0].whenUnsatisfiable: Unsupported value: \"\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
            ]
        );
    }

    #[test]
    fn a_repeated_key_and_action_is_a_duplicate_of_the_first() {
        assert_eq!(
            messages(serde_json::json!([
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                {"maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"},
                {"maxSkew": 3, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
            ])),
            [format!("{PATH}[0].{{topologyKey, whenUnsatisfiable}}: Duplicate value: \"{{zone, DoNotSchedule}}\"")]
        );
    }

    #[test]
    fn min_domains_is_positive_and_only_for_do_not_schedule() {
        assert_eq!(
            messages(serde_json::json!([{"maxSkew": 1, "topologyKey": "zone",
                "whenUnsatisfiable": "ScheduleAnyway", "minDomains": 0}])),
            [
                format!("{PATH}[0].minDomains: Invalid value: 0: must be greater than zero"),
                format!("{PATH}[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"),
            ]
        );
    }

    #[test]
    fn node_inclusion_policies_are_honor_or_ignore() {
        assert_eq!(
            messages(serde_json::json!([{"maxSkew": 1, "topologyKey": "zone",
                "whenUnsatisfiable": "DoNotSchedule", "nodeAffinityPolicy": "honor",
                "nodeTaintsPolicy": "Skip"}])),
            [
                format!("{PATH}[0].nodeAffinityPolicy: Unsupported value: \"honor\": supported values: \"Honor\", \"Ignore\""),
                format!("{PATH}[0].nodeTaintsPolicy: Unsupported value: \"Skip\": supported values: \"Honor\", \"Ignore\""),
            ]
        );
    }

    #[test]
    fn match_label_keys_need_a_selector_without_them_then_the_selector_is_checked() {
        assert_eq!(
            messages(serde_json::json!([
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                 "matchLabelKeys": ["app"]},
                {"maxSkew": 1, "topologyKey": "host", "whenUnsatisfiable": "DoNotSchedule",
                 "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["x"]}]},
                 "matchLabelKeys": ["app"]},
            ])),
            [
                format!("{PATH}[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"),
                format!("{PATH}[1].matchLabelKeys[0]: Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"),
                format!("{PATH}[1].labelSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
            ]
        );
    }
}
