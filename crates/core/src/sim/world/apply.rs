//! `kubectl apply -f` and `kubectl create -f` on the running world: each document of a
//! manifest is created (admitted as the scenario's Jobs are) or merged into the live object and
//! validated as an update, so immutable changes are refused in the API server's words.

use serde_json::{Map, Value};

use crate::api::decode::decode_strict;
use crate::api::Job;
use crate::api::{CronJob, Namespace, ObjectMeta};
use crate::controllers::cronjob::create_job::create_job_from_cron_job;
use crate::sim::scenario::{admit_cron_job, admit_job, Refusal};
use crate::sim::store::Key;
use crate::validation::defaults::default_pod_template;
use crate::validation::objectmeta::check_namespace;
use crate::yaml::{parse_documents, to_json};

use super::World;

/// How documents are written: `apply` creates or updates, `create` only creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyMode {
    Apply,
    Create,
}

impl World {
    /// `kubectl apply -f` of a multi-document manifest: the lines kubectl prints
    /// (`job.batch/pi created`, `configured`, `unchanged`), or every error joined when one
    /// document is refused (the others are still applied, as kubectl does).
    pub fn apply(&mut self, text: &str) -> Result<Vec<String>, String> {
        let results = self.apply_documents(text, ApplyMode::Apply, None);
        let errors: Vec<String> = results.iter().filter_map(|r| r.clone().err()).collect();
        if errors.is_empty() {
            Ok(results.into_iter().filter_map(Result::ok).collect())
        } else {
            Err(errors.join("\n"))
        }
    }

    /// Each document's outcome, in order: the line printed on stdout or the error on stderr.
    /// `namespace` is kubectl's `-n`: the namespace of documents that name none, and the only
    /// one a document may name.
    // Upstream: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go applyOneObject;
    // create/create.go RunCreate; cli-runtime resource/mapper.go (EnforceNamespace)
    pub fn apply_documents(
        &mut self,
        text: &str,
        mode: ApplyMode,
        namespace: Option<&str>,
    ) -> Vec<Result<String, String>> {
        let mut out = Vec::new();
        for doc in parse_documents(text) {
            let value = doc
                .content
                .map_err(|e| format!("error: error parsing STDIN: {e}"))
                .and_then(|node| {
                    to_json(&node)
                        .map(|(v, _)| v)
                        .map_err(|e| format!("error: error parsing STDIN: {}", e.message))
                });
            match value {
                Ok(Value::Null) => {}
                Ok(value) => out.push(
                    with_namespace(value, namespace).and_then(|v| self.apply_value(&v, mode)),
                ),
                Err(e) => out.push(Err(e)),
            }
        }
        if out.is_empty() {
            out.push(Err("error: no objects passed to apply".into()));
        }
        out
    }

    /// A Namespace document: created when new (`namespace/lab created`); applied again it is
    /// `unchanged` — the simulation keeps no labels or annotations of a namespace but its own.
    // Upstream: apply.go (created, unchanged); create.go (AlreadyExists "when creating")
    fn apply_namespace(&mut self, value: &Value, mode: ApplyMode) -> Result<String, String> {
        let namespace = decode_strict::<Namespace>(value, "Namespace").map_err(|e| e.message())?;
        let meta = &namespace.metadata;
        let name = meta.name();
        if self.store.namespace(name).is_none() {
            return self.create_namespace_of(meta);
        }
        check_namespace(meta)?;
        match mode {
            ApplyMode::Create => Err(creating_error(&Refusal::AlreadyExists(format!(
                "namespaces {name:?} already exists"
            )))),
            ApplyMode::Apply => Ok(format!("namespace/{name} unchanged")),
        }
    }

    /// `kubectl create namespace NAME`: the namespace, or the API server's refusal.
    pub fn create_namespace(&mut self, name: &str) -> Result<String, String> {
        let meta = ObjectMeta {
            name: Some(name.to_string()),
            ..Default::default()
        };
        self.create_namespace_of(&meta)
    }

    /// A Namespace of this metadata created now, or its refusal in kubectl's words.
    // Upstream: pkg/apis/core/validation ValidateNamespace; registry/store.go Create
    // (AlreadyExists)
    fn create_namespace_of(&mut self, meta: &ObjectMeta) -> Result<String, String> {
        let name = meta.name();
        if name.is_empty() {
            return Err("error: resource name may not be empty".into());
        }
        check_namespace(meta)?;
        if self.store.namespace(name).is_some() {
            return Err(format!(
                "Error from server (AlreadyExists): namespaces {name:?} already exists"
            ));
        }
        let now = self.api_now();
        self.store.ensure_namespace(name, Some(now));
        Ok(format!("namespace/{name} created"))
    }

    fn apply_value(&mut self, value: &Value, mode: ApplyMode) -> Result<String, String> {
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        if (api_version, kind) == ("v1", "Namespace") {
            return self.apply_namespace(value, mode);
        }
        if (api_version, kind) == ("scheduling.k8s.io/v1", "PriorityClass") {
            return self.apply_priority_class(value, mode);
        }
        if !matches!((api_version, kind), ("batch/v1", "Job" | "CronJob")) {
            return Err(format!(
                "error: resource mapping not found for name: {:?} namespace: \"\" from \"STDIN\": \
                 no matches for kind {kind:?} in version {api_version:?}",
                value
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            ));
        }
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let namespace = value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
            .to_string();
        let key: Key = (namespace, name.clone());
        let cron = kind == "CronJob";
        let (plural, singular) = if cron {
            ("cronjobs.batch", "cronjob.batch")
        } else {
            ("jobs.batch", "job.batch")
        };
        let live = if cron {
            self.store
                .cron_job(&key)
                .map(serde_json::to_value)
                .transpose()
        } else {
            self.store.job(&key).map(serde_json::to_value).transpose()
        };
        let live = live.map_err(|e| e.to_string())?;
        let Some(mut merged) = live.filter(|_| !name.is_empty()) else {
            let created = if cron {
                self.create_cron_job_from(value)
            } else {
                self.create_job_from(value)
            };
            return created.map_err(|e| creating_error(&e));
        };
        if mode == ApplyMode::Create {
            return Err(creating_error(&Refusal::AlreadyExists(format!(
                "{plural} {name:?} already exists"
            ))));
        }
        // The live object carries every default; only what the manifest replaces (the
        // containers) needs defaulting again.
        let mut patch = value.clone();
        if let Value::Object(m) = &mut patch {
            m.remove("status");
        }
        strategic_merge(&mut merged, &patch);
        let invalid = |e: crate::api::decode::DecodeError| {
            format!("error: error validating \"STDIN\": {}", e.message())
        };
        let changed = if cron {
            let mut cron_job: CronJob = decode_strict(&merged, "CronJob").map_err(invalid)?;
            if let Some(spec) = cron_job.spec.as_mut() {
                if let Some(job_spec) = spec.job_template.spec.as_mut() {
                    default_pod_template(&mut job_spec.template);
                }
            }
            self.update_cron_job(&key, |c| *c = cron_job)?
        } else {
            let mut job: Job = decode_strict(&merged, "Job").map_err(invalid)?;
            if let Some(spec) = job.spec.as_mut() {
                default_pod_template(&mut spec.template);
            }
            self.update_job(&key, |j| *j = job)?
        };
        let word = if changed { "configured" } else { "unchanged" };
        Ok(format!("{singular}/{name} {word}"))
    }

    /// Creates a CronJob from a manifest now; `cronjob.batch/NAME created`.
    fn create_cron_job_from(&mut self, value: &Value) -> Result<String, Refusal> {
        let now = self.wall(self.now());
        let cron_job = admit_cron_job(value, now, &mut self.rng, |ns| {
            self.store.namespace(ns).is_some()
        })?;
        let key = self
            .store
            .create_cron_job(cron_job)
            .map_err(Refusal::AlreadyExists)?;
        self.cron_job_records
            .insert(key.clone(), Default::default());
        self.dispatch();
        Ok(format!("cronjob.batch/{} created", key.1))
    }

    /// `kubectl create job NAME --from=cronjob/CRON`: a Job from the CronJob's template, owned
    /// by it and annotated `cronjob.kubernetes.io/instantiate: manual`.
    // Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go createJobFromCronJob;
    // Run ("failed to create job")
    pub fn create_job_from_cron_job(&mut self, name: &str, cron: &Key) -> Result<String, String> {
        let Some(cron_job) = self.store.cron_job(cron) else {
            return Err(format!(
                "Error from server (NotFound): cronjobs.batch {:?} not found",
                cron.1
            ));
        };
        let job = create_job_from_cron_job(cron_job, name, Some(&cron.0));
        let value = serde_json::to_value(&job).map_err(|e| e.to_string())?;
        self.create_job_for_kubectl(&value)
    }

    /// `kubectl create job NAME --image=IMAGE [-- COMMAND [ARG...]]`: a Job of one container
    /// named after it, running the image's command or the one given, restartPolicy Never.
    // Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go createJob; Run
    pub fn create_job_with_image(
        &mut self,
        name: &str,
        namespace: &str,
        image: &str,
        command: &[String],
    ) -> Result<String, String> {
        let value = serde_json::json!({
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": { "name": name, "namespace": namespace },
            "spec": { "template": { "spec": {
                "containers": [one_container(name, image, command)],
                "restartPolicy": "Never",
            } } },
        });
        self.create_job_for_kubectl(&value)
    }

    /// `kubectl create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=POLICY]
    /// [-- COMMAND [ARG...]]`: a CronJob whose Job template has one container named after it,
    /// restartPolicy OnFailure unless said.
    // Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/create_cronjob.go createCronJob; Run
    // ("failed to create cronjob")
    pub fn create_cron_job_with_image(
        &mut self,
        (name, namespace): (&str, &str),
        (image, schedule, restart): (&str, &str, &str),
        command: &[String],
    ) -> Result<String, String> {
        let value = serde_json::json!({
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": { "name": name, "namespace": namespace },
            "spec": {
                "schedule": schedule,
                "jobTemplate": {
                    "metadata": { "name": name },
                    "spec": { "template": { "spec": {
                        "containers": [one_container(name, image, command)],
                        "restartPolicy": restart,
                    } } },
                },
            },
        });
        self.create_cron_job_from(&value).map_err(|e| {
            format!(
                "error: failed to create cronjob: {}",
                e.to_string().trim_end()
            )
        })
    }

    /// A Job `kubectl create job` made, created now; its refusal as kubectl reports it.
    // Upstream: create_job.go Run ("failed to create job: %v")
    fn create_job_for_kubectl(&mut self, value: &Value) -> Result<String, String> {
        self.create_job_from(value)
            .map_err(|e| format!("error: failed to create job: {}", e.to_string().trim_end()))
    }

    /// Creates a Job from a manifest now; `job.batch/NAME created`.
    fn create_job_from(&mut self, value: &Value) -> Result<String, Refusal> {
        let now = self.wall(self.now());
        let job = admit_job(value, now, &mut self.rng, |ns| {
            self.store.namespace(ns).is_some()
        })?;
        let key = self.store.create_job(job).map_err(Refusal::AlreadyExists)?;
        self.job_records.insert(key.clone(), Default::default());
        self.dispatch();
        Ok(format!("job.batch/{} created", key.1))
    }
}

/// A create refused, as `kubectl apply -f` and `kubectl create -f` print it: the status reason
/// and the source, or an invalid object's message as the API server wrote it.
// Upstream: kubectl pkg/cmd/util helpers.go AddSourceToErr ("error when creating"), CheckErr
pub(super) fn creating_error(refusal: &Refusal) -> String {
    match refusal.reason() {
        Some(reason) => {
            format!("Error from server ({reason}): error when creating \"STDIN\": {refusal}")
        }
        None => refusal.to_string().trim_end().to_string(),
    }
}

/// Puts kubectl's `-n` on a document that names no namespace; refuses one that names another.
// Upstream: cli-runtime pkg/resource visitor.go (the "does not match the namespace" error)
fn with_namespace(mut value: Value, namespace: Option<&str>) -> Result<Value, String> {
    let Some(ns) = namespace else {
        return Ok(value);
    };
    let named = value
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .map(String::from);
    match named {
        Some(other) if other != ns => Err(format!(
            "error: the namespace from the provided object \"{other}\" does not match the \
             namespace \"{ns}\". You must pass '--namespace={other}' to perform this operation."
        )),
        Some(_) => Ok(value),
        None => {
            if let Some(Value::Object(meta)) = value.get_mut("metadata") {
                meta.insert("namespace".into(), Value::String(ns.to_string()));
            }
            Ok(value)
        }
    }
}

/// A JSON merge patch (RFC 7386): objects merge key by key, `null` removes, anything else
/// replaces.
// Upstream: github.com/evanphx/json-patch MergePatch
pub fn merge_patch(target: &mut Value, patch: &Value) {
    merge(target, patch, false);
}

/// A strategic merge patch as kubectl sends for built-in kinds, for the lists a Job has: lists
/// of objects with a `name` (containers, env, ports, volumes) merge by name; other lists are
/// replaced.
// Upstream: apimachinery pkg/util/strategicpatch patch.go mergeMap / mergeSlice (patchMergeKey)
pub fn strategic_merge(target: &mut Value, patch: &Value) {
    merge(target, patch, true);
}

fn merge(target: &mut Value, patch: &Value, by_name: bool) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target_map) = target else {
        return;
    };
    for (k, v) in patch_map {
        if v.is_null() {
            target_map.remove(k);
            continue;
        }
        let slot = target_map.entry(k.clone()).or_insert(Value::Null);
        match (slot, v) {
            (Value::Array(live), Value::Array(items)) if by_name && all_named(items) => {
                for item in items {
                    let name = item.get("name");
                    match live.iter_mut().find(|l| l.get("name") == name) {
                        Some(existing) => merge(existing, item, by_name),
                        None => live.push(item.clone()),
                    }
                }
            }
            (slot @ Value::Object(_), Value::Object(_)) => merge(slot, v, by_name),
            (slot, v) => {
                let mut fresh = Value::Null;
                merge(&mut fresh, v, by_name);
                *slot = if v.is_object() { fresh } else { v.clone() };
            }
        }
    }
}

fn all_named(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.get("name").is_some())
}

/// The container `kubectl create job|cronjob` makes: named after the object, with the image's
/// command unless one is given.
fn one_container(name: &str, image: &str, command: &[String]) -> Value {
    let mut container = Map::new();
    container.insert("name".into(), name.into());
    container.insert("image".into(), image.into());
    if !command.is_empty() {
        container.insert("command".into(), command.into());
    }
    Value::Object(container)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_merge_patch_replaces_lists_and_removes_nulls() {
        let mut v = json!({"a": 1, "b": {"c": 2, "d": 3}, "l": [{"name": "x", "i": 1}]});
        merge_patch(
            &mut v,
            &json!({"b": {"c": null, "e": 4}, "l": [{"name": "y"}]}),
        );
        assert_eq!(
            v,
            json!({"a": 1, "b": {"d": 3, "e": 4}, "l": [{"name": "y"}]})
        );
    }

    #[test]
    fn a_strategic_merge_merges_named_lists_by_name() {
        let mut v = json!({"l": [{"name": "x", "i": 1}, {"name": "z"}]});
        strategic_merge(
            &mut v,
            &json!({"l": [{"name": "x", "j": 2}, {"name": "y"}]}),
        );
        assert_eq!(
            v,
            json!({"l": [{"name": "x", "i": 1, "j": 2}, {"name": "z"}, {"name": "y"}]})
        );
    }
}
