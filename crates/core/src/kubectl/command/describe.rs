//! `kubectl describe job|pod|cronjob|node|namespace|priorityclass`.

use jiff::tz::TimeZone;

use super::describe_node::{describe_node, NodeContext};
use super::describe_pod::describe_pod;
use super::events;
use super::get::{filter, no_resources};
use super::parse::Invocation;
use super::priority_classes;
use super::resources::{self, Object, Targets};
use super::CommandOutput;
use crate::api::{Namespace, Pod};
use crate::kubectl::describe_cronjob::describe_cronjob;
use crate::kubectl::describe_job::describe_job;
use crate::kubectl::prefix_writer::PrefixWriter;
use crate::sim::world::World;

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go Run
pub fn describe(world: &World, inv: &Invocation) -> CommandOutput {
    match run(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

fn run(world: &World, inv: &Invocation) -> Result<CommandOutput, String> {
    let targets = Targets::parse(&inv.args)?;
    if targets.0.is_empty() {
        return Err(
            "You must specify the type of resource to describe. Use \"kubectl \
                    api-resources\" for a complete list of supported resources.\n\nerror: \
                    Required resource not specified."
                .into(),
        );
    }
    let filter = filter(inv)?;
    let mut out = CommandOutput::default();
    let mut texts = Vec::new();
    for (resource, names) in &targets.0 {
        let objects = if names.is_empty() {
            let all = resources::list(world, *resource, &filter)?;
            if all.is_empty() {
                out.warn(no_resources(&filter));
            }
            all
        } else {
            let mut found = Vec::new();
            for name in names {
                match resources::find(world, *resource, inv.namespace(), name) {
                    Ok(o) => found.push(o),
                    Err(e) => out.fail(e),
                }
            }
            found
        };
        for o in objects {
            match text(world, &o) {
                Ok(t) => texts.push(t),
                Err(e) => out.fail(e),
            }
        }
    }
    out.stdout = texts.join("\n\n");
    Ok(out)
}

fn text(world: &World, object: &Object<'_>) -> Result<String, String> {
    let now = world.wall(world.now());
    match object {
        Object::Job(job) => {
            let evs = events::about(
                world,
                job.metadata.namespace(),
                &format!("job/{}", job.metadata.name()),
            );
            Ok(describe_job(job, &evs, now, &TimeZone::UTC))
        }
        Object::Pod(pod) => {
            let evs = events::about(
                world,
                pod.metadata.namespace(),
                &format!("pod/{}", pod.metadata.name()),
            );
            Ok(describe_pod(pod, &evs, now, &TimeZone::UTC))
        }
        Object::CronJob(cj) => {
            let evs = events::about(
                world,
                cj.metadata.namespace(),
                &format!("cronjob/{}", cj.metadata.name()),
            );
            Ok(describe_cronjob(cj, &evs, now, &TimeZone::UTC))
        }
        Object::Node(node) => {
            let name = node.metadata.name();
            let ctx = NodeContext {
                pods: &non_terminated_pods(world, name),
                lease_renewed: &world.lease_renew_time(name),
                events: &events::about(world, "", &format!("node/{name}")),
            };
            Ok(describe_node(node, ctx, now, &TimeZone::UTC))
        }
        Object::Namespace(ns) => Ok(describe_namespace(ns)),
        Object::PriorityClass(class) => {
            let name = class.metadata.name();
            let evs = events::about(world, "", &format!("priorityclass/{name}"));
            Ok(priority_classes::describe(class, &evs, now))
        }
    }
}

/// `kubectl describe namespace`: its name, labels, annotations and phase; the virtual cluster
/// has no resource quotas nor limit ranges.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeNamespace,
// DescribeResourceQuotas, DescribeLimitRanges (their words for none)
fn describe_namespace(ns: &Namespace) -> String {
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", ns.metadata.name()));
    w.labels_multiline("Labels", ns.metadata.labels.as_deref());
    w.annotations_multiline("Annotations", ns.metadata.annotations.as_deref());
    let phase = ns.status.as_ref().and_then(|s| s.phase.as_deref());
    w.write(0, &format!("Status:\t{}\n", phase.unwrap_or_default()));
    w.write(0, "\nNo resource quota.\n");
    w.write(0, "\nNo LimitRange resource.\n");
    w.finish()
}

/// The pods bound to the node whose phase is neither Succeeded nor Failed, in the API
/// server's order (by `namespace/name`).
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go NodeDescriber.Describe (the
// spec.nodeName and status.phase field selector)
fn non_terminated_pods<'a>(world: &'a World, node: &str) -> Vec<&'a Pod> {
    let mut pods: Vec<&Pod> = world
        .store
        .pods()
        .map(|(_, p)| p)
        .filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(node))
        .filter(|p| !p.is_terminal())
        .collect();
    pods.sort_by_cached_key(|p| format!("{}/{}", p.metadata.namespace(), p.metadata.name()));
    pods
}
