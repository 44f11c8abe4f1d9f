//! Label selectors and label keys as the API server checks them: the Job's selector and the
//! selectors of a pod's affinity terms and topology spread constraints.

use crate::api::meta::LabelSelector;

use super::field::{child, go_string_map, index, BadValue, FieldError};
use super::names::{is_qualified_name, is_valid_label_value};
use super::objectmeta::validate_labels;

/// Match labels, then each expression: its operator and values, its key, its values as label
/// values (a new object never has `AllowInvalidLabelValueInSelector`).
// Upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelSelector
pub fn validate_label_selector(selector: &LabelSelector, path: &str, errs: &mut Vec<FieldError>) {
    validate_labels(
        selector.match_labels.as_ref(),
        &child(path, "matchLabels"),
        errs,
    );
    for (i, req) in selector.match_expressions.iter().flatten().enumerate() {
        let rp = index(&child(path, "matchExpressions"), i);
        let values = req.values.as_deref().unwrap_or(&[]);
        let values_path = child(&rp, "values");
        if !validate_set_operator_values(&req.operator, values, &values_path, errs) {
            errs.push(FieldError::invalid(
                &child(&rp, "operator"),
                req.operator.as_str(),
                "not a valid selector operator",
            ));
        }
        validate_label_name(&req.key, &child(&rp, "key"), errs);
        for (j, value) in values.iter().enumerate() {
            for msg in is_valid_label_value(value) {
                errs.push(FieldError::invalid(
                    &index(&values_path, j),
                    value.as_str(),
                    msg,
                ));
            }
        }
    }
}

/// The values a set-based operator needs: some for `In` and `NotIn`, none for `Exists` and
/// `DoesNotExist`. Returns whether the operator is one of those four (label and node selectors
/// alike; the callers judge any other).
// Upstream: ValidateLabelSelectorRequirement, ValidateNodeSelectorRequirement (the same words)
pub fn validate_set_operator_values(
    operator: &str,
    values: &[String],
    values_path: &str,
    errs: &mut Vec<FieldError>,
) -> bool {
    match operator {
        "In" | "NotIn" if values.is_empty() => errs.push(FieldError::required(
            values_path,
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if !values.is_empty() => errs.push(FieldError::forbidden(
            values_path,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        _ => return false,
    }
    true
}

/// A label key is a qualified name.
// Upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelName
pub fn validate_label_name(name: &str, path: &str, errs: &mut Vec<FieldError>) {
    for msg in is_qualified_name(name) {
        errs.push(FieldError::invalid(path, name, msg));
    }
}

/// Go's `%#v` of a `metav1.LabelSelector`, as the API server prints it in an error.
pub fn go_label_selector(selector: &LabelSelector) -> BadValue {
    let labels = match &selector.match_labels {
        Some(m) => go_string_map(m),
        None => "map[string]string(nil)".to_string(),
    };
    let exprs = match &selector.match_expressions {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|r| {
                    let values: Vec<String> = r.values.iter().flatten().map(|v| format!("{v:?}")).collect();
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:[]string{{{}}}}}",
                        r.key,
                        r.operator,
                        values.join(", ")
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    BadValue::Raw(format!(
        "v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selector(json: serde_json::Value) -> LabelSelector {
        serde_json::from_value(json).expect("a label selector")
    }

    fn messages(selector: &LabelSelector) -> Vec<String> {
        let mut errs = Vec::new();
        validate_label_selector(selector, "spec.selector", &mut errs);
        errs.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn an_expression_is_checked_operator_key_then_values() {
        let s = selector(serde_json::json!({"matchExpressions": [
            {"key": "app", "operator": "In", "values": ["web", "a b"]},
            {"key": "-tier", "operator": "Like"},
        ]}));
        assert_eq!(
            messages(&s),
            [
                "spec.selector.matchExpressions[0].values[1]: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "spec.selector.matchExpressions[1].operator: Invalid value: \"Like\": not a valid selector operator",
                "spec.selector.matchExpressions[1].key: Invalid value: \"-tier\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ]
        );
    }

    #[test]
    fn values_follow_the_operator() {
        let s = selector(serde_json::json!({"matchExpressions": [
            {"key": "a", "operator": "NotIn"},
            {"key": "b", "operator": "Exists", "values": ["x"]},
        ]}));
        assert_eq!(
            messages(&s),
            [
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ]
        );
    }
}
