//! The pod template rules that matter to Jobs: containers, names, images, env, ports,
//! resources, probes, volumes, restart and DNS policy, node selection and tolerations; pod
//! affinity and topology spread constraints have their own modules.

use std::collections::BTreeSet;

use crate::api::pod::{
    Affinity, Container, NodeAffinity, NodeSelectorRequirement, PodSpec, PodTemplateSpec, Probe,
    ResourceList, Toleration, Volume,
};

use crate::api::priority_class::{PREEMPT_LOWER_PRIORITY, PREEMPT_NEVER};

use super::field::{child, index, key, BadValue, FieldError};
use super::label_selector::{validate_label_name, validate_set_operator_values};
use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_relaxed_env_var_name,
    is_valid_label_value,
};
use super::objectmeta::{validate_annotations, validate_labels};
use super::pod_affinity::validate_pod_affinity;
use super::topology_spread::validate_topology_spread_constraints;

/// Upstream: pkg/apis/core/validation/validation.go ValidatePodTemplateSpec
pub fn validate_pod_template_spec(
    template: &PodTemplateSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let meta = template.metadata.clone().unwrap_or_default();
    validate_labels(meta.labels.as_deref(), &child(path, "labels"), errs);
    validate_annotations(
        meta.annotations.as_deref(),
        &child(path, "annotations"),
        errs,
    );
    let spec = template.spec.clone().unwrap_or_default();
    validate_pod_spec(&spec, &child(path, "spec"), errs);
}

/// Upstream: pkg/apis/core/validation/validation.go ValidatePodSpec
pub fn validate_pod_spec(spec: &PodSpec, path: &str, errs: &mut Vec<FieldError>) {
    let volumes = validate_volumes(
        spec.volumes.as_deref().unwrap_or(&[]),
        &child(path, "volumes"),
        errs,
    );
    validate_containers(&spec.containers, &volumes, &child(path, "containers"), errs);
    validate_init_containers(
        spec.init_containers.as_deref().unwrap_or(&[]),
        &spec.containers,
        &volumes,
        &child(path, "initContainers"),
        errs,
    );
    let restart_policy = spec.restart_policy.as_deref().unwrap_or("");
    let rp_path = child(path, "restartPolicy");
    match restart_policy {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(&rp_path, "")),
        other => errs.push(FieldError::not_supported(
            &rp_path,
            other,
            &["Always", "OnFailure", "Never"],
        )),
    }
    let dns_policy = spec.dns_policy.as_deref().unwrap_or("");
    let dns_path = child(path, "dnsPolicy");
    match dns_policy {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(&dns_path, "")),
        other => errs.push(FieldError::not_supported(
            &dns_path,
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    validate_labels(
        spec.node_selector.as_ref(),
        &child(path, "nodeSelector"),
        errs,
    );
    for (i, secret) in spec.image_pull_secrets.iter().flatten().enumerate() {
        if secret.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(
                &child(&index(&child(path, "imagePullSecrets"), i), "name"),
                "",
            ));
        }
    }
    if let Some(affinity) = &spec.affinity {
        validate_affinity(affinity, &child(path, "affinity"), errs);
    }
    validate_topology_spread_constraints(
        spec.topology_spread_constraints
            .as_deref()
            .unwrap_or_default(),
        &child(path, "topologySpreadConstraints"),
        errs,
    );
    if let Some(name) = spec
        .service_account_name
        .as_deref()
        .filter(|n| !n.is_empty())
    {
        for msg in is_dns1123_subdomain(name) {
            errs.push(FieldError::invalid(
                &child(path, "serviceAccountName"),
                name,
                msg,
            ));
        }
    }
    if let Some(node) = spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        for msg in is_dns1123_subdomain(node) {
            errs.push(FieldError::invalid(&child(path, "nodeName"), node, msg));
        }
    }
    if let Some(deadline) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&deadline) {
            errs.push(FieldError::invalid(
                &child(path, "activeDeadlineSeconds"),
                deadline,
                format!("must be between 1 and {}, inclusive", i32::MAX),
            ));
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            for msg in is_dns1123_label(v) {
                errs.push(FieldError::invalid(&child(path, field), v, msg));
            }
        }
    }
    for (i, toleration) in spec.tolerations.iter().flatten().enumerate() {
        validate_toleration(toleration, &index(&child(path, "tolerations"), i), errs);
    }
    if let Some(name) = spec
        .priority_class_name
        .as_deref()
        .filter(|n| !n.is_empty())
    {
        for msg in is_dns1123_subdomain(name) {
            errs.push(FieldError::invalid(
                &child(path, "priorityClassName"),
                name,
                msg,
            ));
        }
    }
    if let Some(policy) = spec.preemption_policy.as_deref() {
        validate_preemption_policy(policy, &child(path, "preemptionPolicy"), errs);
    }
}

/// A preemption policy is `PreemptLowerPriority` or `Never`.
// Upstream: pkg/apis/core/validation/validation.go ValidatePreemptionPolicy
pub fn validate_preemption_policy(policy: &str, path: &str, errs: &mut Vec<FieldError>) {
    match policy {
        PREEMPT_LOWER_PRIORITY | PREEMPT_NEVER => {}
        "" => errs.push(FieldError::required(path, "")),
        _ => errs.push(FieldError::not_supported(
            path,
            policy,
            &[PREEMPT_LOWER_PRIORITY, PREEMPT_NEVER],
        )),
    }
}

/// Volumes: name required, a DNS label, unique; exactly one source. Returns the valid names.
// Upstream: pkg/apis/core/validation/validation.go ValidateVolumes / validateVolumeSource
fn validate_volumes(
    volumes: &[Volume],
    path: &str,
    errs: &mut Vec<FieldError>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, volume) in volumes.iter().enumerate() {
        let idx = index(path, i);
        let name_path = child(&idx, "name");
        let mut ok;
        if volume.name.is_empty() {
            errs.push(FieldError::required(&name_path, ""));
            ok = false;
        } else {
            let msgs = is_dns1123_label(&volume.name);
            ok = msgs.is_empty();
            for msg in msgs {
                errs.push(FieldError::invalid(&name_path, volume.name.as_str(), msg));
            }
        }
        if ok && names.contains(&volume.name) {
            errs.push(FieldError::duplicate(&name_path, volume.name.as_str()));
            ok = false;
        }
        let sources = volume_sources(volume);
        if sources.is_empty() {
            errs.push(FieldError::required(&idx, "must specify a volume type"));
            ok = false;
        } else if sources.len() > 1 {
            for extra in sources.iter().skip(1) {
                errs.push(FieldError::forbidden(
                    &child(&idx, extra),
                    "may not specify more than 1 volume type",
                ));
            }
            ok = false;
        }
        validate_volume_source(volume, &idx, errs);
        if ok {
            names.insert(volume.name.clone());
        }
    }
    names
}

fn volume_sources(volume: &Volume) -> Vec<String> {
    serde_json::to_value(volume)
        .ok()
        .and_then(|v| {
            v.as_object()
                .map(|m| m.keys().filter(|k| *k != "name").cloned().collect())
        })
        .unwrap_or_default()
}

// Upstream: pkg/apis/core/validation/validation.go validateVolumeSource (the typed sources)
fn validate_volume_source(volume: &Volume, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(host_path) = &volume.host_path {
        if host_path.path.is_empty() {
            errs.push(FieldError::required(
                &child(&child(path, "hostPath"), "path"),
                "",
            ));
        }
    }
    if let Some(cm) = &volume.config_map {
        if cm.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(
                &child(&child(path, "configMap"), "name"),
                "",
            ));
        }
    }
    if let Some(secret) = &volume.secret {
        if secret.secret_name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(
                &child(&child(path, "secret"), "secretName"),
                "",
            ));
        }
    }
    if let Some(pvc) = &volume.persistent_volume_claim {
        if pvc.claim_name.is_empty() {
            errs.push(FieldError::required(
                &child(&child(path, "persistentVolumeClaim"), "claimName"),
                "",
            ));
        }
    }
    if let Some(nfs) = &volume.nfs {
        let nfs_path = child(path, "nfs");
        if nfs.server.is_empty() {
            errs.push(FieldError::required(&child(&nfs_path, "server"), ""));
        }
        if nfs.path.is_empty() {
            errs.push(FieldError::required(&child(&nfs_path, "path"), ""));
        } else if !nfs.path.starts_with('/') {
            errs.push(FieldError::invalid(
                &child(&nfs_path, "path"),
                nfs.path.as_str(),
                "must be an absolute path",
            ));
        }
    }
    if let Some(size) = volume
        .empty_dir
        .as_ref()
        .and_then(|e| e.size_limit.as_ref())
    {
        if size.is_negative() {
            errs.push(FieldError::invalid(
                &child(&child(path, "emptyDir"), "sizeLimit"),
                size.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateContainers
fn validate_containers(
    containers: &[Container],
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if containers.is_empty() {
        errs.push(FieldError::required(path, ""));
        return;
    }
    let mut names = BTreeSet::new();
    for (i, container) in containers.iter().enumerate() {
        let idx = index(path, i);
        validate_container_common(container, volumes, &idx, errs);
        if !names.insert(container.name.clone()) {
            errs.push(FieldError::duplicate(
                &child(&idx, "name"),
                container.name.as_str(),
            ));
        }
        validate_probes(container, &idx, errs);
        if let Some(policy) = &container.restart_policy {
            // ContainerRestartRules is beta and on in 1.35: a regular container may set its own
            // restart policy.
            validate_container_restart_policy(policy, &child(&idx, "restartPolicy"), errs);
        }
    }
    validate_host_ports(containers, path, errs);
}

/// The liveness, readiness and startup probes of a container that may have them (regular
/// containers and sidecars); only readiness may declare a success threshold other than 1.
fn validate_probes(container: &Container, idx: &str, errs: &mut Vec<FieldError>) {
    validate_probe(
        container.liveness_probe.as_deref(),
        &child(idx, "livenessProbe"),
        true,
        errs,
    );
    validate_probe(
        container.readiness_probe.as_deref(),
        &child(idx, "readinessProbe"),
        false,
        errs,
    );
    validate_probe(
        container.startup_probe.as_deref(),
        &child(idx, "startupProbe"),
        true,
        errs,
    );
}

/// Upstream: pkg/apis/core/validation/validation.go validateInitContainers
fn validate_init_containers(
    inits: &[Container],
    regular: &[Container],
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut names: BTreeSet<String> = regular.iter().map(|c| c.name.clone()).collect();
    for (i, container) in inits.iter().enumerate() {
        let idx = index(path, i);
        validate_container_common(container, volumes, &idx, errs);
        if !names.insert(container.name.clone()) {
            errs.push(FieldError::duplicate(
                &child(&idx, "name"),
                container.name.as_str(),
            ));
        }
        let sidecar = container.is_restartable_init_container();
        if let Some(policy) = &container.restart_policy {
            validate_container_restart_policy(policy, &child(&idx, "restartPolicy"), errs);
        }
        if sidecar {
            validate_probes(container, &idx, errs);
        } else {
            let detail = "may not be set for init containers without restartPolicy=Always";
            for (field, probe) in [
                ("livenessProbe", &container.liveness_probe),
                ("readinessProbe", &container.readiness_probe),
                ("startupProbe", &container.startup_probe),
            ] {
                if probe.is_some() {
                    errs.push(FieldError::forbidden(&child(&idx, field), detail));
                }
            }
        }
    }
}

// Upstream: pkg/apis/core/validation/validation.go validateContainerRestartPolicy
fn validate_container_restart_policy(policy: &str, path: &str, errs: &mut Vec<FieldError>) {
    if !matches!(policy, "Always" | "OnFailure" | "Never") {
        errs.push(FieldError::not_supported(
            path,
            policy,
            &["Always", "OnFailure", "Never"],
        ));
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateContainerCommon
fn validate_container_common(
    container: &Container,
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let name_path = child(path, "name");
    if container.name.is_empty() {
        errs.push(FieldError::required(&name_path, ""));
    } else {
        for msg in is_dns1123_label(&container.name) {
            errs.push(FieldError::invalid(
                &name_path,
                container.name.as_str(),
                msg,
            ));
        }
    }
    if container.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&child(path, "image"), ""));
    }
    let tmp_path = child(path, "terminationMessagePolicy");
    match container
        .termination_message_policy
        .as_deref()
        .unwrap_or("")
    {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(
            &tmp_path,
            "must be 'File' or 'FallbackToLogsOnError'",
        )),
        other => errs.push(FieldError::not_supported(
            &tmp_path,
            other,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    validate_ports(container, &child(path, "ports"), errs);
    validate_env(container, &child(path, "env"), errs);
    validate_env_from(container, &child(path, "envFrom"), errs);
    validate_volume_mounts(container, volumes, &child(path, "volumeMounts"), errs);
    let pull_path = child(path, "imagePullPolicy");
    match container.image_pull_policy.as_deref().unwrap_or("") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(&pull_path, "")),
        other => errs.push(FieldError::not_supported(
            &pull_path,
            other,
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    if let Some(resources) = &container.resources {
        validate_resources(
            resources.limits.as_ref(),
            resources.requests.as_ref(),
            &child(path, "resources"),
            errs,
        );
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateContainerPorts
fn validate_ports(container: &Container, path: &str, errs: &mut Vec<FieldError>) {
    let mut names = BTreeSet::new();
    for (i, port) in container.ports.iter().flatten().enumerate() {
        let idx = index(path, i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = port_name_errors(name);
            if !msgs.is_empty() {
                for msg in msgs {
                    errs.push(FieldError::invalid(&child(&idx, "name"), name, msg));
                }
            } else if !names.insert(name.to_string()) {
                errs.push(FieldError::duplicate(&child(&idx, "name"), name));
            }
        }
        if port.container_port == 0 {
            errs.push(FieldError::required(&child(&idx, "containerPort"), ""));
        } else if !(1..=65535).contains(&port.container_port) {
            errs.push(FieldError::invalid(
                &child(&idx, "containerPort"),
                port.container_port,
                "must be between 1 and 65535, inclusive",
            ));
        }
        if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
            if !(1..=65535).contains(&host_port) {
                errs.push(FieldError::invalid(
                    &child(&idx, "hostPort"),
                    host_port,
                    "must be between 1 and 65535, inclusive",
                ));
            }
        }
        match port.protocol.as_deref().unwrap_or("") {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(&child(&idx, "protocol"), "")),
            other => errs.push(FieldError::not_supported(
                &child(&idx, "protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

/// Upstream: apimachinery pkg/util/validation/validation.go IsValidPortName
fn port_name_errors(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !name.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if name.starts_with('-') || name.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// Env names: required, and (KEP-4369, GA 1.34) printable ASCII other than `=`; `valueFrom`
/// needs exactly one source and no `value`.
// Upstream: pkg/apis/core/validation/validation.go ValidateEnv / validateEnvVarValueFrom
fn validate_env(container: &Container, path: &str, errs: &mut Vec<FieldError>) {
    for (i, env) in container.env.iter().flatten().enumerate() {
        let idx = index(path, i);
        let name_path = child(&idx, "name");
        if env.name.is_empty() {
            errs.push(FieldError::required(&name_path, ""));
        }
        for msg in is_relaxed_env_var_name(&env.name) {
            errs.push(FieldError::invalid(&name_path, env.name.as_str(), msg));
        }
        let Some(from) = &env.value_from else {
            continue;
        };
        let vf_path = child(&idx, "valueFrom");
        let mut sources = 0;
        if let Some(field_ref) = &from.field_ref {
            sources += 1;
            let fp = child(&vf_path, "fieldRef");
            validate_env_field_ref(&field_ref.field_path, &fp, errs);
        }
        if let Some(resource_ref) = &from.resource_field_ref {
            sources += 1;
            if resource_ref.resource.is_empty() {
                errs.push(FieldError::required(
                    &child(&child(&vf_path, "resourceFieldRef"), "resource"),
                    "",
                ));
            }
        }
        for (field, selector) in [
            ("configMapKeyRef", &from.config_map_key_ref),
            ("secretKeyRef", &from.secret_key_ref),
        ] {
            if let Some(sel) = selector {
                sources += 1;
                let sp = child(&vf_path, field);
                if sel.name.as_deref().unwrap_or("").is_empty() {
                    errs.push(FieldError::required(&child(&sp, "name"), ""));
                }
                if sel.key.is_empty() {
                    errs.push(FieldError::required(&child(&sp, "key"), ""));
                }
            }
        }
        if from.file_key_ref.is_some() {
            sources += 1;
        }
        if sources == 0 {
            errs.push(FieldError::invalid(
                &vf_path,
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ));
        } else if env.value.as_deref().is_some_and(|v| !v.is_empty()) {
            errs.push(FieldError::invalid(
                &vf_path,
                "",
                "may not be specified when `value` is not empty",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                &vf_path,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// The downward API paths an environment variable may read.
// Upstream: pkg/apis/core/validation/validation.go validEnvDownwardAPIFieldPathExpressions
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Upstream: pkg/apis/core/validation/validation.go validateObjectFieldSelector (with
/// pkg/api/v1/pod ConvertDownwardAPIFieldLabel)
fn validate_env_field_ref(field_path: &str, path: &str, errs: &mut Vec<FieldError>) {
    let fp_path = child(path, "fieldPath");
    if field_path.is_empty() {
        errs.push(FieldError::required(&fp_path, ""));
        return;
    }
    let subscripted = field_path
        .split_once("['")
        .and_then(|(p, rest)| rest.strip_suffix("']").map(|sub| (p, sub)));
    if let Some((base, subscript)) = subscripted {
        match base {
            "metadata.annotations" | "metadata.labels" => {
                let name = if base == "metadata.annotations" {
                    subscript.to_lowercase()
                } else {
                    subscript.to_string()
                };
                for msg in is_qualified_name(&name) {
                    errs.push(FieldError::invalid(path, subscript, msg));
                }
            }
            _ => errs.push(FieldError::invalid(
                &fp_path,
                field_path,
                format!("error converting fieldPath: field label not supported: {field_path}"),
            )),
        }
        return;
    }
    let convertible = [
        "metadata.annotations",
        "metadata.labels",
        "spec.restartPolicy",
        "spec.schedulerName",
        "status.phase",
    ];
    if !ENV_FIELD_PATHS.contains(&field_path) {
        if convertible.contains(&field_path) {
            errs.push(FieldError::not_supported(
                &fp_path,
                field_path,
                &ENV_FIELD_PATHS,
            ));
        } else {
            errs.push(FieldError::invalid(
                &fp_path,
                field_path,
                format!("error converting fieldPath: field label not supported: {field_path}"),
            ));
        }
    }
}

/// Upstream: pkg/apis/core/validation/validation.go ValidateEnvFrom
fn validate_env_from(container: &Container, path: &str, errs: &mut Vec<FieldError>) {
    for (i, from) in container.env_from.iter().flatten().enumerate() {
        let idx = index(path, i);
        let mut sources = 0;
        for (field, source) in [
            ("configMapRef", &from.config_map_ref),
            ("secretRef", &from.secret_ref),
        ] {
            if let Some(r) = source {
                sources += 1;
                let name = r.name.as_deref().unwrap_or("");
                let name_path = child(&child(&idx, field), "name");
                if name.is_empty() {
                    errs.push(FieldError::required(&name_path, ""));
                } else {
                    for msg in is_dns1123_subdomain(name) {
                        errs.push(FieldError::invalid(&name_path, name, msg));
                    }
                }
            }
        }
        if sources == 0 {
            errs.push(FieldError::invalid(
                &idx,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                &idx,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// Upstream: pkg/apis/core/validation/validation.go ValidateVolumeMounts
fn validate_volume_mounts(
    container: &Container,
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut mount_paths = BTreeSet::new();
    for (i, mount) in container.volume_mounts.iter().flatten().enumerate() {
        let idx = index(path, i);
        if mount.name.is_empty() {
            errs.push(FieldError::required(&child(&idx, "name"), ""));
        } else if !volumes.contains(&mount.name) {
            errs.push(FieldError {
                field: child(&idx, "name"),
                error_type: super::field::ErrorType::NotFound,
                value: BadValue::Str(mount.name.clone()),
                detail: String::new(),
            });
        }
        if mount.mount_path.is_empty() {
            errs.push(FieldError::required(&child(&idx, "mountPath"), ""));
        }
        if !mount_paths.insert(mount.mount_path.clone()) {
            errs.push(FieldError::invalid(
                &child(&idx, "mountPath"),
                mount.mount_path.as_str(),
                "must be unique",
            ));
        }
    }
}

fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_hugepage(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Resource names and amounts; requests ≤ limits; extended resources (`nvidia.com/gpu`) are
/// whole numbers and their request must equal the limit.
// Upstream: pkg/apis/core/validation/validation.go ValidateContainerResourceRequirements,
// validateContainerResourceName, ValidateResourceQuantityValue
fn validate_resources(
    limits: Option<&ResourceList>,
    requests: Option<&ResourceList>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let lim_path = child(path, "limits");
    let req_path = child(path, "requests");
    let empty = ResourceList::new();
    let limits = limits.unwrap_or(&empty);
    for (name, quantity) in limits {
        let fp = key(&lim_path, name);
        validate_resource_name(name, &fp, errs);
        validate_quantity(name, quantity, &fp, errs);
    }
    for (name, quantity) in requests.into_iter().flatten() {
        let fp = key(&req_path, name);
        validate_resource_name(name, &fp, errs);
        validate_quantity(name, quantity, &fp, errs);
        let overcommit = is_native_resource(name) && !is_hugepage(name);
        match limits.get(name) {
            Some(limit) if quantity != limit && !overcommit => errs.push(FieldError::invalid(
                &req_path,
                quantity.to_string(),
                format!("must be equal to {name} limit of {limit}"),
            )),
            Some(limit) if quantity > limit => errs.push(FieldError::invalid(
                &req_path,
                quantity.to_string(),
                format!("must be less than or equal to {name} limit of {limit}"),
            )),
            Some(_) => {}
            None if !overcommit => errs.push(FieldError::required(
                &lim_path,
                "Limit must be set for non overcommitable resources",
            )),
            None => {}
        }
    }
}

fn validate_resource_name(name: &str, path: &str, errs: &mut Vec<FieldError>) {
    for msg in is_qualified_name(name) {
        errs.push(FieldError::invalid(path, name, msg));
    }
    if !name.contains('/') {
        if !matches!(name, "cpu" | "memory" | "ephemeral-storage") && !is_hugepage(name) {
            errs.push(FieldError::invalid(
                path,
                name,
                "must be a standard resource for containers",
            ));
        }
    } else if !is_native_resource(name) && name.starts_with("requests.") {
        errs.push(FieldError::invalid(
            path,
            name,
            "doesn't follow extended resource name standard",
        ));
    }
}

fn validate_quantity(
    name: &str,
    quantity: &crate::api::quantity::Quantity,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if quantity.is_negative() {
        errs.push(FieldError::invalid(
            path,
            quantity.to_string(),
            "must be greater than or equal to 0",
        ));
    }
    let integer_resource = !is_native_resource(name);
    if integer_resource && quantity.milli_value() % 1000 != 0 {
        errs.push(FieldError::invalid(
            path,
            quantity.to_string(),
            "must be an integer",
        ));
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateProbe (+ validateLivenessProbe's
/// successThreshold rule for liveness and startup probes)
fn validate_probe(
    probe: Option<&Probe>,
    path: &str,
    success_must_be_one: bool,
    errs: &mut Vec<FieldError>,
) {
    let Some(probe) = probe else { return };
    let handlers = [
        probe.exec.is_some(),
        probe.http_get.is_some(),
        probe.tcp_socket.is_some(),
        probe.grpc.is_some(),
    ];
    let count = handlers.iter().filter(|h| **h).count();
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    } else if count > 1 {
        errs.push(FieldError::forbidden(
            path,
            "may not specify more than 1 handler type",
        ));
    }
    for (field, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            errs.push(FieldError::invalid(
                &child(path, field),
                v,
                "must be greater than or equal to 0",
            ));
        }
    }
    if success_must_be_one && probe.success_threshold.is_some_and(|v| v != 1) {
        errs.push(FieldError::invalid(
            &child(path, "successThreshold"),
            probe.success_threshold.unwrap_or(0),
            "must be 1",
        ));
    }
}

/// Host ports must be unique across containers (per protocol and IP).
// Upstream: pkg/apis/core/validation/validation.go AccumulateUniqueHostPorts
fn validate_host_ports(containers: &[Container], path: &str, errs: &mut Vec<FieldError>) {
    let mut seen = BTreeSet::new();
    for (ci, container) in containers.iter().enumerate() {
        for (pi, port) in container.ports.iter().flatten().enumerate() {
            let Some(host_port) = port.host_port.filter(|p| *p != 0) else {
                continue;
            };
            let entry = format!(
                "{}/{}/{}",
                port.host_ip.as_deref().unwrap_or(""),
                port.protocol.as_deref().unwrap_or(""),
                host_port
            );
            if !seen.insert(entry.clone()) {
                let field = child(&index(&child(&index(path, ci), "ports"), pi), "hostPort");
                errs.push(FieldError::duplicate(&field, entry));
            }
        }
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateAffinity
fn validate_affinity(affinity: &Affinity, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(node) = &affinity.node_affinity {
        validate_node_affinity(node, &child(path, "nodeAffinity"), errs);
    }
    if let Some(pod) = &affinity.pod_affinity {
        validate_pod_affinity(pod, &child(path, "podAffinity"), errs);
    }
    if let Some(anti) = &affinity.pod_anti_affinity {
        validate_pod_affinity(anti, &child(path, "podAntiAffinity"), errs);
    }
}

/// Upstream: pkg/apis/core/validation/validation.go validateNodeAffinity
fn validate_node_affinity(node: &NodeAffinity, na_path: &str, errs: &mut Vec<FieldError>) {
    if let Some(required) = &node.required_during_scheduling_ignored_during_execution {
        let rp = child(na_path, "requiredDuringSchedulingIgnoredDuringExecution");
        if required.node_selector_terms.is_empty() {
            errs.push(FieldError::required(
                &child(&rp, "nodeSelectorTerms"),
                "must have at least one node selector term",
            ));
        }
        for (i, term) in required.node_selector_terms.iter().enumerate() {
            let tp = index(&child(&rp, "nodeSelectorTerms"), i);
            for (j, req) in term.match_expressions.iter().flatten().enumerate() {
                validate_node_selector_requirement(
                    req,
                    &index(&child(&tp, "matchExpressions"), j),
                    errs,
                );
            }
        }
    }
    for (i, preferred) in node
        .preferred_during_scheduling_ignored_during_execution
        .iter()
        .flatten()
        .enumerate()
    {
        let pp = index(
            &child(na_path, "preferredDuringSchedulingIgnoredDuringExecution"),
            i,
        );
        if !(1..=100).contains(&preferred.weight) {
            errs.push(FieldError::invalid(
                &child(&pp, "weight"),
                preferred.weight,
                "must be in the range 1-100",
            ));
        }
        for (j, req) in preferred
            .preference
            .match_expressions
            .iter()
            .flatten()
            .enumerate()
        {
            validate_node_selector_requirement(
                req,
                &index(&child(&child(&pp, "preference"), "matchExpressions"), j),
                errs,
            );
        }
    }
}

/// Upstream: pkg/apis/core/validation/validation.go ValidateNodeSelectorRequirement
fn validate_node_selector_requirement(
    req: &NodeSelectorRequirement,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let values = req.values.as_deref().unwrap_or(&[]);
    let values_path = child(path, "values");
    let set_based = validate_set_operator_values(&req.operator, values, &values_path, errs);
    match req.operator.as_str() {
        _ if set_based => {}
        "Gt" | "Lt" => {
            if values.len() != 1 {
                errs.push(FieldError::required(
                    &values_path,
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            &child(path, "operator"),
            other,
            &["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
        )),
    }
    validate_label_name(&req.key, &child(path, "key"), errs);
}

/// Upstream: pkg/apis/core/validation/validation.go ValidateTolerations
fn validate_toleration(t: &Toleration, path: &str, errs: &mut Vec<FieldError>) {
    let key_ = t.key.as_deref().unwrap_or("");
    let operator = t.operator.as_deref().unwrap_or("");
    let value = t.value.as_deref().unwrap_or("");
    let effect = t.effect.as_deref().unwrap_or("");
    if !key_.is_empty() {
        for msg in is_qualified_name(key_) {
            errs.push(FieldError::invalid(&child(path, "key"), key_, msg));
        }
    }
    if key_.is_empty() && operator != "Exists" {
        errs.push(FieldError::invalid(
            &child(path, "operator"),
            operator,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ));
    }
    if t.toleration_seconds.is_some() && effect != "NoExecute" {
        errs.push(FieldError::invalid(
            &child(path, "effect"),
            effect,
            "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ));
    }
    match operator {
        "Equal" | "" => {
            let msgs = is_valid_label_value(value);
            if !msgs.is_empty() {
                errs.push(FieldError::invalid(
                    &child(path, "operator"),
                    value,
                    msgs.join(";"),
                ));
            }
        }
        "Exists" => {
            if !value.is_empty() {
                errs.push(FieldError::invalid(
                    &child(path, "operator"),
                    BadValue::Raw(format!("{t:?}")),
                    "value must be empty when `operator` is 'Exists'",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            &child(path, "operator"),
            other,
            &["Equal", "Exists"],
        )),
    }
    if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        errs.push(FieldError::not_supported(
            &child(path, "effect"),
            effect,
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        ));
    }
}
