//! CronJob validation on create and update.

use crate::api::cronjob::{CronJob, CronJobSpec, JobTemplateSpec};
use crate::controllers::cronjob::schedule;
use crate::go::time::load_location;

use super::field::{child, FieldError};
use super::job::validate_job_spec_common;
use super::label_selector::go_label_selector;
use super::objectmeta::{validate_object_meta, validate_object_meta_update};

/// Validates a new CronJob (defaulted), including the 52-character name limit.
// Upstream: pkg/apis/batch/validation/validation.go ValidateCronJobCreate
pub fn validate_cronjob(cronjob: &CronJob) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&cronjob.metadata, "metadata", &mut errs);
    let spec = cronjob.spec.clone().unwrap_or_default();
    validate_cronjob_spec(&spec, None, "spec", &mut errs);
    let name = cronjob.metadata.name();
    if name.len() > 52 {
        errs.push(FieldError::invalid(
            "metadata.name",
            name,
            "must be no more than 52 characters",
        ));
    }
    errs
}

/// Validates an update of a CronJob (no name-length limit; a TZ in the schedule is tolerated
/// if the old schedule had one; the time zone is checked only when it changes).
// Upstream: pkg/apis/batch/validation/validation.go ValidateCronJobUpdate
pub fn validate_cronjob_update(old: &CronJob, new: &CronJob) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta_update(&new.metadata, &old.metadata, "metadata", &mut errs);
    let spec = new.spec.clone().unwrap_or_default();
    let old_spec = old.spec.clone().unwrap_or_default();
    validate_cronjob_spec(&spec, Some(&old_spec), "spec", &mut errs);
    errs
}

/// Upstream: pkg/apis/batch/validation/validation.go validateCronJobSpec
fn validate_cronjob_spec(
    spec: &CronJobSpec,
    old: Option<&CronJobSpec>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let schedule_path = child(path, "schedule");
    if spec.schedule.is_empty() {
        errs.push(FieldError::required(&schedule_path, ""));
    } else {
        let allow_tz = old.is_some_and(|o| o.schedule.contains("TZ"));
        validate_schedule_format(
            &spec.schedule,
            allow_tz,
            spec.time_zone.as_deref(),
            &schedule_path,
            errs,
        );
    }
    if let Some(d) = spec.starting_deadline_seconds.filter(|d| *d < 0) {
        errs.push(FieldError::invalid(
            &child(path, "startingDeadlineSeconds"),
            d,
            "must be greater than or equal to 0",
        ));
    }
    if old.is_none_or(|o| o.time_zone != spec.time_zone) {
        validate_time_zone(spec.time_zone.as_deref(), &child(path, "timeZone"), errs);
    }
    let cp_path = child(path, "concurrencyPolicy");
    match spec.concurrency_policy.as_deref().unwrap_or("") {
        "Allow" | "Forbid" | "Replace" => {}
        "" => errs.push(FieldError::required(&cp_path, "")),
        other => errs.push(FieldError::not_supported(
            &cp_path,
            other,
            &["Allow", "Forbid", "Replace"],
        )),
    }
    validate_job_template_spec(&spec.job_template, &child(path, "jobTemplate"), errs);
    for (field, value) in [
        (
            "successfulJobsHistoryLimit",
            spec.successful_jobs_history_limit,
        ),
        ("failedJobsHistoryLimit", spec.failed_jobs_history_limit),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            errs.push(FieldError::invalid(
                &child(path, field),
                v,
                "must be greater than or equal to 0",
            ));
        }
    }
}

/// The schedule must parse as robfig/cron's `ParseStandard` does; `TZ=`/`CRON_TZ=` prefixes
/// are refused in favour of `timeZone`.
// Upstream: pkg/apis/batch/validation/validation.go validateScheduleFormat
fn validate_schedule_format(
    s: &str,
    allow_tz: bool,
    time_zone: Option<&str>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if let Err(e) = schedule::parse(s) {
        errs.push(FieldError::invalid(path, s, e.to_string()));
    }
    if allow_tz && s.contains("TZ") && time_zone.is_some() {
        errs.push(FieldError::invalid(
            path,
            s,
            "cannot use both timeZone field and TZ or CRON_TZ in schedule",
        ));
    } else if !allow_tz && s.contains("TZ") {
        errs.push(FieldError::invalid(
            path,
            s,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ));
    }
}

/// Upstream: pkg/apis/batch/validation/validation.go validateTimeZone
fn validate_time_zone(tz: Option<&str>, path: &str, errs: &mut Vec<FieldError>) {
    let Some(tz) = tz else { return };
    if tz.is_empty() {
        errs.push(FieldError::invalid(
            path,
            tz,
            "timeZone must be nil or non-empty string",
        ));
        return;
    }
    let part_ok = |p: &str| {
        p != "."
            && p != ".."
            && !p.starts_with('-')
            && (1..=14).contains(&p.len())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_+".contains(c))
    };
    if !tz.split('/').all(part_ok) {
        errs.push(FieldError::invalid(
            path,
            tz,
            format!("unknown time zone {tz}"),
        ));
        return;
    }
    if tz.eq_ignore_ascii_case("local") {
        errs.push(FieldError::invalid(
            path,
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if let Err(message) = load_location(tz) {
        errs.push(FieldError::invalid(path, tz, message));
    }
}

/// Upstream: pkg/apis/batch/validation/validation.go ValidateJobTemplateSpec
fn validate_job_template_spec(template: &JobTemplateSpec, path: &str, errs: &mut Vec<FieldError>) {
    let spec = template.spec.clone().unwrap_or_default();
    let spec_path = child(path, "spec");
    validate_job_spec_common(&spec, &spec_path, errs);
    if let Some(selector) = &spec.selector {
        errs.push(FieldError::invalid(
            &child(&spec_path, "selector"),
            go_label_selector(selector),
            "`selector` will be auto-generated",
        ));
    }
    if spec.manual_selector == Some(true) {
        errs.push(FieldError::not_supported(
            &child(&spec_path, "manualSelector"),
            true,
            &["nil", "false"],
        ));
    }
}
