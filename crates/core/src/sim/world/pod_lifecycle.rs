//! A pod's life on its node: the kubelet pulls images, starts and restarts containers, records
//! exits, and terminates the pod gracefully when deleted.

use std::borrow::Cow;
use std::sync::Arc;

use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Ip,
};
use crate::api::{PodSpec, PodStatus, Time};
use crate::go::duration as go_duration;
use crate::go::strconv::Quoted;
use crate::sim::kubelet;
use crate::sim::pod_address::Address;
use crate::sim::runtime::{self, image, ContainerInvocation, Outcome, Sigterm};
use crate::sim::store::Key;
use crate::sim::time::{SimDuration, SimTime};

use super::init_containers::Stage;
use super::logs::keep_log;
use super::pod_conditions::write_kubelet_conditions;
use super::pod_network::NodeNetwork;
use super::pod_termination::terminate_pod;
use super::records::Ready;
use super::runtime_ids::RuntimeIds;
use super::{Event, World};

/// An image on a node: when it is (or will be) on the machine, and the kubelet's words to a
/// pod that finds it there (made once, at its pull).
#[derive(Clone, Debug)]
pub(super) struct NodeImage {
    landed: SimTime,
    present: Arc<str>,
}

impl World {
    /// Pulls the images the node lacks, one pull at a time on the node, then starts the
    /// containers. An image that another pod's pull is bringing is pulled again behind it (and
    /// then found on the machine at once); `Pulled` is recorded when each pull ends.
    // Upstream: pkg/kubelet/images/image_manager.go EnsureImageExists; puller.go
    // serialImagePuller (the kubelet's default serializeImagePulls: true)
    pub(super) fn prepare_start(&mut self, key: Arc<Key>, node: usize, attempt: u32) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let completed = self.runs.get(&Address::of(&key)).map_or(0, |r| r.init);
        // The pod's spec is shared: holding it lets the pulls below change the world.
        let spec = pod.spec.clone();
        let object = self.pod_object(&key);
        let now = self.now();
        let mut ready = now;
        for c in Stage::of(spec.as_deref(), completed).containers(spec.as_deref()) {
            let [pulls_if_present, pulls_if_absent] =
                [true, false].map(|present| kubelet::should_pull(c, present));
            let image = c.image.as_deref().unwrap_or_default();
            // The kubelet writes the image with %q.
            let quoted = Quoted(image);
            let on_node = self.images[node].get(image);
            let landed = on_node.map(|i| i.landed);
            let present = on_node
                .filter(|i| i.landed <= now)
                .map(|i| Arc::clone(&i.present));
            if (present.is_some() && pulls_if_present) || (present.is_none() && pulls_if_absent) {
                let message = self.texts.shared(format_args!("Pulling image {quoted}"));
                self.record("Normal", "Pulling", object.clone(), message);
                let begin = ready.max(self.puller_free[node].unwrap_or(now));
                // Brought meanwhile by another pod's pull, the image needs no download — unless
                // the policy pulls it every time (scenario.md: a pull is skipped only when the
                // node has the image and the pull policy allows it).
                let arrived_meanwhile = present.is_none() && landed.is_some_and(|at| at <= begin);
                let pull = if arrived_meanwhile && !pulls_if_present {
                    SimDuration::ZERO
                } else {
                    self.timing.image_pull.sample(&mut self.rng)
                };
                let end = begin.after(pull);
                self.pull_lands(node, image, end);
                let message = self.texts.shared(format_args!(
                    "Successfully pulled image {quoted} in {} ({} including waiting). \
                     Image size: {} bytes.",
                    go_duration::Millis(pull.as_millis()),
                    go_duration::Millis(end.since(ready).as_millis()),
                    image::size(image),
                ));
                let pod = key.clone();
                self.queue.push(
                    end,
                    Event::Pulled {
                        pod,
                        attempt,
                        message,
                    },
                );
                ready = end;
            } else if let Some(message) = present {
                self.record("Normal", "Pulled", object.clone(), message);
            } else {
                // Upstream: image_manager.go EnsureImageExists (ErrImageNeverPull): it never starts.
                let message = self.texts.shared(format_args!(
                    "Container image {quoted} is not present with pull policy of Never"
                ));
                self.record("Warning", "ErrImageNeverPull", object, message);
                return;
            }
        }
        let start = self.timing.container_start.sample(&mut self.rng);
        self.queue
            .push(ready.after(start), Event::Start { pod: key, attempt });
    }

    /// The node's puller is busy until `end`, when the image lands (unless it was already
    /// on its way); the image's name is copied into the node's table only the first time.
    fn pull_lands(&mut self, node: usize, image: &str, end: SimTime) {
        self.puller_free[node] = Some(end);
        if !self.images[node].contains_key(image) {
            // Upstream: image_manager.go EnsureImageExists (the event of an image present)
            let present = self.texts.shared(format_args!(
                "Container image {} already present on machine",
                Quoted(image)
            ));
            let landed = NodeImage {
                landed: end,
                present,
            };
            self.images[node].insert(image.to_string(), landed);
        }
    }

    /// An image pull of this attempt ended.
    pub(super) fn pulled(&mut self, key: Arc<Key>, attempt: u32, message: Arc<str>) {
        if self
            .runs
            .get(&Address::of(&key))
            .is_some_and(|r| r.attempt == attempt)
        {
            self.record("Normal", "Pulled", self.pod_object(&key), message);
        }
    }

    // Upstream: pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer
    pub(super) fn start(&mut self, key: Arc<Key>, attempt: u32) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let Some(run) = self.runs.get(&Address::of(&key)) else {
            return;
        };
        if run.attempt != attempt || run.killing || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let now = self.now();
        let wall = self.clock.wall(now);
        // The sandbox's IP: kept across restarts, else the node's next one.
        let node = run.node;
        let pod_ip = match pod.status.as_ref().and_then(|s| s.pod_ip.clone()) {
            Some(ip) => Some(ip),
            None => self.networks.get_mut(node).and_then(NodeNetwork::allocate),
        };
        let spec = pod.spec.as_deref();
        let stage = Stage::of(spec, run.init);
        let sidecar = stage.is_sidecar(spec);
        let ran = self.run_containers(&key, stage, pod_ip.as_deref(), wall);
        let (longest, exit_code, reason, sigterm) =
            (ran.ends_after, ran.exit_code, ran.reason, ran.sigterm);
        if !sidecar {
            if let Some(run) = self.runs.get_mut(&Address::of(&key)) {
                run.started = Some(now);
                run.exit = longest.map(|_| (exit_code, reason));
                run.sigterm = Some(sigterm);
            }
        }
        let started = Time::from_timestamp(wall);
        let restarts = self.runs.get(&Address::of(&key)).map_or(0, |r| r.restarts);
        let containers_run = stage == Stage::Containers;
        let mut ids = RuntimeIds {
            rng: &mut self.runtime_rng,
            images: &mut self.image_ids,
        };
        self.store.update_pod(&key, |p| {
            let status = p.status.get_or_insert_with(PodStatus::default);
            // Until its init containers have completed, the pod is Pending.
            if containers_run {
                status.phase = Some("Running".into());
            }
            if status.pod_ip.is_none() {
                status.pod_ips = pod_ip.clone().map(|ip| vec![Ip { ip }]);
                status.pod_ip = pod_ip;
            }
            // An init container is ready only once it has completed; a sidecar once started.
            for cs in stage.statuses(status) {
                mark_running(cs, started, containers_run || sidecar, restarts, &mut ids);
            }
            write_kubelet_conditions(p, true, started);
        });
        if containers_run {
            if let Some(r) = self.pod_records.get_mut(&key) {
                r.started_at.get_or_insert(now);
                r.phase = "Running";
            }
        }
        self.record_started(&key, &ran);
        if containers_run {
            self.pod_line(&key, Ready::All, "Running");
        } else {
            self.pod_line_as_printed(&key);
        }
        if let (true, Stage::Init(index)) = (sidecar, stage) {
            let exit = longest.map(|after| (after, exit_code, reason));
            self.sidecar_started(key, index, attempt, exit, sigterm);
            return;
        }
        if let Some(after) = longest {
            self.queue.push(
                now.after(after),
                Event::Exit {
                    pod: key,
                    attempt,
                    forced: None,
                },
            );
        }
    }

    /// Runs a stage's containers in the virtual runtime: keeps their logs, records a start
    /// error, and says how they end together.
    pub(super) fn run_containers(
        &mut self,
        key: &Arc<Key>,
        stage: Stage,
        pod_ip: Option<&str>,
        wall: jiff::Timestamp,
    ) -> Ran {
        debug_assert!(self.is_shared_pod_key(key));
        let started = self.now();
        let Some(pod) = self.store.pod(key) else {
            return Ran::default();
        };
        let annotations = pod.metadata.annotations.as_deref();
        let mut ran = Ran {
            spec: pod.spec.clone(),
            stage,
            ..Ran::default()
        };
        let mut start_errors = Vec::new();
        for c in stage.containers(pod.spec.as_deref()) {
            let invocation = ContainerInvocation {
                image: c.image.as_deref().unwrap_or_default().into(),
                command: c.command.as_deref().unwrap_or_default().into(),
                args: c.args.as_deref().unwrap_or_default().into(),
                env: kubelet::environment(pod, c, pod_ip),
                annotations: annotations.map(Cow::Borrowed).unwrap_or_default(),
                started_at: wall,
                default_run: self.timing.default_run,
            };
            let execution = runtime::run(&invocation);
            keep_log(&mut self.logs, key, &c.name, started, execution.log);
            if execution.sigterm == Sigterm::Ignores {
                ran.sigterm = Sigterm::Ignores;
            }
            match execution.outcome {
                Outcome::Exited {
                    after,
                    exit_code: code,
                } => {
                    ran.ends_after = ran.ends_after.map(|l| l.max(after));
                    if ran.exit_code == 0 && code != 0 {
                        ran.exit_code = code;
                        ran.reason = kubelet::exit_reason(code);
                    }
                }
                Outcome::RunsUntilKilled => ran.ends_after = None,
                Outcome::StartError { message } => {
                    if ran.exit_code == 0 {
                        ran.exit_code = 128;
                        ran.reason = "StartError";
                    }
                    start_errors.push(message);
                }
            }
        }
        for message in start_errors {
            let message = self.texts.shared_str(&message);
            self.record("Warning", "Failed", self.pod_object(key), message);
        }
        ran
    }

    /// The kubelet's `BackOff` event of each container of a stage that waits to restart.
    // Upstream: kuberuntime_manager.go doBackOff
    pub(super) fn record_back_off(&mut self, key: &Arc<Key>, stage: Stage) {
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        let pod_ref = kubelet::format_pod(pod);
        let names: Vec<String> = stage
            .containers(pod.spec.as_deref())
            .iter()
            .map(|c| c.name.clone())
            .collect();
        let object = self.pod_object(key);
        for name in names {
            let message = self.texts.fresh(format_args!(
                "Back-off restarting failed container {name} in pod {pod_ref}"
            ));
            self.record("Warning", "BackOff", object.clone(), message);
        }
    }

    /// The kubelet's `Created` and `Started` events of containers it has started.
    pub(super) fn record_started(&mut self, key: &Arc<Key>, ran: &Ran) {
        let object = self.pod_object(key);
        for name in ran.names() {
            let message = self.texts.shared(["Created container: ", name]);
            self.record("Normal", "Created", object.clone(), message);
            let message = self.texts.shared(["Started container ", name]);
            self.record("Normal", "Started", object.clone(), message);
        }
    }

    /// A container ends: the pod finishes, or (OnFailure) the container restarts in place. A
    /// container that ends on its own during graceful termination ends the pod with its own
    /// exit code — `sleep 5` deleted with 30 s of grace is Completed — and nothing restarts.
    // Upstream: pkg/kubelet/kubelet_pods.go generateAPIPodStatus / getPhase;
    // kuberuntime_manager.go computePodActions (restart under OnFailure; none while terminating)
    pub(super) fn exit(
        &mut self,
        key: Arc<Key>,
        attempt: u32,
        forced: Option<(i32, &'static str)>,
    ) {
        let Some(run) = self.runs.get(&Address::of(&key)).cloned() else {
            return;
        };
        let terminating = run.killing && run.started.is_some();
        if run.attempt != attempt || (run.killing && !terminating) {
            return;
        }
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let (code, reason) = match (forced, run.exit) {
            (Some(forced), _) => forced,
            (None, Some(exit)) => exit,
            (None, None) => return,
        };
        let spec = pod.spec.as_deref();
        let policy = spec.and_then(|s| s.restart_policy.as_deref());
        let policy = policy.unwrap_or("Always");
        let stage = Stage::of(pod.spec.as_deref(), run.init);
        let now = self.api_now();
        let started = run
            .started
            .map(|t| Time::from_timestamp(self.clock.wall(t)));
        let terminated = ContainerStateTerminated {
            exit_code: code,
            reason: Some(reason.into()),
            started_at: started,
            finished_at: Some(now),
            ..Default::default()
        };
        // An init container's end never completes the pod: the next container starts, or
        // the pod fails (under Never, or being deleted), or the init container restarts.
        // Upstream: kubelet_pods.go getPhase; status_manager.go TerminatePod
        let phase = match stage {
            Stage::Containers => kubelet::phase_after_exit(policy, code, terminating),
            Stage::Init(index) if code == 0 && !terminating => {
                self.init_container_completed(key, index, attempt, terminated, run.node);
                return;
            }
            Stage::Init(_) if terminating => Some("Failed"),
            Stage::Init(_) => kubelet::phase_after_exit(policy, code, false),
        };
        match phase {
            Some(phase) => {
                // Running sidecars are stopped before the pod finishes (a pod being deleted
                // is stopping them already).
                let sidecars_run =
                    stage == Stage::Containers && run.sidecars.iter().any(|s| s.running);
                self.store.update_pod(&key, |p| {
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    if !sidecars_run {
                        status.phase = Some(phase.into());
                    }
                    for cs in stage.statuses(status) {
                        mark_terminated(cs, &terminated, false);
                    }
                    write_kubelet_conditions(p, sidecars_run, now);
                });
                if sidecars_run {
                    self.pod_line_as_printed(&key);
                    let finishing = Box::new((phase, code, reason));
                    if terminating {
                        if let Some(r) = self.runs.get_mut(&Address::of(&key)) {
                            r.finishing = Some(finishing);
                        }
                    } else {
                        self.stop_sidecars_before_finishing(&key, finishing);
                    }
                    return;
                }
                self.finish_record(&key, phase, code, reason);
                let status = if phase == "Succeeded" {
                    "Completed"
                } else {
                    "Error"
                };
                let status = if reason == "OOMKilled" {
                    "OOMKilled"
                } else {
                    status
                };
                // A pod with sidecars counts their restarts (and not its containers').
                if run.sidecars.is_empty() {
                    self.pod_line(&key, Ready::None, stage.printed(status));
                } else {
                    self.pod_line_as_printed(&key);
                }
                self.release(&key);
                // Its containers all stopped, the kubelet ends the delete before the grace.
                // Upstream: pkg/kubelet/status/status_manager.go canBeDeleted → deletePod
                if terminating {
                    self.store.delete_pod(&key, now, 0);
                }
            }
            None => {
                let restarts = run.restarts + 1;
                let backoff = kubelet::crash_loop_backoff(run.restarts);
                let next = attempt + 1;
                if let Some(r) = self.runs.get_mut(&Address::of(&key)) {
                    r.restarts = restarts;
                    r.attempt = next;
                    // Nothing runs until the restart: a delete now needs no grace.
                    r.sigterm = None;
                }
                self.store.update_pod(&key, |p| {
                    let pod_ref = kubelet::format_pod(p);
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    for cs in stage.statuses(status) {
                        mark_waiting_to_restart(cs, &terminated, backoff, restarts, &pod_ref);
                    }
                    write_kubelet_conditions(p, true, now);
                });
                let shared = self.texts.shared_str(reason);
                if let Some(r) = self.pod_records.get_mut(&key) {
                    r.restarts = restarts;
                    r.exit_code = Some(code);
                    r.reason = Some(shared);
                }
                self.pod_line(&key, Ready::None, stage.printed(reason));
                if backoff != SimDuration::ZERO {
                    self.record_back_off(&key, stage);
                    self.pod_line(&key, Ready::None, stage.printed("CrashLoopBackOff"));
                }
                self.queue.push(
                    self.now().after(backoff),
                    Event::Restart {
                        pod: key,
                        attempt: next,
                    },
                );
            }
        }
    }

    pub(super) fn restart(&mut self, key: Arc<Key>, attempt: u32) {
        // A pod being deleted is not restarted.
        // Upstream: kuberuntime_manager.go computePodActions (no restarts while terminating)
        let run = self.runs.get(&Address::of(&key));
        if let Some(run) = run.filter(|r| r.attempt == attempt && !r.killing) {
            self.prepare_start(key, run.node, attempt);
        }
    }
    /// Frees the node resources of a pod that has ended, and retries unschedulable pods.
    pub(super) fn release(&mut self, key: &Arc<Key>) {
        let Some(run) = self.runs.get_mut(&Address::of(key)) else {
            return;
        };
        if !run.holds_resources() {
            return;
        }
        run.exit = None;
        run.started = None;
        run.killing = true;
        let node = run.node;
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        if let Some(usage) = self.usage.get_mut(node) {
            usage.account(pod, -1);
        }
        // The sandbox goes with the pod's end, and its IP back to the node's range.
        let pod_ip = pod.status.as_ref().and_then(|s| s.pod_ip.as_deref());
        if let (Some(ip), Some(network)) = (pod_ip, self.networks.get_mut(node)) {
            network.release(ip);
        }
        self.retry_unschedulable();
    }

    /// The kubelet's graceful termination of a pod marked for deletion.
    // Upstream: pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
    pub(super) fn terminate(&mut self, key: &Arc<Key>) {
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        let terminal = pod.is_terminal();
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        let Some(run) = self.runs.get(&Address::of(key)).cloned() else {
            // Never bound to a node: nothing runs, the API server finishes the delete.
            if grace > 0 {
                let now = self.api_now();
                self.store.delete_pod(key, now, 0);
            }
            return;
        };
        if run.killing {
            if terminal && grace > 0 {
                let now = self.api_now();
                self.store.delete_pod(key, now, 0);
            }
            return;
        }
        if let Some(r) = self.runs.get_mut(&Address::of(key)) {
            r.killing = true;
        }
        // The containers running, if any (none before the start, nor while a restart waits):
        // the stage's, an init container or the pod's containers. Only they are stopped.
        // Upstream: kuberuntime_manager.go killPodWithSyncResult (the running containers)
        let spec = pod.spec.as_deref();
        let stage = Stage::of(spec, run.init);
        let running = if run.sigterm.is_some() {
            stage.containers(spec)
        } else {
            &[]
        };
        let names: Vec<String> = running.iter().map(|c| c.name.clone()).collect();
        let object = self.pod_object(key);
        for name in names {
            let message = self.texts.shared(["Stopping container ", &name]);
            self.record("Normal", "Killing", object.clone(), message);
        }
        // Then the sidecars, the last started first.
        let sidecars = self.running_sidecars(key);
        self.stop_containers(key, &sidecars);
        let ignores = run.sigterm == Some(Sigterm::Ignores)
            || sidecars.iter().any(|(_, s)| *s == Sigterm::Ignores);
        // Only running containers are ready: none while initializing or waiting to start.
        let ready = if stage == Stage::Containers && run.sigterm.is_some() {
            Ready::All
        } else {
            Ready::None
        };
        self.pod_line(key, ready, "Terminating");
        let grace_ms = SimDuration::from_secs(u64::try_from(grace).unwrap_or(0));
        let (after, code) = if ignores {
            (grace_ms, 137)
        } else {
            (
                self.timing.termination.sample(&mut self.rng).min(grace_ms),
                143,
            )
        };
        self.queue.push(
            self.now().after(after),
            Event::Killed {
                pod: key.clone(),
                exit_code: code,
            },
        );
    }

    pub(super) fn killed(&mut self, key: Arc<Key>, exit_code: i32) {
        // The containers ended on their own meanwhile: the pod finishes as they said.
        if self
            .runs
            .get(&Address::of(&key))
            .is_some_and(|r| r.finishing.is_some())
        {
            self.sidecars_stopped(key);
            return;
        }
        let now = self.api_now();
        self.mark_sidecars_stopped_now(&key, now);
        let pod = self.store.pod(&key);
        let running = pod
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.phase.as_deref())
            .is_some_and(|p| p == "Running" || p == "Pending");
        let run = self.runs.get(&Address::of(&key));
        let completed = run.map_or(0, |r| r.init);
        // Whether the stage's containers were running when killed (not before their start, nor
        // while waiting to restart).
        let were_running = run.is_some_and(|r| r.sigterm.is_some());
        let stage = Stage::of(pod.and_then(|p| p.spec.as_deref()), completed);
        if running {
            let terminated = ContainerStateTerminated {
                exit_code,
                reason: Some("Error".into()),
                finished_at: Some(now),
                ..Default::default()
            };
            self.store.update_pod(&key, |p| {
                let status = p.status.get_or_insert_with(PodStatus::default);
                status.phase = Some("Failed".into());
                if were_running {
                    for cs in stage.statuses(status) {
                        mark_terminated(cs, &terminated, false);
                    }
                }
                terminate_pod(p);
                write_kubelet_conditions(p, false, now);
            });
            self.finish_record(&key, "Failed", exit_code, "Error");
            self.pod_line_as_printed(&key);
        }
        if let Some(r) = self.runs.get_mut(&Address::of(&key)) {
            r.killing = false;
        }
        self.release(&key);
        self.store.delete_pod(&key, now, 0);
    }
}

/// How containers started together end: after the longest runs (`None` if one runs until
/// killed), with the first non-zero exit code and its reason; whether one ignores SIGTERM.
/// The pod's spec and the stage name the containers that ran.
pub(super) struct Ran {
    pub(super) ends_after: Option<SimDuration>,
    pub(super) exit_code: i32,
    pub(super) reason: &'static str,
    pub(super) sigterm: Sigterm,
    spec: Option<Arc<PodSpec>>,
    stage: Stage,
}

impl Ran {
    /// The names of the containers that ran.
    fn names(&self) -> impl Iterator<Item = &str> {
        let containers = self.stage.containers(self.spec.as_deref());
        containers.iter().map(|c| c.name.as_str())
    }
}

impl Default for Ran {
    fn default() -> Self {
        Ran {
            ends_after: Some(SimDuration::ZERO),
            exit_code: 0,
            reason: "Completed",
            sigterm: Sigterm::Terminates,
            spec: None,
            stage: Stage::Containers,
        }
    }
}

/// A container's status once it runs, in a new container that the runtime names.
pub(super) fn mark_running(
    cs: &mut ContainerStatus,
    started: Time,
    ready: bool,
    restarts: i32,
    ids: &mut RuntimeIds,
) {
    cs.state = Some(ContainerState {
        running: Some(ContainerStateRunning {
            started_at: Some(started),
        }),
        ..Default::default()
    });
    // Once it runs, the runtime reports the image it resolved, by reference and by ID.
    cs.image = image::normalized(&cs.image);
    cs.image_id = ids.image(&cs.image);
    cs.container_id = Some(ids.container());
    cs.ready = ready;
    cs.started = Some(true);
    cs.restart_count = restarts;
}

/// A container's status once it has ended (ready only if it is an init container that
/// completed).
pub(super) fn mark_terminated(
    cs: &mut ContainerStatus,
    terminated: &ContainerStateTerminated,
    ready: bool,
) {
    cs.state = Some(ContainerState {
        terminated: Some(ended_container(cs, terminated)),
        ..Default::default()
    });
    cs.ready = ready;
    cs.started = Some(false);
}

/// How the container of `cs` ended, with its ID (none if it was never created).
fn ended_container(
    cs: &ContainerStatus,
    terminated: &ContainerStateTerminated,
) -> ContainerStateTerminated {
    ContainerStateTerminated {
        container_id: cs.container_id.clone(),
        ..terminated.clone()
    }
}

/// A container's status once it has ended and waits to restart: its end is its last state, and
/// while the back-off lasts it waits in CrashLoopBackOff, saying so for this pod (`pod_ref`,
/// as the kubelet names pods).
// Upstream: kuberuntime_manager.go doBackOff ("back-off %s restarting failed container=%s pod=%s")
pub(super) fn mark_waiting_to_restart(
    cs: &mut ContainerStatus,
    terminated: &ContainerStateTerminated,
    backoff: SimDuration,
    restarts: i32,
    pod_ref: &str,
) {
    let waiting = (backoff != SimDuration::ZERO).then(|| ContainerStateWaiting {
        reason: Some("CrashLoopBackOff".into()),
        message: Some(format!(
            "back-off {} restarting failed container={} pod={pod_ref}",
            go_duration::Millis(backoff.as_millis()),
            cs.name
        )),
    });
    cs.last_state = Some(Box::new(ContainerState {
        terminated: Some(ended_container(cs, terminated)),
        ..Default::default()
    }));
    cs.state = Some(ContainerState {
        waiting,
        ..Default::default()
    });
    cs.ready = false;
    cs.started = Some(false);
    cs.restart_count = restarts;
}
