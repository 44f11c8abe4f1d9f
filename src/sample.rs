//! What the timeline plots: the pods active, succeeded and failed at a virtual time.

use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub time: SimTime,
    /// Pods not finished (Pending or Running, Terminating included).
    pub active: u32,
    pub succeeded: u32,
    pub failed: u32,
}

impl Sample {
    /// The pods of the world now, by phase.
    pub fn of(world: &World) -> Sample {
        let mut sample = Sample {
            time: world.now(),
            active: 0,
            succeeded: 0,
            failed: 0,
        };
        for (_, pod) in world.store.pods() {
            match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
                Some("Succeeded") => sample.succeeded += 1,
                Some("Failed") => sample.failed += 1,
                _ => sample.active += 1,
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
