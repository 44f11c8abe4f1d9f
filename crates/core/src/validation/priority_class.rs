//! PriorityClass rules: a DNS-subdomain name, user values up to a billion, the `system-` names
//! kept for the system's own classes, and a value and policy that never change.

use crate::api::priority_class::{
    system_priority_classes, PriorityClass, HIGHEST_USER_DEFINABLE_PRIORITY,
    SYSTEM_PRIORITY_CLASS_PREFIX,
};

use super::field::{kubectl_invalid_message, FieldError};
use super::names::is_dns1123_subdomain;
use super::objectmeta::{validate_cluster_scoped_meta, validate_object_meta_update};
use super::pod::validate_preemption_policy;

// Upstream: pkg/apis/scheduling/validation/validation.go ValidatePriorityClass
pub fn validate_priority_class(class: &PriorityClass) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_cluster_scoped_meta(&class.metadata, is_dns1123_subdomain, &mut errs);
    let name = class.metadata.name();
    if name.starts_with(SYSTEM_PRIORITY_CLASS_PREFIX) {
        if let Err(e) = known_system_class(name, class.value, class.global_default) {
            errs.push(FieldError::forbidden(
                "metadata.name",
                format!(
                    "priority class names with '{SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are \
                     reserved for system use only. error: {e}"
                ),
            ));
        }
    } else if class.value > HIGHEST_USER_DEFINABLE_PRIORITY {
        errs.push(FieldError::forbidden(
            "value",
            format!(
                "maximum allowed value of a user defined priority is \
                 {HIGHEST_USER_DEFINABLE_PRIORITY}"
            ),
        ));
    }
    if let Some(policy) = class.preemption_policy.as_deref() {
        validate_preemption_policy(policy, "preemptionPolicy", &mut errs);
    }
    errs
}

// Upstream: validation.go ValidatePriorityClassUpdate (value and preemptionPolicy immutable)
pub fn validate_priority_class_update(old: &PriorityClass, new: &PriorityClass) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta_update(&new.metadata, &old.metadata, "metadata", &mut errs);
    if new.value != old.value {
        errs.push(FieldError::forbidden(
            "value",
            "may not be changed in an update.",
        ));
    }
    if new.preemption_policy() != old.preemption_policy() {
        errs.push(FieldError::invalid(
            "preemptionPolicy",
            new.preemption_policy(),
            "field is immutable",
        ));
    }
    errs
}

/// Whether the API server accepts the class; if not, its refusal in kubectl's words.
pub fn check_priority_class(class: &PriorityClass) -> Result<(), String> {
    let errs = validate_priority_class(class);
    if errs.is_empty() {
        return Ok(());
    }
    let message = kubectl_invalid_message("PriorityClass", class.metadata.name(), &errs);
    Err(message.trim_end().to_string())
}

/// A `system-` class must be one of the system's, with its value and not the default.
// Upstream: pkg/apis/scheduling/v1/helpers.go IsKnownSystemPriorityClass
fn known_system_class(name: &str, value: i32, global_default: bool) -> Result<(), String> {
    let known = system_priority_classes();
    let Some(class) = known.iter().find(|c| c.metadata.name() == name) else {
        return Err(format!("{name} is not a known system priority class"));
    };
    if class.value != value {
        return Err(format!(
            "value of {name} PriorityClass must be {}",
            class.value
        ));
    }
    if class.global_default != global_default {
        return Err(format!(
            "globalDefault of {name} PriorityClass must be {}",
            class.global_default
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, value: i32) -> PriorityClass {
        serde_json::from_value(serde_json::json!({
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": { "name": name }, "value": value,
        }))
        .unwrap()
    }

    #[test]
    fn a_user_class_may_not_exceed_a_billion() {
        assert_eq!(
            check_priority_class(&class("batch-high", 1_000_000_000)),
            Ok(())
        );
        assert_eq!(
            check_priority_class(&class("batch-high", 1_000_000_001)),
            Err(
                "The PriorityClass \"batch-high\" is invalid: value: Forbidden: maximum allowed \
                 value of a user defined priority is 1000000000"
                    .into()
            )
        );
    }

    #[test]
    fn system_names_are_reserved() {
        let err = check_priority_class(&class("system-batch", 5)).unwrap_err();
        assert!(err.ends_with(
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved \
             for system use only. error: system-batch is not a known system priority class"
        ));
        let err = check_priority_class(&class("system-node-critical", 5)).unwrap_err();
        assert!(
            err.ends_with("error: value of system-node-critical PriorityClass must be 2000001000")
        );
        assert_eq!(
            check_priority_class(&class("system-node-critical", 2_000_001_000)),
            Ok(())
        );
    }

    #[test]
    fn the_policy_is_one_of_two() {
        let mut c = class("low", -5);
        c.preemption_policy = Some("Sometimes".into());
        assert!(check_priority_class(&c).unwrap_err().ends_with(
            "preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \
             \"PreemptLowerPriority\", \"Never\""
        ));
    }

    #[test]
    fn value_and_policy_never_change() {
        let old = class("low", 10);
        let mut new = class("low", 20);
        new.preemption_policy = Some("Never".into());
        let errs: Vec<String> = validate_priority_class_update(&old, &new)
            .iter()
            .map(|e| format!("{}: {}", e.field, e.body()))
            .collect();
        assert_eq!(
            errs,
            [
                "value: Forbidden: may not be changed in an update.",
                "preemptionPolicy: Invalid value: \"Never\": field is immutable",
            ]
        );
    }
}
