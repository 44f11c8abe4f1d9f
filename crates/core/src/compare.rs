//! Compare: two copies of a scenario run side by side on one clock, differing in one place
//! (`restartPolicy: Never` against `OnFailure`, two backoff limits, `Allow` against `Forbid`),
//! so that the difference is seen rather than explained.
//!
//! This module holds what is not the page's: the one-field rewrites of a scenario's text, the
//! pair's clock, and the summary of each world with the differences between the two.

use std::collections::BTreeSet;

use crate::kubectl::get_jobs::{completions, status};
use crate::kubectl::get_pods::summary;
use crate::sim::time::SimTime;
use crate::sim::world::{EventRecord, World};

/// A one-field change of a scenario's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// `restartPolicy: Never` ↔ `OnFailure`.
    RestartPolicy,
    /// `backoffLimit` plus this much (never below 0).
    BackoffLimit(i32),
    /// `concurrencyPolicy: Allow` ↔ `Forbid` (`Replace` becomes `Allow`).
    ConcurrencyPolicy,
}

impl Variant {
    /// Every variant the page offers, in the order of its buttons.
    pub const ALL: [Variant; 4] = [
        Variant::RestartPolicy,
        Variant::BackoffLimit(-1),
        Variant::BackoffLimit(1),
        Variant::ConcurrencyPolicy,
    ];

    fn field(self) -> &'static str {
        match self {
            Variant::RestartPolicy => "restartPolicy",
            Variant::BackoffLimit(_) => "backoffLimit",
            Variant::ConcurrencyPolicy => "concurrencyPolicy",
        }
    }

    /// The value the field takes instead of `value`; `None` when this variant leaves it alone.
    fn replace(self, value: &str) -> Option<String> {
        match (self, value) {
            (Variant::RestartPolicy, "Never") => Some("OnFailure".into()),
            (Variant::RestartPolicy, "OnFailure") => Some("Never".into()),
            (Variant::ConcurrencyPolicy, "Allow") => Some("Forbid".into()),
            (Variant::ConcurrencyPolicy, "Forbid" | "Replace") => Some("Allow".into()),
            (Variant::BackoffLimit(delta), n) => {
                let next = n.parse::<i32>().ok()?.checked_add(delta)?;
                (next >= 0).then(|| next.to_string())
            }
            _ => None,
        }
    }

    /// What the variant does to `text`: `restartPolicy: Never → OnFailure` (from the field's
    /// first occurrence); `None` when the text has no such field to change.
    pub fn label(self, text: &str) -> Option<String> {
        text.lines().find_map(|line| {
            let (_, value, _) = field_value(line, self.field())?;
            let next = self.replace(value)?;
            Some(format!("{}: {value} → {next}", self.field()))
        })
    }

    /// `text` with every occurrence of the field changed (indentation, quotes and comments
    /// kept); `None` when nothing changed.
    pub fn apply(self, text: &str) -> Option<String> {
        let mut changed = false;
        let out: String = text
            .split_inclusive('\n')
            .map(|line| {
                let Some((start, value, end)) = field_value(line, self.field()) else {
                    return line.to_string();
                };
                match self.replace(value) {
                    Some(next) => {
                        changed = true;
                        format!("{}{next}{}", &line[..start], &line[end..])
                    }
                    None => line.to_string(),
                }
            })
            .collect();
        changed.then_some(out)
    }
}

/// The variants that change `text`, each with its label.
pub fn variants(text: &str) -> Vec<(Variant, String)> {
    Variant::ALL
        .into_iter()
        .filter_map(|v| v.label(text).map(|label| (v, label)))
        .collect()
}

/// Where the plain scalar value of `field` is on a YAML line (`  field: value  # note`, the
/// value possibly quoted): the value's byte range and the value without quotes.
fn field_value<'a>(line: &'a str, field: &str) -> Option<(usize, &'a str, usize)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
    let rest = body.strip_prefix(field)?.strip_prefix(':')?;
    let value_at = line.len() - rest.len() + (rest.len() - rest.trim_start().len());
    let raw = rest.trim_start();
    let raw = raw.split_once(" #").map_or(raw, |(v, _)| v).trim_end();
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(raw);
    if unquoted.is_empty() {
        return None;
    }
    let quote = (raw.len() - unquoted.len()) / 2;
    let start = value_at + quote;
    Some((start, unquoted, start + unquoted.len()))
}

/// The pair's clock: the later of the two worlds' times.
pub fn clock(left: &World, right: &World) -> SimTime {
    left.now().max(right.now())
}

/// Whether both runs are over.
pub fn finished(left: &World, right: &World) -> bool {
    left.finished() && right.finished()
}

/// Moves both worlds to `to`, each processing at most `budget` events (a heavy moment slows
/// that world, which catches up on the next call).
pub fn advance(
    left: &mut World,
    right: &mut World,
    to: SimTime,
    budget: u64,
) -> Result<(), String> {
    left.advance_to(to, budget)?;
    right.advance_to(to, budget)?;
    Ok(())
}

/// Processes the next instant that has an event in either world, in both; `None` when
/// neither has one.
pub fn step(left: &mut World, right: &mut World) -> Result<Option<SimTime>, String> {
    let next = [left.next_event_at(), right.next_event_at()]
        .into_iter()
        .flatten()
        .min();
    let Some(at) = next else {
        return Ok(None);
    };
    advance(left, right, at, u64::MAX)?;
    Ok(Some(at))
}

/// Steps both worlds instant by instant until `budget` events are spent or both runs are over.
pub fn as_fast_as_possible(left: &mut World, right: &mut World, budget: u64) -> Result<(), String> {
    let start = left.events_processed + right.events_processed;
    while left.events_processed + right.events_processed - start < budget && !finished(left, right)
    {
        if step(left, right)?.is_none() {
            break;
        }
    }
    Ok(())
}

/// The newest events a summary keeps.
pub const EVENTS: usize = 5;

/// The pods a summary keeps as chips (a large run is counted, not drawn).
pub const CHIPS: usize = 40;

/// What one world shows in the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub now: SimTime,
    pub finished: bool,
    pub jobs: Vec<JobLine>,
    /// The first [`CHIPS`] pods.
    pub pods: Vec<PodChip>,
    pub pod_count: usize,
    /// The containers' restarts, over every pod.
    pub restarts: i64,
    /// The newest [`EVENTS`] events, the newest first.
    pub events: Vec<EventRecord>,
}

/// A Job's line: kubectl's STATUS and COMPLETIONS, its status counters and the run's counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLine {
    pub name: String,
    pub status: String,
    pub completions: String,
    pub active: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// The conditions that hold: `Failed (BackoffLimitExceeded)`.
    pub conditions: Vec<String>,
    pub pods_created: u64,
    pub reconciles: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodChip {
    pub name: String,
    pub status: String,
    pub restarts: i64,
}

impl Summary {
    pub fn of(world: &World) -> Summary {
        let jobs = world
            .store
            .jobs()
            .map(|(key, job)| {
                let counts = job.status.clone().unwrap_or_default();
                let record = world.job_records.get(key);
                let conditions = counts
                    .conditions
                    .iter()
                    .flatten()
                    .filter(|c| c.status == "True")
                    .map(|c| match &c.reason {
                        Some(reason) => format!("{} ({reason})", c.type_),
                        None => c.type_.clone(),
                    })
                    .collect();
                JobLine {
                    name: key.1.clone(),
                    status: status(job).to_string(),
                    completions: completions(job),
                    active: counts.active.unwrap_or(0),
                    succeeded: counts.succeeded.unwrap_or(0),
                    failed: counts.failed.unwrap_or(0),
                    conditions,
                    pods_created: record.map_or(0, |r| r.pods_created),
                    reconciles: record.map_or(0, |r| r.reconciles),
                }
            })
            .collect();
        let mut pods = Vec::new();
        let mut pod_count = 0;
        let mut restarts = 0;
        for (key, pod) in world.store.pods() {
            let s = summary(pod);
            pod_count += 1;
            restarts += s.restarts;
            if pods.len() < CHIPS {
                pods.push(PodChip {
                    name: key.1.clone(),
                    status: s.status,
                    restarts: s.restarts,
                });
            }
        }
        Summary {
            now: world.now(),
            finished: world.finished(),
            jobs,
            pods,
            pod_count,
            restarts,
            events: world.events.iter().rev().take(EVENTS).cloned().collect(),
        }
    }

    /// The values compared, each with the Job it belongs to (none for the whole run).
    fn values(&self) -> Vec<(Option<&str>, Field, String)> {
        let mut values = vec![
            (None, Field::Jobs, self.jobs.len().to_string()),
            (None, Field::Pods, self.pod_count.to_string()),
            (None, Field::Restarts, self.restarts.to_string()),
        ];
        for job in &self.jobs {
            let name = Some(job.name.as_str());
            values.extend([
                (name, Field::Status, job.status.clone()),
                (name, Field::Completions, job.completions.clone()),
                (name, Field::Active, job.active.to_string()),
                (name, Field::Succeeded, job.succeeded.to_string()),
                (name, Field::Failed, job.failed.to_string()),
                (name, Field::PodsCreated, job.pods_created.to_string()),
                (name, Field::Conditions, job.conditions.join(", ")),
            ]);
        }
        values
    }
}

/// A value the comparison lines up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Jobs,
    Pods,
    Restarts,
    Status,
    Completions,
    Active,
    Succeeded,
    Failed,
    PodsCreated,
    Conditions,
}

/// A value that is not the same on both sides (`—` where a side has no such Job).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub job: Option<String>,
    pub field: Field,
    pub left: String,
    pub right: String,
}

/// Where the two summaries differ: the run's totals first, then each Job by name.
pub fn differences(left: &Summary, right: &Summary) -> Vec<Difference> {
    let (left, right) = (left.values(), right.values());
    let keys: BTreeSet<(Option<&str>, Field)> = left
        .iter()
        .chain(&right)
        .map(|(job, field, _)| (*job, *field))
        .collect();
    let find = |values: &[(Option<&str>, Field, String)], key: (Option<&str>, Field)| {
        values
            .iter()
            .find(|(job, field, _)| (*job, *field) == key)
            .map_or_else(|| "—".to_string(), |(_, _, v)| v.clone())
    };
    keys.into_iter()
        .filter_map(|key| {
            let (l, r) = (find(&left, key), find(&right, key));
            (l != r).then(|| Difference {
                job: key.0.map(str::to_string),
                field: key.1,
                left: l,
                right: r,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons;
    use crate::sim::scenario::{load, Overrides};

    fn world(text: &str) -> World {
        let (scenario, rng) = load(
            text,
            Overrides {
                seed: Some(1),
                until: None,
            },
        )
        .expect("scenario");
        World::new(scenario, rng).expect("world")
    }

    fn lesson(id: &str) -> &'static str {
        lessons::find(id).expect("lesson").scenario
    }

    #[test]
    fn restart_policy_flips_both_ways_keeping_the_line() {
        let never = lesson("backoff-never");
        let on_failure = Variant::RestartPolicy.apply(never).expect("changed");
        assert!(on_failure.contains("      restartPolicy: OnFailure\n"));
        assert!(!on_failure.contains("Never"));
        assert_eq!(
            Variant::RestartPolicy.apply(&on_failure).as_deref(),
            Some(never)
        );
        assert_eq!(
            Variant::RestartPolicy.label(never).as_deref(),
            Some("restartPolicy: Never → OnFailure")
        );
    }

    #[test]
    fn quotes_comments_and_list_items_are_kept() {
        let text = "a:\n  - restartPolicy: \"Never\"  # why\n  backoffLimit: 2 # two\r\n";
        assert_eq!(
            Variant::RestartPolicy.apply(text).as_deref(),
            Some("a:\n  - restartPolicy: \"OnFailure\"  # why\n  backoffLimit: 2 # two\r\n")
        );
        assert_eq!(
            Variant::BackoffLimit(1).apply(text).as_deref(),
            Some("a:\n  - restartPolicy: \"Never\"  # why\n  backoffLimit: 3 # two\r\n")
        );
    }

    #[test]
    fn backoff_limit_moves_but_never_below_zero() {
        let text = "spec:\n  backoffLimit: 0\n";
        assert_eq!(Variant::BackoffLimit(-1).apply(text), None);
        assert_eq!(
            Variant::BackoffLimit(1).apply(text).as_deref(),
            Some("spec:\n  backoffLimit: 1\n")
        );
        assert_eq!(Variant::BackoffLimit(1).apply("backoffLimit: many\n"), None);
        assert_eq!(
            Variant::BackoffLimit(1).apply("backoffLimitPerIndex: 1\n"),
            None
        );
    }

    #[test]
    fn only_the_variants_a_scenario_has_are_offered() {
        let offered = |id| {
            variants(lesson(id))
                .into_iter()
                .map(|(_, label)| label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offered("backoff-never"),
            [
                "restartPolicy: Never → OnFailure",
                "backoffLimit: 3 → 2",
                "backoffLimit: 3 → 4"
            ]
        );
        assert!(offered("cronjob-allow").contains(&"concurrencyPolicy: Allow → Forbid".to_string()));
        let forbid = Variant::ConcurrencyPolicy
            .apply(lesson("cronjob-allow"))
            .expect("changed");
        assert!(forbid.contains("concurrencyPolicy: Forbid"));
        assert!(variants("kind: Job\n").is_empty());
    }

    #[test]
    fn never_against_on_failure_fails_pods_on_one_side_and_restarts_on_the_other() {
        let never = lesson("backoff-never");
        let mut left = world(never);
        let mut right = world(&Variant::RestartPolicy.apply(never).expect("changed"));
        let errors = |s: &Summary| s.pods.iter().filter(|p| p.status == "Error").count();
        let (l, r) = loop {
            let (l, r) = (Summary::of(&left), Summary::of(&right));
            if errors(&l) >= 2 && r.restarts >= 2 {
                break (l, r);
            }
            assert!(l.now < SimTime::from_millis(60_000), "{l:?}\n{r:?}");
            let next = SimTime::from_millis(clock(&left, &right).as_millis() + 1_000);
            advance(&mut left, &mut right, next, 2_000).expect("runs");
            assert_eq!(left.now(), right.now(), "one clock");
        };
        assert_eq!(l.restarts, 0, "{l:?}");
        assert_eq!(r.pod_count, 1, "{r:?}");
        assert_eq!(errors(&r), 0, "{r:?}");
        let diff = differences(&l, &r);
        let pods = diff
            .iter()
            .find(|d| d.field == Field::Pods && d.job.is_none())
            .expect("the pods differ");
        assert_eq!(
            (pods.left.as_str(), pods.right.as_str()),
            (l.pod_count.to_string().as_str(), "1")
        );
        assert!(diff.iter().any(|d| d.field == Field::Restarts));
        assert!(diff
            .iter()
            .any(|d| d.field == Field::PodsCreated && d.job.as_deref() == Some("fails")));
        assert!(!diff.iter().any(|d| d.field == Field::Jobs));
    }

    #[test]
    fn the_same_scenario_shows_no_difference_and_steps_in_lockstep() {
        let text = lesson("backoff-never");
        let (mut left, mut right) = (world(text), world(text));
        for _ in 0..20 {
            step(&mut left, &mut right).expect("steps");
        }
        assert_eq!(left.now(), right.now());
        assert!(left.now() > SimTime::ZERO);
        assert_eq!(differences(&Summary::of(&left), &Summary::of(&right)), []);
        as_fast_as_possible(&mut left, &mut right, u64::MAX).expect("runs");
        assert!(finished(&left, &right));
        assert_eq!(Summary::of(&left), Summary::of(&right));
    }

    #[test]
    fn a_job_on_one_side_only_is_shown_against_a_dash() {
        let text = lesson("pi");
        let renamed = text.replace("name: pi", "name: tau");
        let diff = differences(&Summary::of(&world(text)), &Summary::of(&world(&renamed)));
        let status: Vec<_> = diff
            .iter()
            .filter(|d| d.field == Field::Status)
            .map(|d| {
                (
                    d.job.clone().unwrap_or_default(),
                    d.left.as_str(),
                    d.right.as_str(),
                )
            })
            .collect();
        assert_eq!(status.len(), 2, "{diff:?}");
        assert!(status.iter().any(|(job, l, _)| job == "tau" && *l == "—"));
        assert!(status.iter().any(|(job, _, r)| job == "pi" && *r == "—"));
    }
}
