//! Go's standard library where Kubernetes' behaviour depends on it: `time.ParseDuration` and
//! `Duration.String`, `strconv` (quoting, `Atoi`), and `time` (zones, the zero time, `Date`).

pub mod duration;
pub mod strconv;
pub mod time;
