//! The pods over the run, as the playground's timeline plots them: how many are active,
//! terminating, succeeded and failed, at each instant they changed — active and terminating
//! apart, as a Job's status counts them.

use crate::api::Pod;
use crate::sim::time::SimTime;

/// Which of the counts a pod is in, by its phase and whether it is being deleted.
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

    /// Where the tally's count is in [`Sample::counts`].
    pub fn position(self) -> usize {
        match self {
            Tally::Active => 0,
            Tally::Terminating => 1,
            Tally::Succeeded => 2,
            Tally::Failed => 3,
        }
    }
}

/// The pods' counts at a virtual time.
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

impl Sample {
    /// The pods at `time`, from their counts in [`Sample::counts`]' order.
    pub fn from_counts(
        time: SimTime,
        [active, terminating, succeeded, failed]: [u32; 4],
    ) -> Sample {
        Sample {
            time,
            active,
            terminating,
            succeeded,
            failed,
        }
    }

    pub fn counts(&self) -> [u32; 4] {
        [self.active, self.terminating, self.succeeded, self.failed]
    }

    pub fn highest(&self) -> u32 {
        self.counts().into_iter().max().unwrap_or(0)
    }
}

/// Beyond this many samples, the list keeps the last of each of [`THINNED`] equal slices of the
/// run so far: a chart draws at most one step per pixel column, so a long run costs a frame no
/// more than a short one.
const KEPT: usize = 4_096;
const THINNED: u64 = 2_048;

/// The counts over the run, oldest first: one sample per instant at which they changed (the
/// counts once that instant's events are all done), and the highest count ever kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Samples {
    list: Vec<Sample>,
    /// The highest count of the samples before the last, thinned ones included.
    settled_top: u32,
}

impl Samples {
    /// Records the counts now: a later instant's when they changed, or the same instant's
    /// latest in place of its earlier ones.
    pub fn record(&mut self, sample: Sample) {
        match self.list.last_mut() {
            Some(last) if last.time == sample.time => {
                *last = sample;
                let before = self.list.len().checked_sub(2).map(|i| self.list[i]);
                if before.is_some_and(|b| b.counts() == sample.counts()) {
                    self.list.pop();
                }
                return;
            }
            Some(last) if last.counts() == sample.counts() => return,
            Some(last) => self.settled_top = self.settled_top.max(last.highest()),
            None => {}
        }
        self.list.push(sample);
        if self.list.len() > KEPT {
            self.thin();
        }
    }

    /// Keeps the last sample of each slice of the run (what a pixel column of it would draw).
    fn thin(&mut self) {
        let end = self.list.last().map_or(0, |s| s.time.as_millis());
        let slice = (end / THINNED).max(1);
        let mut kept: Vec<Sample> = Vec::with_capacity(THINNED as usize + 1);
        for sample in self.list.drain(..) {
            match kept.last_mut() {
                Some(last) if last.time.as_millis() / slice == sample.time.as_millis() / slice => {
                    *last = sample;
                }
                _ => kept.push(sample),
            }
        }
        self.list = kept;
    }

    pub fn list(&self) -> &[Sample] {
        &self.list
    }

    pub fn last(&self) -> Option<&Sample> {
        self.list.last()
    }

    /// The highest count kept, thinned samples included.
    pub fn top(&self) -> u32 {
        self.last()
            .map_or(self.settled_top, |l| self.settled_top.max(l.highest()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{PodStatus, Time};

    fn pod(phase: &'static str, deleting: bool) -> Pod {
        let mut pod = Pod {
            status: Some(PodStatus {
                phase: Some(phase.into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        if deleting {
            pod.metadata.deletion_timestamp = Time::parse("2026-01-01T00:00:30Z").ok();
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
        let tallies = [Tally::Active, Tally::Terminating, Tally::Terminating];
        let mut counts = [0; 4];
        tallies.iter().for_each(|t| counts[t.position()] += 1);
        let sample = Sample::from_counts(SimTime::ZERO, counts);
        assert_eq!(sample.counts(), [1, 2, 0, 0]);
        assert_eq!(sample.highest(), 2);
    }

    fn active(time: u64, active: u32) -> Sample {
        Sample::from_counts(SimTime::from_millis(time), [active, 0, 0, 0])
    }

    fn times(samples: &Samples) -> Vec<u64> {
        samples.list().iter().map(|s| s.time.as_millis()).collect()
    }

    #[test]
    fn a_sample_is_kept_only_when_the_counts_change() {
        let mut samples = Samples::default();
        samples.record(active(0, 1));
        samples.record(active(10, 1));
        samples.record(active(20, 3));
        assert_eq!(times(&samples), [0, 20]);
        assert_eq!(samples.top(), 3);
    }

    #[test]
    fn an_instant_keeps_its_last_counts_and_not_what_passed_within_it() {
        let mut samples = Samples::default();
        samples.record(active(0, 1));
        // Within the instant at 10 ms a pod is created before another is removed.
        samples.record(active(10, 2));
        samples.record(active(10, 1));
        assert_eq!(times(&samples), [0]);
        assert_eq!(
            samples.top(),
            1,
            "a count that lasted no time is not the highest"
        );
        samples.record(active(20, 4));
        samples.record(active(20, 2));
        assert_eq!(samples.list(), [active(0, 1), active(20, 2)]);
        assert_eq!(samples.top(), 2);
    }

    #[test]
    fn a_long_run_keeps_the_last_sample_of_each_slice_and_its_highest_count() {
        let mut samples = Samples::default();
        // A count that goes up and down every millisecond, with one spike to 900.
        for t in 0..=(KEPT as u64) {
            let n = if t == 5 { 900 } else { (t % 2) as u32 + 1 };
            samples.record(active(t, n));
        }
        assert!(samples.list().len() <= THINNED as usize + 1);
        assert_eq!(samples.top(), 900, "the spike stays the highest count");
        let last = samples.last().copied();
        assert_eq!(last, Some(active(KEPT as u64, (KEPT % 2) as u32 + 1)));
        assert!(
            times(&samples).windows(2).all(|w| w[0] / 2 < w[1] / 2),
            "one per slice of 2 ms"
        );
    }
}
