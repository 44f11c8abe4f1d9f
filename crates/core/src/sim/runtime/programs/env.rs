//! `env`/`printenv` (the environment, or the named variables) and `hostname`.

use std::collections::BTreeMap;

use crate::sim::runtime::machine::{Io, Machine, Status};

// Upstream: GNU coreutils src/printenv.c and src/env.c (without a command to run).
pub fn run(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let names = argv.get(1..).unwrap_or_default();
    let is_env = argv.first().is_some_and(|p| super::name(p) == "env");
    if names.is_empty() {
        let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        machine.write(io.stdout, &text);
        return Status::Exit(0);
    }
    if is_env {
        // `env NAME=value… command`: a command with a changed environment.
        let mut env = env.clone();
        let mut rest = names;
        while let Some((name, value)) = rest.first().and_then(|a| a.split_once('=')) {
            env.insert(name.to_string(), value.to_string());
            rest = &rest[1..];
        }
        if rest.is_empty() {
            return run(machine, &argv[..1], &env, io);
        }
        return super::exec(machine, rest, &env, io);
    }
    let mut missing = false;
    for name in names {
        match env.get(name) {
            Some(value) => machine.write(io.stdout, &format!("{value}\n")),
            None => missing = true,
        }
    }
    Status::Exit(i32::from(missing))
}

/// `hostname`: the pod's name, which the kubelet sets as `HOSTNAME`.
pub fn hostname(machine: &mut Machine, env: &BTreeMap<String, String>, io: &Io) -> Status {
    let name = env.get("HOSTNAME").map_or("localhost", String::as_str);
    machine.write(io.stdout, &format!("{name}\n"));
    Status::Exit(0)
}
