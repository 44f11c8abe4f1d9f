//! The world's recorded events as the API server keeps them: repeats of the same event on the
//! same object folded into one with a count, a first and a last time, similar ones combined and
//! some dropped as the legacy recorders do ([`super::event_correlator`]), the scheduler's
//! repeats kept as series ([`super::event_series`]); each gone an hour after it was last written
//! (the API server's `--event-ttl`).

use std::collections::BTreeMap;

use super::event_correlator::{Correlator, Emitted, Involved, COMBINED};
use super::event_series::{Observed as SeriesObserved, SeriesRecorder, SeriesWrite};
use crate::api::time::Time;
use crate::kubectl::describe_events::Event;
use crate::kubectl::get_jobs::age;
use crate::sim::lookup::LookupMap;
use crate::sim::time::SimTime;
use crate::sim::world::{EventRecord, World, SIMULATION};

/// An event about an object, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    /// The object's namespace, empty for a node.
    pub object_namespace: String,
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
// taint-eviction-controller (pkg/controller/tainteviction: emitPodDeletionEvent), kubelet;
// and jobsim itself for an action of the scenario it had to skip
pub fn source(object: &str, reason: &str) -> &'static str {
    if object == SIMULATION {
        "jobsim"
    } else if object.starts_with("job/") {
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

/// Whether the component records its events through client-go's legacy recorder
/// ([`super::event_correlator`]) rather than the events.k8s.io one ([`super::event_series`]).
// Upstream: pkg/scheduler/scheduler.go (events.NewEventBroadcasterAdapter); the controllers and
// the kubelet: record.NewBroadcaster
fn correlated(source: &str) -> bool {
    source != "default-scheduler"
}

/// What a legacy recorder remembers of an event it emitted (its eventLogger): how many times,
/// and when and under which name it was first seen.
struct Observed {
    count: i32,
    first: Time,
    recorded_nanos: i128,
    /// Where the API server keeps it, once a write got through.
    stored: Option<usize>,
}

/// A write of an event to the API server, as a watch of events sees it: when, and the event as
/// it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub at: SimTime,
    pub event: Folded,
}

/// The events the API server keeps, as the recorders' writes arrive.
struct Stored<'w> {
    world: &'w World,
    out: Vec<Folded>,
    /// Each write, when asked for ([`writes`]).
    log: Option<Vec<Written>>,
    observed: LookupMap<(Involved<'w>, &'w str, &'w str, Option<&'w str>), Observed>,
    correlator: Correlator<'w>,
    series: SeriesRecorder<'w>,
    /// The instant of the last event and how many came before it at that instant.
    instant: (Option<SimTime>, i128),
}

impl<'w> Stored<'w> {
    /// The event's wall time, and its name's nanoseconds: the events of one instant a
    /// nanosecond apart, as a real recorder's clock tells them apart.
    fn stamp(&mut self, e: &EventRecord) -> (Time, i128) {
        let wall = self.world.wall(e.time);
        self.instant = match self.instant {
            (Some(t), n) if t == e.time => (Some(t), n + 1),
            _ => (Some(e.time), 0),
        };
        (
            Time::from_timestamp(wall),
            wall.as_nanosecond() + self.instant.1,
        )
    }

    /// A new stored event, first written at `first` and named after `nanos`.
    fn push(
        &mut self,
        e: &EventRecord,
        source: &str,
        message: String,
        first: Time,
        nanos: i128,
    ) -> &mut Event {
        self.out.push(Folded {
            object_namespace: e.namespace.to_string(),
            object: e.object.to_string(),
            event: Event {
                type_: e.type_.into(),
                reason: e.reason.to_string(),
                message,
                source_component: source.into(),
                first_timestamp: Some(first),
                last_timestamp: Some(first),
                count: 1,
            },
            recorded_nanos: nanos,
        });
        let last = self.out.len() - 1;
        &mut self.out[last].event
    }

    /// An event of a legacy recorder: folded, combined or dropped as its correlator says.
    // Upstream: client-go tools/record events_cache.go EventCorrelator.EventCorrelate;
    // event.go recordToSink (a patch of an event never stored creates it)
    fn legacy(&mut self, e: &'w EventRecord, source: &'w str) {
        let (at, nanos) = self.stamp(e);
        let involved = (&*e.namespace, &*e.object);
        let verdict = self.correlator.correlate(Emitted {
            source,
            object: involved,
            type_: e.type_,
            reason: &e.reason,
            message: &e.message,
            at: e.time,
        });
        let own_message = (!verdict.combined).then_some(&*e.message);
        let key = (involved, e.type_, &*e.reason, own_message);
        let seen = self.observed.entry(key).or_insert(Observed {
            count: 0,
            first: at,
            recorded_nanos: nanos,
            stored: None,
        });
        seen.count += 1;
        if !verdict.written {
            return;
        }
        let message = if verdict.combined {
            format!("{COMBINED}{}", e.message)
        } else {
            e.message.to_string()
        };
        let (count, first, nanos) = (seen.count, seen.first, seen.recorded_nanos);
        let slot = *seen.stored.get_or_insert(self.out.len());
        let event = match self.out.get_mut(slot) {
            Some(stored) => {
                stored.event.message = message;
                &mut stored.event
            }
            None => self.push(e, source, message, first, nanos),
        };
        event.count = count;
        event.last_timestamp = Some(at);
        self.logged(e.time, slot);
    }

    /// Logs the write of the event at `slot`, when a watch asked for the writes.
    fn logged(&mut self, at: SimTime, slot: usize) {
        if let (Some(log), Some(event)) = (&mut self.log, self.out.get(slot)) {
            let event = event.clone();
            log.push(Written { at, event });
        }
    }

    /// An event of the scheduler's events.k8s.io recorder: a new event, or a series.
    fn series(&mut self, e: &'w EventRecord, source: &str) {
        let (at, nanos) = self.stamp(e);
        let key = ((&*e.namespace, &*e.object), e.type_, &*e.reason);
        match self.series.observe(key, e.time, self.out.len()) {
            SeriesObserved::Created => {
                self.push(e, source, e.message.to_string(), at, nanos);
                self.logged(e.time, self.out.len() - 1);
            }
            SeriesObserved::Written(write) => self.write_series(write),
            SeriesObserved::Counted => {}
        }
    }

    /// The counts the scheduler's recorder writes by `at`.
    fn series_writes_until(&mut self, at: SimTime) {
        for write in self.series.ticks_until(at) {
            self.write_series(write);
        }
    }

    fn write_series(&mut self, write: SeriesWrite) {
        let last = Time::from_timestamp(self.world.wall(write.last_observed));
        let event = &mut self.out[write.slot].event;
        event.count = write.count;
        event.last_timestamp = Some(last);
        self.logged(write.written_at, write.slot);
    }
}

/// Every event of the world as the API server keeps it now, in the order each was first
/// stored: the legacy recorders' repeats folded into one, events that differ only in their
/// message combined once there are many, and the writes their spam filter dropped left out (a
/// later write's count still counts them); the scheduler's repeats a series whose count is
/// written now and then.
pub fn folded(world: &World) -> Vec<Folded> {
    store(world, None).out
}

/// Every write of an event to the API server so far, in the order they happened (what `kubectl
/// get events -w` prints a line for): a new event, a folded or combined one counted again, a
/// series' count.
pub fn writes(world: &World) -> Vec<Written> {
    store(world, Some(Vec::new())).log.unwrap_or_default()
}

/// The recorders' writes of the world's events, up to now.
fn store(world: &World, log: Option<Vec<Written>>) -> Stored<'_> {
    let mut stored = Stored {
        world,
        out: Vec::new(),
        log,
        observed: LookupMap::default(),
        correlator: Correlator::default(),
        series: SeriesRecorder::default(),
        instant: (None, 0),
    };
    for e in &world.events {
        // The scheduler's periodic writes due by now go first, so that the writes are in
        // the order of their times (a later look then only adds to them).
        stored.series_writes_until(e.time);
        let source = source(&e.object, &e.reason);
        if correlated(source) {
            stored.legacy(e, source);
        } else {
            stored.series(e, source);
        }
    }
    stored.series_writes_until(world.now());
    stored
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

/// A folded event as the API server returns it (core/v1 Event), for `-o` and `--sort-by`.
// Upstream: client-go tools/record event.go makeEvent; an events.k8s.io event seen as core/v1
// (pkg/apis/events/v1/conversion.go): eventTime, action, reportingComponent, series, and no
// firstTimestamp, lastTimestamp, count or source
pub fn event_json(folded: &Folded) -> serde_json::Value {
    let (kind, name) = involved_object(&folded.object);
    let e = &folded.event;
    let mut involved = serde_json::json!({"kind": kind, "name": name});
    if !folded.object_namespace.is_empty() {
        involved["namespace"] = folded.object_namespace.clone().into();
    }
    let mut json = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": event_name(folded),
            "namespace": event_namespace(folded),
            "creationTimestamp": e.first_timestamp,
        },
        "involvedObject": involved,
        "reason": e.reason,
        "message": e.message,
        "type": e.type_,
    });
    if correlated(&e.source_component) {
        json["source"] = serde_json::json!({"component": e.source_component});
        json["firstTimestamp"] = serde_json::json!(e.first_timestamp);
        json["lastTimestamp"] = serde_json::json!(e.last_timestamp);
        json["count"] = serde_json::json!(e.count);
        return json;
    }
    json["source"] = serde_json::json!({});
    json["firstTimestamp"] = serde_json::Value::Null;
    json["lastTimestamp"] = serde_json::Value::Null;
    json["eventTime"] = micro_time(folded.recorded_nanos).into();
    json["action"] = scheduler_action(&e.reason).into();
    json["reportingComponent"] = e.source_component.clone().into();
    json["reportingInstance"] = format!("{}-{SCHEDULER_HOST}", e.source_component).into();
    if e.count > 1 {
        let last = e.last_timestamp.map(|t| t.timestamp().as_nanosecond());
        json["series"] = serde_json::json!({
            "count": e.count,
            "lastObservedTime": last.map(micro_time),
        });
    }
    json
}

/// The fields `--field-selector` can name on an event. The object's uid, apiVersion,
/// resourceVersion and fieldPath are not recorded: they select as empty.
// Upstream: pkg/registry/core/event/strategy.go ToSelectableFields; pkg/apis/core/v1
// conversion.go AddFieldLabelConversionsForEvent
pub fn selectable_fields(folded: &Folded) -> BTreeMap<&'static str, String> {
    let (kind, name) = involved_object(&folded.object);
    let e = &folded.event;
    let reporting = if correlated(&e.source_component) {
        ""
    } else {
        &e.source_component
    };
    BTreeMap::from([
        ("metadata.name", event_name(folded)),
        ("metadata.namespace", event_namespace(folded).to_string()),
        ("involvedObject.kind", kind.to_string()),
        ("involvedObject.namespace", folded.object_namespace.clone()),
        ("involvedObject.name", name.to_string()),
        ("involvedObject.uid", String::new()),
        ("involvedObject.apiVersion", String::new()),
        ("involvedObject.resourceVersion", String::new()),
        ("involvedObject.fieldPath", String::new()),
        ("reason", e.reason.clone()),
        ("reportingComponent", reporting.to_string()),
        ("source", e.source_component.clone()),
        ("type", e.type_.clone()),
    ])
}

/// The columns of a table of events (`get events`, `events`), NAMESPACE first across
/// namespaces.
// Upstream: printers.go eventColumnDefinitions; cmd/events/event_printer.go printHeadings
pub fn header(all_namespaces: bool) -> Vec<String> {
    let columns = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    let namespace = all_namespaces.then_some("NAMESPACE");
    namespace
        .into_iter()
        .chain(columns)
        .map(String::from)
        .collect()
}

/// A folded event as a table of events prints it, `now` being when it is printed: LAST SEEN,
/// TYPE, REASON, OBJECT, MESSAGE.
// Upstream: printers.go printEvent
pub fn row(folded: &Folded, now: jiff::Timestamp) -> Vec<String> {
    let e = &folded.event;
    vec![
        age(e.last_timestamp.as_ref(), now),
        e.type_.clone(),
        e.reason.clone(),
        folded.object.clone(),
        e.message.clone(),
    ]
}

/// The kind and name of the object an event is about (`job/pi`: `Job`, `pi`).
pub fn involved_object(object: &str) -> (&str, &str) {
    let (kind, name) = object.split_once('/').unwrap_or(("", object));
    let kind = match kind {
        "job" => "Job",
        "pod" => "Pod",
        "node" => "Node",
        "cronjob" => "CronJob",
        "priorityclass" => "PriorityClass",
        other => other,
    };
    (kind, name)
}

/// The host the scheduler runs on, which names its recorder's instance.
const SCHEDULER_HOST: &str = "control-plane";

/// What the scheduler was doing when it recorded an event with this reason.
// Upstream: pkg/scheduler/schedule_one.go (Eventf(…, "Scheduled", "Binding", …),
// (…, "FailedScheduling", "Scheduling", …)); preemption/preemption.go ("Preempted", "Preempting")
fn scheduler_action(reason: &str) -> &'static str {
    match reason {
        "Scheduled" => "Binding",
        "Preempted" => "Preempting",
        _ => "Scheduling",
    }
}

/// A `metav1.MicroTime`: RFC 3339 in UTC with six decimals.
// Upstream: apimachinery meta/v1/micro_time.go (RFC3339Micro)
fn micro_time(nanos: i128) -> String {
    let Ok(t) = jiff::Timestamp::from_nanosecond(nanos) else {
        return String::new();
    };
    let micros = t.subsec_microsecond();
    format!("{}.{micros:06}Z", t.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// The folded events about one object (`job/pi`) of a namespace (empty for a node).
pub fn about(world: &World, namespace: &str, object: &str) -> Vec<Event> {
    stored(world)
        .into_iter()
        .filter(|f| f.object_namespace == namespace && f.object == object)
        .map(|f| f.event)
        .collect()
}

/// The namespace an event is kept in: its object's, `default` for an object that has none.
// Upstream: client-go tools/record event.go makeEvent (metav1.NamespaceDefault)
pub fn event_namespace(folded: &Folded) -> &str {
    if folded.object_namespace.is_empty() {
        "default"
    } else {
        &folded.object_namespace
    }
}
