//! `-l` label selectors (`a=b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`) and
//! `--field-selector` (`metadata.name=x`, `status.phase!=Running`).

use std::collections::BTreeMap;

use super::resources::Resource;
use crate::api::StringMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
}

/// A parsed label selector; empty selects everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector(Vec<(String, Op)>);

impl LabelSelector {
    // Upstream: apimachinery pkg/labels selector.go Parse
    pub fn parse(text: &str) -> Result<LabelSelector, String> {
        let mut out = Vec::new();
        for part in split_top(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let bad = || {
                format!("error: unable to parse requirement: found '{part}', expected: identifier")
            };
            let req = if let Some(key) = part.strip_prefix('!') {
                (key.trim().to_string(), Op::DoesNotExist)
            } else if let Some((k, v)) = part.split_once("!=") {
                (k.trim().to_string(), Op::NotIn(vec![v.trim().to_string()]))
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (k.trim().to_string(), Op::In(vec![v.trim().to_string()]))
            } else if let Some((k, rest)) = set_op(part, " notin ") {
                (k, Op::NotIn(values(rest).ok_or_else(bad)?))
            } else if let Some((k, rest)) = set_op(part, " in ") {
                (k, Op::In(values(rest).ok_or_else(bad)?))
            } else {
                (part.to_string(), Op::Exists)
            };
            if req.0.is_empty() || req.0.contains(|c: char| c.is_whitespace() || c == '(') {
                return Err(bad());
            }
            out.push(req);
        }
        Ok(LabelSelector(out))
    }

    pub fn matches(&self, labels: Option<&StringMap>) -> bool {
        self.0.iter().all(|(key, op)| {
            let value = labels.and_then(|l| l.get(key));
            match op {
                Op::In(vs) => value.is_some_and(|v| vs.contains(v)),
                Op::NotIn(vs) => value.is_none_or(|v| !vs.contains(v)),
                Op::Exists => value.is_some(),
                Op::DoesNotExist => value.is_none(),
            }
        })
    }
}

fn set_op<'a>(part: &'a str, op: &str) -> Option<(String, &'a str)> {
    let (k, rest) = part.split_once(op)?;
    Some((k.trim().to_string(), rest))
}

fn values(rest: &str) -> Option<Vec<String>> {
    let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|v| v.trim().to_string()).collect())
}

/// Splits at commas outside parentheses.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A parsed field selector: `(field, equal?, value)` terms, all of which must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    text: String,
    terms: Vec<(String, bool, String)>,
}

impl FieldSelector {
    // Upstream: apimachinery pkg/fields selector.go ParseSelector
    pub fn parse(text: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let term = if let Some((f, v)) = part.split_once("!=") {
                (f.to_string(), false, v.to_string())
            } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (f.to_string(), true, v.to_string())
            } else {
                return Err(format!(
                    "error: invalid selector: '{text}'; can't understand '{part}'"
                ));
            };
            terms.push(term);
        }
        Ok(FieldSelector {
            text: text.to_string(),
            terms,
        })
    }

    /// Whether an object's selectable fields (worked out only when the selector has terms)
    /// pass; a field the kind cannot select on is the API server's BadRequest.
    pub fn matches(
        &self,
        fields: impl FnOnce() -> BTreeMap<&'static str, String>,
        resource: Resource,
    ) -> Result<bool, String> {
        if self.terms.is_empty() {
            return Ok(true);
        }
        let fields = fields();
        for (field, equal, value) in &self.terms {
            let Some(actual) = fields.get(field.as_str()) else {
                let (group, kind) = (resource.group(), resource.name());
                return Err(format!(
                    "Error from server (BadRequest): Unable to find \"{group}/v1, \
                     Resource={kind}\" that match label selector \"\", field selector \"{}\": \
                     field label not supported: {field}",
                    self.text
                ));
            };
            if (actual == value) != *equal {
                return Ok(false);
            }
        }
        Ok(true)
    }
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

    #[test]
    fn label_selectors_match_as_kubernetes_does() {
        let l = labels(&[("app", "pi"), ("tier", "batch")]);
        let yes = [
            "app=pi",
            "app==pi,tier",
            "!zone",
            "app in (pi, e)",
            "tier notin (web)",
            "",
        ];
        for s in yes {
            assert!(LabelSelector::parse(s).unwrap().matches(Some(&l)), "{s}");
        }
        let no = ["app=e", "app!=pi", "zone", "!app", "app notin (pi)"];
        for s in no {
            assert!(!LabelSelector::parse(s).unwrap().matches(Some(&l)), "{s}");
        }
    }

    #[test]
    fn an_unknown_field_is_a_bad_request() {
        let f = FieldSelector::parse("spec.foo=1").unwrap();
        let e = f.matches(BTreeMap::new, Resource::Job).unwrap_err();
        assert!(e.contains("field label not supported: spec.foo"), "{e}");
    }
}
