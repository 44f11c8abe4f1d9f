//! Virtual time: milliseconds since the scenario's start. Nothing in the simulation reads a real
//! clock; the wall-clock time a user sees is the scenario's `start` plus the virtual time.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

/// A moment of the run, in milliseconds since the scenario's start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(u64);

/// A span of virtual time, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The time `d` later; virtual time ends at `u64::MAX` ms (half a billion years) rather
    /// than wrapping around.
    pub fn after(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// How long after `earlier` this is; zero if it is not later.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }

    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s.saturating_mul(1000))
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Both spans one after the other; saturates like `SimTime::after`.
    pub const fn plus(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for SimTime {
    /// `1h02m03.400s`-style offset since the start, as the timeline shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, rest) = (self.0 / 3_600_000, self.0 % 3_600_000);
        let (m, rest) = (rest / 60_000, rest % 60_000);
        let (s, ms) = (rest / 1000, rest % 1000);
        match (h, ms) {
            (0, 0) => write!(f, "{m}m{s:02}s"),
            (0, _) => write!(f, "{m}m{s:02}.{ms:03}s"),
            (_, 0) => write!(f, "{h}h{m:02}m{s:02}s"),
            (_, _) => write!(f, "{h}h{m:02}m{s:02}.{ms:03}s"),
        }
    }
}

/// The virtual clock: where the run stands, and the wall-clock time its start stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    start: Timestamp,
    now: SimTime,
}

impl Clock {
    pub fn new(start: Timestamp) -> Self {
        Clock {
            start,
            now: SimTime::ZERO,
        }
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The wall-clock time of a moment of the run (what CronJob schedules and objects see).
    pub fn wall(&self, t: SimTime) -> Timestamp {
        let ms = i64::try_from(t.as_millis()).unwrap_or(i64::MAX);
        self.start
            .saturating_add(SignedDuration::from_millis(ms))
            .unwrap_or(Timestamp::MAX)
    }

    /// Moves the clock to `t`. Time never goes back: an earlier `t` is an error.
    pub fn advance_to(&mut self, t: SimTime) -> Result<(), TimeWentBack> {
        if t < self.now {
            return Err(TimeWentBack {
                now: self.now,
                asked: t,
            });
        }
        self.now = t;
        Ok(())
    }
}

/// An attempt to move the virtual clock backwards: a broken invariant of the simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWentBack {
    pub now: SimTime,
    pub asked: SimTime,
}

impl fmt::Display for TimeWentBack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "virtual time cannot go back from {} to {}",
            self.now, self.asked
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_print_as_the_timeline_shows_them() {
        let cases = [
            (0, "0m00s"),
            (1_500, "0m01.500s"),
            (61_000, "1m01s"),
            (3_723_400, "1h02m03.400s"),
            (36_000_000, "10h00m00s"),
        ];
        for (ms, want) in cases {
            assert_eq!(SimTime::from_millis(ms).to_string(), want);
        }
    }

    #[test]
    fn the_wall_clock_is_the_start_plus_the_virtual_time() {
        let clock = Clock::new("2026-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(
            clock.wall(SimTime::from_millis(90_500)).to_string(),
            "2026-01-01T00:01:30.5Z"
        );
    }

    #[test]
    fn the_clock_moves_forward_and_refuses_to_go_back() {
        let mut clock = Clock::new(Timestamp::UNIX_EPOCH);
        clock.advance_to(SimTime::from_millis(10)).unwrap();
        clock.advance_to(SimTime::from_millis(10)).unwrap();
        let err = clock.advance_to(SimTime::from_millis(9)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "virtual time cannot go back from 0m00.010s to 0m00.009s"
        );
        assert_eq!(clock.now(), SimTime::from_millis(10));
    }

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        assert_eq!(
            SimTime::from_millis(u64::MAX)
                .after(SimDuration::from_secs(1))
                .as_millis(),
            u64::MAX
        );
        assert_eq!(
            SimTime::from_millis(5).since(SimTime::from_millis(9)),
            SimDuration::ZERO
        );
    }
}
