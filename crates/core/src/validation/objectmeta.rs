//! Object metadata: name, namespace, labels, annotations, finalizers; and what may not change.

use crate::api::meta::ObjectMeta;
use crate::api::StringMap;

use super::field::{child, kubectl_invalid_message, FieldError};
use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value,
};

/// Validates metadata of a namespaced object whose name must be a DNS subdomain (Jobs and
/// CronJobs share the ReplicationController rule).
// Upstream: pkg/apis/core/validation/validation.go ValidateObjectMeta (→ apimachinery
// ValidateObjectMetaAccessor) with ValidateReplicationControllerName
pub fn validate_object_meta(meta: &ObjectMeta, path: &str, errs: &mut Vec<FieldError>) {
    let generate_name = meta.generate_name.as_deref().unwrap_or("");
    if !generate_name.is_empty() {
        // Upstream: maskTrailingDash replaces the last two characters of "x-" by "a".
        let masked = match generate_name.char_indices().rev().nth(1) {
            Some((i, _)) if generate_name.ends_with('-') => format!("{}a", &generate_name[..i]),
            _ => generate_name.to_string(),
        };
        for msg in is_dns1123_subdomain(&masked) {
            errs.push(FieldError::invalid(
                &child(path, "generateName"),
                generate_name,
                msg,
            ));
        }
    }
    let name = meta.name();
    if name.is_empty() {
        errs.push(FieldError::required(
            &child(path, "name"),
            "name or generateName is required",
        ));
    } else {
        for msg in is_dns1123_subdomain(name) {
            errs.push(FieldError::invalid(&child(path, "name"), name, msg));
        }
    }
    let namespace = meta.namespace();
    if namespace.is_empty() {
        errs.push(FieldError::required(&child(path, "namespace"), ""));
    } else {
        for msg in is_dns1123_label(namespace) {
            errs.push(FieldError::invalid(
                &child(path, "namespace"),
                namespace,
                msg,
            ));
        }
    }
    if let Some(generation) = meta.generation {
        if generation < 0 {
            errs.push(FieldError::invalid(
                &child(path, "generation"),
                generation,
                "must be greater than or equal to 0",
            ));
        }
    }
    validate_labels(meta.labels.as_deref(), &child(path, "labels"), errs);
    validate_annotations(
        meta.annotations.as_deref(),
        &child(path, "annotations"),
        errs,
    );
    for (i, finalizer) in meta.finalizers.iter().flatten().enumerate() {
        validate_finalizer_name(
            finalizer,
            &format!("{}[{i}]", child(path, "finalizers")),
            errs,
        );
    }
}

/// Validates the metadata of a Namespace: named by an RFC 1123 label (a cluster-scoped object,
/// whose namespace the API server has already cleared).
// Upstream: pkg/apis/core/validation/validation.go ValidateNamespace (ValidateObjectMeta with
// requiresNamespace false and ValidateNamespaceName = IsDNS1123Label)
pub fn validate_namespace_meta(meta: &ObjectMeta, errs: &mut Vec<FieldError>) {
    validate_cluster_scoped_meta(meta, is_dns1123_label, errs);
}

/// Validates the metadata of a cluster-scoped object whose name follows `name_rule`.
// Upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMeta (requiresNamespace
// false)
pub fn validate_cluster_scoped_meta(
    meta: &ObjectMeta,
    name_rule: fn(&str) -> Vec<String>,
    errs: &mut Vec<FieldError>,
) {
    let name = meta.name();
    if name.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        for msg in name_rule(name) {
            errs.push(FieldError::invalid("metadata.name", name, msg));
        }
    }
    validate_labels(meta.labels.as_deref(), "metadata.labels", errs);
    validate_annotations(meta.annotations.as_deref(), "metadata.annotations", errs);
}

/// Whether the API server accepts a Namespace of this metadata; if not, its refusal in kubectl's
/// words (`The Namespace "Lab" is invalid: metadata.name: Invalid value: …`).
pub fn check_namespace(meta: &ObjectMeta) -> Result<(), String> {
    let mut errs = Vec::new();
    validate_namespace_meta(meta, &mut errs);
    if errs.is_empty() {
        return Ok(());
    }
    let message = kubectl_invalid_message("Namespace", meta.name(), &errs);
    Err(message.trim_end().to_string())
}

/// Label keys must be qualified names and values valid label values; errors are reported at
/// the map's path.
// Upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabels
pub fn validate_labels(labels: Option<&StringMap>, path: &str, errs: &mut Vec<FieldError>) {
    for (k, v) in labels.into_iter().flatten() {
        for msg in is_qualified_name(k) {
            errs.push(FieldError::invalid(path, k.as_str(), msg));
        }
        for msg in is_valid_label_value(v) {
            errs.push(FieldError::invalid(path, v.as_str(), msg));
        }
    }
}

/// Annotation keys are qualified names (case-insensitive); the total size is at most 256 KiB.
// Upstream: apimachinery pkg/api/validation/objectmeta.go ValidateAnnotations
pub fn validate_annotations(
    annotations: Option<&StringMap>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut total = 0usize;
    for (k, v) in annotations.into_iter().flatten() {
        for msg in is_qualified_name(&k.to_lowercase()) {
            errs.push(FieldError::invalid(path, k.as_str(), msg));
        }
        total += k.len() + v.len();
    }
    if total > 256 * 1024 {
        errs.push(FieldError::too_long(path, 256 * 1024));
    }
}

/// Upstream: apimachinery pkg/api/validation/objectmeta.go ValidateFinalizerName (+ core's
/// standard finalizer names)
fn validate_finalizer_name(name: &str, path: &str, errs: &mut Vec<FieldError>) {
    for msg in is_qualified_name(name) {
        errs.push(FieldError::invalid(path, name, msg));
    }
    let standard = ["kubernetes", "orphan", "foregroundDeletion"];
    if !name.contains('/') && !standard.contains(&name) {
        errs.push(FieldError::invalid(
            path,
            name,
            "name is neither a standard finalizer name nor is it fully qualified",
        ));
    }
}

/// Metadata that may not change on update (name, namespace, uid, creation time), and the
/// labels and annotations of the new object. The resource version is the store's business.
// Upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessorUpdate
pub fn validate_object_meta_update(
    new: &ObjectMeta,
    old: &ObjectMeta,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let immutable = "field is immutable";
    if let (Some(n), Some(o)) = (new.generation, old.generation) {
        if n < o {
            errs.push(FieldError::invalid(
                &child(path, "generation"),
                n,
                "must not be decremented",
            ));
        }
    }
    if new.name != old.name {
        errs.push(FieldError::invalid(
            &child(path, "name"),
            new.name(),
            immutable,
        ));
    }
    if new.namespace != old.namespace {
        errs.push(FieldError::invalid(
            &child(path, "namespace"),
            new.namespace(),
            immutable,
        ));
    }
    if new.uid != old.uid {
        errs.push(FieldError::invalid(
            &child(path, "uid"),
            new.uid(),
            immutable,
        ));
    }
    if new.creation_timestamp != old.creation_timestamp {
        let value = new
            .creation_timestamp
            .map(|t| t.to_string())
            .unwrap_or_default();
        errs.push(FieldError::invalid(
            &child(path, "creationTimestamp"),
            value,
            immutable,
        ));
    }
    validate_labels(new.labels.as_deref(), &child(path, "labels"), errs);
    validate_annotations(
        new.annotations.as_deref(),
        &child(path, "annotations"),
        errs,
    );
}
