//! The kubelet's image pulls: one at a time on a node (serializeImagePulls, the default), the
//! `Pulled` event when a pull ends, a pod whose image another pod is bringing waits for it,
//! and a node that has the image starts at once.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;
use serde_json::Value;

/// Three pods of one image on one node; pulls take 2 s, nothing else takes time.
fn scenario(nodes: &str, pull_policy: &str) -> String {
    format!(
        "kind: Simulation
spec:
  seed: 1
  start: \"2026-01-01T00:00:00Z\"
  nodes: {nodes}
  timing: {{ controllerDelay: 0s, schedule: 0s, imagePull: 2s, containerStart: 0s }}
---
apiVersion: batch/v1
kind: Job
metadata: {{name: pi}}
spec:
  parallelism: 3
  completions: 3
  template:
    spec:
      containers: [{{name: pi, image: \"perl:5.34.0\", imagePullPolicy: {pull_policy}, command: [sleep, \"5\"]}}]
      restartPolicy: Never
"
    )
}

/// `(seconds since start, reason, message)` of the pods' image events.
fn pulls(doc: &Value) -> Vec<(String, String, String)> {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| matches!(e["reason"].as_str(), Some("Pulling" | "Pulled")))
        .map(|e| {
            let time = e["time"]
                .as_str()
                .unwrap()
                .trim_start_matches("2026-01-01T00:00:");
            (
                time.to_string(),
                e["reason"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn run(text: &str) -> Value {
    to_json(&simulate(text, Overrides::default()).unwrap(), false)
}

#[test]
fn pods_of_one_image_on_one_node_wait_for_the_first_pull() {
    let doc = run(&scenario("[{ name: node-1 }]", "IfNotPresent"));
    let pulling = (
        "00Z".to_string(),
        "Pulling".to_string(),
        "Pulling image \"perl:5.34.0\"".to_string(),
    );
    let first = "Successfully pulled image \"perl:5.34.0\" in 2s (2s including waiting). Image size: 325840000 bytes.";
    let waited = "Successfully pulled image \"perl:5.34.0\" in 0s (2s including waiting). Image size: 325840000 bytes.";
    let pulled = |m: &str| ("02Z".to_string(), "Pulled".to_string(), m.to_string());
    let mut got = pulls(&doc);
    got.sort();
    let mut expected = vec![
        pulling.clone(),
        pulling.clone(),
        pulling,
        pulled(first),
        pulled(waited),
        pulled(waited),
    ];
    expected.sort();
    assert_eq!(got, expected);
    for pod in doc["pods"].as_array().unwrap() {
        assert_eq!(pod["startedAt"], "2026-01-01T00:00:02Z", "{pod}");
    }
}

#[test]
fn with_pull_policy_always_each_pull_waits_for_the_one_before() {
    let doc = run(&scenario("[{ name: node-1 }]", "Always"));
    let mut started: Vec<&str> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["startedAt"].as_str().unwrap())
        .collect();
    started.sort();
    assert_eq!(
        started,
        [
            "2026-01-01T00:00:02Z",
            "2026-01-01T00:00:04Z",
            "2026-01-01T00:00:06Z"
        ]
    );
    let messages: Vec<String> = pulls(&doc)
        .into_iter()
        .filter(|p| p.1 == "Pulled")
        .map(|p| p.2)
        .collect();
    assert!(
        messages.contains(
            &"Successfully pulled image \"perl:5.34.0\" in 2s (6s including waiting). \
             Image size: 325840000 bytes."
                .to_string()
        ),
        "{messages:?}"
    );
}

#[test]
fn a_node_with_the_image_starts_at_once_and_each_node_pulls_for_itself() {
    // Three nodes, one pod each (the scheduler spreads them): three pulls side by side.
    let doc = run(&scenario(
        "[{ namePrefix: node-, count: 3 }]",
        "IfNotPresent",
    ));
    let nodes: std::collections::BTreeSet<&str> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node"].as_str().unwrap())
        .collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    for pod in doc["pods"].as_array().unwrap() {
        assert_eq!(pod["startedAt"], "2026-01-01T00:00:02Z", "{pod}");
    }
    // A second Job's pod on a node that has the image: already present, no waiting.
    let text = scenario("[{ name: node-1 }]", "IfNotPresent").replace(
        "parallelism: 3\n  completions: 3",
        "parallelism: 1\n  completions: 2",
    );
    let doc = run(&text);
    let present = pulls(&doc)
        .into_iter()
        .filter(|p| p.2 == "Container image \"perl:5.34.0\" already present on machine")
        .count();
    assert_eq!(present, 1);
}
