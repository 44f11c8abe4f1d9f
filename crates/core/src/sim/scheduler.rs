//! The scheduler: a pod's requests against each node's free allocatable resources, its
//! nodeSelector and node affinity, cordoned nodes and untolerated taints, the pods already
//! placed; the default profile's scores pick among the nodes left; a pod that fits nowhere gets upstream's
//! FailedScheduling message.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::node::Taint;
use crate::api::pod::Toleration;
use crate::api::quantity::Quantity;
use crate::api::{resource, Pod, PodSpec};

use super::node_verdicts::{NodeVerdicts, Verdict};
use super::placed_pods::PlacedPods;
use super::scenario::NodeSpec;
use super::{inter_pod_affinity, node_affinity, node_scores, topology_spread};

/// The resources the scheduler counts.
pub const RESOURCES: [&str; 4] = ["cpu", "memory", "nvidia.com/gpu", "pods"];

/// The place of `pods` in [`RESOURCES`]: every pod takes one of its node's.
const PODS: usize = 3;

/// One pod, in the milli-units of [`Amounts`].
const ONE_POD: i64 = 1000;

/// Resource amounts in milli-units, in the order of `RESOURCES`.
pub type Amounts = [i64; 4];

/// A node's allocatable resources, in the order of `RESOURCES`.
pub fn allocatable(node: &NodeSpec) -> Amounts {
    RESOURCES.map(|name| node.allocatable.get(name).copied().unwrap_or(0))
}

impl resource::Amounts for Amounts {
    fn add(&mut self, more: &Self) {
        *self = std::array::from_fn(|r| self[r] + more[r]);
    }

    fn at_least(&mut self, other: &Self) {
        *self = std::array::from_fn(|r| self[r].max(other[r]));
    }

    fn put(&mut self, name: &str, quantity: Quantity, add: bool) {
        if let Some(r) = RESOURCES.iter().position(|n| *n == name) {
            let base = if add { self[r] } else { 0 };
            self[r] = base + quantity.milli_value();
        }
    }
}

/// A pod's effective requests, as the API's resource helpers sum them (sidecars beside the
/// containers, the init containers' peak, pod-level requests, the overhead); admission made a
/// container request the limits it did not request.
// Upstream: component-helpers/resource/helpers.go PodRequests
pub fn pod_requests(pod: &Pod) -> Amounts {
    requests_or(pod, Amounts::default())
}

/// The requests the scheduler scores a pod by: a container that requests no CPU or memory
/// counts as 100m CPU and 200 MiB, so that pods without requests still spread over nodes.
// Upstream: pkg/scheduler/util/pod_resources.go GetNonzeroRequests (DefaultMilliCPURequest,
// DefaultMemoryRequest)
pub fn nonzero_requests(pod: &Pod) -> Amounts {
    requests_or(pod, [100, 200 * 1024 * 1024 * 1000, 0, 0])
}

/// A pod's requests with `defaults` for each resource a container does not ask for; the pod
/// itself is one of its node's `pods`.
fn requests_or(pod: &Pod, defaults: Amounts) -> Amounts {
    let Some(spec) = pod.spec.as_ref() else {
        return Amounts::default();
    };
    let request = |c: &crate::api::Container, r: usize| {
        c.resources
            .as_ref()
            .and_then(|x| x.requests.as_ref())
            .and_then(|m| m.get(RESOURCES[r]))
            .map_or(defaults[r], |q| q.milli_value())
    };
    let mut amounts = resource::requests_of(spec, |c| {
        std::array::from_fn(|r| if r == PODS { 0 } else { request(c, r) })
    });
    amounts[PODS] = ONE_POD;
    amounts
}

/// What the scheduler's cache holds of a node: its allocatable resources and those requested
/// by the pods bound to it, kept as pods bind and end.
#[derive(Clone, Copy, Debug, Default, Eq)]
pub struct NodeUsage {
    pub allocatable: Amounts,
    pub used: Amounts,
    /// The [`nonzero_requests`] of the pods bound to it, which scoring counts.
    pub scored: Amounts,
    /// How many of its pods have inter-pod affinity or anti-affinity terms.
    // Upstream: framework/types.go NodeInfo.PodsWithAffinity
    pub with_affinity: i64,
}

/// What one pod takes of its node in the scheduler's cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PodUsage {
    requests: Amounts,
    scored: Amounts,
    with_affinity: i64,
}

impl PodUsage {
    pub fn of(pod: &Pod) -> Self {
        PodUsage {
            requests: pod_requests(pod),
            scored: nonzero_requests(pod),
            with_affinity: i64::from(inter_pod_affinity::has_terms(pod)),
        }
    }
}

// Every amount is compared, without stopping at the first that differs: the derived comparison
// became a call to memcmp, which the size-tuned wasm build runs a byte at a time, and the
// kept verdicts compare every node's usage for every pod.
impl PartialEq for NodeUsage {
    fn eq(&self, other: &Self) -> bool {
        let mut differ = self.with_affinity ^ other.with_affinity;
        let amounts = [
            (&self.allocatable, &other.allocatable),
            (&self.used, &other.used),
            (&self.scored, &other.scored),
        ];
        for (mine, theirs) in amounts {
            for r in 0..mine.len() {
                differ |= mine[r] ^ theirs[r];
            }
        }
        differ == 0
    }
}

impl NodeUsage {
    /// Counts a pod bound to the node (`sign` 1) or gone from it (`sign` -1).
    pub fn account(&mut self, pod: &Pod, sign: i64) {
        self.add(&PodUsage::of(pod), sign);
    }

    /// Counts what a pod takes (`sign` 1) or gives back (`sign` -1).
    pub fn add(&mut self, pod: &PodUsage, sign: i64) {
        self.used = std::array::from_fn(|r| self.used[r] + sign * pod.requests[r]);
        self.scored = std::array::from_fn(|r| self.scored[r] + sign * pod.scored[r]);
        self.with_affinity += sign * pod.with_affinity;
    }
}

/// Picks a node for a pod (its index in `nodes`), or says why none fits. `takes` is what the
/// pod would take of a node (its requests, and as scored); `usage` holds each
/// node's resources, in the order of `nodes`; `cluster` the pods placed on them, when the pod
/// or one of them has rules about other pods (`None`: neither has); `verdicts` what was made of
/// each node for the last pods like this one; `start` the node where the last search stopped.
/// A pod nominated to a node goes there if it fits. Else the nodes are filtered from `start`
/// on until [`feasible_nodes_to_find`] fit (every node of a cluster of less than 100). The
/// best score wins: the nodes that tie for it are answered,
/// for the caller's draw ([`Best::pick`]), with where the next search starts.
// Upstream: pkg/scheduler/schedule_one.go schedulePod (PreFilter: NodeAffinity; Filter:
// NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread,
// InterPodAffinity, each node stopping at its first failure; Score: TaintToleration (weight
// 3), NodeAffinity (2), NodeResourcesFit LeastAllocated (1), PodTopologySpread (2),
// InterPodAffinity (2), NodeResourcesBalancedAllocation (1), as the default profile weighs
// them; config/v1 default_plugins.go)
pub fn schedule(
    pod: &Pod,
    takes: &PodUsage,
    nodes: &[NodeSpec],
    usage: &[NodeUsage],
    cluster: Option<&PlacedPods>,
    verdicts: &mut NodeVerdicts,
    start: usize,
) -> Result<Best, Unfit> {
    static NO_SPEC: std::sync::OnceLock<PodSpec> = std::sync::OnceLock::new();
    let spec = pod
        .spec
        .as_deref()
        .unwrap_or_else(|| NO_SPEC.get_or_init(PodSpec::default));
    let pinned = node_affinity::pinned_nodes(spec);
    if pinned.as_ref().is_some_and(BTreeSet::is_empty) {
        let fits = vec![Fit::Unresolvable(node_affinity::CONFLICT); nodes.len()];
        let filters = node_affinity::CONFLICT.into();
        return Err(Unfit { filters, fits });
    }
    let pod_only = PodOnly {
        spec,
        pinned,
        by_node_affinity: node_affinity::has_required(spec),
        prefers: node_affinity::has_preferred(spec),
        takes,
    };
    let judge = |i: usize| pod_only.judge(&nodes[i], &usage[i]);
    let spread = cluster.map(|c| topology_spread::PreFilter::new(pod, nodes, c));
    let affinity = cluster.map(|c| inter_pod_affinity::PreFilter::new(pod, nodes, c));
    let by_other_pods = |node: &NodeSpec| {
        let spread = spread.as_ref().and_then(|s| s.filter(node));
        let (reason, resolvable) = spread.or_else(|| affinity.as_ref()?.filter(node))?;
        Some(if resolvable {
            Fit::Conflicts(reason)
        } else {
            Fit::Unresolvable(reason)
        })
    };
    // The pods' own rules make each node's verdict depend on the pods placed: those are not
    // kept.
    let fresh: Vec<Verdict>;
    let judged: &[Verdict] = match (cluster, pod.spec.as_ref()) {
        (None, Some(shared)) => verdicts.of(shared, usage, judge),
        _ => {
            fresh = (0..nodes.len())
                .map(|i| {
                    let mut verdict = judge(i);
                    if verdict.fit == Fit::Fits {
                        verdict.fit = by_other_pods(&nodes[i]).unwrap_or(Fit::Fits);
                    }
                    verdict
                })
                .collect();
            &fresh
        }
    };
    // A pod that preemption nominated tries that node first, and goes there if it fits.
    // Upstream: schedule_one.go findNodesThatFitPod (evaluateNominatedNode)
    let nominated = pod
        .status
        .as_ref()
        .and_then(|s| s.nominated_node_name.as_deref());
    let nominated = nominated.and_then(|name| nodes.iter().position(|n| n.name == name));
    if let Some(node) = nominated.filter(|&i| judged.get(i).is_some_and(|v| v.fit == Fit::Fits)) {
        return Ok(Best {
            tied: vec![node],
            next_start: start,
        });
    }
    // Upstream: schedule_one.go findNodesThatPassFilters (from nextStartNodeIndex on, until
    // numNodesToFind fit), findNodesThatFitPod (nextStartNodeIndex moves by the nodes processed)
    let count = judged.len();
    let wanted = feasible_nodes_to_find(count);
    let mut feasible = Vec::with_capacity(wanted);
    let mut processed = 0;
    for i in (0..count).map(|k| (start + k) % count) {
        processed += 1;
        if judged[i].fit == Fit::Fits {
            feasible.push(i);
            if feasible.len() == wanted {
                break;
            }
        }
    }
    let next_start = (start + processed) % count.max(1);
    if feasible.is_empty() {
        let fits: Vec<Fit> = judged.iter().map(|v| v.fit.clone()).collect();
        return Err(Unfit {
            filters: histogram(&fits),
            fits,
        });
    }
    // Upstream: each Score plugin's NormalizeScore (DefaultNormalizeScore for NodeAffinity,
    // reversed for TaintToleration), then the weighted sum. A plugin that scores every node
    // alike (no preferred terms, no PreferNoSchedule taints) adds the same to each and is
    // skipped (None): only the order of the sums picks the node. ImageLocality is one of
    // those here: it looks a pod's image up by the name as written (`perl:5.34.0`, ":latest"
    // added when untagged), while containerd reports the images in a node's status by their
    // full names (`docker.io/library/perl:5.34.0`), so a Docker Hub short name scores 0
    // everywhere (upstream image_locality.go normalizedImageName, its TODO). A full name
    // would score, from the kubelet's image list; jobsim does not publish one.
    let mut totals: Vec<i64> = feasible.iter().map(|&i| judged[i].resources).collect();
    let mut add = |weight: i64, scores: Option<Vec<i64>>| {
        for (total, score) in totals.iter_mut().zip(scores.iter().flatten()) {
            *total += weight * score;
        }
    };
    add(
        3,
        node_scores::normalized(&feasible, true, |i| judged[i].taints),
    );
    if pod_only.prefers {
        add(
            2,
            node_scores::normalized(&feasible, false, |i| judged[i].affinity),
        );
    }
    if let Some(cluster) = cluster {
        add(2, topology_spread::scores(pod, nodes, cluster, &feasible));
        add(
            2,
            inter_pod_affinity::scores(pod, nodes, cluster, &feasible),
        );
    }
    let top = totals.iter().copied().max().unwrap_or_default();
    let mut scores = totals.iter();
    feasible.retain(|_| scores.next() == Some(&top));
    Ok(Best {
        tied: feasible,
        next_start,
    })
}

/// How many nodes that fit the scheduler looks for before it stops filtering: every node of a
/// cluster of less than 100; of a larger one a share that shrinks as the cluster grows (half,
/// less a point per 125 nodes, at least 5 %), and never less than 100.
// Upstream: schedule_one.go numFeasibleNodesToFind (minFeasibleNodesToFind 100,
// minFeasibleNodesPercentageToFind 5; percentageOfNodesToScore unset by default: adaptive)
pub fn feasible_nodes_to_find(nodes: usize) -> usize {
    const MIN_NODES: usize = 100;
    const MIN_PERCENT: usize = 5;
    if nodes < MIN_NODES {
        return nodes;
    }
    let percent = 50usize.saturating_sub(nodes / 125).max(MIN_PERCENT);
    (nodes * percent / 100).max(MIN_NODES)
}

/// The nodes that tie for the best score, in the order they were searched (at least one), and
/// where the next search starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Best {
    tied: Vec<usize>,
    next_start: usize,
}

impl Best {
    /// Where the next pod's search starts: the node after the last this one filtered.
    pub fn next_start(&self) -> usize {
        self.next_start
    }

    /// The node the pod goes to: `draw(n)` picks one of the `n` tied nodes (`0..n`); it is not
    /// asked when one node leads.
    // Upstream: schedule_one.go selectHost (reservoir sampling: each node with the top score
    // is chosen with equal probability)
    pub fn pick(&self, draw: impl FnOnce(u64) -> u64) -> usize {
        let drawn = match self.tied.len() {
            0 | 1 => 0,
            n => usize::try_from(draw(n as u64)).unwrap_or(0),
        };
        let tied = &self.tied;
        tied.get(drawn).or(tied.first()).copied().unwrap_or(0)
    }
}

/// What the filters and scores read of the pod alone, worked out once per attempt.
struct PodOnly<'a> {
    spec: &'a PodSpec,
    /// The nodes the required terms pin the pod to by name, when they do.
    pinned: Option<BTreeSet<&'a str>>,
    /// The pod has a nodeSelector or required node affinity terms.
    by_node_affinity: bool,
    /// The pod has preferred node affinity terms.
    prefers: bool,
    takes: &'a PodUsage,
}

impl PodOnly<'_> {
    /// The node-only filters' verdict on a node (those about other pods aside), and for a node
    /// that passes them its node-only scores.
    fn judge(&self, node: &NodeSpec, usage: &NodeUsage) -> Verdict {
        let spec = self.spec;
        let tolerations = spec.tolerations.as_deref().unwrap_or_default();
        let fit = if self
            .pinned
            .as_ref()
            .is_some_and(|names| !names.contains(node.name.as_str()))
        {
            Fit::Unresolvable(node_affinity::NOT_PINNED)
        } else if node.unschedulable {
            Fit::Unresolvable("node(s) were unschedulable")
        } else if node.taints.iter().any(|t| {
            matches!(t.effect.as_str(), "NoSchedule" | "NoExecute") && !tolerated(tolerations, t)
        }) {
            Fit::Unresolvable("node(s) had untolerated taint(s)")
        } else if self.by_node_affinity && !node_affinity::required_matches(spec, node) {
            Fit::Unresolvable(node_affinity::NOT_MATCHED)
        } else {
            resources_fit(usage, &self.takes.requests)
        };
        if fit != Fit::Fits {
            return Verdict {
                fit,
                taints: 0,
                affinity: 0,
                resources: 0,
            };
        }
        Verdict {
            fit,
            taints: node_scores::intolerable_prefer_no_schedule(spec, node),
            affinity: if self.prefers {
                node_affinity::preferred_score(spec, node)
            } else {
                0
            },
            resources: node_scores::least_allocated(usage, &self.takes.scored)
                + node_scores::balanced_allocation(usage, &self.takes.requests),
        }
    }
}

/// Why a pod fits on no node: the filters' reasons (or the PreFilter's), and each node's fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unfit {
    filters: String,
    pub fits: Vec<Fit>,
}

/// What the PostFilter plugins made of a pod that fits nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostFilter {
    /// Preemption made room on a node: the pod is nominated there.
    Nominated,
    /// The pod may not preempt (the reason, in the plugin's words).
    NotEligible(&'static str),
    /// No node would make room: each node's outcome.
    NoCandidate(Vec<Fit>),
}

impl Unfit {
    /// FailedScheduling's message: the filters' reasons, then what the PostFilter plugins
    /// found — dynamic resources, nothing to free for a pod without claims; preemption, its
    /// verdict (a nomination says nothing more).
    // Upstream: framework/types.go FitError.Error; runtime/framework.go RunPostFilterPlugins
    // (the first success ends them, with no message); dynamicresources.go PostFilter ("no new
    // claims to deallocate"); default_preemption.go PostFilter ("preemption: ")
    pub fn message(&self, post_filter: &PostFilter) -> String {
        let all = self.fits.len();
        let filters = &self.filters;
        let preemption = match post_filter {
            PostFilter::Nominated => return format!("0/{all} nodes are available: {filters}."),
            PostFilter::NotEligible(why) => (*why).to_string(),
            PostFilter::NoCandidate(outcomes) => {
                format!("0/{all} nodes are available: {}.", histogram(outcomes))
            }
        };
        format!(
            "0/{all} nodes are available: {filters}. no new claims to deallocate, preemption: {preemption}"
        )
    }
}

/// How a node fared in the filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fit {
    Fits,
    /// Ruled out by what removing pods cannot change (the node, its taints, the affinity).
    Unresolvable(&'static str),
    /// Ruled out by the pods already placed (anti-affinity, topology spread).
    Conflicts(&'static str),
    /// Too full: the resources it lacks.
    Full(Vec<String>),
}

#[inline]
pub(super) fn resources_fit(usage: &NodeUsage, requests: &Amounts) -> Fit {
    let mut short = shortages(usage, requests).peekable();
    if short.peek().is_none() {
        return Fit::Fits;
    }
    let lacks = short.map(|r| match r {
        PODS => "Too many pods".to_string(),
        r => format!("Insufficient {}", RESOURCES[r]),
    });
    Fit::Full(lacks.collect())
}

/// What the node lacks for the pod, by place in [`RESOURCES`]: room for one more pod first,
/// then each resource it requests more of than is left. Lazy: the first shortage settles
/// whether the pod fits.
// Upstream: noderesources/fit.go fitsRequest (the pod count first, then each request)
fn shortages<'a>(usage: &'a NodeUsage, requests: &'a Amounts) -> impl Iterator<Item = usize> + 'a {
    let too_many_pods = usage.used[PODS] + ONE_POD > usage.allocatable[PODS];
    let short = |r: &usize| {
        let want = requests[*r];
        want > 0 && usage.used[*r].saturating_add(want) > usage.allocatable[*r]
    };
    too_many_pods
        .then_some(PODS)
        .into_iter()
        .chain((0..PODS).filter(short))
}

/// The filters' reasons, each with the number of nodes it ruled out, sorted as strings.
// Upstream: framework/types.go FitError.Error (sortReasonsHistogram)
fn histogram(fits: &[Fit]) -> String {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for fit in fits {
        match fit {
            Fit::Fits => {}
            Fit::Unresolvable(reason) | Fit::Conflicts(reason) => {
                *reasons.entry(reason).or_default() += 1
            }
            Fit::Full(lacks) => {
                for lack in lacks {
                    *reasons.entry(lack).or_default() += 1;
                }
            }
        }
    }
    let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort();
    parts.join(", ")
}

/// Whether one of the tolerations tolerates the taint.
// Upstream: staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint
pub fn tolerated(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates(t, taint))
}

/// Whether a toleration tolerates a taint (an empty effect or key matches all).
// Upstream: core/v1/toleration.go ToleratesTaint
pub fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    let effect = t.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match t.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::ResourceRequirements;
    use crate::api::{Container, PodSpec, Quantity, StringMap};

    #[test]
    fn usages_are_equal_only_when_every_amount_is() {
        let usage = NodeUsage {
            allocatable: [8, 16, 0, 110],
            used: [1, 2, 0, 3],
            scored: [1, 2, 0, 3],
            with_affinity: 1,
        };
        assert_eq!(usage, NodeUsage { ..usage });
        for amount in 0..13 {
            let mut other = usage;
            match amount {
                0..4 => other.allocatable[amount] += 1,
                4..8 => other.used[amount - 4] -= 1,
                8..12 => other.scored[amount - 8] += 1,
                _ => other.with_affinity = 0,
            }
            assert_ne!(usage, other, "amount {amount}");
        }
    }

    fn node(name: &str, cpu: i64) -> NodeSpec {
        NodeSpec {
            name: name.into(),
            allocatable: BTreeMap::from([
                ("cpu".into(), cpu),
                ("memory".into(), 1 << 40),
                ("pods".into(), 110_000),
            ]),
            labels: StringMap::new(),
            unschedulable: false,
            taints: Vec::new(),
        }
    }

    /// The node the pod goes to, or FailedScheduling's message when no other pod could be
    /// preempted.
    fn placed(pod: &Pod, nodes: &[NodeSpec], usage: &[NodeUsage]) -> Result<usize, String> {
        let verdicts = &mut NodeVerdicts::default();
        schedule(pod, &PodUsage::of(pod), nodes, usage, None, verdicts, 0)
            .map(|best| best.pick(|_| 0))
            .map_err(|unfit| {
                let nobody = vec![Vec::new(); nodes.len()];
                let (verdict, _) =
                    super::super::preemption::preempt(pod, &unfit, usage, &nobody, false, |_| 0);
                unfit.message(&verdict)
            })
    }

    /// The nodes' usage, with the given cpu used on the first ones.
    fn usage(nodes: &[NodeSpec], cpu_used: &[i64]) -> Vec<NodeUsage> {
        nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeUsage {
                allocatable: allocatable(n),
                used: [cpu_used.get(i).copied().unwrap_or(0), 0, 0, 0],
                scored: [cpu_used.get(i).copied().unwrap_or(0), 0, 0, 0],
                with_affinity: 0,
            })
            .collect()
    }

    #[test]
    fn a_large_cluster_is_searched_in_part_from_where_the_last_search_stopped() {
        // Upstream's numFeasibleNodesToFind for these cluster sizes.
        let wanted = [50, 99, 100, 150, 1000, 5000, 6000].map(feasible_nodes_to_find);
        assert_eq!(wanted, [50, 99, 100, 100, 420, 500, 300]);
        let nodes: Vec<NodeSpec> = (0..150).map(|i| node(&format!("n{i}"), 4000)).collect();
        let usage = usage(&nodes, &[]);
        let search = |start: usize| {
            let verdicts = &mut NodeVerdicts::default();
            let pod = pod("100m");
            schedule(
                &pod,
                &PodUsage::of(&pod),
                &nodes,
                &usage,
                None,
                verdicts,
                start,
            )
            .unwrap()
        };
        // 100 of the 150 empty nodes are filtered, and they all tie.
        let first = search(0);
        assert_eq!(first.tied, (0..100).collect::<Vec<_>>());
        assert_eq!(first.next_start(), 100);
        let second = search(100);
        assert_eq!(second.tied, (100..150).chain(0..50).collect::<Vec<_>>());
        assert_eq!(second.next_start(), 50);
        // A small cluster is searched whole, from its first node.
        let small = &nodes[..50];
        let verdicts = &mut NodeVerdicts::default();
        let pod = pod("100m");
        let best = schedule(
            &pod,
            &PodUsage::of(&pod),
            small,
            &usage[..50],
            None,
            verdicts,
            0,
        );
        assert_eq!(best.map(|b| (b.tied.len(), b.next_start())), Ok((50, 0)));
    }

    #[test]
    fn a_nominated_pod_goes_to_its_node_when_it_fits_there() {
        let nodes = [node("a", 4000), node("b", 4000)];
        let half = usage(&nodes, &[0, 2000]);
        let mut nominated = pod("1");
        let status = nominated.status.get_or_insert_with(Default::default);
        status.nominated_node_name = Some("b".into());
        // The emptier a would win; b fits, so b it is.
        assert_eq!(placed(&pod("1"), &nodes, &half), Ok(0));
        assert_eq!(placed(&nominated, &nodes, &half), Ok(1));
        // Where it no longer fits, the pod is placed as any other.
        let full = usage(&nodes, &[0, 4000]);
        assert_eq!(placed(&nominated, &nodes, &full), Ok(0));
    }

    fn pod(cpu: &str) -> Pod {
        Pod {
            spec: Some(
                PodSpec {
                    containers: vec![Container {
                        name: "c".into(),
                        resources: Some(ResourceRequirements {
                            requests: Some(StringMap::from_iter([(
                                "cpu".into(),
                                Quantity::parse(cpu).unwrap(),
                            )])),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }],
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn a_pod_too_big_for_every_node_gets_upstreams_message() {
        let nodes = [node("a", 1000), node("b", 1000), node("c", 1000)];
        assert_eq!(
            placed(&pod("2"), &nodes, &usage(&nodes, &[])),
            Err("0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".into())
        );
    }

    #[test]
    fn the_emptiest_node_wins_and_cordoned_nodes_are_skipped() {
        let mut nodes = vec![node("a", 4000), node("b", 4000), node("c", 8000)];
        nodes[2].unschedulable = true;
        let used = usage(&nodes, &[2000]);
        assert_eq!(placed(&pod("1"), &nodes, &used), Ok(1));
        nodes[1].unschedulable = true;
        assert_eq!(
            placed(&pod("3"), &nodes, &used),
            Err(
                "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.".into()
            )
        );
    }

    #[test]
    fn pods_without_requests_are_scored_as_100m_and_200mi_and_spread() {
        let bare = Pod {
            spec: Some(
                PodSpec {
                    containers: vec![Container::default()],
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        };
        assert_eq!(pod_requests(&bare), [0, 0, 0, 1000]);
        assert_eq!(
            nonzero_requests(&bare),
            [100, 200 * 1024 * 1024 * 1000, 0, 1000]
        );
        assert_eq!(
            nonzero_requests(&pod("1")),
            [1000, 200 * 1024 * 1024 * 1000, 0, 1000]
        );
        let nodes = [node("a", 4000), node("b", 4000)];
        let mut used = usage(&nodes, &[]);
        let first = placed(&bare, &nodes, &used).unwrap();
        used[first].account(&bare, 1);
        assert_eq!(used[first].used, [0, 0, 0, 1000]);
        assert_ne!(placed(&bare, &nodes, &used), Ok(first));
    }

    #[test]
    fn a_node_takes_as_many_pods_as_its_allocatable_pods() {
        let mut nodes = vec![node("a", 8000), node("b", 8000), node("c", 1000)];
        nodes[0].allocatable.insert("pods".into(), 2_000);
        nodes[1].allocatable.insert("pods".into(), 2_000);
        let mut used = usage(&nodes, &[0, 0, 1000]);
        for u in used.iter_mut().take(2) {
            u.used[PODS] = 2 * ONE_POD;
        }
        // The reasons read "N reason", sorted as strings (so the 1 before the 2).
        assert_eq!(
            placed(&pod("500m"), &nodes, &used),
            Err("0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".into())
        );
        used[2].used[0] = 0;
        nodes[2].unschedulable = true;
        assert_eq!(
            placed(&pod("500m"), &nodes, &used),
            Err("0/3 nodes are available: 1 node(s) were unschedulable, 2 Too many pods. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.".into())
        );
    }

    #[test]
    fn sidecars_add_to_the_containers_and_the_overhead_to_the_pod() {
        let mut p = pod("500m");
        let spec = p.spec.as_mut().map(std::sync::Arc::make_mut).unwrap();
        let with_cpu = |name: &str, cpu: &str, sidecar: bool| Container {
            restart_policy: sidecar.then(|| "Always".to_string()),
            name: name.into(),
            ..pod(cpu).spec.unwrap().containers[0].clone()
        };
        // The sidecar (300m) runs beside the containers (500m): 800m; the init container
        // (1) beside the sidecar started before it: 1300m, the peak; plus 100m of overhead.
        spec.init_containers = Some(vec![
            with_cpu("shipper", "300m", true),
            with_cpu("setup", "1", false),
        ]);
        spec.overhead = Some(StringMap::from_iter([(
            "cpu".into(),
            Quantity::parse("100m").unwrap(),
        )]));
        assert_eq!(pod_requests(&p)[0], 1_400);
        let nodes = [node("a", 1_300), node("b", 1_400)];
        assert_eq!(placed(&p, &nodes, &usage(&nodes, &[])), Ok(1));
    }

    /// The pod with this `affinity` (as JSON) and `preemptionPolicy`.
    fn with_affinity(cpu: &str, affinity: serde_json::Value, preemption: &str) -> Pod {
        let mut p = pod(cpu);
        let spec = p.spec.as_mut().map(std::sync::Arc::make_mut).unwrap();
        spec.affinity = Some(serde_json::from_value(affinity).unwrap());
        spec.preemption_policy = Some(preemption.into());
        p
    }

    fn zones(nodes: &mut [NodeSpec], zones: &[&str]) {
        for (n, zone) in nodes.iter_mut().zip(zones) {
            n.labels.insert("zone".into(), zone.to_string());
        }
    }

    #[test]
    fn required_node_affinity_rules_nodes_out_and_preemption_cannot_help() {
        let mut nodes = vec![node("a", 4000), node("b", 4000), node("c", 4000)];
        zones(&mut nodes, &["x", "y", "y"]);
        let in_y = serde_json::json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["y"]}]}]}}});
        let p = with_affinity("1", in_y.clone(), "PreemptLowerPriority");
        // Node a is the emptiest, but only b and c are in zone y.
        assert_eq!(placed(&p, &nodes, &usage(&nodes, &[0, 3000, 1000])), Ok(2));
        let big = with_affinity("4", in_y.clone(), "PreemptLowerPriority");
        assert_eq!(
            placed(&big, &nodes, &usage(&nodes, &[0, 3000, 1000])),
            Err("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.".into())
        );
        let never = with_affinity("4", in_y, "Never");
        assert_eq!(
            placed(&never, &nodes, &usage(&nodes, &[0, 3000, 1000])),
            Err("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.".into())
        );
    }

    #[test]
    fn preferred_node_affinity_outweighs_a_fuller_node() {
        let mut nodes = vec![node("a", 4000), node("b", 4000)];
        zones(&mut nodes, &["x", "y"]);
        let prefer_y = serde_json::json!({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 1, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["y"]}]}}]}});
        let p = with_affinity("1", prefer_y, "PreemptLowerPriority");
        // b is 3/4 used: LeastAllocated gives a 87 (cpu 75, memory ~100) and b 62; the
        // preference, weighted 2 × 100, takes b.
        let used = usage(&nodes, &[0, 2000]);
        assert_eq!(placed(&p, &nodes, &used), Ok(1));
        // Once b cannot hold the pod, a takes it.
        assert_eq!(placed(&p, &nodes, &usage(&nodes, &[0, 3500])), Ok(0));
    }

    #[test]
    fn match_fields_pin_a_pod_to_named_nodes_or_conflict() {
        let nodes = [node("a", 4000), node("b", 4000), node("c", 4000)];
        let term = |names: &[&str]| {
            serde_json::json!({"matchFields": names.iter()
            .map(|n| serde_json::json!({"key": "metadata.name", "operator": "In", "values": [n]}))
            .collect::<Vec<_>>()})
        };
        let required = |terms: Vec<serde_json::Value>| {
            serde_json::json!({"nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}})
        };
        let on_c = with_affinity("3", required(vec![term(&["c"])]), "PreemptLowerPriority");
        assert_eq!(placed(&on_c, &nodes, &usage(&nodes, &[])), Ok(2));
        assert_eq!(
            placed(&on_c, &nodes, &usage(&nodes, &[0, 0, 2000])),
            Err("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.".into())
        );
        let nowhere = with_affinity(
            "1",
            required(vec![term(&["a", "b"])]),
            "PreemptLowerPriority",
        );
        assert_eq!(
            placed(&nowhere, &nodes, &usage(&nodes, &[])),
            Err("0/3 nodes are available: pod affinity terms conflict. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.".into())
        );
    }

    proptest::proptest! {
        /// Verdicts kept from one pod to the next of its spec change no outcome: as nodes fill,
        /// empty, are cordoned or tainted, each attempt picks the node (or gives the reasons)
        /// that judging every node afresh gives.
        #[test]
        fn kept_verdicts_pick_as_a_fresh_look_does(
            steps in proptest::collection::vec((0usize..4, 0usize..4, 0i64..3000), 1..40),
        ) {
            let mut nodes = vec![node("a", 4000), node("b", 4000), node("c", 2000), node("d", 8000)];
            let mut used = usage(&nodes, &[]);
            let shared = pod("1");
            let takes = PodUsage::of(&shared);
            let mut kept = NodeVerdicts::default();
            for (what, n, cpu) in steps {
                match what {
                    0 => used[n].used[0] = cpu,
                    1 => used[n].scored[0] = cpu,
                    2 => {
                        nodes[n].unschedulable = !nodes[n].unschedulable;
                        kept.clear();
                    }
                    _ => {
                        nodes[n].taints = vec![Taint {
                            key: "k".into(),
                            value: None,
                            effect: ["NoSchedule", "PreferNoSchedule"][cpu as usize % 2].into(),
                            time_added: None,
                        }];
                        kept.clear();
                    }
                }
                let fresh = schedule(&shared, &takes, &nodes, &used, None, &mut NodeVerdicts::default(), 0);
                let again = schedule(&shared, &takes, &nodes, &used, None, &mut kept, 0);
                proptest::prop_assert_eq!(again, fresh);
            }
        }
    }
}
