//! Every Job and CronJob manifest of the course documents in shared/seeds, copied as a reader
//! would copy it (line numbers of the numbered listings removed), is accepted or refused as a
//! Kubernetes 1.35 cluster does.

use jobsim_core::validation::manifest::{admit_manifest, AdmitOptions, DocumentReport};

fn admit(name: &str, text: &str) -> DocumentReport {
    let options = AdmitOptions {
        file_name: name.to_string(),
        ..AdmitOptions::default()
    };
    let mut reports = admit_manifest(text, &options);
    assert_eq!(reports.len(), 1, "{name}: one document");
    reports.remove(0)
}

fn pairs(report: &DocumentReport) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.error_type.clone()))
        .collect()
}

macro_rules! fixture {
    ($name:literal) => {
        ($name, include_str!(concat!("fixtures/seeds/", $name)))
    };
}

/// A fixture (name, text), the (field, type) pairs expected, and kubectl's message (or "").
type Case<'a> = ((&'a str, &'a str), &'a [(&'a str, &'a str)], &'a str);

#[test]
fn the_course_manifests_are_answered_as_a_cluster_answers_them() {
    let cases: Vec<Case<'_>> = vec![
        (fixture!("001-kuboard-pi.yaml"), &[], ""),
        (fixture!("002-job-echo-suspended.yaml"), &[], ""),
        (fixture!("004-tencent-pi.yaml"), &[], ""),
        (fixture!("003-geektime-job-wq-1.yaml"), &[], ""),
        (
            fixture!("003-geektime-pi-restartpolicy-under-container.yaml"),
            &[("spec.template.containers", "Unknown field")],
            "Error from server (BadRequest): error when creating \"003-geektime-pi-restartpolicy-under-container.yaml\": Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.template.containers\"\n",
        ),
        (
            // the listing as its author meant it: restartPolicy one level too deep, inside the
            // container, where it is the container's own restart policy (allowed in 1.35 with
            // ContainerRestartRules beta), so the pod's policy defaults to Always
            fixture!("003-geektime-pi-restartpolicy-under-container-reindented.yaml"),
            &[("spec.template.spec.restartPolicy", "Required value")],
            "The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n",
        ),
        (
            fixture!("003-geektime-pi-parallel.yaml"),
            &[
                ("spec.template.backoffLimit", "Unknown field"),
                ("spec.template.command", "Unknown field"),
                ("spec.template.image", "Unknown field"),
                ("spec.template.restartPolicy", "Unknown field"),
            ],
            "Error from server (BadRequest): error when creating \"003-geektime-pi-parallel.yaml\": Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.template.backoffLimit\", unknown field \"spec.template.command\", unknown field \"spec.template.image\", unknown field \"spec.template.restartPolicy\"\n",
        ),
        (
            fixture!("003-geektime-job-wq-2.yaml"),
            &[("", "YAML syntax")],
            "error: error parsing 003-geektime-job-wq-2.yaml: error converting YAML to JSON: yaml: line 9: did not find expected key\n",
        ),
        (
            fixture!("003-geektime-process-item-template.yaml"),
            &[("", "YAML syntax")],
            "error: error parsing 003-geektime-process-item-template.yaml: error converting YAML to JSON: yaml: line 12: did not find expected key\n",
        ),
        (
            // with $ITEM left in, the name is no DNS subdomain and the generated job-name
            // labels (two of them) are no label values
            fixture!("003-geektime-process-item-template-reindented.yaml"),
            &[
                ("metadata.name", "Invalid value"),
                ("spec.template.labels", "Invalid value"),
                ("spec.template.labels", "Invalid value"),
            ],
            "",
        ),
        (
            fixture!("003-geektime-cronjob-v1beta1.yaml"),
            &[("apiVersion", "Not found")],
            "error: resource mapping not found for name: \"hello\" namespace: \"\" from \"003-geektime-cronjob-v1beta1.yaml\": no matches for kind \"CronJob\" in version \"batch/v1beta1\"\nensure CRDs are installed first\n",
        ),
        (
            fixture!("000-fragment-with-tabs.yaml"),
            &[("", "YAML syntax")],
            "error: error parsing 000-fragment-with-tabs.yaml: error converting YAML to JSON: yaml: line 2: found character that cannot start any token\n",
        ),
    ];
    for ((name, text), want, message) in cases {
        let report = admit(name, text);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        assert_eq!(pairs(&report), want, "{name}");
        assert_eq!(report.is_valid(), want.is_empty(), "{name}");
        if !message.is_empty() {
            assert_eq!(report.message, message, "{name}");
        }
        for e in &report.errors {
            assert!(e.pos.is_some(), "{name}: {} has a position", e.field);
        }
    }
}

#[test]
fn a_copied_listing_with_the_process_item_placeholder_names_both_rules() {
    let (name, text) = fixture!("003-geektime-process-item-template-reindented.yaml");
    let report = admit(name, text);
    assert_eq!(
        report.message,
        "The Job \"process-item-$ITEM\" is invalid: \n\
         * metadata.name: Invalid value: \"process-item-$ITEM\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n\
         * spec.template.labels: Invalid value: \"process-item-$ITEM\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
    );
}

#[test]
fn the_suspended_echo_job_keeps_its_own_labels_and_pull_policy() {
    let (name, text) = fixture!("002-job-echo-suspended.yaml");
    let report = admit(name, text);
    let object = report.object.expect("valid").to_json();
    assert_eq!(object["metadata"]["labels"]["job-name"], "job-echo");
    assert_eq!(object["spec"]["suspend"], true);
    assert_eq!(object["spec"]["ttlSecondsAfterFinished"], 100);
    assert_eq!(
        object["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
        "Always"
    );
    assert_eq!(
        object["spec"]["template"]["metadata"]["labels"]["batch.kubernetes.io/job-name"],
        "job-echo"
    );
}
