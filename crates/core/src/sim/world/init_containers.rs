//! A pod's init containers: the kubelet runs them one at a time, in order, each to a successful
//! end, before it starts the pod's containers. One that fails fails the pod under
//! `restartPolicy: Never` (and a pod being deleted); otherwise it restarts in place after the
//! CrashLoopBackOff delay. A sidecar (`restartPolicy: Always`, see `sidecars.rs`) lets the
//! next one start as soon as it has started, and keeps running.
// Upstream: pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions
// (findNextInitContainerToRun); pkg/kubelet/kubelet_pods.go getPhase

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::pod::{ContainerStateTerminated, ContainerStatus};
use crate::api::{Container, PodSpec, PodStatus};
use crate::sim::pod_address::Address;
use crate::sim::store::Key;

use super::pod_conditions::write_kubelet_conditions;
use super::pod_lifecycle::mark_terminated;
use super::World;

/// What the kubelet starts next for a pod, given how many of its init containers are done
/// (completed, or started sidecars): the next init container (by its place among the init
/// containers, which is also the place of its status), or the pod's containers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    Init(usize),
    Containers,
}

impl Stage {
    pub(super) fn of(spec: Option<&PodSpec>, completed: usize) -> Self {
        let pending = spec.is_some_and(|s| init_containers(s).nth(completed).is_some());
        if pending {
            Stage::Init(completed)
        } else {
            Stage::Containers
        }
    }

    /// The containers this stage starts together.
    pub(super) fn containers(self, spec: Option<&PodSpec>) -> &[Container] {
        let Some(spec) = spec else {
            return &[];
        };
        match self {
            Stage::Init(index) => init_containers(spec)
                .nth(index)
                .map(std::slice::from_ref)
                .unwrap_or_default(),
            Stage::Containers => &spec.containers,
        }
    }

    /// Whether this stage starts a sidecar.
    pub(super) fn is_sidecar(self, spec: Option<&PodSpec>) -> bool {
        matches!(self, Stage::Init(_))
            && self
                .containers(spec)
                .iter()
                .any(Container::is_restartable_init_container)
    }

    /// The statuses of this stage's containers.
    pub(super) fn statuses(self, status: &mut PodStatus) -> &mut [ContainerStatus] {
        let statuses = match self {
            Stage::Init(index) => status
                .init_container_statuses
                .as_mut()
                .and_then(|s| s.get_mut(index..=index)),
            Stage::Containers => status.container_statuses.as_deref_mut(),
        };
        statuses.unwrap_or_default()
    }

    /// How `kubectl get pods` prints a pod whose container of this stage is in `state` (a
    /// terminated or waiting reason).
    // Upstream: printPod (`Init:` + an init container's reason)
    pub(super) fn printed(self, state: impl Into<Cow<'static, str>>) -> Cow<'static, str> {
        match self {
            Stage::Init(_) => format!("Init:{}", state.into()).into(),
            Stage::Containers => state.into(),
        }
    }
}

/// The pod's init containers, in order (sidecars among them).
pub(super) fn init_containers(spec: &PodSpec) -> impl Iterator<Item = &Container> {
    spec.init_containers.iter().flatten()
}

impl World {
    /// The init container of `index` has completed: the next one, or the pod's containers,
    /// are pulled and started.
    pub(super) fn init_container_completed(
        &mut self,
        key: Arc<Key>,
        index: usize,
        attempt: u32,
        terminated: ContainerStateTerminated,
        node: usize,
    ) {
        let now = self.api_now();
        self.store.update_pod(&key, |p| {
            let status = p.status.get_or_insert_with(PodStatus::default);
            for cs in Stage::Init(index).statuses(status) {
                mark_terminated(cs, &terminated, true);
            }
            write_kubelet_conditions(p, true, now);
        });
        let next = attempt + 1;
        if let Some(r) = self.runs.get_mut(&Address::of(&key)) {
            r.init = index + 1;
            r.restarts = 0;
            r.attempt = next;
            r.started = None;
            r.exit = None;
            // Nothing of the next stage runs until it starts.
            r.sigterm = None;
        }
        self.pod_line_as_printed(&key);
        self.prepare_start(key, node, next);
    }
}
