//! The virtual container runtime: what a container's `command`/`args` would do, without any
//! process. [`run`] interprets them and returns the container's log (each line at the virtual
//! time it appears), how long it runs and its exit code. It is a pure function of its input:
//! no clock, no randomness (the simulation adds seeded jitter, if any, outside).
//!
//! # What runs
//! As the kubelet and the container runtime do:
//! 1. `$(VAR)` references in `command` and `args` are expanded with the container's env
//!    (`$$` escapes a `$`; unknown references stay as written).
//! 2. `command` replaces the image's ENTRYPOINT and `args` its CMD. With `command` set the
//!    image's CMD is dropped; with only `args`, they follow the image's ENTRYPOINT; with
//!    neither, the image's ENTRYPOINT and CMD run.
//! 3. The image's defaults are known for busybox, alpine, bash, debian, ubuntu, perl, python
//!    and resouer/ubuntu-bc (see [`image`]). For any other image, whatever depends on its
//!    defaults (only `args`, or nothing) is an *unknown program*.
//!
//! # Programs
//! `sh`/`bash -c` scripts (pipelines, `&&`, `||`, `;`, `&` and `wait`, quoting,
//! `$VAR`/`${VAR…}`, `$(…)`, `$((…))`, `if`, `for`, `while`, `case`, functions,
//! here-documents, `read`, `set -e`/`-x`, redirections), `echo`, `sleep`, `exit`, `true`,
//! `false`, `date`, `printenv`/`env`, `hostname`, `cat` of its input, `bc -l` computing
//! `4*a(1)` at a `scale`, `perl -Mbignum=bpi -wle 'print bpi(N)'`, and the small `python3 -c`
//! scripts of the Job documentation. Pi is really computed. There are no files: output to one
//! leaves the log, input from one is empty.
//! - An *unknown program* (not modeled, or on an unknown image) runs `timing.defaultRun` and
//!   exits 0, silently.
//! - A program the (known) image does not have is *not found*: in a shell, the shell's message
//!   and exit code 127; as the container's own command, a `StartError`.
//!
//! # Run time
//! The sum of the `sleep`s, the unknown programs' `defaultRun`s and the modeled cost of the pi
//! computations ([`cost`]). The pod annotation `jobsim.dev/run-seconds` overrides it (log lines
//! due later appear at its end) and `jobsim.dev/exit-code` forces the exit code.

pub mod cost;
pub mod expansion;
pub mod image;
pub mod pi;

mod annotations;
mod entrypoint;
mod machine;
mod programs;
mod shell;

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::api::StringMap;
use crate::sim::time::SimDuration;

pub use annotations::{EXIT_CODE_ANNOTATION, RUN_SECONDS_ANNOTATION};

/// One start of one container: what the pod spec and the node give it (borrowed from the pod
/// where it is the pod's own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerInvocation<'a> {
    pub image: Cow<'a, str>,
    pub command: Cow<'a, [String]>,
    pub args: Cow<'a, [String]>,
    /// The container's resolved environment (`env`, `JOB_COMPLETION_INDEX`, `HOSTNAME`…).
    pub env: BTreeMap<String, String>,
    /// The pod's annotations (`jobsim.dev/run-seconds`, `jobsim.dev/exit-code`).
    pub annotations: Cow<'a, StringMap>,
    /// The wall-clock time at which the container starts (what `date` prints from).
    pub started_at: Timestamp,
    /// `timing.defaultRun`: how long an unknown program runs.
    pub default_run: SimDuration,
}

/// Which stream a log line was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A line of the container's log, at the virtual time after the start at which it appears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: SimDuration,
    pub stream: Stream,
    pub text: String,
}

/// How the container ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It exits by itself, `after` its start.
    Exited { after: SimDuration, exit_code: i32 },
    /// It never exits by itself (`sleep infinity`, an endless loop): it runs until killed.
    RunsUntilKilled,
    /// The runtime cannot start it (the program is not on the image): reason `StartError`,
    /// exit code 128, with this message.
    StartError { message: String },
}

/// What a container does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    pub log: Vec<LogLine>,
    pub outcome: Outcome,
    /// What the container does with the SIGTERM of a graceful termination.
    pub sigterm: Sigterm,
    /// Problems of the input that the simulation should report (a malformed annotation).
    pub warnings: Vec<String>,
}

/// How the container's process answers SIGTERM.
///
/// A container's process is PID 1 of its namespace, and the kernel drops a signal whose action
/// is the default for PID 1: `sleep`, a shell, `perl` or `python` without a handler ignore
/// SIGTERM and run on until the kubelet's SIGKILL at the end of the grace period (exit code
/// 137). A shell that `trap`s TERM, or an unknown program (assumed to handle it), ends at once
/// (exit code 143).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sigterm {
    Terminates,
    Ignores,
}

/// Runs a container's command in the virtual runtime.
// Upstream: pkg/kubelet/kuberuntime/kuberuntime_container.go generateContainerConfig
// (command/args expansion) and containerd's WithProcessArgs (ENTRYPOINT/CMD).
pub fn run(invocation: &ContainerInvocation<'_>) -> Execution {
    let overrides = annotations::Overrides::from(&*invocation.annotations);
    let mut machine = machine::Machine::new(invocation);
    let (status, modeled) = match entrypoint::resolve(invocation) {
        entrypoint::Resolved::Argv(argv) => {
            let modeled = argv
                .first()
                .is_some_and(|program| programs::is_modeled(program));
            (programs::exec_entrypoint(&mut machine, &argv), modeled)
        }
        entrypoint::Resolved::Unknown => (programs::unknown(&mut machine), false),
    };
    let sigterm = if modeled && !machine.traps_sigterm {
        Sigterm::Ignores
    } else {
        Sigterm::Terminates
    };
    let (log, elapsed) = machine.finish(!matches!(status, machine::Status::Forever));
    let outcome = match status {
        machine::Status::Exit(code) => Outcome::Exited {
            after: elapsed,
            exit_code: code,
        },
        machine::Status::Forever => Outcome::RunsUntilKilled,
        machine::Status::StartError(message) => {
            return Execution {
                log: Vec::new(),
                outcome: Outcome::StartError { message },
                sigterm,
                warnings: overrides.warnings,
            }
        }
    };
    overrides.apply(log, outcome, sigterm)
}
