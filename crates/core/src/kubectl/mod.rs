//! The kubectl language: what kubectl prints, so that the console, the scenario's `kubectl:`
//! actions and the command line answer in kubectl's own layout.

pub mod command;
pub mod describe_cronjob;
pub mod describe_events;
pub mod describe_job;
pub mod describe_pod_template;
pub mod duration;
pub mod get_cronjobs;
pub mod get_jobs;
pub mod get_pods;
pub mod label_selector;
pub mod prefix_writer;
pub mod table;
pub mod tabwriter;
