//! A pod's total requests and limits, summed over its containers as the kubelet admits it and
//! `kubectl describe node` counts it.

use super::pod::{Container, PodSpec, ResourceList, ResourceRequirements};
use super::quantity::Quantity;
use super::Pod;

/// Resource amounts that add up and take the larger, resource by resource: a resource list,
/// or the scheduler's fixed table of the resources it counts.
pub trait Amounts: Default + Clone {
    fn add(&mut self, more: &Self);
    /// Raises each resource to at least `other`'s.
    fn at_least(&mut self, other: &Self);
    /// Sets (`add`: adds to) one resource, named as in a resource list; amounts that do not
    /// count it ignore it.
    fn put(&mut self, name: &str, quantity: Quantity, add: bool);
}

impl Amounts for ResourceList {
    fn add(&mut self, more: &Self) {
        add_resource_list(self, Some(more));
    }

    fn at_least(&mut self, other: &Self) {
        max_into(self, other);
    }

    fn put(&mut self, name: &str, quantity: Quantity, add: bool) {
        let sum = match self.get(name) {
            Some(q) if add => q.plus(quantity),
            _ => quantity,
        };
        self.insert(name.to_string(), sum);
    }
}

/// A pod's requests, each container's given by `of`: the containers' and sidecars' sum, at
/// least what any init container needs beside the sidecars started before it, pod-level
/// requests in place of the containers' for the resources they name, plus the pod's overhead.
// Upstream: staging/src/k8s.io/component-helpers/resource/helpers.go PodRequests
pub fn requests_of<A: Amounts>(spec: &PodSpec, of: impl Fn(&Container) -> A) -> A {
    let mut requests = aggregate(spec, of);
    let pod_level = spec.resources.as_ref().and_then(|r| r.requests.as_ref());
    if pod_level.is_some_and(names_pod_level_resource) {
        apply_pod_level(&mut requests, pod_level);
    }
    for (name, quantity) in spec.overhead.iter().flatten() {
        requests.put(name, *quantity, true);
    }
    requests
}

/// The requests of the pod, as [`requests_of`] sums them. (The simulated pods are never
/// resized in place, so their status resources equal their spec's.)
pub fn pod_requests(pod: &Pod) -> ResourceList {
    let Some(spec) = pod.spec.as_deref() else {
        return ResourceList::new();
    };
    requests_of(spec, |c| list_of(c, |r| r.requests.as_ref()))
}

/// The limits of the pod, summed as its requests are; the overhead adds only to a limit that
/// is set and not zero.
// Upstream: component-helpers/resource/helpers.go PodLimits
pub fn pod_limits(pod: &Pod) -> ResourceList {
    let Some(spec) = pod.spec.as_deref() else {
        return ResourceList::new();
    };
    let mut limits = aggregate(spec, |c| list_of(c, |r| r.limits.as_ref()));
    let pod_level = spec.resources.as_ref();
    let requests = pod_level.and_then(|r| r.requests.as_ref());
    let pod_limits = pod_level.and_then(|r| r.limits.as_ref());
    if requests.is_some_and(names_pod_level_resource)
        || pod_limits.is_some_and(names_pod_level_resource)
    {
        apply_pod_level(&mut limits, pod_limits);
    }
    for (name, extra) in spec.overhead.iter().flatten() {
        if let Some(limit) = limits.get_mut(name).filter(|l| !l.is_zero()) {
            *limit = limit.plus(*extra);
        }
    }
    limits
}

/// The containers' resources of one kind: the regular containers and the sidecars (restartable
/// init containers) summed, at least the most any init container needs while it runs beside
/// the sidecars started before it.
// Upstream: component-helpers/resource/helpers.go aggregateContainerResourcesByFn
fn aggregate<A: Amounts>(spec: &PodSpec, of: impl Fn(&Container) -> A) -> A {
    let mut total = A::default();
    for c in &spec.containers {
        total.add(&of(c));
    }
    let mut sidecars = A::default();
    let mut init_peak = A::default();
    for c in spec.init_containers.iter().flatten() {
        let own = of(c);
        let running = if c.is_restartable_init_container() {
            total.add(&own);
            sidecars.add(&own);
            sidecars.clone()
        } else {
            let mut beside = own;
            beside.add(&sidecars);
            beside
        };
        init_peak.at_least(&running);
    }
    total.at_least(&init_peak);
    total
}

/// Requests or limits.
type Kind = for<'a> fn(&'a ResourceRequirements) -> Option<&'a ResourceList>;

/// A container's requests or limits.
fn list_of(container: &Container, kind: Kind) -> ResourceList {
    container
        .resources
        .as_ref()
        .and_then(kind)
        .cloned()
        .unwrap_or_default()
}

/// Adds `more` to `list`, resource by resource.
// Upstream: component-helpers/resource/helpers.go addResourceList
pub fn add_resource_list(list: &mut ResourceList, more: Option<&ResourceList>) {
    for (name, quantity) in more.into_iter().flatten() {
        let sum = list.get(name).map_or(*quantity, |q| q.plus(*quantity));
        list.insert(name.clone(), sum);
    }
}

/// Upstream: component-helpers/resource/helpers.go maxResourceList
fn max_into(list: &mut ResourceList, other: &ResourceList) {
    for (name, quantity) in other.iter() {
        if list.get(name).is_none_or(|q| quantity > q) {
            list.insert(name.clone(), *quantity);
        }
    }
}

/// Whether pod-level resources name a resource they may set: cpu, memory or huge pages.
// Upstream: component-helpers/resource/helpers.go IsPodLevelRequestsSet,
// IsSupportedPodLevelResource
fn names_pod_level_resource(list: &ResourceList) -> bool {
    list.iter().any(|(name, _)| is_pod_level_resource(name))
}

fn is_pod_level_resource(name: &str) -> bool {
    name == "cpu" || name == "memory" || name.starts_with("hugepages-")
}

/// Upstream: component-helpers/resource/helpers.go applyPodLevelResources
fn apply_pod_level<A: Amounts>(amounts: &mut A, pod_level: Option<&ResourceList>) {
    for (name, quantity) in pod_level.into_iter().flatten() {
        if is_pod_level_resource(name) {
            amounts.put(name, *quantity, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(json: &str) -> Pod {
        serde_json::from_str(json).expect("a pod")
    }

    fn text(list: &ResourceList) -> Vec<String> {
        list.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    #[test]
    fn containers_sum_and_an_init_container_sets_a_floor() {
        let p = pod(r#"{"spec": {
            "initContainers": [{"name": "init", "resources": {"requests": {"cpu": "2"}}}],
            "containers": [
                {"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "128Mi"},
                                            "limits": {"memory": "256Mi"}}},
                {"name": "b", "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}}
            ],
            "overhead": {"cpu": "100m", "memory": "10Mi"}}}"#);
        assert_eq!(text(&pod_requests(&p)), ["cpu=2100m", "memory=202Mi"]);
        assert_eq!(text(&pod_limits(&p)), ["memory=266Mi"]);
    }

    #[test]
    fn a_sidecar_runs_beside_the_containers_and_the_later_init_containers() {
        let p = pod(r#"{"spec": {
            "initContainers": [
                {"name": "side", "restartPolicy": "Always", "resources": {"requests": {"cpu": "1"}}},
                {"name": "init", "resources": {"requests": {"cpu": "2"}}}
            ],
            "containers": [{"name": "a", "resources": {"requests": {"cpu": "500m"}}}]}}"#);
        assert_eq!(text(&pod_requests(&p)), ["cpu=3"]);
    }

    #[test]
    fn pod_level_resources_replace_the_containers_sum() {
        let p = pod(r#"{"spec": {
            "resources": {"requests": {"cpu": "4"}, "limits": {"memory": "1Gi"}},
            "containers": [{"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "1Mi"}}}]}}"#);
        assert_eq!(text(&pod_requests(&p)), ["cpu=4", "memory=1Mi"]);
        assert_eq!(text(&pod_limits(&p)), ["memory=1Gi"]);
    }
}
