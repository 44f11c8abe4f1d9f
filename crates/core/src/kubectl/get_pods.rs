//! `kubectl get pods`: the columns the API server's table printer gives a Pod.

use jiff::Timestamp;

use super::get_jobs::age;
use crate::api::pod::{Container, ContainerState, ContainerStatus, Pod, PodCondition};
use crate::api::time::Time;

/// Upstream: pkg/printers/internalversion printers.go podColumnDefinitions.
pub const HEADER: [&str; 5] = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
/// The columns `-o wide` adds.
pub const WIDE_HEADER: [&str; 4] = ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"];

/// Upstream: pkg/util/node NodeUnreachablePodReason.
const NODE_LOST: &str = "NodeLost";

/// What printPod works out from a Pod's containers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSummary {
    pub ready: usize,
    pub total: usize,
    pub status: String,
    pub restarts: i64,
    /// When a counted container last terminated before a restart.
    pub last_restart: Option<Timestamp>,
}

/// One row of `kubectl get pods` at `now`.
// Upstream: printers.go printPod
pub fn row(pod: &Pod, now: Timestamp) -> Vec<String> {
    let s = summary(pod);
    let restarts = match s.last_restart {
        Some(t) if s.restarts != 0 => {
            format!("{} ({} ago)", s.restarts, age(Some(&Time::from(t)), now))
        }
        _ => s.restarts.to_string(),
    };
    vec![
        pod.metadata.name().to_string(),
        format!("{}/{}", s.ready, s.total),
        s.status,
        restarts,
        age(pod.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// A row of `kubectl get pods -o wide`: the row, then IP, NODE, NOMINATED NODE and
/// READINESS GATES (`<none>` when unset; gates as `true/total`).
// Upstream: printers.go printPod (options.Wide)
pub fn wide_row(pod: &Pod, now: Timestamp) -> Vec<String> {
    let status = pod.status.as_ref();
    let or_none = |v: Option<&str>| match v {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "<none>".to_string(),
    };
    let mut cells = row(pod, now);
    cells.push(or_none(status.and_then(|s| s.pod_ip.as_deref())));
    cells.push(or_none(
        pod.spec.as_ref().and_then(|s| s.node_name.as_deref()),
    ));
    cells.push(or_none(
        status.and_then(|s| s.nominated_node_name.as_deref()),
    ));
    cells.push(readiness_gates(pod));
    cells
}

/// Upstream: printPod — READY, STATUS and RESTARTS. STATUS starts as the phase (or the pod's
/// reason, or SchedulingGated); an unfinished init container gives `Init:…`; otherwise the
/// containers, last to first, each overwrite it with a waiting reason, a terminated reason or
/// `Signal:N`/`ExitCode:N`; `Completed` beside a running container reads Running or NotReady;
/// a deleted pod reads Unknown (node lost) or Terminating (unless its phase is terminal).
pub fn summary(pod: &Pod) -> PodSummary {
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let containers: &[Container] = spec.map(|s| s.containers.as_slice()).unwrap_or(&[]);
    let init_containers: &[Container] = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or(&[]);
    let conditions: &[PodCondition] = status.and_then(|s| s.conditions.as_deref()).unwrap_or(&[]);
    let init_statuses: &[ContainerStatus] = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or(&[]);
    let statuses: &[ContainerStatus] = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);
    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("");
    let pod_reason = status.and_then(|s| s.reason.as_deref()).unwrap_or("");

    let mut reason = if pod_reason.is_empty() {
        phase.to_string()
    } else {
        pod_reason.to_string()
    };
    if conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".into();
    }

    let is_sidecar = |name: &str| {
        init_containers
            .iter()
            .rev()
            .find(|c| c.name == name)
            .is_some_and(Container::is_restartable_init_container)
    };
    let total = containers.len()
        + init_containers
            .iter()
            .filter(|c| c.is_restartable_init_container())
            .count();
    let mut ready = 0;
    let mut restarts: i64 = 0;
    let mut last_restart: Option<Timestamp> = None;
    let mut sidecar_restarts: i64 = 0;
    let mut last_sidecar_restart: Option<Timestamp> = None;

    let mut initializing = false;
    for (i, c) in init_statuses.iter().enumerate() {
        restarts += i64::from(c.restart_count);
        later(&mut last_restart, last_terminated(c));
        let sidecar = is_sidecar(&c.name);
        if sidecar {
            sidecar_restarts += i64::from(c.restart_count);
            later(&mut last_sidecar_restart, last_terminated(c));
        }
        let state = c.state.clone().unwrap_or_default();
        match (&state.terminated, &state.waiting) {
            (Some(t), _) if t.exit_code == 0 => continue,
            _ if sidecar && c.started == Some(true) => {
                if c.ready {
                    ready += 1;
                }
                continue;
            }
            (Some(t), _) => {
                reason = match non_empty(t.reason.as_deref()) {
                    Some(r) => format!("Init:{r}"),
                    None => match t.signal.unwrap_or(0) {
                        0 => format!("Init:ExitCode:{}", t.exit_code),
                        signal => format!("Init:Signal:{signal}"),
                    },
                };
            }
            (None, Some(w))
                if non_empty(w.reason.as_deref()).is_some_and(|r| r != "PodInitializing") =>
            {
                reason = format!("Init:{}", w.reason.as_deref().unwrap_or_default());
            }
            _ => reason = format!("Init:{}/{}", i, init_containers.len()),
        }
        initializing = true;
        break;
    }

    if !initializing || has_true_condition(conditions, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in statuses.iter().rev() {
            restarts += i64::from(c.restart_count);
            later(&mut last_restart, last_terminated(c));
            let state: ContainerState = c.state.clone().unwrap_or_default();
            let waiting = state
                .waiting
                .as_ref()
                .and_then(|w| non_empty(w.reason.as_deref()));
            if let Some(w) = waiting {
                reason = w.to_string();
            } else if let Some(t) = &state.terminated {
                reason = match non_empty(t.reason.as_deref()) {
                    Some(r) => r.to_string(),
                    None => match t.signal.unwrap_or(0) {
                        0 => format!("ExitCode:{}", t.exit_code),
                        signal => format!("Signal:{signal}"),
                    },
                };
            } else if c.ready && state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if has_true_condition(conditions, "Ready") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() && pod_reason == NODE_LOST {
        reason = "Unknown".into();
    } else if pod.metadata.deletion_timestamp.is_some() && phase != "Succeeded" && phase != "Failed"
    {
        reason = "Terminating".into();
    }

    PodSummary {
        ready,
        total,
        status: reason,
        restarts,
        last_restart,
    }
}

/// Upstream: printPod — `lastTerminationState.terminated.finishedAt`.
fn last_terminated(c: &ContainerStatus) -> Option<Timestamp> {
    c.last_state
        .as_ref()?
        .terminated
        .as_ref()?
        .finished_at
        .as_ref()
        .map(Time::timestamp)
}

/// Keeps the later of the two times (Go's `lastRestartDate.Before(&terminatedDate)`).
fn later(slot: &mut Option<Timestamp>, candidate: Option<Timestamp>) {
    if let Some(t) = candidate {
        if slot.is_none_or(|s| s < t) {
            *slot = Some(t);
        }
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// Upstream: printers.go hasPodReadyCondition / isPodInitializedConditionTrue.
fn has_true_condition(conditions: &[PodCondition], type_: &str) -> bool {
    conditions
        .iter()
        .any(|c| c.type_ == type_ && c.status == "True")
}

/// Upstream: printPod (wide) — `<none>` without gates, else how many gate conditions are True
/// (the first condition of each gate's type counts) over the number of gates.
fn readiness_gates(pod: &Pod) -> String {
    let gates: Vec<&str> = pod
        .spec
        .as_ref()
        .and_then(|s| s.readiness_gates.as_ref())
        .and_then(|v| v.as_array())
        .map(|gates| {
            gates
                .iter()
                .map(|g| {
                    g.get("conditionType")
                        .and_then(|t| t.as_str())
                        .unwrap_or("")
                })
                .collect()
        })
        .unwrap_or_default();
    if gates.is_empty() {
        return "<none>".into();
    }
    let conditions: &[PodCondition] = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[]);
    let true_conditions = gates
        .iter()
        .filter(|gate| {
            conditions
                .iter()
                .find(|c| c.type_ == **gate)
                .is_some_and(|c| c.status == "True")
        })
        .count();
    format!("{}/{}", true_conditions, gates.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::table;
    use serde_json::{json, Value};

    fn now() -> Timestamp {
        "2026-01-01T00:10:00Z".parse().unwrap()
    }

    fn pod(spec: Value, status: Value) -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": "p", "creationTimestamp": "2026-01-01T00:09:00Z"},
            "spec": spec,
            "status": status
        }))
        .expect("a Pod")
    }

    fn one_container() -> Value {
        json!({"containers": [{"name": "c", "image": "busybox"}]})
    }

    fn cells(p: &Pod) -> [String; 3] {
        let r = row(p, now());
        [r[1].clone(), r[2].clone(), r[3].clone()]
    }

    #[test]
    fn job_pods_print_kubectl_status_words() {
        let waiting = |reason: &str| json!({"waiting": {"reason": reason}});
        let terminated =
            |code: i32, reason: &str| json!({"terminated": {"exitCode": code, "reason": reason}});
        let cases: Vec<(&str, Value, [&str; 3])> = vec![
            (
                "a pod not yet scheduled shows its phase",
                json!({"phase": "Pending"}),
                ["0/1", "Pending", "0"],
            ),
            (
                "an image being pulled shows ContainerCreating",
                json!({"phase": "Pending", "containerStatuses": [
                    {"name": "c", "state": waiting("ContainerCreating")}]}),
                ["0/1", "ContainerCreating", "0"],
            ),
            (
                "a ready running container counts as ready",
                json!({"phase": "Running", "containerStatuses": [
                    {"name": "c", "ready": true, "state": {"running": {}}}]}),
                ["1/1", "Running", "0"],
            ),
            (
                "a container that exited 0 shows Completed",
                json!({"phase": "Succeeded", "containerStatuses": [
                    {"name": "c", "state": terminated(0, "Completed")}]}),
                ["0/1", "Completed", "0"],
            ),
            (
                "a container that exited non-zero shows Error",
                json!({"phase": "Failed", "containerStatuses": [
                    {"name": "c", "state": terminated(1, "Error")}]}),
                ["0/1", "Error", "0"],
            ),
            (
                "a container killed for memory shows OOMKilled",
                json!({"phase": "Failed", "containerStatuses": [
                    {"name": "c", "state": terminated(137, "OOMKilled")}]}),
                ["0/1", "OOMKilled", "0"],
            ),
            (
                "a terminated container without a reason shows its exit code",
                json!({"phase": "Failed", "containerStatuses": [
                    {"name": "c", "state": {"terminated": {"exitCode": 3}}}]}),
                ["0/1", "ExitCode:3", "0"],
            ),
            (
                "a terminated container without a reason but with a signal shows the signal",
                json!({"phase": "Failed", "containerStatuses": [
                    {"name": "c", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}),
                ["0/1", "Signal:9", "0"],
            ),
            (
                "an OnFailure pod in back-off shows CrashLoopBackOff and when it last restarted",
                json!({"phase": "Running", "containerStatuses": [
                    {"name": "c", "restartCount": 3, "state": waiting("CrashLoopBackOff"),
                     "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                   "finishedAt": "2026-01-01T00:09:40Z"}}}]}),
                ["0/1", "CrashLoopBackOff", "3 (20s ago)"],
            ),
            (
                "restarts without a known termination time print the bare count",
                json!({"phase": "Running", "containerStatuses": [
                    {"name": "c", "restartCount": 2, "ready": true, "state": {"running": {}}}]}),
                ["1/1", "Running", "2"],
            ),
            (
                "an evicted pod shows the pod's reason",
                json!({"phase": "Failed", "reason": "Evicted"}),
                ["0/1", "Evicted", "0"],
            ),
            (
                "a gated pod shows SchedulingGated",
                json!({"phase": "Pending", "conditions": [
                    {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}),
                ["0/1", "SchedulingGated", "0"],
            ),
        ];
        for (name, status, want) in cases {
            assert_eq!(cells(&pod(one_container(), status)), want, "{name}");
        }
    }

    #[test]
    fn the_first_container_with_something_to_say_wins() {
        let spec = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let p = pod(
            spec.clone(),
            json!({"phase": "Pending", "containerStatuses": [
                {"name": "a", "state": {"waiting": {"reason": "ErrImagePull"}}},
                {"name": "b", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
        );
        assert_eq!(cells(&p), ["0/2", "ErrImagePull", "0"]);

        let completed_beside_running = |conditions: Value| {
            pod(
                spec.clone(),
                json!({"phase": "Running", "conditions": conditions, "containerStatuses": [
                    {"name": "a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                    {"name": "b", "ready": true, "state": {"running": {}}}]}),
            )
        };
        assert_eq!(
            cells(&completed_beside_running(
                json!([{"type": "Ready", "status": "True"}])
            )),
            ["1/2", "Running", "0"]
        );
        assert_eq!(
            cells(&completed_beside_running(json!([]))),
            ["1/2", "NotReady", "0"]
        );
    }

    #[test]
    fn init_containers_show_their_progress() {
        let spec = json!({"initContainers": [{"name": "i1"}, {"name": "i2"}],
                          "containers": [{"name": "c"}]});
        let with = |init: Value| {
            cells(&pod(
                spec.clone(),
                json!({"phase": "Pending", "initContainerStatuses": init,
                       "containerStatuses": [{"name": "c", "state": {"waiting": {"reason": "PodInitializing"}}}]}),
            ))[1]
                .clone()
        };
        let done =
            json!({"name": "i1", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
        let cases = [
            (
                "the second init container is running",
                json!([done, {"name": "i2", "state": {"running": {}}}]),
                "Init:1/2",
            ),
            (
                "an init container waiting to initialise counts as not started",
                json!([{"name": "i1", "state": {"waiting": {"reason": "PodInitializing"}}}]),
                "Init:0/2",
            ),
            (
                "an init container in back-off",
                json!([{"name": "i1", "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
                "Init:CrashLoopBackOff",
            ),
            (
                "a failed init container",
                json!([{"name": "i1", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]),
                "Init:Error",
            ),
            (
                "a failed init container without a reason",
                json!([{"name": "i1", "state": {"terminated": {"exitCode": 2}}}]),
                "Init:ExitCode:2",
            ),
            (
                "a signalled init container without a reason",
                json!([{"name": "i1", "state": {"terminated": {"exitCode": 2, "signal": 15}}}]),
                "Init:Signal:15",
            ),
        ];
        for (name, init, want) in cases {
            assert_eq!(with(init), want, "{name}");
        }
    }

    #[test]
    fn a_started_sidecar_counts_in_ready_and_total() {
        let p = pod(
            json!({"initContainers": [{"name": "proxy", "restartPolicy": "Always"}],
                   "containers": [{"name": "c"}]}),
            json!({"phase": "Running",
                   "initContainerStatuses": [{"name": "proxy", "started": true, "ready": true,
                                              "restartCount": 1, "state": {"running": {}}}],
                   "containerStatuses": [{"name": "c", "ready": true, "state": {"running": {}}}]}),
        );
        assert_eq!(cells(&p), ["2/2", "Running", "1"]);
    }

    #[test]
    fn a_deleted_pod_is_terminating_unless_finished_or_its_node_was_lost() {
        let deleted = |status: Value| {
            let mut p = pod(one_container(), status);
            p.metadata.deletion_timestamp = Some(Time::from(now()));
            cells(&p)[1].clone()
        };
        assert_eq!(deleted(json!({"phase": "Running"})), "Terminating");
        assert_eq!(
            deleted(json!({"phase": "Running", "reason": "NodeLost"})),
            "Unknown"
        );
        assert_eq!(
            deleted(json!({"phase": "Succeeded", "containerStatuses": [
                {"name": "c", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]})),
            "Completed"
        );
    }

    #[test]
    fn wide_rows_show_none_for_what_is_unset_and_count_readiness_gates() {
        let p = pod(
            json!({"containers": [{"name": "c"}], "nodeName": "node-1",
                   "readinessGates": [{"conditionType": "a"}, {"conditionType": "b"}]}),
            json!({"phase": "Running", "podIP": "10.244.0.7",
                   "conditions": [{"type": "a", "status": "True"}, {"type": "b", "status": "False"}]}),
        );
        assert_eq!(
            wide_row(&p, now())[5..],
            ["10.244.0.7", "node-1", "<none>", "1/2"]
        );
        let bare = pod(one_container(), json!({"phase": "Pending"}));
        assert_eq!(
            wide_row(&bare, now())[5..],
            ["<none>", "<none>", "<none>", "<none>"]
        );
    }

    #[test]
    fn finished_job_pods_print_as_kubectl_prints_them() {
        // seeds/002: two completed pods of job-echo, 29 s old.
        let completed = |name: &str| -> Pod {
            serde_json::from_value(json!({
                "metadata": {"name": name, "creationTimestamp": "2026-01-01T00:09:31Z"},
                "spec": {"containers": [{"name": "echo", "image": "busybox:latest"}]},
                "status": {"phase": "Succeeded", "containerStatuses": [
                    {"name": "echo", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}
            }))
            .expect("a Pod")
        };
        let rows = [
            HEADER.map(String::from).to_vec(),
            row(&completed("job-echo-vcphr"), now()),
            row(&completed("job-echo-wcgxs"), now()),
        ];
        assert_eq!(
            table::render(&rows),
            "NAME             READY   STATUS      RESTARTS   AGE\n\
             job-echo-vcphr   0/1     Completed   0          29s\n\
             job-echo-wcgxs   0/1     Completed   0          29s\n"
        );
    }

    #[test]
    fn a_failed_pod_and_its_replacement_print_in_the_current_layout() {
        // seeds/003 (hand-aligned by the author): restartPolicy Never, the first pod failed and
        // the Job controller's replacement is pulling its image.
        let job_pod = |name: &str, created: &str, status: Value| -> Pod {
            serde_json::from_value(json!({
                "metadata": {"name": name, "creationTimestamp": created},
                "spec": {"containers": [{"name": "pi", "image": "perl"}]},
                "status": status
            }))
            .expect("a Pod")
        };
        let rows = [
            HEADER.map(String::from).to_vec(),
            row(
                &job_pod(
                    "pi-55h89",
                    "2026-01-01T00:09:58Z",
                    json!({"phase": "Pending", "containerStatuses": [
                        {"name": "pi", "state": {"waiting": {"reason": "ContainerCreating"}}}]}),
                ),
                now(),
            ),
            row(
                &job_pod(
                    "pi-tqbcz",
                    "2026-01-01T00:09:55Z",
                    json!({"phase": "Failed", "containerStatuses": [
                        {"name": "pi", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
                ),
                now(),
            ),
        ];
        assert_eq!(
            table::render(&rows),
            "NAME       READY   STATUS              RESTARTS   AGE\n\
             pi-55h89   0/1     ContainerCreating   0          2s\n\
             pi-tqbcz   0/1     Error               0          5s\n"
        );
    }
}
