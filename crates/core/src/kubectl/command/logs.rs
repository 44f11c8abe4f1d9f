//! `kubectl logs POD|job/NAME|-l SELECTOR [-c CONTAINER] [--previous] [--tail N] [--prefix]`:
//! what the container wrote so far (`-f` prints the same: the console does not stream).

use std::borrow::Cow;

use super::get::filter;
use super::parse::Invocation;
use super::resources::{self, not_found, Object, Resource};
use super::CommandOutput;
use crate::api::Pod;
use crate::sim::store::key_of;
use crate::sim::world::{LogError, World};

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go Complete/Validate/RunLogs
pub fn logs(world: &World, inv: &Invocation) -> CommandOutput {
    match run(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

fn run(world: &World, inv: &Invocation) -> Result<CommandOutput, String> {
    let mut out = CommandOutput::default();
    let selector = inv.value("selector");
    let pods: Vec<Cow<Pod>> =
        match (inv.args.as_slice(), selector) {
            ([], Some(_)) => {
                let pods = resources::list(world, Resource::Pod, &filter(inv)?)?;
                if pods.is_empty() {
                    out.warn(format!(
                        "No resources found in {} namespace.",
                        inv.namespace()
                    ));
                    return Ok(out);
                }
                pods.into_iter()
                    .filter_map(|o| match o {
                        Object::Pod(p) => Some(*p),
                        _ => None,
                    })
                    .collect()
            }
            ([target], None) => vec![Cow::Borrowed(target_pod(world, inv, target, &mut out)?)],
            ([_], Some(_)) => {
                return Err("error: only a selector (-l) or a POD name is allowed\n\
                 See 'kubectl logs -h' for help and examples"
                    .into())
            }
            ([], None) => return Err(
                "error: expected POD or TYPE/NAME is a required argument for the logs command\n\
                 See 'kubectl logs -h' for help and examples"
                    .into(),
            ),
            _ => {
                return Err(
                    "error: only one of -c or an inline [CONTAINER] arg is allowed\n\
                 See 'kubectl logs -h' for help and examples"
                        .into(),
                )
            }
        };
    // A selector's pods show their last 10 lines unless --tail says otherwise.
    // Upstream: logs.go (selectorTail)
    let tail = match inv.value("tail").map(str::parse::<i64>) {
        None if selector.is_some() => 10,
        None => -1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(format!(
                "error: invalid argument {:?} for \"--tail\" flag: strconv.ParseInt: parsing \
                 {:?}: invalid syntax",
                inv.value("tail").unwrap_or(""),
                inv.value("tail").unwrap_or("")
            ))
        }
    };
    for pod in &pods {
        let text = pod_logs(world, inv, pod, tail, &mut out)?;
        out.stdout.push_str(&text);
    }
    Ok(out)
}

/// The pod a `POD` or `TYPE/NAME` argument names (a Job's: the one kubectl would pick).
fn target_pod<'a>(
    world: &'a World,
    inv: &Invocation,
    target: &str,
    out: &mut CommandOutput,
) -> Result<&'a Pod, String> {
    let ns = inv.namespace();
    let pod = match target.split_once('/') {
        None => pod_named(world, ns, target)?,
        Some((t, name)) => match Resource::parse(t)? {
            Resource::Pod => pod_named(world, ns, name)?,
            Resource::Job => {
                let key = (ns.to_string(), name.to_string());
                if world.store.job(&key).is_none() {
                    return Err(not_found(Resource::Job, name));
                }
                let pods = world.store.pods_of(&key);
                let Some(pod) = first_pod(&pods) else {
                    return Err("error: timed out waiting for the condition".into());
                };
                if pods.len() > 1 {
                    out.warn(format!(
                        "Found {} pods, using pod/{}",
                        pods.len(),
                        pod.metadata.name()
                    ));
                }
                pod
            }
            other => {
                let kind = match other {
                    Resource::CronJob => "*v1.CronJob",
                    Resource::Node => "*v1.Node",
                    Resource::Namespace => "*v1.Namespace",
                    Resource::PriorityClass => "*v1.PriorityClass",
                    _ => "*v1.Event",
                };
                return Err(format!(
                    "error: cannot get the logs from {kind}: selector for {kind} not implemented"
                ));
            }
        },
    };
    Ok(pod)
}

/// One pod's logs: of the container asked (or all, or the default one), each container's last
/// `tail` lines (all when negative), prefixed with `[pod/NAME/CONTAINER]` under `--prefix`.
fn pod_logs(
    world: &World,
    inv: &Invocation,
    pod: &Pod,
    tail: i64,
    out: &mut CommandOutput,
) -> Result<String, String> {
    let containers: Vec<String> = pod
        .spec
        .as_ref()
        .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let pod_name = pod.metadata.name().to_string();
    let chosen: Vec<String> = match inv.value("container") {
        Some(c) => vec![c.to_string()],
        // Upstream: kubectl logs --all-containers (init containers, then the containers)
        None if inv.switch("all-containers") => {
            let init = pod
                .spec
                .iter()
                .flat_map(|s| s.init_containers.iter().flatten());
            let init = init.map(|c| c.name.clone());
            init.chain(containers.iter().cloned()).collect()
        }
        None => {
            let first = containers.first().cloned().unwrap_or_default();
            if containers.len() > 1 {
                out.warn(format!(
                    "Defaulted container {first:?} out of: {}",
                    containers.join(", ")
                ));
            }
            vec![first]
        }
    };
    let previous = inv.switch("previous");
    let mut text = String::new();
    for container in &chosen {
        let log = world
            .container_log(&key_of(&pod.metadata), container, previous)
            .map_err(|e| match e {
                LogError::PodNotFound => not_found(Resource::Pod, &pod_name),
                LogError::ContainerNotFound => {
                    format!("error: container {container} is not valid for pod {pod_name}")
                }
                LogError::Waiting(status) => format!(
                    "Error from server (BadRequest): container {container:?} in pod \
                     {pod_name:?} is waiting to start: {status}"
                ),
                LogError::NoPrevious => format!(
                    "Error from server (BadRequest): previous terminated container \
                     {container:?} in pod {pod_name:?} not found"
                ),
            })?;
        let lines: Vec<&str> = log.lines().collect();
        let keep = usize::try_from(tail).unwrap_or(usize::MAX);
        let prefix = if inv.switch("prefix") {
            format!("[pod/{pod_name}/{container}] ")
        } else {
            String::new()
        };
        for line in &lines[lines.len().saturating_sub(keep)..] {
            text.push_str(&prefix);
            text.push_str(line);
            text.push('\n');
        }
    }
    Ok(text)
}

fn pod_named<'a>(world: &'a World, ns: &str, name: &str) -> Result<&'a Pod, String> {
    world
        .store
        .pod(&(ns.to_string(), name.to_string()))
        .ok_or_else(|| not_found(Resource::Pod, name))
}

/// The pod kubectl picks among a Job's: scheduled, running, ready, most restarted, newest.
// Upstream: kubectl/pkg/util/podutils podutils.go ByLogging
fn first_pod<'a>(pods: &[&'a Pod]) -> Option<&'a Pod> {
    let rank = |p: &Pod| {
        let status = p.status.as_ref();
        let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("");
        let restarts: i32 = status
            .and_then(|s| s.container_statuses.as_ref())
            .map_or(0, |cs| cs.iter().map(|c| c.restart_count).sum());
        (
            p.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_some(),
            phase == "Running",
            restarts,
            p.metadata.creation_timestamp,
        )
    };
    pods.iter().copied().max_by_key(|p| rank(p))
}
