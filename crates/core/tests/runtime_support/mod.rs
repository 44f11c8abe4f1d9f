//! Helpers shared by the virtual runtime's tests (`runtime_*.rs`): invocations and a compact
//! view of the log. Each test file uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use jobsim_core::sim::runtime::{self, ContainerInvocation, Execution, Outcome, Stream};
use jobsim_core::sim::time::SimDuration;

pub const START: &str = "2026-01-01T00:00:00Z";

pub fn invocation(image: &str, command: &[&str], args: &[&str]) -> ContainerInvocation<'static> {
    ContainerInvocation {
        image: image.to_string().into(),
        command: command.iter().map(|s| s.to_string()).collect(),
        args: args.iter().map(|s| s.to_string()).collect(),
        env: BTreeMap::new(),
        annotations: Default::default(),
        started_at: START.parse().expect("a timestamp"),
        default_run: SimDuration::from_secs(5),
    }
}

pub fn with_env<'a>(
    mut invocation: ContainerInvocation<'a>,
    env: &[(&str, &str)],
) -> ContainerInvocation<'a> {
    invocation
        .env
        .extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    invocation
}

pub fn with_annotations<'a>(
    mut invocation: ContainerInvocation<'a>,
    annotations: &[(&str, &str)],
) -> ContainerInvocation<'a> {
    invocation.annotations.to_mut().extend(
        annotations
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    invocation
}

/// `sh -c SCRIPT` on `image`.
pub fn sh(image: &str, script: &str) -> Execution {
    runtime::run(&invocation(image, &["sh", "-c", script], &[]))
}

/// The log as text lines, stderr ones marked `2> `.
pub fn log(execution: &Execution) -> Vec<String> {
    execution
        .log
        .iter()
        .map(|line| match line.stream {
            Stream::Stdout => line.text.clone(),
            Stream::Stderr => format!("2> {}", line.text),
        })
        .collect()
}

/// The log with each line's offset in milliseconds.
pub fn timed_log(execution: &Execution) -> Vec<(u64, String)> {
    execution
        .log
        .iter()
        .map(|line| line.at.as_millis())
        .zip(log(execution))
        .collect()
}

/// (exit code, milliseconds) of an exited container.
pub fn exited(execution: &Execution) -> Option<(i32, u64)> {
    match execution.outcome {
        Outcome::Exited { after, exit_code } => Some((exit_code, after.as_millis())),
        _ => None,
    }
}
