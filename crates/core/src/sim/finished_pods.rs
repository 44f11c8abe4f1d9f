//! The finished pods (Succeeded or Failed) in the order the pod garbage collector deletes them,
//! kept up to date as pods finish and go, so that a pass reads the oldest few instead of sorting
//! every pod of the cluster as upstream's does each time (the same pods, in the same order).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::api::{Pod, Time};
use crate::controllers::pod_gc::{is_evicted, GcRank};

use super::store::Key;

/// A finished pod's place in the collector's order; the store keeps it with the pod, so that
/// the entry is found again whatever the pod became since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    evicted: bool,
    created: Option<Time>,
    key: Arc<Key>,
}

impl Finished {
    pub fn of(pod: &Pod, key: &Arc<Key>) -> Self {
        Finished {
            evicted: is_evicted(pod),
            created: pod.metadata.creation_timestamp,
            key: Arc::clone(key),
        }
    }

    fn rank(&self) -> GcRank<'_> {
        GcRank {
            evicted: self.evicted,
            created: self.created,
            namespace: &self.key.0,
            name: &self.key.1,
        }
    }
}

impl Ord for Finished {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().deleted_before(&other.rank())
    }
}

impl PartialOrd for Finished {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Default)]
pub struct FinishedPods(BTreeSet<Finished>);

impl FinishedPods {
    /// Keeps a pod's entry (`entry`, kept with the pod) in step with the pod: added when it
    /// finishes, moved when it is found evicted, taken out if it runs again.
    pub fn follow(&mut self, pod: &Pod, key: &Arc<Key>, entry: &mut Option<Finished>) {
        let finished = pod.is_terminal();
        let in_step = match entry {
            Some(e) => {
                finished
                    && e.evicted == is_evicted(pod)
                    && e.created == pod.metadata.creation_timestamp
            }
            None => !finished,
        };
        if in_step {
            return;
        }
        if let Some(old) = entry.take() {
            self.0.remove(&old);
        }
        if finished {
            let new = Finished::of(pod, key);
            self.0.insert(new.clone());
            *entry = Some(new);
        }
    }

    pub fn remove(&mut self, entry: &Finished) {
        self.0.remove(entry);
    }

    /// The first `n` pods the collector would delete.
    pub fn first(&self, n: usize) -> impl Iterator<Item = &Arc<Key>> {
        self.0.iter().take(n).map(|f| &f.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ObjectMeta, PodStatus};

    fn pod(name: &str, created: u8, phase: &str, reason: Option<&str>) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                creation_timestamp: Some(
                    Time::parse(&format!("2026-01-01T00:00:0{created}Z")).unwrap(),
                ),
                ..Default::default()
            },
            status: Some(PodStatus {
                phase: Some(phase.to_string().into()),
                reason: reason.map(Into::into),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn names(pods: &FinishedPods) -> Vec<&str> {
        pods.first(usize::MAX).map(|k| k.1.as_str()).collect()
    }

    #[test]
    fn the_first_are_the_collectors_whatever_order_the_pods_finished_in() {
        let mut pods = FinishedPods::default();
        let mut entries = Vec::new();
        for (name, created, phase, reason) in [
            ("c", 3, "Succeeded", None),
            ("running", 0, "Running", None),
            ("b", 1, "Failed", None),
            ("evicted", 9, "Failed", Some("Evicted")),
            ("a", 1, "Succeeded", None),
        ] {
            let key = Arc::new(("default".to_string(), name.to_string()));
            let mut entry = None;
            pods.follow(&pod(name, created, phase, reason), &key, &mut entry);
            entries.push(entry);
        }
        assert!(entries[1].is_none());
        assert_eq!(pods.first(3).count(), 3);
        assert_eq!(names(&pods), ["evicted", "a", "b", "c"]);
        pods.remove(entries[4].as_ref().unwrap());
        assert_eq!(names(&pods), ["evicted", "b", "c"]);
    }

    #[test]
    fn a_pod_found_evicted_after_it_failed_moves_to_the_front() {
        let mut pods = FinishedPods::default();
        let (a, b) = (
            Arc::new(("default".into(), "a".into())),
            Arc::new(("default".into(), "b".into())),
        );
        let mut a_entry = None;
        pods.follow(&pod("a", 1, "Failed", None), &a, &mut a_entry);
        let mut b_entry = None;
        pods.follow(&pod("b", 2, "Failed", None), &b, &mut b_entry);
        pods.follow(&pod("b", 2, "Failed", Some("Evicted")), &b, &mut b_entry);
        assert_eq!(names(&pods), ["b", "a"]);
    }
}
