//! `metav1.ObjectMeta`, owner references and label selectors.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::string_map::{self, SharedMap, StringMap};
use super::time::Time;

/// Metadata every persisted object has.
///
/// Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go ObjectMeta
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_map::decode_shared"
    )]
    pub labels: Option<SharedMap>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_map::decode_shared"
    )]
    pub annotations: Option<SharedMap>,
    #[serde(default, skip_serializing_if = "none_or_empty")]
    pub owner_references: Option<Vec<OwnerReference>>,
    #[serde(default, skip_serializing_if = "none_or_empty")]
    pub finalizers: Option<Vec<String>>,
    /// Server-side apply bookkeeping, kept as written (`kubectl get --show-managed-fields`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_fields: Option<serde_json::Value>,
    /// Deprecated and no longer set since 1.20, but still a known field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_link: Option<String>,
}

/// Go's `omitempty` on a list: an empty one is left out, as a list that was never set
/// (`finalizers` once the last is removed).
fn none_or_empty<T>(list: &Option<Vec<T>>) -> bool {
    list.as_ref().is_none_or(Vec::is_empty)
}

impl ObjectMeta {
    /// The name, or "" when unset.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// The namespace, or "" when unset.
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    /// The uid, or "" when unset.
    pub fn uid(&self) -> &str {
        self.uid.as_deref().unwrap_or("")
    }

    /// One label's value.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .as_ref()
            .and_then(|l| l.get(key))
            .map(String::as_str)
    }

    /// One annotation's value.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .as_ref()
            .and_then(|a| a.get(key))
            .map(String::as_str)
    }

    /// The labels to change: this object's own copy, made empty when it had none.
    pub fn labels_mut(&mut self) -> &mut StringMap {
        SharedMap::make_mut(self.labels.get_or_insert_with(SharedMap::default))
    }

    /// The annotations to change: this object's own copy, made empty when it had none.
    pub fn annotations_mut(&mut self) -> &mut StringMap {
        SharedMap::make_mut(self.annotations.get_or_insert_with(SharedMap::default))
    }

    /// Whether the finalizer is present.
    pub fn has_finalizer(&self, finalizer: &str) -> bool {
        self.finalizers
            .as_ref()
            .is_some_and(|f| f.iter().any(|x| x == finalizer))
    }

    /// The owner reference marked `controller: true`, if any.
    // Upstream: apimachinery meta/v1/controller_ref.go GetControllerOf
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references
            .as_ref()?
            .iter()
            .find(|r| r.controller == Some(true))
    }
}

/// A reference from a dependent to its owner.
///
/// Upstream: apimachinery meta/v1/types.go OwnerReference
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    #[serde(default)]
    pub api_version: Cow<'static, str>,
    #[serde(default)]
    pub kind: Cow<'static, str>,
    /// The name and uid are shared by the owner's dependents (a Job's pods).
    #[serde(default)]
    pub name: Arc<str>,
    #[serde(default)]
    pub uid: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// A reference to another object (`corev1.ObjectReference`), as in `CronJob.status.active`.
///
/// Upstream: staging/src/k8s.io/api/core/v1/types.go ObjectReference
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
}

/// A label query: `matchLabels` and `matchExpressions`, all of which must hold.
///
/// Upstream: apimachinery meta/v1/types.go LabelSelector
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_map::decode"
    )]
    pub match_labels: Option<StringMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

/// One `matchExpressions` item: `key`, `operator` (In, NotIn, Exists, DoesNotExist), `values`.
///
/// Upstream: apimachinery meta/v1/types.go LabelSelectorRequirement
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl LabelSelector {
    /// Whether the selector has neither labels nor expressions (it then matches everything).
    pub fn is_empty(&self) -> bool {
        self.match_labels.as_ref().is_none_or(StringMap::is_empty)
            && self.match_expressions.as_ref().is_none_or(Vec::is_empty)
    }

    /// Whether the labels satisfy the selector. An empty selector matches everything; an
    /// expression with an unknown operator matches nothing (upstream refuses to convert it).
    // Upstream: apimachinery meta/v1/helpers.go LabelSelectorAsSelector + labels/selector.go Matches
    pub fn matches(&self, labels: &StringMap) -> bool {
        let labels_ok = self
            .match_labels
            .iter()
            .flatten()
            .all(|(k, v)| labels.get(k) == Some(v));
        let expressions_ok = self
            .match_expressions
            .iter()
            .flatten()
            .all(|req| req.matches(labels));
        labels_ok && expressions_ok
    }
}

impl LabelSelectorRequirement {
    /// Whether the labels satisfy this requirement (a label selector knows no `Gt`, `Lt`).
    // Upstream: apimachinery meta/v1/helpers.go LabelSelectorAsSelector (its operators)
    pub fn matches(&self, labels: &StringMap) -> bool {
        let values = self.values.as_deref().unwrap_or(&[]);
        matches!(
            self.operator.as_str(),
            "In" | "NotIn" | "Exists" | "DoesNotExist"
        ) && label_requirement_matches(&self.operator, labels.get(&self.key), values)
    }
}

/// Whether a label's value (`None` when the node or object lacks the label) satisfies a
/// requirement: `In`, `NotIn` (also met by a missing label), `Exists`, `DoesNotExist`, and `Gt`,
/// `Lt` comparing integers (a missing or non-integer label meets neither). An unknown operator
/// matches nothing.
// Upstream: apimachinery labels/selector.go Requirement.Matches
pub fn label_requirement_matches(
    operator: &str,
    value: Option<&String>,
    values: &[String],
) -> bool {
    match operator {
        "In" => value.is_some_and(|v| values.contains(v)),
        "NotIn" => value.is_none_or(|v| !values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(value), [bound]) = (value, values) else {
                return false;
            };
            match (value.parse::<i64>(), bound.parse::<i64>()) {
                (Ok(v), Ok(b)) if operator == "Gt" => v > b,
                (Ok(v), Ok(b)) => v < b,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Matches an optional selector as upstream does: a nil selector matches nothing.
// Upstream: apimachinery meta/v1/helpers.go LabelSelectorAsSelector (nil → labels.Nothing())
pub fn selector_matches(selector: Option<&LabelSelector>, labels: &StringMap) -> bool {
    selector.is_some_and(|s| s.matches(labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn expr(key: &str, op: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: Some(values.iter().map(|v| v.to_string()).collect()),
        }
    }

    #[test]
    fn selector_matching_follows_upstream() {
        let pod = labels(&[("app", "pi"), ("tier", "batch")]);
        let cases: Vec<(&str, Option<LabelSelector>, bool)> = vec![
            ("a nil selector matches nothing", None, false),
            (
                "an empty selector matches everything",
                Some(LabelSelector::default()),
                true,
            ),
            (
                "matchLabels must all be present with the same value",
                Some(LabelSelector {
                    match_labels: Some(labels(&[("app", "pi")])),
                    ..Default::default()
                }),
                true,
            ),
            (
                "a differing matchLabels value does not match",
                Some(LabelSelector {
                    match_labels: Some(labels(&[("app", "other")])),
                    ..Default::default()
                }),
                false,
            ),
            (
                "In matches a listed value",
                Some(LabelSelector {
                    match_expressions: Some(vec![expr("tier", "In", &["batch", "web"])]),
                    ..Default::default()
                }),
                true,
            ),
            (
                "NotIn matches an absent key",
                Some(LabelSelector {
                    match_expressions: Some(vec![expr("zone", "NotIn", &["a"])]),
                    ..Default::default()
                }),
                true,
            ),
            (
                "DoesNotExist fails on a present key",
                Some(LabelSelector {
                    match_expressions: Some(vec![expr("app", "DoesNotExist", &[])]),
                    ..Default::default()
                }),
                false,
            ),
            (
                "an unknown operator matches nothing",
                Some(LabelSelector {
                    match_expressions: Some(vec![expr("app", "Equals", &["pi"])]),
                    ..Default::default()
                }),
                false,
            ),
        ];
        for (name, selector, want) in cases {
            assert_eq!(selector_matches(selector.as_ref(), &pod), want, "{name}");
        }
    }
}
