//! The CronJob controller (upstream pkg/controller/cronjob) and the cron schedules it runs on
//! (robfig/cron v3.0.1 as Kubernetes vendors it), as pure functions: time is an input.

pub mod constant_delay;
pub mod create_job;
pub mod describe;
pub mod events;
pub mod parser;
pub mod schedule;
pub mod spec;
pub mod sync;
pub mod utils;

pub use schedule::{parse, Schedule, ScheduleError};
