//! `amqp-consume` and `queue-worker`, the work-queue consumers (see [`crate::sim::work_queue`]).
//! In the runtime alone they wait on the queue service: the world's queue service hands them
//! their items and ends them.

use std::collections::BTreeMap;

use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::work_queue::consumer;

// Upstream: rabbitmq-c tools/consume.c; kubernetes website examples/application/job/redis/worker.py
pub fn run(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    match consumer(argv, env) {
        Ok(_) => Status::Forever,
        Err(e) => {
            machine.write(io.stderr, &format!("{}\n", e.0));
            Status::Exit(1)
        }
    }
}
