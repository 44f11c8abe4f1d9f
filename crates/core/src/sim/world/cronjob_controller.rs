//! The CronJob controller wired into the world (upstream's ControllerV2): it watches CronJobs
//! and the Jobs they own, keeps a delaying work queue of CronJob keys, runs the pure
//! [`sync`](crate::controllers::cronjob::sync::sync) and applies what it decided — the Job it
//! creates (admitted as the API server admits any Job, so the Job controller runs it), the Jobs
//! it deletes (background propagation: the garbage collector removes their pods), its events
//! and its status — then looks again at the next schedule time.

use crate::api::CronJob;
use crate::controllers::cronjob::events::EventType;
use crate::controllers::cronjob::parse;
use crate::controllers::cronjob::sync::sync;
use crate::controllers::cronjob::utils::{
    format_schedule, next_schedule_time_duration, ScheduleState,
};
use crate::controllers::gc::{self, PropagationPolicy};
use crate::go::time::GO_ZERO_TIME;
use crate::sim::scenario::admit_job;
use crate::sim::store::{ChangeType, Key};
use crate::sim::time::SimDuration;

use super::{sim_duration, Event, World};

/// The first retry of a failed sync; it doubles per failure up to [`MAX_RETRY`].
// Upstream: client-go util/workqueue default_rate_limiters.go DefaultControllerRateLimiter
const BASE_RETRY: SimDuration = SimDuration::from_millis(5);
const MAX_RETRY: SimDuration = SimDuration::from_secs(1_000);

/// What the update handler compares: the schedule and the time zone it last saw.
pub(super) type SeenSchedule = (String, Option<String>);

impl World {
    /// Puts a CronJob key on the controller's delaying queue; an earlier pending time wins.
    // Upstream: cronjob_controllerv2.go enqueueControllerAfter (workqueue AddAfter)
    pub(super) fn enqueue_cron_job(&mut self, key: Key, delay: SimDuration) {
        let at = self.now().after(delay);
        if self.cron_queue.get(&key).is_some_and(|t| *t <= at) {
            return;
        }
        self.cron_queue.insert(key.clone(), at);
        self.queue.push(at, Event::CronSync(key));
    }

    /// A watched CronJob change: added or deleted → sync; updated → when its schedule or time
    /// zone changed, at the new schedule's next time (an unparseable one is only reported),
    /// otherwise at once.
    // Upstream: cronjob_controllerv2.go addCronJob / updateCronJob / deleteCronJob
    pub(super) fn cron_job_changed(&mut self, key: Key, change: ChangeType, delay: SimDuration) {
        let Some(cron_job) = self.store.cron_job(&key).cloned() else {
            self.cron_seen.remove(&key);
            self.enqueue_cron_job(key, delay);
            return;
        };
        let spec = cron_job.spec.clone().unwrap_or_default();
        let seen = (spec.schedule.clone(), spec.time_zone.clone());
        let before = self.cron_seen.insert(key.clone(), seen.clone());
        let rescheduled = change == ChangeType::Modified && before.is_some_and(|b| b != seen);
        if !rescheduled {
            self.enqueue_cron_job(key, delay);
            return;
        }
        let (text, _) = format_schedule(&spec.schedule, spec.time_zone.as_deref());
        match parse(&text) {
            Err(_) => {
                let object = self.object("cronjob", &key.0, &key.1);
                let message = format!("unparseable schedule for cronjob: {}", spec.schedule);
                self.record(
                    "Warning",
                    "UnParseableCronJobSchedule",
                    object,
                    message.into(),
                );
            }
            Ok(schedule) => {
                let now = self.wall(self.now());
                let after = next_schedule_time_duration(&schedule_state(&cron_job), now, &schedule);
                self.enqueue_cron_job(key, delay.plus(sim_duration(after)));
            }
        }
    }

    /// One sync of a CronJob the work queue hands out.
    // Upstream: cronjob_controllerv2.go processNextWorkItem → sync
    pub(super) fn cron_sync(&mut self, key: Key) {
        if self.cron_queue.get(&key).is_none_or(|t| *t > self.now()) {
            return;
        }
        self.cron_queue.remove(&key);
        let Some(cron_job) = self.store.cron_job(&key).cloned() else {
            self.cron_failures.remove(&key);
            return;
        };
        let jobs: Vec<_> = self
            .store
            .jobs()
            .filter(|(k, _)| k.0 == key.0)
            .map(|(_, j)| j.clone())
            .collect();
        let now = self.wall(self.now());
        let mut outcome = sync(&cron_job, &jobs, now, "");
        let object = self.object("cronjob", &key.0, &key.1);
        let api_now = self.api_now();
        for name in &outcome.delete {
            let finalizer = gc::deletion_finalizer(PropagationPolicy::Background);
            self.store
                .delete_job(&(key.0.clone(), name.clone()), api_now, finalizer);
        }
        let mut error = outcome.error.clone();
        if let Some(job) = outcome.create.take() {
            if let Err(e) = self.create_scheduled_job(&job, &mut outcome.cron_job) {
                outcome.events.retain(|e| e.reason != "SuccessfulCreate");
                outcome
                    .events
                    .push(crate::controllers::cronjob::events::Event::warning(
                        "FailedCreate",
                        format!("Error creating job: {e}"),
                    ));
                error = Some(e);
            }
        }
        for event in &outcome.events {
            let type_ = match event.type_ {
                EventType::Normal => "Normal",
                EventType::Warning => "Warning",
            };
            self.record(
                type_,
                event.reason,
                object.clone(),
                event.message.as_str().into(),
            );
        }
        if outcome.update_status && error.is_none() {
            let status = outcome.cron_job.status.clone();
            self.store.update_cron_job(&key, |c| c.status = status);
        }
        if let Some(r) = self.cron_job_records.get_mut(&key) {
            r.syncs += 1;
        }
        if error.is_some() {
            let failures = self.cron_failures.entry(key.clone()).or_default();
            let retry = BASE_RETRY
                .as_millis()
                .saturating_mul(1 << (*failures).min(30))
                .min(MAX_RETRY.as_millis());
            *failures += 1;
            self.enqueue_cron_job(key, SimDuration::from_millis(retry));
            return;
        }
        self.cron_failures.remove(&key);
        if let Some(after) = outcome.requeue_after {
            self.enqueue_cron_job(key, sim_duration(after));
        }
    }

    /// Creates the Job of a schedule time through the API server's admission and names its
    /// uid in the CronJob's `status.active`.
    // Upstream: cronjob/injection.go realJobControl.CreateJob
    fn create_scheduled_job(
        &mut self,
        job: &crate::api::Job,
        cron_job: &mut CronJob,
    ) -> Result<(), String> {
        let value = serde_json::to_value(job).map_err(|e| e.to_string())?;
        let now = self.wall(self.now());
        let admitted = admit_job(&value, now, &mut self.rng, |ns| {
            self.store.namespace(ns).is_some()
        })
        .map_err(|e| e.to_string())?;
        let uid = admitted.metadata.uid().to_string();
        let name = admitted.metadata.name().to_string();
        let key = self.store.create_job(admitted)?;
        self.job_records.insert(key, Default::default());
        let active = cron_job
            .status
            .as_mut()
            .and_then(|s| s.active.as_mut())
            .into_iter()
            .flatten();
        for reference in active {
            if reference.name.as_deref() == Some(name.as_str())
                && reference.uid.as_deref().unwrap_or("").is_empty()
            {
                reference.uid = Some(uid.clone());
            }
        }
        Ok(())
    }

    /// Whether a CronJob may still create Jobs: one that is not suspended fires for ever.
    pub(super) fn cron_jobs_idle(&self) -> bool {
        self.store.cron_jobs().all(|(_, c)| {
            c.metadata.deletion_timestamp.is_some()
                || c.spec.as_ref().is_some_and(|s| s.suspend == Some(true))
        })
    }
}

fn schedule_state(cron_job: &CronJob) -> ScheduleState {
    ScheduleState {
        created: cron_job
            .metadata
            .creation_timestamp
            .map_or(GO_ZERO_TIME, |t| t.timestamp()),
        last_schedule: cron_job
            .status
            .as_ref()
            .and_then(|s| s.last_schedule_time)
            .map(|t| t.timestamp()),
        starting_deadline_seconds: cron_job
            .spec
            .as_ref()
            .and_then(|s| s.starting_deadline_seconds),
    }
}

/// What the run keeps about a CronJob for the report.
#[derive(Clone, Debug, Default)]
pub struct CronJobRecord {
    /// How many times the controller synced it.
    pub syncs: u64,
}
