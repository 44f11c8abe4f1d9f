//! The event queue: next-event time advance. Events are ordered by (time, sequence number), so
//! two events at the same moment come out in the order they were scheduled, on every platform.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::time::SimTime;

/// Events of type `E` waiting for their moment.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<Entry<E>>>,
    next_seq: u64,
}

#[derive(Debug)]
struct Entry<E> {
    at: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: SimTime, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Entry { at, seq, event }));
    }

    /// When the next event is due, if any.
    pub fn next_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }

    /// Takes the next event if it is due no later than `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if self.next_time()? > until {
            return None;
        }
        self.heap.pop().map(|Reverse(e)| (e.at, e.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    #[test]
    fn events_come_out_by_time_then_in_the_order_they_were_scheduled() {
        let mut q = EventQueue::new();
        q.push(t(20), "c");
        q.push(t(10), "a");
        q.push(t(20), "d");
        q.push(t(10), "b");
        let mut out = Vec::new();
        while let Some((at, e)) = q.pop_due(t(u64::MAX)) {
            out.push((at.as_millis(), e));
        }
        assert_eq!(out, [(10, "a"), (10, "b"), (20, "c"), (20, "d")]);
    }

    #[test]
    fn an_event_later_than_the_horizon_stays_queued() {
        let mut q = EventQueue::new();
        q.push(t(30), ());
        assert_eq!(q.pop_due(t(29)), None);
        assert_eq!(q.next_time(), Some(t(30)));
        assert_eq!(q.pop_due(t(30)), Some((t(30), ())));
        assert!(q.is_empty());
    }
}
