//! A parsed CronJob schedule and the entry point the controller and the API server's
//! validation share.

use std::fmt;

use jiff::Timestamp;

use super::constant_delay::ConstantDelaySchedule;
use super::parser::parse_standard;
use super::spec::SpecSchedule;
use crate::go::time::is_zero;

/// A schedule as robfig/cron returns it from `ParseStandard`.
// Upstream: robfig/cron/v3 cron.go Schedule (interface), spec.go, constantdelay.go.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// A cron line or a descriptor such as `@daily`.
    Spec(SpecSchedule),
    /// `@every D`.
    Every(ConstantDelaySchedule),
}

impl Schedule {
    /// The next activation strictly after `t`; Go's zero time
    /// ([`crate::go::time::GO_ZERO_TIME`]) when none comes within five years.
    pub fn next(&self, t: Timestamp) -> Timestamp {
        match self {
            Schedule::Spec(spec) => spec.next(t),
            Schedule::Every(every) => every.next(t),
        }
    }

    /// The next `n` activations after `after`, each strictly after the previous one, ending
    /// early if the schedule stops firing (`Next` gives up after five years).
    pub fn upcoming(&self, after: Timestamp, n: usize) -> Vec<Timestamp> {
        let mut times = Vec::with_capacity(n.min(1024));
        let mut t = after;
        while times.len() < n {
            t = self.next(t);
            if is_zero(t) {
                break;
            }
            times.push(t);
        }
        times
    }
}

/// Why a schedule does not parse; `Display` is the parser's message, which the API server
/// quotes (`spec.schedule: Invalid value: "…": <message>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    message: String,
}

impl ScheduleError {
    pub(super) fn new(message: impl Into<String>) -> ScheduleError {
        ScheduleError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScheduleError {}

/// Parses a schedule as Kubernetes does: robfig/cron's `ParseStandard`, with a malformed
/// `TZ=` prefix reported as an error rather than a crash.
// Upstream: pkg/util/parsers/parsers.go ParseCronScheduleWithPanicRecovery.
pub fn parse(schedule: &str) -> Result<Schedule, ScheduleError> {
    parse_standard(schedule)
}
