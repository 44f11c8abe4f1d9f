//! `date`: the virtual wall clock (the container's start plus its elapsed time), in the zone of
//! its `TZ` (UTC by default), as `date`, `date -u`, `date -R`, `date -I[seconds]` or
//! `date +FORMAT` print it.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::sim::runtime::machine::{Io, Machine, Status};

/// The C locale's default format of GNU and BusyBox `date`.
const DEFAULT_FORMAT: &str = "%a %b %e %H:%M:%S %Z %Y";

// Upstream: GNU coreutils src/date.c, BusyBox coreutils/date.c.
pub fn run(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let elapsed = i64::try_from(machine.elapsed().as_millis()).unwrap_or(i64::MAX);
    let now = machine
        .invocation
        .started_at
        .saturating_add(SignedDuration::from_millis(elapsed))
        .unwrap_or(Timestamp::MAX);
    let mut utc = false;
    let mut format = DEFAULT_FORMAT.to_string();
    for arg in argv.get(1..).unwrap_or_default() {
        match arg.as_str() {
            "-u" | "--utc" | "--universal" => utc = true,
            "-R" | "--rfc-email" => format = "%a, %d %b %Y %H:%M:%S %z".to_string(),
            "-I" | "-Idate" | "--iso-8601" | "--iso-8601=date" => format = "%Y-%m-%d".to_string(),
            "-Iseconds" | "--iso-8601=seconds" => format = "%Y-%m-%dT%H:%M:%S%:z".to_string(),
            other => match other.strip_prefix('+') {
                Some(custom) => format = custom.to_string(),
                None => {
                    machine.write(io.stderr, &format!("date: invalid date '{other}'\n"));
                    return Status::Exit(1);
                }
            },
        }
    }
    let zone = match env.get("TZ").filter(|_| !utc) {
        Some(name) => TimeZone::get(name.trim_start_matches(':')).unwrap_or(TimeZone::UTC),
        None => TimeZone::UTC,
    };
    let zoned = now.to_zoned(zone);
    match jiff::fmt::strtime::format(&format, &zoned) {
        Ok(text) => {
            machine.write(io.stdout, &format!("{text}\n"));
            Status::Exit(0)
        }
        Err(_) => {
            machine.write(io.stderr, &format!("date: invalid format '{format}'\n"));
            Status::Exit(1)
        }
    }
}
