//! `kubectl get pods -w`: the listing, then one line per change of a pod while the world runs
//! on to the scenario's end (run-until, as `wait`). Each watched line is flushed alone, so it is
//! aligned on its own, as kubectl's watch lines are. Other types print the listing only: the
//! world keeps no history of their changes.

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
    let mut out = get::get(world, inv);
    if out.exit_code != 0 {
        return out;
    }
    let pods_only = Targets::parse(&inv.args)
        .is_ok_and(|t| t.0.len() == 1 && t.0[0].0 == Resource::Pod && t.0[0].1.is_empty());
    if !pods_only {
        return out;
    }
    let Ok(labels) = LabelSelector::parse(inv.value("selector").unwrap_or("")) else {
        return out;
    };
    let start = world.pod_lines.len();
    if let Err(e) = world.run() {
        out.fail(format!("error: {e}"));
        return out;
    }
    let all = inv.switch("all-namespaces");
    for line in &world.pod_lines[start..] {
        let record = world.pod_records.iter().find(|(k, _)| k.1 == line.name);
        let Some((key, record)) = record else {
            continue;
        };
        if !all && key.0 != inv.namespace() {
            continue;
        }
        let pod_labels = world
            .store
            .pod(key)
            .and_then(|p| p.metadata.labels.as_ref());
        if !labels.matches(pod_labels) {
            continue;
        }
        let age_ms = line.time.since(record.created_at).as_millis();
        let mut row = vec![
            line.name.clone(),
            line.ready.clone(),
            line.status.clone(),
            line.restarts.to_string(),
            human_duration(i64::try_from(age_ms).unwrap_or(i64::MAX)),
        ];
        if all {
            row.insert(0, key.0.clone());
        }
        out.stdout.push_str(&table::render(&[row]));
    }
    out
}
