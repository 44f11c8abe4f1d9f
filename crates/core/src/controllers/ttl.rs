//! TTL-after-finished: a finished Job with `spec.ttlSecondsAfterFinished` is deleted (with
//! foreground propagation) that many seconds after it finished.
//!
//! Upstream: pkg/controller/ttlafterfinished/ttlafterfinished_controller.go. It is a controller
//! of its own, "implemented outside of Job controller for separation of concerns".

use jiff::{SignedDuration, Timestamp};

use crate::api::job::condition;
use crate::api::Job;

use super::gc::PropagationPolicy;

/// What the TTL controller does with one Job at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlDecision {
    /// Nothing to do: no TTL, not finished, or already being deleted.
    NotApplicable(NotApplicable),
    /// Look again after `after`, when the TTL expires at `expires_at`.
    Wait {
        expires_at: Timestamp,
        after: SignedDuration,
        clock_skew: bool,
    },
    /// Delete the Job now, with this propagation (foreground) and a UID precondition.
    Delete {
        expired_at: Timestamp,
        propagation: PropagationPolicy,
    },
}

/// Why the TTL controller leaves a Job alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotApplicable {
    NoTtl,
    NotFinished,
    BeingDeleted,
    /// Finished, but the condition carries no transition time (upstream retries with an error).
    UnknownFinishTime,
}

/// Decides for a Job object: its TTL, its finish time and its deletion timestamp.
// Upstream: ttlafterfinished_controller.go processTTL
pub fn ttl_for_job(job: &Job, now: Timestamp) -> TtlDecision {
    let ttl = job.spec.as_ref().and_then(|s| s.ttl_seconds_after_finished);
    let being_deleted = job.metadata.deletion_timestamp.is_some();
    if ttl.is_none() || being_deleted || !job.is_finished() {
        return ttl_after_finished(ttl, None, being_deleted, now);
    }
    match job_finish_time(job) {
        Some(finished_at) => ttl_after_finished(ttl, Some(finished_at), false, now),
        None => TtlDecision::NotApplicable(NotApplicable::UnknownFinishTime),
    }
}

/// The `lastTransitionTime` of the first `Complete` or `Failed` condition with status `True`.
// Upstream: ttlafterfinished_controller.go jobFinishTime
pub fn job_finish_time(job: &Job) -> Option<Timestamp> {
    job.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| {
            (c.type_ == condition::COMPLETE || c.type_ == condition::FAILED) && c.status == "True"
        })?
        .last_transition_time
        .map(|t| t.timestamp())
}

/// Decides for one Job: `finished_at` is the `lastTransitionTime` of its first `Complete` or
/// `Failed` condition with status `True` (`None` while it runs). Expiry is `finished_at + ttl`;
/// at or after it the Job is deleted, before it the controller looks again when it expires.
/// A finish time in the future (clock skew) is simply waited for.
// Upstream: ttlafterfinished_controller.go processTTL, needsCleanup, timeLeft, jobFinishTime
pub fn ttl_after_finished(
    ttl_seconds: Option<i32>,
    finished_at: Option<Timestamp>,
    being_deleted: bool,
    now: Timestamp,
) -> TtlDecision {
    let Some(ttl) = ttl_seconds else {
        return TtlDecision::NotApplicable(NotApplicable::NoTtl);
    };
    if being_deleted {
        return TtlDecision::NotApplicable(NotApplicable::BeingDeleted);
    }
    let Some(finished_at) = finished_at else {
        return TtlDecision::NotApplicable(NotApplicable::NotFinished);
    };
    let expires_at = finished_at
        .saturating_add(SignedDuration::from_secs(i64::from(ttl)))
        .unwrap_or(finished_at);
    let remaining = expires_at.duration_since(now);
    if remaining <= SignedDuration::ZERO {
        return TtlDecision::Delete {
            expired_at: expires_at,
            propagation: PropagationPolicy::Foreground,
        };
    }
    TtlDecision::Wait {
        expires_at,
        after: remaining,
        clock_skew: finished_at > now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or_default()
    }

    /// name, TTL, finish time, being deleted, decision.
    type TtlCase = (
        &'static str,
        Option<i32>,
        Option<Timestamp>,
        bool,
        TtlDecision,
    );

    #[test]
    fn a_job_object_is_read_for_its_ttl_and_finish_time() {
        let now = at("2026-01-01T00:01:00Z");
        let job = |ttl: Option<i32>, conditions: serde_json::Value| -> Job {
            serde_json::from_value(serde_json::json!({
                "metadata": { "name": "pi" },
                "spec": { "ttlSecondsAfterFinished": ttl, "template": {} },
                "status": { "conditions": conditions }
            }))
            .unwrap_or_default()
        };
        let complete = serde_json::json!([
            { "type": "SuccessCriteriaMet", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z" },
            { "type": "Complete", "status": "True", "lastTransitionTime": "2026-01-01T00:00:30Z" }
        ]);
        assert_eq!(
            ttl_for_job(&job(Some(100), complete.clone()), now),
            TtlDecision::Wait {
                expires_at: at("2026-01-01T00:02:10Z"),
                after: SignedDuration::from_secs(70),
                clock_skew: false
            },
            "the finish time is the Complete condition's"
        );
        assert_eq!(
            ttl_for_job(&job(None, complete), now),
            TtlDecision::NotApplicable(NotApplicable::NoTtl)
        );
        let running = serde_json::json!([{ "type": "Suspended", "status": "False" }]);
        assert_eq!(
            ttl_for_job(&job(Some(0), running), now),
            TtlDecision::NotApplicable(NotApplicable::NotFinished)
        );
        let untimed = serde_json::json!([{ "type": "Failed", "status": "True" }]);
        assert_eq!(
            ttl_for_job(&job(Some(0), untimed), now),
            TtlDecision::NotApplicable(NotApplicable::UnknownFinishTime)
        );
    }

    #[test]
    fn a_finished_job_is_deleted_when_its_ttl_expires() {
        let now = at("2026-01-01T00:01:00Z");
        let finished = Some(at("2026-01-01T00:00:00Z"));
        let cases: Vec<TtlCase> = vec![
            (
                "no TTL, nothing to do",
                None,
                finished,
                false,
                TtlDecision::NotApplicable(NotApplicable::NoTtl),
            ),
            (
                "a running Job is left alone",
                Some(0),
                None,
                false,
                TtlDecision::NotApplicable(NotApplicable::NotFinished),
            ),
            (
                "a Job being deleted is left alone",
                Some(0),
                finished,
                true,
                TtlDecision::NotApplicable(NotApplicable::BeingDeleted),
            ),
            (
                "TTL 0 deletes as soon as the Job finished",
                Some(0),
                finished,
                false,
                TtlDecision::Delete {
                    expired_at: at("2026-01-01T00:00:00Z"),
                    propagation: PropagationPolicy::Foreground,
                },
            ),
            (
                "exactly expired deletes",
                Some(60),
                finished,
                false,
                TtlDecision::Delete {
                    expired_at: now,
                    propagation: PropagationPolicy::Foreground,
                },
            ),
            (
                "not yet expired waits for the rest",
                Some(100),
                finished,
                false,
                TtlDecision::Wait {
                    expires_at: at("2026-01-01T00:01:40Z"),
                    after: SignedDuration::from_secs(40),
                    clock_skew: false,
                },
            ),
            (
                "a finish time in the future is waited for",
                Some(10),
                Some(at("2026-01-01T00:01:30Z")),
                false,
                TtlDecision::Wait {
                    expires_at: at("2026-01-01T00:01:40Z"),
                    after: SignedDuration::from_secs(40),
                    clock_skew: true,
                },
            ),
        ];
        for (name, ttl, finished_at, deleting, want) in cases {
            assert_eq!(
                ttl_after_finished(ttl, finished_at, deleting, now),
                want,
                "{name}"
            );
        }
    }
}
