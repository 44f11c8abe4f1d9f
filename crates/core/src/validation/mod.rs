//! The API server's side of a create or update: defaulting, the Job's selector generation, and
//! validation with upstream's field paths, error types and messages.

pub mod cronjob;
pub mod defaults;
pub mod field;
pub mod job;
pub mod label_selector;
pub mod manifest;
pub mod names;
pub mod objectmeta;
pub mod pod;
pub mod pod_affinity;
pub mod priority_class;
pub mod topology_spread;
pub mod warnings;

pub use cronjob::{validate_cronjob, validate_cronjob_update};
pub use field::{ErrorType, FieldError};
pub use job::{validate_job, validate_job_update};
