//! The kubelet's rules, as pure helpers the simulation's node agent uses: whether to pull an
//! image, the container's environment, the CrashLoopBackOff delay, and the pod phase a
//! container's exit leads to.

use std::collections::BTreeMap;

use crate::api::{Container, Pod, StringMap};

use super::time::SimDuration;

/// The first CrashLoopBackOff delay.
// Upstream: pkg/kubelet/kubelet.go initialBackOffPeriod / MaxContainerBackOff
pub const INITIAL_BACKOFF: SimDuration = SimDuration::from_secs(10);
/// The longest CrashLoopBackOff delay.
pub const MAX_BACKOFF: SimDuration = SimDuration::from_secs(300);

/// The delay before restarting a container that has failed `restarts + 1` times: the first
/// restart is immediate, then 10 s doubling up to 5 min.
// Upstream: pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff (flowcontrol.Backoff)
pub fn crash_loop_backoff(restarts: i32) -> SimDuration {
    if restarts <= 0 {
        return SimDuration::ZERO;
    }
    let doublings = u32::try_from(restarts - 1).unwrap_or(0).min(16);
    let ms = INITIAL_BACKOFF.as_millis().saturating_mul(1 << doublings);
    SimDuration::from_millis(ms.min(MAX_BACKOFF.as_millis()))
}

/// The labels a node registers with: its hostname, OS and architecture (also under their beta
/// names), then the labels it is configured with (`--node-labels`, the scenario's), which
/// win over those.
// Upstream: pkg/kubelet/kubelet_node_status.go initialNode
pub fn node_labels(hostname: &str, configured: &StringMap) -> StringMap {
    let mut labels: StringMap = [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", hostname),
        ("kubernetes.io/os", "linux"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in configured.iter() {
        labels.insert(k.clone(), v.clone());
    }
    labels
}

/// Whether the kubelet pulls the image before starting the container.
// Upstream: pkg/kubelet/images/image_manager.go shouldPullImage
pub fn should_pull(container: &Container, present: bool) -> bool {
    match container.image_pull_policy.as_deref() {
        Some("Always") => true,
        Some("Never") => false,
        _ => !present,
    }
}

/// The container's environment as the kubelet resolves it: plain values and the pod's
/// downward-API fields (`metadata.name`, `metadata.namespace`, annotations and labels,
/// `spec.nodeName`, `spec.serviceAccountName`, the node's and the sandbox's IPs), plus
/// `HOSTNAME`. `pod_ip` is the sandbox's, which the pod's status may not show yet.
// Upstream: pkg/kubelet/kubelet_pods.go makeEnvironmentVariables, podFieldSelectorRuntimeValue
pub fn environment(
    pod: &Pod,
    container: &Container,
    pod_ip: Option<&str>,
) -> BTreeMap<String, String> {
    let meta = &pod.metadata;
    let spec = pod.spec.as_ref();
    let hostname = spec
        .and_then(|s| s.hostname.clone())
        .unwrap_or_else(|| meta.name().to_string());
    let mut env = BTreeMap::from([("HOSTNAME".to_string(), hostname)]);
    for var in container.env.iter().flatten() {
        let value = match (&var.value, &var.value_from) {
            (Some(v), _) => Some(v.clone()),
            (None, Some(from)) => from
                .field_ref
                .as_ref()
                .and_then(|f| field_value(pod, &f.field_path, pod_ip)),
            (None, None) => Some(String::new()),
        };
        if let Some(value) = value {
            env.insert(var.name.clone(), value);
        }
    }
    env
}

fn field_value(pod: &Pod, path: &str, pod_ip: Option<&str>) -> Option<String> {
    let meta = &pod.metadata;
    let keyed = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix("']"))
            .map(str::to_string)
    };
    if let Some(key) = keyed("metadata.annotations['") {
        return Some(meta.annotation(&key).unwrap_or("").to_string());
    }
    if let Some(key) = keyed("metadata.labels['") {
        return Some(meta.label(&key).unwrap_or("").to_string());
    }
    match path {
        "metadata.name" => Some(meta.name().to_string()),
        "metadata.namespace" => Some(meta.namespace().to_string()),
        "metadata.uid" => Some(meta.uid().to_string()),
        "spec.nodeName" => pod.spec.as_ref().and_then(|s| s.node_name.clone()),
        "spec.serviceAccountName" => pod
            .spec
            .as_ref()
            .and_then(|s| s.service_account_name.clone()),
        "status.hostIP" | "status.hostIPs" => pod
            .status
            .as_ref()
            .and_then(|s| s.host_ip.as_deref().map(str::to_string)),
        "status.podIP" | "status.podIPs" => pod_ip.map(str::to_string),
        _ => None,
    }
}

/// What the pod becomes when its containers have exited with `exit_code` (the first non-zero
/// one, or 0): its phase, or `None` when the kubelet restarts them (OnFailure, Always) — which
/// it never does for a pod being deleted.
// Upstream: pkg/kubelet/kubelet_pods.go getPhase (podIsTerminal once the pod is terminating)
pub fn phase_after_exit(
    restart_policy: &str,
    exit_code: i32,
    terminating: bool,
) -> Option<&'static str> {
    match (restart_policy, exit_code, terminating) {
        (_, 0, true) => Some("Succeeded"),
        (_, _, true) => Some("Failed"),
        ("Always", _, _) => None,
        (_, 0, _) => Some("Succeeded"),
        ("OnFailure", _, _) => None,
        _ => Some("Failed"),
    }
}

/// A pod as the kubelet names it in its messages: `name_namespace(uid)`.
// Upstream: pkg/kubelet/util/format/pod.go Pod
pub fn format_pod(pod: &Pod) -> String {
    let meta = &pod.metadata;
    format!(
        "{}_{}({})",
        meta.name(),
        meta.namespace(),
        meta.uid.as_deref().unwrap_or_default()
    )
}

/// The container's termination reason for an exit code.
// Upstream: the container runtime's reasons (Completed, Error; OOMKilled set by the runtime)
pub fn exit_reason(exit_code: i32) -> &'static str {
    if exit_code == 0 {
        "Completed"
    } else {
        "Error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_loop_backoff_restarts_at_once_then_waits_10s_doubling_to_5m() {
        let delays: Vec<u64> = (0..8)
            .map(|r| crash_loop_backoff(r).as_millis() / 1000)
            .collect();
        assert_eq!(delays, [0, 10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn a_node_registers_with_its_hostname_os_and_arch_under_its_configured_labels() {
        let configured: StringMap = [("zone", "a"), ("kubernetes.io/os", "windows")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let labels = node_labels("node-2", &configured);
        let listed: Vec<(&str, &str)> = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("beta.kubernetes.io/arch", "amd64"),
                ("beta.kubernetes.io/os", "linux"),
                ("kubernetes.io/arch", "amd64"),
                ("kubernetes.io/hostname", "node-2"),
                ("kubernetes.io/os", "windows"),
                ("zone", "a"),
            ]
        );
    }

    #[test]
    fn the_pull_policy_decides_whether_a_present_image_is_pulled_again() {
        let with = |policy: &str| Container {
            image_pull_policy: Some(policy.into()),
            ..Default::default()
        };
        assert!(should_pull(&with("Always"), true));
        assert!(!should_pull(&with("IfNotPresent"), true));
        assert!(should_pull(&with("IfNotPresent"), false));
        assert!(!should_pull(&with("Never"), false));
    }

    #[test]
    fn a_failed_container_ends_the_pod_only_under_never() {
        assert_eq!(phase_after_exit("Never", 1, false), Some("Failed"));
        assert_eq!(phase_after_exit("Never", 0, false), Some("Succeeded"));
        assert_eq!(phase_after_exit("OnFailure", 1, false), None);
        assert_eq!(phase_after_exit("OnFailure", 0, false), Some("Succeeded"));
    }

    #[test]
    fn a_pod_being_deleted_ends_with_its_containers_exit() {
        assert_eq!(phase_after_exit("OnFailure", 1, true), Some("Failed"));
        assert_eq!(phase_after_exit("OnFailure", 0, true), Some("Succeeded"));
        assert_eq!(phase_after_exit("Never", 0, true), Some("Succeeded"));
    }
}
