//! Namespaces: the `kubectl get namespaces` columns.

use jiff::Timestamp;

use crate::api::Namespace;
use crate::kubectl::get_jobs::age;

/// Upstream: pkg/printers/internalversion printers.go namespaceColumnDefinitions.
pub const HEADER: [&str; 3] = ["NAME", "STATUS", "AGE"];

/// One row of `kubectl get namespaces` at `now`.
// Upstream: printers.go printNamespace
pub fn row(namespace: &Namespace, now: Timestamp) -> Vec<String> {
    let phase = namespace.status.as_ref().and_then(|s| s.phase.clone());
    vec![
        namespace.metadata.name().to_string(),
        phase.unwrap_or_default(),
        age(namespace.metadata.creation_timestamp.as_ref(), now),
    ]
}
