//! The virtual cluster at work: the store, the Job controller behind its work queue, the
//! scheduler and a kubelet per node, driven by next-event time advance over one event queue.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::SignedDuration;

use crate::api::Time;
use crate::controllers::job::pod::JobPod;
use crate::controllers::job::sync::SYNC_JOB_BATCH_PERIOD;

use super::api_rate::TokenBucket;
use super::interner::Interner;
use super::lookup::LookupMap;
use super::node_verdicts::NodeVerdicts;
use super::ordered_key::OrderedKey;
use super::pod_address::{Address, AddressKey};
use super::pod_counts::{Sample, Samples};
use super::queue::EventQueue;
use super::rng::SimRng;
use super::runtime::Sigterm;
use super::scenario::{Action, NodeSpec, Scenario, Timing, Until};
use super::scheduler::{self, NodeUsage};
use super::service_account_token::TOKEN_VOLUME_STREAM;
use super::spec_pool::SpecPool;
use super::store::{Change, ChangeType, Key, Kind, Store};
use super::time::{Clock, SimDuration, SimTime};
use super::work_queue::WorkQueue;
use pod_network::NodeNetwork;

mod actions;
mod active_deadline;
mod api_writes;
mod apply;
mod cleanup;
mod commands;
mod control_plane;
mod cronjob_controller;
mod cronjob_view;
mod init_containers;
mod job_controller;
mod logs;
mod namespaces;
mod nodes;
mod pod_admission;
mod pod_conditions;
mod pod_gc;
mod pod_lifecycle;
mod pod_network;
mod pod_termination;
mod priority;
mod records;
mod runtime_ids;
mod scheduling;
mod sidecars;
mod work_queues;

use self::pod_lifecycle::NodeImage;

pub use apply::{merge_patch, strategic_merge, ApplyMode};
pub use commands::{job_not_found, KubectlRecord, Propagation};
pub use cronjob_controller::CronJobRecord;
pub use cronjob_view::{
    cron_job_view, schedule_in_words, CronEvent, CronJobView, Slot, SlotState, SLOTS_AHEAD,
    SLOTS_BEHIND,
};
pub use logs::{ContainerRun, LogError};
pub use nodes::{node_not_found, pod_not_found, NOT_READY_TAINT, UNREACHABLE_TAINT};
pub use records::{
    object_label, EventRecord, Explained, JobLine, JobRecord, PodLine, PodRecord, PodRecords,
    Regarding, EXPLAINED_RECONCILES, SIMULATION,
};

/// At most this many events are processed in one run (a guard against a run that never ends).
pub const MAX_EVENTS: u64 = 50_000_000;

/// A pod's events carry the key the store keeps for the pod (shared, not copied).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    /// The Job controller's work queue hands out a key.
    Reconcile(Key),
    Schedule(Arc<Key>),
    /// The kubelet starts the pod's containers (after the image pull and the start latency).
    Start {
        pod: Arc<Key>,
        attempt: u32,
    },
    /// An image pull of the pod's kubelet ends (the `Pulled` event and its message).
    Pulled {
        pod: Arc<Key>,
        attempt: u32,
        message: Arc<str>,
    },
    /// The containers of this attempt exit (with an override: failPod, oomKill).
    Exit {
        pod: Arc<Key>,
        attempt: u32,
        forced: Option<(i32, &'static str)>,
    },
    Restart {
        pod: Arc<Key>,
        attempt: u32,
    },
    /// The graceful termination of a deleted pod ends.
    Killed {
        pod: Arc<Key>,
        exit_code: i32,
    },
    Action(usize),
    /// The TTL-after-finished controller looks at a Job.
    Ttl(Key),
    /// The garbage collector looks at a deleted Job's pods.
    Collect(Key),
    /// The pod garbage collector's pass over the finished pods.
    PodGc,
    /// A deletion of the pod garbage collector whose API rate-limit token is due.
    PodGcDelete(Arc<Key>),
    /// The node lifecycle controller looks at a node.
    NodeMonitor(String),
    /// The taint-eviction controller's timer for a pod on a tainted node.
    TaintEviction(Arc<Key>),
    /// The controllers and the scheduler wake (`controllersDown`).
    ControllersUp,
    /// The CronJob controller's work queue hands out a key.
    CronSync(Key),
    /// A sidecar's run ends on its own.
    SidecarExit {
        pod: Arc<Key>,
        index: usize,
        attempt: u32,
    },
    /// A sidecar's CrashLoopBackOff delay ends.
    SidecarRestart {
        pod: Arc<Key>,
        index: usize,
        attempt: u32,
    },
    /// The sidecars of a pod whose containers are done have stopped.
    SidecarsStopped(Arc<Key>),
    /// A pod's own active deadline (`spec.activeDeadlineSeconds`) passes.
    ActiveDeadline(Arc<Key>),
    /// A Job sync's write whose API rate-limit token is due.
    JobWrite {
        job: Key,
        write: Box<api_writes::JobWrite>,
    },
    /// A write of the garbage collector whose API rate-limit token is due.
    GcWrite {
        job: Key,
        action: Box<crate::controllers::gc::GcAction>,
    },
    /// A write of the scheduler whose API rate-limit token is due.
    SchedulerWrite {
        pod: Arc<Key>,
        write: Box<scheduling::SchedulerWrite>,
    },
    /// A queue consumer is done with its item and looks at the queue again.
    QueueTake {
        pod: Arc<Key>,
        attempt: u32,
    },
}

/// The kubelet's memory of a pod it runs.
#[derive(Clone, Debug, Default)]
struct PodRun {
    /// The node whose kubelet runs the pod, by its place in `nodes`.
    node: usize,
    attempt: u32,
    started: Option<SimTime>,
    /// The attempt's exit: code and reason, or `None` while it runs until killed.
    exit: Option<(i32, &'static str)>,
    sigterm: Option<Sigterm>,
    killing: bool,
    /// The restarts of the running stage's containers (an init container's, then the pod's).
    restarts: i32,
    /// How many of the pod's init containers are done (completed, or started sidecars).
    init: usize,
    /// The sidecars it has started.
    sidecars: Vec<sidecars::SidecarRun>,
    /// The phase, exit code and reason the pod finishes with once its sidecars have stopped.
    finishing: Option<Box<(&'static str, i32, &'static str)>>,
}

impl PodRun {
    /// Whether the pod still holds its node's resources: not yet released by its end.
    fn holds_resources(&self) -> bool {
        !(self.killing && self.started.is_none() && self.exit.is_none())
    }
}

pub struct World {
    clock: Clock,
    queue: EventQueue<Event>,
    rng: SimRng,
    pub store: Store,
    timing: Timing,
    nodes: Vec<NodeSpec>,
    /// Per node, in the order of `nodes`, its images (see [`NodeImage`]).
    images: Vec<BTreeMap<String, NodeImage>>,
    /// Where the scheduler's next search for nodes starts (the node after the last it filtered).
    search_start: usize,
    /// The IDs of the images run so far, by normalized reference.
    image_ids: LookupMap<String, Arc<str>>,
    /// The container runtime's own stream of the seed, which names containers.
    runtime_rng: SimRng,
    /// The ServiceAccount admission's own stream of the seed, which names token volumes.
    token_rng: SimRng,
    /// Per node, in the order of `nodes`, when its kubelet's image puller is free (image
    /// pulls are serialized); `None` before its first pull.
    puller_free: Vec<Option<SimTime>>,
    /// The pods' specs, equal ones kept once.
    specs: SpecPool,
    /// The events' repeated texts, kept once.
    texts: Interner,
    /// The scheduler's cache of each node's resources, in the order of `nodes`.
    usage: Vec<NodeUsage>,
    /// What the scheduler made of each node for the last pods of one spec.
    verdicts: NodeVerdicts,
    /// Each node's address and pod IP allocator, in the order of `nodes`.
    networks: Vec<NodeNetwork>,
    unschedulable: BTreeSet<Key>,
    /// The pods preemption nominated to a node, by key.
    nominated: BTreeMap<Key, scheduling::Nomination>,
    /// The pods the scheduler assumed on a node (by its place) whose bind has not gone out.
    assumed: BTreeMap<Key, usize>,
    workqueue: BTreeMap<Key, SimTime>,
    /// The Job controller's API rate limit (the controller manager's), when the scenario sets one.
    api: Option<TokenBucket>,
    /// The garbage collector's: the controller manager's at twice the rate.
    gc_api: Option<TokenBucket>,
    /// The garbage collector's writes waiting for their token, by Job and dependent (the
    /// Job's own finalizer under an empty name): a pass does not ask for them again.
    gc_pending: BTreeSet<(Key, String)>,
    /// The scheduler's API rate limit, when the scenario sets one.
    scheduler_api: Option<TokenBucket>,
    /// The pod garbage collector's threshold, client and passes.
    pod_gc: pod_gc::PodGc,
    /// The Jobs whose last sync still sends writes (paced by `api`), until when.
    job_busy: BTreeMap<Key, SimTime>,
    /// The buffer that watch notifications are dispatched from, kept for its allocation.
    changes: Vec<Change>,
    /// Per Job, the controller's view of its pods that are unfinished or still carry the
    /// tracking finalizer, by pod.
    live: BTreeMap<Key, BTreeMap<OrderedKey, JobPod>>,
    /// The Job under which each pod of `live` is kept, and its key there (both shared with
    /// the store).
    live_job: LookupMap<AddressKey, (Arc<Key>, OrderedKey)>,
    /// Views of forgotten pods, kept for new pods' (at most [`job_controller::SPARE_VIEWS`]).
    spare_views: Vec<JobPod>,
    /// The kubelets' runs by pod (looked up, never iterated).
    runs: LookupMap<AddressKey, PodRun>,
    actions: Vec<Action>,
    until: Until,
    pub job_records: BTreeMap<Key, JobRecord>,
    pub pod_records: PodRecords,
    pub events: Vec<EventRecord>,
    pub pod_lines: Vec<PodLine>,
    /// Every write of a Job, as `kubectl get jobs -w` prints it.
    pub job_lines: Vec<JobLine>,
    /// The pods' counts at each instant they changed (the playground's timeline).
    pub pod_counts: Samples,
    pub events_processed: u64,
    /// The kubectl commands run on the world (the scenario's `kubectl:` actions, the console),
    /// with what they printed.
    pub kubectl_log: Vec<KubectlRecord>,
    /// While a kubectl command runs (a `wait`, a `get -w`), the scenario's next ones wait
    /// their turn here, as they would at a console.
    kubectl_queue: Option<Vec<(String, Option<String>)>>,
    /// The containers' logs, for `kubectl logs`.
    logs: logs::PodLogs,
    /// Nodes whose kubelet stopped reporting, and since when.
    silent: BTreeMap<String, SimTime>,
    /// When the kubelets that reported again after a silence renewed their Lease anew (the
    /// others renew it every 10 s from t = 0).
    lease_origin: BTreeMap<String, SimTime>,
    /// The kubelet events of a silent node's pods, delivered when it reports again.
    held: BTreeMap<String, Vec<Event>>,
    /// When the sleeping controllers wake (`controllersDown`).
    asleep_until: Option<SimTime>,
    /// The controllers' work that waits for them to wake.
    slept: Vec<Event>,
    /// The CronJob controller's delaying queue, its retries, and the schedules it last saw.
    cron_queue: BTreeMap<Key, SimTime>,
    cron_failures: BTreeMap<Key, u32>,
    cron_seen: BTreeMap<Key, cronjob_controller::SeenSchedule>,
    pub cron_job_records: BTreeMap<Key, CronJobRecord>,
    /// The scenario's work queues, by name, and the containers consuming them.
    work_queues: BTreeMap<String, WorkQueue>,
    consumers: BTreeMap<Key, work_queues::ConsumerRun>,
}

impl World {
    /// A cluster with the scenario's nodes and Jobs applied at t = 0.
    pub fn new(scenario: Scenario, rng: SimRng) -> Result<World, String> {
        let (api_qps, scheduler_qps) = (scenario.timing.api_qps, scenario.timing.scheduler_qps);
        let pod_gc = pod_gc::PodGc::new(scenario.timing.terminated_pod_gc_threshold, api_qps);
        let node_count = scenario.nodes.len();
        let runtime_rng = rng.stream(runtime_ids::RUNTIME_STREAM);
        let token_rng = rng.stream(TOKEN_VOLUME_STREAM);
        let usage = scenario
            .nodes
            .iter()
            .map(|n| NodeUsage {
                allocatable: scheduler::allocatable(n),
                ..Default::default()
            })
            .collect();
        let networks = (0..scenario.nodes.len()).map(NodeNetwork::new).collect();
        let mut world = World {
            clock: Clock::new(scenario.start),
            queue: EventQueue::new(),
            rng,
            store: Store::new(),
            timing: scenario.timing,
            nodes: scenario.nodes,
            images: vec![BTreeMap::new(); node_count],
            search_start: 0,
            image_ids: LookupMap::default(),
            runtime_rng,
            token_rng,
            puller_free: vec![None; node_count],
            specs: SpecPool::default(),
            texts: Interner::default(),
            networks,
            usage,
            verdicts: NodeVerdicts::default(),
            unschedulable: BTreeSet::new(),
            nominated: BTreeMap::new(),
            assumed: BTreeMap::new(),
            workqueue: BTreeMap::new(),
            api: api_qps.map(TokenBucket::new),
            gc_api: api_qps.map(|rate| TokenBucket::new(rate.doubled())),
            gc_pending: BTreeSet::new(),
            scheduler_api: scheduler_qps.map(TokenBucket::new),
            pod_gc,
            job_busy: BTreeMap::new(),
            changes: Vec::new(),
            live: BTreeMap::new(),
            live_job: LookupMap::default(),
            spare_views: Vec::new(),
            runs: LookupMap::default(),
            actions: scenario.actions,
            until: scenario.until,
            job_records: BTreeMap::new(),
            pod_records: PodRecords::default(),
            events: Vec::new(),
            pod_lines: Vec::new(),
            job_lines: Vec::new(),
            pod_counts: Samples::default(),
            events_processed: 0,
            kubectl_log: Vec::new(),
            kubectl_queue: None,
            logs: LookupMap::default(),
            silent: BTreeMap::new(),
            lease_origin: BTreeMap::new(),
            held: BTreeMap::new(),
            asleep_until: None,
            slept: Vec::new(),
            cron_queue: BTreeMap::new(),
            cron_failures: BTreeMap::new(),
            cron_seen: BTreeMap::new(),
            cron_job_records: BTreeMap::new(),
            work_queues: scenario
                .queues
                .iter()
                .map(|q| (q.name.clone(), WorkQueue::new(q)))
                .collect(),
            consumers: BTreeMap::new(),
        };
        world.register_nodes()?;
        world.register_namespaces(&scenario.namespaces);
        world.register_priority_classes(scenario.priority_classes);
        for (i, action) in world.actions.iter().enumerate() {
            world
                .queue
                .push(SimTime::ZERO.after(action.at), Event::Action(i));
        }
        for job in scenario.jobs {
            let key = world.store.create_job(job)?;
            world.job_records.insert(key, JobRecord::default());
        }
        for cron_job in scenario.cron_jobs {
            let key = world.store.create_cron_job(cron_job)?;
            world.cron_job_records.insert(key, CronJobRecord::default());
        }
        world.dispatch();
        Ok(world)
    }

    pub fn now(&self) -> SimTime {
        self.clock.now()
    }

    /// The virtual nodes as the scheduler sees them (cordon and taints follow the Node objects;
    /// `store.node(name)` has the whole object).
    pub fn nodes(&self) -> &[NodeSpec] {
        &self.nodes
    }

    /// A node's allocatable resources and those requested by the pods bound to it
    /// (milli-units, in the order of [`scheduler::RESOURCES`]).
    pub fn node_usage(&self, node: &str) -> Option<NodeUsage> {
        let i = self.nodes.iter().position(|n| n.name == node)?;
        self.usage.get(i).copied()
    }

    /// The wall-clock time of a virtual time.
    pub fn wall(&self, t: SimTime) -> jiff::Timestamp {
        self.clock.wall(t)
    }

    /// Whether `key` is the key the store shares for a pod it holds: the world's own tables of
    /// pods are keyed by its address (checked where they get an entry, in debug builds).
    fn is_shared_pod_key(&self, key: &Arc<Key>) -> bool {
        self.store.pod_key(key).is_some_and(|k| Arc::ptr_eq(k, key))
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

    /// Whether the scenario's end has come: with `until: done`, every Job finished and nothing
    /// else due now; with a duration, the horizon reached.
    pub fn finished(&self) -> bool {
        match self.until {
            Until::Done => {
                self.all_jobs_done()
                    && self.cron_jobs_idle()
                    && self.queue.next_time() != Some(self.now())
            }
            Until::After(d) => self.now() >= SimTime::ZERO.after(d),
        }
    }

    /// The time of the next pending event, if any.
    pub fn next_event_at(&self) -> Option<SimTime> {
        self.queue.next_time()
    }

    /// Processes the next event if it is due at or before `horizon`; `false` when none is.
    fn process_next(&mut self, horizon: SimTime) -> Result<bool, String> {
        let Some((at, event)) = self.queue.pop_due(horizon) else {
            return Ok(false);
        };
        self.clock.advance_to(at).map_err(|e| e.to_string())?;
        self.events_processed += 1;
        self.handle(event);
        self.dispatch();
        Ok(true)
    }

    /// The last instant the scenario runs to: its `until` duration (no end with `until: done`).
    fn horizon(&self) -> SimTime {
        match self.until {
            Until::Done => SimTime::from_millis(u64::MAX),
            Until::After(d) => SimTime::ZERO.after(d),
        }
    }

    /// Processes the events due at or before `to` (never past the scenario's `until`), at most
    /// `budget` of them, and moves the clock to `to` once none is left before it. Returns how
    /// many were processed: a caller that paces playback (the page's animation frame) gets the
    /// virtual clock slowed, never frozen.
    pub fn advance_to(&mut self, to: SimTime, budget: u64) -> Result<u64, String> {
        let to = to.min(self.horizon());
        let mut processed = 0;
        while processed < budget {
            if !self.process_next(to)? {
                if to > self.now() {
                    self.clock.advance_to(to).map_err(|e| e.to_string())?;
                }
                break;
            }
            processed += 1;
        }
        Ok(processed)
    }

    /// Processes every event of the next instant that has one (the clock's "step"). With no
    /// event left before the scenario's `until`, the last step moves the clock to it; `None`
    /// once there is nothing left to do.
    pub fn step(&mut self) -> Result<Option<SimTime>, String> {
        let horizon = self.horizon();
        match self.queue.next_time() {
            Some(at) if at <= horizon => {
                while self.process_next(at)? {}
                Ok(Some(at))
            }
            _ if self.until != Until::Done && self.now() < horizon => {
                self.clock.advance_to(horizon).map_err(|e| e.to_string())?;
                Ok(Some(horizon))
            }
            _ => Ok(None),
        }
    }

    /// Runs to the scenario's horizon: every Job finished (`until: done`) or the duration.
    // Upstream: none — the discrete-event loop that stands in for the cluster's processes.
    pub fn run(&mut self) -> Result<(), String> {
        let horizon = self.horizon();
        while self.events_processed < MAX_EVENTS {
            if self.until == Until::Done && self.finished() {
                return Ok(());
            }
            if !self.process_next(horizon)? {
                if let Until::After(_) = self.until {
                    self.clock.advance_to(horizon).map_err(|e| e.to_string())?;
                }
                return Ok(());
            }
        }
        Err(format!("the run did not end within {MAX_EVENTS} events"))
    }

    fn handle(&mut self, event: Event) {
        let Some(event) = self.defer(event) else {
            return;
        };
        match event {
            Event::Reconcile(key) => self.reconcile(key),
            Event::Schedule(key) => self.schedule(key),
            Event::Start { pod, attempt } => {
                self.start(pod.clone(), attempt);
                self.attach_consumer(&pod, attempt);
            }
            Event::Exit {
                pod,
                attempt,
                forced,
            } => self.exit(pod, attempt, forced),
            Event::Restart { pod, attempt } => self.restart(pod, attempt),
            Event::Pulled {
                pod,
                attempt,
                message,
            } => self.pulled(pod, attempt, message),
            Event::Killed { pod, exit_code } => self.killed(pod, exit_code),
            Event::Action(i) => self.scheduled_action(i),
            Event::Ttl(key) => self.ttl(key),
            Event::Collect(key) => self.collect(key),
            Event::NodeMonitor(node) => self.monitor_node(&node),
            Event::TaintEviction(key) => self.taint_evict(key),
            Event::ControllersUp => self.controllers_up(),
            Event::PodGc => self.pod_gc_pass(),
            Event::PodGcDelete(key) => self.pod_gc_delete(&key),
            Event::CronSync(key) => self.cron_sync(key),
            Event::QueueTake { pod, attempt } => self.queue_take(pod, attempt),
            Event::SidecarExit {
                pod,
                index,
                attempt,
            } => self.sidecar_exited(pod, index, attempt),
            Event::SidecarRestart {
                pod,
                index,
                attempt,
            } => self.sidecar_restart(pod, index, attempt),
            Event::SidecarsStopped(pod) => self.sidecars_stopped(pod),
            Event::ActiveDeadline(pod) => self.active_deadline_passed(pod),
            Event::JobWrite { job, write } => self.job_write_due(job, *write),
            Event::SchedulerWrite { pod, write } => self.scheduler_write_due(pod, *write),
            Event::GcWrite { job, action } => self.gc_write_due(job, *action),
        }
    }

    /// Puts a Job key on the controller's work queue; an earlier pending time wins.
    // Upstream: client-go util/workqueue delaying_queue.go AddAfter
    fn enqueue(&mut self, key: &Key, delay: SimDuration) {
        let at = self.now().after(delay);
        if self.workqueue.get(key).is_some_and(|t| *t <= at) {
            return;
        }
        self.workqueue.insert(key.clone(), at);
        self.queue.push(at, Event::Reconcile(key.clone()));
    }

    /// Hands the store's watch notifications to the controllers and the kubelets, then keeps
    /// the pods' counts now (every change to the world ends here).
    // Upstream: job_controller.go addJob/updateJob/addPod/updatePod/deletePod handlers
    fn dispatch(&mut self) {
        let mut changes = std::mem::take(&mut self.changes);
        for _ in 0..1_000 {
            self.store.swap_changes(&mut changes);
            if changes.is_empty() {
                break;
            }
            for change in changes.drain(..) {
                if change.kind == Kind::Node {
                    self.node_changed(&change.key.1);
                    continue;
                }
                let delay = self.timing.controller_delay.sample(&mut self.rng);
                let batch = sim_duration(SYNC_JOB_BATCH_PERIOD);
                match change.kind {
                    Kind::Job => {
                        let immediate =
                            change.change == ChangeType::Added || change.generation_changed;
                        let d = if immediate { delay } else { delay.plus(batch) };
                        self.job_changed(&change.key, change.change, delay);
                        if let Some(cron_job) = change.owner {
                            self.enqueue_cron_job(Arc::unwrap_or_clone(cron_job), delay);
                        }
                        self.enqueue(&change.key, d);
                    }
                    Kind::CronJob => {
                        let key = Arc::unwrap_or_clone(change.key);
                        self.cron_job_changed(key, change.change, delay);
                    }
                    // Handled above: no controller delay is drawn for a node.
                    Kind::Node => {}
                    Kind::Pod => {
                        self.track_live(change.owner.as_ref(), &change.key, change.change);
                        if let Some(job) = change.owner {
                            let deleting = self
                                .store
                                .job(&job)
                                .is_none_or(|j| j.metadata.deletion_timestamp.is_some());
                            if deleting {
                                let at = self.now().after(delay);
                                self.queue.push(at, Event::Collect((*job).clone()));
                            }
                            self.enqueue(&job, delay.plus(batch));
                        }
                        self.pod_changed(&change.key, change.change);
                    }
                }
            }
        }
        self.changes = changes;
        self.pod_gc_wanted();
        let counts = Sample::from_counts(self.now(), self.store.pod_tallies());
        self.pod_counts.record(counts);
    }

    fn job_changed(&mut self, key: &Key, change: ChangeType, delay: SimDuration) {
        self.job_line(key);
        let at = self.now().after(delay);
        match change {
            ChangeType::Deleted => {
                if let Some(r) = self.job_records.get_mut(key) {
                    r.deleted_at = Some(self.clock.now());
                    r.explained.clear();
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

    fn pod_changed(&mut self, key: &Arc<Key>, change: ChangeType) {
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
                if marked && !self.on_silent_node(key) {
                    self.terminate(key);
                }
            }
            ChangeType::Deleted => {
                self.nominated.remove(&**key);
                self.release(key);
                self.runs.remove(&Address::of(key));
                self.logs.remove(&Address::of(key));
                self.unschedulable.remove(key);
                if let Some(r) = self.pod_records.get_mut(key) {
                    r.deleted_at = Some(self.clock.now());
                }
                self.pod_records.close(key);
            }
        }
    }
}

/// How long a signed duration is, for the work queue (negative counts as zero).
pub fn sim_duration(d: SignedDuration) -> SimDuration {
    SimDuration::from_millis(u64::try_from(d.as_millis()).unwrap_or(0))
}
