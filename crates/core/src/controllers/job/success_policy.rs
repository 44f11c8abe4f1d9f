//! `spec.successPolicy` of Indexed Jobs: the Job succeeds early once a rule's indexes (or count
//! of them) succeeded.
//!
//! Upstream: pkg/controller/job/success_policy.go

use super::indexed::OrderedIntervals;

/// One success rule: `succeededIndexes` (interval notation) and/or `succeededCount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessRule {
    pub succeeded_indexes: Option<String>,
    pub succeeded_count: Option<i32>,
}

/// The first satisfied rule, as `(position, message)`; the message is the condition's.
/// Nothing matches while no index succeeded.
// Upstream: success_policy.go matchSuccessPolicy
pub fn match_success_policy(
    rules: Option<&[SuccessRule]>,
    completions: i64,
    succeeded: &OrderedIntervals,
) -> Option<(usize, String)> {
    let rules = rules?;
    if succeeded.is_empty() {
        return None;
    }
    let satisfied = |rule: &SuccessRule| match &rule.succeeded_indexes {
        Some(text) => {
            let required = OrderedIntervals::parse(text, completions);
            !required.is_empty()
                && matches_succeeded_indexes_rule(&required, succeeded, rule.succeeded_count)
        }
        None => rule
            .succeeded_count
            .is_some_and(|count| succeeded.total() >= i64::from(count)),
    };
    let index = rules.iter().position(satisfied)?;
    Some((index, format!("Matched rules at index {index}")))
}

/// Whether all of the rule's indexes succeeded, or at least `succeeded_count` of them.
// Upstream: success_policy.go matchSucceededIndexesRule
fn matches_succeeded_indexes_rule(
    required: &OrderedIntervals,
    succeeded: &OrderedIntervals,
    succeeded_count: Option<i32>,
) -> bool {
    let overlap = required.intersection_size(succeeded);
    overlap == required.total() || succeeded_count.is_some_and(|c| overlap >= i64::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(indexes: Option<&str>, count: Option<i32>) -> SuccessRule {
        SuccessRule {
            succeeded_indexes: indexes.map(String::from),
            succeeded_count: count,
        }
    }

    /// name, rules, completions, succeeded indexes, matched rule.
    type RuleCase = (
        &'static str,
        Vec<SuccessRule>,
        i64,
        &'static str,
        Option<usize>,
    );

    #[test]
    fn rules_match_as_in_test_match_success_policy() {
        let cases: Vec<RuleCase> = vec![
            (
                "no index succeeded: nothing matches",
                vec![rule(None, Some(0))],
                10,
                "",
                None,
            ),
            (
                "succeededIndexes all succeeded",
                vec![rule(Some("0-2"), None)],
                10,
                "0-3",
                Some(0),
            ),
            (
                "succeededIndexes not all succeeded",
                vec![rule(Some("3"), None)],
                10,
                "0-2",
                None,
            ),
            (
                "succeededIndexes with enough of a count",
                vec![rule(Some("0,1"), Some(1))],
                2,
                "1",
                Some(0),
            ),
            (
                "succeededIndexes with too few for the count",
                vec![rule(Some("0-4"), Some(3))],
                10,
                "1,4,7",
                None,
            ),
            (
                "succeededCount alone counts all indexes",
                vec![rule(None, Some(3))],
                10,
                "1,5,9",
                Some(0),
            ),
            (
                "the first satisfied rule wins",
                vec![
                    rule(Some("8"), None),
                    rule(None, Some(1)),
                    rule(None, Some(1)),
                ],
                10,
                "2",
                Some(1),
            ),
            (
                "a rule that parses to nothing is skipped",
                vec![rule(Some("12-15"), None), rule(Some("x"), None)],
                10,
                "0-9",
                None,
            ),
            (
                "indexes beyond completions are dropped from the rule",
                vec![rule(Some("0-20"), None)],
                3,
                "0-2",
                Some(0),
            ),
        ];
        for (name, rules, completions, succeeded, want) in cases {
            let succeeded = OrderedIntervals::parse(succeeded, completions);
            let got = match_success_policy(Some(&rules), completions, &succeeded);
            assert_eq!(got.as_ref().map(|(i, _)| *i), want, "{name}");
            if let Some((i, message)) = got {
                assert_eq!(message, format!("Matched rules at index {i}"), "{name}");
            }
        }
    }

    #[test]
    fn intersection_counts_shared_indexes() {
        let a = OrderedIntervals::parse("0-4,8-12", 100);
        let b = OrderedIntervals::parse("3-9,12,20", 100);
        assert_eq!(a.intersection_size(&b), 2 + 2 + 1);
    }
}
