//! What the timeline plots: the pods active, terminating, succeeded and failed at a virtual
//! time — active and terminating apart, as the Job's status counts them.

use jobsim_core::api::Pod;
use jobsim_core::sim::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub time: SimTime,
    /// Pods not finished and not being deleted (Pending or Running).
    pub active: u32,
    /// Pods being deleted that have not finished.
    pub terminating: u32,
    pub succeeded: u32,
    pub failed: u32,
}

/// Which of the timeline's counts a pod is in, by its phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tally {
    Active,
    Terminating,
    Succeeded,
    Failed,
}

impl Tally {
    // Upstream: pkg/controller/job/job_controller.go (status.active leaves out terminating pods)
    pub fn of(pod: &Pod) -> Tally {
        match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Succeeded") => Tally::Succeeded,
            Some("Failed") => Tally::Failed,
            _ if pod.metadata.deletion_timestamp.is_some() => Tally::Terminating,
            _ => Tally::Active,
        }
    }
}

impl Sample {
    /// The pods at `time`, counted from each one's tally.
    pub fn of(time: SimTime, tallies: impl IntoIterator<Item = Tally>) -> Sample {
        let mut sample = Sample {
            time,
            active: 0,
            terminating: 0,
            succeeded: 0,
            failed: 0,
        };
        for tally in tallies {
            match tally {
                Tally::Active => sample.active += 1,
                Tally::Terminating => sample.terminating += 1,
                Tally::Succeeded => sample.succeeded += 1,
                Tally::Failed => sample.failed += 1,
            }
        }
        sample
    }

    pub fn counts(&self) -> [u32; 4] {
        [self.active, self.terminating, self.succeeded, self.failed]
    }

    pub fn highest(&self) -> u32 {
        self.counts().into_iter().max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::api::{PodStatus, Time};

    fn pod(phase: &str, deleting: bool) -> Pod {
        let mut pod = Pod {
            status: Some(PodStatus {
                phase: Some(phase.into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        if deleting {
            pod.metadata.deletion_timestamp = Some(Time::parse("2026-01-01T00:00:30Z").unwrap());
        }
        pod
    }

    #[test]
    fn a_pod_being_deleted_is_terminating_until_it_finishes() {
        assert_eq!(Tally::of(&pod("Running", false)), Tally::Active);
        assert_eq!(Tally::of(&pod("Running", true)), Tally::Terminating);
        assert_eq!(Tally::of(&pod("Pending", true)), Tally::Terminating);
        assert_eq!(Tally::of(&pod("Failed", true)), Tally::Failed);
        assert_eq!(Tally::of(&pod("Succeeded", true)), Tally::Succeeded);
        let sample = Sample::of(
            SimTime::ZERO,
            [Tally::Active, Tally::Terminating, Tally::Terminating],
        );
        assert_eq!(sample.counts(), [1, 2, 0, 0]);
        assert_eq!(sample.highest(), 2);
    }
}
