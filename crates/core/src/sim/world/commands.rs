//! What a user changes on a running cluster — suspend, scale, delete a Job, or any other update
//! of it — checked as the API server checks an update. The console (`kubectl`), the scenario's
//! `kubectl:` actions and the page's Job card share these.
//!
//! Errors are the text kubectl prints for them (no trailing newline), e.g.
//! `Error from server (NotFound): jobs.batch "x" not found` or
//! `The Job "pi" is invalid: spec.completions: Invalid value: 3: field is immutable`.

use crate::api::{CronJob, Job, Node, ObjectMeta};
use crate::controllers::gc;
use crate::kubectl::command::{self, CommandOutput};
use crate::sim::store::{Deleted, Key};
use crate::sim::time::SimTime;
use crate::validation::cronjob::validate_cronjob_update;
use crate::validation::field::kubectl_invalid_message;
use crate::validation::job::validate_job_update;
use crate::validation::objectmeta::validate_object_meta_update;

use super::nodes::{node_not_found, pod_not_found};
use super::World;

/// The propagation of a delete (`kubectl delete --cascade=background|foreground|orphan`).
pub use crate::controllers::gc::PropagationPolicy as Propagation;

/// kubectl's words for a Job that does not exist.
// Upstream: apimachinery pkg/api/errors NewNotFound, printed by kubectl cmdutil.CheckErr
pub fn job_not_found(name: &str) -> String {
    format!("Error from server (NotFound): jobs.batch \"{name}\" not found")
}

/// A kubectl command run on the world, when, and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubectlRecord {
    pub time: SimTime,
    pub command: String,
    pub output: CommandOutput,
}

impl World {
    /// Runs a kubectl command line now (a scenario's `kubectl:` action, the console) and keeps
    /// it, with its output, in `kubectl_log`. A command that comes while another one runs the
    /// world on (`wait`, `get -w`) runs after it, as at a console; it answers nothing here and
    /// its output goes to `kubectl_log`.
    pub fn kubectl(&mut self, line: &str, stdin: Option<&str>) -> CommandOutput {
        if let Some(queue) = self.kubectl_queue.as_mut() {
            queue.push((line.to_string(), stdin.map(String::from)));
            return CommandOutput::default();
        }
        self.kubectl_queue = Some(Vec::new());
        let time = self.now();
        let output = command::run(self, line, stdin);
        self.kubectl_log.push(KubectlRecord {
            time,
            command: line.to_string(),
            output: output.clone(),
        });
        let queued = self.kubectl_queue.take().unwrap_or_default();
        for (line, stdin) in queued {
            self.kubectl(&line, stdin.as_deref());
        }
        output
    }

    /// Updates a Job as a PUT does: the change is applied to a copy (its status is kept: the
    /// main resource cannot write it), validated against the stored Job (immutable fields,
    /// ranges), then stored; watchers hear of it at once. Returns whether anything changed.
    // Upstream: registry/store.go Update with pkg/registry/batch/job/strategy.go
    // PrepareForUpdate and ValidateUpdate
    pub fn update_job(&mut self, key: &Key, change: impl FnOnce(&mut Job)) -> Result<bool, String> {
        let Some(old) = self.store.job(key) else {
            return Err(job_not_found(&key.1));
        };
        let mut new = old.clone();
        change(&mut new);
        new.status.clone_from(&old.status);
        if &new == old {
            return Ok(false);
        }
        let errors = validate_job_update(old, &new);
        if !errors.is_empty() {
            let message = kubectl_invalid_message("Job", &key.1, &errors);
            return Err(message.trim_end().to_string());
        }
        self.store.update_job(key, |j| *j = new);
        self.dispatch();
        Ok(true)
    }

    /// Sets `spec.parallelism` (kubectl scale --replicas, the page's parallelism control).
    pub fn scale_job(&mut self, job: &Key, parallelism: i32) -> Result<(), String> {
        self.update_job(job, |j| {
            j.spec.get_or_insert_with(Default::default).parallelism = Some(parallelism);
        })
        .map(|_| ())
    }

    /// Deletes a Job with a propagation policy: background removes it now and the garbage
    /// collector its pods after; foreground keeps it (Terminating) until its pods are gone;
    /// orphan leaves the pods without an owner.
    // Upstream: registry/store.go Delete (deletionFinalizersForGarbageCollection)
    pub fn delete_job(&mut self, job: &Key, propagation: Propagation) -> Result<(), String> {
        let now = self.api_now();
        let deleted = self
            .store
            .delete_job(job, now, gc::deletion_finalizer(propagation));
        if deleted == Deleted::Missing {
            return Err(job_not_found(&job.1));
        }
        self.dispatch();
        Ok(())
    }
}

impl World {
    /// Deletes a pod gracefully (its `terminationGracePeriodSeconds`, 30 by default, unless
    /// `grace` says otherwise): marked Terminating, the kubelet stops it, then it is gone.
    // Upstream: registry/store.go Delete with pkg/registry/core/pod/strategy.go CheckGracefulDelete
    pub fn delete_pod(&mut self, pod: &Key, grace: Option<i64>) -> Result<(), String> {
        let Some(p) = self.store.pod(pod) else {
            return Err(pod_not_found(&pod.1));
        };
        let grace = grace.unwrap_or_else(|| p.termination_grace_seconds());
        let now = self.api_now();
        self.store.delete_pod(pod, now, grace);
        self.dispatch();
        Ok(())
    }

    /// Changes a pod's labels or annotations (kubectl label/annotate), validated as metadata.
    // Upstream: pkg/apis/core/validation ValidatePodUpdate (ValidateObjectMetaUpdate)
    pub fn update_pod_metadata(
        &mut self,
        pod: &Key,
        change: impl FnOnce(&mut ObjectMeta),
    ) -> Result<bool, String> {
        let Some(old) = self.store.pod(pod) else {
            return Err(pod_not_found(&pod.1));
        };
        let mut meta = old.metadata.clone();
        change(&mut meta);
        if meta == old.metadata {
            return Ok(false);
        }
        let mut errors = Vec::new();
        validate_object_meta_update(&meta, &old.metadata, "metadata", &mut errors);
        if !errors.is_empty() {
            let message = kubectl_invalid_message("Pod", &pod.1, &errors);
            return Err(message.trim_end().to_string());
        }
        self.store.update_pod(pod, |p| p.metadata = meta);
        self.dispatch();
        Ok(true)
    }
}

impl World {
    /// Updates a CronJob as a PUT does, validated as an update (its status is kept).
    // Upstream: pkg/registry/batch/cronjob/strategy.go PrepareForUpdate / ValidateUpdate
    pub fn update_cron_job(
        &mut self,
        key: &Key,
        change: impl FnOnce(&mut CronJob),
    ) -> Result<bool, String> {
        let Some(old) = self.store.cron_job(key) else {
            return Err(format!(
                "Error from server (NotFound): cronjobs.batch \"{}\" not found",
                key.1
            ));
        };
        let mut new = old.clone();
        change(&mut new);
        new.status.clone_from(&old.status);
        if &new == old {
            return Ok(false);
        }
        let errors = validate_cronjob_update(old, &new);
        if !errors.is_empty() {
            let message = kubectl_invalid_message("CronJob", &key.1, &errors);
            return Err(message.trim_end().to_string());
        }
        self.store.update_cron_job(key, |c| *c = new);
        self.dispatch();
        Ok(true)
    }

    /// Updates a Node (kubectl label node, patch node): metadata validated as an update.
    // Upstream: pkg/registry/core/node/strategy.go ValidateUpdate (ValidateObjectMetaUpdate)
    pub fn update_node(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut Node),
    ) -> Result<bool, String> {
        let Some(old) = self.store.node(name) else {
            return Err(node_not_found(name));
        };
        let mut new = old.clone();
        change(&mut new);
        new.status.clone_from(&old.status);
        if &new == old {
            return Ok(false);
        }
        let mut errors = Vec::new();
        validate_object_meta_update(&new.metadata, &old.metadata, "metadata", &mut errors);
        if !errors.is_empty() {
            let message = kubectl_invalid_message("Node", name, &errors);
            return Err(message.trim_end().to_string());
        }
        self.store.update_node(name, |n| *n = new);
        self.dispatch();
        Ok(true)
    }

    /// Changes a Node's labels or annotations.
    pub fn update_node_metadata(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut ObjectMeta),
    ) -> Result<bool, String> {
        self.update_node(name, |n| change(&mut n.metadata))
    }
}
