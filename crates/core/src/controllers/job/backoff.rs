//! The pod re-creation backoff: after pod failures, the controller waits 10 s, doubling per
//! consecutive failure up to 10 minutes, before it creates replacements.
//!
//! Upstream: pkg/controller/job/backoff_utils.go and the constants of job_controller.go. The
//! cap is `MaxJobPodFailureBackOff = 10 * time.Minute` in the code of Kubernetes 1.35; the
//! Kubernetes documentation still says "capped at six minutes".

use jiff::{SignedDuration, Timestamp};

use super::pod::JobPod;

/// The first delay after a failure.
// Upstream: job_controller.go DefaultJobPodFailureBackOff
pub const DEFAULT_POD_FAILURE_BACKOFF: SignedDuration = SignedDuration::from_secs(10);

/// The cap of the delay in the code jobsim follows.
// Upstream: job_controller.go MaxJobPodFailureBackOff
pub const MAX_POD_FAILURE_BACKOFF: SignedDuration = SignedDuration::from_secs(600);

/// The cap the Kubernetes documentation (and course material) states; kept only so that
/// explanations can say which one applies.
pub const DOCUMENTED_POD_FAILURE_BACKOFF_CAP: SignedDuration = SignedDuration::from_secs(360);

/// The controller's memory of a Job's failures, kept per Job between syncs (lost when the
/// controller restarts, dropped when the Job finishes or is deleted).
// Upstream: backoff_utils.go backoffRecord
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackoffRecord {
    /// Pod failures since the last success.
    pub failures_after_last_success: i32,
    /// When the last of those failures happened.
    pub last_failure_time: Option<Timestamp>,
}

impl BackoffRecord {
    /// Folds the pods that finished since the last sync into the record: failures add up until a
    /// success; a success resets the count to the failures that finished strictly after it.
    // Upstream: backoff_utils.go backoffStore.newBackoffRecord
    pub fn with_new_finished(
        self,
        new_succeeded: &[&JobPod],
        new_failed: &[&JobPod],
    ) -> BackoffRecord {
        let last_failure = latest_finish(new_failed);
        let Some(last_success) = latest_finish(new_succeeded) else {
            if new_failed.is_empty() {
                return self;
            }
            return BackoffRecord {
                failures_after_last_success: self
                    .failures_after_last_success
                    .saturating_add(count(new_failed.len())),
                last_failure_time: last_failure,
            };
        };
        let after: Vec<Timestamp> = new_failed
            .iter()
            .map(|p| finish(p))
            .filter(|t| *t > last_success)
            .collect();
        BackoffRecord {
            failures_after_last_success: count(after.len()),
            last_failure_time: after.iter().max().copied(),
        }
    }

    /// How long creation must still wait at `now` (zero when it may create).
    // Upstream: backoff_utils.go backoffRecord.getRemainingTime
    pub fn remaining(&self, now: Timestamp) -> SignedDuration {
        remaining_for_failures(
            self.failures_after_last_success,
            self.last_failure_time,
            now,
        )
    }
}

/// The delay after `failures` consecutive failures: 10 s doubled `failures − 1` times, stopping
/// at the cap. Zero failures, zero delay.
// Upstream: backoff_utils.go getRemainingTimeForFailuresCount (the doubling loop)
pub fn delay_for_failures(failures: i32) -> SignedDuration {
    if failures <= 0 {
        return SignedDuration::ZERO;
    }
    let mut delay = DEFAULT_POD_FAILURE_BACKOFF;
    for _ in 1..failures {
        delay = delay.saturating_mul(2);
        if delay >= MAX_POD_FAILURE_BACKOFF {
            return MAX_POD_FAILURE_BACKOFF;
        }
    }
    delay
}

/// The time left of the delay at `now`; zero once the delay is smaller than the time elapsed
/// since the last failure (so exactly the delay elapsed is also zero).
// Upstream: backoff_utils.go getRemainingTimeForFailuresCount
pub fn remaining_for_failures(
    failures: i32,
    last_failure: Option<Timestamp>,
    now: Timestamp,
) -> SignedDuration {
    if failures <= 0 {
        return SignedDuration::ZERO;
    }
    let delay = delay_for_failures(failures);
    let elapsed = last_failure.map_or(SignedDuration::ZERO, |t| now.duration_since(t));
    if delay < elapsed {
        SignedDuration::ZERO
    } else {
        delay - elapsed
    }
}

/// The per-index delay: the failure count is the kept failed pod's index failure counts plus
/// one, the last failure time its finish time. No kept pod, no delay.
// Upstream: backoff_utils.go getRemainingTimePerIndex
pub fn remaining_for_index(last_failed: Option<&JobPod>, now: Timestamp) -> SignedDuration {
    let Some(pod) = last_failed else {
        return SignedDuration::ZERO;
    };
    let failures = absolute_index_failure_count(pod).saturating_add(1);
    remaining_for_failures(failures, Some(finish(pod)), now)
}

/// Counted plus ignored failures recorded on a pod of an index.
// Upstream: indexed_job_utils.go getIndexAbsoluteFailureCount
pub fn absolute_index_failure_count(pod: &JobPod) -> i32 {
    pod.index_failure_count
        .saturating_add(pod.index_ignored_failure_count)
}

fn finish(pod: &JobPod) -> Timestamp {
    pod.finished_time().unwrap_or_default()
}

fn latest_finish(pods: &[&JobPod]) -> Option<Timestamp> {
    pods.iter().map(|p| finish(p)).max()
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controllers::job::pod::{ContainerView, Phase};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or_default()
    }

    fn finished(name: &str, phase: Phase, when: &str) -> JobPod {
        let mut pod = JobPod::new(name, phase);
        pod.containers.push(ContainerView {
            name: "main".into(),
            init: false,
            exit_code: Some(if phase == Phase::Failed { 1 } else { 0 }),
            finished_at: Some(at(when)),
            restart_count: 0,
        });
        pod
    }

    #[test]
    fn the_delay_doubles_from_ten_seconds_to_the_ten_minute_cap() {
        let want = [
            (0, 0),
            (1, 10),
            (2, 20),
            (3, 40),
            (4, 80),
            (5, 160),
            (6, 320),
            (7, 600),
            (8, 600),
            (1000, 600),
        ];
        for (failures, seconds) in want {
            assert_eq!(
                delay_for_failures(failures),
                SignedDuration::from_secs(seconds),
                "{failures} failures"
            );
        }
    }

    #[test]
    fn remaining_time_follows_get_remaining_backoff_time() {
        let now = at("2026-01-01T00:10:00Z");
        let cases: &[(&str, i32, &str, i64)] = &[
            ("no failures, no wait", 0, "2026-01-01T00:10:00Z", 0),
            (
                "one failure just now waits 10 s",
                1,
                "2026-01-01T00:10:00Z",
                10,
            ),
            (
                "one failure 4 s ago waits 6 s",
                1,
                "2026-01-01T00:09:56Z",
                6,
            ),
            (
                "exactly the delay elapsed: create now",
                1,
                "2026-01-01T00:09:50Z",
                0,
            ),
            (
                "longer ago than the delay: create now",
                2,
                "2026-01-01T00:00:00Z",
                0,
            ),
            (
                "seven failures wait the 10-minute cap",
                7,
                "2026-01-01T00:10:00Z",
                600,
            ),
            (
                "a failure in the future waits longer",
                1,
                "2026-01-01T00:10:05Z",
                15,
            ),
        ];
        for (name, failures, last, want) in cases {
            let got = remaining_for_failures(*failures, Some(at(last)), now);
            assert_eq!(got, SignedDuration::from_secs(*want), "{name}");
        }
    }

    /// name, record before, new succeeded, new failed, failures after, last failure after.
    type RecordCase<'a> = (
        &'a str,
        BackoffRecord,
        Vec<&'a JobPod>,
        Vec<&'a JobPod>,
        i32,
        Option<&'a str>,
    );

    #[test]
    fn new_finished_pods_update_the_record_as_upstream() {
        let f1 = finished("f1", Phase::Failed, "2026-01-01T00:00:10Z");
        let f2 = finished("f2", Phase::Failed, "2026-01-01T00:00:20Z");
        let f3 = finished("f3", Phase::Failed, "2026-01-01T00:00:30Z");
        let s = finished("s", Phase::Succeeded, "2026-01-01T00:00:20Z");
        let two = BackoffRecord {
            failures_after_last_success: 2,
            last_failure_time: Some(at("2026-01-01T00:00:05Z")),
        };
        let cases: Vec<RecordCase<'_>> = vec![
            (
                "nothing new keeps the record",
                two,
                vec![],
                vec![],
                2,
                Some("2026-01-01T00:00:05Z"),
            ),
            (
                "failures add up",
                two,
                vec![],
                vec![&f1, &f2],
                4,
                Some("2026-01-01T00:00:20Z"),
            ),
            ("a success alone resets", two, vec![&s], vec![], 0, None),
            (
                "only failures strictly after the success count",
                two,
                vec![&s],
                vec![&f1, &f2, &f3],
                1,
                Some("2026-01-01T00:00:30Z"),
            ),
            (
                "failures before the success are forgotten",
                BackoffRecord::default(),
                vec![&s],
                vec![&f1],
                0,
                None,
            ),
        ];
        for (name, record, succeeded, failed, want_count, want_last) in cases {
            let got = record.with_new_finished(&succeeded, &failed);
            assert_eq!(got.failures_after_last_success, want_count, "{name}");
            assert_eq!(got.last_failure_time, want_last.map(at), "{name}");
        }
    }

    #[test]
    fn per_index_delay_counts_the_kept_pods_failures_plus_one() {
        let now = at("2026-01-01T00:00:30Z");
        let mut pod = finished("f", Phase::Failed, "2026-01-01T00:00:20Z");
        assert_eq!(
            remaining_for_index(None, now),
            SignedDuration::ZERO,
            "no kept pod, no delay"
        );
        assert_eq!(
            remaining_for_index(Some(&pod), now),
            SignedDuration::ZERO,
            "first failure: 10 s, elapsed 10 s"
        );
        pod.index_failure_count = 1;
        assert_eq!(
            remaining_for_index(Some(&pod), now),
            SignedDuration::from_secs(10),
            "second failure: 20 s"
        );
        pod.index_ignored_failure_count = 1;
        assert_eq!(
            remaining_for_index(Some(&pod), now),
            SignedDuration::from_secs(30),
            "ignored failures count too"
        );
    }
}
