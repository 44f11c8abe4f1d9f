//! The world's recorded events as the API server keeps them: repeats of the same event on the
//! same object folded into one with a count, a first and a last time.

use crate::api::time::Time;
use crate::kubectl::describe_events::Event;
use crate::sim::world::World;

/// An event about an object, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    /// `job/pi`, `pod/pi-7xk2p`.
    pub object: String,
    pub event: Event,
}

/// Who records an event with this reason.
// Upstream: the reporting components — job-controller, default-scheduler, kubelet
fn source(object: &str, reason: &str) -> &'static str {
    if object.starts_with("job/") {
        "job-controller"
    } else if matches!(reason, "Scheduled" | "FailedScheduling") {
        "default-scheduler"
    } else {
        "kubelet"
    }
}

/// Every event of the world, folded by (object, type, reason, message), in the order each was
/// first seen.
// Upstream: client-go tools/record events_cache.go EventCorrelator (the aggregation by key)
pub fn folded(world: &World) -> Vec<Folded> {
    let mut out: Vec<Folded> = Vec::new();
    for e in &world.events {
        let at = Some(Time::from_timestamp(world.wall(e.time)));
        let same = out.iter_mut().find(|f| {
            f.object == e.object
                && f.event.type_ == e.type_
                && f.event.reason == e.reason
                && f.event.message == e.message
        });
        match same {
            Some(f) => {
                f.event.count += 1;
                f.event.last_timestamp = at;
            }
            None => out.push(Folded {
                object: e.object.clone(),
                event: Event {
                    type_: e.type_.clone(),
                    reason: e.reason.clone(),
                    message: e.message.clone(),
                    source_component: source(&e.object, &e.reason).into(),
                    first_timestamp: at,
                    last_timestamp: at,
                    count: 1,
                },
            }),
        }
    }
    out
}

/// The folded events about one object (`job/pi`).
pub fn about(world: &World, object: &str) -> Vec<Event> {
    folded(world)
        .into_iter()
        .filter(|f| f.object == object)
        .map(|f| f.event)
        .collect()
}

/// The namespace of an event's object (`job/pi`): the Job's or the pod's, `default` when the
/// object is unknown.
pub fn namespace_of<'a>(world: &'a World, object: &str) -> &'a str {
    let found = match object.split_once('/') {
        Some(("job", name)) => world
            .job_records
            .keys()
            .find(|k| k.1 == name)
            .map(|k| k.0.as_str()),
        Some(("pod", name)) => world
            .pod_records
            .keys()
            .find(|k| k.1 == name)
            .map(|k| k.0.as_str()),
        _ => None,
    };
    found.unwrap_or("default")
}
