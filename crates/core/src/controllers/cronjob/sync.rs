//! One sync of the CronJob controller as a pure function: the CronJob, the Jobs in its
//! namespace and the time in; the updated CronJob, the Job to create, the Jobs to delete, the
//! events and when to look again out.
//!
//! The API server is the snapshot given: re-reading the CronJob returns the same object, a Job
//! is "found" when the snapshot holds one of that name, every create and delete succeeds.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};

use super::events::Event;
use super::schedule::{parse, Schedule};
use super::utils::{
    format_schedule, get_job_from_template2, job_name, job_reference, most_recent_schedule_time,
    next_schedule_time_duration, MissedSchedules, ScheduleState,
};
use crate::api::job::condition;
use crate::api::{CronJob, CronJobSpec, CronJobStatus, Job};
use crate::go::strconv::Quoted;
use crate::go::time::{load_location, GO_ZERO_TIME};

/// What one sync decided.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncOutcome {
    /// The CronJob with its status as this sync leaves it.
    pub cron_job: CronJob,
    /// The Job this sync creates (its uid is the one given to [`sync`]).
    pub create: Option<Job>,
    /// Names of the Jobs this sync deletes, in the order it deletes them.
    pub delete: Vec<String>,
    /// The events recorded, in order.
    pub events: Vec<Event>,
    /// When to sync again if nothing else happens; `None`: only on a change.
    pub requeue_after: Option<SignedDuration>,
    /// Whether the status changed (the controller writes it once).
    pub update_status: bool,
    /// A failed API call: the work queue retries with its rate limiter.
    pub error: Option<String>,
}

/// One sync: history clean-up, then the schedule.
///
/// `jobs` may hold every Job of the namespace: those whose controller reference names the
/// CronJob are its own. `new_job_uid` is the uid the API server gives a Job created now.
// Upstream: pkg/controller/cronjob/cronjob_controllerv2.go ControllerV2.sync, getJobsToBeReconciled.
pub fn sync(cron_job: &CronJob, jobs: &[Job], now: Timestamp, new_job_uid: &str) -> SyncOutcome {
    let namespace = cron_job.metadata.namespace();
    let in_namespace: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.metadata.namespace() == namespace)
        .collect();
    let owned: Vec<&Job> = in_namespace
        .iter()
        .copied()
        .filter(|j| {
            j.metadata
                .controller_ref()
                .is_some_and(|r| &*r.name == cron_job.metadata.name())
        })
        .collect();
    let mut state = SyncState {
        cron_job: cron_job.clone(),
        namespace_jobs: in_namespace,
        now,
        new_job_uid,
        create: None,
        delete: Vec::new(),
        events: Vec::new(),
    };
    let cleaned = state.cleanup_finished_jobs(&owned);
    let (requeue_after, synced, error) = state.sync_cron_job(&owned);
    SyncOutcome {
        cron_job: state.cron_job,
        create: state.create,
        delete: state.delete,
        events: state.events,
        requeue_after,
        update_status: cleaned || synced,
        error,
    }
}

struct SyncState<'a> {
    cron_job: CronJob,
    namespace_jobs: Vec<&'a Job>,
    now: Timestamp,
    new_job_uid: &'a str,
    create: Option<Job>,
    delete: Vec<String>,
    events: Vec<Event>,
}

type SyncResult = (Option<SignedDuration>, bool, Option<String>);

impl SyncState<'_> {
    fn spec(&self) -> CronJobSpec {
        self.cron_job.spec.clone().unwrap_or_default()
    }

    fn status(&mut self) -> &mut CronJobStatus {
        self.cron_job
            .status
            .get_or_insert_with(CronJobStatus::default)
    }

    /// Deletes the oldest finished Jobs beyond the history limits.
    // Upstream: cronjob_controllerv2.go cleanupFinishedJobs.
    fn cleanup_finished_jobs(&mut self, jobs: &[&Job]) -> bool {
        let spec = self.spec();
        if spec.failed_jobs_history_limit.is_none() && spec.successful_jobs_history_limit.is_none()
        {
            return false;
        }
        let finished_as = |type_: &str| -> Vec<&Job> {
            jobs.iter()
                .copied()
                .filter(|j| finished_status(j) == Some(type_))
                .collect()
        };
        let (successful, failed) = (
            finished_as(condition::COMPLETE),
            finished_as(condition::FAILED),
        );
        let mut update = false;
        if let Some(limit) = spec.successful_jobs_history_limit {
            update |= self.remove_oldest_jobs(successful, limit);
        }
        if let Some(limit) = spec.failed_jobs_history_limit {
            update |= self.remove_oldest_jobs(failed, limit);
        }
        update
    }

    // Upstream: cronjob_controllerv2.go removeOldestJobs.
    fn remove_oldest_jobs(&mut self, mut jobs: Vec<&Job>, max_jobs: i32) -> bool {
        let to_delete = i64::try_from(jobs.len()).unwrap_or(i64::MAX) - i64::from(max_jobs);
        if to_delete <= 0 {
            return false;
        }
        jobs.sort_by(|a, b| by_job_start_time(a, b));
        let count = usize::try_from(to_delete).unwrap_or(usize::MAX);
        for job in jobs.into_iter().take(count) {
            self.delete_job(job);
        }
        true
    }

    /// Deletes a Job and its reference in `status.active`.
    // Upstream: cronjob_controllerv2.go deleteJob.
    fn delete_job(&mut self, job: &Job) {
        let name = job.metadata.name().to_string();
        self.delete.push(name.clone());
        self.delete_from_active_list(job.metadata.uid());
        self.events.push(Event::normal(
            "SuccessfulDelete",
            format!("Deleted job {name}"),
        ));
    }

    // Upstream: pkg/controller/cronjob/utils.go inActiveList.
    fn in_active_list(&self, uid: &str) -> bool {
        self.active()
            .iter()
            .any(|r| r.uid.as_deref().unwrap_or("") == uid)
    }

    // Upstream: pkg/controller/cronjob/utils.go deleteFromActiveList.
    fn delete_from_active_list(&mut self, uid: &str) {
        self.status()
            .active
            .get_or_insert_with(Vec::new)
            .retain(|r| r.uid.as_deref().unwrap_or("") != uid);
    }

    fn active(&self) -> Vec<crate::api::ObjectReference> {
        self.cron_job
            .status
            .as_ref()
            .and_then(|s| s.active.clone())
            .unwrap_or_default()
    }

    /// A Job of the namespace by name, as `GetJob` would find it (not one deleted this sync).
    // Upstream: cronjob/injection.go realJobControl.GetJob.
    fn get_job(&self, name: &str) -> Option<&Job> {
        self.namespace_jobs
            .iter()
            .copied()
            .find(|j| j.metadata.name() == name && !self.delete.iter().any(|d| d == name))
    }

    fn schedule_state(&self) -> ScheduleState {
        ScheduleState {
            created: self
                .cron_job
                .metadata
                .creation_timestamp
                .map_or(GO_ZERO_TIME, |t| t.timestamp()),
            last_schedule: self
                .cron_job
                .status
                .as_ref()
                .and_then(|s| s.last_schedule_time)
                .map(|t| t.timestamp()),
            starting_deadline_seconds: self.spec().starting_deadline_seconds,
        }
    }

    fn requeue(&self, schedule: &Schedule, update: bool) -> SyncResult {
        (
            Some(next_schedule_time_duration(
                &self.schedule_state(),
                self.now,
                schedule,
            )),
            update,
            None,
        )
    }

    /// Reconciles `status.active` with the Jobs, then starts the most recent unmet schedule
    /// time if the policies allow.
    // Upstream: cronjob_controllerv2.go ControllerV2.syncCronJob.
    fn sync_cron_job(&mut self, jobs: &[&Job]) -> SyncResult {
        let mut update = false;
        let children: BTreeSet<&str> = jobs.iter().map(|j| j.metadata.uid()).collect();
        for job in jobs {
            let found = self.in_active_list(job.metadata.uid());
            match finished_status(job) {
                None if !found => self.events.push(Event::warning(
                    "UnexpectedJob",
                    format!(
                        "Saw a job that the controller did not create or forgot: {}",
                        job.metadata.name()
                    ),
                )),
                None => {}
                Some(finished) => {
                    if found {
                        self.delete_from_active_list(job.metadata.uid());
                        self.events.push(Event::normal(
                            "SawCompletedJob",
                            format!(
                                "Saw completed job: {}, condition: {finished}",
                                job.metadata.name()
                            ),
                        ));
                        update = true;
                    }
                    if job.has_true_condition(condition::COMPLETE) {
                        update |= self.note_success(job);
                    }
                }
            }
        }

        for reference in self.active() {
            let uid = reference.uid.as_deref().unwrap_or("");
            let name = reference.name.as_deref().unwrap_or("");
            if children.contains(uid) || self.get_job(name).is_some() {
                continue;
            }
            self.events.push(Event::normal(
                "MissingJob",
                format!("Active job went missing: {name}"),
            ));
            self.delete_from_active_list(uid);
            update = true;
        }

        if self.cron_job.metadata.deletion_timestamp.is_some() {
            return (None, update, None);
        }

        let spec = self.spec();
        if let Some(zone) = spec.time_zone.as_deref() {
            if let Err(e) = load_location(zone) {
                self.events.push(Event::warning(
                    "UnknownTimeZone",
                    format!("invalid timeZone: {}: {e}", Quoted(zone)),
                ));
                return (None, update, None);
            }
        }
        if spec.suspend == Some(true) {
            return (None, update, None);
        }

        let (text, unsupported) = format_schedule(&spec.schedule, spec.time_zone.as_deref());
        if unsupported {
            self.events.push(Event::warning(
                "UnsupportedSchedule",
                format!(
                    "CRON_TZ or TZ used in schedule {} is not officially supported, see \
                     https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                    Quoted(&spec.schedule)
                ),
            ));
        }
        let schedule = match parse(&text) {
            Ok(schedule) => schedule,
            Err(e) => {
                self.events.push(Event::warning(
                    "UnparseableSchedule",
                    format!("unparseable schedule: {} : {e}", Quoted(&spec.schedule)),
                ));
                return (None, update, None);
            }
        };

        let scheduled = match self.next_schedule_time(&schedule) {
            Ok(Some(t)) => t,
            Ok(None) => return self.requeue(&schedule, update),
            Err(e) => {
                self.events.push(Event::warning(
                    "InvalidSchedule",
                    format!("invalid schedule: {} : {e}", spec.schedule),
                ));
                return (None, update, None);
            }
        };

        if let Some(deadline) = spec.starting_deadline_seconds {
            let latest = scheduled.checked_add(SignedDuration::from_secs(deadline));
            if latest.is_ok_and(|latest| latest < self.now) {
                self.events.push(Event::warning(
                    "MissSchedule",
                    format!(
                        "Missed scheduled time to start a job: {}",
                        scheduled.strftime("%a, %d %b %Y %H:%M:%S +0000")
                    ),
                ));
                return self.requeue(&schedule, update);
            }
        }

        let job_name = job_name(self.cron_job.metadata.name(), scheduled);
        let already_processed = self.active().iter().any(|r| {
            r.name.as_deref().unwrap_or("") == job_name
                && r.namespace.as_deref().unwrap_or("") == self.cron_job.metadata.namespace()
        }) || self.schedule_state().last_schedule == Some(scheduled);
        if already_processed {
            return self.requeue(&schedule, update);
        }

        let policy = spec.concurrency_policy.as_deref().unwrap_or("");
        if policy == "Forbid" && !self.active().is_empty() {
            self.events.push(Event::normal(
                "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is Forbid",
            ));
            return self.requeue(&schedule, update);
        }
        if policy == "Replace" {
            for reference in self.active() {
                let name = reference.name.as_deref().unwrap_or("");
                let Some(job) = self.get_job(name).cloned() else {
                    let error = format!("jobs.batch {} not found", Quoted(name));
                    self.events
                        .push(Event::warning("FailedGet", format!("Get job: {error}")));
                    return (None, update, Some(error));
                };
                self.delete_job(&job);
                update = true;
            }
        }

        let job_request = match get_job_from_template2(&self.cron_job, scheduled) {
            Ok(job) => job,
            Err(e) => return (None, update, Some(e)),
        };
        let created = match self.get_job(&job_name).cloned() {
            Some(existing) => {
                // AlreadyExists: adopt it only if it is ours and not yet in the active list.
                let ours = existing
                    .metadata
                    .controller_ref()
                    .is_some_and(|r| &*r.uid == self.cron_job.metadata.uid());
                if !ours || self.in_active_list(existing.metadata.uid()) {
                    return (None, update, None);
                }
                existing
            }
            None => {
                let mut job = job_request;
                job.metadata.uid = Some(self.new_job_uid.to_string());
                self.events.push(Event::normal(
                    "SuccessfulCreate",
                    format!("Created job {job_name}"),
                ));
                self.create = Some(job.clone());
                job
            }
        };

        let status = self.status();
        status
            .active
            .get_or_insert_with(Vec::new)
            .push(job_reference(&created));
        status.last_schedule_time = Some(crate::api::Time::from_timestamp(scheduled));
        self.requeue(&schedule, true)
    }

    /// Records a succeeded Job's completion time in `lastSuccessfulTime` if it is the latest.
    // Upstream: cronjob_controllerv2.go syncCronJob (the IsJobSucceeded branch, after PR #122025).
    fn note_success(&mut self, job: &Job) -> bool {
        let completion = job.status.as_ref().and_then(|s| s.completion_time);
        let status = self.status();
        let mut update = false;
        if status.last_successful_time.is_none() {
            status.last_successful_time = completion;
            update = true;
        }
        if let (Some(done), Some(last)) = (completion, status.last_successful_time) {
            if done > last {
                status.last_successful_time = Some(done);
                update = true;
            }
        }
        update
    }

    /// The most recent unmet schedule time within the starting deadline, with the Warning
    /// `TooManyMissedTimes` when more than 100 were missed.
    // Upstream: pkg/controller/cronjob/utils.go nextScheduleTime.
    fn next_schedule_time(&mut self, schedule: &Schedule) -> Result<Option<Timestamp>, String> {
        let recent = most_recent_schedule_time(&self.schedule_state(), self.now, schedule, true)?;
        match recent.most_recent {
            Some(t) if t <= self.now => {
                if recent.missed == MissedSchedules::Many {
                    self.events.push(Event::warning(
                        "TooManyMissedTimes",
                        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
                    ));
                }
                Ok(Some(t))
            }
            _ => Ok(None),
        }
    }
}

/// The type of the Job's first true `Complete` or `Failed` condition.
// Upstream: cronjob_controllerv2.go getFinishedStatus.
fn finished_status(job: &Job) -> Option<&str> {
    job.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find_map(|c| {
            ((c.type_ == condition::COMPLETE || c.type_ == condition::FAILED) && c.status == "True")
                .then_some(c.type_.as_str())
        })
}

/// Oldest `status.startTime` first, Jobs without one last, ties by name.
// Upstream: pkg/controller/cronjob/utils.go byJobStartTime.
fn by_job_start_time(a: &Job, b: &Job) -> Ordering {
    let start = |j: &Job| j.status.as_ref().and_then(|s| s.start_time);
    match (start(a), start(b)) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (x, y) if x == y => a.metadata.name().cmp(b.metadata.name()),
        (x, y) => x.cmp(&y),
    }
}
