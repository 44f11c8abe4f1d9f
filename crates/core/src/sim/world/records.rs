//! What a run keeps for its report and its watchers: per-Job and per-pod records, the events
//! recorded on objects, and the `kubectl get pods -w` lines.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use jiff::Timestamp;

use crate::api::string_map::SharedMap;
use crate::api::{Job, Time};
use crate::controllers::job::backoff::BackoffRecord;
use crate::controllers::job::explain::Explanation;
use crate::kubectl::get_jobs;
use crate::sim::lookup::LookupMap;
use crate::sim::pod_address::Address;
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::World;

/// What the run keeps about a Job for the report.
#[derive(Clone, Debug, Default)]
pub struct JobRecord {
    pub pods_created: u64,
    pub max_active: u64,
    pub reconciles: u64,
    pub deleted_at: Option<SimTime>,
    /// The Job's last status (kept after the Job is deleted).
    pub status: Option<crate::api::JobStatus>,
    pub(super) backoff: BackoffRecord,
    /// The Job's syncs that failed in a row (their work-queue backoff).
    pub(super) failed_syncs: u32,
    /// The Job's last [`EXPLAINED_RECONCILES`] reconciles, explained, the oldest first
    /// (dropped when the Job is deleted).
    pub(super) explained: VecDeque<Explained>,
}

/// At most this many reconciles of a Job keep their explanation (the latest): a Job of a
/// hundred thousand pods syncs far more often, and the page shows the recent ones.
pub const EXPLAINED_RECONCILES: usize = 50;

/// One reconcile of a Job: when it ran, and what the controller saw and decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub time: SimTime,
    pub explanation: Explanation,
}

/// What the run keeps about a pod for the report. Its texts are shared: the key with the
/// store, the Job's and the node's names and the reason with every pod that has the same.
#[derive(Clone, Debug)]
pub struct PodRecord {
    /// The pod's namespace and name.
    pub key: Arc<Key>,
    pub job: Option<Arc<str>>,
    pub index: Option<i64>,
    pub node: Option<Arc<str>>,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub deleted_at: Option<SimTime>,
    pub phase: &'static str,
    pub exit_code: Option<i32>,
    pub restarts: i32,
    pub reason: Option<Arc<str>>,
    /// How many regular containers the pod has (the denominator of kubectl's READY column).
    pub containers: usize,
    /// The pod as its events name it.
    pub regarding: Regarding,
}

impl PodRecord {
    /// A pod's record at its creation: Pending, nothing run yet. Its namespace is shared by
    /// its events.
    pub fn created(
        key: Arc<Key>,
        namespace: Arc<str>,
        job: Option<Arc<str>>,
        index: Option<i64>,
        containers: usize,
        at: SimTime,
    ) -> Self {
        let regarding = Regarding::pod(namespace, &key);
        PodRecord {
            key,
            job,
            index,
            node: None,
            created_at: at,
            started_at: None,
            finished_at: None,
            deleted_at: None,
            phase: "Pending",
            exit_code: None,
            restarts: 0,
            reason: None,
            containers,
            regarding,
        }
    }

    pub fn name(&self) -> &str {
        &self.key.1
    }

    pub fn namespace(&self) -> &str {
        &self.key.0
    }
}

/// The pod records, looked up by hash and listed in key order: a record changes at each step
/// of its pod's life, and a long run keeps many, so they sit in a list in the order they were
/// first made, each with its pod's key (shared with the store), and are sorted only when listed.
/// Only the pods that exist are looked up: a deleted pod's record stays listed, and is found
/// by its place (which its lines keep), so that the table looked up holds the live pods alone.
#[derive(Clone, Debug, Default)]
pub struct PodRecords {
    records: Vec<PodRecord>,
    by_key: LookupMap<Arc<Key>, usize>,
}

impl PodRecords {
    /// Records a pod under its key; a later pod of the same key replaces the record.
    pub fn insert(&mut self, record: PodRecord) {
        if let Some(kept) = self.get_mut(&record.key) {
            *kept = record;
            return;
        }
        self.by_key
            .insert(Arc::clone(&record.key), self.records.len());
        self.records.push(record);
    }

    pub fn get(&self, key: &Key) -> Option<&PodRecord> {
        self.records.get(self.place(key)?)
    }

    /// Where a live pod's record is in the list.
    fn place(&self, key: &Key) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The record at this place in the list, the pod deleted or not.
    pub fn at(&self, place: u32) -> Option<&PodRecord> {
        self.records.get(usize::try_from(place).ok()?)
    }

    /// The pod is gone: its record stays listed, and a later pod of its name gets its own.
    pub fn close(&mut self, key: &Key) {
        self.by_key.remove(key);
    }

    pub fn get_mut(&mut self, key: &Key) -> Option<&mut PodRecord> {
        let place = *self.by_key.get(key)?;
        self.records.get_mut(place)
    }

    /// The records by pod key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &PodRecord)> {
        let mut listed: Vec<(&Key, &PodRecord)> = self
            .records
            .iter()
            .map(|record| (&*record.key, record))
            .collect();
        listed.sort_unstable_by(|a, b| a.0.cmp(b.0));
        listed.into_iter()
    }

    /// The records, in key order.
    pub fn values(&self) -> impl Iterator<Item = &PodRecord> {
        self.iter().map(|(_, record)| record)
    }

    /// The namespace of a pod recorded under this name: the first in order when several
    /// namespaces have one.
    pub fn namespace_of(&self, name: &str) -> Option<&str> {
        self.records
            .iter()
            .filter(|record| record.name() == name)
            .map(PodRecord::namespace)
            .min()
    }
}

/// What an event is about: the object's namespace (empty for a node, which has none) and
/// `KIND/NAME` as kubectl prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regarding {
    pub namespace: Arc<str>,
    pub object: Arc<str>,
}

impl Regarding {
    /// A pod, `pod/NAME` in its namespace.
    fn pod(namespace: Arc<str>, key: &Key) -> Self {
        Regarding {
            namespace,
            object: Arc::from(["pod/", &key.1].concat()),
        }
    }
}

/// The object of the events about the run itself (an action it had to skip).
pub const SIMULATION: &str = "simulation";

/// An event's object as kubectl would be told it: `job/pi`, or `job/pi -n team` outside the
/// default namespace.
pub fn object_label<'a>(namespace: &str, object: &'a str) -> Cow<'a, str> {
    match namespace {
        "" | "default" => Cow::Borrowed(object),
        namespace => Cow::Owned(format!("{object} -n {namespace}")),
    }
}

/// An event recorded on an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub time: SimTime,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// Mostly the controllers' own words; a Job's finish carries its condition's reason.
    pub reason: Cow<'static, str>,
    /// The object's namespace, empty for a node: shared by the object's events.
    pub namespace: Arc<str>,
    /// `job/pi`, `pod/pi-7xk2p`: shared by the object's events.
    pub object: Arc<str>,
    /// Shared by the events that say the same (see [`crate::sim::interner`]).
    pub message: Arc<str>,
}

impl EventRecord {
    /// Its object as kubectl would be told it (see [`object_label`]).
    pub fn object_label(&self) -> Cow<'_, str> {
        object_label(&self.namespace, &self.object)
    }
}

/// Which of a pod's containers a `kubectl get pods -w` line counts as ready: the simulated
/// containers of a pod start and stop together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ready {
    None,
    All,
}

/// kubectl's READY column: ready containers over the pod's regular containers.
// Upstream: kubectl pkg/printers/internalversion/printers.go printPod (readyContainers/totalContainers)
fn ready_column(ready: Ready, containers: usize) -> Cow<'static, str> {
    match (ready, containers) {
        (Ready::None, 1) => "0/1".into(),
        (Ready::All, 1) => "1/1".into(),
        (Ready::None, n) => format!("0/{n}").into(),
        (Ready::All, n) => format!("{n}/{n}").into(),
    }
}

/// A line of `kubectl get pods -w`: a pod's status at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodLine {
    pub time: SimTime,
    /// The pod's key, shared with the store.
    pub pod: Arc<Key>,
    /// Where the pod's record is ([`PodRecords::at`]).
    pub record: u32,
    pub ready: Cow<'static, str>,
    pub status: Cow<'static, str>,
    pub restarts: i32,
}

/// A line of `kubectl get jobs -w`: a Job as one of its writes left it (its last state again
/// when it is deleted), with what its DURATION and AGE are worked out from when printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLine {
    pub time: SimTime,
    pub job: Key,
    pub labels: Option<SharedMap>,
    /// kubectl's STATUS and COMPLETIONS columns.
    pub status: &'static str,
    pub completions: String,
    pub created: Option<Time>,
    pub started: Option<Time>,
    pub completed: Option<Time>,
}

impl JobLine {
    fn of(job: &Job, key: &Key, time: SimTime) -> JobLine {
        let status = job.status.as_ref();
        JobLine {
            time,
            job: key.clone(),
            labels: job.metadata.labels.clone(),
            status: get_jobs::status(job),
            completions: get_jobs::completions(job),
            created: job.metadata.creation_timestamp,
            started: status.and_then(|s| s.start_time),
            completed: status.and_then(|s| s.completion_time),
        }
    }

    /// The line's `kubectl get jobs` row, at its time on the wall clock `wall`.
    pub fn row(&self, wall: Timestamp) -> Vec<String> {
        vec![
            self.job.1.clone(),
            self.status.to_string(),
            self.completions.clone(),
            get_jobs::duration_between(self.started.as_ref(), self.completed.as_ref(), wall),
            get_jobs::age(self.created.as_ref(), wall),
        ]
    }
}

impl World {
    /// A `kubectl get jobs -w` line for a Job write; for a deletion, its last line again.
    // Upstream: kubectl get/get.go watch (each watch event's object printed, DELETED included)
    pub(super) fn job_line(&mut self, key: &Key) {
        let now = self.now();
        let line = match self.store.job(key) {
            Some(job) => JobLine::of(job, key, now),
            None => match self.job_lines.iter().rev().find(|l| l.job == *key) {
                Some(last) => JobLine {
                    time: now,
                    ..last.clone()
                },
                None => return,
            },
        };
        self.job_lines.push(line);
    }

    pub(super) fn record(
        &mut self,
        type_: &'static str,
        reason: impl Into<Cow<'static, str>>,
        regarding: Regarding,
        message: Arc<str>,
    ) {
        self.events.push(EventRecord {
            time: self.now(),
            type_,
            reason: reason.into(),
            namespace: regarding.namespace,
            object: regarding.object,
            message,
        });
    }

    /// The pod as its events name it: its record's, or made for a pod the run never recorded.
    pub(super) fn pod_object(&self, key: &Key) -> Regarding {
        self.pod_records.get(key).map_or_else(
            || Regarding::pod(Arc::from(key.0.as_str()), key),
            |r| r.regarding.clone(),
        )
    }

    /// An object that is not a pod (a Job, a CronJob in its namespace; a node in none) as its
    /// events name it: shared by all of them.
    pub(super) fn object(&mut self, kind: &str, namespace: &str, name: &str) -> Regarding {
        Regarding {
            namespace: self.texts.shared_str(namespace),
            object: self.texts.shared([kind, "/", name]),
        }
    }

    /// The explained reconciles of a Job that exists, the oldest first (at most
    /// [`EXPLAINED_RECONCILES`]); none for a Job that was deleted.
    pub fn explanations(&self, job: &Key) -> impl DoubleEndedIterator<Item = &Explained> {
        self.job_records
            .get(job)
            .into_iter()
            .flat_map(|r| r.explained.iter())
    }

    /// Keeps a reconcile's explanation, forgetting the oldest beyond the limit.
    pub(super) fn keep_explanation(&mut self, job: &Key, explanation: Explanation) {
        let time = self.now();
        if let Some(r) = self.job_records.get_mut(job) {
            if r.explained.len() == EXPLAINED_RECONCILES {
                r.explained.pop_front();
            }
            r.explained.push_back(Explained { time, explanation });
        }
    }

    pub(super) fn pod_line(
        &mut self,
        key: &Key,
        ready: Ready,
        status: impl Into<Cow<'static, str>>,
    ) {
        // Every pod of the world is created by the Job controller, which records it first.
        let Some((place, record)) = self.pod_record(key) else {
            return;
        };
        let (pod, containers) = (Arc::clone(&record.key), record.containers);
        let restarts = self.runs.get(&Address::of(&pod)).map_or(0, |r| r.restarts);
        self.pod_lines.push(PodLine {
            time: self.now(),
            pod,
            record: place,
            ready: ready_column(ready, containers),
            status: status.into(),
            restarts,
        });
    }

    /// A line with the pod as `kubectl get pods` prints it now (READY, STATUS, RESTARTS).
    pub(super) fn pod_line_as_printed(&mut self, key: &Key) {
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        let printed = crate::kubectl::get_pods::summary(pod);
        let Some((place, record)) = self.pod_record(key) else {
            return;
        };
        let pod = Arc::clone(&record.key);
        self.pod_lines.push(PodLine {
            time: self.now(),
            pod,
            record: place,
            ready: format!("{}/{}", printed.ready, printed.total).into(),
            status: printed.status.into(),
            restarts: i32::try_from(printed.restarts).unwrap_or(i32::MAX),
        });
    }

    /// A live pod's record and its place, for a line about the pod.
    fn pod_record(&self, key: &Key) -> Option<(u32, &PodRecord)> {
        let place = self.pod_records.place(key)?;
        let record = self.pod_records.records.get(place)?;
        Some((u32::try_from(place).ok()?, record))
    }

    pub(super) fn finish_record(
        &mut self,
        key: &Key,
        phase: &'static str,
        code: i32,
        reason: &str,
    ) {
        let now = self.now();
        let reason = self.texts.shared_str(reason);
        if let Some(r) = self.pod_records.get_mut(key) {
            r.phase = phase;
            r.exit_code = Some(code);
            r.reason = Some(reason);
            r.finished_at = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(namespace: &str, name: &str, index: i64) -> PodRecord {
        let key = Arc::new((namespace.into(), name.into()));
        PodRecord::created(key, namespace.into(), None, Some(index), 1, SimTime::ZERO)
    }

    #[test]
    fn pod_records_list_in_key_order_whatever_order_they_were_made_in() {
        let mut records = PodRecords::default();
        for (namespace, name) in [
            ("team", "b"),
            ("default", "c"),
            ("default", "a"),
            ("team", "a"),
        ] {
            records.insert(record(namespace, name, 0));
        }
        records.insert(record("default", "c", 1));
        let listed: Vec<(&str, &str, Option<i64>)> = records
            .iter()
            .map(|(k, r)| (k.0.as_str(), k.1.as_str(), r.index))
            .collect();
        let expected = [
            ("default", "a", Some(0)),
            ("default", "c", Some(1)),
            ("team", "a", Some(0)),
            ("team", "b", Some(0)),
        ];
        assert_eq!(listed, expected);
        assert_eq!(records.namespace_of("a"), Some("default"));
        assert_eq!(records.namespace_of("b"), Some("team"));
        assert_eq!(records.namespace_of("z"), None);
        let found = records.get(&("team".into(), "b".into()));
        assert_eq!(found.map(PodRecord::name), Some("b"));
    }

    #[test]
    fn a_deleted_pods_record_stays_listed_and_found_by_its_place_alone() {
        let mut records = PodRecords::default();
        let key: Key = ("default".into(), "a".into());
        records.insert(record("default", "a", 0));
        let place = u32::try_from(records.place(&key).unwrap()).unwrap();
        records.close(&key);
        assert!(records.get(&key).is_none());
        assert_eq!(records.at(place).and_then(|r| r.index), Some(0));
        // A later pod of the name gets a record of its own; both are listed.
        records.insert(record("default", "a", 1));
        assert_eq!(records.get(&key).and_then(|r| r.index), Some(1));
        assert_eq!(records.at(place).and_then(|r| r.index), Some(0));
        let indexes: Vec<Option<i64>> = records.values().map(|r| r.index).collect();
        assert_eq!(indexes.len(), 2);
    }

    #[test]
    fn an_object_outside_the_default_namespace_is_labelled_with_it() {
        assert_eq!(object_label("team", "job/pi"), "job/pi -n team");
        assert_eq!(object_label("default", "job/pi"), "job/pi");
        assert_eq!(object_label("", "node/node-1"), "node/node-1");
    }
}
