//! A label selector written as kubectl shows it: `app=x,env in (a,b),!gone`.

use crate::api::meta::LabelSelector;

/// Upstream: apimachinery meta/v1 LabelSelectorAsSelector + labels.internalSelector.String —
/// requirements sorted by key, values sorted; a nil selector is Nothing and an empty one
/// Everything, both printed as the empty string. An unknown operator is upstream's error.
pub fn selector_string(selector: Option<&LabelSelector>) -> Result<String, String> {
    let Some(selector) = selector else {
        return Ok(String::new());
    };
    let mut requirements: Vec<(String, String)> = selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for req in selector.match_expressions.iter().flatten() {
        let mut values = req.values.clone().unwrap_or_default();
        values.sort();
        let text = match req.operator.as_str() {
            "In" => format!("{} in ({})", req.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", req.key, values.join(",")),
            "Exists" => req.key.clone(),
            "DoesNotExist" => format!("!{}", req.key),
            other => return Err(format!("{other:?} is not a valid label selector operator")),
        };
        requirements.push((req.key.clone(), text));
    }
    requirements.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(requirements
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(","))
}

/// Upstream: apimachinery meta/v1 FormatLabelSelector — `<none>` when empty, `<error>` when the
/// selector cannot be converted (the SELECTOR column of `-o wide`).
pub fn format_label_selector(selector: Option<&LabelSelector>) -> String {
    match selector_string(selector) {
        Err(_) => "<error>".into(),
        Ok(s) if s.is_empty() => "<none>".into(),
        Ok(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selector(json: serde_json::Value) -> LabelSelector {
        serde_json::from_value(json).expect("a selector")
    }

    #[test]
    fn requirements_print_sorted_by_key_with_sorted_values() {
        let s = selector(serde_json::json!({
            "matchLabels": {"job-name": "pi"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["web", "db"]},
                {"key": "app", "operator": "Exists"},
                {"key": "zone", "operator": "NotIn", "values": ["b", "a"]},
                {"key": "gone", "operator": "DoesNotExist"}
            ]
        }));
        assert_eq!(
            format_label_selector(Some(&s)),
            "app,!gone,job-name=pi,tier in (db,web),zone notin (a,b)"
        );
    }

    #[test]
    fn nil_and_empty_selectors_print_none_and_bad_operators_an_error() {
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(
            format_label_selector(Some(&selector(serde_json::json!({})))),
            "<none>"
        );
        let bad = selector(serde_json::json!({
            "matchExpressions": [{"key": "a", "operator": "Near"}]
        }));
        assert_eq!(format_label_selector(Some(&bad)), "<error>");
        assert_eq!(
            selector_string(Some(&bad)),
            Err("\"Near\" is not a valid label selector operator".to_string())
        );
    }
}
