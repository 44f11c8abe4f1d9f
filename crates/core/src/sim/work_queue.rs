//! The virtual work-queue service: the queues a scenario declares (`spec.queues` of the
//! Simulation document) and the programs that consume them, for the two work-queue patterns of
//! the Kubernetes Job documentation.
//!
//! # Declaring a queue
//! ```yaml
//! kind: Simulation
//! spec:
//!   queues:
//!     - name: job1                 # what consumers name with -q / --queue (or $QUEUE)
//!       items: [apple, banana, cherry]
//!       perItem: 10s               # how long a consumer works on one item (default 10s)
//! ```
//! The queue holds its items from t = 0; nothing produces more.
//!
//! # Consumers
//! A container whose own `command` (after `$(VAR)` expansion) is one of these programs consumes
//! a queue. The program is the container's process itself, not a line of a shell script.
//! - `amqp-consume --url=URL -q QUEUE -c COUNT [CMD…]` (RabbitMQ's amqp-tools, the "queue with a
//!   pod per work item" pattern): takes COUNT messages one after the other (all of them when
//!   `-c` is missing), works on each for `perItem`, logs `Processing ITEM`, then exits 0. On an
//!   empty queue it waits for a message — for ever, as nothing produces more.
//! - `queue-worker [--queue QUEUE]` (the Redis `rediswq` worker of the "queue with variable pod
//!   count" pattern; `$QUEUE` when no option): leases items until the queue is empty — no item
//!   waiting and none being worked on by another worker — then logs `Queue empty, exiting` and
//!   exits 0. While others still work it polls every 2 s (the lease's `timeout=2`).
//!
//! A consumer that dies while it holds an item gives the item back to the front of the queue
//! (an unacknowledged message is redelivered), noticed when its item would have been done.
//!
//! # Observing
//! Each queue keeps its length over time ([`WorkQueue::history`]): the items waiting and the
//! items being worked on after every change. The JSON report of `jobsim run` lists it.

use std::collections::{BTreeMap, VecDeque};

use super::time::{SimDuration, SimTime};

/// How long a consumer works on one item when the queue does not say.
pub const DEFAULT_PER_ITEM: SimDuration = SimDuration::from_secs(10);

/// How long `queue-worker` waits in a lease before it looks at the queue again.
// Upstream: kubernetes website content/en/examples/application/job/redis/worker.py
// (q.lease(lease_secs=10, block=True, timeout=2))
pub const LEASE_TIMEOUT: SimDuration = SimDuration::from_secs(2);

/// A queue as the scenario declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueSpec {
    pub name: String,
    pub items: Vec<String>,
    pub per_item: SimDuration,
}

/// The queue's length at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueSample {
    pub time: SimTime,
    /// Items waiting to be taken.
    pub waiting: usize,
    /// Items taken and not yet done.
    pub processing: usize,
}

/// A running queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkQueue {
    pub name: String,
    pub per_item: SimDuration,
    /// Every item the queue was given, in order.
    pub items: Vec<String>,
    waiting: VecDeque<String>,
    /// Items being worked on, with how many consumers hold each (normally one).
    processing: BTreeMap<String, usize>,
    done: Vec<String>,
    history: Vec<QueueSample>,
}

impl WorkQueue {
    pub fn new(spec: &QueueSpec) -> Self {
        WorkQueue {
            name: spec.name.clone(),
            per_item: spec.per_item,
            items: spec.items.clone(),
            waiting: spec.items.iter().cloned().collect(),
            processing: BTreeMap::new(),
            done: Vec::new(),
            history: vec![QueueSample {
                time: SimTime::ZERO,
                waiting: spec.items.len(),
                processing: 0,
            }],
        }
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    pub fn processing(&self) -> usize {
        self.processing.values().sum()
    }

    /// The items done, in the order they were finished.
    pub fn done(&self) -> &[String] {
        &self.done
    }

    /// Nothing waits and nothing is being worked on (rediswq's `empty()`).
    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty() && self.processing.is_empty()
    }

    /// The queue's length after each change, oldest first.
    pub fn history(&self) -> &[QueueSample] {
        &self.history
    }

    /// Takes the next waiting item (it is now being worked on).
    pub fn take(&mut self, now: SimTime) -> Option<String> {
        let item = self.waiting.pop_front()?;
        *self.processing.entry(item.clone()).or_default() += 1;
        self.sample(now);
        Some(item)
    }

    /// The item is done.
    pub fn complete(&mut self, item: &str, now: SimTime) {
        if self.release(item) {
            self.done.push(item.to_string());
            self.sample(now);
        }
    }

    /// A consumer died holding the item: it goes back to the front.
    pub fn give_back(&mut self, item: &str, now: SimTime) {
        if self.release(item) {
            self.waiting.push_front(item.to_string());
            self.sample(now);
        }
    }

    fn release(&mut self, item: &str) -> bool {
        let Some(count) = self.processing.get_mut(item) else {
            return false;
        };
        *count -= 1;
        if *count == 0 {
            self.processing.remove(item);
        }
        true
    }

    fn sample(&mut self, time: SimTime) {
        let sample = QueueSample {
            time,
            waiting: self.waiting(),
            processing: self.processing(),
        };
        match self.history.last_mut() {
            Some(last) if last.time == time => *last = sample,
            _ => self.history.push(sample),
        }
    }
}

/// How a consumer program takes items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerKind {
    /// `amqp-consume -c COUNT`: this many messages (`None`: without end), then exit.
    Amqp { count: Option<u32> },
    /// `queue-worker`: until the queue is empty.
    Worker,
}

/// A container's process that consumes a queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub queue: String,
    pub kind: ConsumerKind,
}

/// The names of the consumer programs.
pub const AMQP_CONSUME: &str = "amqp-consume";
pub const QUEUE_WORKER: &str = "queue-worker";

/// Why a consumer's command line is wrong, as the program says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Reads a consumer's argv (program name first, `$(VAR)` already expanded); `Ok(None)` when the
/// program is no consumer. `env` gives `queue-worker` its `$QUEUE`.
// Upstream: rabbitmq-c tools/consume.c (options --url, -q/--queue, -c/--count).
pub fn consumer(
    argv: &[String],
    env: &BTreeMap<String, String>,
) -> Result<Option<Consumer>, UsageError> {
    let Some(program) = argv.first() else {
        return Ok(None);
    };
    let name = program.rsplit('/').next().unwrap_or(program);
    let rest = argv.get(1..).unwrap_or_default();
    match name {
        AMQP_CONSUME => amqp_consume(rest).map(Some),
        QUEUE_WORKER => {
            let queue = option(rest, &["--queue"])?.or_else(|| env.get("QUEUE").cloned());
            match queue {
                Some(queue) if !queue.is_empty() => Ok(Some(Consumer {
                    queue,
                    kind: ConsumerKind::Worker,
                })),
                _ => Err(UsageError(
                    "queue-worker: no queue: give --queue NAME or set QUEUE".into(),
                )),
            }
        }
        _ => Ok(None),
    }
}

fn amqp_consume(args: &[String]) -> Result<Consumer, UsageError> {
    let queue = option(args, &["-q", "--queue"])?;
    let count = match option(args, &["-c", "--count"])? {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n > 0 => Some(u32::try_from(n).unwrap_or(u32::MAX)),
            Ok(_) => None,
            Err(_) => {
                return Err(UsageError(format!(
                    "amqp-consume: bad argument for option -c: {text}"
                )))
            }
        },
    };
    match queue {
        Some(queue) if !queue.is_empty() => Ok(Consumer {
            queue,
            kind: ConsumerKind::Amqp { count },
        }),
        _ => Err(UsageError(
            "amqp-consume: no queue or exchange specified".into(),
        )),
    }
}

/// The value of an option given as `-q NAME`, `--queue NAME` or `--queue=NAME`; the options
/// end at the first operand (the command amqp-consume runs per message).
fn option(args: &[String], names: &[&str]) -> Result<Option<String>, UsageError> {
    let mut found = None;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if !arg.starts_with('-') {
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = inline.is_none() && flag != "--";
        if names.contains(&flag) {
            let value = match inline {
                Some(v) => v,
                None => args
                    .get(i + 1)
                    .cloned()
                    .ok_or_else(|| UsageError(format!("option {flag} needs a value")))?,
            };
            found = Some(value);
        }
        i += if takes_value { 2 } else { 1 };
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn amqp_consume_reads_queue_and_count() {
        let env = BTreeMap::new();
        let c = consumer(
            &argv(&[
                "/usr/bin/amqp-consume",
                "--url=amqp://guest:guest@rabbitmq-service:5672",
                "-q",
                "job1",
                "-c",
                "1",
                "cat",
            ]),
            &env,
        );
        assert_eq!(
            c,
            Ok(Some(Consumer {
                queue: "job1".into(),
                kind: ConsumerKind::Amqp { count: Some(1) }
            }))
        );
        assert!(consumer(&argv(&["amqp-consume", "-c", "1"]), &env).is_err());
        assert_eq!(consumer(&argv(&["sleep", "5"]), &env), Ok(None));
    }

    #[test]
    fn the_worker_takes_its_queue_from_the_environment() {
        let env = BTreeMap::from([("QUEUE".to_string(), "job2".to_string())]);
        let c = consumer(&argv(&["queue-worker"]), &env).unwrap().unwrap();
        assert_eq!(c.queue, "job2");
        assert_eq!(c.kind, ConsumerKind::Worker);
    }

    #[test]
    fn the_history_keeps_one_sample_per_instant() {
        let spec = QueueSpec {
            name: "q".into(),
            items: vec!["a".into(), "b".into()],
            per_item: DEFAULT_PER_ITEM,
        };
        let mut q = WorkQueue::new(&spec);
        let t = SimTime::from_millis(1_000);
        assert_eq!(q.take(t).as_deref(), Some("a"));
        assert_eq!(q.take(t).as_deref(), Some("b"));
        q.give_back("a", t.after(DEFAULT_PER_ITEM));
        q.complete("b", t.after(DEFAULT_PER_ITEM));
        let lengths: Vec<(usize, usize)> = q
            .history()
            .iter()
            .map(|s| (s.waiting, s.processing))
            .collect();
        assert_eq!(lengths, [(2, 0), (0, 2), (1, 0)]);
        assert!(!q.is_empty());
        assert_eq!(q.done(), ["b"]);
    }
}
