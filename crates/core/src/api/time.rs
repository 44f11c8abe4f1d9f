//! `metav1.Time`: an instant with second precision, written as RFC 3339 in UTC.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Kubernetes timestamp (`metav1.Time`), e.g. `2026-01-01T00:00:00Z`.
///
/// Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go (MarshalJSON writes
/// RFC 3339 in UTC truncated to seconds; UnmarshalJSON reads RFC 3339 and accepts `null`).
/// Kept as whole seconds since the Unix epoch: a pod holds a dozen of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    /// The instant truncated to whole seconds, as Kubernetes stores it.
    // Upstream: apimachinery meta/v1/time.go NewTime / Rfc3339Copy (second precision on the wire).
    pub fn from_timestamp(t: jiff::Timestamp) -> Time {
        Time(t.as_second())
    }

    /// Parses an RFC 3339 string such as `2026-01-01T00:00:00Z` or `2026-01-01T08:00:00+08:00`.
    // Upstream: apimachinery meta/v1/time.go UnmarshalJSON (time.Parse(time.RFC3339, …)).
    pub fn parse(text: &str) -> Result<Time, String> {
        text.parse::<jiff::Timestamp>()
            .map(Time::from_timestamp)
            .map_err(|e| format!("parsing time {text:?} as RFC 3339: {e}"))
    }

    /// The instant. A Time is made only from a valid instant, so its seconds are one.
    pub fn timestamp(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_second(self.0).unwrap_or_default()
    }
}

impl From<jiff::Timestamp> for Time {
    fn from(t: jiff::Timestamp) -> Self {
        Time::from_timestamp(t)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ"))
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Time::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_is_written_in_utc_with_second_precision() {
        let t = Time::parse("2026-01-01T08:00:00.750+08:00").expect("valid time");
        assert_eq!(t.to_string(), "2026-01-01T00:00:00Z");
    }

    #[test]
    fn a_time_without_a_zone_is_refused() {
        assert!(Time::parse("2026-01-01T00:00:00").is_err());
    }
}
