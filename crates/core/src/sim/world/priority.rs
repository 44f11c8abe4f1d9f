//! Pod priority in the world: the cluster's priority classes (the system's two, the scenario's,
//! those `kubectl apply` creates) and the priority the Priority admission plugin gives a pod.

use serde_json::Value;

use crate::api::decode::decode_strict;
use crate::api::priority_class::{system_priority_classes, PodPriority, PriorityClass};
use crate::api::PodSpec;
use crate::sim::scenario::{admit_priority_class, check_single_default, Refusal};
use crate::validation::field::kubectl_invalid_message;
use crate::validation::priority_class::{check_priority_class, validate_priority_class_update};

use super::apply::{creating_error, ApplyMode};
use super::pod_admission::{admit_priority, default_priority_class};
use super::World;

impl World {
    /// The system's classes (made when the API server started) and the scenario's, at t = 0.
    // Upstream: pkg/registry/scheduling/rest/storage_scheduling.go
    // AddSystemPriorityClasses (the scheduling/bootstrap-system-priority-classes hook)
    pub(super) fn register_priority_classes(&mut self, scenario_classes: Vec<PriorityClass>) {
        let now = self.api_now();
        for mut class in system_priority_classes() {
            class.metadata.creation_timestamp = Some(now);
            self.store.put_priority_class(class);
        }
        for class in scenario_classes {
            self.store.put_priority_class(class);
        }
    }

    /// The priority a new pod of `spec` gets, or the Priority admission plugin's refusal.
    pub(super) fn pod_priority(&self, spec: &PodSpec) -> Result<PodPriority, String> {
        let default = default_priority_class(self.store.priority_classes());
        admit_priority(spec, |name| self.store.priority_class(name), default)
    }

    /// A PriorityClass document of `kubectl apply` or `create`: created when new; applied
    /// again, its description and globalDefault may change, its value and policy may not.
    // Upstream: apply.go (created, configured, unchanged); validation.go
    // ValidatePriorityClassUpdate
    pub(super) fn apply_priority_class(
        &mut self,
        value: &Value,
        mode: ApplyMode,
    ) -> Result<String, String> {
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let line = |word: &str| format!("priorityclass.scheduling.k8s.io/{name} {word}");
        let Some(live) = self.store.priority_class(name).cloned() else {
            let now = self.wall(self.now());
            let class =
                admit_priority_class(value, now, &mut self.rng, self.store.priority_classes())
                    .map_err(|e| creating_error(&e))?;
            self.store.put_priority_class(class);
            return Ok(line("created"));
        };
        if mode == ApplyMode::Create {
            return Err(creating_error(&Refusal::AlreadyExists(format!(
                "priorityclasses.scheduling.k8s.io {name:?} already exists"
            ))));
        }
        let mut merged = serde_json::to_value(&live).map_err(|e| e.to_string())?;
        super::apply::strategic_merge(&mut merged, value);
        let mut class: PriorityClass = decode_strict(&merged, "PriorityClass")
            .map_err(|e| format!("error: error validating \"STDIN\": {}", e.message()))?;
        class.metadata.namespace = None;
        check_priority_class(&class)?;
        let errors = validate_priority_class_update(&live, &class);
        if !errors.is_empty() {
            let message = kubectl_invalid_message("PriorityClass", name, &errors);
            return Err(message.trim_end().to_string());
        }
        check_single_default(&class, self.store.priority_classes())
            .map_err(|e| format!("Error from server (Forbidden): {e}"))?;
        class
            .metadata
            .resource_version
            .clone_from(&live.metadata.resource_version);
        if class == live {
            return Ok(line("unchanged"));
        }
        self.store.put_priority_class(class);
        Ok(line("configured"))
    }
}
