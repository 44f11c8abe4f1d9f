//! `kubectl describe cronjob`: the schedule and policies, the Job template (its pod template
//! included), the last schedule time, the active Jobs and the events recorded about it.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::describe_events::{describe_events, Event};
use super::describe_job::rfc1123z;
use super::describe_pod_template::describe_pod_template;
use super::get_cronjobs::print_bool_ptr;
use super::label_selector::selector_string;
use super::prefix_writer::PrefixWriter;
use crate::api::cronjob::{CronJob, JobTemplateSpec};

/// The text of `kubectl describe cronjob` at `now`, times shown in `zone`.
// Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeCronJob
pub fn describe_cronjob(cj: &CronJob, events: &[Event], now: Timestamp, zone: &TimeZone) -> String {
    let meta = &cj.metadata;
    let spec = cj.spec.clone().unwrap_or_default();
    let status = cj.status.clone().unwrap_or_default();
    let mut w = PrefixWriter::default();
    w.write(0, &format!("Name:\t{}\n", meta.name()));
    w.write(0, &format!("Namespace:\t{}\n", meta.namespace()));
    w.labels_multiline("Labels", meta.labels.as_deref());
    w.annotations_multiline("Annotations", meta.annotations.as_deref());
    w.write(0, &format!("Schedule:\t{}\n", spec.schedule));
    let policy = spec.concurrency_policy.as_deref().unwrap_or_default();
    w.write(0, &format!("Concurrency Policy:\t{policy}\n"));
    w.write(0, &format!("Suspend:\t{}\n", print_bool_ptr(spec.suspend)));
    let limit = |l: Option<i32>| l.map_or("<unset>".to_string(), |l| l.to_string());
    w.write(
        0,
        &format!(
            "Successful Job History Limit:\t{}\n",
            limit(spec.successful_jobs_history_limit)
        ),
    );
    w.write(
        0,
        &format!(
            "Failed Job History Limit:\t{}\n",
            limit(spec.failed_jobs_history_limit)
        ),
    );
    let deadline = spec
        .starting_deadline_seconds
        .map_or("<unset>".to_string(), |s| format!("{s}s"));
    w.write(0, &format!("Starting Deadline Seconds:\t{deadline}\n"));
    describe_job_template(&spec.job_template, &mut w);
    let last = status
        .last_schedule_time
        .map_or("<unset>".to_string(), |t| rfc1123z(&t, zone));
    w.write(0, &format!("Last Schedule Time:\t{last}\n"));
    let active: Vec<&str> = status
        .active
        .iter()
        .flatten()
        .map(|r| r.name.as_deref().unwrap_or_default())
        .collect();
    let active = if active.is_empty() {
        "<none>".to_string()
    } else {
        active.join(", ")
    };
    w.write(0, &format!("Active Jobs:\t{active}\n"));
    describe_events(events, now, &mut w);
    w.finish()
}

/// Upstream: describe.go describeJobTemplate (the template's own settings, unset as written).
fn describe_job_template(template: &JobTemplateSpec, w: &mut PrefixWriter) {
    let spec = template.spec.clone().unwrap_or_default();
    match spec.selector.as_ref().map(|s| selector_string(Some(s))) {
        None => w.write(0, "Selector:\t<unset>\n"),
        Some(Ok(s)) => w.write(0, &format!("Selector:\t{s}\n")),
        Some(Err(e)) => w.write(0, &format!("Selector:\tFailed to get selector: {e}\n")),
    }
    let count = |c: Option<i32>| c.map_or("<unset>".to_string(), |c| c.to_string());
    w.write(0, &format!("Parallelism:\t{}\n", count(spec.parallelism)));
    w.write(0, &format!("Completions:\t{}\n", count(spec.completions)));
    if let Some(s) = spec.active_deadline_seconds {
        w.write(0, &format!("Active Deadline Seconds:\t{s}s\n"));
    }
    describe_pod_template(&spec.template, w);
}
