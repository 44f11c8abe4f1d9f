//! A pod's conditions: one written by its owner (the scheduler's PodScheduled, the
//! DisruptionTarget of an eviction, the node controller's Ready=False), and the five the kubelet
//! generates whenever it writes the status of a pod it runs. Each carries the pod's generation
//! it was written at (`observedGeneration`, Kubernetes 1.35: PodObservedGenerationTracking GA).

use std::borrow::Cow;

use crate::api::pod::{ContainerStatus, PodCondition};
use crate::api::{Container, Pod, PodSpec, PodStatus, Time};

use super::init_containers::init_containers;

/// Sets one condition; its transition time moves only when its status changes.
// Upstream: pkg/api/v1/pod/util.go UpdatePodCondition, CalculatePodConditionObservedGeneration
pub(super) fn set_condition(
    pod: &mut Pod,
    type_: &'static str,
    value: &'static str,
    reason: Option<(&'static str, &str)>,
    now: Time,
) {
    let generation = pod.metadata.generation;
    let status = pod.status.get_or_insert_with(PodStatus::default);
    let (reason, message) = match reason {
        Some((r, m)) => (Some(r), Some(m).filter(|m| !m.is_empty())),
        None => (None, None),
    };
    // Room for the kubelet's five from the start: a pod gets them one write after another.
    let conditions = status
        .conditions
        .get_or_insert_with(|| Vec::with_capacity(KUBELET_CONDITIONS.len()));
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != value {
                c.last_transition_time = Some(now);
                c.status = value.into();
            }
            if c.reason.as_deref() != reason {
                c.reason = reason.map(Cow::Borrowed);
            }
            if c.message.as_deref() != message {
                c.message = message.map(str::to_string);
            }
            c.observed_generation = generation;
        }
        None => conditions.push(PodCondition {
            type_: type_.into(),
            status: value.into(),
            observed_generation: generation,
            last_transition_time: Some(now),
            reason: reason.map(Cow::Borrowed),
            message: message.map(str::to_string),
            ..Default::default()
        }),
    }
}

/// The conditions the kubelet owns, in the order it generates them.
// Upstream: pkg/kubelet/kubelet_pods.go generateAPIPodStatus; pkg/kubelet/types
// PodConditionByKubelet
const KUBELET_CONDITIONS: [&str; 5] = [
    "PodReadyToStartContainers",
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
];

/// Whether the pod's condition of this type is True, with this reason.
pub(super) fn has_true_condition(pod: &Pod, type_: &str, reason: &str) -> bool {
    let conditions = pod.status.as_ref().and_then(|s| s.conditions.as_ref());
    conditions
        .into_iter()
        .flatten()
        .any(|c| c.type_ == type_ && c.status == "True" && c.reason.as_deref() == Some(reason))
}

/// Writes the kubelet's conditions from the status' phase and container statuses: the pod's
/// sandbox is up or not; containers are ready or not, and once the pod has finished, not ready
/// because it Completed or Failed; initialized once its init containers have completed. The
/// others' conditions (DisruptionTarget) come first.
// Upstream: pkg/kubelet/status/generate.go (GeneratePodReadyToStartContainersCondition,
// GeneratePodInitializedCondition, GeneratePodReadyCondition, GenerateContainersReadyCondition);
// status_manager.go mergePodStatus (order) and updateLastTransitionTime
pub(super) fn write_kubelet_conditions(pod: &mut Pod, sandbox_ready: bool, now: Time) {
    let generation = pod.metadata.generation;
    let status = pod.status.get_or_insert_with(PodStatus::default);
    status.observed_generation = generation;
    let phase = status.phase.as_deref().unwrap_or("Pending");
    let terminal_reason = match phase {
        "Succeeded" => Some("PodCompleted"),
        "Failed" => Some("PodFailed"),
        _ => None,
    };
    let (initialized, initialized_reason) = initialized(pod.spec.as_deref(), status, phase);
    // A finished pod's containers are not ready because it finished, whatever they say.
    let unready = match terminal_reason {
        Some(_) => None,
        None => unready_message(pod.spec.as_deref(), status),
    };
    let (ready, ready_reason) = match (terminal_reason, &unready) {
        (Some(reason), _) => ("False", Some((reason, ""))),
        (None, Some(message)) => ("False", Some(("ContainersNotReady", message.as_str()))),
        (None, None) => ("True", None),
    };
    let sandbox = if sandbox_ready { "True" } else { "False" };
    set_condition(pod, "PodReadyToStartContainers", sandbox, None, now);
    let initialized_reason = initialized_reason
        .as_ref()
        .map(|(reason, message)| (*reason, message.as_str()));
    set_condition(pod, "Initialized", initialized, initialized_reason, now);
    set_condition(pod, "Ready", ready, ready_reason, now);
    set_condition(pod, "ContainersReady", ready, ready_reason, now);
    set_condition(pod, "PodScheduled", "True", None, now);
    // In order after the pod's first write, unless another's condition was added since.
    if let Some(conditions) = pod.status.as_mut().and_then(|s| s.conditions.as_mut()) {
        if !conditions.is_sorted_by_key(|c| kubelet_rank(&c.type_)) {
            conditions.sort_by_key(|c| kubelet_rank(&c.type_));
        }
    }
}

/// 0 for a condition the kubelet does not own, else its place among the kubelet's.
fn kubelet_rank(type_: &str) -> usize {
    KUBELET_CONDITIONS
        .iter()
        .position(|t| *t == type_)
        .map_or(0, |i| i + 1)
}

/// The Initialized condition: true once every init container has completed (or a container
/// has started), else why not, in the kubelet's words.
// Upstream: pkg/kubelet/status/generate.go GeneratePodInitializedCondition
fn initialized(
    spec: Option<&PodSpec>,
    status: &PodStatus,
    phase: &str,
) -> (&'static str, Option<(&'static str, String)>) {
    let completed = || ("True", Some(("PodCompleted", String::new())));
    let Some(spec) = spec.filter(|s| s.init_containers.is_some()) else {
        return if phase == "Succeeded" {
            completed()
        } else {
            ("True", None)
        };
    };
    let statuses = status
        .init_container_statuses
        .as_deref()
        .unwrap_or_default();
    // Whether an init container is done (a sidecar once started, any other once completed):
    // `None` when it has no status yet.
    // Upstream: generate.go isInitContainerInitialized
    let done = |c: &Container| {
        let s = statuses.iter().find(|s| s.name == c.name)?;
        Some(if c.is_restartable_init_container() {
            s.started == Some(true)
        } else {
            s.ready
        })
    };
    let all_known = init_containers(spec).all(|c| done(c).is_some());
    if phase == "Succeeded" && all_known {
        return completed();
    }
    let containers = status.container_statuses.as_deref().unwrap_or_default();
    let any_started = containers.iter().any(|s| {
        spec.containers.iter().any(|c| c.name == s.name)
            && s.state
                .as_ref()
                .is_some_and(|st| st.running.is_some() || st.terminated.is_some())
    });
    if any_started {
        return ("True", None);
    }
    let mut message = String::new();
    for (what, state) in [("unknown", None), ("incomplete", Some(false))] {
        let names = init_containers(spec).filter(|c| done(c) == state);
        containers_with(&mut message, what, names.map(|c| c.name.as_str()));
    }
    if message.is_empty() {
        ("True", None)
    } else {
        ("False", Some(("ContainersNotInitialized", message)))
    }
}

/// Adds `containers with WHAT status: [a b]` for these names, if any, after a comma.
fn containers_with<'a>(message: &mut String, what: &str, names: impl Iterator<Item = &'a str>) {
    let mut names = names.peekable();
    if names.peek().is_none() {
        return;
    }
    if message.is_empty() {
        // Room for a usual message at once.
        message.reserve(64);
    } else {
        message.push_str(", ");
    }
    message.push_str("containers with ");
    message.push_str(what);
    message.push_str(" status: [");
    for (i, name) in names.enumerate() {
        if i > 0 {
            message.push(' ');
        }
        message.push_str(name);
    }
    message.push(']');
}

/// Why the containers are not ready, in the kubelet's words; `None` when they all are.
// Upstream: pkg/kubelet/status/generate.go GenerateContainersReadyCondition
fn unready_message(spec: Option<&PodSpec>, status: &PodStatus) -> Option<String> {
    let containers = spec.map_or(&[][..], |s| s.containers.as_slice());
    // The sidecars count first, by their own statuses.
    let sidecars = || {
        spec.into_iter()
            .flat_map(init_containers)
            .filter(|c| c.is_restartable_init_container())
    };
    let init_statuses = status
        .init_container_statuses
        .as_deref()
        .unwrap_or_default();
    let statuses = status.container_statuses.as_deref().unwrap_or_default();
    // A container's readiness: `None` when it has no status yet.
    let ready = |statuses: &[ContainerStatus], name: &str| {
        statuses.iter().find(|s| s.name == name).map(|s| s.ready)
    };
    // Written into one string: the kubelet writes a pod's conditions at each of its changes.
    let mut message = String::new();
    for (what, readiness) in [("unknown", None), ("unready", Some(false))] {
        let sidecars = sidecars().filter(|c| ready(init_statuses, &c.name) == readiness);
        let containers = containers
            .iter()
            .filter(|c| ready(statuses, &c.name) == readiness);
        let names = sidecars.chain(containers).map(|c| c.name.as_str());
        containers_with(&mut message, what, names);
    }
    (!message.is_empty()).then_some(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{Container, ContainerStatus};
    use crate::api::ObjectMeta;

    /// A pod at generation 2 with these containers, in this phase, each ready or not.
    fn pod(phase: &'static str, containers: &[(&str, bool)]) -> Pod {
        let named = |name: &str| name.to_string();
        Pod {
            metadata: ObjectMeta {
                generation: Some(2),
                ..Default::default()
            },
            spec: Some(
                PodSpec {
                    containers: containers
                        .iter()
                        .map(|(name, _)| Container {
                            name: named(name),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                }
                .into(),
            ),
            status: Some(PodStatus {
                phase: Some(phase.into()),
                container_statuses: Some(
                    containers
                        .iter()
                        .map(|(name, ready)| ContainerStatus {
                            name: named(name),
                            ready: *ready,
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn at(s: &str) -> Time {
        Time::parse(s).unwrap()
    }

    fn conditions(pod: &Pod) -> &[PodCondition] {
        pod.status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
    }

    /// `type status reason message` per condition, in order.
    fn rows(pod: &Pod) -> Vec<String> {
        conditions(pod)
            .iter()
            .map(|c| {
                let reason = c.reason.as_deref().unwrap_or("-");
                let message = c.message.as_deref().unwrap_or("-");
                format!("{} {} {reason} {message}", c.type_, c.status)
            })
            .collect()
    }

    #[test]
    fn a_creating_pod_is_scheduled_and_initialized_but_not_ready() {
        let mut p = pod("Pending", &[("work", false), ("side", false)]);
        write_kubelet_conditions(&mut p, false, at("2026-01-01T00:00:00Z"));
        assert_eq!(
            rows(&p),
            [
                "PodReadyToStartContainers False - -",
                "Initialized True - -",
                "Ready False ContainersNotReady containers with unready status: [work side]",
                "ContainersReady False ContainersNotReady containers with unready status: [work side]",
                "PodScheduled True - -",
            ]
        );
    }

    #[test]
    fn containers_without_a_status_are_named_before_the_unready_ones() {
        let mut p = pod(
            "Running",
            &[("a", false), ("b", false), ("c", true), ("d", false)],
        );
        let statuses = p
            .status
            .as_mut()
            .and_then(|s| s.container_statuses.as_mut());
        statuses.unwrap().retain(|s| s.name != "b" && s.name != "d");
        write_kubelet_conditions(&mut p, true, at("2026-01-01T00:00:00Z"));
        assert_eq!(
            rows(&p)[2],
            "Ready False ContainersNotReady containers with unknown status: [b d], \
             containers with unready status: [a]"
        );
    }

    #[test]
    fn a_finished_pod_is_not_ready_because_it_completed_or_failed() {
        for (phase, reason, initialized) in [
            ("Succeeded", "PodCompleted", "PodCompleted"),
            ("Failed", "PodFailed", "-"),
        ] {
            let mut p = pod(phase, &[("work", false)]);
            write_kubelet_conditions(&mut p, false, at("2026-01-01T00:00:00Z"));
            assert_eq!(
                rows(&p),
                [
                    "PodReadyToStartContainers False - -".to_string(),
                    format!("Initialized True {initialized} -"),
                    format!("Ready False {reason} -"),
                    format!("ContainersReady False {reason} -"),
                    "PodScheduled True - -".to_string(),
                ]
            );
        }
    }

    #[test]
    fn each_condition_and_the_status_carry_the_generation_they_were_written_at() {
        let mut p = pod("Running", &[("work", true)]);
        write_kubelet_conditions(&mut p, true, at("2026-01-01T00:00:00Z"));
        let generations: Vec<Option<i64>> = conditions(&p)
            .iter()
            .map(|c| c.observed_generation)
            .collect();
        assert_eq!(generations, [Some(2); 5]);
        assert_eq!(p.status.as_ref().unwrap().observed_generation, Some(2));
    }

    #[test]
    fn others_conditions_come_first_and_times_move_only_with_status() {
        let creating = at("2026-01-01T00:00:00Z");
        let running = at("2026-01-01T00:00:05Z");
        let mut p = pod("Pending", &[("work", false)]);
        set_condition(&mut p, "PodScheduled", "True", None, creating);
        write_kubelet_conditions(&mut p, false, creating);
        let eviction = ("EvictionByEvictionAPI", "Eviction API: evicting");
        set_condition(&mut p, "DisruptionTarget", "True", Some(eviction), creating);
        let status = p.status.as_mut().unwrap();
        status.phase = Some("Running".into());
        status.container_statuses.as_mut().unwrap()[0].ready = true;
        write_kubelet_conditions(&mut p, true, running);
        let times: Vec<(&str, Option<Time>)> = conditions(&p)
            .iter()
            .map(|c| (&*c.type_, c.last_transition_time))
            .collect();
        assert_eq!(
            times,
            [
                ("DisruptionTarget", Some(creating)),
                ("PodReadyToStartContainers", Some(running)),
                ("Initialized", Some(creating)),
                ("Ready", Some(running)),
                ("ContainersReady", Some(running)),
                ("PodScheduled", Some(creating)),
            ]
        );
        assert_eq!(rows(&p)[3], "Ready True - -");
    }
}
