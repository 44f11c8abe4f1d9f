//! A pod's conditions: one written by its owner (the scheduler's PodScheduled, the
//! DisruptionTarget of an eviction, the node controller's Ready=False), and the five the kubelet
//! generates whenever it writes the status of a pod it runs.

use std::borrow::Cow;

use crate::api::pod::PodCondition;
use crate::api::{PodSpec, PodStatus, Time};

/// Sets one condition; its transition time moves only when its status changes.
// Upstream: pkg/api/v1/pod/util.go UpdatePodCondition
pub(super) fn set_condition(
    status: &mut PodStatus,
    type_: &'static str,
    value: &'static str,
    reason: Option<(&'static str, &str)>,
    now: Time,
) {
    let (reason, message) = match reason {
        Some((r, m)) => (Some(r), Some(m).filter(|m| !m.is_empty())),
        None => (None, None),
    };
    let conditions = status.conditions.get_or_insert_with(Vec::new);
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
        }
        None => conditions.push(PodCondition {
            type_: type_.into(),
            status: value.into(),
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

/// Writes the kubelet's conditions from the status' phase and container statuses: the pod's
/// sandbox is up or not; containers are ready or not, and once the pod has finished, not ready
/// because it Completed or Failed. The others' conditions (DisruptionTarget) come first.
/// The simulated kubelet runs no init containers, so a pod is always Initialized.
// Upstream: pkg/kubelet/status/generate.go (GeneratePodReadyToStartContainersCondition,
// GeneratePodInitializedCondition, GeneratePodReadyCondition, GenerateContainersReadyCondition);
// status_manager.go mergePodStatus (order) and updateLastTransitionTime
pub(super) fn write_kubelet_conditions(
    status: &mut PodStatus,
    spec: Option<&PodSpec>,
    sandbox_ready: bool,
    now: Time,
) {
    let phase = status.phase.as_deref().unwrap_or("Pending");
    let terminal_reason = match phase {
        "Succeeded" => Some("PodCompleted"),
        "Failed" => Some("PodFailed"),
        _ => None,
    };
    let unready = unready_message(spec, status);
    let (ready, ready_reason) = match (terminal_reason, &unready) {
        (Some(reason), _) => ("False", Some((reason, ""))),
        (None, Some(message)) => ("False", Some(("ContainersNotReady", message.as_str()))),
        (None, None) => ("True", None),
    };
    let sandbox = if sandbox_ready { "True" } else { "False" };
    let initialized = (phase == "Succeeded").then_some(("PodCompleted", ""));
    set_condition(status, "PodReadyToStartContainers", sandbox, None, now);
    set_condition(status, "Initialized", "True", initialized, now);
    set_condition(status, "Ready", ready, ready_reason, now);
    set_condition(status, "ContainersReady", ready, ready_reason, now);
    set_condition(status, "PodScheduled", "True", None, now);
    if let Some(conditions) = status.conditions.as_mut() {
        conditions.sort_by_key(|c| kubelet_rank(&c.type_));
    }
}

/// 0 for a condition the kubelet does not own, else its place among the kubelet's.
fn kubelet_rank(type_: &str) -> usize {
    KUBELET_CONDITIONS
        .iter()
        .position(|t| *t == type_)
        .map_or(0, |i| i + 1)
}

/// Why the containers are not ready, in the kubelet's words; `None` when they all are.
// Upstream: pkg/kubelet/status/generate.go GenerateContainersReadyCondition
fn unready_message(spec: Option<&PodSpec>, status: &PodStatus) -> Option<String> {
    let containers = spec.map_or(&[][..], |s| s.containers.as_slice());
    let statuses = status.container_statuses.as_deref().unwrap_or_default();
    let mut unknown = Vec::new();
    let mut unready = Vec::new();
    for container in containers {
        match statuses.iter().find(|s| s.name == container.name) {
            Some(s) if s.ready => {}
            Some(_) => unready.push(container.name.as_str()),
            None => unknown.push(container.name.as_str()),
        }
    }
    let messages: Vec<String> = [("unknown", unknown), ("unready", unready)]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(what, names)| format!("containers with {what} status: [{}]", names.join(" ")))
        .collect();
    (!messages.is_empty()).then(|| messages.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{Container, ContainerStatus};

    fn spec(names: &[&str]) -> PodSpec {
        PodSpec {
            containers: names
                .iter()
                .map(|n| Container {
                    name: n.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn status(phase: &str, ready: &[(&str, bool)]) -> PodStatus {
        PodStatus {
            phase: Some(phase.into()),
            container_statuses: Some(
                ready
                    .iter()
                    .map(|(n, r)| ContainerStatus {
                        name: n.to_string(),
                        ready: *r,
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    fn at(s: &str) -> Time {
        Time::parse(s).unwrap()
    }

    /// `type status reason message` per condition, in order.
    fn rows(status: &PodStatus) -> Vec<String> {
        status
            .conditions
            .iter()
            .flatten()
            .map(|c| {
                let reason = c.reason.as_deref().unwrap_or("-");
                let message = c.message.as_deref().unwrap_or("-");
                format!("{} {} {reason} {message}", c.type_, c.status)
            })
            .collect()
    }

    #[test]
    fn a_creating_pod_is_scheduled_and_initialized_but_not_ready() {
        let mut s = status("Pending", &[("work", false), ("side", false)]);
        write_kubelet_conditions(
            &mut s,
            Some(&spec(&["work", "side"])),
            false,
            at("2026-01-01T00:00:00Z"),
        );
        assert_eq!(
            rows(&s),
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
    fn a_finished_pod_is_not_ready_because_it_completed_or_failed() {
        for (phase, reason, initialized) in [
            ("Succeeded", "PodCompleted", "PodCompleted"),
            ("Failed", "PodFailed", "-"),
        ] {
            let mut s = status(phase, &[("work", false)]);
            write_kubelet_conditions(
                &mut s,
                Some(&spec(&["work"])),
                false,
                at("2026-01-01T00:00:00Z"),
            );
            assert_eq!(
                rows(&s),
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
    fn others_conditions_come_first_and_times_move_only_with_status() {
        let creating = at("2026-01-01T00:00:00Z");
        let running = at("2026-01-01T00:00:05Z");
        let mut s = status("Pending", &[("work", false)]);
        set_condition(&mut s, "PodScheduled", "True", None, creating);
        write_kubelet_conditions(&mut s, Some(&spec(&["work"])), false, creating);
        set_condition(
            &mut s,
            "DisruptionTarget",
            "True",
            Some(("EvictionByEvictionAPI", "Eviction API: evicting")),
            creating,
        );
        s.phase = Some("Running".into());
        s.container_statuses.as_mut().unwrap()[0].ready = true;
        write_kubelet_conditions(&mut s, Some(&spec(&["work"])), true, running);
        let times: Vec<(String, Option<Time>)> = s
            .conditions
            .iter()
            .flatten()
            .map(|c| (c.type_.to_string(), c.last_transition_time))
            .collect();
        assert_eq!(
            times,
            [
                ("DisruptionTarget".to_string(), Some(creating)),
                ("PodReadyToStartContainers".to_string(), Some(running)),
                ("Initialized".to_string(), Some(creating)),
                ("Ready".to_string(), Some(running)),
                ("ContainersReady".to_string(), Some(running)),
                ("PodScheduled".to_string(), Some(creating)),
            ]
        );
        assert_eq!(rows(&s)[3], "Ready True - -");
    }
}
