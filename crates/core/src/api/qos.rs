//! A pod's quality-of-service class, which the API server writes into its status at creation
//! and `kubectl describe pod` prints.

use super::PodSpec;

/// BestEffort without requests or limits, Guaranteed when every container limits cpu and
/// memory and requests (if given) equal them, else Burstable.
// Upstream: pkg/apis/core/helper/qos/qos.go GetPodQOS (simplified to cpu and memory)
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for c in &spec.containers {
        let resources = c.resources.as_ref();
        let limits = resources.and_then(|r| r.limits.as_ref());
        let requests = resources.and_then(|r| r.requests.as_ref());
        any |= limits.is_some_and(|l| !l.is_empty()) || requests.is_some_and(|r| !r.is_empty());
        for name in ["cpu", "memory"] {
            let limit = limits.and_then(|l| l.get(name));
            let request = requests.and_then(|r| r.get(name)).or(limit);
            if limit.is_none() || request != limit {
                guaranteed = false;
            }
        }
    }
    match (any, guaranteed) {
        (false, _) => "BestEffort",
        (true, true) => "Guaranteed",
        (true, false) => "Burstable",
    }
}
