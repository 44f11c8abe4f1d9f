//! What an event recorder of client-go's `record` package (the one the controllers, the node
//! controllers and the kubelet use) does with an event before the API server sees it: events of
//! an object that differ only in their message are combined once ten were seen in ten minutes,
//! and a source may write 25 events about an object at once, then one every five minutes.
// Upstream: client-go tools/record/events_cache.go (EventCorrelator: EventAggregator,
// EventSourceObjectSpamFilter with defaultAggregateMaxEvents 10,
// defaultAggregateIntervalInSeconds 600, defaultSpamBurst 25, defaultSpamQPS 1/300)

use std::collections::BTreeSet;

use crate::sim::lookup::LookupMap;
use crate::sim::time::SimTime;

/// How many different messages of one (source, object, type, reason) come out as they are,
/// less one: the tenth within the interval is combined.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// How long after the last of a group of similar events a new one starts the group afresh.
const AGGREGATE_INTERVAL_MS: u64 = 600_000;
/// How many events a source may write about an object at once.
const SPAM_BURST: u64 = 25;
/// How long a source waits for one more event about an object once its burst is spent.
const SPAM_REFILL_MS: u64 = 300_000;

/// The prefix of a combined event's message.
// Upstream: events_cache.go EventAggregatorByReasonMessageFunc
pub const COMBINED: &str = "(combined from similar events): ";

/// The object an event is about: its namespace and `KIND/NAME`.
pub type Involved<'a> = (&'a str, &'a str);

/// An event as a recorder emits it.
#[derive(Clone, Copy, Debug)]
pub struct Emitted<'a> {
    pub source: &'a str,
    pub object: Involved<'a>,
    pub type_: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
    pub at: SimTime,
}

/// What the recorder makes of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Correlated {
    /// It counts towards its group's combined event rather than an event of its own message.
    pub combined: bool,
    /// It is written; otherwise the spam filter dropped the write (the recorder still counts it).
    pub written: bool,
}

/// The similar events of a (source, object, type, reason) seen lately.
#[derive(Debug)]
struct Group<'a> {
    messages: BTreeSet<&'a str>,
    last: SimTime,
}

/// The recorders' memory of the events they emitted.
#[derive(Debug, Default)]
pub struct Correlator<'a> {
    groups: LookupMap<(&'a str, Involved<'a>, &'a str, &'a str), Group<'a>>,
    /// Per (source, object): the credit for more writes, in milliseconds of refill, and when it
    /// was last counted.
    credit: LookupMap<(&'a str, Involved<'a>), (u64, SimTime)>,
}

impl<'a> Correlator<'a> {
    /// Passes one event through the recorder, in the order they were emitted.
    // Upstream: events_cache.go EventCorrelate (aggregate, observe, then filter)
    pub fn correlate(&mut self, e: Emitted<'a>) -> Correlated {
        let combined = self.aggregate(e);
        let written = self.spam_filter_allows(e.source, e.object, e.at);
        Correlated { combined, written }
    }

    /// Whether the event joins its group's combined event: its message is the tenth different
    /// one of the group within ten minutes of the previous. Go then forgets an arbitrary message
    /// of the group; jobsim forgets the first in order.
    // Upstream: events_cache.go EventAggregator.EventAggregate
    fn aggregate(&mut self, e: Emitted<'a>) -> bool {
        let key = (e.source, e.object, e.type_, e.reason);
        let group = self.groups.entry(key).or_insert_with(|| Group {
            messages: BTreeSet::new(),
            last: e.at,
        });
        if e.at.since(group.last).as_millis() > AGGREGATE_INTERVAL_MS {
            group.messages.clear();
        }
        group.messages.insert(e.message);
        group.last = e.at;
        if group.messages.len() < AGGREGATE_MAX_EVENTS {
            return false;
        }
        group.messages.pop_first();
        true
    }

    /// Whether the source may write one more event about the object now: a token bucket of 25
    /// that refills one token every five minutes, full at first.
    // Upstream: events_cache.go EventSourceObjectSpamFilter.Filter (getSpamKey: source and
    // object; flowcontrol.NewTokenBucketRateLimiterWithClock, TryAccept)
    fn spam_filter_allows(&mut self, source: &'a str, object: Involved<'a>, at: SimTime) -> bool {
        let full = SPAM_BURST * SPAM_REFILL_MS;
        let (credit, last) = self.credit.entry((source, object)).or_insert((full, at));
        *credit = credit.saturating_add(at.since(*last).as_millis()).min(full);
        *last = at;
        if *credit < SPAM_REFILL_MS {
            return false;
        }
        *credit -= SPAM_REFILL_MS;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emitted(message: &str, at_secs: u64) -> Emitted<'_> {
        Emitted {
            source: "job-controller",
            object: ("default", "job/pi"),
            type_: "Normal",
            reason: "SuccessfulCreate",
            message,
            at: SimTime::from_millis(at_secs * 1000),
        }
    }

    #[test]
    fn the_tenth_different_message_within_ten_minutes_is_combined() {
        let mut c = Correlator::default();
        let names: Vec<String> = (0..12).map(|i| format!("Created pod: pi-{i}")).collect();
        let combined: Vec<bool> = names
            .iter()
            .map(|m| c.correlate(emitted(m, 1)).combined)
            .collect();
        assert_eq!(combined, [vec![false; 9], vec![true; 3]].concat());
    }

    #[test]
    fn a_repeated_message_does_not_count_twice_towards_combining() {
        let mut c = Correlator::default();
        for _ in 0..20 {
            assert!(!c.correlate(emitted("Created pod: pi-0", 1)).combined);
        }
    }

    #[test]
    fn a_group_quiet_for_over_ten_minutes_starts_afresh() {
        let mut c = Correlator::default();
        let names: Vec<String> = (0..10).map(|i| format!("Created pod: pi-{i}")).collect();
        for m in &names[..9] {
            c.correlate(emitted(m, 0));
        }
        assert!(!c.correlate(emitted(&names[9], 601)).combined);
    }

    #[test]
    fn a_source_writes_25_events_about_an_object_then_one_every_five_minutes() {
        let mut c = Correlator::default();
        let written: Vec<bool> = (0..30)
            .map(|_| c.correlate(emitted("Created pod: pi-0", 10)).written)
            .collect();
        assert_eq!(written, [vec![true; 25], vec![false; 5]].concat());
        assert!(!c.correlate(emitted("Created pod: pi-0", 309)).written);
        assert!(c.correlate(emitted("Created pod: pi-0", 310)).written);
        assert!(!c.correlate(emitted("Created pod: pi-0", 311)).written);
        // Another object has a burst of its own.
        let other = Emitted {
            object: ("default", "job/other"),
            ..emitted("Created pod: other-0", 311)
        };
        assert!(c.correlate(other).written);
    }
}
