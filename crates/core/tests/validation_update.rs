//! Job update validation after upstream's TestValidateJobUpdate: what `kubectl apply` of a
//! changed manifest may change.

use jobsim_core::api::job::Job;
use jobsim_core::api::time::Time;
use jobsim_core::validation::defaults::{default_job, prepare_job_for_create};
use jobsim_core::validation::validate_job_update;

fn created(spec: &str) -> Job {
    let text = format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\n  namespace: default\n  uid: u-1\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n"
    );
    let docs = jobsim_core::yaml::parse_documents(&text);
    let node = docs
        .into_iter()
        .next()
        .and_then(|d| d.content.ok())
        .expect("valid YAML");
    let value = jobsim_core::yaml::to_json(&node).expect("JSON").0;
    let mut job: Job = serde_json::from_value(value).expect("a Job");
    default_job(&mut job);
    prepare_job_for_create(&mut job);
    job
}

fn changed(old: &Job, edit: impl FnOnce(&mut Job)) -> Vec<(String, String)> {
    let mut new = old.clone();
    edit(&mut new);
    validate_job_update(old, &new)
        .iter()
        .map(|e| (e.field.clone(), e.error_type.to_string()))
        .collect()
}

fn spec(job: &mut Job) -> &mut jobsim_core::api::job::JobSpec {
    job.spec.get_or_insert_with(Default::default)
}

fn pod(job: &mut Job) -> &mut jobsim_core::api::pod::PodSpec {
    spec(job).template.spec.get_or_insert_with(Default::default)
}

#[test]
fn mutable_and_immutable_job_fields_follow_validate_job_spec_update() {
    let running = created("");
    let none: Vec<(String, String)> = Vec::new();
    let immutable = |f: &str| vec![(f.to_string(), "Invalid value".to_string())];

    assert_eq!(
        changed(&running, |j| spec(j).parallelism = Some(3)),
        none,
        "parallelism may change"
    );
    assert_eq!(
        changed(&running, |j| spec(j).active_deadline_seconds = Some(60)),
        none,
        "the deadline may change"
    );
    assert_eq!(
        changed(&running, |j| spec(j).suspend = Some(true)),
        none,
        "a Job may be suspended"
    );
    assert_eq!(
        changed(&running, |j| spec(j).backoff_limit = Some(1)),
        none,
        "backoffLimit may change"
    );
    assert_eq!(
        changed(&running, |j| spec(j).completions = Some(5)),
        immutable("spec.completions")
    );
    assert_eq!(
        changed(&running, |j| pod(j).containers[0].image =
            Some("perl:5.34".into())),
        immutable("spec.template"),
        "the pod template is immutable"
    );
    assert_eq!(
        changed(&running, |j| spec(j).completion_mode =
            Some("Indexed".into())),
        immutable("spec.completionMode"),
        "the completion mode is immutable"
    );
    assert_eq!(
        changed(&running, |j| {
            if let Some(s) = spec(j).selector.as_mut() {
                s.match_labels.get_or_insert_with(Default::default).insert("app".into(), "pi".into());
            }
        }),
        vec![
            ("spec.selector".to_string(), "Invalid value".to_string()),
            ("spec.template.metadata.labels".to_string(), "Invalid value".to_string()),
            ("spec.template.metadata.labels".to_string(), "Invalid value".to_string()),
            ("spec.selector".to_string(), "Invalid value".to_string()),
        ],
        "the selector stays generated (create rules, then the update rules repeat the spec's) and is immutable"
    );
    assert_eq!(
        changed(&running, |j| j.metadata.name = Some("other".into())),
        vec![
            (
                "spec.template.metadata.labels[job-name]".to_string(),
                "Invalid value".to_string()
            ),
            (
                "spec.template.metadata.labels[batch.kubernetes.io/job-name]".to_string(),
                "Invalid value".to_string()
            ),
            ("metadata.name".to_string(), "Invalid value".to_string()),
        ],
        "the name is immutable, and the generated labels carry the old one"
    );
}

#[test]
fn a_suspended_job_that_never_started_may_change_its_scheduling_directives() {
    let suspended = created("  suspend: true\n");
    let none: Vec<(String, String)> = Vec::new();
    let add_node_selector = |j: &mut Job| {
        pod(j).node_selector = Some(
            [("gpu".to_string(), "a100".to_string())]
                .into_iter()
                .collect(),
        );
    };
    assert_eq!(changed(&suspended, add_node_selector), none);
    assert_eq!(
        changed(&suspended, |j| {
            spec(j)
                .template
                .metadata
                .get_or_insert_with(Default::default)
                .labels_mut()
                .insert("queue".into(), "a".into());
        }),
        none,
        "template labels may change too"
    );
    assert_eq!(
        changed(&suspended, |j| pod(j).containers[0].image =
            Some("perl:5.34".into())),
        vec![("spec.template".to_string(), "Invalid value".to_string())],
        "the image may not"
    );

    let mut started = suspended.clone();
    started.status = Some(jobsim_core::api::job::JobStatus {
        start_time: Time::parse("2026-01-01T00:00:00Z").ok(),
        ..Default::default()
    });
    assert_eq!(
        changed(&started, add_node_selector),
        vec![("spec.template".to_string(), "Invalid value".to_string())],
        "once started, the template is frozen even while suspended"
    );

    let running = created("");
    assert_eq!(
        changed(&running, add_node_selector),
        vec![("spec.template".to_string(), "Invalid value".to_string())],
        "a running Job may not move"
    );
}

#[test]
fn an_indexed_job_may_scale_completions_with_parallelism() {
    let indexed = created("  completionMode: Indexed\n  completions: 4\n  parallelism: 4\n");
    let none: Vec<(String, String)> = Vec::new();
    assert_eq!(
        changed(&indexed, |j| {
            spec(j).completions = Some(6);
            spec(j).parallelism = Some(6);
        }),
        none
    );
    assert_eq!(
        changed(&indexed, |j| spec(j).completions = Some(6)),
        vec![("spec.completions".to_string(), "Invalid value".to_string())]
    );
}
