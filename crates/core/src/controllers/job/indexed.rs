//! Sets of completion indexes in interval notation (`"0,2-3"`), as `status.completedIndexes`,
//! `status.failedIndexes` and success-policy rules write them.
//!
//! Upstream: pkg/controller/job/indexed_job_utils.go (orderedIntervals and friends).

use std::fmt;

/// A closed run of indexes `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub first: i64,
    pub last: i64,
}

/// Sorted, non-overlapping, non-adjacent runs of indexes.
// Upstream: indexed_job_utils.go orderedIntervals
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedIntervals(Vec<Interval>);

impl OrderedIntervals {
    /// The empty set.
    pub fn new() -> Self {
        OrderedIntervals(Vec::new())
    }

    /// Reads interval notation, keeping only indexes below `completions`: a piece that does not
    /// parse is skipped, the first piece starting at or beyond `completions` ends the reading,
    /// a piece crossing it is clipped, and a piece that continues the previous one merges.
    // Upstream: indexed_job_utils.go parseIndexesFromString
    pub fn parse(text: &str, completions: i64) -> Self {
        let mut result: Vec<Interval> = Vec::new();
        if text.is_empty() {
            return OrderedIntervals(result);
        }
        for piece in text.split(',') {
            let mut limits = piece.split('-');
            let Some(Ok(first)) = limits.next().map(parse_go_int) else {
                continue;
            };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                Some(text) => match parse_go_int(text) {
                    Ok(last) => last.min(completions - 1),
                    Err(()) => continue,
                },
                None => first,
            };
            match result.last_mut() {
                Some(previous) if previous.last == first - 1 => previous.last = last,
                _ => result.push(Interval { first, last }),
            }
        }
        OrderedIntervals(result)
    }

    /// Builds the set from indexes in increasing order.
    pub fn from_sorted(indexes: &[i64]) -> Self {
        OrderedIntervals::new().with_ordered_indexes(indexes)
    }

    /// The runs, in increasing order.
    pub fn intervals(&self) -> &[Interval] {
        &self.0
    }

    /// This set plus `indexes`, given in increasing order.
    // Upstream: indexed_job_utils.go orderedIntervals.withOrderedIndexes
    pub fn with_ordered_indexes(&self, indexes: &[i64]) -> Self {
        let singles: Vec<Interval> = indexes
            .iter()
            .map(|&i| Interval { first: i, last: i })
            .collect();
        self.merge(&OrderedIntervals(singles))
    }

    /// The union of two sets.
    // Upstream: indexed_job_utils.go orderedIntervals.merge
    pub fn merge(&self, other: &OrderedIntervals) -> Self {
        let mut result: Vec<Interval> = Vec::with_capacity(self.0.len() + other.0.len());
        let mut push = |next: Interval| match result.last_mut() {
            Some(last) if next.first <= last.last + 1 => last.last = last.last.max(next.last),
            _ => result.push(next),
        };
        let (mut a, mut b) = (self.0.iter().peekable(), other.0.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.first < y.first => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => None,
            };
            match next {
                Some(interval) => push(*interval),
                None => break,
            }
        }
        OrderedIntervals(result)
    }

    /// How many indexes the set holds.
    // Upstream: indexed_job_utils.go orderedIntervals.total
    pub fn total(&self) -> i64 {
        self.0.iter().map(|i| i.last - i.first + 1).sum()
    }

    /// Whether the set holds no index.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `index` is in the set (binary search).
    // Upstream: indexed_job_utils.go orderedIntervals.has
    pub fn has(&self, index: i64) -> bool {
        let at = self.0.partition_point(|i| i.last < index);
        self.0.get(at).is_some_and(|i| i.first <= index)
    }

    /// How many indexes the two sets share (a merge walk over both).
    // Upstream: success_policy.go matchSucceededIndexesRule (the overlap count)
    pub fn intersection_size(&self, other: &OrderedIntervals) -> i64 {
        let (a, b) = (self.intervals(), other.intervals());
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
            shared += (x.last.min(y.last) - x.first.max(y.first) + 1).max(0);
            if y.last < x.last {
                j += 1;
            } else if y.last > x.last {
                i += 1;
            } else {
                i += 1;
                j += 1;
            }
        }
        shared
    }

    /// Every index of the set, in increasing order.
    pub fn indexes(&self) -> impl Iterator<Item = i64> + '_ {
        self.0.iter().flat_map(|i| i.first..=i.last)
    }
}

/// Interval notation: a run of three or more as `first-last`, a run of two as `a,b`.
// Upstream: indexed_job_utils.go orderedIntervals.String
impl fmt::Display for OrderedIntervals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, interval) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", interval.first)?;
            if interval.last == interval.first + 1 {
                write!(f, ",{}", interval.last)?;
            } else if interval.last > interval.first {
                write!(f, "-{}", interval.last)?;
            }
        }
        Ok(())
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else.
fn parse_go_int(text: &str) -> Result<i64, ()> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    text.parse::<i64>().map_err(|_| ())
}

/// The first `count` indexes below `completions` that are in none of `taken` (succeeded,
/// active, failed and — when only failed pods are replaced — terminating indexes).
// Upstream: indexed_job_utils.go firstPendingIndexes
pub fn first_pending_indexes(taken: &OrderedIntervals, count: usize, completions: i64) -> Vec<i64> {
    let mut result = Vec::with_capacity(count.min(completions.max(0) as usize));
    let mut candidate = 0;
    for interval in taken.intervals() {
        while candidate < completions && result.len() < count && candidate < interval.first {
            result.push(candidate);
            candidate += 1;
        }
        candidate = candidate.max(interval.last + 1);
    }
    while candidate < completions && result.len() < count {
        result.push(candidate);
        candidate += 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_notation_round_trips_as_upstream_writes_it() {
        let cases: &[(&str, &[i64], &str)] = &[
            ("an empty set is the empty string", &[], ""),
            ("a single index", &[3], "3"),
            ("a run of two is written with a comma", &[4, 5], "4,5"),
            ("a run of three uses a dash", &[7, 8, 9], "7-9"),
            ("mixed runs", &[2, 4, 5, 7, 8, 9], "2,4,5,7-9"),
            ("the upstream example", &[0, 2, 3], "0,2,3"),
        ];
        for (name, indexes, text) in cases {
            let set = OrderedIntervals::from_sorted(indexes);
            assert_eq!(set.to_string(), *text, "{name}");
            assert_eq!(
                OrderedIntervals::parse(text, 100),
                set,
                "{name}: parse back"
            );
            assert_eq!(set.total(), indexes.len() as i64, "{name}: total");
        }
    }

    #[test]
    fn parsing_follows_parse_indexes_from_string() {
        let cases: &[(&str, &str, i64, &str)] = &[
            (
                "intervals at or beyond completions are dropped",
                "1,3-5,9",
                6,
                "1,3-5",
            ),
            (
                "an interval crossing completions is clipped",
                "2-10",
                5,
                "2-4",
            ),
            (
                "reading stops at the first piece beyond completions",
                "8,1",
                5,
                "",
            ),
            ("unparsable pieces are skipped", "1,x,3-y,5", 10, "1,5"),
            ("adjacent pieces merge", "1,2,3-4", 10, "1-4"),
            ("a negative-looking piece does not parse", "-1,2", 10, "2"),
            ("an empty string is the empty set", "", 10, ""),
        ];
        for (name, text, completions, want) in cases {
            assert_eq!(
                OrderedIntervals::parse(text, *completions).to_string(),
                *want,
                "{name}"
            );
        }
    }

    #[test]
    fn merge_and_has_agree_with_a_naive_set() {
        let a = OrderedIntervals::parse("0-2,7,9-12", 100);
        let b = OrderedIntervals::from_sorted(&[3, 5, 8, 20]);
        let merged = a.merge(&b);
        assert_eq!(merged.to_string(), "0-3,5,7-12,20");
        for i in 0..25 {
            assert_eq!(merged.has(i), a.has(i) || b.has(i), "index {i}");
        }
        assert!(!OrderedIntervals::new().has(0));
    }

    #[test]
    fn first_pending_indexes_skips_taken_ones() {
        let cases: &[(&str, &str, usize, i64, &[i64])] = &[
            (
                "nothing taken gives the lowest indexes",
                "",
                3,
                10,
                &[0, 1, 2],
            ),
            ("taken indexes are skipped", "0,2-3", 3, 10, &[1, 4, 5]),
            ("never at or beyond completions", "0-3", 5, 5, &[4]),
            ("a count of zero gives nothing", "", 0, 5, &[]),
            ("everything taken gives nothing", "0-4", 2, 5, &[]),
        ];
        for (name, taken, count, completions, want) in cases {
            let taken = OrderedIntervals::parse(taken, *completions);
            assert_eq!(
                first_pending_indexes(&taken, *count, *completions),
                *want,
                "{name}"
            );
        }
    }
}
