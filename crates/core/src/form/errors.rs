//! The API server's errors about the Job, each placed next to the form field it names, by
//! its field path (`spec.template.spec.containers[0].env[1].name` → that env row's name).

use crate::validation::manifest::{admit_manifest, AdmitOptions, DocumentError};

use super::model::GPU_RESOURCE;

/// A field (or group of fields) of the form an error can be shown next to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormField {
    /// Errors no field of the form shows (shown at the top of the form).
    General,
    Name,
    Namespace,
    Labels,
    Annotations,
    Completions,
    Parallelism,
    BackoffLimit,
    ActiveDeadlineSeconds,
    TtlSecondsAfterFinished,
    Suspend,
    CompletionMode,
    RestartPolicy,
    NodeSelector,
    RequiredAffinity,
    PreferredAffinity,
    Container(usize, ContainerField),
}

/// A field of one container.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContainerField {
    /// The container as a whole (and its fields the form does not show).
    Whole,
    Name,
    Image,
    Command,
    Args,
    /// The name or value of the env entry at this index.
    Env(usize),
    /// `requests` or `limits`, and the resource (`cpu`, `memory`, `nvidia.com/gpu`, or empty
    /// for the whole map).
    Resource(String, String),
    ImagePullPolicy,
}

const JOB_FIELDS: [(&str, FormField); 12] = [
    ("metadata.name", FormField::Name),
    ("metadata.namespace", FormField::Namespace),
    ("metadata.labels", FormField::Labels),
    ("metadata.annotations", FormField::Annotations),
    ("spec.completions", FormField::Completions),
    ("spec.parallelism", FormField::Parallelism),
    ("spec.backoffLimit", FormField::BackoffLimit),
    (
        "spec.activeDeadlineSeconds",
        FormField::ActiveDeadlineSeconds,
    ),
    (
        "spec.ttlSecondsAfterFinished",
        FormField::TtlSecondsAfterFinished,
    ),
    ("spec.suspend", FormField::Suspend),
    ("spec.completionMode", FormField::CompletionMode),
    ("spec.template.spec.restartPolicy", FormField::RestartPolicy),
];

const POD: &str = "spec.template.spec.";
const NODE_AFFINITY: &str = "spec.template.spec.affinity.nodeAffinity.";

/// The form field an error at `path` belongs next to.
pub fn field_for_path(path: &str) -> FormField {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    if let Some((_, field)) = JOB_FIELDS.iter().find(|(prefix, _)| under(prefix)) {
        return field.clone();
    }
    let Some(pod) = path.strip_prefix(POD) else {
        return FormField::General;
    };
    if under(&format!("{POD}nodeSelector")) {
        return FormField::NodeSelector;
    }
    if under(&format!(
        "{NODE_AFFINITY}requiredDuringSchedulingIgnoredDuringExecution"
    )) {
        return FormField::RequiredAffinity;
    }
    if under(&format!(
        "{NODE_AFFINITY}preferredDuringSchedulingIgnoredDuringExecution"
    )) {
        return FormField::PreferredAffinity;
    }
    let Some((index, rest)) = pod.strip_prefix("containers[").and_then(index_and_rest) else {
        return FormField::General;
    };
    FormField::Container(
        index,
        container_field(rest.strip_prefix('.').unwrap_or(rest)),
    )
}

fn container_field(rest: &str) -> ContainerField {
    let (head, tail) = rest
        .find(['.', '['])
        .map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    match head {
        "name" => ContainerField::Name,
        "image" => ContainerField::Image,
        "command" => ContainerField::Command,
        "args" => ContainerField::Args,
        "imagePullPolicy" => ContainerField::ImagePullPolicy,
        "env" => match tail.strip_prefix('[').and_then(index_and_rest) {
            Some((i, _)) => ContainerField::Env(i),
            None => ContainerField::Whole,
        },
        "resources" => {
            let tail = tail.strip_prefix('.').unwrap_or(tail);
            let (bound, key) = tail
                .find('[')
                .map_or((tail, ""), |i| (&tail[..i], &tail[i + 1..]));
            let key = key.strip_suffix(']').unwrap_or(key);
            match (bound, key) {
                ("requests" | "limits", "" | "cpu" | "memory" | GPU_RESOURCE) => {
                    ContainerField::Resource(bound.to_string(), key.to_string())
                }
                _ => ContainerField::Whole,
            }
        }
        _ => ContainerField::Whole,
    }
}

/// `3].rest` → `(3, ".rest")`.
fn index_and_rest(s: &str) -> Option<(usize, &str)> {
    let (index, rest) = s.split_once(']')?;
    Some((index.parse().ok()?, rest))
}

/// The errors the API server gives for the text's first Job document, each with its field.
pub fn job_errors(text: &str) -> Vec<(FormField, DocumentError)> {
    admit_manifest(text, &AdmitOptions::default())
        .into_iter()
        .find(|r| r.kind == "Job")
        .map(|r| r.errors)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (field_for_path(&e.field), e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_their_fields() {
        let c = |f| FormField::Container(1, f);
        let cases = [
            ("metadata.name", FormField::Name),
            ("metadata.labels[app]", FormField::Labels),
            ("metadata.namespaced", FormField::General),
            ("spec.parallelism", FormField::Parallelism),
            ("spec.template.spec.restartPolicy", FormField::RestartPolicy),
            ("spec.template.spec.nodeSelector[disk]", FormField::NodeSelector),
            (
                "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
                FormField::RequiredAffinity,
            ),
            ("spec.template.spec.containers[1].image", c(ContainerField::Image)),
            ("spec.template.spec.containers[1].env[2].name", c(ContainerField::Env(2))),
            (
                "spec.template.spec.containers[1].resources.limits[nvidia.com/gpu]",
                c(ContainerField::Resource("limits".into(), "nvidia.com/gpu".into())),
            ),
            ("spec.template.spec.containers[1]", c(ContainerField::Whole)),
            ("spec.template.spec.containers[x].name", FormField::General),
            ("spec.selector", FormField::General),
            ("", FormField::General),
        ];
        for (path, field) in cases {
            assert_eq!(field_for_path(path), field, "{path}");
        }
    }
}
