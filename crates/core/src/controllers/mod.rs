//! The controllers, as pure functions: a snapshot and the time in, intended writes out.

pub mod cronjob;
pub mod gc;
pub mod job;
pub mod pod_gc;
pub mod ttl;
