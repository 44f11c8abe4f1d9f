//! What a run keeps for its report and its watchers: per-Job and per-pod records, the events
//! recorded on objects, and the `kubectl get pods -w` lines.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use crate::controllers::job::backoff::BackoffRecord;
use crate::controllers::job::explain::Explanation;
use crate::sim::lookup::LookupMap;
use crate::sim::ordered_key::OrderedKey;
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

/// The pod records, listed in key order and looked up by hash: a record changes at each step
/// of its pod's life, and a long run keeps many. The records sit in a list, in the order they
/// were first made; the tables hold their places (small entries, cheap to move as they grow).
#[derive(Clone, Debug, Default)]
pub struct PodRecords {
    records: Vec<PodRecord>,
    by_key: LookupMap<Arc<Key>, usize>,
    order: BTreeMap<OrderedKey, usize>,
}

impl PodRecords {
    /// Records a pod under its key (shared with the store); a later pod of the same key
    /// replaces the record.
    pub fn insert(&mut self, key: Arc<Key>, record: PodRecord) {
        if let Some(kept) = self.get_mut(&key) {
            *kept = record;
            return;
        }
        let place = self.records.len();
        self.records.push(record);
        self.by_key.insert(Arc::clone(&key), place);
        self.order.insert(OrderedKey::new(key), place);
    }

    pub fn get_mut(&mut self, key: &Key) -> Option<&mut PodRecord> {
        let place = *self.by_key.get(key)?;
        self.records.get_mut(place)
    }

    /// The records by pod key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &PodRecord)> {
        self.order
            .iter()
            .filter_map(|(key, &place)| Some((key.key(), self.records.get(place)?)))
    }

    /// The pod keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.order.keys().map(OrderedKey::key)
    }

    /// The records, in key order.
    pub fn values(&self) -> impl Iterator<Item = &PodRecord> {
        self.iter().map(|(_, record)| record)
    }
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

impl World {
    pub(super) fn record(&mut self, type_: &str, reason: &str, object: String, message: String) {
        self.events.push(EventRecord {
            time: self.now(),
            type_: type_.into(),
            reason: reason.into(),
            object,
            message,
        });
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

    pub(super) fn pod_line(&mut self, key: &Key, ready: &str, status: &str) {
        let restarts = self.runs.get(key).map_or(0, |r| r.restarts);
        self.pod_lines.push(PodLine {
            time: self.now(),
            name: key.1.clone(),
            ready: ready.into(),
            status: status.into(),
            restarts,
        });
    }

    pub(super) fn finish_record(&mut self, key: &Key, phase: &str, code: i32, reason: &str) {
        let now = self.now();
        if let Some(r) = self.pod_records.get_mut(key) {
            r.phase = phase.into();
            r.exit_code = Some(code);
            r.reason = Some(reason.into());
            r.finished_at = Some(now);
        }
    }
}
