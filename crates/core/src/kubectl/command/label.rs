//! `kubectl label|annotate TYPE NAME key=value… key-… [--overwrite]`.

use super::get::filter;
use super::parse::Invocation;
use super::resources::{self, not_found, not_simulated, Resource};
use super::CommandOutput;
use crate::api::string_map::SharedMap;
use crate::api::ObjectMeta;
use crate::sim::world::World;

/// Splits the arguments into the objects and the changes (`k=v` sets, `k-` removes).
// Upstream: kubectl/pkg/cmd/label/label.go parseLabels; annotate.go parseAnnotations
fn changes(args: &[String]) -> (Vec<String>, Vec<(String, Option<String>)>) {
    let mut objects = Vec::new();
    let mut changes = Vec::new();
    for a in args {
        if let Some((k, v)) = a.split_once('=') {
            changes.push((k.to_string(), Some(v.to_string())));
        } else if let Some(k) = a
            .strip_suffix('-')
            .filter(|k| !k.is_empty() && !objects.is_empty())
        {
            changes.push((k.to_string(), None));
        } else {
            objects.push(a.clone());
        }
    }
    (objects, changes)
}

/// `field` is `labels` or `annotations`.
// Upstream: kubectl/pkg/cmd/label/label.go RunLabel; annotate/annotate.go RunAnnotate
pub fn label(world: &mut World, inv: &Invocation, field: &str) -> CommandOutput {
    let (verb, past) = if field == "labels" {
        ("label", "labeled")
    } else {
        ("annotate", "annotated")
    };
    let (objects, changes) = changes(&inv.args);
    if changes.is_empty() {
        return CommandOutput::error(format!(
            "error: at least one {} update is required\nSee 'kubectl {verb} -h' for help and examples",
            if field == "labels" { "label" } else { "annotation" }
        ));
    }
    let targets = match resources::Targets::parse(&objects) {
        Ok(t) if !t.0.is_empty() => t,
        Ok(_) => {
            return CommandOutput::error(format!(
                "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl {verb} -h' for help and examples"
            ))
        }
        Err(e) => return CommandOutput::error(e),
    };
    let flt = match filter(inv) {
        Ok(f) => f,
        Err(e) => return CommandOutput::error(e),
    };
    let mut out = CommandOutput::default();
    let mut keys = Vec::new();
    for (resource, names) in &targets.0 {
        if names.is_empty() {
            if inv.value("selector").is_none() && !inv.switch("all") {
                out.fail("error: resource(s) were provided, but no name was specified");
                continue;
            }
            match resources::list(world, *resource, &flt) {
                Ok(found) => keys.extend(found.iter().map(|o| (*resource, o.key()))),
                Err(e) => out.fail(e),
            }
        } else {
            for n in names {
                keys.push((*resource, (inv.namespace().to_string(), n.clone())));
            }
        }
    }
    let overwrite = inv.switch("overwrite");
    for (resource, key) in keys {
        let current = match resources::find(world, resource, &key.0, &key.1) {
            Ok(o) => o.meta().clone(),
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        let map = if field == "labels" {
            &current.labels
        } else {
            &current.annotations
        };
        if !overwrite {
            let taken = changes.iter().find_map(|(k, v)| {
                let old = map.as_ref()?.get(k)?;
                (v.is_some() && v.as_ref() != Some(old)).then(|| (k.clone(), old.clone()))
            });
            if let Some((k, old)) = taken {
                out.fail(format!(
                    "error: '{k}' already has a value ({old}), and --overwrite is false"
                ));
                continue;
            }
        }
        let edit = |m: &mut ObjectMeta| {
            let map = if field == "labels" {
                &mut m.labels
            } else {
                &mut m.annotations
            };
            let entries = SharedMap::make_mut(map.get_or_insert_with(SharedMap::default));
            for (k, v) in &changes {
                match v {
                    Some(v) => {
                        entries.insert(k.clone(), v.clone());
                    }
                    None => {
                        entries.remove(k);
                    }
                }
            }
            if entries.is_empty() {
                *map = None;
            }
        };
        let result = match resource {
            Resource::Job => world.update_job(&key, |j| edit(&mut j.metadata)),
            Resource::Pod => world.update_pod_metadata(&key, edit),
            Resource::Node => world.update_node_metadata(&key.1, edit),
            Resource::CronJob => world.update_cron_job(&key, |c| edit(&mut c.metadata)),
            Resource::Event => Err(not_found(resource, &key.1)),
            Resource::Namespace | Resource::PriorityClass => {
                Err(not_simulated("changing", resource))
            }
        };
        match result {
            Ok(true) => out.say(format!("{}/{} {past}", resource.singular(), key.1)),
            Ok(false) => out.say(format!("{}/{} not {past}", resource.singular(), key.1)),
            Err(e) => out.fail(e),
        }
    }
    out
}
