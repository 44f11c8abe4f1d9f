//! `jobsim validate FILE [--json]`: the API server's defaulting and validation of every Job,
//! CronJob and PriorityClass document of a manifest, in kubectl's words or as JSON
//! (spec/probes.md).

use serde_json::{json, Value};

use super::{Answer, ProbeResult};
use crate::validation::manifest::{admit_manifest, AdmitOptions, DocumentReport};
use crate::yaml::to_yaml;

/// Answers the probe: per document the defaulted object as YAML or kubectl's error message
/// (or one JSON document with `--json`); exit status 1 if any document is invalid.
pub fn validate(text: &str, file_name: &str, as_json: bool) -> ProbeResult {
    let options = AdmitOptions {
        file_name: file_name.to_string(),
        ..AdmitOptions::default()
    };
    let reports = admit_manifest(text, &options);
    let status = u8::from(reports.iter().any(|r| !r.is_valid()));
    let stdout = if as_json {
        json_answer(&reports)
    } else {
        text_answer(&reports)
    };
    Ok(Answer { stdout, status })
}

fn json_answer(reports: &[DocumentReport]) -> String {
    let documents: Vec<Value> = reports
        .iter()
        .map(|r| {
            let errors: Vec<Value> = r
                .errors
                .iter()
                .map(|e| {
                    json!({
                        "field": e.field,
                        "type": e.error_type,
                        "detail": e.detail,
                        "value": e.value,
                        "line": e.pos.map(|p| p.line),
                        "column": e.pos.map(|p| p.column),
                    })
                })
                .collect();
            json!({
                "kind": r.kind,
                "name": r.name,
                "valid": r.is_valid(),
                "line": r.first_line,
                "errors": errors,
                "message": r.message,
                "warnings": r.warnings,
                "defaulted": r.object.as_ref().map(|o| o.to_json()),
            })
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&json!({ "documents": documents })).unwrap_or_default();
    out.push('\n');
    out
}

/// kubectl's output: warnings as `Warning: …`, then each accepted object as YAML (separated by
/// `---`) or the error message.
fn text_answer(reports: &[DocumentReport]) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 && r.object.is_some() {
            out.push_str("---\n");
        }
        for w in &r.warnings {
            out.push_str(&format!("Warning: {w}\n"));
        }
        match &r.object {
            Some(object) => out.push_str(&to_yaml(&object.to_json())),
            None => out.push_str(&r.message),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PI: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34\n";

    #[test]
    fn a_job_without_restart_policy_is_refused_in_kubectls_words() {
        let answer = validate(PI, "pi.yaml", false).expect("an answer");
        assert_eq!(answer.status, 1);
        assert_eq!(
            answer.stdout,
            "The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"
        );
    }

    #[test]
    fn the_json_answer_names_field_type_detail_and_line() {
        let answer = validate(PI, "pi.yaml", true).expect("an answer");
        let v: Value = serde_json::from_str(&answer.stdout).expect("JSON");
        let e = &v["documents"][0]["errors"][0];
        assert_eq!(e["field"], "spec.template.spec.restartPolicy");
        assert_eq!(e["type"], "Required value");
        assert_eq!(e["detail"], "valid values: \"OnFailure\", \"Never\"");
        assert_eq!(e["line"], 7, "a missing field points at its parent");
        assert_eq!(v["documents"][0]["defaulted"], Value::Null);
    }

    #[test]
    fn a_valid_job_is_printed_defaulted() {
        let text = format!("{PI}      restartPolicy: Never\n");
        let answer = validate(&text, "pi.yaml", false).expect("an answer");
        assert_eq!(answer.status, 0);
        for line in [
            "  backoffLimit: 6\n",
            "  completionMode: NonIndexed\n",
            "      restartPolicy: Never\n",
            "        batch.kubernetes.io/job-name: pi\n",
            "        imagePullPolicy: IfNotPresent\n",
            "      terminationGracePeriodSeconds: 30\n",
        ] {
            assert!(
                answer.stdout.contains(line),
                "missing {line:?} in\n{}",
                answer.stdout
            );
        }
    }

    #[test]
    fn priority_classes_are_defaulted_cluster_scoped_and_validated() {
        let text = "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  \
                    name: batch-high\n  namespace: team\nvalue: 1000\n---\n\
                    apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  \
                    name: system-batch\nvalue: 5\npreemptionPolicy: Sometimes\n";
        let answer = validate(text, "pc.yaml", false).expect("an answer");
        assert_eq!(answer.status, 1);
        assert_eq!(
            answer.stdout,
            "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  generation: 1\n  \
             name: batch-high\n  uid: 8ae34fe1-d742-4b38-a671-e1ee5b1c9a66\n\
             preemptionPolicy: PreemptLowerPriority\nvalue: 1000\n\
             The PriorityClass \"system-batch\" is invalid: \n\
             * metadata.name: Forbidden: priority class names with 'system-' prefix are reserved \
             for system use only. error: system-batch is not a known system priority class\n\
             * preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \
             \"PreemptLowerPriority\", \"Never\"\n"
        );
        let v: Value =
            serde_json::from_str(&validate(text, "pc.yaml", true).expect("an answer").stdout)
                .expect("JSON");
        let e = &v["documents"][1]["errors"][1];
        assert_eq!(e["field"], "preemptionPolicy");
        assert_eq!(e["type"], "Unsupported value");
        assert_eq!(e["line"], 13);
    }

    #[test]
    fn a_syntax_error_is_a_document_error_naming_line_and_column() {
        let answer = validate(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [pi\n",
            "x.yaml",
            true,
        )
        .expect("an answer");
        let v: Value = serde_json::from_str(&answer.stdout).expect("JSON");
        let e = &v["documents"][0]["errors"][0];
        assert_eq!(e["type"], "YAML syntax");
        assert_eq!(e["field"], "");
        let detail = e["detail"].as_str().unwrap_or("");
        assert!(
            detail.contains("line ") && detail.contains("column "),
            "{detail}"
        );
        assert_eq!(answer.status, 1);
    }
}
