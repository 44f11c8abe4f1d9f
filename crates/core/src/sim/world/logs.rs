//! What each container wrote, per start: the kubelet keeps the log of the running instance and
//! of the previous one (`kubectl logs --previous`).

use std::sync::Arc;

use crate::sim::pod_address::{Address, AddressKey};
use crate::sim::runtime::LogLine;
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::World;
use crate::sim::lookup::LookupMap;

/// Each pod's containers' last two runs, by container name (a list: a pod has few
/// containers, and a long run keeps many pods).
pub(super) type PodLogs = LookupMap<AddressKey, Vec<(String, Vec<ContainerRun>)>>;

/// One run of a container: when it started and the lines its program writes (times relative
/// to the start).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerRun {
    pub started: SimTime,
    pub lines: Vec<LogLine>,
}

/// Why a log cannot be read, in the API server's words (without kubectl's prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogError {
    PodNotFound,
    ContainerNotFound,
    /// The container has not started yet; its waiting reason (or the pod's STATUS) is given.
    Waiting(String),
    NoPrevious,
}

impl World {
    /// A container's kept runs, the oldest first.
    pub(super) fn container_runs(&self, pod: &Key, container: &str) -> Option<&[ContainerRun]> {
        let shared = self.store.pod_key(pod)?;
        let containers = self.logs.get(&Address::of(shared))?;
        let (_, runs) = containers.iter().find(|(name, _)| name == container)?;
        Some(runs)
    }

    /// The text `kubectl logs POD -c CONTAINER [--previous]` shows now: the lines written so far.
    // Upstream: pkg/kubelet/kubelet_pods.go GetContainerLogs / validateContainerLogStatus
    pub fn container_log(
        &self,
        pod: &Key,
        container: &str,
        previous: bool,
    ) -> Result<String, LogError> {
        let Some(p) = self.store.pod(pod) else {
            return Err(LogError::PodNotFound);
        };
        let declared = p.spec.as_ref().is_some_and(|s| {
            let init = s.init_containers.iter().flatten();
            init.chain(&s.containers).any(|c| c.name == container)
        });
        if !declared {
            return Err(LogError::ContainerNotFound);
        }
        let runs = self.container_runs(pod, container);
        let run = match (runs, previous) {
            (Some(runs), false) => runs.last(),
            (Some(runs), true) if runs.len() > 1 => runs.first(),
            (_, true) => return Err(LogError::NoPrevious),
            (None, false) => None,
        };
        let Some(run) = run else {
            // The container's waiting reason (PodInitializing, ContainerCreating), else the
            // pod's STATUS.
            let status = p.status.as_ref();
            let init = status.and_then(|s| s.init_container_statuses.as_deref());
            let containers = status.and_then(|s| s.container_statuses.as_deref());
            let waiting = init
                .into_iter()
                .chain(containers)
                .flatten()
                .find(|s| s.name == container)
                .and_then(|s| s.state.as_ref()?.waiting.as_ref()?.reason.clone());
            let status = waiting.unwrap_or_else(|| crate::kubectl::get_pods::summary(p).status);
            return Err(LogError::Waiting(status));
        };
        let now = self.now();
        let next_start = runs
            .filter(|_| previous)
            .and_then(|r| r.last())
            .map_or(now, |r| r.started);
        Ok(run
            .lines
            .iter()
            .filter(|l| run.started.after(l.at) <= next_start)
            .map(|l| format!("{}\n", l.text))
            .collect())
    }
}

/// Keeps the log of a container's run that started at `started`; only the last two runs are
/// kept, as the kubelet keeps the current and the previous container.
pub(super) fn keep_log(
    logs: &mut PodLogs,
    pod: &Arc<Key>,
    container: &str,
    started: SimTime,
    lines: Vec<LogLine>,
) {
    let containers = logs.entry(AddressKey::new(pod)).or_default();
    let i = match containers.iter().position(|(name, _)| name == container) {
        Some(i) => i,
        None => {
            containers.push((container.to_string(), Vec::new()));
            containers.len() - 1
        }
    };
    let runs = &mut containers[i].1;
    runs.push(ContainerRun { started, lines });
    if runs.len() > 2 {
        runs.remove(0);
    }
}
