//! What the scheduler's event recorder (client-go's `tools/events`, the events.k8s.io API) does
//! with an event before the API server sees it: an event like one it wrote lately (same object,
//! type and reason, whatever the message) becomes a series — written again at once with a count
//! of 2 and the first event's message, then only counted, the count written every 30 minutes and
//! when the series has been quiet for 6.
// Upstream: client-go tools/events/event_broadcaster.go (recordToSink, getKey without the note,
// refreshExistingEventSeries every refreshTime = 30 min, finishSeries every finishTime = 6 min,
// both started with the broadcaster)

use crate::sim::lookup::LookupMap;
use crate::sim::time::{SimDuration, SimTime};

/// How often the recorder writes the counts of its series.
const REFRESH: SimDuration = SimDuration::from_secs(30 * 60);
/// How often the recorder ends the series (and forgets the single events) quiet this long.
const FINISH: SimDuration = SimDuration::from_secs(6 * 60);

/// Which of the recorder's periodic writes have come by `at`: they all fall on multiples of six
/// minutes (the finishing every 6, the refresh every 30), so two instants of one period see the
/// same ones.
pub fn periodic_writes_by(at: SimTime) -> u64 {
    at.as_millis() / FINISH.as_millis()
}

/// What the recorder knows an event by: its object (namespace and `KIND/NAME`), type and reason.
pub type SeriesKey<'a> = ((&'a str, &'a str), &'a str, &'a str);

/// A write of a series' count: to the stored event at `slot` (the caller's place for it), at
/// `written_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesWrite {
    pub slot: usize,
    pub count: i32,
    pub last_observed: SimTime,
    pub written_at: SimTime,
}

/// What the recorder did with an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed {
    /// Written as a new event, which the caller keeps at the slot it offered.
    Created,
    /// The event at its first occurrence's slot written again, now a series.
    Written(SeriesWrite),
    /// Counted in its series, not written.
    Counted,
}

/// An event the recorder remembers.
#[derive(Debug)]
struct Cached {
    slot: usize,
    event_time: SimTime,
    /// The series' count and when it was last seen, once the event repeated.
    series: Option<(i32, SimTime)>,
}

/// The recorder's cache of recent events and the times of its next periodic tasks.
#[derive(Debug, Default)]
pub struct SeriesRecorder<'a> {
    cached: LookupMap<SeriesKey<'a>, Cached>,
    next_refresh: SimTime,
    next_finish: SimTime,
}

impl<'a> SeriesRecorder<'a> {
    /// Passes an event through the recorder; `slot` is where the caller would keep it if it is
    /// written as a new event.
    pub fn observe(&mut self, key: SeriesKey<'a>, at: SimTime, slot: usize) -> Observed {
        let Some(cached) = self.cached.get_mut(&key) else {
            let cached = Cached {
                slot,
                event_time: at,
                series: None,
            };
            self.cached.insert(key, cached);
            return Observed::Created;
        };
        match &mut cached.series {
            Some((count, last)) => {
                *count += 1;
                *last = at;
                Observed::Counted
            }
            None => {
                cached.series = Some((2, at));
                Observed::Written(SeriesWrite {
                    slot: cached.slot,
                    count: 2,
                    last_observed: at,
                    written_at: at,
                })
            }
        }
    }

    /// Runs the periodic tasks due by `at` (each first at the start), returning the series'
    /// counts they write.
    pub fn ticks_until(&mut self, at: SimTime) -> Vec<SeriesWrite> {
        let mut writes = Vec::new();
        loop {
            let tick = self.next_refresh.min(self.next_finish);
            if tick > at {
                return writes;
            }
            if self.next_finish == tick {
                self.finish_series(tick, &mut writes);
                self.next_finish = tick.after(FINISH);
            }
            if self.next_refresh == tick {
                writes.extend(self.cached.values().filter_map(|c| write_of(c, tick)));
                self.next_refresh = tick.after(REFRESH);
            }
        }
    }

    /// Writes and forgets the series last seen over six minutes before the tick; forgets the
    /// single events that old.
    // Upstream: event_broadcaster.go finishSeries
    fn finish_series(&mut self, tick: SimTime, writes: &mut Vec<SeriesWrite>) {
        let quiet = |t: SimTime| t.after(FINISH) < tick;
        self.cached.retain(|_, cached| match cached.series {
            Some((_, last)) if quiet(last) => {
                writes.extend(write_of(cached, tick));
                false
            }
            Some(_) => true,
            None => !quiet(cached.event_time),
        });
    }
}

/// The write of a cached event's series at `tick`, if it is one.
fn write_of(cached: &Cached, tick: SimTime) -> Option<SeriesWrite> {
    cached.series.map(|(count, last_observed)| SeriesWrite {
        slot: cached.slot,
        count,
        last_observed,
        written_at: tick,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: SeriesKey<'static> = (("default", "pod/pi-x"), "Warning", "FailedScheduling");

    fn secs(s: u64) -> SimTime {
        SimTime::from_millis(s * 1000)
    }

    #[test]
    fn the_second_event_is_written_as_a_series_of_two_and_later_ones_only_counted() {
        let mut r = SeriesRecorder::default();
        assert!(r.ticks_until(secs(10)).is_empty());
        assert_eq!(r.observe(KEY, secs(10), 0), Observed::Created);
        let written = SeriesWrite {
            slot: 0,
            count: 2,
            last_observed: secs(20),
            written_at: secs(20),
        };
        assert_eq!(r.observe(KEY, secs(20), 1), Observed::Written(written));
        assert_eq!(r.observe(KEY, secs(30), 1), Observed::Counted);
        assert_eq!(r.observe(KEY, secs(40), 1), Observed::Counted);
        // The six-minute tick at 360 s finds it seen lately; the one at 720 s writes and ends it.
        assert!(r.ticks_until(secs(700)).is_empty());
        let finished = SeriesWrite {
            slot: 0,
            count: 4,
            last_observed: secs(40),
            written_at: secs(720),
        };
        assert_eq!(r.ticks_until(secs(720)), vec![finished]);
        // The next one starts afresh.
        assert_eq!(r.observe(KEY, secs(800), 2), Observed::Created);
    }

    #[test]
    fn a_long_series_has_its_count_written_every_thirty_minutes() {
        let mut r = SeriesRecorder::default();
        r.observe(KEY, secs(0), 0);
        for minute in 1..=31 {
            let at = secs(minute * 60);
            let ticks = r.ticks_until(at);
            if minute == 30 {
                let refreshed = SeriesWrite {
                    slot: 0,
                    count: 30,
                    last_observed: secs(29 * 60),
                    written_at: secs(30 * 60),
                };
                assert_eq!(ticks, vec![refreshed]);
            } else {
                assert!(ticks.is_empty(), "minute {minute}: {ticks:?}");
            }
            r.observe(KEY, at, 1);
        }
    }

    #[test]
    fn an_event_seen_once_is_forgotten_after_six_minutes() {
        let mut r = SeriesRecorder::default();
        r.ticks_until(secs(0));
        r.observe(KEY, secs(1), 0);
        r.ticks_until(secs(360));
        assert!(matches!(r.observe(KEY, secs(400), 1), Observed::Written(_)));
        let mut r = SeriesRecorder::default();
        r.observe(KEY, secs(1), 0);
        r.ticks_until(secs(720));
        assert_eq!(r.observe(KEY, secs(721), 1), Observed::Created);
    }
}
