//! `kubectl get jobs`: the columns the API server's table printer gives a Job.

use jiff::Timestamp;

use super::duration::human_duration;
use crate::api::job::{condition, Job};
use crate::api::time::Time;

/// Upstream: pkg/printers/internalversion printJob's columns (v1.30+, with STATUS).
pub const HEADER: [&str; 5] = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"];

/// One row of `kubectl get jobs` at `now`.
pub fn row(job: &Job, now: Timestamp) -> Vec<String> {
    vec![
        job.metadata.name().to_string(),
        status(job).to_string(),
        completions(job),
        duration(job, now),
        age(job.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// Upstream: printJob — the first of Complete, Failed, deletion, Suspended, FailureTarget,
/// SuccessCriteriaMet (added in 1.34 by PR #132832) that holds, else Running.
pub fn status(job: &Job) -> &'static str {
    if job.has_true_condition(condition::COMPLETE) {
        "Complete"
    } else if job.has_true_condition(condition::FAILED) {
        "Failed"
    } else if job.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if job.has_true_condition(condition::SUSPENDED) {
        "Suspended"
    } else if job.has_true_condition(condition::FAILURE_TARGET) {
        "FailureTarget"
    } else if job.has_true_condition(condition::SUCCESS_CRITERIA_MET) {
        "SuccessCriteriaMet"
    } else {
        "Running"
    }
}

/// Upstream: printJob — `succeeded/completions`; a work queue (no completions) shows
/// `succeeded/1`, or `succeeded/1 of parallelism` when more than one pod runs at once.
pub fn completions(job: &Job) -> String {
    let spec = job.spec.as_ref();
    let succeeded = job.status.as_ref().and_then(|s| s.succeeded).unwrap_or(0);
    match (
        spec.and_then(|s| s.completions),
        spec.and_then(|s| s.parallelism).unwrap_or(0),
    ) {
        (Some(completions), _) => format!("{succeeded}/{completions}"),
        (None, parallelism) if parallelism > 1 => format!("{succeeded}/1 of {parallelism}"),
        (None, _) => format!("{succeeded}/1"),
    }
}

/// Upstream: printJob — empty before the Job starts, then the time since it started, frozen
/// at its completion time (a Failed Job has none, so its DURATION keeps growing).
pub fn duration(job: &Job, now: Timestamp) -> String {
    let status = job.status.as_ref();
    duration_between(
        status.and_then(|s| s.start_time.as_ref()),
        status.and_then(|s| s.completion_time.as_ref()),
        now,
    )
}

/// DURATION from a Job's start and completion times.
pub fn duration_between(start: Option<&Time>, completion: Option<&Time>, now: Timestamp) -> String {
    match (start, completion) {
        (None, _) => String::new(),
        (Some(start), None) => human_duration(millis_between(start.timestamp(), now)),
        (Some(start), Some(end)) => {
            human_duration(millis_between(start.timestamp(), end.timestamp()))
        }
    }
}

/// Upstream: translateTimestampSince — `<unknown>` without a creation time.
pub fn age(created: Option<&Time>, now: Timestamp) -> String {
    match created {
        Some(t) => human_duration(millis_between(t.timestamp(), now)),
        None => "<unknown>".into(),
    }
}

fn millis_between(from: Timestamp, to: Timestamp) -> i64 {
    to.duration_since(from)
        .as_millis()
        .clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::table;

    fn job(json: serde_json::Value) -> Job {
        serde_json::from_value(json).expect("a Job")
    }

    fn now() -> Timestamp {
        "2026-01-01T00:10:00Z".parse().unwrap()
    }

    #[test]
    fn a_finished_job_prints_as_kubectl_prints_it() {
        // seeds/002: job-echo, 2/2, took 3 s, created 5m25s ago (1.35 adds STATUS).
        let j = job(serde_json::json!({
            "metadata": {"name": "job-echo", "creationTimestamp": "2026-01-01T00:04:35Z"},
            "spec": {"completions": 2, "parallelism": 1, "template": {}},
            "status": {"succeeded": 2, "startTime": "2026-01-01T00:04:35Z",
                       "completionTime": "2026-01-01T00:04:38Z",
                       "conditions": [{"type": "Complete", "status": "True"}]}
        }));
        let out = table::render(&[HEADER.map(String::from).to_vec(), row(&j, now())]);
        assert_eq!(
            out,
            "NAME       STATUS     COMPLETIONS   DURATION   AGE\n\
             job-echo   Complete   2/2           3s         5m25s\n"
        );
    }

    #[test]
    fn status_follows_upstream_precedence() {
        let with = |conditions: serde_json::Value, deleting: bool| {
            let mut meta = serde_json::json!({"name": "j"});
            if deleting {
                meta["deletionTimestamp"] = "2026-01-01T00:00:00Z".into();
            }
            status(&job(
                serde_json::json!({"metadata": meta, "spec": {"template": {}},
                                            "status": {"conditions": conditions}}),
            ))
        };
        let t = |ty: &str| serde_json::json!({"type": ty, "status": "True"});
        let f = |ty: &str| serde_json::json!({"type": ty, "status": "False"});
        assert_eq!(with(serde_json::json!([]), false), "Running");
        assert_eq!(with(serde_json::json!([f("Suspended")]), false), "Running");
        assert_eq!(
            with(serde_json::json!([t("Suspended")]), false),
            "Suspended"
        );
        assert_eq!(
            with(serde_json::json!([t("Suspended")]), true),
            "Terminating"
        );
        assert_eq!(
            with(serde_json::json!([t("FailureTarget"), t("Failed")]), true),
            "Failed"
        );
        assert_eq!(
            with(serde_json::json!([t("FailureTarget")]), false),
            "FailureTarget"
        );
        assert_eq!(
            with(serde_json::json!([t("SuccessCriteriaMet")]), false),
            "SuccessCriteriaMet"
        );
        assert_eq!(
            with(
                serde_json::json!([t("SuccessCriteriaMet"), t("Complete")]),
                false
            ),
            "Complete"
        );
    }

    #[test]
    fn completions_of_fixed_and_work_queue_jobs() {
        let c = |spec: serde_json::Value| {
            completions(&job(
                serde_json::json!({"metadata": {"name": "j"}, "spec": spec,
                                                "status": {"succeeded": 1}}),
            ))
        };
        assert_eq!(
            c(serde_json::json!({"completions": 4, "parallelism": 2, "template": {}})),
            "1/4"
        );
        assert_eq!(
            c(serde_json::json!({"parallelism": 3, "template": {}})),
            "1/1 of 3"
        );
        assert_eq!(
            c(serde_json::json!({"parallelism": 1, "template": {}})),
            "1/1"
        );
    }

    #[test]
    fn duration_is_empty_before_the_start_and_keeps_growing_for_a_failed_job() {
        let d = |status: serde_json::Value| {
            duration(
                &job(
                    serde_json::json!({"metadata": {"name": "j"}, "spec": {"template": {}},
                                             "status": status}),
                ),
                now(),
            )
        };
        assert_eq!(d(serde_json::json!({})), "");
        assert_eq!(
            d(serde_json::json!({"startTime": "2026-01-01T00:00:00Z",
            "conditions": [{"type": "Failed", "status": "True"}]})),
            "10m"
        );
    }

    #[test]
    fn age_without_a_creation_time_is_unknown() {
        assert_eq!(age(None, now()), "<unknown>");
    }
}
