//! `kubectl describe pod`: the pod's placement and status, each container with its state, the
//! conditions, QoS class, scheduling constraints and the events recorded about it.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::api::pod::{Container, ContainerState, ContainerStatus, Pod};
use crate::api::qos::qos_class;
use crate::kubectl::describe_events::{describe_events, Event};
use crate::kubectl::describe_job::rfc1123z;
use crate::kubectl::describe_pod_template::{
    describe_command, describe_env, describe_mounts, describe_tolerations, describe_volumes,
    port_line,
};
use crate::kubectl::get_jobs::age;
use crate::kubectl::prefix_writer::PrefixWriter;

/// The text of `kubectl describe pod` at `now`, times in `zone`.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describePod
pub fn describe_pod(pod: &Pod, events: &[Event], now: Timestamp, zone: &TimeZone) -> String {
    let meta = &pod.metadata;
    let spec = pod.spec.clone().unwrap_or_default();
    let status = pod.status.clone().unwrap_or_default();
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", meta.name()));
    w.write(0, &format!("Namespace:\t{}\n", meta.namespace()));
    w.write(0, &format!("Priority:\t{}\n", spec.priority.unwrap_or(0)));
    if let Some(pc) = spec.priority_class_name.as_ref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    let sa = spec.service_account_name.as_deref().unwrap_or("default");
    w.write(0, &format!("Service Account:\t{sa}\n"));
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        Some(node) => {
            let host = status.host_ip.as_deref().unwrap_or("");
            w.write(0, &format!("Node:\t{node}/{host}\n"));
        }
        None => w.write(0, "Node:\t<none>\n"),
    }
    if let Some(t) = &status.start_time {
        w.write(0, &format!("Start Time:\t{}\n", rfc1123z(t, zone)));
    }
    w.labels_multiline("Labels", meta.labels.as_deref());
    w.annotations_multiline("Annotations", meta.annotations.as_deref());
    match &meta.deletion_timestamp {
        Some(t) => {
            w.write(
                0,
                &format!("Status:\tTerminating (lasts {})\n", age(Some(t), now)),
            );
            let grace = meta.deletion_grace_period_seconds.unwrap_or(0);
            w.write(0, &format!("Termination Grace Period:\t{grace}s\n"));
        }
        None => w.write(
            0,
            &format!("Status:\t{}\n", status.phase.as_deref().unwrap_or("")),
        ),
    }
    if let Some(r) = status.reason.as_ref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = status.message.as_ref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Message:\t{m}\n"));
    }
    w.write(
        0,
        &format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")),
    );
    match status.pod_ip.as_deref().filter(|s| !s.is_empty()) {
        Some(ip) => w.write(0, &format!("IPs:\n  IP:\t{ip}\n")),
        None => w.write(0, "IPs:\t<none>\n"),
    }
    if let Some(owner) = meta.controller_ref() {
        w.write(
            0,
            &format!("Controlled By:\t{}/{}\n", owner.kind, owner.name),
        );
    }
    // Upstream: describe.go describePod (Init Containers, then Containers)
    if let Some(init) = spec.init_containers.as_ref().filter(|c| !c.is_empty()) {
        let statuses = status
            .init_container_statuses
            .as_deref()
            .unwrap_or_default();
        describe_containers("Init Containers", init, statuses, zone, &mut w);
    }
    let statuses = status.container_statuses.as_deref().unwrap_or_default();
    describe_containers("Containers", &spec.containers, statuses, zone, &mut w);
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus\n");
        for c in &conditions {
            w.write(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    describe_volumes(spec.volumes.as_deref().unwrap_or_default(), "", &mut w);
    let qos = status
        .qos_class
        .as_deref()
        .unwrap_or_else(|| qos_class(&spec));
    w.write(0, &format!("QoS Class:\t{qos}\n"));
    w.labels_multiline("Node-Selectors", spec.node_selector.as_ref());
    describe_tolerations(
        "Tolerations",
        spec.tolerations.as_deref().unwrap_or(&[]),
        &mut w,
    );
    describe_events(events, now, &mut w);
    w.finish()
}

/// A section of containers with their statuses.
// Upstream: describe.go describeContainers
fn describe_containers(
    title: &str,
    containers: &[Container],
    statuses: &[ContainerStatus],
    zone: &TimeZone,
    w: &mut PrefixWriter,
) {
    w.write(0, &format!("{title}:\n"));
    for c in containers {
        w.write(1, &format!("{}:\n", c.name));
        let st = statuses.iter().find(|s| s.name == c.name);
        // Upstream: describe.go describeContainerBasicInfo — both IDs whenever the container
        // has a status, empty until the runtime has created it.
        if let Some(s) = st {
            let id = s.container_id.as_deref().unwrap_or_default();
            w.write(2, &format!("Container ID:\t{id}\n"));
        }
        w.write(
            2,
            &format!("Image:\t{}\n", c.image.as_deref().unwrap_or_default()),
        );
        if let Some(s) = st {
            w.write(2, &format!("Image ID:\t{}\n", s.image_id));
        }
        let ports = c.ports.as_deref().unwrap_or(&[]);
        port_line(w, "Port", ports, |p| p.container_port);
        port_line(w, "Host Port", ports, |p| p.host_port.unwrap_or(0));
        describe_command(w, "Command", c.command.as_deref());
        describe_command(w, "Args", c.args.as_deref());
        if let Some(s) = st {
            container_status(s, zone, w);
        }
        describe_env(c, w);
        describe_mounts(c, w);
    }
}

/// `State:` (and `Last State:` after a restart), Ready and Restart Count.
// Upstream: describe.go describeContainerState, describeStatus
fn container_status(s: &ContainerStatus, zone: &TimeZone, w: &mut PrefixWriter) {
    state("State", s.state.as_ref(), zone, w);
    if s.last_state
        .as_ref()
        .is_some_and(|l| l.terminated.is_some())
    {
        state("Last State", s.last_state.as_deref(), zone, w);
    }
    let ready = if s.ready { "True" } else { "False" };
    w.write(2, &format!("Ready:\t{ready}\n"));
    w.write(2, &format!("Restart Count:\t{}\n", s.restart_count));
}

fn state(title: &str, state: Option<&ContainerState>, zone: &TimeZone, w: &mut PrefixWriter) {
    let time = |t: Option<&crate::api::Time>| t.map(|t| rfc1123z(t, zone)).unwrap_or_default();
    let state = state.cloned().unwrap_or_default();
    if let Some(r) = &state.running {
        w.write(2, &format!("{title}:\tRunning\n"));
        w.write(3, &format!("Started:\t{}\n", time(r.started_at.as_ref())));
    } else if let Some(t) = &state.terminated {
        w.write(2, &format!("{title}:\tTerminated\n"));
        if let Some(r) = t.reason.as_ref().filter(|s| !s.is_empty()) {
            w.write(3, &format!("Reason:\t{r}\n"));
        }
        if let Some(m) = t.message.as_ref().filter(|s| !s.is_empty()) {
            w.write(3, &format!("Message:\t{m}\n"));
        }
        w.write(3, &format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            w.write(3, &format!("Signal:\t{sig}\n"));
        }
        w.write(3, &format!("Started:\t{}\n", time(t.started_at.as_ref())));
        w.write(3, &format!("Finished:\t{}\n", time(t.finished_at.as_ref())));
    } else {
        w.write(2, &format!("{title}:\tWaiting\n"));
        if let Some(r) = state
            .waiting
            .as_ref()
            .and_then(|x| x.reason.as_ref())
            .filter(|s| !s.is_empty())
        {
            w.write(3, &format!("Reason:\t{r}\n"));
        }
    }
}
