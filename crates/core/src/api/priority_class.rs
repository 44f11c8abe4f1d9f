//! `scheduling.k8s.io/v1` PriorityClass: the priority a pod gets from the class it names.

use serde::{Deserialize, Serialize};

use super::meta::ObjectMeta;

/// The highest value a user's class may have; above it are the system classes.
// Upstream: pkg/apis/scheduling/types.go HighestUserDefinablePriority
pub const HIGHEST_USER_DEFINABLE_PRIORITY: i32 = 1_000_000_000;

/// Names with this prefix belong to the system's classes.
// Upstream: pkg/apis/scheduling/types.go SystemPriorityClassPrefix
pub const SYSTEM_PRIORITY_CLASS_PREFIX: &str = "system-";

/// A pod may take lower-priority pods' places (the default), or only wait.
pub const PREEMPT_LOWER_PRIORITY: &str = "PreemptLowerPriority";
pub const PREEMPT_NEVER: &str = "Never";

/// A priority class. Upstream: staging/src/k8s.io/api/scheduling/v1/types.go PriorityClass
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriorityClass {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub value: i32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub global_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preemption_policy: Option<String>,
}

impl PriorityClass {
    /// The policy of its pods: a class that names none lets them preempt.
    // Upstream: pkg/apis/scheduling/v1/defaults.go SetDefaults_PriorityClass
    pub fn preemption_policy(&self) -> &str {
        self.preemption_policy
            .as_deref()
            .unwrap_or(PREEMPT_LOWER_PRIORITY)
    }
}

/// The classes every cluster has, made by the API server when it starts.
// Upstream: pkg/apis/scheduling/v1/helpers.go systemPriorityClasses (SystemCriticalPriority =
// 2 × HighestUserDefinablePriority; node-critical 1000 above it)
pub fn system_priority_classes() -> [PriorityClass; 2] {
    let class = |name: &str, value: i32, description: &str| PriorityClass {
        api_version: Some("scheduling.k8s.io/v1".into()),
        kind: Some("PriorityClass".into()),
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        value,
        global_default: false,
        description: Some(description.into()),
        preemption_policy: Some(PREEMPT_LOWER_PRIORITY.into()),
    };
    let critical = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
    [
        class(
            "system-cluster-critical",
            critical,
            "Used for system critical pods that must run in the cluster, but can be moved to \
             another node if necessary.",
        ),
        class(
            "system-node-critical",
            critical + 1000,
            "Used for system critical pods that must not be moved from their current node.",
        ),
    ]
}

/// What the Priority admission plugin gives a new pod: the class it names (the default class
/// when it names none and one exists), that class's value and preemption policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodPriority {
    pub class_name: Option<String>,
    pub value: i32,
    /// One of the two policies (a class's is validated), so nothing is copied per pod.
    pub preemption_policy: &'static str,
}

impl PodPriority {
    /// A pod that names no class in a cluster without a default: priority 0, preempting.
    // Upstream: plugin/pkg/admission/priority/admission.go getDefaultPriority
    // (DefaultPriorityWhenNoDefaultClassExists)
    pub fn without_class() -> Self {
        PodPriority {
            class_name: None,
            value: 0,
            preemption_policy: PREEMPT_LOWER_PRIORITY,
        }
    }

    pub fn of_class(class: &PriorityClass) -> Self {
        PodPriority {
            class_name: Some(class.metadata.name().to_string()),
            value: class.value,
            preemption_policy: match class.preemption_policy() {
                PREEMPT_NEVER => PREEMPT_NEVER,
                _ => PREEMPT_LOWER_PRIORITY,
            },
        }
    }
}
