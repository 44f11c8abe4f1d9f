//! What a pod's status says of containers the kubelet could not see end: once the pod has
//! finished, every container that never reported an end is failed as `ContainerStatusUnknown`
//! (exit 137), so that the pod is never taken for successful — except the containers of a pod
//! that never initialized, which keep waiting, and the init containers that never started.
// Upstream: pkg/kubelet/status/status_manager.go TerminatePod, hasPodInitialized,
// initializedContainers

use crate::api::pod::{ContainerStateTerminated, ContainerStatus};
use crate::api::{Pod, PodStatus};

use super::pod_lifecycle::mark_terminated;

/// Fails the containers of a finished pod that have no end.
pub(super) fn terminate_pod(pod: &mut Pod) {
    let initialized = has_pod_initialized(pod);
    let Some(status) = pod.status.as_mut() else {
        return;
    };
    let unknown = ContainerStateTerminated {
        exit_code: 137,
        reason: Some("ContainerStatusUnknown".into()),
        message: Some("The container could not be located when the pod was terminated".into()),
        ..Default::default()
    };
    let unended =
        |s: &&mut ContainerStatus| s.state.as_ref().is_none_or(|s| s.terminated.is_none());
    if initialized {
        for cs in status
            .container_statuses
            .iter_mut()
            .flatten()
            .filter(unended)
        {
            mark_terminated(cs, &unknown, false);
        }
    }
    let tried = initialized_containers(status);
    let init = status.init_container_statuses.iter_mut().flatten();
    for cs in init.take(tried).filter(unended) {
        mark_terminated(cs, &unknown, false);
    }
}

/// Whether the pod shows it initialized: it has no init containers, or a container has left
/// its waiting state, or its last init container completed (a sidecar: started).
fn has_pod_initialized(pod: &Pod) -> bool {
    let spec = pod.spec.as_deref();
    let init = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or_default();
    if init.is_empty() {
        return true;
    }
    let status = pod.status.as_ref();
    let containers = status.and_then(|s| s.container_statuses.as_deref());
    let left_waiting = containers.unwrap_or_default().iter().any(|s| {
        s.last_state
            .as_ref()
            .is_some_and(|l| l.terminated.is_some())
            || s.state.as_ref().is_none_or(|st| st.waiting.is_none())
    });
    if left_waiting {
        return true;
    }
    let statuses = status.and_then(|s| s.init_container_statuses.as_deref());
    let (Some(last), Some(container)) = (statuses.and_then(<[_]>::last), init.last()) else {
        return false;
    };
    let completed = |s: Option<&ContainerStateTerminated>| s.is_some_and(|t| t.exit_code == 0);
    if container.is_restartable_init_container() {
        last.state.as_ref().is_some_and(|s| s.running.is_some()) && last.started == Some(true)
    } else {
        completed(last.last_state.as_ref().and_then(|s| s.terminated.as_ref()))
            || completed(last.state.as_ref().and_then(|s| s.terminated.as_ref()))
    }
}

/// How many init containers, from the first, have tried to start: all but the trailing ones
/// still waiting (and at least the first).
fn initialized_containers(status: &PodStatus) -> usize {
    let statuses = status
        .init_container_statuses
        .as_deref()
        .unwrap_or_default();
    let tried = statuses.iter().rposition(|s| {
        s.state.as_ref().is_none_or(|st| st.waiting.is_none())
            || s.last_state
                .as_ref()
                .is_some_and(|l| l.terminated.is_some())
    });
    tried.map_or(statuses.len().min(1), |i| i + 1)
}
