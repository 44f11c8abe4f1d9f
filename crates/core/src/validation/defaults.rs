//! Defaulting as the API server does it before validation, and the Job's selector generation
//! on create.

use crate::api::cronjob::CronJob;
use crate::api::job::{
    Job, JobSpec, CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL,
    LEGACY_JOB_NAME_LABEL,
};
use crate::api::meta::LabelSelector;
use crate::api::pod::{
    Container, PodSecurityContext, PodSpec, PodTemplateSpec, Probe, ResourceRequirements, Volume,
};
use crate::api::{PriorityClass, StringMap};

/// A Job's `completions` and `parallelism` as defaulted: both 1 when neither is set (a Job
/// of one pod), else `parallelism` 1 when unset (`completions` unset stays a work queue).
// Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_Job
pub fn job_completions_and_parallelism(spec: &JobSpec) -> (Option<i32>, i32) {
    match (spec.completions, spec.parallelism) {
        (None, None) => (Some(1), 1),
        (completions, parallelism) => (completions, parallelism.unwrap_or(1)),
    }
}

/// A Job's `backoffLimit` as defaulted: 6, or no limit across indexes when each index has one.
// Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_Job
pub fn job_backoff_limit(spec: &JobSpec) -> i32 {
    spec.backoff_limit
        .unwrap_or(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        })
}

/// Applies `SetDefaults_Job` and the pod template defaults.
// Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_Job (+ SetObjectDefaults_Job)
pub fn default_job(job: &mut Job) {
    let spec = job.spec.get_or_insert_with(Default::default);
    let (completions, parallelism) = job_completions_and_parallelism(spec);
    spec.completions = completions;
    spec.parallelism = Some(parallelism);
    spec.backoff_limit = Some(job_backoff_limit(spec));
    let template_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone());
    if let Some(labels) = template_labels {
        if job
            .metadata
            .labels
            .as_deref()
            .is_none_or(StringMap::is_empty)
        {
            job.metadata.labels = Some(labels);
        }
    }
    if spec.completion_mode.is_none() {
        spec.completion_mode = Some("NonIndexed".into());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if spec.manual_selector.is_none() {
        spec.manual_selector = Some(false);
    }
    if let Some(policy) = spec.pod_failure_policy.as_mut() {
        for rule in &mut policy.rules {
            for pattern in rule.on_pod_conditions.iter_mut().flatten() {
                if pattern.status.as_deref().unwrap_or("").is_empty() {
                    pattern.status = Some("True".into());
                }
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        spec.pod_replacement_policy = Some(
            if spec.pod_failure_policy.is_some() {
                "Failed"
            } else {
                "TerminatingOrFailed"
            }
            .into(),
        );
    }
    default_pod_template(&mut spec.template);
}

/// Applies `SetDefaults_CronJob` and the pod template defaults of its job template (the Job
/// defaults themselves are not applied to a template).
// Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_CronJob (+ SetObjectDefaults_CronJob)
pub fn default_cronjob(cronjob: &mut CronJob) {
    let spec = cronjob.spec.get_or_insert_with(Default::default);
    if spec.concurrency_policy.as_deref().unwrap_or("").is_empty() {
        spec.concurrency_policy = Some("Allow".into());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if spec.successful_jobs_history_limit.is_none() {
        spec.successful_jobs_history_limit = Some(3);
    }
    if spec.failed_jobs_history_limit.is_none() {
        spec.failed_jobs_history_limit = Some(1);
    }
    if let Some(job_spec) = spec.job_template.spec.as_mut() {
        default_pod_template(&mut job_spec.template);
    }
}

/// A class that names no preemption policy lets its pods preempt lower-priority ones.
// Upstream: pkg/apis/scheduling/v1/defaults.go SetDefaults_PriorityClass
pub fn default_priority_class(class: &mut PriorityClass) {
    class.preemption_policy = Some(class.preemption_policy().to_string());
}

/// The pod defaults of a template.
pub fn default_pod_template(template: &mut PodTemplateSpec) {
    default_pod_spec(template.spec.get_or_insert_with(Default::default));
}

/// Pod spec defaults: restartPolicy Always, dnsPolicy ClusterFirst, grace period 30 s, the
/// default scheduler, an empty security context, and the container, volume and probe defaults.
// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_PodSpec
pub fn default_pod_spec(spec: &mut PodSpec) {
    if spec.dns_policy.as_deref().unwrap_or("").is_empty() {
        spec.dns_policy = Some("ClusterFirst".into());
    }
    if spec.restart_policy.as_deref().unwrap_or("").is_empty() {
        spec.restart_policy = Some("Always".into());
    }
    if spec.security_context.is_none() {
        spec.security_context = Some(PodSecurityContext::default());
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.scheduler_name.as_deref().unwrap_or("").is_empty() {
        spec.scheduler_name = Some("default-scheduler".into());
    }
    for volume in spec.volumes.iter_mut().flatten() {
        default_volume(volume);
    }
    for container in spec.init_containers.iter_mut().flatten() {
        default_container(container);
    }
    for container in &mut spec.containers {
        default_container(container);
    }
}

/// Container defaults: pull policy by tag, termination message path and policy, port protocol,
/// fieldRef apiVersion, probe defaults, and an empty `resources`.
// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Container, SetDefaults_ContainerPort,
// SetDefaults_ObjectFieldSelector, SetDefaults_Probe, SetDefaults_HTTPGetAction
pub fn default_container(container: &mut Container) {
    if container
        .image_pull_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        let image = container.image.as_deref().unwrap_or("");
        let policy = if image_tag(image).as_deref() == Some("latest") {
            "Always"
        } else {
            "IfNotPresent"
        };
        container.image_pull_policy = Some(policy.into());
    }
    if container
        .termination_message_path
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        container.termination_message_path = Some("/dev/termination-log".into());
    }
    if container
        .termination_message_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        container.termination_message_policy = Some("File".into());
    }
    if container.resources.is_none() {
        container.resources = Some(ResourceRequirements::default());
    }
    for port in container.ports.iter_mut().flatten() {
        if port.protocol.as_deref().unwrap_or("").is_empty() {
            port.protocol = Some("TCP".into());
        }
    }
    for env in container.env.iter_mut().flatten() {
        if let Some(field_ref) = env.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            if field_ref.api_version.as_deref().unwrap_or("").is_empty() {
                field_ref.api_version = Some("v1".into());
            }
        }
    }
    for probe in [
        &mut container.liveness_probe,
        &mut container.readiness_probe,
        &mut container.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        default_probe(probe);
    }
}

// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Probe, SetDefaults_HTTPGetAction
fn default_probe(probe: &mut Probe) {
    if probe.timeout_seconds.unwrap_or(0) == 0 {
        probe.timeout_seconds = Some(1);
    }
    if probe.period_seconds.unwrap_or(0) == 0 {
        probe.period_seconds = Some(10);
    }
    if probe.success_threshold.unwrap_or(0) == 0 {
        probe.success_threshold = Some(1);
    }
    if probe.failure_threshold.unwrap_or(0) == 0 {
        probe.failure_threshold = Some(3);
    }
    if let Some(http) = probe.http_get.as_mut() {
        if http.path.as_deref().unwrap_or("").is_empty() {
            http.path = Some("/".into());
        }
        if http.scheme.as_deref().unwrap_or("").is_empty() {
            http.scheme = Some("HTTP".into());
        }
    }
}

/// A volume without a source gets an emptyDir; ConfigMap and Secret volumes get mode 0644;
/// a hostPath gets an empty type.
// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Volume, SetDefaults_ConfigMapVolumeSource,
// SetDefaults_SecretVolumeSource, SetDefaults_HostPathVolumeSource
fn default_volume(volume: &mut Volume) {
    let has_source = {
        let probe = serde_json::to_value(&*volume).ok();
        probe
            .as_ref()
            .and_then(|v| v.as_object())
            .is_some_and(|m| m.keys().any(|k| k != "name"))
    };
    if !has_source {
        volume.empty_dir = Some(Default::default());
    }
    if let Some(cm) = volume.config_map.as_mut() {
        cm.default_mode.get_or_insert(0o644);
    }
    if let Some(secret) = volume.secret.as_mut() {
        secret.default_mode.get_or_insert(0o644);
    }
    if let Some(host_path) = volume.host_path.as_mut() {
        host_path.type_.get_or_insert_with(String::new);
    }
}

/// The tag of an image reference as the kubelet's parser sees it: `latest` when neither a tag
/// nor a digest is given, `None` for a digest-only or unparsable reference.
// Upstream: pkg/util/parsers/parsers.go ParseImageName (docker reference grammar)
fn image_tag(image: &str) -> Option<String> {
    if image.is_empty() || image.chars().any(|c| c.is_whitespace()) {
        return None;
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (repo, tag) = match name[last_slash..].rfind(':') {
        Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
        None => (name, None),
    };
    let path = repo.split_once('/').map_or(repo, |(first, rest)| {
        if first.contains('.') || first.contains(':') || first == "localhost" {
            rest
        } else {
            repo
        }
    });
    let path_ok = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c));
    if !path_ok {
        return None;
    }
    match (tag, digest) {
        (Some(t), _) => Some(t.to_string()),
        (None, Some(_)) => None,
        (None, None) => Some("latest".into()),
    }
}

/// What the API server does to a new Job before validating it: the uid and creation time are
/// set by the caller; here the four pod labels and the selector are generated unless
/// `manualSelector` is true, the status is emptied (`status: {}`) and the generation set to 1.
// Upstream: pkg/registry/batch/job/strategy.go PrepareForCreate / generateSelector
pub fn prepare_job_for_create(job: &mut Job) {
    let name = job.metadata.name().to_string();
    let uid = job.metadata.uid().to_string();
    job.status = Some(Default::default());
    job.metadata.generation = Some(1);
    let spec = job.spec.get_or_insert_with(Default::default);
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec
        .template
        .metadata
        .get_or_insert_with(Default::default)
        .labels_mut();
    for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        labels
            .entry(key.to_string())
            .or_insert_with(|| name.clone());
    }
    for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        labels.entry(key.to_string()).or_insert_with(|| uid.clone());
    }
    let selector = spec.selector.get_or_insert_with(LabelSelector::default);
    selector
        .match_labels
        .get_or_insert_with(StringMap::new)
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert(uid);
}

/// What the API server does to a new CronJob before validating it: the status is emptied.
// Upstream: pkg/registry/batch/cronjob/strategy.go PrepareForCreate
pub fn prepare_cronjob_for_create(cronjob: &mut CronJob) {
    cronjob.status = Some(Default::default());
    cronjob.metadata.generation = Some(1);
}

/// What the API server does to a new PriorityClass before validating it: generation 1.
// Upstream: pkg/registry/scheduling/priorityclass/strategy.go PrepareForCreate
pub fn prepare_priority_class_for_create(class: &mut PriorityClass) {
    class.metadata.generation = Some(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::JobSpec;

    #[test]
    fn image_pull_policy_follows_the_tag() {
        let cases = [
            ("an untagged image is pulled always", "perl", "Always"),
            ("latest is pulled always", "perl:latest", "Always"),
            (
                "a version tag is pulled if not present",
                "perl:5.34",
                "IfNotPresent",
            ),
            (
                "a registry port is not a tag",
                "localhost:5000/perl",
                "Always",
            ),
            (
                "a digest is pulled if not present",
                "perl@sha256:abc",
                "IfNotPresent",
            ),
            (
                "a tagged image on a registry",
                "gcr.io/p/job-wq-2:v1",
                "IfNotPresent",
            ),
            (
                "an unparsable name is pulled if not present",
                "Perl",
                "IfNotPresent",
            ),
        ];
        for (name, image, want) in cases {
            let mut c = Container {
                name: "c".into(),
                image: Some(image.into()),
                ..Default::default()
            };
            default_container(&mut c);
            assert_eq!(c.image_pull_policy.as_deref(), Some(want), "{name}");
        }
    }

    /// completions, parallelism, backoffLimit
    type Counts = (Option<i32>, Option<i32>, Option<i32>);

    #[test]
    fn job_defaults_follow_set_defaults_job() {
        let cases: Vec<(&str, JobSpec, Counts)> = vec![
            (
                "nothing set gives one of one",
                JobSpec::default(),
                (Some(1), Some(1), Some(6)),
            ),
            (
                "only parallelism keeps a work queue",
                JobSpec {
                    parallelism: Some(2),
                    ..Default::default()
                },
                (None, Some(2), Some(6)),
            ),
            (
                "only completions gets parallelism 1",
                JobSpec {
                    completions: Some(4),
                    ..Default::default()
                },
                (Some(4), Some(1), Some(6)),
            ),
            (
                "backoffLimitPerIndex makes backoffLimit MaxInt32",
                JobSpec {
                    backoff_limit_per_index: Some(1),
                    ..Default::default()
                },
                (Some(1), Some(1), Some(i32::MAX)),
            ),
        ];
        for (name, spec, (completions, parallelism, backoff)) in cases {
            let mut job = Job {
                spec: Some(spec),
                ..Default::default()
            };
            default_job(&mut job);
            let s = job.spec.expect("spec");
            assert_eq!(
                (s.completions, s.parallelism, s.backoff_limit),
                (completions, parallelism, backoff),
                "{name}"
            );
            assert_eq!(s.completion_mode.as_deref(), Some("NonIndexed"), "{name}");
            assert_eq!(
                s.pod_replacement_policy.as_deref(),
                Some("TerminatingOrFailed"),
                "{name}"
            );
            let pod = s.template.spec.expect("pod spec");
            assert_eq!(pod.restart_policy.as_deref(), Some("Always"), "{name}");
            assert_eq!(pod.termination_grace_period_seconds, Some(30), "{name}");
        }
    }

    #[test]
    fn selector_generation_adds_four_labels_and_the_uid_selector() {
        let mut job = Job::default();
        job.metadata.name = Some("pi".into());
        job.metadata.uid = Some("u-1".into());
        default_job(&mut job);
        prepare_job_for_create(&mut job);
        let spec = job.spec.expect("spec");
        let labels = spec.template.labels();
        assert_eq!(labels.get(JOB_NAME_LABEL).map(String::as_str), Some("pi"));
        assert_eq!(
            labels.get(LEGACY_JOB_NAME_LABEL).map(String::as_str),
            Some("pi")
        );
        assert_eq!(
            labels.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("u-1")
        );
        assert_eq!(
            labels.get(LEGACY_CONTROLLER_UID_LABEL).map(String::as_str),
            Some("u-1")
        );
        let selector = spec
            .selector
            .and_then(|s| s.match_labels)
            .unwrap_or_default();
        assert_eq!(selector.len(), 1);
        assert_eq!(
            selector.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("u-1")
        );
    }
}
