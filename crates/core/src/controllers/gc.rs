//! The garbage collector's cascades: what happens to an owner's dependents (a Job's pods) when
//! the owner is deleted with `Orphan`, `Background` or `Foreground` propagation.
//!
//! Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (the finalizers
//! a DELETE adds), pkg/registry/batch/job/strategy.go (DefaultGarbageCollectionPolicy) and
//! pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem,
//! processDeletingDependentsItem, orphanDependents).

/// The `propagationPolicy` of a DELETE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PropagationPolicy {
    /// Dependents lose their owner reference and stay.
    Orphan,
    /// The owner goes at once; the collector deletes the dependents afterwards.
    Background,
    /// The owner stays (with the `foregroundDeletion` finalizer) until the dependents that block
    /// owner deletion are gone.
    Foreground,
}

/// The finalizer a foreground deletion puts on the owner.
// Upstream: apimachinery meta/v1 FinalizerDeleteDependents
pub const FOREGROUND_DELETION_FINALIZER: &str = "foregroundDeletion";

/// The finalizer an orphaning deletion puts on the owner.
// Upstream: apimachinery meta/v1 FinalizerOrphanDependents
pub const ORPHAN_FINALIZER: &str = "orphan";

/// The propagation of a Job DELETE that names none: `batch/v1` orphans the pods (kept for
/// backward compatibility), other API versions delete them in the background. kubectl always
/// names one (background); the TTL controller uses foreground.
// Upstream: pkg/registry/batch/job/strategy.go jobStrategy.DefaultGarbageCollectionPolicy
pub fn default_job_propagation(api_version: &str) -> PropagationPolicy {
    if api_version == "batch/v1" {
        PropagationPolicy::Orphan
    } else {
        PropagationPolicy::Background
    }
}

/// The finalizer a DELETE with `policy` adds to the owner (none for background); the owner is
/// removed from the store at once only when it then has no finalizer at all.
// Upstream: registry/generic/registry/store.go deletionFinalizersForGarbageCollection
pub fn deletion_finalizer(policy: PropagationPolicy) -> Option<&'static str> {
    match policy {
        PropagationPolicy::Orphan => Some(ORPHAN_FINALIZER),
        PropagationPolicy::Foreground => Some(FOREGROUND_DELETION_FINALIZER),
        PropagationPolicy::Background => None,
    }
}

/// The owner as the collector sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerState {
    /// The owner is gone from the store (deleted in the background, or its finalizers are done).
    Gone,
    /// The owner has a deletion timestamp and these finalizers.
    Deleting { finalizers: Vec<String> },
}

/// A dependent of the owner (e.g. a pod of a Job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub name: String,
    /// Its owner reference to this owner has `blockOwnerDeletion: true` (a Job's pods do).
    pub blocks_owner_deletion: bool,
    /// It also has another owner that still exists.
    pub has_other_live_owner: bool,
    /// It already has a deletion timestamp.
    pub being_deleted: bool,
}

/// One step the collector takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GcAction {
    /// Remove the owner reference from the dependent (orphaning, or a dangling reference).
    RemoveOwnerReference { dependent: String },
    /// Delete the dependent with this propagation.
    DeleteDependent {
        dependent: String,
        propagation: PropagationPolicy,
    },
    /// Remove this finalizer from the owner; the owner goes once no finalizer is left.
    RemoveOwnerFinalizer { finalizer: &'static str },
}

/// One pass of the collector over an owner and its dependents.
/// - owner gone: each dependent without another live owner is deleted (background); one with
///   another live owner only loses the dangling reference;
/// - owner with the `orphan` finalizer: every dependent loses its owner reference, then the
///   finalizer is removed;
/// - owner with the `foregroundDeletion` finalizer: every dependent not yet being deleted is
///   deleted; the finalizer is removed once no dependent blocks owner deletion.
// Upstream: garbagecollector.go attemptToDeleteItem, orphanDependents,
// processDeletingDependentsItem
pub fn collect(owner: &OwnerState, dependents: &[Dependent]) -> Vec<GcAction> {
    let finalizers = match owner {
        OwnerState::Gone => {
            return dependents
                .iter()
                .filter(|d| !d.being_deleted)
                .map(|d| {
                    if d.has_other_live_owner {
                        GcAction::RemoveOwnerReference {
                            dependent: d.name.clone(),
                        }
                    } else {
                        GcAction::DeleteDependent {
                            dependent: d.name.clone(),
                            propagation: PropagationPolicy::Background,
                        }
                    }
                })
                .collect();
        }
        OwnerState::Deleting { finalizers } => finalizers,
    };
    let has = |f: &str| finalizers.iter().any(|x| x == f);
    let mut actions = Vec::new();
    if has(ORPHAN_FINALIZER) {
        actions.extend(dependents.iter().map(|d| GcAction::RemoveOwnerReference {
            dependent: d.name.clone(),
        }));
        actions.push(GcAction::RemoveOwnerFinalizer {
            finalizer: ORPHAN_FINALIZER,
        });
    } else if has(FOREGROUND_DELETION_FINALIZER) {
        actions.extend(dependents.iter().filter(|d| !d.being_deleted).map(|d| {
            GcAction::DeleteDependent {
                dependent: d.name.clone(),
                propagation: PropagationPolicy::Background,
            }
        }));
        if !dependents.iter().any(|d| d.blocks_owner_deletion) {
            actions.push(GcAction::RemoveOwnerFinalizer {
                finalizer: FOREGROUND_DELETION_FINALIZER,
            });
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str) -> Dependent {
        Dependent {
            name: name.into(),
            blocks_owner_deletion: true,
            has_other_live_owner: false,
            being_deleted: false,
        }
    }

    fn deleting(finalizer: &str) -> OwnerState {
        OwnerState::Deleting {
            finalizers: vec![finalizer.to_string()],
        }
    }

    #[test]
    fn a_job_delete_without_a_policy_orphans_only_in_batch_v1() {
        assert_eq!(
            default_job_propagation("batch/v1"),
            PropagationPolicy::Orphan
        );
        assert_eq!(
            default_job_propagation("batch/v2alpha1"),
            PropagationPolicy::Background
        );
        assert_eq!(deletion_finalizer(PropagationPolicy::Background), None);
        assert_eq!(
            deletion_finalizer(PropagationPolicy::Foreground),
            Some("foregroundDeletion")
        );
        assert_eq!(
            deletion_finalizer(PropagationPolicy::Orphan),
            Some("orphan")
        );
    }

    #[test]
    fn each_cascade_treats_the_pods_as_upstream() {
        let mut terminating = pod("b");
        terminating.being_deleted = true;
        let mut shared = pod("c");
        shared.has_other_live_owner = true;
        let del = |n: &str| GcAction::DeleteDependent {
            dependent: n.into(),
            propagation: PropagationPolicy::Background,
        };
        let unref = |n: &str| GcAction::RemoveOwnerReference {
            dependent: n.into(),
        };
        let cases: Vec<(&str, OwnerState, Vec<Dependent>, Vec<GcAction>)> = vec![
            (
                "background: the owner is gone, its pods are deleted",
                OwnerState::Gone,
                vec![pod("a"), terminating.clone(), shared],
                vec![del("a"), unref("c")],
            ),
            (
                "orphan: the pods lose their owner reference, then the finalizer goes",
                deleting(ORPHAN_FINALIZER),
                vec![pod("a"), pod("b")],
                vec![
                    unref("a"),
                    unref("b"),
                    GcAction::RemoveOwnerFinalizer {
                        finalizer: ORPHAN_FINALIZER,
                    },
                ],
            ),
            (
                "foreground: the pods are deleted while the owner waits",
                deleting(FOREGROUND_DELETION_FINALIZER),
                vec![pod("a"), terminating],
                vec![del("a")],
            ),
            (
                "foreground: the owner goes once no pod blocks it",
                deleting(FOREGROUND_DELETION_FINALIZER),
                vec![],
                vec![GcAction::RemoveOwnerFinalizer {
                    finalizer: FOREGROUND_DELETION_FINALIZER,
                }],
            ),
        ];
        for (name, owner, dependents, want) in cases {
            assert_eq!(collect(&owner, &dependents), want, "{name}");
        }
    }
}
