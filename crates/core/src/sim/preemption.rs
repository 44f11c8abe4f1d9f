//! The scheduler's DefaultPreemption: when a pod fits nowhere, the fewest and least important
//! lower-priority pods whose removal would make room for it on one node, and that node.
// Upstream: pkg/scheduler/framework/preemption/preemption.go Preempt (findCandidates,
// SelectCandidate, pickOneNodeForPreemption); plugins/defaultpreemption/default_preemption.go
// (PodEligibleToPreemptOthers, SelectVictimsOnNode)

use std::sync::Arc;

use crate::api::priority_class::PREEMPT_NEVER;
use crate::api::{Pod, Time};

use super::scheduler::{
    pod_requests, resources_fit, Amounts, Fit, NodeUsage, PodUsage, PostFilter, Unfit,
};
use super::store::Key;

/// A pod the scheduler counts on a node, as preemption weighs it.
#[derive(Clone, Debug)]
pub struct Resident {
    pub key: Arc<Key>,
    pub priority: i32,
    pub usage: PodUsage,
    /// When its node started it (`status.startTime`).
    pub start: Option<Time>,
}

/// A node where preemption makes room, and the pods it removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub node: usize,
    pub victims: Vec<Arc<Key>>,
}

/// What DefaultPreemption makes of a pod that fits nowhere: the node to nominate and the pods
/// to remove there, or why not. `waiting_for_victims`: pods it preempted before are still
/// terminating on its nominated node. `draw(n)` picks where among the `n` nodes preemption
/// might help the dry run starts (`0..n`); it is asked only when two nodes have candidates.
// Upstream: default_preemption.go PostFilter, PodEligibleToPreemptOthers; preemption.go Preempt
pub fn preempt(
    pod: &Pod,
    unfit: &Unfit,
    usage: &[NodeUsage],
    residents: &[Vec<Resident>],
    waiting_for_victims: bool,
    draw: impl FnOnce(u64) -> u64,
) -> (PostFilter, Option<Candidate>) {
    let spec = pod.spec.as_deref();
    if spec.and_then(|s| s.preemption_policy.as_deref()) == Some(PREEMPT_NEVER) {
        let why = "not eligible due to preemptionPolicy=Never.";
        return (PostFilter::NotEligible(why), None);
    }
    if waiting_for_victims {
        let why = "not eligible due to a terminating pod on the nominated node.";
        return (PostFilter::NotEligible(why), None);
    }
    let priority = spec.and_then(|s| s.priority).unwrap_or(0);
    let requests = pod_requests(pod);
    match find_candidates(&unfit.fits, usage, residents, &requests, priority) {
        Ok(candidates) => {
            match pick_one_node(dry_run_order(candidates, &unfit.fits, draw), residents) {
                Some(best) => (PostFilter::Nominated, Some(best)),
                None => (PostFilter::NoCandidate(Vec::new()), None),
            }
        }
        Err(outcomes) => (PostFilter::NoCandidate(outcomes), None),
    }
}

/// A node with no pod of lower priority than the preemptor.
// Upstream: default_preemption.go SelectVictimsOnNode
const NO_VICTIMS: &str = "No preemption victims found for incoming pod";

/// The victims preemption picks on each node the filters found full, or why none: a node
/// that ruled the pod out otherwise is not helped; a full node without lower-priority pods
/// has no victims; a node still too full without them keeps its filter's reason. `residents`
/// holds each node's pods; `requests` and `priority` are the preemptor's.
// Upstream: preemption.go findCandidates (nodesWherePreemptionMightHelp), DryRunPreemption;
// default_preemption.go SelectVictimsOnNode
fn find_candidates(
    fits: &[Fit],
    usage: &[NodeUsage],
    residents: &[Vec<Resident>],
    requests: &Amounts,
    priority: i32,
) -> Result<Vec<Candidate>, Vec<Fit>> {
    let mut candidates = Vec::new();
    let mut outcomes = Vec::with_capacity(fits.len());
    for (node, fit) in fits.iter().enumerate() {
        let outcome = match fit {
            Fit::Full(_) => select_victims(&usage[node], &residents[node], requests, priority),
            // Removing pods for the sake of the rules about other pods is not simulated: the
            // node stays ruled out as if its lower-priority pods did not matter.
            Fit::Conflicts(_) if residents[node].iter().all(|r| r.priority >= priority) => {
                Err(Fit::Unresolvable(NO_VICTIMS))
            }
            Fit::Conflicts(_) => Err(fit.clone()),
            _ => Err(Fit::Unresolvable(
                "Preemption is not helpful for scheduling",
            )),
        };
        match outcome {
            Ok(victims) => candidates.push(Candidate { node, victims }),
            Err(why) => outcomes.push(why),
        }
    }
    if candidates.is_empty() {
        Err(outcomes)
    } else {
        Ok(candidates)
    }
}

/// Whether removing pods could help on a node the filters ruled out.
// Upstream: preemption.go nodesWherePreemptionMightHelp (not UnschedulableAndUnresolvable)
fn might_help(fit: &Fit) -> bool {
    matches!(fit, Fit::Full(_) | Fit::Conflicts(_))
}

/// The candidates in the order the dry run finds them: it goes through the nodes where
/// preemption might help from a random one on, so that of equally good nodes not always the
/// first is taken.
// Upstream: default_preemption.go GetOffsetAndNumCandidates (rand.Int31n(numNodes));
// preemption.go DryRunPreemption (potentialNodes[(offset+i)%len(potentialNodes)])
fn dry_run_order(
    mut candidates: Vec<Candidate>,
    fits: &[Fit],
    draw: impl FnOnce(u64) -> u64,
) -> Vec<Candidate> {
    if candidates.len() < 2 {
        return candidates;
    }
    let potential: Vec<usize> = (0..fits.len()).filter(|&i| might_help(&fits[i])).collect();
    let start = usize::try_from(draw(potential.len() as u64)).unwrap_or(0);
    let first = potential.get(start).copied().unwrap_or(0);
    let before = candidates.partition_point(|c| c.node < first);
    candidates.rotate_left(before);
    candidates
}

/// On one full node: every lower-priority pod removed, then the most important of them put
/// back while the preemptor still fits; the rest are the victims.
// Upstream: default_preemption.go SelectVictimsOnNode (MoreImportantPod: higher priority, then
// the earlier start)
fn select_victims(
    usage: &NodeUsage,
    residents: &[Resident],
    requests: &Amounts,
    priority: i32,
) -> Result<Vec<Arc<Key>>, Fit> {
    let mut lower: Vec<&Resident> = residents.iter().filter(|r| r.priority < priority).collect();
    if lower.is_empty() {
        return Err(Fit::Unresolvable(NO_VICTIMS));
    }
    let mut room = *usage;
    for r in &lower {
        room.add(&r.usage, -1);
    }
    if let full @ Fit::Full(_) = resources_fit(&room, requests) {
        return Err(full);
    }
    lower.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.start.cmp(&b.start)));
    let mut victims = Vec::new();
    for r in lower {
        room.add(&r.usage, 1);
        if resources_fit(&room, requests) == Fit::Fits {
            continue;
        }
        room.add(&r.usage, -1);
        victims.push(r);
    }
    Ok(victims.into_iter().map(|r| Arc::clone(&r.key)).collect())
}

/// The candidate whose victims matter least: the lowest highest victim priority, then the
/// lowest sum of priorities, the fewest victims, the latest start among the most important
/// victims, then the first found.
// Upstream: preemption.go pickOneNodeForPreemption (no PodDisruptionBudgets to violate here)
fn pick_one_node(candidates: Vec<Candidate>, residents: &[Vec<Resident>]) -> Option<Candidate> {
    let weigh = |c: &Candidate| {
        let victims: Vec<&Resident> = c
            .victims
            .iter()
            .filter_map(|v| residents[c.node].iter().find(|r| &r.key == v))
            .collect();
        let highest = victims.iter().map(|r| r.priority).max().unwrap_or(i32::MIN);
        // Upstream offsets each priority by MaxInt32 + 1 so that negative ones add up as less.
        let sum: i64 = victims
            .iter()
            .map(|r| i64::from(r.priority) + i64::from(i32::MAX) + 1)
            .sum();
        let earliest_of_highest = victims
            .iter()
            .filter(|r| r.priority == highest)
            .filter_map(|r| r.start)
            .min();
        (
            highest,
            sum,
            victims.len(),
            std::cmp::Reverse(earliest_of_highest),
        )
    };
    let mut best: Option<(Candidate, _)> = None;
    for c in candidates {
        let weight = weigh(&c);
        if best.as_ref().is_none_or(|(_, w)| weight < *w) {
            best = Some((c, weight));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pod of `cpu` milli-CPU.
    fn usage_of(cpu: i64) -> PodUsage {
        let mut pod = Pod::default();
        let spec: crate::api::PodSpec = serde_json::from_value(serde_json::json!({
            "containers": [{ "name": "c", "resources": { "requests": { "cpu": format!("{cpu}m") } } }],
        }))
        .unwrap();
        pod.spec = Some(Arc::new(spec));
        PodUsage::of(&pod)
    }

    fn resident(name: &str, priority: i32, cpu: i64) -> Resident {
        Resident {
            key: Arc::new(("default".into(), name.into())),
            priority,
            usage: usage_of(cpu),
            start: None,
        }
    }

    /// A 4-CPU node holding the residents.
    fn node_with(residents: &[Resident]) -> NodeUsage {
        let mut node = NodeUsage {
            allocatable: [4000, 1 << 50, 0, 110_000],
            ..Default::default()
        };
        for r in residents {
            node.add(&r.usage, 1);
        }
        node
    }

    fn names(victims: &[Arc<Key>]) -> Vec<&str> {
        victims.iter().map(|k| k.1.as_str()).collect()
    }

    #[test]
    fn the_most_important_lower_pods_are_put_back_first() {
        let residents = [
            resident("low-a", 1, 1000),
            resident("mid", 50, 2000),
            resident("low-b", 1, 1000),
        ];
        let node = node_with(&residents);
        let victims = select_victims(&node, &residents, &[1000, 0, 0, 1000], 100).unwrap();
        // `mid` is put back first (2 of 4 CPUs), then one low pod beside it; 1 CPU is left.
        assert_eq!(names(&victims), ["low-b"]);
        let victims = select_victims(&node, &residents, &[2000, 0, 0, 1000], 100).unwrap();
        assert_eq!(names(&victims), ["low-a", "low-b"]);
    }

    #[test]
    fn a_node_without_lower_pods_or_room_even_without_them_has_no_victims() {
        let equal = [resident("peer", 100, 4000)];
        let err = select_victims(&node_with(&equal), &equal, &[1000, 0, 0, 1000], 100);
        assert_eq!(
            err,
            Err(Fit::Unresolvable(
                "No preemption victims found for incoming pod"
            ))
        );
        let small = [resident("low", 1, 1000), resident("high", 500, 3000)];
        let err = select_victims(&node_with(&small), &small, &[2000, 0, 0, 1000], 100);
        assert_eq!(err, Err(Fit::Full(vec!["Insufficient cpu".into()])));
    }

    #[test]
    fn the_node_whose_victims_matter_least_is_picked() {
        let residents = vec![
            vec![resident("a-mid", 50, 4000)],
            vec![resident("b-low", 1, 2000), resident("b-low2", 1, 2000)],
            vec![resident("c-low", 1, 4000)],
        ];
        let candidates: Vec<Candidate> = residents
            .iter()
            .enumerate()
            .map(|(node, pods)| Candidate {
                node,
                victims: pods.iter().map(|r| Arc::clone(&r.key)).collect(),
            })
            .collect();
        // a's victim has the highest priority; b's two add up to more than c's one.
        assert_eq!(pick_one_node(candidates, &residents).unwrap().node, 2);
    }

    #[test]
    fn the_dry_run_starts_at_the_drawn_node_where_preemption_might_help() {
        let full = || Fit::Full(vec!["Insufficient cpu".into()]);
        // Node 1 is ruled out for good; preemption might help on 0, 2 and 3, with candidates
        // on 0 and 3.
        let fits = [full(), Fit::Unresolvable("taint"), full(), full()];
        let candidates = || {
            [0, 3]
                .map(|node| Candidate {
                    node,
                    victims: Vec::new(),
                })
                .to_vec()
        };
        let first = |drawn: u64| {
            let mut asked = None;
            let order = dry_run_order(candidates(), &fits, |n| {
                asked = Some(n);
                drawn
            });
            (asked, order[0].node, order.len())
        };
        assert_eq!(first(0), (Some(3), 0, 2), "from node 0");
        assert_eq!(first(1), (Some(3), 3, 2), "from node 2: node 3 comes first");
        assert_eq!(first(2), (Some(3), 3, 2), "from node 3");
        let one = vec![Candidate {
            node: 2,
            victims: Vec::new(),
        }];
        let order = dry_run_order(one, &fits, |_| unreachable!("no draw for one candidate"));
        assert_eq!(order[0].node, 2);
    }
}
