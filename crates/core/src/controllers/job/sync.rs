//! One sync of the Job controller, as a pure function: the Job, its pods, the controller's
//! backoff memory and the time in; the pods to create and delete, the finalizers to remove, the
//! new status, the events, when to look again and an explanation out.
//!
//! The phases keep upstream's order (pkg/controller/job/job_controller.go syncJob):
//! 1. early exits: managed elsewhere, already finished, unknown completion mode;
//! 2. snapshot: active, ready and terminating pods; newly finished pods and the counters;
//! 3. startTime on first start; the backoff record folds in the newly finished pods;
//! 4. the terminal verdict, first hit wins: SuccessCriteriaMet present, FailureTarget present,
//!    a FailJob rule, backoffLimit (and OnFailure restarts), activeDeadlineSeconds, then for
//!    Indexed Jobs maxFailedIndexes, failed indexes and the success policy;
//! 5. act: a finishing Job loses its active pods; otherwise manageJob creates or deletes, the
//!    completion test runs and the Suspended condition follows `spec.suspend`;
//! 6. track: count finished pods (removing their finalizers), write FailureTarget /
//!    SuccessCriteriaMet, and Failed / Complete once no pod terminates.

use std::borrow::Cow;
use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};

use crate::api::job::{condition, reason};
use crate::api::{Job, JobStatus, Time};

use super::backoff::BackoffRecord;
use super::conditions::{self, PendingCondition};
use super::explain::{Act, DeleteReason, Explanation, Idle, Skip, Verdict};
use super::indexed::OrderedIntervals;
use super::manage;
use super::pod::{JobPod, Phase};
use super::pod_failure_policy::{match_pod_failure_policy, PodFailureAction, PodFailureMatch};
use super::spec::{CompletionMode, JobSettings};
use super::success_policy::match_success_policy;
use super::tracking;

/// At most this many pods are created or deleted in one sync.
// Upstream: job_controller.go MaxPodCreateDeletePerSync
pub const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

/// At most this many finished pods are counted in one sync.
// Upstream: job_controller.go MaxUncountedPods
pub const MAX_UNCOUNTED_PODS: usize = 500;

/// Pod events re-sync a Job after this batching period; pod-backoff re-syncs are never sooner.
// Upstream: job_controller.go syncJobBatchPeriod
pub const SYNC_JOB_BATCH_PERIOD: SignedDuration = SignedDuration::from_secs(1);

/// What one sync reads.
#[derive(Debug, Clone, Copy)]
pub struct SyncInput<'a> {
    /// The Job, defaulted as the API server would.
    pub job: &'a Job,
    /// The pods the Job owns that still exist, in the informer's order. Pods finished and
    /// counted (no tracking finalizer) change nothing unless a pod failure policy is set, so a
    /// caller may leave them out and keep a sync's cost independent of the Job's history.
    pub pods: &'a [&'a JobPod],
    pub now: Timestamp,
    /// The controller's backoff memory for this Job (empty after a controller restart).
    pub backoff: BackoffRecord,
    /// Seeds the random suffixes of created pods' names (the simulation's generator); it must
    /// change from one sync of a Job to the next, or the names repeat.
    pub name_seed: u64,
}

/// A pod to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodCreation {
    /// The generated name (`generate_name` plus five characters).
    pub name: String,
    pub generate_name: String,
    /// The completion index (Indexed Jobs).
    pub index: Option<i64>,
    /// `job-index-failure-count` and `job-index-ignored-failure-count` (with
    /// backoffLimitPerIndex; the ignored count only when positive).
    pub index_failure_count: Option<i32>,
    pub index_ignored_failure_count: Option<i32>,
}

/// A pod to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodDeletion {
    pub name: String,
    /// manageJob removes the tracking finalizer before deleting (the pod is then not counted as
    /// failed); a finishing Job deletes with the finalizer kept.
    pub remove_finalizer_first: bool,
}

/// An event the controller records on the Job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEvent {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// The controller's own reasons, or a condition's reason carried over.
    pub reason: Cow<'static, str>,
    pub message: String,
}

impl JobEvent {
    pub(crate) fn normal(reason: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        JobEvent {
            type_: "Normal",
            reason: reason.into(),
            message: message.into(),
        }
    }

    pub(crate) fn warning(
        reason: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        JobEvent {
            type_: "Warning",
            reason: reason.into(),
            message: message.into(),
        }
    }
}

/// What one sync intends.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncOutcome {
    pub creates: Vec<PodCreation>,
    pub deletes: Vec<PodDeletion>,
    /// Pods whose tracking finalizer this sync removes: their result is now in the status.
    pub remove_finalizers: Vec<String>,
    /// The status after this sync (the Job's own status when the sync was skipped).
    pub status: JobStatus,
    /// Whether `status` differs from the Job's: upstream writes the status only then, and a
    /// write (a Job update) re-syncs the Job after the batching period.
    pub status_changed: bool,
    pub events: Vec<JobEvent>,
    /// When to sync again with no other event (pod backoff, active deadline).
    pub requeue_after: Option<SignedDuration>,
    /// The backoff memory to keep; `None` when the controller drops it (finished Job).
    pub backoff: Option<BackoffRecord>,
    pub explanation: Explanation,
}

impl SyncOutcome {
    /// The API server refused the first pod this sync creates (`error`, in its words): the
    /// slow start skips the others, none of them counts as active, and the Job records why
    /// in place of the creations.
    // Upstream: job_controller.go manageJob (a batch with an error skips the rest; `active`
    // less each pod not created), controller_utils.go createPods ("Error creating: %v")
    pub fn creation_refused(&mut self, before: Option<&JobStatus>, error: &str) {
        let wanted = self.creates.len() as i64;
        self.creates.clear();
        let mut failed = Some(JobEvent::warning(
            "FailedCreate",
            format!("Error creating: {error}"),
        ));
        self.events = std::mem::take(&mut self.events)
            .into_iter()
            .filter_map(|e| match &*e.reason {
                "SuccessfulCreate" => failed.take(),
                _ => Some(e),
            })
            .collect();
        let active = i64::from(self.status.active.unwrap_or(0)) - wanted;
        self.status.active = Some(clamp_i32(active.max(0)));
        self.status_changed = status_differs(before, &self.status);
        self.explanation.act = Some(Act::CreateRefused {
            wanted,
            error: error.to_string(),
        });
    }
}

/// The working state of one sync (upstream's syncJobCtx).
pub(crate) struct SyncCtx<'a> {
    pub settings: JobSettings,
    pub now: Timestamp,
    pub pods: &'a [&'a JobPod],
    /// Pods still carrying the tracking finalizer: the only ones whose result is still news.
    pub tracked: Vec<&'a JobPod>,
    /// Pods neither Succeeded nor Failed (active or terminating).
    pub unfinished: Vec<&'a JobPod>,
    pub active: Vec<&'a JobPod>,
    pub active_count: i64,
    pub ready: i64,
    pub terminating: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub status: JobStatus,
    pub conditions: Vec<crate::api::JobCondition>,
    pub uncounted_succeeded: BTreeSet<String>,
    pub uncounted_failed: BTreeSet<String>,
    pub prev_succeeded_indexes: OrderedIntervals,
    pub succeeded_indexes: OrderedIntervals,
    pub failed_indexes: Option<OrderedIntervals>,
    /// Per index, the failed pod whose finalizer removal waits for its replacement.
    pub delayed_deletion: std::collections::BTreeMap<i64, &'a JobPod>,
    pub backoff: BackoffRecord,
    pub finished: Option<PendingCondition>,
    pub creates: Vec<PodCreation>,
    pub deletes: Vec<PodDeletion>,
    pub events: Vec<JobEvent>,
    pub requeue_after: Option<SignedDuration>,
    pub name_seed: u64,
    pub explanation: Explanation,
}

impl SyncCtx<'_> {
    /// Failed for counting: phase Failed, or — unless only failed pods are replaced — being
    /// deleted without having succeeded.
    // Upstream: job_controller.go isPodFailed
    pub fn is_pod_failed(&self, pod: &JobPod) -> bool {
        pod.phase == Phase::Failed
            || (!self.settings.only_replace_failed_pods
                && pod.terminating
                && pod.phase != Phase::Succeeded)
    }

    /// Matches a pod against the pod failure policy.
    pub fn match_policy(&self, pod: &JobPod) -> PodFailureMatch {
        match_pod_failure_policy(
            self.settings.pod_failure_rules.as_deref(),
            pod,
            &self.settings.namespace,
        )
    }

    /// Asks for a re-sync after `after`; the earliest request wins, as in the work queue.
    pub fn requeue(&mut self, after: SignedDuration) {
        self.requeue_after = Some(self.requeue_after.map_or(after, |r| r.min(after)));
    }

    /// A pod the Job counts: tracked and, for Indexed Jobs, with a valid index.
    // Upstream: job_controller.go getValidPodsWithFilter (without the uncounted check)
    fn is_valid_tracked(&self, pod: &JobPod) -> bool {
        pod.tracked
            && (!self.settings.is_indexed() || self.settings.valid_index(pod.index).is_some())
    }
}

/// One sync of the Job controller.
// Upstream: job_controller.go syncJob
pub fn sync_job(input: SyncInput<'_>) -> SyncOutcome {
    let SyncInput {
        job,
        pods,
        now,
        backoff,
        name_seed,
    } = input;
    let settings = JobSettings::from_job(job);
    let mut explanation = Explanation::new(now);
    explanation.indexed = settings.is_indexed();
    let status = job.status.clone().unwrap_or_default();
    let skipped = |explanation: Explanation,
                   events: Vec<JobEvent>,
                   backoff: Option<BackoffRecord>,
                   skip: Skip| SyncOutcome {
        creates: Vec::new(),
        deletes: Vec::new(),
        remove_finalizers: Vec::new(),
        status: status.clone(),
        status_changed: false,
        events,
        requeue_after: None,
        backoff,
        explanation: Explanation {
            skipped: Some(skip),
            ..explanation
        },
    };
    if let Some(other) = &settings.managed_by_external {
        return skipped(
            explanation,
            Vec::new(),
            Some(backoff),
            Skip::ManagedElsewhere(other.clone()),
        );
    }
    let conditions = status.conditions.clone().unwrap_or_default();
    for kind in [condition::COMPLETE, condition::FAILED] {
        if conditions::is_true(&conditions, kind) {
            return skipped(
                explanation,
                Vec::new(),
                None,
                Skip::AlreadyFinished(kind.to_string()),
            );
        }
    }
    if let CompletionMode::Unknown(mode) = &settings.mode {
        let event = JobEvent::warning(
            "UnknownCompletionMode",
            "Skipped Job sync because completion mode is unknown",
        );
        return skipped(
            explanation,
            vec![event],
            Some(backoff),
            Skip::UnknownCompletionMode(mode.clone()),
        );
    }

    let uncounted = status.uncounted_terminated_pods.clone().unwrap_or_default();
    let mut ctx = SyncCtx {
        now,
        pods,
        tracked: Vec::new(),
        unfinished: Vec::new(),
        active: Vec::new(),
        active_count: 0,
        ready: 0,
        terminating: 0,
        succeeded: 0,
        failed: 0,
        conditions,
        uncounted_succeeded: uncounted
            .succeeded
            .unwrap_or_default()
            .into_iter()
            .collect(),
        uncounted_failed: uncounted.failed.unwrap_or_default().into_iter().collect(),
        prev_succeeded_indexes: OrderedIntervals::new(),
        succeeded_indexes: OrderedIntervals::new(),
        failed_indexes: None,
        delayed_deletion: Default::default(),
        backoff,
        finished: None,
        creates: Vec::new(),
        deletes: Vec::new(),
        events: Vec::new(),
        requeue_after: None,
        name_seed,
        explanation,
        status,
        settings,
    };
    // One pass over every pod; what follows only looks at the tracked or unfinished ones, so
    // pods counted long ago cost one flag test per sync.
    for &pod in pods {
        if pod.tracked {
            ctx.tracked.push(pod);
        } else if !pod.is_unfinished() {
            ctx.explanation.pods.already_counted += 1;
        }
        if pod.is_unfinished() {
            ctx.unfinished.push(pod);
            if pod.terminating {
                ctx.terminating += 1;
            } else {
                ctx.active.push(pod);
            }
        }
    }
    ctx.active_count = ctx.active.len() as i64;
    ctx.ready = ctx.active.iter().filter(|p| p.ready).count() as i64;
    count_new_finished(&mut ctx);

    if ctx.status.start_time.is_none() && !ctx.settings.suspend {
        ctx.status.start_time = Some(Time::from_timestamp(now));
        ctx.explanation.started = true;
    }

    decide_verdict(&mut ctx);

    if ctx.finished.is_some() {
        delete_all_active(&mut ctx);
    } else {
        let manage_called = !ctx.settings.being_deleted;
        if manage_called {
            manage::manage_job(&mut ctx);
        } else {
            ctx.explanation.act = Some(Act::Nothing(Idle::JobBeingDeleted));
        }
        check_completion(&mut ctx, manage_called);
    }

    ctx.status.active = Some(clamp_i32(ctx.active_count));
    ctx.status.ready = Some(clamp_i32(ctx.ready));
    ctx.status.terminating = Some(clamp_i32(ctx.terminating));
    let remove_finalizers = tracking::track_status(&mut ctx);
    ctx.explanation.requeue_after = ctx.requeue_after;
    ctx.explanation.succeeded = i64::from(ctx.status.succeeded.unwrap_or(0));
    ctx.explanation.failed = i64::from(ctx.status.failed.unwrap_or(0));
    ctx.explanation.completed_indexes = ctx.status.completed_indexes.clone().unwrap_or_default();
    ctx.explanation.failed_indexes = ctx.status.failed_indexes.clone();
    let status_changed = status_differs(job.status.as_ref(), &ctx.status);
    SyncOutcome {
        creates: ctx.creates,
        deletes: ctx.deletes,
        remove_finalizers,
        status_changed,
        status: ctx.status,
        events: ctx.events,
        requeue_after: ctx.requeue_after,
        backoff: Some(ctx.backoff),
        explanation: ctx.explanation,
    }
}

/// Counts the pods that finished since the last sync into `succeeded` and `failed` (failures
/// the pod failure policy ignores are left out) and folds them into the backoff record.
/// Counted pods are skipped at the cost of one flag test.
// Upstream: job_controller.go getNewFinishedPods, nonIgnoredFailedPodsCount, syncJob
fn count_new_finished(ctx: &mut SyncCtx<'_>) {
    let mut new_succeeded: Vec<&JobPod> = Vec::new();
    let mut new_failed: Vec<&JobPod> = Vec::new();
    let mut ignored = 0;
    for &pod in &ctx.tracked {
        if !ctx.is_valid_tracked(pod) {
            continue;
        }
        if pod.phase == Phase::Succeeded && !ctx.uncounted_succeeded.contains(&pod.name) {
            new_succeeded.push(pod);
        } else if ctx.is_pod_failed(pod) && !ctx.uncounted_failed.contains(&pod.name) {
            if ctx.settings.pod_failure_rules.is_some() && !ctx.match_policy(pod).count_failed {
                ignored += 1;
            }
            new_failed.push(pod);
        }
    }
    let status_succeeded = i64::from(ctx.status.succeeded.unwrap_or(0));
    let status_failed = i64::from(ctx.status.failed.unwrap_or(0));
    ctx.succeeded =
        status_succeeded + new_succeeded.len() as i64 + ctx.uncounted_succeeded.len() as i64;
    ctx.failed =
        status_failed + new_failed.len() as i64 - ignored + ctx.uncounted_failed.len() as i64;
    ctx.backoff = ctx.backoff.with_new_finished(&new_succeeded, &new_failed);
    if !ctx.settings.has_backoff_limit_per_index() {
        ctx.explanation.backoff = manage::backoff_state(ctx);
    }
    let tally = &mut ctx.explanation.pods;
    tally.total = ctx.pods.len();
    tally.active = ctx.active_count;
    tally.ready = ctx.ready;
    tally.terminating = ctx.terminating;
    tally.new_succeeded = new_succeeded.len() as i64;
    tally.new_failed = new_failed.len() as i64 - ignored;
    tally.new_ignored = ignored;
}

/// Chooses the terminal condition, in upstream's priority order; schedules the deadline
/// re-sync when a deadline is set and not yet reached.
// Upstream: job_controller.go syncJob (finishedCondition), pastBackoffLimitOnFailure,
// pastActiveDeadline, getFailJobMessage
fn decide_verdict(ctx: &mut SyncCtx<'_>) {
    let now = ctx.now;
    if let Some(met) = conditions::find(&ctx.conditions, condition::SUCCESS_CRITERIA_MET)
        .filter(|c| c.status == "True")
    {
        ctx.finished = Some(pending_from(condition::SUCCESS_CRITERIA_MET, met));
        ctx.explanation.verdict = Some(Verdict::SuccessCriteriaAlreadyMet);
    } else if let Some(target) =
        conditions::find(&ctx.conditions, condition::FAILURE_TARGET).filter(|c| c.status == "True")
    {
        ctx.finished = Some(pending_from(condition::FAILED, target));
        ctx.explanation.verdict = Some(Verdict::FailureTargetAlreadySet(
            target.reason.clone().unwrap_or_default(),
        ));
    } else if ctx.settings.pod_failure_rules.is_some() {
        let fail_job = ctx
            .pods
            .iter()
            .filter(|p| ctx.is_pod_failed(p))
            .find_map(|p| {
                let matched = ctx.match_policy(p);
                let rule = matched.matched.map_or(0, |(_, i)| i);
                matched.fail_job_message.map(|m| (p.name.clone(), rule, m))
            });
        if let Some((pod, rule, message)) = fail_job {
            ctx.finished = Some(PendingCondition::new(
                condition::FAILURE_TARGET,
                reason::POD_FAILURE_POLICY,
                &message,
            ));
            ctx.explanation.verdict = Some(Verdict::PodFailurePolicy { pod, rule, message });
        }
    }
    if ctx.finished.is_none() {
        let limit = ctx.settings.backoff_limit;
        let restarts = restarts_on_failure(ctx);
        let past_restarts = restarts.is_some_and(|r| if limit == 0 { r > 0 } else { r >= limit });
        if ctx.failed > limit || past_restarts {
            ctx.finished = Some(PendingCondition::new(
                condition::FAILURE_TARGET,
                reason::BACKOFF_LIMIT_EXCEEDED,
                "Job has reached the specified backoff limit",
            ));
            ctx.explanation.verdict = Some(if ctx.failed > limit {
                Verdict::BackoffLimit {
                    failed: ctx.failed,
                    limit,
                }
            } else {
                Verdict::RestartsOnFailure {
                    restarts: restarts.unwrap_or(0),
                    limit,
                }
            });
        } else if let (Some(seconds), Some(start), false) = (
            ctx.settings.active_deadline_seconds,
            ctx.status.start_time,
            ctx.settings.suspend,
        ) {
            let start = start.timestamp();
            let elapsed = now.duration_since(start);
            let allowed = SignedDuration::from_secs(seconds);
            if elapsed >= allowed {
                ctx.finished = Some(PendingCondition::new(
                    condition::FAILURE_TARGET,
                    reason::DEADLINE_EXCEEDED,
                    "Job was active longer than specified deadline",
                ));
                ctx.explanation.verdict = Some(Verdict::Deadline {
                    start,
                    seconds,
                    elapsed,
                });
            } else {
                ctx.requeue(allowed - elapsed);
                ctx.explanation.deadline_at = start.checked_add(allowed).ok();
            }
        }
    }
    if ctx.settings.is_indexed() {
        decide_indexed_verdict(ctx);
    }
}

/// Indexed Jobs: recompute the succeeded (and failed) indexes, then check maxFailedIndexes,
/// failed indexes and the success policy.
// Upstream: job_controller.go syncJob (isIndexedJob branch), indexed_job_utils.go
// calculateSucceededIndexes, calculateFailedIndexes, getPodsWithDelayedDeletionPerIndex
fn decide_indexed_verdict(ctx: &mut SyncCtx<'_>) {
    let completions = ctx.settings.completions_or_zero();
    ctx.prev_succeeded_indexes = OrderedIntervals::parse(
        ctx.status.completed_indexes.as_deref().unwrap_or(""),
        completions,
    );
    let new_succeeded: BTreeSet<i64> = ctx
        .tracked
        .iter()
        .filter(|p| p.phase == Phase::Succeeded)
        .filter_map(|p| ctx.settings.valid_index(p.index))
        .collect();
    let new_succeeded: Vec<i64> = new_succeeded.into_iter().collect();
    ctx.succeeded_indexes = ctx
        .prev_succeeded_indexes
        .with_ordered_indexes(&new_succeeded);
    ctx.succeeded = ctx.succeeded_indexes.total();
    if ctx.settings.has_backoff_limit_per_index() {
        let previous = OrderedIntervals::parse(
            ctx.status.failed_indexes.as_deref().unwrap_or(""),
            completions,
        );
        let new_failed: BTreeSet<i64> = ctx
            .tracked
            .iter()
            .filter(|p| is_index_failed(ctx, p))
            .filter_map(|p| ctx.settings.valid_index(p.index))
            .collect();
        let new_failed: Vec<i64> = new_failed.into_iter().collect();
        let failed_indexes = previous.with_ordered_indexes(&new_failed);
        let failed = failed_indexes.total();
        let succeeded = ctx.succeeded_indexes.total();
        if ctx.finished.is_none() {
            if let Some(max) = ctx.settings.max_failed_indexes.filter(|max| failed > *max) {
                ctx.finished = Some(PendingCondition::new(
                    condition::FAILURE_TARGET,
                    reason::MAX_FAILED_INDEXES_EXCEEDED,
                    "Job has exceeded the specified maximal number of failed indexes",
                ));
                ctx.explanation.verdict = Some(Verdict::MaxFailedIndexes { failed, max });
            } else if failed > 0 && failed + succeeded >= completions {
                ctx.finished = Some(PendingCondition::new(
                    condition::FAILURE_TARGET,
                    reason::FAILED_INDEXES,
                    "Job has failed indexes",
                ));
                ctx.explanation.verdict = Some(Verdict::FailedIndexes {
                    failed,
                    succeeded,
                    completions,
                });
            }
        }
        ctx.failed_indexes = Some(failed_indexes);
        ctx.delayed_deletion = pods_with_delayed_deletion(ctx);
    }
    if ctx.finished.is_none() {
        if let Some((rule, message)) = match_success_policy(
            ctx.settings.success_rules.as_deref(),
            completions,
            &ctx.succeeded_indexes,
        ) {
            ctx.finished = Some(PendingCondition::new(
                condition::SUCCESS_CRITERIA_MET,
                reason::SUCCESS_POLICY,
                &message,
            ));
            ctx.explanation.verdict = Some(Verdict::SuccessPolicy { rule });
        }
    }
}

/// Whether a failed pod fails its index: a FailIndex rule matched, or the failure counts and
/// the pod's index failure count reached backoffLimitPerIndex.
// Upstream: indexed_job_utils.go isIndexFailed
fn is_index_failed(ctx: &SyncCtx<'_>, pod: &JobPod) -> bool {
    if !ctx.is_pod_failed(pod) {
        return false;
    }
    let counted = if ctx.settings.pod_failure_rules.is_some() {
        let matched = ctx.match_policy(pod);
        if matched.action() == Some(PodFailureAction::FailIndex) {
            return true;
        }
        matched.count_failed
    } else {
        true
    };
    counted && Some(pod.index_failure_count) >= ctx.settings.backoff_limit_per_index
}

/// For each index neither succeeded, failed nor active, the failed pod whose finalizer stays
/// until its replacement exists (so the replacement inherits its failure counts): a later pod
/// replaces the kept one when its failure count is not lower and it did not finish earlier.
// Upstream: indexed_job_utils.go getPodsWithDelayedDeletionPerIndex
fn pods_with_delayed_deletion<'a>(
    ctx: &SyncCtx<'a>,
) -> std::collections::BTreeMap<i64, &'a JobPod> {
    use super::backoff::absolute_index_failure_count;
    let active: BTreeSet<i64> = ctx.active.iter().filter_map(|p| p.index).collect();
    let failed = ctx.failed_indexes.clone().unwrap_or_default();
    let mut kept: std::collections::BTreeMap<i64, &'a JobPod> = Default::default();
    for &pod in &ctx.tracked {
        if !ctx.is_valid_tracked(pod) || !ctx.is_pod_failed(pod) {
            continue;
        }
        let Some(index) = ctx.settings.valid_index(pod.index) else {
            continue;
        };
        if ctx.succeeded_indexes.has(index) || failed.has(index) || active.contains(&index) {
            continue;
        }
        let replace = kept.get(&index).is_none_or(|previous| {
            absolute_index_failure_count(previous) <= absolute_index_failure_count(pod)
                && pod.finished_time() >= previous.finished_time()
        });
        if replace {
            kept.insert(index, pod);
        }
    }
    kept
}

/// restartPolicy OnFailure: the restarts of every Running or Pending pod (init and regular
/// containers); `None` for other restart policies.
// Upstream: job_controller.go pastBackoffLimitOnFailure (the sum)
fn restarts_on_failure(ctx: &SyncCtx<'_>) -> Option<i64> {
    ctx.settings.restart_on_failure.then(|| {
        ctx.unfinished
            .iter()
            .filter(|p| matches!(p.phase, Phase::Running | Phase::Pending))
            .map(|p| p.restart_count_sum())
            .sum()
    })
}

/// A finishing Job deletes all its active pods (finalizers kept: they are counted as failed
/// when the Job fails).
// Upstream: job_controller.go deleteActivePods
fn delete_all_active(ctx: &mut SyncCtx<'_>) {
    let deleted = ctx.active.len() as i64;
    let deleted_ready = ctx.active.iter().filter(|p| p.ready).count() as i64;
    for pod in &ctx.active {
        ctx.deletes.push(PodDeletion {
            name: pod.name.clone(),
            remove_finalizer_first: false,
        });
        ctx.events.push(JobEvent::normal(
            "SuccessfulDelete",
            format!("Deleted pod: {}", pod.name),
        ));
    }
    ctx.active_count -= deleted;
    ctx.terminating += deleted;
    ctx.ready -= deleted_ready;
    ctx.explanation.act = Some(if deleted > 0 {
        Act::Deleted {
            count: deleted,
            reason: DeleteReason::Finishing,
            capped: false,
        }
    } else {
        Act::Nothing(Idle::Finishing)
    });
}

/// After manageJob: the completion test, then the Suspended condition and its event.
// Upstream: job_controller.go syncJob (complete, ensureJobConditionStatus for Suspended)
fn check_completion(ctx: &mut SyncCtx<'_>, manage_called: bool) {
    let complete = match ctx.settings.completions {
        None => ctx.succeeded > 0 && ctx.active_count == 0,
        Some(completions) => ctx.succeeded >= completions && ctx.active_count == 0,
    };
    if complete {
        ctx.finished = Some(PendingCondition::new(
            condition::SUCCESS_CRITERIA_MET,
            reason::COMPLETIONS_REACHED,
            "Reached expected number of succeeded pods",
        ));
        ctx.explanation.verdict = Some(match ctx.settings.completions {
            None => Verdict::WorkQueueDrained {
                succeeded: ctx.succeeded,
            },
            Some(completions) => Verdict::CompletionsReached {
                succeeded: ctx.succeeded,
                completions,
            },
        });
        return;
    }
    if !manage_called {
        return;
    }
    let now = ctx.now;
    if ctx.settings.suspend {
        if conditions::ensure(
            &mut ctx.conditions,
            condition::SUSPENDED,
            "True",
            reason::JOB_SUSPENDED,
            "Job suspended",
            now,
        ) {
            ctx.events
                .push(JobEvent::normal("Suspended", "Job suspended"));
            ctx.explanation.suspend_changed = Some(true);
        }
    } else if conditions::ensure(
        &mut ctx.conditions,
        condition::SUSPENDED,
        "False",
        reason::JOB_RESUMED,
        "Job resumed",
        now,
    ) {
        ctx.events.push(JobEvent::normal("Resumed", "Job resumed"));
        ctx.explanation.suspend_changed = Some(false);
        ctx.status.start_time = Some(Time::from_timestamp(now));
        ctx.explanation.started = true;
    }
}

/// Whether two statuses differ once unset and zero values of the non-pointer fields (counters,
/// completedIndexes, empty lists) are taken as equal, as upstream compares them.
// Upstream: job_controller.go syncJob (needsStatusUpdate), trackJobStatusAndRemoveFinalizers
// (needsFlush)
fn status_differs(before: Option<&JobStatus>, after: &JobStatus) -> bool {
    fn normalized(status: &JobStatus) -> JobStatus {
        let zero_is_unset = |n: Option<i32>| n.filter(|n| *n != 0);
        let uncounted = status.uncounted_terminated_pods.clone().filter(|u| {
            u.succeeded.as_ref().is_some_and(|s| !s.is_empty())
                || u.failed.as_ref().is_some_and(|f| !f.is_empty())
        });
        JobStatus {
            active: zero_is_unset(status.active),
            succeeded: zero_is_unset(status.succeeded),
            failed: zero_is_unset(status.failed),
            completed_indexes: status.completed_indexes.clone().filter(|c| !c.is_empty()),
            conditions: status.conditions.clone().filter(|c| !c.is_empty()),
            uncounted_terminated_pods: uncounted,
            ..status.clone()
        }
    }
    normalized(&before.cloned().unwrap_or_default()) != normalized(after)
}

fn pending_from(type_: &str, existing: &crate::api::JobCondition) -> PendingCondition {
    PendingCondition::new(
        type_,
        existing.reason.as_deref().unwrap_or(""),
        existing.message.as_deref().unwrap_or(""),
    )
}

pub(crate) fn clamp_i32(n: i64) -> i32 {
    i32::try_from(n.max(0)).unwrap_or(i32::MAX)
}
