//! robfig/cron v3.0.1 `SpecSchedule`: a cron line as bit sets, and `Next`.
//!
//! Why a port and not a crate: the CronJob controller's behaviour is robfig's, quirks included
//! — the day-of-month/day-of-week star rule (`*/1` keeps the star, `*/2` drops it), `,` giving
//! an empty field that never fires, the five-year give-up returning Go's zero time (which the
//! controller's missed-run arithmetic then uses), daylight-saving handling through Go's
//! `time.Date` normalisation (a skipped 02:30 in New York becomes 01:30 EST; the Sao Paulo
//! midnight correction; an hour repeated at fall-back fires twice), and the parser's exact
//! error messages, which the API server quotes. The Rust cron crates (`cron`: seconds and year
//! fields, its own grammar and errors; `croner`: its own DOM/DOW and DST rules and errors;
//! `saffron`: no time zones) each differ on some of these, so the algorithm is ported.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::go::time::{self as go_time, GoTime, GO_ZERO_TIME};

/// The top bit of a field: set when the field was written as `*` or `?` (or `*/1`).
pub const STAR_BIT: u64 = 1 << 63;

/// A cron schedule as bit sets (bit n set = value n matches), in a zone.
// Upstream: robfig/cron/v3 spec.go SpecSchedule.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecSchedule {
    pub second: u64,
    pub minute: u64,
    pub hour: u64,
    pub dom: u64,
    pub month: u64,
    pub dow: u64,
    /// The zone the fields are matched in (`TZ=`/`CRON_TZ=`, else the controller's, UTC).
    pub location: TimeZone,
}

impl SpecSchedule {
    /// The first activation strictly after `t` (sub-second part dropped), or Go's zero time if
    /// none is found within five years.
    // Upstream: robfig/cron/v3 spec.go SpecSchedule.Next.
    pub fn next(&self, t: Timestamp) -> Timestamp {
        self.search(t).unwrap_or(GO_ZERO_TIME)
    }

    fn search(&self, t: Timestamp) -> Option<Timestamp> {
        let zone = &self.location;
        let start = GoTime::new(t, zone);
        // Start at the earliest possible time (the upcoming second).
        let mut t = start.add_nanos(1_000_000_000 - i128::from(start.nanosecond()))?;
        let mut added = false;
        let year_limit = t.year() + 5;

        'wrap: loop {
            if t.year() > year_limit {
                return None;
            }

            while bit(t.month()) & self.month == 0 {
                if !added {
                    added = true;
                    t = go_time::date(t.year(), t.month(), 1, [0, 0, 0], zone)?;
                }
                t = t.add_date(0, 1, 0)?;
                if t.month() == 1 {
                    continue 'wrap;
                }
            }

            while !self.day_matches(&t) {
                if !added {
                    added = true;
                    t = go_time::date(t.year(), t.month(), t.day(), [0, 0, 0], zone)?;
                }
                t = t.add_date(0, 0, 1)?;
                // Midnight may not exist (DST): add an hour if it is 23, go back if it is 1.
                if t.hour() != 0 {
                    t = if t.hour() > 12 {
                        t.add_seconds((24 - t.hour()) * 3_600)?
                    } else {
                        t.add_seconds(-t.hour() * 3_600)?
                    };
                }
                if t.day() == 1 {
                    continue 'wrap;
                }
            }

            while bit(t.hour()) & self.hour == 0 {
                if !added {
                    added = true;
                    t = go_time::date(t.year(), t.month(), t.day(), [t.hour(), 0, 0], zone)?;
                }
                t = t.add_seconds(3_600)?;
                if t.hour() == 0 {
                    continue 'wrap;
                }
            }

            while bit(t.minute()) & self.minute == 0 {
                if !added {
                    added = true;
                    t = t.truncate(60)?;
                }
                t = t.add_seconds(60)?;
                if t.minute() == 0 {
                    continue 'wrap;
                }
            }

            while bit(t.second()) & self.second == 0 {
                if !added {
                    added = true;
                    t = t.truncate(1)?;
                }
                t = t.add_seconds(1)?;
                if t.second() == 0 {
                    continue 'wrap;
                }
            }

            return Some(t.instant());
        }
    }

    /// Day-of-month and day-of-week: both must match if either field has a star, else either.
    // Upstream: robfig/cron/v3 spec.go dayMatches.
    fn day_matches(&self, t: &GoTime<'_>) -> bool {
        let dom_match = bit(t.day()) & self.dom > 0;
        let dow_match = bit(t.weekday()) & self.dow > 0;
        if self.dom & STAR_BIT > 0 || self.dow & STAR_BIT > 0 {
            dom_match && dow_match
        } else {
            dom_match || dow_match
        }
    }
}

/// `1 << n` for a wall-clock field value (always 0–59).
fn bit(n: i64) -> u64 {
    u32::try_from(n)
        .ok()
        .and_then(|n| 1u64.checked_shl(n))
        .unwrap_or(0)
}
