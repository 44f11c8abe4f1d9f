//! The world's recorded events as the API server keeps them: repeats of the same event on the
//! same object folded into one with a count, a first and a last time, similar ones combined and
//! some dropped as the recorders do ([`super::event_correlator`]); each gone an hour after it was
//! last written (the API server's `--event-ttl`).

use super::event_correlator::{Correlated, Correlator, Emitted, COMBINED};
use crate::api::time::Time;
use crate::kubectl::describe_events::Event;
use crate::sim::lookup::LookupMap;
use crate::sim::world::World;

/// An event about an object, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    /// `job/pi`, `pod/pi-7xk2p`.
    pub object: String,
    pub event: Event,
    /// When it was first recorded, in nanoseconds: the events recorded at one instant a
    /// nanosecond apart, as a real recorder's clock tells them apart (it names the event).
    pub recorded_nanos: i128,
}

/// Who records an event with this reason.
// Upstream: the reporting components — job-controller, cronjob-controller (cronjob_controllerv2.go),
// default-scheduler, node-controller
// (pkg/controller/nodelifecycle: RecordNodeStatusChange, MarkPodsNotReady),
// taint-eviction-controller (pkg/controller/tainteviction: emitPodDeletionEvent), kubelet
fn source(object: &str, reason: &str) -> &'static str {
    if object.starts_with("job/") {
        "job-controller"
    } else if object.starts_with("cronjob/") {
        "cronjob-controller"
    } else if matches!(reason, "Scheduled" | "FailedScheduling" | "Preempted") {
        "default-scheduler"
    } else if reason == "NodeNotReady" {
        "node-controller"
    } else if reason == "TaintManagerEviction" {
        "taint-eviction-controller"
    } else {
        "kubelet"
    }
}

/// Whether the component records its events through client-go's legacy recorder, which
/// combines and rate-limits them; the scheduler uses the events.k8s.io recorder, which does not.
// Upstream: pkg/scheduler/scheduler.go (events.NewEventBroadcasterAdapter); the controllers and
// the kubelet: record.NewBroadcaster
fn correlated(source: &str) -> bool {
    source != "default-scheduler"
}

/// What a recorder remembers of an event it emitted (its eventLogger): how many times, and when
/// and under which name it was first seen.
struct Observed {
    count: i32,
    first: Option<Time>,
    recorded_nanos: i128,
    /// Where the API server keeps it, once a write got through.
    stored: Option<usize>,
}

/// Every event of the world as the API server keeps it: repeats of the same event on the same
/// object folded into one, the events of an object that differ only in their message combined
/// once there are many, and the writes the recorder's spam filter dropped left out (an event's
/// count still counts them). In the order each was first stored.
// Upstream: client-go tools/record events_cache.go EventCorrelator.EventCorrelate;
// event.go recordToSink (a patch of an event never stored creates it)
pub fn folded(world: &World) -> Vec<Folded> {
    let mut out: Vec<Folded> = Vec::new();
    let mut observed: LookupMap<(&str, &str, &str, Option<&str>), Observed> = LookupMap::default();
    let mut correlator = Correlator::default();
    let mut instant = (None, 0);
    for e in &world.events {
        let wall = world.wall(e.time);
        let at = Some(Time::from_timestamp(wall));
        instant = match instant {
            (Some(t), n) if t == e.time => (Some(t), n + 1),
            _ => (Some(e.time), 0),
        };
        let source = source(&e.object, &e.reason);
        let verdict = if correlated(source) {
            correlator.correlate(Emitted {
                source,
                object: &e.object,
                type_: e.type_,
                reason: &e.reason,
                message: &e.message,
                at: e.time,
            })
        } else {
            Correlated {
                combined: false,
                written: true,
            }
        };
        let own_message = (!verdict.combined).then_some(&*e.message);
        let key = (&*e.object, e.type_, &*e.reason, own_message);
        let seen = observed.entry(key).or_insert(Observed {
            count: 0,
            first: at,
            recorded_nanos: wall.as_nanosecond() + instant.1,
            stored: None,
        });
        seen.count += 1;
        if !verdict.written {
            continue;
        }
        let message = if verdict.combined {
            format!("{COMBINED}{}", e.message)
        } else {
            e.message.to_string()
        };
        match seen.stored {
            Some(i) => {
                let event = &mut out[i].event;
                event.count = seen.count;
                event.last_timestamp = at;
                event.message = message;
            }
            None => {
                seen.stored = Some(out.len());
                out.push(Folded {
                    object: e.object.to_string(),
                    event: Event {
                        type_: e.type_.into(),
                        reason: e.reason.to_string(),
                        message,
                        source_component: source.into(),
                        first_timestamp: seen.first,
                        last_timestamp: at,
                        count: seen.count,
                    },
                    recorded_nanos: seen.recorded_nanos,
                });
            }
        }
    }
    out
}

/// How long the API server keeps an event after its last write.
// Upstream: kube-apiserver --event-ttl (default 1h); pkg/registry/core/event/storage (TTLFunc:
// the TTL again at every update)
pub const EVENT_TTL: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// The folded events the API server still keeps now: those written in the last hour.
pub fn stored(world: &World) -> Vec<Folded> {
    let expired_at = world.wall(world.now()).checked_sub(EVENT_TTL).ok();
    let mut events = folded(world);
    events.retain(|f| {
        let last = f.event.last_timestamp.map(|t| t.timestamp());
        expired_at.is_none_or(|expired| last.is_some_and(|t| t > expired))
    });
    events
}

/// The name the API server gives an event: its object's name and the time it was first seen
/// in hexadecimal nanoseconds — the key a list of events comes back sorted by.
// Upstream: client-go tools/record event.go makeEvent (`fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`)
pub fn event_name(folded: &Folded) -> String {
    let name = folded.object.split_once('/').map_or("", |(_, n)| n);
    format!("{name}.{:x}", folded.recorded_nanos)
}

/// A folded event as the API server returns it (core/v1 Event), for `--sort-by`.
// Upstream: client-go tools/record event.go makeEvent
pub fn event_json(world: &World, folded: &Folded) -> serde_json::Value {
    let (kind, name) = folded
        .object
        .split_once('/')
        .unwrap_or(("", &folded.object));
    let kind = match kind {
        "job" => "Job",
        "pod" => "Pod",
        "node" => "Node",
        "cronjob" => "CronJob",
        other => other,
    };
    let namespace = namespace_of(world, &folded.object);
    let e = &folded.event;
    serde_json::json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": event_name(folded),
            "namespace": namespace,
            "creationTimestamp": e.first_timestamp,
        },
        "involvedObject": {"kind": kind, "name": name, "namespace": namespace},
        "reason": e.reason,
        "message": e.message,
        "source": {"component": e.source_component},
        "firstTimestamp": e.first_timestamp,
        "lastTimestamp": e.last_timestamp,
        "count": e.count,
        "type": e.type_,
    })
}

/// The folded events about one object (`job/pi`).
pub fn about(world: &World, object: &str) -> Vec<Event> {
    stored(world)
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
        Some(("pod", name)) => world.pod_records.namespace_of(name),
        _ => None,
    };
    found.unwrap_or("default")
}
