//! The work-queue service at work: the containers that consume a queue (`amqp-consume`,
//! `queue-worker`; see [`crate::sim::work_queue`]) are handed their items one after the other
//! over virtual time, and end when their program would.

use std::sync::Arc;

use crate::sim::kubelet;
use crate::sim::pod_address::Address;
use crate::sim::runtime::expansion::expand;
use crate::sim::runtime::{LogLine, Stream};
use crate::sim::store::Key;
use crate::sim::work_queue::{consumer, Consumer, ConsumerKind, WorkQueue, LEASE_TIMEOUT};

use super::init_containers::Stage;
use super::{Event, World};

/// A running consumer: its container's attempt, what it runs and what it holds.
#[derive(Clone, Debug)]
pub(super) struct ConsumerRun {
    attempt: u32,
    container: String,
    consumer: Consumer,
    taken: u32,
    holding: Option<String>,
}

impl World {
    /// The queues of the run, by name.
    pub fn work_queues(&self) -> &std::collections::BTreeMap<String, WorkQueue> {
        &self.work_queues
    }

    /// After a pod's containers start: a container whose process is a queue consumer is
    /// connected to its queue and gets its first item now.
    pub(super) fn attach_consumer(&mut self, pod: &Arc<Key>, attempt: u32) {
        let run = self
            .runs
            .get(&Address::of(pod))
            .filter(|r| r.attempt == attempt && r.started == Some(self.now()));
        // Only the pod's containers consume, once its init containers have completed.
        let Some(spec) = self.store.pod(pod).filter(|p| {
            run.is_some_and(|r| Stage::of(p.spec.as_deref(), r.init) == Stage::Containers)
        }) else {
            return;
        };
        // Only a container with a command can consume a queue.
        let commands = spec.spec.iter().flat_map(|s| &s.containers);
        if commands
            .into_iter()
            .all(|c| c.command.as_ref().is_none_or(Vec::is_empty))
        {
            return;
        }
        let spec = spec.clone();
        let containers = spec.spec.as_ref().map(|s| s.containers.clone());
        for c in containers.into_iter().flatten() {
            let pod_ip = spec.status.as_ref().and_then(|s| s.pod_ip.as_deref());
            let env = kubelet::environment(&spec, &c, pod_ip);
            let argv: Vec<String> = c
                .command
                .iter()
                .flatten()
                .chain(c.args.iter().flatten())
                .map(|a| expand(a, &env))
                .collect();
            if c.command.as_ref().is_none_or(Vec::is_empty) {
                continue;
            }
            let Ok(Some(consumer)) = consumer(&argv, &env) else {
                continue;
            };
            if !self.work_queues.contains_key(&consumer.queue) {
                let message = self.texts.shared(format_args!(
                    "queue {:?} is not declared in spec.queues",
                    consumer.queue
                ));
                self.record("Warning", "QueueNotFound", self.pod_object(pod), message);
                continue;
            }
            self.consumers.insert(
                (**pod).clone(),
                ConsumerRun {
                    attempt,
                    container: c.name.clone(),
                    consumer,
                    taken: 0,
                    holding: None,
                },
            );
            self.queue.push(
                self.now(),
                Event::QueueTake {
                    pod: pod.clone(),
                    attempt,
                },
            );
            return;
        }
    }

    /// A consumer is done with its item (if it holds one) and takes the next, waits, or exits.
    // Upstream: rabbitmq-c tools/consume.c (ack after the command, exit after -c messages);
    // kubernetes website examples/application/job/redis/worker.py (loop until q.empty())
    pub(super) fn queue_take(&mut self, pod: Arc<Key>, attempt: u32) {
        let Some(mut run) = self.consumers.remove(&pod) else {
            return;
        };
        let now = self.now();
        let alive = run.attempt == attempt
            && self.store.pod(&pod).is_some()
            && self
                .runs
                .get(&Address::of(&pod))
                .is_some_and(|r| r.attempt == attempt && !r.killing && r.exit.is_none());
        let Some(queue) = self.work_queues.get_mut(&run.consumer.queue) else {
            return;
        };
        if !alive {
            if let Some(item) = run.holding.take() {
                queue.give_back(&item, now);
            }
            return;
        }
        if let Some(item) = run.holding.take() {
            queue.complete(&item, now);
        }
        let per_item = queue.per_item;
        let next = match run.consumer.kind {
            ConsumerKind::Amqp { count } if count.is_some_and(|c| run.taken >= c) => {
                self.consumer_exits(&pod, attempt, &run.container, None);
                return;
            }
            ConsumerKind::Amqp { .. } => match queue.take(now) {
                Some(item) => Some((format!("Processing {item}"), item)),
                None => {
                    // Blocked on an empty queue: nothing produces more, so it waits for ever.
                    self.consumers.insert(Arc::unwrap_or_clone(pod), run);
                    return;
                }
            },
            ConsumerKind::Worker if queue.is_empty() => {
                let line = Some("Queue empty, exiting");
                self.consumer_exits(&pod, attempt, &run.container, line);
                return;
            }
            ConsumerKind::Worker => queue
                .take(now)
                .map(|item| (format!("Working on {item}"), item)),
        };
        let wait = match next {
            Some((line, item)) => {
                self.consumer_log(&pod, &run.container, &line);
                run.taken += 1;
                run.holding = Some(item);
                per_item
            }
            None => LEASE_TIMEOUT,
        };
        self.consumers.insert((*pod).clone(), run);
        self.queue
            .push(now.after(wait), Event::QueueTake { pod, attempt });
    }

    /// The consumer's program ends with exit code 0 (after a last line, if any).
    fn consumer_exits(
        &mut self,
        pod: &Arc<Key>,
        attempt: u32,
        container: &str,
        line: Option<&str>,
    ) {
        if let Some(line) = line {
            self.consumer_log(pod, container, line);
        }
        if let Some(run) = self.runs.get_mut(&Address::of(pod)) {
            run.exit = Some((0, "Completed"));
        }
        self.queue.push(
            self.now(),
            Event::Exit {
                pod: pod.clone(),
                attempt,
                forced: None,
            },
        );
    }

    fn consumer_log(&mut self, pod: &Arc<Key>, container: &str, text: &str) {
        let now = self.now();
        let run = self
            .logs
            .get_mut(&Address::of(pod))
            .and_then(|c| c.iter_mut().find(|(name, _)| name == container))
            .and_then(|(_, runs)| runs.last_mut());
        if let Some(run) = run {
            run.lines.push(LogLine {
                at: now.since(run.started),
                stream: Stream::Stdout,
                text: text.to_string(),
            });
        }
    }
}
