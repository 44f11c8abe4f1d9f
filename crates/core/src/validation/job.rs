//! Job validation on create and update.

use crate::api::job::{
    Job, JobSpec, PodFailurePolicyRule, SuccessPolicyRule, CONTROLLER_UID_LABEL, JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};
use crate::api::meta::{selector_matches, LabelSelector, ObjectMeta};
use crate::api::StringMap;

use super::field::{child, index, key, BadValue, FieldError};
use super::label_selector::{go_label_selector, validate_label_selector};
use super::names::{is_dns1123_label, is_domain_prefixed_path, is_qualified_name};
use super::objectmeta::{validate_object_meta, validate_object_meta_update};
use super::pod::validate_pod_template_spec;

const MAX_PARALLELISM_FOR_INDEXED_JOB: i32 = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB: i32 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i32 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
const MAX_ON_EXIT_CODES_VALUES: usize = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS: usize = 20;
const MAX_MANAGED_BY_LENGTH: usize = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES: usize = 20;

/// Validates a new Job (defaulted and prepared for create).
// Upstream: pkg/apis/batch/validation/validation.go ValidateJob (RequirePrefixedLabels: true)
pub fn validate_job(job: &Job) -> Vec<FieldError> {
    validate_job_with(job, true)
}

fn validate_job_with(job: &Job, require_prefixed_labels: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&job.metadata, "metadata", &mut errs);
    let spec = job.spec.clone().unwrap_or_default();
    validate_generated_selector(&job.metadata, &spec, require_prefixed_labels, &mut errs);
    validate_job_spec(&spec, "spec", &mut errs);
    if spec.completion_mode.as_deref() == Some("Indexed") {
        if let Some(completions) = spec.completions.filter(|c| *c > 0) {
            let name = job.metadata.name();
            let hostname = format!("{}-{}", name, completions - 1);
            if !is_dns1123_label(&hostname).is_empty() {
                errs.push(FieldError::invalid(
                    "metadata.name",
                    name,
                    format!("will not able to create pod with invalid DNS label: {hostname}"),
                ));
            }
        }
    }
    errs
}

/// The generated labels must be on the template and the selector must select them.
// Upstream: pkg/apis/batch/validation/validation.go validateGeneratedSelector
fn validate_generated_selector(
    meta: &ObjectMeta,
    spec: &JobSpec,
    prefixed: bool,
    errs: &mut Vec<FieldError>,
) {
    if spec.manual_selector == Some(true) {
        return;
    }
    let Some(selector) = &spec.selector else {
        return;
    };
    if meta.uid().is_empty() {
        errs.push(FieldError::required("metadata.uid", ""));
    }
    let template_labels = spec.template.labels();
    let mut expected = StringMap::new();
    let has_label = |label: &str, value: &str, errs: &mut Vec<FieldError>| {
        let path = key("spec.template.metadata.labels", label);
        match template_labels.get(label) {
            None => errs.push(FieldError::required(&path, value)),
            Some(actual) if actual != value => errs.push(FieldError::invalid(
                &path,
                BadValue::string_map(&template_labels),
                format!("must be '{value}'"),
            )),
            Some(_) => {}
        }
    };
    has_label(LEGACY_CONTROLLER_UID_LABEL, meta.uid(), errs);
    has_label(LEGACY_JOB_NAME_LABEL, meta.name(), errs);
    if prefixed {
        has_label(CONTROLLER_UID_LABEL, meta.uid(), errs);
        has_label(JOB_NAME_LABEL, meta.name(), errs);
        expected.insert(CONTROLLER_UID_LABEL.to_string(), meta.uid().to_string());
        expected.insert(JOB_NAME_LABEL.to_string(), meta.name().to_string());
    }
    expected.insert(
        LEGACY_CONTROLLER_UID_LABEL.to_string(),
        meta.uid().to_string(),
    );
    expected.insert(LEGACY_JOB_NAME_LABEL.to_string(), meta.name().to_string());
    if selector_is_valid(selector) && !selector.matches(&expected) {
        errs.push(FieldError::invalid(
            "spec.selector",
            go_label_selector(selector),
            "`selector` not auto-generated",
        ));
    }
}

/// Upstream: pkg/apis/batch/validation/validation.go ValidateJobSpec
fn validate_job_spec(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    validate_job_spec_common(spec, path, errs);
    match &spec.selector {
        None => errs.push(FieldError::required(&child(path, "selector"), "")),
        Some(selector) => validate_label_selector(selector, &child(path, "selector"), errs),
    }
    let template_labels = spec.template.labels();
    let selector_ok = spec.selector.as_ref().is_none_or(selector_is_valid);
    if selector_ok && !selector_matches(spec.selector.as_ref(), &template_labels) {
        errs.push(FieldError::invalid(
            &child(path, "template.metadata.labels"),
            BadValue::string_map(&template_labels),
            "`selector` does not match template `labels`",
        ));
    }
}

fn nonnegative(value: Option<impl Into<i64> + Copy>, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(v) = value.map(Into::into) {
        if v < 0 {
            errs.push(FieldError::invalid(
                path,
                v,
                "must be greater than or equal to 0",
            ));
        }
    }
}

/// The spec rules shared by Jobs and CronJob job templates.
// Upstream: pkg/apis/batch/validation/validation.go validateJobSpec
pub(super) fn validate_job_spec_common(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    nonnegative(spec.parallelism, &child(path, "parallelism"), errs);
    nonnegative(spec.completions, &child(path, "completions"), errs);
    nonnegative(
        spec.active_deadline_seconds,
        &child(path, "activeDeadlineSeconds"),
        errs,
    );
    nonnegative(spec.backoff_limit, &child(path, "backoffLimit"), errs);
    nonnegative(
        spec.ttl_seconds_after_finished,
        &child(path, "ttlSecondsAfterFinished"),
        errs,
    );
    nonnegative(
        spec.backoff_limit_per_index,
        &child(path, "backoffLimitPerIndex"),
        errs,
    );
    if spec.max_failed_indexes.is_some() {
        nonnegative(
            spec.max_failed_indexes,
            &child(path, "maxFailedIndexes"),
            errs,
        );
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::required(
                &child(path, "backoffLimitPerIndex"),
                "when maxFailedIndexes is specified",
            ));
        }
    }
    if let Some(managed_by) = &spec.managed_by {
        errs.extend(is_domain_prefixed_path(
            &child(path, "managedBy"),
            managed_by,
        ));
        if managed_by.len() > MAX_MANAGED_BY_LENGTH {
            errs.push(FieldError::too_long(
                &child(path, "managedBy"),
                MAX_MANAGED_BY_LENGTH,
            ));
        }
    }
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    if let Some(mode) = &spec.completion_mode {
        if mode != "NonIndexed" && mode != "Indexed" {
            errs.push(FieldError::not_supported(
                &child(path, "completionMode"),
                mode.as_str(),
                &["NonIndexed", "Indexed"],
            ));
        }
        if indexed {
            validate_indexed_limits(spec, path, errs);
        }
    }
    if spec.completion_mode.is_none() || spec.completion_mode.as_deref() == Some("NonIndexed") {
        if let Some(v) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid(
                &child(path, "backoffLimitPerIndex"),
                v,
                "requires indexed completion mode",
            ));
        }
        if let Some(v) = spec.max_failed_indexes {
            errs.push(FieldError::invalid(
                &child(path, "maxFailedIndexes"),
                v,
                "requires indexed completion mode",
            ));
        }
    }
    if spec.pod_failure_policy.is_some() {
        validate_pod_failure_policy(spec, &child(path, "podFailurePolicy"), errs);
    }
    if let Some(policy) = &spec.success_policy {
        if !indexed {
            let value = serde_json::to_string(policy).unwrap_or_default();
            errs.push(FieldError::invalid(
                &child(path, "successPolicy"),
                BadValue::Raw(value),
                "requires indexed completion mode",
            ));
        } else {
            validate_success_policy(spec, &policy.rules, &child(path, "successPolicy"), errs);
        }
    }
    validate_pod_replacement_policy(spec, &child(path, "podReplacementPolicy"), errs);
    validate_pod_template_spec(&spec.template, &child(path, "template"), errs);
    let restart_policy = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("");
    let rp_path = child(path, "template.spec.restartPolicy");
    if restart_policy == "Always" || restart_policy.is_empty() {
        errs.push(FieldError::required(
            &rp_path,
            "valid values: \"OnFailure\", \"Never\"",
        ));
    } else if restart_policy != "OnFailure" && restart_policy != "Never" {
        errs.push(FieldError::not_supported(
            &rp_path,
            restart_policy,
            &["OnFailure", "Never"],
        ));
    } else if spec.pod_failure_policy.is_some() && restart_policy != "Never" {
        errs.push(FieldError::invalid(
            &rp_path,
            restart_policy,
            "only \"Never\" is supported when podFailurePolicy is specified",
        ));
    }
}

fn validate_indexed_limits(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    if spec.completions.is_none() {
        errs.push(FieldError::required(
            &child(path, "completions"),
            "when completion mode is Indexed",
        ));
    }
    if let Some(p) = spec
        .parallelism
        .filter(|p| *p > MAX_PARALLELISM_FOR_INDEXED_JOB)
    {
        errs.push(FieldError::invalid(
            &child(path, "parallelism"),
            p,
            format!("must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed"),
        ));
    }
    if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes) {
        if m > c {
            errs.push(FieldError::invalid(
                &child(path, "maxFailedIndexes"),
                m,
                "must be less than or equal to completions",
            ));
        }
    }
    if let Some(m) = spec
        .max_failed_indexes
        .filter(|m| *m > MAX_FAILED_INDEXES_FOR_INDEXED_JOB)
    {
        errs.push(FieldError::invalid(
            &child(path, "maxFailedIndexes"),
            m,
            format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}"),
        ));
    }
    if spec.completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT)
        && spec.backoff_limit_per_index.is_some()
    {
        if spec.max_failed_indexes.is_none() {
            errs.push(FieldError::required(
                &child(path, "maxFailedIndexes"),
                format!("must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"),
            ));
        }
        if let Some(p) = spec
            .parallelism
            .filter(|p| *p > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS)
        {
            errs.push(FieldError::invalid(
                &child(path, "parallelism"),
                p,
                format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"),
            ));
        }
        if let Some(m) = spec
            .max_failed_indexes
            .filter(|m| *m > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS)
        {
            errs.push(FieldError::invalid(
                &child(path, "maxFailedIndexes"),
                m,
                format!("must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"),
            ));
        }
    }
}

/// Upstream: pkg/apis/batch/validation/validation.go validatePodFailurePolicy
fn validate_pod_failure_policy(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    let rules = spec
        .pod_failure_policy
        .as_ref()
        .map(|p| p.rules.as_slice())
        .unwrap_or(&[]);
    let rules_path = child(path, "rules");
    if rules.len() > MAX_POD_FAILURE_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rules_path,
            rules.len(),
            MAX_POD_FAILURE_POLICY_RULES,
        ));
    }
    let pod = spec.template.spec.clone().unwrap_or_default();
    let container_names: Vec<String> = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().flatten())
        .map(|c| c.name.clone())
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        validate_pod_failure_policy_rule(
            spec,
            rule,
            &index(&rules_path, i),
            &container_names,
            errs,
        );
    }
}

/// Upstream: pkg/apis/batch/validation/validation.go validatePodFailurePolicyRule (+ OnExitCodes,
/// OnPodConditions)
fn validate_pod_failure_policy_rule(
    spec: &JobSpec,
    rule: &PodFailurePolicyRule,
    path: &str,
    container_names: &[String],
    errs: &mut Vec<FieldError>,
) {
    let actions = ["Count", "FailIndex", "FailJob", "Ignore"];
    let action_path = child(path, "action");
    if rule.action.is_empty() {
        errs.push(FieldError::required(
            &action_path,
            "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
        ));
    } else if rule.action == "FailIndex" {
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::invalid(
                &action_path,
                rule.action.as_str(),
                "requires the backoffLimitPerIndex to be set",
            ));
        }
    } else if !actions.contains(&rule.action.as_str()) {
        errs.push(FieldError::not_supported(
            &action_path,
            rule.action.as_str(),
            &actions,
        ));
    }
    if let Some(on_exit) = &rule.on_exit_codes {
        let p = child(path, "onExitCodes");
        let op_path = child(&p, "operator");
        if on_exit.operator.is_empty() {
            errs.push(FieldError::required(
                &op_path,
                "valid values: [\"In\" \"NotIn\"]",
            ));
        } else if on_exit.operator != "In" && on_exit.operator != "NotIn" {
            errs.push(FieldError::not_supported(
                &op_path,
                on_exit.operator.as_str(),
                &["In", "NotIn"],
            ));
        }
        if let Some(name) = &on_exit.container_name {
            if !container_names.contains(name) {
                errs.push(FieldError::invalid(
                    &child(&p, "containerName"),
                    name.as_str(),
                    "must be one of the container or initContainer names in the pod template",
                ));
            }
        }
        let values_path = child(&p, "values");
        if on_exit.values.is_empty() {
            errs.push(FieldError::invalid(
                &values_path,
                BadValue::Raw("[]int32{}".into()),
                "at least one value is required",
            ));
        } else if on_exit.values.len() > MAX_ON_EXIT_CODES_VALUES {
            errs.push(FieldError::too_many(
                &values_path,
                on_exit.values.len(),
                MAX_ON_EXIT_CODES_VALUES,
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut ordered = true;
        for (j, v) in on_exit.values.iter().enumerate() {
            let vp = index(&values_path, j);
            if on_exit.operator == "In" && *v == 0 {
                errs.push(FieldError::invalid(
                    &vp,
                    *v,
                    "must not be 0 for the In operator",
                ));
            }
            if !seen.insert(*v) {
                errs.push(FieldError::duplicate(&vp, *v));
            }
            if j > 0 && on_exit.values.get(j - 1).is_some_and(|prev| prev > v) {
                ordered = false;
            }
        }
        if !ordered {
            errs.push(FieldError::invalid(
                &values_path,
                BadValue::Raw(go_int32_slice(&on_exit.values)),
                "must be ordered",
            ));
        }
    }
    let conditions = rule.on_pod_conditions.as_deref().unwrap_or(&[]);
    if !conditions.is_empty() {
        let p = child(path, "onPodConditions");
        if conditions.len() > MAX_ON_POD_CONDITIONS_PATTERNS {
            errs.push(FieldError::too_many(
                &p,
                conditions.len(),
                MAX_ON_POD_CONDITIONS_PATTERNS,
            ));
        }
        for (j, pattern) in conditions.iter().enumerate() {
            let pp = index(&p, j);
            for msg in is_qualified_name(&pattern.type_) {
                errs.push(FieldError::invalid(
                    &child(&pp, "type"),
                    pattern.type_.as_str(),
                    msg,
                ));
            }
            let status = pattern.status.as_deref().unwrap_or("");
            if status.is_empty() {
                errs.push(FieldError::required(
                    &child(&pp, "status"),
                    "valid values: [\"False\" \"True\" \"Unknown\"]",
                ));
            } else if !matches!(status, "True" | "False" | "Unknown") {
                errs.push(FieldError::not_supported(
                    &child(&pp, "status"),
                    status,
                    &["False", "True", "Unknown"],
                ));
            }
        }
    }
    if rule.on_exit_codes.is_some() && !conditions.is_empty() {
        errs.push(FieldError::invalid(
            path,
            BadValue::Omit,
            "specifying both OnExitCodes and OnPodConditions is not supported",
        ));
    }
    if rule.on_exit_codes.is_none() && conditions.is_empty() {
        errs.push(FieldError::invalid(
            path,
            BadValue::Omit,
            "specifying one of OnExitCodes and OnPodConditions is required",
        ));
    }
}

fn go_int32_slice(values: &[i32]) -> String {
    let items: Vec<String> = values.iter().map(i32::to_string).collect();
    format!("[]int32{{{}}}", items.join(", "))
}

/// Upstream: pkg/apis/batch/validation/validation.go validateSuccessPolicy / validateSuccessPolicyRule
fn validate_success_policy(
    spec: &JobSpec,
    rules: &[SuccessPolicyRule],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let rules_path = child(path, "rules");
    if rules.is_empty() {
        errs.push(FieldError::required(
            &rules_path,
            "at least one rules must be specified when the successPolicy is specified",
        ));
    }
    if rules.len() > MAX_SUCCESS_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rules_path,
            rules.len(),
            MAX_SUCCESS_POLICY_RULES,
        ));
    }
    let completions = spec.completions.unwrap_or(0);
    for (i, rule) in rules.iter().enumerate() {
        let rp = index(&rules_path, i);
        if rule.succeeded_count.is_none() && rule.succeeded_indexes.is_none() {
            errs.push(FieldError::required(
                &rp,
                "at least one of succeededCount or succeededIndexes must be specified",
            ));
        }
        let mut total = 0;
        if let Some(indexes) = &rule.succeeded_indexes {
            let ip = child(&rp, "succeededIndexes");
            if indexes.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
                errs.push(FieldError::too_long(&ip, MAX_SUCCEEDED_INDEXES_LENGTH));
            }
            match validate_indexes_format(indexes, completions) {
                Ok(t) => total = t,
                Err(e) => errs.push(FieldError::invalid(
                    &ip,
                    indexes.as_str(),
                    format!("error parsing succeededIndexes: {e}"),
                )),
            }
        }
        if let Some(count) = rule.succeeded_count {
            let cp = child(&rp, "succeededCount");
            nonnegative(Some(count), &cp, errs);
            if count > completions {
                errs.push(FieldError::invalid(
                    &cp,
                    count,
                    format!("must be less than or equal to {completions} (the number of specified completions)"),
                ));
            }
            if rule.succeeded_indexes.is_some() && count > total {
                errs.push(FieldError::invalid(
                    &cp,
                    count,
                    format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
                ));
            }
        }
    }
}

/// Parses `1,3-5` and returns how many indexes it names.
// Upstream: pkg/apis/batch/validation/validation.go validateIndexesFormat / parseIndexInterval
pub fn validate_indexes_format(indexes: &str, completions: i32) -> Result<i32, String> {
    if indexes.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i32> = None;
    let mut total: i32 = 0;
    for interval in indexes.split(',') {
        let (x, y) = parse_index_interval(interval, completions)?;
        if let Some(l) = last {
            if l >= x {
                return Err(format!("non-increasing order, previous: {l}, current: {x}"));
            }
        }
        total = total.saturating_add(y - x + 1);
        last = Some(y);
    }
    Ok(total)
}

fn parse_index_interval(interval: &str, completions: i32) -> Result<(i32, i32), String> {
    let limits: Vec<&str> = interval.split('-').collect();
    if limits.len() > 2 {
        return Err(format!(
            "the fragment {interval:?} violates the requirement that an index interval can have at most two parts separated by '-'"
        ));
    }
    let parse = |s: &str| -> Result<i64, String> {
        go_atoi(s).ok_or_else(|| format!("cannot convert string to integer for index: {s:?}"))
    };
    let first = limits.first().copied().unwrap_or("");
    let x = parse(first)?;
    if x >= i64::from(completions) {
        return Err(format!("too large index: {first:?}"));
    }
    match limits.get(1) {
        Some(second) => {
            let y = parse(second)?;
            if y >= i64::from(completions) {
                return Err(format!("too large index: {second:?}"));
            }
            if x >= y {
                return Err(format!("non-increasing order, previous: {x}, current: {y}"));
            }
            Ok((x as i32, y as i32))
        }
        None => Ok((x as i32, x as i32)),
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Upstream: pkg/apis/batch/validation/validation.go validatePodReplacementPolicy
fn validate_pod_replacement_policy(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    let Some(policy) = &spec.pod_replacement_policy else {
        return;
    };
    if spec.pod_failure_policy.is_some() {
        if policy != "Failed" {
            errs.push(FieldError::not_supported(
                path,
                policy.as_str(),
                &["Failed"],
            ));
        }
    } else if policy != "Failed" && policy != "TerminatingOrFailed" {
        errs.push(FieldError::not_supported(
            path,
            policy.as_str(),
            &["Failed", "TerminatingOrFailed"],
        ));
    }
}

/// Whether upstream can turn the selector into a label selector (known operators, valid keys
/// and values).
fn selector_is_valid(selector: &LabelSelector) -> bool {
    let mut errs = Vec::new();
    validate_label_selector(selector, "", &mut errs);
    errs.is_empty()
}

/// Validates an update of a Job as the Job strategy does: the new object is validated as on
/// create, then as an update, where completions (except an Indexed Job scaled in tandem with
/// parallelism), selector, template (node affinity, node selector, tolerations, labels,
/// annotations and scheduling gates may change only while suspended and not yet started),
/// completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy are
/// immutable. Errors of the spec come twice, as upstream; kubectl shows them once.
// Upstream: pkg/registry/batch/job/strategy.go ValidateUpdate (ValidateJob + ValidateJobUpdate)
// with validationOptionsForJob; pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate
pub fn validate_job_update(old: &Job, new: &Job) -> Vec<FieldError> {
    let spec = new.spec.clone().unwrap_or_default();
    let old_spec = old.spec.clone().unwrap_or_default();
    let had_job_name = old_spec.template.labels().contains_key(JOB_NAME_LABEL);
    let had_uid = old_spec
        .selector
        .as_ref()
        .and_then(|s| s.match_labels.as_ref())
        .is_some_and(|m| m.contains_key(CONTROLLER_UID_LABEL));
    let mut errs = validate_job_with(new, had_job_name && had_uid);
    validate_object_meta_update(&new.metadata, &old.metadata, "metadata", &mut errs);
    validate_job_spec(&spec, "spec", &mut errs);
    let immutable = "field is immutable";
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    if spec.completions != old_spec.completions {
        if !indexed {
            errs.push(FieldError::invalid(
                "spec.completions",
                opt_int(spec.completions),
                immutable,
            ));
        } else if let Some(c) = spec.completions {
            if Some(c) != spec.parallelism {
                errs.push(FieldError::invalid(
                    "spec.completions",
                    c,
                    "can only be modified in tandem with spec.parallelism",
                ));
            }
        }
    }
    if spec.selector != old_spec.selector {
        let value = spec
            .selector
            .as_ref()
            .map_or(BadValue::Null, go_label_selector);
        errs.push(FieldError::invalid("spec.selector", value, immutable));
    }
    let suspended = old_spec.suspend == Some(true);
    let not_started = old.status.as_ref().and_then(|s| s.start_time).is_none();
    let mut old_template = old_spec.template.clone();
    if suspended && not_started {
        allow_scheduling_directives(&mut old_template, &spec.template);
    }
    if spec.template != old_template {
        let value = serde_json::to_string(&spec.template).unwrap_or_default();
        errs.push(FieldError::invalid(
            "spec.template",
            BadValue::Raw(value),
            immutable,
        ));
    }
    for (field, changed, value) in [
        (
            "completionMode",
            spec.completion_mode != old_spec.completion_mode,
            opt_str(&spec.completion_mode),
        ),
        (
            "podFailurePolicy",
            spec.pod_failure_policy != old_spec.pod_failure_policy,
            BadValue::Raw(serde_json::to_string(&spec.pod_failure_policy).unwrap_or_default()),
        ),
        (
            "backoffLimitPerIndex",
            spec.backoff_limit_per_index != old_spec.backoff_limit_per_index,
            opt_int(spec.backoff_limit_per_index),
        ),
        (
            "managedBy",
            spec.managed_by != old_spec.managed_by,
            opt_str(&spec.managed_by),
        ),
        (
            "successPolicy",
            spec.success_policy != old_spec.success_policy,
            BadValue::Raw(serde_json::to_string(&spec.success_policy).unwrap_or_default()),
        ),
    ] {
        if changed {
            errs.push(FieldError::invalid(&child("spec", field), value, immutable));
        }
    }
    errs
}

/// Copies the scheduling directives a suspended, never-started Job may change from the new
/// template into the old one, so that the comparison ignores them.
// Upstream: pkg/apis/batch/validation/validation.go validatePodTemplateUpdate
fn allow_scheduling_directives(
    old: &mut crate::api::pod::PodTemplateSpec,
    new: &crate::api::pod::PodTemplateSpec,
) {
    let new_spec = new.spec.clone().unwrap_or_default();
    let old_spec = old.spec.get_or_insert_with(Default::default);
    match (&new_spec.affinity, old_spec.affinity.as_mut()) {
        (None, Some(old_affinity)) => {
            old_affinity.node_affinity = None;
            if old_affinity.pod_affinity.is_none() && old_affinity.pod_anti_affinity.is_none() {
                old_spec.affinity = None;
            }
        }
        (Some(new_affinity), None) => {
            old_spec.affinity = Some(crate::api::pod::Affinity {
                node_affinity: new_affinity.node_affinity.clone(),
                ..Default::default()
            });
        }
        (Some(new_affinity), Some(old_affinity)) => {
            old_affinity.node_affinity = new_affinity.node_affinity.clone()
        }
        (None, None) => {}
    }
    old_spec.node_selector = new_spec.node_selector.clone();
    old_spec.tolerations = new_spec.tolerations.clone();
    old_spec.scheduling_gates = new_spec.scheduling_gates.clone();
    let new_meta = new.metadata.clone().unwrap_or_default();
    let old_meta = old.metadata.get_or_insert_with(Default::default);
    old_meta.annotations = new_meta.annotations;
    old_meta.labels = new_meta.labels;
}

fn opt_int(v: Option<i32>) -> BadValue {
    v.map_or(BadValue::Null, BadValue::from)
}

fn opt_str(v: &Option<String>) -> BadValue {
    v.as_deref().map_or(BadValue::Null, BadValue::from)
}
