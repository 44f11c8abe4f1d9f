//! The form written back into a Job's JSON: only the fields the user changed, each as the
//! value the API server will read (a number where the text is one, else the text itself, so
//! that a bad value reaches validation and is named there).

use serde_json::{Map, Value};

use super::model::{ContainerForm, EnvVarForm, JobForm, GPU_RESOURCE};

/// How a field's text becomes its JSON value (`None`: the field is removed).
type Converter = fn(&str) -> Option<Value>;

const POD: [&str; 3] = ["spec", "template", "spec"];
const NODE_AFFINITY: [&str; 5] = ["spec", "template", "spec", "affinity", "nodeAffinity"];

/// Writes into `job` every field where `form` differs from `before` (the form as read from
/// `job`); what the form does not show (other fields, `valueFrom`, `matchFields`) is kept.
pub fn write_form(job: &mut Value, before: &JobForm, form: &JobForm) {
    let fields: [(&[&str], Converter, &str, &str); 12] = [
        (&["metadata", "name"], text, &before.name, &form.name),
        (
            &["metadata", "namespace"],
            text,
            &before.namespace,
            &form.namespace,
        ),
        (&["metadata", "labels"], pairs, &before.labels, &form.labels),
        (
            &["metadata", "annotations"],
            pairs,
            &before.annotations,
            &form.annotations,
        ),
        (
            &["spec", "completions"],
            typed,
            &before.completions,
            &form.completions,
        ),
        (
            &["spec", "parallelism"],
            typed,
            &before.parallelism,
            &form.parallelism,
        ),
        (
            &["spec", "backoffLimit"],
            typed,
            &before.backoff_limit,
            &form.backoff_limit,
        ),
        (
            &["spec", "activeDeadlineSeconds"],
            typed,
            &before.active_deadline_seconds,
            &form.active_deadline_seconds,
        ),
        (
            &["spec", "ttlSecondsAfterFinished"],
            typed,
            &before.ttl_seconds_after_finished,
            &form.ttl_seconds_after_finished,
        ),
        (
            &["spec", "completionMode"],
            text,
            &before.completion_mode,
            &form.completion_mode,
        ),
        (
            &["spec", "template", "spec", "restartPolicy"],
            text,
            &before.restart_policy,
            &form.restart_policy,
        ),
        (
            &["spec", "template", "spec", "nodeSelector"],
            pairs,
            &before.node_selector,
            &form.node_selector,
        ),
    ];
    for (path, convert, old, new) in fields {
        if old != new {
            set_path(job, path, convert(new));
        }
    }
    if before.suspend != form.suspend {
        set_path(job, &["spec", "suspend"], Some(Value::Bool(form.suspend)));
    }
    if before.containers != form.containers {
        let old = array_at(job, &POD, "containers");
        let containers = merge_items(old, &form.containers, |c, i, new| {
            let empty = ContainerForm::default();
            write_container(c, before.containers.get(i).unwrap_or(&empty), new)
        });
        set_path(job, &[&POD[..], &["containers"]].concat(), containers);
    }
    if before.required_affinity != form.required_affinity {
        let path = [
            &NODE_AFFINITY[..],
            &["requiredDuringSchedulingIgnoredDuringExecution"],
        ]
        .concat();
        let old = array_at(job, &path, "nodeSelectorTerms");
        let lines: Vec<&str> = non_blank_lines(&form.required_affinity).collect();
        let terms = merge_items(old, &lines, |term, _, line| {
            set_path(term, &["matchExpressions"], expressions(line));
        });
        set_path(job, &[&path[..], &["nodeSelectorTerms"]].concat(), terms);
    }
    if before.preferred_affinity != form.preferred_affinity {
        let old = array_at(
            job,
            &NODE_AFFINITY,
            "preferredDuringSchedulingIgnoredDuringExecution",
        );
        let lines: Vec<&str> = non_blank_lines(&form.preferred_affinity).collect();
        let preferred = merge_items(old, &lines, |term, _, line| {
            let line = line.trim();
            let (weight, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            set_path(term, &["weight"], typed(weight));
            set_path(term, &["preference", "matchExpressions"], expressions(rest));
        });
        let path = [
            &NODE_AFFINITY[..],
            &["preferredDuringSchedulingIgnoredDuringExecution"],
        ]
        .concat();
        set_path(job, &path, preferred);
    }
}

fn write_container(c: &mut Value, before: &ContainerForm, form: &ContainerForm) {
    let fields: [(&str, Converter, String, String); 4] = [
        ("name", text, before.name.clone(), form.name.clone()),
        ("image", text, before.image_ref(), form.image_ref()),
        (
            "command",
            list,
            before.command.clone(),
            form.command.clone(),
        ),
        ("args", list, before.args.clone(), form.args.clone()),
    ];
    for (key, convert, old, new) in fields {
        if old != new {
            set_path(c, &[key], convert(&new));
        }
    }
    if before.image_pull_policy != form.image_pull_policy {
        set_path(c, &["imagePullPolicy"], text(&form.image_pull_policy));
    }
    if before.env != form.env {
        let old = c
            .get("env")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let env = merge_items(old, &form.env, |e, _, var: &EnvVarForm| {
            set_path(e, &["name"], Some(Value::String(var.name.clone())));
            set_path(e, &["value"], text(&var.value));
        });
        set_path(c, &["env"], env);
    }
    let resources = [
        ("requests", "cpu", &before.cpu_request, &form.cpu_request),
        ("limits", "cpu", &before.cpu_limit, &form.cpu_limit),
        (
            "requests",
            "memory",
            &before.memory_request,
            &form.memory_request,
        ),
        ("limits", "memory", &before.memory_limit, &form.memory_limit),
        (
            "requests",
            GPU_RESOURCE,
            &before.gpu_request,
            &form.gpu_request,
        ),
        ("limits", GPU_RESOURCE, &before.gpu_limit, &form.gpu_limit),
    ];
    for (bound, resource, old, new) in resources {
        if old != new {
            set_path(c, &["resources", bound, resource], typed(new));
        }
    }
}

/// The array at `path` + `key` (empty when missing or not an array).
fn array_at(root: &Value, path: &[&str], key: &str) -> Vec<Value> {
    let mut v = root;
    for step in path.iter().chain([&key]) {
        match v.get(step) {
            Some(next) => v = next,
            None => return Vec::new(),
        }
    }
    v.as_array().cloned().unwrap_or_default()
}

/// The items of `rows` written over the old items at the same index (new ones start empty);
/// `None` when there are none.
fn merge_items<T>(
    old: Vec<Value>,
    rows: &[T],
    mut write: impl FnMut(&mut Value, usize, &T),
) -> Option<Value> {
    let mut old = old.into_iter();
    let items: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut item = old
                .next()
                .filter(Value::is_object)
                .unwrap_or_else(|| Value::Object(Map::new()));
            write(&mut item, i, row);
            item
        })
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

/// Sets (or, with `None`, removes) the field at `path`, making the maps on the way and
/// removing those a removal leaves empty (up to the object's own `spec`, `template` or
/// `metadata`).
fn set_path(root: &mut Value, path: &[&str], value: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    match value {
        Some(value) => {
            let mut v = root;
            for step in parents {
                v = object(v)
                    .entry(step.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
            }
            object(v).insert(last.to_string(), value);
        }
        None => {
            let Some(Value::Object(map)) = parents
                .iter()
                .try_fold(&mut *root, |v, step| v.get_mut(step))
            else {
                return;
            };
            map.remove(*last);
            let kept = matches!(
                parents.last(),
                None | Some(&("spec" | "template" | "metadata"))
            );
            if map.is_empty() && !kept {
                set_path(root, parents, None);
            }
        }
    }
}

/// The map `v` is, made one when it is something else.
fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

fn text(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| Value::String(s.to_string()))
}

/// A number when the text is exactly one (`3`, `-1`), else the text (which the API server then
/// refuses in its own words).
fn typed(s: &str) -> Option<Value> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match s.parse::<i64>() {
        Ok(n) if n.to_string() == s => Some(Value::from(n)),
        _ => Some(Value::String(s.to_string())),
    }
}

fn non_blank_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().filter(|l| !l.trim().is_empty())
}

fn list(s: &str) -> Option<Value> {
    let items: Vec<Value> = non_blank_lines(s)
        .map(|l| Value::String(l.to_string()))
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

/// `key=value` lines as a map (a line without `=` is a key with an empty value).
fn pairs(s: &str) -> Option<Value> {
    let map: Map<String, Value> = non_blank_lines(s)
        .map(|line| {
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            (k.trim().to_string(), Value::String(v.trim().to_string()))
        })
        .collect();
    (!map.is_empty()).then_some(Value::Object(map))
}

/// `key Op v1,v2; key2 Exists` as node selector requirements.
fn expressions(s: &str) -> Option<Value> {
    let list: Vec<Value> = s
        .split(';')
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            let mut words = e.split_whitespace();
            let mut req = Map::new();
            req.insert(
                "key".into(),
                Value::String(words.next().unwrap_or("").into()),
            );
            req.insert(
                "operator".into(),
                Value::String(words.next().unwrap_or("").into()),
            );
            let values: Vec<Value> = words
                .flat_map(|w| w.split(','))
                .filter(|v| !v.is_empty())
                .map(|v| Value::String(v.into()))
                .collect();
            if !values.is_empty() {
                req.insert("values".into(), Value::Array(values));
            }
            Value::Object(req)
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_changed_fields_are_written_and_numbers_stay_numbers() {
        let mut job =
            json!({"metadata": {"name": "pi"}, "spec": {"parallelism": 2, "completions": "02"}});
        let before = JobForm::from_json(&job);
        let mut form = before.clone();
        form.parallelism = "3".into();
        form.backoff_limit = "x".into();
        write_form(&mut job, &before, &form);
        assert_eq!(job["spec"]["parallelism"], json!(3));
        assert_eq!(job["spec"]["completions"], json!("02"), "untouched");
        assert_eq!(
            job["spec"]["backoffLimit"],
            json!("x"),
            "left to validation"
        );
    }

    #[test]
    fn emptying_a_field_removes_it_and_the_maps_it_leaves_empty() {
        let mut job = json!({"spec": {"template": {"spec": {"affinity": {"nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchExpressions": [{"key": "a", "operator": "Exists"}]}]}}}}}}});
        let before = JobForm::from_json(&job);
        let form = JobForm {
            required_affinity: String::new(),
            ..before.clone()
        };
        write_form(&mut job, &before, &form);
        assert_eq!(job, json!({"spec": {"template": {"spec": {}}}}));
    }

    #[test]
    fn what_the_form_does_not_show_is_kept() {
        let mut job = json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "i",
            "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}}});
        let before = JobForm::from_json(&job);
        let mut form = before.clone();
        form.containers[0].env[0].name = "POD_NAME".into();
        form.containers[0].gpu_limit = "1".into();
        write_form(&mut job, &before, &form);
        let c = &job["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["env"][0]["name"], json!("POD_NAME"));
        assert!(c["env"][0]["valueFrom"].is_object());
        assert_eq!(c["resources"], json!({"limits": {"nvidia.com/gpu": 1}}));
    }
}
