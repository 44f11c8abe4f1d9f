//! `kubectl describe node`: the node's labels, taints, Lease and conditions, its addresses,
//! resources and system info, the pods that run on it with their share of its allocatable
//! resources, and the events recorded about it.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::nodes::{info, roles};
use crate::api::node::{NodeCondition, Taint};
use crate::api::pod::ResourceList;
use crate::api::resource::{add_resource_list, pod_limits, pod_requests};
use crate::api::{Node, Pod, Quantity, Time};
use crate::kubectl::describe_events::{describe_events, Event};
use crate::kubectl::describe_job::rfc1123z;
use crate::kubectl::get_jobs::age;
use crate::kubectl::prefix_writer::PrefixWriter;

/// What `describe node` shows beside the Node object: the pods bound to it that have not
/// finished (sorted as the API server lists them), when its kubelet last renewed its Lease,
/// and the events about it.
#[derive(Debug, Clone, Copy)]
pub struct NodeContext<'a> {
    pub pods: &'a [&'a Pod],
    pub lease_renewed: &'a Time,
    pub events: &'a [Event],
}

/// The `nodeInfo` fields `describe node` prints under System Info, with their titles.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeNode (System Info)
const SYSTEM_INFO: [(&str, &str); 9] = [
    ("Machine ID", "machineID"),
    ("System UUID", "systemUUID"),
    ("Boot ID", "bootID"),
    ("Kernel Version", "kernelVersion"),
    ("OS Image", "osImage"),
    ("Operating System", "operatingSystem"),
    ("Architecture", "architecture"),
    ("Container Runtime Version", "containerRuntimeVersion"),
    ("Kubelet Version", "kubeletVersion"),
];

/// The text of `kubectl describe node` at `now`, times in `zone`.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeNode
pub fn describe_node(node: &Node, ctx: NodeContext<'_>, now: Timestamp, zone: &TimeZone) -> String {
    let meta = &node.metadata;
    let spec = node.spec.clone().unwrap_or_default();
    let status = node.status.clone().unwrap_or_default();
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", meta.name()));
    w.write(0, &format!("Roles:\t{}\n", roles(node)));
    w.labels_multiline("Labels", meta.labels.as_deref());
    w.annotations_multiline("Annotations", meta.annotations.as_deref());
    let created = go_time(meta.creation_timestamp.as_ref(), zone);
    w.write(0, &format!("CreationTimestamp:\t{created}\n"));
    taints_multiline(spec.taints.as_deref().unwrap_or(&[]), &mut w);
    let unschedulable = spec.unschedulable.unwrap_or(false);
    w.write(0, &format!("Unschedulable:\t{unschedulable}\n"));
    describe_lease(meta.name(), ctx.lease_renewed, zone, &mut w);
    conditions(status.conditions.as_deref().unwrap_or(&[]), zone, &mut w);
    addresses(node, &mut w);
    if let Some(capacity) = status.capacity.as_ref().filter(|c| !c.is_empty()) {
        w.write(0, "Capacity:\n");
        resource_list(capacity, &mut w);
    }
    if let Some(allocatable) = status.allocatable.as_ref().filter(|a| !a.is_empty()) {
        w.write(0, "Allocatable:\n");
        resource_list(allocatable, &mut w);
    }
    w.write(0, "System Info:\n");
    for (title, field) in SYSTEM_INFO {
        w.write(0, &format!("  {title}:\t{}\n", info(node, field)));
    }
    if let Some(cidr) = spec.pod_cidr.as_ref().filter(|c| !c.is_empty()) {
        w.write(0, &format!("PodCIDR:\t{cidr}\n"));
    }
    if let Some(cidrs) = spec.pod_cidrs.as_ref().filter(|c| !c.is_empty()) {
        w.write(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(id) = spec.provider_id.as_ref().filter(|p| !p.is_empty()) {
        w.write(0, &format!("ProviderID:\t{id}\n"));
    }
    describe_node_resource(ctx.pods, node, now, &mut w);
    describe_events(ctx.events, now, &mut w);
    w.finish()
}

/// Go's `metav1.Time.Format(time.RFC1123Z)`: an unset time is Go's zero time.
fn go_time(t: Option<&Time>, zone: &TimeZone) -> String {
    t.map_or_else(
        || "Mon, 01 Jan 0001 00:00:00 +0000".to_string(),
        |t| rfc1123z(t, zone),
    )
}

/// `Taints:  <none>`, or one taint a line sorted by effect then key.
// Upstream: describe.go printNodeTaintsMultiline, printTaintsMultilineWithIndent
fn taints_multiline(taints: &[Taint], w: &mut PrefixWriter) {
    w.write(0, "Taints:\t");
    if taints.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Taint> = taints.iter().collect();
    sorted.sort_by_key(|t| format!("{},{}", t.effect, t.key));
    for (i, taint) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        w.write(0, &format!("{}\n", taint_text(taint)));
    }
}

/// `key=value:effect`, without the parts that are empty.
// Upstream: staging/src/k8s.io/api/core/v1/taint.go Taint.ToString
fn taint_text(taint: &Taint) -> String {
    let value = taint.value.as_deref().unwrap_or("");
    match (value.is_empty(), taint.effect.is_empty()) {
        (true, true) => taint.key.clone(),
        (false, true) => format!("{}={value}:", taint.key),
        (true, false) => format!("{}:{}", taint.key, taint.effect),
        (false, false) => format!("{}={value}:{}", taint.key, taint.effect),
    }
}

/// The node's Lease in `kube-node-lease`: held by the kubelet under the node's name, never
/// acquired by a leader election, renewed at `renewed`.
// Upstream: describe.go describeNodeLease
fn describe_lease(holder: &str, renewed: &Time, zone: &TimeZone, w: &mut PrefixWriter) {
    w.write(0, "Lease:\n");
    w.write(1, &format!("HolderIdentity:\t{holder}\n"));
    w.write(1, "AcquireTime:\t<unset>\n");
    w.write(1, &format!("RenewTime:\t{}\n", rfc1123z(renewed, zone)));
}

/// Upstream: describe.go describeNode (Conditions)
fn conditions(conditions: &[NodeCondition], zone: &TimeZone, w: &mut PrefixWriter) {
    if conditions.is_empty() {
        return;
    }
    w.write(
        0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
    );
    w.write(
        1,
        "----\t------\t-----------------\t------------------\t------\t-------\n",
    );
    for c in conditions {
        w.write(
            1,
            &format!(
                "{} \t{} \t{} \t{} \t{} \t{}\n",
                c.type_,
                c.status,
                go_time(c.last_heartbeat_time.as_ref(), zone),
                go_time(c.last_transition_time.as_ref(), zone),
                c.reason.as_deref().unwrap_or(""),
                c.message.as_deref().unwrap_or("")
            ),
        );
    }
}

/// Upstream: describe.go describeNode (Addresses)
fn addresses(node: &Node, w: &mut PrefixWriter) {
    w.write(0, "Addresses:\n");
    let listed = node.status.as_ref().and_then(|s| s.addresses.as_ref());
    for address in listed.and_then(|a| a.as_array()).into_iter().flatten() {
        let field = |name: &str| address.get(name).and_then(|v| v.as_str()).unwrap_or("");
        w.write(1, &format!("{}:\t{}\n", field("type"), field("address")));
    }
}

/// One `name:  quantity` line a resource, sorted by name.
// Upstream: describe.go describeNode (printResourceList, SortableResourceNames)
fn resource_list(list: &ResourceList, w: &mut PrefixWriter) {
    for (name, quantity) in list.iter() {
        w.write(0, &format!("  {name}:\t{quantity}\n"));
    }
}

/// The non-terminated pods' table and the Allocated resources: requests and limits against
/// the node's allocatable resources (its capacity when it reports none).
// Upstream: describe.go describeNodeResource
fn describe_node_resource(pods: &[&Pod], node: &Node, now: Timestamp, w: &mut PrefixWriter) {
    let status = node.status.as_ref();
    let capacity = status.and_then(|s| s.capacity.as_ref());
    let allocatable = status
        .and_then(|s| s.allocatable.as_ref())
        .filter(|a| !a.is_empty())
        .or(capacity)
        .cloned()
        .unwrap_or_default();
    w.write(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    for pod in pods {
        pod_row(pod, &allocatable, now, w);
    }
    w.write(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    let (requests, limits) = pods_total_requests_and_limits(pods);
    for resource in ["cpu", "memory", "ephemeral-storage"] {
        allocated_row(resource, &requests, &limits, &allocatable, w);
    }
    let is_huge_pages = |name: &str| name.starts_with("hugepages-");
    for (name, _) in allocatable.iter().filter(|(n, _)| is_huge_pages(n)) {
        allocated_row(name, &requests, &limits, &allocatable, w);
    }
    for (name, _) in allocatable.iter().filter(|(n, _)| is_extended(n)) {
        let (request, limit) = (amount(&requests, name), amount(&limits, name));
        w.write(1, &format!("{name}\t{request}\t{limit}\n"));
    }
}

/// One pod: its cpu and memory requests and limits with their share of the node's.
// Upstream: describe.go describeNodeResource (the loop over nodeNonTerminatedPodsList)
fn pod_row(pod: &Pod, allocatable: &ResourceList, now: Timestamp, w: &mut PrefixWriter) {
    let (requests, limits) = (pod_requests(pod), pod_limits(pod));
    let cpu = amount(allocatable, "cpu").milli_value();
    let memory = amount(allocatable, "memory").value();
    let cpu_share = |list: &ResourceList| {
        let q = amount(list, "cpu");
        format!("{q} ({}%)", go_percent(q.milli_value(), cpu))
    };
    let memory_share = |list: &ResourceList| {
        let q = amount(list, "memory");
        format!("{q} ({}%)", go_percent(q.value(), memory))
    };
    w.write(
        1,
        &format!(
            "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            pod.metadata.namespace(),
            pod.metadata.name(),
            cpu_share(&requests),
            cpu_share(&limits),
            memory_share(&requests),
            memory_share(&limits),
            age(pod.metadata.creation_timestamp.as_ref(), now)
        ),
    );
}

/// A row of Allocated resources: the total and its share of the allocatable amount, 0% when
/// the node has none (cpu counted in thousandths, the others in units).
// Upstream: describe.go describeNodeResource (fractionCpuReqs … fractionHugePageSizeLimits)
fn allocated_row(
    resource: &str,
    requests: &ResourceList,
    limits: &ResourceList,
    allocatable: &ResourceList,
    w: &mut PrefixWriter,
) {
    let units = |q: Quantity| {
        if resource == "cpu" {
            q.milli_value()
        } else {
            q.value()
        }
    };
    let whole = units(amount(allocatable, resource));
    let share = |list: &ResourceList| {
        let q = amount(list, resource);
        let percent = if whole == 0 {
            0
        } else {
            go_percent(units(q), whole)
        };
        format!("{q} ({percent}%)")
    };
    w.write(
        1,
        &format!("{resource}\t{}\t{}\n", share(requests), share(limits)),
    );
}

/// The requests and limits of all the pods, summed per resource.
// Upstream: describe.go getPodsTotalRequestsAndLimits
fn pods_total_requests_and_limits(pods: &[&Pod]) -> (ResourceList, ResourceList) {
    let mut requests = ResourceList::new();
    let mut limits = ResourceList::new();
    for pod in pods {
        add_resource_list(&mut requests, Some(&pod_requests(pod)));
        add_resource_list(&mut limits, Some(&pod_limits(pod)));
    }
    (requests, limits)
}

/// An extended resource: not cpu, memory, ephemeral storage, huge pages or pods.
// Upstream: kubectl/pkg/util/resource IsStandardContainerResourceName, IsHugePageResourceName
fn is_extended(name: &str) -> bool {
    !matches!(name, "cpu" | "memory" | "ephemeral-storage" | "pods")
        && !name.starts_with("hugepages-")
}

/// A resource's amount in a list, zero when it is not listed.
fn amount(list: &ResourceList, name: &str) -> Quantity {
    list.get(name).copied().unwrap_or(Quantity::from_int(0))
}

/// Go's `int64(float64(part) / float64(whole) * 100)`: truncated toward zero; a NaN, an
/// infinity (a zero `whole`) or an amount past int64 converts to int64's least value on amd64.
fn go_percent(part: i64, whole: i64) -> i64 {
    let fraction = part as f64 / whole as f64 * 100.0;
    if fraction.is_nan() || fraction >= i64::MAX as f64 || fraction < i64::MIN as f64 {
        i64::MIN
    } else {
        fraction as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_truncate_as_go_converts_a_float() {
        assert_eq!(go_percent(290, 1000), 28);
        assert_eq!(go_percent(1, 3), 33);
        assert_eq!(go_percent(0, 0), i64::MIN);
        assert_eq!(go_percent(5, 0), i64::MIN);
    }

    #[test]
    fn taints_print_only_their_parts_that_are_set() {
        let taint = |key: &str, value: Option<&str>, effect: &str| Taint {
            key: key.into(),
            value: value.map(Into::into),
            effect: effect.into(),
            time_added: None,
        };
        assert_eq!(taint_text(&taint("k", None, "NoSchedule")), "k:NoSchedule");
        assert_eq!(taint_text(&taint("k", Some("v"), "")), "k=v:");
        assert_eq!(taint_text(&taint("k", None, "")), "k");
        let mut w = PrefixWriter::default();
        taints_multiline(
            &[
                taint("b", None, "NoSchedule"),
                taint("a", Some("1"), "NoSchedule"),
                taint("c", None, "NoExecute"),
            ],
            &mut w,
        );
        assert_eq!(
            w.finish(),
            "Taints:  c:NoExecute\n         a=1:NoSchedule\n         b:NoSchedule\n"
        );
    }
}
