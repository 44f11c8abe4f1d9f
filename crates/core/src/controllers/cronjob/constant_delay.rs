//! robfig/cron v3.0.1 `ConstantDelaySchedule`: `@every D`, fired every D after the time it is
//! given (not aligned to the clock).

use jiff::Timestamp;

use crate::go::time::GO_ZERO_TIME;

const SECOND: i64 = 1_000_000_000;

/// A fixed delay in nanoseconds, a whole number of seconds and at least one second.
// Upstream: robfig/cron/v3 constantdelay.go ConstantDelaySchedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstantDelaySchedule {
    pub delay_nanos: i64,
}

impl ConstantDelaySchedule {
    /// A delay under one second becomes one second; sub-second parts are dropped.
    // Upstream: robfig/cron/v3 constantdelay.go Every.
    pub fn every(nanos: i64) -> ConstantDelaySchedule {
        let nanos = nanos.max(SECOND);
        ConstantDelaySchedule {
            delay_nanos: nanos - nanos % SECOND,
        }
    }

    /// `t` plus the delay, with the sub-second part of `t` removed.
    // Upstream: robfig/cron/v3 constantdelay.go ConstantDelaySchedule.Next.
    pub fn next(&self, t: Timestamp) -> Timestamp {
        let base = t.as_nanosecond() - i128::from(t.subsec_nanosecond());
        Timestamp::from_nanosecond(base + i128::from(self.delay_nanos)).unwrap_or(GO_ZERO_TIME)
    }
}
