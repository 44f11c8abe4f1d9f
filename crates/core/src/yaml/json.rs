//! A positioned YAML tree as the JSON kubectl sends to the API server, and a map from field
//! paths (`spec.template.spec.containers[0].image`) to where they are written.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use super::node::{Node, NodeKind, Pos};
use super::resolve::Scalar;

/// Where each field and list item of a document is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPositions {
    positions: BTreeMap<String, Pos>,
}

impl FieldPositions {
    /// The position of a field path as the API server writes it in errors
    /// (`spec.template.spec.containers[0].image`, `metadata.labels[app]`). When the path itself
    /// is not written (a missing field), the nearest written ancestor is returned.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut segments = split_path(path);
        loop {
            if let Some(pos) = self.positions.get(&join_path(&segments)) {
                return Some(*pos);
            }
            segments.pop()?;
        }
    }

    /// Every written path with its position, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.positions.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(String),
    Index(usize),
}

/// Splits `a.b[0].c[key.with.dots]` into segments; a bracketed non-number is a map key.
fn split_path(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !current.is_empty() {
                    segments.push(Segment::Field(std::mem::take(&mut current)));
                }
            }
            '[' => {
                if !current.is_empty() {
                    segments.push(Segment::Field(std::mem::take(&mut current)));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                segments.push(match inner.parse::<usize>() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Field(inner),
                });
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        segments.push(Segment::Field(current));
    }
    segments
}

fn join_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Field(f) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(f);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Why a tree cannot become JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub pos: Pos,
    pub message: String,
}

/// Converts a document to JSON as sigs.k8s.io/yaml's YAMLToJSON does (no target type: `yes`
/// becomes `true`, `8080` a number), recording every path's position.
// Upstream: sigs.k8s.io/yaml yaml.go yamlToJSONTarget (jsonTarget nil) and convertToJSONableObject
pub fn to_json(node: &Node) -> Result<(Value, FieldPositions), JsonError> {
    let mut positions = FieldPositions::default();
    positions.positions.insert(String::new(), node.pos);
    let value = convert(node, &mut Vec::new(), &mut positions)?;
    Ok((value, positions))
}

fn convert(
    node: &Node,
    path: &mut Vec<Segment>,
    positions: &mut FieldPositions,
) -> Result<Value, JsonError> {
    Ok(match &node.kind {
        NodeKind::Scalar(s) => scalar_json(s).ok_or_else(|| JsonError {
            pos: node.pos,
            message: format!(
                "json: unsupported value: {}",
                go_float_string(scalar_float(s))
            ),
        })?,
        NodeKind::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                positions.positions.insert(join_path(path), item.pos);
                out.push(convert(item, path, positions)?);
                path.pop();
            }
            Value::Array(out)
        }
        NodeKind::Map(entries) => {
            let mut out = Map::new();
            for entry in entries {
                path.push(Segment::Field(entry.key.clone()));
                let joined = join_path(path);
                if out.contains_key(&entry.key) {
                    let (dot, bracket) = (format!("{joined}."), format!("{joined}["));
                    positions.positions.retain(|k, _| {
                        !(k == &joined || k.starts_with(&dot) || k.starts_with(&bracket))
                    });
                }
                positions.positions.insert(joined, entry.key_pos);
                out.insert(entry.key.clone(), convert(&entry.value, path, positions)?);
                path.pop();
            }
            Value::Object(out)
        }
    })
}

fn scalar_float(s: &Scalar) -> f64 {
    match s {
        Scalar::Float(f) => *f,
        _ => 0.0,
    }
}

/// A scalar as JSON; `None` for NaN and infinities, which JSON cannot hold.
fn scalar_json(s: &Scalar) -> Option<Value> {
    Some(match s {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Int(i) => Value::Number((*i).into()),
        Scalar::UInt(u) => Value::Number((*u).into()),
        Scalar::Float(f) => {
            if !f.is_finite() {
                return None;
            }
            // Go's json.Marshal writes an integral float without a fraction (1e3 → 1000), so
            // the server reads it back as an integer.
            if f.fract() == 0.0 && f.abs() < 1e21 && f.abs() < 9.2e18 {
                Value::Number((*f as i64).into())
            } else {
                Value::Number(Number::from_f64(*f)?)
            }
        }
        Scalar::Str(s) => Value::String(s.clone()),
    })
}

/// A float as Go's `strconv.FormatFloat(f, 'g', -1, 64)` writes it, enough for keys and errors.
pub fn go_float_string(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else if f != 0.0 && (f.abs() >= 1e21 || f.abs() < 1e-4) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse::parse_documents;

    fn first(text: &str) -> (Value, FieldPositions) {
        let docs = parse_documents(text);
        let node = docs
            .into_iter()
            .next()
            .expect("a document")
            .content
            .expect("valid YAML");
        to_json(&node).expect("JSON")
    }

    #[test]
    fn yaml_becomes_the_json_kubectl_sends() {
        let (value, _) = first("a: yes\nb: '8080'\nc: 8080\nd: 1.0\ne:\nf: [1, two]\n");
        assert_eq!(
            value,
            serde_json::json!({"a": true, "b": "8080", "c": 8080, "d": 1, "e": null, "f": [1, "two"]})
        );
    }

    #[test]
    fn every_field_and_item_has_a_position() {
        let text = "spec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n";
        let (_, positions) = first(text);
        assert_eq!(
            positions.find("spec.template.spec.containers[0].image"),
            Some(Pos { line: 6, column: 9 })
        );
        assert_eq!(
            positions.find("spec.template.spec.containers[0]"),
            Some(Pos { line: 5, column: 9 })
        );
        assert_eq!(
            positions.find("spec.template.spec.restartPolicy"),
            Some(Pos { line: 3, column: 5 }),
            "a missing field points at its parent"
        );
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value_as_go_yaml_does() {
        let (value, positions) = first("a: 1\na: 2\n");
        assert_eq!(value, serde_json::json!({"a": 2}));
        assert_eq!(positions.find("a"), Some(Pos { line: 2, column: 1 }));
    }

    #[test]
    fn label_keys_with_dots_are_found_in_brackets() {
        let (_, positions) = first("metadata:\n  labels:\n    app.kubernetes.io/name: x\n");
        assert_eq!(
            positions.find("metadata.labels[app.kubernetes.io/name]"),
            Some(Pos { line: 3, column: 5 })
        );
    }
}
