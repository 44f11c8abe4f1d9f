//! The kubectl language: what kubectl prints, so that the console, the scenario's `kubectl:`
//! actions and the command line answer in kubectl's own layout.

pub mod duration;
pub mod get_jobs;
pub mod table;
