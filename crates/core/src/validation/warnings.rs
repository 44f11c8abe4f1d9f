//! The warnings the API server returns with an accepted (or refused) Job or CronJob, which
//! kubectl prints as `Warning: …`.

use std::collections::BTreeSet;

use crate::api::cronjob::CronJob;
use crate::api::job::{Job, JobSpec};
use crate::api::pod::PodTemplateSpec;

use super::field::{child, index, key};
use super::names::is_dns1123_label;

/// Upstream: pkg/registry/batch/job/strategy.go WarningsOnCreate
pub fn job_warnings(job: &Job) -> Vec<String> {
    let mut warnings = name_warning(job.metadata.name());
    if let Some(spec) = &job.spec {
        job_spec_warnings(spec, "spec", &mut warnings);
    }
    warnings
}

/// Upstream: pkg/registry/batch/cronjob/strategy.go WarningsOnCreate
pub fn cronjob_warnings(cronjob: &CronJob) -> Vec<String> {
    let mut warnings = name_warning(cronjob.metadata.name());
    if let Some(spec) = cronjob.spec.as_ref() {
        if let Some(job_spec) = &spec.job_template.spec {
            job_spec_warnings(job_spec, "spec.jobTemplate.spec", &mut warnings);
        }
        if spec.schedule.contains("TZ") {
            warnings.push(
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead".to_string(),
            );
        }
    }
    warnings
}

fn name_warning(name: &str) -> Vec<String> {
    let msgs = is_dns1123_label(name);
    if msgs.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [{}]",
        msgs.join(" ")
    )]
}

/// Upstream: pkg/api/job/warnings.go WarningsForJobSpec
fn job_spec_warnings(spec: &JobSpec, path: &str, warnings: &mut Vec<String>) {
    if spec.completion_mode.as_deref() == Some("Indexed")
        && spec.completions.unwrap_or(0) > 100_000
        && spec.parallelism.unwrap_or(0) > 10_000
    {
        warnings.push(format!("{path}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail"));
    }
    pod_template_warnings(&spec.template, &child(path, "template"), warnings);
}

/// The pod template warnings that a Job course meets: deprecated node labels, a negative grace
/// period, fractional bytes, environment variables hidden by a later one.
// Upstream: pkg/api/pod/warnings.go GetWarningsForPodTemplate / warningsForPodSpecAndMeta
fn pod_template_warnings(template: &PodTemplateSpec, path: &str, warnings: &mut Vec<String>) {
    let Some(spec) = &template.spec else { return };
    let spec_path = child(path, "spec");
    for k in spec.node_selector.iter().flatten().map(|(k, _)| k) {
        if let Some(msg) = deprecated_node_label(k) {
            warnings.push(format!(
                "{}: {msg}",
                key(&child(&spec_path, "nodeSelector"), k)
            ));
        }
    }
    if spec.termination_grace_period_seconds.is_some_and(|g| g < 0) {
        warnings.push(format!(
            "{}: must be >= 0; negative values are invalid and will be treated as 1",
            child(&spec_path, "terminationGracePeriodSeconds")
        ));
    }
    let groups = [
        (
            "initContainers",
            spec.init_containers.as_deref().unwrap_or(&[]),
        ),
        ("containers", &spec.containers[..]),
    ];
    for (field, containers) in groups {
        for (i, c) in containers.iter().enumerate() {
            let cp = index(&child(&spec_path, field), i);
            if let Some(resources) = &c.resources {
                for (part, list) in [
                    ("limits", &resources.limits),
                    ("requests", &resources.requests),
                ] {
                    for name in ["memory", "ephemeral-storage"] {
                        if let Some(q) = list.as_ref().and_then(|l| l.get(name)) {
                            if q.milli_value() % 1000 != 0 {
                                warnings.push(format!(
                                    "{}: fractional byte value {:?} is invalid, must be an integer",
                                    key(&child(&child(&cp, "resources"), part), name),
                                    q.to_string()
                                ));
                            }
                        }
                    }
                }
            }
            let mut seen = BTreeSet::new();
            for (j, env) in c.env.iter().flatten().enumerate() {
                if seen.insert(env.name.clone()) {
                    continue;
                }
                let reference = format!("$({})", env.name);
                let value = env.value.as_deref().unwrap_or("");
                if env.value_from.is_some() || value == reference || !value.contains(&reference) {
                    warnings.push(format!(
                        "{}: hides previous definition of {:?}, which may be dropped when using apply",
                        index(&child(&cp, "env"), j),
                        env.name
                    ));
                }
            }
        }
    }
}

/// Upstream: pkg/api/pod/warnings.go deprecatedNodeLabels
fn deprecated_node_label(label: &str) -> Option<&'static str> {
    Some(match label {
        "beta.kubernetes.io/arch" => "deprecated since v1.14; use \"kubernetes.io/arch\" instead",
        "beta.kubernetes.io/os" => "deprecated since v1.14; use \"kubernetes.io/os\" instead",
        "failure-domain.beta.kubernetes.io/region" => {
            "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead"
        }
        "failure-domain.beta.kubernetes.io/zone" => {
            "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead"
        }
        "beta.kubernetes.io/instance-type" => {
            "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{Container, EnvVar, PodSpec};

    fn job_with(name: &str, pod: PodSpec) -> Job {
        let mut job = Job::default();
        job.metadata.name = Some(name.into());
        job.spec = Some(JobSpec {
            template: PodTemplateSpec {
                metadata: None,
                spec: Some(pod),
            },
            ..Default::default()
        });
        job
    }

    #[test]
    fn warnings_follow_upstreams_strategy() {
        let env = |name: &str, value: &str| EnvVar {
            name: name.into(),
            value: Some(value.into()),
            value_from: None,
        };
        let pod_with_env = |vars: Vec<EnvVar>| PodSpec {
            containers: vec![Container {
                name: "c".into(),
                env: Some(vars),
                ..Default::default()
            }],
            ..Default::default()
        };
        let cases = [
            ("a DNS label name has no warning", job_with("pi", PodSpec::default()), vec![]),
            (
                "a dotted name is no DNS label",
                job_with("pi.v1", PodSpec::default()),
                vec!["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]".to_string()],
            ),
            (
                "a redefined env var hides the first",
                job_with("pi", pod_with_env(vec![env("A", "1"), env("A", "2")])),
                vec!["spec.template.spec.containers[0].env[1]: hides previous definition of \"A\", which may be dropped when using apply".to_string()],
            ),
            (
                "a redefinition that extends the first is fine",
                job_with("pi", pod_with_env(vec![env("PATH", "/bin"), env("PATH", "$(PATH):/opt")])),
                vec![],
            ),
            (
                "a deprecated node label",
                job_with(
                    "pi",
                    PodSpec {
                        node_selector: Some([("beta.kubernetes.io/os".to_string(), "linux".to_string())].into_iter().collect()),
                        ..Default::default()
                    },
                ),
                vec!["spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \"kubernetes.io/os\" instead".to_string()],
            ),
        ];
        for (name, job, want) in cases {
            assert_eq!(job_warnings(&job), want, "{name}");
        }
    }
}
