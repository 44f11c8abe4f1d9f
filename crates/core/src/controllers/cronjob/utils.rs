//! The CronJob controller's schedule arithmetic: which schedule string is parsed, the most
//! recent unmet schedule time (with the 100-missed rule), when to look again, and job names.

use jiff::{SignedDuration, Timestamp};

use crate::api::string_map::SharedMap;

use super::schedule::Schedule;
use crate::api::job::CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION;
use crate::api::{CronJob, Job, ObjectMeta, ObjectReference, OwnerReference, Time};
use crate::go::time::{is_zero, load_location};

/// The padding added to every requeue, for clock skew.
// Upstream: pkg/controller/cronjob/cronjob_controllerv2.go nextScheduleDelta.
pub const NEXT_SCHEDULE_DELTA: SignedDuration = SignedDuration::from_millis(100);

/// The schedule string the controller parses: the schedule itself when it mentions `TZ`
/// (and then `true`: the Warning `UnsupportedSchedule` is due), else `TZ=<timeZone> <schedule>`
/// when a loadable `timeZone` is set.
// Upstream: pkg/controller/cronjob/cronjob_controllerv2.go formatSchedule.
pub fn format_schedule(schedule: &str, time_zone: Option<&str>) -> (String, bool) {
    if schedule.contains("TZ") {
        return (schedule.to_string(), true);
    }
    match time_zone {
        Some(zone) if load_location(zone).is_ok() => (format!("TZ={zone} {schedule}"), false),
        _ => (schedule.to_string(), false),
    }
}

/// How many schedule times were missed since the last one (or creation).
// Upstream: pkg/controller/cronjob/utils.go missedSchedulesType.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissedSchedules {
    None,
    Few,
    Many,
}

/// The inputs of the missed-schedule estimate, read from the CronJob.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleState {
    /// `metadata.creationTimestamp`.
    pub created: Timestamp,
    /// `status.lastScheduleTime`.
    pub last_schedule: Option<Timestamp>,
    /// `spec.startingDeadlineSeconds`.
    pub starting_deadline_seconds: Option<i64>,
}

/// The answer of [`most_recent_schedule_time`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MostRecent {
    /// The last schedule time, or the creation time, possibly moved to `now − deadline`.
    pub earliest: Timestamp,
    /// The most recent time a Job should have been created, if any is due.
    pub most_recent: Option<Timestamp>,
    pub missed: MissedSchedules,
}

/// The error when two consecutive schedule times are less than a second apart (a schedule that
/// never fires, such as `0 0 30 2 *`, gives Go's zero time twice).
pub const TOO_CLOSE: &str = "time difference between two schedules is less than 1 second";

/// The most recent unmet schedule time, estimated as upstream does: from the first two times
/// after `earliest`, count the intervals up to `now`, jump to two intervals before the end and
/// walk forward. Irregular schedules can be under-estimated (upstream expects that).
// Upstream: pkg/controller/cronjob/utils.go mostRecentScheduleTime.
pub fn most_recent_schedule_time(
    state: &ScheduleState,
    now: Timestamp,
    schedule: &Schedule,
    include_starting_deadline: bool,
) -> Result<MostRecent, String> {
    let mut earliest = state.last_schedule.unwrap_or(state.created);
    if let (true, Some(deadline)) = (include_starting_deadline, state.starting_deadline_seconds) {
        let scheduling_deadline = add_seconds(now, deadline.saturating_neg());
        if scheduling_deadline > earliest {
            earliest = scheduling_deadline;
        }
    }
    let answer = |most_recent, missed| {
        Ok(MostRecent {
            earliest,
            most_recent,
            missed,
        })
    };

    let t1 = schedule.next(earliest);
    let t2 = schedule.next(t1);
    if now < t1 {
        return answer(None, MissedSchedules::None);
    }
    if now < t2 {
        return answer(Some(t1), MissedSchedules::None);
    }

    let between = round_to_seconds(t2.duration_since(t1));
    if between < 1 {
        return Err(TOO_CLOSE.to_string());
    }
    let elapsed = now.duration_since(t1).as_secs();
    let missed_count = elapsed / between + 1;

    let potential_earliest = add_seconds(t1, (missed_count - 2).saturating_mul(between));
    let mut most_recent = None;
    let mut t = schedule.next(potential_earliest);
    // Go would walk on from year 1 after a zero time; no schedule with two times a second
    // apart gets there in practice, so the walk stops instead.
    while t <= now && !is_zero(t) {
        most_recent = Some(t);
        t = schedule.next(t);
    }

    let missed = if missed_count > 100 {
        MissedSchedules::Many
    } else if missed_count > 0 {
        MissedSchedules::Few
    } else {
        MissedSchedules::None
    };
    answer(most_recent, missed)
}

/// How long until the controller must look again: the next schedule time after the most recent
/// one (or after the last schedule / creation when nothing was missed, or after `now`), plus
/// 100 ms. The starting deadline is not applied here.
// Upstream: pkg/controller/cronjob/utils.go nextScheduleTimeDuration.
pub fn next_schedule_time_duration(
    state: &ScheduleState,
    now: Timestamp,
    schedule: &Schedule,
) -> SignedDuration {
    let base = match most_recent_schedule_time(state, now, schedule, false) {
        Err(_) => now,
        Ok(MostRecent {
            most_recent: Some(t),
            ..
        }) => t,
        Ok(MostRecent {
            earliest,
            missed: MissedSchedules::None,
            ..
        }) => earliest,
        Ok(MostRecent { .. }) => now,
    };
    schedule.next(base).duration_since(now) + NEXT_SCHEDULE_DELTA
}

/// `<cronjob name>-<scheduled time in whole minutes since the Unix epoch>`.
// Upstream: pkg/controller/cronjob/cronjob_controllerv2.go getJobName, utils.go getTimeHashInMinutes.
pub fn job_name(cron_job_name: &str, scheduled: Timestamp) -> String {
    // Go's integer division truncates toward zero.
    format!("{cron_job_name}-{}", scheduled.as_second() / 60)
}

/// The Job the controller creates for a scheduled time: the template's labels, annotations and
/// spec, the deterministic name, the scheduled-timestamp annotation (RFC 3339 in the CronJob's
/// `timeZone`, UTC when unset), and a controller reference to the CronJob.
// Upstream: pkg/controller/cronjob/utils.go getJobFromTemplate2.
pub fn get_job_from_template2(cron_job: &CronJob, scheduled: Timestamp) -> Result<Job, String> {
    let spec = cron_job.spec.clone().unwrap_or_default();
    let template_meta = spec.job_template.metadata.unwrap_or_default();
    let zone = load_location(spec.time_zone.as_deref().unwrap_or(""))?;
    let mut annotations = template_meta.annotations.unwrap_or_default();
    SharedMap::make_mut(&mut annotations).insert(
        CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION.to_string(),
        go_rfc3339(scheduled, &zone),
    );
    Ok(Job {
        api_version: Some("batch/v1".to_string()),
        kind: Some("Job".to_string()),
        metadata: ObjectMeta {
            name: Some(job_name(cron_job.metadata.name(), scheduled)),
            namespace: cron_job.metadata.namespace.clone(),
            labels: template_meta.labels.filter(|l| !l.is_empty()),
            annotations: Some(annotations),
            creation_timestamp: Some(Time::from_timestamp(scheduled)),
            owner_references: Some(vec![controller_ref(cron_job)]),
            ..ObjectMeta::default()
        },
        spec: spec.job_template.spec,
        status: None,
    })
}

/// A controller reference to the CronJob (`metav1.NewControllerRef`).
// Upstream: apimachinery meta/v1/controller_ref.go NewControllerRef.
pub fn controller_ref(cron_job: &CronJob) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".into(),
        kind: "CronJob".into(),
        name: cron_job.metadata.name().into(),
        uid: cron_job.metadata.uid().into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// An object reference to a Job, as `status.active` holds it.
// Upstream: client-go tools/reference/ref.go GetReference (via cronjob_controllerv2.go getRef).
pub fn job_reference(job: &Job) -> ObjectReference {
    ObjectReference {
        kind: Some("Job".to_string()),
        namespace: job.metadata.namespace.clone(),
        name: job.metadata.name.clone(),
        uid: job.metadata.uid.clone(),
        api_version: Some("batch/v1".to_string()),
        resource_version: job.metadata.resource_version.clone(),
        field_path: None,
    }
}

/// A time formatted with Go's `time.RFC3339` layout in a zone: `Z` for a zero offset, else
/// `±hh:mm`.
// Upstream: go/src/time/format.go Time.Format(time.RFC3339) (the Z07:00 layout element).
pub fn go_rfc3339(t: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    let zoned = t.to_zoned(zone.clone());
    let offset = zoned.offset().seconds();
    let wall = zoned.strftime("%Y-%m-%dT%H:%M:%S");
    if offset == 0 {
        return format!("{wall}Z");
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!("{wall}{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `d.Round(time.Second).Seconds()` as whole seconds (halves away from zero).
// Upstream: go/src/time/time.go Duration.Round.
fn round_to_seconds(d: SignedDuration) -> i64 {
    let secs = d.as_secs();
    let nanos = i64::from(d.subsec_nanos());
    if nanos >= 500_000_000 {
        secs + 1
    } else if nanos <= -500_000_000 {
        secs - 1
    } else {
        secs
    }
}

/// `t.Add(n * time.Second)`, saturating at the representable range.
fn add_seconds(t: Timestamp, seconds: i64) -> Timestamp {
    t.checked_add(SignedDuration::from_secs(seconds))
        .unwrap_or(if seconds < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        })
}
