//! CronJob validation cases after upstream's TestValidateCronJob (create) and
//! TestValidateCronJobUpdate.

use jobsim_core::api::cronjob::CronJob;
use jobsim_core::validation::defaults::default_cronjob;
use jobsim_core::validation::manifest::{admit_manifest, AdmitOptions};
use jobsim_core::validation::validate_cronjob_update;

fn cronjob_named(name: &str, spec: &str, job_spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n{spec}  jobTemplate:\n    spec:\n{job_spec}      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: hello\n            image: busybox\n"
    )
}

fn cronjob(spec: &str) -> String {
    cronjob_named("hello", spec, "")
}

fn pairs(text: &str) -> Vec<(String, String)> {
    let reports = admit_manifest(text, &AdmitOptions::default());
    assert_eq!(reports.len(), 1);
    reports[0]
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.error_type.clone()))
        .collect()
}

/// A case: its name, the manifest, and the (field, type) pairs expected.
type Case<'a> = (&'a str, String, &'a [(&'a str, &'a str)]);

#[test]
fn cronjobs_follow_validate_cronjob_create() {
    let every_minute = "  schedule: '*/1 * * * *'\n";
    let cases: Vec<Case<'_>> = vec![
        ("a plain CronJob is valid", cronjob(every_minute), &[]),
        (
            "a descriptor is valid",
            cronjob("  schedule: '@hourly'\n"),
            &[],
        ),
        (
            "a missing schedule",
            cronjob(""),
            &[("spec.schedule", "Required value")],
        ),
        (
            "a four-field schedule",
            cronjob("  schedule: '* * * *'\n"),
            &[("spec.schedule", "Invalid value")],
        ),
        (
            "minute 60",
            cronjob("  schedule: '60 * * * *'\n"),
            &[("spec.schedule", "Invalid value")],
        ),
        (
            "day of week 7",
            cronjob("  schedule: '0 0 * * 7'\n"),
            &[("spec.schedule", "Invalid value")],
        ),
        (
            "an unknown descriptor",
            cronjob("  schedule: '@fortnightly'\n"),
            &[("spec.schedule", "Invalid value")],
        ),
        (
            "a TZ prefix",
            cronjob("  schedule: 'TZ=Asia/Shanghai 0 8 * * *'\n"),
            &[("spec.schedule", "Invalid value")],
        ),
        (
            "a valid time zone",
            cronjob(&format!("{every_minute}  timeZone: Asia/Shanghai\n")),
            &[],
        ),
        (
            "an empty time zone",
            cronjob(&format!("{every_minute}  timeZone: ''\n")),
            &[("spec.timeZone", "Invalid value")],
        ),
        (
            "Local is not explicit",
            cronjob(&format!("{every_minute}  timeZone: Local\n")),
            &[("spec.timeZone", "Invalid value")],
        ),
        (
            "an unknown time zone",
            cronjob(&format!("{every_minute}  timeZone: Mars/Olympus\n")),
            &[("spec.timeZone", "Invalid value")],
        ),
        (
            "a time zone in the wrong case",
            cronjob(&format!("{every_minute}  timeZone: asia/shanghai\n")),
            &[("spec.timeZone", "Invalid value")],
        ),
        (
            "a time zone part of more than 14 characters",
            cronjob(&format!(
                "{every_minute}  timeZone: America/Argentina_Buenos_Aires\n"
            )),
            &[("spec.timeZone", "Invalid value")],
        ),
        (
            "a lower-case concurrency policy",
            cronjob(&format!("{every_minute}  concurrencyPolicy: forbid\n")),
            &[("spec.concurrencyPolicy", "Unsupported value")],
        ),
        (
            "a negative starting deadline",
            cronjob(&format!("{every_minute}  startingDeadlineSeconds: -1\n")),
            &[("spec.startingDeadlineSeconds", "Invalid value")],
        ),
        (
            "negative history limits",
            cronjob(&format!(
                "{every_minute}  successfulJobsHistoryLimit: -1\n  failedJobsHistoryLimit: -1\n"
            )),
            &[
                ("spec.successfulJobsHistoryLimit", "Invalid value"),
                ("spec.failedJobsHistoryLimit", "Invalid value"),
            ],
        ),
        (
            "zero history limits are valid",
            cronjob(&format!("{every_minute}  successfulJobsHistoryLimit: 0\n")),
            &[],
        ),
        (
            "a selector in the job template",
            cronjob_named(
                "hello",
                every_minute,
                "      selector:\n        matchLabels: {app: hello}\n",
            ),
            &[("spec.jobTemplate.spec.selector", "Invalid value")],
        ),
        (
            "manualSelector in the job template",
            cronjob_named("hello", every_minute, "      manualSelector: true\n"),
            &[("spec.jobTemplate.spec.manualSelector", "Unsupported value")],
        ),
        (
            "negative completions in the job template",
            cronjob_named("hello", every_minute, "      completions: -1\n"),
            &[("spec.jobTemplate.spec.completions", "Invalid value")],
        ),
        (
            "a name of 53 characters",
            cronjob_named(&"a".repeat(53), every_minute, ""),
            &[("metadata.name", "Invalid value")],
        ),
        (
            "a name of 52 characters is valid",
            cronjob_named(&"a".repeat(52), every_minute, ""),
            &[],
        ),
    ];
    for (name, text, want) in cases {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        assert_eq!(pairs(&text), want, "{name}\n{text}");
    }
}

#[test]
fn cronjob_messages_are_upstreams() {
    let reports = admit_manifest(
        &cronjob("  schedule: '0 0 * * *'\n  timeZone: Local\n  concurrencyPolicy: forbid\n"),
        &AdmitOptions::default(),
    );
    assert_eq!(
        reports[0].message,
        "The CronJob \"hello\" is invalid: \n\
         * spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones\n\
         * spec.concurrencyPolicy: Unsupported value: \"forbid\": supported values: \"Allow\", \"Forbid\", \"Replace\"\n"
    );
}

fn decoded(text: &str) -> CronJob {
    let value: serde_json::Value = {
        let docs = jobsim_core::yaml::parse_documents(text);
        let node = docs
            .into_iter()
            .next()
            .and_then(|d| d.content.ok())
            .expect("valid YAML");
        jobsim_core::yaml::to_json(&node).expect("JSON").0
    };
    let mut c: CronJob = serde_json::from_value(value).expect("a CronJob");
    c.metadata.namespace = Some("default".into());
    default_cronjob(&mut c);
    c
}

#[test]
fn cronjob_updates_follow_validate_cronjob_update() {
    let long = "a".repeat(60);
    let old_long = decoded(&cronjob_named(&long, "  schedule: '0 * * * *'\n", ""));
    let new_long = decoded(&cronjob_named(&long, "  schedule: '30 * * * *'\n", ""));
    assert!(
        validate_cronjob_update(&old_long, &new_long).is_empty(),
        "an old long name may be updated"
    );

    let old_tz = decoded(&cronjob("  schedule: 'TZ=UTC 0 * * * *'\n"));
    let new_tz = decoded(&cronjob("  schedule: 'TZ=UTC 30 * * * *'\n"));
    assert!(
        validate_cronjob_update(&old_tz, &new_tz).is_empty(),
        "a TZ already in the schedule is tolerated"
    );

    let both = decoded(&cronjob(
        "  schedule: 'TZ=UTC 30 * * * *'\n  timeZone: UTC\n",
    ));
    let errors = validate_cronjob_update(&old_tz, &both);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].detail,
        "cannot use both timeZone field and TZ or CRON_TZ in schedule"
    );
}
