//! Matching a failed pod against `spec.podFailurePolicy`: the first matching rule decides.
//!
//! Upstream: pkg/controller/job/pod_failure_policy.go

use super::pod::JobPod;

/// A rule's action. An action the controller does not know makes the rule inert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodFailureAction {
    FailJob,
    FailIndex,
    Ignore,
    Count,
}

impl PodFailureAction {
    /// The action named in the API, if known.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "FailJob" => Some(Self::FailJob),
            "FailIndex" => Some(Self::FailIndex),
            "Ignore" => Some(Self::Ignore),
            "Count" => Some(Self::Count),
            _ => None,
        }
    }

    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FailJob => "FailJob",
            Self::FailIndex => "FailIndex",
            Self::Ignore => "Ignore",
            Self::Count => "Count",
        }
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// `onExitCodes`: `in_values` true for `In`, false for `NotIn`; `None` for an unknown operator
    /// (never matches).
    OnExitCodes {
        container_name: Option<String>,
        in_values: Option<bool>,
        values: Vec<i32>,
    },
    /// `onPodConditions`: `(type, status)` patterns.
    OnPodConditions(Vec<(String, String)>),
    /// Neither: the rule never matches.
    Nothing,
}

/// One rule of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodFailureRule {
    pub action: Option<PodFailureAction>,
    pub requirement: Requirement,
}

/// The outcome of matching one failed pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodFailureMatch {
    /// The Job failure message, when a `FailJob` rule matched.
    pub fail_job_message: Option<String>,
    /// Whether the failure counts towards `backoffLimit` (false only for `Ignore`).
    pub count_failed: bool,
    /// The matched action, with the rule's position.
    pub matched: Option<(PodFailureAction, usize)>,
}

impl PodFailureMatch {
    const NO_MATCH: PodFailureMatch = PodFailureMatch {
        fail_job_message: None,
        count_failed: true,
        matched: None,
    };

    /// The matched action.
    pub fn action(&self) -> Option<PodFailureAction> {
        self.matched.map(|(a, _)| a)
    }
}

/// Matches a failed pod against the rules in order; the first rule whose requirement holds and
/// whose action is known decides. `namespace` only appears in the FailJob message.
// Upstream: pod_failure_policy.go matchPodFailurePolicy
pub fn match_pod_failure_policy(
    rules: Option<&[PodFailureRule]>,
    pod: &JobPod,
    namespace: &str,
) -> PodFailureMatch {
    let Some(rules) = rules else {
        return PodFailureMatch::NO_MATCH;
    };
    for (index, rule) in rules.iter().enumerate() {
        let Some(action) = rule.action else { continue };
        let matched = match &rule.requirement {
            Requirement::OnExitCodes { container_name, in_values, values } => {
                match_on_exit_codes(pod, container_name.as_deref(), *in_values, values).map(|(container, code)| {
                    format!(
                        "Container {container} for pod {namespace}/{} failed with exit code {code} matching {} rule at index {index}",
                        pod.name,
                        action.as_str()
                    )
                })
            }
            Requirement::OnPodConditions(patterns) => match_on_pod_conditions(pod, patterns).map(|kind| {
                format!("Pod {namespace}/{} has condition {kind} matching {} rule at index {index}", pod.name, action.as_str())
            }),
            Requirement::Nothing => None,
        };
        let Some(message) = matched else { continue };
        return match action {
            PodFailureAction::Ignore => PodFailureMatch {
                fail_job_message: None,
                count_failed: false,
                matched: Some((action, index)),
            },
            PodFailureAction::FailIndex | PodFailureAction::Count => PodFailureMatch {
                fail_job_message: None,
                count_failed: true,
                matched: Some((action, index)),
            },
            PodFailureAction::FailJob => PodFailureMatch {
                fail_job_message: Some(message),
                count_failed: true,
                matched: Some((action, index)),
            },
        };
    }
    PodFailureMatch::NO_MATCH
}

/// The first terminated container with a non-zero exit code satisfying the operator: regular
/// containers first, then init containers. Exit code 0 never matches, not even `NotIn`.
// Upstream: pod_failure_policy.go matchOnExitCodes, getMatchingContainerFromList
fn match_on_exit_codes<'a>(
    pod: &'a JobPod,
    container_name: Option<&str>,
    in_values: Option<bool>,
    values: &[i32],
) -> Option<(&'a str, i32)> {
    let in_values = in_values?;
    let regular = pod.containers.iter().filter(|c| !c.init);
    let init = pod.containers.iter().filter(|c| c.init);
    regular.chain(init).find_map(|c| {
        let code = c.exit_code?;
        let named = container_name.is_none_or(|n| n == c.name);
        (named && code != 0 && values.contains(&code) == in_values)
            .then_some((c.name.as_str(), code))
    })
}

/// The type of the first pod condition that matches one of the patterns.
// Upstream: pod_failure_policy.go matchOnPodConditions
fn match_on_pod_conditions<'a>(pod: &'a JobPod, patterns: &[(String, String)]) -> Option<&'a str> {
    pod.conditions
        .iter()
        .find(|(kind, status)| patterns.iter().any(|(k, s)| k == kind && s == status))
        .map(|(kind, _)| &**kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controllers::job::pod::{ContainerView, Phase};

    fn failed(exit_codes: &[(&str, bool, i32)]) -> JobPod {
        let mut pod = JobPod::new("mypod-0", Phase::Failed);
        for (name, init, code) in exit_codes {
            pod.containers.push(ContainerView {
                name: name.to_string(),
                init: *init,
                exit_code: Some(*code),
                finished_at: None,
                restart_count: 0,
            });
        }
        pod
    }

    fn on_codes(
        action: PodFailureAction,
        container: Option<&str>,
        in_values: bool,
        values: &[i32],
    ) -> PodFailureRule {
        PodFailureRule {
            action: Some(action),
            requirement: Requirement::OnExitCodes {
                container_name: container.map(String::from),
                in_values: Some(in_values),
                values: values.to_vec(),
            },
        }
    }

    fn on_condition(action: PodFailureAction, kind: &str, status: &str) -> PodFailureRule {
        PodFailureRule {
            action: Some(action),
            requirement: Requirement::OnPodConditions(vec![(kind.into(), status.into())]),
        }
    }

    /// name, rules, pod, FailJob message, counted, matched action and rule.
    type PolicyCase = (
        &'static str,
        Vec<PodFailureRule>,
        JobPod,
        Option<&'static str>,
        bool,
        Option<(PodFailureAction, usize)>,
    );

    #[test]
    fn rules_match_as_upstream() {
        use PodFailureAction::*;
        let mut disrupted = failed(&[("main", false, 137)]);
        disrupted
            .conditions
            .push(("DisruptionTarget".into(), "True".into()));
        let cases: Vec<PolicyCase> = vec![
            ("no rule matches: counted", vec![on_codes(FailJob, None, true, &[5])], failed(&[("main", false, 1)]), None, true, None),
            (
                "FailJob on an exit code gives the upstream message",
                vec![on_codes(Ignore, None, true, &[1, 2, 3]), on_codes(FailJob, None, true, &[5, 6, 7])],
                failed(&[("main", false, 5)]),
                Some("Container main for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1"),
                true,
                Some((FailJob, 1)),
            ),
            (
                "the first matching rule wins",
                vec![on_codes(Count, None, true, &[1, 2]), on_codes(Ignore, None, true, &[2, 3])],
                failed(&[("main", false, 2)]),
                None,
                true,
                Some((Count, 0)),
            ),
            ("Ignore is not counted", vec![on_codes(Ignore, None, true, &[2])], failed(&[("main", false, 2)]), None, false, Some((Ignore, 0))),
            ("exit code 0 never matches NotIn", vec![on_codes(FailJob, None, false, &[1])], failed(&[("main", false, 0)]), None, true, None),
            ("NotIn matches another non-zero code", vec![on_codes(FailIndex, None, false, &[1])], failed(&[("main", false, 2)]), None, true, Some((FailIndex, 0))),
            ("containerName restricts the match", vec![on_codes(FailJob, Some("side"), true, &[2])], failed(&[("main", false, 2)]), None, true, None),
            (
                "init containers are looked at after regular ones",
                vec![on_codes(FailJob, None, true, &[3])],
                failed(&[("main", false, 1), ("setup", true, 3)]),
                Some("Container setup for pod default/mypod-0 failed with exit code 3 matching FailJob rule at index 0"),
                true,
                Some((FailJob, 0)),
            ),
            (
                "onPodConditions matches DisruptionTarget",
                vec![on_condition(FailJob, "DisruptionTarget", "True")],
                disrupted.clone(),
                Some("Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0"),
                true,
                Some((FailJob, 0)),
            ),
            ("a condition with another status does not match", vec![on_condition(Ignore, "DisruptionTarget", "False")], disrupted, None, true, None),
            (
                "an unknown action makes the rule inert",
                vec![PodFailureRule { action: None, requirement: Requirement::OnExitCodes { container_name: None, in_values: Some(true), values: vec![1] } }],
                failed(&[("main", false, 1)]),
                None,
                true,
                None,
            ),
        ];
        for (name, rules, pod, message, count, matched) in cases {
            let got = match_pod_failure_policy(Some(&rules), &pod, "default");
            assert_eq!(got.fail_job_message.as_deref(), message, "{name}: message");
            assert_eq!(got.count_failed, count, "{name}: counted");
            assert_eq!(got.matched, matched, "{name}: action");
        }
        assert_eq!(
            match_pod_failure_policy(None, &failed(&[("main", false, 1)]), "default"),
            PodFailureMatch::NO_MATCH
        );
    }
}
