//! The orphan worker: a pod that still carries the tracking finalizer but is no longer
//! controlled by a live, unfinished Job loses the finalizer (and is not counted anywhere).
//!
//! Upstream: pkg/controller/job/job_controller.go syncOrphanPod (queued by addPod, updatePod,
//! deletePod and deleteJob for pods whose Job is gone or finished).

/// What a pod's controller reference points at, as the orphan worker resolves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodController {
    /// The pod has no controller reference.
    None,
    /// The controller is not a `batch/v1` Job.
    NotABatchJob,
    /// A `batch/v1` Job that no longer exists (or has another UID).
    MissingJob,
    /// An existing Job.
    Job {
        managed_elsewhere: bool,
        finished: bool,
    },
}

/// Whether the orphan worker removes the pod's tracking finalizer.
// Upstream: job_controller.go syncOrphanPod
pub fn removes_orphan_finalizer(tracked: bool, controller: PodController) -> bool {
    if !tracked {
        return false;
    }
    match controller {
        PodController::None | PodController::MissingJob => true,
        PodController::NotABatchJob => false,
        PodController::Job {
            managed_elsewhere,
            finished,
        } => !managed_elsewhere && finished,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pods_without_a_live_unfinished_job_lose_the_finalizer() {
        let job = |managed_elsewhere, finished| PodController::Job {
            managed_elsewhere,
            finished,
        };
        let cases = [
            ("an orphan keeps nothing", true, PodController::None, true),
            (
                "a pod whose Job is gone",
                true,
                PodController::MissingJob,
                true,
            ),
            ("a pod of a finished Job", true, job(false, true), true),
            (
                "a pod of a running Job was adopted: kept",
                true,
                job(false, false),
                false,
            ),
            (
                "a pod of a Job managed elsewhere is left alone",
                true,
                job(true, true),
                false,
            ),
            (
                "a pod controlled by something else is left alone",
                true,
                PodController::NotABatchJob,
                false,
            ),
            (
                "a pod without the finalizer needs nothing",
                false,
                PodController::None,
                false,
            ),
        ];
        for (name, tracked, controller, want) in cases {
            assert_eq!(
                removes_orphan_finalizer(tracked, controller),
                want,
                "{name}"
            );
        }
    }
}
