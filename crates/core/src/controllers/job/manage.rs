//! manageJob: how many pods to create or delete, and which.
//!
//! Upstream: pkg/controller/job/job_controller.go manageJob, activePodsForRemoval,
//! getPodCreationInfoForIndependentIndexes; indexed_job_utils.go firstPendingIndexes,
//! appendDuplicatedIndexPodsForRemoval, getNewIndexFailureCounts, podGenerateNameWithIndex.

use std::collections::BTreeSet;

use jiff::SignedDuration;

use super::active_pods::sort_for_deletion;
use super::backoff::{delay_for_failures, remaining_for_index, MAX_POD_FAILURE_BACKOFF};
use super::explain::{Act, BackoffWait, DeleteReason, Idle, Want};
use super::indexed::{first_pending_indexes, OrderedIntervals};
use super::pod::JobPod;
use super::sync::{
    JobEvent, PodCreation, PodDeletion, SyncCtx, MAX_POD_CREATE_DELETE_PER_SYNC,
    SYNC_JOB_BATCH_PERIOD,
};

/// Creates or deletes pods so that the active ones match what the Job wants; a sync either
/// creates or deletes, never both.
// Upstream: job_controller.go manageJob
pub(crate) fn manage_job(ctx: &mut SyncCtx<'_>) {
    let active = ctx.active_count;
    if ctx.settings.suspend {
        let (to_delete, _) = active_pods_for_removal(ctx, active);
        if to_delete.is_empty() {
            ctx.explanation.act = Some(Act::Nothing(Idle::SuspendedIdle));
        } else {
            delete_job_pods(ctx, to_delete, DeleteReason::Suspended, false);
        }
        return;
    }
    let want = want_active(ctx);
    let rm_at_least = (active - want).max(0);
    let (mut to_delete, duplicates) = active_pods_for_removal(ctx, rm_at_least);
    let capped = to_delete.len() > MAX_POD_CREATE_DELETE_PER_SYNC;
    to_delete.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
    if !to_delete.is_empty() {
        delete_job_pods(
            ctx,
            to_delete,
            DeleteReason::Surplus { want, duplicates },
            capped,
        );
        return;
    }
    let terminating_counted = if ctx.settings.only_replace_failed_pods {
        ctx.terminating
    } else {
        0
    };
    let diff = want - terminating_counted - active;
    if diff <= 0 {
        ctx.explanation.act = Some(Act::Nothing(Idle::Satisfied {
            want,
            active,
            terminating_counted,
        }));
        return;
    }
    if !ctx.settings.has_backoff_limit_per_index() {
        let remaining = ctx.backoff.remaining(ctx.now);
        if remaining > SignedDuration::ZERO {
            ctx.requeue(remaining.max(SYNC_JOB_BATCH_PERIOD));
            if let Some(wait) = backoff_state(ctx) {
                ctx.explanation.act = Some(Act::BackoffWait(wait));
            }
            // status.active keeps the running pods (kubernetes#139457, in 1.35 by #139751).
            return;
        }
    }
    let capped = diff > MAX_POD_CREATE_DELETE_PER_SYNC as i64;
    let diff = diff.min(MAX_POD_CREATE_DELETE_PER_SYNC as i64);
    let indexes = if ctx.settings.is_indexed() {
        let pending = first_pending_indexes(
            &taken_indexes(ctx),
            diff as usize,
            ctx.settings.completions_or_zero(),
        );
        if ctx.settings.has_backoff_limit_per_index() {
            let (ready, min_remaining) = indexes_ready_now(ctx, &pending);
            if ready.is_empty() {
                if let Some(remaining) = min_remaining {
                    ctx.requeue(remaining.max(SYNC_JOB_BATCH_PERIOD));
                    ctx.explanation.act = Some(Act::IndexBackoffWait {
                        indexes: pending,
                        remaining,
                    });
                    return;
                }
            }
            ready
        } else {
            pending
        }
    } else {
        Vec::new()
    };
    let count = if ctx.settings.is_indexed() {
        indexes.len() as i64
    } else {
        diff
    };
    create_pods(ctx, count, &indexes);
    ctx.explanation.act = Some(Act::Created {
        count,
        indexes,
        batches: slow_start_batches(count),
        diff,
        terminating_counted,
        capped,
    });
}

/// The sizes of the creation batches: 1, then doubling, the last one what remains. Without
/// API errors every batch succeeds; after a failed create the rest would be skipped.
// Upstream: job_controller.go manageJob (batchSize := min(diff, SlowStartInitialBatchSize))
pub fn slow_start_batches(count: i64) -> Vec<i64> {
    let mut batches = Vec::new();
    let (mut remaining, mut size) = (count, 1);
    while remaining > 0 {
        let batch = size.min(remaining);
        batches.push(batch);
        remaining -= batch;
        size = 2 * batch;
    }
    batches
}

/// The backoff of the Job's record at the sync, when it holds failures.
// Upstream: backoff_utils.go backoffRecord.getRemainingTime (the numbers behind it)
pub(crate) fn backoff_state(ctx: &SyncCtx<'_>) -> Option<BackoffWait> {
    let record = ctx.backoff;
    if record.failures_after_last_success <= 0 {
        return None;
    }
    let delay = delay_for_failures(record.failures_after_last_success);
    let remaining = record.remaining(ctx.now);
    let until = record
        .last_failure_time
        .and_then(|t| t.checked_add(delay).ok())
        .unwrap_or(ctx.now);
    Some(BackoffWait {
        failures: record.failures_after_last_success,
        delay,
        capped: delay == MAX_POD_FAILURE_BACKOFF,
        last_failure: record.last_failure_time,
        until,
        remaining,
    })
}

/// How many pods should be active: for a work-queue Job `parallelism` until something
/// succeeded, then what runs; otherwise `min(completions − succeeded, parallelism)`, at least 0.
// Upstream: job_controller.go manageJob (wantActive)
fn want_active(ctx: &mut SyncCtx<'_>) -> i64 {
    let parallelism = ctx.settings.parallelism;
    let (want, explained) = match ctx.settings.completions {
        None if ctx.succeeded > 0 => (
            ctx.active_count,
            Want::WorkQueueKeep {
                active: ctx.active_count,
            },
        ),
        None => (parallelism, Want::WorkQueue { parallelism }),
        Some(completions) => {
            let want = (completions - ctx.succeeded).min(parallelism).max(0);
            (
                want,
                Want::Completions {
                    completions,
                    succeeded: ctx.succeeded,
                    parallelism,
                    want,
                },
            )
        }
    };
    ctx.explanation.want = Some(explained);
    want
}

/// The active pods to delete: for Indexed Jobs every pod with an unknown or out-of-range index
/// and all but one pod of each repeated index (the one kept is the one deleted last), then as
/// many more as needed in deletion order. Also returns how many were index duplicates.
// Upstream: job_controller.go activePodsForRemoval, indexed_job_utils.go
// appendDuplicatedIndexPodsForRemoval
fn active_pods_for_removal<'a>(ctx: &SyncCtx<'a>, rm_at_least: i64) -> (Vec<&'a JobPod>, i64) {
    let mut rm: Vec<&'a JobPod> = Vec::new();
    let mut left: Vec<&'a JobPod> = Vec::new();
    if ctx.settings.is_indexed() {
        let completions = ctx.settings.completions_or_zero();
        let mut by_index = ctx.active.clone();
        by_index.sort_by_key(|p| p.index.unwrap_or(-1));
        let mut groups = by_index.chunk_by(|a, b| a.index == b.index);
        for group in groups.by_ref() {
            match group.first().and_then(|p| p.index) {
                None => rm.extend_from_slice(group),
                Some(index) if index >= completions => rm.extend_from_slice(group),
                Some(_) => {
                    let mut group = group.to_vec();
                    sort_for_deletion(&mut group);
                    if let Some((keep, surplus)) = group.split_last() {
                        rm.extend_from_slice(surplus);
                        left.push(keep);
                    }
                }
            }
        }
    } else {
        left = ctx.active.clone();
    }
    let duplicates = rm.len() as i64;
    let missing = usize::try_from(rm_at_least)
        .unwrap_or(0)
        .saturating_sub(rm.len());
    if missing > 0 {
        sort_for_deletion(&mut left);
        rm.extend(left.into_iter().take(missing));
    }
    (rm, duplicates)
}

/// The indexes no pod should be created for: succeeded, active, failed, and — when only
/// failed pods are replaced — held by a terminating pod.
// Upstream: indexed_job_utils.go firstPendingIndexes (nonPending)
fn taken_indexes(ctx: &SyncCtx<'_>) -> OrderedIntervals {
    let mut held: BTreeSet<i64> = ctx.active.iter().filter_map(|p| p.index).collect();
    if ctx.settings.only_replace_failed_pods {
        held.extend(
            ctx.unfinished
                .iter()
                .filter(|p| p.terminating)
                .filter_map(|p| p.index),
        );
    }
    let held: Vec<i64> = held.into_iter().collect();
    let taken = ctx.succeeded_indexes.with_ordered_indexes(&held);
    match &ctx.failed_indexes {
        Some(failed) => taken.merge(failed),
        None => taken,
    }
}

/// Splits pending indexes by their own backoff: those whose delay is over, and the smallest
/// remaining delay among the others.
// Upstream: job_controller.go getPodCreationInfoForIndependentIndexes
fn indexes_ready_now(ctx: &SyncCtx<'_>, pending: &[i64]) -> (Vec<i64>, Option<SignedDuration>) {
    let mut ready = Vec::new();
    let mut min_remaining: Option<SignedDuration> = None;
    for &index in pending {
        let remaining = remaining_for_index(ctx.delayed_deletion.get(&index).copied(), ctx.now);
        if remaining <= SignedDuration::ZERO {
            ready.push(index);
        } else {
            min_remaining = Some(min_remaining.map_or(remaining, |m| m.min(remaining)));
        }
    }
    (ready, min_remaining)
}

/// Deletes pods after removing their tracking finalizer (they are not counted as failed).
// Upstream: job_controller.go deleteJobPods
fn delete_job_pods(ctx: &mut SyncCtx<'_>, pods: Vec<&JobPod>, reason: DeleteReason, capped: bool) {
    let count = pods.len() as i64;
    for pod in pods {
        ctx.ready -= i64::from(pod.ready);
        ctx.deletes.push(PodDeletion {
            name: pod.name.clone(),
            remove_finalizer_first: true,
        });
        ctx.events.push(JobEvent::normal(
            "SuccessfulDelete",
            format!("Deleted pod: {}", pod.name),
        ));
    }
    ctx.active_count -= count;
    ctx.terminating += count;
    ctx.explanation.act = Some(Act::Deleted {
        count,
        reason,
        capped,
    });
}

/// Creates `count` pods (Indexed: one per index), in slow-start batches of 1, 2, 4, …; without
/// API errors every batch succeeds, so all are created in this sync.
// Upstream: job_controller.go manageJob (the creation loop), indexed_job_utils.go
// getNewIndexFailureCounts, podGenerateNameWithIndex
fn create_pods(ctx: &mut SyncCtx<'_>, count: i64, indexes: &[i64]) {
    let per_index = ctx.settings.has_backoff_limit_per_index();
    let plain = format!("{}-", ctx.settings.name);
    for n in 0..count {
        let index = indexes.get(n as usize).copied();
        let generate_name = match index {
            Some(index) => generate_name_with_index(&ctx.settings.name, index),
            None => plain.clone(),
        };
        let (failures, ignored) = match (per_index, index) {
            (true, Some(index)) => {
                new_index_failure_counts(ctx, ctx.delayed_deletion.get(&index).copied())
            }
            _ => (None, None),
        };
        let mut name = String::with_capacity(generate_name.len() + 5);
        name.push_str(&generate_name);
        name.extend(name_suffix(ctx.name_seed, ctx.creates.len() as u64));
        ctx.events.push(JobEvent::normal(
            "SuccessfulCreate",
            ["Created pod: ", &name].concat(),
        ));
        ctx.creates.push(PodCreation {
            name,
            generate_name,
            index,
            index_failure_count: failures,
            index_ignored_failure_count: ignored,
        });
    }
    ctx.active_count += count;
}

/// The failure counts a replacement inherits from the pod it replaces, plus this failure (in
/// the ignored count when the pod failure policy ignored it).
// Upstream: indexed_job_utils.go getNewIndexFailureCounts, addIndexFailureCountAnnotation
fn new_index_failure_counts(
    ctx: &SyncCtx<'_>,
    replaced: Option<&JobPod>,
) -> (Option<i32>, Option<i32>) {
    let Some(pod) = replaced else {
        return (Some(0), None);
    };
    let (mut failures, mut ignored) = (pod.index_failure_count, pod.index_ignored_failure_count);
    if ctx.match_policy(pod).count_failed {
        failures = failures.saturating_add(1);
    } else {
        ignored = ignored.saturating_add(1);
    }
    (Some(failures), (ignored > 0).then_some(ignored))
}

/// `<job>-<index>-`, the job name cut so that the prefix fits 58 characters.
// Upstream: indexed_job_utils.go podGenerateNameWithIndex (names.MaxGeneratedNameLength = 58)
fn generate_name_with_index(job: &str, index: i64) -> String {
    let suffix = format!("-{index}-");
    let prefix = format!("{job}{suffix}");
    if prefix.len() <= 58 {
        return prefix;
    }
    let keep = 58usize.saturating_sub(suffix.len());
    let cut: String = job
        .char_indices()
        .take_while(|(i, c)| i + c.len_utf8() <= keep)
        .map(|(_, c)| c)
        .collect();
    format!("{cut}{suffix}")
}

/// Five characters from the alphabet of upstream's random name suffixes, derived from the seed
/// and a counter (splitmix64), so that a sync stays a pure function.
// Upstream: apimachinery util/rand String (alphanums "bcdfghjklmnpqrstvwxz2456789")
fn name_suffix(seed: u64, n: u64) -> [char; 5] {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    std::array::from_fn(|i| {
        let digit = (z >> (i * 12)) % ALPHABET.len() as u64;
        char::from(ALPHABET.get(digit as usize).copied().unwrap_or(b'b'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_batches_start_at_one_and_double() {
        assert_eq!(slow_start_batches(0), Vec::<i64>::new());
        assert_eq!(slow_start_batches(1), vec![1]);
        assert_eq!(slow_start_batches(10), vec![1, 2, 4, 3]);
        assert_eq!(
            slow_start_batches(500),
            vec![1, 2, 4, 8, 16, 32, 64, 128, 245]
        );
    }

    #[test]
    fn long_job_names_are_cut_before_the_index() {
        assert_eq!(generate_name_with_index("pi", 3), "pi-3-");
        let long = "j".repeat(60);
        let name = generate_name_with_index(&long, 12);
        assert_eq!(name.len(), 58);
        assert!(name.ends_with("-12-"));
    }

    #[test]
    fn name_suffixes_are_five_alphabet_characters_and_vary() {
        let a = String::from_iter(name_suffix(0, 0));
        let b = String::from_iter(name_suffix(0, 1));
        assert_eq!(a.len(), 5);
        assert!(a
            .bytes()
            .all(|c| b"bcdfghjklmnpqrstvwxz2456789".contains(&c)));
        assert_ne!(a, b);
        assert_eq!(a, String::from_iter(name_suffix(0, 0)), "deterministic");
    }
}
