//! The virtual API server's storage: Jobs and Pods by (namespace, name), Nodes by name, a
//! resourceVersion counter, graceful deletion with finalizers, an index of each Job's pods, and
//! the watch notifications the controllers consume.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::namespace::NamespaceStatus;
use crate::api::{CronJob, Job, Namespace, Node, ObjectMeta, Pod, PriorityClass, StringMap, Time};

use super::finished_pods::{Finished, FinishedPods};
use super::lookup::{LookupMap, LookupSet};
use super::pod_address::Address;
use super::pod_counts::Tally;
use super::service_account_token::{served, TokenVolume};

/// An object's (namespace, name).
pub type Key = (String, String);

/// The kind of a changed object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Job,
    Pod,
    /// A Node; its key is `("", name)`.
    Node,
    CronJob,
}

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

/// A watch notification. A pod's key is the one the store keeps for the pod, and its owner the
/// one it indexes the pod under, shared rather than copied (a pod is written several times).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub key: Arc<Key>,
    pub change: ChangeType,
    /// The controlling Job of a pod; the controlling CronJob of a Job.
    pub owner: Option<Arc<Key>>,
    /// Whether a Job's generation changed (a spec change).
    pub generation_changed: bool,
}

/// What a delete did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    /// The object is gone.
    Removed,
    /// The object is marked (deletionTimestamp) and waits for its finalizers or its grace period.
    Marked,
    Missing,
}

#[derive(Debug, Default)]
pub struct Store {
    jobs: BTreeMap<Key, Job>,
    /// Pods by where their key lives. A pod's key is allocated once and shared by the tables
    /// that name the pod, so most lookups bring that very key: one word is hashed and
    /// compared, and neither the key's strings nor a cold pod's are read. No sorted index is
    /// kept: a run creates pods far more often than anyone lists them, and a tree insert per
    /// pod cost a cache miss per level once the store held many.
    pods: LookupMap<Address, StoredPod>,
    /// The pods' shared keys, found by their strings (a key that is a copy: kubectl's, an
    /// action's).
    names: LookupSet<Arc<Key>>,
    nodes: BTreeMap<String, Node>,
    cron_jobs: BTreeMap<Key, CronJob>,
    namespaces: BTreeMap<String, Namespace>,
    priority_classes: BTreeMap<String, PriorityClass>,
    /// The Jobs' pods (the informer's index by owner), by the Job's namespace and name, so
    /// that a pod's owner is found with the pod's own strings.
    owned: BTreeMap<String, BTreeMap<String, OwnedPods>>,
    /// How many pods were indexed under an owner.
    pods_indexed: u64,
    resource_version: u64,
    changes: Vec<Change>,
    /// The pods written since a reader last asked ([`Store::pod_changes`]); `None` until one asks.
    pod_feed: Option<PodFeed>,
    /// How many pods are in each [`Tally`], in [`Tally::position`]'s order.
    tallies: [u32; 4],
    /// The finished pods in the pod garbage collector's order.
    finished: FinishedPods,
}

/// At most this many pod writes wait for a reader; past it the reader lists the pods again.
const POD_FEED_LIMIT: usize = 100_000;

/// A pod as the store keeps it: the object (boxed, so that the table moves pointers as it grows),
/// its shared key, and the Job under which it is indexed in `owned` (its controller at creation)
/// with its creation number there.
#[derive(Debug)]
struct StoredPod {
    pod: Box<Pod>,
    /// The name admission gave its token volume, which it is served with.
    token: Option<TokenVolume>,
    key: Arc<Key>,
    indexed_under: Option<(Arc<Key>, u64)>,
    /// Its entry among the finished pods, once it has finished.
    finished: Option<Finished>,
}

impl StoredPod {
    /// The pod's controlling Job: the key it is indexed under while that still controls it.
    fn owner(&self) -> Option<Arc<Key>> {
        let (namespace, name) = pod_owner_name(&self.pod)?;
        match &self.indexed_under {
            Some((job, _)) if job.0 == namespace && job.1 == name => Some(Arc::clone(job)),
            _ => Some(Arc::new((namespace.to_string(), name.to_string()))),
        }
    }
}

/// A Job's pods by creation number, so in creation order, and the Job's key, which they share.
#[derive(Debug)]
struct OwnedPods {
    job: Arc<Key>,
    pods: BTreeMap<u64, Arc<Key>>,
}

#[derive(Debug, Default)]
struct PodFeed {
    keys: Vec<Arc<Key>>,
    overflowed: bool,
}

/// What a reader of the pods (the page's cluster view) learns from [`Store::pod_changes`].
// Upstream: client-go reflector.go — a watcher that falls too far behind lists again (410 Gone).
#[derive(Debug, PartialEq, Eq)]
pub enum PodChanges {
    /// Read every pod: the first call, or more writes than the feed keeps went unread.
    Relist,
    /// The pods added, changed or deleted since the last call (a key may repeat).
    Changed(Vec<Arc<Key>>),
}

/// Writes a resourceVersion into an object's metadata, reusing the string it had (an object is
/// written many times).
fn write_version(slot: &mut Option<String>, version: u64) {
    let text = slot.get_or_insert_with(String::new);
    text.clear();
    text.push_str(itoa::Buffer::new().format(version));
}

/// The key of an object's metadata.
pub fn key_of(meta: &crate::api::ObjectMeta) -> Key {
    (meta.namespace().to_string(), meta.name().to_string())
}

/// A pod marked for deletion whose grace period is over and whose finalizers are gone.
// Upstream: registry/store.go Update (deleteWithoutFinalizers when finalizers empty)
fn is_released(pod: &Pod) -> bool {
    let m = &pod.metadata;
    m.deletion_timestamp.is_some()
        && m.deletion_grace_period_seconds.unwrap_or(0) == 0
        && m.finalizers.as_ref().is_none_or(Vec::is_empty)
}

/// The Job controlling a pod.
pub fn pod_owner(pod: &Pod) -> Option<Key> {
    pod_owner_name(pod).map(|(namespace, name)| (namespace.to_string(), name.to_string()))
}

/// The (namespace, name) of the Job controlling a pod, borrowed from the pod.
fn pod_owner_name(pod: &Pod) -> Option<(&str, &str)> {
    pod.metadata
        .controller_ref()
        .filter(|r| r.kind == "Job")
        .map(|r| (pod.metadata.namespace(), &*r.name))
}

/// The CronJob controlling a Job.
pub fn job_owner(job: &Job) -> Option<Key> {
    job.metadata
        .controller_ref()
        .filter(|r| r.kind == "CronJob")
        .map(|r| (job.metadata.namespace().to_string(), r.name.to_string()))
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    fn next_version(&mut self) -> Option<String> {
        self.resource_version += 1;
        Some(self.resource_version.to_string())
    }

    /// Moves the watch notifications since the last call, oldest first, into `buffer` (which
    /// the caller has emptied) and keeps the buffer's old allocation for the next ones: two
    /// buffers serve every dispatch.
    pub fn swap_changes(&mut self, buffer: &mut Vec<Change>) {
        std::mem::swap(&mut self.changes, buffer);
    }

    /// The pods written since the last call, for a reader that keeps its own view of them; the
    /// first call (and one that fell too far behind) asks for a full list.
    pub fn pod_changes(&mut self) -> PodChanges {
        match self.pod_feed.replace(PodFeed::default()) {
            Some(PodFeed {
                keys,
                overflowed: false,
            }) => PodChanges::Changed(keys),
            _ => PodChanges::Relist,
        }
    }

    /// How many pods are active, terminating, succeeded and failed ([`Tally`]).
    pub fn pod_tallies(&self) -> [u32; 4] {
        self.tallies
    }

    pub fn job(&self, key: &Key) -> Option<&Job> {
        self.jobs.get(key)
    }

    pub fn jobs(&self) -> impl Iterator<Item = (&Key, &Job)> {
        self.jobs.iter()
    }

    /// The key the store shares for a pod (the one its watch notifications carry).
    pub fn pod_key(&self, key: &Key) -> Option<&Arc<Key>> {
        self.stored(key).map(|stored| &stored.key)
    }

    /// The pod as the simulation keeps it: its token volume is not mounted in its spec
    /// ([`Store::served_pod`] has it).
    pub fn pod(&self, key: &Key) -> Option<&Pod> {
        self.stored(key).map(|stored| &*stored.pod)
    }

    /// The pod as the API server returns it: with its token volume.
    pub fn served_pod(&self, key: &Key) -> Option<Cow<'_, Pod>> {
        let stored = self.stored(key)?;
        Some(served(&stored.pod, stored.token))
    }

    /// The pods as [`Store::pods`] lists them, each as the API server returns it.
    pub fn served_pods(&self) -> impl Iterator<Item = (&Key, Cow<'_, Pod>)> {
        self.listed()
            .map(|stored| (&*stored.key, served(&stored.pod, stored.token)))
    }

    /// Where the pod's shared key lives: `key` itself when it is that key (a live object's
    /// address is its own, and the store keeps its keys alive), else found by its strings.
    fn address(&self, key: &Key) -> Option<Address> {
        let own = Address::of_key(key);
        if self.pods.contains_key(&own) {
            return Some(own);
        }
        self.names.get(key).map(Address::of)
    }

    fn stored(&self, key: &Key) -> Option<&StoredPod> {
        self.pods.get(&self.address(key)?)
    }

    /// The pods in key order (namespace, then name), sorted when asked.
    pub fn pods(&self) -> impl Iterator<Item = (&Key, &Pod)> {
        self.listed().map(|stored| (&*stored.key, &*stored.pod))
    }

    fn listed(&self) -> impl Iterator<Item = &StoredPod> {
        let mut listed: Vec<&StoredPod> = self.pods.values().collect();
        listed.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        listed.into_iter()
    }

    /// The first `n` finished pods in the pod garbage collector's order.
    pub fn finished_first(&self, n: usize) -> Vec<Arc<Key>> {
        self.finished.first(n).cloned().collect()
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.nodes.get(name)
    }

    /// The Nodes, by name.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    // Upstream: registry/store.go Create
    pub fn create_node(&mut self, mut node: Node) -> Result<(), String> {
        let name = node.metadata.name().to_string();
        if self.nodes.contains_key(&name) {
            return Err(format!("nodes {name:?} already exists"));
        }
        node.metadata.resource_version = self.next_version();
        self.nodes.insert(name.clone(), node);
        self.notify(
            Kind::Node,
            Arc::new((String::new(), name)),
            ChangeType::Added,
            None,
            false,
        );
        Ok(())
    }

    /// Changes a Node (kubectl cordon, the node lifecycle controller's status and taints).
    // Upstream: registry/store.go Update
    pub fn update_node(&mut self, name: &str, change: impl FnOnce(&mut Node)) -> bool {
        let Some(node) = self.nodes.get_mut(name) else {
            return false;
        };
        change(node);
        self.resource_version += 1;
        write_version(&mut node.metadata.resource_version, self.resource_version);
        let key = Arc::new((String::new(), name.to_string()));
        self.notify(Kind::Node, key, ChangeType::Modified, None, false);
        true
    }

    /// The pods a Job controls that still exist, oldest first.
    pub fn pods_of(&self, job: &Key) -> Vec<&Pod> {
        self.owned
            .get(&job.0)
            .and_then(|jobs| jobs.get(&job.1))
            .into_iter()
            .flat_map(|owned| owned.pods.values())
            .filter_map(|key| self.pods.get(&Address::of(key)))
            .map(|stored| &*stored.pod)
            .filter(|pod| {
                pod.metadata
                    .controller_ref()
                    .is_some_and(|r| r.kind == "Job" && *r.name == *job.1)
            })
            .collect()
    }

    pub fn priority_class(&self, name: &str) -> Option<&PriorityClass> {
        self.priority_classes.get(name)
    }

    /// The priority classes by name (the system's two among them).
    pub fn priority_classes(&self) -> impl Iterator<Item = &PriorityClass> {
        self.priority_classes.values()
    }

    /// Creates a priority class, or replaces the one of its name (its identity kept, its
    /// generation counted when the class changed). The caller has validated it.
    // Upstream: registry/scheduling/priorityclass/strategy.go PrepareForCreate (generation 1),
    // PrepareForUpdate (generation bumped when anything but metadata changed)
    pub fn put_priority_class(&mut self, mut class: PriorityClass) {
        let name = class.metadata.name().to_string();
        match self.priority_classes.get(&name) {
            Some(old) => {
                let changed = (&old.description, old.global_default)
                    != (&class.description, class.global_default);
                class.metadata.uid.clone_from(&old.metadata.uid);
                class.metadata.creation_timestamp = old.metadata.creation_timestamp;
                let generation = old.metadata.generation.unwrap_or(1);
                class.metadata.generation = Some(generation + i64::from(changed));
            }
            None => class.metadata.generation = Some(1),
        }
        class.metadata.resource_version = self.next_version();
        self.priority_classes.insert(name, class);
    }

    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.get(name)
    }

    pub fn namespaces(&self) -> impl Iterator<Item = &Namespace> {
        self.namespaces.values()
    }

    /// Creates the namespace unless it exists: Active, with the name label the API server
    /// adds. The store takes objects in any namespace; admission refuses those whose namespace
    /// is not made here (`namespaces "team" not found`).
    // Upstream: pkg/registry/core/namespace/strategy.go PrepareForCreate (phase Active,
    // the kubernetes.io/metadata.name label)
    pub fn ensure_namespace(&mut self, name: &str, created: Option<Time>) {
        if name.is_empty() || self.namespaces.contains_key(name) {
            return;
        }
        let resource_version = self.next_version();
        let namespace = Namespace {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(Arc::new(StringMap::from_iter([(
                    "kubernetes.io/metadata.name".to_string(),
                    name.to_string(),
                )]))),
                creation_timestamp: created,
                resource_version,
                ..Default::default()
            },
            spec: Some(crate::api::namespace::NamespaceSpec {
                finalizers: Some(vec!["kubernetes".into()]),
            }),
            status: Some(NamespaceStatus {
                phase: Some("Active".into()),
            }),
            ..Default::default()
        };
        self.namespaces.insert(name.to_string(), namespace);
    }

    // Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go Create
    pub fn create_job(&mut self, mut job: Job) -> Result<Key, String> {
        let key = key_of(&job.metadata);
        if self.jobs.contains_key(&key) {
            return Err(format!("jobs.batch {:?} already exists", key.1));
        }
        job.metadata.resource_version = self.next_version();
        let owner = job_owner(&job).map(Arc::new);
        self.jobs.insert(key.clone(), job);
        self.notify(
            Kind::Job,
            Arc::new(key.clone()),
            ChangeType::Added,
            owner,
            true,
        );
        Ok(key)
    }

    pub fn cron_job(&self, key: &Key) -> Option<&CronJob> {
        self.cron_jobs.get(key)
    }

    pub fn cron_jobs(&self) -> impl Iterator<Item = (&Key, &CronJob)> {
        self.cron_jobs.iter()
    }

    // Upstream: registry/store.go Create
    pub fn create_cron_job(&mut self, mut cron_job: CronJob) -> Result<Key, String> {
        let key = key_of(&cron_job.metadata);
        if self.cron_jobs.contains_key(&key) {
            return Err(format!("cronjobs.batch {:?} already exists", key.1));
        }
        cron_job.metadata.resource_version = self.next_version();
        self.cron_jobs.insert(key.clone(), cron_job);
        self.notify(
            Kind::CronJob,
            Arc::new(key.clone()),
            ChangeType::Added,
            None,
            true,
        );
        Ok(key)
    }

    /// Changes a CronJob (status writes, spec updates); a spec change bumps its generation.
    // Upstream: registry/store.go Update; cronjob strategy PrepareForUpdate (generation)
    pub fn update_cron_job(&mut self, key: &Key, change: impl FnOnce(&mut CronJob)) -> bool {
        let Some(cron_job) = self.cron_jobs.get_mut(key) else {
            return false;
        };
        let spec_before = cron_job.spec.clone();
        change(cron_job);
        let generation_changed = cron_job.spec != spec_before;
        if generation_changed {
            cron_job.metadata.generation = Some(cron_job.metadata.generation.unwrap_or(0) + 1);
        }
        self.resource_version += 1;
        write_version(
            &mut cron_job.metadata.resource_version,
            self.resource_version,
        );
        self.notify(
            Kind::CronJob,
            Arc::new(key.clone()),
            ChangeType::Modified,
            None,
            generation_changed,
        );
        true
    }

    /// Creates a pod at generation 1, admitted with this token volume
    /// ([`crate::sim::service_account_token`]); returns its key, shared with the store.
    // Upstream: registry/store.go Create; pkg/registry/core/pod/strategy.go PrepareForCreate
    pub fn create_pod(
        &mut self,
        mut pod: Pod,
        token: Option<TokenVolume>,
    ) -> Result<Arc<Key>, String> {
        let key = key_of(&pod.metadata);
        if self.names.contains(&key) {
            return Err(format!("pods {:?} already exists", key.1));
        }
        pod.metadata.generation = Some(1);
        pod.metadata.resource_version = self.next_version();
        let shared = Arc::new(key);
        let indexed_under = pod_owner_name(&pod).map(|(namespace, name)| {
            self.pods_indexed += 1;
            let n = self.pods_indexed;
            let jobs = match self.owned.get_mut(namespace) {
                Some(jobs) => jobs,
                None => self.owned.entry(namespace.to_string()).or_default(),
            };
            let owned = match jobs.get_mut(name) {
                Some(owned) => owned,
                None => jobs.entry(name.to_string()).or_insert(OwnedPods {
                    job: Arc::new((namespace.to_string(), name.to_string())),
                    pods: BTreeMap::new(),
                }),
            };
            owned.pods.insert(n, Arc::clone(&shared));
            (Arc::clone(&owned.job), n)
        });
        let owner = indexed_under.as_ref().map(|(job, _)| Arc::clone(job));
        self.tallies[Tally::of(&pod).position()] += 1;
        let mut stored = StoredPod {
            pod: Box::new(pod),
            token,
            key: Arc::clone(&shared),
            indexed_under,
            finished: None,
        };
        self.finished
            .follow(&stored.pod, &stored.key, &mut stored.finished);
        self.pods.insert(Address::of(&shared), stored);
        self.names.insert(Arc::clone(&shared));
        self.notify(
            Kind::Pod,
            Arc::clone(&shared),
            ChangeType::Added,
            owner,
            false,
        );
        Ok(shared)
    }

    fn notify(
        &mut self,
        kind: Kind,
        key: Arc<Key>,
        change: ChangeType,
        owner: Option<Arc<Key>>,
        generation_changed: bool,
    ) {
        if kind == Kind::Pod {
            if let Some(feed) = self.pod_feed.as_mut().filter(|f| !f.overflowed) {
                feed.keys.push(key.clone());
                if feed.keys.len() > POD_FEED_LIMIT {
                    *feed = PodFeed {
                        keys: Vec::new(),
                        overflowed: true,
                    };
                }
            }
        }
        self.changes.push(Change {
            kind,
            key,
            change,
            owner,
            generation_changed,
        });
    }

    /// Changes a Job (status writes); a spec change bumps its generation.
    // Upstream: registry/store.go Update; job strategy PrepareForUpdate (generation)
    pub fn update_job(&mut self, key: &Key, change: impl FnOnce(&mut Job)) -> bool {
        let Some(job) = self.jobs.get_mut(key) else {
            return false;
        };
        let spec_before = job.spec.clone();
        change(job);
        let generation_changed = job.spec != spec_before;
        if generation_changed {
            job.metadata.generation = Some(job.metadata.generation.unwrap_or(0) + 1);
        }
        self.resource_version += 1;
        write_version(&mut job.metadata.resource_version, self.resource_version);
        let owner = job_owner(job).map(Arc::new);
        self.notify(
            Kind::Job,
            Arc::new(key.clone()),
            ChangeType::Modified,
            owner,
            generation_changed,
        );
        self.remove_job_if_released(key);
        true
    }

    /// Changes a pod (status, finalizers); a marked pod whose last finalizer goes and whose
    /// grace period is over is removed.
    // Upstream: registry/store.go Update (deleteWithoutFinalizers when finalizers empty)
    pub fn update_pod(&mut self, key: &Key, change: impl FnOnce(&mut Pod)) -> bool {
        let Some(stored) = self.address(key).and_then(|at| self.pods.get_mut(&at)) else {
            return false;
        };
        let before = Tally::of(&stored.pod);
        change(&mut stored.pod);
        let after = Tally::of(&stored.pod);
        if after != before {
            self.tallies[before.position()] -= 1;
            self.tallies[after.position()] += 1;
        }
        self.finished
            .follow(&stored.pod, &stored.key, &mut stored.finished);
        self.resource_version += 1;
        write_version(
            &mut stored.pod.metadata.resource_version,
            self.resource_version,
        );
        let owner = stored.owner();
        let released = is_released(&stored.pod);
        let shared = Arc::clone(&stored.key);
        self.notify(Kind::Pod, shared, ChangeType::Modified, owner, false);
        if released {
            self.remove_pod(key);
        }
        true
    }

    /// Deletes a pod with a grace period: without finalizers and grace it is gone; otherwise it
    /// is marked with deletionTimestamp = now + grace, the first mark bumping its generation.
    // Upstream: registry/store.go Delete, rest/delete.go BeforeDelete (graceful deletion)
    pub fn delete_pod(&mut self, key: &Key, now: Time, grace_seconds: i64) -> Deleted {
        let grace = grace_seconds.max(0);
        let mark = |pod: &mut Pod| {
            let meta = &mut pod.metadata;
            let shorter = meta
                .deletion_grace_period_seconds
                .is_none_or(|current| grace < current);
            if meta.deletion_timestamp.is_none() {
                if let Some(generation) = meta.generation.as_mut().filter(|g| **g > 0) {
                    *generation += 1;
                }
            }
            if meta.deletion_timestamp.is_none() || shorter {
                let at = now
                    .timestamp()
                    .saturating_add(jiff::SignedDuration::from_secs(grace))
                    .unwrap_or(now.timestamp());
                meta.deletion_timestamp = Some(Time::from_timestamp(at));
                meta.deletion_grace_period_seconds = Some(grace);
            }
        };
        if !self.update_pod(key, mark) {
            return Deleted::Missing;
        }
        if self.address(key).is_some() {
            Deleted::Marked
        } else {
            Deleted::Removed
        }
    }

    /// Deletes a Job, adding the propagation's finalizer (`orphan`, `foregroundDeletion`):
    /// marked while it has finalizers, gone otherwise.
    // Upstream: registry/store.go Delete, deletionFinalizersForGarbageCollection
    pub fn delete_job(&mut self, key: &Key, now: Time, finalizer: Option<&str>) -> Deleted {
        let Some(job) = self.jobs.get_mut(key) else {
            return Deleted::Missing;
        };
        if job.metadata.deletion_timestamp.is_none() {
            job.metadata.deletion_timestamp = Some(now);
            job.metadata.deletion_grace_period_seconds = Some(0);
            if let Some(f) = finalizer {
                let finalizers = job.metadata.finalizers.get_or_insert_with(Vec::new);
                if !finalizers.iter().any(|x| x == f) {
                    finalizers.push(f.to_string());
                }
            }
        }
        self.update_job(key, |_| {});
        if self.jobs.contains_key(key) {
            Deleted::Marked
        } else {
            Deleted::Removed
        }
    }

    fn remove_pod(&mut self, key: &Key) {
        if let Some(stored) = self.address(key).and_then(|at| self.pods.remove(&at)) {
            self.names.remove(&stored.key);
            self.tallies[Tally::of(&stored.pod).position()] -= 1;
            if let Some(entry) = &stored.finished {
                self.finished.remove(entry);
            }
            let owner = stored.owner();
            if let Some((job, n)) = &stored.indexed_under {
                if let Some(jobs) = self.owned.get_mut(&job.0) {
                    if let Some(owned) = jobs.get_mut(&job.1) {
                        owned.pods.remove(n);
                        if owned.pods.is_empty() {
                            jobs.remove(&job.1);
                        }
                    }
                    if jobs.is_empty() {
                        self.owned.remove(&job.0);
                    }
                }
            }
            self.notify(Kind::Pod, stored.key, ChangeType::Deleted, owner, false);
        }
    }

    fn remove_job_if_released(&mut self, key: &Key) {
        let released = self.jobs.get(key).is_some_and(|j| {
            j.metadata.deletion_timestamp.is_some()
                && j.metadata.finalizers.as_ref().is_none_or(Vec::is_empty)
        });
        if !released {
            return;
        }
        if let Some(job) = self.jobs.remove(key) {
            let owner = job_owner(&job).map(Arc::new);
            self.notify(
                Kind::Job,
                Arc::new(key.clone()),
                ChangeType::Deleted,
                owner,
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ObjectMeta;

    fn pod(name: &str, finalizers: &[&str]) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                finalizers: Some(finalizers.iter().map(|f| f.to_string()).collect()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn key(name: &str) -> Key {
        ("default".into(), name.into())
    }

    /// The watch notifications since the last look.
    fn taken(store: &mut Store) -> Vec<Change> {
        let mut changes = Vec::new();
        store.swap_changes(&mut changes);
        changes
    }

    fn now() -> Time {
        Time::parse("2026-01-01T00:00:00Z").unwrap()
    }

    #[test]
    fn a_pod_is_made_at_generation_one_and_its_first_graceful_delete_bumps_it() {
        let mut store = Store::new();
        store.create_pod(pod("a", &["keep"]), None).unwrap();
        let generation = |store: &Store| store.pod(&key("a")).unwrap().metadata.generation;
        assert_eq!(generation(&store), Some(1));
        assert_eq!(store.delete_pod(&key("a"), now(), 30), Deleted::Marked);
        assert_eq!(generation(&store), Some(2));
        store.delete_pod(&key("a"), now(), 5);
        assert_eq!(
            generation(&store),
            Some(2),
            "a shorter grace period is no new delete"
        );
    }

    #[test]
    fn every_write_bumps_the_resource_version_and_is_watched() {
        let mut store = Store::new();
        store.create_pod(pod("a", &[]), None).unwrap();
        store.update_pod(&key("a"), |_| {});
        let rv = store
            .pod(&key("a"))
            .unwrap()
            .metadata
            .resource_version
            .clone();
        assert_eq!(rv.as_deref(), Some("2"));
        let changes: Vec<ChangeType> = taken(&mut store).iter().map(|c| c.change).collect();
        assert_eq!(changes, [ChangeType::Added, ChangeType::Modified]);
    }

    #[test]
    fn a_pod_reader_lists_first_then_hears_of_each_write() {
        let mut store = Store::new();
        store.create_pod(pod("before", &[]), None).unwrap();
        assert_eq!(store.pod_changes(), PodChanges::Relist);
        store.create_pod(pod("a", &[]), None).unwrap();
        store.update_pod(&key("before"), |_| {});
        store.delete_pod(&key("a"), now(), 0);
        // The delete marks the pod, then removes it: two writes.
        assert_eq!(
            store.pod_changes(),
            PodChanges::Changed(
                ["a", "before", "a", "a"]
                    .map(|name| Arc::new(key(name)))
                    .to_vec()
            )
        );
        assert_eq!(store.pod_changes(), PodChanges::Changed(vec![]));
    }

    #[test]
    fn a_pod_reader_too_far_behind_lists_again() {
        let mut store = Store::new();
        store.create_pod(pod("a", &[]), None).unwrap();
        store.pod_changes();
        for _ in 0..=POD_FEED_LIMIT {
            store.update_pod(&key("a"), |_| {});
        }
        assert_eq!(store.pod_changes(), PodChanges::Relist);
        store.update_pod(&key("a"), |_| {});
        assert_eq!(
            store.pod_changes(),
            PodChanges::Changed(vec![Arc::new(key("a"))])
        );
    }

    #[test]
    fn a_pod_with_a_finalizer_is_only_marked_until_the_finalizer_goes() {
        let mut store = Store::new();
        store.create_pod(pod("a", &["f"]), None).unwrap();
        assert_eq!(store.delete_pod(&key("a"), now(), 0), Deleted::Marked);
        assert!(store
            .pod(&key("a"))
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some());
        store.update_pod(&key("a"), |p| p.metadata.finalizers = None);
        assert!(store.pod(&key("a")).is_none());
        assert_eq!(
            taken(&mut store).last().map(|c| c.change),
            Some(ChangeType::Deleted)
        );
    }

    #[test]
    fn a_graceful_delete_waits_for_a_delete_with_no_grace() {
        let mut store = Store::new();
        store.create_pod(pod("a", &[]), None).unwrap();
        assert_eq!(store.delete_pod(&key("a"), now(), 30), Deleted::Marked);
        assert_eq!(store.delete_pod(&key("a"), now(), 0), Deleted::Removed);
    }

    #[test]
    fn a_job_deleted_in_the_foreground_stays_until_its_finalizer_goes() {
        let mut store = Store::new();
        let job = Job {
            metadata: ObjectMeta {
                name: Some("pi".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        store.create_job(job).unwrap();
        let marked = store.delete_job(&key("pi"), now(), Some("foregroundDeletion"));
        assert_eq!(marked, Deleted::Marked);
        store.update_job(&key("pi"), |j| j.metadata.finalizers = None);
        assert!(store.job(&key("pi")).is_none());
    }

    #[test]
    fn a_pod_is_found_by_its_shared_key_and_by_a_copy_until_it_is_gone() {
        let mut store = Store::new();
        let shared = store.create_pod(pod("a", &[]), None).unwrap();
        let copy = key("a");
        assert!(Arc::ptr_eq(store.pod_key(&copy).unwrap(), &shared));
        assert!(std::ptr::eq(
            store.pod(&shared).unwrap(),
            store.pod(&copy).unwrap()
        ));
        assert!(store.update_pod(&copy, |p| p.metadata.generate_name = Some("a-".into())));
        let generate_name = |k: &Key| store.pod(k).and_then(|p| p.metadata.generate_name.clone());
        assert_eq!(generate_name(&shared).as_deref(), Some("a-"));
        assert_eq!(store.delete_pod(&shared, now(), 0), Deleted::Removed);
        assert!(store.pod(&shared).is_none() && store.pod(&copy).is_none());
        // The name is free again; the new pod's key is a key of its own.
        let again = store.create_pod(pod("a", &[]), None).unwrap();
        assert!(!Arc::ptr_eq(&again, &shared));
        assert!(store.pod(&shared).is_some(), "found by its strings");
    }

    #[test]
    fn a_jobs_pods_share_its_key() {
        let mut store = Store::new();
        let owned = |name: &str| {
            let mut p = pod(name, &[]);
            p.metadata.owner_references = Some(vec![crate::api::meta::OwnerReference {
                api_version: "batch/v1".into(),
                kind: "Job".into(),
                name: "pi".into(),
                uid: "u".into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]);
            p
        };
        store.create_pod(owned("pi-a"), None).unwrap();
        store.create_pod(owned("pi-b"), None).unwrap();
        let owner = |name: &str| store.stored(&key(name)).and_then(StoredPod::owner).unwrap();
        assert!(Arc::ptr_eq(&owner("pi-a"), &owner("pi-b")));
        assert_eq!(*owner("pi-a"), key("pi"));
        assert_eq!(store.pods_of(&key("pi")).len(), 2);
    }

    #[test]
    fn a_second_create_of_the_same_name_is_refused() {
        let mut store = Store::new();
        store.create_pod(pod("a", &[]), None).unwrap();
        assert!(store.create_pod(pod("a", &[]), None).is_err());
    }
}
