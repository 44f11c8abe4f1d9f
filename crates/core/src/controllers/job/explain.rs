//! The explanation of one sync, as data: what the controller saw and why it acted. Rendering it
//! into words lives in `explain_text.rs`.

use jiff::{SignedDuration, Timestamp};

/// Why a sync did nothing at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// `spec.managedBy` names another controller.
    ManagedElsewhere(String),
    /// The Job already has a `Complete` or `Failed` condition (named here).
    AlreadyFinished(String),
    /// `spec.completionMode` is not one the controller knows.
    UnknownCompletionMode(String),
}

/// The pods as the sync counted them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodTally {
    pub total: usize,
    pub active: i64,
    pub ready: i64,
    pub terminating: i64,
    /// Finished pods whose result is already in the status (skipped).
    pub already_counted: i64,
    pub new_succeeded: i64,
    /// Newly failed pods counted as failures.
    pub new_failed: i64,
    /// Newly failed pods the pod failure policy ignores.
    pub new_ignored: i64,
}

/// The check that decided the Job's fate in this sync, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A `SuccessCriteriaMet=True` condition was already present.
    SuccessCriteriaAlreadyMet,
    /// A `FailureTarget=True` condition was already present (its reason).
    FailureTargetAlreadySet(String),
    /// A failed pod matched a `FailJob` rule.
    PodFailurePolicy {
        pod: String,
        rule: usize,
        message: String,
    },
    /// `failed > backoffLimit`.
    BackoffLimit { failed: i64, limit: i64 },
    /// restartPolicy OnFailure: the restarts of running and pending pods reached the limit
    /// (`> 0` when the limit is 0, else `≥ limit`).
    RestartsOnFailure { restarts: i64, limit: i64 },
    /// `now − startTime ≥ activeDeadlineSeconds`.
    Deadline {
        start: Timestamp,
        seconds: i64,
        elapsed: SignedDuration,
    },
    /// More failed indexes than `maxFailedIndexes`.
    MaxFailedIndexes { failed: i64, max: i64 },
    /// Every index succeeded or failed, and some failed.
    FailedIndexes {
        failed: i64,
        succeeded: i64,
        completions: i64,
    },
    /// A success policy rule matched.
    SuccessPolicy { rule: usize },
    /// `succeeded ≥ completions` with no active pod.
    CompletionsReached { succeeded: i64, completions: i64 },
    /// Work-queue Job: something succeeded and nothing is active any more.
    WorkQueueDrained { succeeded: i64 },
}

/// How many pods the Job wants active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// `min(completions − succeeded, parallelism)`, floored at 0.
    Completions {
        completions: i64,
        succeeded: i64,
        parallelism: i64,
        want: i64,
    },
    /// Work-queue Job before any success: `parallelism`.
    WorkQueue { parallelism: i64 },
    /// Work-queue Job after a success: keep what runs, start nothing.
    WorkQueueKeep { active: i64 },
}

/// Why pods were deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteReason {
    /// The Job is finishing (failed or succeeded): every active pod goes.
    Finishing,
    /// The Job is suspended: every active pod goes, not counted as failed.
    Suspended,
    /// More active pods than wanted, or duplicate/invalid indexes.
    Surplus { want: i64, duplicates: i64 },
}

/// What the sync did with pods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Created pods: `diff = want − active − terminating_counted`, capped at 500, issued in
    /// slow-start `batches`.
    Created {
        count: i64,
        indexes: Vec<i64>,
        batches: Vec<i64>,
        diff: i64,
        terminating_counted: i64,
        capped: bool,
    },
    /// The API server refused the first of the `wanted` pods (`error`); the rest were skipped.
    CreateRefused { wanted: i64, error: String },
    /// Deleted pods.
    Deleted {
        count: i64,
        reason: DeleteReason,
        capped: bool,
    },
    /// Creation waits for the pod-failure backoff of the Job.
    BackoffWait(BackoffWait),
    /// Creation waits for the per-index backoff of every pending index.
    IndexBackoffWait {
        indexes: Vec<i64>,
        remaining: SignedDuration,
    },
    /// Nothing to create or delete.
    Nothing(Idle),
}

/// The pod-failure backoff of the Job: `failures` since the last success, the delay that gives
/// (10 s doubled, capped at 10 minutes in the code jobsim follows), until when, and how much of
/// it is left at the sync (zero: over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackoffWait {
    pub failures: i32,
    pub delay: SignedDuration,
    pub capped: bool,
    pub last_failure: Option<Timestamp>,
    pub until: Timestamp,
    pub remaining: SignedDuration,
}

/// Why nothing was created or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// Active pods already match what is wanted.
    Satisfied {
        want: i64,
        active: i64,
        terminating_counted: i64,
    },
    /// The Job is being deleted: pods are neither created nor deleted.
    JobBeingDeleted,
    /// A terminal condition is pending and no pod is active.
    Finishing,
    /// The suspended Job has no active pod.
    SuspendedIdle,
}

/// One sync, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub now: Timestamp,
    pub skipped: Option<Skip>,
    pub indexed: bool,
    pub pods: PodTally,
    pub succeeded: i64,
    pub failed: i64,
    pub completed_indexes: String,
    pub failed_indexes: Option<String>,
    /// `startTime` was set in this sync (first start or resume).
    pub started: bool,
    pub verdict: Option<Verdict>,
    pub want: Option<Want>,
    pub act: Option<Act>,
    /// The Job's pod-failure backoff after this sync, when failures are recorded (Jobs without
    /// backoffLimitPerIndex).
    pub backoff: Option<BackoffWait>,
    /// When `activeDeadlineSeconds` expires, if it is set and not yet expired.
    pub deadline_at: Option<Timestamp>,
    /// `Some(true)`: became suspended; `Some(false)`: resumed.
    pub suspend_changed: Option<bool>,
    /// The terminal condition (`Complete`/`Failed`) added in this sync.
    pub finished: Option<String>,
    /// A terminal condition waits for these terminating pods.
    pub waiting_for_terminating: i64,
    /// The 500-pod cap on counting finished pods was reached; the rest waits.
    pub uncounted_cap_reached: bool,
    pub requeue_after: Option<SignedDuration>,
}

impl Explanation {
    /// An explanation with nothing seen yet.
    pub fn new(now: Timestamp) -> Explanation {
        Explanation {
            now,
            skipped: None,
            indexed: false,
            pods: PodTally::default(),
            succeeded: 0,
            failed: 0,
            completed_indexes: String::new(),
            failed_indexes: None,
            started: false,
            verdict: None,
            want: None,
            act: None,
            backoff: None,
            deadline_at: None,
            suspend_changed: None,
            finished: None,
            waiting_for_terminating: 0,
            uncounted_cap_reached: false,
            requeue_after: None,
        }
    }
}
