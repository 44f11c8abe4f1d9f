//! What the API server adds to a pod it creates, beyond its template's defaults: the pod
//! defaults (service links, requests from limits), the admission plugins of a default
//! cluster (ServiceAccount, Priority, DefaultTolerationSeconds) and the QoS class.

use std::borrow::Cow;

use crate::api::pod::{Container, Toleration};
use crate::api::priority_class::{PodPriority, PriorityClass};
use crate::api::qos::qos_class;
use crate::api::{PodSpec, PodStatus};
use crate::sim::service_account_token::mount_own_token_volume;
use crate::sim::time::SimDuration;

use super::nodes::{NOT_READY_TAINT, UNREACHABLE_TAINT};

/// Admits the spec of a pod about to be created; `tolerate_for` is how long the added
/// tolerations keep it on a not-ready or unreachable node (`timing.notReadyToleration`, in whole
/// seconds as the plugin's flags are, rounded up).
// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Pod; plugin/pkg/admission/serviceaccount
// (the default service account; the token volume, whose drawn name the store keeps:
// crate::sim::service_account_token), priority (no default PriorityClass: priority 0),
// defaulttolerationseconds
pub(super) fn admit_spec(spec: &mut PodSpec, priority: &PodPriority, tolerate_for: SimDuration) {
    spec.enable_service_links.get_or_insert(true);
    let containers = spec.init_containers.iter_mut().flatten();
    containers
        .chain(spec.containers.iter_mut())
        .for_each(request_limits);
    if spec
        .service_account_name
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        spec.service_account_name = Some("default".into());
    }
    spec.service_account.clone_from(&spec.service_account_name);
    mount_own_token_volume(spec);
    if priority.class_name.is_some() {
        spec.priority_class_name.clone_from(&priority.class_name);
    }
    spec.priority = Some(priority.value);
    spec.preemption_policy = Some(priority.preemption_policy.into());
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for key in [NOT_READY_TAINT, UNREACHABLE_TAINT] {
        if !tolerations.iter().any(|t| tolerates_no_execute(t, key)) {
            tolerations.push(Toleration {
                key: Some(Cow::Borrowed(key)),
                operator: Some("Exists".into()),
                value: None,
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(whole_seconds(tolerate_for)),
            });
        }
    }
}

/// The priority the Priority admission plugin gives a new pod of `spec`, given the cluster's
/// classes by name (`class`) and its default class; or why it refuses the pod. A pod may set
/// `priority` and `preemptionPolicy` itself only to what its class says.
// Upstream: plugin/pkg/admission/priority/admission.go admitPod (Forbidden), getDefaultPriority
pub(super) fn admit_priority<'a>(
    spec: &PodSpec,
    class: impl Fn(&str) -> Option<&'a PriorityClass>,
    default_class: Option<&PriorityClass>,
) -> Result<PodPriority, String> {
    let priority = match spec
        .priority_class_name
        .as_deref()
        .filter(|n| !n.is_empty())
    {
        Some(name) => PodPriority::of_class(
            class(name).ok_or_else(|| format!("no PriorityClass with name {name} was found"))?,
        ),
        None => default_class.map_or_else(PodPriority::without_class, PodPriority::of_class),
    };
    if let Some(set) = spec.priority.filter(|p| *p != priority.value) {
        return Err(format!(
            "the integer value of priority ({set}) must not be provided in pod spec; priority \
             admission controller computed {} from the given PriorityClass name",
            priority.value
        ));
    }
    if let Some(set) = spec
        .preemption_policy
        .as_deref()
        .filter(|p| *p != priority.preemption_policy)
    {
        return Err(format!(
            "the string value of PreemptionPolicy ({set}) must not be provided in pod spec; \
             priority admission controller computed {} from the given PriorityClass name",
            priority.preemption_policy
        ));
    }
    Ok(priority)
}

/// The class a pod that names none gets: the global default (the lowest-valued, should a
/// race have made two).
// Upstream: admission.go getDefaultPriorityClass
pub(super) fn default_priority_class<'a>(
    classes: impl Iterator<Item = &'a PriorityClass>,
) -> Option<&'a PriorityClass> {
    classes.filter(|c| c.global_default).min_by_key(|c| c.value)
}

/// A new pod's status: Pending, in the QoS class of its admitted spec.
// Upstream: pkg/registry/core/pod/strategy.go PrepareForCreate (Phase Pending, QOSClass)
pub(super) fn new_pod_status(spec: &PodSpec) -> PodStatus {
    PodStatus {
        phase: Some("Pending".into()),
        qos_class: Some(qos_class(spec).into()),
        ..Default::default()
    }
}

fn whole_seconds(d: SimDuration) -> i64 {
    i64::try_from(d.as_millis().div_ceil(1000)).unwrap_or(i64::MAX)
}

/// A container with limits and no request of a resource requests its limit.
// Upstream: SetDefaults_Pod (set requests to limits if requests are not specified)
fn request_limits(container: &mut Container) {
    let Some(resources) = container.resources.as_mut() else {
        return;
    };
    let Some(limits) = resources.limits.as_ref() else {
        return;
    };
    let requests = resources.requests.get_or_insert_with(Default::default);
    for (name, limit) in limits.iter() {
        if !requests.contains_key(name) {
            requests.insert(name.clone(), *limit);
        }
    }
}

/// Whether a toleration already covers the taint's NoExecute effect (an empty key or effect
/// matches all).
// Upstream: defaulttolerationseconds/admission.go Admit
fn tolerates_no_execute(toleration: &Toleration, key: &str) -> bool {
    let matches =
        |field: Option<&str>, wanted: &str| field.is_none_or(|v| v.is_empty() || v == wanted);
    matches(toleration.key.as_deref(), key) && matches(toleration.effect.as_deref(), "NoExecute")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::ResourceRequirements;

    fn admitted(spec: serde_json::Value) -> PodSpec {
        let mut spec = serde_json::from_value(spec).unwrap();
        admit_spec(
            &mut spec,
            &PodPriority::without_class(),
            SimDuration::from_millis(299_500),
        );
        spec
    }

    fn class(name: &str, value: i32, default: bool, policy: Option<&str>) -> PriorityClass {
        serde_json::from_value(serde_json::json!({
            "metadata": { "name": name }, "value": value, "globalDefault": default,
            "preemptionPolicy": policy,
        }))
        .unwrap()
    }

    /// The priority a pod of `spec` gets among the classes.
    fn priority_of(
        spec: serde_json::Value,
        classes: &[PriorityClass],
    ) -> Result<PodPriority, String> {
        let spec: PodSpec = serde_json::from_value(spec).unwrap();
        let by_name = |name: &str| classes.iter().find(|c| c.metadata.name() == name);
        admit_priority(&spec, by_name, default_priority_class(classes.iter()))
    }

    #[test]
    fn a_pod_takes_its_class_value_and_policy_or_the_default_class() {
        let classes = [
            class("batch-high", 1000, false, Some("Never")),
            class("batch-low", -10, true, None),
            class("lower-default", -20, true, None),
        ];
        let high = priority_of(
            serde_json::json!({ "priorityClassName": "batch-high" }),
            &classes,
        );
        assert_eq!(
            high,
            Ok(PodPriority {
                class_name: Some("batch-high".into()),
                value: 1000,
                preemption_policy: "Never",
            })
        );
        let default = priority_of(serde_json::json!({}), &classes).unwrap();
        assert_eq!(default.class_name.as_deref(), Some("lower-default"));
        assert_eq!(default.value, -20);
        assert_eq!(
            priority_of(serde_json::json!({ "priority": 0 }), &[]),
            Ok(PodPriority::without_class())
        );
    }

    #[test]
    fn admission_refuses_a_missing_class_and_values_the_class_did_not_give() {
        let classes = [class("batch-high", 1000, false, None)];
        assert_eq!(
            priority_of(
                serde_json::json!({ "priorityClassName": "urgent" }),
                &classes
            ),
            Err("no PriorityClass with name urgent was found".into())
        );
        assert_eq!(
            priority_of(serde_json::json!({ "priority": 5 }), &classes),
            Err(
                "the integer value of priority (5) must not be provided in pod spec; priority \
                 admission controller computed 0 from the given PriorityClass name"
                    .into()
            )
        );
        assert_eq!(
            priority_of(serde_json::json!({ "preemptionPolicy": "Never" }), &classes),
            Err(
                "the string value of PreemptionPolicy (Never) must not be provided in pod spec; \
                 priority admission controller computed PreemptLowerPriority from the given \
                 PriorityClass name"
                    .into()
            )
        );
    }

    /// `key:effect for N s` per toleration.
    fn tolerations(spec: &PodSpec) -> Vec<String> {
        spec.tolerations
            .iter()
            .flatten()
            .map(|t| {
                let key = t.key.as_deref().unwrap_or("");
                let effect = t.effect.as_deref().unwrap_or("");
                format!("{key}:{effect} for {:?}", t.toleration_seconds)
            })
            .collect()
    }

    #[test]
    fn a_pod_gets_the_default_service_account_priority_and_tolerations() {
        let spec = admitted(serde_json::json!({ "containers": [{ "name": "c" }] }));
        assert_eq!(spec.enable_service_links, Some(true));
        assert_eq!(spec.service_account_name.as_deref(), Some("default"));
        assert_eq!(spec.service_account.as_deref(), Some("default"));
        assert_eq!(spec.priority, Some(0));
        assert_eq!(
            spec.preemption_policy.as_deref(),
            Some("PreemptLowerPriority")
        );
        assert_eq!(
            tolerations(&spec),
            [
                "node.kubernetes.io/not-ready:NoExecute for Some(300)",
                "node.kubernetes.io/unreachable:NoExecute for Some(300)",
            ]
        );
    }

    #[test]
    fn a_pod_that_tolerates_a_condition_taint_keeps_its_own_toleration() {
        let spec = admitted(serde_json::json!({
            "containers": [{ "name": "c" }],
            "serviceAccountName": "builder",
            "tolerations": [{ "key": "node.kubernetes.io/unreachable", "operator": "Exists" }],
        }));
        assert_eq!(spec.service_account.as_deref(), Some("builder"));
        assert_eq!(
            tolerations(&spec),
            [
                "node.kubernetes.io/unreachable: for None",
                "node.kubernetes.io/not-ready:NoExecute for Some(300)",
            ]
        );
    }

    #[test]
    fn the_status_names_the_qos_class_of_the_requests_it_ends_up_with() {
        for (resources, class) in [
            (serde_json::json!({}), "BestEffort"),
            (
                serde_json::json!({ "limits": { "cpu": "1", "memory": "1Gi" } }),
                "Guaranteed",
            ),
            (
                serde_json::json!({ "requests": { "cpu": "1" } }),
                "Burstable",
            ),
        ] {
            let spec = admitted(serde_json::json!({
                "containers": [{ "name": "c", "resources": resources }],
            }));
            let status = new_pod_status(&spec);
            assert_eq!(status.qos_class.as_deref(), Some(class));
            assert_eq!(status.phase.as_deref(), Some("Pending"));
        }
    }

    #[test]
    fn a_container_requests_the_limits_it_does_not_request() {
        let spec = admitted(serde_json::json!({ "containers": [{
            "name": "c",
            "resources": { "limits": { "cpu": "2", "memory": "1Gi" }, "requests": { "cpu": "500m" } },
        }] }));
        let ResourceRequirements { requests, .. } = spec.containers[0].resources.clone().unwrap();
        let requests: Vec<(String, String)> = requests
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        assert_eq!(
            requests,
            [
                ("cpu".to_string(), "500m".to_string()),
                ("memory".to_string(), "1Gi".to_string())
            ]
        );
    }
}
