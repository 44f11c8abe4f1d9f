//! Job conditions as the controller writes them.
//!
//! Upstream: pkg/controller/job/job_controller.go (newCondition, ensureJobConditionStatus,
//! findConditionByType).

use jiff::Timestamp;

use crate::api::{JobCondition, Time};

/// A condition the sync intends to add: type, reason, message (status is always `True`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCondition {
    pub type_: String,
    pub reason: String,
    pub message: String,
}

impl PendingCondition {
    /// A pending condition of this type.
    pub fn new(type_: &str, reason: &str, message: &str) -> Self {
        PendingCondition {
            type_: type_.to_string(),
            reason: reason.to_string(),
            message: message.to_string(),
        }
    }
}

/// A condition with probe and transition time `now`.
// Upstream: job_controller.go newCondition
pub fn new_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Timestamp,
) -> JobCondition {
    let now = Some(Time::from_timestamp(now));
    JobCondition {
        type_: type_.to_string(),
        status: status.to_string(),
        last_probe_time: now,
        last_transition_time: now,
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
    }
}

/// The first condition of this type.
// Upstream: job_controller.go findConditionByType
pub fn find<'a>(conditions: &'a [JobCondition], type_: &str) -> Option<&'a JobCondition> {
    conditions.iter().find(|c| c.type_ == type_)
}

/// Whether a condition of this type has status `True`.
pub fn is_true(conditions: &[JobCondition], type_: &str) -> bool {
    find(conditions, type_).is_some_and(|c| c.status == "True")
}

/// Sets a condition: an existing one of that type is rewritten when its status, reason or
/// message differ; a missing one is appended unless its status would be `False` (going from
/// nothing to False is meaningless). Returns whether anything changed.
// Upstream: job_controller.go ensureJobConditionStatus
pub fn ensure(
    conditions: &mut Vec<JobCondition>,
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: Timestamp,
) -> bool {
    if let Some(existing) = conditions.iter_mut().find(|c| c.type_ == type_) {
        let same = existing.status == status
            && existing.reason.as_deref().unwrap_or("") == reason
            && existing.message.as_deref().unwrap_or("") == message;
        if same {
            return false;
        }
        *existing = new_condition(type_, status, reason, message, now);
        return true;
    }
    if status == "False" {
        return false;
    }
    conditions.push(new_condition(type_, status, reason, message, now));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ensure_follows_ensure_job_condition_status() {
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap_or_default();
        let mut conditions = Vec::new();
        assert!(
            !ensure(
                &mut conditions,
                "Suspended",
                "False",
                "JobResumed",
                "Job resumed",
                now
            ),
            "False is never added from nothing"
        );
        assert!(conditions.is_empty());
        assert!(
            ensure(
                &mut conditions,
                "Suspended",
                "True",
                "JobSuspended",
                "Job suspended",
                now
            ),
            "True is added"
        );
        assert!(
            !ensure(
                &mut conditions,
                "Suspended",
                "True",
                "JobSuspended",
                "Job suspended",
                now
            ),
            "no change, no update"
        );
        assert!(
            ensure(
                &mut conditions,
                "Suspended",
                "False",
                "JobResumed",
                "Job resumed",
                now
            ),
            "an existing one flips"
        );
        assert_eq!(conditions.len(), 1);
        assert_eq!(
            (
                conditions[0].status.as_str(),
                conditions[0].reason.as_deref()
            ),
            ("False", Some("JobResumed"))
        );
    }
}
