//! The order in which a controller deletes surplus active pods: the pods "least far along" go
//! first.
//!
//! Upstream: pkg/controller/controller_utils.go ActivePods.Less

use std::cmp::Ordering;

use jiff::Timestamp;

use super::pod::{JobPod, Phase};

/// Compares two active pods: `Less` means `a` is deleted before `b`.
/// 1. unscheduled before scheduled; 2. Pending < Unknown < Running; 3. not ready before ready;
/// 4. among ready pods, the most recently ready first (unknown ready time first);
/// 5. more container restarts first; 6. newer first (unknown creation time first).
// Upstream: controller_utils.go ActivePods.Less
pub fn deletion_order(a: &JobPod, b: &JobPod) -> Ordering {
    if a.node_name != b.node_name && (a.node_name.is_empty() || b.node_name.is_empty()) {
        return if a.node_name.is_empty() {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let by_phase = phase_ordinal(a.phase).cmp(&phase_ordinal(b.phase));
    if by_phase != Ordering::Equal {
        return by_phase;
    }
    if a.ready != b.ready {
        return if a.ready {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    if a.ready && a.ready_since != b.ready_since {
        return later_or_zero_first(a.ready_since, b.ready_since);
    }
    let by_restarts = b.max_container_restarts().cmp(&a.max_container_restarts());
    if by_restarts != Ordering::Equal {
        return by_restarts;
    }
    if a.created_at != b.created_at {
        return later_or_zero_first(a.created_at, b.created_at);
    }
    Ordering::Equal
}

/// Sorts pods into deletion order; equal pods keep their order, as Go's sort does for the
/// small slices a sync sees.
pub fn sort_for_deletion(pods: &mut [&JobPod]) {
    pods.sort_by(|a, b| deletion_order(a, b));
}

// Upstream: controller_utils.go podPhaseToOrdinal (missing phases count as 0)
fn phase_ordinal(phase: Phase) -> u8 {
    match phase {
        Phase::Unknown => 1,
        Phase::Running => 2,
        Phase::Pending | Phase::Succeeded | Phase::Failed => 0,
    }
}

/// `a` before `b` when `a` is unset, or both are set and `a` is later.
// Upstream: controller_utils.go afterOrZero
fn later_or_zero_first(a: Option<Timestamp>, b: Option<Timestamp>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => b.cmp(&a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controllers::job::pod::ContainerView;

    fn at(text: &str) -> Option<Timestamp> {
        text.parse().ok()
    }

    fn pod(name: &str, phase: Phase) -> JobPod {
        let mut p = JobPod::new(name, phase);
        p.node_name = "node-1".into();
        p.created_at = at("2026-01-01T00:00:00Z");
        p
    }

    fn restarts(mut p: JobPod, n: i32) -> JobPod {
        p.containers.push(ContainerView {
            name: "main".into(),
            init: false,
            exit_code: None,
            finished_at: None,
            restart_count: n,
        });
        p
    }

    #[test]
    fn each_rule_decides_when_the_earlier_ones_tie() {
        let mut unscheduled = pod("unscheduled", Phase::Running);
        unscheduled.node_name.clear();
        let mut ready_old = pod("ready-old", Phase::Running);
        ready_old.ready = true;
        ready_old.ready_since = at("2026-01-01T00:01:00Z");
        let mut ready_new = ready_old.clone();
        ready_new.name = "ready-new".into();
        ready_new.ready_since = at("2026-01-01T00:02:00Z");
        let mut newer = pod("newer", Phase::Running);
        newer.created_at = at("2026-01-01T00:05:00Z");
        let cases: Vec<(&str, JobPod, JobPod)> = vec![
            (
                "an unscheduled pod goes before a scheduled one",
                unscheduled,
                pod("x", Phase::Pending),
            ),
            (
                "Pending goes before Unknown",
                pod("p", Phase::Pending),
                pod("u", Phase::Unknown),
            ),
            (
                "Unknown goes before Running",
                pod("u", Phase::Unknown),
                pod("r", Phase::Running),
            ),
            (
                "not ready goes before ready",
                pod("n", Phase::Running),
                ready_old.clone(),
            ),
            ("the most recently ready goes first", ready_new, ready_old),
            (
                "more restarts go first",
                restarts(pod("many", Phase::Running), 3),
                restarts(pod("few", Phase::Running), 1),
            ),
            (
                "the newer pod goes first",
                newer,
                pod("older", Phase::Running),
            ),
        ];
        for (name, first, second) in cases {
            assert_eq!(deletion_order(&first, &second), Ordering::Less, "{name}");
            assert_eq!(
                deletion_order(&second, &first),
                Ordering::Greater,
                "{name} (reversed)"
            );
        }
    }

    #[test]
    fn equal_pods_keep_their_order() {
        let (a, b, c) = (
            pod("a", Phase::Running),
            pod("b", Phase::Running),
            pod("c", Phase::Pending),
        );
        let mut pods = vec![&a, &b, &c];
        sort_for_deletion(&mut pods);
        let names: Vec<&str> = pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
    }
}
