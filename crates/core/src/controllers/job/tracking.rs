//! Counting finished pods exactly once, through the tracking finalizer, and finishing the Job.
//!
//! Upstream: pkg/controller/job/job_controller.go trackJobStatusAndRemoveFinalizers,
//! canRemoveFinalizer, flushUncountedAndRemoveFinalizers, cleanUncountedPodsWithoutFinalizers,
//! enactJobFinished, recordJobFinished. Here every finalizer removal succeeds within the sync,
//! so the status returned is the one after the last flush: `uncountedTerminatedPods` is empty
//! unless the Job came in with entries for pods that still carry their finalizer.

use std::collections::BTreeSet;

use crate::api::job::{condition, UncountedTerminatedPods};
use crate::api::Time;

use super::conditions::{self, PendingCondition};
use super::pod::{JobPod, Phase};
use super::sync::{clamp_i32, JobEvent, SyncCtx, MAX_UNCOUNTED_PODS};

/// Counts the finished pods that still carry the tracking finalizer (Indexed: by index, in
/// index order), writes the interim condition, then the terminal one when no pod is left
/// terminating and nothing is uncounted. Returns the pods whose finalizer is removed.
// Upstream: job_controller.go trackJobStatusAndRemoveFinalizers
pub(crate) fn track_status(ctx: &mut SyncCtx<'_>) -> Vec<String> {
    let indexed = ctx.settings.is_indexed();
    let mut tracked: Vec<&JobPod> = ctx.tracked.clone();
    if indexed {
        tracked.sort_by_key(|p| p.index.unwrap_or(-1));
    }
    let mut succeeded = i64::from(ctx.status.succeeded.unwrap_or(0));
    let mut failed = i64::from(ctx.status.failed.unwrap_or(0));
    let mut uncounted_succeeded: Vec<String> = Vec::new();
    let mut uncounted_failed: Vec<String> = Vec::new();
    // Entries left from earlier syncs whose pod lost its finalizer are counted now.
    if !(ctx.uncounted_succeeded.is_empty() && ctx.uncounted_failed.is_empty()) {
        let with_finalizer: BTreeSet<&str> = tracked.iter().map(|p| p.name.as_str()).collect();
        for name in &ctx.uncounted_succeeded {
            if with_finalizer.contains(name.as_str()) {
                uncounted_succeeded.push(name.clone());
            } else {
                succeeded += 1;
            }
        }
        for name in &ctx.uncounted_failed {
            if with_finalizer.contains(name.as_str()) {
                uncounted_failed.push(name.clone());
            } else {
                failed += 1;
            }
        }
    }
    let failing = ctx
        .finished
        .as_ref()
        .is_some_and(|c| c.type_ != condition::SUCCESS_CRITERIA_MET);
    let completions = ctx.settings.completions_or_zero();
    let mut remove: Vec<String> = Vec::new();
    let mut new_succeeded_indexes: Vec<i64> = Vec::new();
    let mut reached_cap = false;
    for pod in tracked {
        let considered_failed = ctx.is_pod_failed(pod);
        if !can_remove_finalizer(ctx, pod, considered_failed) {
            continue;
        }
        remove.push(pod.name.clone());
        if pod.phase == Phase::Succeeded && !ctx.uncounted_failed.contains(&pod.name) {
            if indexed {
                if let Some(index) = pod
                    .index
                    .filter(|i| *i < completions && !ctx.prev_succeeded_indexes.has(*i))
                {
                    new_succeeded_indexes.push(index);
                }
            } else if !ctx.uncounted_succeeded.contains(&pod.name) {
                uncounted_succeeded.push(pod.name.clone());
            }
        } else if (considered_failed || failing)
            && !ctx.uncounted_failed.contains(&pod.name)
            && (!indexed || pod.index.is_some_and(|i| i < completions))
            && ctx.match_policy(pod).count_failed
        {
            uncounted_failed.push(pod.name.clone());
        }
        if new_succeeded_indexes.len() + uncounted_succeeded.len() + uncounted_failed.len()
            >= MAX_UNCOUNTED_PODS
        {
            reached_cap = true;
            break;
        }
    }
    if indexed {
        ctx.succeeded_indexes = ctx
            .succeeded_indexes
            .with_ordered_indexes(&new_succeeded_indexes);
        succeeded = ctx.succeeded_indexes.total();
        ctx.status.completed_indexes = Some(ctx.succeeded_indexes.to_string());
        ctx.status.failed_indexes = ctx.failed_indexes.as_ref().map(ToString::to_string);
    }
    let mut finished = ctx.finished.take();
    if let Some(pending) = &finished {
        if pending.type_ == condition::FAILURE_TARGET {
            append(ctx, pending);
            finished = Some(PendingCondition {
                type_: condition::FAILED.to_string(),
                ..pending.clone()
            });
        } else if pending.type_ == condition::SUCCESS_CRITERIA_MET {
            if !conditions::is_true(&ctx.conditions, condition::SUCCESS_CRITERIA_MET) {
                append(ctx, pending);
            }
            finished = Some(PendingCondition {
                type_: condition::COMPLETE.to_string(),
                ..pending.clone()
            });
        }
    }
    // Every removal succeeds: the uncounted entries of the removed pods move into the counters.
    let removed: BTreeSet<&str> = remove.iter().map(String::as_str).collect();
    let (done_succeeded, still_succeeded): (Vec<String>, Vec<String>) = uncounted_succeeded
        .into_iter()
        .partition(|n| removed.contains(n.as_str()));
    let (done_failed, still_failed): (Vec<String>, Vec<String>) = uncounted_failed
        .into_iter()
        .partition(|n| removed.contains(n.as_str()));
    if !indexed {
        succeeded += done_succeeded.len() as i64;
    }
    failed += done_failed.len() as i64;
    ctx.status.succeeded = Some(clamp_i32(succeeded));
    ctx.status.failed = Some(clamp_i32(failed));
    let uncounted_left = still_succeeded.len() + still_failed.len();
    ctx.status.uncounted_terminated_pods = Some(UncountedTerminatedPods {
        succeeded: (!still_succeeded.is_empty()).then_some(still_succeeded),
        failed: (!still_failed.is_empty()).then_some(still_failed),
    });
    ctx.explanation.uncounted_cap_reached = reached_cap;
    if let Some(terminal) = finished.filter(|_| !reached_cap) {
        enact_job_finished(ctx, &terminal, uncounted_left);
    }
    ctx.status.conditions = Some(std::mem::take(&mut ctx.conditions));
    remove
}

/// A pod's finalizer may go when the Job is being deleted or finishing, the pod succeeded, or
/// it is failed — except the failed pod kept per index until its replacement exists.
// Upstream: job_controller.go canRemoveFinalizer
fn can_remove_finalizer(ctx: &SyncCtx<'_>, pod: &JobPod, considered_failed: bool) -> bool {
    if ctx.settings.being_deleted || ctx.finished.is_some() || pod.phase == Phase::Succeeded {
        return true;
    }
    if !considered_failed {
        return false;
    }
    if ctx.settings.has_backoff_limit_per_index() {
        if let Some(index) = pod.index {
            if ctx
                .delayed_deletion
                .get(&index)
                .is_some_and(|kept| kept.name == pod.name)
            {
                return false;
            }
        }
    }
    true
}

fn append(ctx: &mut SyncCtx<'_>, pending: &PendingCondition) {
    ctx.conditions.push(conditions::new_condition(
        &pending.type_,
        "True",
        &pending.reason,
        &pending.message,
        ctx.now,
    ));
}

/// Adds `Complete` or `Failed` once nothing is uncounted and no pod is terminating, with the
/// completion time for `Complete`, and records the finish events.
// Upstream: job_controller.go enactJobFinished, recordJobFinished
fn enact_job_finished(ctx: &mut SyncCtx<'_>, terminal: &PendingCondition, uncounted_left: usize) {
    if uncounted_left > 0 {
        return;
    }
    if ctx.terminating > 0 {
        ctx.explanation.waiting_for_terminating = ctx.terminating;
        return;
    }
    let now = ctx.now;
    conditions::ensure(
        &mut ctx.conditions,
        &terminal.type_,
        "True",
        &terminal.reason,
        &terminal.message,
        now,
    );
    ctx.explanation.finished = Some(terminal.type_.clone());
    if terminal.type_ == condition::COMPLETE {
        ctx.status.completion_time = Some(Time::from_timestamp(now));
        let succeeded = i64::from(ctx.status.succeeded.unwrap_or(0));
        if ctx.settings.completions.is_some_and(|c| succeeded > c) {
            ctx.events.push(JobEvent::warning(
                "TooManySucceededPods",
                "Too many succeeded pods running after completion count reached",
            ));
        }
        ctx.events
            .push(JobEvent::normal("Completed", "Job completed"));
    } else {
        ctx.events.push(JobEvent::warning(
            terminal.reason.clone(),
            terminal.message.clone(),
        ));
    }
}
