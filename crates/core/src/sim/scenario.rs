//! A scenario file: the `Simulation` document (seed, start, until, nodes, timing, actions) and
//! the Kubernetes manifests beside it, read and admitted as `kubectl apply` would
//! (`../shared/spec/scenario.md`).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use crate::api::decode::decode_strict;
use crate::api::namespace::SYSTEM_NAMESPACES;
use crate::api::node::Taint;
use crate::api::priority_class::system_priority_classes;
use crate::api::{CronJob, Job, Namespace, Node, ObjectMeta, PriorityClass, Quantity, StringMap};
use crate::controllers::pod_gc::TERMINATED_POD_GC_THRESHOLD;
use crate::go::duration as go_duration;
use crate::go::strconv::Quoted;
use crate::sim::api_rate::ApiRate;
use crate::validation::cronjob::validate_cronjob;
use crate::validation::defaults::{
    default_cronjob, default_job, default_priority_class, prepare_cronjob_for_create,
    prepare_job_for_create,
};
use crate::validation::field::kubectl_invalid_message;
use crate::validation::objectmeta::check_namespace;
use crate::validation::priority_class::check_priority_class;
use crate::validation::validate_job;
use crate::yaml::{parse_documents, to_json};

use super::kubelet;
use super::rng::SimRng;
use super::time::SimDuration;
use super::work_queue::{QueueSpec, DEFAULT_PER_ITEM};

/// When a run stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// Every Job finished and nothing is left to happen.
    Done,
    /// This long after the start.
    After(SimDuration),
}

/// A latency: fixed, or drawn in `min..=max` from the run's generator at each use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    pub min: SimDuration,
    pub max: SimDuration,
}

impl Latency {
    pub const fn fixed(d: SimDuration) -> Self {
        Latency { min: d, max: d }
    }

    pub fn sample(&self, rng: &mut SimRng) -> SimDuration {
        SimDuration::from_millis(rng.between(self.min.as_millis(), self.max.as_millis()))
    }
}

/// The latencies of the virtual cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timing {
    pub controller_delay: Latency,
    pub schedule: Latency,
    pub image_pull: Latency,
    pub container_start: Latency,
    pub default_run: SimDuration,
    pub termination: Latency,
    /// A node whose kubelet is silent this long turns NotReady (kube-controller-manager
    /// `--node-monitor-grace-period`).
    pub node_monitor_grace: SimDuration,
    /// The `tolerationSeconds` the DefaultTolerationSeconds admission plugin gives every pod
    /// for the not-ready and unreachable NoExecute taints.
    pub not_ready_toleration: SimDuration,
    /// The controller manager's API rate limit, when the scenario sets one (`apiQps`).
    pub api_qps: Option<ApiRate>,
    /// The scheduler's API rate limit, which its binds wait for (`schedulerQps`).
    pub scheduler_qps: Option<ApiRate>,
    /// How many finished pods the pod garbage collector keeps (kube-controller-manager
    /// `--terminated-pod-gc-threshold`; 0: all of them).
    pub terminated_pod_gc_threshold: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            controller_delay: Latency::fixed(SimDuration::from_millis(100)),
            schedule: Latency::fixed(SimDuration::from_millis(50)),
            image_pull: Latency {
                min: SimDuration::from_secs(1),
                max: SimDuration::from_secs(3),
            },
            container_start: Latency::fixed(SimDuration::from_millis(500)),
            default_run: SimDuration::from_secs(5),
            termination: Latency::fixed(SimDuration::from_secs(1)),
            node_monitor_grace: SimDuration::from_secs(40),
            not_ready_toleration: SimDuration::from_secs(300),
            api_qps: None,
            scheduler_qps: None,
            terminated_pod_gc_threshold: TERMINATED_POD_GC_THRESHOLD,
        }
    }
}

/// A virtual node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    pub name: String,
    /// Allocatable resources: `cpu`, `memory`, `nvidia.com/gpu` (in milli-units).
    pub allocatable: BTreeMap<String, i64>,
    pub labels: StringMap,
    pub unschedulable: bool,
    /// `spec.taints` (the node lifecycle controller adds and removes its own).
    pub taints: Vec<Taint>,
}

/// A timed action of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub at: SimDuration,
    pub kind: ActionKind,
}

/// Which pod an action aims at: by name, or a Job's index (the n-th oldest active pod of a
/// NonIndexed Job).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodTarget {
    Name(String),
    JobIndex { job: String, index: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionKind {
    FailPod {
        target: PodTarget,
        exit_code: i32,
    },
    OomKill {
        target: PodTarget,
    },
    DeletePod {
        target: PodTarget,
    },
    /// The Eviction API on one pod (DisruptionTarget `EvictionByEvictionAPI`).
    EvictPod {
        target: PodTarget,
    },
    /// The kubelet evicts every pod of the node (node-pressure eviction: Failed, `Evicted`).
    EvictNode {
        name: String,
    },
    /// The node's kubelet stops reporting.
    NodeDown {
        name: String,
    },
    /// The node's kubelet reports again.
    NodeUp {
        name: String,
    },
    Cordon {
        name: String,
    },
    Uncordon {
        name: String,
    },
    /// `kubectl drain`: cordon, then evict the node's pods through the Eviction API.
    Drain {
        name: String,
    },
    /// The controllers and the scheduler sleep this long (a laptop lid closed).
    ControllersDown {
        for_: SimDuration,
    },
    /// A kubectl command line, run as the console runs it; `stdin` is what `-f -` reads.
    Kubectl {
        command: String,
        stdin: Option<String>,
    },
}

/// A scenario, read and admitted.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub seed: u64,
    pub start: Timestamp,
    pub until: Until,
    pub nodes: Vec<NodeSpec>,
    pub timing: Timing,
    pub actions: Vec<Action>,
    /// The Jobs, decoded, defaulted, prepared (uid from the run's generator) and validated.
    pub jobs: Vec<Job>,
    /// The CronJobs, admitted the same way.
    pub cron_jobs: Vec<CronJob>,
    /// The work queues (`spec.queues`; see [`super::work_queue`]).
    pub queues: Vec<QueueSpec>,
    /// The namespaces at t = 0: the cluster's own, then those of the Namespace documents.
    pub namespaces: Vec<String>,
    /// The PriorityClass documents, admitted (the system's own classes are not among them).
    pub priority_classes: Vec<PriorityClass>,
}

/// Why a scenario cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A run's seed and horizon as the command line may override them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub seed: Option<u64>,
    pub until: Option<Until>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SimulationDoc {
    #[serde(rename = "apiVersion")]
    _api_version: Option<String>,
    #[serde(rename = "kind")]
    _kind: Option<String>,
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    spec: SimulationSpec,
}

#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SimulationSpec {
    seed: Option<u64>,
    start: Option<String>,
    until: Option<String>,
    nodes: Option<Vec<NodeDoc>>,
    #[serde(default)]
    timing: TimingDoc,
    #[serde(default)]
    actions: Vec<ActionDoc>,
    #[serde(default)]
    queues: Vec<QueueDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NodeDoc {
    name: Option<String>,
    name_prefix: Option<String>,
    count: Option<u32>,
    cpu: Option<Value>,
    memory: Option<Value>,
    gpu: Option<Value>,
    pods: Option<Value>,
    #[serde(default)]
    labels: StringMap,
    #[serde(default)]
    unschedulable: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LatencyDoc {
    Range { min: Value, max: Value },
    Fixed(Value),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TimingDoc {
    controller_delay: Option<LatencyDoc>,
    schedule: Option<LatencyDoc>,
    image_pull: Option<LatencyDoc>,
    container_start: Option<LatencyDoc>,
    default_run: Option<Value>,
    termination: Option<LatencyDoc>,
    node_monitor_grace: Option<Value>,
    not_ready_toleration: Option<Value>,
    api_qps: Option<Value>,
    scheduler_qps: Option<Value>,
    #[serde(rename = "terminatedPodGCThreshold")]
    terminated_pod_gc_threshold: Option<Value>,
}

/// A client's rate limit (`apiQps`, `schedulerQps`): `null`, or `{ qps: 20, burst: 30 }`
/// (burst at least 1; qps above 0).
fn rate_limit(value: Option<&Value>, field: &str) -> Result<Option<ApiRate>, String> {
    let bad = || {
        format!("spec.timing.{field}: expected null or {{ qps: N, burst: N }} (qps > 0, burst ≥ 1)")
    };
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let Some(fields) = value.as_object() else {
        return Err(bad());
    };
    if fields.keys().any(|k| k != "qps" && k != "burst") {
        return Err(bad());
    }
    let milli_qps = fields
        .get("qps")
        .and_then(Value::as_f64)
        .filter(|q| q.is_finite() && *q >= 0.001 && *q <= 1e9)
        .map(|q| (q * 1000.0).round() as u64);
    let burst = fields
        .get("burst")
        .and_then(Value::as_u64)
        .and_then(|b| u32::try_from(b).ok())
        .filter(|b| *b >= 1);
    match (milli_qps, burst) {
        (Some(milli_qps), Some(burst)) => Ok(Some(ApiRate { milli_qps, burst })),
        _ => Err(bad()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ActionDoc {
    at: Value,
    fail_pod: Option<TargetDoc>,
    oom_kill: Option<TargetDoc>,
    delete_pod: Option<TargetDoc>,
    evict_pod: Option<TargetDoc>,
    evict_node: Option<NodeNameDoc>,
    node_down: Option<NodeNameDoc>,
    node_up: Option<NodeNameDoc>,
    cordon: Option<NodeNameDoc>,
    uncordon: Option<NodeNameDoc>,
    drain: Option<NodeNameDoc>,
    controllers_down: Option<ForDoc>,
    kubectl: Option<String>,
    stdin: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeNameDoc {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForDoc {
    #[serde(rename = "for")]
    for_: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TargetDoc {
    pod: Option<String>,
    job: Option<String>,
    index: Option<i64>,
    exit_code: Option<i32>,
}

/// A work queue of `spec.queues`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct QueueDoc {
    name: String,
    #[serde(default)]
    items: Vec<String>,
    per_item: Option<Value>,
}

fn queues(docs: &[QueueDoc]) -> Result<Vec<QueueSpec>, String> {
    let mut out: Vec<QueueSpec> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let field = format!("spec.queues[{i}]");
        if doc.name.is_empty() {
            return Err(format!("{field}.name: required"));
        }
        if out.iter().any(|q| q.name == doc.name) {
            return Err(format!("{field}.name: queue {:?} declared twice", doc.name));
        }
        let per_item = match &doc.per_item {
            Some(v) => parse_duration(v).map_err(|e| format!("{field}.perItem: {e}"))?,
            None => DEFAULT_PER_ITEM,
        };
        out.push(QueueSpec {
            name: doc.name.clone(),
            items: doc.items.clone(),
            per_item,
        });
    }
    Ok(out)
}

/// Why the API server refused to create an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The manifest cannot be decoded or the object is invalid: the API server's message
    /// (`The Job "pi" is invalid: …`).
    Invalid(String),
    /// The object's namespace does not exist; the namespace.
    NamespaceNotFound(String),
    /// An object of the kind and name exists: the store's message.
    AlreadyExists(String),
    /// An admission plugin refused the object: its message.
    Forbidden(String),
}

impl Refusal {
    /// The status reason kubectl names (`Error from server (NotFound)`); kubectl prints an
    /// invalid object's message as it is.
    pub(crate) fn reason(&self) -> Option<&'static str> {
        match self {
            Refusal::Invalid(_) => None,
            Refusal::NamespaceNotFound(_) => Some("NotFound"),
            Refusal::AlreadyExists(_) => Some("AlreadyExists"),
            Refusal::Forbidden(_) => Some("Forbidden"),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Invalid(message)
            | Refusal::AlreadyExists(message)
            | Refusal::Forbidden(message) => f.write_str(message),
            Refusal::NamespaceNotFound(name) => {
                write!(f, "namespaces {} not found", Quoted(name))
            }
        }
    }
}

/// Puts an object that names no namespace in `default`, and refuses it when its namespace
/// does not exist (before the object is validated).
// Upstream: apiserver pkg/admission/plugin/namespace/lifecycle/admission.go Admit
fn admit_namespace(meta: &mut ObjectMeta, exists: impl Fn(&str) -> bool) -> Result<(), Refusal> {
    if meta.namespace.as_deref().unwrap_or("").is_empty() {
        meta.namespace = Some("default".into());
    }
    let namespace = meta.namespace();
    if exists(namespace) {
        Ok(())
    } else {
        Err(Refusal::NamespaceNotFound(namespace.to_string()))
    }
}

/// What the API server gives every object it creates: its namespace (which must exist), a
/// name from `generateName` when it has none, a uid and the creation time.
// Upstream: the API server's create handler (admission, rest.BeforeCreate: generateName,
// FillObjectMetaSystemFields)
fn admit_meta(
    meta: &mut ObjectMeta,
    kind: &str,
    now: Timestamp,
    rng: &mut SimRng,
    namespace_exists: impl Fn(&str) -> bool,
) -> Result<(), Refusal> {
    admit_namespace(meta, namespace_exists)?;
    if meta.name().is_empty() {
        let prefix = meta.generate_name.clone().unwrap_or_default();
        if prefix.is_empty() {
            return Err(Refusal::Invalid(format!(
                "{kind}: metadata.name or metadata.generateName is required"
            )));
        }
        meta.name = Some(format!("{prefix}{}", rng.name_suffix()));
    }
    meta.uid = Some(rng.uid());
    meta.creation_timestamp = Some(now.into());
    Ok(())
}

/// A CronJob manifest admitted as the API server creates it, at `now`, in a namespace for
/// which `namespace_exists` holds.
// Upstream: the API server's create handler (decode, default, admission, PrepareForCreate,
// Validate).
pub(crate) fn admit_cron_job(
    value: &Value,
    now: Timestamp,
    rng: &mut SimRng,
    namespace_exists: impl Fn(&str) -> bool,
) -> Result<CronJob, Refusal> {
    let mut cron_job: CronJob =
        decode_strict(value, "CronJob").map_err(|e| Refusal::Invalid(e.message()))?;
    default_cronjob(&mut cron_job);
    admit_meta(
        &mut cron_job.metadata,
        "CronJob",
        now,
        rng,
        namespace_exists,
    )?;
    prepare_cronjob_for_create(&mut cron_job);
    let errors = validate_cronjob(&cron_job);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(kubectl_invalid_message(
            "CronJob",
            cron_job.metadata.name(),
            &errors,
        )));
    }
    Ok(cron_job)
}

/// A PriorityClass manifest admitted as the API server creates it at `now`, among the
/// cluster's `classes`: defaulted, validated, and refused when it would be a second global
/// default.
// Upstream: registry/scheduling/priorityclass/strategy.go; pkg/apis/scheduling/v1/defaults.go
// SetDefaults_PriorityClass; plugin/pkg/admission/priority/admission.go validatePriorityClass
pub(crate) fn admit_priority_class<'a>(
    value: &Value,
    now: Timestamp,
    rng: &mut SimRng,
    classes: impl Iterator<Item = &'a PriorityClass>,
) -> Result<PriorityClass, Refusal> {
    let mut class: PriorityClass =
        decode_strict(value, "PriorityClass").map_err(|e| Refusal::Invalid(e.message()))?;
    class.metadata.namespace = None;
    default_priority_class(&mut class);
    check_priority_class(&class).map_err(Refusal::Invalid)?;
    check_single_default(&class, classes)?;
    class.metadata.uid = Some(rng.uid());
    class.metadata.creation_timestamp = Some(now.into());
    Ok(class)
}

/// Only one class may be the global default: another may not become it.
// Upstream: plugin/pkg/admission/priority/admission.go validatePriorityClass
pub(crate) fn check_single_default<'a>(
    class: &PriorityClass,
    mut classes: impl Iterator<Item = &'a PriorityClass>,
) -> Result<(), Refusal> {
    let name = class.metadata.name();
    let other = classes.find(|c| c.global_default && c.metadata.name() != name);
    match other.filter(|_| class.global_default) {
        Some(other) => Err(Refusal::Forbidden(format!(
            "priorityclasses.scheduling.k8s.io {} is forbidden: PriorityClass {} is already \
             marked as default. Only one default can exist",
            Quoted(name),
            other.metadata.name()
        ))),
        None => Ok(()),
    }
}

/// `until: done` waits for every Job to finish and no CronJob left to fire: a CronJob that is
/// not suspended fires for ever, so a scenario with one must run for a duration.
fn check_until(until: Until, cron_jobs: &[CronJob]) -> Result<(), String> {
    let firing = cron_jobs
        .iter()
        .find(|c| c.spec.as_ref().is_none_or(|s| s.suspend != Some(true)));
    match (until, firing) {
        (Until::Done, Some(c)) => Err(format!(
            "spec.until: CronJob {:?} fires for ever, so the run would never be done: set \
             spec.until to a duration (e.g. 10m) or --until",
            c.metadata.name()
        )),
        _ => Ok(()),
    }
}

/// Parses a Go-style duration (`100ms`, `5s`, `1m30s`, `2h`); a bare number is seconds.
pub fn parse_duration(value: &Value) -> Result<SimDuration, String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => format!("{n}s"),
        other => return Err(format!("invalid duration {other}")),
    };
    let nanos = go_duration::parse_duration(&text)?;
    let millis = u64::try_from(nanos / 1_000_000)
        .map_err(|_| format!("invalid duration {text:?}: must not be negative"))?;
    Ok(SimDuration::from_millis(millis))
}

fn latency(doc: Option<LatencyDoc>, default: Latency, field: &str) -> Result<Latency, String> {
    let at = |e: String| format!("spec.timing.{field}: {e}");
    match doc {
        None => Ok(default),
        Some(LatencyDoc::Fixed(v)) => parse_duration(&v).map(Latency::fixed).map_err(at),
        Some(LatencyDoc::Range { min, max }) => {
            let min = parse_duration(&min).map_err(at)?;
            let max = parse_duration(&max).map_err(at)?;
            if max < min {
                return Err(at("max is below min".into()));
            }
            Ok(Latency { min, max })
        }
    }
}

fn quantity_milli(value: Option<&Value>, field: &str) -> Result<Option<i64>, String> {
    let text = match value {
        None => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("{field}: invalid quantity {other}")),
    };
    Quantity::parse(&text)
        .map(|q| Some(q.milli_value()))
        .map_err(|_| format!("{field}: invalid quantity {text:?}"))
}

fn nodes(docs: Option<Vec<NodeDoc>>) -> Result<Vec<NodeSpec>, String> {
    let Some(docs) = docs else {
        return Ok(default_cluster());
    };
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let field = format!("spec.nodes[{i}]");
        let mut allocatable = BTreeMap::new();
        let resources = [
            ("cpu", &doc.cpu, 4_000),
            ("memory", &doc.memory, 8 * 1024 * 1024 * 1024 * 1000),
            ("nvidia.com/gpu", &doc.gpu, 0),
            ("pods", &doc.pods, DEFAULT_MAX_PODS),
        ];
        for (name, value, default) in resources {
            let milli = quantity_milli(value.as_ref(), &format!("{field}.{name}"))?;
            allocatable.insert(name.to_string(), milli.unwrap_or(default));
        }
        let names: Vec<String> = match (&doc.name, &doc.name_prefix) {
            (Some(name), None) => vec![name.clone()],
            (None, Some(prefix)) => (1..=doc.count.unwrap_or(1).min(10_000))
                .map(|n| format!("{prefix}{n}"))
                .collect(),
            _ => return Err(format!("{field}: set exactly one of name and namePrefix")),
        };
        for name in names {
            out.push(NodeSpec {
                labels: kubelet::node_labels(&name, &doc.labels),
                name,
                allocatable: allocatable.clone(),
                unschedulable: doc.unschedulable,
                taints: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// How many pods a node takes unless the scenario says (in milli-units): the kubelet's
/// `maxPods`, which it reports as the node's allocatable `pods`.
// Upstream: pkg/kubelet/apis/config/v1beta1/defaults.go (MaxPods 110)
const DEFAULT_MAX_PODS: i64 = 110_000;

/// The cluster of a scenario that declares none: three nodes of 4 CPUs and 8 GiB.
pub fn default_cluster() -> Vec<NodeSpec> {
    (1..=3)
        .map(|n| NodeSpec {
            labels: kubelet::node_labels(&format!("node-{n}"), &StringMap::new()),
            name: format!("node-{n}"),
            allocatable: BTreeMap::from([
                ("cpu".to_string(), 4_000),
                ("memory".to_string(), 8 * 1024 * 1024 * 1024 * 1000),
                ("nvidia.com/gpu".to_string(), 0),
                ("pods".to_string(), DEFAULT_MAX_PODS),
            ]),
            unschedulable: false,
            taints: Vec::new(),
        })
        .collect()
}

/// A `v1` Node manifest as a virtual node: its labels, `spec.unschedulable` and
/// `status.allocatable` (or `capacity`; the default node's where neither says).
fn node_manifest(value: &Value) -> Result<NodeSpec, String> {
    let node: Node = decode_strict(value, "Node").map_err(|e| e.message())?;
    let name = node.metadata.name().to_string();
    if name.is_empty() {
        return Err("Node: metadata.name is required".into());
    }
    let status = node.status.as_ref();
    let listed = status.and_then(|s| s.allocatable.as_ref().or(s.capacity.as_ref()));
    let mut allocatable = default_cluster()
        .first()
        .map(|n| n.allocatable.clone())
        .unwrap_or_default();
    for (resource, quantity) in listed.into_iter().flatten() {
        allocatable.insert(resource.clone(), quantity.milli_value());
    }
    let configured = node.metadata.labels.as_deref().cloned().unwrap_or_default();
    Ok(NodeSpec {
        labels: kubelet::node_labels(&name, &configured),
        name,
        allocatable,
        unschedulable: node
            .spec
            .as_ref()
            .and_then(|s| s.unschedulable)
            .unwrap_or(false),
        taints: node
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default(),
    })
}

fn target(doc: &TargetDoc, field: &str) -> Result<PodTarget, String> {
    match (&doc.pod, &doc.job) {
        (Some(pod), None) => Ok(PodTarget::Name(pod.clone())),
        (None, Some(job)) => Ok(PodTarget::JobIndex {
            job: job.clone(),
            index: doc.index.unwrap_or(0),
        }),
        _ => Err(format!("{field}: set exactly one of pod and job")),
    }
}

/// An action on a node, made from the node's name.
type NodeAction = fn(String) -> ActionKind;

fn actions(docs: &[ActionDoc]) -> Result<Vec<Action>, String> {
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let field = format!("spec.actions[{i}]");
        let at = parse_duration(&doc.at).map_err(|e| format!("{field}.at: {e}"))?;
        let node = |d: &Option<NodeNameDoc>| d.as_ref().map(|d| d.name.clone());
        let mut kinds = Vec::new();
        if let Some(t) = &doc.fail_pod {
            kinds.push(ActionKind::FailPod {
                target: target(t, &field)?,
                exit_code: t.exit_code.unwrap_or(1),
            });
        }
        if let Some(t) = &doc.oom_kill {
            kinds.push(ActionKind::OomKill {
                target: target(t, &field)?,
            });
        }
        if let Some(t) = &doc.delete_pod {
            kinds.push(ActionKind::DeletePod {
                target: target(t, &field)?,
            });
        }
        if let Some(t) = &doc.evict_pod {
            kinds.push(ActionKind::EvictPod {
                target: target(t, &field)?,
            });
        }
        let by_node: [(Option<String>, NodeAction); 6] = [
            (node(&doc.evict_node), |name| ActionKind::EvictNode { name }),
            (node(&doc.node_down), |name| ActionKind::NodeDown { name }),
            (node(&doc.node_up), |name| ActionKind::NodeUp { name }),
            (node(&doc.cordon), |name| ActionKind::Cordon { name }),
            (node(&doc.uncordon), |name| ActionKind::Uncordon { name }),
            (node(&doc.drain), |name| ActionKind::Drain { name }),
        ];
        for (name, make) in by_node {
            kinds.extend(name.map(make));
        }
        if let Some(d) = &doc.controllers_down {
            let for_ =
                parse_duration(&d.for_).map_err(|e| format!("{field}.controllersDown.for: {e}"))?;
            kinds.push(ActionKind::ControllersDown { for_ });
        }
        if let Some(command) = &doc.kubectl {
            kinds.push(ActionKind::Kubectl {
                command: command.clone(),
                stdin: doc.stdin.clone(),
            });
        }
        if kinds.len() != 1 {
            return Err(format!(
                "{field}: set exactly one of failPod, oomKill, deletePod, evictPod, evictNode, \
                 nodeDown, nodeUp, cordon, uncordon, drain, controllersDown, kubectl"
            ));
        }
        out.extend(kinds.pop().map(|kind| Action { at, kind }));
    }
    Ok(out)
}

fn simulation(value: &Value) -> Result<SimulationDoc, String> {
    serde_json::from_value(value.clone()).map_err(|e| format!("Simulation: {e}"))
}

/// A Job manifest admitted as the API server creates it, at `now`, in a namespace for which
/// `namespace_exists` holds; the scenario's Jobs and `kubectl apply`/`create` on the running
/// world share it.
// Upstream: the API server's create handler (decode, default, admission, PrepareForCreate,
// Validate), with the uid drawn from the run's generator.
pub(crate) fn admit_job(
    value: &Value,
    now: Timestamp,
    rng: &mut SimRng,
    namespace_exists: impl Fn(&str) -> bool,
) -> Result<Job, Refusal> {
    let mut job: Job = decode_strict(value, "Job").map_err(|e| Refusal::Invalid(e.message()))?;
    default_job(&mut job);
    admit_meta(&mut job.metadata, "Job", now, rng, namespace_exists)?;
    prepare_job_for_create(&mut job);
    let errors = validate_job(&job);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(kubectl_invalid_message(
            "Job",
            job.metadata.name(),
            &errors,
        )));
    }
    // The stored Job is read back through defaulting, which gives a Job without labels its
    // template's labels — by now the generated ones, which `kubectl describe` shows as Labels.
    // Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_Job (run again on decode from storage)
    default_job(&mut job);
    Ok(job)
}

/// A manifest's `apiVersion` and `kind`.
fn type_of(value: &Value) -> (&str, &str) {
    let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("");
    (field("apiVersion"), field("kind"))
}

/// The namespaces at t = 0: the cluster's own, then those of the Namespace documents. A
/// Namespace document anywhere in the file counts: the scenario is the cluster as it starts,
/// all its documents applied at once.
fn namespaces_at_start(values: &[(usize, Value)]) -> Result<Vec<String>, (usize, String)> {
    let mut names: Vec<String> = SYSTEM_NAMESPACES.iter().map(|n| n.to_string()).collect();
    for (line, value) in values
        .iter()
        .filter(|(_, v)| type_of(v) == ("v1", "Namespace"))
    {
        let namespace =
            decode_strict::<Namespace>(value, "Namespace").map_err(|e| (*line, e.message()))?;
        check_namespace(&namespace.metadata).map_err(|e| (*line, e))?;
        names.push(namespace.metadata.name().to_string());
    }
    Ok(names)
}

/// Reads a scenario file; the Jobs' uids and generated names come from `rng`.
pub fn load(text: &str, overrides: Overrides) -> Result<(Scenario, SimRng), ScenarioError> {
    let err = |line: usize, e: String| ScenarioError(format!("document at line {line}: {e}"));
    let mut values = Vec::new();
    let mut sim: Option<SimulationDoc> = None;
    for doc in parse_documents(text) {
        let node = doc
            .content
            .map_err(|e| err(doc.first_line, e.to_string()))?;
        let (value, _) = to_json(&node).map_err(|e| err(doc.first_line, e.message))?;
        if value.is_null() {
            continue;
        }
        if value.get("kind").and_then(Value::as_str) == Some("Simulation") {
            if sim.is_some() {
                return Err(err(doc.first_line, "a second Simulation document".into()));
            }
            sim = Some(simulation(&value).map_err(|e| err(doc.first_line, e))?);
        } else {
            values.push((doc.first_line, value));
        }
    }
    let sim = sim.unwrap_or_default();
    let spec = sim.spec;
    let seed = overrides.seed.or(spec.seed).unwrap_or(1);
    let start = match &spec.start {
        Some(s) => s
            .parse::<Timestamp>()
            .map_err(|e| ScenarioError(format!("spec.start: {e}")))?,
        None => Timestamp::UNIX_EPOCH,
    };
    let until = match (overrides.until, spec.until.as_deref()) {
        (Some(u), _) => u,
        (None, None | Some("done")) => Until::Done,
        (None, Some(d)) => Until::After(
            parse_duration(&Value::String(d.into()))
                .map_err(|e| ScenarioError(format!("spec.until: {e}")))?,
        ),
    };
    let defaults = Timing::default();
    let t = spec.timing;
    let timing = Timing {
        controller_delay: latency(
            t.controller_delay,
            defaults.controller_delay,
            "controllerDelay",
        )
        .map_err(ScenarioError)?,
        schedule: latency(t.schedule, defaults.schedule, "schedule").map_err(ScenarioError)?,
        image_pull: latency(t.image_pull, defaults.image_pull, "imagePull")
            .map_err(ScenarioError)?,
        container_start: latency(
            t.container_start,
            defaults.container_start,
            "containerStart",
        )
        .map_err(ScenarioError)?,
        default_run: match &t.default_run {
            Some(v) => parse_duration(v)
                .map_err(|e| ScenarioError(format!("spec.timing.defaultRun: {e}")))?,
            None => defaults.default_run,
        },
        termination: latency(t.termination, defaults.termination, "termination")
            .map_err(ScenarioError)?,
        node_monitor_grace: match &t.node_monitor_grace {
            Some(v) => parse_duration(v)
                .map_err(|e| ScenarioError(format!("spec.timing.nodeMonitorGrace: {e}")))?,
            None => defaults.node_monitor_grace,
        },
        not_ready_toleration: match &t.not_ready_toleration {
            Some(v) => parse_duration(v)
                .map_err(|e| ScenarioError(format!("spec.timing.notReadyToleration: {e}")))?,
            None => defaults.not_ready_toleration,
        },
        api_qps: rate_limit(t.api_qps.as_ref(), "apiQps").map_err(ScenarioError)?,
        scheduler_qps: rate_limit(t.scheduler_qps.as_ref(), "schedulerQps")
            .map_err(ScenarioError)?,
        terminated_pod_gc_threshold: match &t.terminated_pod_gc_threshold {
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| i32::try_from(*n).is_ok())
                .ok_or_else(|| {
                    ScenarioError(format!(
                        "spec.timing.terminatedPodGCThreshold: expected a whole number from 0 \
                         to {}, got {v}",
                        i32::MAX
                    ))
                })?,
            None => defaults.terminated_pod_gc_threshold,
        },
    };
    let mut rng = SimRng::from_seed(seed);
    let mut cluster = nodes(spec.nodes).map_err(ScenarioError)?;
    let mut jobs = Vec::new();
    let mut cron_jobs = Vec::new();
    let mut priority_classes: Vec<PriorityClass> = Vec::new();
    let system_classes = system_priority_classes();
    let namespaces = namespaces_at_start(&values).map_err(|(line, e)| err(line, e))?;
    let exists = |name: &str| namespaces.iter().any(|n| n == name);
    for (line, value) in &values {
        let line = *line;
        let (api_version, kind) = type_of(value);
        match (api_version, kind) {
            ("batch/v1", "Job") => jobs.push(
                admit_job(value, start, &mut rng, exists).map_err(|e| err(line, e.to_string()))?,
            ),
            ("v1", "Node") => cluster.push(node_manifest(value).map_err(|e| err(line, e))?),
            ("batch/v1", "CronJob") => cron_jobs.push(
                admit_cron_job(value, start, &mut rng, exists)
                    .map_err(|e| err(line, e.to_string()))?,
            ),
            ("v1", "Namespace") => {}
            ("scheduling.k8s.io/v1", "PriorityClass") => {
                let known = system_classes.iter().chain(&priority_classes);
                let class = admit_priority_class(value, start, &mut rng, known.clone())
                    .map_err(|e| err(line, e.to_string()))?;
                let name = class.metadata.name();
                if known.clone().any(|c| c.metadata.name() == name) {
                    return Err(err(
                        line,
                        format!(
                            "priorityclasses.scheduling.k8s.io {} already exists",
                            Quoted(name)
                        ),
                    ));
                }
                priority_classes.push(class);
            }
            _ => {
                return Err(err(
                    line,
                    format!("kind {kind:?} in version {api_version:?} is not simulated yet"),
                ))
            }
        }
    }
    check_until(until, &cron_jobs).map_err(ScenarioError)?;
    let scenario = Scenario {
        name: sim.metadata.name,
        seed,
        start,
        until,
        nodes: cluster,
        timing,
        actions: actions(&spec.actions).map_err(ScenarioError)?,
        jobs,
        cron_jobs,
        queues: queues(&spec.queues).map_err(ScenarioError)?,
        namespaces,
        priority_classes,
    };
    Ok((scenario, rng))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_go_writes_them() {
        let cases = [
            ("0s", 0),
            ("0", 0),
            ("100ms", 100),
            ("5s", 5_000),
            ("1m30s", 90_000),
            ("2h", 7_200_000),
            ("1.5s", 1_500),
        ];
        for (text, ms) in cases {
            assert_eq!(
                parse_duration(&Value::String(text.into())),
                Ok(SimDuration::from_millis(ms)),
                "{text}"
            );
        }
        assert!(parse_duration(&Value::String("5 parsecs".into())).is_err());
        assert!(parse_duration(&Value::String("".into())).is_err());
        assert!(parse_duration(&Value::String("-5s".into())).is_err());
    }

    #[test]
    fn a_scenario_without_a_simulation_runs_on_the_default_cluster() {
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n      restartPolicy: Never\n";
        let (s, _) = load(text, Overrides::default()).unwrap();
        assert_eq!(s.seed, 1);
        assert_eq!(s.until, Until::Done);
        assert_eq!(s.nodes.len(), 3);
        assert_eq!(s.jobs.len(), 1);
        assert_eq!(s.jobs[0].metadata.namespace(), "default");
    }

    #[test]
    fn node_groups_expand_by_prefix_and_count() {
        let text = "kind: Simulation\nspec:\n  nodes:\n    - { namePrefix: gpu-, count: 2, cpu: \"8\", gpu: 1 }\n";
        let (s, _) = load(text, Overrides::default()).unwrap();
        let names: Vec<&str> = s.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["gpu-1", "gpu-2"]);
        assert_eq!(s.nodes[0].allocatable["cpu"], 8_000);
        assert_eq!(s.nodes[0].allocatable["nvidia.com/gpu"], 1_000);
    }

    #[test]
    fn node_manifests_join_the_declared_cluster() {
        let text = "kind: Simulation\nspec:\n  nodes: [{name: a}]\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: big, labels: {zone: b}}\nspec: {unschedulable: true}\nstatus: {allocatable: {cpu: \"64\"}}\n";
        let (s, _) = load(text, Overrides::default()).unwrap();
        let names: Vec<&str> = s.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["a", "big"]);
        assert_eq!(s.nodes[1].allocatable["cpu"], 64_000);
        assert!(s.nodes[1].unschedulable);
        assert_eq!(s.nodes[1].labels.get("zone").map(String::as_str), Some("b"));
    }

    #[test]
    fn an_invalid_job_is_refused_in_the_api_servers_words() {
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  parallelism: -1\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n      restartPolicy: Never\n";
        let e = load(text, Overrides::default()).unwrap_err();
        assert!(e.0.contains("spec.parallelism"), "{e}");
    }
}
