//! Helpers shared by the scenario tests of the kubelet and of kubectl (`sim_init_containers.rs`,
//! `sim_sidecars.rs`, `sim_active_deadline.rs`, `kubectl_describe_cronjob.rs`,
//! `kubectl_event_recorders.rs`): a world run to
//! a moment, kubectl in it, its one pod's statuses, watch lines and events, its Job's end.
#![allow(dead_code)]

use jobsim_core::api::pod::ContainerStatus;
use jobsim_core::api::Pod;
use jobsim_core::kubectl::command::run;
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

/// The world of this scenario, run to `millis` of virtual time.
pub fn world_at(text: &str, millis: u64) -> World {
    let (scenario, rng) = load(text, Overrides::default()).expect("scenario");
    let mut world = World::new(scenario, rng).expect("world");
    world
        .advance_to(SimTime::from_millis(millis), u64::MAX)
        .expect("advance");
    world
}

/// A kubectl command line run in the world: exit code, stdout, stderr.
pub fn kubectl(world: &mut World, line: &str) -> (i32, String, String) {
    let out = run(world, &format!("kubectl {line}"), None);
    (out.exit_code, out.stdout, out.stderr)
}

/// What a kubectl command line that succeeds prints.
pub fn kubectl_ok(world: &mut World, line: &str) -> String {
    let (code, stdout, stderr) = kubectl(world, line);
    assert_eq!(code, 0, "{line}: {stderr}");
    stdout
}

/// The world's one pod.
pub fn the_pod(world: &World) -> Pod {
    let mut pods = world.store.pods().map(|(_, p)| p.clone());
    let pod = pods.next().expect("a pod");
    assert!(pods.next().is_none(), "one pod");
    pod
}

/// `name state [reason]` of each status, the state being waiting, running or terminated.
pub fn states(statuses: Option<&Vec<ContainerStatus>>) -> Vec<String> {
    statuses
        .into_iter()
        .flatten()
        .map(|s| {
            let state = s.state.clone().unwrap_or_default();
            let state = match (state.waiting, state.running, state.terminated) {
                (Some(w), _, _) => format!("waiting {}", w.reason.unwrap_or_default()),
                (_, Some(_), _) => "running".to_string(),
                (_, _, Some(t)) => format!("terminated {}", t.exit_code),
                _ => "none".to_string(),
            };
            format!("{} {state} ready={}", s.name, s.ready)
        })
        .collect()
}

/// `status reason message` of the pod's Initialized condition.
pub fn initialized(pod: &Pod) -> String {
    let status = pod.status.as_ref().expect("status");
    let c = status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "Initialized")
        .expect("Initialized");
    format!(
        "{} {} {}",
        c.status,
        c.reason.as_deref().unwrap_or("-"),
        c.message.as_deref().unwrap_or("-")
    )
}

/// `seconds ready status restarts` of each `kubectl get pods -w` line.
pub fn watched(world: &World) -> Vec<String> {
    world
        .pod_lines
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {}",
                l.time.as_millis() / 1000,
                l.ready,
                l.status,
                l.restarts
            )
        })
        .collect()
}

/// `seconds reason message` of the pod's events (a message that names the pod, as the kubelet
/// does — `in pod NAME_NAMESPACE(UID)` — is cut before the name).
pub fn pod_events(world: &World) -> Vec<String> {
    world
        .events
        .iter()
        .filter(|e| e.object.starts_with("pod/"))
        .map(|e| {
            let message = e.message.split(" in pod ").next().unwrap_or_default();
            format!("{} {} {message}", e.time.as_millis() / 1000, e.reason)
        })
        .collect()
}

/// When the world's one Job completed (RFC 3339).
pub fn completion_time(world: &World) -> Option<String> {
    let job = world.store.jobs().next()?.1;
    let done = job.status.as_ref()?.completion_time?;
    Some(done.to_string())
}

/// Whether the world's one Job has failed for this reason.
pub fn job_failed_for(world: &World, reason: &str) -> bool {
    let Some((_, job)) = world.store.jobs().next() else {
        return false;
    };
    job.status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .any(|c| c.type_ == "Failed" && c.reason.as_deref() == Some(reason))
}
