//! The form's fields as the user types them, and how they are read from a Job's JSON.

use serde_json::{Map, Value};

use crate::api::job::Job;

/// The GPU resource the form offers next to CPU and memory.
pub const GPU_RESOURCE: &str = "nvidia.com/gpu";

/// A Job as the "New Job" form shows it: every field the text the user typed. Lists of pairs
/// (`labels`, `annotations`, `node_selector`) are one `key=value` per line; affinity terms are
/// one per line (see [`ContainerForm`] for the containers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobForm {
    pub name: String,
    pub namespace: String,
    pub labels: String,
    pub annotations: String,
    pub completions: String,
    pub parallelism: String,
    pub backoff_limit: String,
    pub active_deadline_seconds: String,
    pub ttl_seconds_after_finished: String,
    pub suspend: bool,
    /// `""`, `NonIndexed` or `Indexed` (anything else is kept, for validation to name).
    pub completion_mode: String,
    pub restart_policy: String,
    pub containers: Vec<ContainerForm>,
    pub node_selector: String,
    /// One node selector term per line, its expressions separated by `;`:
    /// `disktype In ssd,nvme; zone NotIn a`.
    pub required_affinity: String,
    /// One preferred term per line, its weight first: `50 disktype In ssd`.
    pub preferred_affinity: String,
}

/// One container of the pod template. `command` and `args` are one item per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerForm {
    pub name: String,
    /// The image without its tag (`perl`).
    pub image: String,
    pub tag: String,
    pub command: String,
    pub args: String,
    pub env: Vec<EnvVarForm>,
    pub cpu_request: String,
    pub cpu_limit: String,
    pub memory_request: String,
    pub memory_limit: String,
    pub gpu_request: String,
    pub gpu_limit: String,
    pub image_pull_policy: String,
}

/// One `env` entry (a `valueFrom` entry shows an empty value and keeps its `valueFrom`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvVarForm {
    pub name: String,
    pub value: String,
}

impl JobForm {
    /// The form of a decoded Job.
    pub fn from_job(job: &Job) -> JobForm {
        JobForm::from_json(&serde_json::to_value(job).unwrap_or(Value::Null))
    }

    /// The form of a Job document as JSON, whatever it holds: a value of the wrong type shows
    /// as its text, so that the form shows what the YAML says.
    pub fn from_json(job: &Value) -> JobForm {
        let pod = job.pointer("/spec/template/spec");
        let node_affinity = pod.and_then(|p| p.pointer("/affinity/nodeAffinity"));
        JobForm {
            name: scalar_at(job, "/metadata/name"),
            namespace: scalar_at(job, "/metadata/namespace"),
            labels: pairs_text(job.pointer("/metadata/labels")),
            annotations: pairs_text(job.pointer("/metadata/annotations")),
            completions: scalar_at(job, "/spec/completions"),
            parallelism: scalar_at(job, "/spec/parallelism"),
            backoff_limit: scalar_at(job, "/spec/backoffLimit"),
            active_deadline_seconds: scalar_at(job, "/spec/activeDeadlineSeconds"),
            ttl_seconds_after_finished: scalar_at(job, "/spec/ttlSecondsAfterFinished"),
            suspend: job.pointer("/spec/suspend") == Some(&Value::Bool(true)),
            completion_mode: scalar_at(job, "/spec/completionMode"),
            restart_policy: scalar_at(job, "/spec/template/spec/restartPolicy"),
            containers: items(pod.and_then(|p| p.get("containers")))
                .iter()
                .map(ContainerForm::from_json)
                .collect(),
            node_selector: pairs_text(pod.and_then(|p| p.get("nodeSelector"))),
            required_affinity: items(node_affinity.and_then(|a| {
                a.pointer("/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
            }))
            .iter()
            .map(|term| expressions_text(term.get("matchExpressions")))
            .collect::<Vec<_>>()
            .join("\n"),
            preferred_affinity: items(
                node_affinity
                    .and_then(|a| a.get("preferredDuringSchedulingIgnoredDuringExecution")),
            )
            .iter()
            .map(|p| {
                let weight = scalar_text(p.get("weight"));
                let terms = expressions_text(p.pointer("/preference/matchExpressions"));
                format!("{weight} {terms}").trim().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
        }
    }
}

impl ContainerForm {
    /// An empty container, as "Add container" makes it.
    pub fn new(name: &str) -> ContainerForm {
        ContainerForm {
            name: name.to_string(),
            ..ContainerForm::default()
        }
    }

    pub fn from_json(c: &Value) -> ContainerForm {
        let (image, tag) = split_image(&scalar_text(c.get("image")));
        let resource = |bound: &str, name: &str| {
            scalar_text(
                c.pointer(&format!("/resources/{bound}"))
                    .and_then(|m| m.get(name)),
            )
        };
        ContainerForm {
            name: scalar_text(c.get("name")),
            image,
            tag,
            command: lines_text(c.get("command")),
            args: lines_text(c.get("args")),
            env: items(c.get("env"))
                .iter()
                .map(|e| EnvVarForm {
                    name: scalar_text(e.get("name")),
                    value: scalar_text(e.get("value")),
                })
                .collect(),
            cpu_request: resource("requests", "cpu"),
            cpu_limit: resource("limits", "cpu"),
            memory_request: resource("requests", "memory"),
            memory_limit: resource("limits", "memory"),
            gpu_request: resource("requests", GPU_RESOURCE),
            gpu_limit: resource("limits", GPU_RESOURCE),
            image_pull_policy: scalar_text(c.get("imagePullPolicy")),
        }
    }

    /// The image reference with its tag (`perl:5.34.0`).
    pub fn image_ref(&self) -> String {
        if self.tag.is_empty() {
            self.image.clone()
        } else {
            format!("{}:{}", self.image, self.tag)
        }
    }
}

/// Splits `registry:5000/perl:5.34.0` into the image and its tag; a digest (`@sha256:…`) stays
/// with the image.
// Upstream: github.com/distribution/reference ParseNormalizedNamed (tag after the last `/`)
pub fn split_image(reference: &str) -> (String, String) {
    if reference.contains('@') {
        return (reference.to_string(), String::new());
    }
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[last_slash..].rfind(':') {
        Some(i) => (
            reference[..last_slash + i].to_string(),
            reference[last_slash + i + 1..].to_string(),
        ),
        None => (reference.to_string(), String::new()),
    }
}

fn scalar_at(v: &Value, pointer: &str) -> String {
    scalar_text(v.pointer(pointer))
}

/// A scalar as typed; a list or map shows as its JSON.
pub(crate) fn scalar_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn items(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn lines_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(list)) => list
            .iter()
            .map(|i| scalar_text(Some(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => scalar_text(other),
    }
}

fn pairs_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Object(map)) => pairs_of(map),
        other => scalar_text(other),
    }
}

fn pairs_of(map: &Map<String, Value>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}={}", scalar_text(Some(v))))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `key Op v1,v2; key2 Exists`.
fn expressions_text(v: Option<&Value>) -> String {
    items(v)
        .iter()
        .map(|e| {
            let values = items(e.get("values"))
                .iter()
                .map(|v| scalar_text(Some(v)))
                .collect::<Vec<_>>()
                .join(",");
            let words = [
                scalar_text(e.get("key")),
                scalar_text(e.get("operator")),
                values,
            ];
            words.join(" ").trim().to_string()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_reference_splits_at_the_tag_after_the_last_slash() {
        let split = |s: &str| split_image(s);
        assert_eq!(split("perl:5.34.0"), ("perl".into(), "5.34.0".into()));
        assert_eq!(
            split("registry:5000/app"),
            ("registry:5000/app".into(), String::new())
        );
        assert_eq!(
            split("registry:5000/app:v1"),
            ("registry:5000/app".into(), "v1".into())
        );
        assert_eq!(
            split("busybox@sha256:abc"),
            ("busybox@sha256:abc".into(), String::new())
        );
    }

    #[test]
    fn a_job_reads_into_its_fields() {
        let job = serde_json::json!({
            "metadata": {"name": "pi", "labels": {"app": "pi", "tier": "batch"}},
            "spec": {"parallelism": 2, "suspend": true, "template": {"spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "pi", "image": "perl:5.34.0", "command": ["perl", "-e"],
                    "env": [{"name": "A", "value": "1"}],
                    "resources": {"limits": {"nvidia.com/gpu": 1, "cpu": "500m"}}}],
                "affinity": {"nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd", "nvme"]},
                                              {"key": "gpu", "operator": "Exists"}]}]},
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        {"weight": 50, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]}}}}}
        });
        let form = JobForm::from_json(&job);
        assert_eq!(form.name, "pi");
        assert_eq!(form.labels, "app=pi\ntier=batch");
        assert_eq!(form.parallelism, "2");
        assert!(form.suspend);
        assert_eq!(form.restart_policy, "Never");
        let c = &form.containers[0];
        assert_eq!((c.image.as_str(), c.tag.as_str()), ("perl", "5.34.0"));
        assert_eq!(c.command, "perl\n-e");
        assert_eq!(
            c.env,
            vec![EnvVarForm {
                name: "A".into(),
                value: "1".into()
            }]
        );
        assert_eq!((c.cpu_limit.as_str(), c.gpu_limit.as_str()), ("500m", "1"));
        assert_eq!(form.required_affinity, "disk In ssd,nvme; gpu Exists");
        assert_eq!(form.preferred_affinity, "50 zone In a");
    }
}
