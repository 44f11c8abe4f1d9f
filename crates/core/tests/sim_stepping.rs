//! The playground drives the world in frames (`advance_to` with an event budget) and by steps;
//! either way the run must be the one `jobsim run` gives, event for event.

use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{self, ActionKind, Overrides, PodTarget};
use jobsim_core::sim::time::{SimDuration, SimTime};
use jobsim_core::sim::world::World;

const SCENARIO: &str = "kind: Simulation
spec:
  seed: 7
  start: \"2026-01-01T00:00:00Z\"
  actions: [{ at: 12s, failPod: { job: pi, index: 0, exitCode: 2 } }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 3
  template:
    spec:
      containers: [{ name: main, image: busybox, command: [sh, -c, sleep 20] }]
      restartPolicy: Never
";

fn world() -> World {
    let (scenario, rng) = scenario::load(SCENARIO, Overrides::default()).unwrap();
    World::new(scenario, rng).unwrap()
}

#[test]
fn frames_with_a_small_budget_give_the_same_run_as_run() {
    let expected = to_json(&simulate(SCENARIO, Overrides::default()).unwrap(), false);
    let mut w = world();
    // 600× speed at 60 frames per second: 10 virtual seconds a frame; the budget of one event
    // a call lets the loop see the end exactly where `run` sees it.
    let mut to = SimTime::ZERO;
    let mut calls = 0;
    while !w.finished() && calls < 10_000 {
        if w.advance_to(to, 1).unwrap() == 0 {
            to = to.after(SimDuration::from_secs(10));
        }
        calls += 1;
    }
    assert!(w.finished(), "the run ended within the frames");
    let mut got = to_json(&w, false);
    // The frame loop stops on a frame boundary, the run at the last event.
    got["endTime"] = expected["endTime"].clone();
    assert_eq!(got, expected);
}

#[test]
fn step_processes_one_instant_at_a_time_and_time_never_goes_back() {
    let mut w = world();
    let mut last = SimTime::ZERO;
    while let Some(at) = w.step().unwrap() {
        assert!(at >= last);
        assert_eq!(w.now(), at);
        assert_ne!(
            w.next_event_at(),
            Some(at),
            "every event of the instant was processed"
        );
        last = at;
        if w.finished() {
            break;
        }
    }
    assert!(w.finished());
}

#[test]
fn an_action_taken_now_is_applied_and_recorded_with_its_time() {
    let mut w = world();
    w.advance_to(SimTime::ZERO.after(SimDuration::from_secs(5)), u64::MAX)
        .unwrap();
    let running = w
        .pod_records
        .values()
        .find(|p| p.phase == "Running")
        .map(|p| p.name().to_string())
        .expect("a pod runs at 5 s");
    let target = PodTarget::Name(running.clone());
    w.act(ActionKind::OomKill {
        target: target.clone(),
    });
    let recorded = w.actions().last().unwrap();
    assert_eq!(recorded.at, SimDuration::from_secs(5));
    assert_eq!(recorded.kind, ActionKind::OomKill { target });
    let record = w
        .pod_records
        .values()
        .find(|p| p.name() == running)
        .unwrap();
    assert_eq!(record.phase, "Failed");
    assert_eq!(record.reason.as_deref(), Some("OOMKilled"));
}

#[test]
fn frames_and_steps_stop_at_the_scenarios_until_as_run_does() {
    let text = SCENARIO.replace("  seed: 7\n", "  seed: 7\n  until: 30s\n");
    let expected = to_json(&simulate(&text, Overrides::default()).unwrap(), false);
    let (scenario, rng) = scenario::load(&text, Overrides::default()).unwrap();
    let mut w = World::new(scenario, rng).unwrap();
    let mut to = SimTime::ZERO;
    while !w.finished() {
        to = to.after(SimDuration::from_secs(7));
        w.advance_to(to, u64::MAX).unwrap();
    }
    assert_eq!(w.now(), SimTime::ZERO.after(SimDuration::from_secs(30)));
    assert_eq!(
        to_json(&w, false),
        expected,
        "a frame past the end runs no event after it"
    );
    assert_eq!(w.step().unwrap(), None, "no step past the end");

    // Stepping alone reaches the end too: the last step moves the clock to `until`.
    let (scenario, rng) = scenario::load(&text, Overrides::default()).unwrap();
    let mut w = World::new(scenario, rng).unwrap();
    while w.step().unwrap().is_some() {}
    assert!(w.finished());
    assert_eq!(to_json(&w, false), expected);
}
