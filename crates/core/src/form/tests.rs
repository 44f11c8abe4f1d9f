use proptest::prelude::*;

use super::*;
use crate::yaml::{parse_documents, to_json};

const SIMULATION: &str = "apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\nmetadata:\n  name: pi\nspec:\n  seed: 1\n  until: done\n";
const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  # two at a time\n  parallelism: 2\n  backoffLimit: 4\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34.0\n        command: [\"perl\", \"-Mbignum=bpi\", \"-wle\", \"print bpi(2000)\"]\n      restartPolicy: Never\n";
const CRONJOB: &str = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: busybox\n          restartPolicy: OnFailure\n";

fn scenario() -> String {
    format!("{SIMULATION}---\n{JOB}---\n{CRONJOB}")
}

/// The JSON of each document, for comparing meaning.
fn meaning(text: &str) -> Vec<serde_json::Value> {
    parse_documents(text)
        .into_iter()
        .map(|d| to_json(&d.content.expect("readable")).expect("json").0)
        .collect()
}

fn edited(text: &str, change: impl FnOnce(&mut JobForm)) -> String {
    let mut form = read(text).expect("readable");
    change(&mut form);
    apply_to(text, &form).expect("writable")
}

#[test]
fn an_unchanged_form_leaves_the_text_as_it_was() {
    let text = scenario();
    assert_eq!(edited(&text, |_| {}), text);
}

#[test]
fn changing_parallelism_rewrites_that_line_only() {
    let text = scenario();
    let after = edited(&text, |f| f.parallelism = "3".into());
    assert_eq!(after, text.replace("parallelism: 2", "parallelism: 3"));
}

#[test]
fn a_new_field_goes_before_the_nested_blocks() {
    let text = scenario();
    let after = edited(&text, |f| f.completions = "4".into());
    assert_eq!(
        after,
        text.replace(
            "  backoffLimit: 4\n",
            "  backoffLimit: 4\n  completions: 4\n"
        )
    );
}

#[test]
fn text_to_form_to_text_keeps_meaning_and_the_other_documents() {
    let text = scenario();
    let after = edited(&text, |f| {
        f.labels = "app=pi\ntier=batch".into();
        f.completions = "4".into();
        f.suspend = true;
        f.containers[0].tag = "5.36".into();
        f.containers[0].env.push(EnvVarForm {
            name: "DIGITS".into(),
            value: "2000".into(),
        });
        f.containers[0].cpu_request = "500m".into();
        f.required_affinity = "disktype In ssd,nvme".into();
    });
    let (before_docs, after_docs) = (meaning(&text), meaning(&after));
    assert_eq!(before_docs[0], after_docs[0], "the Simulation is untouched");
    assert_eq!(before_docs[2], after_docs[2], "the CronJob is untouched");
    assert!(after.starts_with(SIMULATION));
    assert!(after.ends_with(CRONJOB));
    assert!(
        after.contains("  # two at a time\n"),
        "comments stay:\n{after}"
    );
    let job = &after_docs[1];
    assert_eq!(job["metadata"]["labels"]["tier"], "batch");
    assert_eq!(job["spec"]["completions"], 4);
    assert_eq!(job["spec"]["suspend"], true);
    let c = &job["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["image"], "perl:5.36");
    assert_eq!(c["env"][0]["value"], "2000");
    assert_eq!(c["resources"]["requests"]["cpu"], "500m");
    assert_eq!(c["command"][0], "perl", "untouched");
    // and the text reads back as the same form
    let form = read(&after).expect("readable");
    assert_eq!(form.containers[0].tag, "5.36");
    assert_eq!(form.required_affinity, "disktype In ssd,nvme");
    assert_eq!(apply_to(&after, &form).expect("writable"), after);
}

#[test]
fn removing_a_field_and_a_container_keeps_the_rest() {
    let text = scenario();
    let two = edited(&text, |f| f.containers.push(ContainerForm::new("sidecar")));
    let sidecar = &meaning(&two)[1]["spec"]["template"]["spec"]["containers"][1];
    assert_eq!(sidecar["name"], "sidecar");
    let after = edited(&two, |f| {
        f.backoff_limit.clear();
        f.containers.remove(0);
    });
    let job = &meaning(&after)[1];
    assert!(job["spec"].get("backoffLimit").is_none());
    assert_eq!(job["spec"]["parallelism"], 2);
    let containers = job["spec"]["template"]["spec"]["containers"]
        .as_array()
        .expect("list");
    assert_eq!(containers.len(), 1);
    assert_eq!(containers[0]["name"], "sidecar");
}

#[test]
fn a_text_without_a_job_gets_one_appended() {
    let after = edited(SIMULATION, |f| {
        f.name = "hello".into();
        f.restart_policy = "Never".into();
        f.containers.push(ContainerForm {
            image: "busybox".into(),
            ..ContainerForm::new("hello")
        });
    });
    assert!(after.starts_with(&format!("{SIMULATION}---\n")), "{after}");
    let job = &meaning(&after)[1];
    assert_eq!(job["kind"], "Job");
    assert_eq!(job["metadata"]["name"], "hello");
    assert!(job_errors(&after).is_empty(), "{:?}", job_errors(&after));
}

#[test]
fn a_flow_style_job_is_written_whole_by_the_emitter() {
    let text = "{apiVersion: batch/v1, kind: Job, metadata: {name: pi}, spec: {template: {spec: {containers: [{name: c, image: i}], restartPolicy: Never}}}}\n";
    let after = edited(text, |f| f.parallelism = "3".into());
    let job = &meaning(&after)[0];
    assert_eq!(job["spec"]["parallelism"], 3);
    assert_eq!(job["metadata"]["name"], "pi");
}

#[test]
fn a_bad_value_shows_the_api_servers_message_at_its_field() {
    let text = edited(&scenario(), |f| f.parallelism = "-1".into());
    let errors = job_errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (field, e) = &errors[0];
    assert_eq!(*field, FormField::Parallelism);
    assert_eq!(e.field, "spec.parallelism");
    assert_eq!(e.error_type, "Invalid value");
    assert_eq!(e.detail, "must be greater than or equal to 0");
}

#[test]
fn a_bad_env_name_shows_at_its_row() {
    let text = edited(&scenario(), |f| {
        f.containers[0].env = vec![
            EnvVarForm {
                name: "OK".into(),
                value: "1".into(),
            },
            EnvVarForm {
                name: "A=B".into(),
                value: String::new(),
            },
        ]
    });
    let errors = job_errors(&text);
    assert!(
        errors
            .iter()
            .any(|(f, _)| *f == FormField::Container(0, ContainerField::Env(1))),
        "{errors:?}"
    );
    assert!(errors
        .iter()
        .all(|(f, _)| *f != FormField::Container(0, ContainerField::Env(0))));
}

#[test]
fn an_unreadable_document_is_not_written_over() {
    let text = format!("{SIMULATION}---\nkind: [\n");
    assert!(read(&text).is_err());
    assert!(apply_to(&text, &JobForm::default()).is_err());
}

proptest! {
    #[test]
    fn hostile_fields_never_panic_and_read_back(
        value in "\\PC{0,12}",
        lines in "[a-z=;, \\n:#'\"{}\\[\\]-]{0,24}",
    ) {
        let text = scenario();
        let mut form = read(&text).expect("readable");
        form.parallelism = value.clone();
        form.name = value.clone();
        form.labels = lines.clone();
        form.required_affinity = lines.clone();
        form.containers[0].command = lines.clone();
        form.containers[0].env.push(EnvVarForm { name: value.clone(), value: lines.clone() });
        let after = apply_to(&text, &form).expect("writable");
        let _ = job_errors(&after);
        let docs = meaning(&after);
        prop_assert_eq!(&docs[0], &meaning(&text)[0]);
        prop_assert_eq!(&docs[2], &meaning(&text)[2]);
        let back = read(&after).expect("readable");
        prop_assert_eq!(back.name, value.clone());
    }

    #[test]
    fn hostile_texts_never_panic(text in "\\PC{0,80}", parallelism in "-?[0-9]{0,3}") {
        if let Ok(mut form) = read(&text) {
            form.parallelism = parallelism;
            let _ = apply_to(&text, &form);
        }
    }
}
