//! What the scheduler made of each node for the last pods of one spec, kept for the next such
//! pod: the pods of a Job share their spec, and between two of them only the nodes a pod was
//! bound to or left changed, so only those are judged again. A verdict is kept with the
//! node usage it was judged on and holds while that usage does; a change to a node itself
//! (cordon, taints) clears them all.
// Upstream: kube-scheduler's equivalence cache once kept the predicates' results per class of
// equal pods in the same way (since removed). Here it changes no outcome, only how often the
// same sums are done again.

use std::sync::Arc;

use crate::api::{Pod, PodSpec};

use super::scheduler::{Fit, NodeUsage, PodUsage};

/// The filters' and the node-only scores' verdict on one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub fit: Fit,
    /// TaintToleration's raw score: the node's PreferNoSchedule taints the pod does not
    /// tolerate (0 for a node that does not fit).
    pub taints: i64,
    /// NodeAffinity's raw score: the weights of the preferred terms the node matches.
    pub affinity: i64,
    /// LeastAllocated and BalancedAllocation, weighted 1 each.
    pub resources: i64,
}

/// The verdicts on the nodes, in their order, for pods of one spec.
#[derive(Clone, Debug, Default)]
pub struct NodeVerdicts {
    /// The spec judged for, held so that no other spec can take its place in memory.
    spec: Option<Arc<PodSpec>>,
    /// What a pod of the spec takes of a node, once asked.
    takes: Option<PodUsage>,
    /// The usage each node was judged on.
    judged_on: Vec<NodeUsage>,
    verdicts: Vec<Verdict>,
}

impl NodeVerdicts {
    /// Forgets every verdict: a node changed.
    pub fn clear(&mut self) {
        self.judged_on.clear();
        self.verdicts.clear();
    }

    /// What the pod takes of a node ([`PodUsage::of`], which reads only its spec).
    pub fn takes(&mut self, pod: &Pod) -> PodUsage {
        let Some(spec) = pod.spec.as_ref() else {
            return PodUsage::of(pod);
        };
        self.judge_for(spec);
        *self.takes.get_or_insert_with(|| PodUsage::of(pod))
    }

    /// Each node's verdict for a pod of `spec`: the kept one while its node's usage is
    /// unchanged, else `judge`'s (by the node's place).
    pub fn of(
        &mut self,
        spec: &Arc<PodSpec>,
        usage: &[NodeUsage],
        judge: impl Fn(usize) -> Verdict,
    ) -> &[Verdict] {
        self.judge_for(spec);
        if self.judged_on.len() != usage.len() {
            self.judged_on = usage.to_vec();
            self.verdicts = (0..usage.len()).map(judge).collect();
        } else {
            let nodes = self.judged_on.iter_mut().zip(&mut self.verdicts);
            for (i, (judged_on, verdict)) in nodes.enumerate() {
                if *judged_on != usage[i] {
                    *judged_on = usage[i];
                    *verdict = judge(i);
                }
            }
        }
        &self.verdicts
    }

    /// Starts over for a spec other than the one judged for.
    fn judge_for(&mut self, spec: &Arc<PodSpec>) {
        if !self.spec.as_ref().is_some_and(|s| Arc::ptr_eq(s, spec)) {
            *self = NodeVerdicts {
                spec: Some(Arc::clone(spec)),
                ..NodeVerdicts::default()
            };
        }
    }
}
