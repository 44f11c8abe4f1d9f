//! The few pieces of Go's `time` package that robfig/cron's `Next` depends on, with Go's exact
//! semantics: `time.LoadLocation`, `time.Date` (including how it picks an offset for a wall
//! clock time that a daylight-saving change skips or repeats), `AddDate`, `Add` and `Truncate`.
//!
//! Times are `jiff::Timestamp`s; zones come from jiff's compiled-in IANA database. Go's zero
//! time (`0001-01-01T00:00:00Z`), which `Next` returns when a schedule never fires, is
//! [`GO_ZERO_TIME`].

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Seconds from 0001-01-01T00:00:00Z (Go's zero time) to the Unix epoch.
const ZERO_TIME_UNIX_SECONDS: i64 = -62_135_596_800;

/// Go's zero `time.Time`, `0001-01-01T00:00:00Z`: what `Next` returns when nothing matches.
pub const GO_ZERO_TIME: Timestamp = Timestamp::constant(ZERO_TIME_UNIX_SECONDS, 0);

/// Whether a time is Go's zero time (`time.Time.IsZero`).
pub fn is_zero(t: Timestamp) -> bool {
    t == GO_ZERO_TIME
}

/// Loads an IANA zone by name, as Go's `time.LoadLocation` does (the names are case-sensitive,
/// `""` and `"UTC"` are UTC). `"Local"` is the controller process's zone, which jobsim takes to
/// be UTC, as in the usual kube-controller-manager container.
// Upstream: go/src/time/zoneinfo.go LoadLocation, containsDotDot; zoneinfo_read.go (error text).
pub fn load_location(name: &str) -> Result<TimeZone, String> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(TimeZone::UTC);
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    match jiff::tz::db().get(name) {
        Ok(tz) if tz.iana_name() == Some(name) || exact_name_in_db(name) => Ok(tz),
        _ => Err(format!("unknown time zone {name}")),
    }
}

/// Whether the database lists exactly this spelling (jiff looks names up case-insensitively
/// and may return a canonical spelling; Go reads files, whose names are case-sensitive).
fn exact_name_in_db(name: &str) -> bool {
    jiff::tz::db().available().any(|n| n.as_str() == name)
}

/// A Go `time.Time` in a location: an instant plus the zone its wall clock is read in.
#[derive(Debug, Clone)]
pub struct GoTime<'z> {
    instant: Timestamp,
    zone: &'z TimeZone,
    wall: DateTime,
}

impl<'z> GoTime<'z> {
    /// `t.In(zone)`.
    pub fn new(instant: Timestamp, zone: &'z TimeZone) -> GoTime<'z> {
        GoTime {
            instant,
            zone,
            wall: zone.to_datetime(instant),
        }
    }

    /// The instant.
    pub fn instant(&self) -> Timestamp {
        self.instant
    }

    pub fn year(&self) -> i64 {
        i64::from(self.wall.year())
    }
    pub fn month(&self) -> i64 {
        i64::from(self.wall.month())
    }
    pub fn day(&self) -> i64 {
        i64::from(self.wall.day())
    }
    pub fn hour(&self) -> i64 {
        i64::from(self.wall.hour())
    }
    pub fn minute(&self) -> i64 {
        i64::from(self.wall.minute())
    }
    pub fn second(&self) -> i64 {
        i64::from(self.wall.second())
    }
    /// `t.Nanosecond()`.
    pub fn nanosecond(&self) -> i64 {
        i64::from(self.instant.subsec_nanosecond())
    }
    /// `t.Weekday()`, Sunday = 0.
    pub fn weekday(&self) -> i64 {
        i64::from(self.wall.weekday().to_sunday_zero_offset())
    }

    /// `t.Add(d)` for a duration in nanoseconds; `None` outside the representable years.
    pub fn add_nanos(&self, nanos: i128) -> Option<GoTime<'z>> {
        let total = self.instant.as_nanosecond().checked_add(nanos)?;
        Timestamp::from_nanosecond(total)
            .ok()
            .map(|t| GoTime::new(t, self.zone))
    }

    /// `t.Add(n * time.Second)`.
    pub fn add_seconds(&self, seconds: i64) -> Option<GoTime<'z>> {
        self.add_nanos(i128::from(seconds) * 1_000_000_000)
    }

    /// `t.AddDate(years, months, days)`: the same wall clock that many calendar units later,
    /// normalised by `time.Date`.
    // Upstream: go/src/time/time.go Time.AddDate.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Option<GoTime<'z>> {
        date(
            self.year() + years,
            self.month() + months,
            self.day() + days,
            [self.hour(), self.minute(), self.second()],
            self.zone,
        )
        .and_then(|t| t.add_nanos(i128::from(self.nanosecond())))
    }

    /// `t.Truncate(d)` for a whole number of seconds `d` dividing a day: Go truncates the
    /// absolute time (since its zero time), not the wall clock.
    // Upstream: go/src/time/time.go Time.Truncate.
    pub fn truncate(&self, seconds: i64) -> Option<GoTime<'z>> {
        let since_zero = self.instant.as_second() - ZERO_TIME_UNIX_SECONDS;
        let kept = since_zero - since_zero.rem_euclid(seconds) + ZERO_TIME_UNIX_SECONDS;
        Timestamp::from_second(kept)
            .ok()
            .map(|t| GoTime::new(t, self.zone))
    }
}

/// `time.Date(year, month, day, hour, min, sec, 0, zone)`: out-of-range fields overflow into
/// the next larger unit; a wall clock time that the zone skips or repeats gets the offset Go
/// picks: the offset in force at the wall clock read as UTC, unless the resulting instant
/// falls outside that offset's period, in which case the offset at that instant.
// Upstream: go/src/time/time.go Date (the lookup / `utc < start || utc >= end` adjustment).
pub fn date<'z>(
    year: i64,
    month: i64,
    day: i64,
    [hour, minute, second]: [i64; 3],
    zone: &'z TimeZone,
) -> Option<GoTime<'z>> {
    let m0 = month - 1;
    let year = year + m0.div_euclid(12);
    let month = m0.rem_euclid(12) + 1;
    let local = days_from_civil(year, month, 1)
        .checked_add(day - 1)?
        .checked_mul(86_400)?
        .checked_add(hour * 3_600 + minute * 60 + second)?;
    let first = zone.to_offset(Timestamp::from_second(local).ok()?);
    let unix = if first.seconds() == 0 {
        local
    } else {
        let utc = local - i64::from(first.seconds());
        local - i64::from(zone.to_offset(Timestamp::from_second(utc).ok()?).seconds())
    };
    Timestamp::from_second(unix)
        .ok()
        .map(|t| GoTime::new(t, zone))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (month 1–12, day 1).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny() -> TimeZone {
        load_location("America/New_York").expect("zone in the database")
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("valid timestamp")
    }

    #[test]
    fn go_zero_time_is_year_one() {
        assert_eq!(GO_ZERO_TIME, ts("0001-01-01T00:00:00Z"));
    }

    #[test]
    fn date_overflows_days_and_months_like_go() {
        let utc = TimeZone::UTC;
        let t = date(2026, 2, 30, [0, 0, 0], &utc).expect("in range");
        assert_eq!(t.instant(), ts("2026-03-02T00:00:00Z"));
        let t = date(2025, 13, 1, [0, 0, 0], &utc).expect("in range");
        assert_eq!(t.instant(), ts("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn a_skipped_wall_time_in_new_york_becomes_the_hour_before() {
        // 2012-03-11 02:30 does not exist in New York; Go gives 01:30 EST.
        let zone = ny();
        let t = date(2012, 3, 11, [2, 30, 0], &zone).expect("in range");
        assert_eq!(t.instant(), ts("2012-03-11T06:30:00Z"));
    }

    #[test]
    fn a_repeated_wall_time_in_new_york_is_the_first_one() {
        let zone = ny();
        let t = date(2012, 11, 4, [1, 30, 0], &zone).expect("in range");
        assert_eq!(t.instant(), ts("2012-11-04T05:30:00Z"));
    }

    #[test]
    fn in_berlin_a_skipped_time_moves_forward_and_a_repeated_one_is_the_second() {
        let berlin = load_location("Europe/Berlin").expect("zone");
        let skipped = date(2012, 3, 25, [2, 30, 0], &berlin).expect("in range");
        assert_eq!(skipped.instant(), ts("2012-03-25T01:30:00Z"));
        let repeated = date(2012, 10, 28, [2, 30, 0], &berlin).expect("in range");
        assert_eq!(repeated.instant(), ts("2012-10-28T01:30:00Z"));
    }

    #[test]
    fn location_names_are_case_sensitive_as_in_go() {
        assert!(load_location("America/New_York").is_ok());
        assert_eq!(
            load_location("america/new_york").unwrap_err(),
            "unknown time zone america/new_york"
        );
        assert_eq!(
            load_location("bad timezone").unwrap_err(),
            "unknown time zone bad timezone"
        );
        assert_eq!(
            load_location("../etc/passwd").unwrap_err(),
            "time: invalid location name"
        );
        assert!(load_location("").is_ok());
        assert!(load_location("Etc/UTC").is_ok());
        assert!(load_location("US/Eastern").is_ok());
    }

    #[test]
    fn truncate_works_on_the_absolute_time() {
        let utc = TimeZone::UTC;
        let t = GoTime::new(ts("2026-01-01T10:07:59.5Z"), &utc);
        assert_eq!(
            t.truncate(60).expect("in range").instant(),
            ts("2026-01-01T10:07:00Z")
        );
    }
}
