//! The virtual cluster at work: the store, the Job controller behind its work queue, the
//! scheduler and a kubelet per node, driven by next-event time advance over one event queue.

use std::collections::{BTreeMap, BTreeSet};

use jiff::SignedDuration;

use crate::api::job::{
    JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV_NAME,
    JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
    JOB_TRACKING_FINALIZER,
};
use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, EnvVar, EnvVarSource, ObjectFieldSelector, PodCondition,
};
use crate::api::{Job, ObjectMeta, OwnerReference, Pod, PodStatus, Time};
use crate::controllers::gc::{self, Dependent, GcAction, OwnerState};
use crate::controllers::job::backoff::BackoffRecord;
use crate::controllers::job::orphan::{removes_orphan_finalizer, PodController};
use crate::controllers::job::pod::JobPod;
use crate::controllers::job::sync::{sync_job, PodCreation, SyncInput, SYNC_JOB_BATCH_PERIOD};
use crate::controllers::ttl::{ttl_for_job, TtlDecision};

use super::kubelet;
use super::queue::EventQueue;
use super::rng::SimRng;
use super::runtime::{self, ContainerInvocation, Outcome, Sigterm};
use super::scenario::{Action, ActionKind, NodeSpec, PodTarget, Scenario, Timing, Until};
use super::scheduler::{self, Resources};
use super::store::{ChangeType, Key, Kind, Store};
use super::time::{Clock, SimDuration, SimTime};

/// At most this many events are processed in one run (a guard against a run that never ends).
pub const MAX_EVENTS: u64 = 50_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    /// The Job controller's work queue hands out a key.
    Reconcile(Key),
    Schedule(Key),
    /// The kubelet starts the pod's containers (after the image pull and the start latency).
    Start {
        pod: Key,
        attempt: u32,
    },
    /// The containers of this attempt exit (with an override: failPod, oomKill).
    Exit {
        pod: Key,
        attempt: u32,
        forced: Option<(i32, &'static str)>,
    },
    Restart {
        pod: Key,
        attempt: u32,
    },
    /// The graceful termination of a deleted pod ends.
    Killed {
        pod: Key,
        exit_code: i32,
    },
    Action(usize),
    /// The TTL-after-finished controller looks at a Job.
    Ttl(Key),
    /// The garbage collector looks at a deleted Job's pods.
    Collect(Key),
}

/// What the run keeps about a Job for the report.
#[derive(Clone, Debug, Default)]
pub struct JobRecord {
    pub pods_created: u64,
    pub max_active: u64,
    pub reconciles: u64,
    pub deleted_at: Option<SimTime>,
    /// The Job's last status (kept after the Job is deleted).
    pub status: Option<crate::api::JobStatus>,
    backoff: BackoffRecord,
}

/// What the run keeps about a pod for the report.
#[derive(Clone, Debug)]
pub struct PodRecord {
    pub name: String,
    pub namespace: String,
    pub job: Option<String>,
    pub index: Option<i64>,
    pub node: Option<String>,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub deleted_at: Option<SimTime>,
    pub phase: String,
    pub exit_code: Option<i32>,
    pub restarts: i32,
    pub reason: Option<String>,
}

/// An event recorded on an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub time: SimTime,
    pub type_: String,
    pub reason: String,
    /// `job/pi`, `pod/pi-7xk2p`.
    pub object: String,
    pub message: String,
}

/// A line of `kubectl get pods -w`: a pod's status at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodLine {
    pub time: SimTime,
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: i32,
}

/// The kubelet's memory of a pod it runs.
#[derive(Clone, Debug, Default)]
struct PodRun {
    attempt: u32,
    started: Option<SimTime>,
    /// The attempt's exit: code and reason, or `None` while it runs until killed.
    exit: Option<(i32, String)>,
    sigterm: Option<Sigterm>,
    killing: bool,
    restarts: i32,
}

pub struct World {
    clock: Clock,
    queue: EventQueue<Event>,
    rng: SimRng,
    pub store: Store,
    timing: Timing,
    nodes: Vec<NodeSpec>,
    images: BTreeMap<String, BTreeSet<String>>,
    used: BTreeMap<String, Resources>,
    unschedulable: BTreeSet<Key>,
    workqueue: BTreeMap<Key, SimTime>,
    /// Per Job, its pods that are unfinished or still carry the tracking finalizer.
    live: BTreeMap<Key, BTreeSet<Key>>,
    runs: BTreeMap<Key, PodRun>,
    actions: Vec<Action>,
    until: Until,
    pub job_records: BTreeMap<Key, JobRecord>,
    pub pod_records: BTreeMap<Key, PodRecord>,
    pub events: Vec<EventRecord>,
    pub pod_lines: Vec<PodLine>,
    pub events_processed: u64,
}

impl World {
    /// A cluster with the scenario's nodes and Jobs applied at t = 0.
    pub fn new(scenario: Scenario, rng: SimRng) -> Result<World, String> {
        let mut world = World {
            clock: Clock::new(scenario.start),
            queue: EventQueue::new(),
            rng,
            store: Store::new(),
            timing: scenario.timing,
            nodes: scenario.nodes,
            images: BTreeMap::new(),
            used: BTreeMap::new(),
            unschedulable: BTreeSet::new(),
            workqueue: BTreeMap::new(),
            live: BTreeMap::new(),
            runs: BTreeMap::new(),
            actions: scenario.actions,
            until: scenario.until,
            job_records: BTreeMap::new(),
            pod_records: BTreeMap::new(),
            events: Vec::new(),
            pod_lines: Vec::new(),
            events_processed: 0,
        };
        for (i, action) in world.actions.iter().enumerate() {
            world
                .queue
                .push(SimTime::ZERO.after(action.at), Event::Action(i));
        }
        for job in scenario.jobs {
            let key = world.store.create_job(job)?;
            world.job_records.insert(key, JobRecord::default());
        }
        world.dispatch();
        Ok(world)
    }

    pub fn now(&self) -> SimTime {
        self.clock.now()
    }

    /// The wall-clock time of a virtual time.
    pub fn wall(&self, t: SimTime) -> jiff::Timestamp {
        self.clock.wall(t)
    }

    fn api_now(&self) -> Time {
        Time::from_timestamp(self.clock.wall(self.clock.now()))
    }

    /// Every Job finished, and none waits for its TTL or its deletion.
    fn all_jobs_done(&self) -> bool {
        self.store.jobs().all(|(_, j)| {
            j.is_finished()
                && j.metadata.deletion_timestamp.is_none()
                && j.spec
                    .as_ref()
                    .is_none_or(|s| s.ttl_seconds_after_finished.is_none())
        })
    }

    /// Runs to the scenario's horizon: every Job finished (`until: done`) or the duration.
    // Upstream: none — the discrete-event loop that stands in for the cluster's processes.
    pub fn run(&mut self) -> Result<(), String> {
        let horizon = match self.until {
            Until::Done => SimTime::from_millis(u64::MAX),
            Until::After(d) => SimTime::ZERO.after(d),
        };
        while self.events_processed < MAX_EVENTS {
            if self.until == Until::Done
                && self.all_jobs_done()
                && self.queue.next_time() != Some(self.now())
            {
                return Ok(());
            }
            let Some((at, event)) = self.queue.pop_due(horizon) else {
                if let Until::After(_) = self.until {
                    self.clock.advance_to(horizon).map_err(|e| e.to_string())?;
                }
                return Ok(());
            };
            self.clock.advance_to(at).map_err(|e| e.to_string())?;
            self.events_processed += 1;
            self.handle(event);
            self.dispatch();
        }
        Err(format!("the run did not end within {MAX_EVENTS} events"))
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Reconcile(key) => self.reconcile(key),
            Event::Schedule(key) => self.schedule(key),
            Event::Start { pod, attempt } => self.start(pod, attempt),
            Event::Exit {
                pod,
                attempt,
                forced,
            } => self.exit(pod, attempt, forced),
            Event::Restart { pod, attempt } => self.restart(pod, attempt),
            Event::Killed { pod, exit_code } => self.killed(pod, exit_code),
            Event::Action(i) => self.action(i),
            Event::Ttl(key) => self.ttl(key),
            Event::Collect(key) => self.collect(key),
        }
    }

    fn record(&mut self, type_: &str, reason: &str, object: String, message: String) {
        self.events.push(EventRecord {
            time: self.now(),
            type_: type_.into(),
            reason: reason.into(),
            object,
            message,
        });
    }

    /// Puts a Job key on the controller's work queue; an earlier pending time wins.
    // Upstream: client-go util/workqueue delaying_queue.go AddAfter
    fn enqueue(&mut self, key: Key, delay: SimDuration) {
        let at = self.now().after(delay);
        if self.workqueue.get(&key).is_some_and(|t| *t <= at) {
            return;
        }
        self.workqueue.insert(key.clone(), at);
        self.queue.push(at, Event::Reconcile(key));
    }

    /// Hands the store's watch notifications to the controllers and the kubelets.
    // Upstream: job_controller.go addJob/updateJob/addPod/updatePod/deletePod handlers
    fn dispatch(&mut self) {
        for _ in 0..1_000 {
            let changes = self.store.take_changes();
            if changes.is_empty() {
                return;
            }
            for change in changes {
                let delay = self.timing.controller_delay.sample(&mut self.rng);
                let batch = sim_duration(SYNC_JOB_BATCH_PERIOD);
                match change.kind {
                    Kind::Job => {
                        let immediate =
                            change.change == ChangeType::Added || change.generation_changed;
                        let d = if immediate { delay } else { delay.plus(batch) };
                        self.job_changed(&change.key, change.change, delay);
                        self.enqueue(change.key, d);
                    }
                    Kind::Pod => {
                        if let Some(job) = change.owner {
                            let deleting = self
                                .store
                                .job(&job)
                                .is_none_or(|j| j.metadata.deletion_timestamp.is_some());
                            if deleting {
                                let at = self.now().after(delay);
                                self.queue.push(at, Event::Collect(job.clone()));
                            }
                            self.track_live(&job, &change.key, change.change);
                            self.enqueue(job, delay.plus(batch));
                        }
                        self.pod_changed(&change.key, change.change);
                    }
                }
            }
        }
    }

    fn job_changed(&mut self, key: &Key, change: ChangeType, delay: SimDuration) {
        let at = self.now().after(delay);
        match change {
            ChangeType::Deleted => {
                if let Some(r) = self.job_records.get_mut(key) {
                    r.deleted_at = Some(self.clock.now());
                }
                self.queue.push(at, Event::Collect(key.clone()));
            }
            ChangeType::Added | ChangeType::Modified => {
                let Some(job) = self.store.job(key) else {
                    return;
                };
                if let Some(r) = self.job_records.get_mut(key) {
                    r.status.clone_from(&job.status);
                }
                if job.metadata.deletion_timestamp.is_some() {
                    self.queue.push(at, Event::Collect(key.clone()));
                } else if job.is_finished()
                    && job
                        .spec
                        .as_ref()
                        .is_some_and(|s| s.ttl_seconds_after_finished.is_some())
                {
                    self.queue.push(at, Event::Ttl(key.clone()));
                }
            }
        }
    }

    // Upstream: pkg/controller/ttlafterfinished/ttlafterfinished_controller.go processJob
    fn ttl(&mut self, key: Key) {
        let Some(job) = self.store.job(&key) else {
            return;
        };
        match ttl_for_job(job, self.clock.wall(self.now())) {
            TtlDecision::NotApplicable(_) => {}
            TtlDecision::Wait { after, .. } => {
                let at = self.now().after(sim_duration(after));
                self.queue.push(at, Event::Ttl(key));
            }
            TtlDecision::Delete { propagation, .. } => {
                let now = self.api_now();
                self.store
                    .delete_job(&key, now, gc::deletion_finalizer(propagation));
            }
        }
    }

    /// The garbage collector's pass over a deleted Job's pods, then the orphan worker's.
    // Upstream: pkg/controller/garbagecollector/garbagecollector.go attemptToDeleteItem;
    // job_controller.go syncOrphanPod
    fn collect(&mut self, key: Key) {
        let owner = match self.store.job(&key) {
            None => OwnerState::Gone,
            Some(job) if job.metadata.deletion_timestamp.is_some() => OwnerState::Deleting {
                finalizers: job.metadata.finalizers.clone().unwrap_or_default(),
            },
            Some(_) => return,
        };
        let pods: Vec<(Key, Dependent, bool)> = self
            .store
            .pods_of(&key)
            .into_iter()
            .map(|p| {
                let dependent = Dependent {
                    name: p.metadata.name().to_string(),
                    blocks_owner_deletion: true,
                    has_other_live_owner: false,
                    being_deleted: p.metadata.deletion_timestamp.is_some(),
                };
                let tracked = p.metadata.has_finalizer(JOB_TRACKING_FINALIZER);
                (super::store::key_of(&p.metadata), dependent, tracked)
            })
            .collect();
        let dependents: Vec<Dependent> = pods.iter().map(|(_, d, _)| d.clone()).collect();
        let now = self.api_now();
        for action in gc::collect(&owner, &dependents) {
            match action {
                GcAction::RemoveOwnerReference { dependent } => {
                    self.store.update_pod(&(key.0.clone(), dependent), |p| {
                        p.metadata.owner_references = None;
                    });
                }
                GcAction::DeleteDependent { dependent, .. } => {
                    let pod_key = (key.0.clone(), dependent);
                    let grace = self
                        .store
                        .pod(&pod_key)
                        .and_then(|p| p.spec.as_ref())
                        .and_then(|s| s.termination_grace_period_seconds)
                        .unwrap_or(30);
                    self.store.delete_pod(&pod_key, now, grace);
                }
                GcAction::RemoveOwnerFinalizer { finalizer } => {
                    self.store.update_job(&key, |j| {
                        if let Some(f) = j.metadata.finalizers.as_mut() {
                            f.retain(|x| x != finalizer);
                        }
                    });
                }
            }
        }
        let controller = match self.store.job(&key) {
            None => PodController::MissingJob,
            Some(job) => PodController::Job {
                managed_elsewhere: false,
                finished: job.is_finished(),
            },
        };
        for (pod_key, _, tracked) in pods {
            if removes_orphan_finalizer(tracked, controller) {
                self.remove_tracking_finalizer(&pod_key);
            }
        }
    }

    /// Keeps the index of each Job's pods that a sync reads: unfinished, or not yet counted.
    fn track_live(&mut self, job: &Key, pod: &Key, change: ChangeType) {
        let keep = change != ChangeType::Deleted
            && self.store.pod(pod).is_some_and(|p| {
                p.metadata.has_finalizer(JOB_TRACKING_FINALIZER) || !is_terminal(p)
            });
        let set = self.live.entry(job.clone()).or_default();
        if keep {
            set.insert(pod.clone());
        } else {
            set.remove(pod);
            if set.is_empty() {
                self.live.remove(job);
            }
        }
    }

    /// The Job's pods that are unfinished or not yet counted, still controlled by it.
    fn live_pods(&self, job: &Key) -> Vec<&Pod> {
        self.live
            .get(job)
            .into_iter()
            .flatten()
            .filter_map(|k| self.store.pod(k))
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_some_and(|r| r.kind == "Job" && r.name == job.1)
            })
            .collect()
    }

    fn pod_changed(&mut self, key: &Key, change: ChangeType) {
        match change {
            ChangeType::Added => {
                let d = self.timing.schedule.sample(&mut self.rng);
                self.queue
                    .push(self.now().after(d), Event::Schedule(key.clone()));
            }
            ChangeType::Modified => {
                let marked = self
                    .store
                    .pod(key)
                    .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
                if marked {
                    self.terminate(key);
                }
            }
            ChangeType::Deleted => {
                self.release(key);
                self.runs.remove(key);
                self.unschedulable.remove(key);
                if let Some(r) = self.pod_records.get_mut(key) {
                    r.deleted_at = Some(self.clock.now());
                }
            }
        }
    }

    // Upstream: pkg/controller/job/job_controller.go processNextWorkItem → syncJob
    fn reconcile(&mut self, key: Key) {
        if self.workqueue.get(&key) != Some(&self.now()) {
            return;
        }
        self.workqueue.remove(&key);
        let Some(job) = self.store.job(&key).cloned() else {
            return;
        };
        let has_policy = job
            .spec
            .as_ref()
            .is_some_and(|s| s.pod_failure_policy.is_some());
        let pods: Vec<JobPod> = if has_policy {
            self.store
                .pods_of(&key)
                .into_iter()
                .map(JobPod::from_pod)
                .collect()
        } else {
            self.live_pods(&key)
                .into_iter()
                .map(JobPod::from_pod)
                .collect()
        };
        let record = self.job_records.entry(key.clone()).or_default();
        record.reconciles += 1;
        let backoff = record.backoff;
        let now = self.clock.wall(self.now());
        let name_seed = self.rng.between(0, u64::MAX);
        let outcome = sync_job(SyncInput {
            job: &job,
            pods: &pods,
            now,
            backoff,
            name_seed,
        });
        if let Some(r) = self.job_records.get_mut(&key) {
            r.backoff = outcome.backoff.unwrap_or_default();
        }
        for create in &outcome.creates {
            self.create_pod(&job, create);
        }
        for delete in &outcome.deletes {
            let pod_key = (key.0.clone(), delete.name.clone());
            if delete.remove_finalizer_first {
                self.remove_tracking_finalizer(&pod_key);
            }
            let grace = self
                .store
                .pod(&pod_key)
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.termination_grace_period_seconds)
                .unwrap_or(30);
            let now = self.api_now();
            self.store.delete_pod(&pod_key, now, grace);
        }
        for name in &outcome.remove_finalizers {
            self.remove_tracking_finalizer(&(key.0.clone(), name.clone()));
        }
        if outcome.status_changed {
            let status = outcome.status.clone();
            self.store.update_job(&key, |j| j.status = Some(status));
        }
        for e in &outcome.events {
            self.record(
                e.type_,
                &e.reason,
                format!("job/{}", key.1),
                e.message.clone(),
            );
        }
        if let Some(after) = outcome.requeue_after {
            self.enqueue(key.clone(), sim_duration(after));
        }
        let active = self
            .live_pods(&key)
            .into_iter()
            .filter(|p| !is_terminal(p) && p.metadata.deletion_timestamp.is_none())
            .count() as u64;
        if let Some(r) = self.job_records.get_mut(&key) {
            r.max_active = r.max_active.max(active);
        }
    }

    fn remove_tracking_finalizer(&mut self, key: &Key) {
        self.store.update_pod(key, |p| {
            if let Some(f) = p.metadata.finalizers.as_mut() {
                f.retain(|f| f != JOB_TRACKING_FINALIZER);
            }
        });
    }

    /// A pod from the Job's template, as the controller creates it.
    // Upstream: job_controller.go manageJob (podTemplate, addCompletionIndexEnvVariables,
    // addCompletionIndexAnnotation, hostname) and controller_utils.go GetPodFromTemplate
    fn create_pod(&mut self, job: &Job, create: &PodCreation) {
        let Some(spec) = job.spec.as_ref() else {
            return;
        };
        let template = &spec.template;
        let template_meta = template.metadata.clone().unwrap_or_default();
        let mut annotations = template_meta.annotations.clone().unwrap_or_default();
        let mut labels = template_meta.labels.clone().unwrap_or_default();
        let mut pod_spec = template.spec.clone().unwrap_or_default();
        if let Some(index) = create.index {
            annotations.insert(JOB_COMPLETION_INDEX_ANNOTATION.into(), index.to_string());
            labels.insert(JOB_COMPLETION_INDEX_ANNOTATION.into(), index.to_string());
            pod_spec.hostname = Some(format!("{}-{index}", job.metadata.name()));
            let env = EnvVar {
                name: JOB_COMPLETION_INDEX_ENV_NAME.into(),
                value: None,
                value_from: Some(EnvVarSource {
                    field_ref: Some(ObjectFieldSelector {
                        api_version: Some("v1".into()),
                        field_path: format!(
                            "metadata.annotations['{JOB_COMPLETION_INDEX_ANNOTATION}']"
                        ),
                    }),
                    ..Default::default()
                }),
            };
            let containers = pod_spec
                .containers
                .iter_mut()
                .chain(pod_spec.init_containers.iter_mut().flatten());
            for c in containers {
                let vars = c.env.get_or_insert_with(Vec::new);
                if !vars.iter().any(|v| v.name == JOB_COMPLETION_INDEX_ENV_NAME) {
                    vars.push(env.clone());
                }
            }
        }
        if let Some(n) = create.index_failure_count {
            annotations.insert(JOB_INDEX_FAILURE_COUNT_ANNOTATION.into(), n.to_string());
        }
        if let Some(n) = create.index_ignored_failure_count {
            annotations.insert(
                JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION.into(),
                n.to_string(),
            );
        }
        let pod = Pod {
            api_version: Some("v1".into()),
            kind: Some("Pod".into()),
            metadata: ObjectMeta {
                name: Some(create.name.clone()),
                generate_name: Some(create.generate_name.clone()),
                namespace: Some(job.metadata.namespace().to_string()),
                uid: Some(self.rng.uid()),
                creation_timestamp: Some(self.api_now()),
                labels: Some(labels),
                annotations: Some(annotations).filter(|a| !a.is_empty()),
                owner_references: Some(vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    name: job.metadata.name().to_string(),
                    uid: job.metadata.uid().to_string(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }]),
                finalizers: Some(vec![JOB_TRACKING_FINALIZER.into()]),
                ..Default::default()
            },
            spec: Some(pod_spec),
            status: Some(PodStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            }),
        };
        let job_key = (
            job.metadata.namespace().to_string(),
            job.metadata.name().to_string(),
        );
        let Ok(key) = self.store.create_pod(pod) else {
            return;
        };
        if let Some(r) = self.job_records.get_mut(&job_key) {
            r.pods_created += 1;
        }
        self.pod_records.insert(
            key.clone(),
            PodRecord {
                name: key.1.clone(),
                namespace: key.0.clone(),
                job: Some(job_key.1.clone()),
                index: create.index,
                node: None,
                created_at: self.now(),
                started_at: None,
                finished_at: None,
                deleted_at: None,
                phase: "Pending".into(),
                exit_code: None,
                restarts: 0,
                reason: None,
            },
        );
        self.pod_line(&key, "0/1", "Pending");
    }

    fn pod_line(&mut self, key: &Key, ready: &str, status: &str) {
        let restarts = self.runs.get(key).map_or(0, |r| r.restarts);
        self.pod_lines.push(PodLine {
            time: self.now(),
            name: key.1.clone(),
            ready: ready.into(),
            status: status.into(),
            restarts,
        });
    }

    // Upstream: pkg/scheduler/schedule_one.go scheduleOne (bind, or FailedScheduling)
    fn schedule(&mut self, key: Key) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let bound = pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_ref())
            .is_some();
        if bound || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let now = self.api_now();
        match scheduler::schedule(pod, &self.nodes, &self.used) {
            Ok(node) => {
                let requests = scheduler::pod_requests(pod);
                let used = self.used.entry(node.clone()).or_default();
                for (name, amount) in requests {
                    *used.entry(name).or_default() += amount;
                }
                self.unschedulable.remove(&key);
                self.store.update_pod(&key, |p| {
                    if let Some(s) = p.spec.as_mut() {
                        s.node_name = Some(node.clone());
                    }
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    status.start_time = Some(now);
                    set_condition(status, "PodScheduled", "True", None, now);
                    status.container_statuses =
                        Some(waiting_statuses(p.spec.as_ref(), "ContainerCreating", 0));
                });
                if let Some(r) = self.pod_records.get_mut(&key) {
                    r.node = Some(node.clone());
                }
                self.record(
                    "Normal",
                    "Scheduled",
                    format!("pod/{}", key.1),
                    format!("Successfully assigned {}/{} to {node}", key.0, key.1),
                );
                self.pod_line(&key, "0/1", "ContainerCreating");
                self.runs.insert(key.clone(), PodRun::default());
                self.prepare_start(key, node, 0);
            }
            Err(message) => {
                self.unschedulable.insert(key.clone());
                self.store.update_pod(&key, |p| {
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    set_condition(
                        status,
                        "PodScheduled",
                        "False",
                        Some(("Unschedulable", &message)),
                        now,
                    );
                });
                self.record(
                    "Warning",
                    "FailedScheduling",
                    format!("pod/{}", key.1),
                    message,
                );
            }
        }
    }

    /// Pulls the images the node lacks, then starts the containers.
    // Upstream: pkg/kubelet/images/image_manager.go EnsureImageExists
    fn prepare_start(&mut self, key: Key, node: String, attempt: u32) {
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let containers = pod
            .spec
            .as_ref()
            .map(|s| s.containers.clone())
            .unwrap_or_default();
        let mut delay = SimDuration::ZERO;
        for c in &containers {
            let image = c.image.clone().unwrap_or_default();
            let present = self.images.get(&node).is_some_and(|i| i.contains(&image));
            if kubelet::should_pull(c, present) {
                let pull = self.timing.image_pull.sample(&mut self.rng);
                delay = delay.plus(pull);
                self.images
                    .entry(node.clone())
                    .or_default()
                    .insert(image.clone());
                let object = format!("pod/{}", key.1);
                let message = format!("Pulling image {image:?}");
                self.record("Normal", "Pulling", object.clone(), message);
                let message = format!(
                    "Successfully pulled image {image:?} in {}ms",
                    pull.as_millis()
                );
                self.record("Normal", "Pulled", object, message);
            } else if present {
                self.record(
                    "Normal",
                    "Pulled",
                    format!("pod/{}", key.1),
                    format!("Container image {image:?} already present on machine"),
                );
            } else {
                // Upstream: image_manager.go EnsureImageExists (ErrImageNeverPull): it never starts.
                self.record(
                    "Warning",
                    "ErrImageNeverPull",
                    format!("pod/{}", key.1),
                    format!("Container image {image:?} is not present with pull policy of Never"),
                );
                return;
            }
        }
        let start = self.timing.container_start.sample(&mut self.rng);
        let at = self.now().after(delay).after(start);
        self.queue.push(at, Event::Start { pod: key, attempt });
    }

    // Upstream: pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer
    fn start(&mut self, key: Key, attempt: u32) {
        let Some(pod) = self.store.pod(&key).cloned() else {
            return;
        };
        let Some(run) = self.runs.get(&key) else {
            return;
        };
        if run.attempt != attempt || run.killing || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let now = self.now();
        let wall = self.clock.wall(now);
        let containers = pod
            .spec
            .as_ref()
            .map(|s| s.containers.clone())
            .unwrap_or_default();
        let annotations = pod.metadata.annotations.clone().unwrap_or_default();
        let mut longest = Some(SimDuration::ZERO);
        let mut exit_code = 0;
        let mut reason = "Completed".to_string();
        let mut sigterm = Sigterm::Terminates;
        for c in &containers {
            let execution = runtime::run(&ContainerInvocation {
                image: c.image.clone().unwrap_or_default(),
                command: c.command.clone().unwrap_or_default(),
                args: c.args.clone().unwrap_or_default(),
                env: kubelet::environment(&pod, c),
                annotations: annotations.clone(),
                started_at: wall,
                default_run: self.timing.default_run,
            });
            if execution.sigterm == Sigterm::Ignores {
                sigterm = Sigterm::Ignores;
            }
            match execution.outcome {
                Outcome::Exited {
                    after,
                    exit_code: code,
                } => {
                    longest = longest.map(|l| l.max(after));
                    if exit_code == 0 && code != 0 {
                        exit_code = code;
                        reason = kubelet::exit_reason(code).into();
                    }
                }
                Outcome::RunsUntilKilled => longest = None,
                Outcome::StartError { message } => {
                    if exit_code == 0 {
                        exit_code = 128;
                        reason = "StartError".into();
                    }
                    self.record("Warning", "Failed", format!("pod/{}", key.1), message);
                }
            }
        }
        if let Some(run) = self.runs.get_mut(&key) {
            run.started = Some(now);
            run.exit = longest.map(|_| (exit_code, reason));
            run.sigterm = Some(sigterm);
        }
        let started = Time::from_timestamp(wall);
        let restarts = self.runs.get(&key).map_or(0, |r| r.restarts);
        self.store.update_pod(&key, |p| {
            let status = p.status.get_or_insert_with(PodStatus::default);
            status.phase = Some("Running".into());
            set_condition(status, "Ready", "True", None, started);
            for cs in status.container_statuses.iter_mut().flatten() {
                cs.state = Some(ContainerState {
                    running: Some(ContainerStateRunning {
                        started_at: Some(started),
                    }),
                    ..Default::default()
                });
                cs.ready = true;
                cs.started = Some(true);
                cs.restart_count = restarts;
            }
        });
        if let Some(r) = self.pod_records.get_mut(&key) {
            r.started_at.get_or_insert(now);
            r.phase = "Running".into();
        }
        for c in &containers {
            let object = format!("pod/{}", key.1);
            let message = format!("Created container: {}", c.name);
            self.record("Normal", "Created", object.clone(), message);
            let message = format!("Started container {}", c.name);
            self.record("Normal", "Started", object, message);
        }
        let n = containers.len();
        self.pod_line(&key, &format!("{n}/{n}"), "Running");
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

    // Upstream: pkg/kubelet/kubelet_pods.go generateAPIPodStatus / getPhase;
    // kuberuntime_manager.go computePodActions (restart under OnFailure)
    fn exit(&mut self, key: Key, attempt: u32, forced: Option<(i32, &'static str)>) {
        let Some(run) = self.runs.get(&key).cloned() else {
            return;
        };
        if run.attempt != attempt || run.killing {
            return;
        }
        let Some(pod) = self.store.pod(&key) else {
            return;
        };
        let (code, reason) = match (forced, run.exit) {
            (Some((c, r)), _) => (c, r.to_string()),
            (None, Some(exit)) => exit,
            (None, None) => return,
        };
        let policy = pod
            .spec
            .as_ref()
            .and_then(|s| s.restart_policy.clone())
            .unwrap_or_else(|| "Always".into());
        let phase = kubelet::phase_after_exit(&policy, code);
        let now = self.api_now();
        let started = run
            .started
            .map(|t| Time::from_timestamp(self.clock.wall(t)));
        let terminated = ContainerStateTerminated {
            exit_code: code,
            reason: Some(reason.clone()),
            started_at: started,
            finished_at: Some(now),
            ..Default::default()
        };
        match phase {
            Some(phase) => {
                self.store.update_pod(&key, |p| {
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    status.phase = Some(phase.into());
                    set_condition(status, "Ready", "False", Some(("PodCompleted", "")), now);
                    for cs in status.container_statuses.iter_mut().flatten() {
                        cs.state = Some(ContainerState {
                            terminated: Some(terminated.clone()),
                            ..Default::default()
                        });
                        cs.ready = false;
                        cs.started = Some(false);
                    }
                });
                self.finish_record(&key, phase, code, &reason);
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
                self.pod_line(&key, "0/1", status);
                self.release(&key);
            }
            None => {
                let restarts = run.restarts + 1;
                let backoff = kubelet::crash_loop_backoff(run.restarts);
                let next = attempt + 1;
                if let Some(r) = self.runs.get_mut(&key) {
                    r.restarts = restarts;
                    r.attempt = next;
                }
                let waiting = if backoff == SimDuration::ZERO {
                    None
                } else {
                    Some(ContainerStateWaiting {
                        reason: Some("CrashLoopBackOff".into()),
                        message: Some(format!(
                            "back-off {}s restarting failed container",
                            backoff.as_millis() / 1000
                        )),
                    })
                };
                self.store.update_pod(&key, |p| {
                    let status = p.status.get_or_insert_with(PodStatus::default);
                    set_condition(
                        status,
                        "Ready",
                        "False",
                        Some(("ContainersNotReady", "")),
                        now,
                    );
                    for cs in status.container_statuses.iter_mut().flatten() {
                        cs.last_state = Some(ContainerState {
                            terminated: Some(terminated.clone()),
                            ..Default::default()
                        });
                        cs.state = Some(ContainerState {
                            waiting: waiting.clone(),
                            ..Default::default()
                        });
                        cs.ready = false;
                        cs.restart_count = restarts;
                    }
                });
                if let Some(r) = self.pod_records.get_mut(&key) {
                    r.restarts = restarts;
                    r.exit_code = Some(code);
                    r.reason = Some(reason.clone());
                }
                self.pod_line(&key, "0/1", &reason);
                if backoff != SimDuration::ZERO {
                    self.record(
                        "Warning",
                        "BackOff",
                        format!("pod/{}", key.1),
                        "Back-off restarting failed container".into(),
                    );
                    self.pod_line(&key, "0/1", "CrashLoopBackOff");
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

    fn restart(&mut self, key: Key, attempt: u32) {
        let node = self
            .store
            .pod(&key)
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.clone());
        if let Some(node) = node {
            if self.runs.get(&key).is_some_and(|r| r.attempt == attempt) {
                self.prepare_start(key, node, attempt);
            }
        }
    }

    fn finish_record(&mut self, key: &Key, phase: &str, code: i32, reason: &str) {
        let now = self.now();
        if let Some(r) = self.pod_records.get_mut(key) {
            r.phase = phase.into();
            r.exit_code = Some(code);
            r.reason = Some(reason.into());
            r.finished_at = Some(now);
        }
    }

    /// Frees the node resources of a pod that has ended, and retries unschedulable pods.
    fn release(&mut self, key: &Key) {
        let Some(run) = self.runs.get_mut(key) else {
            return;
        };
        if run.killing && run.started.is_none() && run.exit.is_none() {
            return;
        }
        run.exit = None;
        run.started = None;
        run.killing = true;
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        let node = pod.spec.as_ref().and_then(|s| s.node_name.clone());
        if let Some(node) = node {
            let requests = scheduler::pod_requests(pod);
            if let Some(used) = self.used.get_mut(&node) {
                for (name, amount) in requests {
                    if let Some(u) = used.get_mut(&name) {
                        *u -= amount;
                    }
                }
            }
        }
        let waiting = std::mem::take(&mut self.unschedulable);
        for pod in waiting {
            let d = self.timing.schedule.sample(&mut self.rng);
            self.queue.push(self.now().after(d), Event::Schedule(pod));
        }
    }

    /// The kubelet's graceful termination of a pod marked for deletion.
    // Upstream: pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
    fn terminate(&mut self, key: &Key) {
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        let terminal = matches!(
            pod.status.as_ref().and_then(|s| s.phase.as_deref()),
            Some("Succeeded" | "Failed")
        );
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        let Some(run) = self.runs.get(key).cloned() else {
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
        if let Some(r) = self.runs.get_mut(key) {
            r.killing = true;
        }
        let names: Vec<String> = pod
            .spec
            .iter()
            .flat_map(|s| s.containers.iter().map(|c| c.name.clone()))
            .collect();
        for name in names {
            let message = format!("Stopping container {name}");
            self.record("Normal", "Killing", format!("pod/{}", key.1), message);
        }
        self.pod_line(key, "1/1", "Terminating");
        let grace_ms = SimDuration::from_secs(u64::try_from(grace).unwrap_or(0));
        let (after, code) = match run.sigterm {
            Some(Sigterm::Ignores) => (grace_ms, 137),
            _ => (
                self.timing.termination.sample(&mut self.rng).min(grace_ms),
                143,
            ),
        };
        self.queue.push(
            self.now().after(after),
            Event::Killed {
                pod: key.clone(),
                exit_code: code,
            },
        );
    }

    fn killed(&mut self, key: Key, exit_code: i32) {
        let now = self.api_now();
        let running = self
            .store
            .pod(&key)
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.phase.as_deref())
            .is_some_and(|p| p == "Running" || p == "Pending");
        if running {
            self.store.update_pod(&key, |p| {
                let status = p.status.get_or_insert_with(PodStatus::default);
                status.phase = Some("Failed".into());
                set_condition(status, "Ready", "False", Some(("PodCompleted", "")), now);
                for cs in status.container_statuses.iter_mut().flatten() {
                    cs.state = Some(ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code,
                            reason: Some("Error".into()),
                            finished_at: Some(now),
                            ..Default::default()
                        }),
                        ..Default::default()
                    });
                    cs.ready = false;
                }
            });
            self.finish_record(&key, "Failed", exit_code, "Error");
            self.pod_line(&key, "0/1", "Error");
        }
        if let Some(r) = self.runs.get_mut(&key) {
            r.killing = false;
        }
        self.release(&key);
        self.store.delete_pod(&key, now, 0);
    }

    fn find_pod(&self, target: &PodTarget) -> Option<Key> {
        match target {
            PodTarget::Name(name) => self
                .store
                .pods()
                .find(|(k, _)| k.1 == *name)
                .map(|(k, _)| k.clone()),
            PodTarget::JobIndex { job, index } => {
                let job_key = self.store.jobs().find(|(k, _)| k.1 == *job)?.0.clone();
                let active: Vec<&Pod> = self
                    .store
                    .pods_of(&job_key)
                    .into_iter()
                    .filter(|p| JobPod::from_pod(p).is_active())
                    .collect();
                let by_index = active
                    .iter()
                    .find(|p| JobPod::from_pod(p).index == Some(*index));
                by_index
                    .or_else(|| active.get(usize::try_from(*index).ok()?))
                    .map(|p| super::store::key_of(&p.metadata))
            }
        }
    }

    fn action(&mut self, i: usize) {
        let Some(action) = self.actions.get(i).cloned() else {
            return;
        };
        let target = match &action.kind {
            ActionKind::FailPod { target, .. }
            | ActionKind::OomKill { target }
            | ActionKind::DeletePod { target } => target,
        };
        let Some(key) = self.find_pod(target) else {
            self.record(
                "Warning",
                "ActionSkipped",
                "simulation".into(),
                format!("no pod matches {target:?}"),
            );
            return;
        };
        let attempt = self.runs.get(&key).map(|r| r.attempt);
        match action.kind {
            ActionKind::FailPod { exit_code, .. } => {
                if let Some(attempt) = attempt {
                    self.exit(key, attempt, Some((exit_code, "Error")));
                }
            }
            ActionKind::OomKill { .. } => {
                if let Some(attempt) = attempt {
                    self.exit(key, attempt, Some((137, "OOMKilled")));
                }
            }
            ActionKind::DeletePod { .. } => {
                let grace = self
                    .store
                    .pod(&key)
                    .and_then(|p| p.spec.as_ref())
                    .and_then(|s| s.termination_grace_period_seconds)
                    .unwrap_or(30);
                let now = self.api_now();
                self.store.delete_pod(&key, now, grace);
            }
        }
    }
}

/// Succeeded or Failed.
fn is_terminal(pod: &Pod) -> bool {
    matches!(
        pod.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded" | "Failed")
    )
}

fn set_condition(
    status: &mut PodStatus,
    type_: &str,
    value: &str,
    reason: Option<(&str, &str)>,
    now: Time,
) {
    let conditions = status.conditions.get_or_insert_with(Vec::new);
    let (reason, message) = match reason {
        Some((r, m)) => (
            Some(r.to_string()),
            Some(m.to_string()).filter(|m| !m.is_empty()),
        ),
        None => (None, None),
    };
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != value {
                c.last_transition_time = Some(now);
            }
            c.status = value.into();
            c.reason = reason;
            c.message = message;
        }
        None => conditions.push(PodCondition {
            type_: type_.into(),
            status: value.into(),
            last_transition_time: Some(now),
            reason,
            message,
            ..Default::default()
        }),
    }
}

fn waiting_statuses(
    spec: Option<&crate::api::PodSpec>,
    reason: &str,
    restarts: i32,
) -> Vec<ContainerStatus> {
    spec.map(|s| s.containers.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| ContainerStatus {
            name: c.name.clone(),
            state: Some(ContainerState {
                waiting: Some(ContainerStateWaiting {
                    reason: Some(reason.into()),
                    message: None,
                }),
                ..Default::default()
            }),
            image: c.image.clone().unwrap_or_default(),
            restart_count: restarts,
            started: Some(false),
            ..Default::default()
        })
        .collect()
}

/// How long a signed duration is, for the work queue (negative counts as zero).
pub fn sim_duration(d: SignedDuration) -> SimDuration {
    SimDuration::from_millis(u64::try_from(d.as_millis()).unwrap_or(0))
}
