//! `kubectl create job NAME --from=cronjob/X`: a Job made by hand from a CronJob's template.

use crate::api::{CronJob, Job, ObjectMeta, OwnerReference};

/// The annotation kubectl puts on a Job it instantiates from a CronJob.
pub const INSTANTIATE_ANNOTATION: &str = "cronjob.kubernetes.io/instantiate";

/// The Job `kubectl create job NAME --from=cronjob/X` sends: the template's labels and spec,
/// its annotations over `cronjob.kubernetes.io/instantiate: manual`, and an owner reference
/// with `controller: true` but no `blockOwnerDeletion` (kubectl avoids needing the
/// cronjobs/finalizers permission). `namespace` is set when the command names one (`-n`).
///
/// The CronJob controller did not create it, so while it runs, each sync of the CronJob reports
/// it as an `UnexpectedJob`, and it never enters `status.active`.
// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go createJobFromCronJob.
pub fn create_job_from_cron_job(cron_job: &CronJob, name: &str, namespace: Option<&str>) -> Job {
    let template = cron_job
        .spec
        .as_ref()
        .map(|s| s.job_template.clone())
        .unwrap_or_default();
    let template_meta = template.metadata.unwrap_or_default();
    let mut annotations = crate::api::StringMap::new();
    annotations.insert(INSTANTIATE_ANNOTATION.to_string(), "manual".to_string());
    annotations.extend(
        template_meta
            .annotations
            .as_deref()
            .cloned()
            .unwrap_or_default(),
    );
    Job {
        api_version: Some("batch/v1".to_string()),
        kind: Some("Job".to_string()),
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: namespace.map(str::to_string),
            annotations: Some(annotations.into()),
            labels: template_meta.labels,
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name: cron_job.metadata.name().into(),
                uid: cron_job.metadata.uid().into(),
                controller: Some(true),
                block_owner_deletion: None,
            }]),
            ..ObjectMeta::default()
        },
        spec: template.spec,
        status: None,
    }
}
