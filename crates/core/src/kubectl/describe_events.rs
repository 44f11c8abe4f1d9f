//! The `Events:` table at the end of `kubectl describe`.

use jiff::Timestamp;

use super::get_jobs::age;
use super::prefix_writer::PrefixWriter;
use crate::api::time::Time;

/// A recorded event about the described object, as the API server keeps it (`core/v1` Event).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    pub message: String,
    /// `source.component`, e.g. `job-controller`.
    pub source_component: String,
    pub first_timestamp: Option<Time>,
    pub last_timestamp: Option<Time>,
    /// How many times it was seen (the recorder folds repeats into one event).
    pub count: i32,
}

/// When an event was seen: the age of its first sighting, or `<last> (xN over <first>)` for a
/// repeated one.
// Upstream: kubectl describe.go DescribeEvents; cmd/events/event_printer.go getInterval
pub fn interval(e: &Event, now: Timestamp) -> String {
    let first = age(e.first_timestamp.as_ref(), now);
    if e.count > 1 {
        let last = age(e.last_timestamp.as_ref(), now);
        format!("{last} (x{} over {first})", e.count)
    } else {
        first
    }
}

/// Writes the events as `kubectl describe` does: `Events:  <none>`, or a table sorted by when
/// each event was last seen, Age being the time since the first occurrence, or
/// `<last> (xN over <first>)` for a repeated one.
// Upstream: kubectl describe.go DescribeEvents (events without eventTime or series)
pub fn describe_events(events: &[Event], now: Timestamp, w: &mut PrefixWriter) {
    if events.is_empty() {
        w.write(0, "Events:\t<none>\n");
        return;
    }
    let mut sorted: Vec<&Event> = events.iter().collect();
    // Upstream: kubectl/pkg/util/event SortableEvents — by lastTimestamp; Go's sort is an
    // insertion sort (hence stable) for the short lists describe shows.
    sorted.sort_by_key(|e| e.last_timestamp.as_ref().map(Time::timestamp));
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(1, "----\t------\t----\t----\t-------\n");
    for e in sorted {
        let interval = interval(e, now);
        w.write(
            1,
            &format!(
                "{}\t{}\t{}\t{}\t{}\n",
                e.type_,
                e.reason,
                interval,
                e.source_component,
                e.message.trim()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<Time> {
        Some(Time::parse(s).expect("a time"))
    }

    fn event(reason: &str, first: &str, last: &str, count: i32) -> Event {
        Event {
            type_: "Normal".into(),
            reason: reason.into(),
            message: format!("{reason} message \n"),
            source_component: "job-controller".into(),
            first_timestamp: at(first),
            last_timestamp: at(last),
            count,
        }
    }

    fn render(events: &[Event]) -> String {
        let mut w = PrefixWriter::default();
        describe_events(events, "2026-01-01T00:10:00Z".parse().unwrap(), &mut w);
        w.finish()
    }

    #[test]
    fn no_events_print_none() {
        assert_eq!(render(&[]), "Events:  <none>\n");
    }

    #[test]
    fn events_are_sorted_by_last_seen_and_repeats_show_their_count() {
        let out = render(&[
            event("BackOff", "2026-01-01T00:05:00Z", "2026-01-01T00:09:30Z", 4),
            event(
                "SuccessfulCreate",
                "2026-01-01T00:04:00Z",
                "2026-01-01T00:04:00Z",
                1,
            ),
        ]);
        assert_eq!(
            out,
            "Events:\n\
             \x20 Type    Reason            Age               From            Message\n\
             \x20 ----    ------            ----              ----            -------\n\
             \x20 Normal  SuccessfulCreate  6m                job-controller  SuccessfulCreate message\n\
             \x20 Normal  BackOff           30s (x4 over 5m)  job-controller  BackOff message\n"
        );
    }
}
