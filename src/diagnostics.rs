//! The editor's error marks: each validation error of the scenario at its line, in the API
//! server's words, as `jobsim validate` positions them (jobsim-core's `admit_manifest`).

use jobsim_core::validation::manifest::{admit_manifest, AdmitOptions, DocumentError};
use jobsim_core::yaml::{parse_documents, to_json};

/// One error to mark in the editor (lines count from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub message: String,
}

/// The errors of the Job, CronJob and PriorityClass documents (and any YAML syntax error) at
/// their lines.
/// The Simulation document is the scenario loader's: its errors come from [`load_error`].
pub fn diagnose(text: &str) -> Vec<Diagnostic> {
    admit_manifest(text, &AdmitOptions::default())
        .into_iter()
        .filter(|r| matches!(r.kind.as_str(), "Job" | "CronJob" | "PriorityClass" | ""))
        .flat_map(|r| {
            let first_line = r.first_line;
            r.errors.into_iter().map(move |e| Diagnostic {
                line: e.pos.map_or(first_line, |p| p.line),
                message: field_error(&e),
            })
        })
        .collect()
}

/// A field error as the API server words it: `spec.parallelism: Invalid value: -1: must be
/// greater than or equal to 0`.
// Upstream: apimachinery/pkg/util/validation/field/errors.go Error.Error
pub fn field_error(e: &DocumentError) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !e.field.is_empty() {
        parts.push(&e.field);
    }
    parts.push(&e.error_type);
    if let Some(value) = &e.value {
        parts.push(value);
    }
    if !e.detail.is_empty() {
        parts.push(&e.detail);
    }
    parts.join(": ")
}

/// The scenario loader's error (`document at line N: …`) marked at its document's line, or
/// at the first line when it names none (`spec.start: …`).
pub fn load_error(message: &str) -> Diagnostic {
    let line = message
        .strip_prefix("document at line ")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    Diagnostic {
        line,
        message: message.to_string(),
    }
}

/// The `batch/v1` Job documents of a manifest, each with its first line, as JSON (which is
/// YAML) for `World::apply`; the Simulation document and the others are left out.
pub fn job_documents(text: &str) -> Vec<(usize, String)> {
    parse_documents(text)
        .into_iter()
        .filter_map(|doc| {
            let (value, _) = to_json(&doc.content.ok()?).ok()?;
            let is_job = value.get("apiVersion").and_then(|v| v.as_str()) == Some("batch/v1")
                && value.get("kind").and_then(|v| v.as_str()) == Some("Job");
            is_job.then(|| (doc.first_line, value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  parallelism: -1\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n      restartPolicy: Never\n";

    #[test]
    fn a_field_error_is_marked_at_its_line_in_the_api_servers_words() {
        let d = diagnose(BAD);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 6);
        assert!(
            d[0].message
                .starts_with("spec.parallelism: Invalid value: "),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_priority_class_error_is_marked_at_its_line() {
        let d = diagnose(
            "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\n\
             value: 1000000001\n",
        );
        assert_eq!(
            d,
            [Diagnostic {
                line: 5,
                message: "value: Forbidden: maximum allowed value of a user defined priority is \
                          1000000000"
                    .into(),
            }]
        );
    }

    #[test]
    fn a_syntax_error_is_marked_and_a_simulation_document_is_not_an_error() {
        let d = diagnose("apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\n---\nkind: [\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].line >= 4, "in the second document: {d:?}");
    }

    #[test]
    fn a_load_error_is_marked_at_the_document_it_names() {
        assert_eq!(load_error("document at line 12: boom").line, 12);
        assert_eq!(load_error("spec.start: bad").line, 1);
    }

    #[test]
    fn only_job_documents_are_applied() {
        let text = format!("apiVersion: jobsim.dev/v1alpha1\nkind: Simulation\n---\n{BAD}");
        let docs = job_documents(&text);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].0, 4);
        assert!(docs[0].1.contains("\"parallelism\":-1"), "{}", docs[0].1);
    }
}
