//! What the page's CronJob card shows, worked out from the CronJob, its Jobs and the CronJob
//! controller's events: the schedule in words, the next run, the Jobs kept by the history
//! limits, and the ruler of fire times — the slots behind (a Job started, skipped by Forbid,
//! past its starting deadline, missed) and the slots ahead.

use jiff::{SignedDuration, Timestamp};

use crate::api::job::condition;
use crate::api::{CronJob, Job};
use crate::controllers::cronjob::describe::describe;
use crate::controllers::cronjob::utils::format_schedule;
use crate::controllers::cronjob::{parse, Schedule};
use crate::go::time::is_zero;
use crate::lang::Language;
use crate::sim::store::Key;

use super::World;

/// How many past fire times the ruler shows, and how many ahead.
pub const SLOTS_BEHIND: usize = 5;
pub const SLOTS_AHEAD: usize = 5;

/// The most schedule times walked to find the past ones (a schedule firing every second over a
/// long run stays cheap to draw).
const MAX_WALK: usize = 10_000;

/// What became of a fire time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotState {
    /// The controller created this Job for it.
    Started(String),
    /// `concurrencyPolicy: Forbid` and an earlier Job still ran (`JobAlreadyActive`).
    SkippedForbid,
    /// The controller came after `startingDeadlineSeconds` had passed (`MissSchedule`).
    DeadlineMissed,
    /// Passed without a Job: the controllers were down, the CronJob suspended, or a later time
    /// came before the controller did (it only starts the most recent one).
    Missed,
    /// Due now: the controller has not got to it yet and still may.
    Due,
    /// Ahead.
    Upcoming,
}

/// A fire time on the ruler, with the end of its starting-deadline window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub at: Timestamp,
    pub state: SlotState,
    /// `at + startingDeadlineSeconds`, when the CronJob sets one.
    pub deadline: Option<Timestamp>,
}

/// The card's facts about one CronJob at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronJobView {
    pub schedule: String,
    pub time_zone: Option<String>,
    pub suspend: bool,
    /// `Allow` when unset.
    pub concurrency_policy: String,
    pub starting_deadline_seconds: Option<i64>,
    pub last_schedule: Option<Timestamp>,
    pub last_successful: Option<Timestamp>,
    /// The Jobs in `status.active`.
    pub active: Vec<String>,
    /// Finished Jobs of the CronJob still kept, and how many the limits keep.
    pub succeeded_kept: usize,
    pub succeeded_limit: i32,
    pub failed_kept: usize,
    pub failed_limit: i32,
    /// The next fire time; `None` when suspended or the schedule never fires or does not parse.
    pub next: Option<Timestamp>,
    /// Past slots (oldest first), then the slots ahead.
    pub slots: Vec<Slot>,
    /// Why the schedule does not parse, in the parser's words.
    pub error: Option<String>,
}

/// A CronJob controller event, as the card reads it.
#[derive(Clone, Copy, Debug)]
pub struct CronEvent<'a> {
    pub time: Timestamp,
    pub reason: &'a str,
    pub message: &'a str,
}

/// The schedule in words in `language` (with its time zone), or the schedule as written when
/// it does not parse.
pub fn schedule_in_words(schedule: &str, time_zone: Option<&str>, language: Language) -> String {
    let (text, _) = format_schedule(schedule, time_zone);
    describe(&text, language).unwrap_or_else(|_| schedule.to_string())
}

/// The card's facts from the CronJob, the Jobs of its namespace and its events, at `now`.
pub fn cron_job_view(
    cron_job: &CronJob,
    jobs: &[&Job],
    events: &[CronEvent<'_>],
    now: Timestamp,
) -> CronJobView {
    let spec = cron_job.spec.clone().unwrap_or_default();
    let status = cron_job.status.clone().unwrap_or_default();
    let uid = cron_job.metadata.uid();
    let owned: Vec<&&Job> = jobs
        .iter()
        .filter(|j| j.metadata.controller_ref().is_some_and(|r| *r.uid == *uid))
        .collect();
    let kept = |type_: &str| owned.iter().filter(|j| j.has_true_condition(type_)).count();
    let suspend = spec.suspend == Some(true);
    let (text, _) = format_schedule(&spec.schedule, spec.time_zone.as_deref());
    let (next, slots, error) = match parse(&text) {
        Err(e) => (None, Vec::new(), Some(e.to_string())),
        Ok(schedule) => {
            let created = cron_job
                .metadata
                .creation_timestamp
                .map_or(now, |t| t.timestamp());
            let slots = ruler(&schedule, created, now, &spec, events);
            let next = slots
                .iter()
                .find(|s| s.state == SlotState::Upcoming)
                .map(|s| s.at)
                .filter(|_| !suspend);
            (next, slots, None)
        }
    };
    CronJobView {
        schedule: spec.schedule.clone(),
        time_zone: spec.time_zone.clone(),
        suspend,
        concurrency_policy: spec
            .concurrency_policy
            .clone()
            .unwrap_or_else(|| "Allow".into()),
        starting_deadline_seconds: spec.starting_deadline_seconds,
        last_schedule: status.last_schedule_time.map(|t| t.timestamp()),
        last_successful: status.last_successful_time.map(|t| t.timestamp()),
        active: status
            .active
            .iter()
            .flatten()
            .filter_map(|r| r.name.clone())
            .collect(),
        succeeded_kept: kept(condition::COMPLETE),
        succeeded_limit: spec.successful_jobs_history_limit.unwrap_or(3),
        failed_kept: kept(condition::FAILED),
        failed_limit: spec.failed_jobs_history_limit.unwrap_or(1),
        next,
        slots,
        error,
    }
}

/// The last [`SLOTS_BEHIND`] fire times since creation, what became of each, and the next
/// [`SLOTS_AHEAD`].
fn ruler(
    schedule: &Schedule,
    created: Timestamp,
    now: Timestamp,
    spec: &crate::api::CronJobSpec,
    events: &[CronEvent<'_>],
) -> Vec<Slot> {
    let past = past_times(schedule, created, now);
    let deadline = |at: Timestamp| {
        spec.starting_deadline_seconds
            .and_then(|s| at.checked_add(SignedDuration::from_secs(s)).ok())
    };
    let last = past.last().copied();
    let mut slots: Vec<Slot> = past
        .iter()
        .map(|&at| {
            let state = past_state(at, events, schedule).unwrap_or_else(|| {
                let within = deadline(at).is_none_or(|d| now <= d);
                if Some(at) == last && within && spec.suspend != Some(true) {
                    SlotState::Due
                } else {
                    SlotState::Missed
                }
            });
            Slot {
                at,
                state,
                deadline: deadline(at),
            }
        })
        .collect();
    slots.extend(
        schedule
            .upcoming(now, SLOTS_AHEAD)
            .into_iter()
            .map(|at| Slot {
                at,
                state: SlotState::Upcoming,
                deadline: deadline(at),
            }),
    );
    slots
}

/// What the controller's events say of a past fire time.
// Upstream: pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob (its events)
fn past_state(at: Timestamp, events: &[CronEvent<'_>], schedule: &Schedule) -> Option<SlotState> {
    let minutes = at.as_second() / 60;
    let started = events.iter().find_map(|e| {
        let name = e.message.strip_prefix("Created job ")?;
        let suffix = name.rsplit_once('-')?.1.parse::<i64>().ok()?;
        (e.reason == "SuccessfulCreate" && suffix == minutes).then(|| name.to_string())
    });
    if let Some(name) = started {
        return Some(SlotState::Started(name));
    }
    let missed = format!(
        "Missed scheduled time to start a job: {}",
        at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    );
    let mut state = None;
    for e in events {
        // The controller skips the most recent time: the one before the event, with no other
        // time between.
        if e.reason == "JobAlreadyActive" && at <= e.time && schedule.next(at) > e.time {
            return Some(SlotState::SkippedForbid);
        }
        if e.reason == "MissSchedule" && e.message == missed {
            state = Some(SlotState::DeadlineMissed);
        }
    }
    state
}

/// The fire times after `created` up to `now`, the last [`SLOTS_BEHIND`] of them. The walk
/// starts a few periods before `now` (the gap between the next two times), not at creation.
fn past_times(schedule: &Schedule, created: Timestamp, now: Timestamp) -> Vec<Timestamp> {
    let first = schedule.next(now);
    let second = schedule.next(first);
    if is_zero(first) || is_zero(second) {
        return Vec::new();
    }
    let period = second.duration_since(first);
    let lookback = period
        .checked_mul(i32::try_from(SLOTS_BEHIND + 1).unwrap_or(i32::MAX))
        .unwrap_or(SignedDuration::MAX);
    let start = now.checked_sub(lookback).unwrap_or(created).max(created);
    let mut times = Vec::new();
    let mut t = schedule.next(start);
    for _ in 0..MAX_WALK {
        if t > now || is_zero(t) {
            break;
        }
        times.push(t);
        t = schedule.next(t);
    }
    let skip = times.len().saturating_sub(SLOTS_BEHIND);
    times.split_off(skip)
}

impl World {
    /// The card's facts about a CronJob now.
    pub fn cron_job_view(&self, key: &Key) -> Option<CronJobView> {
        let cron_job = self.store.cron_job(key)?;
        let jobs: Vec<&Job> = self
            .store
            .jobs()
            .filter(|(k, _)| k.0 == key.0)
            .map(|(_, j)| j)
            .collect();
        let object = format!("cronjob/{}", key.1);
        let events: Vec<CronEvent<'_>> = self
            .events
            .iter()
            .filter(|e| *e.namespace == *key.0 && *e.object == *object)
            .map(|e| CronEvent {
                time: self.wall(e.time),
                reason: &e.reason,
                message: &e.message,
            })
            .collect();
        Some(cron_job_view(
            cron_job,
            &jobs,
            &events,
            self.wall(self.now()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("a timestamp")
    }

    fn cron_job(yaml_spec: serde_json::Value) -> CronJob {
        serde_json::from_value(serde_json::json!({
            "metadata": { "name": "hello", "namespace": "default", "uid": "u1",
                          "creationTimestamp": "2026-03-02T09:00:00Z" },
            "spec": yaml_spec,
        }))
        .expect("a CronJob")
    }

    #[test]
    fn schedules_in_words_in_both_languages_and_the_raw_text_when_unparseable() {
        let en = |s, tz| schedule_in_words(s, tz, Language::English);
        let zh = |s, tz| schedule_in_words(s, tz, Language::SimplifiedChinese);
        assert_eq!(en("* * * * *", None), "Every minute (UTC)");
        assert_eq!(en("*/5 * * * *", None), "Every 5 minutes (UTC)");
        assert_eq!(en("0 2 * * *", None), "At 02:00 (UTC)");
        assert_eq!(
            en("0 2 * * *", Some("Asia/Shanghai")),
            "At 02:00 (Asia/Shanghai)"
        );
        assert_eq!(zh("* * * * *", None), "每分钟（UTC 时间）");
        assert_eq!(zh("0 2 * * *", None), "在 02:00（UTC 时间）");
        assert_eq!(en("61 * * * *", None), "61 * * * *");
    }

    #[test]
    fn the_ruler_marks_started_skipped_missed_and_due_slots_and_the_next_ones() {
        let cj = cron_job(serde_json::json!({
            "schedule": "* * * * *", "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": 30,
        }));
        let events = [
            CronEvent {
                time: ts("2026-03-02T09:01:00.1Z"),
                reason: "SuccessfulCreate",
                message: "Created job hello-29540701",
            },
            CronEvent {
                time: ts("2026-03-02T09:02:00.1Z"),
                reason: "JobAlreadyActive",
                message: "Not starting job because prior execution is running and concurrency policy is Forbid",
            },
            CronEvent {
                time: ts("2026-03-02T09:05:40Z"),
                reason: "MissSchedule",
                message: "Missed scheduled time to start a job: Mon, 02 Mar 2026 09:05:00 +0000",
            },
        ];
        let view = cron_job_view(&cj, &[], &events, ts("2026-03-02T09:06:10Z"));
        let states: Vec<(String, SlotState)> = view
            .slots
            .iter()
            .map(|s| (s.at.strftime("%H:%M").to_string(), s.state.clone()))
            .collect();
        let expected = [
            ("09:02", SlotState::SkippedForbid),
            ("09:03", SlotState::Missed),
            ("09:04", SlotState::Missed),
            ("09:05", SlotState::DeadlineMissed),
            ("09:06", SlotState::Due),
            ("09:07", SlotState::Upcoming),
            ("09:08", SlotState::Upcoming),
            ("09:09", SlotState::Upcoming),
            ("09:10", SlotState::Upcoming),
            ("09:11", SlotState::Upcoming),
        ]
        .map(|(t, s)| (t.to_string(), s));
        assert_eq!(states, expected);
        assert_eq!(view.next, Some(ts("2026-03-02T09:07:00Z")));
        assert_eq!(
            view.slots[0].deadline,
            Some(ts("2026-03-02T09:02:30Z")),
            "the starting deadline window follows each slot"
        );
        assert_eq!(view.concurrency_policy, "Forbid");
        assert_eq!((view.succeeded_limit, view.failed_limit), (3, 1));

        let earlier = cron_job_view(&cj, &[], &events, ts("2026-03-02T09:01:30Z"));
        assert_eq!(
            earlier.slots[0].state,
            SlotState::Started("hello-29540701".into())
        );
    }

    #[test]
    fn a_suspended_cron_job_has_no_next_run_and_an_unparseable_one_says_why() {
        let suspended = cron_job(serde_json::json!({ "schedule": "*/5 * * * *", "suspend": true }));
        let view = cron_job_view(&suspended, &[], &[], ts("2026-03-02T09:07:00Z"));
        assert_eq!(view.next, None);
        assert_eq!(view.slots[0].state, SlotState::Missed);
        assert_eq!(view.slots[0].at, ts("2026-03-02T09:05:00Z"));
        let broken = cron_job(serde_json::json!({ "schedule": "61 * * * *" }));
        let view = cron_job_view(&broken, &[], &[], ts("2026-03-02T09:07:00Z"));
        assert!(view.slots.is_empty());
        assert_eq!(
            view.error.as_deref(),
            Some("end of range (61) above maximum (59): 61")
        );
    }
}
