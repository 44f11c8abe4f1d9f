//! `kubectl describe job`: the Job's settings, its status counts, its pod template and the
//! events recorded about it.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::describe_events::{describe_events, Event};
use super::describe_pod_template::describe_pod_template;
use super::duration::human_duration;
use super::label_selector::selector_string;
use super::prefix_writer::PrefixWriter;
use crate::api::job::Job;
use crate::api::time::Time;

/// Upstream: kubectl describe.go describeJob's soft limit for Completed Indexes.
const COMPLETED_INDEXES_SOFT_LIMIT: usize = 50;

/// The text of `kubectl describe job` at `now`, times shown in `zone` (kubectl's local zone).
/// Like upstream it reads the Job's status, not its pods.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeJob
pub fn describe_job(job: &Job, events: &[Event], now: Timestamp, zone: &TimeZone) -> String {
    let spec = job.spec.clone().unwrap_or_default();
    let status = job.status.clone().unwrap_or_default();
    let meta = &job.metadata;
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", meta.name()));
    w.write(0, &format!("Namespace:\t{}\n", meta.namespace()));
    match selector_string(spec.selector.as_ref()) {
        Ok(s) => w.write(0, &format!("Selector:\t{s}\n")),
        Err(e) => w.write(0, &format!("Selector:\tFailed to get selector: {e}\n")),
    }
    w.labels_multiline("Labels", meta.labels.as_deref());
    w.annotations_multiline("Annotations", meta.annotations.as_deref());
    if let Some(owner) = meta.controller_ref() {
        w.write(
            0,
            &format!("Controlled By:\t{}/{}\n", owner.kind, owner.name),
        );
    }
    if let Some(p) = spec.parallelism {
        w.write(0, &format!("Parallelism:\t{p}\n"));
    }
    match spec.completions {
        Some(c) => w.write(0, &format!("Completions:\t{c}\n")),
        None => w.write(0, "Completions:\t<unset>\n"),
    }
    if let Some(mode) = &spec.completion_mode {
        w.write(0, &format!("Completion Mode:\t{mode}\n"));
    }
    if let Some(suspend) = spec.suspend {
        w.write(0, &format!("Suspend:\t{suspend}\n"));
    }
    if let Some(limit) = spec.backoff_limit {
        w.write(0, &format!("Backoff Limit:\t{limit}\n"));
    }
    if let Some(ttl) = spec.ttl_seconds_after_finished {
        w.write(0, &format!("TTL Seconds After Finished:\t{ttl}\n"));
    }
    if let Some(start) = &status.start_time {
        w.write(0, &format!("Start Time:\t{}\n", rfc1123z(start, zone)));
    }
    if let Some(end) = &status.completion_time {
        w.write(0, &format!("Completed At:\t{}\n", rfc1123z(end, zone)));
    }
    if let (Some(start), Some(end)) = (&status.start_time, &status.completion_time) {
        let millis = end
            .timestamp()
            .duration_since(start.timestamp())
            .as_millis()
            .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        w.write(0, &format!("Duration:\t{}\n", human_duration(millis)));
    }
    if let Some(deadline) = spec.active_deadline_seconds {
        w.write(0, &format!("Active Deadline Seconds:\t{deadline}s\n"));
    }
    let (active, succeeded, failed) = (
        status.active.unwrap_or(0),
        status.succeeded.unwrap_or(0),
        status.failed.unwrap_or(0),
    );
    match status.ready {
        None => w.write(
            0,
            &format!("Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n"),
        ),
        Some(ready) => w.write(
            0,
            &format!(
                "Pods Statuses:\t{active} Active ({ready} Ready) / {succeeded} Succeeded / {failed} Failed\n"
            ),
        ),
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        w.write(
            0,
            &format!(
                "Completed Indexes:\t{}\n",
                cap_indexes_list_or_none(
                    status.completed_indexes.as_deref().unwrap_or_default(),
                    COMPLETED_INDEXES_SOFT_LIMIT
                )
            ),
        );
    }
    describe_pod_template(&spec.template, &mut w);
    describe_events(events, now, &mut w);
    w.finish()
}

/// Go's `time.RFC1123Z` in the given zone: `Fri, 25 Aug 2023 18:52:11 +0800`.
pub(crate) fn rfc1123z(t: &Time, zone: &TimeZone) -> String {
    t.timestamp()
        .to_zoned(zone.clone())
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// Upstream: describe.go capIndexesListOrNone — `<none>`, or the list cut at the first comma
/// at or after `soft_limit` bytes, followed by `...`.
fn cap_indexes_list_or_none(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    match indexes
        .char_indices()
        .find(|(i, c)| *i >= soft_limit && *c == ',')
    {
        Some((i, _)) => format!("{}...", &indexes[..=i]),
        None => indexes.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn completed_indexes_are_cut_after_the_soft_limit() {
        assert_eq!(cap_indexes_list_or_none("", 50), "<none>");
        assert_eq!(cap_indexes_list_or_none("0-2,4", 50), "0-2,4");
        assert_eq!(cap_indexes_list_or_none("1,3,5,7,9", 4), "1,3,5,...");
        assert_eq!(cap_indexes_list_or_none("1,3,5,7,9", 3), "1,3,...");
    }

    #[test]
    fn an_indexed_work_queue_job_owned_by_a_cronjob_shows_its_optional_lines() {
        let job: Job = serde_json::from_value(json!({
            "metadata": {"name": "hello-29454361", "namespace": "default",
                         "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob",
                                              "name": "hello", "uid": "u", "controller": true}]},
            "spec": {"parallelism": 3, "completionMode": "Indexed", "suspend": false,
                     "backoffLimit": 6, "ttlSecondsAfterFinished": 100,
                     "activeDeadlineSeconds": 30,
                     "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u"}},
                     "template": {"spec": {"containers": [{"name": "c", "image": "busybox"}]}}},
            "status": {"active": 2, "succeeded": 1, "completedIndexes": "1"}
        }))
        .expect("a Job");
        let out = describe_job(
            &job,
            &[],
            "2026-01-01T10:02:00Z".parse().unwrap(),
            &TimeZone::UTC,
        );
        let head: Vec<&str> = out.lines().take(15).collect();
        assert_eq!(
            head,
            [
                "Name:                        hello-29454361",
                "Namespace:                   default",
                "Selector:                    batch.kubernetes.io/controller-uid=u",
                "Labels:                      <none>",
                "Annotations:                 <none>",
                "Controlled By:               CronJob/hello",
                "Parallelism:                 3",
                "Completions:                 <unset>",
                "Completion Mode:             Indexed",
                "Suspend:                     false",
                "Backoff Limit:               6",
                "TTL Seconds After Finished:  100",
                "Active Deadline Seconds:     30s",
                "Pods Statuses:               2 Active / 1 Succeeded / 0 Failed",
                "Completed Indexes:           1",
            ]
        );
        assert!(
            out.ends_with("  Tolerations:     <none>\nEvents:            <none>\n"),
            "{out}"
        );
    }
}
