//! `kubectl delete TYPE NAME…|-l SELECTOR|--all|-f FILE [--cascade=background|foreground|orphan]`.
//! The delete is sent and kubectl's line printed; the simulation goes on from there (kubectl's
//! `--wait` would block until the object is gone).

use serde_json::Value;

use super::get::{filter, no_resources};
use super::parse::Invocation;
use super::resources::{self, not_found, not_simulated, Resource, Targets};
use super::CommandOutput;
use crate::sim::world::{Propagation, World};
use crate::yaml::{parse_documents, to_json};

/// Upstream: kubectl delete.go (the message without any resource).
const NOTHING: &str = "error: You must provide one or more resources by argument or filename.\n\
Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   \
'<resource> <name>'\n   '<resource>'";

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go Complete/RunDelete
pub fn delete(world: &mut World, inv: &Invocation, stdin: Option<&str>) -> CommandOutput {
    match run(world, inv, stdin) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

/// `--cascade`: background (also `true`), foreground, orphan (also `false`).
// Upstream: kubectl/pkg/cmd/util/helpers.go GetCascadingStrategy
fn cascade(inv: &Invocation, out: &mut CommandOutput) -> Result<Propagation, String> {
    match inv.value("cascade").unwrap_or("background") {
        "background" => Ok(Propagation::Background),
        "foreground" => Ok(Propagation::Foreground),
        "orphan" => Ok(Propagation::Orphan),
        "true" => {
            out.warn("warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.");
            Ok(Propagation::Background)
        }
        "false" => {
            out.warn("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.");
            Ok(Propagation::Orphan)
        }
        other => Err(format!(
            "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"."
        )),
    }
}

fn run(world: &mut World, inv: &Invocation, stdin: Option<&str>) -> Result<CommandOutput, String> {
    let mut out = CommandOutput::default();
    let propagation = cascade(inv, &mut out)?;
    let grace = match inv.value("grace-period") {
        None if inv.switch("now") => Some(1),
        None => None,
        Some(g) => Some(g.parse::<i64>().map_err(|_| {
            format!(
                "error: invalid argument {g:?} for \"--grace-period\" flag: strconv.ParseInt: \
                 parsing {g:?}: invalid syntax"
            )
        })?),
    }
    .filter(|g| *g >= 0);
    // Upstream: delete.go Complete — --grace-period=0 becomes 1 unless --force, which alone
    // means 0; RunDelete warns of an immediate deletion.
    let grace = match (grace, inv.switch("force")) {
        (Some(0), false) => Some(1),
        (None, true) => Some(0),
        (grace, _) => grace,
    };
    let force = grace == Some(0);
    if force {
        out.warn(
            "Warning: Immediate deletion does not wait for confirmation that the running \
             resource has been terminated. The resource may continue to run on the cluster \
             indefinitely.",
        );
    }
    let done = if force { "force deleted" } else { "deleted" };
    let mut doomed: Vec<(Resource, String, String)> = Vec::new();
    if let Some(file) = inv.value("filename") {
        let text = stdin.ok_or_else(|| format!("error: the path {file:?} does not exist"))?;
        for doc in parse_documents(text) {
            let Ok(node) = doc.content else { continue };
            let Ok((value, _)) = to_json(&node) else {
                continue;
            };
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
            let resource = Resource::parse(kind)?;
            let name = value
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let ns = value
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .unwrap_or(inv.namespace());
            doomed.push((resource, ns.to_string(), name.to_string()));
        }
    } else {
        let targets = Targets::parse(&inv.args)?;
        if targets.0.is_empty() {
            return Err(NOTHING.into());
        }
        let by_selector = inv.value("selector").is_some() || inv.switch("all");
        let filter = filter(inv)?;
        for (resource, names) in &targets.0 {
            if names.is_empty() {
                if !by_selector {
                    return Err(
                        "error: resource(s) were provided, but no name was specified".into(),
                    );
                }
                let found = resources::list(world, *resource, &filter)?;
                if found.is_empty() {
                    out.warn(no_resources(&filter));
                }
                for o in found {
                    let (ns, name) = o.key();
                    doomed.push((*resource, ns, name));
                }
            } else {
                for name in names {
                    doomed.push((*resource, inv.namespace().to_string(), name.clone()));
                }
            }
        }
    }
    for (resource, ns, name) in doomed {
        let key = (ns, name.clone());
        let result = match resource {
            Resource::Job => world.delete_job(&key, propagation),
            Resource::Pod => world.delete_pod(&key, grace),
            Resource::Event => Err(not_found(resource, &name)),
            Resource::CronJob | Resource::Node | Resource::Namespace | Resource::PriorityClass => {
                Err(not_simulated("deleting", resource))
            }
        };
        match result {
            Ok(()) => out.say(format!("{} \"{name}\" {done}", resource.singular())),
            Err(_) if inv.switch("ignore-not-found") => {}
            Err(e) => out.fail(e),
        }
    }
    Ok(out)
}
