//! `kubectl get pods -w`: the listing, then one line per change of a pod. Each watched line is
//! flushed alone, so it is aligned on its own, as kubectl's watch lines are. Other types print
//! the listing only: the world keeps no history of their changes.
//!
//! At the command line (`jobsim kubectl`, a scenario's action) the world runs on to the
//! scenario's end (run-until, as `wait`); the page's console follows the running world with a
//! [`LiveWatch`] instead, printing the new lines as its clock advances.

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

/// A `get -w` following a running world: the listing when it starts, then on each
/// [`LiveWatch::poll`] the lines of the pods that changed since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveWatch {
    inv: Invocation,
    labels: LabelSelector,
    /// The first of the world's pod lines not printed yet.
    from: usize,
}

impl LiveWatch {
    /// Prints the listing of `inv` (a `get -w`); the watch follows only when it listed pods
    /// without naming them, else it has ended with the listing (or its error).
    pub fn start(world: &World, inv: Invocation) -> (CommandOutput, Option<LiveWatch>) {
        let out = get::get(world, &inv);
        if out.exit_code != 0 {
            return (out, None);
        }
        let pods_only = Targets::parse(&inv.args)
            .is_ok_and(|t| t.0.len() == 1 && t.0[0].0 == Resource::Pod && t.0[0].1.is_empty());
        let labels = LabelSelector::parse(inv.value("selector").unwrap_or(""));
        match (pods_only, labels) {
            (true, Ok(labels)) => {
                let from = world.pod_lines.len();
                (out, Some(LiveWatch { inv, labels, from }))
            }
            _ => (out, None),
        }
    }

    /// The lines of the pod changes since the last poll, as kubectl prints them.
    pub fn poll(&mut self, world: &World) -> String {
        let all = self.inv.switch("all-namespaces");
        let mut out = String::new();
        let new = world.pod_lines.get(self.from..).unwrap_or_default();
        self.from = world.pod_lines.len();
        for line in new {
            let key = &*line.pod;
            let Some(record) = world.pod_records.get(key) else {
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
            let mut row = vec![
                key.1.clone(),
                line.ready.to_string(),
                line.status.to_string(),
                line.restarts.to_string(),
                human_duration(i64::try_from(age_ms).unwrap_or(i64::MAX)),
            ];
            if all {
                row.insert(0, key.0.clone());
            }
            out.push_str(&table::render(&[row]));
        }
        out
    }
}
