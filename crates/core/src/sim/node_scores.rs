//! The scores that read only the pod and each node: how much room the node has left
//! (LeastAllocated), how evenly its CPU and memory are taken (BalancedAllocation), and how many
//! of its PreferNoSchedule taints the pod does not tolerate (TaintToleration).

use crate::api::pod::Toleration;
use crate::api::PodSpec;

use super::scenario::NodeSpec;
use super::scheduler::{tolerates, Amounts, NodeUsage};

/// The highest score a plugin gives a node. Upstream: framework/interface.go MaxNodeScore
const MAX_NODE_SCORE: i64 = 100;

/// The mean over CPU and memory of the share left free once the pod is added, counting the
/// pods' requests with the scheduler's defaults for those that request nothing.
// Upstream: pkg/scheduler/framework/plugins/noderesources/least_allocated.go
pub fn least_allocated(usage: &NodeUsage, scored: &Amounts) -> i64 {
    // A resource the node has none of scores 0.
    let free_share = |r: usize| {
        let have = usage.allocatable[r];
        let taken = usage.scored[r] + scored[r];
        if have <= 0 {
            0
        } else {
            (have - taken).max(0).saturating_mul(MAX_NODE_SCORE) / have
        }
    };
    // cpu and memory, the first two of RESOURCES.
    (free_share(0) + free_share(1)) / 2
}

/// How close the node's CPU and memory shares in use (the pods' own requests, the pod's
/// added) are to each other: 100 less half their difference in percent. A pod that requests
/// neither is not scored (0 everywhere).
// Upstream: noderesources/balanced_allocation.go PreScore (best-effort pods skipped),
// balancedResourceScorer (two resources: std = |f1 - f2| / 2)
pub fn balanced_allocation(usage: &NodeUsage, requests: &Amounts) -> i64 {
    if requests[..2].iter().all(|&r| r == 0) {
        return 0;
    }
    // A resource the node has none of is left out; with one left the deviation is 0.
    let fraction = |r: usize| {
        let have = usage.allocatable[r];
        (have > 0).then(|| ((usage.used[r] + requests[r]) as f64 / have as f64).min(1.0))
    };
    let std = match (fraction(0), fraction(1)) {
        (Some(a), Some(b)) => ((a - b) / 2.0).abs(),
        _ => 0.0,
    };
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

/// How many of the node's PreferNoSchedule taints the pod's tolerations (those for that
/// effect or any) leave untolerated.
// Upstream: tainttoleration/taint_toleration.go getAllTolerationPreferNoSchedule,
// countIntolerableTaintsPreferNoSchedule
pub fn intolerable_prefer_no_schedule(spec: &PodSpec, node: &NodeSpec) -> i64 {
    if node.taints.is_empty() {
        return 0;
    }
    let tolerations = spec.tolerations.as_deref().unwrap_or_default();
    let for_the_effect = |t: &&Toleration| {
        matches!(
            t.effect.as_deref(),
            None | Some("") | Some("PreferNoSchedule")
        )
    };
    let intolerable = node.taints.iter().filter(|taint| {
        taint.effect == "PreferNoSchedule"
            && !tolerations
                .iter()
                .filter(for_the_effect)
                .any(|t| tolerates(t, taint))
    });
    intolerable.count() as i64
}

/// Scales the nodes' scores to 0–100, the highest to 100 (all stay 0 when none scored); when
/// `reverse`, the lowest gets 100 instead (all 100 when none scored).
// Upstream: plugins/helper/normalize_score.go DefaultNormalizeScore
pub fn normalize(scores: &mut [i64], reverse: bool) {
    let best = scores.iter().copied().max().unwrap_or(0);
    for score in scores {
        let scaled = if best == 0 {
            0
        } else {
            MAX_NODE_SCORE * *score / best
        };
        *score = if reverse {
            MAX_NODE_SCORE - scaled
        } else {
            scaled
        };
    }
}

/// A plugin's normalized scores of the feasible nodes (`raw` scores one by its index), or
/// `None` when it scores none of them: all would then get the same, which changes no winner.
pub fn normalized(
    feasible: &[usize],
    reverse: bool,
    raw: impl Fn(usize) -> i64,
) -> Option<Vec<i64>> {
    if feasible.iter().all(|&i| raw(i) == 0) {
        return None;
    }
    let mut scores: Vec<i64> = feasible.iter().map(|&i| raw(i)).collect();
    normalize(&mut scores, reverse);
    Some(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::node::Taint;

    fn usage(cpu: (i64, i64), memory: (i64, i64)) -> NodeUsage {
        NodeUsage {
            allocatable: [cpu.1, memory.1, 0, 110_000],
            used: [cpu.0, memory.0, 0, 0],
            scored: [cpu.0, memory.0, 0, 0],
            with_affinity: 0,
        }
    }

    #[test]
    fn balanced_allocation_prefers_the_node_whose_cpu_and_memory_match() {
        let pod = [1000, 1000, 0, 1000];
        // 50 % cpu and 50 % memory once added: perfectly balanced.
        assert_eq!(
            balanced_allocation(&usage((1000, 4000), (1000, 4000)), &pod),
            100
        );
        // 50 % cpu, 25 % memory: std 0.125.
        assert_eq!(
            balanced_allocation(&usage((1000, 4000), (1000, 8000)), &pod),
            87
        );
        // A pod that requests nothing is not scored.
        let best_effort = [0, 0, 0, 1000];
        assert_eq!(
            balanced_allocation(&usage((0, 1000), (0, 8000)), &best_effort),
            0
        );
    }

    #[test]
    fn untolerated_prefer_no_schedule_taints_are_counted() {
        let taint = |key: &str, effect: &str| Taint {
            key: key.into(),
            effect: effect.into(),
            ..Taint::default()
        };
        let node = NodeSpec {
            name: "n".into(),
            allocatable: Default::default(),
            labels: Default::default(),
            unschedulable: false,
            taints: vec![
                taint("a", "PreferNoSchedule"),
                taint("b", "PreferNoSchedule"),
                taint("c", "NoSchedule"),
            ],
        };
        let mut spec = PodSpec::default();
        assert_eq!(intolerable_prefer_no_schedule(&spec, &node), 2);
        spec.tolerations = Some(vec![
            Toleration {
                key: Some("a".into()),
                operator: Some("Exists".into()),
                ..Toleration::default()
            },
            // A toleration for another effect does not count.
            Toleration {
                key: Some("b".into()),
                operator: Some("Exists".into()),
                effect: Some("NoSchedule".into()),
                ..Toleration::default()
            },
        ]);
        assert_eq!(intolerable_prefer_no_schedule(&spec, &node), 1);
    }

    #[test]
    fn a_plugin_that_scores_no_feasible_node_is_left_out() {
        let raw = [0, 3, 0, 6];
        assert_eq!(normalized(&[0, 2], false, |i| raw[i]), None);
        assert_eq!(normalized(&[0, 2], true, |i| raw[i]), None);
        assert_eq!(normalized(&[1, 3], false, |i| raw[i]), Some(vec![50, 100]));
        assert_eq!(normalized(&[0, 3], true, |i| raw[i]), Some(vec![100, 0]));
    }

    #[test]
    fn normalize_scales_to_the_highest_or_reversed() {
        let mut scores = [0, 1, 2];
        normalize(&mut scores, false);
        assert_eq!(scores, [0, 50, 100]);
        let mut scores = [0, 1, 2];
        normalize(&mut scores, true);
        assert_eq!(scores, [100, 50, 0]);
        let mut none = [0, 0];
        normalize(&mut none, true);
        assert_eq!(none, [100, 100]);
    }
}
