//! `kubectl patch job|pod NAME -p PATCH [--type strategic|merge|json]`: the patch is applied to
//! the live object and the result validated as an update (a Job's immutable fields stay).

use serde_json::Value;

use super::parse::Invocation;
use super::resources::{self, not_simulated, Object, Resource, Targets};
use super::CommandOutput;
use crate::api::decode::decode_strict;
use crate::api::{CronJob, Job, Node, Pod};
use crate::sim::world::{merge_patch, strategic_merge, World};
use crate::yaml::{parse_documents, to_json};

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go RunPatch
pub fn patch(world: &mut World, inv: &Invocation) -> CommandOutput {
    match run(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

/// The patch text read as YAML or JSON, as kubectl does (`yaml.ToJSON`).
fn patch_value(text: &str) -> Result<Value, String> {
    let bad = |e: String| format!("error: unable to parse {text:?}: {e}");
    let doc = parse_documents(text)
        .into_iter()
        .next()
        .ok_or_else(|| bad("empty patch".into()))?;
    let node = doc.content.map_err(|e| bad(e.to_string()))?;
    to_json(&node).map(|(v, _)| v).map_err(|e| bad(e.message))
}

fn run(world: &mut World, inv: &Invocation) -> Result<CommandOutput, String> {
    let Some(text) = inv.value("patch") else {
        return Err(
            "error: must specify -p to patch\nSee 'kubectl patch -h' for help and examples".into(),
        );
    };
    let kind = inv.value("type").unwrap_or("strategic");
    if !matches!(kind, "json" | "merge" | "strategic") {
        return Err(format!(
            "error: --type must be one of [json merge strategic], not {kind:?}"
        ));
    }
    let patch = patch_value(text)?;
    let targets = Targets::parse(&inv.args)?;
    let [(resource, names)] = targets.0.as_slice() else {
        return Err("error: you must specify the type of resource to patch, and a name\nSee 'kubectl patch -h' for help and examples".into());
    };
    let [name] = names.as_slice() else {
        return Err("error: exactly one NAME is required, got 0\nSee 'kubectl patch -h' for help and examples".into());
    };
    let live = resources::find(world, *resource, inv.namespace(), name)?;
    let key = live.key();
    let mut value = live.to_json();
    let old_pod_spec = match live {
        Object::Pod(p) => p.spec.clone(),
        _ => None,
    };
    match kind {
        "json" => json_patch(&mut value, &patch)?,
        "merge" => merge_patch(&mut value, &patch),
        _ => strategic_merge(&mut value, &patch),
    }
    let changed = match resource {
        Resource::Job => {
            let job: Job = decode_strict(&value, "Job")
                .map_err(|e| format!("Error from server (BadRequest): {}", e.message()))?;
            world.update_job(&key, |j| *j = job)?
        }
        Resource::Pod => {
            let pod: Pod = decode_strict(&value, "Pod")
                .map_err(|e| format!("Error from server (BadRequest): {}", e.message()))?;
            if pod.spec != old_pod_spec {
                return Err(format!(
                    "The Pod {name:?} is invalid: spec: Forbidden: pod updates may not change \
                     fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,\
                     `spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing \
                     tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if \
                     it was previously negative)"
                ));
            }
            world.update_pod_metadata(&key, |m| *m = pod.metadata)?
        }
        Resource::CronJob => {
            let cron_job: CronJob = decode_strict(&value, "CronJob")
                .map_err(|e| format!("Error from server (BadRequest): {}", e.message()))?;
            world.update_cron_job(&key, |c| *c = cron_job)?
        }
        Resource::Node => {
            let node: Node = decode_strict(&value, "Node")
                .map_err(|e| format!("Error from server (BadRequest): {}", e.message()))?;
            world.update_node(&key.1, |n| *n = node)?
        }
        Resource::Event => false,
        Resource::Namespace | Resource::PriorityClass => {
            return Err(not_simulated("changing", *resource))
        }
    };
    let suffix = if changed { "" } else { " (no change)" };
    Ok(CommandOutput::ok(format!(
        "{}/{name} patched{suffix}\n",
        resource.singular()
    )))
}

/// An RFC 6902 JSON patch: add, remove, replace, test, copy and move on JSON pointers.
// Upstream: github.com/evanphx/json-patch patch.go Apply
fn json_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    let Value::Array(ops) = patch else {
        return Err("error: unable to parse patch: json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    let fail = |e: &str| format!("The request is invalid: {e}");
    for op in ops {
        let name = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        match name {
            "add" => add(target, path, value).map_err(|e| fail(&e))?,
            "replace" => {
                remove(target, path).map_err(|e| fail(&e))?;
                add(target, path, value).map_err(|e| fail(&e))?;
            }
            "remove" => {
                remove(target, path).map_err(|e| fail(&e))?;
            }
            "test" => {
                if target.pointer(path) != Some(&value) {
                    return Err(fail(&format!("testing value {path} failed: test failed")));
                }
            }
            "copy" | "move" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let v = if name == "move" {
                    remove(target, from).map_err(|e| fail(&e))?
                } else {
                    target
                        .pointer(from)
                        .cloned()
                        .ok_or_else(|| fail(&format!("copy from {from}: missing value")))?
                };
                add(target, path, v).map_err(|e| fail(&e))?;
            }
            other => return Err(fail(&format!("unexpected operation {other:?}"))),
        }
    }
    Ok(())
}

fn split(path: &str) -> Result<(String, String), String> {
    let (parent, last) = path
        .rsplit_once('/')
        .ok_or_else(|| format!("invalid JSON pointer {path:?}"))?;
    Ok((
        parent.to_string(),
        last.replace("~1", "/").replace("~0", "~"),
    ))
}

fn add(target: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *target = value;
        return Ok(());
    }
    let (parent, last) = split(path)?;
    let missing = || format!("add operation does not apply: doc is missing path: {path:?}");
    match target.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(m) => {
            m.insert(last, value);
        }
        Value::Array(a) => {
            let at = if last == "-" {
                a.len()
            } else {
                last.parse::<usize>().map_err(|_| missing())?
            };
            if at > a.len() {
                return Err(missing());
            }
            a.insert(at, value);
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove(target: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split(path)?;
    let missing = || format!("remove operation does not apply: doc is missing path: {path:?}");
    match target.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(m) => m.remove(&last).ok_or_else(missing),
        Value::Array(a) => {
            let at = last.parse::<usize>().map_err(|_| missing())?;
            if at >= a.len() {
                return Err(missing());
            }
            Ok(a.remove(at))
        }
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_patches_add_replace_remove_and_test() {
        let mut v = json!({"spec": {"parallelism": 1, "l": [1, 2]}});
        let p = json!([
            {"op": "replace", "path": "/spec/parallelism", "value": 3},
            {"op": "add", "path": "/spec/suspend", "value": true},
            {"op": "add", "path": "/spec/l/-", "value": 3},
            {"op": "remove", "path": "/spec/l/0"},
            {"op": "test", "path": "/spec/parallelism", "value": 3}
        ]);
        json_patch(&mut v, &p).unwrap();
        assert_eq!(
            v,
            json!({"spec": {"parallelism": 3, "suspend": true, "l": [2, 3]}})
        );
        assert!(json_patch(&mut v, &json!([{"op": "remove", "path": "/nope/x"}])).is_err());
    }
}
