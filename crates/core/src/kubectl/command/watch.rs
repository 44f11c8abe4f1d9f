//! `kubectl get pods -w`, `kubectl get jobs -w` and `kubectl get events -w`: the listing, then
//! one line per write of a pod, a Job or an event (a new one, or one folded, combined or
//! counted in its series again). Each watched line is flushed alone, so it is aligned on its
//! own, as kubectl's watch lines are. Other types print the listing only: the world keeps no
//! history of their changes.
//!
//! At the command line (`jobsim kubectl`, a scenario's action) the world runs on to the
//! scenario's end (run-until, as `wait`); the page's console follows the running world with a
//! [`LiveWatch`] instead, printing the new lines as its clock advances.

use super::events;
use super::get;
use super::parse::Invocation;
use super::resources::{Resource, Targets};
use super::selector::LabelSelector;
use super::CommandOutput;
use crate::kubectl::duration::human_duration;
use crate::kubectl::table;
use crate::sim::world::World;

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go watch (PrintObj then Flush per event)
pub fn watch(world: &mut World, inv: &Invocation) -> CommandOutput {
    let (mut out, live) = LiveWatch::start(world, inv.clone());
    let Some(mut live) = live else {
        return out;
    };
    if let Err(e) = world.run() {
        out.fail(format!("error: {e}"));
        return out;
    }
    out.stdout.push_str(&live.poll(world));
    out
}

/// What a watch follows: the world's pod lines, its Job lines or the writes of its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Watched {
    Pods,
    Jobs,
    Events,
}

/// A `get -w` following a running world: the listing when it starts, then on each
/// [`LiveWatch::poll`] the lines of the pods (or Jobs, or events) written since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveWatch {
    inv: Invocation,
    labels: LabelSelector,
    watched: Watched,
    /// The first of the world's lines not printed yet.
    from: usize,
    /// For events: what the writes were last worked out from (how many events had been
    /// emitted, and the recorders' periodic writes by then), so that a poll with nothing new
    /// does not work them out again.
    events_seen: (usize, u64),
}

impl LiveWatch {
    /// Prints the listing of `inv` (a `get -w`); the watch follows only when it listed pods,
    /// Jobs or events without naming them, else it has ended with the listing (or its error).
    pub fn start(world: &World, inv: Invocation) -> (CommandOutput, Option<LiveWatch>) {
        let out = get::get(world, &inv);
        if out.exit_code != 0 {
            return (out, None);
        }
        let watched = match Targets::parse(&inv.args).map(|t| t.0) {
            Ok(targets) => match targets.as_slice() {
                [(Resource::Pod, names)] if names.is_empty() => Some(Watched::Pods),
                [(Resource::Job, names)] if names.is_empty() => Some(Watched::Jobs),
                [(Resource::Event, names)] if names.is_empty() => Some(Watched::Events),
                _ => None,
            },
            Err(_) => None,
        };
        let labels = LabelSelector::parse(inv.value("selector").unwrap_or(""));
        match (watched, labels) {
            (Some(watched), Ok(labels)) => {
                let from = match watched {
                    Watched::Pods => world.pod_lines.len(),
                    Watched::Jobs => world.job_lines.len(),
                    Watched::Events => events::writes(world).len(),
                };
                let live = LiveWatch {
                    inv,
                    labels,
                    watched,
                    from,
                    events_seen: events_seen(world),
                };
                (out, Some(live))
            }
            _ => (out, None),
        }
    }

    /// The lines of the changes since the last poll, as kubectl prints them.
    pub fn poll(&mut self, world: &World) -> String {
        match self.watched {
            Watched::Pods => self.poll_pods(world),
            Watched::Jobs => self.poll_jobs(world),
            Watched::Events => self.poll_events(world),
        }
    }

    fn poll_pods(&mut self, world: &World) -> String {
        let all = self.inv.switch("all-namespaces");
        let mut out = String::new();
        let new = world.pod_lines.get(self.from..).unwrap_or_default();
        self.from = world.pod_lines.len();
        for line in new {
            let key = &*line.pod;
            let Some(record) = world.pod_records.at(line.record) else {
                continue;
            };
            if !all && key.0 != self.inv.namespace() {
                continue;
            }
            let pod_labels = world
                .store
                .pod(key)
                .and_then(|p| p.metadata.labels.as_deref());
            if !self.labels.matches(pod_labels) {
                continue;
            }
            let age_ms = line.time.since(record.created_at).as_millis();
            let row = vec![
                key.1.clone(),
                line.ready.to_string(),
                line.status.to_string(),
                line.restarts.to_string(),
                human_duration(i64::try_from(age_ms).unwrap_or(i64::MAX)),
            ];
            out.push_str(&self.render(&key.0, row));
        }
        out
    }

    fn poll_jobs(&mut self, world: &World) -> String {
        let all = self.inv.switch("all-namespaces");
        let mut out = String::new();
        let new = world.job_lines.get(self.from..).unwrap_or_default();
        self.from = world.job_lines.len();
        for line in new {
            if !all && line.job.0 != self.inv.namespace() {
                continue;
            }
            if !self.labels.matches(line.labels.as_deref()) {
                continue;
            }
            let row = line.row(world.wall(line.time));
            out.push_str(&self.render(&line.job.0, row));
        }
        out
    }

    /// Each write of an event since the last poll, as `get events` prints the event, its LAST
    /// SEEN as of the write. An event has no labels: a label selector with terms keeps none.
    // Upstream: the events' watch (ADDED and MODIFIED) printed by printers.go printEvent
    fn poll_events(&mut self, world: &World) -> String {
        if events_seen(world) == self.events_seen {
            return String::new();
        }
        self.events_seen = events_seen(world);
        let all = self.inv.switch("all-namespaces");
        let writes = events::writes(world);
        let new = writes.get(self.from..).unwrap_or_default();
        self.from = writes.len();
        let mut out = String::new();
        for written in new {
            let folded = &written.event;
            let namespace = events::event_namespace(folded);
            if (!all && namespace != self.inv.namespace()) || !self.labels.matches(None) {
                continue;
            }
            let row = events::row(folded, world.wall(written.at));
            out.push_str(&self.render(namespace, row));
        }
        out
    }

    /// One watched line, NAMESPACE first across namespaces.
    fn render(&self, namespace: &str, mut row: Vec<String>) -> String {
        if self.inv.switch("all-namespaces") {
            row.insert(0, namespace.to_string());
        }
        table::render(&[row])
    }
}

/// What the writes of the world's events follow from: the events emitted, and the recorders'
/// periodic writes due by now.
fn events_seen(world: &World) -> (usize, u64) {
    let periodic = super::event_series::periodic_writes_by(world.now());
    (world.events.len(), periodic)
}
