//! A manifest as `kubectl apply -f` sends it and the API server answers it: every YAML document
//! is read, decoded strictly, defaulted, prepared for create and validated, and each error is
//! traced back to its line and column.

use serde_json::Value;

use crate::api::cronjob::CronJob;
use crate::api::decode::{decode_strict, DecodeError};
use crate::api::job::Job;
use crate::api::priority_class::PriorityClass;
use crate::api::time::Time;
use crate::yaml::{parse_documents, to_json, FieldPositions, Pos};

use super::defaults::{
    default_cronjob, default_job, default_priority_class, prepare_cronjob_for_create,
    prepare_job_for_create, prepare_priority_class_for_create,
};
use super::field::{kubectl_invalid_message, FieldError};
use super::priority_class::validate_priority_class;
use super::warnings::{cronjob_warnings, job_warnings};
use super::{validate_cronjob, validate_job};

/// The error type of a YAML syntax error (not one of Kubernetes' field-error types).
pub const YAML_SYNTAX: &str = "YAML syntax";
/// The error type of a field the object's type does not have (strict field validation).
pub const UNKNOWN_FIELD: &str = "Unknown field";

/// An admitted object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Job(Box<Job>),
    CronJob(Box<CronJob>),
    PriorityClass(Box<PriorityClass>),
}

impl Object {
    /// The object as JSON (for `-o yaml` and the editor).
    pub fn to_json(&self) -> Value {
        match self {
            Object::Job(j) => serde_json::to_value(j),
            Object::CronJob(c) => serde_json::to_value(c),
            Object::PriorityClass(c) => serde_json::to_value(c),
        }
        .unwrap_or(Value::Null)
    }
}

/// One error of a document, with where it is written (the nearest written ancestor for a
/// missing field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    pub field: String,
    pub error_type: String,
    pub detail: String,
    /// The bad value as the API server prints it, when it prints one.
    pub value: Option<String>,
    pub pos: Option<Pos>,
}

/// What the API server made of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentReport {
    pub kind: String,
    pub name: String,
    /// The line where the document starts.
    pub first_line: usize,
    pub errors: Vec<DocumentError>,
    /// kubectl's words for the errors (empty when valid).
    pub message: String,
    /// The API server's warnings, which kubectl prints as `Warning: …`.
    pub warnings: Vec<String>,
    /// The defaulted object when valid.
    pub object: Option<Object>,
}

impl DocumentReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// What the caller knows that the manifest does not: the namespace of the request and the
/// creation time (none in probes, which have no clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmitOptions {
    pub namespace: String,
    pub now: Option<Time>,
    /// The file name kubectl puts in its messages.
    pub file_name: String,
}

impl Default for AdmitOptions {
    fn default() -> Self {
        AdmitOptions {
            namespace: "default".into(),
            now: None,
            file_name: "STDIN".into(),
        }
    }
}

/// Reads, defaults and validates every document of a manifest.
// Upstream: kubectl apply/create (resource builder) → apiserver create handler
// (decode, default, BeforeCreate: PrepareForCreate + Validate)
pub fn admit_manifest(text: &str, options: &AdmitOptions) -> Vec<DocumentReport> {
    parse_documents(text)
        .into_iter()
        .map(|doc| {
            let mut report = DocumentReport {
                kind: String::new(),
                name: String::new(),
                first_line: doc.first_line,
                errors: Vec::new(),
                message: String::new(),
                warnings: Vec::new(),
                object: None,
            };
            match doc.content {
                Err(syntax) => {
                    report.message = format!(
                        "error: error parsing {}: error converting YAML to JSON: {}\n",
                        options.file_name,
                        syntax.go_yaml_message()
                    );
                    report.errors.push(DocumentError {
                        field: String::new(),
                        error_type: YAML_SYNTAX.into(),
                        detail: syntax.to_string(),
                        value: None,
                        pos: Some(syntax.pos),
                    });
                }
                Ok(node) => match to_json(&node) {
                    Err(e) => {
                        report.message = format!(
                            "error: error parsing {}: error converting YAML to JSON: {}\n",
                            options.file_name, e.message
                        );
                        report.errors.push(DocumentError {
                            field: String::new(),
                            error_type: YAML_SYNTAX.into(),
                            detail: format!("{} ({})", e.message, e.pos),
                            value: None,
                            pos: Some(e.pos),
                        });
                    }
                    Ok((value, positions)) => admit_value(&value, &positions, options, &mut report),
                },
            }
            report
        })
        .collect()
}

fn admit_value(
    value: &Value,
    positions: &FieldPositions,
    options: &AdmitOptions,
    report: &mut DocumentReport,
) {
    let api_version = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    report.kind = kind.to_string();
    report.name = value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if !value.is_object() {
        let what = match value {
            Value::Array(_) => "array",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            Value::Null | Value::Object(_) => "null",
        };
        let detail = format!(
            "json: cannot unmarshal {what} into Go value of type map[string]interface {{}}"
        );
        report.message = format!(
            "error: unable to decode {:?}: {detail}\n",
            options.file_name
        );
        report.errors.push(DocumentError {
            field: String::new(),
            error_type: "Invalid value".into(),
            detail,
            value: None,
            pos: positions.find(""),
        });
        return;
    }
    let mut missing = Vec::new();
    if api_version.is_empty() {
        missing.push(("apiVersion", "apiVersion not set".to_string()));
    }
    if kind.is_empty() {
        missing.push(("kind", "kind not set".to_string()));
    }
    if !missing.is_empty() {
        // Upstream: kubectl validation (schema) error "error validating data: [apiVersion not set, kind not set]"
        let list: Vec<&str> = missing.iter().map(|(_, d)| d.as_str()).collect();
        report.message = format!(
            "error: error validating {:?}: error validating data: [{}]; if you choose to ignore these errors, turn validation off with --validate=false\n",
            options.file_name,
            list.join(", ")
        );
        for (field, detail) in missing {
            report.errors.push(DocumentError {
                field: field.into(),
                error_type: "Required value".into(),
                detail,
                value: None,
                pos: positions.find(field),
            });
        }
        return;
    }
    match (api_version, kind) {
        ("batch/v1", "Job") => admit_job(value, positions, options, report),
        ("batch/v1", "CronJob") => admit_cronjob(value, positions, options, report),
        ("scheduling.k8s.io/v1", "PriorityClass") => {
            admit_priority_class(value, positions, options, report)
        }
        _ => {
            let detail = format!("no matches for kind {kind:?} in version {api_version:?}");
            report.message = format!(
                "error: resource mapping not found for name: {:?} namespace: {:?} from {:?}: {detail}\nensure CRDs are installed first\n",
                report.name,
                value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(""),
                options.file_name
            );
            report.errors.push(DocumentError {
                field: "apiVersion".into(),
                error_type: "Not found".into(),
                detail,
                value: None,
                pos: positions.find("apiVersion"),
            });
        }
    }
}

fn decode_failed(
    kind: &str,
    error: DecodeError,
    positions: &FieldPositions,
    options: &AdmitOptions,
    report: &mut DocumentReport,
) {
    report.message = format!(
        "Error from server (BadRequest): error when creating {:?}: {kind} in version \"v1\" cannot be handled as a {kind}: {}\n",
        options.file_name,
        error.message()
    );
    match error {
        DecodeError::Type { path, message } => report.errors.push(DocumentError {
            pos: positions.find(&path),
            field: path,
            error_type: "Invalid value".into(),
            detail: message,
            value: None,
        }),
        DecodeError::UnknownFields(fields) => {
            report
                .errors
                .extend(fields.into_iter().map(|f| DocumentError {
                    pos: positions.find(&f),
                    detail: format!("unknown field {f:?}"),
                    field: f,
                    error_type: UNKNOWN_FIELD.into(),
                    value: None,
                }));
        }
    }
}

/// The request's namespace (a cluster-scoped object's is cleared), the generated name, the
/// uid and the creation time.
// Upstream: apiserver pkg/registry/rest/create.go BeforeCreate
// (EnsureObjectNamespaceMatchesRequestNamespace, GenerateName, FillObjectMetaSystemFields)
fn set_system_fields(
    meta: &mut crate::api::meta::ObjectMeta,
    kind: &str,
    namespaced: bool,
    options: &AdmitOptions,
) {
    if !namespaced {
        meta.namespace = None;
    } else if meta.namespace.as_deref().unwrap_or("").is_empty() {
        meta.namespace = Some(options.namespace.clone());
    }
    let generate_name = meta.generate_name.clone().unwrap_or_default();
    if meta.name().is_empty() && !generate_name.is_empty() {
        meta.name = Some(format!("{generate_name}{}", name_suffix(&generate_name)));
    }
    meta.uid = Some(pseudo_uid(&format!(
        "{kind}/{}/{}",
        meta.namespace(),
        meta.name()
    )));
    meta.creation_timestamp = options.now;
}

fn admit_job(
    value: &Value,
    positions: &FieldPositions,
    options: &AdmitOptions,
    report: &mut DocumentReport,
) {
    let mut job: Job = match decode_strict(value, "Job") {
        Ok(j) => j,
        Err(e) => return decode_failed("Job", e, positions, options, report),
    };
    default_job(&mut job);
    set_system_fields(&mut job.metadata, "Job", true, options);
    prepare_job_for_create(&mut job);
    report.name = job.metadata.name().to_string();
    let errors = validate_job(&job);
    if errors.is_empty() {
        report.warnings = job_warnings(&job);
    }
    finish(report, "Job", errors, positions, Object::Job(Box::new(job)));
}

fn admit_cronjob(
    value: &Value,
    positions: &FieldPositions,
    options: &AdmitOptions,
    report: &mut DocumentReport,
) {
    let mut cronjob: CronJob = match decode_strict(value, "CronJob") {
        Ok(c) => c,
        Err(e) => return decode_failed("CronJob", e, positions, options, report),
    };
    default_cronjob(&mut cronjob);
    set_system_fields(&mut cronjob.metadata, "CronJob", true, options);
    prepare_cronjob_for_create(&mut cronjob);
    report.name = cronjob.metadata.name().to_string();
    let errors = validate_cronjob(&cronjob);
    if errors.is_empty() {
        report.warnings = cronjob_warnings(&cronjob);
    }
    finish(
        report,
        "CronJob",
        errors,
        positions,
        Object::CronJob(Box::new(cronjob)),
    );
}

fn admit_priority_class(
    value: &Value,
    positions: &FieldPositions,
    options: &AdmitOptions,
    report: &mut DocumentReport,
) {
    let mut class: PriorityClass = match decode_strict(value, "PriorityClass") {
        Ok(c) => c,
        Err(e) => return decode_failed("PriorityClass", e, positions, options, report),
    };
    default_priority_class(&mut class);
    set_system_fields(&mut class.metadata, "PriorityClass", false, options);
    prepare_priority_class_for_create(&mut class);
    report.name = class.metadata.name().to_string();
    let errors = validate_priority_class(&class);
    finish(
        report,
        "PriorityClass",
        errors,
        positions,
        Object::PriorityClass(Box::new(class)),
    );
}

fn finish(
    report: &mut DocumentReport,
    kind: &str,
    errors: Vec<FieldError>,
    positions: &FieldPositions,
    object: Object,
) {
    if errors.is_empty() {
        report.object = Some(object);
        return;
    }
    report.message = kubectl_invalid_message(kind, &report.name, &errors);
    report.errors = errors
        .into_iter()
        .map(|e| DocumentError {
            pos: positions.find(&e.field),
            error_type: e.error_type.as_str().to_string(),
            value: e.rendered_value(),
            detail: e.detail,
            field: e.field,
        })
        .collect();
}

/// A uid in UUID form derived from the object's identity, so that the same manifest always
/// gets the same uid (the API server draws a random one).
fn pseudo_uid(identity: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in identity.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// Five characters from upstream's alphabet for `generateName`, derived from the prefix.
// Upstream: apiserver pkg/storage/names/generate.go (utilrand.String(5))
fn name_suffix(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf29ce484222325;
    for b in prefix.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (0..5)
        .map(|i| {
            let idx = ((h >> (i * 8)) % ALPHABET.len() as u64) as usize;
            char::from(ALPHABET.get(idx).copied().unwrap_or(b'x'))
        })
        .collect()
}
