//! `kubectl get cronjobs`: the columns the API server's table printer gives a CronJob.

use jiff::Timestamp;

use super::get_jobs::age;
use super::label_selector::format_label_selector;
use crate::api::cronjob::CronJob;
use crate::api::pod::Container;

/// Upstream: pkg/printers/internalversion printers.go cronJobColumnDefinitions (TIMEZONE since
/// v1.25).
pub const HEADER: [&str; 7] = [
    "NAME",
    "SCHEDULE",
    "TIMEZONE",
    "SUSPEND",
    "ACTIVE",
    "LAST SCHEDULE",
    "AGE",
];
/// The columns `-o wide` adds.
pub const WIDE_HEADER: [&str; 3] = ["CONTAINERS", "IMAGES", "SELECTOR"];

/// One row of `kubectl get cronjobs` at `now`.
// Upstream: printers.go printCronJob
pub fn row(cronjob: &CronJob, now: Timestamp) -> Vec<String> {
    let spec = cronjob.spec.as_ref();
    let status = cronjob.status.as_ref();
    let last_schedule = match status.and_then(|s| s.last_schedule_time.as_ref()) {
        Some(t) => age(Some(t), now),
        None => "<none>".into(),
    };
    vec![
        cronjob.metadata.name().to_string(),
        spec.map(|s| s.schedule.clone()).unwrap_or_default(),
        spec.and_then(|s| s.time_zone.clone())
            .unwrap_or_else(|| "<none>".into()),
        print_bool_ptr(spec.and_then(|s| s.suspend)).to_string(),
        status
            .and_then(|s| s.active.as_ref())
            .map_or(0, Vec::len)
            .to_string(),
        last_schedule,
        age(cronjob.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// A row of `kubectl get cronjobs -o wide`: the row, then the job template's containers, images
/// and selector.
// Upstream: printers.go printCronJob (options.Wide)
pub fn wide_row(cronjob: &CronJob, now: Timestamp) -> Vec<String> {
    let job_spec = cronjob
        .spec
        .as_ref()
        .and_then(|s| s.job_template.spec.as_ref());
    let containers: &[Container] = job_spec
        .and_then(|s| s.template.spec.as_ref())
        .map_or(&[], |s| s.containers.as_slice());
    let (names, images) = layout_container_cells(containers);
    let mut cells = row(cronjob, now);
    cells.push(names);
    cells.push(images);
    cells.push(format_label_selector(
        job_spec.and_then(|s| s.selector.as_ref()),
    ));
    cells
}

/// Upstream: printers.go layoutContainerCells — names and images, comma-separated.
pub fn layout_container_cells(containers: &[Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or(""))
        .collect();
    (names.join(","), images.join(","))
}

/// Upstream: printers.go printBoolPtr (describe.go's is the same) — `True`, `False`, or
/// `<unset>` for nil.
pub(crate) fn print_bool_ptr(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::table;
    use serde_json::{json, Value};

    fn now() -> Timestamp {
        "2026-01-01T10:01:40Z".parse().unwrap()
    }

    fn cronjob(spec: Value, status: Value) -> CronJob {
        serde_json::from_value(json!({
            "metadata": {"name": "hello", "creationTimestamp": "2026-01-01T09:55:00Z"},
            "spec": spec,
            "status": status
        }))
        .expect("a CronJob")
    }

    fn spec() -> Value {
        json!({"schedule": "*/1 * * * *", "suspend": false, "jobTemplate": {"spec": {"template": {
            "spec": {"containers": [{"name": "hello", "image": "busybox:1.28"},
                                    {"name": "side", "image": "nginx"}]}}}}})
    }

    #[test]
    fn a_cronjob_that_ran_prints_as_kubectl_prints_it() {
        let c = cronjob(
            spec(),
            json!({"active": [{"name": "hello-29454361"}],
                   "lastScheduleTime": "2026-01-01T10:01:00Z"}),
        );
        let out = table::render(&[HEADER.map(String::from).to_vec(), row(&c, now())]);
        assert_eq!(
            out,
            "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n\
             hello   */1 * * * *   <none>     False     1        40s             6m40s\n"
        );
    }

    #[test]
    fn unset_fields_print_as_kubectl_prints_them() {
        let mut s = spec();
        s["timeZone"] = "Asia/Shanghai".into();
        s["suspend"] = Value::Null;
        let r = row(&cronjob(s, json!({})), now());
        assert_eq!(r[2..6], ["Asia/Shanghai", "<unset>", "0", "<none>"]);
        let mut suspended = spec();
        suspended["suspend"] = true.into();
        assert_eq!(row(&cronjob(suspended, json!({})), now())[3], "True");
    }

    #[test]
    fn wide_rows_list_the_template_containers_and_selector() {
        let r = wide_row(&cronjob(spec(), json!({})), now());
        assert_eq!(r[7..], ["hello,side", "busybox:1.28,nginx", "<none>"]);
    }
}
