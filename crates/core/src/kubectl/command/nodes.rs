//! Nodes: `kubectl get nodes` columns, and `kubectl cordon|uncordon|drain NODE`.

use std::collections::BTreeSet;

use jiff::Timestamp;

use super::parse::Invocation;
use super::CommandOutput;
use crate::api::Node;
use crate::kubectl::get_jobs::age;
use crate::sim::world::World;

/// Upstream: pkg/printers/internalversion printers.go nodeColumnDefinitions.
pub const HEADER: [&str; 5] = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
/// The columns `-o wide` adds.
pub const WIDE_HEADER: [&str; 5] = [
    "INTERNAL-IP",
    "EXTERNAL-IP",
    "OS-IMAGE",
    "KERNEL-VERSION",
    "CONTAINER-RUNTIME",
];

/// One row of `kubectl get nodes` at `now`: STATUS is Ready, NotReady or Unknown (no Ready
/// condition), with `,SchedulingDisabled` when cordoned; ROLES from the
/// `node-role.kubernetes.io/ROLE` labels.
// Upstream: printers.go printNode, findNodeRoles
pub fn row(node: &Node, now: Timestamp) -> Vec<String> {
    let ready = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"));
    let mut status = match ready {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    vec![
        node.metadata.name().to_string(),
        status,
        roles(node),
        age(node.metadata.creation_timestamp.as_ref(), now),
        info(node, "kubeletVersion"),
    ]
}

/// The node's roles from its `node-role.kubernetes.io/ROLE` and `kubernetes.io/role=ROLE`
/// labels, sorted and joined by commas, or `<none>`.
// Upstream: printers.go findNodeRoles (and describe.go findNodeRoles, the same rule)
pub(crate) fn roles(node: &Node) -> String {
    let mut roles = BTreeSet::new();
    for (k, v) in node.metadata.labels.as_deref().into_iter().flatten() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// A row of `kubectl get nodes -o wide`.
// Upstream: printers.go printNode (options.Wide)
pub fn wide_row(node: &Node, now: Timestamp) -> Vec<String> {
    let mut r = row(node, now);
    r.extend([address(node, "InternalIP"), address(node, "ExternalIP")]);
    for field in ["osImage", "kernelVersion", "containerRuntimeVersion"] {
        let v = info(node, field);
        r.push(if v.is_empty() { "<unknown>".into() } else { v });
    }
    r
}

/// The node's first address of a type, or `<none>`.
// Upstream: printers.go getNodeInternalIP, getNodeExternalIP
fn address(node: &Node, type_: &str) -> String {
    let addresses = node.status.as_ref().and_then(|s| s.addresses.as_ref());
    addresses
        .and_then(|a| a.as_array())
        .into_iter()
        .flatten()
        .find(|a| a.get("type").and_then(|t| t.as_str()) == Some(type_))
        .and_then(|a| a.get("address")?.as_str())
        .unwrap_or("<none>")
        .to_string()
}

/// A `status.nodeInfo` field, empty when unset.
pub(crate) fn info(node: &Node, field: &str) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.node_info.as_ref())
        .and_then(|i| i.get(field))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

fn one_node<'a>(inv: &'a Invocation, verb: &str) -> Result<&'a str, String> {
    match inv.args.as_slice() {
        [name] => Ok(name.strip_prefix("node/").unwrap_or(name)),
        _ => Err(format!(
            "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
        )),
    }
}

/// `kubectl cordon NODE` / `kubectl uncordon NODE`.
// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go RunCordonOrUncordon
pub fn cordon(world: &mut World, inv: &Invocation, desired: bool) -> CommandOutput {
    let verb = if desired { "cordon" } else { "uncordon" };
    let name = match one_node(inv, verb) {
        Ok(n) => n,
        Err(e) => return CommandOutput::error(e),
    };
    let changed = if desired {
        world.cordon(name)
    } else {
        world.uncordon(name)
    };
    match changed {
        Ok(true) => CommandOutput::ok(format!("node/{name} {verb}ed\n")),
        Ok(false) => CommandOutput::ok(format!("node/{name} already {verb}ed\n")),
        Err(e) => CommandOutput::error(e),
    }
}

/// `kubectl drain NODE`: cordon, then evict each pod (`evicting pod …` on stderr, `pod/… evicted`
/// on stdout), then `node/… drained`.
// Upstream: kubectl/pkg/cmd/drain/drain.go RunDrain; kubectl/pkg/drain/drain.go evictPods
pub fn drain(world: &mut World, inv: &Invocation) -> CommandOutput {
    let name = match one_node(inv, "drain") {
        Ok(n) => n.to_string(),
        Err(e) => return CommandOutput::error(e),
    };
    let Some(node) = world.store.node(&name) else {
        return CommandOutput::error(format!(
            "Error from server (NotFound): nodes {name:?} not found"
        ));
    };
    let was_cordoned = node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true);
    let mut out = CommandOutput::default();
    match world.drain(&name) {
        Ok(evicted) => {
            if was_cordoned {
                out.say(format!("node/{name} already cordoned"));
            } else {
                out.say(format!("node/{name} cordoned"));
            }
            for pod in &evicted {
                let ns = world.pod_records.namespace_of(pod).unwrap_or("default");
                out.warn(format!("evicting pod {ns}/{pod}"));
            }
            for pod in &evicted {
                out.say(format!("pod/{pod} evicted"));
            }
            out.say(format!("node/{name} drained"));
        }
        Err(e) => out.fail(e),
    }
    out
}
