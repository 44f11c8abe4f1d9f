//! The Job controller wired into the world: its index of live pods, the reconcile that calls the
//! pure `sync_job` (its explanation kept, see `records.rs`), and the pods it creates from the
//! template.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::api::job::{
    JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV_NAME,
    JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
    JOB_TRACKING_FINALIZER,
};
use crate::api::pod::{EnvVar, EnvVarSource, ObjectFieldSelector};
use crate::api::{Job, ObjectMeta, OwnerReference, Pod, PodSpec};
use crate::controllers::job::pod::{JobPod, Phase};
use crate::controllers::job::sync::{sync_job, PodCreation, SyncInput, SyncOutcome};
use crate::sim::ordered_key::OrderedKey;
use crate::sim::pod_address::{Address, AddressKey};
use crate::sim::store::{ChangeType, Key};
use crate::sim::time::SimDuration;

use super::api_writes::JobWrite;
use super::pod_admission::{admit_spec, new_pod_status};
use super::records::Ready;
use super::{sim_duration, PodRecord, World};
use crate::sim::service_account_token::TokenVolume;

/// The Job controller's work queue retries a failed sync after 1 s, doubling up to a minute.
// Upstream: job_controller.go DefaultJobApiBackOff, MaxJobApiBackOff
const API_BACKOFF_BASE_MS: u64 = 1_000;
const API_BACKOFF_MAX_MS: u64 = 60_000;

/// At most this many views of forgotten pods are kept to be made the views of new ones (their
/// strings and lists reused): about what a sync creates or finishes at once.
pub(super) const SPARE_VIEWS: usize = 1024;

impl World {
    /// Keeps the controller's view of each Job's pods that a sync reads (unfinished, or not yet
    /// counted), from the watch changes: a pod is read once per change, not once per sync. A pod
    /// whose controller changed leaves the index of its former Job.
    pub(super) fn track_live(
        &mut self,
        owner: Option<&Arc<Key>>,
        pod: &Arc<Key>,
        change: ChangeType,
    ) {
        let tracked = match self.live_job.get(&Address::of(pod)) {
            Some((job, ordered)) if Some(job) == owner => Some(ordered.clone()),
            Some((previous, _)) => {
                let previous = previous.clone();
                self.forget_live(&previous, pod);
                None
            }
            None => None,
        };
        let watched = if change == ChangeType::Deleted {
            None
        } else {
            self.store
                .pod(pod)
                .filter(|p| p.metadata.has_finalizer(JOB_TRACKING_FINALIZER) || !p.is_terminal())
        };
        match (owner, watched) {
            (Some(job), Some(watched)) => {
                let views = match self.live.get_mut(&**job) {
                    Some(views) => views,
                    None => self.live.entry((**job).clone()).or_default(),
                };
                match tracked.and_then(|ordered| views.get_mut(&ordered)) {
                    Some(known) => known.refresh(watched),
                    None => {
                        let ordered = OrderedKey::new(Arc::clone(pod));
                        let mut view = self
                            .spare_views
                            .pop()
                            .unwrap_or_else(|| JobPod::new(String::new(), Phase::Pending));
                        view.refresh(watched);
                        views.insert(ordered.clone(), view);
                        let tracked = (Arc::clone(job), ordered);
                        debug_assert!(self.is_shared_pod_key(pod));
                        self.live_job.insert(AddressKey::new(pod), tracked);
                    }
                }
            }
            (Some(job), None) => self.forget_live(job, pod),
            (None, _) => {}
        }
    }

    fn forget_live(&mut self, job: &Key, pod: &Arc<Key>) {
        let Some((_, ordered)) = self.live_job.remove(&Address::of(pod)) else {
            return;
        };
        if let Some(views) = self.live.get_mut(job) {
            if let Some(view) = views.remove(&ordered) {
                if self.spare_views.len() < SPARE_VIEWS {
                    self.spare_views.push(view);
                }
            }
            if views.is_empty() {
                self.live.remove(job);
            }
        }
    }

    /// The Job's pods that are unfinished or not yet counted, still controlled by it, by name.
    pub(super) fn live_pods(&self, job: &Key) -> impl Iterator<Item = &JobPod> {
        self.live
            .get(job)
            .into_iter()
            .flat_map(|views| views.values())
    }

    // Upstream: pkg/controller/job/job_controller.go processNextWorkItem → syncJob
    pub(super) fn reconcile(&mut self, key: Key) {
        if self.workqueue.get(&key) != Some(&self.now()) {
            return;
        }
        self.workqueue.remove(&key);
        // The worker is still sending the last sync's writes: the key waits for it.
        if let Some(until) = self.job_busy_until(&key) {
            self.enqueue(&key, until.since(self.now()));
            return;
        }
        let Some(job) = self.store.job(&key).cloned() else {
            return;
        };
        let has_policy = job
            .spec
            .as_ref()
            .is_some_and(|s| s.pod_failure_policy.is_some());
        // With a pod failure policy a sync reads every pod the Job still has.
        let every_pod: Vec<JobPod> = if has_policy {
            self.store
                .pods_of(&key)
                .into_iter()
                .map(JobPod::from_pod)
                .collect()
        } else {
            Vec::new()
        };
        let record = self.job_records.entry(key.clone()).or_default();
        record.reconciles += 1;
        let backoff = record.backoff;
        let now = self.clock.wall(self.now());
        let name_seed = self.rng.between(0, u64::MAX);
        let pods: Vec<&JobPod> = if has_policy {
            every_pod.iter().collect()
        } else {
            self.live_pods(&key).collect()
        };
        let mut outcome = sync_job(SyncInput {
            job: &job,
            pods: &pods,
            now,
            backoff,
            name_seed,
        });
        if let Some(r) = self.job_records.get_mut(&key) {
            r.backoff = outcome.backoff.unwrap_or_default();
        }
        self.admit_creates(&key, &job, &mut outcome);
        // Upstream's order: pods created, then deleted, finalizers removed, the status written.
        let creates = std::mem::take(&mut outcome.creates);
        let writes = creates.into_iter().map(JobWrite::Create);
        let writes = writes.chain(outcome.deletes.iter().cloned().map(JobWrite::Delete));
        let finalizers = outcome.remove_finalizers.iter().cloned();
        let writes = writes.chain(finalizers.map(JobWrite::RemoveFinalizer));
        let status = outcome.status_changed.then(|| outcome.status.clone());
        let writes: Vec<JobWrite> = writes.chain(status.map(JobWrite::Status)).collect();
        let put_off = self.send_job_writes(&key, &job, writes);
        if !outcome.events.is_empty() {
            let object = self.object("job", &key.0, &key.1);
            let put_off: BTreeSet<&str> = put_off.iter().map(String::as_str).collect();
            for e in outcome.events {
                // A put-off create or delete records its event when it goes out: its message
                // names the pod last ("Created pod: NAME").
                let about_put_off = matches!(&*e.reason, "SuccessfulCreate" | "SuccessfulDelete")
                    && e.message
                        .rsplit_once(": ")
                        .is_some_and(|(_, name)| put_off.contains(name));
                if !about_put_off {
                    self.record(e.type_, e.reason, object.clone(), e.message.into());
                }
            }
        }
        if let Some(after) = outcome.requeue_after {
            self.enqueue(&key, sim_duration(after));
        }
        // The pods this sync deleted are no longer active; the ones it created are not yet seen.
        let deleted: BTreeSet<&str> = outcome.deletes.iter().map(|d| d.name.as_str()).collect();
        let active = self
            .live_pods(&key)
            .filter(|p| p.is_active() && !deleted.contains(p.name.as_str()))
            .count() as u64;
        if let Some(r) = self.job_records.get_mut(&key) {
            r.max_active = r.max_active.max(active);
        }
        self.keep_explanation(&key, outcome.explanation);
    }

    /// The sync's pods go through admission before they are created: when the API server
    /// refuses the first, the sync creates none, and the Job is synced again after the work
    /// queue's backoff for a failed sync (1 s doubling to a minute; a sync that fails nothing
    /// resets it).
    // Upstream: job_controller.go processNextWorkItem (AddRateLimited on error, Forget on
    // success), DefaultJobApiBackOff, MaxJobApiBackOff; the API server's create handler
    // (admission's Forbidden names the pod by its generateName)
    fn admit_creates(&mut self, key: &Key, job: &Job, outcome: &mut SyncOutcome) {
        let template = job.spec.as_ref().and_then(|s| s.template.spec.as_ref());
        let refusal = match (outcome.creates.first(), template) {
            (Some(first), Some(template)) => self
                .pod_priority(template)
                .err()
                .map(|e| format!("pods {:?} is forbidden: {e}", first.generate_name)),
            _ => None,
        };
        let Some(record) = self.job_records.get_mut(key) else {
            return;
        };
        let Some(error) = refusal else {
            record.failed_syncs = 0;
            return;
        };
        outcome.creation_refused(job.status.as_ref(), &error);
        let delay = API_BACKOFF_BASE_MS
            .saturating_mul(1 << record.failed_syncs.min(16))
            .min(API_BACKOFF_MAX_MS);
        record.failed_syncs += 1;
        self.enqueue(key, SimDuration::from_millis(delay));
    }

    pub(super) fn remove_tracking_finalizer(&mut self, key: &Key) {
        self.store.update_pod(key, |p| {
            if let Some(f) = p.metadata.finalizers.as_mut() {
                f.retain(|f| f != JOB_TRACKING_FINALIZER);
            }
        });
    }

    /// A pod from the Job's template, as the controller creates it.
    // Upstream: job_controller.go manageJob (podTemplate, addCompletionIndexEnvVariables,
    // addCompletionIndexAnnotation, hostname) and controller_utils.go GetPodFromTemplate
    pub(super) fn create_pod(&mut self, job_key: &Key, job: &Job, create: PodCreation) {
        let Some(spec) = job.spec.as_ref() else {
            return;
        };
        let template = &spec.template;
        let Some(template_spec) = template.spec.as_ref() else {
            return;
        };
        let template_meta = template.metadata.as_ref();
        // The pods share the template's labels and annotations until one of them changes.
        let mut meta = ObjectMeta {
            labels: Some(
                template_meta
                    .and_then(|m| m.labels.clone())
                    .unwrap_or_default(),
            ),
            annotations: template_meta.and_then(|m| m.annotations.clone()),
            ..Default::default()
        };
        // Admitted as the write goes out: a default class made since the sync applies.
        let Ok(priority) = self.pod_priority(template_spec) else {
            return;
        };
        let tolerate_for = self.timing.not_ready_toleration;
        let pod_spec = match create.index {
            Some(index) => {
                let index_value = index.to_string();
                meta.annotations_mut()
                    .insert(JOB_COMPLETION_INDEX_ANNOTATION.into(), index_value.clone());
                meta.labels_mut()
                    .insert(JOB_COMPLETION_INDEX_ANNOTATION.into(), index_value);
                let mut spec = template_spec.clone();
                add_completion_index(&mut spec, job.metadata.name(), index);
                admit_spec(&mut spec, &priority, tolerate_for);
                Arc::new(spec)
            }
            None => self.specs.from_template(template_spec, &priority, |spec| {
                admit_spec(spec, &priority, tolerate_for)
            }),
        };
        if let Some(n) = create.index_failure_count {
            meta.annotations_mut()
                .insert(JOB_INDEX_FAILURE_COUNT_ANNOTATION.into(), n.to_string());
        }
        if let Some(n) = create.index_ignored_failure_count {
            meta.annotations_mut().insert(
                JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION.into(),
                n.to_string(),
            );
        }
        // kubectl's READY counts the sidecars beside the containers.
        let sidecars = pod_spec.init_containers.iter().flatten();
        let containers = pod_spec.containers.len()
            + sidecars
                .filter(|c| c.is_restartable_init_container())
                .count();
        let token = TokenVolume::draw(&pod_spec, &mut self.token_rng);
        let pod = Pod {
            api_version: Some("v1".into()),
            kind: Some("Pod".into()),
            metadata: ObjectMeta {
                name: Some(create.name),
                generate_name: Some(create.generate_name),
                namespace: Some(job.metadata.namespace().to_string()),
                uid: Some(self.rng.uid()),
                creation_timestamp: Some(self.api_now()),
                annotations: meta.annotations.filter(|a| !a.is_empty()),
                owner_references: Some(vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    name: self.texts.shared_str(job.metadata.name()),
                    uid: self.texts.shared_str(job.metadata.uid()),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }]),
                finalizers: Some(vec![JOB_TRACKING_FINALIZER.into()]),
                ..meta
            },
            status: Some(new_pod_status(&pod_spec)),
            spec: Some(pod_spec),
        };
        let Ok(key) = self.store.create_pod(pod, token) else {
            return;
        };
        if let Some(r) = self.job_records.get_mut(job_key) {
            r.pods_created += 1;
        }
        let namespace = self.texts.shared_str(&job_key.0);
        let job_name = self.texts.shared_str(&job_key.1);
        let record = PodRecord::created(
            Arc::clone(&key),
            namespace,
            Some(job_name),
            create.index,
            containers,
            self.now(),
        );
        self.pod_records.insert(record);
        self.pod_line(&key, Ready::None, "Pending");
    }
}

/// An Indexed Job's pod: its hostname and, in each container, `JOB_COMPLETION_INDEX` from the
/// pod's completion-index annotation.
// Upstream: job_controller.go addCompletionIndexEnvVariables, manageJob (Hostname)
fn add_completion_index(spec: &mut PodSpec, job_name: &str, index: i64) {
    spec.hostname = Some(format!("{job_name}-{index}"));
    let env = EnvVar {
        name: JOB_COMPLETION_INDEX_ENV_NAME.into(),
        value: None,
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: Some("v1".into()),
                field_path: format!("metadata.annotations['{JOB_COMPLETION_INDEX_ANNOTATION}']"),
            }),
            ..Default::default()
        }),
    };
    let containers = spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten());
    for c in containers {
        let vars = c.env.get_or_insert_with(Vec::new);
        if !vars.iter().any(|v| v.name == JOB_COMPLETION_INDEX_ENV_NAME) {
            vars.push(env.clone());
        }
    }
}
