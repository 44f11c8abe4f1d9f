//! `-o` formats: tables (`wide`), `name`, `yaml`, `json` and `jsonpath`, of one object or of a
//! `List`.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::{json, Value};

use super::jsonpath;
use super::namespaces;
use super::nodes;
use super::priority_classes;
use super::resources::Object;
use crate::api::StringMap;
use crate::kubectl::get_cronjobs::{self, layout_container_cells};
use crate::kubectl::label_selector::format_label_selector;
use crate::kubectl::{get_jobs, get_pods};

/// What `-o` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Wide,
    Name,
    Yaml,
    Json,
    JsonPath(String),
    /// `custom-columns=HEADER:.path,…`.
    CustomColumns(Vec<(String, String)>),
}

impl Format {
    // Upstream: cli-runtime pkg/genericclioptions print_flags.go ToPrinter (NoCompatiblePrinterError)
    pub fn parse(output: Option<&str>) -> Result<Format, String> {
        let Some(o) = output else {
            return Ok(Format::Table);
        };
        match o {
            "" => Ok(Format::Table),
            "wide" => Ok(Format::Wide),
            "name" => Ok(Format::Name),
            "yaml" => Ok(Format::Yaml),
            "json" => Ok(Format::Json),
            _ if o.starts_with("custom-columns=") => custom_columns(&o["custom-columns=".len()..]),
            _ => match o.strip_prefix("jsonpath=") {
                Some(t) => Ok(Format::JsonPath(t.to_string())),
                None => Err(format!(
                    "error: unable to match a printer suitable for the output format {o:?}, \
                     allowed formats are: custom-columns,custom-columns-file,go-template,\
                     go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,\
                     template,templatefile,wide,yaml"
                )),
            },
        }
    }
}

/// `HEADER:.path,HEADER:.path`: the columns, each a header and a JSONPath.
// Upstream: kubectl/pkg/cmd/get/customcolumn_flags.go, customcolumn.go NewCustomColumnsPrinterFromSpec
fn custom_columns(spec: &str) -> Result<Format, String> {
    if spec.is_empty() {
        return Err("error: custom-columns format specified but no custom columns given".into());
    }
    let columns = spec
        .split(',')
        .map(|part| match part.split_once(':') {
            Some((header, path)) => Ok((header.to_string(), path.to_string())),
            None => Err(format!(
                "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )),
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Format::CustomColumns(columns))
}

/// The rows of `-o custom-columns`: each column's values, joined by commas, or `<none>`.
// Upstream: kubectl/pkg/cmd/get/customcolumn.go printOneObject
pub fn custom_column_rows(
    columns: &[(String, String)],
    objects: &[Value],
) -> Result<Vec<Vec<String>>, String> {
    objects
        .iter()
        .map(|object| {
            columns
                .iter()
                .map(|(_, path)| {
                    let found = jsonpath::find(path, object)?;
                    Ok(if found.is_empty() {
                        "<none>".to_string()
                    } else {
                        found
                            .iter()
                            .map(jsonpath::text)
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                })
                .collect()
        })
        .collect()
}

/// Sorts objects by what a JSONPath finds in each: numbers by value, times by time, other
/// text as text; an object where nothing is found first. Nothing found in any: an error.
// Upstream: kubectl/pkg/cmd/get/sorter.go (SortObjects, isLess)
pub fn sort_by<T>(items: Vec<T>, path: &str, json: impl Fn(&T) -> Value) -> Result<Vec<T>, String> {
    let mut keyed = items
        .into_iter()
        .map(|item| {
            let key = jsonpath::find(path, &json(&item))?.into_iter().next();
            Ok((key, item))
        })
        .collect::<Result<Vec<(Option<Value>, T)>, String>>()?;
    if !keyed.is_empty() && keyed.iter().all(|(key, _)| key.is_none()) {
        let relaxed = if path.starts_with('{') {
            path.to_string()
        } else {
            format!("{{{path}}}")
        };
        return Err(format!(
            "error: couldn't find any field with path {relaxed:?} in the list of objects"
        ));
    }
    keyed.sort_by(|(a, _), (b, _)| compare_keys(a.as_ref(), b.as_ref()));
    Ok(keyed.into_iter().map(|(_, item)| item).collect())
}

/// How two objects' sort keys compare: a missing or null field first.
// Upstream: kubectl get/sorter.go RuntimeSort.Less, isLess (a nil interface is less)
fn compare_keys(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.filter(|v| !v.is_null()), b.filter(|v| !v.is_null())) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => {
            match (x.parse::<Timestamp>(), y.parse::<Timestamp>()) {
                (Ok(x), Ok(y)) => x.cmp(&y),
                _ => x.cmp(y),
            }
        }
        (Some(x), Some(y)) => jsonpath::text(x).cmp(&jsonpath::text(y)),
    }
}

/// JSON as kubectl prints it: four-space indentation and a final newline.
pub fn json_text(value: &Value) -> String {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if value.serialize(&mut ser).is_err() {
        return "{}\n".into();
    }
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    text.push('\n');
    text
}

/// The `List` kubectl wraps several objects in.
pub fn list(items: Vec<Value>) -> Value {
    json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
}

/// Prints a value (an object or a List) as `yaml`, `json` or `jsonpath`.
pub fn structured(format: &Format, value: &Value) -> Result<String, String> {
    match format {
        Format::Yaml => Ok(crate::yaml::to_yaml(value)),
        Format::Json => Ok(json_text(value)),
        Format::JsonPath(t) => jsonpath::render(t, value),
        _ => Ok(String::new()),
    }
}

/// The table header of a kind, with `-o wide`'s columns.
pub fn header(object: &Object<'_>, wide: bool) -> Vec<String> {
    let (header, wide_header): (&[&str], &[&str]) = match object {
        Object::Job(_) => (&get_jobs::HEADER, &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Object::Pod(_) => (&get_pods::HEADER, &get_pods::WIDE_HEADER),
        Object::CronJob(_) => (&get_cronjobs::HEADER, &get_cronjobs::WIDE_HEADER),
        Object::Node(_) => (&nodes::HEADER, &nodes::WIDE_HEADER),
        Object::Namespace(_) => (&namespaces::HEADER, &[]),
        Object::PriorityClass(_) => (&priority_classes::HEADER, &[]),
    };
    let mut h: Vec<String> = header.iter().map(|c| c.to_string()).collect();
    if wide {
        h.extend(wide_header.iter().map(|c| c.to_string()));
    }
    h
}

/// An object's table row at `now`.
// Upstream: pkg/printers/internalversion printers.go printJob (wide: containers, images,
// selector) and printPod
pub fn row(object: &Object<'_>, now: Timestamp, wide: bool) -> Vec<String> {
    match (object, wide) {
        (Object::Job(j), false) => get_jobs::row(j, now),
        (Object::Job(j), true) => {
            let mut r = get_jobs::row(j, now);
            let spec = j.spec.clone().unwrap_or_default();
            let containers = spec
                .template
                .spec
                .as_ref()
                .map(|s| s.containers.clone())
                .unwrap_or_default();
            let (names, images) = layout_container_cells(&containers);
            r.push(names);
            r.push(images);
            r.push(format_label_selector(spec.selector.as_ref()));
            r
        }
        (Object::Pod(p), false) => get_pods::row(p, now),
        (Object::Pod(p), true) => get_pods::wide_row(p, now),
        (Object::CronJob(c), false) => get_cronjobs::row(c, now),
        (Object::CronJob(c), true) => get_cronjobs::wide_row(c, now),
        (Object::Node(n), false) => nodes::row(n, now),
        (Object::Node(n), true) => nodes::wide_row(n, now),
        (Object::Namespace(n), _) => namespaces::row(n, now),
        (Object::PriorityClass(c), _) => priority_classes::row(c, now),
    }
}

/// A map on one line: `k=v,…` sorted, or `<none>` (`--show-labels`' cell, the annotations of
/// `kubectl describe priorityclass`).
// Upstream: apimachinery pkg/labels labels.go FormatLabels
pub fn format_labels(map: Option<&StringMap>) -> String {
    match map {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}
