//! Durations as kubectl prints them in AGE, DURATION, LAST SCHEDULE and "(20s ago)".

/// Upstream: apimachinery/pkg/util/duration HumanDuration — about two or three significant
/// figures: `65s`, `5m25s`, `59m`, `3h5m`, `2d3h`, `729d`, `2y5d`. Up to one second in the
/// future is taken as "now" (clock skew), further is `<invalid>`.
pub fn human_duration(millis: i64) -> String {
    // Go's int(d.Seconds()) truncates towards zero.
    let seconds = millis / 1000;
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        return with_remainder(minutes, "m", seconds % 60, "s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        return with_remainder(hours, "h", minutes % 60, "m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        return with_remainder(hours / 24, "d", hours % 24, "h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        return with_remainder(hours / 24 / 365, "y", (hours / 24) % 365, "d");
    }
    format!("{}y", hours / 24 / 365)
}

/// `5m25s`, or `5m` when the smaller unit is zero.
fn with_remainder(big: i64, big_unit: &str, small: i64, small_unit: &str) -> String {
    if small == 0 {
        format!("{big}{big_unit}")
    } else {
        format!("{big}{big_unit}{small}{small_unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;
    const D: i64 = 24 * H;

    #[test]
    fn durations_print_as_kubectl_prints_them() {
        // Each boundary of upstream HumanDuration, on both sides.
        let cases = [
            (-2 * S, "<invalid>"),
            (-1999, "0s"),
            (-S, "0s"),
            (0, "0s"),
            (999, "0s"),
            (S, "1s"),
            (65 * S, "65s"),
            (119 * S, "119s"),
            (2 * M, "2m"),
            (5 * M + 25 * S, "5m25s"),
            (9 * M + 59 * S, "9m59s"),
            (10 * M + 30 * S, "10m"),
            (179 * M, "179m"),
            (3 * H, "3h"),
            (3 * H + 5 * M + 59 * S, "3h5m"),
            (7 * H + 59 * M, "7h59m"),
            (8 * H, "8h"),
            (47 * H + 59 * M, "47h"),
            (48 * H, "2d"),
            (2 * D + 3 * H, "2d3h"),
            (7 * D + 23 * H, "7d23h"),
            (8 * D, "8d"),
            (729 * D, "729d"),
            (730 * D, "2y"),
            (735 * D, "2y5d"),
            (8 * 365 * D - D, "7y364d"),
            (8 * 365 * D, "8y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms} ms");
        }
    }
}
