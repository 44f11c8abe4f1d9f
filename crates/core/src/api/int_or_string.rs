//! `intstr.IntOrString`: a port or percentage that may be written as a number or a string.

use serde::{Deserialize, Serialize};

/// A value that is either an integer or a string (`port: 8080` or `port: http`).
///
/// Upstream: staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go IntOrString
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}
