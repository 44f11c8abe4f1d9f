//! The Job controller (upstream `pkg/controller/job`), one file per upstream concern.
//!
//! `sync::sync_job` is one syncJob as a pure function (the Job, its pods, the controller's
//! backoff memory and the time in; creations, deletions, finalizer removals, the status, events,
//! a re-sync time and an explanation out). Around it: `spec` (what a sync reads of the Job),
//! `pod` (what it reads of a pod), `manage` (manageJob), `tracking`
//! (trackJobStatusAndRemoveFinalizers), `backoff` (backoff_utils.go), `indexed`
//! (indexed_job_utils.go), `pod_failure_policy`, `success_policy`, `active_pods` (the deletion
//! order of controller_utils.go), `conditions`, `orphan` (syncOrphanPod), and `explain` /
//! `explain_text` (the record of why, and its words in English and Simplified Chinese).

pub mod active_pods;
pub mod backoff;
pub mod conditions;
pub mod explain;
pub mod explain_text;
pub mod indexed;
pub mod manage;
pub mod orphan;
pub mod pod;
pub mod pod_failure_policy;
pub mod spec;
pub mod success_policy;
pub mod sync;
mod tracking;
