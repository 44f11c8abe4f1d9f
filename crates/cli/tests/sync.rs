//! `jobsim sync` end to end: the answer of spec/probes.md, `--explain`, and malformed cases.

mod support;
use support::jobsim;

const CASE: &str = r#"{
  "now": "2026-01-01T00:10:00Z",
  "job": { "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "pi" },
           "spec": { "parallelism": 2, "completions": 4, "backoffLimit": 6,
                     "template": { "spec": { "containers": [{ "name": "main", "image": "perl" }], "restartPolicy": "Never" } } },
           "status": { "startTime": "2026-01-01T00:00:00Z", "succeeded": 0 } },
  "pods": [
    { "name": "pi-a", "phase": "Succeeded", "finishedAt": "2026-01-01T00:05:00Z", "createdAt": "2026-01-01T00:00:00Z" },
    { "name": "pi-b", "phase": "Running", "ready": true }
  ]
}"#;

#[test]
fn sync_answers_the_json_of_the_probe_spec() {
    let out = jobsim(&["sync", "-"], CASE);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the answer is JSON");
    assert_eq!(
        answer["create"], 1,
        "want = min(4 − 1, 2) = 2 with one running"
    );
    assert_eq!(answer["createIndexes"], serde_json::json!([]));
    assert_eq!(answer["delete"], serde_json::json!([]));
    assert_eq!(answer["status"]["active"], 2);
    assert_eq!(answer["status"]["ready"], 1);
    assert_eq!(answer["status"]["succeeded"], 1);
    assert_eq!(answer["status"]["startTime"], "2026-01-01T00:00:00Z");
    assert_eq!(answer["status"]["completionTime"], serde_json::Value::Null);
    assert_eq!(answer["requeueAfterSeconds"], serde_json::Value::Null);
    assert_eq!(answer["events"][0]["reason"], "SuccessfulCreate");
    assert!(answer["events"][0]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Created pod: pi-")));
}

#[test]
fn explain_prints_the_numbers_behind_the_decision_in_english_and_chinese() {
    let english = jobsim(&["sync", "-", "--explain"], CASE);
    let text = String::from_utf8_lossy(&english.stdout);
    assert!(
        text.contains("want = min(completions − succeeded, parallelism) = min(4 − 1, 2) = 2."),
        "{text}"
    );
    assert!(text.contains("Created 1 pod(s)"), "{text}");
    let chinese = jobsim(&["sync", "-", "--explain", "--lang", "zh"], CASE);
    let text = String::from_utf8_lossy(&chinese.stdout);
    assert!(
        text.contains(
            "期望活跃数 = min(completions − succeeded, parallelism) = min(4 − 1, 2) = 2。"
        ),
        "{text}"
    );
}

#[test]
fn malformed_cases_exit_with_status_2_and_one_line() {
    for (name, case, args) in [
        ("not JSON", "{", vec!["sync", "-"]),
        (
            "no job",
            r#"{ "now": "2026-01-01T00:00:00Z" }"#,
            vec!["sync", "-"],
        ),
        (
            "a bad time",
            r#"{ "now": "yesterday", "job": {} }"#,
            vec!["sync", "-"],
        ),
        (
            "an unknown phase",
            r#"{ "now": "2026-01-01T00:00:00Z", "job": {}, "pods": [{ "name": "p", "phase": "Sleeping" }] }"#,
            vec!["sync", "-"],
        ),
        (
            "an unknown language",
            CASE,
            vec!["sync", "-", "--explain", "--lang", "fr"],
        ),
    ] {
        let out = jobsim(&args, case);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}");
    }
}
