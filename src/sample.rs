//! What the timeline plots: the pods active, succeeded and failed at a virtual time.

use jobsim_core::api::Pod;
use jobsim_core::sim::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub time: SimTime,
    /// Pods not finished (Pending or Running, Terminating included).
    pub active: u32,
    pub succeeded: u32,
    pub failed: u32,
}

/// Which of the timeline's counts a pod is in, by its phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tally {
    Active,
    Succeeded,
    Failed,
}

impl Tally {
    pub fn of(pod: &Pod) -> Tally {
        match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Succeeded") => Tally::Succeeded,
            Some("Failed") => Tally::Failed,
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
            succeeded: 0,
            failed: 0,
        };
        for tally in tallies {
            match tally {
                Tally::Active => sample.active += 1,
                Tally::Succeeded => sample.succeeded += 1,
                Tally::Failed => sample.failed += 1,
            }
        }
        sample
    }

    pub fn counts(&self) -> (u32, u32, u32) {
        (self.active, self.succeeded, self.failed)
    }

    pub fn highest(&self) -> u32 {
        self.active.max(self.succeeded).max(self.failed)
    }
}
