//! What one sync reads of a (defaulted) Job's spec and metadata, with the enum-like strings
//! turned into values once.
//!
//! Upstream: the helpers of pkg/controller/job/job_controller.go and indexed_job_utils.go
//! (isIndexedJob, hasBackoffLimitPerIndex, onlyReplaceFailedPods, managedByExternalController,
//! jobSuspended).

use crate::api::job::{PodFailurePolicy, SuccessPolicy, JOB_CONTROLLER_NAME};
use crate::api::Job;
use crate::validation::defaults;

use super::pod_failure_policy::{PodFailureAction, PodFailureRule, Requirement};
use super::success_policy::SuccessRule;

/// `spec.completionMode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompletionMode {
    NonIndexed,
    Indexed,
    /// A value the controller does not know: the sync is skipped with a Warning event.
    Unknown(String),
}

/// The Job as one sync reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSettings {
    pub name: String,
    pub namespace: String,
    /// `None` for a work-queue Job.
    pub completions: Option<i64>,
    pub parallelism: i64,
    pub mode: CompletionMode,
    pub backoff_limit: i64,
    pub backoff_limit_per_index: Option<i32>,
    pub max_failed_indexes: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    pub suspend: bool,
    /// The pod template's `restartPolicy` is `OnFailure`.
    pub restart_on_failure: bool,
    /// `podReplacementPolicy: Failed`, or any pod failure policy.
    pub only_replace_failed_pods: bool,
    pub pod_failure_rules: Option<Vec<PodFailureRule>>,
    pub success_rules: Option<Vec<SuccessRule>>,
    /// `spec.managedBy` when it names another controller.
    pub managed_by_external: Option<String>,
    /// The Job has a deletion timestamp.
    pub being_deleted: bool,
    /// The first container of the template (the probe's pods report their exit code on it).
    pub first_container: String,
}

impl JobSettings {
    /// Reads a Job. Fields the API server defaults are read through the same defaulting
    /// rules, so an undefaulted Job reads as its defaulted self.
    pub fn from_job(job: &Job) -> JobSettings {
        let empty = Default::default();
        let spec = job.spec.as_ref().unwrap_or(&empty);
        let pod_spec = spec.template.spec.as_ref();
        let (completions, parallelism) = defaults::job_completions_and_parallelism(spec);
        let mode = match spec.completion_mode.as_deref() {
            None | Some("NonIndexed") => CompletionMode::NonIndexed,
            Some("Indexed") => CompletionMode::Indexed,
            Some(other) => CompletionMode::Unknown(other.to_string()),
        };
        JobSettings {
            name: job.metadata.name().to_string(),
            namespace: job
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".to_string()),
            completions: completions.map(i64::from),
            parallelism: i64::from(parallelism),
            mode,
            backoff_limit: i64::from(defaults::job_backoff_limit(spec)),
            backoff_limit_per_index: spec.backoff_limit_per_index,
            max_failed_indexes: spec.max_failed_indexes.map(i64::from),
            active_deadline_seconds: spec.active_deadline_seconds,
            suspend: spec.suspend == Some(true),
            restart_on_failure: pod_spec.and_then(|p| p.restart_policy.as_deref())
                == Some("OnFailure"),
            // Upstream: job_controller.go onlyReplaceFailedPods
            only_replace_failed_pods: spec.pod_failure_policy.is_some()
                || spec.pod_replacement_policy.as_deref() == Some("Failed"),
            pod_failure_rules: spec.pod_failure_policy.as_ref().map(pod_failure_rules),
            success_rules: spec.success_policy.as_ref().map(success_rules),
            managed_by_external: spec.managed_by.clone().filter(|m| m != JOB_CONTROLLER_NAME),
            being_deleted: job.metadata.deletion_timestamp.is_some(),
            first_container: pod_spec
                .and_then(|p| p.containers.first())
                .map(|c| c.name.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether the Job is Indexed.
    // Upstream: indexed_job_utils.go isIndexedJob
    pub fn is_indexed(&self) -> bool {
        self.mode == CompletionMode::Indexed
    }

    /// `completions` for index arithmetic (Indexed Jobs always have it).
    pub fn completions_or_zero(&self) -> i64 {
        self.completions.unwrap_or(0)
    }

    /// Whether indexes have their own backoff limit (Indexed Jobs with `backoffLimitPerIndex`).
    // Upstream: indexed_job_utils.go hasBackoffLimitPerIndex
    pub fn has_backoff_limit_per_index(&self) -> bool {
        self.is_indexed() && self.backoff_limit_per_index.is_some()
    }

    /// Whether the completion index is one the Job counts: known and below completions.
    pub fn valid_index(&self, index: Option<i64>) -> Option<i64> {
        index.filter(|i| *i < self.completions_or_zero())
    }
}

// Upstream: the rules of batch.PodFailurePolicy, read as pod_failure_policy.go reads them
fn pod_failure_rules(policy: &PodFailurePolicy) -> Vec<PodFailureRule> {
    policy
        .rules
        .iter()
        .map(|rule| {
            let requirement = if let Some(codes) = &rule.on_exit_codes {
                let in_values = match codes.operator.as_str() {
                    "In" => Some(true),
                    "NotIn" => Some(false),
                    _ => None,
                };
                Requirement::OnExitCodes {
                    container_name: codes.container_name.clone(),
                    in_values,
                    values: codes.values.clone(),
                }
            } else if let Some(patterns) = &rule.on_pod_conditions {
                Requirement::OnPodConditions(
                    patterns
                        .iter()
                        .map(|p| {
                            (
                                p.type_.clone(),
                                p.status.clone().unwrap_or_else(|| "True".to_string()),
                            )
                        })
                        .collect(),
                )
            } else {
                Requirement::Nothing
            };
            PodFailureRule {
                action: PodFailureAction::parse(&rule.action),
                requirement,
            }
        })
        .collect()
}

fn success_rules(policy: &SuccessPolicy) -> Vec<SuccessRule> {
    policy
        .rules
        .iter()
        .map(|r| SuccessRule {
            succeeded_indexes: r.succeeded_indexes.clone(),
            succeeded_count: r.succeeded_count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(spec: serde_json::Value) -> Job {
        serde_json::from_value(serde_json::json!({ "metadata": { "name": "pi" }, "spec": spec }))
            .unwrap_or_default()
    }

    #[test]
    fn unset_fields_read_as_the_api_server_defaults_them() {
        let plain = JobSettings::from_job(&job(serde_json::json!({ "template": {} })));
        assert_eq!(
            (plain.completions, plain.parallelism, plain.backoff_limit),
            (Some(1), 1, 6),
            "a non-parallel Job"
        );
        let queue = JobSettings::from_job(&job(
            serde_json::json!({ "parallelism": 3, "template": {} }),
        ));
        assert_eq!(
            queue.completions, None,
            "parallelism alone makes a work-queue Job"
        );
        let per_index = JobSettings::from_job(&job(
            serde_json::json!({ "completions": 3, "completionMode": "Indexed", "backoffLimitPerIndex": 1, "template": {} }),
        ));
        assert_eq!(
            (per_index.parallelism, per_index.backoff_limit),
            (1, i64::from(i32::MAX))
        );
        assert!(per_index.has_backoff_limit_per_index());
        let pfp = JobSettings::from_job(&job(
            serde_json::json!({ "podFailurePolicy": { "rules": [] }, "template": {} }),
        ));
        assert!(
            pfp.only_replace_failed_pods,
            "a pod failure policy forces podReplacementPolicy Failed"
        );
        let managed = JobSettings::from_job(&job(
            serde_json::json!({ "managedBy": "kubernetes.io/job-controller", "template": {} }),
        ));
        assert_eq!(
            managed.managed_by_external, None,
            "the built-in controller's own name is not external"
        );
        let odd = JobSettings::from_job(&job(
            serde_json::json!({ "completionMode": "Sometimes", "template": {} }),
        ));
        assert_eq!(odd.mode, CompletionMode::Unknown("Sometimes".into()));
        assert_eq!(odd.namespace, "default");
    }
}
