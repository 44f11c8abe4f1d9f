//! The API server's strict decoding of a JSON object into a typed one: every unknown field with
//! its path, and Go's words for a value of the wrong type.

mod value_deserializer;

use serde::de::DeserializeOwned;
use serde_json::Value;

use value_deserializer::{display_path, PathStep};

/// Why an object cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A value of the wrong type. `path` is the field path with list indices
    /// (`spec.template.spec.containers[0].ports[0].containerPort`), `message` is Go's.
    Type { path: String, message: String },
    /// Fields the type does not have (strict field validation), in the order found.
    UnknownFields(Vec<String>),
}

impl DecodeError {
    /// The message after `<Kind> in version "v1" cannot be handled as a <Kind>: `.
    // Upstream: apimachinery pkg/runtime/serializer/json (strict decoding error text)
    pub fn message(&self) -> String {
        match self {
            DecodeError::Type { message, .. } => message.clone(),
            DecodeError::UnknownFields(fields) => {
                let list: Vec<String> = fields
                    .iter()
                    .map(|f| format!("unknown field \"{f}\""))
                    .collect();
                format!("strict decoding error: {}", list.join(", "))
            }
        }
    }
}

/// Decodes a JSON value into `T`, refusing unknown fields as `fieldValidation=Strict` does.
/// `kind` names the root Go type in type errors (`Job`, `CronJob`).
// Upstream: apimachinery pkg/runtime/serializer/json/json.go Serializer.Decode (strict mode)
pub fn decode_strict<T: DeserializeOwned>(value: &Value, kind: &str) -> Result<T, DecodeError> {
    let mut unknown = Vec::new();
    match value_deserializer::deserialize::<T>(value, &mut unknown) {
        Ok(object) if unknown.is_empty() => Ok(object),
        Ok(_) => Err(DecodeError::UnknownFields(unknown)),
        Err(error) => Err(type_error(value, kind, error)),
    }
}

/// A type error in Go's words, at its path.
fn type_error(value: &Value, kind: &str, error: value_deserializer::Error) -> DecodeError {
    let (steps, serde_message) = error.into_parts();
    let found = lookup(value, &steps);
    DecodeError::Type {
        path: display_path(&steps),
        message: go_type_error(kind, &steps, found, &serde_message),
    }
}

fn lookup<'a>(value: &'a Value, steps: &[PathStep]) -> Option<&'a Value> {
    steps.iter().try_fold(value, |v, s| match s {
        PathStep::Field(f) => v.get(f),
        PathStep::Index(i) => v.get(*i),
    })
}

/// `json: cannot unmarshal <what> into Go struct field <Struct>.<path> of type <type>`.
// Upstream: encoding/json UnmarshalTypeError.Error (as vendored in sigs.k8s.io/json)
fn go_type_error(
    kind: &str,
    steps: &[PathStep],
    found: Option<&Value>,
    serde_message: &str,
) -> String {
    let field_names: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            PathStep::Field(f) => Some(f.as_str()),
            PathStep::Index(_) => None,
        })
        .collect();
    let Some(go_type) = go_type_from_serde(serde_message, &field_names) else {
        // a value's own check failed (a quantity, a time): upstream prints that error as is
        return serde_message.to_string();
    };
    let what = match found {
        Some(Value::String(_)) => "string".to_string(),
        Some(Value::Bool(_)) => "bool".to_string(),
        Some(Value::Array(_)) => "array".to_string(),
        Some(Value::Object(_)) => "object".to_string(),
        Some(Value::Number(n)) if go_type.starts_with("int") || go_type.starts_with("uint") => {
            format!("number {n}")
        }
        Some(Value::Number(_)) => "number".to_string(),
        Some(Value::Null) | None => "null".to_string(),
    };
    match field_names.split_last() {
        Some((_, parents)) => {
            let owner = go_struct_name(kind, parents);
            format!(
                "json: cannot unmarshal {what} into Go struct field {owner}.{} of type {go_type}",
                field_names.join(".")
            )
        }
        None => format!("json: cannot unmarshal {what} into Go value of type {go_type}"),
    }
}

/// Go's name for the type serde expected (`expected i32` → `int32`); lists and maps are named
/// by the field that holds them.
fn go_type_from_serde(message: &str, fields: &[&str]) -> Option<String> {
    let expected = message.rsplit_once("expected ")?.1;
    let expected = expected.split(" at line").next().unwrap_or(expected);
    let last = fields.last().copied().unwrap_or("");
    let ancestor = |n: usize| {
        fields
            .len()
            .checked_sub(n + 1)
            .and_then(|i| fields.get(i))
            .copied()
            .unwrap_or("")
    };
    let (parent, grand) = (ancestor(1), ancestor(2));
    Some(match expected {
        "i32" => "int32".into(),
        "i64" => "int64".into(),
        "u32" => "uint32".into(),
        "u64" => "uint64".into(),
        "a boolean" => "bool".into(),
        "a string" => go_string_type(last, parent, grand).into(),
        "a sequence" => go_list_type(last, parent).into(),
        "a map" => match last {
            "limits" | "requests" | "capacity" | "allocatable" | "overhead" => {
                "v1.ResourceList".into()
            }
            _ => "map[string]string".into(),
        },
        other => match other.strip_prefix("struct ") {
            // one Rust type serves both; Go has two of the same shape
            Some(_) if last == "podAntiAffinity" => "v1.PodAntiAffinity".into(),
            Some(name) => format!("v1.{}", go_struct_rename(name)),
            None => return None,
        },
    })
}

/// The Go string type of a string field: `string`, or the named type of an enumeration.
// Upstream: staging/src/k8s.io/api/{core,meta}/v1 types.go (field types)
fn go_string_type(field: &str, parent: &str, grand: &str) -> &'static str {
    match field {
        "operator" if parent == "matchExpressions" && is_label_selector(grand) => {
            "v1.LabelSelectorOperator"
        }
        "whenUnsatisfiable" => "v1.UnsatisfiableConstraintAction",
        "nodeAffinityPolicy" | "nodeTaintsPolicy" => "v1.NodeInclusionPolicy",
        _ => "string",
    }
}

/// The Go slice type of a list field.
// Upstream: staging/src/k8s.io/api/{batch,core,meta}/v1 types.go (field types)
fn go_list_type(field: &str, parent: &str) -> &'static str {
    match field {
        "command" | "args" | "finalizers" | "add" | "drop" => "[]string",
        "values" if parent == "onExitCodes" => "[]int32",
        "values" => "[]string",
        "containers" | "initContainers" => "[]v1.Container",
        "env" => "[]v1.EnvVar",
        "envFrom" => "[]v1.EnvFromSource",
        "ports" => "[]v1.ContainerPort",
        "volumes" => "[]v1.Volume",
        "volumeMounts" => "[]v1.VolumeMount",
        "tolerations" => "[]v1.Toleration",
        "imagePullSecrets" => "[]v1.LocalObjectReference",
        "items" => "[]v1.KeyToPath",
        "ownerReferences" => "[]v1.OwnerReference",
        "rules" if parent == "successPolicy" => "[]v1.SuccessPolicyRule",
        "rules" => "[]v1.PodFailurePolicyRule",
        "onPodConditions" => "[]v1.PodFailurePolicyOnPodConditionsPattern",
        "matchExpressions" if is_label_selector(parent) => "[]v1.LabelSelectorRequirement",
        "matchExpressions" | "matchFields" => "[]v1.NodeSelectorRequirement",
        "nodeSelectorTerms" => "[]v1.NodeSelectorTerm",
        "requiredDuringSchedulingIgnoredDuringExecution" if is_pod_affinity(parent) => {
            "[]v1.PodAffinityTerm"
        }
        "preferredDuringSchedulingIgnoredDuringExecution" if is_pod_affinity(parent) => {
            "[]v1.WeightedPodAffinityTerm"
        }
        "preferredDuringSchedulingIgnoredDuringExecution" => "[]v1.PreferredSchedulingTerm",
        "topologySpreadConstraints" => "[]v1.TopologySpreadConstraint",
        "namespaces" | "matchLabelKeys" | "mismatchLabelKeys" => "[]string",
        "conditions" => "[]v1.JobCondition",
        "active" => "[]v1.ObjectReference",
        "httpHeaders" => "[]v1.HTTPHeader",
        "supplementalGroups" => "[]int64",
        "taints" => "[]v1.Taint",
        _ => "[]interface {}",
    }
}

fn go_struct_rename(rust: &str) -> &str {
    match rust {
        "HttpGetAction" => "HTTPGetAction",
        "TcpSocketAction" => "TCPSocketAction",
        "GrpcAction" => "GRPCAction",
        "NfsVolumeSource" => "NFSVolumeSource",
        "KeySelector" => "ConfigMapKeySelector",
        "EnvSourceRef" => "ConfigMapEnvSource",
        other => other,
    }
}

/// The Go struct that holds the field reached through `parents` (field names, no indices).
// Upstream: staging/src/k8s.io/api/{batch,core,meta}/v1 types.go (struct names)
fn go_struct_name(kind: &str, parents: &[&str]) -> String {
    let Some((last, before)) = parents.split_last() else {
        return kind.to_string();
    };
    let grand = before.last().copied().unwrap_or("");
    let name = match *last {
        "metadata" => "ObjectMeta",
        "spec" if before.is_empty() => return format!("{kind}Spec"),
        "spec" if grand == "template" => "PodSpec",
        "spec" if grand == "jobTemplate" => "JobSpec",
        "status" if before.is_empty() => return format!("{kind}Status"),
        "template" => "PodTemplateSpec",
        "jobTemplate" => "JobTemplateSpec",
        "containers" | "initContainers" => "Container",
        "env" => "EnvVar",
        "envFrom" => "EnvFromSource",
        "valueFrom" => "EnvVarSource",
        "configMapKeyRef" => "ConfigMapKeySelector",
        "secretKeyRef" => "SecretKeySelector",
        "fieldRef" => "ObjectFieldSelector",
        "resourceFieldRef" => "ResourceFieldSelector",
        "configMapRef" => "ConfigMapEnvSource",
        "secretRef" => "SecretEnvSource",
        "resources" => "ResourceRequirements",
        "ports" => "ContainerPort",
        "volumeMounts" => "VolumeMount",
        "volumes" => "Volume",
        "emptyDir" => "EmptyDirVolumeSource",
        "hostPath" => "HostPathVolumeSource",
        "configMap" => "ConfigMapVolumeSource",
        "secret" => "SecretVolumeSource",
        "items" => "KeyToPath",
        "persistentVolumeClaim" => "PersistentVolumeClaimVolumeSource",
        "nfs" => "NFSVolumeSource",
        "securityContext" if grand == "containers" || grand == "initContainers" => {
            "SecurityContext"
        }
        "securityContext" => "PodSecurityContext",
        "capabilities" => "Capabilities",
        "livenessProbe" | "readinessProbe" | "startupProbe" => "Probe",
        "exec" => "ExecAction",
        "httpGet" => "HTTPGetAction",
        "httpHeaders" => "HTTPHeader",
        "tcpSocket" => "TCPSocketAction",
        "grpc" => "GRPCAction",
        "tolerations" => "Toleration",
        "affinity" => "Affinity",
        "nodeAffinity" => "NodeAffinity",
        "podAffinity" => "PodAffinity",
        "podAntiAffinity" => "PodAntiAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution" if is_pod_affinity(grand) => {
            "PodAffinityTerm"
        }
        "requiredDuringSchedulingIgnoredDuringExecution" => "NodeSelector",
        "preferredDuringSchedulingIgnoredDuringExecution" if is_pod_affinity(grand) => {
            "WeightedPodAffinityTerm"
        }
        "preferredDuringSchedulingIgnoredDuringExecution" => "PreferredSchedulingTerm",
        "podAffinityTerm" => "PodAffinityTerm",
        "nodeSelectorTerms" | "preference" => "NodeSelectorTerm",
        "matchExpressions" if is_label_selector(grand) => "LabelSelectorRequirement",
        "matchExpressions" | "matchFields" => "NodeSelectorRequirement",
        "topologySpreadConstraints" => "TopologySpreadConstraint",
        "imagePullSecrets" => "LocalObjectReference",
        "selector" | "labelSelector" | "namespaceSelector" => "LabelSelector",
        "ownerReferences" => "OwnerReference",
        "podFailurePolicy" => "PodFailurePolicy",
        "rules" if grand == "successPolicy" => "SuccessPolicyRule",
        "rules" => "PodFailurePolicyRule",
        "onExitCodes" => "PodFailurePolicyOnExitCodesRequirement",
        "onPodConditions" => "PodFailurePolicyOnPodConditionsPattern",
        "successPolicy" => "SuccessPolicy",
        "conditions" => "JobCondition",
        "active" => "ObjectReference",
        "uncountedTerminatedPods" => "UncountedTerminatedPods",
        other => other,
    };
    name.to_string()
}

/// Whether the field holds a `metav1.LabelSelector` (a Job's, or a pod affinity term's or
/// topology spread constraint's).
fn is_label_selector(field: &str) -> bool {
    matches!(field, "selector" | "labelSelector" | "namespaceSelector")
}

/// Whether the field holds a `PodAffinity` or `PodAntiAffinity` (whose term lists have the
/// names of `NodeAffinity`'s).
fn is_pod_affinity(field: &str) -> bool {
    matches!(field, "podAffinity" | "podAntiAffinity")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Job;
    use serde_json::json;

    #[test]
    fn unknown_fields_are_all_reported_with_their_paths() {
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
            "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl", "comand": ["x"]}],
            "restartPolicy": "Never"}}, "backofLimit": 4}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("unknown fields");
        assert_eq!(
            err.message(),
            "strict decoding error: unknown field \"spec.backofLimit\", unknown field \"spec.template.spec.containers[0].comand\""
        );
    }

    #[test]
    fn a_string_where_a_number_belongs_is_refused_in_gos_words() {
        let job = json!({"spec": {"parallelism": "2"}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err.message(),
            "json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32"
        );
    }

    #[test]
    fn a_number_where_a_string_belongs_names_the_container_field() {
        let job = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "env": [{"name": "X", "value": 1}]}]}}}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err,
            DecodeError::Type {
                path: "spec.template.spec.containers[0].env[0].value".into(),
                message: "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string".into()
            }
        );
    }

    #[test]
    fn a_string_where_a_list_belongs_names_the_list_type() {
        let job = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "command": "perl -e 1"}]}}}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err.message(),
            "json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.command of type []string"
        );
    }

    #[test]
    fn maps_of_the_wrong_shape_are_refused_with_gos_map_types() {
        let job = json!({"metadata": {"labels": ["a", "b"]}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err.message(),
            "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"
        );
        let job = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "resources": {"requests": "1"}}]}}}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err.message(),
            "json: cannot unmarshal string into Go struct field ResourceRequirements.spec.template.spec.containers.resources.requests of type v1.ResourceList"
        );
    }

    #[test]
    fn maps_decode_into_key_order() {
        let job = json!({"metadata": {"labels": {"b": "2", "a": "1", "c": "3"}}});
        let job: Job = decode_strict(&job, "Job").expect("a Job");
        let labels = job.metadata.labels.expect("labels");
        let keys: Vec<&str> = labels.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(labels.get("b").map(String::as_str), Some("2"));
    }

    #[test]
    fn a_list_where_an_object_belongs_is_refused_in_gos_words() {
        let job = json!({"metadata": []});
        let err = decode_strict::<Job>(&job, "Job").expect_err("type error");
        assert_eq!(
            err.message(),
            "json: cannot unmarshal array into Go struct field Job.metadata of type v1.ObjectMeta"
        );
    }

    #[test]
    fn unknown_fields_inside_lists_of_lists_have_every_index() {
        let job = json!({"spec": {"template": {"spec": {"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "b", "operater": "In"}]}
        ]}}}}}}});
        let err = decode_strict::<Job>(&job, "Job").expect_err("unknown field");
        assert_eq!(
            err,
            DecodeError::UnknownFields(vec![
                "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].operater".into()
            ])
        );
    }

    fn pod_spec_error(pod_spec: Value) -> String {
        let job = json!({"spec": {"template": {"spec": pod_spec}}});
        decode_strict::<Job>(&job, "Job")
            .expect_err("type error")
            .message()
    }

    #[test]
    fn pod_affinity_terms_are_named_by_their_go_types() {
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": "x"}]}}})),
            "json: cannot unmarshal string into Go struct field WeightedPodAffinityTerm.spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight of type int32"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": 3}]}}})),
            "json: cannot unmarshal number into Go struct field PodAffinityTerm.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.topologyKey of type string"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1,
                    "podAffinityTerm": {"topologyKey": "zone", "namespaces": "ns"}}]}}})),
            "json: cannot unmarshal string into Go struct field PodAffinityTerm.spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.namespaces of type []string"
        );
    }

    #[test]
    fn pod_affinity_lists_differ_from_node_affinity_lists_of_the_same_name() {
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"topologyKey": "zone"}}}})),
            "json: cannot unmarshal object into Go struct field PodAffinity.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution of type []v1.PodAffinityTerm"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAntiAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": {}}}})),
            "json: cannot unmarshal object into Go struct field PodAntiAffinity.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution of type []v1.WeightedPodAffinityTerm"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"nodeAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": {}}}})),
            "json: cannot unmarshal object into Go struct field NodeAffinity.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution of type []v1.PreferredSchedulingTerm"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAntiAffinity": "spread"}})),
            "json: cannot unmarshal string into Go struct field Affinity.spec.template.spec.affinity.podAntiAffinity of type v1.PodAntiAffinity"
        );
    }

    #[test]
    fn label_selectors_of_affinity_terms_are_metav1_label_selectors() {
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": "zone",
                    "labelSelector": {"matchExpressions": {"key": "app"}}}]}}})),
            "json: cannot unmarshal object into Go struct field LabelSelector.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.labelSelector.matchExpressions of type []v1.LabelSelectorRequirement"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": "zone",
                    "namespaceSelector": {"matchExpressions": [{"key": "team", "operator": 1}]}}]}}})),
            "json: cannot unmarshal number into Go struct field LabelSelectorRequirement.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.namespaceSelector.matchExpressions.operator of type v1.LabelSelectorOperator"
        );
        assert_eq!(
            pod_spec_error(json!({"affinity": {"podAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": "zone",
                    "mismatchLabelKeys": {}}]}}})),
            "json: cannot unmarshal object into Go struct field PodAffinityTerm.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution.mismatchLabelKeys of type []string"
        );
    }

    #[test]
    fn topology_spread_constraints_are_named_by_their_go_types() {
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": [{"maxSkew": "a"}]})),
            "json: cannot unmarshal string into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.maxSkew of type int32"
        );
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": {"maxSkew": 1}})),
            "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.topologySpreadConstraints of type []v1.TopologySpreadConstraint"
        );
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": [{"whenUnsatisfiable": true}]})),
            "json: cannot unmarshal bool into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.whenUnsatisfiable of type v1.UnsatisfiableConstraintAction"
        );
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": [{"nodeTaintsPolicy": 2}]})),
            "json: cannot unmarshal number into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.nodeTaintsPolicy of type v1.NodeInclusionPolicy"
        );
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": [{"matchLabelKeys": "app"}]})),
            "json: cannot unmarshal string into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.matchLabelKeys of type []string"
        );
        assert_eq!(
            pod_spec_error(json!({"topologySpreadConstraints": [{"labelSelector": []}]})),
            "json: cannot unmarshal array into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.labelSelector of type v1.LabelSelector"
        );
    }

    #[test]
    fn null_leaves_a_field_unset() {
        let job = json!({"spec": {"template": {"spec": {"containers": null}}}});
        assert!(decode_strict::<Job>(&job, "Job").is_ok());
    }
}
