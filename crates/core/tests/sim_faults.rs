//! A run with node faults, evictions and the control plane asleep — and the lesson of init
//! containers and a sidecar — is the same run every time: twice natively byte for byte, and
//! equal to the golden JSON that the browser test (`tests/browser.rs`, wasm32 in headless
//! Chromium) compares its own run with.
//!
//! After a deliberate change of the simulation, rewrite the goldens with
//! `JOBSIM_BLESS=1 cargo test -p jobsim-core --test sim_faults`.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::Overrides;

const SCENARIO: &str = include_str!("fixtures/sim/node_faults.yaml");

/// The scenarios the browser replays, each with its golden JSON.
const GOLDEN_RUNS: [(&str, &str); 2] = [
    (
        SCENARIO,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sim/node_faults.json"
        ),
    ),
    (
        include_str!("../src/lessons/scenarios/sidecar.yaml"),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sim/sidecar_lesson.json"
        ),
    ),
];

fn json(scenario: &str) -> String {
    let world = simulate(scenario, Overrides::default()).unwrap();
    // Written as the browser test writes it (no serde_json needed there).
    format!("{:#}\n", to_json(&world, false))
}

#[test]
fn each_golden_scenario_twice_gives_byte_identical_json() {
    for (scenario, _) in GOLDEN_RUNS {
        assert_eq!(json(scenario), json(scenario));
    }
}

#[test]
fn each_golden_scenario_gives_its_golden_json() {
    for (scenario, path) in GOLDEN_RUNS {
        let got = json(scenario);
        if std::env::var_os("JOBSIM_BLESS").is_some() {
            std::fs::write(path, &got).unwrap();
        }
        let golden = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            got == golden,
            "the run differs from {path}; if the change is meant, rewrite it with JOBSIM_BLESS=1"
        );
    }
}

#[test]
fn the_node_fault_scenario_shows_every_fault_and_both_jobs_finish() {
    let world = simulate(SCENARIO, Overrides::default()).unwrap();
    let doc = to_json(&world, false);
    let reasons: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    for reason in [
        "NodeNotReady",
        "TaintManagerEviction",
        "NodeReady",
        "Evicted",
    ] {
        assert!(reasons.contains(&reason), "{reason} missing: {reasons:?}");
    }
    // node-1 went down at 20 s with pi's pod running; its container ended (exit 0) while the
    // node was silent, so when the node reports again at 410 s the pod — deleted meanwhile by
    // the taint eviction — is Completed, not killed.
    let on_node_1: Vec<&serde_json::Value> = doc["pods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["node"] == "node-1" && p["job"] == "pi")
        .collect();
    assert!(!on_node_1.is_empty());
    for pod in on_node_1 {
        assert_eq!(
            (&pod["phase"], &pod["exitCode"]),
            (&"Succeeded".into(), &0.into()),
            "{pod}"
        );
    }
    for job in doc["jobs"].as_array().unwrap() {
        let complete = job["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["type"] == "Complete" && c["status"] == "True");
        assert!(complete, "{job}");
    }
}
