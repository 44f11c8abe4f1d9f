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
fn a_suspended_job_may_change_its_node_affinity_but_not_its_pod_affinity() {
    use jobsim_core::api::pod::{Affinity, NodeAffinity};
    use jobsim_core::api::pod_placement::{PodAffinity, PodAffinityTerm};
    let suspended = created("  suspend: true\n");
    let none: Vec<(String, String)> = Vec::new();
    let immutable = vec![("spec.template".to_string(), "Invalid value".to_string())];
    let by_zone = || PodAffinity {
        required_during_scheduling_ignored_during_execution: Some(vec![PodAffinityTerm {
            topology_key: "topology.kubernetes.io/zone".into(),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let node_affinity = || NodeAffinity {
        preferred_during_scheduling_ignored_during_execution: Some(Vec::new()),
        ..Default::default()
    };
    assert_eq!(
        changed(&suspended, |j| pod(j).affinity = Some(Affinity {
            node_affinity: Some(node_affinity()),
            ..Default::default()
        })),
        none,
        "node affinity may be added"
    );
    assert_eq!(
        changed(&suspended, |j| pod(j).affinity = Some(Affinity {
            pod_affinity: Some(by_zone()),
            ..Default::default()
        })),
        immutable,
        "pod affinity may not be added"
    );
    assert_eq!(
        changed(&suspended, |j| pod(j).affinity = Some(Affinity {
            pod_anti_affinity: Some(by_zone()),
            ..Default::default()
        })),
        immutable,
        "nor pod anti-affinity"
    );

    let mut with_both = suspended.clone();
    pod(&mut with_both).affinity = Some(Affinity {
        node_affinity: Some(node_affinity()),
        pod_anti_affinity: Some(by_zone()),
        ..Default::default()
    });
    assert_eq!(
        changed(&with_both, |j| {
            if let Some(a) = pod(j).affinity.as_mut() {
                a.node_affinity = None;
            }
        }),
        none,
        "node affinity may be dropped beside pod anti-affinity"
    );
    assert_eq!(
        changed(&with_both, |j| pod(j).affinity = None),
        immutable,
        "the whole affinity may not be dropped while it holds pod anti-affinity"
    );
    let mut node_only = suspended.clone();
    pod(&mut node_only).affinity = Some(Affinity {
        node_affinity: Some(node_affinity()),
        ..Default::default()
    });
    assert_eq!(
        changed(&node_only, |j| pod(j).affinity = None),
        none,
        "an affinity of node affinity alone may be dropped"
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
