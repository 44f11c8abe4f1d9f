//! `kubectl logs POD|job/NAME [-c CONTAINER] [--previous] [--tail N]`: what the container wrote
//! so far (`-f` prints the same: the console does not stream).

use super::parse::Invocation;
use super::resources::{not_found, Resource};
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
    let [target] = inv.args.as_slice() else {
        return Err(if inv.args.is_empty() {
            "error: expected POD or TYPE/NAME is a required argument for the logs command\n\
             See 'kubectl logs -h' for help and examples"
                .into()
        } else {
            "error: only one of -c or an inline [CONTAINER] arg is allowed\n\
             See 'kubectl logs -h' for help and examples"
                .into()
        });
    };
    let ns = inv.namespace();
    let mut out = CommandOutput::default();
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
                    _ => "*v1.Event",
                };
                return Err(format!(
                    "error: cannot get the logs from {kind}: selector for {kind} not implemented"
                ));
            }
        },
    };
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
        text.push_str(&log);
    }
    let text = match inv.value("tail").map(str::parse::<i64>) {
        None => text,
        Some(Ok(n)) if n < 0 => text,
        Some(Ok(n)) => {
            let lines: Vec<&str> = text.lines().collect();
            let skip = lines
                .len()
                .saturating_sub(usize::try_from(n).unwrap_or(usize::MAX));
            lines[skip..].iter().map(|l| format!("{l}\n")).collect()
        }
        Some(Err(_)) => {
            return Err(format!(
                "error: invalid argument {:?} for \"--tail\" flag: strconv.ParseInt: parsing \
                 {:?}: invalid syntax",
                inv.value("tail").unwrap_or(""),
                inv.value("tail").unwrap_or("")
            ))
        }
    };
    out.stdout = text;
    Ok(out)
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
