//! `kubectl describe node` on a running world: upstream's layout for a node with running pods
//! (an extended resource among its allocatable ones), the share of the allocatable resources
//! its pods request, the pods that finished left out, the kubelet's conditions Unknown and its
//! Lease no longer renewed while it is silent, both back when it reports again, and `describe
//! nodes` for every node.

use jobsim_core::kubectl::command::run;
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

/// Two nodes (node-2 with a GPU); four pods of `work` (290m/100Mi requested, 500m/200Mi
/// limited) spread two a node, `quick`'s pod done on node-1 by 20s; node-2's kubelet silent
/// from 25s to 103s.
const CLUSTER: &str = "kind: Simulation
spec:
  seed: 7
  start: \"2026-01-01T00:00:00Z\"
  nodes:
    - { name: node-1, cpu: \"2\", memory: 4Gi }
    - { name: node-2, cpu: \"2\", memory: 4Gi, gpu: 1 }
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 0s }
  actions:
    - { at: 25s, nodeDown: { name: node-2 } }
    - { at: 103s, nodeUp: { name: node-2 } }
---
apiVersion: batch/v1
kind: Job
metadata: {name: work}
spec:
  completions: 4
  parallelism: 4
  template:
    spec:
      containers:
      - name: main
        image: busybox
        command: [sh, -c, \"sleep 300\"]
        resources:
          requests: { cpu: 290m, memory: 100Mi }
          limits: { cpu: 500m, memory: 200Mi }
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata: {name: quick}
spec:
  template:
    spec:
      containers:
      - name: main
        image: busybox
        command: [sh, -c, \"sleep 1\"]
        resources:
          requests: { cpu: 100m, memory: 64Mi }
      restartPolicy: Never
";

fn world_at(secs: u64) -> World {
    let (scenario, rng) = load(CLUSTER, Overrides::default()).expect("scenario");
    let mut world = World::new(scenario, rng).expect("world");
    world
        .advance_to(SimTime::from_millis(secs * 1000), u64::MAX)
        .expect("advance");
    world
}

fn describe(world: &mut World, what: &str) -> String {
    let line = format!("kubectl describe {what}");
    let out = run(world, &line, None);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

/// The lines of `text` from the one that starts with `from` to the one before `to`.
fn section<'a>(text: &'a str, from: &str, to: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(from))
        .take_while(|l| !l.starts_with(to))
        .collect()
}

#[test]
fn a_node_with_running_pods_prints_upstreams_layout() {
    let mut w = world_at(20);
    let want = [
        "Name:               node-2",
        "Roles:              <none>",
        "Labels:             beta.kubernetes.io/arch=amd64",
        "                    beta.kubernetes.io/os=linux",
        "                    kubernetes.io/arch=amd64",
        "                    kubernetes.io/hostname=node-2",
        "                    kubernetes.io/os=linux",
        "Annotations:        <none>",
        "CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000",
        "Taints:             <none>",
        "Unschedulable:      false",
        "Lease:",
        "  HolderIdentity:  node-2",
        "  AcquireTime:     <unset>",
        "  RenewTime:       Thu, 01 Jan 2026 00:00:20 +0000",
        "Conditions:",
        "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message",
        "  ----             ------  -----------------                 ------------------                ------                       -------",
        "  MemoryPressure   False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
        "  DiskPressure     False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
        "  PIDPressure      False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
        "  Ready            True    Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status",
        "Addresses:",
        "  InternalIP:  172.18.0.3",
        "  Hostname:    node-2",
        "Capacity:",
        "  cpu:             2",
        "  memory:          4Gi",
        "  nvidia.com/gpu:  1",
        "  pods:            110",
        "Allocatable:",
        "  cpu:             2",
        "  memory:          4Gi",
        "  nvidia.com/gpu:  1",
        "  pods:            110",
        "System Info:",
        "  Machine ID:                \x20",
        "  System UUID:               \x20",
        "  Boot ID:                   \x20",
        "  Kernel Version:            \x20",
        "  OS Image:                  \x20",
        "  Operating System:           linux",
        "  Architecture:               amd64",
        "  Container Runtime Version: \x20",
        "  Kubelet Version:            v1.35.0",
        "PodCIDR:                      10.244.1.0/24",
        "PodCIDRs:                     10.244.1.0/24",
        "Non-terminated Pods:          (2 in total)",
        "  Namespace                   Name          CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
        "  ---------                   ----          ------------  ----------  ---------------  -------------  ---",
        "  default                     work-7fqxg    290m (14%)    500m (25%)  100Mi (2%)       200Mi (4%)     20s",
        "  default                     work-bgm6m    290m (14%)    500m (25%)  100Mi (2%)       200Mi (4%)     20s",
        "Allocated resources:",
        "  (Total limits may be over 100 percent, i.e., overcommitted.)",
        "  Resource           Requests    Limits",
        "  --------           --------    ------",
        "  cpu                580m (28%)  1 (50%)",
        "  memory             200Mi (4%)  400Mi (9%)",
        "  ephemeral-storage  0 (0%)      0 (0%)",
        "  nvidia.com/gpu     0           0",
        "Events:              <none>",
    ]
    .map(|l| format!("{l}\n"))
    .concat();
    assert_eq!(describe(&mut w, "node node-2"), want);
}

#[test]
fn allocated_resources_are_whole_percents_of_the_allocatable_amounts() {
    let mut w = world_at(20);
    let out = describe(&mut w, "node/node-1");
    // 290m of 2 CPUs is 14.5 %, 580m 29 %: Go truncates the float, 28.999… → 28.
    assert_eq!(
        section(&out, "Non-terminated Pods:", "Events:"),
        [
            "Non-terminated Pods:          (2 in total)",
            "  Namespace                   Name          CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
            "  ---------                   ----          ------------  ----------  ---------------  -------------  ---",
            "  default                     work-rlgk6    290m (14%)    500m (25%)  100Mi (2%)       200Mi (4%)     20s",
            "  default                     work-w2ghp    290m (14%)    500m (25%)  100Mi (2%)       200Mi (4%)     20s",
            "Allocated resources:",
            "  (Total limits may be over 100 percent, i.e., overcommitted.)",
            "  Resource           Requests    Limits",
            "  --------           --------    ------",
            "  cpu                580m (28%)  1 (50%)",
            "  memory             200Mi (4%)  400Mi (9%)",
            "  ephemeral-storage  0 (0%)      0 (0%)",
        ]
    );
    assert!(
        !out.contains("quick-"),
        "a Succeeded pod is not listed:\n{out}"
    );
}

#[test]
fn a_silent_node_reports_unknown_and_stops_renewing_its_lease() {
    let mut w = world_at(70);
    let out = describe(&mut w, "node node-2");
    assert_eq!(
        section(&out, "Taints:", "Addresses:"),
        [
            "Taints:             node.kubernetes.io/unreachable:NoExecute",
            "                    node.kubernetes.io/unreachable:NoSchedule",
            "Unschedulable:      false",
            "Lease:",
            "  HolderIdentity:  node-2",
            "  AcquireTime:     <unset>",
            "  RenewTime:       Thu, 01 Jan 2026 00:00:20 +0000",
            "Conditions:",
            "  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message",
            "  ----             ------    -----------------                 ------------------                ------              -------",
            "  MemoryPressure   Unknown   Thu, 01 Jan 2026 00:00:25 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.",
            "  DiskPressure     Unknown   Thu, 01 Jan 2026 00:00:25 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.",
            "  PIDPressure      Unknown   Thu, 01 Jan 2026 00:00:25 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.",
            "  Ready            Unknown   Thu, 01 Jan 2026 00:00:25 +0000   Thu, 01 Jan 2026 00:01:05 +0000   NodeStatusUnknown   Kubelet stopped posting node status.",
        ]
    );
    assert_eq!(
        section(&out, "Events:", "\n"),
        [
            "Events:",
            "  Type    Reason        Age   From             Message",
            "  ----    ------        ----  ----             -------",
            "  Normal  NodeNotReady  5s    node-controller  Node node-2 status is now: NodeNotReady",
        ]
    );
}

#[test]
fn a_node_that_reports_again_is_healthy_from_then_and_renews_its_lease() {
    let mut w = world_at(105);
    let out = describe(&mut w, "node node-2");
    assert_eq!(
        section(&out, "Taints:", "Addresses:"),
        [
            "Taints:             <none>",
            "Unschedulable:      false",
            "Lease:",
            "  HolderIdentity:  node-2",
            "  AcquireTime:     <unset>",
            "  RenewTime:       Thu, 01 Jan 2026 00:01:43 +0000",
            "Conditions:",
            "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message",
            "  ----             ------  -----------------                 ------------------                ------                       -------",
            "  MemoryPressure   False   Thu, 01 Jan 2026 00:01:43 +0000   Thu, 01 Jan 2026 00:01:43 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
            "  DiskPressure     False   Thu, 01 Jan 2026 00:01:43 +0000   Thu, 01 Jan 2026 00:01:43 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
            "  PIDPressure      False   Thu, 01 Jan 2026 00:01:43 +0000   Thu, 01 Jan 2026 00:01:43 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
            "  Ready            True    Thu, 01 Jan 2026 00:01:43 +0000   Thu, 01 Jan 2026 00:01:43 +0000   KubeletReady                 kubelet is posting ready status",
        ]
    );
    // node-2 renews every 10 s from when it reported again; node-1 from its registration.
    let renewed = |w: &mut World, node: &str| -> Vec<String> {
        let out = describe(w, &format!("node {node}"));
        section(&out, "  RenewTime:", "Conditions:")
            .iter()
            .map(|l| l.to_string())
            .collect()
    };
    assert_eq!(
        renewed(&mut w, "node-1"),
        ["  RenewTime:       Thu, 01 Jan 2026 00:01:40 +0000"]
    );
    let mut later = world_at(115);
    assert_eq!(
        renewed(&mut later, "node-2"),
        ["  RenewTime:       Thu, 01 Jan 2026 00:01:53 +0000"]
    );
}

#[test]
fn describe_nodes_prints_every_node_as_kubectl_separates_them() {
    let mut w = world_at(20);
    let (one, two) = (
        describe(&mut w, "node node-1"),
        describe(&mut w, "node node-2"),
    );
    // Upstream: kubectl/pkg/cmd/describe/describe.go Run — "\n\n" before each but the first.
    assert_eq!(describe(&mut w, "nodes"), format!("{one}\n\n{two}"));
    assert!(one.starts_with("Name:               node-1\n"));
    assert!(two.starts_with("Name:               node-2\n"));
}

#[test]
fn an_unknown_node_is_not_found() {
    let mut w = world_at(1);
    let out = run(&mut w, "kubectl describe node nope", None);
    assert_eq!(out.exit_code, 1);
    assert_eq!(
        out.stderr.trim_end(),
        "Error from server (NotFound): nodes \"nope\" not found"
    );
}
