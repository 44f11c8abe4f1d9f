//! Sidecars: init containers with `restartPolicy: Always`. The kubelet starts one in its turn
//! among the init containers and starts the next as soon as it has started; it keeps running
//! beside the pod's containers, restarts (after the CrashLoopBackOff delay) whenever it ends,
//! whatever the pod's restart policy; and once the pod's containers have all ended for good,
//! the kubelet stops the sidecars, last started first stopped, and only then does the pod
//! finish — Succeeded or Failed by its containers alone.
// Upstream: KEP-753; pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions
// (restartable init containers; KillPod once the regular containers are done);
// kubelet_pods.go getPhase (a sidecar's exit does not count)

use std::sync::Arc;

use crate::api::pod::ContainerStateTerminated;
use crate::api::{Pod, PodStatus, Time};
use crate::sim::kubelet;
use crate::sim::pod_address::Address;
use crate::sim::runtime::Sigterm;
use crate::sim::store::Key;
use crate::sim::time::{SimDuration, SimTime};

use super::init_containers::Stage;
use super::pod_conditions::write_kubelet_conditions;
use super::pod_lifecycle::{mark_running, mark_terminated, mark_waiting_to_restart};
use super::runtime_ids::RuntimeIds;
use super::{Event, World};

/// The kubelet's memory of a sidecar it has started.
#[derive(Clone, Debug)]
pub(super) struct SidecarRun {
    /// Its place among the pod's init containers.
    pub(super) index: usize,
    pub(super) attempt: u32,
    pub(super) running: bool,
    pub(super) started: Option<SimTime>,
    /// How its run ends on its own, or `None` when it runs until stopped.
    pub(super) exit: Option<(i32, &'static str)>,
    pub(super) sigterm: Sigterm,
    pub(super) restarts: i32,
}

impl World {
    /// A sidecar has started (its first run): it is remembered, its own end awaited, and the
    /// next init container, or the pod's containers, start at once.
    // Upstream: computePodActions — the next init container starts once a sidecar has started
    pub(super) fn sidecar_started(
        &mut self,
        key: Arc<Key>,
        index: usize,
        attempt: u32,
        exit: Option<(SimDuration, i32, &'static str)>,
        sigterm: Sigterm,
    ) {
        let now = self.now();
        let next = attempt + 1;
        let Some(run) = self.runs.get_mut(&Address::of(&key)) else {
            return;
        };
        let sidecar = SidecarRun {
            index,
            attempt: 0,
            running: true,
            started: Some(now),
            exit: exit.map(|(_, code, reason)| (code, reason)),
            sigterm,
            restarts: 0,
        };
        run.sidecars.retain(|s| s.index != index);
        run.sidecars.push(sidecar);
        run.init = index + 1;
        run.restarts = 0;
        run.attempt = next;
        // Nothing of the next stage runs until it starts.
        run.sigterm = None;
        let node = run.node;
        if let Some((after, _, _)) = exit {
            self.sidecar_ends_after(&key, index, 0, after);
        }
        self.prepare_start(key, node, next);
    }

    fn sidecar_ends_after(
        &mut self,
        key: &Arc<Key>,
        index: usize,
        attempt: u32,
        after: SimDuration,
    ) {
        let at = self.now().after(after);
        let pod = Arc::clone(key);
        self.queue.push(
            at,
            Event::SidecarExit {
                pod,
                index,
                attempt,
            },
        );
    }

    /// A sidecar ended on its own: it restarts after the CrashLoopBackOff delay — unless the
    /// pod is being stopped.
    pub(super) fn sidecar_exited(&mut self, key: Arc<Key>, index: usize, attempt: u32) {
        let Some(run) = self.runs.get_mut(&Address::of(&key)) else {
            return;
        };
        if run.killing {
            return;
        }
        let Some(sidecar) = run
            .sidecars
            .iter_mut()
            .find(|s| s.index == index && s.attempt == attempt && s.running)
        else {
            return;
        };
        let Some((code, reason)) = sidecar.exit else {
            return;
        };
        let backoff = kubelet::crash_loop_backoff(sidecar.restarts);
        sidecar.restarts += 1;
        sidecar.attempt += 1;
        sidecar.running = false;
        let (restarts, next, started) = (sidecar.restarts, sidecar.attempt, sidecar.started);
        let now = self.api_now();
        let terminated = ContainerStateTerminated {
            exit_code: code,
            reason: Some(reason.into()),
            started_at: started.map(|t| Time::from_timestamp(self.clock.wall(t))),
            finished_at: Some(now),
            ..Default::default()
        };
        self.store.update_pod(&key, |p| {
            let pod_ref = kubelet::format_pod(p);
            let status = p.status.get_or_insert_with(PodStatus::default);
            for cs in Stage::Init(index).statuses(status) {
                mark_waiting_to_restart(cs, &terminated, backoff, restarts, &pod_ref);
            }
            write_kubelet_conditions(p, true, now);
        });
        if backoff != SimDuration::ZERO {
            self.record_back_off(&key, Stage::Init(index));
        }
        self.pod_line_as_printed(&key);
        self.queue.push(
            self.now().after(backoff),
            Event::SidecarRestart {
                pod: key,
                index,
                attempt: next,
            },
        );
    }

    /// A sidecar's back-off has ended: it runs again (its image is on the node already).
    pub(super) fn sidecar_restart(&mut self, key: Arc<Key>, index: usize, attempt: u32) {
        let waiting = self.runs.get(&Address::of(&key)).is_some_and(|r| {
            !r.killing
                && r.sidecars
                    .iter()
                    .any(|s| s.index == index && s.attempt == attempt && !s.running)
        });
        let pod_ip = self
            .store
            .pod(&key)
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.pod_ip.clone());
        if !waiting {
            return;
        }
        let now = self.now();
        let wall = self.clock.wall(now);
        let ran = self.run_containers(&key, Stage::Init(index), pod_ip.as_deref(), wall);
        let Some(sidecar) = self
            .runs
            .get_mut(&Address::of(&key))
            .and_then(|r| r.sidecars.iter_mut().find(|s| s.index == index))
        else {
            return;
        };
        sidecar.running = true;
        sidecar.started = Some(now);
        sidecar.sigterm = ran.sigterm;
        sidecar.exit = ran.ends_after.map(|_| (ran.exit_code, ran.reason));
        let restarts = sidecar.restarts;
        let started = Time::from_timestamp(wall);
        let mut ids = RuntimeIds {
            rng: &mut self.runtime_rng,
            images: &mut self.image_ids,
        };
        self.store.update_pod(&key, |p| {
            let status = p.status.get_or_insert_with(PodStatus::default);
            for cs in Stage::Init(index).statuses(status) {
                mark_running(cs, started, true, restarts, &mut ids);
            }
            write_kubelet_conditions(p, true, started);
        });
        self.record_started(&key, &ran);
        self.pod_line_as_printed(&key);
        if let Some(after) = ran.ends_after {
            self.sidecar_ends_after(&key, index, attempt, after);
        }
    }

    /// The running sidecars, the last started first: the order the kubelet stops them in.
    // Upstream: kuberuntime_termination_order.go (sidecars stop in reverse order)
    pub(super) fn running_sidecars(&self, key: &Arc<Key>) -> Vec<(usize, Sigterm)> {
        let Some(run) = self.runs.get(&Address::of(key)) else {
            return Vec::new();
        };
        let mut running: Vec<(usize, Sigterm)> = run
            .sidecars
            .iter()
            .filter(|s| s.running)
            .map(|s| (s.index, s.sigterm))
            .collect();
        running.sort_by_key(|(index, _)| std::cmp::Reverse(*index));
        running
    }

    /// The pod's containers have all ended for good, with the pod to become `phase`: the
    /// kubelet stops its running sidecars first (`Killing`), with the pod's grace period for
    /// those that ignore SIGTERM; the pod finishes when they have stopped. Returns whether any
    /// sidecar was running.
    pub(super) fn stop_sidecars_before_finishing(
        &mut self,
        key: &Arc<Key>,
        finishing: Box<(&'static str, i32, &'static str)>,
    ) -> bool {
        let running = self.running_sidecars(key);
        if running.is_empty() {
            return false;
        }
        let grace = self
            .store
            .pod(key)
            .map_or(30, Pod::termination_grace_seconds);
        let grace = SimDuration::from_secs(u64::try_from(grace).unwrap_or(0));
        self.stop_containers(key, &running);
        let ignores = running.iter().any(|(_, s)| *s == Sigterm::Ignores);
        let after = if ignores {
            grace
        } else {
            self.timing.termination.sample(&mut self.rng).min(grace)
        };
        if let Some(run) = self.runs.get_mut(&Address::of(key)) {
            run.killing = true;
            run.finishing = Some(finishing);
        }
        self.queue.push(
            self.now().after(after),
            Event::SidecarsStopped(Arc::clone(key)),
        );
        true
    }

    /// The `Killing` events of these sidecars.
    pub(super) fn stop_containers(&mut self, key: &Arc<Key>, sidecars: &[(usize, Sigterm)]) {
        let names: Vec<String> = {
            let spec = self.store.pod(key).and_then(|p| p.spec.as_deref());
            sidecars
                .iter()
                .filter_map(|(index, _)| Stage::Init(*index).containers(spec).first())
                .map(|c| c.name.clone())
                .collect()
        };
        let object = self.pod_object(key);
        for name in names {
            let message = self.texts.shared(["Stopping container ", &name]);
            self.record("Normal", "Killing", object.clone(), message);
        }
    }

    /// Marks the running sidecars stopped (exit 137 when killed after the grace, 143 when
    /// SIGTERM ended them) in the pod's status.
    pub(super) fn mark_sidecars_stopped(
        &mut self,
        key: &Arc<Key>,
        status: &mut PodStatus,
        now: Time,
    ) {
        let Some(run) = self.runs.get_mut(&Address::of(key)) else {
            return;
        };
        for sidecar in run.sidecars.iter_mut().filter(|s| s.running) {
            sidecar.running = false;
            let code = match sidecar.sigterm {
                Sigterm::Ignores => 137,
                Sigterm::Terminates => 143,
            };
            let started = sidecar
                .started
                .map(|t| Time::from_timestamp(self.clock.wall(t)));
            let terminated = ContainerStateTerminated {
                exit_code: code,
                reason: Some("Error".into()),
                started_at: started,
                finished_at: Some(now),
                ..Default::default()
            };
            for cs in Stage::Init(sidecar.index).statuses(status) {
                mark_terminated(cs, &terminated, false);
            }
        }
    }

    /// Writes the running sidecars' stop into the pod's status (the pod is being deleted).
    pub(super) fn mark_sidecars_stopped_now(&mut self, key: &Arc<Key>, now: Time) {
        let running = self
            .runs
            .get(&Address::of(key))
            .is_some_and(|r| r.sidecars.iter().any(|s| s.running));
        if !running {
            return;
        }
        let Some(mut status) = self.store.pod(key).and_then(|p| p.status.clone()) else {
            return;
        };
        self.mark_sidecars_stopped(key, &mut status, now);
        self.store.update_pod(key, |p| p.status = Some(status));
    }

    /// The sidecars have stopped: the pod finishes as its containers said.
    pub(super) fn sidecars_stopped(&mut self, key: Arc<Key>) {
        let Some((phase, code, reason)) = self
            .runs
            .get_mut(&Address::of(&key))
            .and_then(|r| r.finishing.take())
            .map(|f| *f)
        else {
            return;
        };
        let now = self.api_now();
        let Some(mut status) = self.store.pod(&key).and_then(|p| p.status.clone()) else {
            return;
        };
        self.mark_sidecars_stopped(&key, &mut status, now);
        status.phase = Some(phase.into());
        self.store.update_pod(&key, |p| {
            p.status = Some(status);
            write_kubelet_conditions(p, false, now);
        });
        self.finish_record(&key, phase, code, reason);
        self.pod_line_as_printed(&key);
        self.release(&key);
        let deleted = self
            .store
            .pod(&key)
            .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
        if deleted {
            self.store.delete_pod(&key, now, 0);
        }
    }
}
