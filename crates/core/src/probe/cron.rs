//! `jobsim cron-next` and `jobsim cron-sync` (spec/probes.md).

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;

use super::{Answer, ProbeError, ProbeResult};
use crate::api::job::condition;
use crate::api::{CronJob, Job, JobCondition, JobStatus, ObjectMeta, Time};
use crate::controllers::cronjob::events::EventType;
use crate::controllers::cronjob::parse;
use crate::controllers::cronjob::sync::sync;
use crate::controllers::cronjob::utils::{controller_ref, format_schedule};
use crate::go::strconv::Quoted;
use crate::go::time::load_location;
use crate::validation::defaults::default_cronjob;

/// `jobsim cron-next SCHEDULE [--time-zone TZ] [--after TIME] [-n N]`: the next `n` fire times
/// strictly after `after` (default `now`), as the CronJob controller computes them, as a JSON
/// list of RFC 3339 UTC strings. A schedule that stops firing (robfig gives up after five
/// years) ends the list early. An invalid schedule or time zone: exit status 1.
pub fn cron_next(
    schedule: &str,
    time_zone: Option<&str>,
    after: Option<&str>,
    n: usize,
    now: Timestamp,
) -> ProbeResult {
    let invalid = |message: String| ProbeError { message, status: 1 };
    let after = match after {
        Some(text) => text
            .parse::<Timestamp>()
            .map_err(|e| ProbeError::malformed(format!("--after {text:?}: {e}")))?,
        None => now,
    };
    if let Some(zone) = time_zone {
        load_location(zone)
            .map_err(|e| invalid(format!("invalid timeZone: {}: {e}", Quoted(zone))))?;
    }
    let (text, _) = format_schedule(schedule, time_zone);
    let parsed = parse(&text)
        .map_err(|e| invalid(format!("unparseable schedule: {} : {e}", Quoted(schedule))))?;
    let times: Vec<String> = parsed
        .upcoming(after, n)
        .into_iter()
        .map(rfc3339_utc)
        .collect();
    serde_json::to_string(&times)
        .map(|json| Answer::ok(json + "\n"))
        .map_err(|e| ProbeError::malformed(e.to_string()))
}

/// An instant as RFC 3339 in UTC with whole seconds, as Kubernetes writes times.
fn rfc3339_utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// One Job in a `cron-sync` case.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseJob {
    name: String,
    #[serde(default)]
    created_at: Option<Time>,
    #[serde(default)]
    started_at: Option<Time>,
    #[serde(default)]
    finished: Option<String>,
    #[serde(default)]
    finished_at: Option<Time>,
}

/// A `cron-sync` case.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CronSyncCase {
    now: Time,
    cron_job: CronJob,
    #[serde(default)]
    jobs: Vec<CaseJob>,
}

/// `jobsim cron-sync CASE`: one sync of the CronJob controller (spec/probes.md), on the CronJob
/// as the API server stores it (defaults applied: Allow, not suspended, history 3 and 1). The case's
/// Jobs are owned by the CronJob and have their names as uids; `status.active` entries without
/// a uid or namespace refer to the Job of that name in the CronJob's namespace.
pub fn cron_sync(case_text: &str) -> ProbeResult {
    let case: CronSyncCase = serde_json::from_str(case_text)
        .map_err(|e| ProbeError::malformed(format!("malformed cron-sync case: {e}")))?;
    let mut cron_job = case.cron_job;
    default_cronjob(&mut cron_job);
    let namespace = cron_job.metadata.namespace.clone();
    if let Some(active) = cron_job.status.as_mut().and_then(|s| s.active.as_mut()) {
        for reference in active {
            reference.uid = reference.uid.take().or_else(|| reference.name.clone());
            reference.namespace = reference.namespace.take().or_else(|| namespace.clone());
        }
    }
    let jobs: Vec<Job> = case.jobs.iter().map(|j| case_job(j, &cron_job)).collect();
    let outcome = sync(&cron_job, &jobs, case.now.timestamp(), "");
    let status = outcome.cron_job.status.clone().unwrap_or_default();
    let mut deleted = outcome.delete.clone();
    deleted.sort();
    let answer = json!({
        "create": outcome.create.as_ref().map(|job| json!({
            "name": job.metadata.name(),
            "scheduledTime": job.metadata.creation_timestamp,
        })),
        "delete": deleted,
        "status": {
            "active": status.active.unwrap_or_default().iter()
                .map(|r| r.name.clone().unwrap_or_default()).collect::<Vec<_>>(),
            "lastScheduleTime": status.last_schedule_time,
            "lastSuccessfulTime": status.last_successful_time,
        },
        "warnings": outcome.events.iter()
            .filter(|e| e.type_ == EventType::Warning).map(|e| e.reason).collect::<Vec<_>>(),
        "events": outcome.events.iter().map(|e| json!({
            "type": format!("{:?}", e.type_), "reason": e.reason, "message": e.message,
        })).collect::<Vec<_>>(),
        "requeueAfterSeconds": outcome.requeue_after.map(|d| d.as_secs_f64()),
        "error": outcome.error,
    });
    serde_json::to_string_pretty(&answer)
        .map(|json| Answer::ok(json + "\n"))
        .map_err(|e| ProbeError::malformed(e.to_string()))
}

/// A case's Job as the API object the controller lists.
fn case_job(job: &CaseJob, cron_job: &CronJob) -> Job {
    let conditions = job.finished.as_ref().map(|type_| {
        vec![JobCondition {
            type_: type_.clone(),
            status: "True".to_string(),
            ..Default::default()
        }]
    });
    let succeeded = job.finished.as_deref() == Some(condition::COMPLETE);
    Job {
        api_version: Some("batch/v1".to_string()),
        kind: Some("Job".to_string()),
        metadata: ObjectMeta {
            name: Some(job.name.clone()),
            namespace: cron_job.metadata.namespace.clone(),
            uid: Some(job.name.clone()),
            creation_timestamp: job.created_at,
            owner_references: Some(vec![controller_ref(cron_job)]),
            ..Default::default()
        },
        spec: None,
        status: Some(JobStatus {
            conditions,
            start_time: job.started_at,
            completion_time: if succeeded { job.finished_at } else { None },
            ..Default::default()
        }),
    }
}
