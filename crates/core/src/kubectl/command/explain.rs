//! `kubectl explain job[.spec.FIELD]`: short field documentation in kubectl's layout.

use super::parse::Invocation;
use super::CommandOutput;

/// (path, type, description) — shortened from the API's field documentation.
// Upstream: staging/src/k8s.io/api/batch/v1/types.go (JobSpec, JobStatus field comments)
const FIELDS: &[(&str, &str, &str)] = &[
    ("", "Job", "Job represents the configuration of a single job."),
    ("spec", "JobSpec", "Specification of the desired behavior of a job."),
    ("status", "JobStatus", "Current status of a job."),
    ("spec.parallelism", "integer", "Specifies the maximum desired number of pods the job should run at any given time. The actual number of pods running in steady state will be less than this number when ((.spec.completions - .status.successful) < .spec.parallelism), i.e. when the work left to do is less than max parallelism."),
    ("spec.completions", "integer", "Specifies the desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value. Setting to 1 means that parallelism is limited to 1 and the success of that pod signals the success of the job."),
    ("spec.completionMode", "string", "completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`. In Indexed mode each Pod gets an index from 0 to (.spec.completions - 1), available in the annotation batch.kubernetes.io/job-completion-index, and the Job is complete when there is one successful Pod for each index."),
    ("spec.backoffLimit", "integer", "Specifies the number of retries before marking this job failed. Defaults to 6, unless backoffLimitPerIndex (only Indexed Job) is specified."),
    ("spec.backoffLimitPerIndex", "integer", "Specifies the limit for the number of retries within an index before marking this index as failed. Can only be set for Indexed Jobs."),
    ("spec.maxFailedIndexes", "integer", "Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set."),
    ("spec.activeDeadlineSeconds", "integer", "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer. If a Job is suspended, this timer will effectively be stopped and reset when the Job is resumed again."),
    ("spec.ttlSecondsAfterFinished", "integer", "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed). If this field is set, ttlSecondsAfterFinished after the Job finishes, it is eligible to be automatically deleted."),
    ("spec.suspend", "boolean", "suspend specifies whether the Job controller should create Pods or not. If a Job is created with suspend set to true, no Pods are created by the Job controller. If a Job is suspended after creation, the Job controller will delete all active Pods associated with this Job. Defaults to false."),
    ("spec.selector", "LabelSelector", "A label query over pods that should match the pod count. Normally, the system sets this field for you."),
    ("spec.manualSelector", "boolean", "manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing."),
    ("spec.template", "PodTemplateSpec -required-", "Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are \"Never\" or \"OnFailure\"."),
    ("spec.podFailurePolicy", "PodFailurePolicy", "Specifies the policy of handling failed pods. In particular, it allows to specify the set of actions and conditions which need to be satisfied to take the associated action. If empty, the default behaviour applies - the counter of failed pods, represented by the jobs's .status.failed field, is incremented and it is checked against the backoffLimit."),
    ("spec.successPolicy", "SuccessPolicy", "successPolicy specifies the policy when the Job can be declared as succeeded. If empty, the default behavior applies - the Job is declared as succeeded only when the number of succeeded pods equals to the completions."),
    ("spec.podReplacementPolicy", "string", "podReplacementPolicy specifies when to create replacement Pods. Possible values are: TerminatingOrFailed (recreate pods when they are terminating or failed; the default) and Failed (wait until a previously created Pod is fully terminated before creating a replacement)."),
    ("spec.managedBy", "string", "ManagedBy field indicates the controller that manages a Job. The k8s Job controller reconciles jobs which don't have this field at all or the field value is the reserved string `kubernetes.io/job-controller`."),
    ("status.active", "integer", "The number of pending and running pods which are not terminating."),
    ("status.succeeded", "integer", "The number of pods which reached phase Succeeded."),
    ("status.failed", "integer", "The number of pods which reached phase Failed."),
    ("status.terminating", "integer", "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp)."),
    ("status.ready", "integer", "The number of active pods which have a Ready condition."),
    ("status.conditions", "[]JobCondition", "The latest available observations of an object's current state. When a Job fails, one of the conditions will have type \"Failed\" and status true. When a Job is suspended, one of the conditions will have type \"Suspended\" and status true. When a Job is completed, one of the conditions will have type \"Complete\" and status true."),
    ("status.startTime", "string", "Represents time when the job controller started processing a job."),
    ("status.completionTime", "string", "Represents time when the job was completed. It is set only when the job finishes successfully."),
    ("status.completedIndexes", "string", "completedIndexes holds the completed indexes when .spec.completionMode = \"Indexed\" in a text format, e.g. \"1,3-5,7\"."),
    ("status.failedIndexes", "string", "FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set."),
];

/// Wraps text at 80 columns with a four-space indent, as kubectl's explain does.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > 76 {
            out.push_str(&format!("    {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

// Upstream: staging/src/k8s.io/kubectl/pkg/explain/v2 templates/plaintext.tmpl
pub fn explain(inv: &Invocation) -> CommandOutput {
    let Some(arg) = inv.args.first() else {
        return CommandOutput::error("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    let lower = arg.to_lowercase();
    let (kind, path) = lower.split_once('.').unwrap_or((&lower, ""));
    if !matches!(kind, "job" | "jobs") {
        return CommandOutput::error(format!(
            "error: the server doesn't have a resource type {kind:?}"
        ));
    }
    let original_path = arg.split_once('.').map_or("", |(_, p)| p);
    let Some((field, type_, doc)) = FIELDS.iter().find(|(p, _, _)| p.eq_ignore_ascii_case(path))
    else {
        return CommandOutput::error(format!(
            "error: field {:?} does not exist",
            original_path.rsplit('.').next().unwrap_or(original_path)
        ));
    };
    let mut out = String::from("GROUP:      batch\nKIND:       Job\nVERSION:    v1\n\n");
    if field.is_empty() {
        out.push_str("\nDESCRIPTION:\n");
    } else {
        let name = field.rsplit('.').next().unwrap_or(field);
        out.push_str(&format!("FIELD: {name} <{type_}>\n\n\nDESCRIPTION:\n"));
    }
    out.push_str(&wrap(doc));
    let prefix = if field.is_empty() {
        String::new()
    } else {
        format!("{field}.")
    };
    let children: Vec<&(&str, &str, &str)> = FIELDS
        .iter()
        .filter(|(p, _, _)| {
            p.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('.'))
        })
        .collect();
    if !children.is_empty() {
        out.push_str("\nFIELDS:\n");
        for (p, t, _) in children {
            let name = p.rsplit('.').next().unwrap_or(p);
            out.push_str(&format!("  {name}\t<{t}>\n"));
        }
    }
    CommandOutput::ok(out)
}
