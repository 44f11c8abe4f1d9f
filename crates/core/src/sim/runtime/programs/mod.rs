//! The programs a container can run, by name (a path runs the program of its last component).

mod bc;
mod date;
mod echo;
mod env;
mod perl;
mod python;
mod queue_consumer;
mod sleep;

pub use echo::{render as echo_render, EchoStyle};

use std::collections::BTreeMap;

use super::image::ShellFlavor;
use super::machine::{Io, Machine, Status};
use super::shell;

/// The program's name: the last component of its path.
pub fn name(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

/// Whether the image has `program`; on an unknown image, anything may be there.
pub fn found(machine: &Machine, program: &str) -> bool {
    machine
        .image
        .as_ref()
        .is_none_or(|image| image.has(program))
}

/// The container's own process: a program that is not on the image cannot start.
// Upstream: runc's "exec: \"foo\": executable file not found in $PATH", surfaced by the kubelet
// as a StartError with exit code 128.
pub fn exec_entrypoint(machine: &mut Machine, argv: &[String]) -> Status {
    let Some(program) = argv.first() else {
        return unknown(machine);
    };
    if !found(machine, program) {
        let why = if program.contains('/') {
            format!("exec: \"{program}\": stat {program}: no such file or directory")
        } else {
            format!("exec: \"{program}\": executable file not found in $PATH")
        };
        return Status::StartError(format!(
            "failed to create containerd task: failed to create shim task: OCI runtime create failed: \
             runc create failed: unable to start container process: {why}: unknown"
        ));
    }
    let invocation = machine.invocation;
    exec(machine, argv, &invocation.env, &Io::container())
}

/// Runs a program that is on the image (or may be).
pub fn exec(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    if !machine.step() {
        return Status::Forever;
    }
    let Some(program) = argv.first() else {
        return Status::Exit(0);
    };
    let sh_flavor = machine
        .image
        .as_ref()
        .map_or(ShellFlavor::Ash, |image| image.sh);
    match name(program) {
        "sh" => shell::run(machine, sh_flavor, argv, env, io),
        "ash" => shell::run(machine, ShellFlavor::Ash, argv, env, io),
        "dash" => shell::run(machine, ShellFlavor::Dash, argv, env, io),
        "bash" => shell::run(machine, ShellFlavor::Bash, argv, env, io),
        "docker-entrypoint.sh" => docker_entrypoint(machine, argv, env, io),
        "echo" => echo::run(machine, EchoStyle::Program, argv, io),
        "sleep" => sleep::run(machine, argv, io),
        "true" => Status::Exit(0),
        "false" => Status::Exit(1),
        "date" => date::run(machine, argv, env, io),
        "bc" => bc::run(machine, argv, env, io),
        "perl" => perl::run(machine, argv, io),
        "env" | "printenv" => env::run(machine, argv, env, io),
        "hostname" if argv.len() == 1 => env::hostname(machine, env, io),
        "cat" if argv.len() == 1 => {
            let input = machine.read_all(io.stdin);
            machine.write(io.stdout, &input);
            Status::Exit(0)
        }
        "python" | "python3" => python::run(machine, argv, env, io),
        "amqp-consume" | "queue-worker" => queue_consumer::run(machine, argv, env, io),
        _ => unknown(machine),
    }
}

/// Whether jobsim models `program` (so it knows the program has no SIGTERM handler).
pub fn is_modeled(program: &str) -> bool {
    matches!(
        name(program),
        "sh" | "ash"
            | "dash"
            | "bash"
            | "docker-entrypoint.sh"
            | "echo"
            | "sleep"
            | "true"
            | "false"
            | "date"
            | "bc"
            | "perl"
            | "env"
            | "printenv"
            | "hostname"
            | "cat"
            | "python"
            | "python3"
            | "amqp-consume"
            | "queue-worker"
    )
}

/// A program jobsim does not model: it runs `timing.defaultRun` and exits 0.
pub fn unknown(machine: &mut Machine) -> Status {
    machine.advance(machine.invocation.default_run);
    Status::Exit(0)
}

/// The bash image's entrypoint: options (or nothing) go to bash, a command runs as is.
// Upstream: docker-library/bash docker-entrypoint.sh.
fn docker_entrypoint(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let rest = argv.get(1..).unwrap_or_default();
    if rest.first().is_none_or(|first| first.starts_with('-')) {
        let bash: Vec<String> = std::iter::once("bash".to_string())
            .chain(rest.iter().cloned())
            .collect();
        exec(machine, &bash, env, io)
    } else {
        exec_entrypoint(machine, rest)
    }
}
