//! `jobsim validate FILE [--json]` as spec/probes.md describes it.

mod support;

fn seed(name: &str) -> String {
    format!(
        "{}/../core/tests/fixtures/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `jobsim ARGS` with `stdin` (none: an empty input): its standard output and exit status.
fn run(args: &[&str], stdin: Option<&str>) -> (String, i32) {
    let out = support::jobsim(args, stdin.unwrap_or(""));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_valid_job_is_printed_defaulted_with_exit_status_0() {
    let (stdout, status) = run(&["validate", &seed("001-kuboard-pi.yaml")], None);
    assert_eq!(status, 0);
    assert!(
        stdout.starts_with("apiVersion: batch/v1\nkind: Job\n"),
        "{stdout}"
    );
    assert!(stdout.contains("      restartPolicy: Never\n"));
    assert!(stdout.contains("  backoffLimit: 4\n"));
}

#[test]
fn an_invalid_job_is_answered_in_kubectls_words_with_exit_status_1() {
    let (stdout, status) = run(
        &[
            "validate",
            &seed("003-geektime-pi-restartpolicy-under-container-reindented.yaml"),
        ],
        None,
    );
    assert_eq!(status, 1);
    assert_eq!(
        stdout,
        "The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"
    );
}

#[test]
fn json_names_every_document() {
    let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: '0 0 * * 7'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: hello, image: busybox}]\n";
    let (stdout, status) = run(&["validate", "--json", "-"], Some(text));
    assert_eq!(status, 1);
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    let docs = answer["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["kind"], "Job");
    assert_eq!(docs[0]["valid"], false);
    assert_eq!(
        docs[0]["errors"][0]["field"],
        "spec.template.spec.restartPolicy"
    );
    assert_eq!(docs[0]["errors"][0]["type"], "Required value");
    assert_eq!(docs[0]["defaulted"], serde_json::Value::Null);
    assert_eq!(docs[1]["kind"], "CronJob");
    assert_eq!(docs[1]["errors"][0]["field"], "spec.schedule");
    assert_eq!(docs[1]["errors"][0]["type"], "Invalid value");
    assert_eq!(docs[1]["errors"][0]["line"], 17);
}

#[test]
fn pod_placement_is_checked_in_the_api_servers_words_at_its_line() {
    let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: spread\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: w, image: busybox}]\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: zone\n        whenUnsatisfiable: DoNotSchedule\n        matchLabelKeys: [app]\n";
    let (stdout, status) = run(&["validate", "-"], Some(text));
    assert_eq!(status, 1);
    assert_eq!(
        stdout,
        "The Job \"spread\" is invalid: spec.template.spec.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set\n"
    );
    let (stdout, _) = run(&["validate", "--json", "-"], Some(text));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(answer["documents"][0]["errors"][0]["line"], 14);
}

#[test]
fn a_missing_file_is_a_malformed_case() {
    let (_, status) = run(&["validate", "/nonexistent/x.yaml"], None);
    assert_eq!(status, 2);
}
